# testsuite/runtime/ring.mk - host unit test of ring (owned by its unit)

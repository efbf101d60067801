# testsuite/runtime/format.mk - host unit test of runtime/format (owned by its unit)

# testsuite/runtime/map.mk - host unit test of runtime/map (owned by its unit)

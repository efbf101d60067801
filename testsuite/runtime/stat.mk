# testsuite/runtime/stat.mk - host unit test of runtime/stat (owned by its unit)

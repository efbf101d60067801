# testsuite/runtime/merge.mk - host unit test of merge (owned by its unit)

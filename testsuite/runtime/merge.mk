# testsuite/runtime/merge.mk - host unit test of merge (owned by its unit)
check_PROGRAMS += testsuite/runtime/test-merge
testsuite_runtime_test_merge_SOURCES = testsuite/runtime/test-merge.c testsuite/runtime/check.h \
	staprun/merge.c staprun/merge.h
testsuite_runtime_test_merge_CFLAGS = -std=gnu11 -Wall -Wextra \
	-I$(srcdir)/runtime -I$(srcdir)/staprun

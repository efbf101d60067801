# testsuite/runtime/stat.mk - host unit test of runtime/stat (owned by its unit)
check_PROGRAMS += testsuite/runtime/test-stat
testsuite_runtime_test_stat_SOURCES = testsuite/runtime/test-stat.c testsuite/runtime/check.h \
	runtime/stat.c runtime/stat.h
testsuite_runtime_test_stat_CFLAGS = $(RUNTIME_TEST_CFLAGS)

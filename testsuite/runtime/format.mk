# testsuite/runtime/format.mk - host unit test of runtime/format (owned by its unit)
check_PROGRAMS += testsuite/runtime/test-format
testsuite_runtime_test_format_SOURCES = testsuite/runtime/test-format.c \
	runtime/format.c runtime/format.h
testsuite_runtime_test_format_CFLAGS = $(RUNTIME_TEST_CFLAGS)

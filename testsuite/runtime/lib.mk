# testsuite/runtime/lib.mk - host unit tests of the pure tapset library
# units runtime/lib-string.c and runtime/lib-ctime.c (owned by their unit)
check_PROGRAMS += testsuite/runtime/test-lib-string testsuite/runtime/test-lib-ctime
testsuite_runtime_test_lib_string_SOURCES = testsuite/runtime/test-lib-string.c \
	testsuite/runtime/check.h runtime/lib-string.c runtime/lib.h
testsuite_runtime_test_lib_string_CFLAGS = $(RUNTIME_TEST_CFLAGS)
testsuite_runtime_test_lib_ctime_SOURCES = testsuite/runtime/test-lib-ctime.c \
	testsuite/runtime/check.h runtime/lib-ctime.c runtime/lib.h
testsuite_runtime_test_lib_ctime_CFLAGS = $(RUNTIME_TEST_CFLAGS)

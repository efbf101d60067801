# testsuite/runtime/map.mk - host unit test of runtime/map (owned by its unit)
check_PROGRAMS += testsuite/runtime/test-map
testsuite_runtime_test_map_SOURCES = testsuite/runtime/test-map.c testsuite/runtime/check.h \
	runtime/map.c runtime/map.h
testsuite_runtime_test_map_CFLAGS = $(RUNTIME_TEST_CFLAGS)

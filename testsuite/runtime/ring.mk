# testsuite/runtime/ring.mk - host unit test of ring (owned by its unit)
check_PROGRAMS += testsuite/runtime/test-ring
testsuite_runtime_test_ring_SOURCES = testsuite/runtime/test-ring.c testsuite/runtime/check.h \
	runtime/ring.c runtime/ring.h
testsuite_runtime_test_ring_CFLAGS = $(RUNTIME_TEST_CFLAGS) -pthread
testsuite_runtime_test_ring_LDFLAGS = -pthread

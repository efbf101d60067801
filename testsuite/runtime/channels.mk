# testsuite/runtime/channels.mk - host unit test of staprun/channels.c
check_PROGRAMS += testsuite/runtime/test-channels
testsuite_runtime_test_channels_SOURCES = testsuite/runtime/test-channels.c \
	testsuite/runtime/check.h staprun/channels.c staprun/channels.h \
	staprun/modload.c staprun/modload.h
testsuite_runtime_test_channels_CFLAGS = -std=gnu11 -Wall -Wextra \
	-I$(srcdir)/runtime -I$(srcdir)/staprun
testsuite_runtime_test_channels_LDADD = lib/libstputil.a

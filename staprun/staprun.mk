# staprun/staprun.mk - Makefile.am fragment (included by the top Makefile.am)
# staprun: the loader and output reader (pass 5), and the VM runner.
# Linked statically so that the same binary runs in the VM's initramfs.
# (built as staprun/staprun: ./staprun is the source directory; installed
# as $(bindir)/staprun)
bin_PROGRAMS += staprun/staprun
staprun_staprun_SOURCES = staprun/staprun.c \
	staprun/options.c staprun/options.h \
	staprun/session.c staprun/session.h \
	staprun/modload.c staprun/modload.h \
	staprun/watchdog.c staprun/watchdog.h \
	staprun/merge.c staprun/merge.h \
	staprun/channels.c staprun/channels.h
staprun_staprun_CPPFLAGS = -I$(srcdir)/runtime -I$(srcdir)/staprun -I$(srcdir)/lib
staprun_staprun_LDFLAGS = -static
staprun_staprun_LDADD = staprun/libstpvm.a lib/libstputil.a

# The VM runner, also linked into stap for `stap --vm`.
noinst_LIBRARIES += staprun/libstpvm.a
staprun_libstpvm_a_SOURCES = staprun/vm.c staprun/vm.h \
	staprun/owned-tmpdir.c staprun/owned-tmpdir.h \
	staprun/vm-internal.h staprun/vm-kernel.c staprun/initramfs.c \
	staprun/guest-init.c staprun/cpio.c staprun/cpio.h \
	staprun/modload.c staprun/modload.h
staprun_libstpvm_a_CPPFLAGS = -I$(srcdir)/runtime -I$(srcdir)/staprun -I$(srcdir)/lib \
	-DSTP_BINDIR='"$(bindir)"'

# host tests
check_PROGRAMS += testsuite/runtime/test-cpio testsuite/runtime/test-staprun-opts \
	testsuite/runtime/test-owned-tmpdir
testsuite_runtime_test_owned_tmpdir_SOURCES = \
	testsuite/runtime/test-owned-tmpdir.c testsuite/runtime/check.h \
	staprun/owned-tmpdir.c staprun/owned-tmpdir.h
testsuite_runtime_test_owned_tmpdir_CPPFLAGS = -I$(srcdir)/staprun
testsuite_runtime_test_cpio_SOURCES = testsuite/runtime/test-cpio.c \
	testsuite/runtime/check.h staprun/cpio.c staprun/cpio.h
testsuite_runtime_test_cpio_CPPFLAGS = -I$(srcdir)/staprun -I$(srcdir)/lib
testsuite_runtime_test_cpio_LDADD = lib/libstputil.a
testsuite_runtime_test_staprun_opts_SOURCES = \
	testsuite/runtime/test-staprun-opts.c testsuite/runtime/check.h \
	staprun/options.c staprun/options.h \
	staprun/modload.c staprun/modload.h \
	staprun/initramfs.c staprun/vm-kernel.c staprun/cpio.c \
	staprun/guest-init.c
testsuite_runtime_test_staprun_opts_CPPFLAGS = -I$(srcdir)/runtime \
	-I$(srcdir)/staprun -I$(srcdir)/lib
testsuite_runtime_test_staprun_opts_LDADD = lib/libstputil.a

EXTRA_DIST += doc/staprun.8.md doc/internals/staprun.md \
	testsuite/kernel/staprun

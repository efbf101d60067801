# testsuite/runtime/kbuild.mk - host test of pass 4 (translator/kbuild.c,
# translator/sha256.c): builds a tiny module against the newest installed
# kernel headers (prints SKIP without them); takes a few seconds.
check_PROGRAMS += testsuite/runtime/test-kbuild
testsuite_runtime_test_kbuild_SOURCES = testsuite/runtime/test-kbuild.c \
	translator/kbuild.c translator/kbuild.h \
	translator/sha256.c translator/sha256.h \
	translator/interrupt.c translator/interrupt.h \
	translator/run-group.c translator/run-group.h \
	staprun/owned-tmpdir.c staprun/owned-tmpdir.h
testsuite_runtime_test_kbuild_CPPFLAGS = -I$(srcdir)/translator -I$(srcdir)/lib \
	-DTEST_KBUILD_RUNTIME_DIR='"$(abs_top_srcdir)/runtime"'
testsuite_runtime_test_kbuild_CFLAGS = $(AM_CFLAGS)
testsuite_runtime_test_kbuild_LDADD = lib/libstputil.a
EXTRA_DIST += doc/internals/kbuild.md

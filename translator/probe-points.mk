# translator/probe-points.mk - Makefile.am fragment (included by the top Makefile.am)
# Probe point resolution (pass 2) and the target kernel's symbol list.
# A probe family's translator unit goes in PROBE_FAMILY_SOURCES
# (doc/internals/probe-family.md); its row in runtime/probe_families.h.
PROBE_FAMILY_SOURCES = translator/family-once.c translator/family-kprobe.c \
	translator/family-timer.c
PROBE_POINTS_SOURCES = translator/probe-points.c translator/probe-points.h \
	translator/family.h runtime/probe_families.h runtime/probe_kinds.h \
	$(PROBE_FAMILY_SOURCES) translator/ksyms.c translator/ksyms.h
stap_SOURCES += $(PROBE_POINTS_SOURCES)
# ksyms.c reads ELF files (libelf) and compressed modules (libdwfl);
# stap_LDADD is set after this fragment, so the libraries go in LIBS

# The unit test: `make testsuite/runtime/test-probe-points`.  It belongs
# in check_PROGRAMS, which Makefile.am sets with '=' after this fragment
check_PROGRAMS += testsuite/runtime/test-probe-points
testsuite_runtime_test_probe_points_SOURCES = \
	testsuite/runtime/test-probe-points.c $(PROBE_POINTS_SOURCES)
testsuite_runtime_test_probe_points_LDADD = parser/libstpparse.a \
	parser/libstplex.a parser/libstpparse.a lib/libstputil.a $(DW_LIBS) \
	$(ELF_LIBS)
testsuite_runtime_test_probe_points_CFLAGS = $(AM_CFLAGS)

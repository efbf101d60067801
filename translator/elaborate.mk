# translator/elaborate.mk - Makefile.am fragment (included by the top Makefile.am)
# Pass 2: elaboration.  runtime/format.c is compiled in too, so printf
# formats are checked by the same parser the module renders with.
stap_SOURCES += \
	translator/elaborate.c translator/elaborate.h \
	translator/elab-internal.h \
	translator/elab-index.c \
	translator/elab-alias.c \
	translator/elab-types.c \
	translator/elab-print.c \
	translator/elab-list.c \
	translator/elab-autoprint.c \
	translator/elab-report.c \
	translator/elab-foreach.c \
	runtime/format.c runtime/format.h

# Target types (ttype.c): built only by their unit test until $var
# arrives.  `make testsuite/runtime/test-ttype`
stap_SOURCES += translator/ttype.c translator/ttype.h translator/sem.h
check_PROGRAMS += testsuite/runtime/test-ttype
testsuite_runtime_test_ttype_SOURCES = testsuite/runtime/test-ttype.c \
	testsuite/runtime/check.h translator/ttype.c translator/ttype.h
testsuite_runtime_test_ttype_LDADD = parser/libstpparse.a lib/libstputil.a
testsuite_runtime_test_ttype_CFLAGS = $(AM_CFLAGS)

# The tree walker (parser/visit.c): `make testsuite/runtime/test-visit`
check_PROGRAMS += testsuite/runtime/test-visit
testsuite_runtime_test_visit_SOURCES = testsuite/runtime/test-visit.c \
	testsuite/runtime/check.h
testsuite_runtime_test_visit_LDADD = parser/libstpparse.a \
	parser/libstplex.a parser/libstpparse.a lib/libstputil.a
testsuite_runtime_test_visit_CFLAGS = $(AM_CFLAGS)

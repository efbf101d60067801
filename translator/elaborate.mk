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

# translator/translate.mk - Makefile.am fragment (included by the top Makefile.am)
# Pass 3: the elaborated program as C (translator/translate*.c), with the
# printf format parser of the runtime (runtime/format.c, listed by
# elaborate.mk) parsing formats at translate time.
stap_SOURCES += \
	translator/translate.c translator/translate.h translator/trans.h \
	translator/emit.c translator/emit.h translator/translate-body.c \
	translator/line-map.c \
	translator/translate-expr.c translator/translate-stmt.c \
	translator/translate-print.c translator/translate-names.c
EXTRA_DIST += runtime/lang.c runtime/lang.h runtime/runtime.h

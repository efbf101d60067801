# lib/lib.mk - Makefile.am fragment (included by the top Makefile.am)
# libstputil: the helpers stap and staprun share (lib/stputil.h says
# what is in it and its one contract: allocation failure aborts).
# Linked last: the parser, the translator and staprun all use it.
noinst_LIBRARIES += lib/libstputil.a
lib_libstputil_a_SOURCES = lib/stputil.h \
	lib/xalloc.c lib/xalloc.h \
	lib/file.c lib/file.h \
	lib/child.c lib/child.h \
	lib/text.c lib/text.h \
	lib/hash.c lib/hash.h

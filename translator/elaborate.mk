# translator/elaborate.mk - Makefile.am fragment (included by the top Makefile.am)

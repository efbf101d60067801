# doc/doc.mk - Makefile.am fragment (included by the top Makefile.am)
# The man pages: stap(1), staprun(8) and stapc-tapsets(3stap), made from
# doc/'s Markdown pages by doc/md2man (with lowdown) and shipped in the
# tarball, so that building from a tarball needs no lowdown.
dist_man_MANS = doc/stap.1 doc/staprun.8 doc/stapc-tapsets.3stap
MAINTAINERCLEANFILES = $(dist_man_MANS)
EXTRA_DIST += doc/md2man doc/stap.1.md doc/staprun.8.md doc/tapsets.md

# the page from its Markdown ($$name and $$sec set by each rule),
# replaced only when complete
md2man = if test -z "$(LOWDOWN)"; then \
	echo "$@: lowdown not found: install the Debian package 'lowdown'" >&2; \
	exit 1; fi; $(MKDIR_P) doc && \
	$(SHELL) $(srcdir)/doc/md2man $(LOWDOWN) $$name $$sec $(VERSION) \
		$(srcdir)/$$src >$@.tmp && mv -f $@.tmp $@

doc/stap.1: doc/stap.1.md doc/md2man
	$(AM_V_GEN)name=stap sec=1 src=doc/stap.1.md; $(md2man)
doc/staprun.8: doc/staprun.8.md doc/md2man
	$(AM_V_GEN)name=staprun sec=8 src=doc/staprun.8.md; $(md2man)
doc/stapc-tapsets.3stap: doc/tapsets.md doc/md2man
	$(AM_V_GEN)name=stapc-tapsets sec=3stap src=doc/tapsets.md; $(md2man)

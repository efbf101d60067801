# install.mk - Makefile.am fragment (included by the top Makefile.am)
# What `make install` puts beside the programs, and what the tarball
# holds.
#
#   $(bindir)/stap, $(bindir)/staprun      the programs (bin_PROGRAMS)
#   $(pkgdatadir)/runtime/*.c *.h          the runtime, built into modules
#   $(pkgdatadir)/tapsets/*.stp            the tapset library
#   $(mandir)/man1/stap.1, man8/staprun.8, man3/stapc-tapsets.3stap
#
# The installed stap finds the runtime and the tapsets relative to itself
# (BINDIR/../share/stapc, translator/paths.c).  Both lists are the source
# directories' files themselves, so that a new runtime unit or tapset is
# installed without anyone having to add it here.
stapc_data = cd $(srcdir) && ls runtime/*.c runtime/*.h tapsets/*.stp

install-data-local:
	@for f in `$(stapc_data)`; do \
		d="$(DESTDIR)$(pkgdatadir)/`dirname $$f`"; \
		test -d "$$d" || $(MKDIR_P) "$$d" || exit 1; \
		echo " $(INSTALL_DATA) $$f '$$d'"; \
		$(INSTALL_DATA) "$(srcdir)/$$f" "$$d" || exit 1; \
	done

uninstall-local:
	@for f in `$(stapc_data)`; do \
		echo " rm -f '$(DESTDIR)$(pkgdatadir)/$$f'"; \
		rm -f "$(DESTDIR)$(pkgdatadir)/$$f"; \
	done
	@rmdir "$(DESTDIR)$(pkgdatadir)/runtime" \
		"$(DESTDIR)$(pkgdatadir)/tapsets" "$(DESTDIR)$(pkgdatadir)" \
		2>/dev/null || :	# kept if something else is in them

# The tarball holds every file git tracks (MANIFEST lists them, so that
# `make dist` from an unpacked tarball makes the same tarball).
dist-hook:
	@if test -d $(srcdir)/.git || test -f $(srcdir)/.git; then \
		(cd $(srcdir) && git ls-files) >$(distdir)/MANIFEST; \
	else \
		cp $(srcdir)/MANIFEST $(distdir)/MANIFEST; \
	fi
	@cd $(srcdir) && grep -v -x -e MANIFEST $(abs_builddir)/$(distdir)/MANIFEST | \
		while read -r f; do \
			test -f "$(abs_builddir)/$(distdir)/$$f" && continue; \
			$(MKDIR_P) "$(abs_builddir)/$(distdir)/`dirname "$$f"`" && \
			cp -p "$$f" "$(abs_builddir)/$(distdir)/$$f" || exit 1; \
		done

# `make distcheck` builds the tarball out of tree and runs the host sets
# (about two minutes): the kernel, process, valgrind and corpus sets boot
# qemu or take many minutes, and run in the checkout's `make check`.
AM_DISTCHECK_CONFIGURE_FLAGS = \
	CHECK_SETS='parseok parseko semok semko transok transko cmdline generated doc runtime fuzz install'

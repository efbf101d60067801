# bench/bench.mk - Makefile.am fragment (included by the top Makefile.am):
# `make bench` runs every benchmark (doc/internals/bench.md).  They print
# figures and never fail on timings; a part that does not work yet says
# "not available".  Pick some with BENCH="p1 p123 p4 frames scale hit".
#   p1     pass 1 on a generated 5,000-line script (bench/p1-bench)
#   p123   passes 1-3 of one-liners, beside SystemTap 4.8 (bench/p123-bench)
#   p4     pass 4 against kbuild of hello.ko, and a cache hit (bench/p4-bench)
#   frames pass 4 of N functions + N probes, N = 50..500, against kbuild of
#          plain C modules (bench/frames-bench; BENCH_FRAMES_FLAGS, e.g.
#          --rounds=1 or --sizes="50 100")
#   scale  passes 1-3 on generated scripts of 10k to 100k names: growth
#          ratio t(100k)/t(10k), linear = 10 (bench/scale-bench)
#   hit    per-hit cost in a qemu guest against the floor modules
#          (bench/hit-cost; BENCH_HIT_FLAGS, e.g. -M wall or -k KVER)
BENCH = p1 p123 p4 frames scale hit
BENCH_HIT_FLAGS =
BENCH_FRAMES_FLAGS =
EXTRA_DIST += bench/bench.mk bench/p123-bench bench/p4-bench bench/hit-cost \
	bench/frames-bench bench/scale-bench \
	bench/syscall-loop.c bench/floor/Kbuild bench/floor/floor_count.c \
	bench/floor/floor_stat.c

# One benchmark that breaks does not hide the others' figures; make
# still fails at the end, naming it.
bench: stap$(EXEEXT)
	@failed=; for b in $(BENCH); do \
	  echo "==== bench: $$b"; \
	  case $$b in \
	  p1) $(SHELL) $(srcdir)/bench/p1-bench --stap=./stap$(EXEEXT) \
		--srcdir=$(srcdir) ;; \
	  p123) $(SHELL) $(srcdir)/bench/p123-bench --stap=./stap$(EXEEXT) \
		--srcdir=$(srcdir) ;; \
	  p4) $(SHELL) $(srcdir)/bench/p4-bench --stap=./stap$(EXEEXT) \
		--srcdir=$(srcdir) ;; \
	  frames) $(SHELL) $(srcdir)/bench/frames-bench --stap=./stap$(EXEEXT) \
		--srcdir=$(srcdir) $(BENCH_FRAMES_FLAGS) ;; \
	  scale) $(SHELL) $(srcdir)/bench/scale-bench \
		--stap=./stap$(EXEEXT) --srcdir=$(srcdir) ;; \
	  hit) bash $(srcdir)/bench/hit-cost -S ./stap$(EXEEXT) \
		$(BENCH_HIT_FLAGS) ;; \
	  *) echo "bench: unknown benchmark $$b (p1 p123 p4 frames scale hit)" >&2; \
	     false ;; \
	  esac || failed="$$failed $$b"; \
	done; \
	if test -n "$$failed"; then \
	  echo "bench: failed:$$failed" >&2; exit 1; \
	fi
.PHONY: bench

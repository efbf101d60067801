// SPDX-License-Identifier: GPL-2.0-or-later
/* vm.c - the VM runner: boot qemu (TCG) with the guest initramfs, stream
 * the script's output and messages, forward interrupts, watch the guest
 * kernel log, and always end the VM and remove the temp files. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "child.h"
#include "modload.h"
#include "owned-tmpdir.h"
#include "vm-internal.h"
#include "xalloc.h"

#define BOOT_TIMEOUT_MS 90000	/* qemu start to the guest's /init */
#define POWEROFF_GRACE_MS 20000	/* exit status seen to qemu gone */
#define SIGNAL_GRACE_MS 60000	/* SIGTERM/SIGHUP to qemu killed */
#define MAX_BAD 64
#define TAIL_LINES 25
#define BAD_PATTERN_COUNT 8
#define ERR_HOLD_MS 250		/* longest wait for stdout's end of line */
#define ERR_LINE_MAX 65536	/* a longer stderr "line" goes out as is */
#define SIGNAL_SAME_MS 300	/* one Ctrl-C: from the tty and from stap */

static const char *const bad_patterns[BAD_PATTERN_COUNT] = {
	"BUG:", "WARNING:", "Oops", "general protection", "soft lockup",
	"hard LOCKUP", "RCU stall", "detected stall",
};

static int sig_pipe[2] = { -1, -1 };

static void on_signal(int sig)
{
	unsigned char b = (unsigned char)sig;
	int e = errno;

	if (write(sig_pipe[1], &b, 1) < 0) {
		/* full pipe: enough signals are pending already */
	}
	errno = e;
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

struct vm {
	const struct stp_vm_opts *o;
	struct stp_owned_tmpdir dir;	/* a killed run's goes next run */
	char initrd[PATH_MAX + 32];
	char sock_out[PATH_MAX + 16], sock_err[PATH_MAX + 16];
	char kernel[PATH_MAX];
	char qemu[PATH_MAX];
	pid_t pid;
	int lsn_out, lsn_err;	/* listening sockets */
	int fd_out, fd_err;	/* the guest's ttyS1, ttyS2 */
	int fd_con, fd_qerr;	/* qemu's stdout (ttyS0), stderr */
	FILE *out;		/* stdout, or -o FILE once data came */
	int out_failed;
	/* console parsing */
	char line[4096];
	size_t line_len;
	char *tail[TAIL_LINES];
	unsigned tail_next;
	char *bad[MAX_BAD];
	unsigned nbad;
	char qerr[2048];
	size_t qerr_len;
	int started, end_seen, exit_rc;
	int64_t t0, t_start, t_exit;
	int signals;		/* host signals forwarded */
	int64_t t_signal;	/* when the last one came */
	/* the guest's stderr: whole lines only, and not inside a line of
	 * stdout when both go to one terminal */
	char *eline, *ehold;
	size_t eline_len, eline_cap, ehold_len, ehold_cap;
	int out_midline;
	int64_t hold_since;
	int64_t kill_at;	/* 0, or when to kill qemu regardless */
	int killed_timeout;
};

static void vsay(const struct vm *v, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void vsay(const struct vm *v, const char *fmt, ...)
{
	va_list ap;

	if (!v->o->verbose)
		return;
	va_start(ap, fmt);
	fputs("staprun: vm: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

static int is_exe(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
	       access(path, X_OK) == 0;
}

int stp_vm_find_staprun(char *buf, size_t size)
{
	const char *e = getenv("STAPC_STAPRUN");
	char self[PATH_MAX];
	ssize_t n;

	if (e && *e) {
		snprintf(buf, size, "%s", e);
		return 0;
	}
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n > 0) {
		char *slash;

		self[n] = 0;
		slash = strrchr(self, '/');
		if (slash) {
			*slash = 0;
			/* installed side by side, or stap's build tree */
			snprintf(buf, size, "%s/staprun", self);
			if (is_exe(buf))
				return 0;
			snprintf(buf, size, "%s/staprun/staprun", self);
			if (is_exe(buf))
				return 0;
		}
	}
#ifdef STP_BINDIR
	snprintf(buf, size, "%s/staprun", STP_BINDIR);
	if (is_exe(buf))
		return 0;
#endif
	snprintf(buf, size,
		 "no staprun to put in the VM (set STAPC_STAPRUN to the static staprun)");
	return -1;
}

/* ---- console ------------------------------------------------------------ */

static int seen_bad(struct vm *v, const char *s)
{
	for (unsigned i = 0; i < v->nbad; i++)
		if (strcmp(v->bad[i], s) == 0)
			return 1;
	if (v->nbad < MAX_BAD)
		v->bad[v->nbad++] = stp_xstrdup(s);
	return 0;
}

static void buf_add(char **b, size_t *len, size_t *cap, const char *s,
		    size_t n)
{
	if (*len + n > *cap) {
		*cap = (*len + n) * 2 + 256;
		*b = stp_xrealloc(*b, *cap);
	}
	memcpy(*b + *len, s, n);
	*len += n;
}

static void err_flush(struct vm *v, int force)
{
	if (!v->ehold_len)
		return;
	if (!force && v->out_midline && !v->o->outfile &&
	    now_ms() - v->hold_since < ERR_HOLD_MS)
		return;
	if (fwrite(v->ehold, 1, v->ehold_len, stderr) != v->ehold_len) {
		/* stderr is gone: nowhere left to say so */
	}
	v->ehold_len = 0;
}

/* A whole line for stderr, after the stdout line in progress. */
static void err_line(struct vm *v, const char *s, size_t n)
{
	if (!v->ehold_len)
		v->hold_since = now_ms();
	buf_add(&v->ehold, &v->ehold_len, &v->ehold_cap, s, n);
	err_flush(v, 0);
}

/* Data from the guest's ttyS2: staprun's messages. */
static void err_bytes(struct vm *v, const char *b, size_t n)
{
	while (n) {
		const char *nl = memchr(b, '\n', n);
		size_t k = nl ? (size_t)(nl - b) + 1 : n;

		buf_add(&v->eline, &v->eline_len, &v->eline_cap, b, k);
		if (nl || v->eline_len >= ERR_LINE_MAX) {
			err_line(v, v->eline, v->eline_len);
			v->eline_len = 0;
		}
		b += k;
		n -= k;
	}
}

/* The guest is gone: a last partial line gets its newline. */
static void err_end(struct vm *v)
{
	if (v->eline_len) {
		err_line(v, v->eline, v->eline_len);
		err_line(v, "\n", 1);
		v->eline_len = 0;
	}
	err_flush(v, 1);
}

static void bad_line(struct vm *v, const char *s)
{
	char msg[4200];
	int n;

	if (seen_bad(v, s))
		return;
	n = snprintf(msg, sizeof(msg), "staprun: vm kernel: %s\n", s);
	if (n > 0)
		err_line(v, msg, (size_t)n < sizeof(msg) ? (size_t)n : sizeof(msg) - 1);
}

static int is_bad(const char *s)
{
	for (int i = 0; i < BAD_PATTERN_COUNT; i++)
		if (strstr(s, bad_patterns[i]))
			return 1;
	return 0;
}

static void console_line(struct vm *v, char *s)
{
	free(v->tail[v->tail_next]);
	v->tail[v->tail_next] = stp_xstrdup(s);
	v->tail_next = (v->tail_next + 1) % TAIL_LINES;
	if (v->o->verbose >= 2)
		fprintf(stderr, "console: %s\n", s);
	if (strncmp(s, "@@STAPC-VM ", 11) == 0) {
		s += 11;
		if (strncmp(s, "START", 5) == 0 && !v->started) {
			v->started = 1;
			v->t_start = now_ms();
			vsay(v, "guest /init after %.2f s", (v->t_start - v->t0) / 1000.0);
			/* qemu read the initramfs at start: the guest cannot
			 * need it again, and a SIGKILL must not leave it */
			unlink(v->initrd);
		} else if (strncmp(s, "EXIT=", 5) == 0) {
			v->exit_rc = atoi(s + 5);
			v->t_exit = now_ms();
			if (!v->kill_at || v->kill_at > v->t_exit + POWEROFF_GRACE_MS)
				v->kill_at = v->t_exit + POWEROFF_GRACE_MS;
		} else if (strncmp(s, "BAD ", 4) == 0) {
			bad_line(v, s + 4);
		} else if (strncmp(s, "END", 3) == 0) {
			v->end_seen = 1;
		}
		return;
	}
	if (is_bad(s))
		bad_line(v, s);
}

/* CRs and escape sequences (SeaBIOS clears the screen) do not belong in
 * lines. */
static void console_bytes(struct vm *v, const char *b, size_t n)
{
	static int esc;

	for (size_t i = 0; i < n; i++) {
		char ch = b[i];

		if (esc) {
			if (esc == 1 && ch != '[')
				esc = 0;
			else if (esc == 1)
				esc = 2;
			else if ((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z'))
				esc = 0;
			continue;
		}
		if (ch == '\033') {
			esc = 1;
			continue;
		}
		if (ch == '\r')
			continue;
		if (ch == '\n' || v->line_len == sizeof(v->line) - 1) {
			v->line[v->line_len] = 0;
			console_line(v, v->line);
			v->line_len = 0;
			if (ch == '\n')
				continue;
		}
		v->line[v->line_len++] = ch;
	}
}

/* ---- qemu ----------------------------------------------------------------- */

static int listen_unix(const char *path)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	int fd;

	if (strlen(path) >= sizeof(a.sun_path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	strcpy(a.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	if (bind(fd, (struct sockaddr *)&a, sizeof(a)) || listen(fd, 1)) {
		int e = errno;

		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

static int spawn_qemu(struct vm *v)
{
	const struct stp_vm_opts *o = v->o;
	char smp[16], mem[16], chr_out[PATH_MAX + 64], chr_err[PATH_MAX + 64];
	int con[2], qe[2];
	pid_t parent = getpid();
	const char *argv[48];
	int a = 0;

	snprintf(smp, sizeof(smp), "%u", o->smp ? o->smp : 2);
	snprintf(mem, sizeof(mem), "%u", o->memory_mb ? o->memory_mb : 512);
	snprintf(chr_out, sizeof(chr_out), "socket,id=out,path=%s", v->sock_out);
	snprintf(chr_err, sizeof(chr_err), "socket,id=err,path=%s", v->sock_err);
	argv[a++] = v->qemu;
	/* One host thread for all vCPUs: qemu 7.2's multi-threaded TCG can
	 * run a stale translation of kernel text another vCPU has just
	 * patched (kprobes, ftrace), which oopses the guest when modules
	 * with probes are loaded and unloaded under load - with no stapc
	 * code involved (doc/internals/vm.md, "Known problems"). */
	argv[a++] = "-accel";
	argv[a++] = "tcg,thread=single";
	argv[a++] = "-cpu";
	argv[a++] = "max";
	argv[a++] = "-smp";
	argv[a++] = smp;
	argv[a++] = "-m";
	argv[a++] = mem;
	argv[a++] = "-nodefaults";
	argv[a++] = "-no-user-config";
	argv[a++] = "-display";
	argv[a++] = "none";
	argv[a++] = "-no-reboot";
	argv[a++] = "-chardev";
	argv[a++] = "stdio,id=con,signal=off";
	argv[a++] = "-serial";
	argv[a++] = "chardev:con";
	argv[a++] = "-chardev";
	argv[a++] = chr_out;
	argv[a++] = "-serial";
	argv[a++] = "chardev:out";
	argv[a++] = "-chardev";
	argv[a++] = chr_err;
	argv[a++] = "-serial";
	argv[a++] = "chardev:err";
	argv[a++] = "-kernel";
	argv[a++] = v->kernel;
	argv[a++] = "-initrd";
	argv[a++] = v->initrd;
	argv[a++] = "-append";
	argv[a++] = "console=ttyS0 quiet panic=-1";
	argv[a] = NULL;

	if (pipe2(con, O_CLOEXEC))
		return -1;
	if (pipe2(qe, O_CLOEXEC)) {
		close(con[0]);
		close(con[1]);
		return -1;
	}
	v->pid = fork();
	if (v->pid < 0) {
		close(con[0]);
		close(con[1]);
		close(qe[0]);
		close(qe[1]);
		return -1;
	}
	if (v->pid == 0) {
		int null = open("/dev/null", O_RDONLY);

		/* its own process group: a terminal's Ctrl-C is ours to
		 * forward, not qemu's to die of; and it dies with us */
		setpgid(0, 0);
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != parent)
			_exit(127);
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		signal(SIGHUP, SIG_DFL);
		signal(SIGPIPE, SIG_DFL);
		if (null < 0 || dup2(null, 0) < 0 || dup2(con[1], 1) < 0 ||
		    dup2(qe[1], 2) < 0)
			_exit(127);
		execv(v->qemu, (char *const *)argv);
		fprintf(stderr, "cannot run %s: %s\n", v->qemu, strerror(errno));
		_exit(127);
	}
	close(con[1]);
	close(qe[1]);
	v->fd_con = con[0];
	v->fd_qerr = qe[0];
	return 0;
}

static void kill_qemu(struct vm *v)
{
	if (v->pid > 0)
		kill(v->pid, SIGKILL);
}

/* Data from the guest's ttyS1: the script's output. */
static void out_bytes(struct vm *v, const char *b, size_t n)
{
	if (v->out_failed)
		return;
	if (!v->out) {
		if (v->o->outfile) {
			v->out = fopen(v->o->outfile, "we");
			if (!v->out) {
				fprintf(stderr, "staprun: cannot open output file %s: %s\n",
					v->o->outfile, strerror(errno));
				v->out_failed = 1;
				return;
			}
		} else {
			v->out = stdout;
		}
	}
	if (fwrite(b, 1, n, v->out) != n || fflush(v->out)) {
		if (errno != EPIPE)
			fprintf(stderr, "staprun: writing output: %s\n",
				strerror(errno));
		v->out_failed = 1;
	}
	v->out_midline = b[n - 1] != '\n';
	if (!v->out_midline)
		err_flush(v, 0);
}

static void forward_signal(struct vm *v, int sig)
{
	char b = 'I';
	int64_t now = now_ms();

	/* a terminal's Ctrl-C reaches both stap and us, and stap passes
	 * its copy on: count one */
	if (v->signals && now - v->t_signal < SIGNAL_SAME_MS)
		return;
	v->t_signal = now;
	v->signals++;
	if (v->signals >= 3 || !v->started) {
		vsay(v, "%s: stopping the VM", strsignal(sig));
		kill_qemu(v);
		return;
	}
	vsay(v, "%s: interrupting the script in the VM", strsignal(sig));
	if (v->fd_err >= 0 && write(v->fd_err, &b, 1) != 1)
		kill_qemu(v);
	if (sig != SIGINT) {
		int64_t t = now_ms() + SIGNAL_GRACE_MS;

		if (!v->kill_at || v->kill_at > t)
			v->kill_at = t;
	}
}

/* One boot: 0 when the guest reported a status or qemu ended, 1 when the
 * boot must be retried (never reached /init). */
static int run_once(struct vm *v)
{
	int64_t boot_deadline, hard_deadline;
	int qemu_done = 0, st = 0;

	v->started = v->end_seen = 0;
	v->exit_rc = -1;
	v->kill_at = 0;
	v->line_len = 0;
	v->qerr_len = 0;
	unlink(v->sock_out);
	unlink(v->sock_err);
	v->lsn_out = listen_unix(v->sock_out);
	v->lsn_err = listen_unix(v->sock_err);
	if (v->lsn_out < 0 || v->lsn_err < 0) {
		fprintf(stderr, "staprun: vm: cannot create sockets in %s: %s\n",
			v->dir.path, strerror(errno));
		close_fd(&v->lsn_out);
		close_fd(&v->lsn_err);
		return -1;
	}
	v->t0 = now_ms();
	if (spawn_qemu(v)) {
		fprintf(stderr, "staprun: vm: cannot start qemu: %s\n",
			strerror(errno));
		close_fd(&v->lsn_out);
		close_fd(&v->lsn_err);
		return -1;
	}
	boot_deadline = v->t0 + BOOT_TIMEOUT_MS;
	hard_deadline = v->o->timeout ? v->t0 + v->o->timeout * 1000ll : 0;

	while (!qemu_done || v->fd_con >= 0 || v->fd_out >= 0 ||
	       v->fd_err >= 0 || v->fd_qerr >= 0) {
		struct pollfd p[7];
		int *which[7];
		int np = 0;
		char buf[65536];
		int64_t t;

#define WATCH(fdp) do { if (*(fdp) >= 0) { p[np].fd = *(fdp); p[np].events = POLLIN; which[np++] = (fdp); } } while (0)
		WATCH(&sig_pipe[0]);
		WATCH(&v->fd_con);
		WATCH(&v->fd_out);
		WATCH(&v->fd_err);
		WATCH(&v->fd_qerr);
		WATCH(&v->lsn_out);
		WATCH(&v->lsn_err);
#undef WATCH
		if (poll(p, (nfds_t)np, 100) < 0 && errno != EINTR)
			break;
		for (int i = 0; i < np; i++) {
			ssize_t n;

			if (!(p[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			if (which[i] == &v->lsn_out || which[i] == &v->lsn_err) {
				int fd = accept4(*which[i], NULL, NULL, SOCK_CLOEXEC);

				if (fd < 0)
					continue;
				if (which[i] == &v->lsn_out)
					v->fd_out = fd;
				else
					v->fd_err = fd;
				close_fd(which[i]);
				continue;
			}
			n = read(*which[i], buf, sizeof(buf));
			if (n < 0 && (errno == EINTR || errno == EAGAIN))
				continue;
			if (which[i] == &sig_pipe[0]) {
				for (ssize_t k = 0; k < n; k++)
					forward_signal(v, (unsigned char)buf[k]);
				continue;
			}
			if (n <= 0) {
				close_fd(which[i]);
				continue;
			}
			if (which[i] == &v->fd_con) {
				console_bytes(v, buf, (size_t)n);
			} else if (which[i] == &v->fd_out) {
				out_bytes(v, buf, (size_t)n);
			} else if (which[i] == &v->fd_err) {
				err_bytes(v, buf, (size_t)n);
			} else {
				size_t room = sizeof(v->qerr) - 1 - v->qerr_len;

				if ((size_t)n > room)
					n = (ssize_t)room;
				memcpy(v->qerr + v->qerr_len, buf, (size_t)n);
				v->qerr_len += (size_t)n;
			}
		}
		if (!qemu_done && waitpid(v->pid, &st, WNOHANG) == v->pid) {
			qemu_done = 1;
			v->pid = -1;
			/* sockets not yet accepted will never be */
			close_fd(&v->lsn_out);
			close_fd(&v->lsn_err);
		}
		err_flush(v, 0);
		t = now_ms();
		if (!qemu_done && !v->started && t > boot_deadline) {
			fprintf(stderr, "staprun: vm: the guest did not reach /init in %d s\n",
				BOOT_TIMEOUT_MS / 1000);
			kill_qemu(v);
			boot_deadline = INT64_MAX;
			v->killed_timeout = 2;
		}
		if (!qemu_done && hard_deadline && t > hard_deadline) {
			fprintf(stderr, "staprun: vm: --vm-timeout: stopping the VM after %u s\n",
				v->o->timeout);
			kill_qemu(v);
			hard_deadline = 0;
			v->killed_timeout = 1;
		}
		if (!qemu_done && v->kill_at && t > v->kill_at) {
			if (v->exit_rc < 0)
				fprintf(stderr, "staprun: vm: the script did not end; stopping the VM\n");
			kill_qemu(v);
			v->kill_at = 0;
		}
	}
	if (v->line_len) {
		v->line[v->line_len] = 0;
		console_line(v, v->line);
		v->line_len = 0;
	}
	err_end(v);
	close_fd(&v->fd_out);
	close_fd(&v->fd_err);
	close_fd(&v->lsn_out);
	close_fd(&v->lsn_err);
	if (!v->started && v->killed_timeout == 2)
		return 1;
	if (!v->started && v->qerr_len) {
		v->qerr[v->qerr_len] = 0;
		fprintf(stderr, "staprun: vm: qemu failed:\n%s", v->qerr);
	}
	(void)st;
	return 0;
}

static void print_tail(const struct vm *v)
{
	fprintf(stderr, "staprun: vm: last console lines:\n");
	for (unsigned i = 0; i < TAIL_LINES; i++) {
		const char *s = v->tail[(v->tail_next + i) % TAIL_LINES];

		if (s)
			fprintf(stderr, "  | %s\n", s);
	}
}

static int setup_signals(struct sigaction *old)
{
	struct sigaction sa;
	static const int sigs[3] = { SIGINT, SIGTERM, SIGHUP };

	if (pipe2(sig_pipe, O_CLOEXEC | O_NONBLOCK))
		return -1;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (int i = 0; i < 3; i++)
		sigaction(sigs[i], &sa, &old[i]);
	return 0;
}

static void restore_signals(const struct sigaction *old)
{
	static const int sigs[3] = { SIGINT, SIGTERM, SIGHUP };

	for (int i = 0; i < 3; i++)
		sigaction(sigs[i], &old[i], NULL);
	close_fd(&sig_pipe[0]);
	close_fd(&sig_pipe[1]);
}

static int prepare(struct vm *v, struct stp_modinfo *mip, char *staprun,
		   size_t ssize, char *busybox, size_t bsize)
{
	const struct stp_vm_opts *o = v->o;
	struct stp_modinfo mi;
	const char *kver;
	char err[1024];
	const char *bb = getenv("BUSYBOX");

	if (stp_modinfo_read(o->ko, &mi, err, sizeof(err))) {
		fprintf(stderr, "staprun: %s\n", err);
		return -1;
	}
	kver = o->kernel_release ? o->kernel_release : mi.release;
	if (!kver[0]) {
		fprintf(stderr, "staprun: %s has no vermagic; give the VM's kernel with -r KVER\n",
			o->ko);
		return -1;
	}
	if (mi.release[0] && strcmp(kver, mi.release)) {
		fprintf(stderr, "staprun: module %s was built for %s, not for the VM's kernel %s\n",
			mi.name, mi.release, kver);
		return -1;
	}
	if (stp_find_in_path("qemu-system-x86_64", v->qemu, sizeof(v->qemu))) {
		fprintf(stderr, "staprun: qemu-system-x86_64 not found (apt-get install qemu-system-x86)\n");
		return -1;
	}
	snprintf(busybox, bsize, "%s", bb && *bb ? bb : "/bin/busybox");
	if (stp_elf_is_static(busybox) != 1) {
		fprintf(stderr, "staprun: %s is missing or not statically linked (apt-get install busybox-static)\n",
			busybox);
		return -1;
	}
	if (o->staprun)
		snprintf(staprun, ssize, "%s", o->staprun);
	else if (stp_vm_find_staprun(staprun, ssize)) {
		fprintf(stderr, "staprun: %s\n", staprun);
		return -1;
	}
	if (stp_elf_is_static(staprun) != 1) {
		fprintf(stderr, "staprun: %s is not a statically linked staprun; the VM has no libraries for it\n",
			staprun);
		return -1;
	}
	if (stp_vm_kernel_image(kver, o->verbose, v->kernel, sizeof(v->kernel),
				err, sizeof(err))) {
		fprintf(stderr, "staprun: %s\n", err);
		return -1;
	}
	vsay(v, "kernel %s", v->kernel);
	*mip = mi;
	return 0;
}

/* The guest has no zone files and would say UTC: give the module the
 * host's zone, as the user's own parameters (the guest staprun keeps
 * them).  o2 is o with the longer list; *list and tz[] to free. */
static void add_tz_params(const struct stp_vm_opts *o,
			  const struct stp_modinfo *mi, struct stp_vm_opts *o2,
			  char ***list, char *tz[2])
{
	*o2 = *o;
	*list = stp_params_with_tz(mi, o->params, o->nparams, tz, &o2->nparams);
	o2->params = *list;
}

int stp_vm_run(const struct stp_vm_opts *o)
{
	struct vm v;
	struct sigaction old[3];
	struct stp_modinfo mi;
	struct stp_vm_opts o2;
	char **params = NULL, *tz[2] = { NULL, NULL };
	char staprun[PATH_MAX], busybox[PATH_MAX], err[1024];
	const char *tmp = getenv("TMPDIR");
	int status = 1, rc;

	if (!tmp || !*tmp)
		tmp = "/tmp";

	memset(&v, 0, sizeof(v));
	v.o = o;
	v.pid = -1;
	v.dir.lock_fd = -1;
	v.lsn_out = v.lsn_err = v.fd_out = v.fd_err = v.fd_con = v.fd_qerr = -1;
	v.exit_rc = -1;
	/* what runs killed by SIGKILL left (their qemu died with them) */
	stp_owned_tmpdir_reap(tmp, "stapc-vm.");
	if (prepare(&v, &mi, staprun, sizeof(staprun), busybox,
		    sizeof(busybox)))
		return 1;
	add_tz_params(o, &mi, &o2, &params, tz);
	v.o = o = &o2;
	if (stp_owned_tmpdir_create(&v.dir, tmp, "stapc-vm.")) {
		fprintf(stderr, "staprun: cannot create a temp dir in %s: %s\n",
			tmp, strerror(errno));
		goto free_params;
	}
	snprintf(v.initrd, sizeof(v.initrd), "%s/initramfs.cpio", v.dir.path);
	snprintf(v.sock_out, sizeof(v.sock_out), "%s/out", v.dir.path);
	snprintf(v.sock_err, sizeof(v.sock_err), "%s/err", v.dir.path);
	if (setup_signals(old)) {
		fprintf(stderr, "staprun: pipe: %s\n", strerror(errno));
		goto cleanup;
	}
	if (stp_vm_write_initramfs(v.initrd, o, staprun, busybox, err,
				   sizeof(err))) {
		fprintf(stderr, "staprun: %s\n", err);
		goto restore;
	}
	rc = run_once(&v);
	if (rc == 1 && v.signals == 0) {
		fprintf(stderr, "staprun: vm: retrying the boot once\n");
		v.killed_timeout = 0;
		rc = run_once(&v);
		if (rc == 1)
			fprintf(stderr, "staprun: vm: the guest did not boot twice; giving up\n");
	}
	if (rc == 0) {
		int64_t t = now_ms();

		if (v.started)
			vsay(&v, "boot to /init %.2f s, total %.2f s",
			     (v.t_start - v.t0) / 1000.0, (t - v.t0) / 1000.0);
		if (v.exit_rc < 0) {
			if (v.signals)
				fprintf(stderr, "staprun: vm: interrupted; the VM was stopped\n");
			else if (v.killed_timeout != 1) {
				fprintf(stderr, "staprun: vm: the VM stopped before the script's exit status arrived (kernel panic?)\n");
				print_tail(&v);
			}
			status = 1;
		} else if (v.signals && v.exit_rc > 128) {
			/* staprun died of the forwarded signal before it could
			 * handle it: the script never started */
			fprintf(stderr, "staprun: vm: interrupted before the script started\n");
			status = 1;
		} else {
			status = v.exit_rc;
		}
		if (v.nbad) {
			fprintf(stderr, "staprun: vm: the guest kernel logged %u BUG/WARNING/Oops/lockup/stall line%s (above)\n",
				v.nbad, v.nbad == 1 ? "" : "s");
			if (!status)
				status = 1;
		}
		if (v.out_failed)
			status = 1;
		/* a run that produced nothing still leaves its (empty)
		 * output file, unless it failed */
		if (!v.out && o->outfile && status == 0) {
			v.out = fopen(o->outfile, "we");
			if (!v.out) {
				fprintf(stderr, "staprun: cannot create %s: %s\n",
					o->outfile, strerror(errno));
				status = 1;
			}
		}
	}
restore:
	restore_signals(old);
cleanup:
	if (v.pid > 0) {
		kill(v.pid, SIGKILL);
		while (waitpid(v.pid, NULL, 0) < 0 && errno == EINTR)
			;
	}
	close_fd(&v.fd_con);
	close_fd(&v.fd_qerr);
	if (v.out && v.out != stdout && fclose(v.out)) {
		fprintf(stderr, "staprun: writing %s: %s\n", o->outfile,
			strerror(errno));
		status = 1;
	}
	if (stp_owned_tmpdir_remove(&v.dir))
		fprintf(stderr, "staprun: cannot remove %s: %s\n", v.dir.path,
			strerror(errno));
	for (unsigned i = 0; i < TAIL_LINES; i++)
		free(v.tail[i]);
	for (unsigned i = 0; i < v.nbad; i++)
		free(v.bad[i]);
	free(v.eline);
	free(v.ehold);
free_params:
	free(params);
	free(tz[0]);
	free(tz[1]);
	return status;
}

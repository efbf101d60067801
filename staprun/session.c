// SPDX-License-Identifier: GPL-2.0-or-later
/* session.c - staprun's run of a module: load, start, stream each
 * channel's per-CPU records in timestamp order, stop on exit() or a
 * signal, drain, unload. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "channels.h"
#include "child.h"
#include "merge.h"
#include "modload.h"
#include "session.h"
#include "watchdog.h"
#include "xalloc.h"

#define READ_MAX (256u << 10)		/* bytes per read() of a cpu file */
#define QUEUE_BUDGET (4u << 20)		/* merge queue per CPU */
#define SLEEP_MAX_NS (32 * 1000 * 1000)	/* longest poll sleep */

static volatile sig_atomic_t got_signal;

static void on_signal(int sig)
{
	got_signal = sig;
}

static void on_child(int sig)
{
	(void)sig;	/* only interrupts the poll sleep */
}

/* One channel of the module, as staprun reads it. */
struct channel {
	const struct stp_chan_info *info;
	struct stp_merge *m;
	int *fds;		/* per CPU; -1: no file or closed */
	unsigned ncpus;
	FILE *out;		/* where its DATA records go */
};

struct session {
	const struct staprun_opts *o;
	struct stp_modinfo mi;
	struct stp_chan_list list;	/* what the channels file says */
	struct channel *chans;		/* [list.n] */
	const struct stp_merge **merges; /* [list.n], for the drops summary */
	int channels_open;		/* every channel's files are open */
	FILE *out;
	char *buf;
	int exit_seen;
	int failed;		/* output or protocol failure */
	pid_t target;		/* -c child, 0 when none or reaped */
	int target_go;		/* write end of its start pipe */
	char **params;		/* the user's name=value, then tz[] */
	size_t nparams;
	char *tz[2];		/* _stp_tz_* from the local time zone */
	int out_tty_apart;	/* stdout, stderr: two different ttys */
};

/* In the VM, stdout and stderr are two serial ports that the host reads
 * independently: what still sits in one port's buffer when the other is
 * written to can arrive after it.  Around a message, wait until each
 * has been sent. */
static void before_stderr(const struct session *s)
{
	fflush(s->out);
	if (s->out_tty_apart)
		tcdrain(fileno(s->out));
}

static void after_stderr(const struct session *s)
{
	if (s->out_tty_apart)
		tcdrain(2);
}

static int ttys_apart(FILE *out)
{
	char a[64], b[64];

	/* (by name: <sys/stat.h> clashes with transport_msgs.h's __u64) */
	if (ttyname_r(fileno(out), a, sizeof(a)) || ttyname_r(2, b, sizeof(b)))
		return 0;
	return strcmp(a, b) != 0;
}

static void say(const struct session *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void say(const struct session *s, const char *fmt, ...)
{
	va_list ap;

	if (!s->o->verbose)
		return;
	before_stderr(s);
	va_start(ap, fmt);
	fputs("staprun: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	after_stderr(s);
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* -c: the child waits for one byte (start succeeded) before exec. */
static int spawn_target(struct session *s)
{
	int p[2];
	pid_t pid = stp_fork_pipe(p);

	if (pid < 0)
		return -1;
	if (pid == 0) {
		char c;
		ssize_t n;

		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		signal(SIGHUP, SIG_DFL);
		signal(SIGPIPE, SIG_DFL);
		do
			n = read(p[0], &c, 1);
		while (n < 0 && errno == EINTR);
		if (n != 1)
			_exit(127);
		execl("/bin/sh", "sh", "-c", s->o->command, (char *)NULL);
		fprintf(stderr, "staprun: cannot run /bin/sh: %s\n",
			strerror(errno));
		_exit(127);
	}
	close(p[0]);
	s->target = pid;
	s->target_go = p[1];
	return 0;
}

static void release_target(struct session *s, int go)
{
	char c = 'G';

	if (s->target_go < 0)
		return;
	if (go && write(s->target_go, &c, 1) != 1)
		perror("staprun: starting the -c command");
	close(s->target_go);
	s->target_go = -1;
}

static int target_exited(struct session *s)
{
	int st;

	if (s->target <= 0)
		return 0;
	if (waitpid(s->target, &st, WNOHANG) != s->target)
		return 0;
	say(s, "command exited (%s %d)",
	    WIFEXITED(st) ? "status" : "signal",
	    WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st));
	s->target = 0;
	return 1;
}

/*
 * Where a channel's DATA records go.  Only the default channel has a
 * destination so far (the script's output: stdout or -o); a module with
 * another one is refused before it starts rather than losing its data.
 */
static FILE *channel_output(struct session *s, const struct stp_chan_info *ci)
{
	if (ci->id == STP_CHAN_DEFAULT && ci->format == STP_CHAN_TEXT)
		return s->out;
	fprintf(stderr, "staprun: module %s: channel %u \"%s\" (%s records): this staprun has no output for it\n",
		s->mi.name, ci->id, ci->name,
		stp_chan_format_name(ci->format));
	return NULL;
}

/* Opens stapc_NAME/CHANNEL/cpuN for every N the module made. */
static int open_cpu_files(struct session *s, struct channel *ch)
{
	char dir[192], path[256];
	struct dirent *de;
	unsigned max = 0, found = 0;
	DIR *d;

	snprintf(path, sizeof(path), "/%s", ch->info->name);
	if (stp_module_path(dir, sizeof(dir), s->mi.name, path))
		return -1;
	d = opendir(dir);
	if (!d) {
		fprintf(stderr, "staprun: module %s has no transport files in %s: %s\n",
			s->mi.name, dir, strerror(errno));
		return -1;
	}
	while ((de = readdir(d)))
		if (strncmp(de->d_name, "cpu", 3) == 0) {
			unsigned long n = strtoul(de->d_name + 3, NULL, 10);

			if (n < STP_MERGE_MAX_CPUS && n + 1 > max)
				max = (unsigned)n + 1;
			found++;
		}
	closedir(d);
	if (!found) {
		fprintf(stderr, "staprun: no cpu files in %s\n", dir);
		return -1;
	}
	ch->ncpus = max;
	ch->fds = malloc(sizeof(int) * max);
	ch->m = stp_merge_new(ch->info->id, max, QUEUE_BUDGET);
	if (!ch->fds || !ch->m) {
		fprintf(stderr, "staprun: out of memory\n");
		return -1;
	}
	for (unsigned c = 0; c < max; c++)
		ch->fds[c] = -1;
	for (unsigned c = 0; c < max; c++) {
		snprintf(path, sizeof(path), "%s/cpu%u", dir, c);
		ch->fds[c] = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
		if (ch->fds[c] < 0) {
			if (errno != ENOENT) {
				fprintf(stderr, "staprun: %s: %s\n", path,
					strerror(errno));
				return -1;
			}
			stp_merge_close(ch->m, c);
		}
	}
	return 0;
}

/* The channels file, then every channel's cpu files. */
static int open_channels(struct session *s)
{
	char err[512];

	if (stp_channels_load(s->mi.name, &s->list, err, sizeof(err))) {
		fprintf(stderr, "staprun: module %s: %s\n", s->mi.name, err);
		return -1;
	}
	s->chans = calloc(s->list.n, sizeof(*s->chans));
	s->merges = calloc(s->list.n, sizeof(*s->merges));
	if (!s->chans || !s->merges) {
		fprintf(stderr, "staprun: out of memory\n");
		return -1;
	}
	for (unsigned i = 0; i < s->list.n; i++) {
		struct channel *ch = &s->chans[i];

		ch->info = &s->list.chan[i];
		ch->out = channel_output(s, ch->info);
		if (!ch->out || open_cpu_files(s, ch))
			return -1;
		s->merges[i] = ch->m;
		say(s, "channel %u %s: %u CPUs, %s, %llu-byte rings", i,
		    ch->info->name, ch->ncpus,
		    stp_chan_mode_name(ch->info->mode),
		    (unsigned long long)ch->info->ring_bytes);
	}
	s->channels_open = 1;
	return 0;
}

static void close_channels(struct session *s)
{
	for (unsigned i = 0; s->chans && i < s->list.n; i++) {
		struct channel *ch = &s->chans[i];

		for (unsigned c = 0; ch->fds && c < ch->ncpus; c++)
			if (ch->fds[c] >= 0)
				close(ch->fds[c]);
		free(ch->fds);
		ch->fds = NULL;
	}
}

static void free_channels(struct session *s)
{
	close_channels(s);
	for (unsigned i = 0; s->chans && i < s->list.n; i++)
		stp_merge_free(s->chans[i].m);
	free(s->chans);
	free(s->merges);
	s->chans = NULL;
	s->merges = NULL;
}

/* Whether any channel has a cpu file left open. */
static int files_open(const struct session *s)
{
	for (unsigned i = 0; s->chans && i < s->list.n; i++)
		for (unsigned c = 0; s->chans[i].fds && c < s->chans[i].ncpus;
		     c++)
			if (s->chans[i].fds[c] >= 0)
				return 1;
	return 0;
}

/* Writes every record a channel's merge can safely give out. */
static void emit_channel(struct session *s, struct channel *ch)
{
	struct stp_merge_rec r;

	while (stp_merge_next(ch->m, &r) == STP_MERGE_REC) {
		if (r.type == STP_REC_EXIT) {
			s->exit_seen = 1;
			continue;
		}
		if (r.type == STP_REC_WARNING && s->o->suppress_warnings)
			continue;
		if (r.type == STP_REC_WARNING || r.type == STP_REC_ERROR)
			before_stderr(s);
		if (stp_merge_write(&r, ch->out, stderr) && !s->failed) {
			fprintf(stderr, "staprun: writing output: %s\n",
				strerror(errno));
			s->failed = 1;
		}
		if (r.type == STP_REC_WARNING || r.type == STP_REC_ERROR)
			after_stderr(s);
	}
}

static void emit(struct session *s)
{
	for (unsigned i = 0; i < s->list.n; i++)
		emit_channel(s, &s->chans[i]);
}

/* One pass over a channel's cpu files: records read (>0), 0 when all
 * were empty, -1 on a protocol error (see read_round). */
static long read_channel(struct session *s, struct channel *ch, uint64_t t,
			 int draining)
{
	long got = 0;

	for (unsigned c = 0; c < ch->ncpus; c++) {
		size_t room;
		ssize_t n;
		int rc;

		if (ch->fds[c] < 0)
			continue;
		room = stp_merge_room(ch->m, c);
		if (room < STP_MERGE_MIN_BUDGET)
			continue;	/* queue full: others must catch up */
		if (room > READ_MAX)
			room = READ_MAX;
		n = read(ch->fds[c], s->buf, room);
		if (n < 0 && errno != EAGAIN && errno != EINTR) {
			fprintf(stderr, "staprun: reading %s/cpu%u: %s\n",
				ch->info->name, c, strerror(errno));
			return -1;
		}
		if (n <= 0) {
			if (n < 0 && errno == EINTR)
				continue;
			if (draining) {
				close(ch->fds[c]);
				ch->fds[c] = -1;
				stp_merge_close(ch->m, c);
			} else {
				stp_merge_idle(ch->m, c, t);
			}
			continue;
		}
		rc = stp_merge_feed(ch->m, c, s->buf, (size_t)n);
		if (rc < 0) {
			fprintf(stderr, "staprun: bad records from %s/cpu%u: %s\n",
				ch->info->name, c, stp_merge_error(ch->m));
			return -1;
		}
		got++;
	}
	return got;
}

/* One pass over every channel's cpu files.  Returns records read (>0),
 * 0 when all were empty, -1 on a protocol error.  In `draining` mode
 * (after stop: nothing new can arrive) an empty CPU is closed. */
static long read_round(struct session *s, int draining)
{
	uint64_t t = now_ns();
	long got = 0;

	for (unsigned i = 0; i < s->list.n; i++) {
		long n = read_channel(s, &s->chans[i], t, draining);

		if (n < 0)
			return -1;
		got += n;
	}
	return got;
}

/* Until exit(), a signal, the -c command's end or a failure. */
static void stream(struct session *s)
{
	long sleep_ns = 0;

	while (!got_signal && !s->exit_seen && !s->failed) {
		long got = read_round(s, 0);

		if (got < 0) {
			s->failed = 1;
			break;
		}
		emit(s);
		if (target_exited(s))
			break;
		if (got) {
			sleep_ns = 0;
			continue;
		}
		/* all empty: show what we have, then back off */
		fflush(s->out);
		sleep_ns = sleep_ns ? sleep_ns * 2 : 1000000;
		if (sleep_ns > SLEEP_MAX_NS)
			sleep_ns = SLEEP_MAX_NS;
		{
			struct timespec ts = { 0, sleep_ns };

			nanosleep(&ts, NULL);
		}
	}
}

/* After "stop": everything left, in order. */
static void drain(struct session *s)
{
	for (;;) {
		long got = read_round(s, 1);

		if (got < 0)
			break;
		emit(s);
		if (!got && !files_open(s))
			break;
	}
	for (unsigned i = 0; i < s->list.n; i++)
		stp_merge_flush(s->chans[i].m);
	emit(s);
	fflush(s->out);
}

static void install_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sa.sa_handler = on_child;
	sigaction(SIGCHLD, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

static void report_drops(struct session *s)
{
	char msg[1024];
	int n = stp_merge_drops_summary(s->merges, s->list.n, msg, sizeof(msg),
					0, s->o->verbose > 0);

	if (n > 0) {
		before_stderr(s);
		fputs(msg, stderr);
	}
	for (unsigned i = 0; i < s->list.n; i++)
		if (stp_merge_late(s->chans[i].m))
			say(s, "%s: %llu records arrived after newer ones were printed",
			    s->chans[i].info->name,
			    (unsigned long long)stp_merge_late(s->chans[i].m));
}

int stp_session_run(const struct staprun_opts *o)
{
	struct session s = { .o = o, .out = stdout, .target_go = -1 };
	struct stp_watchdog wd = { .pid = -1, .fd = -1 };
	struct stp_control_state st;
	char err[512];
	char *params = NULL;
	int status = 1, loaded = 0, started = 0;
	struct utsname u;

	install_signals();
	if (stp_modinfo_read(o->module, &s.mi, err, sizeof(err))) {
		fprintf(stderr, "staprun: %s\n", err);
		return 1;
	}
	if (uname(&u) == 0 && s.mi.release[0] &&
	    strcmp(u.release, s.mi.release) != 0) {
		fprintf(stderr, "staprun: cannot load module %s: module built for %s, running %s\n",
			s.mi.name, s.mi.release, u.release);
		return 1;
	}
	/* -G names: the kernel would only log "unknown parameter" and run
	 * the script without the value */
	for (size_t i = 0; i < o->nparams; i++) {
		size_t len = strcspn(o->params[i], "=");

		if (!stp_modinfo_declares(&s.mi, o->params[i], len)) {
			fprintf(stderr, "ERROR: the script has no global '%.*s' "
				"that could be set (-G %s)\n", (int)len,
				o->params[i], o->params[i]);
			return 1;
		}
	}
	s.buf = stp_xmalloc(READ_MAX);
	/* tz_ctime() and friends need the zone, which only user space knows */
	s.params = stp_params_with_tz(&s.mi, o->params, o->nparams, s.tz,
				      &s.nparams);
	params = stp_module_params(s.params, s.nparams, o->target_pid);
	if (o->outfile) {
		s.out = fopen(o->outfile, "w");
		if (!s.out) {
			fprintf(stderr, "staprun: cannot open output file %s: %s\n",
				o->outfile, strerror(errno));
			s.out = stdout;
			goto out;
		}
	}
	s.out_tty_apart = ttys_apart(s.out);
	if (stp_debugfs_ensure(err, sizeof(err))) {
		fprintf(stderr, "staprun: %s\n", err);
		goto out;
	}
	if (o->command) {
		char *p2;

		if (spawn_target(&s)) {
			fprintf(stderr, "staprun: cannot run -c command: %s\n",
				strerror(errno));
			goto out;
		}
		p2 = stp_module_params(s.params, s.nparams, s.target);
		free(params);
		params = p2;
	}
	if (stp_watchdog_start(&wd, s.mi.name)) {
		fprintf(stderr, "staprun: cannot start the watchdog: %s\n",
			strerror(errno));
		goto out;
	}
	say(&s, "loading %s as %s%s%s", o->module, s.mi.name,
	    params[0] ? " with " : "", params);
	if (stp_module_load(o->module, &s.mi, params, err, sizeof(err))) {
		fprintf(stderr, "staprun: %s\n", err);
		goto out;
	}
	loaded = 1;
	if (open_channels(&s))
		goto stop;
	if (stp_control_write(s.mi.name, "start")) {
		int e = errno;

		/* the module's ERROR records say which probe failed */
		drain(&s);
		fprintf(stderr, "staprun: cannot start module %s: %s\n",
			s.mi.name, strerror(e));
		goto unload;
	}
	started = 1;
	say(&s, "started");
	release_target(&s, 1);
	stream(&s);
	say(&s, "stopping (%s)", s.exit_seen ? "exit()" :
	    got_signal ? strsignal(got_signal) :
	    s.failed ? "failure" : "command ended");
stop:
	/* a later signal only sets the flag again: the end probes' output
	 * is drained whatever happens */
	if (stp_control_write(s.mi.name, "stop"))
		fprintf(stderr, "staprun: stopping module %s: %s\n",
			s.mi.name, strerror(errno));
	if (s.channels_open)
		drain(&s);
	if (started) {
		if (stp_control_read(s.mi.name, &st)) {
			fprintf(stderr, "staprun: reading the state of %s: %s\n",
				s.mi.name, strerror(errno));
			s.failed = 1;
		} else {
			say(&s, "state=%s errors=%ld skipped=%ld", st.state,
			    st.errors, st.skipped);
			status = st.errors > 0 || s.failed;
		}
	}
unload:
	close_channels(&s);
	if (stp_module_unload(s.mi.name)) {
		fprintf(stderr, "staprun: cannot remove module %s: %s\n",
			s.mi.name, strerror(errno));
		status = 1;
	} else {
		say(&s, "removed module %s", s.mi.name);
	}
	if (s.channels_open)
		report_drops(&s);
out:
	release_target(&s, 0);
	if (s.target > 0) {
		/* -c: the session ended first (exit() or a signal); SystemTap
		 * leaves the command running, so only reap it if done */
		waitpid(s.target, NULL, WNOHANG);
	}
	stp_watchdog_disarm(&wd);
	if (s.out != stdout) {
		if (fclose(s.out) && !s.failed) {
			fprintf(stderr, "staprun: writing %s: %s\n",
				o->outfile, strerror(errno));
			status = 1;
		}
		/* nothing ran: do not leave an empty output file behind */
		if (!started)
			unlink(o->outfile);
	} else if (fflush(stdout) && errno != EPIPE) {
		status = 1;
	}
	(void)loaded;
	free_channels(&s);
	free(s.buf);
	free(params);
	free(s.tz[0]);
	free(s.tz[1]);
	free(s.params);
	return status;
}

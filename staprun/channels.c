// SPDX-License-Identifier: GPL-2.0-only
/* channels.c - staprun: read a module's channels file (channels.h). */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "channels.h"
#include "modload.h"

#define NAME_ENTRY(id, name) [id] = name,
static const char *const mode_names[] = { STP_CHAN_MODES(NAME_ENTRY) };
static const char *const format_names[] = { STP_CHAN_FORMATS(NAME_ENTRY) };
#undef NAME_ENTRY

const char *stp_chan_mode_name(enum stp_chan_mode mode)
{
	return (unsigned)mode < STP_CHAN_NMODES ? mode_names[mode] : "?";
}

const char *stp_chan_format_name(enum stp_chan_format format)
{
	return (unsigned)format < STP_CHAN_NFORMATS ? format_names[format] : "?";
}

static int __attribute__((format(printf, 3, 4)))
fail(char *err, size_t errsize, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errsize, fmt, ap);
	va_end(ap);
	return -1;
}

/* Index of word in names[0..n), or -1. */
static int lookup(const char *const *names, int n, const char *word)
{
	for (int i = 0; i < n; i++)
		if (strcmp(names[i], word) == 0)
			return i;
	return -1;
}

/* A directory name of our own making: no '/', no "..", nothing odd. */
static int name_ok(const char *name)
{
	if (!name[0])
		return 0;
	for (const char *p = name; *p; p++)
		if (!(islower((unsigned char)*p) || isdigit((unsigned char)*p) ||
		      *p == '_'))
			return 0;
	return 1;
}

/* One "ID NAME MODE FORMAT BYTES" line (NUL-terminated, no newline). */
static int parse_line(const char *line, struct stp_chan_list *out,
		      char *err, size_t errsize)
{
	unsigned want_id = out->n;
	struct stp_chan_info *c = &out->chan[want_id];
	char name[64], mode[16], format[16];
	unsigned id;
	uint64_t bytes;
	int end = -1, k;

	if (!isdigit((unsigned char)line[0]) ||
	    sscanf(line, "%u %63s %15s %15s %" SCNu64 "%n", &id, name, mode,
		   format, &bytes, &end) != 5 || line[end] != '\0')
		return fail(err, errsize,
			    "channels line %u: want \"ID NAME MODE FORMAT BYTES\", got \"%s\"",
			    want_id + 2, line);
	if (id != want_id)
		return fail(err, errsize,
			    "channels line %u: channel id %u, want %u (ids go up from 0)",
			    want_id + 2, id, want_id);
	if (strlen(name) >= sizeof(c->name) || !name_ok(name))
		return fail(err, errsize,
			    "channel %u: bad name \"%s\" (want 1 to %d of [a-z0-9_])",
			    id, name, STP_CHAN_NAME_MAX - 1);
	k = lookup(mode_names, STP_CHAN_NMODES, mode);
	if (k < 0)
		return fail(err, errsize,
			    "channel %u (%s): mode \"%s\" is not one this staprun can run",
			    id, name, mode);
	c->mode = (enum stp_chan_mode)k;
	k = lookup(format_names, STP_CHAN_NFORMATS, format);
	if (k < 0)
		return fail(err, errsize,
			    "channel %u (%s): record format \"%s\" is not one this staprun can read",
			    id, name, format);
	c->format = (enum stp_chan_format)k;
	c->id = id;
	c->ring_bytes = bytes;
	memcpy(c->name, name, strlen(name) + 1);
	for (unsigned i = 0; i < want_id; i++)
		if (strcmp(out->chan[i].name, name) == 0)
			return fail(err, errsize,
				    "channel %u: name \"%s\" is also channel %u's",
				    id, name, i);
	return 0;
}

int stp_channels_parse(const char *text, size_t len,
		       struct stp_chan_list *out, char *err, size_t errsize)
{
	char buf[STP_CHANNELS_FILE_MAX + 1], *line, *nl;
	unsigned version;
	int end = -1;

	memset(out, 0, sizeof(*out));
	if (len > STP_CHANNELS_FILE_MAX)
		return fail(err, errsize,
			    "channels file: %zu bytes, more than the %d that %d channels take",
			    len, STP_CHANNELS_FILE_MAX, STP_CHAN_MAX);
	memcpy(buf, text, len);
	buf[len] = '\0';
	if (strlen(buf) != len)
		return fail(err, errsize, "channels file: a NUL byte in the text");
	nl = strchr(buf, '\n');
	if (!nl)
		return fail(err, errsize, "channels file: no version line");
	*nl = '\0';
	if (sscanf(buf, "stapc-transport %u%n", &version, &end) != 1 ||
	    buf[end] != '\0')
		return fail(err, errsize,
			    "channels file: first line \"%s\" is not \"stapc-transport VERSION\"",
			    buf);
	if (version != STP_TRANSPORT_VERSION)
		return fail(err, errsize,
			    "the module speaks transport version %u, this staprun version %d: build the module and staprun from the same stapc",
			    version, STP_TRANSPORT_VERSION);
	for (line = nl + 1; *line; line = nl + 1) {
		nl = strchr(line, '\n');
		if (!nl)
			return fail(err, errsize,
				    "channels file: last line \"%s\" has no newline",
				    line);
		*nl = '\0';
		if (out->n == STP_CHAN_MAX)
			return fail(err, errsize,
				    "channels file: more than %d channels",
				    STP_CHAN_MAX);
		if (parse_line(line, out, err, errsize))
			return -1;
		out->n++;
	}
	if (out->n == 0)
		return fail(err, errsize, "channels file: no channel");
	return 0;
}

int stp_channels_load(const char *modname, struct stp_chan_list *out,
		      char *err, size_t errsize)
{
	char path[192], text[STP_CHANNELS_FILE_MAX + 1];
	size_t len = 0;
	ssize_t n;
	int fd;

	if (stp_module_path(path, sizeof(path), modname, "/channels"))
		return fail(err, errsize, "module name %s: %s", modname,
			    strerror(errno));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return fail(err, errsize, "%s: %s%s", path, strerror(errno),
			    errno == ENOENT ? " (a module of an older stapc? "
			    "build it again with this one)" : "");
	do {
		n = read(fd, text + len, sizeof(text) - len);
		if (n > 0)
			len += (size_t)n;
	} while ((n > 0 && len < sizeof(text)) || (n < 0 && errno == EINTR));
	if (n < 0) {
		fail(err, errsize, "reading %s: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	close(fd);
	return stp_channels_parse(text, len, out, err, errsize);
}

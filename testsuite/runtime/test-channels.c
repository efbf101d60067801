// SPDX-License-Identifier: GPL-2.0-only
/* test-channels.c - host unit tests of staprun/channels.c: what staprun
 * accepts from a module's channels file (runtime/transport_msgs.h) and
 * what it refuses, and how. */
#include <stdio.h>
#include <string.h>

#include "channels.h"
#include "check.h"

static struct stp_chan_list list;
static char err[512];

static int parse(const char *text)
{
	err[0] = '\0';
	return stp_channels_parse(text, strlen(text), &list, err, sizeof(err));
}

/* text is refused with a message containing words */
static void refused(const char *text, const char *words, const char *what)
{
	CHECK(parse(text) == -1 && strstr(err, words) != NULL,
	      "%s: refused, message \"%s\" mentions \"%s\"", what, err, words);
}

/* What today's module writes: the default channel. */
static void test_default(void)
{
	char text[128];

	snprintf(text, sizeof(text),
		 "stapc-transport %d\n0 stdout normal text 1048576\n",
		 STP_TRANSPORT_VERSION);
	CHECK_EQ(parse(text), 0, "default channel parsed");
	CHECK(list.n == 1 && list.chan[0].id == STP_CHAN_DEFAULT &&
	      strcmp(list.chan[0].name, STP_CHAN_DEFAULT_NAME) == 0 &&
	      list.chan[0].mode == STP_CHAN_NORMAL &&
	      list.chan[0].format == STP_CHAN_TEXT &&
	      list.chan[0].ring_bytes == 1048576,
	      "default: channel 0 stdout, normal, text, 1 MiB rings");
}

/* Several channels, each with its own mode and the names round-trip. */
static void test_several(void)
{
	char text[256];

	snprintf(text, sizeof(text),
		 "stapc-transport %d\n0 stdout normal text 65536\n"
		 "1 flight_1 flight text 131072\n2 net normal text 4096\n",
		 STP_TRANSPORT_VERSION);
	CHECK_EQ(parse(text), 0, "three channels parsed");
	CHECK(list.n == 3 && list.chan[1].id == 1 &&
	      strcmp(list.chan[1].name, "flight_1") == 0 &&
	      list.chan[1].mode == STP_CHAN_FLIGHT &&
	      list.chan[1].ring_bytes == 131072 &&
	      strcmp(list.chan[2].name, "net") == 0 &&
	      list.chan[2].mode == STP_CHAN_NORMAL,
	      "several: ids, names, modes and sizes as listed");
	CHECK(strcmp(stp_chan_mode_name(STP_CHAN_FLIGHT), "flight") == 0 &&
	      strcmp(stp_chan_format_name(STP_CHAN_TEXT), "text") == 0,
	      "several: mode and format names from the shared tables");
}

static void test_refused(void)
{
	char v[64], text[256];

	snprintf(v, sizeof(v), "stapc-transport %d\n", STP_TRANSPORT_VERSION);
	refused("stapc-transport 1\n0 stdout normal text 4096\n",
		"version 1", "older transport version");
	refused("", "no version line", "empty file");
	refused("hello\n", "stapc-transport VERSION", "no version");
	refused(v, "no channel", "version only");
#define WITH(lines) (snprintf(text, sizeof(text), "%s%s", v, lines), text)
	refused(WITH("0 stdout normal text 4096"), "no newline",
		"truncated last line");
	refused(WITH("1 stdout normal text 4096\n"), "id 1, want 0",
		"ids not from 0");
	refused(WITH("0 stdout normal text 4096\n0 b normal text 4096\n"),
		"id 0, want 1", "repeated id");
	refused(WITH("0 stdout normal text 4096\n1 stdout normal text 4096\n"),
		"also channel 0", "repeated name");
	refused(WITH("0 ../x normal text 4096\n"), "bad name",
		"a name that leaves the directory");
	refused(WITH("0 Stdout normal text 4096\n"), "bad name",
		"upper case name");
	refused(WITH("0 stdout ring text 4096\n"),
		"mode \"ring\" is not one this staprun can run",
		"unknown mode");
	refused(WITH("0 stdout normal ctf 4096\n"),
		"record format \"ctf\" is not one this staprun can read",
		"unknown format");
	refused(WITH("0 stdout normal text\n"), "ID NAME MODE FORMAT BYTES",
		"missing field");
	refused(WITH("0 stdout normal text 4096 extra\n"),
		"ID NAME MODE FORMAT BYTES", "extra field");
	refused(WITH(" 0 stdout normal text 4096\n"),
		"ID NAME MODE FORMAT BYTES", "leading blank");
#undef WITH
	{
		static char big[STP_CHANNELS_FILE_MAX + 2];

		memset(big, 'x', sizeof(big) - 1);
		refused(big, "more than", "longer than any module writes");
	}
}

int main(void)
{
	test_default();
	test_several();
	test_refused();
	printf("%d checks, %d failed\n", n_checks, n_failed);
	return n_failed ? 1 : 0;
}

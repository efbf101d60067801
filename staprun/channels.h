/* SPDX-License-Identifier: GPL-2.0-only */
/* channels.h - staprun: the channels a module writes records to, as its
 * stapc_NAME/channels file lists them (runtime/transport_msgs.h). */
#ifndef _STAPRUN_CHANNELS_H_
#define _STAPRUN_CHANNELS_H_

#include <stddef.h>
#include <stdint.h>

#include "transport_msgs.h"

struct stp_chan_info {
	unsigned id;			/* the records' chan field */
	char name[STP_CHAN_NAME_MAX];	/* its directory: [a-z0-9_]+ */
	enum stp_chan_mode mode;
	enum stp_chan_format format;
	uint64_t ring_bytes;		/* each CPU's ring */
};

struct stp_chan_list {
	unsigned n;			/* 1 .. STP_CHAN_MAX, ids 0 .. n-1 */
	struct stp_chan_info chan[STP_CHAN_MAX];
};

/* Bytes a channels file can take at most. */
#define STP_CHANNELS_FILE_MAX ((STP_CHAN_MAX + 1) * (STP_CHAN_NAME_MAX + 64))

/* Parses the text of a channels file (len bytes, no NUL needed): the
 * version line, then one line per channel with ids 0, 1, ... in order,
 * every line ending in a newline.  0, or -1 with a message in err: a
 * version other than STP_TRANSPORT_VERSION, a mode or format this
 * staprun does not know, a bad name or id, a malformed line. */
int stp_channels_parse(const char *text, size_t len,
		       struct stp_chan_list *out, char *err, size_t errsize);

/* Reads and parses /sys/kernel/debug/stapc_MODNAME/channels.  0, or -1
 * with a message in err. */
int stp_channels_load(const char *modname, struct stp_chan_list *out,
		      char *err, size_t errsize);

/* The names of the modes and formats (transport_msgs.h's tables). */
const char *stp_chan_mode_name(enum stp_chan_mode mode);
const char *stp_chan_format_name(enum stp_chan_format format);

#endif /* _STAPRUN_CHANNELS_H_ */

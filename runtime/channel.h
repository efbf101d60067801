/* SPDX-License-Identifier: GPL-2.0-only */
/* channel.h - a transport channel: what a channel is, and how a record
 * format plugs in.
 *
 * A channel is one stream of records (transport_msgs.h's header) with
 * its own ring per CPU and its own directory of cpuN files.  It is
 * described by a struct stp_channel_config (name, size of each CPU's
 * ring, mode when a ring is full, record format) and served by the
 * callbacks of its format's struct stp_channel_client: the transport
 * (transport.c) owns the rings and the files, the client says what a
 * record of the format looks like where the transport has to write one
 * itself.  The module's channels are one table in transport.c, ids by
 * position; the "channels" file lists them for staprun.
 *
 *   probe:   _stp_channel_write(id, type, event, payload...)
 *   reader:  CHANNEL/cpuN read() -> [client's lost record] records...
 */
#ifndef _STP_CHANNEL_H_
#define _STP_CHANNEL_H_

#include "stp_types.h"
#include "transport_msgs.h"

struct stp_channel;

/**
 * struct stp_channel_client - what a record format provides
 * @lost_bytes: room the lost-records record takes (reserved before the
 *	data of a read that has something to report)
 * @lost_record: write into @dst (@lost_bytes long) the record saying
 *	that @lost records of @cpu were dropped; @ts keeps the stream in
 *	time order (the ts of the record it precedes)
 */
struct stp_channel_client {
	size_t lost_bytes;
	void (*lost_record)(const struct stp_channel *ch, void *dst, u16 cpu,
			    u64 ts, u64 lost);
};

/**
 * struct stp_channel_config - a channel, as the module declares it
 * @name: directory name under stapc_NAME, at most STP_CHAN_NAME_MAX - 1
 *	bytes of [a-z0-9_]
 * @ring_bytes: each CPU's ring; 0: STP_BUFFER_KB (stap -s).  Rounded up
 *	to a power of two that holds the largest record four times
 * @mode: enum stp_chan_mode
 * @format: enum stp_chan_format
 * @client: @format's callbacks
 */
struct stp_channel_config {
	const char *name;
	size_t ring_bytes;
	enum stp_chan_mode mode;
	enum stp_chan_format format;
	const struct stp_channel_client *client;
};

/* The channel's id, for the client (the header's chan field). */
u16 _stp_channel_id(const struct stp_channel *ch);

/*
 * Append one record to channel @chan on this CPU, payload in two pieces
 * (@b may be NULL with @blen 0).  Context: any (disables preemption
 * itself); lock-free, never sleeps.  A record that does not fit is
 * dropped and counted by the ring; an unknown channel drops it uncounted.
 */
void _stp_channel_write(u16 chan, u16 type, u16 event, const void *a,
			u32 alen, const void *b, u32 blen);

#endif /* _STP_CHANNEL_H_ */

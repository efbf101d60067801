/* SPDX-License-Identifier: GPL-2.0-only */
/* transport_msgs.h - the contract between a module and staprun.
 *
 * Included by the runtime (kernel) and by staprun (user space).  Every
 * record a probe emits, and every control message, starts with this
 * header; records of one channel and CPU are in time order, and staprun
 * merges a channel's CPUs by `ts` (one clock, comparable across CPUs
 * and channels).  Multi-byte fields
 * are in the host's byte order: writer and reader share a machine.
 *
 * The files (debugfs, mounted by staprun if needed), for a module NAME:
 *
 *   /sys/kernel/debug/stapc_NAME/channels
 *	read: what the module writes records to.  First line
 *	"stapc-transport V\n", V = STP_TRANSPORT_VERSION (staprun refuses
 *	another); then one line per channel, by id from 0 up:
 *	"ID NAME MODE FORMAT BYTES\n", MODE and FORMAT the names in
 *	STP_CHAN_MODES and STP_CHAN_FORMATS, BYTES each CPU's ring.
 *	Channel STP_CHAN_DEFAULT is "stdout": the script's output.
 *   /sys/kernel/debug/stapc_NAME/CHANNEL/cpuN
 *	one per channel and possible CPU N.  read() returns whole records
 *	only (never a partial one), 0 when the ring is empty (it does not
 *	block: staprun polls), and, before the data, a record saying how
 *	many were lost since the last read (text format: STP_REC_DROPS).
 *	A buffer too small for the next record gets -EINVAL: read with at
 *	least 64 KiB (records are at most STP_PRINT_BUF_SIZE + header).
 *   /sys/kernel/debug/stapc_NAME/control
 *	write "start": run the begin probes, then register every other
 *	  probe; returns when done.  write() fails with the errno of the
 *	  first site that could not be registered (non-optional), after
 *	  ERROR records saying which; the module then holds no probes.
 *	write "stop": unregister all probes and wait for running handlers,
 *	  then run the end probes (or the error probes, after errors),
 *	  then the summary warning; returns when done.  Idempotent.
 *	write "flight on" / "flight off": every channel's rings overwrite
 *	  the oldest records / go back to the channel's own mode.
 *	read: one line "state=S errors=N skipped=M exit=E\n", S one of
 *	  loaded|starting|running|stopped (starting: begin probes run and
 *	  sites are being registered; running: every site is armed), E 1
 *	  once exit() ran or limits ended it.
 *
 * The session, as staprun runs it: finit_module(params = -G values),
 * read channels, write "start", read the cpu files (each channel's
 * merged by ts) until an STP_REC_EXIT record arrives or a signal
 * (SIGINT/SIGTERM/SIGHUP), write "stop", drain the cpu files, read
 * control for the exit status (non-zero errors: status 1),
 * delete_module.
 */
#ifndef _STP_TRANSPORT_MSGS_H_
#define _STP_TRANSPORT_MSGS_H_

#ifdef __KERNEL__
#include <linux/types.h>
#else
#include <stdint.h>
typedef uint16_t __u16;
typedef uint32_t __u32;
typedef uint64_t __u64;
#endif

/*
 * The layout below (header, record kinds, channels file).  1 was the
 * 16-byte header without channel and event ids.
 */
#define STP_TRANSPORT_VERSION 2

/* Kinds of record (stp_rec_hdr.type) of the "text" format. */
enum stp_rec_type {
	STP_REC_DATA = 1,	/* script output (print, printf): bytes */
	STP_REC_ERROR = 2,	/* "ERROR: ...\n" for stderr, prefix and
				 * newline included: written as is */
	STP_REC_WARNING = 3,	/* "WARNING: ...\n" likewise */
	STP_REC_EXIT = 4,	/* the script called exit(); no payload */
	STP_REC_DROPS = 5,	/* payload: __u64 records lost on this CPU
				 * and channel since the last DROPS record */
};

/* Records are padded so the next header is 8-byte aligned. */
#define STP_REC_ALIGN 8

/*
 * 24 bytes, every field at its natural alignment:
 *
 *   0  len    u32   4  type  u16   6  cpu       u16
 *   8  ts     u64
 *  16  chan   u16  18  event u16  20  reserved  u32 (0)
 */
struct stp_rec_hdr {
	__u32 len;	/* payload bytes after this header (no padding) */
	__u16 type;	/* enum stp_rec_type */
	__u16 cpu;	/* CPU that wrote it */
	__u64 ts;	/* nanoseconds, monotonic, same clock on all CPUs */
	__u16 chan;	/* channel id: its line in the channels file */
	__u16 event;	/* what the payload is, within the channel's format;
			 * STP_EVENT_NONE for the text format's records */
	__u32 reserved;	/* 0 */
};

/* Bytes a record with `len` payload bytes occupies, header included. */
#define STP_REC_SIZE(len)						\
	((sizeof(struct stp_rec_hdr) + (len) + STP_REC_ALIGN - 1) &	\
	 ~(__u64)(STP_REC_ALIGN - 1))

/* The channel of the script's output and messages. */
#define STP_CHAN_DEFAULT 0
#define STP_CHAN_DEFAULT_NAME "stdout"
/* Channel ids go up to this (exclusive); names are at most this long. */
#define STP_CHAN_MAX 64
#define STP_CHAN_NAME_MAX 32

/* Event id of records that carry no typed event (the text format). */
#define STP_EVENT_NONE 0

/* What a channel does when a CPU's ring is full. */
#define STP_CHAN_MODES(X)						\
	X(STP_CHAN_NORMAL, "normal")	/* drop the new record, count */ \
	X(STP_CHAN_FLIGHT, "flight")	/* overwrite the oldest (-F) */

/* How a channel's records are read: the text format is enum
 * stp_rec_type records with event STP_EVENT_NONE. */
#define STP_CHAN_FORMATS(X)						\
	X(STP_CHAN_TEXT, "text")

#define STP_CHAN_ENUM_ENTRY(id, name) id,
enum stp_chan_mode { STP_CHAN_MODES(STP_CHAN_ENUM_ENTRY) STP_CHAN_NMODES };
enum stp_chan_format {
	STP_CHAN_FORMATS(STP_CHAN_ENUM_ENTRY) STP_CHAN_NFORMATS
};
#undef STP_CHAN_ENUM_ENTRY

#endif /* _STP_TRANSPORT_MSGS_H_ */

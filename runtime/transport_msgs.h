/* SPDX-License-Identifier: GPL-2.0-only */
/* transport_msgs.h - the contract between a module and staprun.
 *
 * Included by the runtime (kernel) and by staprun (user space).  Every
 * record a probe emits, and every control message, starts with this
 * header; records of one CPU are in time order, and staprun merges the
 * CPUs by `ts` (one clock, comparable across CPUs).  Multi-byte fields
 * are in the host's byte order: writer and reader share a machine.
 *
 * The files (debugfs, mounted by staprun if needed), for a module NAME:
 *
 *   /sys/kernel/debug/stapc_NAME/cpuN   one per possible CPU N.  read()
 *	returns whole records only (never a partial one), 0 when the ring is
 *	empty (it does not block: staprun polls), and, before the data,
 *	an STP_REC_DROPS record when records were lost since the last read.
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
 *	write "flight on" / "flight off": switch the rings' overwrite mode.
 *	read: one line "state=S errors=N skipped=M exit=E\n", S one of
 *	  loaded|starting|running|stopped (starting: begin probes run and
 *	  sites are being registered; running: every site is armed), E 1
 *	  once exit() ran or limits ended it.
 *
 * The session, as staprun runs it: finit_module(params = -G values),
 * write "start", read the cpu files (merge by ts) until an STP_REC_EXIT
 * record arrives or a signal (SIGINT/SIGTERM/SIGHUP), write "stop",
 * drain the cpu files, read control for the exit status (non-zero
 * errors: status 1), delete_module.
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

/* Kinds of record (stp_rec_hdr.type). */
enum stp_rec_type {
	STP_REC_DATA = 1,	/* script output (print, printf): bytes */
	STP_REC_ERROR = 2,	/* "ERROR: ...\n" for stderr, prefix and
				 * newline included: written as is */
	STP_REC_WARNING = 3,	/* "WARNING: ...\n" likewise */
	STP_REC_EXIT = 4,	/* the script called exit(); no payload */
	STP_REC_DROPS = 5,	/* payload: __u64 records lost on this CPU
				 * since the last DROPS record */
};

/* Records are padded so the next header is 8-byte aligned. */
#define STP_REC_ALIGN 8

struct stp_rec_hdr {
	__u32 len;	/* payload bytes after this header (no padding) */
	__u16 type;	/* enum stp_rec_type */
	__u16 cpu;	/* CPU that wrote it */
	__u64 ts;	/* nanoseconds, monotonic, same clock on all CPUs */
};

/* Bytes a record with `len` payload bytes occupies, header included. */
#define STP_REC_SIZE(len)						\
	((sizeof(struct stp_rec_hdr) + (len) + STP_REC_ALIGN - 1) &	\
	 ~(__u64)(STP_REC_ALIGN - 1))

#endif /* _STP_TRANSPORT_MSGS_H_ */

// SPDX-License-Identifier: GPL-2.0-only
/* lib-log.c - logging.stp's log, warn, error and exit, and the one
 * helper the library uses to print into a probe's output.
 *
 * SystemTap 4.8's log(msg) prints msg and a newline to the ordinary
 * output stream (it is a println that also works where print would be
 * buffered), not to stderr; warn goes to stderr as "WARNING: msg";
 * error ends the probe hit with msg and no " near ..." location.
 */
#include "stp_types.h"
#include "lib.h"
#include "context.h"

void _stp_lib_print(struct stp_context *c, const char *s, size_t n)
{
	struct _stp_out *o = &c->out;
	size_t k, fit;

	while (n) {
		k = min_t(size_t, n, o->size ? o->size : n);
		_stp_print_reserve(c, k);
		if (o->len < o->size) {
			fit = min_t(size_t, k, o->size - o->len);
			memcpy(o->buf + o->len, s, fit);
		}
		o->len += k;
		s += k;
		n -= k;
	}
}

void _stp_lib_log(struct stp_context *c, const char *msg)
{
	_stp_lib_print(c, msg, strlen(msg));
	_stp_lib_print(c, "\n", 1);
}

void _stp_lib_warn(struct stp_context *c, const char *msg)
{
	_stp_warn(c, "%s", msg);
}

void _stp_lib_error(struct stp_context *c, const char *msg)
{
	_stp_error(c, "%s", msg);
	c->last_stmt = NULL;
}

void _stp_lib_exit(struct stp_context *c)
{
	_stp_exit(c);
}

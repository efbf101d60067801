/* SPDX-License-Identifier: GPL-2.0-or-later */
/* text.h - small character and string predicates. */
#ifndef STP_TEXT_H
#define STP_TEXT_H

#include <stdbool.h>

/* The value of a hexadecimal digit (either case), or -1. */
int stp_hexval(int c);

/* Does s end with suffix (and is longer than it)? */
bool stp_has_suffix(const char *s, const char *suffix);

#endif

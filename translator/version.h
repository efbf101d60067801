/* SPDX-License-Identifier: GPL-2.0-or-later */
/* version.h - our version, and the SystemTap language version we speak
 * (what `systemtap_v` compares against in %( %) conditionals). */
#ifndef STP_VERSION_H
#define STP_VERSION_H

#include "config.h"

#define STP_VERSION PACKAGE_VERSION
#define STP_LANGUAGE_VERSION "5.1"

#endif

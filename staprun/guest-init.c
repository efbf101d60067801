// SPDX-License-Identifier: GPL-2.0-or-later
/* guest-init.c - the /init script of the VM runner's guest (busybox sh).
 * /stap/args.sh (written by vm.c) sets the positional parameters to
 * staprun's arguments; the protocol is described in vm.h. */
#include "vm.h"

const char stp_vm_guest_init[] =
	"#!/bin/sh\n"
	"# stapc VM guest init (staprun --vm)\n"
	"export PATH=/bin:/sbin HOME=/root TERM=dumb\n"
	"/bin/busybox --install -s /bin\n"
	"mount -t proc proc /proc\n"
	"mount -t sysfs sysfs /sys\n"
	"mount -t devtmpfs devtmpfs /dev 2>/dev/null\n"
	"mount -t tmpfs tmpfs /tmp\n"
	"exec </dev/console >/dev/console 2>&1\n"
	/* raw: byte-exact output (no \n -> \r\n), and no echo of the
	 * interrupt bytes back into the data; before START, since the
	 * host sends interrupts from then on */
	"exec 3<>/dev/ttyS1 4<>/dev/ttyS2\n"
	"stty raw -echo <&3\n"
	"stty raw -echo <&4\n"
	"echo; echo \"@@STAPC-VM START $(uname -r)\"\n"
	"cd /stap\n"
	". /stap/args.sh\n"
	/* SIGTERM, not SIGINT: a background job starts with SIGINT
	 * ignored, so one that came before staprun set its handler would
	 * be lost; staprun treats both alike */
	"/bin/staprun \"$@\" </dev/null >&3 2>&4 &\n"
	"pid=$!\n"
	"(while read -r -n 1 c; do kill -TERM $pid 2>/dev/null; done) <&4 &\n"
	"w=$!\n"
	"wait $pid\n"
	"rc=$?\n"
	"kill $w 2>/dev/null\n"
	"wait $w 2>/dev/null\n"
	/* the last close of a tty waits until the UART sent everything */
	"exec 3>&- 4>&-\n"
	"echo \"@@STAPC-VM EXIT=$rc\"\n"
	"dmesg | grep -E 'BUG:|WARNING:|Oops|general protection|soft lockup|hard LOCKUP|RCU stall|detected stall' | sed 's/^/@@STAPC-VM BAD /'\n"
	"echo \"@@STAPC-VM END\"\n"
	"poweroff -f\n";

// SPDX-License-Identifier: GPL-2.0
/* Selftest for run-vm's kernel log check: a WARN_ON at load time. */
#include <linux/bug.h>
#include <linux/init.h>
#include <linux/module.h>

static int __init warn_init(void)
{
	WARN_ON(1);
	return 0;
}

static void __exit warn_exit(void)
{
}

module_init(warn_init);
module_exit(warn_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("stapc testsuite/vm selftest: WARN_ON on load");

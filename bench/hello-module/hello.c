// SPDX-License-Identifier: GPL-2.0
/*
 * The smallest out-of-tree module: the floor that stapc's pass 4 (kbuild)
 * is compared with, and the first module the qemu recipe loads.
 */
#include <linux/init.h>
#include <linux/module.h>
#include <linux/printk.h>

static int __init hello_init(void)
{
	pr_info("hello: loaded\n");
	return 0;
}

static void __exit hello_exit(void)
{
	pr_info("hello: unloaded\n");
}

module_init(hello_init);
module_exit(hello_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("stapc bench: minimal module");

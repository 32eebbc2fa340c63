// SPDX-License-Identifier: GPL-2.0-only
/*
 * xbb_main.c: module entry points and tunables of the Xen block backend.
 *
 * xbb serves Xen guests' virtual block devices (xenbus device type "vbd")
 * from a Linux Dom0 or driver domain, in place of the in-tree xen-blkback.
 * It loads only on a kernel running under Xen.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/module.h>
#include <xen/xen.h>

#include "xbb.h"

/*-------------------------------- Tunables ---------------------------------*/
unsigned int xbb_max_ring_page_order = XBR_MAX_ORDER;

static int
xbb_param_set_order(const char *val, const struct kernel_param *kp)
{
	unsigned int order;
	int error;

	error = kstrtouint(val, 10, &order);
	if (error != 0)
		return error;
	if (order > XBR_MAX_ORDER)
		return -ERANGE;
	*(unsigned int *)kp->arg = order;
	return 0;
}

static const struct kernel_param_ops xbb_order_ops = {
	.set = xbb_param_set_order,
	.get = param_get_uint,
};

module_param_cb(max_ring_page_order, &xbb_order_ops, &xbb_max_ring_page_order,
    0644);
MODULE_PARM_DESC(max_ring_page_order,
    "log2 of the largest shared ring a frontend may use, 0 to 4 (default 4: 16 pages); published as max-ring-page-order and max-ring-pages");

/*------------------------------ Module entry -------------------------------*/
static int __init
xbb_init(void)
{
	if (!xen_domain()) {
		pr_err("not running under Xen: there are no guests to serve\n");
		return -ENODEV;
	}
	return xbb_xenbus_register();
}

static void __exit
xbb_exit(void)
{
	xbb_xenbus_unregister();
}

module_init(xbb_init);
module_exit(xbb_exit);

MODULE_DESCRIPTION("Xen block backend (vbd), FreeBSD blkback style");
MODULE_AUTHOR("The xbb/xnb authors");
MODULE_LICENSE("GPL");
MODULE_ALIAS("xen-backend:vbd");

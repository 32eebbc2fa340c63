// SPDX-License-Identifier: GPL-2.0-only
/*
 * xnb_main.c: module entry points and tunables of the Xen network backend.
 *
 * xnb serves Xen guests' virtual network interfaces (xenbus device type
 * "vif") from a Linux Dom0 or driver domain, in place of the in-tree
 * xen-netback.  It loads only on a kernel running under Xen.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/module.h>
#include <xen/xen.h>

#include "xnb.h"

/*-------------------------------- Tunables ---------------------------------*/
bool xnb_split_event_channels = true;
module_param_named(split_event_channels, xnb_split_event_channels, bool, 0644);
MODULE_PARM_DESC(split_event_channels,
    "offer separate TX and RX event channels to frontends (feature-split-event-channels, default on)");

/*------------------------------ Module entry -------------------------------*/
static int __init
xnb_init(void)
{
	if (!xen_domain()) {
		pr_err("not running under Xen: there are no guests to serve\n");
		return -ENODEV;
	}
	return xnb_xenbus_register();
}

static void __exit
xnb_exit(void)
{
	xnb_xenbus_unregister();
}

module_init(xnb_init);
module_exit(xnb_exit);

MODULE_DESCRIPTION("Xen network backend (vif), FreeBSD netback style");
MODULE_AUTHOR("The xbb/xnb authors");
MODULE_LICENSE("GPL");
MODULE_ALIAS("xen-backend:vif");

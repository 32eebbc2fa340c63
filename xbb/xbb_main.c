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

unsigned int xbb_max_indirect_segments = 32;

static int
xbb_param_set_indirect(const char *val, const struct kernel_param *kp)
{
	unsigned int n;
	int error;

	error = kstrtouint(val, 10, &n);
	if (error != 0)
		return error;
	if (n > XBB_MAX_SEGS || (n != 0 && n <= BLKIF_MAX_SEGMENTS_PER_REQUEST))
		return -ERANGE;
	*(unsigned int *)kp->arg = n;
	return 0;
}

static const struct kernel_param_ops xbb_indirect_ops = {
	.set = xbb_param_set_indirect,
	.get = param_get_uint,
};

module_param_cb(max_indirect_segments, &xbb_indirect_ops,
    &xbb_max_indirect_segments, 0644);
MODULE_PARM_DESC(max_indirect_segments,
    "segments an indirect request may carry, 12 to 256, or 0 to offer no indirect requests (default 32); published as feature-max-indirect-segments");

bool xbb_coalesce = true;
module_param_named(coalesce, xbb_coalesce, bool, 0644);
MODULE_PARM_DESC(coalesce,
    "gather consecutive reads or writes of contiguous sectors into one I/O (default on); read by each worker run");

unsigned int xbb_coalesce_max_segs = 256;
module_param_named(coalesce_max_segs, xbb_coalesce_max_segs, uint, 0644);
MODULE_PARM_DESC(coalesce_max_segs,
    "segments (4 KiB pages) one coalesced request list may hold, at most the pool's size (default 256: 1 MiB); read at connect");

unsigned int xbb_kva_pages;
module_param_named(kva_pages, xbb_kva_pages, uint, 0644);
MODULE_PARM_DESC(kva_pages,
    "pages in each queue's pool for mapping request lists (default 0: ring entries x 11, at most 2048, at least the largest request); read at connect");

unsigned int xbb_max_queues;
module_param_named(max_queues, xbb_max_queues, uint, 0644);
MODULE_PARM_DESC(max_queues,
    "rings (queues) a frontend may use, published as multi-queue-max-queues (default 0: the number of online CPUs, at most 16); read when a device is probed");

bool xbb_feature_persistent = true;
module_param_named(feature_persistent, xbb_feature_persistent, bool, 0644);
MODULE_PARM_DESC(feature_persistent,
    "offer persistent grants, published as feature-persistent (default on); read when a device is probed");

unsigned int xbb_max_persistent_grants = 1056;
module_param_named(max_persistent_grants, xbb_max_persistent_grants, uint,
    0644);
MODULE_PARM_DESC(max_persistent_grants,
    "grants each ring keeps mapped when persistent grants are negotiated; past it, grants are mapped per request and the least recently used unused ones are purged (default 1056); read at connect");

unsigned int xbb_pgnt_unused_seconds = 60;
module_param_named(persistent_grant_unused_seconds, xbb_pgnt_unused_seconds,
    uint, 0644);
MODULE_PARM_DESC(persistent_grant_unused_seconds,
    "seconds a persistent grant may stay unused before it is unmapped (default 60, as xen-blkback; 0: never)");

unsigned int xbb_squeeze_ms = 10;
module_param_named(buffer_squeeze_duration_ms, xbb_squeeze_ms, uint, 0644);
MODULE_PARM_DESC(buffer_squeeze_duration_ms,
    "under memory pressure, for this many ms, unused persistent grants are unmapped and spare pages freed at each worker run (default 10, as xen-blkback)");

bool xbb_log_stats;
unsigned int xbb_max_buffer_pages = 1024;
module_param_named(max_buffer_pages, xbb_max_buffer_pages, uint, 0644);
MODULE_PARM_DESC(max_buffer_pages,
    "spare pages each queue keeps for its mappings after a run; more are freed (default 1024, as xen-blkback)");

module_param_named(log_stats, xbb_log_stats, bool, 0644);
MODULE_PARM_DESC(log_stats,
    "every 10 s while a device serves I/O, log what it served since the last such line, with xen-blkback's counter names (default off)");

/*
 * Two workqueues.  xbb_wq runs the data path (queue workers, blocking
 * works, unmap retries, purges): it has a rescuer (WQ_MEM_RECLAIM), as
 * the guests' I/O may be what frees memory, and its items are flushed
 * under a device's xd_lock (xbb_stop()).  xbb_ctl_wq runs what takes
 * xd_lock itself (the control, resize, retry and destroy works): on
 * xbb_wq one of those could wait for xd_lock in the rescuer, ahead of the
 * very item flushed under it (lockdep reported that chain on the lab's
 * debug Dom0).
 */
struct workqueue_struct *xbb_wq;
struct workqueue_struct *xbb_ctl_wq;

/*------------------------------ Module entry -------------------------------*/
static int __init
xbb_init(void)
{
	int error;

	if (!xen_domain()) {
		pr_err("not running under Xen: there are no guests to serve\n");
		return -ENODEV;
	}
	xbb_max_queues = xbs_queue_count(xbb_max_queues, XBB_MAX_QUEUES);
	xbb_wq = alloc_workqueue("xbb", WQ_MEM_RECLAIM | WQ_UNBOUND, 0);
	if (xbb_wq == NULL)
		return -ENOMEM;
	xbb_ctl_wq = alloc_workqueue("xbb_ctl", WQ_UNBOUND, 0);
	if (xbb_ctl_wq == NULL) {
		error = -ENOMEM;
		goto fail_ctl;
	}
	error = xbb_xenbus_register();
	if (error != 0)
		goto fail_register;
	return 0;

fail_register:
	destroy_workqueue(xbb_ctl_wq);
fail_ctl:
	destroy_workqueue(xbb_wq);
	return error;
}

static void __exit
xbb_exit(void)
{
	xbb_xenbus_unregister();
	destroy_workqueue(xbb_ctl_wq);
	destroy_workqueue(xbb_wq);
}

module_init(xbb_init);
module_exit(xbb_exit);

MODULE_DESCRIPTION("Xen block backend (vbd), FreeBSD blkback style");
MODULE_AUTHOR("The xbb/xnb authors");
MODULE_LICENSE("GPL");
MODULE_VERSION(XBX_VERSION);
MODULE_ALIAS("xen-backend:vbd");

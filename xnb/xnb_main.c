// SPDX-License-Identifier: GPL-2.0-only
/*
 * xnb_main.c: module entry points and tunables of the Xen network backend.
 *
 * xnb serves Xen guests' virtual network interfaces (xenbus device type
 * "vif") from a Linux Dom0 or driver domain, in place of the in-tree
 * xen-netback.  It loads only on a kernel running under Xen.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpumask.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <xen/xen.h>

#include "xnb.h"

/*-------------------------------- Tunables ---------------------------------*/
bool xnb_split_event_channels = true;
module_param_named(split_event_channels, xnb_split_event_channels, bool, 0644);
MODULE_PARM_DESC(split_event_channels,
    "offer separate TX and RX event channels to frontends (feature-split-event-channels, default on)");

/* xen-netback's name for it, so that its modprobe.d settings apply. */
module_param_named(separate_tx_rx_irq, xnb_split_event_channels, bool, 0644);
MODULE_PARM_DESC(separate_tx_rx_irq,
    "xen-netback's name for split_event_channels");

unsigned int xnb_max_queues;
module_param_named(max_queues, xnb_max_queues, uint, 0444);
MODULE_PARM_DESC(max_queues,
    "queues (TX/RX ring pairs) a frontend may use, published as multi-queue-max-queues; 0 (default): the number of online CPUs, at most 16");

unsigned int xnb_max_tx_slots = XNB_TX_SLOTS_DEFAULT;
module_param_named(max_tx_slots, xnb_max_tx_slots, uint, 0644);
MODULE_PARM_DESC(max_tx_slots,
    "data slots a guest's transmitted packet may use; longer packets are dropped and counted (default 18, XEN_NETIF_NR_SLOTS_MIN; at most 31)");

unsigned int xnb_fatal_skb_slots;
module_param_named(fatal_skb_slots, xnb_fatal_skb_slots, uint, 0644);
MODULE_PARM_DESC(fatal_skb_slots,
    "xen-netback's limit: a guest's packet with more data slots than this disables its vif as malicious; 0 (default): only chains longer than any packet (32 slots) do, and max_tx_slots drops");

unsigned int xnb_rx_queue_len = 256;
module_param_named(rx_queue_len, xnb_rx_queue_len, uint, 0644);
MODULE_PARM_DESC(rx_queue_len,
    "packets per queue held for a guest that has no receive buffers; the interface's queue stops there and later packets are dropped (default 256)");

unsigned int xnb_rx_queue_bytes = XNB_RX_QUEUE_BYTES;
module_param_named(rx_queue_bytes, xnb_rx_queue_bytes, uint, 0644);
MODULE_PARM_DESC(rx_queue_bytes,
    "bytes of packet data per queue held for a guest that has no receive buffers; the interface's queue stops there and later packets are dropped (default 524288, as xen-netback; at least 65536)");

unsigned int xnb_rx_stall_timeout = 10000;
module_param_named(rx_stall_timeout, xnb_rx_stall_timeout, uint, 0644);
MODULE_PARM_DESC(rx_stall_timeout,
    "milliseconds a stopped queue waits for the guest to post receive buffers before its traffic is dropped (default 10000)");
/* xen-netback's name for the same timeout (its rx_drain_timeout_msecs). */
module_param_named(rx_drain_timeout_msecs, xnb_rx_stall_timeout, uint, 0644);
MODULE_PARM_DESC(rx_drain_timeout_msecs,
    "xen-netback's name for rx_stall_timeout");

/* xen-netback's name and default. */
bool xnb_provides_xdp_headroom = true;
module_param_named(provides_xdp_headroom, xnb_provides_xdp_headroom, bool,
    0644);
MODULE_PARM_DESC(provides_xdp_headroom,
    "offer frontends headroom for their XDP programs (feature-xdp-headroom; default on; for interfaces probed after a change)");

/*
 * The poll in a kthread of its own (see "Threaded poll" in
 * Documentation/xnb.rst): a Dom0 sender's napi_schedule() then wakes the
 * thread instead of running the poll, for one packet, in its own
 * local_bh_enable().  Off by default: bench-net measured it 1.86x on
 * small packets from a Dom0 socket and dearer in CPU on TCP.
 */
bool xnb_napi_threaded;
module_param_named(napi_threaded, xnb_napi_threaded, bool, 0644);
MODULE_PARM_DESC(napi_threaded,
    "run each queue's poll in a kernel thread (the interface's sysfs \"threaded\"; default off; for interfaces probed after a change)");

/*
 * A packet that a Dom0 process sends (ndo_start_xmit() in task context,
 * bottom halves disabled) schedules the poll from a work item: otherwise
 * the poll runs in the sender's own local_bh_enable(), for the one
 * packet just queued, at the sender's expense.  See "RX kick" in
 * Documentation/xnb.rst; 0 has the sender run the poll, as xnb did
 * before (an A/B: bench-net's xnb-directkick).
 */
bool xnb_rx_kick_work = true;
module_param_named(rx_kick_work, xnb_rx_kick_work, bool, 0644);
MODULE_PARM_DESC(rx_kick_work,
    "a Dom0 process's packets for a guest are polled from a work item, not in the sender's context (default on)");

/*------------------------------ Module entry -------------------------------*/
static int __init
xnb_init(void)
{
	if (!xen_domain()) {
		pr_err("not running under Xen: there are no guests to serve\n");
		return -ENODEV;
	}
	xnb_max_queues = xbs_queue_count(xnb_max_queues, XNB_MAX_QUEUES);
	xnb_max_tx_slots =
	    clamp(xnb_max_tx_slots, 1U, (unsigned int)XNB_PKT_MAX_SLOTS - 1);
	xnb_rx_queue_len = max(xnb_rx_queue_len, 2U);
	xnb_rx_queue_bytes = max(xnb_rx_queue_bytes, XNB_RX_QUEUE_BYTES_MIN);
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
MODULE_VERSION(XBX_VERSION);
MODULE_ALIAS("xen-backend:vif");

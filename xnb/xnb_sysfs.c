// SPDX-License-Identifier: GPL-2.0-only
/*
 * xnb_sysfs.c: what an administrator reads about a vif, in
 * /sys/bus/xen-backend/devices/vif-<domid>-<handle>/.
 *
 * The Dom0 interface and the toolstack's nodes (interface, mac, bridge),
 * the negotiated transport (connected, queues, split event channels, what
 * the frontend can receive, the control ring's steering, the XDP
 * headroom), the "rate" in force, each queue's rings, and in statistics/
 * every counter of xnb's data path summed over the queues: packets and
 * bytes each way, drops by cause, malformed requests, grant copy
 * failures, stalls and queue stops, credit waits, multicast control
 * requests, events and polls (the same numbers as "ethtool -S").
 * One value per file.  "tx" is the guest's transmit ring (what the guest
 * sends), "rx" its receive ring.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/device.h>
#include <linux/sysfs.h>
#include <xen/xenbus.h>

#include "xnb.h"

/* Define a read-only attribute NAME printing FMT of EXPR (sc in scope). */
#define XNB_ATTR(name, fmt, expr)                          \
	static ssize_t name##_show(struct device *d,       \
	    struct device_attribute *attr, char *buf)      \
	{                                                  \
		struct xnb_softc *sc = dev_get_drvdata(d); \
                                                           \
		if (sc == NULL)                            \
			return -ENODEV;                    \
		return sysfs_emit(buf, fmt "\n", expr);    \
	}                                                  \
	static DEVICE_ATTR_RO(name)

XNB_ATTR(interface, "%s", sc->xnb_ifp != NULL ? netdev_name(sc->xnb_ifp) : "");
XNB_ATTR(mac, "%s", sc->xnb_mac);
XNB_ATTR(bridge, "%s", sc->xnb_bridge);
XNB_ATTR(queues, "%u", READ_ONCE(sc->xnb_nqueues));
XNB_ATTR(split_event_channels, "%d", sc->xnb_split);
XNB_ATTR(connected, "%d", READ_ONCE(sc->xnb_connected));
/* The XDP headroom each receive buffer starts with (netif.h). */
XNB_ATTR(xdp_headroom, "%u", READ_ONCE(sc->xnb_xdp_headroom));
/* The "rate" in force: bytes per window of usecs, or "unlimited". */
static ssize_t
rate_show(struct device *d, struct device_attribute *attr, char *buf)
{
	struct xnb_softc *sc = dev_get_drvdata(d);
	u64 bytes;
	u32 usec;

	if (sc == NULL)
		return -ENODEV;
	/* The "rate" watch changes both under the lock. */
	spin_lock_bh(&sc->xnb_rate_lock);
	bytes = sc->xnb_rate.xcr_bytes;
	usec = sc->xnb_rate.xcr_usec;
	spin_unlock_bh(&sc->xnb_rate_lock);
	if (bytes == 0)
		return sysfs_emit(buf, "unlimited\n");
	return sysfs_emit(buf, "%llu,%u\n", (unsigned long long)bytes, usec);
}
static DEVICE_ATTR_RO(rate);

/* What the frontend said it can receive, as netif.h names it. */
static ssize_t
frontend_features_show(struct device *d, struct device_attribute *attr,
    char *buf)
{
	struct xnb_softc *sc = dev_get_drvdata(d);
	unsigned int f;

	if (sc == NULL)
		return -ENODEV;
	f = READ_ONCE(sc->xnb_fe);
	return sysfs_emit(buf, "%s%s%s%s%s\n", f & XNB_FE_SG ? "sg " : "",
	    f & XNB_FE_GSO4 ? "gso-tcpv4 " : "",
	    f & XNB_FE_GSO6 ? "gso-tcpv6 " : "",
	    f & XNB_FE_CSUM4 ? "csum-offload " : "",
	    f & XNB_FE_CSUM6 ? "ipv6-csum-offload" : "");
}
static DEVICE_ATTR_RO(frontend_features);

/*
 * Every connected queue's ring indexes, private and shared, and the
 * packets it holds for the guest: what a stall looks like.
 *
 * The shared rings are mapped only while connected, and a guest may
 * connect and disconnect in a loop: they are read under xd_lock, which
 * xnb_connect() and xnb_disconnect() hold, and a queue whose rings
 * xnb_queue_disconnect() unmapped has its sring pointers cleared.
 */
static ssize_t
rings_show(struct device *d, struct device_attribute *attr, char *buf)
{
	struct xnb_softc *sc = dev_get_drvdata(d);
	struct xnb_queue *q;
	unsigned int i;
	int error, len = 0;

	if (sc == NULL)
		return -ENODEV;
	error = mutex_lock_interruptible(&sc->xnb_xd.xd_lock);
	if (error != 0)
		return error;
	if (!sc->xnb_connected || sc->xnb_nqueues == 0) {
		len = sysfs_emit(buf, "disconnected\n");
		goto out;
	}
	for (i = 0; i < sc->xnb_nqueues; i++) {
		q = &sc->xnb_q[i];
		if (q->xnq_tx.sring == NULL || q->xnq_rx.sring == NULL)
			continue;
		len += sysfs_emit_at(buf, len,
		    "q%u tx req_cons %u rsp_prod_pvt %u req_prod %u req_event %u rsp_event %u rx req_cons %u rsp_prod_pvt %u req_prod %u req_event %u queued %u bytes %u stopped %d stalled %d eoi %lx\n",
		    i, q->xnq_tx.req_cons, q->xnq_tx.rsp_prod_pvt,
		    READ_ONCE(q->xnq_tx.sring->req_prod),
		    READ_ONCE(q->xnq_tx.sring->req_event),
		    READ_ONCE(q->xnq_tx.sring->rsp_event), q->xnq_rx.req_cons,
		    q->xnq_rx.rsp_prod_pvt, READ_ONCE(q->xnq_rx.sring->req_prod),
		    READ_ONCE(q->xnq_rx.sring->req_event),
		    skb_queue_len(&q->xnq_rxq), READ_ONCE(q->xnq_rxq_bytes),
		    netif_tx_queue_stopped(netdev_get_tx_queue(sc->xnb_ifp, i)),
		    READ_ONCE(q->xnq_stalled), READ_ONCE(q->xnq_eoi));
	}
out:
	mutex_unlock(&sc->xnb_xd.xd_lock);
	return len;
}
static DEVICE_ATTR_RO(rings);

/*
 * The control ring (netif.h, "Control ring") and the steering its
 * messages set: "none" without a ring; else the requests answered and
 * refused, then the algorithm, the hash types (XEN_NETIF_CTRL_HASH_TYPE_*
 * bits) and the mapping table's size and entries.  The published state
 * is read under RCU: a reader sees one state whole.
 */
static ssize_t
ctrl_show(struct device *d, struct device_attribute *attr, char *buf)
{
	struct xnb_softc *sc = dev_get_drvdata(d);
	const struct xnb_hash *h;
	unsigned int i;
	int len;

	if (sc == NULL)
		return -ENODEV;
	rcu_read_lock();
	h = rcu_dereference(sc->xnb_ctrl.xct_pub);
	if (h == NULL) {
		rcu_read_unlock();
		return sysfs_emit(buf, "none\n");
	}
	len = sysfs_emit(buf,
	    "requests %lu refused %lu algorithm %s types %#x map %u",
	    READ_ONCE(sc->xnb_ctrl.xct_nreqs),
	    READ_ONCE(sc->xnb_ctrl.xct_nerrs),
	    h->xhs_alg == XEN_NETIF_CTRL_HASH_ALGORITHM_TOEPLITZ ? "toeplitz" :
								   "none",
	    h->xhs_flags, h->xhs_size);
	for (i = 0; i < h->xhs_size && i < XNB_HASH_MAP_MAX; i++)
		len += sysfs_emit_at(buf, len, "%s%u", i == 0 ? " " : ",",
		    h->xhs_map[i]);
	rcu_read_unlock();
	len += sysfs_emit_at(buf, len, "\n");
	return len;
}
static DEVICE_ATTR_RO(ctrl);

static struct attribute *xnb_attrs[] = {
	&dev_attr_ctrl.attr,
	&dev_attr_rings.attr,
	&dev_attr_interface.attr,
	&dev_attr_mac.attr,
	&dev_attr_bridge.attr,
	&dev_attr_queues.attr,
	&dev_attr_split_event_channels.attr,
	&dev_attr_connected.attr,
	&dev_attr_rate.attr,
	&dev_attr_frontend_features.attr,
	&dev_attr_xdp_headroom.attr,
	NULL,
};

static const struct attribute_group xnb_attr_group = {
	.attrs = xnb_attrs,
};

/*------------------------------- Statistics --------------------------------*/
/* One file per counter; the attribute carries the counter's index. */
static ssize_t
xnb_stat_show(struct device *d, struct device_attribute *attr, char *buf)
{
	struct dev_ext_attribute *ea =
	    container_of(attr, struct dev_ext_attribute, attr);
	struct xnb_softc *sc = dev_get_drvdata(d);

	if (sc == NULL)
		return -ENODEV;
	return sysfs_emit(buf, "%llu\n",
	    (unsigned long long)xnb_stats_sum(sc, (uintptr_t)ea->var));
}

#define XNB_STAT(st, name)                                            \
	static struct dev_ext_attribute xnb_stat_##name = {           \
		__ATTR(name, 0444, xnb_stat_show, NULL), (void *)(st) \
	}

XNB_STAT(XNB_ST_TX_PACKETS, guest_tx_packets);
XNB_STAT(XNB_ST_TX_BYTES, guest_tx_bytes);
XNB_STAT(XNB_ST_TX_DROP_SLOTS, guest_tx_drop_slots);
XNB_STAT(XNB_ST_TX_DROP_SHORT, guest_tx_drop_short);
XNB_STAT(XNB_ST_TX_DROP_EXTRA, guest_tx_drop_extra);
XNB_STAT(XNB_ST_TX_DROP_GSO, guest_tx_drop_gso);
XNB_STAT(XNB_ST_TX_DROP_SIZE, guest_tx_drop_size);
XNB_STAT(XNB_ST_TX_DROP_CSUM, guest_tx_drop_csum);
XNB_STAT(XNB_ST_TX_DROP_NOMEM, guest_tx_drop_nomem);
XNB_STAT(XNB_ST_TX_COPY_ERR, guest_tx_copy_errors);
XNB_STAT(XNB_ST_TX_GSO, guest_tx_gso);
XNB_STAT(XNB_ST_TX_CSUM_BLANK, guest_tx_csum_blank);
XNB_STAT(XNB_ST_TX_GSO_FIXUP, guest_tx_gso_csum_fixup);
XNB_STAT(XNB_ST_TX_MALFORMED, malformed);
XNB_STAT(XNB_ST_RX_PACKETS, guest_rx_packets);
XNB_STAT(XNB_ST_RX_BYTES, guest_rx_bytes);
XNB_STAT(XNB_ST_RX_GSO, guest_rx_gso);
XNB_STAT(XNB_ST_RX_COPY_ERR, guest_rx_copy_errors);
XNB_STAT(XNB_ST_RX_DROP_SIZE, guest_rx_drop_size);
XNB_STAT(XNB_ST_RX_DROP_STALL, guest_rx_drop_stall);
XNB_STAT(XNB_ST_RX_DROP_PURGED, guest_rx_drop_purged);
XNB_STAT(XNB_ST_RX_DROP_FULL, guest_rx_drop_full);
XNB_STAT(XNB_ST_RX_STALLS, guest_rx_stalls);
XNB_STAT(XNB_ST_QUEUE_STOPS, queue_stops);
XNB_STAT(XNB_ST_TX_CREDIT_WAITS, guest_tx_credit_waits);
XNB_STAT(XNB_ST_TX_MCAST, guest_tx_mcast_ctrl);
XNB_STAT(XNB_ST_RX_DROP_MCAST, guest_rx_drop_mcast);
XNB_STAT(XNB_ST_EVENTS, events);
XNB_STAT(XNB_ST_EVENTS_RX, events_rx);
XNB_STAT(XNB_ST_POLLS, polls);

static struct attribute *xnb_stat_attrs[] = {
	&xnb_stat_guest_tx_packets.attr.attr,
	&xnb_stat_guest_tx_bytes.attr.attr,
	&xnb_stat_guest_tx_drop_slots.attr.attr,
	&xnb_stat_guest_tx_drop_short.attr.attr,
	&xnb_stat_guest_tx_drop_extra.attr.attr,
	&xnb_stat_guest_tx_drop_gso.attr.attr,
	&xnb_stat_guest_tx_drop_size.attr.attr,
	&xnb_stat_guest_tx_drop_csum.attr.attr,
	&xnb_stat_guest_tx_drop_nomem.attr.attr,
	&xnb_stat_guest_tx_copy_errors.attr.attr,
	&xnb_stat_guest_tx_gso.attr.attr,
	&xnb_stat_guest_tx_csum_blank.attr.attr,
	&xnb_stat_guest_tx_gso_csum_fixup.attr.attr,
	&xnb_stat_malformed.attr.attr,
	&xnb_stat_guest_rx_packets.attr.attr,
	&xnb_stat_guest_rx_bytes.attr.attr,
	&xnb_stat_guest_rx_gso.attr.attr,
	&xnb_stat_guest_rx_copy_errors.attr.attr,
	&xnb_stat_guest_rx_drop_size.attr.attr,
	&xnb_stat_guest_rx_drop_stall.attr.attr,
	&xnb_stat_guest_rx_drop_purged.attr.attr,
	&xnb_stat_guest_rx_drop_full.attr.attr,
	&xnb_stat_guest_rx_stalls.attr.attr,
	&xnb_stat_queue_stops.attr.attr,
	&xnb_stat_guest_tx_credit_waits.attr.attr,
	&xnb_stat_guest_tx_mcast_ctrl.attr.attr,
	&xnb_stat_guest_rx_drop_mcast.attr.attr,
	&xnb_stat_events.attr.attr,
	&xnb_stat_events_rx.attr.attr,
	&xnb_stat_polls.attr.attr,
	NULL,
};

static const struct attribute_group xnb_stat_group = {
	.name = "statistics",
	.attrs = xnb_stat_attrs,
};

/** xnb_sysfs_groups - the attribute groups of every vif device. */
const struct attribute_group *xnb_sysfs_groups[] = {
	&xnb_attr_group,
	&xnb_stat_group,
	NULL,
};

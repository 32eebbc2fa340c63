// SPDX-License-Identifier: GPL-2.0-only
/*
 * xnb_netdev.c: the Dom0 network interface of a vif.
 *
 * Each vif backend device owns a Linux net_device named vif<domid>.<handle>
 * (or the toolstack's "vifname"), which Xen's vif-bridge hotplug script
 * enslaves to a bridge.  Its MAC address is fe:ff:ff:ff:ff:ff, as with
 * Linux's xen-netback: the guest's own MAC lives in the guest, and the
 * highest possible address keeps a bridge from taking the vif's address
 * as its own.
 *
 * The carrier is on only while the frontend is connected and none of its
 * queues is stalled (xnb_ring_rx.c).  The offloads
 * the interface offers Dom0's stack (scatter-gather, checksum, TSO) are
 * those the frontend said it can receive (its "feature-sg",
 * "feature-gso-tcpv4", "feature-gso-tcpv6", "feature-no-csum-offload"
 * and "feature-ipv6-csum-offload" nodes), so the stack does in software
 * what the guest cannot take.
 *
 * Directions: what the guest transmits (its TX ring) is what this
 * interface receives, so the interface's rx counters are xnb's TX
 * counters and the other way round.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/etherdevice.h>
#include <linux/ethtool.h>
#include <linux/if_vlan.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>

#include "xnb.h"

/* The private area of the net_device: a pointer back to the softc. */
struct xnb_netpriv {
	struct xnb_softc *xnp_sc;
};

/** xnb_stat_names - names of the counters, for ethtool -S and sysfs. */
const char *const xnb_stat_names[XNB_ST_COUNT] = {
	[XNB_ST_TX_PACKETS] = "guest_tx_packets",
	[XNB_ST_TX_BYTES] = "guest_tx_bytes",
	[XNB_ST_TX_DROP_SLOTS] = "guest_tx_drop_slots",
	[XNB_ST_TX_DROP_SHORT] = "guest_tx_drop_short",
	[XNB_ST_TX_DROP_EXTRA] = "guest_tx_drop_extra",
	[XNB_ST_TX_DROP_GSO] = "guest_tx_drop_gso",
	[XNB_ST_TX_DROP_SIZE] = "guest_tx_drop_size",
	[XNB_ST_TX_DROP_CSUM] = "guest_tx_drop_csum",
	[XNB_ST_TX_DROP_NOMEM] = "guest_tx_drop_nomem",
	[XNB_ST_TX_COPY_ERR] = "guest_tx_copy_errors",
	[XNB_ST_TX_GSO] = "guest_tx_gso",
	[XNB_ST_TX_CSUM_BLANK] = "guest_tx_csum_blank",
	[XNB_ST_TX_GSO_FIXUP] = "guest_tx_gso_csum_fixup",
	[XNB_ST_TX_MALFORMED] = "malformed",
	[XNB_ST_RX_PACKETS] = "guest_rx_packets",
	[XNB_ST_RX_BYTES] = "guest_rx_bytes",
	[XNB_ST_RX_GSO] = "guest_rx_gso",
	[XNB_ST_RX_COPY_ERR] = "guest_rx_copy_errors",
	[XNB_ST_RX_DROP_SIZE] = "guest_rx_drop_size",
	[XNB_ST_RX_DROP_STALL] = "guest_rx_drop_stall",
	[XNB_ST_RX_DROP_PURGED] = "guest_rx_drop_purged",
	[XNB_ST_RX_DROP_FULL] = "guest_rx_drop_full",
	[XNB_ST_RX_STALLS] = "guest_rx_stalls",
	[XNB_ST_QUEUE_STOPS] = "queue_stops",
	[XNB_ST_TX_CREDIT_WAITS] = "guest_tx_credit_waits",
	[XNB_ST_TX_MCAST] = "guest_tx_mcast_ctrl",
	[XNB_ST_RX_DROP_MCAST] = "guest_rx_drop_mcast",
	[XNB_ST_EVENTS] = "events",
	[XNB_ST_EVENTS_RX] = "events_rx",
	[XNB_ST_POLLS] = "polls",
};

/**
 * xnb_netdev_softc() - the softc of a vif's net_device.
 * @ifp: the net_device.
 *
 * Return: the softc.
 */
struct xnb_softc *
xnb_netdev_softc(struct net_device *ifp)
{
	return ((struct xnb_netpriv *)netdev_priv(ifp))->xnp_sc;
}

/**
 * xnb_stats_sum() - add up one counter over every queue.
 * @sc: the device.
 * @st: the counter.
 *
 * Return: the sum.
 */
u64
xnb_stats_sum(struct xnb_softc *sc, enum xnb_stat st)
{
	unsigned int i;
	u64 sum = 0;

	for (i = 0; i < xnb_max_queues; i++)
		sum += READ_ONCE(sc->xnb_q[i].xnq_st[st]);
	return sum;
}

/*-------------------------------- ndo ops ----------------------------------*/
static void
xnb_get_stats64(struct net_device *ifp, struct rtnl_link_stats64 *s)
{
	struct xnb_softc *sc = xnb_netdev_softc(ifp);

	s->rx_packets = xnb_stats_sum(sc, XNB_ST_TX_PACKETS);
	s->rx_bytes = xnb_stats_sum(sc, XNB_ST_TX_BYTES);
	s->rx_dropped = xnb_stats_sum(sc, XNB_ST_TX_DROP_SLOTS) +
	    xnb_stats_sum(sc, XNB_ST_TX_DROP_SHORT) +
	    xnb_stats_sum(sc, XNB_ST_TX_DROP_EXTRA) +
	    xnb_stats_sum(sc, XNB_ST_TX_DROP_GSO) +
	    xnb_stats_sum(sc, XNB_ST_TX_DROP_SIZE) +
	    xnb_stats_sum(sc, XNB_ST_TX_DROP_CSUM) +
	    xnb_stats_sum(sc, XNB_ST_TX_DROP_NOMEM);
	s->rx_errors = xnb_stats_sum(sc, XNB_ST_TX_COPY_ERR) +
	    xnb_stats_sum(sc, XNB_ST_TX_MALFORMED);
	s->tx_packets = xnb_stats_sum(sc, XNB_ST_RX_PACKETS);
	s->tx_bytes = xnb_stats_sum(sc, XNB_ST_RX_BYTES);
	s->tx_dropped = ifp->stats.tx_dropped +
	    xnb_stats_sum(sc, XNB_ST_RX_DROP_SIZE) +
	    xnb_stats_sum(sc, XNB_ST_RX_DROP_STALL) +
	    xnb_stats_sum(sc, XNB_ST_RX_DROP_PURGED) +
	    xnb_stats_sum(sc, XNB_ST_RX_DROP_FULL) +
	    xnb_stats_sum(sc, XNB_ST_RX_DROP_MCAST);
	s->tx_errors = xnb_stats_sum(sc, XNB_ST_RX_COPY_ERR);
}

/* Offer Dom0's stack only the offloads the guest can receive. */
static netdev_features_t
xnb_fix_features(struct net_device *ifp, netdev_features_t f)
{
	unsigned int fe = READ_ONCE(xnb_netdev_softc(ifp)->xnb_fe);

	if (!(fe & XNB_FE_SG))
		f &= ~NETIF_F_SG;
	if (!(fe & XNB_FE_GSO4))
		f &= ~NETIF_F_TSO;
	if (!(fe & XNB_FE_GSO6))
		f &= ~NETIF_F_TSO6;
	if (!(fe & XNB_FE_CSUM4))
		f &= ~NETIF_F_IP_CSUM;
	if (!(fe & XNB_FE_CSUM6))
		f &= ~NETIF_F_IPV6_CSUM;
	return f;
}

/*
 * Frames above ETH_DATA_LEN take several RX slots, which a guest takes
 * only with feature-sg (netif.h); xen-netback's rule.  Before a frontend
 * connects any MTU up to max_mtu is accepted (the hotplug script sets the
 * bridge's); xnb_netdev_connect() lowers it for a guest without SG.
 */
static int
xnb_change_mtu(struct net_device *ifp, int mtu)
{
	struct xnb_softc *sc = xnb_netdev_softc(ifp);

	if (mtu > ETH_DATA_LEN && READ_ONCE(sc->xnb_connected) &&
	    !(READ_ONCE(sc->xnb_fe) & XNB_FE_SG))
		return -EINVAL;
	ifp->mtu = mtu;
	return 0;
}

static const struct net_device_ops xnb_netdev_ops = {
	.ndo_start_xmit = xnb_start_xmit,
	.ndo_select_queue = xnb_select_queue,
	.ndo_get_stats64 = xnb_get_stats64,
	.ndo_fix_features = xnb_fix_features,
	.ndo_change_mtu = xnb_change_mtu,
	.ndo_set_mac_address = eth_mac_addr,
	.ndo_validate_addr = eth_validate_addr,
};

/*--------------------------------- ethtool ---------------------------------*/
static void
xnb_get_drvinfo(struct net_device *ifp, struct ethtool_drvinfo *info)
{
	strscpy(info->driver, "xnb", sizeof(info->driver));
	strscpy(info->bus_info, dev_name(ifp->dev.parent),
	    sizeof(info->bus_info));
}

/*
 * xen-netback's ethtool -S names, first, with its meanings, so that what
 * reads them keeps working: "rx" there is what the interface receives,
 * from the guest.  xnb copies every packet (no zerocopy) and never
 * builds a frag list (a packet's data is copied into at most
 * MAX_SKB_FRAGS pages of its own), so four of them stay 0.
 */
static const char *const xnb_netback_names[] = {
	"rx_gso_checksum_fixup", "tx_zerocopy_sent", "tx_zerocopy_success",
	"tx_zerocopy_fail", "tx_frag_overflow",
};

/*
 * ethtool -S: xen-netback's names, then every counter of ours summed over
 * the queues, then packets each way per queue ("q<N>_guest_tx_packets",
 * "q<N>_guest_rx_packets").  Ours name the guest's rings (netif.h): what
 * the guest transmits is guest_tx, the interface's rx in ip -s link.
 */
static int
xnb_get_sset_count(struct net_device *ifp, int sset)
{
	return sset == ETH_SS_STATS ? ARRAY_SIZE(xnb_netback_names) +
		XNB_ST_COUNT + 2 * xnb_max_queues :
				      -EOPNOTSUPP;
}

static void
xnb_get_strings(struct net_device *ifp, u32 sset, u8 *data)
{
	unsigned int i;

	if (sset != ETH_SS_STATS)
		return;
	for (i = 0; i < ARRAY_SIZE(xnb_netback_names); i++)
		ethtool_sprintf(&data, "%s", xnb_netback_names[i]);
	for (i = 0; i < XNB_ST_COUNT; i++)
		ethtool_sprintf(&data, "%s", xnb_stat_names[i]);
	for (i = 0; i < xnb_max_queues; i++) {
		ethtool_sprintf(&data, "q%u_guest_tx_packets", i);
		ethtool_sprintf(&data, "q%u_guest_rx_packets", i);
	}
}

static void
xnb_get_ethtool_stats(struct net_device *ifp, struct ethtool_stats *stats,
    u64 *data)
{
	struct xnb_softc *sc = xnb_netdev_softc(ifp);
	unsigned int i;

	/* xnb_netback_names, in order. */
	*data++ = xnb_stats_sum(sc, XNB_ST_TX_GSO_FIXUP);
	for (i = 1; i < ARRAY_SIZE(xnb_netback_names); i++)
		*data++ = 0;
	for (i = 0; i < XNB_ST_COUNT; i++)
		*data++ = xnb_stats_sum(sc, i);
	for (i = 0; i < xnb_max_queues; i++) {
		*data++ = READ_ONCE(sc->xnb_q[i].xnq_st[XNB_ST_TX_PACKETS]);
		*data++ = READ_ONCE(sc->xnb_q[i].xnq_st[XNB_ST_RX_PACKETS]);
	}
}

static const struct ethtool_ops xnb_ethtool_ops = {
	.get_drvinfo = xnb_get_drvinfo,
	.get_link = ethtool_op_get_link,
	.get_sset_count = xnb_get_sset_count,
	.get_strings = xnb_get_strings,
	.get_ethtool_stats = xnb_get_ethtool_stats,
};

/*------------------------------ Life cycle ---------------------------------*/
/**
 * xnb_netdev_create() - create and register the vif's net_device.
 * @sc: the softc; xnb_ifp is set on success.
 * @name: the interface name (the toolstack's "vifname"), or NULL.
 *
 * The device has xnb_max_queues transmit queues, one in use until a
 * frontend connects more.
 *
 * Return: 0 or a negative errno.
 */
int
xnb_netdev_create(struct xnb_softc *sc, const char *name)
{
	static const u8 mac[ETH_ALEN] = { 0xfe, 0xff, 0xff, 0xff, 0xff, 0xff };
	struct net_device *ifp;
	struct xnb_netpriv *np;
	char ifname[IFNAMSIZ];
	int error;

	if (name != NULL)
		strscpy(ifname, name, sizeof(ifname));
	else
		snprintf(ifname, sizeof(ifname), "vif%d.%u",
		    sc->xnb_dev->otherend_id, sc->xnb_handle);
	ifp = alloc_netdev_mq(sizeof(*np), ifname, NET_NAME_PREDICTABLE,
	    ether_setup, xnb_max_queues);
	if (ifp == NULL)
		return -ENOMEM;
	np = netdev_priv(ifp);
	np->xnp_sc = sc;
	ifp->netdev_ops = &xnb_netdev_ops;
	ifp->ethtool_ops = &xnb_ethtool_ops;
	ifp->hw_features = NETIF_F_SG | NETIF_F_IP_CSUM | NETIF_F_IPV6_CSUM |
	    NETIF_F_TSO | NETIF_F_TSO6 | NETIF_F_RXCSUM;
	ifp->features = ifp->hw_features;
	ifp->priv_flags |= IFF_LIVE_ADDR_CHANGE;
	ifp->min_mtu = ETH_MIN_MTU;
	/* As xen-netback: the largest frame with a VLAN tag in 64 KiB. */
	ifp->max_mtu = ETH_MAX_MTU - VLAN_ETH_HLEN;
	ifp->tx_queue_len = 64;
	netif_set_tso_max_size(ifp, XEN_NETIF_MAX_TX_SIZE - ETH_HLEN);
	eth_hw_addr_set(ifp, mac);
	SET_NETDEV_DEV(ifp, &sc->xnb_dev->dev);
	netif_carrier_off(ifp);
	/*
	 * Before any poll exists: netif_napi_add() gives each queue's poll
	 * its kthread when it connects.  A thread that cannot be created
	 * leaves the device polling in softirqs, which still works.
	 */
	if (xnb_napi_threaded)
		(void)dev_set_threaded(ifp, true);
	error = netif_set_real_num_tx_queues(ifp, 1);
	if (error == 0)
		error = register_netdev(ifp);
	if (error != 0) {
		free_netdev(ifp);
		return error;
	}
	sc->xnb_ifp = ifp;
	return 0;
}

/**
 * xnb_netdev_connect() - the queues are connected: start the interface.
 * @sc: the softc, with xnb_nqueues and xnb_fe set and the queues
 *	connected but not started.
 *
 * Return: 0, or netif_set_real_num_tx_queues()'s or dev_set_mtu()'s error.
 */
int
xnb_netdev_connect(struct xnb_softc *sc)
{
	struct net_device *ifp = sc->xnb_ifp;
	unsigned int i;
	int error;

	rtnl_lock();
	error = netif_set_real_num_tx_queues(ifp, sc->xnb_nqueues);
	if (error == 0)
		netdev_update_features(ifp);
	/* A guest without SG takes no frame above ETH_DATA_LEN. */
	if (error == 0 && !(sc->xnb_fe & XNB_FE_SG) &&
	    ifp->mtu > ETH_DATA_LEN) {
		netdev_info(ifp,
		    "the guest does not take scatter-gather: MTU %u lowered to %u\n",
		    ifp->mtu, ETH_DATA_LEN);
		error = dev_set_mtu(ifp, ETH_DATA_LEN);
	}
	rtnl_unlock();
	if (error != 0)
		return error;
	spin_lock_bh(&sc->xnb_carrier_lock);
	sc->xnb_nstalled = 0;
	spin_unlock_bh(&sc->xnb_carrier_lock);
	WRITE_ONCE(sc->xnb_connected, true);
	for (i = 0; i < sc->xnb_nqueues; i++)
		xnb_queue_start(&sc->xnb_q[i]);
	netif_carrier_on(ifp);
	netif_tx_wake_all_queues(ifp);
	return 0;
}

/**
 * xnb_netdev_disconnect() - stop the interface and the queues' polls.
 * @sc: the softc.
 *
 * Afterwards nothing runs on the queues: no poll, no stall or credit
 * timer, no ndo_start_xmit that could queue a packet or arm a timer; they
 * can be unmapped.  May sleep.
 *
 * The producers stop before what they arm is cancelled:
 *  1. xnb_connected goes false: every later ndo_start_xmit drops.
 *  2. netif_tx_disable() takes each Dom0 queue's xmit lock, under which
 *     ndo_start_xmit runs and reads xnb_connected: one already running
 *     (which may have seen it true) finishes first, and none can arm the
 *     stall timer afterwards.
 *  3. xnb_queue_stop(): napi_disable() waits for the poll (which arms the
 *     credit timer and deletes the stall timer), then del_timer_sync()
 *     waits for the timers; nothing is left to re-arm them.
 *  4. A poll or stall timer that saw xnb_connected true before step 1 may
 *     have woken a Dom0 queue since step 2, or turned the carrier on or
 *     off since step 1 (a stall, its end): stop them all again, carrier
 *     off again.
 */
void
xnb_netdev_disconnect(struct xnb_softc *sc)
{
	unsigned int i;

	WRITE_ONCE(sc->xnb_connected, false);
	netif_carrier_off(sc->xnb_ifp);
	netif_tx_disable(sc->xnb_ifp);
	for (i = 0; i < sc->xnb_nqueues; i++)
		xnb_queue_stop(&sc->xnb_q[i]);
	netif_tx_disable(sc->xnb_ifp);
	netif_carrier_off(sc->xnb_ifp);
}

/**
 * xnb_netdev_destroy() - unregister and free the vif's net_device.
 * @sc: the softc.
 */
void
xnb_netdev_destroy(struct xnb_softc *sc)
{
	if (sc->xnb_ifp == NULL)
		return;
	unregister_netdev(sc->xnb_ifp);
	free_netdev(sc->xnb_ifp);
	sc->xnb_ifp = NULL;
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * xnb_netdev.c: the Dom0 network interface of a vif.
 *
 * Each vif backend device owns a Linux net_device named vif<domid>.<handle>
 * (or the toolstack's "vifname"), which Xen's vif-bridge hotplug script
 * enslaves to a bridge.  Its MAC address is fe:ff:ff:ff:ff:ff, as with
 * Linux's xen-netback: the guest's own MAC lives in the guest, and the
 * highest possible address keeps a bridge from taking the vif's address
 * as its own.  The carrier is on only while the frontend is connected;
 * until then, and without a packet path, anything the stack sends is
 * dropped and counted in tx_dropped.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/etherdevice.h>
#include <linux/netdevice.h>

#include "xnb.h"

/* The private area of the net_device: a pointer back to the softc. */
struct xnb_netpriv {
	struct xnb_softc *xnp_sc;
};

static netdev_tx_t
xnb_start_xmit(struct sk_buff *skb, struct net_device *ifp)
{
	ifp->stats.tx_dropped++;
	dev_kfree_skb_any(skb);
	return NETDEV_TX_OK;
}

static const struct net_device_ops xnb_netdev_ops = {
	.ndo_start_xmit = xnb_start_xmit,
	.ndo_validate_addr = eth_validate_addr,
};

/**
 * xnb_netdev_create() - create and register the vif's net_device.
 * @sc: the softc; xnb_ifp is set on success.
 * @name: the interface name (the toolstack's "vifname"), or NULL.
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
	ifp = alloc_netdev(sizeof(*np), ifname, NET_NAME_PREDICTABLE,
	    ether_setup);
	if (ifp == NULL)
		return -ENOMEM;
	np = netdev_priv(ifp);
	np->xnp_sc = sc;
	ifp->netdev_ops = &xnb_netdev_ops;
	ifp->min_mtu = ETH_MIN_MTU;
	ifp->max_mtu = ETH_DATA_LEN;
	ifp->tx_queue_len = 32;
	eth_hw_addr_set(ifp, mac);
	SET_NETDEV_DEV(ifp, &sc->xnb_dev->dev);
	netif_carrier_off(ifp);
	error = register_netdev(ifp);
	if (error != 0) {
		free_netdev(ifp);
		return error;
	}
	sc->xnb_ifp = ifp;
	return 0;
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

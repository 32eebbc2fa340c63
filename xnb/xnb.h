/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xnb.h: the Xen network backend's softc and its internal interfaces.
 *
 * One struct xnb_softc exists per "vif" backend device, from probe to
 * remove.  It holds the device's XenStore handle, its state machine (the
 * rules live in common/xenbus/xbs_sm.c) and the connection: the transmit
 * and receive rings negotiated with the frontend (netif.h) and their
 * event channel(s).
 *
 * Prototypes are grouped by the file that defines them.
 */
#ifndef _XNB_H_
#define _XNB_H_

#include <linux/mutex.h>
#include <linux/netdevice.h>
#include <xen/xenbus.h>

#include "../common/ring/xbr.h"
#include "../common/xenbus/xbs.h"
#include "../common/xenbus/xbs_xen.h"

/**
 * struct xnb_softc - one network backend device.
 * @xnb_dev: the xenbus device.
 * @xnb_xd: XenStore access, state machine and lock (common/xenbus).
 * @xnb_handle: the toolstack's "handle" node: the vif's number in the guest.
 * @xnb_split: the frontend uses separate TX and RX event channels.
 * @xnb_tx: the transmit ring (guest to Dom0).
 * @xnb_rx: the receive ring (Dom0 to guest).
 * @xnb_txname: name of the TX (or only) IRQ.
 * @xnb_rxname: name of the RX IRQ with split event channels.
 * @xnb_ifp: the Dom0 network interface, vif<domid>.<handle>.
 */
struct xnb_softc {
	struct xenbus_device *xnb_dev;
	struct xbs_xen_dev xnb_xd;
	unsigned int xnb_handle;
	bool xnb_split;
	struct xbr_ring xnb_tx;
	struct xbr_ring xnb_rx;
	char xnb_txname[32];
	char xnb_rxname[32];
	struct net_device *xnb_ifp;
};

/* xnb_main.c */
extern bool xnb_split_event_channels;

/* xnb_netdev.c */
int xnb_netdev_create(struct xnb_softc *sc, const char *name);
void xnb_netdev_destroy(struct xnb_softc *sc);

/* xnb_xenbus.c */
int xnb_xenbus_register(void);
void xnb_xenbus_unregister(void);

#endif /* _XNB_H_ */

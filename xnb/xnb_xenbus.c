// SPDX-License-Identifier: GPL-2.0-only
/*
 * xnb_xenbus.c: the network backend's xenbus glue.
 *
 * Probe creates the softc, publishes the offloads the guest may use, the
 * receive mode (grant copy only: "feature-rx-copy" 1, "feature-rx-flip"
 * 0), the split event channel offer, the most queues
 * ("multi-queue-max-queues"), the control ring ("feature-ctrl-ring"),
 * multicast control ("feature-multicast-control",
 * "feature-dynamic-multicast-control") and XDP headroom
 * ("feature-xdp-headroom"), and shows InitWait.  netif.h's startup
 * sequence: the frontend then writes "tx-ring-ref", "rx-ring-ref",
 * "event-channel" (or "event-channel-tx" and "event-channel-rx") and
 * "request-rx-copy", and goes to Connected; the backend maps both rings
 * of every queue and binds the channels, and the control ring if the
 * frontend wrote one.  A frontend may show Reconfiguring to change its
 * XDP headroom; the backend answers Reconfigured and stays there
 * (common/xenbus/xbs_sm.c says why).
 *
 * Like Linux's xen-netback, the backend connects only once the hotplug
 * script (Xen's vif-bridge) has written "hotplug-status": until then the
 * interface is not on its bridge and traffic would go nowhere.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <xen/events.h>
#include <xen/xenbus.h>

#include "../common/ring/xbr_xen.h"
#include "../common/xenbus/xbs_xen.h"
#include "xnb.h"

/*------------------------------- Connection --------------------------------*/
/* Read one single-page ring's grant reference (and event channel). */
static int
xnb_read_ring(struct xnb_softc *sc, const char *dir, const char *node,
    const char *evnode, struct xbr_layout *lay)
{
	int error;

	memset(lay, 0, sizeof(*lay));
	lay->xrl_scheme = XBR_SCHEME_SINGLE;
	lay->xrl_npages = 1;
	error =
	    xbr_read_ref(&sc->xnb_xd.xd_store, dir, node, &lay->xrl_refs[0]);
	if (error == 0 && evnode != NULL)
		error = xbr_read_evtchn(&sc->xnb_xd.xd_store, dir, evnode,
		    &lay->xrl_evtchn);
	return error;
}

/*
 * Read what the frontend can receive.  netif.h: "feature-rx-notify" is
 * mandatory for a backend that, like this one, relies on the guest's
 * notifications when it posts receive buffers; each feature is 0 or 1.
 */
static int
xnb_read_features(struct xnb_softc *sc)
{
	static const struct {
		const char *name;
		unsigned int def;
		unsigned int bit; /* set when the node reads 1 */
	} nodes[] = {
		{ "feature-sg", 0, XNB_FE_SG },
		{ "feature-gso-tcpv4", 0, XNB_FE_GSO4 },
		{ "feature-gso-tcpv6", 0, XNB_FE_GSO6 },
		{ "feature-no-csum-offload", 0, XNB_FE_CSUM4 },
		{ "feature-ipv6-csum-offload", 0, XNB_FE_CSUM6 },
		{ "feature-rx-notify", 0, 0 },
	};
	struct xbs_store *xs = &sc->xnb_xd.xd_store;
	const char *fe = sc->xnb_dev->otherend;
	unsigned int i, v, feat = 0;
	int error;

	for (i = 0; i < ARRAY_SIZE(nodes); i++) {
		error = xbs_read_uint(xs, XBS_TXN_NONE, fe, nodes[i].name, 0, 1,
		    nodes[i].def, XBS_OPTIONAL, &v);
		if (error < 0)
			return error;
		if (nodes[i].bit == XNB_FE_CSUM4)
			v = !v; /* "no" checksum offload */
		if (nodes[i].bit == 0 && v == 0) {
			xbs_report(xs, -EPROTO,
			    "%s: frontend does not write feature-rx-notify; xnb needs its receive notifications",
			    fe);
			return -EPROTO;
		}
		if (v != 0)
			feat |= nodes[i].bit;
	}
	sc->xnb_fe = feat;
	return 0;
}

/*
 * The toolstack's "rate" node (libxl: "<bytes>,<usecs>", from the vif's
 * rate= setting) limits what the guest sends; absent means unlimited.
 * Read at connect and whenever it changes (xnb_rate_changed()), as
 * xen-netback does.  The node is the toolstack's, in the backend's
 * directory, which the guest cannot write; a value that does not parse
 * means no limit, with a message, as with xen-netback, rather than a
 * refused connection.  The new limit starts with a full window.
 */
static void
xnb_read_rate(struct xnb_softc *sc)
{
	struct xbs_store *xs = &sc->xnb_xd.xd_store;
	const char *dir = sc->xnb_dev->nodename;
	u64 bytes = 0, obytes;
	u32 usec = 0, ousec;
	char val[40];

	/* A read error (reported) leaves no limit too. */
	if (xbs_read_opt_str(xs, XBS_TXN_NONE, dir, "rate", val,
		sizeof(val)) == 0 &&
	    val[0] != '\0' && xnb_parse_rate(val, &bytes, &usec) != 0) {
		dev_warn(&sc->xnb_dev->dev,
		    "%s/rate: \"%s\" is not <bytes>,<usecs>; no limit\n", dir,
		    val);
		bytes = 0;
		usec = 0;
	}
	spin_lock_bh(&sc->xnb_rate_lock);
	obytes = sc->xnb_rate.xcr_bytes;
	ousec = sc->xnb_rate.xcr_usec;
	xnb_credit_init(&sc->xnb_rate, bytes, usec, ktime_get_ns());
	spin_unlock_bh(&sc->xnb_rate_lock);
	if (obytes == bytes && ousec == usec)
		return;
	if (bytes == 0)
		dev_info(&sc->xnb_dev->dev,
		    "rate: no limit (was %llu bytes per %u us)\n", obytes, ousec);
	else
		dev_info(&sc->xnb_dev->dev, "rate: %llu bytes per %u us\n",
		    bytes, usec);
}

/*
 * The "rate" node's watch: apply the new limit now.  A queue that waits
 * for credit under the old limit (the guest is not notifying: its packets
 * sit on the ring) would wait for the old window's timer, which may be
 * long: it is fired now.  Under xd_lock, which disconnect holds while it
 * stops the queues (xnb_queue_stop() deletes the timer), so that a timer
 * is never armed on a stopped queue; the watch goes (xbs_xen_dev_freeze())
 * before the lock is taken for the last time.
 */
static void
xnb_rate_changed(void *arg)
{
	struct xnb_softc *sc = arg;
	unsigned int i;

	xnb_read_rate(sc);
	mutex_lock(&sc->xnb_xd.xd_lock);
	if (READ_ONCE(sc->xnb_connected))
		for (i = 0; i < sc->xnb_nqueues; i++)
			if (READ_ONCE(sc->xnb_q[i].xnq_credit_wait))
				mod_timer(&sc->xnb_q[i].xnq_credit_timer,
				    jiffies);
	mutex_unlock(&sc->xnb_xd.xd_lock);
}

/*
 * netif.h, "Multicast control": the frontend's "request-multicast-control"
 * node, 1 to receive only the multicast groups it joins.  Read at connect
 * and whenever the frontend writes it ("feature-dynamic-multicast-control":
 * this is the watch, on the xenwatch thread).  The node is the guest's,
 * which may write it in a loop: it is read through a quiet store, and a
 * value that cannot be read or is not 0 or 1 means off, with a
 * rate-limited message; it never costs the connection.
 */
static void
xnb_mcast_changed(void *arg)
{
	struct xnb_softc *sc = arg;
	const char *fe = sc->xnb_dev->otherend;
	struct xbs_store_ops quiet_ops;
	struct xbs_store quiet;
	unsigned int v = 0;
	char val[16];
	int error;

	/* Quiet: a failed read is said here, within a rate limit. */
	xbs_xen_store_quiet(&sc->xnb_xd, &quiet, &quiet_ops);
	error = xbs_read_opt_str(&quiet, XBS_TXN_NONE, fe,
	    "request-multicast-control", val, sizeof(val));
	if (error != 0) {
		dev_warn_ratelimited(&sc->xnb_dev->dev,
		    "%s/request-multicast-control: %s; off\n", fe,
		    quiet.xss_lasterr);
	} else if (val[0] != '\0' && (kstrtouint(val, 10, &v) != 0 || v > 1)) {
		dev_warn_ratelimited(&sc->xnb_dev->dev,
		    "%s/request-multicast-control: \"%s\" is not 0 or 1; off\n",
		    fe, val);
		v = 0;
	}
	if (READ_ONCE(sc->xnb_mcast_on) != !!v)
		dev_info_ratelimited(&sc->xnb_dev->dev,
		    "multicast filtering %s\n",
		    v ? "on" : "off");
	WRITE_ONCE(sc->xnb_mcast_on, !!v);
}

/*
 * netif.h, "xdp-headroom": the bytes the frontend wants left free at the
 * start of each receive buffer, for its XDP program.  Linux netfront
 * writes it at connect, and when an XDP program comes or goes it shows
 * Reconfiguring, then writes the node (in that order: the node may change
 * after Reconfiguring was read, hence the watch too), and waits for
 * Reconfigured.  Read here at connect, on Reconfiguring, and from the
 * watch on the node (xenwatch thread, without the lock).  Each packet
 * carries the headroom it was laid out with in an XDP extra, so the
 * change may take effect at any packet.  The node is the guest's: it is
 * read through a quiet store; a value netif.h does not allow (above
 * XEN_NETIF_MAX_XDP_HEADROOM) or that cannot be read means none, and one
 * above XNB_XDP_HEADROOM_MAX is clamped (the extra says so), each with a
 * rate-limited message; it never costs the connection.
 */
static void
xnb_xdp_changed(void *arg)
{
	struct xnb_softc *sc = arg;
	const char *fe = sc->xnb_dev->otherend;
	struct xbs_store_ops quiet_ops;
	struct xbs_store quiet;
	unsigned int v = 0;

	if (!sc->xnb_xdp_offered)
		return;
	xbs_xen_store_quiet(&sc->xnb_xd, &quiet, &quiet_ops);
	if (xbs_read_uint(&quiet, XBS_TXN_NONE, fe, "xdp-headroom", 0,
		XEN_NETIF_MAX_XDP_HEADROOM, 0, XBS_OPTIONAL, &v) < 0) {
		dev_warn_ratelimited(&sc->xnb_dev->dev, "%s; no headroom\n",
		    quiet.xss_lasterr);
		v = 0;
	} else if (v > XNB_XDP_HEADROOM_MAX) {
		dev_warn_ratelimited(&sc->xnb_dev->dev,
		    "%s/xdp-headroom: %u is more than xnb leaves; %u\n", fe, v,
		    XNB_XDP_HEADROOM_MAX);
		v = XNB_XDP_HEADROOM_MAX;
	}
	if (READ_ONCE(sc->xnb_xdp_headroom) != v)
		dev_info_ratelimited(&sc->xnb_dev->dev, "XDP headroom %u\n", v);
	WRITE_ONCE(sc->xnb_xdp_headroom, v);
}

/*
 * RECONFIGURE: the frontend shows Reconfiguring on a live connection
 * (Linux netfront, attaching or removing an XDP program).  The headroom
 * is all it may change this way; the state machine then shows
 * Reconfigured, which netfront waits for, and stays there when the
 * frontend is Connected again (common/xenbus/xbs_sm.c says why).
 */
static void
xnb_reconfigure(void *arg)
{
	struct xnb_softc *sc = arg;

	lockdep_assert_held(&sc->xnb_xd.xd_lock);
	xnb_xdp_changed(sc);
}

/* Read one queue's rings and channels from @dir and connect them. */
static int
xnb_connect_queue(struct xnb_softc *sc, struct xnb_queue *q, const char *dir)
{
	struct xbr_layout tx, rx;
	int error;

	error = xnb_read_ring(sc, dir, "tx-ring-ref",
	    sc->xnb_split ? "event-channel-tx" : "event-channel", &tx);
	if (error == 0)
		error = xnb_read_ring(sc, dir, "rx-ring-ref",
		    sc->xnb_split ? "event-channel-rx" : NULL, &rx);
	if (error == 0)
		error = xnb_queue_connect(q, &tx, &rx, sc->xnb_split);
	return error;
}

/*
 * The control ring (netif.h, "Control ring"), if the frontend has one:
 * "ctrl-ring-ref" and "event-channel-ctrl" in its own directory.  Absent
 * is no error; present, both must be valid.
 */
static int
xnb_connect_ctrl(struct xnb_softc *sc)
{
	struct xenbus_device *dev = sc->xnb_dev;
	struct xbr_layout lay;
	int error;

	if (!xbs_exists(&sc->xnb_xd.xd_store, XBS_TXN_NONE, dev->otherend,
		"ctrl-ring-ref"))
		return 0;
	error = xnb_read_ring(sc, dev->otherend, "ctrl-ring-ref",
	    "event-channel-ctrl", &lay);
	if (error == 0)
		error = xnb_ctrl_connect(&sc->xnb_ctrl, &lay);
	return error;
}

/*
 * CONNECT (netif.h's startup sequence): once the hotplug script has put
 * the vif on its bridge, read the frontend's receive mode, features and
 * queues, map every queue's rings, bind their channels, and start.
 */
static int
xnb_connect(void *arg)
{
	struct xnb_softc *sc = arg;
	struct xenbus_device *dev = sc->xnb_dev;
	struct xbs_store *xs = &sc->xnb_xd.xd_store;
	unsigned int rxcopy, nq, i;
	char *dir;
	int error;

	lockdep_assert_held(&sc->xnb_xd.xd_lock);
	switch (xbs_read_hotplug(xs, dev->nodename)) {
	case XBS_HOTPLUG_PENDING:
		dev_dbg(&dev->dev, "waiting for the hotplug script\n");
		return XBS_CONNECT_LATER;
	case XBS_HOTPLUG_ERROR:
		xbs_report(xs, -EIO, "%s: the hotplug script failed",
		    dev->nodename);
		return -EIO;
	case XBS_HOTPLUG_CONNECTED:
		break;
	}
	error = xbs_read_uint(xs, XBS_TXN_NONE, dev->otherend,
	    "request-rx-copy", 0, 1, 0, XBS_OPTIONAL, &rxcopy);
	if (error < 0)
		return error;
	if (rxcopy == 0) {
		xbs_report(xs, -EOPNOTSUPP,
		    "%s: frontend asks for page flipping; xnb receives by grant copy only",
		    dev->otherend);
		return -EOPNOTSUPP;
	}
	error = xnb_read_features(sc);
	if (error != 0)
		return error;
	xnb_read_rate(sc);
	xnb_mcast_changed(sc);
	xnb_xdp_changed(sc);
	error = xbs_read_uint(xs, XBS_TXN_NONE, dev->otherend,
	    "multi-queue-num-queues", 1, xnb_max_queues, 1, XBS_OPTIONAL, &nq);
	if (error < 0)
		return error;
	for (i = 0; i < nq; i++) {
		dir = nq == 1 ?
		    kstrdup(dev->otherend, GFP_KERNEL) :
		    kasprintf(GFP_KERNEL, "%s/queue-%u", dev->otherend, i);
		if (dir == NULL) {
			error = -ENOMEM;
			goto fail;
		}
		if (i == 0)
			sc->xnb_split = xbs_exists(xs, XBS_TXN_NONE, dir,
			    "event-channel-tx");
		error = xnb_connect_queue(sc, &sc->xnb_q[i], dir);
		kfree(dir);
		if (error != 0)
			goto fail;
	}
	sc->xnb_nqueues = nq;
	error = xnb_connect_ctrl(sc);
	if (error != 0)
		goto fail;
	error = xnb_netdev_connect(sc);
	if (error != 0)
		goto fail_ctrl;
	dev_info(&dev->dev,
	    "connected: %u queue(s)%s, %s event channels, sg %d, gso %d/%d, csum %d/%d; interface %s\n",
	    nq, sc->xnb_ctrl.xct_page != NULL ? " and a control ring" : "",
	    sc->xnb_split ? "split" : "shared", !!(sc->xnb_fe & XNB_FE_SG),
	    !!(sc->xnb_fe & XNB_FE_GSO4), !!(sc->xnb_fe & XNB_FE_GSO6),
	    !!(sc->xnb_fe & XNB_FE_CSUM4), !!(sc->xnb_fe & XNB_FE_CSUM6),
	    netdev_name(sc->xnb_ifp));
	return 0;

fail_ctrl:
	xnb_ctrl_disconnect(&sc->xnb_ctrl);
fail:
	sc->xnb_nqueues = 0;
	while (i-- > 0)
		xnb_queue_disconnect(&sc->xnb_q[i]);
	/* -EPROTO: xnb_queue_connect() said what the rings hold. */
	if (error != -EPROTO)
		xenbus_dev_error(dev, error, "connecting %u queue(s)", nq);
	return error;
}

static void
xnb_disconnect(void *arg)
{
	struct xnb_softc *sc = arg;
	unsigned int i;

	lockdep_assert_held(&sc->xnb_xd.xd_lock);
	xnb_netdev_disconnect(sc);
	xnb_ctrl_disconnect(&sc->xnb_ctrl);
	/* The polls that join and leave are stopped: start with no group. */
	spin_lock_irq(&sc->xnb_mcast_lock);
	sc->xnb_mcast.xmc_count = 0;
	spin_unlock_irq(&sc->xnb_mcast_lock);
	for (i = 0; i < sc->xnb_nqueues; i++)
		xnb_queue_disconnect(&sc->xnb_q[i]);
	sc->xnb_nqueues = 0;
	dev_info(&sc->xnb_dev->dev, "disconnected\n");
}

static const struct xbs_xen_cb xnb_xen_cb = {
	.xxc_connect = xnb_connect,
	.xxc_disconnect = xnb_disconnect,
	.xxc_reconfigure = xnb_reconfigure,
};

/*--------------------------------- Xenbus ----------------------------------*/
/*
 * PROBE: read the toolstack's nodes, create the interface, publish what
 * the backend offers (netif.h), watch for the hotplug script and show
 * InitWait; the frontend connects from there.
 */
static int
xnb_probe(struct xenbus_device *dev, const struct xenbus_device_id *id)
{
	const struct xbs_node features[] = {
		XBS_UINT("feature-sg", 1),
		XBS_UINT("feature-gso-tcpv4", 1),
		XBS_UINT("feature-gso-tcpv6", 1),
		XBS_UINT("feature-ipv6-csum-offload", 1),
		XBS_UINT("feature-rx-copy", 1),
		XBS_UINT("feature-rx-flip", 0),
		XBS_UINT("feature-split-event-channels",
		    xnb_split_event_channels),
		XBS_UINT("multi-queue-max-queues", xnb_max_queues),
		XBS_UINT("feature-ctrl-ring", 1),
		XBS_UINT("feature-multicast-control", 1),
		XBS_UINT("feature-dynamic-multicast-control", 1),
		XBS_UINT("feature-xdp-headroom", xnb_provides_xdp_headroom),
	};
	char vifname[IFNAMSIZ];
	struct xnb_softc *sc;
	struct xbs_store *xs;
	unsigned int i;
	int error;

	sc = kzalloc(sizeof(*sc), GFP_KERNEL);
	if (sc == NULL) {
		xenbus_dev_fatal(dev, -ENOMEM, "allocating softc");
		return -ENOMEM;
	}
	sc->xnb_dev = dev;
	sc->xnb_xdp_offered = xnb_provides_xdp_headroom;
	spin_lock_init(&sc->xnb_rate_lock);
	spin_lock_init(&sc->xnb_carrier_lock);
	spin_lock_init(&sc->xnb_mcast_lock);
	dev_set_drvdata(&dev->dev, sc);
	error = xbs_xen_dev_init(&sc->xnb_xd, dev, XBS_CONNECT_ON_CONNECTED,
	    &xnb_xen_cb, sc);
	if (error != 0)
		goto fail;
	xs = &sc->xnb_xd.xd_store;
	error = xbs_read_uint(xs, XBS_TXN_NONE, dev->nodename, "handle", 0,
	    INT_MAX, 0, XBS_REQUIRED, &sc->xnb_handle);
	if (error == 0)
		error = xbs_read_opt_str(xs, XBS_TXN_NONE, dev->nodename, "mac",
		    sc->xnb_mac, sizeof(sc->xnb_mac));
	if (error == 0)
		error = xbs_read_opt_str(xs, XBS_TXN_NONE, dev->nodename,
		    "bridge", sc->xnb_bridge, sizeof(sc->xnb_bridge));
	if (error == 0)
		error = xbs_read_opt_str(xs, XBS_TXN_NONE, dev->nodename,
		    "vifname", vifname, sizeof(vifname));
	if (error != 0)
		goto fail;
	sc->xnb_q = kcalloc(xnb_max_queues, sizeof(*sc->xnb_q), GFP_KERNEL);
	if (sc->xnb_q == NULL) {
		error = -ENOMEM;
		goto fail;
	}
	for (i = 0; i < xnb_max_queues; i++)
		xnb_queue_init(&sc->xnb_q[i], sc, i);
	xnb_ctrl_init(&sc->xnb_ctrl, sc);
	error = xnb_netdev_create(sc, vifname[0] != '\0' ? vifname : NULL);
	if (error != 0) {
		xenbus_dev_fatal(dev, error, "creating the network interface");
		goto fail;
	}
	error = xbs_publish(xs, dev->nodename, features, ARRAY_SIZE(features));
	if (error != 0)
		goto fail_netdev;
	/*
	 * Like xen-netback, connect only once the hotplug script has put
	 * the interface on its bridge and written "hotplug-status".
	 */
	error = xbs_xen_dev_watch_node(&sc->xnb_xd, "hotplug-status");
	if (error == 0)
		error = xbs_xen_dev_watch_node_fn(&sc->xnb_xd, "rate",
		    xnb_rate_changed, sc);
	if (error == 0)
		error = xbs_xen_dev_watch_otherend_fn(&sc->xnb_xd,
		    "request-multicast-control", xnb_mcast_changed, sc);
	if (error == 0 && sc->xnb_xdp_offered)
		error = xbs_xen_dev_watch_otherend_fn(&sc->xnb_xd,
		    "xdp-headroom", xnb_xdp_changed, sc);
	if (error == 0)
		error = xbs_xen_dev_initwait(&sc->xnb_xd);
	if (error != 0)
		goto fail_netdev;
	dev_info(&dev->dev,
	    "probed for frontend %s (domain %d, handle %u), interface %s\n",
	    dev->otherend, dev->otherend_id, sc->xnb_handle,
	    netdev_name(sc->xnb_ifp));
	return 0;

fail_netdev:
	/* No watch may start a connection on the interface going away. */
	xbs_xen_dev_freeze(&sc->xnb_xd);
	xnb_netdev_destroy(sc);
fail:
	xbs_xen_dev_fini(&sc->xnb_xd);
	dev_set_drvdata(&dev->dev, NULL);
	kfree(sc->xnb_q);
	kfree(sc);
	return error;
}

static void
xnb_otherend_changed(struct xenbus_device *dev, enum xenbus_state unused)
{
	struct xnb_softc *sc = dev_get_drvdata(&dev->dev);

	xbs_xen_dev_otherend_changed(&sc->xnb_xd);
}

/*
 * REMOVE: no watch may start a connection any more, the connection (if
 * any) goes, then a pending fatal report is done with, all in
 * xbs_xen_dev_fini(); then the interface goes.
 *
 * The producers of the fatal report are the NAPI poll (xnb_queue_fatal())
 * and the control ring's work.  xnb_disconnect() napi_disable()s every
 * queue, which waits for a running poll and keeps any other from
 * starting, cancels the control ring's work after disabling its IRQ (so
 * nothing queues it again), and unbinds the IRQs; only then does
 * xbs_xen_dev_fini() cancel the report's work, so nothing queues it again
 * on a softc about to be freed.  A report that runs meanwhile finds the
 * device removed.
 */
static void
xnb_remove(struct xenbus_device *dev)
{
	struct xnb_softc *sc = dev_get_drvdata(&dev->dev);
	bool handover;

	if (sc == NULL)
		return;
	handover = xbs_xen_handing_over(dev);
	xbs_xen_dev_fini(&sc->xnb_xd);
	xnb_netdev_destroy(sc);
	/*
	 * The next driver's interface is a new one, on no bridge: as with
	 * xen-netback, it connects only once the hotplug script has run
	 * again (Documentation/admin.rst, "Moving running guests").  Not a
	 * handover: show Closed, as xenbus does for a driver without
	 * allow_rebind.
	 */
	xenbus_rm(XBT_NIL, dev->nodename, "hotplug-status");
	if (!handover)
		xenbus_switch_state(dev, XenbusStateClosed);
	dev_set_drvdata(&dev->dev, NULL);
	kfree(sc->xnb_q);
	kfree(sc);
	dev_info(&dev->dev, "removed%s\n",
	    handover ? "; the frontend stays connected for the next driver" :
		       "");
}

static const struct xenbus_device_id xnb_ids[] = {
	{ "vif" },
	{ "" },
};

static struct xenbus_driver xnb_driver = {
	.name = "xnb",
	.ids = xnb_ids,
	.probe = xnb_probe,
	.remove = xnb_remove,
	.otherend_changed = xnb_otherend_changed,
	/* Unbind leaves a Connected device for the next driver. */
	.allow_rebind = true,
};

/**
 * xnb_xenbus_register() - register the "vif" backend driver.
 *
 * Return: 0, xenbus_register_backend()'s error, or -EBUSY (with a
 * message) when xen-netback already serves "vif" devices.
 */
int
xnb_xenbus_register(void)
{
	int error;

	xnb_driver.driver.dev_groups = xnb_sysfs_groups;
	error = xenbus_register_backend(&xnb_driver);
	if (error == 0)
		error = xbs_xen_exclusive(&xnb_driver, "xen-netback");
	return error;
}

/**
 * xnb_xenbus_unregister() - unregister the driver; every device is removed.
 */
void
xnb_xenbus_unregister(void)
{
	xenbus_unregister_driver(&xnb_driver);
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * xnb_xenbus.c: the network backend's xenbus glue.
 *
 * Probe creates the softc, publishes the receive mode (grant copy only:
 * "feature-rx-copy" 1, "feature-rx-flip" 0) and the split event channel
 * offer, and shows InitWait.  netif.h's startup sequence: the frontend
 * then writes "tx-ring-ref", "rx-ring-ref", "event-channel" (or
 * "event-channel-tx" and "event-channel-rx") and "request-rx-copy", and
 * goes to Connected; the backend maps both rings and binds the channels.
 *
 * The packet path does not exist yet: xnb_connect() vets the frontend's
 * nodes and maps and binds its rings for real, then leaves the device in
 * InitWait (XBS_CONNECT_DEFERRED) instead of claiming a link it cannot
 * carry traffic on.
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
/*
 * Event channel handler.  Until the packet path exists no event is work,
 * so each is acknowledged as spurious; the lateeoi core then throttles a
 * frontend that keeps raising them.
 */
static irqreturn_t
xnb_intr(int irq, void *arg)
{
	xen_irq_lateeoi(irq, XEN_EOI_FLAG_SPURIOUS);
	return IRQ_HANDLED;
}

/* Read one single-page ring's grant reference into a layout. */
static int
xnb_read_ring(struct xnb_softc *sc, const char *node, const char *evnode,
    struct xbr_layout *lay)
{
	const char *fe = sc->xnb_dev->otherend;
	int error;

	memset(lay, 0, sizeof(*lay));
	lay->xrl_scheme = XBR_SCHEME_SINGLE;
	lay->xrl_npages = 1;
	error = xbr_read_ref(&sc->xnb_xd.xd_store, fe, node, &lay->xrl_refs[0]);
	if (error == 0 && evnode != NULL)
		error = xbr_read_evtchn(&sc->xnb_xd.xd_store, fe, evnode,
		    &lay->xrl_evtchn);
	return error;
}

/* Vet the frontend's nodes, then map both rings and bind the channels. */
static int
xnb_connect(void *arg)
{
	struct xnb_softc *sc = arg;
	struct xenbus_device *dev = sc->xnb_dev;
	struct xbr_layout tx, rx;
	unsigned int rxcopy;
	int error;

	lockdep_assert_held(&sc->xnb_xd.xd_lock);
	error = xbs_read_uint(&sc->xnb_xd.xd_store, XBS_TXN_NONE, dev->otherend,
	    "request-rx-copy", 0, 1, 0, XBS_OPTIONAL, &rxcopy);
	if (error < 0)
		return error;
	if (rxcopy == 0) {
		xbs_report(&sc->xnb_xd.xd_store, -EOPNOTSUPP,
		    "%s: frontend asks for page flipping; xnb receives by grant copy only",
		    dev->otherend);
		return -EOPNOTSUPP;
	}
	sc->xnb_split = xbs_exists(&sc->xnb_xd.xd_store, XBS_TXN_NONE,
	    dev->otherend, "event-channel-tx");
	error = xnb_read_ring(sc, "tx-ring-ref",
	    sc->xnb_split ? "event-channel-tx" : "event-channel", &tx);
	if (error == 0)
		error = xnb_read_ring(sc, "rx-ring-ref",
		    sc->xnb_split ? "event-channel-rx" : NULL, &rx);
	if (error != 0)
		return error;

	snprintf(sc->xnb_txname, sizeof(sc->xnb_txname), "xnb-%d-%u-%s",
	    dev->otherend_id, sc->xnb_handle, sc->xnb_split ? "tx" : "q0");
	snprintf(sc->xnb_rxname, sizeof(sc->xnb_rxname), "xnb-%d-%u-rx",
	    dev->otherend_id, sc->xnb_handle);
	error = xbr_connect(&sc->xnb_tx, &tx, xnb_intr, sc->xnb_txname, sc);
	if (error != 0)
		goto fail_tx;
	error = xbr_connect(&sc->xnb_rx, &rx, sc->xnb_split ? xnb_intr : NULL,
	    sc->xnb_rxname, sc);
	if (error != 0)
		goto fail_rx;
	dev_info(&dev->dev,
	    "rings mapped (tx ref %u, rx ref %u, %s event channels); no packet path yet: the vif stays in InitWait\n",
	    tx.xrl_refs[0], rx.xrl_refs[0], sc->xnb_split ? "split" : "one");
	return XBS_CONNECT_DEFERRED;

fail_rx:
	xbr_disconnect(&sc->xnb_tx);
fail_tx:
	xenbus_dev_error(dev, error, "mapping rings");
	return error;
}

static void
xnb_disconnect(void *arg)
{
	struct xnb_softc *sc = arg;

	lockdep_assert_held(&sc->xnb_xd.xd_lock);
	xbr_disconnect(&sc->xnb_rx);
	xbr_disconnect(&sc->xnb_tx);
	dev_info(&sc->xnb_dev->dev, "disconnected\n");
}

static const struct xbs_xen_cb xnb_xen_cb = {
	.xxc_connect = xnb_connect,
	.xxc_disconnect = xnb_disconnect,
};

/*--------------------------------- Xenbus ----------------------------------*/
static int
xnb_probe(struct xenbus_device *dev, const struct xenbus_device_id *id)
{
	const struct xbs_node features[] = {
		XBS_UINT("feature-rx-copy", 1),
		XBS_UINT("feature-rx-flip", 0),
		XBS_UINT("feature-split-event-channels",
		    xnb_split_event_channels),
	};
	struct xnb_softc *sc;
	struct xbs_store *xs;
	char *vifname = NULL;
	int error;

	sc = kzalloc(sizeof(*sc), GFP_KERNEL);
	if (sc == NULL) {
		xenbus_dev_fatal(dev, -ENOMEM, "allocating softc");
		return -ENOMEM;
	}
	sc->xnb_dev = dev;
	xbr_ring_init(&sc->xnb_tx, &xbr_xen_ops, dev);
	xbr_ring_init(&sc->xnb_rx, &xbr_xen_ops, dev);
	dev_set_drvdata(&dev->dev, sc);
	error = xbs_xen_dev_init(&sc->xnb_xd, dev, XBS_CONNECT_ON_CONNECTED,
	    &xnb_xen_cb, sc);
	if (error != 0)
		goto fail;
	xs = &sc->xnb_xd.xd_store;
	error = xbs_read_uint(xs, XBS_TXN_NONE, dev->nodename, "handle", 0,
	    INT_MAX, 0, XBS_REQUIRED, &sc->xnb_handle);
	if (error != 0)
		goto fail;
	if (xbs_exists(xs, XBS_TXN_NONE, dev->nodename, "vifname")) {
		error = xbs_read_str(xs, XBS_TXN_NONE, dev->nodename, "vifname",
		    IFNAMSIZ - 1, &vifname);
		if (error != 0)
			goto fail;
	}
	error = xnb_netdev_create(sc, vifname);
	kfree(vifname);
	if (error != 0) {
		xenbus_dev_fatal(dev, error, "creating the network interface");
		goto fail;
	}
	error = xbs_publish(xs, dev->nodename, features, ARRAY_SIZE(features));
	if (error != 0)
		goto fail_netdev;
	error = xbs_xen_dev_initwait(&sc->xnb_xd);
	if (error != 0)
		goto fail_netdev;
	dev_info(&dev->dev,
	    "probed for frontend %s (domain %d, handle %u), interface %s\n",
	    dev->otherend, dev->otherend_id, sc->xnb_handle,
	    netdev_name(sc->xnb_ifp));
	return 0;

fail_netdev:
	xnb_netdev_destroy(sc);
fail:
	xbs_xen_dev_fini(&sc->xnb_xd);
	dev_set_drvdata(&dev->dev, NULL);
	kfree(sc);
	return error;
}

static void
xnb_otherend_changed(struct xenbus_device *dev, enum xenbus_state unused)
{
	struct xnb_softc *sc = dev_get_drvdata(&dev->dev);

	xbs_xen_dev_otherend_changed(&sc->xnb_xd);
}

static void
xnb_remove(struct xenbus_device *dev)
{
	struct xnb_softc *sc = dev_get_drvdata(&dev->dev);

	if (sc == NULL)
		return;
	xbs_xen_dev_fini(&sc->xnb_xd);
	xnb_netdev_destroy(sc);
	dev_set_drvdata(&dev->dev, NULL);
	kfree(sc);
	dev_info(&dev->dev, "removed\n");
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
};

/**
 * xnb_xenbus_register() - register the "vif" backend driver.
 *
 * Return: 0 or xenbus_register_backend()'s error.
 */
int
xnb_xenbus_register(void)
{
	return xenbus_register_backend(&xnb_driver);
}

/**
 * xnb_xenbus_unregister() - unregister the driver; every device is removed.
 */
void
xnb_xenbus_unregister(void)
{
	xenbus_unregister_driver(&xnb_driver);
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * xbb_xenbus.c: the block backend's xenbus glue.
 *
 * Probe creates the softc, offers the multi-page ring schemes and shows
 * InitWait; the frontend's state changes then drive the common state
 * machine (common/xenbus/xbs_sm.c), whose CONNECT and DISCONNECT actions
 * land in xbb_connect() and xbb_disconnect() here.
 *
 * blkif.h's startup sequence: the backend publishes its limits and goes to
 * InitWait; the frontend writes "ring-ref"/"ring-ref%u", "event-channel"
 * and "protocol" and goes to Initialised; the backend maps the ring,
 * binds the event channel, publishes the disk's parameters and goes to
 * Connected.
 *
 * The request path is not part of this file's job and does not exist
 * yet: xbb_connect() maps and binds the frontend's ring for real, but
 * until the request path is there it leaves the device in InitWait
 * (XBS_CONNECT_DEFERRED) rather than claim a Connected disk it cannot
 * serve.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <xen/events.h>
#include <xen/interface/io/blkif.h>
#include <xen/interface/io/protocols.h>
#include <xen/xenbus.h>

#include "../common/ring/xbr_xen.h"
#include "../common/xenbus/xbs_xen.h"
#include "xbb.h"

/* Values of the frontend's "protocol" node, indexed by enum xbb_abi. */
static const char *const xbb_abi_names[] = {
	[XBB_ABI_X86_32] = XEN_IO_PROTO_ABI_X86_32,
	[XBB_ABI_X86_64] = XEN_IO_PROTO_ABI_X86_64,
};

/*------------------------------- Connection --------------------------------*/
/*
 * Event channel handler.  Until the request path exists no event is work,
 * so each is acknowledged as spurious; the lateeoi core then throttles a
 * frontend that keeps raising them.
 */
static irqreturn_t
xbb_intr(int irq, void *arg)
{
	xen_irq_lateeoi(irq, XEN_EOI_FLAG_SPURIOUS);
	return IRQ_HANDLED;
}

/* Read the frontend's ring description and ABI, map and bind the ring. */
static int
xbb_connect(void *arg)
{
	struct xbb_softc *sc = arg;
	struct xenbus_device *dev = sc->xbb_dev;
	struct xbr_layout lay;
	int abi, error;

	lockdep_assert_held(&sc->xbb_xd.xd_lock);
	error = xbs_read_choice(&sc->xbb_xd.xd_store, XBS_TXN_NONE,
	    dev->otherend, "protocol", xbb_abi_names, ARRAY_SIZE(xbb_abi_names),
	    IS_ENABLED(CONFIG_X86_64) ? XBB_ABI_X86_64 : XBB_ABI_X86_32, &abi);
	if (error < 0)
		return error;
	error = xbr_read_layout(&sc->xbb_xd.xd_store, dev->otherend,
	    xbb_max_ring_page_order, &lay);
	if (error != 0)
		return error;
	snprintf(sc->xbb_irqname, sizeof(sc->xbb_irqname), "xbb-%d-%s",
	    dev->otherend_id, strrchr(dev->nodename, '/') + 1);
	error = xbr_connect(&sc->xbb_ring, &lay, xbb_intr, sc->xbb_irqname, sc);
	if (error != 0) {
		xenbus_dev_error(dev, error, "mapping ring of %u page(s)",
		    lay.xrl_npages);
		return error;
	}
	sc->xbb_abi = abi;
	dev_info(&dev->dev,
	    "ring mapped: %u page(s) (%s), event channel %u, protocol %s; request service not implemented, staying in InitWait\n",
	    lay.xrl_npages, xbr_scheme_name(lay.xrl_scheme), lay.xrl_evtchn,
	    xbb_abi_names[abi]);
	return XBS_CONNECT_DEFERRED;
}

static void
xbb_disconnect(void *arg)
{
	struct xbb_softc *sc = arg;

	lockdep_assert_held(&sc->xbb_xd.xd_lock);
	xbr_disconnect(&sc->xbb_ring);
	dev_info(&sc->xbb_dev->dev, "disconnected\n");
}

static const struct xbs_xen_cb xbb_xen_cb = {
	.xxc_connect = xbb_connect,
	.xxc_disconnect = xbb_disconnect,
};

/*--------------------------------- Xenbus ----------------------------------*/
static int
xbb_probe(struct xenbus_device *dev, const struct xenbus_device_id *id)
{
	struct xbb_softc *sc;
	int error;

	sc = kzalloc(sizeof(*sc), GFP_KERNEL);
	if (sc == NULL) {
		xenbus_dev_fatal(dev, -ENOMEM, "allocating softc");
		return -ENOMEM;
	}
	sc->xbb_dev = dev;
	xbr_ring_init(&sc->xbb_ring, &xbr_xen_ops, dev);
	dev_set_drvdata(&dev->dev, sc);
	error = xbs_xen_dev_init(&sc->xbb_xd, dev,
	    XBS_CONNECT_ON_INITIALISED | XBS_CONNECT_ON_CONNECTED, &xbb_xen_cb,
	    sc);
	if (error != 0)
		goto fail;
	error = xbr_publish_limits(&sc->xbb_xd.xd_store, dev->nodename,
	    xbb_max_ring_page_order);
	if (error != 0)
		goto fail;
	error = xbs_xen_dev_initwait(&sc->xbb_xd);
	if (error != 0)
		goto fail;
	dev_info(&dev->dev, "probed for frontend %s (domain %d)\n",
	    dev->otherend, dev->otherend_id);
	return 0;

fail:
	xbs_xen_dev_fini(&sc->xbb_xd);
	dev_set_drvdata(&dev->dev, NULL);
	kfree(sc);
	return error;
}

static void
xbb_otherend_changed(struct xenbus_device *dev, enum xenbus_state unused)
{
	struct xbb_softc *sc = dev_get_drvdata(&dev->dev);

	xbs_xen_dev_otherend_changed(&sc->xbb_xd);
}

static void
xbb_remove(struct xenbus_device *dev)
{
	struct xbb_softc *sc = dev_get_drvdata(&dev->dev);

	if (sc == NULL)
		return;
	xbs_xen_dev_fini(&sc->xbb_xd);
	dev_set_drvdata(&dev->dev, NULL);
	kfree(sc);
	dev_info(&dev->dev, "removed\n");
}

static const struct xenbus_device_id xbb_ids[] = {
	{ "vbd" },
	{ "" },
};

static struct xenbus_driver xbb_driver = {
	.name = "xbb",
	.ids = xbb_ids,
	.probe = xbb_probe,
	.remove = xbb_remove,
	.otherend_changed = xbb_otherend_changed,
};

/**
 * xbb_xenbus_register() - register the "vbd" backend driver.
 *
 * Return: 0 or xenbus_register_backend()'s error.
 */
int
xbb_xenbus_register(void)
{
	return xenbus_register_backend(&xbb_driver);
}

/**
 * xbb_xenbus_unregister() - unregister the driver; every device is removed.
 */
void
xbb_xenbus_unregister(void)
{
	xenbus_unregister_driver(&xbb_driver);
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * xbb_xenbus.c: the block backend's xenbus glue.
 *
 * blkif.h's startup sequence, as the backend sees it:
 *  1. probe: offer the multi-page ring schemes, indirect segments,
 *     persistent grants ("feature-persistent") and multi-queue
 *     ("multi-queue-max-queues"), show InitWait;
 *  2. the hotplug script names the backing store ("physical-device",
 *     "physical-device-path") and writes "hotplug-status": open it;
 *  3. the frontend writes "ring-ref"/"ring-ref%u", "event-channel" and
 *     "protocol" (with several queues: "multi-queue-num-queues", the
 *     ring size at the top and each queue's references and channel in
 *     queue-<i>), and "feature-persistent", and shows Initialised: vet
 *     them, map the rings, bind the channels, publish the disk
 *     ("sectors", "sector-size", "info", features) and show Connected.
 * Steps 2 and 3 can come in either order: a connect that finds no store
 * yet is retried when the script's nodes appear.
 *
 * Closing, reconnecting and removal follow common/xenbus/xbs_sm.c; the
 * store stays open across reconnects and closes when the device goes.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/wait_bit.h>
#include <xen/interface/io/blkif.h>
#include <xen/interface/io/protocols.h>
#include <xen/xenbus.h>

#include "../common/ring/xbr_xen.h"
#include "xbb.h"

/* Devices probed and not yet released; module unload waits for none. */
static atomic_t xbb_ndevs = ATOMIC_INIT(0);
/*
 * Removed devices whose destroy work has not finished yet: a bind of the
 * same device (after an unbind) connects only once they are gone
 * (xbb_connect()).
 */
static LIST_HEAD(xbb_dying);
static DEFINE_SPINLOCK(xbb_dying_lock);

/* Values of the frontend's "protocol" node, indexed by enum xbb_abi. */
static const char *const xbb_abi_names[] = {
	[XBB_ABI_X86_32] = XEN_IO_PROTO_ABI_X86_32,
	[XBB_ABI_X86_64] = XEN_IO_PROTO_ABI_X86_64,
};

/*------------------------------- Connection --------------------------------*/
/* Publish what the frontend needs to use the disk, in one transaction. */
static int
xbb_publish_disk(struct xbb_softc *sc)
{
	const struct xbb_limits *lim = &sc->xbb_lim;
	unsigned int info = 0;
	struct block_device *bdev = sc->xbb_bdev;
	bool discard = (lim->xl_features & XBB_F_DISCARD) != 0;
	struct xbs_node nodes[12];
	unsigned int n = 0;

	if ((lim->xl_features & XBB_F_READONLY) != 0)
		info |= VDISK_READONLY;
	if (sc->xbb_cdrom)
		info |= VDISK_CDROM;
	nodes[n++] = (struct xbs_node)XBS_UINT("sectors", lim->xl_sectors);
	nodes[n++] =
	    (struct xbs_node)XBS_UINT("sector-size", sc->xbb_sector_size);
	nodes[n++] = (struct xbs_node)XBS_UINT("physical-sector-size",
	    sc->xbb_phys_sector_size);
	nodes[n++] = (struct xbs_node)XBS_UINT("info", info);
	nodes[n++] = (struct xbs_node)XBS_UINT("feature-flush-cache",
	    (lim->xl_features & XBB_F_FLUSH) != 0);
	nodes[n++] = (struct xbs_node)XBS_UINT("feature-barrier",
	    (lim->xl_features & XBB_F_BARRIER) != 0);
	nodes[n++] = (struct xbs_node)XBS_UINT("feature-discard", discard);
	if (discard) {
		nodes[n++] = (struct xbs_node)XBS_UINT("discard-granularity",
		    bdev != NULL ? bdev_discard_granularity(bdev) :
				   XBR_PAGE_SIZE);
		nodes[n++] = (struct xbs_node)XBS_UINT("discard-alignment",
		    bdev != NULL ? bdev_discard_alignment(bdev) : 0);
		nodes[n++] = (struct xbs_node)XBS_UINT("discard-secure",
		    (lim->xl_features & XBB_F_SECURE) != 0);
	}
	return xbs_publish(&sc->xbb_xd.xd_store, sc->xbb_dev->nodename, nodes,
	    n);
}

/* Is an earlier softc of DEV still being destroyed? */
static bool
xbb_dying_dev(const struct xenbus_device *dev)
{
	const struct xbb_softc *sc;
	bool found = false;

	spin_lock(&xbb_dying_lock);
	list_for_each_entry(sc, &xbb_dying, xbb_dying_link) {
		if (sc->xbb_dev == dev) {
			found = true;
			break;
		}
	}
	spin_unlock(&xbb_dying_lock);
	return found;
}

/* Run the state machine again in a moment (xbb_retry_work()). */
static void
xbb_retry_later(struct xbb_softc *sc)
{
	queue_delayed_work(xbb_ctl_wq, &sc->xbb_retry_work,
	    msecs_to_jiffies(XBB_RETRY_MS));
}

/*
 * A ring connection failed under a Connected frontend: a handover whose
 * previous driver (xen-blkback, which unbinds its channel only once its
 * I/O is done, even after its module is gone) still holds the channel.
 * Tried again every XBB_RETRY_MS for up to XBB_RETRIES times before the
 * failure stands.  Anything else fails at once, a ring refused for its
 * indexes (-EPROTO) too.
 */
static bool
xbb_may_retry(struct xbb_softc *sc, int error)
{
	struct xenbus_device *dev = sc->xbb_dev;

	/* -EPROTO: the frontend's indexes are wrong; retrying cannot help. */
	if (error == -EPROTO || sc->xbb_retries >= XBB_RETRIES ||
	    xenbus_read_driver_state(dev->otherend) != XenbusStateConnected)
		return false;
	if (sc->xbb_retries++ == 0)
		dev_info(&dev->dev,
		    "cannot take the rings over yet (%d); trying again for %u ms\n",
		    error, XBB_RETRIES * XBB_RETRY_MS);
	xbb_retry_later(sc);
	return true;
}

/**
 * xbb_retry_work() - connect again (xbb_retry_later()).
 * @work: xbb_retry_work of the softc.
 *
 * Queued only by the connect, under xd_lock, which a removed device no
 * longer runs; the destroy work cancels it after freezing the device.
 */
static void
xbb_retry_work(struct work_struct *work)
{
	struct xbb_softc *sc =
	    container_of(to_delayed_work(work), struct xbb_softc,
		xbb_retry_work);

	xbs_xen_dev_retry(&sc->xbb_xd);
}

/*
 * CONNECT: open the store if the hotplug script has named it, read the
 * frontend's protocol and ring, map and bind, publish the disk.
 */
static int
xbb_connect(void *arg)
{
	struct xbb_softc *sc = arg;
	struct xenbus_device *dev = sc->xbb_dev;
	struct xbs_store *xs = &sc->xbb_xd.xd_store;
	struct xbr_layout *lays;
	unsigned int nq = 0, i, len;
	char chans[XBB_MAX_QUEUES * 7];
	bool persistent;
	int abi, error;

	lockdep_assert_held(&sc->xbb_xd.xd_lock);
	/*
	 * Bound right after an unbind: the previous instance's destroy work
	 * may still be draining, with the ring mapped and the channel bound.
	 * Not waited for here (a probe holds the device lock, which xenwatch
	 * needs to unregister the device): connect again later.
	 */
	if (xbb_dying_dev(dev)) {
		xbb_retry_later(sc);
		return XBS_CONNECT_LATER;
	}
	/* The frontend has given up the rings a teardown left lingering. */
	xbb_ring_linger_end(sc, false);
	error = xbb_store_open(sc);
	if (error == -EAGAIN) {
		dev_dbg(&dev->dev, "waiting for the hotplug script\n");
		return XBS_CONNECT_LATER;
	}
	if (error != 0)
		return error;
	/* The store stays open across reconnections; it may have grown. */
	WRITE_ONCE(sc->xbb_lim.xl_sectors, xbb_store_sectors(sc));
	error = xbs_read_choice(xs, XBS_TXN_NONE, dev->otherend, "protocol",
	    xbb_abi_names, ARRAY_SIZE(xbb_abi_names), XBB_ABI_NATIVE, &abi);
	if (error < 0)
		return error;
	/* blkif.h: persistent grants only when both ends wrote the node. */
	error = xbs_read_bool(xs, XBS_TXN_NONE, dev->otherend,
	    "feature-persistent", false, &persistent);
	if (error < 0)
		return error;
	lays = kcalloc(XBB_MAX_QUEUES, sizeof(*lays), GFP_KERNEL);
	if (lays == NULL)
		return -ENOMEM;
	error = xbr_read_queues(xs, dev->otherend, sc->xbb_max_queues,
	    xbb_max_ring_page_order, lays, &nq);
	if (error != 0)
		goto out;
	sc->xbb_abi = abi;
	sc->xbb_persistent = persistent && sc->xbb_offer_persistent;
	error = xbb_ring_connect(sc, lays, nq);
	if (error != 0 && xbb_may_retry(sc, error)) {
		error = XBS_CONNECT_LATER;
		goto out;
	}
	if (error != 0) {
		/* -EPROTO: xbb_queue_connect() said what the ring holds. */
		if (error != -EPROTO)
			xenbus_dev_error(dev, error,
			    "mapping %u ring(s) of %u page(s)", nq,
			    lays[0].xrl_npages);
		goto out;
	}
	sc->xbb_retries = 0;
	error = xbb_publish_disk(sc);
	if (error != 0) {
		xbb_ring_disconnect(sc, false);
		goto out;
	}
	for (i = 0, len = 0; i < nq && len < sizeof(chans); i++)
		len += scnprintf(chans + len, sizeof(chans) - len, "%s%u",
		    i == 0 ? "" : ",", lays[i].xrl_evtchn);
	dev_info(&dev->dev,
	    "connected: %u queue(s), rings of %u page(s) (%s), %u requests each, event channel(s) %s, protocol %s, persistent grants %s\n",
	    nq, lays[0].xrl_npages, xbr_scheme_name(lays[0].xrl_scheme),
	    sc->xbb_ring_size, chans, xbb_abi_names[abi],
	    sc->xbb_persistent ? "on" : "off");
out:
	kfree(lays);
	return error;
}

static void
xbb_disconnect(void *arg)
{
	struct xbb_softc *sc = arg;
	s64 refused = atomic64_read(&sc->xbb_stats.xst_refused_closing);
	unsigned int late;

	lockdep_assert_held(&sc->xbb_xd.xd_lock);
	late = xbb_ring_disconnect(sc, true);
	refused = atomic64_read(&sc->xbb_stats.xst_refused_closing) - refused;
	if (refused != 0)
		dev_info(&sc->xbb_dev->dev,
		    "disconnected; %lld request(s) left on the ring answered as errors, %u of them after the first look\n",
		    refused, late);
	else
		dev_info(&sc->xbb_dev->dev, "disconnected\n");
}

static bool
xbb_busy(void *arg)
{
	struct xbb_softc *sc = arg;

	return atomic_read(&sc->xbb_stats.xst_inflight) > 0;
}

/*
 * A teardown is about to be decided: no queue fetches from here on (the
 * flush lets a run that is fetching finish), so that the in-flight count
 * only falls.  The queues stay stopped until they are torn down.
 */
static void
xbb_stop(void *arg)
{
	struct xbb_softc *sc = arg;
	unsigned int i, n = sc->xbb_nqueues;

	lockdep_assert_held(&sc->xbb_xd.xd_lock);
	xbb_ring_stop(sc);
	for (i = 0; i < n; i++)
		flush_work(&sc->xbb_q[i].xq_work);
}

/**
 * xbb_resize_work() - tell a connected frontend the store's new size.
 * @work: xbb_resize_work of the softc.
 *
 * A queue worker that sees the store's size differ from what the
 * frontend was told queues this (it needs XenStore, which sleeps).  As
 * xen-blkback does, "sectors" is written again together with the
 * backend's "state", Connected once more, in one transaction: the state
 * write fires the frontend's watch, and blkfront, connected already,
 * reads "sectors" and resizes its disk (blkif.h allows "sectors" to
 * change while connected).  Requests are vetted against the new size
 * from here on.  Under xd_lock, so that it sees the connection as the
 * state machine leaves it: once a teardown has begun (the backend is
 * no longer Connected), nothing is written.  Queued only by the queue
 * workers; the destroy work cancels it after them.
 */
static void
xbb_resize_work(struct work_struct *work)
{
	struct xbb_softc *sc =
	    container_of(work, struct xbb_softc, xbb_resize_work);
	struct xenbus_device *dev = sc->xbb_dev;
	struct xbs_node nodes[2];
	u64 old, n;
	int error;

	mutex_lock(&sc->xbb_xd.xd_lock);
	/*
	 * Not after remove(): the toolstack has deleted the directory, and
	 * a write would create it again.  Not while a teardown is pending.
	 */
	if (sc->xbb_xd.xd_removed || READ_ONCE(sc->xbb_xd.xd_sm.xsm_pending) ||
	    sc->xbb_kind == XBB_STORE_NONE || sc->xbb_nqueues == 0 ||
	    dev->state != XenbusStateConnected)
		goto out;
	old = sc->xbb_lim.xl_sectors;
	n = xbb_store_sectors(sc);
	if (n == old)
		goto out;
	WRITE_ONCE(sc->xbb_lim.xl_sectors, n);
	nodes[0] = (struct xbs_node)XBS_UINT("sectors", n);
	nodes[1] = (struct xbs_node)XBS_UINT("state", XenbusStateConnected);
	error = xbs_publish(&sc->xbb_xd.xd_store, dev->nodename, nodes, 2);
	dev_info(&dev->dev, "backing store resized: %llu to %llu sectors%s\n",
	    old, n, error != 0 ? "; cannot tell the frontend" : "");
out:
	mutex_unlock(&sc->xbb_xd.xd_lock);
}

static const struct xbs_xen_cb xbb_xen_cb = {
	.xxc_connect = xbb_connect,
	.xxc_disconnect = xbb_disconnect,
	.xxc_busy = xbb_busy,
	.xxc_stop = xbb_stop,
};

/*--------------------------------- Xenbus ----------------------------------*/
/*
 * The last of a removed device, in a work item: wait for the guest's I/O,
 * tear the rings down, close the store, free.  Nothing else runs on the
 * softc by then but its own queues' workers, completions and IRQs, which
 * xbb_ring_disconnect() (the disconnect of xbs_xen_dev_fini()) stops in
 * order, the fatal report, which xbs_xen_dev_fini() cancels after them,
 * a retry the connect queued, and the control and resize works, which
 * only the workers queue: those three are cancelled once it returns.
 * Last, the linger work a teardown may have queued, which
 * xbb_ring_linger_end() cancels before it releases what still lingers.
 */
static void
xbb_destroy_work(struct work_struct *work)
{
	struct xbb_softc *sc =
	    container_of(work, struct xbb_softc, xbb_destroy_work);
	struct xenbus_device *dev = sc->xbb_dev;

	/* Drains the I/O (under xd_lock: nothing else takes it now). */
	xbs_xen_dev_fini(&sc->xbb_xd);
	/*
	 * The rings of that teardown, or of an earlier one, may linger until
	 * the guest is through its own removal (xbb_ring.c, "Lingering").
	 */
	xbb_ring_linger_end(sc, true);
	cancel_delayed_work_sync(&sc->xbb_retry_work);
	cancel_work_sync(&sc->xbb_ctl_work);
	cancel_work_sync(&sc->xbb_resize_work);
	xbb_store_close(sc);
	/* Unbound from xbb by now: dev_info() would name the bus. */
	pr_info("%s: released%s\n", dev_name(&dev->dev),
	    sc->xbb_handover ? "; its ring is left to the next driver" : "");
	spin_lock(&xbb_dying_lock);
	list_del(&sc->xbb_dying_link);
	spin_unlock(&xbb_dying_lock);
	kfree(sc->xbb_fe_path);
	free_percpu(sc->xbb_stats.xst_ctrs);
	kfree(sc);
	put_device(&dev->dev);
	if (atomic_dec_and_test(&xbb_ndevs))
		wake_up_var(&xbb_ndevs);
}

static int
xbb_probe(struct xenbus_device *dev, const struct xenbus_device_id *id)
{
	struct xbb_softc *sc;
	struct xbb_queue *q;
	struct xbs_store *xs;
	unsigned int i;
	bool persistent;
	int error;

	sc = kzalloc(sizeof(*sc), GFP_KERNEL);
	if (sc == NULL) {
		xenbus_dev_fatal(dev, -ENOMEM, "allocating softc");
		return -ENOMEM;
	}
	sc->xbb_stats.xst_ctrs = alloc_percpu(struct xbb_ctrs);
	if (sc->xbb_stats.xst_ctrs == NULL) {
		xenbus_dev_fatal(dev, -ENOMEM, "allocating counters");
		kfree(sc);
		return -ENOMEM;
	}
	sc->xbb_dev = dev;
	if (kstrtouint(strrchr(dev->nodename, '/') + 1, 10, &sc->xbb_devid) !=
	    0)
		sc->xbb_devid = 0;
	for (i = 0; i < XBB_MAX_QUEUES; i++) {
		q = &sc->xbb_q[i];
		q->xq_sc = sc;
		q->xq_id = i;
		xbr_ring_init(&q->xq_ring, &xbr_xen_ops, dev);
		INIT_WORK(&q->xq_work, xbb_work);
		INIT_DELAYED_WORK(&q->xq_purge_work, xbb_map_pgnt_purge_work);
		timer_setup(&q->xq_expire_timer, xbb_expire_timer, 0);
		INIT_LIST_HEAD(&q->xq_purge);
		INIT_LIST_HEAD(&q->xq_purge_held);
		spin_lock_init(&q->xq_purge_lock);
		spin_lock_init(&q->xq_rsp_lock);
		INIT_LIST_HEAD(&q->xq_blocking);
		spin_lock_init(&q->xq_blocking_lock);
		INIT_WORK(&q->xq_blocking_work, xbb_io_blocking_work);
		INIT_LIST_HEAD(&q->xq_unmap_wait);
		spin_lock_init(&q->xq_unmap_lock);
		INIT_DELAYED_WORK(&q->xq_unmap_work, xbb_ring_unmap_work);
	}
	INIT_WORK(&sc->xbb_ctl_work, xbb_ctl_work);
	INIT_WORK(&sc->xbb_resize_work, xbb_resize_work);
	INIT_WORK(&sc->xbb_destroy_work, xbb_destroy_work);
	INIT_DELAYED_WORK(&sc->xbb_retry_work, xbb_retry_work);
	INIT_DELAYED_WORK(&sc->xbb_linger_work, xbb_ring_linger_work);
	/* What this device offers is fixed when it is probed. */
	sc->xbb_max_queues =
	    xbs_queue_count(READ_ONCE(xbb_max_queues), XBB_MAX_QUEUES);
	sc->xbb_offer_persistent = READ_ONCE(xbb_feature_persistent);
	dev_set_drvdata(&dev->dev, sc);
	error = xbs_xen_dev_init(&sc->xbb_xd, dev,
	    XBS_CONNECT_ON_INITIALISED | XBS_CONNECT_ON_CONNECTED, &xbb_xen_cb,
	    sc);
	if (error != 0)
		goto fail;
	xs = &sc->xbb_xd.xd_store;
	/*
	 * A frontend already Connected (a handover) negotiated persistent
	 * grants with the previous driver and does not read the offer again
	 * (blkfront ends its grants' access after each request unless they
	 * are persistent): keep the offer that driver left in our directory.
	 */
	if (xenbus_read_driver_state(dev->otherend) == XenbusStateConnected &&
	    xbs_read_bool(xs, XBS_TXN_NONE, dev->nodename, "feature-persistent",
		sc->xbb_offer_persistent, &persistent) >= 0)
		sc->xbb_offer_persistent = persistent;
	error = xbr_publish_limits(xs, dev->nodename, xbb_max_ring_page_order);
	if (error == 0) {
		/*
		 * FreeBSD's request limits (blkif.h, "max-requests" and
		 * friends): requests in flight at the largest ring, and the
		 * segments and bytes of a request without indirect
		 * descriptors.  Segment-block chaining is not offered.
		 */
		const struct xbs_node lim[] = {
			XBS_UINT("max-requests",
			    xbr_ring_size(sizeof(union xbb_x86_64_sring_entry),
				1U << xbb_max_ring_page_order)),
			XBS_UINT("max-request-segments",
			    BLKIF_MAX_SEGMENTS_PER_REQUEST),
			XBS_UINT("max-request-size",
			    BLKIF_MAX_SEGMENTS_PER_REQUEST * XBR_PAGE_SIZE),
			XBS_UINT("multi-queue-max-queues", sc->xbb_max_queues),
			XBS_UINT("feature-persistent",
			    sc->xbb_offer_persistent),
			XBS_UINT("feature-max-indirect-segments",
			    xbb_max_indirect_segments),
		};

		error = xbs_publish(xs, dev->nodename, lim,
		    ARRAY_SIZE(lim) - (xbb_max_indirect_segments == 0));
	}
	if (error != 0)
		goto fail;
	error = xbs_xen_dev_initwait(&sc->xbb_xd);
	if (error != 0)
		goto fail;
	/* The hotplug script names the store: connecting may go on then. */
	error = xbs_xen_dev_watch_node(&sc->xbb_xd, "physical-device");
	if (error == 0)
		error = xbs_xen_dev_watch_node(&sc->xbb_xd, "hotplug-status");
	if (error != 0)
		goto fail;
	atomic_inc(&xbb_ndevs);
	dev_info(&dev->dev, "probed for frontend %s (domain %d)\n",
	    dev->otherend, dev->otherend_id);
	return 0;

fail:
	/*
	 * A watch may have fired and connected meanwhile (probe runs at
	 * insmod as well as on xenwatch): undo what the destroy work would.
	 */
	xbs_xen_dev_fini(&sc->xbb_xd);
	/* Its teardown may have left the rings lingering: not now. */
	mutex_lock(&sc->xbb_xd.xd_lock);
	xbb_ring_linger_end(sc, false);
	mutex_unlock(&sc->xbb_xd.xd_lock);
	cancel_delayed_work_sync(&sc->xbb_retry_work);
	cancel_work_sync(&sc->xbb_ctl_work);
	cancel_work_sync(&sc->xbb_resize_work);
	xbb_store_close(sc);
	dev_set_drvdata(&dev->dev, NULL);
	free_percpu(sc->xbb_stats.xst_ctrs);
	kfree(sc);
	return error;
}

/*
 * A frontend that starts again (Initialising, or further) owns its old
 * ring pages again, and may clear them and use them anew once it sees
 * InitWait: rings a teardown left lingering are released, unread, before
 * the state machine can show it (xbb_ring.c, "Lingering").  blkfront
 * stays Closed until its removal is through, so this costs it nothing.
 */
static void
xbb_otherend_changed(struct xenbus_device *dev, enum xenbus_state unused)
{
	struct xbb_softc *sc = dev_get_drvdata(&dev->dev);
	enum xenbus_state fe;

	if (READ_ONCE(sc->xbb_linger_n) != 0) {
		fe = xenbus_read_driver_state(dev->otherend);
		if (fe >= XenbusStateInitialising &&
		    fe <= XenbusStateConnected) {
			mutex_lock(&sc->xbb_xd.xd_lock);
			xbb_ring_linger_end(sc, false);
			mutex_unlock(&sc->xbb_xd.xd_lock);
		}
	}
	xbs_xen_dev_otherend_changed(&sc->xbb_xd);
}

/*
 * remove() runs on the xenwatch thread (the toolstack deleted the device,
 * the frontend went away), or on unbind and module unload.  It must not
 * wait for the guest's I/O there: a guest with full rings of 1 MiB
 * requests, or whole-disk discards, would stall XenStore for every
 * domain.  So it only freezes the state machine, stops the watches and
 * every queue's fetching, shows Closed unless it hands the rings over,
 * and hands the rest to xbb_destroy_work(), which holds a reference on the
 * xenbus device until it is done (xen-blkback frees its blkif on the last
 * reference in the same way).
 */
static void
xbb_remove(struct xenbus_device *dev)
{
	struct xbb_softc *sc = dev_get_drvdata(&dev->dev);

	if (sc == NULL)
		return;
	xbs_xen_dev_freeze(&sc->xbb_xd);
	xbb_ring_stop(sc);
	dev_set_drvdata(&dev->dev, NULL);
	sc->xbb_handover = xbs_xen_handing_over(dev);
	/*
	 * xenbus frees dev->otherend after remove(); the destroy work asks
	 * the frontend's state again before it leaves requests on the ring.
	 */
	if (sc->xbb_handover) {
		sc->xbb_fe_path = kstrdup(dev->otherend, GFP_KERNEL);
		sc->xbb_handover = sc->xbb_fe_path != NULL;
	}
	/*
	 * Not a handover: show Closed now, as xenbus does for a driver
	 * without allow_rebind (a closing frontend waits for it).
	 */
	if (!sc->xbb_handover)
		xenbus_switch_state(dev, XenbusStateClosed);
	dev_info(&dev->dev, "removed (%d request(s) in flight)%s\n",
	    atomic_read(&sc->xbb_stats.xst_inflight),
	    sc->xbb_handover ? "; the frontend stays connected" : "");
	spin_lock(&xbb_dying_lock);
	list_add_tail(&sc->xbb_dying_link, &xbb_dying);
	spin_unlock(&xbb_dying_lock);
	/* From here on the destroy work may free sc at any time. */
	get_device(&dev->dev);
	queue_work(xbb_ctl_wq, &sc->xbb_destroy_work);
}

/*
 * The xenbus backend shrinker's call under memory pressure: for
 * xbb.buffer_squeeze_duration_ms, the workers give back every unused
 * persistent grant and their spare pages (xbb_map_pgnt_expire()), as
 * xen-blkback squeezes its page pool.  Only a time is written: xenbus
 * holds the device's reclaim_sem, which remove() also runs under, so sc
 * is not freed meanwhile; remove() clears the driver data first.  The
 * workers act at their next runs (I/O, or the expiry timer), until one
 * has given a grant back, even after the squeeze's time (the call count
 * says so).
 */
static void
xbb_reclaim_memory(struct xenbus_device *dev)
{
	struct xbb_softc *sc = dev_get_drvdata(&dev->dev);

	if (sc == NULL)
		return;
	WRITE_ONCE(sc->xbb_squeeze_end,
	    jiffies + msecs_to_jiffies(READ_ONCE(xbb_squeeze_ms)) + 1);
	WRITE_ONCE(sc->xbb_squeeze_gen, sc->xbb_squeeze_gen + 1);
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
	.reclaim_memory = xbb_reclaim_memory,
	/* Unbind leaves a Connected device for the next driver. */
	.allow_rebind = true,
};

/**
 * xbb_xenbus_register() - register the "vbd" backend driver.
 *
 * Return: 0, xenbus_register_backend()'s error, or -EBUSY (with a
 * message) when xen-blkback already serves "vbd" devices.
 */
int
xbb_xenbus_register(void)
{
	int error;

	xbb_driver.driver.dev_groups = xbb_sysfs_groups;
	error = xenbus_register_backend(&xbb_driver);
	if (error == 0)
		error = xbs_xen_exclusive(&xbb_driver, "xen-blkback");
	return error;
}

/**
 * xbb_xenbus_unregister() - unregister the driver; every device is removed.
 *
 * Returns once every removed device is released: their teardown works
 * wait for the guests' I/O, whose completions still queue work on xbb_wq,
 * so the workqueue must not be drained (destroyed) before.
 */
void
xbb_xenbus_unregister(void)
{
	xenbus_unregister_driver(&xbb_driver);
	wait_var_event(&xbb_ndevs, atomic_read(&xbb_ndevs) == 0);
}

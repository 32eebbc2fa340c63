// SPDX-License-Identifier: GPL-2.0-only
/*
 * xbb_ring.c: the ring consumer of a vbd.
 *
 * One worker per device, on xbb's workqueue, does all ring work in order:
 * it answers completed requests (unmap, response at rsp_prod_pvt, push
 * and notify with RING_PUSH_RESPONSES_AND_CHECK_NOTIFY), then fetches new
 * requests while request slots are free.  Fetching follows common/ring:
 * the producer index is read once and checked (a frontend that claims more
 * than a ring's worth of requests is shut down), and each request is
 * copied once into private memory before anything in it is looked at.
 *
 * The event channel is bound with the lateeoi API: the interrupt only
 * queues the worker, and the worker sends the EOI after it has looked at
 * the ring, flagged spurious when the event brought no request.
 *
 * blkif.h's BLKIF_OP_WRITE_BARRIER orders: everything before it completes
 * before it starts, and nothing after it starts before it completes.  The
 * worker stops fetching at a barrier until the device is idle, and again
 * until the barrier itself is answered.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/interrupt.h>
#include <linux/delay.h>
#include <linux/ktime.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <xen/events.h>
#include <xen/grant_table.h>

#include "xbb.h"

#define CREATE_TRACE_POINTS
#include "xbb_trace.h"

/*------------------------------- Responses ---------------------------------*/
/* Answer one member of a completed list: count, write the response. */
static void
xbb_respond(struct xbb_softc *sc, struct xbb_xfer *xx, int list_status)
{
	struct xbb_stats *st = &sc->xbb_stats;
	const struct xbb_req *req = &xx->xx_req;
	s16 status = xbb_list_member_status(list_status, xx->xx_status);

	atomic64_inc(&st->xst_reqs[req->xr_op < XBB_OP_COUNT ? req->xr_op :
							       XBB_OP_UNKNOWN]);
	if (req->xr_indirect)
		atomic64_inc(&st->xst_indirect);
	if (xx->xx_err != XBB_E_NONE) {
		atomic64_inc(&st->xst_errs[xx->xx_err]);
	} else if (status == BLKIF_RSP_ERROR) {
		atomic64_inc(&st->xst_errs[XBB_E_IO]);
	} else if (req->xr_op == XBB_OP_DISCARD) {
		atomic64_add(req->xr_nr_sectors, &st->xst_sectors);
	} else {
		atomic64_add(req->xr_nsegs, &st->xst_segs);
		atomic64_add(xbb_req_sectors(req), &st->xst_sectors);
	}
	xbb_rsp_put(sc->xbb_abi, &sc->xbb_rings, req->xr_id, req->xr_operation,
	    status);
	trace_xbb_complete(sc->xbb_dev->otherend_id, sc->xbb_devid, req->xr_id,
	    status, ktime_get_ns() - xx->xx_start);
	if (req->xr_op == XBB_OP_BARRIER)
		sc->xbb_barrier = false;
	list_add(&xx->xx_link, &sc->xbb_free);
	sc->xbb_nfree++;
	atomic_dec(&st->xst_inflight);
}

/*
 * Answer every member of list L, in ring order, and give its pages back
 * (which may start lists that waited for them).
 */
static void
xbb_respond_list(struct xbb_softc *sc, struct xbb_list *l)
{
	struct xbb_xfer *xx, *next;
	int status = l->xli_status;

	xbb_io_release(sc, l);
	/* The list lives in its first member's slot: read it first. */
	list_for_each_entry_safe(xx, next, &l->xli_members, xx_member)
		xbb_respond(sc, xx, status);
}

/* Answer everything on the completion list, oldest first. */
static bool
xbb_respond_all(struct xbb_softc *sc)
{
	struct llist_node *done;
	struct xbb_list *l, *next;
	int notify;

	done = llist_reverse_order(llist_del_all(&sc->xbb_done));
	if (done == NULL)
		return false;
	llist_for_each_entry_safe(l, next, done, xli_done)
		xbb_respond_list(sc, l);
	RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(&sc->xbb_rings.common, notify);
	if (notify)
		notify_remote_via_irq(READ_ONCE(sc->xbb_irq));
	return true;
}

/**
 * xbb_ring_complete() - a list's I/O is over; answer its members soon.
 * @l: the list.
 *
 * Called in any context, including bio completion in interrupt context;
 * the answers are written by the worker.
 */
void
xbb_ring_complete(struct xbb_list *l)
{
	struct xbb_softc *sc = l->xli_sc;

	if (llist_add(&l->xli_done, &sc->xbb_done))
		queue_work(xbb_wq, &sc->xbb_work);
}

/*--------------------------------- Fetching --------------------------------*/
/* Copy the request at IDX once, in the frontend's ABI. */
static void
xbb_copy_request(struct xbb_softc *sc, RING_IDX idx, void *raw)
{
	if (sc->xbb_abi == XBB_ABI_X86_32)
		RING_COPY_REQUEST(&sc->xbb_rings.x86_32, idx,
		    (struct xbb_x86_32_request *)raw);
	else
		RING_COPY_REQUEST(&sc->xbb_rings.x86_64, idx,
		    (struct xbb_x86_64_request *)raw);
}

/* Stop fetching: the frontend is broken.  The control work shuts it down. */
static __printf(2, 3) void xbb_ring_fatal(struct xbb_softc *sc, const char *fmt,
    ...)
{
	va_list ap;

	if (sc->xbb_dead)
		return;
	sc->xbb_dead = true;
	atomic64_inc(&sc->xbb_stats.xst_protocol);
	va_start(ap, fmt);
	vsnprintf(sc->xbb_fatal_msg, sizeof(sc->xbb_fatal_msg), fmt, ap);
	va_end(ap);
	dev_err_ratelimited(&sc->xbb_dev->dev, "domain %d: %s\n",
	    sc->xbb_dev->otherend_id, sc->xbb_fatal_msg);
	queue_work(xbb_wq, &sc->xbb_ctl_work);
}

/*
 * Take the request at req_cons into slot XX and gather it: refused at
 * once, added to the open list *OPEN, or the first member of a new one
 * (the open list is issued first).  Fences and, with coalescing off,
 * every request are issued at once.
 */
static void
xbb_gather(struct xbb_softc *sc, struct xbb_xfer *xx, struct xbb_list **open)
{
	struct xbb_req *req = &xx->xx_req;
	struct xbb_list *l = *open;
	enum xbb_err err;

	err = xbb_io_prepare(sc, xx);
	if (err != XBB_E_NONE) {
		xbb_io_fail(sc, xx, err);
		return;
	}
	if (l != NULL && xbb_list_joinable(&l->xli_shape, req, &sc->xbb_caps)) {
		xx->xx_seg = l->xli_shape.xc_nsegs;
		xbb_list_join(&l->xli_shape, req);
		list_add_tail(&xx->xx_member, &l->xli_members);
		return;
	}
	if (l != NULL)
		xbb_io_submit(sc, l);
	xbb_io_list_init(xx);
	*open = &xx->xx_list;
	if (!xbb_list_coalescable(req) || sc->xbb_caps.xcc_max_reqs == 1) {
		*open = NULL;
		xbb_io_submit(sc, &xx->xx_list);
	}
}

/*
 * Fetch and gather requests while slots are free, nothing waits for pool
 * pages and no barrier holds the ring.  Returns true if a request was
 * fetched.
 */
static bool
xbb_fetch(struct xbb_softc *sc)
{
	struct xbb_common_back_ring *ring = &sc->xbb_rings.common;
	u8 raw[XBB_RAW_REQ_SIZE] __aligned(8);
	struct xbb_list *open = NULL;
	struct xbb_xfer *xx;
	RING_IDX rp;
	bool fetched = false;
	int more;

	/* Read once per run: a change applies from the next run on. */
	sc->xbb_caps.xcc_max_reqs = READ_ONCE(xbb_coalesce) ? UINT_MAX : 1;
	do {
		rp = xbr_fetch_prod(&ring->sring->req_prod);
		if (xbr_check_prod(rp, ring->req_cons, ring->rsp_prod_pvt,
			sc->xbb_ring_size) < 0) {
			xbb_ring_fatal(sc,
			    "req_prod %u claims more than %u requests (req_cons %u, rsp_prod %u)",
			    rp, sc->xbb_ring_size, ring->req_cons,
			    ring->rsp_prod_pvt);
			break;
		}
		while (ring->req_cons != rp && !sc->xbb_barrier &&
		    !sc->xbb_dead && !sc->xbb_kva_wait) {
			if (list_empty(&sc->xbb_free))
				goto out;
			xx = list_first_entry(&sc->xbb_free, struct xbb_xfer,
			    xx_link);
			xbb_copy_request(sc, ring->req_cons, raw);
			xbb_ring2req(sc->xbb_abi, raw, &xx->xx_req);
			if (xx->xx_req.xr_op == XBB_OP_BARRIER &&
			    atomic_read(&sc->xbb_stats.xst_inflight) > 0) {
				/* Wait until everything before it is done. */
				sc->xbb_barrier = true;
				goto out;
			}
			ring->req_cons++;
			list_del(&xx->xx_link);
			sc->xbb_nfree--;
			fetched = true;
			atomic_inc(&sc->xbb_stats.xst_inflight);
			xx->xx_start = ktime_get_ns();
			trace_xbb_fetch(sc->xbb_dev->otherend_id, sc->xbb_devid,
			    xx->xx_req.xr_id, xx->xx_req.xr_operation,
			    xx->xx_req.xr_nsegs, xx->xx_req.xr_sector);
			if (xx->xx_req.xr_op == XBB_OP_BARRIER)
				sc->xbb_barrier = true;
			xbb_gather(sc, xx, &open);
		}
		if (sc->xbb_barrier || sc->xbb_dead || sc->xbb_kva_wait)
			break;
		/* Requests that came meanwhile may still join the open list. */
		RING_FINAL_CHECK_FOR_REQUESTS(ring, more);
	} while (more);
out:
	/* Issue what was gathered: the frontend may wait for it. */
	if (open != NULL)
		xbb_io_submit(sc, open);
	return fetched;
}

/**
 * xbb_work() - the device's worker: answer, then fetch.
 * @work: xbb_work of the softc.
 */
void
xbb_work(struct work_struct *work)
{
	struct xbb_softc *sc = container_of(work, struct xbb_softc, xbb_work);
	bool progress;
	int eoi;

	atomic64_inc(&sc->xbb_stats.xst_runs);
	progress = xbb_respond_all(sc);
	/* A barrier waiting for the device to drain may go now. */
	if (sc->xbb_barrier && atomic_read(&sc->xbb_stats.xst_inflight) == 0)
		sc->xbb_barrier = false;
	if (!sc->xbb_dead && !READ_ONCE(sc->xbb_stopping))
		progress |= xbb_fetch(sc);
	eoi = atomic_xchg(&sc->xbb_eoi, 0);
	if (eoi != 0)
		xen_irq_lateeoi(eoi - 1, progress ? 0 : XEN_EOI_FLAG_SPURIOUS);
	/* Pairs with the smp_mb() of xbs_xen_dev_otherend_changed(). */
	smp_mb();
	if (atomic_read(&sc->xbb_stats.xst_inflight) == 0 &&
	    !READ_ONCE(sc->xbb_stopping) &&
	    (READ_ONCE(sc->xbb_xd.xd_sm.xsm_pending) || sc->xbb_dead))
		queue_work(xbb_wq, &sc->xbb_ctl_work);
}

/**
 * xbb_ctl_work() - state changes the worker cannot make itself.
 * @work: xbb_ctl_work of the softc.
 *
 * Tearing a connection down waits for the worker, so it cannot run in
 * the worker: a fatal protocol error and the end of a teardown that
 * waited for in-flight I/O are carried out here.
 */
void
xbb_ctl_work(struct work_struct *work)
{
	struct xbb_softc *sc =
	    container_of(work, struct xbb_softc, xbb_ctl_work);

	if (sc->xbb_dead && !sc->xbb_fatal_done) {
		sc->xbb_fatal_done = true;
		xbs_xen_dev_fatal(&sc->xbb_xd, sc->xbb_fatal_msg);
		return;
	}
	if (atomic_read(&sc->xbb_stats.xst_inflight) == 0)
		xbs_xen_dev_drained(&sc->xbb_xd);
}

/*-------------------------------- Interrupt --------------------------------*/
static irqreturn_t
xbb_intr(int irq, void *arg)
{
	struct xbb_softc *sc = arg;

	atomic64_inc(&sc->xbb_stats.xst_events);
	/*
	 * Remember which IRQ to EOI: the first event can arrive while the
	 * channel is being bound, before xbr_bind() has stored the IRQ.
	 */
	WRITE_ONCE(sc->xbb_irq, irq);
	atomic_set(&sc->xbb_eoi, irq + 1);
	queue_work(xbb_wq, &sc->xbb_work);
	return IRQ_HANDLED;
}

/*------------------------------- Connection --------------------------------*/
/**
 * xbb_ring_connect() - map the ring, set up the request slots and the
 *	pool, bind.
 * @sc: the device; its ABI is set.
 * @lay: the vetted ring layout.
 *
 * Return: 0 or a negative errno, with nothing left allocated or mapped.
 */
int
xbb_ring_connect(struct xbb_softc *sc, const struct xbr_layout *lay)
{
	size_t entry = sc->xbb_abi == XBB_ABI_X86_32 ?
	    sizeof(union xbb_x86_32_sring_entry) :
	    sizeof(union xbb_x86_64_sring_entry);
	unsigned int i, size;
	int error;

	size = xbr_ring_size(entry, lay->xrl_npages);
	sc->xbb_xfers = vzalloc(array_size(size, sizeof(*sc->xbb_xfers)));
	if (sc->xbb_xfers == NULL)
		return -ENOMEM;
	INIT_LIST_HEAD(&sc->xbb_free);
	for (i = 0; i < size; i++) {
		sc->xbb_xfers[i].xx_sc = sc;
		list_add_tail(&sc->xbb_xfers[i].xx_link, &sc->xbb_free);
	}
	sc->xbb_nfree = size;
	sc->xbb_ring_size = size;
	error = xbb_io_connect(sc);
	if (error != 0)
		goto fail_pool;
	init_llist_head(&sc->xbb_done);
	gnttab_page_cache_init(&sc->xbb_pages);
	sc->xbb_barrier = false;
	sc->xbb_dead = false;
	sc->xbb_fatal_done = false;
	sc->xbb_stopping = false;
	atomic_set(&sc->xbb_eoi, 0);
	atomic_set(&sc->xbb_stats.xst_inflight, 0);

	/*
	 * Map, set up the back ring, then bind: the handler may run as soon
	 * as the channel is bound, and the worker it queues reads the ring.
	 */
	error = xbr_connect(&sc->xbb_ring, lay, NULL, sc->xbb_irqname, sc);
	if (error != 0)
		goto fail_map;
	if (sc->xbb_abi == XBB_ABI_X86_32)
		BACK_RING_INIT(&sc->xbb_rings.x86_32,
		    (struct xbb_x86_32_sring *)sc->xbb_ring.xr_va,
		    XBR_PAGE_SIZE * lay->xrl_npages);
	else
		BACK_RING_INIT(&sc->xbb_rings.x86_64,
		    (struct xbb_x86_64_sring *)sc->xbb_ring.xr_va,
		    XBR_PAGE_SIZE * lay->xrl_npages);
	error = xbr_bind(&sc->xbb_ring, xbb_intr, sc->xbb_irqname, sc);
	if (error != 0)
		goto fail_bind;
	WRITE_ONCE(sc->xbb_irq, sc->xbb_ring.xr_irq);
	/* Requests may already be waiting. */
	queue_work(xbb_wq, &sc->xbb_work);
	return 0;

fail_bind:
	xbr_disconnect(&sc->xbb_ring);
fail_map:
	xbb_io_disconnect(sc);
fail_pool:
	vfree(sc->xbb_xfers);
	sc->xbb_xfers = NULL;
	sc->xbb_ring_size = 0;
	return error;
}

/**
 * xbb_ring_disconnect() - stop the worker, unbind, unmap, free the slots
 *	and the pool.
 * @sc: the device.
 */
void
xbb_ring_disconnect(struct xbb_softc *sc)
{
	if (sc->xbb_xfers == NULL)
		return;
	/*
	 * The state machine only disconnects an idle ring, but remove()
	 * (module unload, the toolstack deleting the device) may come with
	 * I/O in flight: stop fetching and let the worker answer it.
	 */
	WRITE_ONCE(sc->xbb_stopping, true);
	while (atomic_read(&sc->xbb_stats.xst_inflight) > 0) {
		flush_work(&sc->xbb_work);
		msleep(5);
	}
	xbr_disconnect(&sc->xbb_ring);
	cancel_work_sync(&sc->xbb_work);
	gnttab_page_cache_shrink(&sc->xbb_pages, 0);
	xbb_io_disconnect(sc);
	vfree(sc->xbb_xfers);
	sc->xbb_xfers = NULL;
	sc->xbb_ring_size = 0;
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * xbb_ring.c: the ring consumers of a vbd.
 *
 * A device has one ring, or with blkif.h's multi-queue extension one per
 * queue the frontend asked for; each ring is a struct xbb_queue with its
 * own event channel, request slots, pool and persistent grants, and its
 * own worker.  Queues share nothing but the backing store and the
 * device's counters, so they run in parallel on xbb's unbound workqueue.
 *
 * A request list is answered where its I/O completes, in any context:
 * its run is unmapped, then, under the queue's response lock, each member
 * gets its response at rsp_prod_pvt and RING_PUSH_RESPONSES_AND_CHECK_NOTIFY
 * pushes them.  One worker per queue, on xbb's workqueue, does the rest
 * in order: it takes answered lists' slots, pool pages and persistent
 * grants back, then fetches new requests while slots are free.  Only the
 * response producer is shared between the two; the fetch reads
 * rsp_prod_pvt under the same lock.  Fetching follows common/ring:
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
 * worker stops fetching at a barrier until its ring is idle, and again
 * until the barrier itself is answered and taken back.  (Linux's blkfront
 * never sends barriers on more than one queue; a barrier orders its own
 * ring only.)
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/interrupt.h>
#include <linux/delay.h>
#include <linux/rcupdate.h>
#include <linux/ktime.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <xen/events.h>
#include <xen/grant_table.h>

#include "xbb.h"

#define CREATE_TRACE_POINTS
#include "xbb_trace.h"

/*--------------------------------- Kicking ---------------------------------*/
/*
 * Have queue Q's worker run, or run again.  Only the kick that finds no
 * run queued or under way (xq_kicks was 0) queues the work; the others
 * are counted, and the run under way goes round once more before it
 * returns (xbb_work()).  The unbound workqueue keeps no count of its
 * running workers, so a queue_work() of an item that is running wakes
 * an idle kworker only for it to hand the item back to the busy one:
 * bench-blk's A/B 8 counted about 6,200 such wake-ups in a 5 s run, most
 * of them from lists answered inside the run that fetched them (a store
 * that completes in submit_bio(), as brd does).
 */
static void
xbb_kick(struct xbb_queue *q)
{
	if (atomic_inc_return(&q->xq_kicks) == 1)
		queue_work(xbb_wq, &q->xq_work);
}

/*------------------------------- Responses ---------------------------------*/
/* Answer one member of a completed list: count, write the response. */
static void
xbb_respond(struct xbb_queue *q, const struct xbb_xfer *xx, int list_status)
{
	struct xbb_softc *sc = q->xq_sc;
	struct xbb_stats *st = &sc->xbb_stats;
	const struct xbb_req *req = &xx->xx_req;
	s16 status = xbb_list_member_status(list_status, xx->xx_status);
	u64 n;

	lockdep_assert_held(&q->xq_rsp_lock);
	xbb_ctr_add(st, XBB_C_REQS + (req->xr_op < XBB_OP_COUNT ?
				      req->xr_op : XBB_OP_UNKNOWN), 1);
	if (req->xr_indirect)
		xbb_ctr_add(st, XBB_C_INDIRECT, 1);
	if (xx->xx_err != XBB_E_NONE) {
		xbb_ctr_add(st, XBB_C_ERRS + xx->xx_err, 1);
	} else if (status == BLKIF_RSP_ERROR) {
		xbb_ctr_add(st, XBB_C_ERRS + XBB_E_IO, 1);
	} else if (req->xr_op == XBB_OP_DISCARD) {
		xbb_ctr_add(st, XBB_C_SECTORS, req->xr_nr_sectors);
	} else {
		n = xbb_req_sectors(req);
		xbb_ctr_add(st, XBB_C_SEGS, req->xr_nsegs);
		xbb_ctr_add(st, XBB_C_SECTORS, n);
		xbb_ctr_add(st, req->xr_op == XBB_OP_READ ?
			XBB_C_SECTORS_READ : XBB_C_SECTORS_WRITTEN, n);
	}
	xbb_rsp_put(sc->xbb_abi, &q->xq_rings, req->xr_id, req->xr_operation,
	    status);
	/* Under xq_rsp_lock: one writer at a time. */
	WRITE_ONCE(q->xq_reqs, q->xq_reqs + 1);
	/* The latency costs a clock read: only while the event is on. */
	if (trace_xbb_complete_enabled())
		trace_xbb_complete(sc->xbb_dev->otherend_id, sc->xbb_devid,
		    req->xr_id, status,
		    xx->xx_start != 0 ? ktime_get_ns() - xx->xx_start : 0);
}

/*
 * Answer list L: unmap its run, write each member's response, push and
 * notify, then hand the list back to the worker.
 */
static void
xbb_ring_answer(struct xbb_list *l)
{
	struct xbb_queue *q = l->xli_q;
	const struct xbb_xfer *xx;
	unsigned long flags;
	int notify;

	xbb_unmap_run(q, l);
	spin_lock_irqsave(&q->xq_rsp_lock, flags);
	list_for_each_entry(xx, &l->xli_members, xx_member)
		xbb_respond(q, xx, l->xli_status);
	RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(&q->xq_rings.common, notify);
	q->xq_last_rsp = jiffies;
	spin_unlock_irqrestore(&q->xq_rsp_lock, flags);
	if (notify)
		notify_remote_via_irq(READ_ONCE(q->xq_irq));
	/*
	 * From here on the worker may reuse the list's slots, and once it
	 * has, the queue may be torn down: the read-side section tells
	 * xbb_ring_disconnect() (synchronize_rcu()) when this is over.
	 */
	rcu_read_lock();
	if (llist_add(&l->xli_done, &q->xq_done))
		xbb_kick(q);
	rcu_read_unlock();
}

/**
 * xbb_ring_complete() - a list's I/O is over: answer its members now.
 * @l: the list.
 *
 * Called once per list, in any context: bio completion (often an
 * interrupt), the queue's blocking work, or the worker for a list that
 * never reached the store.  As in xen-blkback, the responses are written
 * here and not by the worker, so that the frontend hears of its I/O
 * without waiting for a worker to be scheduled: bench-blk measured that
 * wake-up on every list.  The run is unmapped first (blkif.h: once a
 * request is answered the frontend may end its grants).  The slots, the
 * run and the persistent grants go back through @xq_done to the worker,
 * which owns them.
 *
 * A store may still hold references to the run's pages after it completed
 * the I/O (a network block device's socket sending them, iSCSI, DRBD).
 * Unmapping the grants under it would let it send, or see, the next
 * grant's data; so such a list waits on @xq_unmap_wait, and
 * xbb_ring_unmap_work() answers it once the store has let go (as
 * xen-blkback does with gnttab_unmap_refs_async()).
 */
void
xbb_ring_complete(struct xbb_list *l)
{
	struct xbb_queue *q = l->xli_q;
	unsigned long flags;

	if (l->xli_at_store)
		atomic_dec(&q->xq_at_store);
	if (!xbb_map_run_held(q, l)) {
		xbb_ring_answer(l);
		return;
	}
	atomic64_inc(&q->xq_sc->xbb_stats.xst_unmap_deferred);
	spin_lock_irqsave(&q->xq_unmap_lock, flags);
	list_add_tail(&l->xli_wait, &q->xq_unmap_wait);
	spin_unlock_irqrestore(&q->xq_unmap_lock, flags);
	/* Teardown waits for the list: the queue outlives this. */
	queue_delayed_work(xbb_wq, &q->xq_unmap_work, XBB_UNMAP_RETRY);
}

/**
 * xbb_ring_unmap_work() - answer lists whose pages a store let go.
 * @work: xq_unmap_work of the queue.
 *
 * Lists whose run is still held wait for the next try, every
 * %XBB_UNMAP_RETRY; one held for more than a minute is reported once.
 */
void
xbb_ring_unmap_work(struct work_struct *work)
{
	struct xbb_queue *q =
	    container_of(to_delayed_work(work), struct xbb_queue, xq_unmap_work);
	struct xbb_list *l, *tmp;
	LIST_HEAD(ready);
	bool again;

	spin_lock_irq(&q->xq_unmap_lock);
	list_for_each_entry_safe(l, tmp, &q->xq_unmap_wait, xli_wait)
		if (!xbb_map_run_held(q, l))
			list_move_tail(&l->xli_wait, &ready);
	again = !list_empty(&q->xq_unmap_wait);
	spin_unlock_irq(&q->xq_unmap_lock);
	list_for_each_entry_safe(l, tmp, &ready, xli_wait)
		xbb_ring_answer(l);
	if (!again) {
		q->xq_unmap_tries = 0;
		return;
	}
	if (++q->xq_unmap_tries == 60 * HZ / XBB_UNMAP_RETRY)
		dev_warn(&q->xq_sc->xbb_dev->dev,
		    "queue %u: the store has held a request's pages for a minute; its grants stay mapped until it lets go\n",
		    q->xq_id);
	queue_delayed_work(xbb_wq, &q->xq_unmap_work, XBB_UNMAP_RETRY);
}

/* Take an answered list's slots, run and persistent grants back. */
static void
xbb_release_list(struct xbb_queue *q, struct xbb_list *l)
{
	struct xbb_stats *st = &q->xq_sc->xbb_stats;
	struct xbb_xfer *xx, *next;

	xbb_io_release(q, l);
	/* The list lives in its first member's slot: read it first. */
	list_for_each_entry_safe(xx, next, &l->xli_members, xx_member) {
		if (xx->xx_req.xr_op == XBB_OP_BARRIER)
			q->xq_barrier = false;
		list_add(&xx->xx_link, &q->xq_free);
		q->xq_nfree++;
		atomic_dec(&q->xq_inflight);
		atomic_dec(&st->xst_inflight);
	}
}

/* Take back every answered list, oldest first; true if there was one. */
static bool
xbb_release_all(struct xbb_queue *q)
{
	struct llist_node *done;
	struct xbb_list *l, *next;

	done = llist_reverse_order(llist_del_all(&q->xq_done));
	if (done == NULL)
		return false;
	llist_for_each_entry_safe(l, next, done, xli_done)
		xbb_release_list(q, l);
	return true;
}

/*--------------------------------- Fetching --------------------------------*/
/* Copy the request at IDX once, in the frontend's ABI. */
static void
xbb_copy_request(struct xbb_queue *q, RING_IDX idx, void *raw)
{
	if (q->xq_sc->xbb_abi == XBB_ABI_X86_32)
		RING_COPY_REQUEST(&q->xq_rings.x86_32, idx,
		    (struct xbb_x86_32_request *)raw);
	else
		RING_COPY_REQUEST(&q->xq_rings.x86_64, idx,
		    (struct xbb_x86_64_request *)raw);
}

/*
 * Stop fetching from queue Q: the frontend is broken.  The first error of
 * the connection is reported, once, by common/xenbus, which shuts the
 * device down from a work item.
 */
static __printf(2, 3) void xbb_ring_fatal(struct xbb_queue *q, const char *fmt,
    ...)
{
	struct xbb_softc *sc = q->xq_sc;
	char why[96];
	va_list ap;

	if (q->xq_dead)
		return;
	q->xq_dead = true;
	atomic64_inc(&sc->xbb_stats.xst_protocol);
	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	xbs_xen_dev_fatal_later(&sc->xbb_xd, "queue %u: %s", q->xq_id, why);
}

/*
 * May queue Q fetch?  Not once its frontend broke the protocol, nor once
 * a teardown is decided: the ring is being disconnected (xq_stopping), or
 * the state machine waits for the connection's I/O to drain before it
 * tears it down (xsm_pending; a frontend that wrote Closed and keeps
 * queueing requests must not keep that teardown waiting).  Read before
 * every request, so that no request is fetched after the decision is seen.
 */
static bool
xbb_may_fetch(const struct xbb_queue *q)
{
	return !q->xq_dead && !READ_ONCE(q->xq_stopping) &&
	    !READ_ONCE(q->xq_sc->xbb_xd.xd_sm.xsm_pending);
}

/*
 * Take the request at req_cons into slot XX and gather it: refused at
 * once, added to the open list *OPEN, or the first member of a new one
 * (the open list is issued first).  Fences, every request with
 * coalescing off, and a new list while the queue has nothing at the
 * store are issued at once (xbb_list_hold()).
 */
static void
xbb_gather(struct xbb_queue *q, struct xbb_xfer *xx, struct xbb_list **open)
{
	struct xbb_req *req = &xx->xx_req;
	struct xbb_list *l = *open;
	enum xbb_err err;

	err = xbb_io_prepare(q, xx);
	if (err != XBB_E_NONE) {
		xbb_io_fail(q, xx, err);
		return;
	}
	if (l != NULL && xbb_list_joinable(&l->xli_shape, req, &q->xq_caps)) {
		xx->xx_seg = l->xli_shape.xls_nsegs;
		xbb_list_join(&l->xli_shape, req);
		list_add_tail(&xx->xx_member, &l->xli_members);
		return;
	}
	if (l != NULL)
		xbb_io_submit(q, l);
	xbb_io_list_init(xx);
	*open = &xx->xx_list;
	if (!xbb_list_hold(req, &q->xq_caps, atomic_read(&q->xq_at_store))) {
		*open = NULL;
		xbb_io_submit(q, &xx->xx_list);
	}
}

/*
 * Fetch and gather requests while slots are free, nothing waits for pool
 * pages and no barrier holds the ring.  Returns true if a request was
 * fetched.
 */
static bool
xbb_fetch(struct xbb_queue *q)
{
	struct xbb_softc *sc = q->xq_sc;
	struct xbb_common_back_ring *ring = &q->xq_rings.common;
	u8 raw[XBB_RAW_REQ_SIZE] __aligned(8);
	struct xbb_list *open = NULL;
	struct xbb_xfer *xx;
	unsigned long flags;
	RING_IDX rp, rsp;
	bool fetched = false;
	int more;

	/* Read once per run: a change applies from the next run on. */
	q->xq_caps.xlc_max_reqs = READ_ONCE(xbb_coalesce) ? UINT_MAX : 1;
	do {
		rp = xbr_fetch_prod(&ring->sring->req_prod);
		spin_lock_irqsave(&q->xq_rsp_lock, flags);
		rsp = ring->rsp_prod_pvt;
		spin_unlock_irqrestore(&q->xq_rsp_lock, flags);
		if (xbr_check_prod(rp, ring->req_cons, rsp,
			sc->xbb_ring_size) < 0) {
			xbb_ring_fatal(q,
			    "req_prod %u claims more than %u requests (req_cons %u, rsp_prod %u)",
			    rp, sc->xbb_ring_size, ring->req_cons, rsp);
			break;
		}
		while (ring->req_cons != rp && !q->xq_barrier &&
		    !q->xq_kva_wait && xbb_may_fetch(q)) {
			if (list_empty(&q->xq_free))
				goto out;
			xx = list_first_entry(&q->xq_free, struct xbb_xfer,
			    xx_link);
			xbb_copy_request(q, ring->req_cons, raw);
			/* Returns 0: the device's ABI is one of the two. */
			xbb_ring2req(sc->xbb_abi, raw, &xx->xx_req);
			if (xx->xx_req.xr_op == XBB_OP_BARRIER &&
			    atomic_read(&q->xq_inflight) > 0) {
				/* Wait until everything before it is done. */
				q->xq_barrier = true;
				goto out;
			}
			ring->req_cons++;
			list_del(&xx->xx_link);
			q->xq_nfree--;
			fetched = true;
			atomic_inc(&q->xq_inflight);
			atomic_inc(&sc->xbb_stats.xst_inflight);
			xx->xx_start = trace_xbb_complete_enabled() ?
			    ktime_get_ns() : 0;
			trace_xbb_fetch(sc->xbb_dev->otherend_id, sc->xbb_devid,
			    xx->xx_req.xr_id, xx->xx_req.xr_operation,
			    xx->xx_req.xr_nsegs, xx->xx_req.xr_sector);
			if (xx->xx_req.xr_op == XBB_OP_BARRIER)
				q->xq_barrier = true;
			xbb_gather(q, xx, &open);
		}
		if (q->xq_barrier || q->xq_kva_wait || !xbb_may_fetch(q))
			break;
		/*
		 * Requests that came meanwhile may still join the open list.
		 * The check reads rsp_prod_pvt, which completions move.
		 */
		spin_lock_irqsave(&q->xq_rsp_lock, flags);
		RING_FINAL_CHECK_FOR_REQUESTS(ring, more);
		spin_unlock_irqrestore(&q->xq_rsp_lock, flags);
	} while (more);
out:
	/* Issue what was gathered: the frontend may wait for it. */
	if (open != NULL)
		xbb_io_submit(q, open);
	return fetched;
}

/*
 * Answer the requests left on queue Q's ring when it is torn down: every
 * request is answered (blkif.h), and a frontend that closes with
 * requests it queued but the backend never fetched may wait for them for
 * ever.  Linux's blkfront does: its removal waits for every request it
 * issued (del_gendisk()), on the xenwatch thread of the guest, so one
 * unanswered request wedges the guest's whole xenbus.  xbb leaves
 * requests on the ring while it waits for pool pages (a ring full of
 * 1 MiB requests is mostly unfetched), so under load a close nearly
 * always finds some.
 *
 * They are answered as errors, without being served, except an empty
 * flush or barrier: blkfront takes an error on one for "not supported",
 * completes it as a success and stops flushing, so the guest's fsync()
 * would return with its writes still in the store's volatile cache.  The
 * store is flushed once per teardown, for all of them, and they get its
 * answer: *@flushed is 1 until then, and then 0 or the flush's error (no
 * write is served after the drain, so the one answer holds for later
 * ones).  That flush may sleep for as long as the store takes (here,
 * possibly on the xenwatch thread: see Documentation/xbb.rst).
 *
 * The producer index is read once and vetted, so the work is at most
 * one ring, whatever the frontend keeps writing; a ring whose frontend
 * broke the protocol is left alone.  Each request is copied once.
 * Called when nothing else touches the ring: every fetched request
 * answered, the worker cancelled; the channel is still bound.  Returns
 * how many requests were answered.
 */
static unsigned int
xbb_ring_refuse_unfetched(struct xbb_queue *q, int *flushed)
{
	struct xbb_softc *sc = q->xq_sc;
	struct xbb_common_back_ring *ring = &q->xq_rings.common;
	u8 raw[XBB_RAW_REQ_SIZE] __aligned(8);
	struct xbb_req *req;
	unsigned long flags;
	unsigned int n = 0;
	int notify;
	RING_IDX rp;
	s16 status;

	if (q->xq_dead || ring->sring == NULL || q->xq_xfers == NULL)
		return 0;
	/* Every slot is free now: the first one holds each request. */
	req = &q->xq_xfers[0].xx_req;
	rp = xbr_fetch_prod(&ring->sring->req_prod);
	if (xbr_check_prod(rp, ring->req_cons, ring->rsp_prod_pvt,
		sc->xbb_ring_size) < 0)
		return 0;
	for (; ring->req_cons != rp; ring->req_cons++, n++) {
		xbb_copy_request(q, ring->req_cons, raw);
		/* Returns 0: the device's ABI is one of the two. */
		xbb_ring2req(sc->xbb_abi, raw, req);
		status = BLKIF_RSP_ERROR;
		if ((req->xr_op == XBB_OP_FLUSH ||
			req->xr_op == XBB_OP_BARRIER) &&
		    req->xr_nsegs == 0) {
			if (*flushed == 1)
				*flushed = xbb_store_flush(sc);
			if (*flushed == 0)
				status = BLKIF_RSP_OKAY;
		}
		spin_lock_irqsave(&q->xq_rsp_lock, flags);
		xbb_rsp_put(sc->xbb_abi, &q->xq_rings, req->xr_id,
		    req->xr_operation, status);
		spin_unlock_irqrestore(&q->xq_rsp_lock, flags);
	}
	if (n == 0)
		return 0;
	spin_lock_irqsave(&q->xq_rsp_lock, flags);
	RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(ring, notify);
	q->xq_last_rsp = jiffies;
	spin_unlock_irqrestore(&q->xq_rsp_lock, flags);
	atomic64_add(n, &sc->xbb_stats.xst_refused_closing);
	if (notify)
		notify_remote_via_irq(q->xq_irq);
	return n;
}

/* One round of queue Q's worker: take answered lists back, fetch, purge. */
static void
xbb_work_round(struct xbb_queue *q)
{
	struct xbb_softc *sc = q->xq_sc;
	bool progress;
	int eoi;

	xbb_ctr_add(&sc->xbb_stats, XBB_C_RUNS, 1);
	/* Persistent grants given back now are stamped with this time. */
	q->xq_pgnt.xpt_clock = jiffies;
	progress = xbb_release_all(q);
	/* A barrier waiting for the ring to drain may go now. */
	if (q->xq_barrier && atomic_read(&q->xq_inflight) == 0)
		q->xq_barrier = false;
	if (xbb_may_fetch(q))
		progress |= xbb_fetch(q);
	eoi = atomic_xchg(&q->xq_eoi, 0);
	if (eoi != 0)
		xen_irq_lateeoi(eoi - 1, progress ? 0 : XEN_EOI_FLAG_SPURIOUS);
	/* Make room in a full table of persistent grants, off the I/O path. */
	if (q->xq_purge_wanted)
		xbb_map_pgnt_purge(q);
	/* Idle expiry and memory pressure. */
	xbb_map_pgnt_expire(q);
	/*
	 * The store grew or shrank under the guest (an administrator's
	 * lvextend, "losetup -c", truncate): tell the frontend.  The store
	 * stays open while a worker can run (the destroy work closes it
	 * after cancelling them).
	 */
	if (progress &&
	    xbb_store_sectors(sc) != READ_ONCE(sc->xbb_lim.xl_sectors))
		queue_work(xbb_ctl_wq, &sc->xbb_resize_work);
	if (progress && READ_ONCE(xbb_log_stats))
		xbb_sysfs_log_stats(sc);
	/*
	 * A teardown waits for the last request: run it.  Whatever
	 * xq_stopping says: xbb_stop() sets it before a teardown is
	 * deferred.  (During a disconnect the control work finds nothing
	 * pending; the destroy work cancels it after every worker.)  Pairs
	 * with the smp_mb() of xbs_xen_settle().
	 */
	smp_mb();
	if (atomic_read(&sc->xbb_stats.xst_inflight) == 0 &&
	    READ_ONCE(sc->xbb_xd.xd_sm.xsm_pending))
		queue_work(xbb_ctl_wq, &sc->xbb_ctl_work);
}

/**
 * xbb_work() - a queue's worker: rounds of xbb_work_round() while kicked.
 * @work: xq_work of the queue.
 *
 * A round sees every kick counted before it began (the barrier pairs
 * with the one in xbb_kick()'s atomic_inc_return()).  Kicks counted
 * while it ran make it go round again instead of queueing the work;
 * when none came, the count drops to 0 and the next kick queues the
 * work.  After %XBB_WORK_ROUNDS rounds that were each kicked again, the
 * work queues itself, with the count left above 0 (so no kick queues it
 * meanwhile), and returns: a frontend that keeps the queue busy does not
 * keep the kworker.
 */
void
xbb_work(struct work_struct *work)
{
	struct xbb_queue *q = container_of(work, struct xbb_queue, xq_work);
	unsigned int rounds = 0;
	int seen;

	for (;;) {
		seen = atomic_read(&q->xq_kicks);
		smp_mb();
		xbb_work_round(q);
		if (atomic_cmpxchg(&q->xq_kicks, seen, 0) == seen)
			return;
		if (++rounds == XBB_WORK_ROUNDS) {
			queue_work(xbb_wq, &q->xq_work);
			return;
		}
		cond_resched();
	}
}

/**
 * xbb_ctl_work() - a teardown that waited for the I/O may go on now.
 * @work: xbb_ctl_work of the softc.
 *
 * Tearing a connection down waits for the worker, so it cannot run in
 * the worker: the last worker run that took I/O back queues this.
 */
void
xbb_ctl_work(struct work_struct *work)
{
	struct xbb_softc *sc =
	    container_of(work, struct xbb_softc, xbb_ctl_work);

	if (atomic_read(&sc->xbb_stats.xst_inflight) == 0)
		xbs_xen_dev_drained(&sc->xbb_xd);
}

/**
 * xbb_expire_timer() - the oldest unused persistent grant is due.
 * @tl: xq_expire_timer of the queue.
 *
 * The worker, which alone touches the table, expires it.
 */
void
xbb_expire_timer(struct timer_list *tl)
{
	struct xbb_queue *q = from_timer(q, tl, xq_expire_timer);

	xbb_kick(q);
}

/*-------------------------------- Interrupt --------------------------------*/
static irqreturn_t
xbb_intr(int irq, void *arg)
{
	struct xbb_queue *q = arg;

	atomic64_inc(&q->xq_events);
	xbb_ctr_add(&q->xq_sc->xbb_stats, XBB_C_EVENTS, 1);
	/*
	 * Remember which IRQ to EOI: the first event can arrive while the
	 * channel is being bound, before xbr_bind() has stored the IRQ.
	 */
	WRITE_ONCE(q->xq_irq, irq);
	atomic_set(&q->xq_eoi, irq + 1);
	xbb_kick(q);
	return IRQ_HANDLED;
}

/*------------------------------- Connection --------------------------------*/
/*
 * Connect queue Q: request slots, pool and persistent grants, then map
 * the ring described by LAY and bind its channel.  Returns 0 or a
 * negative errno, with nothing of Q left allocated or mapped.
 */
static int
xbb_queue_connect(struct xbb_queue *q, const struct xbr_layout *lay)
{
	struct xbb_softc *sc = q->xq_sc;
	unsigned int i, size = sc->xbb_ring_size;
	struct xbb_common_sring *sring;
	RING_IDX req_prod, rsp_prod, start;
	int error;

	q->xq_xfers = vzalloc(array_size(size, sizeof(*q->xq_xfers)));
	if (q->xq_xfers == NULL)
		return -ENOMEM;
	INIT_LIST_HEAD(&q->xq_free);
	for (i = 0; i < size; i++) {
		q->xq_xfers[i].xx_q = q;
		list_add_tail(&q->xq_xfers[i].xx_link, &q->xq_free);
	}
	q->xq_nfree = size;
	init_llist_head(&q->xq_done);
	q->xq_unmap_tries = 0;
	gnttab_page_cache_init(&q->xq_pages);
	xbb_pgnt_init(&q->xq_pgnt,
	    sc->xbb_persistent ? READ_ONCE(xbb_max_persistent_grants) : 0);
	error = xbb_pool_connect(q);
	if (error != 0)
		goto fail_pool;
	q->xq_barrier = false;
	q->xq_dead = false;
	q->xq_stopping = false;
	q->xq_purge_wanted = false;
	q->xq_last_rsp = jiffies - XBB_LATE_QUIET;
	atomic_set(&q->xq_eoi, 0);
	/* A cancelled worker (xbb_queue_quiesce()) may have left kicks. */
	atomic_set(&q->xq_kicks, 0);
	atomic_set(&q->xq_inflight, 0);
	atomic_set(&q->xq_at_store, 0);
	if (sc->xbb_nqueues > 1)
		snprintf(q->xq_irqname, sizeof(q->xq_irqname), "xbb-%d-%s-q%u",
		    sc->xbb_dev->otherend_id,
		    strrchr(sc->xbb_dev->nodename, '/') + 1, q->xq_id);
	else
		snprintf(q->xq_irqname, sizeof(q->xq_irqname), "xbb-%d-%s",
		    sc->xbb_dev->otherend_id,
		    strrchr(sc->xbb_dev->nodename, '/') + 1);

	/*
	 * Map, set up the back ring, then bind: the handler may run as soon
	 * as the channel is bound, and the worker it queues reads the ring.
	 */
	error = xbr_connect(&q->xq_ring, lay, NULL, q->xq_irqname, q);
	if (error != 0)
		goto fail_map;
	/*
	 * A ring handed over by another backend (the frontend still
	 * Connected) carries on from its rsp_prod: xbr_attach_index().  The
	 * two ABIs' shared rings begin with the same indexes.
	 */
	sring = q->xq_ring.xrg_va;
	req_prod = READ_ONCE(sring->req_prod);
	rsp_prod = READ_ONCE(sring->rsp_prod);
	if (xbr_attach_index(req_prod, rsp_prod, size, &start) != 0) {
		error = -EPROTO;
		xenbus_dev_error(sc->xbb_dev, error,
		    "ring %u: req_prod %u and rsp_prod %u are more than %u requests apart",
		    q->xq_id, req_prod, rsp_prod, size);
		goto fail_attach;
	}
	if (sc->xbb_abi == XBB_ABI_X86_32)
		BACK_RING_ATTACH(&q->xq_rings.x86_32,
		    (struct xbb_x86_32_sring *)q->xq_ring.xrg_va, start,
		    XBR_PAGE_SIZE * lay->xrl_npages);
	else
		BACK_RING_ATTACH(&q->xq_rings.x86_64,
		    (struct xbb_x86_64_sring *)q->xq_ring.xrg_va, start,
		    XBR_PAGE_SIZE * lay->xrl_npages);
	if (start != 0)
		dev_info(&sc->xbb_dev->dev,
		    "queue %u: taking the ring over at index %u\n", q->xq_id,
		    start);
	error = xbr_bind(&q->xq_ring, xbb_intr, q->xq_irqname, q);
	if (error != 0)
		goto fail_bind;
	WRITE_ONCE(q->xq_irq, q->xq_ring.xrg_irq);
	/* Requests may already be waiting. */
	xbb_kick(q);
	return 0;

fail_bind:
fail_attach:
	xbr_disconnect(&q->xq_ring);
fail_map:
	xbb_pool_disconnect(q);
fail_pool:
	vfree(q->xq_xfers);
	q->xq_xfers = NULL;
	return error;
}

/* See xbb_ring_refuse_late(); the paths are the device's own. */
static bool
xbb_ring_handing_over(const struct xbb_softc *sc)
{
	return sc->xbb_handover &&
	    xenbus_read_driver_state(sc->xbb_dev->nodename) ==
	    XenbusStateConnected &&
	    xenbus_read_driver_state(sc->xbb_fe_path) == XenbusStateConnected;
}

/*
 * Quiesce queue Q once nothing of it runs: its I/O is answered and taken
 * back, and no completion is still inside xbb_ring_complete()
 * (xbb_ring_disconnect() saw to both).  What is left that may run is the
 * interrupt handler and the worker it queues; the IRQ is disabled first
 * (disable_irq() waits for a running handler), so that nothing queues the
 * worker again, then the worker is cancelled (it may still send a late
 * EOI: the IRQ is still bound).  The channel stays bound and the ring
 * mapped, for xbb_ring_refuse_late().
 */
static void
xbb_queue_quiesce(struct xbb_queue *q)
{
	if (q->xq_xfers == NULL)
		return;
	if (q->xq_ring.xrg_irq >= 0)
		disable_irq(q->xq_ring.xrg_irq);
	/* No worker arms it since the stop; it would run the worker. */
	del_timer_sync(&q->xq_expire_timer);
	cancel_work_sync(&q->xq_work);
	/*
	 * Nothing is on xq_blocking or xq_unmap_wait now, but their works may
	 * still be returning.
	 */
	flush_work(&q->xq_blocking_work);
	cancel_delayed_work_sync(&q->xq_unmap_work);
}

/*
 * Answer, as errors, the requests on every quiesced queue's ring, and
 * the ones that arrive after them, until no response has gone out for
 * XBB_LATE_QUIET (at most XBB_LATE_MAX).
 *
 * One look is not enough for Linux's blkfront (6.1 and 6.12): every
 * response it takes restarts its stopped queues (kick_pending_request_
 * queues()), and blkif_queue_rq() puts what was waiting on the ring
 * whether or not the backend has closed.  So the answers of the drain,
 * or of the first look, bring up to a ring's worth of new requests a
 * moment later, and a backend that has unmapped by then leaves them
 * unanswered: the guest's removal of the disk waits for them for ever
 * (the lab's flapload saw it at a plain detach under load).  The guest
 * allocates no new request once it has seen the backend Closing
 * (blk_mark_disk_dead()), so a few more looks drain it, once the guest
 * has taken the answers (xbb_ring_untaken()): under emulation its vCPU
 * may not run for longer than XBB_LATE_QUIET.  A queue that answered
 * nothing lately costs no wait.
 *
 * This may run on the xenwatch thread, or hold xd_lock, so its cost is
 * bounded for a frontend that keeps writing requests: XBB_LATE_MAX once,
 * after which the device looks once only (xbb_late_off), and otherwise
 * XBB_LATE_QUIET after the last answer.  Only a frontend that got an
 * answer within XBB_LATE_QUIET of its close waits at all.
 *
 * Not called when the rings are handed over (xbb_ring_disconnect()).
 * Returns how many requests were answered after the first look.
 */
/*
 * Has the frontend of quiesced queue Q still to take answers?  Its
 * rsp_event, as ring.h's final check writes it, is one past what it
 * consumed; a value the frontend forged only makes the watch run to
 * XBB_LATE_MAX.
 */
static bool
xbb_ring_untaken(const struct xbb_queue *q)
{
	const struct xbb_common_back_ring *ring = &q->xq_rings.common;

	return (int)(ring->rsp_prod_pvt - READ_ONCE(ring->sring->rsp_event)) >=
	    0;
}

static unsigned int
xbb_ring_refuse_late(struct xbb_softc *sc)
{
	unsigned long start = jiffies, last, t;
	unsigned int i, n = sc->xbb_nqueues, late = 0, got;
	struct xbb_queue *q;
	bool first = true;

	/* Kept for the lingering that may follow (xbb_ring_linger_poll()). */
	sc->xbb_linger_flushed = 1;
	/*
	 * An event on each ring that answered within XBB_LATE_MAX: blkfront
	 * restarts its stopped queues on every interrupt, answers or none,
	 * and the requests that waited in its block layer when it closed
	 * reach the ring only then.  When the drain's answers were all taken
	 * before its close, no interrupt comes, and they wait for ever: CI's
	 * swap and the lab's flapload saw the guest's del_gendisk() stuck
	 * with no late request on the ring.  The event counts as an answer
	 * for the quiet time.
	 */
	for (i = 0; i < n && !sc->xbb_late_off; i++) {
		q = &sc->xbb_q[i];
		if (q->xq_dead || q->xq_xfers == NULL ||
		    !time_in_range(q->xq_last_rsp, start - XBB_LATE_MAX, start))
			continue;
		notify_remote_via_irq(q->xq_irq);
		q->xq_last_rsp = jiffies;
	}
	for (;;) {
		last = start - XBB_LATE_QUIET;
		for (i = 0; i < n; i++) {
			got = xbb_ring_refuse_unfetched(&sc->xbb_q[i],
			    &sc->xbb_linger_flushed);
			if (!first)
				late += got;
			/* A dead ring is not looked at: its answers do not count. */
			q = &sc->xbb_q[i];
			if (q->xq_dead || q->xq_xfers == NULL ||
			    !time_in_range(q->xq_last_rsp, start - XBB_LATE_QUIET,
				jiffies))
				continue;
			/*
			 * Answers the frontend has not taken yet (its
			 * rsp_event, which it moves past what it consumed,
			 * is not past rsp_prod) may still bring requests:
			 * its vCPU may not have run since.  The quiet time
			 * counts from when it has taken them.
			 */
			if (xbb_ring_untaken(q))
				q->xq_last_rsp = jiffies;
			t = q->xq_last_rsp;
			if (time_after(t, last))
				last = t;
		}
		first = false;
		if (sc->xbb_late_off ||
		    time_after_eq(jiffies, last + XBB_LATE_QUIET))
			break;
		if (time_after_eq(jiffies, start + XBB_LATE_MAX)) {
			sc->xbb_late_off = true;
			dev_warn(&sc->xbb_dev->dev,
			    "the frontend kept the ring busy for %u ms after the close (late requests or answers not taken); later teardowns look once\n",
			    jiffies_to_msecs(XBB_LATE_MAX));
			break;
		}
		msleep(10);
	}
	return late;
}

/*
 * Release quiesced queue Q: unbind the channel, unmap the ring, unmap
 * every persistent grant and free the queue.
 */
static void
xbb_queue_release(struct xbb_queue *q)
{
	if (q->xq_xfers == NULL)
		return;
	xbr_disconnect(&q->xq_ring);
	/* sysfs (ring_indexes) reads through it, under xd_lock. */
	q->xq_rings.common.sring = NULL;
	xbb_pool_disconnect(q);
	gnttab_page_cache_shrink(&q->xq_pages, 0);
	vfree(q->xq_xfers);
	q->xq_xfers = NULL;
}

/*-------------------------------- Lingering --------------------------------*/
/*
 * Linux's blkfront (6.1 and 6.12) keeps putting requests on its rings
 * until its device is removed: the requests that waited in its block
 * layer when it closed reach the ring whenever an interrupt restarts its
 * queues, and its del_gendisk() waits for every one of them before it
 * frees the rings.  Its removal comes only after the backend has shown
 * Closed (the toolstack deletes the frontend's directory then), so no
 * watch before Closed can see the last of them: the lab's flapload saw a
 * guest wedged for good after a plain detach under load, although the
 * watch of xbb_ring_refuse_late() had poked the rings and waited for its
 * quiet time (the guest's vCPU had not run its interrupt by then).
 *
 * And nothing tells the backend that requests still wait in the guest:
 * a guest that was not running at the close (paused, or not scheduled
 * under emulation) stops its queues when it closes, after it took the
 * teardown's answers and before its queue run, and then waits for an
 * interrupt that no watch before Closed would send (the lab's flapload,
 * the guest paused through a detach).  So every teardown that answers
 * (not a handover, not a failed connection) keeps its rings mapped and
 * bound, sends an event on each at once and every XBB_LINGER_POKE, and
 * answers as errors whatever reaches them, every XBB_LINGER_POLL, until
 * the frontend has closed its end of every channel (blkfront does so
 * once its removal is through; a dead domain's ends close with it), and
 * for at most XBB_LINGER_MAX.  The queues' IRQs stay disabled: the poll
 * needs no event.  Who may run meanwhile: the linger work alone touches the
 * queues; xbb_nqueues is 0, so sysfs, the state machine and the queue
 * workers see no connection.  What stops it: the next connection
 * (xbb_connect()), a failed probe and the destroy work end it first,
 * by cancelling the work and releasing the queues themselves under
 * xd_lock (the destroy work takes it for each of its own looks).
 */

/* An event on each lingering queue whose frontend may still listen. */
static void
xbb_ring_linger_poke(struct xbb_softc *sc)
{
	unsigned int i, n = sc->xbb_linger_n;
	struct xbb_queue *q;

	for (i = 0; i < n; i++) {
		q = &sc->xbb_q[i];
		if (!q->xq_dead && q->xq_xfers != NULL)
			notify_remote_via_irq(q->xq_irq);
	}
	sc->xbb_linger_poked = jiffies;
}

static void
xbb_ring_linger_start(struct xbb_softc *sc, unsigned int n)
{
	lockdep_assert_held(&sc->xbb_xd.xd_lock);
	/* A connection ends the lingering before it maps anything. */
	WARN_ON_ONCE(sc->xbb_linger_n != 0);
	sc->xbb_linger_n = n;
	sc->xbb_linger_start = jiffies;
	sc->xbb_linger_late = 0;
	xbb_ring_linger_poke(sc);
	queue_delayed_work(xbb_ctl_wq, &sc->xbb_linger_work, XBB_LINGER_POLL);
}

/*
 * One look at the lingering queues.  A queue whose frontend has closed
 * its end of the channel (or broke the protocol) is released before its
 * ring is read again: the frontend frees the ring's pages around the
 * close (blkfront 6.12 after it, 6.1 just before it, which leaves a
 * window of the guest's few instructions in which a look reads a freed
 * page, still holding the old ring unless the guest reused it at once).
 * Every other queue has what reached it answered.  When no queue is
 * left, XBB_LINGER_MAX has passed or END says so, the rest are released
 * (END: unread, as a new connection replaces them).  Returns true when
 * none lingers any more.
 */
static bool
xbb_ring_linger_poll(struct xbb_softc *sc, bool end)
{
	unsigned int i, n = sc->xbb_linger_n, open = 0;
	struct xbb_queue *q;
	bool expired;

	lockdep_assert_held(&sc->xbb_xd.xd_lock);
	if (n == 0)
		return true;
	expired = time_after_eq(jiffies, sc->xbb_linger_start + XBB_LINGER_MAX);
	for (i = 0; i < n && !end; i++) {
		q = &sc->xbb_q[i];
		if (q->xq_xfers == NULL)
			continue;
		if (q->xq_dead || !xbr_peer_open(&q->xq_ring)) {
			xbb_queue_release(q);
			continue;
		}
		/* The teardown's flush answer holds; one is made if none was. */
		sc->xbb_linger_late += xbb_ring_refuse_unfetched(q,
		    &sc->xbb_linger_flushed);
		open++;
	}
	if (!end && open > 0 && !expired) {
		if (time_after_eq(jiffies,
			sc->xbb_linger_poked + XBB_LINGER_POKE))
			xbb_ring_linger_poke(sc);
		return false;
	}
	for (i = 0; i < n; i++)
		xbb_queue_release(&sc->xbb_q[i]);
	sc->xbb_linger_n = 0;
	sc->xbb_ring_size = 0;
	/*
	 * Said when it answered anything, or the frontend kept its channels
	 * open (a connection ending it is the flap scenario's every cycle).
	 * After remove(), dev_info() would name the bus.
	 */
	if (sc->xbb_linger_late != 0 || (!end && open > 0))
		pr_info("%s: rings released %u ms after the close; %u late request(s) answered meanwhile; %s\n",
		    dev_name(&sc->xbb_dev->dev),
		    jiffies_to_msecs(jiffies - sc->xbb_linger_start),
		    sc->xbb_linger_late,
		    end ? "the frontend gave them up" :
		    open == 0 ? "the frontend had closed its channels" :
				"the frontend kept its channels open");
	return true;
}

/**
 * xbb_ring_linger_work() - poll the queues a teardown left lingering.
 * @work: xbb_linger_work of the softc.
 *
 * It takes xd_lock only if it is free: those who end the lingering
 * cancel this work while they hold it.
 */
void
xbb_ring_linger_work(struct work_struct *work)
{
	struct xbb_softc *sc = container_of(to_delayed_work(work),
	    struct xbb_softc, xbb_linger_work);
	bool done;

	if (!mutex_trylock(&sc->xbb_xd.xd_lock)) {
		queue_delayed_work(xbb_ctl_wq, &sc->xbb_linger_work,
		    XBB_LINGER_POLL);
		return;
	}
	done = xbb_ring_linger_poll(sc, false);
	mutex_unlock(&sc->xbb_xd.xd_lock);
	if (!done)
		queue_delayed_work(xbb_ctl_wq, &sc->xbb_linger_work,
		    XBB_LINGER_POLL);
}

/**
 * xbb_ring_linger_end() - end the lingering of a teardown's queues.
 * @sc: the device.
 * @wait: poll on until the frontend closes its channels or for the
 *	rest of %XBB_LINGER_MAX (the destroy work, which module unload and
 *	a rebind of the same device wait for); else release the queues at
 *	once, unread (a new connection: the frontend has given its old
 *	rings up; a failed probe).
 *
 * Called with xd_lock held when @wait is false (xbb_connect(), the failed
 * probe), else by the destroy work, which takes it for each look.
 */
void
xbb_ring_linger_end(struct xbb_softc *sc, bool wait)
{
	cancel_delayed_work_sync(&sc->xbb_linger_work);
	if (!wait) {
		lockdep_assert_held(&sc->xbb_xd.xd_lock);
		xbb_ring_linger_poll(sc, true);
		return;
	}
	for (;;) {
		mutex_lock(&sc->xbb_xd.xd_lock);
		if (xbb_ring_linger_poll(sc, false)) {
			mutex_unlock(&sc->xbb_xd.xd_lock);
			return;
		}
		mutex_unlock(&sc->xbb_xd.xd_lock);
		schedule_timeout_uninterruptible(XBB_LINGER_POLL);
	}
}

/**
 * xbb_ring_connect() - connect every queue the frontend asked for.
 * @sc: the device; its ABI and persistent-grant choice are set.
 * @lays: the vetted ring layouts, one per queue.
 * @nqueues: how many, 1 to XBB_MAX_QUEUES.
 *
 * Every ring has the same size (blkif.h: the order is written once).
 *
 * Return: 0 or a negative errno, with nothing left allocated or mapped.
 */
int
xbb_ring_connect(struct xbb_softc *sc, const struct xbr_layout *lays,
    unsigned int nqueues)
{
	size_t entry = sc->xbb_abi == XBB_ABI_X86_32 ?
	    sizeof(union xbb_x86_32_sring_entry) :
	    sizeof(union xbb_x86_64_sring_entry);
	unsigned int i;
	int error = 0;

	if (nqueues == 0 || nqueues > XBB_MAX_QUEUES)
		return -EINVAL;
	sc->xbb_ring_size = xbr_ring_size(entry, lays[0].xrl_npages);
	atomic_set(&sc->xbb_stats.xst_inflight, 0);
	/* Set first: the queues name their IRQs after it. */
	sc->xbb_nqueues = nqueues;
	for (i = 0; i < nqueues; i++) {
		error = xbb_queue_connect(&sc->xbb_q[i], &lays[i]);
		if (error != 0)
			break;
	}
	if (error == 0)
		return 0;
	/* Stop what was connected, as a disconnect would. */
	sc->xbb_nqueues = i;
	xbb_ring_disconnect(sc, false);
	sc->xbb_nqueues = 0;
	sc->xbb_ring_size = 0;
	return error;
}

/**
 * xbb_ring_stop() - fetch nothing more on any queue; do not wait.
 * @sc: the device.
 *
 * A worker that is fetching sees the flag before its next request; one
 * that starts later fetches nothing.  Completions, and the worker taking
 * answered lists back, go on.
 */
void
xbb_ring_stop(struct xbb_softc *sc)
{
	unsigned int i, n = READ_ONCE(sc->xbb_nqueues);

	for (i = 0; i < n; i++)
		WRITE_ONCE(sc->xbb_q[i].xq_stopping, true);
	/* Pairs with the queueing of each worker run. */
	smp_mb();
}

/**
 * xbb_ring_disconnect() - stop every queue, drain it, unbind, unmap, free.
 * @sc: the device.
 * @answer: answer the requests left on the rings, and late ones.
 *
 * The order (Documentation/xbb.rst, "Lifecycle"): no fetch after the
 * stop is decided; then every request fetched is answered and taken back;
 * then no completion is still running; then per queue the IRQ and the
 * worker; then requests left on the rings, and those that follow, are
 * answered until the rings are quiet; then per queue the channel, the
 * ring, at once or, when @answer, once the lingering that follows is
 * over (the linger work's, after this returns; see "Lingering" above).
 * The state machine only disconnects an
 * idle device, but its last busy check may race with a fetch, and a
 * connection that failed half way or a removed device may have I/O in
 * flight: so the drain is always done.  Called with xd_lock held, or by
 * xbb's teardown after remove(), when nothing else can connect.
 *
 * @answer is false where a connection failed half way: the frontend may
 * be Connected to another backend's rings, or be about to be, and what
 * is on them is answered by the next connection (xbr_attach_index()).
 *
 * Return: how many requests reached a ring after the teardown's first
 * look at it (answered as errors all the same).
 */
unsigned int
xbb_ring_disconnect(struct xbb_softc *sc, bool answer)
{
	unsigned int i, n = sc->xbb_nqueues, late = 0;
	struct xbb_queue *q;
	bool linger = false;

	if (n == 0)
		return 0;
	xbb_ring_stop(sc);
	for (i = 0; i < n; i++) {
		q = &sc->xbb_q[i];
		/* A run that may be fetching ends; later ones do not fetch. */
		flush_work(&q->xq_work);
		while (atomic_read(&q->xq_inflight) > 0) {
			flush_work(&q->xq_work);
			msleep(5);
		}
	}
	/* Completions that handed their list back have left. */
	synchronize_rcu();
	for (i = 0; i < n; i++)
		xbb_queue_quiesce(&sc->xbb_q[i]);
	/*
	 * Handed over: what is left on the ring is the next driver's, if
	 * both ends still read Connected now that the I/O has drained (the
	 * frontend may have closed, or the toolstack detached the device,
	 * since remove()); then nothing is answered.
	 */
	if (answer && !xbb_ring_handing_over(sc)) {
		late = xbb_ring_refuse_late(sc);
		linger = true;
	}
	WRITE_ONCE(sc->xbb_nqueues, 0);
	if (linger) {
		/*
		 * Only the ring, its channel and a request slot are needed:
		 * the persistent grants and the pool go now, so that the
		 * frontend's end of access to them, in its removal, is not
		 * deferred (a guest's flapload of 20 cycles ran out of grant
		 * frames when they stayed mapped).
		 */
		for (i = 0; i < n; i++) {
			xbb_pool_disconnect(&sc->xbb_q[i]);
			gnttab_page_cache_shrink(&sc->xbb_q[i].xq_pages, 0);
		}
		xbb_ring_linger_start(sc, n);
		return late;
	}
	for (i = 0; i < n; i++)
		xbb_queue_release(&sc->xbb_q[i]);
	sc->xbb_ring_size = 0;
	return late;
}

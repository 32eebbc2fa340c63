// SPDX-License-Identifier: GPL-2.0-only
/*
 * xbb_io.c: issuing a request list's I/O to the backing store, and
 * completing it.
 *
 * The worker (xbb_ring.c) hands each request here once it is copied from
 * the ring: it is vetted, with its indirect segments loaded (xbb_map.c),
 * or refused on its own; the requests that continue one another are
 * gathered into a list (xbb_list.c).  A list with data claims a run of
 * pool pages (xbb_pool.c), or waits for one while the worker fetches
 * nothing more; once it holds the run its grants are mapped (xbb_map.c)
 * and its I/O is issued.
 *
 * The run is the list's buffer.  A block device gets one bio chain over
 * its pages (a new bio only when one is full).  A file store gets one
 * read_iter or write_iter call over the list's part of the pool's virtual
 * range: a single buffer when the list is whole pages.  File I/O and
 * discards sleep: the queue's xq_blocking_work issues them, one list after the
 * other, as loop does.  A member whose grants did not map is left out:
 * the others are issued as the contiguous runs that are left.
 *
 * Each I/O unit that ends drops the list's count of pending units; the
 * last one completes the list, which is answered where it completes
 * (xbb_ring_complete()).  The worker then takes its run and persistent
 * grants back (xbb_io_release()) and starts, in arrival order, the lists
 * that waited for pool pages.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bio.h>
#include <linux/blkdev.h>
#include <linux/falloc.h>
#include <linux/fs.h>
#include <linux/slab.h>
#include <linux/uio.h>

#include "xbb.h"
#include "xbb_trace.h"

/*-------------------------------- Completion -------------------------------*/
/* One I/O unit of list L finished with ERROR (0 or -errno). */
static void
xbb_io_done(struct xbb_list *l, int error)
{
	if (error != 0)
		l->xli_status = BLKIF_RSP_ERROR;
	if (atomic_dec_and_test(&l->xli_pending))
		xbb_ring_complete(l);
}

static void
xbb_bio_end(struct bio *bio)
{
	struct xbb_list *l = bio->bi_private;
	int error = blk_status_to_errno(bio->bi_status);

	if (error == -EOPNOTSUPP && l->xli_shape.xls_op == XBB_OP_BARRIER) {
		l->xli_status = BLKIF_RSP_EOPNOTSUPP;
		error = 0;
	}
	bio_put(bio);
	xbb_io_done(l, error);
}

/*-------------------------------- Block device -----------------------------*/
/*
 * The bio flags for a request.  Someone in the guest waits for each of
 * its writes (blkfront answers the guest's block layer only when the
 * backend answers), so a write goes down as an O_DIRECT write does:
 * REQ_SYNC and REQ_IDLE.  A bare REQ_OP_WRITE is background writeback to the block
 * layer: writeback throttling (wbt) holds it back and mq-deadline lets it
 * take only part of the tags, which halved random writes to a store with a
 * cost per request in the bench.  xen-blkback submits the same flags.
 * Flushes are synchronous through REQ_PREFLUSH already (op_is_sync()).
 */
static blk_opf_t
xbb_opf(enum xbb_op op)
{
	switch (op) {
	case XBB_OP_READ:
		return REQ_OP_READ;
	case XBB_OP_FLUSH:
		return REQ_OP_WRITE | REQ_PREFLUSH;
	case XBB_OP_BARRIER:
		return REQ_OP_WRITE | REQ_PREFLUSH | REQ_FUA;
	case XBB_OP_WRITE:
	default:
		return REQ_OP_WRITE | REQ_SYNC | REQ_IDLE;
	}
}

static struct bio *
xbb_bio_new(struct xbb_queue *q, struct xbb_list *l, unsigned int nvecs,
    sector_t sector)
{
	struct xbb_softc *sc = q->xq_sc;
	struct bio *bio;

	bio = bio_alloc(sc->xbb_bdev, nvecs, xbb_opf(l->xli_shape.xls_op),
	    GFP_NOIO);
	bio->bi_iter.bi_sector = sector;
	bio->bi_private = l;
	bio->bi_end_io = xbb_bio_end;
	atomic_inc(&l->xli_pending);
	return bio;
}

/*
 * One bio chain for members FROM to TO (inclusive) of list L: they are
 * contiguous on the device and their segments are consecutive pages of
 * the list's run.  A new bio starts only when one is full.
 */
static int
xbb_io_bdev_unit(struct xbb_queue *q, struct xbb_list *l, struct xbb_xfer *from,
    struct xbb_xfer *to)
{
	struct page **run = &q->xq_pool_data[l->xli_kva.xkw_first];
	unsigned int left = to->xx_seg + to->xx_req.xr_nsegs - from->xx_seg;
	sector_t sector = from->xx_req.xr_sector;
	struct xbb_xfer *xx = from;
	const struct xbb_seg *seg;
	struct bio *bio = NULL;
	unsigned int i, len, off;

	list_for_each_entry_from(xx, &l->xli_members, xx_member) {
		for (i = 0; i < xx->xx_req.xr_nsegs; i++, left--) {
			seg = &xx->xx_req.xr_segs[i];
			off = seg->xs_first << XBB_SECTOR_SHIFT;
			len = (seg->xs_last - seg->xs_first + 1)
			    << XBB_SECTOR_SHIFT;
			while (bio == NULL ||
			    bio_add_page(bio, run[xx->xx_seg + i], len, off) !=
				len) {
				if (bio != NULL)
					submit_bio(bio);
				bio = xbb_bio_new(q, l,
				    min_t(unsigned int, left, BIO_MAX_VECS),
				    sector);
			}
			sector += len >> XBB_SECTOR_SHIFT;
		}
		if (xx == to)
			break;
	}
	submit_bio(bio);
	return 0;
}

/*---------------------------------- Files ----------------------------------*/
/*
 * The address of the page that holds the data of pool slot SLOT of a list:
 * a persistent mapping's page, or the slot's place in the pool's range.
 */
static void *
xbb_io_slot_va(const struct xbb_queue *q, unsigned int slot)
{
	if (q->xq_pool_pgnt[slot] != NULL)
		return page_address(q->xq_pool_pgnt[slot]->xpg_page);
	return (char *)q->xq_pool_va + (size_t)slot * PAGE_SIZE;
}

/*
 * One read or write call for members FROM to TO (inclusive) of list L,
 * over the pool's virtual range when there is one (segments held by
 * persistent mappings at their own pages' addresses), else over the pages.
 */
static int
xbb_io_file_unit(struct xbb_queue *q, struct xbb_list *l, struct xbb_xfer *from,
    struct xbb_xfer *to)
{
	struct xbb_softc *sc = q->xq_sc;
	unsigned int first = l->xli_kva.xkw_first;
	unsigned int nvecs = to->xx_seg + to->xx_req.xr_nsegs - from->xx_seg;
	loff_t pos = (loff_t)from->xx_req.xr_sector << XBB_SECTOR_SHIFT;
	int dir = l->xli_shape.xls_op == XBB_OP_READ ? READ : WRITE;
	struct xbb_xfer *xx = from;
	struct bio_vec *bv = NULL;
	struct kvec *kv = NULL;
	void **vas = NULL;
	struct iov_iter it;
	unsigned int i, n = 0;
	size_t total = 0;
	ssize_t done;
	int error = 0;

	if (q->xq_pool_va != NULL) {
		kv = kmalloc_array(nvecs, sizeof(*kv), GFP_NOIO);
		vas = kmalloc_array(nvecs, sizeof(*vas), GFP_NOIO);
		if (kv == NULL || vas == NULL) {
			error = -ENOMEM;
			goto out;
		}
	} else {
		bv = kmalloc_array(nvecs, sizeof(*bv), GFP_NOIO);
		if (bv == NULL)
			return -ENOMEM;
	}
	list_for_each_entry_from(xx, &l->xli_members, xx_member) {
		if (kv != NULL) {
			for (i = 0; i < xx->xx_req.xr_nsegs; i++)
				vas[i] =
				    xbb_io_slot_va(q, first + xx->xx_seg + i);
			n = xbb_req2kvec(&xx->xx_req, vas, kv, n);
		} else {
			n += xbb_req2bvec(&xx->xx_req,
			    &q->xq_pool_data[first + xx->xx_seg], bv + n);
		}
		if (xx == to)
			break;
	}
	for (i = 0; i < n; i++)
		total += kv != NULL ? kv[i].iov_len : bv[i].bv_len;
	if (kv != NULL)
		iov_iter_kvec(&it, dir, kv, n, total);
	else
		iov_iter_bvec(&it, dir, bv, n, total);
	if (dir == READ) {
		done = vfs_iter_read(sc->xbb_file, &it, &pos, 0);
	} else {
		/*
		 * As loop.c does: vfs_iter_write() leaves freeze protection
		 * to its caller.  A write to a frozen file system (fsfreeze,
		 * a snapshot for a backup) waits here until it is thawed.
		 */
		file_start_write(sc->xbb_file);
		done = vfs_iter_write(sc->xbb_file, &it, &pos, 0);
		file_end_write(sc->xbb_file);
	}
	if (done < 0)
		error = done;
	else if ((size_t)done != total)
		error = -EIO;
out:
	kfree(vas);
	kfree(kv);
	kfree(bv);
	return error;
}

/*
 * Issue list L of queue Q as the runs of consecutive members that mapped
 * (usually one run: the whole list), each with UNIT(q, l, from, to), FROM
 * and TO its first and last member.  Returns the last error a unit
 * returned, or 0.
 */
static int
xbb_io_units(struct xbb_queue *q, struct xbb_list *l,
    int (*unit)(struct xbb_queue *, struct xbb_list *, struct xbb_xfer *,
	struct xbb_xfer *))
{
	struct xbb_xfer *xx, *from = NULL, *last;
	int error = 0, e;

	last = list_last_entry(&l->xli_members, struct xbb_xfer, xx_member);
	list_for_each_entry(xx, &l->xli_members, xx_member) {
		if (xx->xx_status == BLKIF_RSP_OKAY && from == NULL)
			from = xx;
		if (from == NULL)
			continue;
		if (xx == last ||
		    list_next_entry(xx, xx_member)->xx_status !=
			BLKIF_RSP_OKAY) {
			e = unit(q, l, from, xx);
			if (e != 0)
				error = e;
			from = NULL;
		}
	}
	return error;
}

/* The I/O of a list that sleeps: file I/O, flushes of files, discards. */
static void
xbb_io_blocking(struct xbb_queue *q, struct xbb_list *l)
{
	struct xbb_softc *sc = q->xq_sc;
	struct xbb_xfer *head;
	const struct xbb_req *req;
	int error = 0;

	if (l->xli_shape.xls_op == XBB_OP_DISCARD) {
		/* A discard is never coalesced: it is the only member. */
		head = list_first_entry(&l->xli_members, struct xbb_xfer,
		    xx_member);
		req = &head->xx_req;
		if (sc->xbb_kind == XBB_STORE_BDEV && req->xr_secure)
			error = blkdev_issue_secure_erase(sc->xbb_bdev,
			    req->xr_sector, req->xr_nr_sectors, GFP_NOIO);
		else if (sc->xbb_kind == XBB_STORE_BDEV)
			error = blkdev_issue_discard(sc->xbb_bdev,
			    req->xr_sector, req->xr_nr_sectors, GFP_NOIO);
		else
			error = vfs_fallocate(sc->xbb_file,
			    FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
			    (loff_t)req->xr_sector << XBB_SECTOR_SHIFT,
			    req->xr_nr_sectors << XBB_SECTOR_SHIFT);
		xbb_io_done(l, error);
		return;
	}
	/* Each run of members that mapped is one call. */
	if (l->xli_shape.xls_nsegs > 0)
		error = xbb_io_units(q, l, xbb_io_file_unit);
	/* Files: a barrier or flush writes its data, then syncs. */
	if (error == 0 &&
	    (l->xli_shape.xls_op == XBB_OP_FLUSH ||
		l->xli_shape.xls_op == XBB_OP_BARRIER))
		error = vfs_fsync(sc->xbb_file, 0);
	xbb_io_done(l, error);
}

/**
 * xbb_io_blocking_work() - issue a queue's lists whose I/O sleeps, in order.
 * @work: xq_blocking_work of the queue.
 *
 * One work item per queue issues them one after the other, as the loop
 * driver does for a file: lists gathered by the worker go on @xq_blocking
 * and wait there while one is in progress.  Writes to one file serialize
 * on its inode lock anyway; a work item per list only added wake-ups and
 * contention for that lock.  Queues still run in parallel.
 */
void
xbb_io_blocking_work(struct work_struct *work)
{
	struct xbb_queue *q =
	    container_of(work, struct xbb_queue, xq_blocking_work);
	struct xbb_list *l;

	for (;;) {
		spin_lock(&q->xq_blocking_lock);
		l = list_first_entry_or_null(&q->xq_blocking, struct xbb_list,
		    xli_blocking);
		if (l != NULL)
			list_del(&l->xli_blocking);
		spin_unlock(&q->xq_blocking_lock);
		if (l == NULL)
			return;
		xbb_io_blocking(q, l);
		cond_resched();
	}
}

/*-------------------------------- Dispatch ---------------------------------*/
/**
 * xbb_io_prepare() - vet a converted request before it joins a list.
 * @q: the queue.
 * @xx: the slot holding the request.
 *
 * An indirect request's segments are fetched from its descriptor pages
 * here, so that coalescing sees every request's real size.
 *
 * Return: XBB_E_NONE, or why the request must be refused.
 */
enum xbb_err
xbb_io_prepare(struct xbb_queue *q, struct xbb_xfer *xx)
{
	struct xbb_softc *sc = q->xq_sc;
	struct xbb_req *req = &xx->xx_req;
	enum xbb_err err = XBB_E_NONE;

	xx->xx_status = BLKIF_RSP_OKAY;
	xx->xx_err = XBB_E_NONE;
	if (req->xr_indirect) {
		err = xbb_req_vet_indirect(req, &sc->xbb_lim);
		if (err == XBB_E_NONE && xbb_map_indirect(q, xx) != 0)
			err = XBB_E_MAP;
	}
	if (err == XBB_E_NONE)
		err = xbb_req_vet(req, &sc->xbb_lim);
	return err;
}

/**
 * xbb_io_list_init() - make a slot's request the first member of its list.
 * @xx: the slot; its request is converted.
 */
void
xbb_io_list_init(struct xbb_xfer *xx)
{
	struct xbb_list *l = &xx->xx_list;

	l->xli_q = xx->xx_q;
	xbb_list_start(&l->xli_shape, &xx->xx_req);
	INIT_LIST_HEAD(&l->xli_members);
	list_add_tail(&xx->xx_member, &l->xli_members);
	xx->xx_seg = 0;
	l->xli_has_run = false;
	l->xli_at_store = false;
	l->xli_status = BLKIF_RSP_OKAY;
	atomic_set(&l->xli_pending, 1);
}

/**
 * xbb_io_fail() - answer a refused request, alone.
 * @q: the queue.
 * @xx: the slot.
 * @err: why it was refused.
 */
void
xbb_io_fail(struct xbb_queue *q, struct xbb_xfer *xx, enum xbb_err err)
{
	struct xbb_softc *sc = q->xq_sc;
	const struct xbb_req *req = &xx->xx_req;

	trace_xbb_reject(sc->xbb_dev->otherend_id, sc->xbb_devid, req->xr_id,
	    xbb_err_name(err));
	dev_warn_ratelimited(&sc->xbb_dev->dev,
	    "domain %d: request %llu (%s, %u segments, sector %llu, %llu sectors) refused: %s\n",
	    sc->xbb_dev->otherend_id, req->xr_id, xbb_op_name(req->xr_op),
	    req->xr_nsegs, req->xr_sector,
	    req->xr_op == XBB_OP_DISCARD ? req->xr_nr_sectors :
					   xbb_req_sectors(req),
	    xbb_err_name(err));
	xbb_io_list_init(xx);
	xx->xx_status = xbb_err2status(err);
	xx->xx_err = err;
	xbb_io_done(&xx->xx_list, 0);
}

/* Start list L, which holds its run (or needs none): map, then I/O. */
static void
xbb_io_start(struct xbb_queue *q, struct xbb_list *l)
{
	struct xbb_softc *sc = q->xq_sc;
	struct xbb_xfer *xx;

	if (l->xli_shape.xls_nsegs > 0) {
		xbb_map_list(q, l);
		xbb_ctr_add(&sc->xbb_stats, XBB_C_LISTS, 1);
		xbb_ctr_add(&sc->xbb_stats, XBB_C_LIST_REQS,
		    l->xli_shape.xls_nreqs);
		if (l->xli_shape.xls_nreqs > sc->xbb_stats.xst_list_max)
			WRITE_ONCE(sc->xbb_stats.xst_list_max,
			    l->xli_shape.xls_nreqs);
	}
	/* Before the I/O: its completion may come before this returns. */
	l->xli_at_store = true;
	atomic_inc(&q->xq_at_store);
	list_for_each_entry(xx, &l->xli_members, xx_member)
		trace_xbb_dispatch(sc->xbb_dev->otherend_id, sc->xbb_devid,
		    xx->xx_req.xr_id, xx->xx_req.xr_op, xx->xx_req.xr_nsegs,
		    xx->xx_req.xr_sector);
	if (sc->xbb_kind != XBB_STORE_BDEV ||
	    l->xli_shape.xls_op == XBB_OP_DISCARD) {
		atomic_inc(&l->xli_pending);
		spin_lock(&q->xq_blocking_lock);
		list_add_tail(&l->xli_blocking, &q->xq_blocking);
		spin_unlock(&q->xq_blocking_lock);
		queue_work(xbb_wq, &q->xq_blocking_work);
		xbb_io_done(l, 0);
		return;
	}
	if (l->xli_shape.xls_nsegs == 0) {
		/* A pure flush or barrier: an empty REQ_PREFLUSH write. */
		submit_bio(xbb_bio_new(q, l, 0, 0));
		xbb_io_done(l, 0);
		return;
	}
	/* Each run of members that mapped is one bio chain. */
	xbb_io_units(q, l, xbb_io_bdev_unit);
	xbb_io_done(l, 0);
}

/**
 * xbb_io_submit() - issue a gathered request list.
 * @q: the queue.
 * @l: the list; its members are vetted.
 *
 * Called from the worker.  A list with data claims a run of pool pages
 * first; if the pool has none now, the list waits, @q->xq_kva_wait is
 * set (the worker fetches nothing more), and the list starts when
 * xbb_io_release() frees room.  Whatever happens, the list completes
 * through xbb_ring_complete() exactly once.
 */
void
xbb_io_submit(struct xbb_queue *q, struct xbb_list *l)
{
	int error;

	if (l->xli_shape.xls_nsegs == 0) {
		xbb_io_start(q, l);
		return;
	}
	l->xli_kva.xkw_npages = l->xli_shape.xls_nsegs;
	error = xbb_kva_alloc(&q->xq_kva, &l->xli_kva);
	if (error == -EAGAIN) {
		q->xq_kva_wait = true;
		return;
	}
	if (error != 0) {
		/* Cannot happen: the pool holds the largest list. */
		WARN_ON_ONCE(1);
		xbb_io_done(l, error);
		return;
	}
	l->xli_has_run = true;
	xbb_io_start(q, l);
}

/*--------------------------------- Release ---------------------------------*/
/**
 * xbb_io_release() - take an answered list's resources back.
 * @q: the queue; called by its worker.
 * @l: the list; xbb_unmap_run() has unmapped its run.
 *
 * Its persistent mappings lose a use and its run returns to the pool.
 * Lists that were waiting for pool pages and fit now are started, in
 * arrival order; when none waits any more, fetching resumes.
 */
void
xbb_io_release(struct xbb_queue *q, struct xbb_list *l)
{
	struct xbb_kva_waiter *w, *tmp;
	struct xbb_list *next;
	unsigned int first = l->xli_kva.xkw_first;
	LIST_HEAD(granted);

	if (!l->xli_has_run)
		return;
	xbb_map_pgnt_release(q, first, l->xli_shape.xls_nsegs);
	l->xli_has_run = false;
	xbb_kva_free(&q->xq_kva, first, l->xli_shape.xls_nsegs, &granted);
	list_for_each_entry_safe(w, tmp, &granted, xkw_link) {
		list_del_init(&w->xkw_link);
		next = container_of(w, struct xbb_list, xli_kva);
		next->xli_has_run = true;
		xbb_io_start(q, next);
	}
	if (list_empty(&q->xq_kva.xk_wait))
		q->xq_kva_wait = false;
}

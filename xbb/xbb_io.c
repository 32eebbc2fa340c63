// SPDX-License-Identifier: GPL-2.0-only
/*
 * xbb_io.c: moving the data of request lists: the pool of pages the KVA
 * range manager hands out, grant mapping, I/O to the backing store,
 * completion, unmapping.
 *
 * A request list (xbb_list.c, gathered by xbb_ring.c) claims a run of
 * consecutive pool pages from the KVA range manager (xbb_kva.c), one page
 * per segment of all its members; the frontend's grants are mapped onto
 * that run in one gnttab_map_refs() batch, built by xbb_req2gnttab(), and
 * unmapped where the list completes, before it is answered.  When the pool
 * has no run for a list, the list waits and the worker fetches nothing
 * more; it starts, in arrival order, when a completing list frees the
 * pages.
 *
 * The run is the list's buffer.  A block device gets one bio chain over
 * its pages (a new bio only when one is full).  A file store also has a
 * contiguous kernel virtual range over the whole pool, made at connect
 * time, and gets one read_iter or write_iter call over the list's part of
 * it: a single buffer when the list is whole pages.  In a PV Dom0 the
 * grants are mapped straight into that range's page table entries
 * (GNTMAP_contains_pte, as xenbus maps rings), since a second alias of a
 * grant-mapped page cannot be made there; in an auto-translated Dom0 they
 * are mapped onto the pool's pages and read through the range, which maps
 * the same frames.  File I/O and discards sleep: the queue's xq_sio_work
 * issues them, one list after the other, as loop does.  A grant that fails
 * to map fails its own request only: the list's other members are issued
 * as the contiguous runs that are left.  A completed list is answered where
 * it completes (xbb_ring.c); the worker then takes its run and persistent
 * grants back.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bio.h>
#include <linux/blkdev.h>
#include <linux/falloc.h>
#include <linux/fs.h>
#include <linux/uio.h>
#include <linux/vmalloc.h>
#include <xen/features.h>
#include <xen/grant_table.h>
#include <xen/page.h>
#include <asm/xen/hypercall.h>
#include <asm/xen/page.h>

#include "xbb.h"
#include "xbb_trace.h"

/*------------------------------ Grant mapping ------------------------------*/
/* The address gnttab_map_refs() wants for PAGE (see gnttab_set_map_op()). */
static unsigned long
xbb_map_addr(struct page *page)
{
	unsigned long va = (unsigned long)pfn_to_kaddr(page_to_pfn(page));

	if (xen_feature(XENFEAT_auto_translated_physmap))
		return __pa(va);
	return va;
}

/*
 * The handles of a map batch of N OPS: HANDLES[i] is the mapping's
 * handle, or ~0 where the grant did not map.  Each operation's status
 * decides, even when the batch as a whole failed (ERROR): the statuses
 * are preset to failure (xbb_req2gnttab()), so an operation the
 * hypervisor did not reach looks failed, and one it mapped is kept to be
 * unmapped.  Returns ERROR, or -EFAULT if any grant did not map.
 */
static int
xbb_map_handles(const struct gnttab_map_grant_ref *ops, unsigned int n,
    grant_handle_t *handles, int error)
{
	unsigned int i;
	int ret = error;

	for (i = 0; i < n; i++) {
		if (ops[i].status == GNTST_okay) {
			handles[i] = ops[i].handle;
		} else {
			handles[i] = ~0U;
			ret = -EFAULT;
		}
	}
	return ret;
}

/*
 * Map N grants onto PAGES in one batch, using OPS and ADDRS (N entries
 * each).  HANDLES[i] is the mapping's handle, or ~0 where the grant did
 * not map.  Returns 0 when every grant mapped, -EFAULT otherwise; what
 * did map stays mapped either way.
 */
static int
xbb_map(struct xbb_queue *q, const grant_ref_t *grefs, unsigned int n,
    bool readonly, struct page **pages, grant_handle_t *handles,
    struct gnttab_map_grant_ref *ops, u64 *addrs)
{
	struct xbb_softc *sc = q->xq_sc;
	unsigned int i;
	int error = 0;

	for (i = 0; i < n; i++)
		addrs[i] = xbb_map_addr(pages[i]);
	xbb_req2gnttab(grefs, n, addrs, sc->xbb_dev->otherend_id,
	    readonly ? GNTMAP_readonly : 0, ops);
	if (gnttab_map_refs(ops, NULL, pages, n) != 0)
		error = -EFAULT;
	return xbb_map_handles(ops, n, handles, error);
}

/* Unmap, in one batch of OPS, those of N pages that are mapped. */
static void
xbb_unmap(struct page **pages, grant_handle_t *handles, unsigned int n,
    struct gnttab_unmap_grant_ref *ops, struct page **upages)
{
	unsigned int i, k = 0;

	for (i = 0; i < n; i++) {
		if (handles[i] == ~0U)
			continue;
		gnttab_set_unmap_op(&ops[k],
		    (unsigned long)pfn_to_kaddr(page_to_pfn(pages[i])),
		    GNTMAP_host_map, handles[i]);
		upages[k++] = pages[i];
		handles[i] = ~0U;
	}
	if (k > 0)
		WARN_ON(gnttab_unmap_refs(ops, NULL, upages, k) != 0);
}

/*
 * PV file stores: map N grants into the page table entries at machine
 * addresses PTES (the pool's virtual range), in one batch of OPS.
 * HANDLES as for xbb_map().  No struct page is involved, so the p2m is
 * left alone.
 */
static int
xbb_map_ptes(struct xbb_queue *q, const grant_ref_t *grefs, unsigned int n,
    bool readonly, const u64 *ptes, grant_handle_t *handles,
    struct gnttab_map_grant_ref *ops)
{
	struct xbb_softc *sc = q->xq_sc;
	int error = 0;

	xbb_req2gnttab(grefs, n, ptes, sc->xbb_dev->otherend_id,
	    GNTMAP_contains_pte | (readonly ? GNTMAP_readonly : 0), ops);
	if (HYPERVISOR_grant_table_op(GNTTABOP_map_grant_ref, ops, n) != 0)
		error = -EFAULT;
	return xbb_map_handles(ops, n, handles, error);
}

/* Undo xbb_map_ptes() for those of N entries that are mapped. */
static void
xbb_unmap_ptes(const u64 *ptes, grant_handle_t *handles, unsigned int n,
    struct gnttab_unmap_grant_ref *ops)
{
	unsigned int i, k = 0;

	for (i = 0; i < n; i++) {
		if (handles[i] == ~0U)
			continue;
		gnttab_set_unmap_op(&ops[k++], ptes[i],
		    GNTMAP_host_map | GNTMAP_contains_pte, handles[i]);
		handles[i] = ~0U;
	}
	if (k == 0)
		return;
	if (WARN_ON(HYPERVISOR_grant_table_op(GNTTABOP_unmap_grant_ref, ops,
			k) != 0))
		return;
	for (i = 0; i < k; i++)
		WARN_ON_ONCE(ops[i].status != GNTST_okay);
}

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

	if (error == -EOPNOTSUPP && l->xli_shape.xc_op == XBB_OP_BARRIER) {
		l->xli_status = BLKIF_RSP_EOPNOTSUPP;
		error = 0;
	}
	bio_put(bio);
	xbb_io_done(l, error);
}

/*-------------------------------- Block device -----------------------------*/
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
		return REQ_OP_WRITE;
	}
}

static struct bio *
xbb_bio_new(struct xbb_queue *q, struct xbb_list *l, unsigned int nvecs,
    sector_t sector)
{
	struct xbb_softc *sc = q->xq_sc;
	struct bio *bio;

	bio = bio_alloc(sc->xbb_bdev, nvecs, xbb_opf(l->xli_shape.xc_op),
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
	int dir = l->xli_shape.xc_op == XBB_OP_READ ? READ : WRITE;
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
 * Issue list L as the runs of consecutive members that mapped (usually
 * one run: the whole list), each with UNIT(sc, l, first, last).
 * Returns the last error a unit returned, or 0.
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
xbb_io_sio(struct xbb_queue *q, struct xbb_list *l)
{
	struct xbb_softc *sc = q->xq_sc;
	struct xbb_xfer *head;
	const struct xbb_req *req;
	int error = 0;

	if (l->xli_shape.xc_op == XBB_OP_DISCARD) {
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
	if (l->xli_shape.xc_nsegs > 0)
		error = xbb_io_units(q, l, xbb_io_file_unit);
	/* Files: a barrier or flush writes its data, then syncs. */
	if (error == 0 &&
	    (l->xli_shape.xc_op == XBB_OP_FLUSH ||
		l->xli_shape.xc_op == XBB_OP_BARRIER))
		error = vfs_fsync(sc->xbb_file, 0);
	xbb_io_done(l, error);
}

/**
 * xbb_io_sio_work() - issue a queue's lists whose I/O sleeps, in order.
 * @work: xq_sio_work of the queue.
 *
 * One work item per queue issues them one after the other, as the loop
 * driver does for a file: lists gathered by the worker go on @xq_sio
 * and wait there while one is in progress.  Writes to one file serialize
 * on its inode lock anyway; a work item per list only added wake-ups and
 * contention for that lock.  Queues still run in parallel.
 */
void
xbb_io_sio_work(struct work_struct *work)
{
	struct xbb_queue *q = container_of(work, struct xbb_queue, xq_sio_work);
	struct xbb_list *l;

	for (;;) {
		spin_lock(&q->xq_sio_lock);
		l = list_first_entry_or_null(&q->xq_sio, struct xbb_list,
		    xli_sio);
		if (l != NULL)
			list_del(&l->xli_sio);
		spin_unlock(&q->xq_sio_lock);
		if (l == NULL)
			return;
		xbb_io_sio(q, l);
		cond_resched();
	}
}

/*--------------------------------- Dispatch --------------------------------*/
/*
 * A new persistent mapping of indirect descriptor page GREF, in use once:
 * writable when the frontend allows it, since blkfront takes descriptor
 * pages' grants from the pool that its data grants come from, and the
 * same grant may carry a read's data next.  NULL when no page or memory
 * is left or the grant does not map: the caller maps it transiently.
 */
static struct xbb_pgnt *
xbb_pgnt_map_indirect(struct xbb_queue *q, grant_ref_t gref)
{
	struct gnttab_map_grant_ref op;
	struct gnttab_unmap_grant_ref uop;
	struct page *upage;
	grant_handle_t handle;
	struct xbb_pgnt *e;
	u64 addr;

	e = kzalloc(sizeof(*e), GFP_NOIO);
	if (e == NULL)
		return NULL;
	if (gnttab_page_cache_get(&q->xq_pages, &e->xpg_page) != 0)
		goto fail_page;
	e->xpg_gref = gref;
	e->xpg_ro = false;
	if (xbb_map(q, &gref, 1, false, &e->xpg_page, &handle, &op, &addr) !=
	    0) {
		e->xpg_ro = true;
		if (xbb_map(q, &gref, 1, true, &e->xpg_page, &handle, &op,
			&addr) != 0)
			goto fail_map;
	}
	e->xpg_handle = handle;
	if (xbb_pgnt_add(&q->xq_pgnt, e, GFP_NOIO) != 0)
		goto fail_add;
	return e;

fail_add:
	xbb_unmap(&e->xpg_page, &handle, 1, &uop, &upage);
fail_map:
	gnttab_page_cache_put(&q->xq_pages, &e->xpg_page, 1);
fail_page:
	kfree(e);
	return NULL;
}

/*
 * Copy an indirect request's segments once from its descriptor pages.
 * With persistent grants the pages are planned as a disk write's
 * segments are (xbb_pgnt_plan(): the pages are only read, so any mapping
 * serves): a hit is read where it is mapped, which spares a map and an
 * unmap per request, and a new grant is kept while the table has room.
 * The others are mapped read-only for the copy and unmapped.
 */
static int
xbb_load_indirect(struct xbb_queue *q, struct xbb_xfer *xx)
{
	struct xbb_req *req = &xx->xx_req;
	struct xbb_pgnt_table *t = &q->xq_pgnt;
	struct xbb_pgnt *ents[XBB_MAX_INDIRECT_PAGES];
	enum xbb_pgnt_use use[XBB_MAX_INDIRECT_PAGES];
	struct page *pages[XBB_MAX_INDIRECT_PAGES];
	struct page *upages[XBB_MAX_INDIRECT_PAGES];
	grant_handle_t handles[XBB_MAX_INDIRECT_PAGES];
	grant_ref_t grefs[XBB_MAX_INDIRECT_PAGES];
	struct gnttab_map_grant_ref ops[XBB_MAX_INDIRECT_PAGES];
	struct gnttab_unmap_grant_ref uops[XBB_MAX_INDIRECT_PAGES];
	u64 addrs[XBB_MAX_INDIRECT_PAGES];
	const void *va[XBB_MAX_INDIRECT_PAGES];
	unsigned int i, k = 0, n = req->xr_nindirect;
	int error = 0;

	if (n > XBB_MAX_INDIRECT_PAGES)
		return -EINVAL;
	if (xbb_pgnt_plan(t, req->xr_indirect_grefs, n, XBB_OP_WRITE, use,
		ents))
		q->xq_purge_wanted = true;
	for (i = 0; i < n; i++) {
		if (use[i] == XBB_PG_NEW)
			ents[i] = xbb_pgnt_map_indirect(q,
			    req->xr_indirect_grefs[i]);
		if (ents[i] != NULL) {
			va[i] = page_address(ents[i]->xpg_page);
			continue;
		}
		if (gnttab_page_cache_get(&q->xq_pages, &pages[k]) != 0) {
			error = -ENOMEM;
			goto out;
		}
		grefs[k++] = req->xr_indirect_grefs[i];
	}
	if (k > 0 && xbb_map(q, grefs, k, true, pages, handles, ops, addrs) !=
	    0) {
		error = -EFAULT;
		goto out;
	}
	for (i = 0, k = 0; i < n; i++)
		if (ents[i] == NULL)
			va[i] = page_address(pages[k++]);
	error = xbb_indirect2segs(va, req->xr_nsegs, req->xr_segs);
out:
	/* What did map (all of it, on success) is unmapped. */
	if (error != -ENOMEM && k > 0)
		xbb_unmap(pages, handles, k, uops, upages);
	gnttab_page_cache_put(&q->xq_pages, pages, k);
	for (i = 0; i < n; i++)
		if (ents[i] != NULL)
			xbb_pgnt_put(t, ents[i]);
	return error;
}

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
		if (err == XBB_E_NONE && xbb_load_indirect(q, xx) != 0)
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

/*----------------------------- Persistent grants ---------------------------*/
/*
 * Unmap the persistent mappings on list L (on xpg_lru) and free them,
 * except those whose page a store still holds: a store that took its own
 * reference to a page of a bio (to send it on a socket, say) may keep it
 * past the bio's completion, and unmapping the grant under it would let
 * it send the next grant's data.  Those go to @xq_purge_held, for
 * xbb_io_purge_work() to retry; COUNT: count them in unmap_deferred
 * (not again on a retry).  Process context, no lock held.
 *
 * Return: how many were held.
 */
static unsigned int
xbb_pgnt_unmap_list(struct xbb_queue *q, struct list_head *l, bool count)
{
	struct gnttab_unmap_grant_ref ops[16];
	struct page *pages[16], *upages[16];
	grant_handle_t handles[16];
	struct xbb_pgnt *e, *tmp;
	unsigned int n = 0, held = 0;
	LIST_HEAD(keep);

	list_for_each_entry_safe(e, tmp, l, xpg_lru) {
		if (page_count(e->xpg_page) > 1) {
			list_move_tail(&e->xpg_lru, &keep);
			held++;
		} else {
			list_del(&e->xpg_lru);
			pages[n] = e->xpg_page;
			handles[n] = e->xpg_handle;
			n++;
			kfree(e);
		}
		if (n == ARRAY_SIZE(ops) || (n != 0 && list_empty(l))) {
			xbb_unmap(pages, handles, n, ops, upages);
			gnttab_page_cache_put(&q->xq_pages, pages, n);
			n = 0;
		}
	}
	if (held != 0) {
		if (count)
			atomic64_add(held,
			    &q->xq_sc->xbb_stats.xst_unmap_deferred);
		spin_lock(&q->xq_purge_lock);
		list_splice_tail(&keep, &q->xq_purge_held);
		spin_unlock(&q->xq_purge_lock);
	}
	return held;
}

/*
 * Unmap what is on @xq_purge and @xq_purge_held now.  Return: how many
 * entries a store still holds.
 */
static unsigned int
xbb_pgnt_unmap_purged(struct xbb_queue *q)
{
	LIST_HEAD(held);
	LIST_HEAD(l);

	spin_lock(&q->xq_purge_lock);
	list_splice_init(&q->xq_purge_held, &held);
	list_splice_init(&q->xq_purge, &l);
	spin_unlock(&q->xq_purge_lock);
	return xbb_pgnt_unmap_list(q, &held, false) +
	    xbb_pgnt_unmap_list(q, &l, true);
}

/**
 * xbb_io_purge_work() - unmap persistent grants purged from a full table.
 * @work: xq_purge_work of the queue.
 *
 * The entries were taken out of the table by the worker and are used by
 * no request: unmapping them here keeps the hypercalls off the I/O path.
 * Entries whose page a store still holds are tried again every
 * %XBB_UNMAP_RETRY (the same wait as a transient run's, xbb_ring.c).
 */
void
xbb_io_purge_work(struct work_struct *work)
{
	struct xbb_queue *q =
	    container_of(to_delayed_work(work), struct xbb_queue, xq_purge_work);

	if (xbb_pgnt_unmap_purged(q) != 0)
		queue_delayed_work(xbb_wq, &q->xq_purge_work, XBB_UNMAP_RETRY);
}

/**
 * xbb_io_purge() - make room in a full table of persistent grants.
 * @q: the queue; called by its worker.
 *
 * The least recently used tenth of the table, among entries no request
 * uses, leaves it now; the purge work unmaps them.
 */
void
xbb_io_purge(struct xbb_queue *q)
{
	struct xbb_pgnt_table *t = &q->xq_pgnt;
	LIST_HEAD(l);

	q->xq_purge_wanted = false;
	if (xbb_pgnt_purge(t, max(t->xpt_max / 10, 1U), &l) == 0)
		return;
	spin_lock(&q->xq_purge_lock);
	list_splice_tail(&l, &q->xq_purge);
	spin_unlock(&q->xq_purge_lock);
	mod_delayed_work(xbb_wq, &q->xq_purge_work, 0);
}

/**
 * xbb_io_expire() - give back what an idle guest or memory pressure asks.
 * @q: the queue; called by its worker at the end of every run.
 *
 * Spare pages beyond xbb.max_buffer_pages are freed.  Persistent grants
 * unused for xbb.persistent_grant_unused_seconds leave the table
 * (xen-blkback's idle expiry); while the shrinker's squeeze
 * lasts (xbb.buffer_squeeze_duration_ms after reclaim_memory), and after
 * it until a run has given back at least one (or there are none), every
 * unused one leaves and the spare pages are freed.  The purge work
 * unmaps them.  The expiry timer is armed for the next one to expire,
 * unless the queue is stopping: a teardown deletes the timer once no
 * worker arms it (Documentation/xbb.rst, "Lifecycle").
 */
void
xbb_io_expire(struct xbb_queue *q)
{
	struct xbb_pgnt_table *t = &q->xq_pgnt;
	struct xbb_softc *sc = q->xq_sc;
	unsigned long end = READ_ONCE(sc->xbb_squeeze_end), idle, when;
	unsigned int secs = READ_ONCE(xbb_pgnt_unused_seconds), n = 0;
	unsigned int gen = READ_ONCE(sc->xbb_squeeze_gen);
	bool squeeze;
	LIST_HEAD(l);

	/*
	 * xen-blkback's max_buffer_pages: the queue keeps at most that many
	 * spare pages after a run (a squeeze, below, keeps none).
	 */
	gnttab_page_cache_shrink(&q->xq_pages, READ_ONCE(xbb_max_buffer_pages));
	if (t->xpt_max == 0)
		return;
	/* At most about 12 days: jiffies compare within half their range. */
	idle = (unsigned long)min(secs, 1U << 20) * HZ;
	squeeze = gen != q->xq_squeeze_seen ||
	    (end != 0 && time_before(jiffies, end));
	if (squeeze) {
		n = xbb_pgnt_purge(t, UINT_MAX, &l);
		gnttab_page_cache_shrink(&q->xq_pages, 0);
		/*
		 * A squeeze that found every grant in use (a request in
		 * flight) stays pending until a run gives one back.
		 */
		if (n != 0 || t->xpt_count == 0)
			q->xq_squeeze_seen = gen;
	} else if (secs != 0) {
		n = xbb_pgnt_expire(t, idle, &l);
	}
	if (n != 0) {
		spin_lock(&q->xq_purge_lock);
		list_splice_tail(&l, &q->xq_purge);
		spin_unlock(&q->xq_purge_lock);
		mod_delayed_work(xbb_wq, &q->xq_purge_work, 0);
	}
	if (secs != 0 && !READ_ONCE(q->xq_stopping) &&
	    !timer_pending(&q->xq_expire_timer) &&
	    xbb_pgnt_next_expiry(t, idle, &when))
		mod_timer(&q->xq_expire_timer, when + 1);
}

/*
 * Give a list's persistent mappings back: those in the table lose a use;
 * one that could not be added (allocation failure) is unmapped now.
 */
static void
xbb_pgnt_release(struct xbb_queue *q, unsigned int first, unsigned int n)
{
	struct xbb_pgnt_table *t = &q->xq_pgnt;
	struct xbb_pgnt *e;
	unsigned int i;
	LIST_HEAD(l);

	for (i = first; i < first + n; i++) {
		e = q->xq_pool_pgnt[i];
		if (e == NULL)
			continue;
		q->xq_pool_pgnt[i] = NULL;
		if (xa_load(&t->xpt_map, e->xpg_gref) == e)
			xbb_pgnt_put(t, e);
		else
			list_add_tail(&e->xpg_lru, &l);
	}
	if (xbb_pgnt_unmap_list(q, &l, true) != 0)
		queue_delayed_work(xbb_wq, &q->xq_purge_work, XBB_UNMAP_RETRY);
}

/*
 * Map the new persistent grants of a list: slots SLOTS[0..K) of the list
 * whose run starts at FIRST, entries already allocated in xq_pool_pgnt.
 * Writable first; a list that only reads the pages (not a read) may have
 * been granted them read-only, and those are mapped so.  What maps joins
 * the table; what does not fails its slot.
 */
static void
xbb_pgnt_map_new(struct xbb_queue *q, unsigned int first, unsigned int k,
    bool may_ro)
{
	unsigned int *slots = q->xq_scratch.slots;
	grant_ref_t *grefs = q->xq_scratch.grefs + q->xq_scratch_len;
	struct page **pages = q->xq_scratch.pages;
	grant_handle_t *handles = q->xq_scratch.handles;
	struct xbb_pgnt *e;
	unsigned int i, j, left;
	bool ro = false;

	for (;;) {
		for (i = 0; i < k; i++) {
			e = q->xq_pool_pgnt[first + slots[i]];
			grefs[i] = e->xpg_gref;
			pages[i] = e->xpg_page;
		}
		if (xbb_map(q, grefs, k, ro, pages, handles, q->xq_scratch.map,
			q->xq_scratch.addrs) == 0)
			left = 0;
		else
			left = 1;
		for (i = 0, j = 0; i < k; i++) {
			e = q->xq_pool_pgnt[first + slots[i]];
			if (handles[i] != (grant_handle_t)~0U) {
				e->xpg_handle = handles[i];
				e->xpg_ro = ro;
				q->xq_pool_data[first + slots[i]] = e->xpg_page;
				/* Not joining: unmapped at release. */
				xbb_pgnt_add(&q->xq_pgnt, e, GFP_NOIO);
				continue;
			}
			slots[j++] = slots[i];
		}
		k = j;
		if (left == 0 || k == 0 || ro || !may_ro)
			break;
		ro = true;
	}
	/* These did not map at all: the slot fails. */
	for (i = 0; i < k; i++) {
		e = q->xq_pool_pgnt[first + slots[i]];
		q->xq_pool_pgnt[first + slots[i]] = NULL;
		gnttab_page_cache_put(&q->xq_pages, &e->xpg_page, 1);
		kfree(e);
	}
}

/*
 * Prepare slot I (of a list whose run starts at FIRST, grant GREF) for a
 * new persistent mapping.  Returns false when no page or memory is
 * left: the slot is mapped with the list instead.
 */
static bool
xbb_pgnt_alloc(struct xbb_queue *q, unsigned int first, unsigned int i,
    grant_ref_t gref)
{
	struct xbb_pgnt *e;

	e = kzalloc(sizeof(*e), GFP_NOIO);
	if (e == NULL)
		return false;
	if (gnttab_page_cache_get(&q->xq_pages, &e->xpg_page) != 0) {
		kfree(e);
		return false;
	}
	e->xpg_gref = gref;
	e->xpg_handle = ~0U;
	q->xq_pool_pgnt[first + i] = e;
	return true;
}

/*------------------------------ List mapping -------------------------------*/
/*
 * Map list L's grants.  With persistent grants, each segment is planned
 * (xbb_pgnt_plan()): a hit uses its mapping's page, a new grant is mapped
 * persistently onto a page of its own, and the rest (the feature off, the
 * table full) are mapped onto the list's run in one batch, as are all of
 * them without the feature.  A member whose grants do not all map fails
 * on its own; the others go ahead.
 */
static void
xbb_io_map_list(struct xbb_queue *q, struct xbb_list *l)
{
	struct xbb_softc *sc = q->xq_sc;
	unsigned int first = l->xli_kva.xkw_first, n = l->xli_shape.xc_nsegs;
	grant_handle_t *handles = &q->xq_pool_handles[first];
	enum xbb_pgnt_use *use = q->xq_scratch.use;
	grant_ref_t *grefs = q->xq_scratch.grefs;
	grant_ref_t *cgrefs = grefs + q->xq_scratch_len;
	unsigned int *slots = q->xq_scratch.slots;
	bool ro = l->xli_shape.xc_op != XBB_OP_READ;
	unsigned int i, k, nnew = 0;
	struct xbb_xfer *xx;
	bool denied;

	list_for_each_entry(xx, &l->xli_members, xx_member)
		xbb_req_grefs(&xx->xx_req, grefs + xx->xx_seg);
	if (xbb_pgnt_plan(&q->xq_pgnt, grefs, n, l->xli_shape.xc_op, use,
		&q->xq_pool_pgnt[first]))
		q->xq_purge_wanted = true;
	for (i = 0; i < n; i++) {
		handles[i] = ~0U;
		if (use[i] == XBB_PG_HIT)
			q->xq_pool_data[first + i] =
			    q->xq_pool_pgnt[first + i]->xpg_page;
		if (use[i] == XBB_PG_NEW) {
			if (xbb_pgnt_alloc(q, first, i, grefs[i]))
				slots[nnew++] = i;
			else
				use[i] = XBB_PG_TRANSIENT;
		}
	}

	/* The transient ones, onto the run, in one batch. */
	for (i = 0, k = 0; i < n; i++) {
		if (use[i] != XBB_PG_TRANSIENT)
			continue;
		cgrefs[k] = grefs[i];
		if (q->xq_pool_ptes != NULL)
			q->xq_scratch.addrs[k] = q->xq_pool_ptes[first + i];
		else
			q->xq_scratch.pages[k] = q->xq_pool[first + i];
		q->xq_pool_data[first + i] = q->xq_pool[first + i];
		slots[nnew + k++] = i;
	}
	/* Failures show in the handles; members are failed below. */
	if (k > 0 && q->xq_pool_ptes != NULL)
		xbb_map_ptes(q, cgrefs, k, ro, q->xq_scratch.addrs,
		    q->xq_scratch.handles, q->xq_scratch.map);
	else if (k > 0)
		xbb_map(q, cgrefs, k, ro, q->xq_scratch.pages,
		    q->xq_scratch.handles, q->xq_scratch.map,
		    q->xq_scratch.addrs);
	for (i = 0; i < k; i++)
		handles[slots[nnew + i]] = q->xq_scratch.handles[i];

	/* The new persistent ones, onto pages of their own. */
	if (nnew > 0)
		xbb_pgnt_map_new(q, first, nnew, ro);

	/* A slot with neither a mapping nor a persistent entry failed. */
	list_for_each_entry(xx, &l->xli_members, xx_member) {
		denied = false;
		for (i = xx->xx_seg; i < xx->xx_seg + xx->xx_req.xr_nsegs;
		     i++) {
			if (handles[i] != (grant_handle_t)~0U ||
			    q->xq_pool_pgnt[first + i] != NULL)
				continue;
			if (use[i] == XBB_PG_DENIED)
				denied = true;
			xx->xx_status = xbb_err2status(XBB_E_MAP);
			xx->xx_err = XBB_E_MAP;
		}
		if (denied)
			dev_warn_ratelimited(&sc->xbb_dev->dev,
			    "domain %d: request %llu (read, sector %llu): a grant it reuses is mapped read-only, a read must fill it\n",
			    sc->xbb_dev->otherend_id, xx->xx_req.xr_id,
			    xx->xx_req.xr_sector);
		else if (xx->xx_err == XBB_E_MAP)
			dev_warn_ratelimited(&sc->xbb_dev->dev,
			    "domain %d: request %llu (%s, sector %llu): a grant did not map\n",
			    sc->xbb_dev->otherend_id, xx->xx_req.xr_id,
			    xbb_op_name(xx->xx_req.xr_op),
			    xx->xx_req.xr_sector);
	}
}

/* Start list L, which holds its run (or needs none): map, then I/O. */
static void
xbb_io_start(struct xbb_queue *q, struct xbb_list *l)
{
	struct xbb_softc *sc = q->xq_sc;
	struct xbb_xfer *xx;

	if (l->xli_shape.xc_nsegs > 0) {
		xbb_io_map_list(q, l);
		atomic64_inc(&sc->xbb_stats.xst_lists);
		atomic64_add(l->xli_shape.xc_nreqs,
		    &sc->xbb_stats.xst_list_reqs);
		if (l->xli_shape.xc_nreqs > sc->xbb_stats.xst_list_max)
			WRITE_ONCE(sc->xbb_stats.xst_list_max,
			    l->xli_shape.xc_nreqs);
	}
	list_for_each_entry(xx, &l->xli_members, xx_member)
		trace_xbb_dispatch(sc->xbb_dev->otherend_id, sc->xbb_devid,
		    xx->xx_req.xr_id, xx->xx_req.xr_op, xx->xx_req.xr_nsegs,
		    xx->xx_req.xr_sector);
	if (sc->xbb_kind != XBB_STORE_BDEV ||
	    l->xli_shape.xc_op == XBB_OP_DISCARD) {
		atomic_inc(&l->xli_pending);
		spin_lock(&q->xq_sio_lock);
		list_add_tail(&l->xli_sio, &q->xq_sio);
		spin_unlock(&q->xq_sio_lock);
		queue_work(xbb_wq, &q->xq_sio_work);
		xbb_io_done(l, 0);
		return;
	}
	if (l->xli_shape.xc_nsegs == 0) {
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

	if (l->xli_shape.xc_nsegs == 0) {
		xbb_io_start(q, l);
		return;
	}
	l->xli_kva.xkw_npages = l->xli_shape.xc_nsegs;
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

/* Grants unmapped per hypercall where a list completes: on the stack. */
enum { XBB_UNMAP_BATCH = 16 };

/**
 * xbb_io_unmap_run() - unmap the grants a list mapped onto its run.
 * @q: the queue.
 * @l: the list; its I/O is over.
 *
 * Called where the list completes, in any context (a bio completes in
 * interrupt context): the batches live on the stack, %XBB_UNMAP_BATCH
 * grants at a time, and nothing sleeps.  blkif.h lets the frontend end
 * its grants as soon as a request is answered, so this comes before the
 * responses.  Persistent mappings stay mapped; xbb_io_release() gives
 * them back, with the run.
 */
void
xbb_io_unmap_run(struct xbb_queue *q, struct xbb_list *l)
{
	struct gnttab_unmap_grant_ref ops[XBB_UNMAP_BATCH];
	struct page *upages[XBB_UNMAP_BATCH];
	const unsigned int first = l->xli_kva.xkw_first;
	const unsigned int n = l->xli_shape.xc_nsegs;
	unsigned int i, k;

	if (!l->xli_has_run)
		return;
	for (i = 0; i < n; i += k) {
		k = min_t(unsigned int, n - i, XBB_UNMAP_BATCH);
		if (q->xq_pool_ptes != NULL)
			xbb_unmap_ptes(&q->xq_pool_ptes[first + i],
			    &q->xq_pool_handles[first + i], k, ops);
		else
			xbb_unmap(&q->xq_pool[first + i],
			    &q->xq_pool_handles[first + i], k, ops, upages);
	}
}

/**
 * xbb_io_run_held() - does a store still hold a page of a list's run?
 * @q: the queue.
 * @l: the list, whose I/O completed.
 *
 * Only runs of grants mapped onto pages can be held: a store that takes
 * its own references to the pages of a bio (to send them on a socket,
 * say) may keep them past the bio's completion.  The pages the bio used
 * are checked: the pool's, or a persistent mapping's (which stays
 * mapped, but whose list must not be answered and released while the
 * store holds it: the device would count as idle, and a teardown could
 * then unmap the grant under the store).  The pool, or the table, holds
 * one reference to each page; more means someone else still does.
 *
 * Return: true if the run's grants must stay mapped for now.
 */
bool
xbb_io_run_held(const struct xbb_queue *q, const struct xbb_list *l)
{
	const unsigned int first = l->xli_kva.xkw_first;
	unsigned int i;

	if (!l->xli_has_run || q->xq_pool_ptes != NULL)
		return false;
	for (i = 0; i < l->xli_shape.xc_nsegs; i++)
		if (page_count(q->xq_pool_data[first + i]) > 1)
			return true;
	return false;
}

/**
 * xbb_io_release() - take an answered list's resources back.
 * @q: the queue; called by its worker.
 * @l: the list; xbb_io_unmap_run() has unmapped its run.
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
	xbb_pgnt_release(q, first, l->xli_shape.xc_nsegs);
	l->xli_has_run = false;
	xbb_kva_free(&q->xq_kva, first, l->xli_shape.xc_nsegs, &granted);
	list_for_each_entry_safe(w, tmp, &granted, xkw_link) {
		list_del_init(&w->xkw_link);
		next = container_of(w, struct xbb_list, xli_kva);
		next->xli_has_run = true;
		xbb_io_start(q, next);
	}
	if (list_empty(&q->xq_kva.xk_wait))
		q->xq_kva_wait = false;
}

/*----------------------------------- Pool ----------------------------------*/
/*
 * A file store's contiguous virtual range over the pool's NPOOL pages.
 * The pages are ballooned (no frame behind them), so in a PV Dom0 vmap()
 * leaves the range's page table entries empty; their machine addresses
 * are where the grants are mapped.  Without a range (vmalloc space
 * exhausted, an unexpected page table) the store uses the pages instead.
 */
static void
xbb_io_pool_va(struct xbb_queue *q, unsigned int npool)
{
	struct xbb_softc *sc = q->xq_sc;
	unsigned long va;
	unsigned int i, level;
	pte_t *pte;

	q->xq_pool_va = vmap(q->xq_pool, npool, VM_MAP, PAGE_KERNEL);
	if (q->xq_pool_va == NULL)
		goto fail;
	if (xen_feature(XENFEAT_auto_translated_physmap))
		return;
	q->xq_pool_ptes =
	    kvmalloc_array(npool, sizeof(*q->xq_pool_ptes), GFP_KERNEL);
	if (q->xq_pool_ptes == NULL)
		goto fail_ptes;
	for (i = 0; i < npool; i++) {
		va =
		    (unsigned long)q->xq_pool_va + (unsigned long)i * PAGE_SIZE;
		pte = lookup_address(va, &level);
		if (pte == NULL || level != PG_LEVEL_4K || pte_present(*pte))
			goto fail_ptes;
		q->xq_pool_ptes[i] = arbitrary_virt_to_machine(pte).maddr;
	}
	return;

fail_ptes:
	kvfree(q->xq_pool_ptes);
	q->xq_pool_ptes = NULL;
	vunmap(q->xq_pool_va);
	q->xq_pool_va = NULL;
fail:
	dev_warn(&sc->xbb_dev->dev,
	    "no virtual range over the pool; file I/O goes page by page\n");
}

/* Free the grant batches of xbb_io_connect(). */
static void
xbb_io_free_scratch(struct xbb_queue *q)
{
	kvfree(q->xq_scratch.map);
	kvfree(q->xq_scratch.unmap);
	kvfree(q->xq_scratch.grefs);
	kvfree(q->xq_scratch.addrs);
	kvfree(q->xq_scratch.pages);
	kvfree(q->xq_scratch.handles);
	kvfree(q->xq_scratch.slots);
	kvfree(q->xq_scratch.use);
	memset(&q->xq_scratch, 0, sizeof(q->xq_scratch));
	q->xq_scratch_len = 0;
}

/* Free the pool's per-page arrays (not the pages). */
static void
xbb_io_free_arrays(struct xbb_queue *q)
{
	kvfree(q->xq_pool);
	kvfree(q->xq_pool_handles);
	kvfree(q->xq_pool_pgnt);
	kvfree(q->xq_pool_data);
	q->xq_pool = NULL;
	q->xq_pool_handles = NULL;
	q->xq_pool_pgnt = NULL;
	q->xq_pool_data = NULL;
}

/* Allocate the batches for lists of up to LEN segments. */
static int
xbb_io_alloc_scratch(struct xbb_queue *q, unsigned int len)
{
	/* Grant references: a list's, then a compacted batch of them. */
	const struct {
		void **xa_ptr;
		size_t xa_size;
		unsigned int xa_n;
	} arrays[] = {
		{ (void **)&q->xq_scratch.grefs, sizeof(grant_ref_t), 2 * len },
		{ (void **)&q->xq_scratch.map,
		    sizeof(struct gnttab_map_grant_ref), len },
		{ (void **)&q->xq_scratch.unmap,
		    sizeof(struct gnttab_unmap_grant_ref), len },
		{ (void **)&q->xq_scratch.addrs, sizeof(u64), len },
		{ (void **)&q->xq_scratch.pages, sizeof(struct page *), len },
		{ (void **)&q->xq_scratch.handles, sizeof(grant_handle_t),
		    len },
		{ (void **)&q->xq_scratch.slots, sizeof(unsigned int), len },
		{ (void **)&q->xq_scratch.use, sizeof(enum xbb_pgnt_use), len },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(arrays); i++) {
		*arrays[i].xa_ptr = kvmalloc_array(arrays[i].xa_n,
		    arrays[i].xa_size, GFP_KERNEL);
		if (*arrays[i].xa_ptr == NULL) {
			xbb_io_free_scratch(q);
			return -ENOMEM;
		}
	}
	q->xq_scratch_len = len;
	return 0;
}

/**
 * xbb_io_connect() - set up the pool, its allocator and the batches.
 * @q: the queue; the device's ring size and limits are known.
 *
 * The pool holds xbb.kva_pages pages, or by default one page per segment
 * of a full ring of direct requests (ring entries x 11), at most 2048
 * (8 MiB); never fewer than the largest single request needs, so that
 * every list fits once the others are done.
 *
 * Return: 0 or -ENOMEM, with nothing left allocated.
 */
int
xbb_io_connect(struct xbb_queue *q)
{
	struct xbb_softc *sc = q->xq_sc;
	unsigned int npool, single, len, i;
	int error = -ENOMEM;

	single = max_t(unsigned int, sc->xbb_lim.xl_max_indirect,
	    BLKIF_MAX_SEGMENTS_PER_REQUEST);
	npool = READ_ONCE(xbb_kva_pages);
	if (npool == 0) {
		npool = BLKIF_MAX_SEGMENTS_PER_REQUEST;
		npool = min(npool * sc->xbb_ring_size, 2048U);
	}
	npool = max(npool, single);
	q->xq_caps.xcc_max_segs =
	    clamp_t(unsigned int, READ_ONCE(xbb_coalesce_max_segs), 1, npool);
	q->xq_caps.xcc_max_reqs = 1;
	len = max(q->xq_caps.xcc_max_segs, single);
	q->xq_kva_wait = false;

	q->xq_pool = kvcalloc(npool, sizeof(*q->xq_pool), GFP_KERNEL);
	q->xq_pool_handles =
	    kvmalloc_array(npool, sizeof(*q->xq_pool_handles), GFP_KERNEL);
	q->xq_pool_pgnt = kvcalloc(npool, sizeof(*q->xq_pool_pgnt), GFP_KERNEL);
	q->xq_pool_data = kvcalloc(npool, sizeof(*q->xq_pool_data), GFP_KERNEL);
	if (q->xq_pool == NULL || q->xq_pool_handles == NULL ||
	    q->xq_pool_pgnt == NULL || q->xq_pool_data == NULL)
		goto fail_arrays;
	for (i = 0; i < npool; i++)
		q->xq_pool_handles[i] = ~0U;
	error = xbb_io_alloc_scratch(q, len);
	if (error != 0)
		goto fail_arrays;
	error = xbb_kva_init(&q->xq_kva, npool);
	if (error != 0)
		goto fail_scratch;
	error = gnttab_alloc_pages(npool, q->xq_pool);
	if (error != 0)
		goto fail_pages;
	if (sc->xbb_kind == XBB_STORE_FILE)
		xbb_io_pool_va(q, npool);
	return 0;

fail_pages:
	xbb_kva_fini(&q->xq_kva);
fail_scratch:
	xbb_io_free_scratch(q);
fail_arrays:
	xbb_io_free_arrays(q);
	return error;
}

/**
 * xbb_io_disconnect() - unmap every persistent grant, free the pool.
 * @q: the queue; every list has been released.
 *
 * Persistent grants are unmapped whatever became of the frontend: a
 * frontend that vanished mid-I/O had its requests answered (or failed)
 * first, so nothing uses them.  One still in use would mean a request
 * outlived its ring: it is reported and left mapped rather than freed
 * under the I/O.
 */
void
xbb_io_disconnect(struct xbb_queue *q)
{
	struct xbb_softc *sc = q->xq_sc;
	unsigned int inuse, npool = q->xq_kva.xk_npages;
	struct xbb_pgnt *e, *tmp;
	unsigned int held;
	LIST_HEAD(all);

	if (q->xq_pool == NULL)
		return;
	/* Purged entries first, then the table. */
	cancel_delayed_work_sync(&q->xq_purge_work);
	inuse = xbb_pgnt_teardown(&q->xq_pgnt, &all);
	if (inuse != 0) {
		dev_err(&sc->xbb_dev->dev,
		    "%u persistent grants still in use at teardown; leaving them mapped\n",
		    inuse);
		list_for_each_entry_safe(e, tmp, &all, xpg_lru)
			if (e->xpg_users != 0)
				list_del_init(&e->xpg_lru);
	}
	xbb_pgnt_unmap_list(q, &all, true);
	/*
	 * A list whose pages a store held was not answered until it let
	 * go (xbb_io_run_held()), and the drain waited for it, so no page
	 * should be held now.  One that is (a store that took a reference
	 * again after its I/O) keeps its grant mapped and its page: they
	 * are left, reported, rather than unmapped under the store or
	 * waited for here, where the xenwatch thread may be waiting too.
	 */
	held = xbb_pgnt_unmap_purged(q);
	if (held != 0) {
		dev_err(&sc->xbb_dev->dev,
		    "queue %u: %u persistent grants' pages still held by the store at teardown; leaving them mapped\n",
		    q->xq_id, held);
		spin_lock(&q->xq_purge_lock);
		list_for_each_entry_safe(e, tmp, &q->xq_purge_held, xpg_lru)
			list_del_init(&e->xpg_lru);
		spin_unlock(&q->xq_purge_lock);
	}

	inuse = xbb_kva_fini(&q->xq_kva);
	if (inuse != 0) {
		/* Grants may still be mapped into them: keep them. */
		dev_err(&sc->xbb_dev->dev,
		    "%u pool pages still in use at teardown; leaking the pool\n",
		    inuse);
	} else {
		if (q->xq_pool_va != NULL)
			vunmap(q->xq_pool_va);
		kvfree(q->xq_pool_ptes);
		gnttab_free_pages(npool, q->xq_pool);
	}
	q->xq_pool_va = NULL;
	q->xq_pool_ptes = NULL;
	xbb_io_free_scratch(q);
	xbb_io_free_arrays(q);
}

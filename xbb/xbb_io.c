// SPDX-License-Identifier: GPL-2.0-only
/*
 * xbb_io.c: moving a vetted request's data: grant mapping, I/O to the
 * backing store, completion, unmapping.
 *
 * This is the thin layer under xbb_req.c: the batches of grant map
 * operations are built there (xbb_req2gnttab()) and issued here with
 * gnttab_map_refs(), once per request; unmapping is one
 * gnttab_unmap_refs() batch when the request completes.  A grant that
 * fails to map fails that request only.
 *
 * A block device gets one bio per run of segments that fits (usually one
 * per request); a file gets one read_iter/write_iter over a bio_vec array
 * of the segments, run from a work item because it sleeps.  Discards
 * sleep too and run the same way.  Completions land on the device's
 * completion list; the worker (xbb_ring.c) answers them.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bio.h>
#include <linux/blkdev.h>
#include <linux/falloc.h>
#include <linux/fs.h>
#include <linux/uio.h>
#include <xen/features.h>
#include <xen/grant_table.h>
#include <xen/page.h>

#include "xbb.h"
#include "xbb_trace.h"

/*------------------------------ Grant mapping ------------------------------*/
static void xbb_unmap(struct xbb_softc *sc, struct page **pages,
    grant_handle_t *handles, unsigned int n);

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
 * Map N grants onto freshly taken pages.  On success PAGES and HANDLES
 * describe the mappings; on failure nothing stays mapped and every page
 * is back in the cache.
 */
static int
xbb_map(struct xbb_softc *sc, const grant_ref_t *grefs, unsigned int n,
    bool readonly, struct page **pages, grant_handle_t *handles)
{
	struct gnttab_map_grant_ref
	    ops[XBB_MAX_INDIRECT_PAGES > 16 ? XBB_MAX_INDIRECT_PAGES : 16];
	unsigned long addrs[ARRAY_SIZE(ops)];
	unsigned int done, batch, i, got = 0;
	int error = 0;

	for (i = 0; i < n; i++) {
		if (gnttab_page_cache_get(&sc->xbb_pages, &pages[i]) != 0) {
			error = -ENOMEM;
			goto fail;
		}
		got++;
		handles[i] = ~0U;
	}
	for (done = 0; done < n; done += batch) {
		batch = min_t(unsigned int, n - done, ARRAY_SIZE(ops));
		for (i = 0; i < batch; i++)
			addrs[i] = xbb_map_addr(pages[done + i]);
		xbb_req2gnttab(grefs + done, batch, addrs,
		    sc->xbb_dev->otherend_id, readonly, ops);
		if (gnttab_map_refs(ops, NULL, pages + done, batch) != 0)
			error = -EFAULT;
		for (i = 0; i < batch; i++) {
			if (ops[i].status == GNTST_okay)
				handles[done + i] = ops[i].handle;
			else
				error = -EFAULT;
		}
	}
	if (error == 0)
		return 0;
fail:
	xbb_unmap(sc, pages, handles, got);
	return error;
}

/* Unmap N mapped pages (handle ~0: never mapped) and return the pages. */
static void
xbb_unmap(struct xbb_softc *sc, struct page **pages, grant_handle_t *handles,
    unsigned int n)
{
	struct gnttab_unmap_grant_ref ops[16];
	struct page *upages[ARRAY_SIZE(ops)];
	unsigned int i, k = 0;

	for (i = 0; i < n; i++) {
		if (handles[i] != ~0U) {
			gnttab_set_unmap_op(&ops[k],
			    (unsigned long)pfn_to_kaddr(page_to_pfn(pages[i])),
			    GNTMAP_host_map, handles[i]);
			upages[k++] = pages[i];
			handles[i] = ~0U;
		}
		if (k == ARRAY_SIZE(ops) || (i == n - 1 && k > 0)) {
			WARN_ON(gnttab_unmap_refs(ops, NULL, upages, k) != 0);
			k = 0;
		}
	}
	gnttab_page_cache_put(&sc->xbb_pages, pages, n);
}

/*-------------------------------- Completion -------------------------------*/
/* One I/O unit of XX finished with ERROR (0 or -errno). */
static void
xbb_io_done(struct xbb_xfer *xx, int error)
{
	if (error != 0) {
		xx->xx_status = BLKIF_RSP_ERROR;
		xx->xx_err = XBB_E_IO;
	}
	if (atomic_dec_and_test(&xx->xx_pending))
		xbb_ring_complete(xx);
}

static void
xbb_bio_end(struct bio *bio)
{
	struct xbb_xfer *xx = bio->bi_private;
	int error = blk_status_to_errno(bio->bi_status);

	if (error == -EOPNOTSUPP && xx->xx_req.xr_op == XBB_OP_BARRIER) {
		xx->xx_status = BLKIF_RSP_EOPNOTSUPP;
		error = 0;
	}
	bio_put(bio);
	xbb_io_done(xx, error);
}

/*-------------------------------- Block device -----------------------------*/
static blk_opf_t
xbb_opf(const struct xbb_req *req)
{
	switch (req->xr_op) {
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
xbb_bio_new(struct xbb_softc *sc, struct xbb_xfer *xx, unsigned int nvecs,
    sector_t sector)
{
	struct bio *bio;

	bio = bio_alloc(sc->xbb_bdev, nvecs, xbb_opf(&xx->xx_req), GFP_NOIO);
	bio->bi_iter.bi_sector = sector;
	bio->bi_private = xx;
	bio->bi_end_io = xbb_bio_end;
	atomic_inc(&xx->xx_pending);
	return bio;
}

static void
xbb_io_bdev(struct xbb_softc *sc, struct xbb_xfer *xx)
{
	const struct xbb_req *req = &xx->xx_req;
	struct bio *bio = NULL;
	sector_t sector = req->xr_sector;
	unsigned int i, len, off;

	if (req->xr_nsegs == 0) {
		/* A pure flush or barrier: an empty REQ_PREFLUSH write. */
		bio = xbb_bio_new(sc, xx, 0, 0);
		submit_bio(bio);
		return;
	}
	for (i = 0; i < req->xr_nsegs; i++) {
		off = req->xr_segs[i].xs_first << XBB_SECTOR_SHIFT;
		len = (req->xr_segs[i].xs_last - req->xr_segs[i].xs_first + 1)
		    << XBB_SECTOR_SHIFT;
		while (bio == NULL ||
		    bio_add_page(bio, xx->xx_pages[i], len, off) != len) {
			if (bio != NULL)
				submit_bio(bio);
			bio = xbb_bio_new(sc, xx,
			    min_t(unsigned int, req->xr_nsegs - i,
				BIO_MAX_VECS),
			    sector);
		}
		sector += len >> XBB_SECTOR_SHIFT;
	}
	submit_bio(bio);
}

/*---------------------------------- Files ----------------------------------*/
static int
xbb_io_file_rw(struct xbb_softc *sc, struct xbb_xfer *xx)
{
	const struct xbb_req *req = &xx->xx_req;
	struct bio_vec *bv;
	struct iov_iter it;
	unsigned int i;
	size_t total = 0;
	loff_t pos = (loff_t)req->xr_sector << XBB_SECTOR_SHIFT;
	ssize_t n;
	int error = 0;

	bv = kmalloc_array(req->xr_nsegs, sizeof(*bv), GFP_NOIO);
	if (bv == NULL)
		return -ENOMEM;
	for (i = 0; i < req->xr_nsegs; i++) {
		bv[i].bv_page = xx->xx_pages[i];
		bv[i].bv_offset = req->xr_segs[i].xs_first << XBB_SECTOR_SHIFT;
		bv[i].bv_len =
		    (req->xr_segs[i].xs_last - req->xr_segs[i].xs_first + 1)
		    << XBB_SECTOR_SHIFT;
		total += bv[i].bv_len;
	}
	if (req->xr_op == XBB_OP_READ) {
		iov_iter_bvec(&it, READ, bv, req->xr_nsegs, total);
		n = vfs_iter_read(sc->xbb_file, &it, &pos, 0);
	} else {
		iov_iter_bvec(&it, WRITE, bv, req->xr_nsegs, total);
		n = vfs_iter_write(sc->xbb_file, &it, &pos, 0);
	}
	if (n < 0)
		error = n;
	else if ((size_t)n != total)
		error = -EIO;
	kfree(bv);
	return error;
}

/* Runs in a work item: file I/O, flushes of files, and discards. */
static void
xbb_io_work(struct work_struct *work)
{
	struct xbb_xfer *xx = container_of(work, struct xbb_xfer, xx_work);
	struct xbb_softc *sc = xx->xx_sc;
	const struct xbb_req *req = &xx->xx_req;
	loff_t pos = (loff_t)req->xr_sector << XBB_SECTOR_SHIFT;
	int error = 0;

	if (req->xr_op == XBB_OP_DISCARD) {
		if (sc->xbb_kind == XBB_STORE_BDEV && req->xr_secure)
			error = blkdev_issue_secure_erase(sc->xbb_bdev,
			    req->xr_sector, req->xr_nr_sectors, GFP_NOIO);
		else if (sc->xbb_kind == XBB_STORE_BDEV)
			error = blkdev_issue_discard(sc->xbb_bdev,
			    req->xr_sector, req->xr_nr_sectors, GFP_NOIO);
		else
			error = vfs_fallocate(sc->xbb_file,
			    FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, pos,
			    req->xr_nr_sectors << XBB_SECTOR_SHIFT);
		xbb_io_done(xx, error);
		return;
	}
	/* Files: a barrier or flush writes its data, then syncs. */
	if (req->xr_nsegs > 0)
		error = xbb_io_file_rw(sc, xx);
	if (error == 0 &&
	    (req->xr_op == XBB_OP_FLUSH || req->xr_op == XBB_OP_BARRIER))
		error = vfs_fsync(sc->xbb_file, 0);
	xbb_io_done(xx, error);
}

/*--------------------------------- Dispatch --------------------------------*/
/* Map an indirect request's descriptor pages, copy the segments, unmap. */
static int
xbb_load_indirect(struct xbb_softc *sc, struct xbb_xfer *xx)
{
	struct xbb_req *req = &xx->xx_req;
	struct page *pages[XBB_MAX_INDIRECT_PAGES];
	grant_handle_t handles[XBB_MAX_INDIRECT_PAGES];
	const void *va[XBB_MAX_INDIRECT_PAGES];
	unsigned int i;
	int error;

	if (req->xr_nindirect > XBB_MAX_INDIRECT_PAGES)
		return -EINVAL;
	error = xbb_map(sc, req->xr_indirect_grefs, req->xr_nindirect, true,
	    pages, handles);
	if (error != 0)
		return error;
	for (i = 0; i < req->xr_nindirect; i++)
		va[i] = page_address(pages[i]);
	error = xbb_indirect2segs(va, req->xr_nsegs, req->xr_segs);
	xbb_unmap(sc, pages, handles, req->xr_nindirect);
	return error;
}

/**
 * xbb_io_dispatch() - vet, map and start a converted request.
 * @sc: the device.
 * @xx: the slot holding the request.
 *
 * Called from the worker.  Whatever happens, the request completes through
 * xbb_ring_complete() exactly once: at once when it fails vetting or
 * mapping, or when its last I/O unit ends.
 */
void
xbb_io_dispatch(struct xbb_softc *sc, struct xbb_xfer *xx)
{
	struct xbb_req *req = &xx->xx_req;
	grant_ref_t grefs[XBB_MAX_SEGS];
	enum xbb_err err = XBB_E_NONE;

	xx->xx_status = BLKIF_RSP_OKAY;
	xx->xx_err = XBB_E_NONE;
	xx->xx_nmapped = 0;
	atomic_set(&xx->xx_pending, 1);

	if (req->xr_indirect) {
		err = xbb_req_vet_indirect(req, &sc->xbb_lim);
		if (err == XBB_E_NONE && xbb_load_indirect(sc, xx) != 0)
			err = XBB_E_MAP;
	}
	if (err == XBB_E_NONE)
		err = xbb_req_vet(req, &sc->xbb_lim);
	if (err == XBB_E_NONE && req->xr_nsegs > 0) {
		xbb_req_grefs(req, grefs);
		if (xbb_map(sc, grefs, req->xr_nsegs, req->xr_op != XBB_OP_READ,
			xx->xx_pages, xx->xx_handles) != 0)
			err = XBB_E_MAP;
		else
			xx->xx_nmapped = req->xr_nsegs;
	}
	if (err != XBB_E_NONE) {
		trace_xbb_reject(sc->xbb_dev->otherend_id, sc->xbb_devid,
		    req->xr_id, xbb_err_name(err));
		dev_warn_ratelimited(&sc->xbb_dev->dev,
		    "domain %d: request %llu (%s, %u segments, sector %llu, %llu sectors) refused: %s\n",
		    sc->xbb_dev->otherend_id, req->xr_id,
		    xbb_op_name(req->xr_op), req->xr_nsegs, req->xr_sector,
		    req->xr_op == XBB_OP_DISCARD ? req->xr_nr_sectors :
						   xbb_req_sectors(req),
		    xbb_err_name(err));
		xx->xx_status = xbb_err2status(err);
		xx->xx_err = err;
		xbb_io_done(xx, 0);
		return;
	}
	trace_xbb_dispatch(sc->xbb_dev->otherend_id, sc->xbb_devid, req->xr_id,
	    req->xr_op, req->xr_nsegs, req->xr_sector);
	if (sc->xbb_kind == XBB_STORE_BDEV && req->xr_op != XBB_OP_DISCARD) {
		xbb_io_bdev(sc, xx);
		xbb_io_done(xx, 0);
		return;
	}
	INIT_WORK(&xx->xx_work, xbb_io_work);
	atomic_inc(&xx->xx_pending);
	queue_work(xbb_wq, &xx->xx_work);
	xbb_io_done(xx, 0);
}

/**
 * xbb_io_release() - unmap a completed request's pages.
 * @sc: the device.
 * @xx: the slot.
 */
void
xbb_io_release(struct xbb_softc *sc, struct xbb_xfer *xx)
{
	if (xx->xx_nmapped == 0)
		return;
	xbb_unmap(sc, xx->xx_pages, xx->xx_handles, xx->xx_nmapped);
	xx->xx_nmapped = 0;
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * xbb_list.c: request lists: front-end request coalescing, the pure part
 * (struct xbb_list_shape: the shape of a list being gathered).
 *
 * FreeBSD's blkback (2011-06-13, "front-end request coalescing") gathers
 * consecutive ring requests that a single I/O can serve into a request
 * list.  xbb does the same while draining the ring (xbb_ring.c): a read
 * or write joins the list being gathered when it has the same operation,
 * starts at the sector where the list ends, and keeps the list within its
 * caps (members, and segments, which are the pool pages the list claims
 * from the KVA range manager).  Anything else closes the list, and it is
 * issued.
 *
 * Flushes, barriers and discards never start a list that others may join
 * and never join one: they are fences.  blkif.h makes a barrier order
 * every write around it, and a flush covers the writes completed before
 * it; merging across either would change what the frontend was promised.
 * Requests from different rings are never merged because a list belongs
 * to one ring's fetch loop.
 *
 * Every member still gets its own response, with its own id and status:
 * a member that failed on its own (a grant that would not map) reports
 * that, the others report how the list's I/O ended.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bvec.h>
#include <linux/uio.h>
#include <xen/interface/io/blkif.h>

#include "xbb.h"

/*-------------------------------- Gathering --------------------------------*/
/**
 * xbb_list_coalescable() - may this request be part of a longer list?
 * @req: a vetted request.
 *
 * Return: true for reads and writes that carry data.
 */
bool
xbb_list_coalescable(const struct xbb_req *req)
{
	return (req->xr_op == XBB_OP_READ || req->xr_op == XBB_OP_WRITE) &&
	    req->xr_nsegs > 0;
}

/**
 * xbb_list_hold() - keep a new list open for requests that continue it?
 * @req: its first member, vetted.
 * @caps: how far lists may grow (@xlc_max_reqs 1: coalescing off).
 * @at_store: the queue's lists at the store now.
 *
 * Coalescing pays where each I/O costs the store, and only while the
 * store is busy: a list held while the store idles is latency the
 * frontend waits out, and a store that completes I/O as it is issued (a
 * ramdisk) would get one list per ring-full, with the ring empty while
 * it is served.  bench-blk's ring part measured that: 4 KiB sequential
 * writes on a ramdisk at 0.46x the rate of coalesce=0, and 9x on a
 * store that serves four requests at a time.  So a list is held only
 * while the queue has I/O at the store; otherwise its first request is
 * issued at once and the requests behind it gather while it is served.
 *
 * Return: true to keep the list open.
 */
bool
xbb_list_hold(const struct xbb_req *req, const struct xbb_list_caps *caps,
    unsigned int at_store)
{
	return xbb_list_coalescable(req) && caps->xlc_max_reqs > 1 &&
	    at_store > 0;
}

/**
 * xbb_list_start() - start a list with its first member.
 * @c: the list's shape.
 * @req: a vetted request of any operation.
 */
void
xbb_list_start(struct xbb_list_shape *c, const struct xbb_req *req)
{
	c->xls_op = req->xr_op;
	c->xls_sector = req->xr_sector;
	c->xls_end = req->xr_sector +
	    (req->xr_op == XBB_OP_DISCARD ? req->xr_nr_sectors :
					    xbb_req_sectors(req));
	c->xls_nsegs = req->xr_nsegs;
	c->xls_nreqs = 1;
}

/**
 * xbb_list_joinable() - may a request join the list being gathered?
 * @c: the list's shape.
 * @req: the next vetted request from the same ring.
 * @caps: how far the list may grow.
 *
 * Return: true when @req is a read or write of the list's operation that
 * starts where the list ends, and the list stays within @caps with it.
 * A list that holds a fence (flush, barrier, discard) takes nothing.
 */
bool
xbb_list_joinable(const struct xbb_list_shape *c, const struct xbb_req *req,
    const struct xbb_list_caps *caps)
{
	if (!xbb_list_coalescable(req) || req->xr_op != c->xls_op ||
	    c->xls_nsegs == 0)
		return false;
	if (req->xr_sector != c->xls_end)
		return false;
	if (c->xls_nreqs >= caps->xlc_max_reqs)
		return false;
	return c->xls_nsegs + req->xr_nsegs <= caps->xlc_max_segs;
}

/**
 * xbb_list_join() - add a request that xbb_list_joinable() accepted.
 * @c: the list's shape.
 * @req: the request.
 */
void
xbb_list_join(struct xbb_list_shape *c, const struct xbb_req *req)
{
	c->xls_end += xbb_req_sectors(req);
	c->xls_nsegs += req->xr_nsegs;
	c->xls_nreqs++;
}

/*-------------------------------- I/O vectors ------------------------------*/
/**
 * xbb_req2bvec() - the I/O vector of one member's segments.
 * @req: a vetted request.
 * @pages: the pages its segments are mapped onto, in order.
 * @bv: @req->xr_nsegs entries, filled in.
 *
 * A list's vector is its members' vectors end to end: the bytes of the
 * list in sector order, over a run of pool pages.
 *
 * Return: the entries written.
 */
unsigned int
xbb_req2bvec(const struct xbb_req *req, struct page *const *pages,
    struct bio_vec *bv)
{
	const struct xbb_seg *s;
	unsigned int i;

	for (i = 0; i < req->xr_nsegs; i++) {
		s = &req->xr_segs[i];
		bv[i].bv_page = pages[i];
		bv[i].bv_offset = s->xs_first << XBB_SECTOR_SHIFT;
		bv[i].bv_len = (s->xs_last - s->xs_first + 1)
		    << XBB_SECTOR_SHIFT;
	}
	return req->xr_nsegs;
}

/**
 * xbb_req2kvec() - add one member's segments to a list's kernel vector.
 * @req: a vetted request.
 * @vas: the address each of its segments' pages is mapped at: pages of
 *	the list's run follow each other in the pool's virtual range, a
 *	persistent mapping's page is wherever it is.
 * @kv: the vector so far.
 * @nkv: its entries.
 *
 * A segment that starts where the previous entry ends extends it, so a
 * list of whole pages in one run is one entry: one contiguous buffer.
 * @kv must have room for @nkv + @req->xr_nsegs entries.
 *
 * Return: the entries now.
 */
unsigned int
xbb_req2kvec(const struct xbb_req *req, void *const *vas, struct kvec *kv,
    unsigned int nkv)
{
	const struct xbb_seg *s;
	unsigned int i, len;
	char *p;

	for (i = 0; i < req->xr_nsegs; i++) {
		s = &req->xr_segs[i];
		p = (char *)vas[i] + (s->xs_first << XBB_SECTOR_SHIFT);
		len = (s->xs_last - s->xs_first + 1) << XBB_SECTOR_SHIFT;
		if (nkv > 0 &&
		    (char *)kv[nkv - 1].iov_base + kv[nkv - 1].iov_len == p) {
			kv[nkv - 1].iov_len += len;
			continue;
		}
		kv[nkv].iov_base = p;
		kv[nkv].iov_len = len;
		nkv++;
	}
	return nkv;
}

/*-------------------------------- Completion -------------------------------*/
/**
 * xbb_list_member_status() - the status one member of a list reports.
 * @list_status: how the list's I/O ended, BLKIF_RSP_*.
 * @own_status: the member's own status: BLKIF_RSP_OKAY unless it failed
 *	before the I/O (its grants would not map).
 *
 * Return: the member's own failure if it has one, else the list's status.
 */
s16
xbb_list_member_status(s16 list_status, s16 own_status)
{
	return own_status != BLKIF_RSP_OKAY ? own_status : list_status;
}

#if IS_ENABLED(CONFIG_XBB_KUNIT_TEST)
#include "xbb_list_test.c"
#endif

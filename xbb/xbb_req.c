// SPDX-License-Identifier: GPL-2.0-only
/*
 * xbb_req.c: blkif requests, from the frontend's bytes to a vetted
 * struct xbb_req, and responses back.  Pure: no hypervisor calls, no
 * shared memory; the ring layer hands in private copies and issues the
 * grant operations built here.
 *
 * The rules come from blkif.h:
 *  - read and write carry 1 to BLKIF_MAX_SEGMENTS_PER_REQUEST (11)
 *    segments; an indirect read or write (BLKIF_OP_INDIRECT) carries 1 to
 *    feature-max-indirect-segments, in as many indirect pages as that
 *    takes; write-barrier and flush-diskcache carry 0 to 11 (0 is a
 *    pure barrier or flush); discard carries none;
 *  - a segment's first_sect <= last_sect < 8 (sectors of a 4 KiB page);
 *  - the request's sectors lie within "sectors" of the disk;
 *  - unknown operations, and features the backend did not advertise, get
 *    BLKIF_RSP_EOPNOTSUPP; every other violation BLKIF_RSP_ERROR, for that
 *    request only.
 */
#define pr_fmt(fmt) "xbb: " fmt

#include <linux/kernel.h>
#include <linux/string.h>

#include "xbb.h"

/*-------------------------------- Names ------------------------------------*/
static const char *const xbb_op_names[XBB_OP_COUNT] = {
	[XBB_OP_READ] = "read",
	[XBB_OP_WRITE] = "write",
	[XBB_OP_BARRIER] = "barrier",
	[XBB_OP_FLUSH] = "flush",
	[XBB_OP_DISCARD] = "discard",
	[XBB_OP_UNKNOWN] = "unknown",
};

static const char *const xbb_err_names[XBB_E_COUNT] = {
	[XBB_E_NONE] = "none",
	[XBB_E_OP] = "bad_op",
	[XBB_E_NSEGS] = "bad_nsegs",
	[XBB_E_SEG] = "bad_segment",
	[XBB_E_RANGE] = "out_of_range",
	[XBB_E_ALIGN] = "misaligned",
	[XBB_E_RO] = "read_only",
	[XBB_E_MAP] = "map_failed",
	[XBB_E_IO] = "io_error",
};

/**
 * xbb_op_name() - name of an operation, for sysfs and messages.
 * @op: the operation.
 *
 * Return: its name.
 */
const char *
xbb_op_name(enum xbb_op op)
{
	return (unsigned int)op < XBB_OP_COUNT ? xbb_op_names[op] : "invalid";
}

/**
 * xbb_err_name() - name of a vetting failure, for sysfs and messages.
 * @err: the failure.
 *
 * Return: its name.
 */
const char *
xbb_err_name(enum xbb_err err)
{
	return (unsigned int)err < XBB_E_COUNT ? xbb_err_names[err] : "invalid";
}

/*------------------------------ Conversion ---------------------------------*/
static enum xbb_op
xbb_wire2op(u8 operation)
{
	switch (operation) {
	case BLKIF_OP_READ:
		return XBB_OP_READ;
	case BLKIF_OP_WRITE:
		return XBB_OP_WRITE;
	case BLKIF_OP_WRITE_BARRIER:
		return XBB_OP_BARRIER;
	case BLKIF_OP_FLUSH_DISKCACHE:
		return XBB_OP_FLUSH;
	case BLKIF_OP_DISCARD:
		return XBB_OP_DISCARD;
	default:
		return XBB_OP_UNKNOWN;
	}
}

static void
xbb_wire2segs(const struct xbb_wire_seg *w, unsigned int n,
    struct xbb_seg *segs)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		segs[i].xs_gref = w[i].gref;
		segs[i].xs_first = w[i].first_sect;
		segs[i].xs_last = w[i].last_sect;
	}
}

/*
 * A request has one of three forms in either ABI: a discard, an indirect
 * read or write, or any other operation with its segments in the request.
 * Each form is converted here from the fields it carries, which the ABI's
 * own function below reads out of its typed layout: the two ABIs differ
 * only in where those fields sit.
 */
static void
xbb_discard2req(struct xbb_req *req, u64 id, u64 sector, u64 nr_sectors,
    u8 flag)
{
	req->xr_id = id;
	req->xr_sector = sector;
	req->xr_nr_sectors = nr_sectors;
	req->xr_secure = (flag & BLKIF_DISCARD_SECURE) != 0;
}

/*
 * An indirect request: the wrapped operation, for the response too; only
 * a read or a write may be wrapped.  GREFS is copied only when the count
 * of pages it implies fits (xbb_req_vet_indirect() refuses the others).
 */
static void
xbb_indirect2req(struct xbb_req *req, u64 id, u8 indirect_op,
    unsigned int nsegs, u64 sector, const void *grefs)
{
	req->xr_id = id;
	req->xr_indirect = true;
	req->xr_operation = indirect_op;
	req->xr_op = xbb_wire2op(indirect_op);
	if (req->xr_op != XBB_OP_READ && req->xr_op != XBB_OP_WRITE)
		req->xr_op = XBB_OP_UNKNOWN;
	req->xr_nsegs = nsegs;
	req->xr_sector = sector;
	req->xr_nindirect = DIV_ROUND_UP(nsegs, XBB_SEGS_PER_INDIRECT);
	if (req->xr_nindirect <= BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST)
		memcpy(req->xr_indirect_grefs, grefs,
		    req->xr_nindirect * sizeof(grant_ref_t));
}

/*
 * A read, write, flush, barrier or unknown operation: the segments in the
 * request, no more of them read than the layout holds.
 */
static void
xbb_rw2req(struct xbb_req *req, u64 id, unsigned int nsegs, u64 sector,
    const struct xbb_wire_seg *segs)
{
	req->xr_id = id;
	req->xr_nsegs = nsegs;
	req->xr_sector = sector;
	xbb_wire2segs(segs,
	    min_t(unsigned int, nsegs, BLKIF_MAX_SEGMENTS_PER_REQUEST),
	    req->xr_segs);
}

/* Convert a request in the x86_32 layout. */
static inline void
xbb_ring2req_x86_32(const struct xbb_x86_32_request *r, struct xbb_req *req)
{
	const struct xbb_x86_32_discard *d = &r->u.discard;
	const struct xbb_x86_32_indirect *ind = &r->u.indirect;
	const struct xbb_x86_32_rw *rw = &r->u.rw;

	req->xr_operation = r->operation;
	req->xr_op = xbb_wire2op(r->operation);
	if (r->operation == BLKIF_OP_DISCARD)
		xbb_discard2req(req, d->id, d->sector_number, d->nr_sectors,
		    d->flag);
	else if (r->operation == BLKIF_OP_INDIRECT)
		xbb_indirect2req(req, ind->id, ind->indirect_op,
		    ind->nr_segments, ind->sector_number, ind->indirect_grefs);
	else
		xbb_rw2req(req, rw->id, rw->nr_segments, rw->sector_number,
		    rw->seg);
}

/* Convert a request in the x86_64 layout. */
static inline void
xbb_ring2req_x86_64(const struct xbb_x86_64_request *r, struct xbb_req *req)
{
	const struct xbb_x86_64_discard *d = &r->u.discard;
	const struct xbb_x86_64_indirect *ind = &r->u.indirect;
	const struct xbb_x86_64_rw *rw = &r->u.rw;

	req->xr_operation = r->operation;
	req->xr_op = xbb_wire2op(r->operation);
	if (r->operation == BLKIF_OP_DISCARD)
		xbb_discard2req(req, d->id, d->sector_number, d->nr_sectors,
		    d->flag);
	else if (r->operation == BLKIF_OP_INDIRECT)
		xbb_indirect2req(req, ind->id, ind->indirect_op,
		    ind->nr_segments, ind->sector_number, ind->indirect_grefs);
	else
		xbb_rw2req(req, rw->id, rw->nr_segments, rw->sector_number,
		    rw->seg);
}

/**
 * xbb_ring2req() - convert a private copy of a request.
 * @abi: the frontend's ABI.
 * @raw: the copy, XBB_RAW_REQ_SIZE bytes (fewer are read for x86_32).
 * @req: where the converted request goes.
 *
 * The response to an indirect request carries the wrapped operation
 * (indirect_op), not BLKIF_OP_INDIRECT: Linux's blkfront checks it
 * against the operation it wrapped and stops on a mismatch, and
 * xen-blkback answers the same way.
 *
 * Conversion never trusts: counts are copied as written (xbb_req_vet()
 * judges them), but only as many segments as the layout holds are read.
 * A request the frontend got wrong still converts; vetting refuses it.
 * For an indirect request the segments are still in the indirect pages;
 * xbb_indirect2segs() copies them once those are mapped.
 *
 * Return: 0, or -EINVAL if @abi is neither of the two; @req is then left
 * half set (no operation, id or sector written).  xbb_ring.c does not
 * check: the device's ABI comes from xbb_xenbus.c, which connects only
 * with one of the two.
 */
int
xbb_ring2req(enum xbb_abi abi, const void *raw, struct xbb_req *req)
{
	req->xr_indirect = false;
	req->xr_nsegs = 0;
	req->xr_nr_sectors = 0;
	req->xr_secure = false;
	req->xr_nindirect = 0;
	switch (abi) {
	case XBB_ABI_X86_32:
		xbb_ring2req_x86_32(raw, req);
		return 0;
	case XBB_ABI_X86_64:
		xbb_ring2req_x86_64(raw, req);
		return 0;
	default:
		return -EINVAL;
	}
}

/**
 * xbb_indirect2segs() - copy segment descriptors out of indirect pages.
 * @pages: the mapped indirect pages, XBB_SEGS_PER_INDIRECT descriptors each.
 * @nsegs: how many descriptors, already vetted against the limit.
 * @segs: where they go.
 *
 * Each descriptor is read once; the frontend can change its pages at any
 * time, so only the copy is vetted and used.
 *
 * Return: 0, or -EINVAL if @nsegs exceeds XBB_MAX_SEGS.
 */
int
xbb_indirect2segs(const void *const *pages, unsigned int nsegs,
    struct xbb_seg *segs)
{
	unsigned int done, n;

	if (nsegs > XBB_MAX_SEGS)
		return -EINVAL;
	for (done = 0; done < nsegs; done += n) {
		n = min_t(unsigned int, nsegs - done, XBB_SEGS_PER_INDIRECT);
		xbb_wire2segs(pages[done / XBB_SEGS_PER_INDIRECT], n,
		    segs + done);
	}
	return 0;
}

/*-------------------------------- Vetting ----------------------------------*/
/**
 * xbb_req_sectors() - sectors a read or write request transfers.
 * @req: a request whose segments passed vetting.
 *
 * Return: the sum of the segments' sector ranges.
 */
u64
xbb_req_sectors(const struct xbb_req *req)
{
	unsigned int i;
	u64 n = 0;

	for (i = 0; i < req->xr_nsegs && i < XBB_MAX_SEGS; i++)
		n += req->xr_segs[i].xs_last - req->xr_segs[i].xs_first + 1;
	return n;
}

/* Is [sector, sector + n) inside a store of SIZE sectors? */
static bool
xbb_in_range(u64 sector, u64 n, u64 size)
{
	return sector <= size && n <= size - sector;
}

/* The segment count rules of blkif.h, by operation. */
static enum xbb_err
xbb_vet_nsegs(const struct xbb_req *req, const struct xbb_limits *lim)
{
	unsigned int max;

	if (req->xr_indirect) {
		if (lim->xl_max_indirect == 0)
			return XBB_E_OP;
		max = min_t(unsigned int, lim->xl_max_indirect, XBB_MAX_SEGS);
		if (req->xr_nsegs == 0 || req->xr_nsegs > max)
			return XBB_E_NSEGS;
		return XBB_E_NONE;
	}
	switch (req->xr_op) {
	case XBB_OP_READ:
	case XBB_OP_WRITE:
		if (req->xr_nsegs == 0)
			return XBB_E_NSEGS;
		fallthrough;
	case XBB_OP_BARRIER:
	case XBB_OP_FLUSH:
		if (req->xr_nsegs > BLKIF_MAX_SEGMENTS_PER_REQUEST)
			return XBB_E_NSEGS;
		return XBB_E_NONE;
	case XBB_OP_DISCARD:
	default:
		return XBB_E_NONE;
	}
}

/**
 * xbb_req_vet_indirect() - may an indirect request's pages be mapped?
 * @req: an indirect request, before its segments are copied.
 * @lim: what the device allows.
 *
 * Checks what must hold before the backend maps the indirect pages at
 * all: indirect requests are offered, the operation is a read or a write,
 * and the segment count is within the negotiated limit (which bounds the
 * number of pages to map).
 *
 * Return: XBB_E_NONE, or why the request must be answered with an error.
 */
enum xbb_err
xbb_req_vet_indirect(const struct xbb_req *req, const struct xbb_limits *lim)
{
	if (req->xr_op == XBB_OP_UNKNOWN)
		return XBB_E_OP;
	return xbb_vet_nsegs(req, lim);
}

/**
 * xbb_req_vet() - decide whether a converted request may be dispatched.
 * @req: the request (for indirect ones, after xbb_indirect2segs()).
 * @lim: what the device allows.
 *
 * Return: XBB_E_NONE, or why the request must be answered with an error.
 */
enum xbb_err
xbb_req_vet(const struct xbb_req *req, const struct xbb_limits *lim)
{
	unsigned int i, align;
	enum xbb_err err;
	u64 n;

	switch (req->xr_op) {
	case XBB_OP_UNKNOWN:
		return XBB_E_OP;
	case XBB_OP_FLUSH:
		if ((lim->xl_features & XBB_F_FLUSH) == 0)
			return XBB_E_OP;
		break;
	case XBB_OP_BARRIER:
		if ((lim->xl_features & XBB_F_BARRIER) == 0)
			return XBB_E_OP;
		break;
	case XBB_OP_DISCARD:
		if ((lim->xl_features & XBB_F_DISCARD) == 0 ||
		    (req->xr_secure && (lim->xl_features & XBB_F_SECURE) == 0))
			return XBB_E_OP;
		break;
	default:
		break;
	}
	err = xbb_vet_nsegs(req, lim);
	if (err != XBB_E_NONE)
		return err;

	if (req->xr_op != XBB_OP_READ &&
	    (lim->xl_features & XBB_F_READONLY) != 0 &&
	    (req->xr_nsegs > 0 || req->xr_op == XBB_OP_DISCARD))
		return XBB_E_RO;

	if (req->xr_op == XBB_OP_DISCARD) {
		n = req->xr_nr_sectors;
	} else {
		for (i = 0; i < req->xr_nsegs; i++) {
			if (req->xr_segs[i].xs_first >
				req->xr_segs[i].xs_last ||
			    req->xr_segs[i].xs_last >= XBB_SECTORS_PER_PAGE)
				return XBB_E_SEG;
		}
		n = xbb_req_sectors(req);
	}
	if (n == 0) {
		/*
		 * A pure flush or barrier moves no data and its sector is
		 * meaningless (blkfront leaves it at -1); anything else
		 * must move something.
		 */
		if (req->xr_op == XBB_OP_FLUSH || req->xr_op == XBB_OP_BARRIER)
			return XBB_E_NONE;
		return XBB_E_RANGE;
	}
	if (!xbb_in_range(req->xr_sector, n, lim->xl_sectors))
		return XBB_E_RANGE;
	align = max(lim->xl_align, 1U);
	if (n != 0 && ((req->xr_sector | n) & (align - 1)) != 0)
		return XBB_E_ALIGN;
	return XBB_E_NONE;
}

/**
 * xbb_err2status() - the blkif status that answers a vetting failure.
 * @err: the failure.
 *
 * Return: BLKIF_RSP_OKAY, BLKIF_RSP_EOPNOTSUPP or BLKIF_RSP_ERROR.
 */
int
xbb_err2status(enum xbb_err err)
{
	switch (err) {
	case XBB_E_NONE:
		return BLKIF_RSP_OKAY;
	case XBB_E_OP:
		return BLKIF_RSP_EOPNOTSUPP;
	default:
		return BLKIF_RSP_ERROR;
	}
}

/*----------------------------- Grant operations ----------------------------*/
/**
 * xbb_req_grefs() - the grant references of a request's data pages.
 * @req: a vetted request.
 * @grefs: at least @req->xr_nsegs entries.
 */
void
xbb_req_grefs(const struct xbb_req *req, grant_ref_t *grefs)
{
	unsigned int i;

	for (i = 0; i < req->xr_nsegs; i++)
		grefs[i] = req->xr_segs[i].xs_gref;
}

/**
 * xbb_req2gnttab() - build a batch of grant map operations.
 * @grefs: the grant references.
 * @n: how many.
 * @addrs: where each grant is mapped: the address of a page (see
 *	gnttab_set_map_op()), or with GNTMAP_contains_pte the machine
 *	address of the page table entry to fill.
 * @dom: the frontend's domain.
 * @flags: added to GNTMAP_host_map: GNTMAP_readonly when the backend
 *	only reads the frontend's pages (a disk write, an indirect page),
 *	GNTMAP_contains_pte for a mapping into a page table entry.
 * @ops: @n operations, filled in for gnttab_map_refs().
 *
 * Status and handle are preset to failure values, so an operation the
 * hypervisor never processed cannot look successful.
 */
void
xbb_req2gnttab(const grant_ref_t *grefs, unsigned int n, const u64 *addrs,
    domid_t dom, u32 flags, struct gnttab_map_grant_ref *ops)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		memset(&ops[i], 0, sizeof(ops[i]));
		ops[i].host_addr = addrs[i];
		ops[i].flags = GNTMAP_host_map | flags;
		ops[i].ref = grefs[i];
		ops[i].dom = dom;
		ops[i].status = GNTST_general_error;
		ops[i].handle = ~0U;
	}
}

/*-------------------------------- Responses --------------------------------*/
/**
 * xbb_rsp2ring() - write a response into a ring slot in the frontend's ABI.
 * @abi: the ABI.
 * @slot: RING_GET_RESPONSE() of that ABI's ring.
 * @id: the request's id.
 * @operation: the request's operation byte.
 * @status: BLKIF_RSP_*.
 */
void
xbb_rsp2ring(enum xbb_abi abi, void *slot, u64 id, u8 operation, s16 status)
{
	struct xbb_x86_32_response *r32 = slot;
	struct xbb_x86_64_response *r64 = slot;

	switch (abi) {
	case XBB_ABI_X86_32:
		r32->id = id;
		r32->operation = operation;
		r32->status = status;
		break;
	case XBB_ABI_X86_64:
		r64->id = id;
		r64->operation = operation;
		r64->status = status;
		break;
	}
}

/**
 * xbb_rsp_put() - answer a request in the ring's next response slot.
 * @abi: the frontend's ABI.
 * @rings: the back ring; rsp_prod_pvt moves on by one.
 * @id: the request's id.
 * @operation: the request's operation byte.
 * @status: BLKIF_RSP_*.
 *
 * blkif.h: responses need not follow the order of the requests; each
 * carries its request's id.  They are written in the order the requests
 * complete, each in the next free slot, and published together by the
 * caller with RING_PUSH_RESPONSES_AND_CHECK_NOTIFY.
 */
void
xbb_rsp_put(enum xbb_abi abi, union xbb_back_rings *rings, u64 id, u8 operation,
    s16 status)
{
	RING_IDX i = rings->common.rsp_prod_pvt;
	void *slot;

	if (abi == XBB_ABI_X86_32)
		slot = RING_GET_RESPONSE(&rings->x86_32, i);
	else
		slot = RING_GET_RESPONSE(&rings->x86_64, i);
	xbb_rsp2ring(abi, slot, id, operation, status);
	rings->common.rsp_prod_pvt = i + 1;
}

#if IS_ENABLED(CONFIG_XBB_KUNIT_TEST)
#include "xbb_req_test.c"
#endif

// SPDX-License-Identifier: GPL-2.0-only
/*
 * xbb_req_test.c: KUnit suite for blkif request conversion, vetting,
 * grant batches and responses.  Included at the end of xbb_req.c under
 * CONFIG_XBB_KUNIT_TEST.
 */
#include <kunit/test.h>
#include <linux/prandom.h>

/* A 1 GiB disk, 512-byte sectors, every feature. */
static const struct xbb_limits xbb_test_lim = {
	.xl_sectors = 2097152,
	.xl_align = 1,
	.xl_max_indirect = 32,
	.xl_features =
	    XBB_F_FLUSH | XBB_F_BARRIER | XBB_F_DISCARD | XBB_F_SECURE,
};

/*--------------------------------- Layouts ---------------------------------*/
static void
xbb_test_layout_x86_64(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, offsetof(struct xbb_x86_64_request, u.rw.id), 8);
	KUNIT_EXPECT_EQ(test,
	    offsetof(struct xbb_x86_64_request, u.rw.sector_number), 16);
	KUNIT_EXPECT_EQ(test, offsetof(struct xbb_x86_64_request, u.rw.seg),
	    24);
	KUNIT_EXPECT_EQ(test, sizeof(struct xbb_x86_64_request), 112);
	KUNIT_EXPECT_EQ(test,
	    offsetof(struct xbb_x86_64_request, u.indirect.nr_segments), 2);
	KUNIT_EXPECT_EQ(test,
	    offsetof(struct xbb_x86_64_request, u.indirect.indirect_grefs), 28);
	KUNIT_EXPECT_EQ(test,
	    offsetof(struct xbb_x86_64_request, u.discard.nr_sectors), 24);
	KUNIT_EXPECT_EQ(test, sizeof(struct xbb_x86_64_response), 16);
	KUNIT_EXPECT_EQ(test, offsetof(struct xbb_x86_64_response, status), 10);
	KUNIT_EXPECT_EQ(test, sizeof(union xbb_x86_64_sring_entry), 112);
#ifdef CONFIG_X86_64
	/* On a 64-bit backend the native layout is the x86_64 one. */
	KUNIT_EXPECT_EQ(test, sizeof(struct blkif_request),
	    sizeof(struct xbb_x86_64_request));
	KUNIT_EXPECT_EQ(test, offsetof(struct blkif_request, u.rw.seg),
	    offsetof(struct xbb_x86_64_request, u.rw.seg));
	KUNIT_EXPECT_EQ(test,
	    offsetof(struct blkif_request, u.indirect.indirect_grefs),
	    offsetof(struct xbb_x86_64_request, u.indirect.indirect_grefs));
#endif
}

static void
xbb_test_layout_x86_32(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, offsetof(struct xbb_x86_32_request, u.rw.id), 4);
	KUNIT_EXPECT_EQ(test,
	    offsetof(struct xbb_x86_32_request, u.rw.sector_number), 12);
	KUNIT_EXPECT_EQ(test, offsetof(struct xbb_x86_32_request, u.rw.seg),
	    20);
	KUNIT_EXPECT_EQ(test, sizeof(struct xbb_x86_32_request), 108);
	KUNIT_EXPECT_EQ(test,
	    offsetof(struct xbb_x86_32_request, u.indirect.indirect_grefs), 24);
	KUNIT_EXPECT_EQ(test,
	    offsetof(struct xbb_x86_32_request, u.discard.nr_sectors), 20);
	KUNIT_EXPECT_EQ(test, sizeof(struct xbb_x86_32_response), 12);
	KUNIT_EXPECT_EQ(test, sizeof(union xbb_x86_32_sring_entry), 108);
	KUNIT_EXPECT_EQ(test, sizeof(struct xbb_wire_seg), 8);
}

static void
xbb_test_ring_sizes(struct kunit *test)
{
	/* One page holds 32 requests in either ABI, 16 pages 512. */
	KUNIT_EXPECT_EQ(test, __CONST_RING_SIZE(xbb_x86_32, 4096), 32);
	KUNIT_EXPECT_EQ(test, __CONST_RING_SIZE(xbb_x86_64, 4096), 32);
	KUNIT_EXPECT_EQ(test, __CONST_RING_SIZE(xbb_x86_64, 16 * 4096), 512);
	KUNIT_EXPECT_EQ(test,
	    xbr_ring_size(sizeof(union xbb_x86_32_sring_entry), 16), 512U);
}

/*------------------------------- Conversion --------------------------------*/
static void
xbb_test_ring2req_rw64(struct kunit *test)
{
	struct xbb_x86_64_request w = {};
	struct xbb_req *req = kunit_kzalloc(test, sizeof(*req), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, req);
	w.operation = BLKIF_OP_WRITE;
	w.u.rw.nr_segments = 2;
	w.u.rw.id = 0x1122334455667788ULL;
	w.u.rw.sector_number = 4096;
	w.u.rw.seg[0] = (struct xbb_wire_seg) { .gref = 77, .last_sect = 7 };
	w.u.rw.seg[1] = (struct xbb_wire_seg) { .gref = 78,
		.first_sect = 2,
		.last_sect = 3 };
	KUNIT_ASSERT_EQ(test, xbb_ring2req(XBB_ABI_X86_64, &w, req), 0);
	KUNIT_EXPECT_EQ(test, req->xr_op, XBB_OP_WRITE);
	KUNIT_EXPECT_EQ(test, req->xr_id, 0x1122334455667788ULL);
	KUNIT_EXPECT_EQ(test, req->xr_sector, 4096ULL);
	KUNIT_EXPECT_EQ(test, req->xr_nsegs, 2U);
	KUNIT_EXPECT_EQ(test, req->xr_segs[1].xs_gref, 78U);
	KUNIT_EXPECT_EQ(test, req->xr_segs[1].xs_first, 2);
	KUNIT_EXPECT_EQ(test, xbb_req_sectors(req), 10ULL);
	KUNIT_EXPECT_FALSE(test, req->xr_indirect);
}

static void
xbb_test_ring2req_rw32(struct kunit *test)
{
	struct xbb_req *req = kunit_kzalloc(test, sizeof(*req), GFP_KERNEL);
	u8 raw[XBB_RAW_REQ_SIZE] = {};
	u64 id = 0xdeadbeefcafe0001ULL, sector = 123456;
	u32 gref = 4242;

	/* Built byte by byte at the 32-bit offsets, not with the struct. */
	KUNIT_ASSERT_NOT_NULL(test, req);
	raw[0] = BLKIF_OP_READ;
	raw[1] = 1;
	memcpy(raw + 4, &id, 8);
	memcpy(raw + 12, &sector, 8);
	memcpy(raw + 20, &gref, 4);
	raw[24] = 0;
	raw[25] = 7;
	KUNIT_ASSERT_EQ(test, xbb_ring2req(XBB_ABI_X86_32, raw, req), 0);
	KUNIT_EXPECT_EQ(test, req->xr_op, XBB_OP_READ);
	KUNIT_EXPECT_EQ(test, req->xr_id, id);
	KUNIT_EXPECT_EQ(test, req->xr_sector, sector);
	KUNIT_EXPECT_EQ(test, req->xr_segs[0].xs_gref, gref);
	KUNIT_EXPECT_EQ(test, req->xr_segs[0].xs_last, 7);
	/* The same bytes read as x86_64 give another id: ABIs matter. */
	KUNIT_ASSERT_EQ(test, xbb_ring2req(XBB_ABI_X86_64, raw, req), 0);
	KUNIT_EXPECT_NE(test, req->xr_id, id);
}

static void
xbb_test_ring2req_discard(struct kunit *test)
{
	struct xbb_req *req = kunit_kzalloc(test, sizeof(*req), GFP_KERNEL);
	struct xbb_x86_32_request w32 = {};
	struct xbb_x86_64_request w64 = {};

	KUNIT_ASSERT_NOT_NULL(test, req);
	w64.operation = BLKIF_OP_DISCARD;
	w64.u.discard.flag = BLKIF_DISCARD_SECURE;
	w64.u.discard.id = 9;
	w64.u.discard.sector_number = 2048;
	w64.u.discard.nr_sectors = 8192;
	xbb_ring2req(XBB_ABI_X86_64, &w64, req);
	KUNIT_EXPECT_EQ(test, req->xr_op, XBB_OP_DISCARD);
	KUNIT_EXPECT_TRUE(test, req->xr_secure);
	KUNIT_EXPECT_EQ(test, req->xr_nr_sectors, 8192ULL);
	KUNIT_EXPECT_EQ(test, req->xr_id, 9ULL);

	w32.operation = BLKIF_OP_DISCARD;
	w32.u.discard.id = 10;
	w32.u.discard.sector_number = 4096;
	w32.u.discard.nr_sectors = 16;
	xbb_ring2req(XBB_ABI_X86_32, &w32, req);
	KUNIT_EXPECT_FALSE(test, req->xr_secure);
	KUNIT_EXPECT_EQ(test, req->xr_sector, 4096ULL);
	KUNIT_EXPECT_EQ(test, req->xr_nr_sectors, 16ULL);
	KUNIT_EXPECT_EQ(test, req->xr_id, 10ULL);
}

static void
xbb_test_ring2req_indirect(struct kunit *test)
{
	struct xbb_req *req = kunit_kzalloc(test, sizeof(*req), GFP_KERNEL);
	struct xbb_x86_32_request w32 = {};
	struct xbb_x86_64_request w64 = {};

	KUNIT_ASSERT_NOT_NULL(test, req);
	w64.operation = BLKIF_OP_INDIRECT;
	w64.u.indirect.indirect_op = BLKIF_OP_WRITE;
	w64.u.indirect.nr_segments = 32;
	w64.u.indirect.id = 5;
	w64.u.indirect.sector_number = 64;
	w64.u.indirect.indirect_grefs[0] = 900;
	xbb_ring2req(XBB_ABI_X86_64, &w64, req);
	KUNIT_EXPECT_TRUE(test, req->xr_indirect);
	KUNIT_EXPECT_EQ(test, req->xr_op, XBB_OP_WRITE);
	/* The response echoes the wrapped operation, as blkfront expects. */
	KUNIT_EXPECT_EQ(test, req->xr_operation, BLKIF_OP_WRITE);
	KUNIT_EXPECT_EQ(test, req->xr_nsegs, 32U);
	KUNIT_EXPECT_EQ(test, req->xr_nindirect, 1U);
	KUNIT_EXPECT_EQ(test, req->xr_indirect_grefs[0], 900U);

	w32.operation = BLKIF_OP_INDIRECT;
	w32.u.indirect.indirect_op = BLKIF_OP_READ;
	w32.u.indirect.nr_segments = 513;
	w32.u.indirect.id = 6;
	w32.u.indirect.indirect_grefs[1] = 901;
	xbb_ring2req(XBB_ABI_X86_32, &w32, req);
	KUNIT_EXPECT_EQ(test, req->xr_op, XBB_OP_READ);
	KUNIT_EXPECT_EQ(test, req->xr_id, 6ULL);
	KUNIT_EXPECT_EQ(test, req->xr_nindirect, 2U);
	KUNIT_EXPECT_EQ(test, req->xr_indirect_grefs[1], 901U);
}

static void
xbb_test_ring2req_indirect_bad_op(struct kunit *test)
{
	struct xbb_req *req = kunit_kzalloc(test, sizeof(*req), GFP_KERNEL);
	struct xbb_x86_64_request w = {};

	/* blkif.h: only read and write may be indirect. */
	KUNIT_ASSERT_NOT_NULL(test, req);
	w.operation = BLKIF_OP_INDIRECT;
	w.u.indirect.indirect_op = BLKIF_OP_FLUSH_DISKCACHE;
	w.u.indirect.nr_segments = 1;
	xbb_ring2req(XBB_ABI_X86_64, &w, req);
	KUNIT_EXPECT_EQ(test, req->xr_op, XBB_OP_UNKNOWN);
	KUNIT_EXPECT_EQ(test, xbb_req_vet(req, &xbb_test_lim), XBB_E_OP);
	KUNIT_EXPECT_EQ(test, xbb_err2status(XBB_E_OP), BLKIF_RSP_EOPNOTSUPP);
}

static void
xbb_test_ring2req_unknown(struct kunit *test)
{
	struct xbb_req *req = kunit_kzalloc(test, sizeof(*req), GFP_KERNEL);
	struct xbb_x86_64_request w = {};

	KUNIT_ASSERT_NOT_NULL(test, req);
	w.operation = 99;
	w.u.rw.id = 31337;
	xbb_ring2req(XBB_ABI_X86_64, &w, req);
	KUNIT_EXPECT_EQ(test, req->xr_op, XBB_OP_UNKNOWN);
	KUNIT_EXPECT_EQ(test, req->xr_id, 31337ULL);
	KUNIT_EXPECT_EQ(test, req->xr_operation, 99);
	KUNIT_EXPECT_EQ(test, xbb_req_vet(req, &xbb_test_lim), XBB_E_OP);
	KUNIT_EXPECT_EQ(test, xbb_ring2req((enum xbb_abi)7, &w, req), -EINVAL);
}

static void
xbb_test_ring2req_too_many_segs(struct kunit *test)
{
	struct xbb_req *req = kunit_kzalloc(test, sizeof(*req), GFP_KERNEL);
	struct xbb_x86_64_request w = {};

	/* 200 claimed: only the 11 slots of the layout are read. */
	KUNIT_ASSERT_NOT_NULL(test, req);
	memset(req->xr_segs, 0xa5, sizeof(req->xr_segs));
	w.operation = BLKIF_OP_READ;
	w.u.rw.nr_segments = 200;
	xbb_ring2req(XBB_ABI_X86_64, &w, req);
	KUNIT_EXPECT_EQ(test, req->xr_nsegs, 200U);
	KUNIT_EXPECT_EQ(test, req->xr_segs[11].xs_gref, 0xa5a5a5a5U);
	KUNIT_EXPECT_EQ(test, xbb_req_vet(req, &xbb_test_lim), XBB_E_NSEGS);
}

static void
xbb_test_indirect2segs(struct kunit *test)
{
	struct xbb_seg *segs =
	    kunit_kcalloc(test, XBB_MAX_SEGS, sizeof(*segs), GFP_KERNEL);
	struct xbb_wire_seg *p0, *p1;
	const void *pages[2];

	KUNIT_ASSERT_NOT_NULL(test, segs);
	p0 = kunit_kzalloc(test, XBR_PAGE_SIZE, GFP_KERNEL);
	p1 = kunit_kzalloc(test, XBR_PAGE_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, p0);
	KUNIT_ASSERT_NOT_NULL(test, p1);
	KUNIT_EXPECT_EQ(test, XBB_SEGS_PER_INDIRECT, 512U);
	p0[0] = (struct xbb_wire_seg) { .gref = 1,
		.first_sect = 1,
		.last_sect = 2 };
	p0[31] = (struct xbb_wire_seg) { .gref = 32, .last_sect = 7 };
	pages[0] = p0;
	pages[1] = p1;
	KUNIT_ASSERT_EQ(test, xbb_indirect2segs(pages, 32, segs), 0);
	KUNIT_EXPECT_EQ(test, segs[0].xs_gref, 1U);
	KUNIT_EXPECT_EQ(test, segs[0].xs_first, 1);
	KUNIT_EXPECT_EQ(test, segs[31].xs_gref, 32U);
	KUNIT_EXPECT_EQ(test, segs[31].xs_last, 7);
	KUNIT_EXPECT_EQ(test, xbb_indirect2segs(pages, XBB_MAX_SEGS + 1, segs),
	    -EINVAL);
}

/*
 * The most indirect pages a request can name (8, of 512 descriptors each):
 * their references are all copied.  One page more does not fit the
 * request's array, and nothing is copied; vetting refuses both counts.
 */
static void
xbb_test_ring2req_indirect_max_pages(struct kunit *test)
{
	struct xbb_req *req = kunit_kzalloc(test, sizeof(*req), GFP_KERNEL);
	struct xbb_x86_64_request w = {};
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, req);
	w.operation = BLKIF_OP_INDIRECT;
	w.u.indirect.indirect_op = BLKIF_OP_READ;
	w.u.indirect.nr_segments =
	    BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST * XBB_SEGS_PER_INDIRECT;
	for (i = 0; i < BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST; i++)
		w.u.indirect.indirect_grefs[i] = 700 + i;
	xbb_ring2req(XBB_ABI_X86_64, &w, req);
	KUNIT_EXPECT_EQ(test, req->xr_nindirect,
	    (unsigned int)BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST);
	KUNIT_EXPECT_EQ(test, req->xr_indirect_grefs[0], 700U);
	KUNIT_EXPECT_EQ(test,
	    req->xr_indirect_grefs[BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST - 1],
	    707U);
	KUNIT_EXPECT_EQ(test, xbb_req_vet_indirect(req, &xbb_test_lim),
	    XBB_E_NSEGS);

	memset(req->xr_indirect_grefs, 0, sizeof(req->xr_indirect_grefs));
	w.u.indirect.nr_segments++;
	xbb_ring2req(XBB_ABI_X86_64, &w, req);
	KUNIT_EXPECT_EQ(test, req->xr_nindirect,
	    (unsigned int)BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST + 1);
	KUNIT_EXPECT_EQ(test, req->xr_indirect_grefs[0], 0U);
	KUNIT_EXPECT_EQ(test, xbb_req_vet_indirect(req, &xbb_test_lim),
	    XBB_E_NSEGS);
}

/*
 * Descriptors are copied into an array of exactly the count asked for,
 * so that KASAN reports a copy of one descriptor too many.
 */
static void
xbb_test_indirect2segs_exact(struct kunit *test)
{
	struct xbb_seg *segs =
	    kunit_kcalloc(test, 3, sizeof(*segs), GFP_KERNEL);
	struct xbb_wire_seg *p0;
	const void *pages[1];

	KUNIT_ASSERT_NOT_NULL(test, segs);
	p0 = kunit_kzalloc(test, XBR_PAGE_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, p0);
	p0[2] = (struct xbb_wire_seg) { .gref = 3, .last_sect = 7 };
	p0[3] = (struct xbb_wire_seg) { .gref = 4, .last_sect = 7 };
	pages[0] = p0;
	KUNIT_ASSERT_EQ(test, xbb_indirect2segs(pages, 3, segs), 0);
	KUNIT_EXPECT_EQ(test, segs[2].xs_gref, 3U);
}

/*--------------------------------- Vetting ---------------------------------*/
/* A valid one-segment request of OP at SECTOR. */
static struct xbb_req *
xbb_test_req(struct kunit *test, enum xbb_op op, u64 sector)
{
	struct xbb_req *req = kunit_kzalloc(test, sizeof(*req), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, req);
	req->xr_op = op;
	req->xr_sector = sector;
	req->xr_nsegs = 1;
	req->xr_segs[0] = (struct xbb_seg) { .xs_gref = 8, .xs_last = 7 };
	return req;
}

static void
xbb_test_vet_rw_ok(struct kunit *test)
{
	struct xbb_req *req = xbb_test_req(test, XBB_OP_READ, 0);

	KUNIT_EXPECT_EQ(test, xbb_req_vet(req, &xbb_test_lim), XBB_E_NONE);
	req->xr_op = XBB_OP_WRITE;
	req->xr_nsegs = BLKIF_MAX_SEGMENTS_PER_REQUEST;
	KUNIT_EXPECT_EQ(test, xbb_req_vet(req, &xbb_test_lim), XBB_E_NONE);
}

static void
xbb_test_vet_nsegs(struct kunit *test)
{
	struct xbb_req *req = xbb_test_req(test, XBB_OP_READ, 0);

	req->xr_nsegs = 0;
	KUNIT_EXPECT_EQ(test, xbb_req_vet(req, &xbb_test_lim), XBB_E_NSEGS);
	req->xr_nsegs = BLKIF_MAX_SEGMENTS_PER_REQUEST + 1;
	KUNIT_EXPECT_EQ(test, xbb_req_vet(req, &xbb_test_lim), XBB_E_NSEGS);
	req->xr_op = XBB_OP_FLUSH;
	KUNIT_EXPECT_EQ(test, xbb_req_vet(req, &xbb_test_lim), XBB_E_NSEGS);
	KUNIT_EXPECT_EQ(test, xbb_err2status(XBB_E_NSEGS), BLKIF_RSP_ERROR);
}

static void
xbb_test_vet_segment(struct kunit *test)
{
	struct xbb_req *req = xbb_test_req(test, XBB_OP_WRITE, 0);

	req->xr_segs[0].xs_first = 5;
	req->xr_segs[0].xs_last = 4;
	KUNIT_EXPECT_EQ(test, xbb_req_vet(req, &xbb_test_lim), XBB_E_SEG);
	req->xr_segs[0].xs_first = 0;
	req->xr_segs[0].xs_last = 8;
	KUNIT_EXPECT_EQ(test, xbb_req_vet(req, &xbb_test_lim), XBB_E_SEG);
	req->xr_segs[0].xs_first = 255;
	req->xr_segs[0].xs_last = 255;
	KUNIT_EXPECT_EQ(test, xbb_req_vet(req, &xbb_test_lim), XBB_E_SEG);
	req->xr_segs[0].xs_first = 7;
	req->xr_segs[0].xs_last = 7;
	KUNIT_EXPECT_EQ(test, xbb_req_vet(req, &xbb_test_lim), XBB_E_NONE);
}

static void
xbb_test_vet_range(struct kunit *test)
{
	u64 end = xbb_test_lim.xl_sectors;
	struct xbb_req *req = xbb_test_req(test, XBB_OP_READ, end - 8);

	KUNIT_EXPECT_EQ(test, xbb_req_vet(req, &xbb_test_lim), XBB_E_NONE);
	req->xr_sector = end - 7;
	KUNIT_EXPECT_EQ(test, xbb_req_vet(req, &xbb_test_lim), XBB_E_RANGE);
	req->xr_sector = end;
	KUNIT_EXPECT_EQ(test, xbb_req_vet(req, &xbb_test_lim), XBB_E_RANGE);
	/* sector + length must not wrap around to a small number. */
	req->xr_sector = U64_MAX - 3;
	KUNIT_EXPECT_EQ(test, xbb_req_vet(req, &xbb_test_lim), XBB_E_RANGE);
}

static void
xbb_test_vet_readonly(struct kunit *test)
{
	struct xbb_limits lim = xbb_test_lim;
	struct xbb_req *req = xbb_test_req(test, XBB_OP_WRITE, 0);

	lim.xl_features |= XBB_F_READONLY;
	KUNIT_EXPECT_EQ(test, xbb_req_vet(req, &lim), XBB_E_RO);
	req->xr_op = XBB_OP_FLUSH;
	KUNIT_EXPECT_EQ(test, xbb_req_vet(req, &lim), XBB_E_RO);
	req->xr_op = XBB_OP_READ;
	KUNIT_EXPECT_EQ(test, xbb_req_vet(req, &lim), XBB_E_NONE);
	req->xr_op = XBB_OP_DISCARD;
	req->xr_nsegs = 0;
	req->xr_nr_sectors = 8;
	KUNIT_EXPECT_EQ(test, xbb_req_vet(req, &lim), XBB_E_RO);
}

static void
xbb_test_vet_flush_barrier(struct kunit *test)
{
	struct xbb_limits lim = xbb_test_lim;
	struct xbb_req *req = xbb_test_req(test, XBB_OP_FLUSH, 0);

	req->xr_nsegs = 0;
	KUNIT_EXPECT_EQ(test, xbb_req_vet(req, &lim), XBB_E_NONE);
	/* blkfront leaves a pure flush's sector at -1: it does not matter. */
	req->xr_sector = U64_MAX;
	KUNIT_EXPECT_EQ(test, xbb_req_vet(req, &lim), XBB_E_NONE);
	req->xr_op = XBB_OP_BARRIER;
	KUNIT_EXPECT_EQ(test, xbb_req_vet(req, &lim), XBB_E_NONE);
	req->xr_sector = 0;
	req->xr_nsegs = 1;
	KUNIT_EXPECT_EQ(test, xbb_req_vet(req, &lim), XBB_E_NONE);
	lim.xl_features &= ~(XBB_F_FLUSH | XBB_F_BARRIER);
	KUNIT_EXPECT_EQ(test, xbb_req_vet(req, &lim), XBB_E_OP);
	req->xr_op = XBB_OP_FLUSH;
	KUNIT_EXPECT_EQ(test, xbb_req_vet(req, &lim), XBB_E_OP);
}

static void
xbb_test_vet_discard(struct kunit *test)
{
	struct xbb_limits lim = xbb_test_lim;
	struct xbb_req *req = xbb_test_req(test, XBB_OP_DISCARD, 100);

	req->xr_nsegs = 0;
	req->xr_nr_sectors = 1000;
	KUNIT_EXPECT_EQ(test, xbb_req_vet(req, &lim), XBB_E_NONE);
	req->xr_nr_sectors = lim.xl_sectors;
	KUNIT_EXPECT_EQ(test, xbb_req_vet(req, &lim), XBB_E_RANGE);
	req->xr_nr_sectors = 0;
	KUNIT_EXPECT_EQ(test, xbb_req_vet(req, &lim), XBB_E_RANGE);
	req->xr_nr_sectors = 8;
	req->xr_secure = true;
	KUNIT_EXPECT_EQ(test, xbb_req_vet(req, &lim), XBB_E_NONE);
	lim.xl_features &= ~XBB_F_SECURE;
	KUNIT_EXPECT_EQ(test, xbb_req_vet(req, &lim), XBB_E_OP);
	lim.xl_features &= ~XBB_F_DISCARD;
	req->xr_secure = false;
	KUNIT_EXPECT_EQ(test, xbb_req_vet(req, &lim), XBB_E_OP);
}

static void
xbb_test_vet_indirect(struct kunit *test)
{
	struct xbb_limits lim = xbb_test_lim;
	struct xbb_req *req = xbb_test_req(test, XBB_OP_READ, 0);
	unsigned int i;

	req->xr_indirect = true;
	req->xr_nsegs = 32;
	for (i = 0; i < 32; i++)
		req->xr_segs[i] =
		    (struct xbb_seg) { .xs_gref = i, .xs_last = 7 };
	KUNIT_EXPECT_EQ(test, xbb_req_vet(req, &lim), XBB_E_NONE);
	req->xr_nsegs = 33;
	KUNIT_EXPECT_EQ(test, xbb_req_vet(req, &lim), XBB_E_NSEGS);
	req->xr_nsegs = 0;
	KUNIT_EXPECT_EQ(test, xbb_req_vet(req, &lim), XBB_E_NSEGS);
	req->xr_nsegs = 32;
	req->xr_segs[31].xs_first = 7;
	req->xr_segs[31].xs_last = 6;
	KUNIT_EXPECT_EQ(test, xbb_req_vet(req, &lim), XBB_E_SEG);
	/* Not offered: indirect requests are unsupported operations. */
	lim.xl_max_indirect = 0;
	KUNIT_EXPECT_EQ(test, xbb_req_vet(req, &lim), XBB_E_OP);
}

/*
 * Exactly XBB_MAX_SEGS segments, in one indirect page, with a negotiated
 * limit of exactly that: every descriptor is copied and the request
 * passes; one segment more is refused.  The request is allocated to its
 * exact size, with its segment array last, so that KASAN reports a read
 * of one segment past the array.
 */
static void
xbb_test_vet_max_segs(struct kunit *test)
{
	struct xbb_req *req = xbb_test_req(test, XBB_OP_READ, 0);
	struct xbb_limits lim = xbb_test_lim;
	const void *pages[XBB_MAX_INDIRECT_PAGES];
	struct xbb_wire_seg *p0;
	unsigned int i;

	p0 = kunit_kzalloc(test, XBR_PAGE_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, p0);
	for (i = 0; i < XBB_MAX_SEGS; i++)
		p0[i] =
		    (struct xbb_wire_seg) { .gref = 1000 + i, .last_sect = 7 };
	pages[0] = p0;
	lim.xl_max_indirect = XBB_MAX_SEGS;
	req->xr_indirect = true;
	req->xr_nsegs = XBB_MAX_SEGS;
	KUNIT_EXPECT_EQ(test, xbb_req_vet_indirect(req, &lim), XBB_E_NONE);
	KUNIT_ASSERT_EQ(test,
	    xbb_indirect2segs(pages, XBB_MAX_SEGS, req->xr_segs), 0);
	KUNIT_EXPECT_EQ(test, req->xr_segs[XBB_MAX_SEGS - 1].xs_gref,
	    1000U + XBB_MAX_SEGS - 1);
	KUNIT_EXPECT_EQ(test, xbb_req_vet(req, &lim), XBB_E_NONE);
	KUNIT_EXPECT_EQ(test, xbb_req_sectors(req), 8ULL * XBB_MAX_SEGS);
	req->xr_nsegs = XBB_MAX_SEGS + 1;
	KUNIT_EXPECT_EQ(test, xbb_req_vet_indirect(req, &lim), XBB_E_NSEGS);
	KUNIT_EXPECT_EQ(test, xbb_req_vet(req, &lim), XBB_E_NSEGS);
	/* A count vetting refuses still never reads past the array. */
	KUNIT_EXPECT_EQ(test, xbb_req_sectors(req), 8ULL * XBB_MAX_SEGS);
}

/*
 * Vetting reads the request's segments and no further: a garbage slot
 * just past the last one (first_sect after last_sect) does not fail it.
 */
static void
xbb_test_vet_past_nsegs(struct kunit *test)
{
	struct xbb_req *req = xbb_test_req(test, XBB_OP_WRITE, 0);

	req->xr_segs[1] = (struct xbb_seg) { .xs_first = 7, .xs_last = 0 };
	KUNIT_EXPECT_EQ(test, xbb_req_vet(req, &xbb_test_lim), XBB_E_NONE);
	KUNIT_EXPECT_EQ(test, xbb_req_sectors(req), 8ULL);
}

static void
xbb_test_vet_alignment(struct kunit *test)
{
	struct xbb_limits lim = xbb_test_lim;
	struct xbb_req *req = xbb_test_req(test, XBB_OP_READ, 8);

	/* A store with 4 KiB logical blocks. */
	lim.xl_align = 8;
	KUNIT_EXPECT_EQ(test, xbb_req_vet(req, &lim), XBB_E_NONE);
	req->xr_sector = 9;
	KUNIT_EXPECT_EQ(test, xbb_req_vet(req, &lim), XBB_E_ALIGN);
	req->xr_sector = 8;
	req->xr_segs[0].xs_first = 4;
	KUNIT_EXPECT_EQ(test, xbb_req_vet(req, &lim), XBB_E_ALIGN);
}

/*------------------------- Grant batches, responses ------------------------*/
static void
xbb_test_req2gnttab(struct kunit *test)
{
	static const grant_ref_t grefs[3] = { 10, 11, 12 };
	static const u64 addrs[3] = { 0x1000, 0x2000, 0x3000 };
	struct gnttab_map_grant_ref ops[3];

	xbb_req2gnttab(grefs, 3, addrs, 7, GNTMAP_readonly, ops);
	KUNIT_EXPECT_EQ(test, ops[2].ref, 12U);
	KUNIT_EXPECT_EQ(test, ops[2].host_addr, 0x3000ULL);
	KUNIT_EXPECT_EQ(test, ops[0].dom, 7);
	KUNIT_EXPECT_EQ(test, ops[1].flags,
	    (u32)(GNTMAP_host_map | GNTMAP_readonly));
	KUNIT_EXPECT_EQ(test, ops[1].status, GNTST_general_error);
	xbb_req2gnttab(grefs, 1, addrs, 7, 0, ops);
	KUNIT_EXPECT_EQ(test, ops[0].flags, (u32)GNTMAP_host_map);
	/* Into a page table entry: its machine address is the host address. */
	xbb_req2gnttab(grefs, 2, addrs, 7, GNTMAP_contains_pte, ops);
	KUNIT_EXPECT_EQ(test, ops[1].flags,
	    (u32)(GNTMAP_host_map | GNTMAP_contains_pte));
	KUNIT_EXPECT_EQ(test, ops[1].host_addr, 0x2000ULL);
}

static void
xbb_test_req_grefs(struct kunit *test)
{
	struct xbb_req *req = xbb_test_req(test, XBB_OP_READ, 0);
	grant_ref_t g[2];

	req->xr_nsegs = 2;
	req->xr_segs[1].xs_gref = 99;
	xbb_req_grefs(req, g);
	KUNIT_EXPECT_EQ(test, g[0], 8U);
	KUNIT_EXPECT_EQ(test, g[1], 99U);
}

/*
 * Grant batches built from arrays of exactly the request's count, so that
 * KASAN reports an operation built one past the end.
 */
static void
xbb_test_req2gnttab_exact(struct kunit *test)
{
	struct gnttab_map_grant_ref *ops;
	grant_ref_t *grefs;
	u64 *addrs;

	grefs = kunit_kcalloc(test, 3, sizeof(*grefs), GFP_KERNEL);
	addrs = kunit_kcalloc(test, 3, sizeof(*addrs), GFP_KERNEL);
	ops = kunit_kcalloc(test, 3, sizeof(*ops), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, grefs);
	KUNIT_ASSERT_NOT_NULL(test, addrs);
	KUNIT_ASSERT_NOT_NULL(test, ops);
	grefs[2] = 12;
	addrs[2] = 0x3000;
	xbb_req2gnttab(grefs, 3, addrs, 7, 0, ops);
	KUNIT_EXPECT_EQ(test, ops[2].ref, 12U);
	KUNIT_EXPECT_EQ(test, ops[2].host_addr, 0x3000ULL);
}

/* The same for the references of a request's segments. */
static void
xbb_test_req_grefs_exact(struct kunit *test)
{
	struct xbb_req *req = xbb_test_req(test, XBB_OP_READ, 0);
	grant_ref_t *g = kunit_kcalloc(test, 3, sizeof(*g), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, g);
	req->xr_nsegs = 3;
	req->xr_segs[2].xs_gref = 99;
	xbb_req_grefs(req, g);
	KUNIT_EXPECT_EQ(test, g[2], 99U);
}

static void
xbb_test_rsp2ring(struct kunit *test)
{
	u8 slot[16];
	s16 st;
	u64 id;

	memset(slot, 0xff, sizeof(slot));
	xbb_rsp2ring(XBB_ABI_X86_32, slot, 0x0102030405060708ULL,
	    BLKIF_OP_WRITE, BLKIF_RSP_ERROR);
	memcpy(&id, slot, 8);
	memcpy(&st, slot + 10, 2);
	KUNIT_EXPECT_EQ(test, id, 0x0102030405060708ULL);
	KUNIT_EXPECT_EQ(test, slot[8], BLKIF_OP_WRITE);
	KUNIT_EXPECT_EQ(test, st, BLKIF_RSP_ERROR);
	/* Nothing written past the 12 bytes of an x86_32 response. */
	KUNIT_EXPECT_EQ(test, slot[12], 0xff);

	xbb_rsp2ring(XBB_ABI_X86_64, slot, 5, BLKIF_OP_INDIRECT,
	    BLKIF_RSP_OKAY);
	memcpy(&id, slot, 8);
	memcpy(&st, slot + 10, 2);
	KUNIT_EXPECT_EQ(test, id, 5ULL);
	KUNIT_EXPECT_EQ(test, slot[8], BLKIF_OP_INDIRECT);
	KUNIT_EXPECT_EQ(test, st, BLKIF_RSP_OKAY);
}

static void
xbb_test_rsp_ring_slots(struct kunit *test)
{
	struct xbb_x86_32_sring *sring;
	struct xbb_x86_32_back_ring back;
	u8 *base;

	/* Responses land at 108-byte strides after the 64-byte header. */
	sring = kunit_kzalloc(test, XBR_PAGE_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, sring);
	SHARED_RING_INIT(sring);
	BACK_RING_INIT(&back, sring, XBR_PAGE_SIZE);
	base = (u8 *)sring;
	xbb_rsp2ring(XBB_ABI_X86_32, RING_GET_RESPONSE(&back, 2), 77,
	    BLKIF_OP_READ, 0);
	KUNIT_EXPECT_EQ(test, base[64 + 2 * 108], 77);
	xbb_rsp2ring(XBB_ABI_X86_32, RING_GET_RESPONSE(&back, 33), 78,
	    BLKIF_OP_READ, 0);
	KUNIT_EXPECT_EQ(test, base[64 + 1 * 108], 78);
}

/*
 * Five requests complete out of order (ids 3, 1, 4, 0, 2), across the
 * ring's wrap: the frontend finds five responses in consecutive slots in
 * completion order, each with its own id, operation and status; one push
 * publishes them and notifies the frontend waiting for the first, and a
 * push with nothing new does not notify again.
 */
static void
xbb_test_rsp_order_abi(struct kunit *test, enum xbb_abi abi)
{
	static const u64 done[] = { 3, 1, 4, 0, 2 };
	union xbb_back_rings rings;
	struct xbb_x86_32_front_ring f32;
	struct xbb_x86_64_front_ring f64;
	unsigned int size, i;
	RING_IDX start;
	void *sring;
	u64 id;
	s16 st;
	u8 op;
	int notify;

	sring = kunit_kzalloc(test, XBR_PAGE_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, sring);
	if (abi == XBB_ABI_X86_32) {
		SHARED_RING_INIT((struct xbb_x86_32_sring *)sring);
		size = __RING_SIZE((struct xbb_x86_32_sring *)sring,
		    XBR_PAGE_SIZE);
	} else {
		SHARED_RING_INIT((struct xbb_x86_64_sring *)sring);
		size = __RING_SIZE((struct xbb_x86_64_sring *)sring,
		    XBR_PAGE_SIZE);
	}
	start = size - 2;
	((struct xbb_x86_32_sring *)sring)->req_prod = start + 5;
	((struct xbb_x86_32_sring *)sring)->rsp_prod = start;
	/* The frontend waits for the first response. */
	((struct xbb_x86_32_sring *)sring)->rsp_event = start + 1;
	if (abi == XBB_ABI_X86_32) {
		BACK_RING_ATTACH(&rings.x86_32,
		    (struct xbb_x86_32_sring *)sring, start, XBR_PAGE_SIZE);
		FRONT_RING_ATTACH(&f32, (struct xbb_x86_32_sring *)sring, start,
		    XBR_PAGE_SIZE);
	} else {
		BACK_RING_ATTACH(&rings.x86_64,
		    (struct xbb_x86_64_sring *)sring, start, XBR_PAGE_SIZE);
		FRONT_RING_ATTACH(&f64, (struct xbb_x86_64_sring *)sring, start,
		    XBR_PAGE_SIZE);
	}
	rings.common.req_cons = start + 5;
	for (i = 0; i < ARRAY_SIZE(done); i++)
		xbb_rsp_put(abi, &rings, done[i],
		    i == 2 ? BLKIF_OP_WRITE : BLKIF_OP_READ,
		    i == 2 ? BLKIF_RSP_ERROR : BLKIF_RSP_OKAY);
	KUNIT_EXPECT_EQ(test, rings.common.rsp_prod_pvt, start + 5);
	RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(&rings.common, notify);
	KUNIT_EXPECT_TRUE(test, notify);
	KUNIT_EXPECT_EQ(test, ((struct xbb_x86_32_sring *)sring)->rsp_prod,
	    start + 5);
	for (i = 0; i < ARRAY_SIZE(done); i++) {
		if (abi == XBB_ABI_X86_32) {
			struct xbb_x86_32_response *r =
			    RING_GET_RESPONSE(&f32, start + i);

			id = r->id;
			op = r->operation;
			st = r->status;
		} else {
			struct xbb_x86_64_response *r =
			    RING_GET_RESPONSE(&f64, start + i);

			id = r->id;
			op = r->operation;
			st = r->status;
		}
		KUNIT_EXPECT_EQ(test, id, done[i]);
		KUNIT_EXPECT_EQ(test, op,
		    i == 2 ? BLKIF_OP_WRITE : BLKIF_OP_READ);
		KUNIT_EXPECT_EQ(test, st,
		    i == 2 ? BLKIF_RSP_ERROR : BLKIF_RSP_OKAY);
	}
	/* The frontend has not asked again: nothing new, no event. */
	RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(&rings.common, notify);
	KUNIT_EXPECT_FALSE(test, notify);
}

static void
xbb_test_rsp_order(struct kunit *test)
{
	xbb_test_rsp_order_abi(test, XBB_ABI_X86_32);
	xbb_test_rsp_order_abi(test, XBB_ABI_X86_64);
}

/*-------------------------------- Randomized -------------------------------*/
static void
xbb_test_random_requests(struct kunit *test)
{
	static const u8 ops[] = { BLKIF_OP_READ, BLKIF_OP_WRITE,
		BLKIF_OP_WRITE_BARRIER, BLKIF_OP_FLUSH_DISKCACHE,
		BLKIF_OP_DISCARD, BLKIF_OP_INDIRECT, 4, 7, 200 };
	struct xbb_req *req = kunit_kzalloc(test, sizeof(*req), GFP_KERNEL);
	struct xbb_limits lim = xbb_test_lim;
	unsigned int iter, i, accepted = 0;
	struct rnd_state rnd;
	u8 raw[XBB_RAW_REQ_SIZE];
	enum xbb_abi abi;
	u64 n;

	KUNIT_ASSERT_NOT_NULL(test, req);
	prandom_seed_state(&rnd, 0x5eedULL);
	for (iter = 0; iter < 20000; iter++) {
		prandom_bytes_state(&rnd, raw, sizeof(raw));
		raw[0] = ops[prandom_u32_state(&rnd) % ARRAY_SIZE(ops)];
		/* Keep some counts small enough to pass. */
		if (iter % 2 == 0)
			raw[1] = raw[1] % 13;
		abi = iter % 3 == 0 ? XBB_ABI_X86_32 : XBB_ABI_X86_64;
		lim.xl_features = xbb_test_lim.xl_features |
		    (iter % 5 == 0 ? XBB_F_READONLY : 0);
		lim.xl_sectors =
		    iter % 7 == 0 ? U64_MAX : xbb_test_lim.xl_sectors;
		KUNIT_ASSERT_EQ(test, xbb_ring2req(abi, raw, req), 0);
		if (req->xr_indirect && req->xr_nsegs <= XBB_MAX_SEGS) {
			for (i = 0; i < req->xr_nsegs; i++) {
				req->xr_segs[i].xs_gref = i;
				req->xr_segs[i].xs_first =
				    prandom_u32_state(&rnd) % 9;
				req->xr_segs[i].xs_last =
				    prandom_u32_state(&rnd) % 9;
			}
		}
		if (xbb_req_vet(req, &lim) != XBB_E_NONE)
			continue;
		/* Whatever is accepted must respect every rule. */
		accepted++;
		KUNIT_ASSERT_NE(test, req->xr_op, XBB_OP_UNKNOWN);
		if (req->xr_indirect) {
			KUNIT_ASSERT_GE(test, req->xr_nsegs, 1U);
			KUNIT_ASSERT_LE(test, req->xr_nsegs,
			    lim.xl_max_indirect);
		} else {
			KUNIT_ASSERT_LE(test, req->xr_nsegs,
			    (unsigned int)BLKIF_MAX_SEGMENTS_PER_REQUEST);
		}
		if ((lim.xl_features & XBB_F_READONLY) != 0)
			KUNIT_ASSERT_TRUE(test,
			    req->xr_op == XBB_OP_READ ||
				(req->xr_nsegs == 0 &&
				    req->xr_op != XBB_OP_DISCARD));
		n = req->xr_nr_sectors;
		if (req->xr_op != XBB_OP_DISCARD) {
			for (i = 0; i < req->xr_nsegs; i++) {
				KUNIT_ASSERT_LE(test, req->xr_segs[i].xs_first,
				    req->xr_segs[i].xs_last);
				KUNIT_ASSERT_LT(test, req->xr_segs[i].xs_last,
				    (u8)XBB_SECTORS_PER_PAGE);
			}
			n = xbb_req_sectors(req);
		}
		if (n == 0) {
			/* Only a pure flush or barrier moves nothing. */
			KUNIT_ASSERT_TRUE(test,
			    req->xr_op == XBB_OP_FLUSH ||
				req->xr_op == XBB_OP_BARRIER);
			continue;
		}
		KUNIT_ASSERT_LE(test, req->xr_sector, lim.xl_sectors);
		KUNIT_ASSERT_LE(test, n, lim.xl_sectors - req->xr_sector);
	}
	/* The generator must exercise the accepting paths too. */
	KUNIT_EXPECT_GT(test, accepted, 100U);
}

static struct kunit_case xbb_req_cases[] = { KUNIT_CASE(xbb_test_layout_x86_64),
	KUNIT_CASE(xbb_test_layout_x86_32), KUNIT_CASE(xbb_test_ring_sizes),
	KUNIT_CASE(xbb_test_ring2req_rw64), KUNIT_CASE(xbb_test_ring2req_rw32),
	KUNIT_CASE(xbb_test_ring2req_discard),
	KUNIT_CASE(xbb_test_ring2req_indirect),
	KUNIT_CASE(xbb_test_ring2req_indirect_bad_op),
	KUNIT_CASE(xbb_test_ring2req_unknown),
	KUNIT_CASE(xbb_test_ring2req_too_many_segs),
	KUNIT_CASE(xbb_test_ring2req_indirect_max_pages),
	KUNIT_CASE(xbb_test_indirect2segs),
	KUNIT_CASE(xbb_test_indirect2segs_exact),
	KUNIT_CASE(xbb_test_vet_rw_ok), KUNIT_CASE(xbb_test_vet_nsegs),
	KUNIT_CASE(xbb_test_vet_segment), KUNIT_CASE(xbb_test_vet_range),
	KUNIT_CASE(xbb_test_vet_readonly),
	KUNIT_CASE(xbb_test_vet_flush_barrier),
	KUNIT_CASE(xbb_test_vet_discard), KUNIT_CASE(xbb_test_vet_indirect),
	KUNIT_CASE(xbb_test_vet_max_segs), KUNIT_CASE(xbb_test_vet_past_nsegs),
	KUNIT_CASE(xbb_test_vet_alignment), KUNIT_CASE(xbb_test_req2gnttab),
	KUNIT_CASE(xbb_test_req2gnttab_exact), KUNIT_CASE(xbb_test_req_grefs),
	KUNIT_CASE(xbb_test_req_grefs_exact), KUNIT_CASE(xbb_test_rsp2ring),
	KUNIT_CASE(xbb_test_rsp_order), KUNIT_CASE(xbb_test_rsp_ring_slots),
	KUNIT_CASE(xbb_test_random_requests), {} };

static struct kunit_suite xbb_req_suite = {
	.name = "xbb_req",
	.test_cases = xbb_req_cases,
};
kunit_test_suite(xbb_req_suite);

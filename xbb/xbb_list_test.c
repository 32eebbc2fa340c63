// SPDX-License-Identifier: GPL-2.0-only
/*
 * xbb_list_test.c: KUnit suite for request coalescing.  Included at the
 * end of xbb_list.c under CONFIG_XBB_KUNIT_TEST.
 *
 * The lists are formed by xbb_test_plan(), which drives
 * xbb_list_start/joinable/join exactly as xbb_fetch() does while it
 * drains a ring.  Cases: contiguous and non-contiguous sectors, mixed
 * operations, flushes, barriers and discards as fences, the segment and
 * member caps, coalescing off, I/O vectors of a list (pages, and one
 * contiguous kernel buffer), per-member responses after merged
 * completions (a failed list fails exactly its members), and a
 * randomized comparison with an independent statement of the rules.
 */
#include <kunit/test.h>
#include <linux/prandom.h>

#define XBB_TEST_LIST_MAX 64

static const struct xbb_list_caps xbb_test_caps = {
	.xlc_max_reqs = 32,
	.xlc_max_segs = 256,
};

/* Make R a test request: OP at SECTOR with NSEGS full pages. */
static void
xbb_test_lreq(struct xbb_req *r, enum xbb_op op, u64 sector, unsigned int nsegs)
{
	unsigned int i;

	memset(r, 0, sizeof(*r));
	r->xr_op = op;
	r->xr_sector = sector;
	r->xr_nsegs = nsegs;
	for (i = 0; i < nsegs; i++)
		r->xr_segs[i] = (struct xbb_seg) { .xs_gref = 100 + i,
			.xs_first = 0,
			.xs_last = 7 };
	if (op == XBB_OP_DISCARD)
		r->xr_nr_sectors = 8;
}

static struct xbb_req *
xbb_test_lreqs(struct kunit *test, unsigned int n)
{
	struct xbb_req *r = kunit_kcalloc(test, n, sizeof(*r), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, r);
	return r;
}

/*
 * Gather N requests into lists as the fetch loop does; LIST[i] is the
 * list request i belongs to.  Returns the number of lists.
 */
static unsigned int
xbb_test_plan(const struct xbb_req *r, unsigned int n,
    const struct xbb_list_caps *caps, unsigned int *list)
{
	struct xbb_list_shape c;
	unsigned int i, nlists = 0;

	for (i = 0; i < n; i++) {
		if (nlists > 0 && xbb_list_joinable(&c, &r[i], caps)) {
			xbb_list_join(&c, &r[i]);
		} else {
			xbb_list_start(&c, &r[i]);
			nlists++;
		}
		list[i] = nlists - 1;
	}
	return nlists;
}

/*-------------------------------- Gathering --------------------------------*/
static void
xbb_test_list_contiguous(struct kunit *test)
{
	struct xbb_req *r = xbb_test_lreqs(test, 4);
	unsigned int list[4], i;
	struct xbb_list_shape c;

	for (i = 0; i < 4; i++)
		xbb_test_lreq(&r[i], XBB_OP_WRITE, 1000 + 8 * i, 1);
	KUNIT_EXPECT_EQ(test, xbb_test_plan(r, 4, &xbb_test_caps, list), 1U);
	xbb_list_start(&c, &r[0]);
	for (i = 1; i < 4; i++)
		xbb_list_join(&c, &r[i]);
	KUNIT_EXPECT_EQ(test, c.xls_sector, 1000ULL);
	KUNIT_EXPECT_EQ(test, c.xls_end, 1032ULL);
	KUNIT_EXPECT_EQ(test, c.xls_nsegs, 4U);
	KUNIT_EXPECT_EQ(test, c.xls_nreqs, 4U);
	KUNIT_EXPECT_EQ(test, c.xls_op, XBB_OP_WRITE);
}

/* Partial pages: contiguity is in sectors, whatever the page offsets. */
static void
xbb_test_list_partial(struct kunit *test)
{
	struct xbb_req *r = xbb_test_lreqs(test, 3);
	unsigned int list[3];

	xbb_test_lreq(&r[0], XBB_OP_READ, 0, 1);
	r[0].xr_segs[0].xs_last = 3; /* sectors 0-3 */
	xbb_test_lreq(&r[1], XBB_OP_READ, 4, 1);
	r[1].xr_segs[0].xs_first = 2; /* sectors 4-9, bytes 1 KiB into it */
	r[1].xr_segs[0].xs_last = 7;
	xbb_test_lreq(&r[2], XBB_OP_READ, 10, 2);
	KUNIT_EXPECT_EQ(test, xbb_test_plan(r, 3, &xbb_test_caps, list), 1U);
	/* One sector short of contiguous: a new list. */
	r[2].xr_sector = 11;
	KUNIT_EXPECT_EQ(test, xbb_test_plan(r, 3, &xbb_test_caps, list), 2U);
	KUNIT_EXPECT_EQ(test, list[2], 1U);
}

static void
xbb_test_list_noncontiguous(struct kunit *test)
{
	struct xbb_req *r = xbb_test_lreqs(test, 5);
	unsigned int list[5];

	xbb_test_lreq(&r[0], XBB_OP_READ, 0, 1);
	xbb_test_lreq(&r[1], XBB_OP_READ, 16, 1); /* a gap */
	xbb_test_lreq(&r[2], XBB_OP_READ, 8, 1);  /* backwards */
	xbb_test_lreq(&r[3], XBB_OP_READ, 12, 1); /* overlaps */
	xbb_test_lreq(&r[4], XBB_OP_READ, 20, 1); /* follows 3 */
	KUNIT_EXPECT_EQ(test, xbb_test_plan(r, 5, &xbb_test_caps, list), 4U);
	KUNIT_EXPECT_EQ(test, list[0], 0U);
	KUNIT_EXPECT_EQ(test, list[1], 1U);
	KUNIT_EXPECT_EQ(test, list[2], 2U);
	KUNIT_EXPECT_EQ(test, list[3], 3U);
	KUNIT_EXPECT_EQ(test, list[4], 3U);
}

static void
xbb_test_list_mixed_ops(struct kunit *test)
{
	struct xbb_req *r = xbb_test_lreqs(test, 4);
	unsigned int list[4];

	xbb_test_lreq(&r[0], XBB_OP_READ, 0, 1);
	xbb_test_lreq(&r[1], XBB_OP_WRITE, 8, 1);
	xbb_test_lreq(&r[2], XBB_OP_READ, 16, 1);
	xbb_test_lreq(&r[3], XBB_OP_READ, 24, 1);
	/* A read after a write never joins the read list before the write. */
	KUNIT_EXPECT_EQ(test, xbb_test_plan(r, 4, &xbb_test_caps, list), 3U);
	KUNIT_EXPECT_EQ(test, list[1], 1U);
	KUNIT_EXPECT_EQ(test, list[2], 2U);
	KUNIT_EXPECT_EQ(test, list[3], 2U);
}

/* Flush, barrier and discard split the writes around them. */
static void
xbb_test_list_fences(struct kunit *test)
{
	static const enum xbb_op fences[] = { XBB_OP_FLUSH, XBB_OP_BARRIER,
		XBB_OP_DISCARD };
	struct xbb_req *r = xbb_test_lreqs(test, 4);
	unsigned int list[4], f, nsegs;
	struct xbb_list_shape c;

	for (f = 0; f < ARRAY_SIZE(fences); f++) {
		for (nsegs = 0; nsegs <= 1; nsegs++) {
			if (fences[f] == XBB_OP_DISCARD && nsegs > 0)
				continue;
			xbb_test_lreq(&r[0], XBB_OP_WRITE, 0, 1);
			xbb_test_lreq(&r[1], fences[f], 8, nsegs);
			xbb_test_lreq(&r[2], XBB_OP_WRITE, 16, 1);
			xbb_test_lreq(&r[3], XBB_OP_WRITE, 24, 1);
			KUNIT_EXPECT_EQ(test,
			    xbb_test_plan(r, 4, &xbb_test_caps, list), 3U);
			KUNIT_EXPECT_EQ(test, list[0], 0U);
			KUNIT_EXPECT_EQ(test, list[1], 1U);
			KUNIT_EXPECT_EQ(test, list[2], 2U);
			KUNIT_EXPECT_EQ(test, list[3], 2U);
			/* Nor does a fence join a write list... */
			xbb_list_start(&c, &r[0]);
			KUNIT_EXPECT_FALSE(test,
			    xbb_list_joinable(&c, &r[1], &xbb_test_caps));
			/* ...or take a write that follows it. */
			xbb_list_start(&c, &r[1]);
			KUNIT_EXPECT_FALSE(test,
			    xbb_list_joinable(&c, &r[2], &xbb_test_caps));
			KUNIT_EXPECT_FALSE(test, xbb_list_coalescable(&r[1]));
		}
	}
}

static void
xbb_test_list_caps(struct kunit *test)
{
	struct xbb_list_caps caps = { .xlc_max_reqs = 32,
		.xlc_max_segs = 32 };
	struct xbb_req *r = xbb_test_lreqs(test, 7);
	unsigned int list[7], i;

	/* 11-segment requests, 32 segments a list: two a list. */
	for (i = 0; i < 7; i++)
		xbb_test_lreq(&r[i], XBB_OP_WRITE, 88 * i, 11);
	KUNIT_EXPECT_EQ(test, xbb_test_plan(r, 7, &caps, list), 4U);
	for (i = 0; i < 7; i++)
		KUNIT_EXPECT_EQ(test, list[i], i / 2);
	/* Exactly at the cap is allowed: 32 = 16 + 16. */
	xbb_test_lreq(&r[0], XBB_OP_WRITE, 0, 16);
	xbb_test_lreq(&r[1], XBB_OP_WRITE, 128, 16);
	KUNIT_EXPECT_EQ(test, xbb_test_plan(r, 2, &caps, list), 1U);
	/* Three members a list. */
	caps.xlc_max_segs = 256;
	caps.xlc_max_reqs = 3;
	for (i = 0; i < 7; i++)
		xbb_test_lreq(&r[i], XBB_OP_READ, 8 * i, 1);
	KUNIT_EXPECT_EQ(test, xbb_test_plan(r, 7, &caps, list), 3U);
	for (i = 0; i < 7; i++)
		KUNIT_EXPECT_EQ(test, list[i], i / 3);
	/* A single request larger than the cap still makes its own list. */
	caps.xlc_max_segs = 8;
	xbb_test_lreq(&r[0], XBB_OP_READ, 0, 11);
	xbb_test_lreq(&r[1], XBB_OP_READ, 88, 1);
	KUNIT_EXPECT_EQ(test, xbb_test_plan(r, 2, &caps, list), 2U);
}

/* xbb.coalesce=0 is a member cap of 1: every request its own list. */
static void
xbb_test_list_off(struct kunit *test)
{
	const struct xbb_list_caps off = { .xlc_max_reqs = 1,
		.xlc_max_segs = 256 };
	struct xbb_req *r = xbb_test_lreqs(test, 8);
	unsigned int list[8], i;

	for (i = 0; i < 8; i++)
		xbb_test_lreq(&r[i], XBB_OP_WRITE, 8 * i, 1);
	KUNIT_EXPECT_EQ(test, xbb_test_plan(r, 8, &off, list), 8U);
	KUNIT_EXPECT_EQ(test, xbb_test_plan(r, 8, &xbb_test_caps, list), 1U);
}

/*
 * A new list is held open only for a data request, with coalescing on,
 * while the queue has I/O at the store.
 */
static void
xbb_test_list_hold(struct kunit *test)
{
	const struct xbb_list_caps off = { .xlc_max_reqs = 1,
		.xlc_max_segs = 256 };
	struct xbb_req *r = xbb_test_lreqs(test, 3);

	xbb_test_lreq(&r[0], XBB_OP_WRITE, 0, 1);
	xbb_test_lreq(&r[1], XBB_OP_READ, 8, 2);
	xbb_test_lreq(&r[2], XBB_OP_FLUSH, 0, 0);
	KUNIT_EXPECT_TRUE(test, xbb_list_hold(&r[0], &xbb_test_caps, 1));
	KUNIT_EXPECT_TRUE(test, xbb_list_hold(&r[1], &xbb_test_caps, 7));
	/* An idle store: issue at once. */
	KUNIT_EXPECT_FALSE(test, xbb_list_hold(&r[0], &xbb_test_caps, 0));
	KUNIT_EXPECT_FALSE(test, xbb_list_hold(&r[1], &xbb_test_caps, 0));
	/* Coalescing off, or a fence: never held. */
	KUNIT_EXPECT_FALSE(test, xbb_list_hold(&r[0], &off, 3));
	KUNIT_EXPECT_FALSE(test, xbb_list_hold(&r[2], &xbb_test_caps, 3));
}

/*-------------------------------- I/O vectors ------------------------------*/
/* A list's vector: every member's segments in order, over its pages. */
static void
xbb_test_list_bvec(struct kunit *test)
{
	struct xbb_req *r = xbb_test_lreqs(test, 2);
	struct page *pages[4];
	struct bio_vec bv[4];
	unsigned int n, i;

	/* Fake page pointers: only stored, never dereferenced. */
	for (i = 0; i < 4; i++)
		pages[i] = (struct page *)(0x1000UL * (i + 1));
	xbb_test_lreq(&r[0], XBB_OP_READ, 0, 3);
	r[0].xr_segs[0].xs_first = 1;
	r[0].xr_segs[2].xs_last = 6;
	xbb_test_lreq(&r[1], XBB_OP_READ, 22, 1);
	r[1].xr_segs[0].xs_first = 7;
	n = xbb_req2bvec(&r[0], pages, bv);
	n += xbb_req2bvec(&r[1], pages + n, bv + n);
	KUNIT_ASSERT_EQ(test, n, 4U);
	KUNIT_EXPECT_PTR_EQ(test, bv[0].bv_page, pages[0]);
	KUNIT_EXPECT_EQ(test, bv[0].bv_offset, 512U);
	KUNIT_EXPECT_EQ(test, bv[0].bv_len, 3584U);
	KUNIT_EXPECT_EQ(test, bv[1].bv_offset, 0U);
	KUNIT_EXPECT_EQ(test, bv[1].bv_len, 4096U);
	KUNIT_EXPECT_EQ(test, bv[2].bv_len, 3584U);
	KUNIT_EXPECT_PTR_EQ(test, bv[3].bv_page, pages[3]);
	KUNIT_EXPECT_EQ(test, bv[3].bv_offset, 3584U);
	KUNIT_EXPECT_EQ(test, bv[3].bv_len, 512U);
	/* The vector covers exactly the list's sectors. */
	KUNIT_EXPECT_EQ(test,
	    (bv[0].bv_len + bv[1].bv_len + bv[2].bv_len + bv[3].bv_len) >> 9,
	    (unsigned int)(xbb_req_sectors(&r[0]) + xbb_req_sectors(&r[1])));
}

/*
 * A list's kernel vector over the pool's virtual range: whole pages make
 * one contiguous buffer across members; a segment that does not start
 * where the last one ended starts a new entry.
 */
static void
xbb_test_list_kvec(struct kunit *test)
{
	struct xbb_req *r = xbb_test_lreqs(test, 3);
	char *base = (char *)0x100000; /* fake: only compared */
	char *other = (char *)0x900000; /* a persistent mapping's page */
	void *vas[8];
	struct kvec kv[8];
	unsigned int i, n;

	for (i = 0; i < ARRAY_SIZE(vas); i++)
		vas[i] = base + i * XBR_PAGE_SIZE;
	xbb_test_lreq(&r[0], XBB_OP_WRITE, 0, 2);
	xbb_test_lreq(&r[1], XBB_OP_WRITE, 16, 3);
	n = xbb_req2kvec(&r[0], vas, kv, 0);
	n = xbb_req2kvec(&r[1], vas + 2, kv, n);
	KUNIT_ASSERT_EQ(test, n, 1U);
	KUNIT_EXPECT_PTR_EQ(test, kv[0].iov_base, (void *)base);
	KUNIT_EXPECT_EQ(test, kv[0].iov_len, 5 * XBR_PAGE_SIZE);

	/* A first segment may start late and a last one end early... */
	r[0].xr_segs[0].xs_first = 3;
	r[1].xr_segs[2].xs_last = 0;
	n = xbb_req2kvec(&r[0], vas, kv, 0);
	n = xbb_req2kvec(&r[1], vas + 2, kv, n);
	KUNIT_ASSERT_EQ(test, n, 1U);
	KUNIT_EXPECT_PTR_EQ(test, kv[0].iov_base, (void *)(base + 1536));
	KUNIT_EXPECT_EQ(test, kv[0].iov_len, 4 * XBR_PAGE_SIZE - 1536 + 512);

	/* ...but a gap inside the list splits the buffer. */
	xbb_test_lreq(&r[2], XBB_OP_WRITE, 0, 3);
	r[2].xr_segs[0].xs_last = 5;
	r[2].xr_segs[2].xs_first = 1;
	n = xbb_req2kvec(&r[2], vas, kv, 0);
	KUNIT_ASSERT_EQ(test, n, 3U);
	KUNIT_EXPECT_EQ(test, kv[0].iov_len, 3072U);
	KUNIT_EXPECT_PTR_EQ(test, kv[1].iov_base,
	    (void *)(base + XBR_PAGE_SIZE));
	KUNIT_EXPECT_EQ(test, kv[1].iov_len, XBR_PAGE_SIZE);
	KUNIT_EXPECT_PTR_EQ(test, kv[2].iov_base,
	    (void *)(base + 2 * XBR_PAGE_SIZE + 512));
	KUNIT_EXPECT_EQ(test, kv[2].iov_len, 3584U);

	/*
	 * Whole pages, the middle one a persistent mapping elsewhere: three
	 * entries, each at its own page; two persistent pages that happen
	 * to follow each other make one.
	 */
	xbb_test_lreq(&r[2], XBB_OP_WRITE, 0, 3);
	vas[1] = other;
	n = xbb_req2kvec(&r[2], vas, kv, 0);
	KUNIT_ASSERT_EQ(test, n, 3U);
	KUNIT_EXPECT_PTR_EQ(test, kv[0].iov_base, (void *)base);
	KUNIT_EXPECT_PTR_EQ(test, kv[1].iov_base, (void *)other);
	KUNIT_EXPECT_EQ(test, kv[1].iov_len, XBR_PAGE_SIZE);
	KUNIT_EXPECT_PTR_EQ(test, kv[2].iov_base,
	    (void *)(base + 2 * XBR_PAGE_SIZE));
	vas[2] = other + XBR_PAGE_SIZE;
	n = xbb_req2kvec(&r[2], vas, kv, 0);
	KUNIT_ASSERT_EQ(test, n, 2U);
	KUNIT_EXPECT_EQ(test, kv[1].iov_len, 2 * XBR_PAGE_SIZE);
}

/*
 * One member's vectors built from arrays of exactly its segment count, so
 * that KASAN reports an entry read or written one past the end.
 */
static void
xbb_test_list_vec_exact(struct kunit *test)
{
	struct xbb_req *r = xbb_test_lreqs(test, 1);
	char *base = (char *)0x100000; /* fake: only compared */
	struct page **pages;
	struct bio_vec *bv;
	struct kvec *kv;
	void **vas;
	unsigned int i;

	pages = kunit_kcalloc(test, 3, sizeof(*pages), GFP_KERNEL);
	bv = kunit_kcalloc(test, 3, sizeof(*bv), GFP_KERNEL);
	vas = kunit_kcalloc(test, 3, sizeof(*vas), GFP_KERNEL);
	kv = kunit_kcalloc(test, 3, sizeof(*kv), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, pages);
	KUNIT_ASSERT_NOT_NULL(test, bv);
	KUNIT_ASSERT_NOT_NULL(test, vas);
	KUNIT_ASSERT_NOT_NULL(test, kv);
	for (i = 0; i < 3; i++) {
		pages[i] = (struct page *)(0x1000UL * (i + 1));
		vas[i] = base + 2 * i * XBR_PAGE_SIZE;
	}
	xbb_test_lreq(r, XBB_OP_READ, 0, 3);
	KUNIT_EXPECT_EQ(test, xbb_req2bvec(r, pages, bv), 3U);
	KUNIT_EXPECT_PTR_EQ(test, bv[2].bv_page, pages[2]);
	/* Pages apart in the virtual range: one entry each. */
	KUNIT_EXPECT_EQ(test, xbb_req2kvec(r, vas, kv, 0), 3U);
	KUNIT_EXPECT_PTR_EQ(test, kv[2].iov_base, vas[2]);
}

/*-------------------------------- Completion -------------------------------*/
/*
 * Three lists on a ring: {ids 10, 11, 12}, {20, 21} and {30}.  They
 * complete in the order 2, 1, 3; list 2's I/O fails, and id 11's grant
 * did not map.  Each request is answered once with its own id and
 * operation; exactly list 2's members and id 11 report an error.
 */
static void
xbb_test_list_responses(struct kunit *test)
{
	static const u64 ids[3][3] = { { 10, 11, 12 }, { 20, 21 }, { 30 } };
	static const unsigned int nmem[3] = { 3, 2, 1 };
	static const unsigned int order[3] = { 1, 0, 2 };
	union xbb_back_rings rings;
	struct xbb_x86_64_front_ring f;
	struct xbb_x86_64_sring *sring;
	struct xbb_x86_64_response *rsp;
	unsigned int l, m, i, seen = 0;
	s16 list_status, own;

	sring = kunit_kzalloc(test, XBR_PAGE_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, sring);
	SHARED_RING_INIT(sring);
	BACK_RING_INIT(&rings.x86_64, sring, XBR_PAGE_SIZE);
	FRONT_RING_INIT(&f, sring, XBR_PAGE_SIZE);
	rings.common.req_cons = 6;
	for (i = 0; i < 3; i++) {
		l = order[i];
		list_status = l == 1 ? BLKIF_RSP_ERROR : BLKIF_RSP_OKAY;
		for (m = 0; m < nmem[l]; m++) {
			own =
			    ids[l][m] == 11 ? BLKIF_RSP_ERROR : BLKIF_RSP_OKAY;
			xbb_rsp_put(XBB_ABI_X86_64, &rings, ids[l][m],
			    l == 0 ? BLKIF_OP_READ : BLKIF_OP_WRITE,
			    xbb_list_member_status(list_status, own));
		}
	}
	RING_PUSH_RESPONSES(&rings.common);
	KUNIT_ASSERT_EQ(test, sring->rsp_prod, 6U);
	for (i = 0; i < 3; i++) {
		l = order[i];
		for (m = 0; m < nmem[l]; m++, seen++) {
			rsp = RING_GET_RESPONSE(&f, seen);
			KUNIT_EXPECT_EQ(test, rsp->id, ids[l][m]);
			KUNIT_EXPECT_EQ(test, rsp->operation,
			    l == 0 ? BLKIF_OP_READ : BLKIF_OP_WRITE);
			KUNIT_EXPECT_EQ(test, rsp->status,
			    (l == 1 || rsp->id == 11) ? BLKIF_RSP_ERROR :
							BLKIF_RSP_OKAY);
		}
	}
	/* A member's own "not supported" also wins over a good list. */
	KUNIT_EXPECT_EQ(test,
	    xbb_list_member_status(BLKIF_RSP_OKAY, BLKIF_RSP_EOPNOTSUPP),
	    BLKIF_RSP_EOPNOTSUPP);
	KUNIT_EXPECT_EQ(test,
	    xbb_list_member_status(BLKIF_RSP_ERROR, BLKIF_RSP_OKAY),
	    BLKIF_RSP_ERROR);
}

/*-------------------------------- Randomized -------------------------------*/
/*
 * Random request sequences (operations, sectors that are often but not
 * always contiguous, sizes, caps), gathered by xbb_test_plan() and
 * checked against the rules stated independently: members of a list are
 * consecutive requests of one read or write operation, each starting
 * where the one before it ended, within both caps; a list ends only
 * where the next request could not have joined it.
 */
static void
xbb_test_list_random(struct kunit *test)
{
	static const enum xbb_op ops[] = { XBB_OP_READ, XBB_OP_WRITE,
		XBB_OP_READ, XBB_OP_WRITE, XBB_OP_FLUSH, XBB_OP_BARRIER,
		XBB_OP_DISCARD };
	struct xbb_req *r = xbb_test_lreqs(test, XBB_TEST_LIST_MAX);
	unsigned int list[XBB_TEST_LIST_MAX];
	struct xbb_list_caps caps;
	struct rnd_state rnd;
	unsigned int run, i, j, n, nlists, first, segs, reqs, merged = 0;
	enum xbb_op op;
	u64 end, sector;
	bool rw, fits;

	prandom_seed_state(&rnd, 5);
	for (run = 0; run < 2000; run++) {
		n = 1 + prandom_u32_state(&rnd) % XBB_TEST_LIST_MAX;
		caps.xlc_max_reqs = 1 + prandom_u32_state(&rnd) % 8;
		caps.xlc_max_segs = 1 + prandom_u32_state(&rnd) % 40;
		sector = 0;
		for (i = 0; i < n; i++) {
			op = ops[prandom_u32_state(&rnd) % ARRAY_SIZE(ops)];
			segs = op == XBB_OP_DISCARD ?
			    0 :
			    prandom_u32_state(&rnd) % 12;
			if ((op == XBB_OP_READ || op == XBB_OP_WRITE) &&
			    segs == 0)
				segs = 1;
			/* Mostly where the last one ended. */
			if (prandom_u32_state(&rnd) % 4 == 0)
				sector = prandom_u32_state(&rnd) % 4096;
			xbb_test_lreq(&r[i], op, sector, segs);
			sector += 8 * segs;
		}
		nlists = xbb_test_plan(r, n, &caps, list);
		KUNIT_ASSERT_GE(test, nlists, 1U);
		KUNIT_ASSERT_LE(test, nlists, n);
		first = 0;
		for (i = 0; i <= n; i++) {
			if (i < n && list[i] == list[first])
				continue;
			/* Requests first..i-1 form one list. */
			KUNIT_ASSERT_EQ(test, list[first],
			    first == 0 ? 0U : list[first - 1] + 1);
			op = r[first].xr_op;
			rw = op == XBB_OP_READ || op == XBB_OP_WRITE;
			end = r[first].xr_sector + 8 * r[first].xr_nsegs;
			segs = r[first].xr_nsegs;
			reqs = i - first;
			if (reqs > 1) {
				KUNIT_ASSERT_TRUE(test, rw);
				merged += reqs - 1;
			}
			KUNIT_ASSERT_LE(test, reqs, max(caps.xlc_max_reqs, 1U));
			for (j = first + 1; j < i; j++) {
				KUNIT_ASSERT_EQ(test, r[j].xr_op, op);
				KUNIT_ASSERT_EQ(test, r[j].xr_sector, end);
				end += 8 * r[j].xr_nsegs;
				segs += r[j].xr_nsegs;
			}
			if (reqs > 1)
				KUNIT_ASSERT_LE(test, segs, caps.xlc_max_segs);
			/* Greedy: the next request could not have joined. */
			if (i < n) {
				fits = rw && r[i].xr_op == op &&
				    r[i].xr_sector == end &&
				    reqs < caps.xlc_max_reqs &&
				    segs + r[i].xr_nsegs <= caps.xlc_max_segs;
				KUNIT_ASSERT_FALSE(test, fits);
			}
			first = i;
		}
	}
	/* The sequences must have exercised merging, not only splitting. */
	KUNIT_EXPECT_GT(test, merged, 1000U);
}

static struct kunit_case xbb_list_cases[] = {
	KUNIT_CASE(xbb_test_list_contiguous),
	KUNIT_CASE(xbb_test_list_partial),
	KUNIT_CASE(xbb_test_list_noncontiguous),
	KUNIT_CASE(xbb_test_list_mixed_ops),
	KUNIT_CASE(xbb_test_list_fences),
	KUNIT_CASE(xbb_test_list_caps),
	KUNIT_CASE(xbb_test_list_off),
	KUNIT_CASE(xbb_test_list_hold),
	KUNIT_CASE(xbb_test_list_bvec),
	KUNIT_CASE(xbb_test_list_kvec),
	KUNIT_CASE(xbb_test_list_vec_exact),
	KUNIT_CASE(xbb_test_list_responses),
	KUNIT_CASE(xbb_test_list_random),
	{},
};

static struct kunit_suite xbb_list_suite = {
	.name = "xbb_list",
	.test_cases = xbb_list_cases,
};
kunit_test_suite(xbb_list_suite);

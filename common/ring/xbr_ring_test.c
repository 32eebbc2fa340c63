// SPDX-License-Identifier: GPL-2.0-only
/*
 * xbr_ring_test.c: KUnit suite for ring negotiation and index checks.
 * Included at the end of xbr_ring.c under CONFIG_XBR_KUNIT_TEST.
 */
#include <kunit/test.h>
#include <xen/interface/io/blkif.h>
#include <xen/interface/io/netif.h>

#include "../../kunit/xbt.h"

#define FE "/local/domain/7/device/vbd/51712"
#define BE "/local/domain/0/backend/vbd/7/51712"

/*---------------------------------- Sizes ----------------------------------*/
static void
xbr_test_size_matches_ring_h(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, xbr_ring_size(sizeof(union blkif_sring_entry), 1),
	    (unsigned int)__CONST_RING_SIZE(blkif, XBR_PAGE_SIZE));
	KUNIT_EXPECT_EQ(test, xbr_ring_size(sizeof(union blkif_sring_entry), 1),
	    32U);
	KUNIT_EXPECT_EQ(test, xbr_ring_size(sizeof(union blkif_sring_entry), 2),
	    (unsigned int)__CONST_RING_SIZE(blkif, 2 * XBR_PAGE_SIZE));
	KUNIT_EXPECT_EQ(test,
	    xbr_ring_size(sizeof(union blkif_sring_entry), 16),
	    (unsigned int)__CONST_RING_SIZE(blkif, 16 * XBR_PAGE_SIZE));
	KUNIT_EXPECT_EQ(test,
	    xbr_ring_size(sizeof(union xen_netif_tx_sring_entry), 1),
	    (unsigned int)__CONST_RING_SIZE(xen_netif_tx, XBR_PAGE_SIZE));
	KUNIT_EXPECT_EQ(test,
	    xbr_ring_size(sizeof(union xen_netif_rx_sring_entry), 1), 256U);
}

static void
xbr_test_size_degenerate(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, xbr_ring_size(XBR_PAGE_SIZE, 1), 0U);
	KUNIT_EXPECT_EQ(test, xbr_ring_size(0, 1), 0U);
	KUNIT_EXPECT_EQ(test, xbr_ring_size(64, 0), 0U);
}

/*------------------------------- Publishing --------------------------------*/
static void
xbr_test_publish_single_page(struct kunit *test)
{
	struct xbt_store *st = xbt_store_new(test);

	/* FreeBSD 2012-03-25: one page means no extension nodes at all. */
	KUNIT_EXPECT_EQ(test, xbr_publish_limits(&st->xt_xs, BE, 0), 0);
	KUNIT_EXPECT_NULL(test, xbt_get(st, BE, "max-ring-page-order"));
	KUNIT_EXPECT_NULL(test, xbt_get(st, BE, "max-ring-pages"));
	KUNIT_EXPECT_EQ(test, st->xt_starts, 0U);
}

static void
xbr_test_publish_both_schemes(struct kunit *test)
{
	struct xbt_store *st = xbt_store_new(test);

	KUNIT_EXPECT_EQ(test, xbr_publish_limits(&st->xt_xs, BE, 4), 0);
	KUNIT_EXPECT_STREQ(test, xbt_get(st, BE, "max-ring-page-order"), "4");
	KUNIT_EXPECT_STREQ(test, xbt_get(st, BE, "max-ring-pages"), "16");
	st = xbt_store_new(test);
	KUNIT_EXPECT_EQ(test, xbr_publish_limits(&st->xt_xs, BE, 1), 0);
	KUNIT_EXPECT_STREQ(test, xbt_get(st, BE, "max-ring-page-order"), "1");
	KUNIT_EXPECT_STREQ(test, xbt_get(st, BE, "max-ring-pages"), "2");
	KUNIT_EXPECT_EQ(test, xbr_publish_limits(&st->xt_xs, BE, 5), -EINVAL);
}

/*------------------------------- Negotiation -------------------------------*/
static void
xbr_test_layout_single(struct kunit *test)
{
	struct xbt_store *st = xbt_store_new(test);
	struct xbr_layout lay;

	xbt_set(st, FE, "ring-ref", "8");
	xbt_set(st, FE, "event-channel", "17");
	KUNIT_ASSERT_EQ(test, xbr_read_layout(&st->xt_xs, FE, 4, &lay), 0);
	KUNIT_EXPECT_EQ(test, lay.xrl_scheme, XBR_SCHEME_SINGLE);
	KUNIT_EXPECT_EQ(test, lay.xrl_npages, 1U);
	KUNIT_EXPECT_EQ(test, lay.xrl_refs[0], 8U);
	KUNIT_EXPECT_EQ(test, lay.xrl_evtchn, 17U);
}

static void
xbr_test_layout_single_numbered(struct kunit *test)
{
	struct xbt_store *st = xbt_store_new(test);
	struct xbr_layout lay;

	xbt_set(st, FE, "num-ring-pages", "1");
	xbt_set(st, FE, "ring-ref0", "9");
	xbt_set(st, FE, "event-channel", "3");
	KUNIT_ASSERT_EQ(test, xbr_read_layout(&st->xt_xs, FE, 4, &lay), 0);
	KUNIT_EXPECT_EQ(test, lay.xrl_npages, 1U);
	KUNIT_EXPECT_EQ(test, lay.xrl_refs[0], 9U);
}

static void
xbr_test_layout_order(struct kunit *test)
{
	struct xbt_store *st = xbt_store_new(test);
	struct xbr_layout lay;

	xbt_set(st, FE, "ring-page-order", "2");
	xbt_set(st, FE, "ring-ref0", "100");
	xbt_set(st, FE, "ring-ref1", "101");
	xbt_set(st, FE, "ring-ref2", "102");
	xbt_set(st, FE, "ring-ref3", "103");
	xbt_set(st, FE, "event-channel", "5");
	KUNIT_ASSERT_EQ(test, xbr_read_layout(&st->xt_xs, FE, 4, &lay), 0);
	KUNIT_EXPECT_EQ(test, lay.xrl_scheme, XBR_SCHEME_ORDER);
	KUNIT_EXPECT_EQ(test, lay.xrl_npages, 4U);
	KUNIT_EXPECT_EQ(test, lay.xrl_refs[0], 100U);
	KUNIT_EXPECT_EQ(test, lay.xrl_refs[3], 103U);
}

static void
xbr_test_layout_order_zero(struct kunit *test)
{
	struct xbt_store *st = xbt_store_new(test);
	struct xbr_layout lay;

	xbt_set(st, FE, "ring-page-order", "0");
	xbt_set(st, FE, "ring-ref", "8");
	xbt_set(st, FE, "event-channel", "5");
	KUNIT_ASSERT_EQ(test, xbr_read_layout(&st->xt_xs, FE, 4, &lay), 0);
	KUNIT_EXPECT_EQ(test, lay.xrl_npages, 1U);
	KUNIT_EXPECT_EQ(test, lay.xrl_refs[0], 8U);
}

static void
xbr_test_layout_order_too_big(struct kunit *test)
{
	struct xbt_store *st = xbt_store_new(test);
	struct xbr_layout lay;

	xbt_set(st, FE, "ring-page-order", "3");
	xbt_set(st, FE, "event-channel", "5");
	KUNIT_EXPECT_EQ(test, xbr_read_layout(&st->xt_xs, FE, 2, &lay),
	    -ERANGE);
	KUNIT_EXPECT_NOT_NULL(test,
	    strstr(st->xt_xs.xss_lasterr, "ring-page-order"));
	/* With the backend limited to one page, any order above 0 fails. */
	xbt_set(st, FE, "ring-page-order", "1");
	KUNIT_EXPECT_EQ(test, xbr_read_layout(&st->xt_xs, FE, 0, &lay),
	    -ERANGE);
}

static void
xbr_test_layout_pages(struct kunit *test)
{
	struct xbt_store *st = xbt_store_new(test);
	struct xbr_layout lay;

	xbt_set(st, FE, "num-ring-pages", "2");
	xbt_set(st, FE, "ring-ref0", "20");
	xbt_set(st, FE, "ring-ref1", "21");
	xbt_set(st, FE, "event-channel", "5");
	KUNIT_ASSERT_EQ(test, xbr_read_layout(&st->xt_xs, FE, 4, &lay), 0);
	KUNIT_EXPECT_EQ(test, lay.xrl_scheme, XBR_SCHEME_PAGES);
	KUNIT_EXPECT_EQ(test, lay.xrl_npages, 2U);
	KUNIT_EXPECT_EQ(test, lay.xrl_refs[1], 21U);
}

static void
xbr_test_layout_pages_not_pow2(struct kunit *test)
{
	struct xbt_store *st = xbt_store_new(test);
	struct xbr_layout lay;

	xbt_set(st, FE, "num-ring-pages", "3");
	xbt_set(st, FE, "event-channel", "5");
	KUNIT_EXPECT_EQ(test, xbr_read_layout(&st->xt_xs, FE, 4, &lay),
	    -EINVAL);
	KUNIT_EXPECT_NOT_NULL(test,
	    strstr(st->xt_xs.xss_lasterr, "power of two"));
}

static void
xbr_test_layout_pages_too_many(struct kunit *test)
{
	struct xbt_store *st = xbt_store_new(test);
	struct xbr_layout lay;

	xbt_set(st, FE, "num-ring-pages", "32");
	KUNIT_EXPECT_EQ(test, xbr_read_layout(&st->xt_xs, FE, 4, &lay),
	    -ERANGE);
	xbt_set(st, FE, "num-ring-pages", "0");
	KUNIT_EXPECT_EQ(test, xbr_read_layout(&st->xt_xs, FE, 4, &lay),
	    -ERANGE);
}

static void
xbr_test_layout_schemes_agree(struct kunit *test)
{
	struct xbt_store *st = xbt_store_new(test);
	struct xbr_layout lay;

	xbt_set(st, FE, "ring-page-order", "1");
	xbt_set(st, FE, "num-ring-pages", "2");
	xbt_set(st, FE, "ring-ref0", "20");
	xbt_set(st, FE, "ring-ref1", "21");
	xbt_set(st, FE, "event-channel", "5");
	KUNIT_EXPECT_EQ(test, xbr_read_layout(&st->xt_xs, FE, 4, &lay), 0);
	KUNIT_EXPECT_EQ(test, lay.xrl_scheme, XBR_SCHEME_ORDER);
	xbt_set(st, FE, "num-ring-pages", "4");
	KUNIT_EXPECT_EQ(test, xbr_read_layout(&st->xt_xs, FE, 4, &lay),
	    -EINVAL);
	KUNIT_EXPECT_NOT_NULL(test, strstr(st->xt_xs.xss_lasterr, "disagree"));
}

static void
xbr_test_layout_missing_ref(struct kunit *test)
{
	struct xbt_store *st = xbt_store_new(test);
	struct xbr_layout lay;

	xbt_set(st, FE, "ring-page-order", "1");
	xbt_set(st, FE, "ring-ref0", "20");
	xbt_set(st, FE, "event-channel", "5");
	KUNIT_EXPECT_EQ(test, xbr_read_layout(&st->xt_xs, FE, 4, &lay),
	    -ENOENT);
	KUNIT_EXPECT_NOT_NULL(test, strstr(st->xt_xs.xss_lasterr, "ring-ref1"));
	/* No ring at all. */
	st = xbt_store_new(test);
	xbt_set(st, FE, "event-channel", "5");
	KUNIT_EXPECT_EQ(test, xbr_read_layout(&st->xt_xs, FE, 4, &lay),
	    -ENOENT);
}

static void
xbr_test_layout_bad_ref(struct kunit *test)
{
	struct xbt_store *st = xbt_store_new(test);
	struct xbr_layout lay;

	xbt_set(st, FE, "event-channel", "5");
	xbt_set(st, FE, "ring-ref", "4294967295");
	KUNIT_EXPECT_EQ(test, xbr_read_layout(&st->xt_xs, FE, 4, &lay),
	    -ERANGE);
	xbt_set(st, FE, "ring-ref", "4294967296");
	KUNIT_EXPECT_EQ(test, xbr_read_layout(&st->xt_xs, FE, 4, &lay),
	    -ERANGE);
	xbt_set(st, FE, "ring-ref", "-8");
	KUNIT_EXPECT_EQ(test, xbr_read_layout(&st->xt_xs, FE, 4, &lay),
	    -EINVAL);
}

static void
xbr_test_layout_bad_evtchn(struct kunit *test)
{
	struct xbt_store *st = xbt_store_new(test);
	struct xbr_layout lay;

	xbt_set(st, FE, "ring-ref", "8");
	KUNIT_EXPECT_EQ(test, xbr_read_layout(&st->xt_xs, FE, 4, &lay),
	    -ENOENT);
	xbt_set(st, FE, "event-channel", "0");
	KUNIT_EXPECT_EQ(test, xbr_read_layout(&st->xt_xs, FE, 4, &lay),
	    -ERANGE);
	xbt_set(st, FE, "event-channel", "131072");
	KUNIT_EXPECT_EQ(test, xbr_read_layout(&st->xt_xs, FE, 4, &lay),
	    -ERANGE);
	xbt_set(st, FE, "event-channel", "5x");
	KUNIT_EXPECT_EQ(test, xbr_read_layout(&st->xt_xs, FE, 4, &lay),
	    -EINVAL);
	xbt_set(st, FE, "event-channel", "131071");
	KUNIT_EXPECT_EQ(test, xbr_read_layout(&st->xt_xs, FE, 4, &lay), 0);
}

/*
 * A read that fails for lack of memory (xenbus_read() allocates the value)
 * fails the layout with that error, reported.  The optional
 * "ring-page-order" is read first: its failure must not pass for an
 * absent node, which would make the two-page ring a one-page one.
 */
static void
xbr_test_layout_read_enomem(struct kunit *test)
{
	struct xbt_store *st = xbt_store_new(test);
	struct xbr_layout lay;

	xbt_set(st, FE, "ring-page-order", "1");
	xbt_set(st, FE, "ring-ref0", "20");
	xbt_set(st, FE, "ring-ref1", "21");
	xbt_set(st, FE, "event-channel", "5");
	st->xt_fail_read = 0;
	KUNIT_EXPECT_EQ(test, xbr_read_layout(&st->xt_xs, FE, 4, &lay),
	    -ENOMEM);
	KUNIT_EXPECT_EQ(test, st->xt_reports, 1U);
	KUNIT_EXPECT_EQ(test, st->xt_last_err, -ENOMEM);
	/* A later, required node: the same. */
	st->xt_fail_read = 3;
	KUNIT_EXPECT_EQ(test, xbr_read_layout(&st->xt_xs, FE, 4, &lay),
	    -ENOMEM);
	KUNIT_EXPECT_EQ(test, st->xt_reports, 2U);
	/* Memory back, the same nodes make the two-page ring. */
	KUNIT_ASSERT_EQ(test, xbr_read_layout(&st->xt_xs, FE, 4, &lay), 0);
	KUNIT_EXPECT_EQ(test, lay.xrl_npages, 2U);
}

/*------------------------------ Index checks -------------------------------*/
static void
xbr_test_prod_normal(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, xbr_check_prod(0, 0, 0, 32), 0);
	KUNIT_EXPECT_EQ(test, xbr_check_prod(5, 2, 0, 32), 3);
	KUNIT_EXPECT_EQ(test, xbr_check_prod(32, 0, 0, 32), 32);
	KUNIT_EXPECT_EQ(test, xbr_check_prod(40, 30, 8, 32), 10);
}

/*
 * A ring taken over from another backend starts at its rsp_prod; a fresh
 * one at 0; a ring whose frontend claims more outstanding requests than
 * it holds (also once wrapped, or with req_prod behind rsp_prod) is
 * refused and the start left alone.
 */
static void
xbr_test_attach_index(struct kunit *test)
{
	RING_IDX start = 77;

	KUNIT_EXPECT_EQ(test, xbr_attach_index(0, 0, 32, &start), 0);
	KUNIT_EXPECT_EQ(test, start, 0U);
	KUNIT_EXPECT_EQ(test, xbr_attach_index(1000, 990, 32, &start), 0);
	KUNIT_EXPECT_EQ(test, start, 990U);
	/* Exactly a ring's worth outstanding; then one more. */
	KUNIT_EXPECT_EQ(test, xbr_attach_index(1022, 990, 32, &start), 0);
	KUNIT_EXPECT_EQ(test, start, 990U);
	start = 77;
	KUNIT_EXPECT_EQ(test, xbr_attach_index(1023, 990, 32, &start),
	    -EPROTO);
	KUNIT_EXPECT_EQ(test, start, 77U);
	/* Wrapped: req_prod past 2^32, rsp_prod not yet. */
	KUNIT_EXPECT_EQ(test, xbr_attach_index(3, 0xfffffff0U, 32, &start),
	    0);
	KUNIT_EXPECT_EQ(test, start, 0xfffffff0U);
	/* Responses ahead of requests. */
	KUNIT_EXPECT_EQ(test, xbr_attach_index(5, 6, 32, &start), -EPROTO);
}

static void
xbr_test_prod_overflow(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, xbr_check_prod(33, 0, 0, 32), -EPROTO);
	KUNIT_EXPECT_EQ(test, xbr_check_prod(0xffffffffU, 0, 0, 32), -EPROTO);
	KUNIT_EXPECT_EQ(test, xbr_check_prod(0x80000000U, 0, 0, 32), -EPROTO);
}

static void
xbr_test_prod_wrapped(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, xbr_check_prod(4, 0xfffffffeU, 0xfffffffeU, 32),
	    6);
	KUNIT_EXPECT_EQ(test, xbr_check_prod(30, 0xfffffffeU, 0xfffffffeU, 32),
	    32);
	KUNIT_EXPECT_EQ(test, xbr_check_prod(31, 0xfffffffeU, 0xfffffffeU, 32),
	    -EPROTO);
}

static void
xbr_test_prod_backwards(struct kunit *test)
{
	/* req_prod moved behind what we already consumed. */
	KUNIT_EXPECT_EQ(test, xbr_check_prod(8, 10, 4, 32), -EPROTO);
	KUNIT_EXPECT_EQ(test, xbr_check_prod(0xfffffff0U, 16, 16, 32), -EPROTO);
}

static void
xbr_test_prod_unanswered(struct kunit *test)
{
	/*
	 * 20 requests consumed and not answered: only 12 more fit, even
	 * though prod - req_cons alone would allow 32.
	 */
	KUNIT_EXPECT_EQ(test, xbr_check_prod(32, 20, 0, 32), 12);
	KUNIT_EXPECT_EQ(test, xbr_check_prod(33, 20, 0, 32), -EPROTO);
}

static void
xbr_test_fetch_private_copy(struct kunit *test)
{
	struct blkif_back_ring back;
	struct blkif_sring *sring;
	struct blkif_request req;
	RING_IDX prod;

	/*
	 * The consumer works on its private copies: changing the shared
	 * page after the fetch changes neither the index nor the request.
	 */
	sring = kunit_kzalloc(test, XBR_PAGE_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, sring);
	SHARED_RING_INIT(sring);
	BACK_RING_INIT(&back, sring, XBR_PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, RING_SIZE(&back),
	    xbr_ring_size(sizeof(union blkif_sring_entry), 1));
	sring->ring[0].req.operation = BLKIF_OP_READ;
	sring->ring[0].req.u.rw.nr_segments = 1;
	sring->req_prod = 1;

	prod = xbr_fetch_prod(&sring->req_prod);
	KUNIT_ASSERT_EQ(test,
	    xbr_check_prod(prod, back.req_cons, back.rsp_prod_pvt,
		RING_SIZE(&back)),
	    1);
	RING_COPY_REQUEST(&back, back.req_cons, &req);
	sring->req_prod = 1000;
	sring->ring[0].req.u.rw.nr_segments = 200;
	KUNIT_EXPECT_EQ(test, prod, 1U);
	KUNIT_EXPECT_EQ(test, req.u.rw.nr_segments, 1);
	KUNIT_EXPECT_EQ(test,
	    xbr_check_prod(xbr_fetch_prod(&sring->req_prod), back.req_cons,
		back.rsp_prod_pvt, RING_SIZE(&back)),
	    -EPROTO);
}

static void
xbr_test_scheme_name(struct kunit *test)
{
	KUNIT_EXPECT_STREQ(test, xbr_scheme_name(XBR_SCHEME_ORDER),
	    "ring-page-order");
	KUNIT_EXPECT_STREQ(test, xbr_scheme_name(XBR_SCHEME_PAGES),
	    "num-ring-pages");
	KUNIT_EXPECT_STREQ(test, xbr_scheme_name(XBR_SCHEME_SINGLE), "single");
}

/*------------------------------- Multi-queue -------------------------------*/
/* Queue Q of a multi-queue frontend: two ring pages and a channel. */
static void
xbr_test_set_queue(struct xbt_store *st, unsigned int q)
{
	char dir[64], v[16];

	snprintf(dir, sizeof(dir), FE "/queue-%u", q);
	snprintf(v, sizeof(v), "%u", 200 + 10 * q);
	xbt_set(st, dir, "ring-ref0", v);
	snprintf(v, sizeof(v), "%u", 201 + 10 * q);
	xbt_set(st, dir, "ring-ref1", v);
	snprintf(v, sizeof(v), "%u", 30 + q);
	xbt_set(st, dir, "event-channel", v);
}

static void
xbr_test_queues_absent_is_one(struct kunit *test)
{
	struct xbt_store *st = xbt_store_new(test);
	struct xbr_layout lays[4];
	unsigned int nq = 0;

	/* A frontend that knows nothing of queues: the layout as before. */
	xbt_set(st, FE, "ring-ref", "8");
	xbt_set(st, FE, "event-channel", "17");
	KUNIT_ASSERT_EQ(test, xbr_read_queues(&st->xt_xs, FE, 4, 4, lays, &nq),
	    0);
	KUNIT_EXPECT_EQ(test, nq, 1U);
	KUNIT_EXPECT_EQ(test, lays[0].xrl_refs[0], 8U);
	KUNIT_EXPECT_EQ(test, lays[0].xrl_evtchn, 17U);
	/* One queue asked for explicitly: still the top-level nodes. */
	xbt_set(st, FE, "multi-queue-num-queues", "1");
	xbr_test_set_queue(st, 0);
	KUNIT_ASSERT_EQ(test, xbr_read_queues(&st->xt_xs, FE, 4, 4, lays, &nq),
	    0);
	KUNIT_EXPECT_EQ(test, nq, 1U);
	KUNIT_EXPECT_EQ(test, lays[0].xrl_refs[0], 8U);
}

static void
xbr_test_queues_two(struct kunit *test)
{
	struct xbt_store *st = xbt_store_new(test);
	struct xbr_layout lays[4];
	unsigned int nq = 0;

	/* Linux blkfront: the order at the top, refs and channel per queue. */
	xbt_set(st, FE, "multi-queue-num-queues", "2");
	xbt_set(st, FE, "ring-page-order", "1");
	xbr_test_set_queue(st, 0);
	xbr_test_set_queue(st, 1);
	/* A third queue's nodes the frontend did not ask for: never read. */
	xbt_set(st, FE "/queue-2", "event-channel", "garbage");
	KUNIT_ASSERT_EQ(test, xbr_read_queues(&st->xt_xs, FE, 4, 4, lays, &nq),
	    0);
	KUNIT_EXPECT_EQ(test, nq, 2U);
	KUNIT_EXPECT_EQ(test, lays[0].xrl_npages, 2U);
	KUNIT_EXPECT_EQ(test, lays[1].xrl_npages, 2U);
	KUNIT_EXPECT_EQ(test, lays[1].xrl_scheme, XBR_SCHEME_ORDER);
	KUNIT_EXPECT_EQ(test, lays[0].xrl_refs[1], 201U);
	KUNIT_EXPECT_EQ(test, lays[1].xrl_refs[0], 210U);
	KUNIT_EXPECT_EQ(test, lays[1].xrl_refs[1], 211U);
	KUNIT_EXPECT_EQ(test, lays[0].xrl_evtchn, 30U);
	KUNIT_EXPECT_EQ(test, lays[1].xrl_evtchn, 31U);
	KUNIT_EXPECT_EQ(test, st->xt_reports, 0U);
}

static void
xbr_test_queues_count_out_of_range(struct kunit *test)
{
	struct xbt_store *st = xbt_store_new(test);
	struct xbr_layout lays[4];
	unsigned int nq = 77;

	xbt_set(st, FE, "ring-page-order", "1");
	xbr_test_set_queue(st, 0);
	xbr_test_set_queue(st, 1);
	xbr_test_set_queue(st, 2);
	/* More queues than offered: refused, nothing read, reported. */
	xbt_set(st, FE, "multi-queue-num-queues", "3");
	KUNIT_EXPECT_EQ(test, xbr_read_queues(&st->xt_xs, FE, 2, 4, lays, &nq),
	    -ERANGE);
	KUNIT_EXPECT_EQ(test, nq, 77U);
	KUNIT_EXPECT_EQ(test, st->xt_reports, 1U);
	xbt_set(st, FE, "multi-queue-num-queues", "0");
	KUNIT_EXPECT_EQ(test, xbr_read_queues(&st->xt_xs, FE, 2, 4, lays, &nq),
	    -ERANGE);
	xbt_set(st, FE, "multi-queue-num-queues", "4294967298");
	KUNIT_EXPECT_LT(test, xbr_read_queues(&st->xt_xs, FE, 2, 4, lays, &nq),
	    0);
	xbt_set(st, FE, "multi-queue-num-queues", "two");
	KUNIT_EXPECT_EQ(test, xbr_read_queues(&st->xt_xs, FE, 2, 4, lays, &nq),
	    -EINVAL);
	KUNIT_EXPECT_EQ(test, nq, 77U);
	/* A backend that offers one queue refuses any more. */
	xbt_set(st, FE, "multi-queue-num-queues", "2");
	KUNIT_EXPECT_EQ(test, xbr_read_queues(&st->xt_xs, FE, 1, 4, lays, &nq),
	    -ERANGE);
}

static void
xbr_test_queues_missing_nodes(struct kunit *test)
{
	struct xbt_store *st;
	struct xbr_layout lays[4];
	unsigned int nq = 77;

	/* Queue 1's channel is missing. */
	st = xbt_store_new(test);
	xbt_set(st, FE, "multi-queue-num-queues", "2");
	xbt_set(st, FE, "ring-page-order", "1");
	xbr_test_set_queue(st, 0);
	xbt_set(st, FE "/queue-1", "ring-ref0", "210");
	xbt_set(st, FE "/queue-1", "ring-ref1", "211");
	KUNIT_EXPECT_EQ(test, xbr_read_queues(&st->xt_xs, FE, 4, 4, lays, &nq),
	    -ENOENT);
	KUNIT_EXPECT_EQ(test, st->xt_reports, 1U);
	/* Queue 1's second page is missing. */
	st = xbt_store_new(test);
	xbt_set(st, FE, "multi-queue-num-queues", "2");
	xbt_set(st, FE, "ring-page-order", "1");
	xbr_test_set_queue(st, 0);
	xbt_set(st, FE "/queue-1", "ring-ref0", "210");
	xbt_set(st, FE "/queue-1", "event-channel", "31");
	KUNIT_EXPECT_EQ(test, xbr_read_queues(&st->xt_xs, FE, 4, 4, lays, &nq),
	    -ENOENT);
	/* Queue 1 is absent altogether (only the top-level nodes). */
	st = xbt_store_new(test);
	xbt_set(st, FE, "multi-queue-num-queues", "2");
	xbt_set(st, FE, "ring-ref", "8");
	xbt_set(st, FE, "event-channel", "17");
	xbr_test_set_queue(st, 0);
	KUNIT_EXPECT_EQ(test, xbr_read_queues(&st->xt_xs, FE, 4, 4, lays, &nq),
	    -ENOENT);
	/* A queue's bad reference and bad channel. */
	st = xbt_store_new(test);
	xbt_set(st, FE, "multi-queue-num-queues", "2");
	xbr_test_set_queue(st, 0);
	xbt_set(st, FE "/queue-1", "ring-ref", "4294967295");
	xbt_set(st, FE "/queue-1", "event-channel", "31");
	KUNIT_EXPECT_EQ(test, xbr_read_queues(&st->xt_xs, FE, 4, 4, lays, &nq),
	    -ERANGE);
	xbt_set(st, FE "/queue-1", "ring-ref", "12");
	xbt_set(st, FE "/queue-1", "event-channel", "0");
	KUNIT_EXPECT_EQ(test, xbr_read_queues(&st->xt_xs, FE, 4, 4, lays, &nq),
	    -ERANGE);
	/* The shared order beyond what was offered. */
	xbt_set(st, FE "/queue-1", "event-channel", "31");
	xbt_set(st, FE, "ring-page-order", "3");
	KUNIT_EXPECT_EQ(test, xbr_read_queues(&st->xt_xs, FE, 4, 2, lays, &nq),
	    -ERANGE);
	KUNIT_EXPECT_EQ(test, nq, 77U);
	/*
	 * With the order fixed every queue has its one page: queue 0 in
	 * "ring-ref0", as some frontends number it, then in "ring-ref".
	 */
	xbt_set(st, FE, "ring-page-order", "0");
	KUNIT_EXPECT_EQ(test, xbr_read_queues(&st->xt_xs, FE, 4, 2, lays, &nq),
	    0);
	KUNIT_EXPECT_EQ(test, lays[0].xrl_refs[0], 200U);
	xbt_set(st, FE "/queue-0", "ring-ref", "7");
	KUNIT_EXPECT_EQ(test, xbr_read_queues(&st->xt_xs, FE, 4, 2, lays, &nq),
	    0);
	KUNIT_EXPECT_EQ(test, nq, 2U);
	KUNIT_EXPECT_EQ(test, lays[0].xrl_refs[0], 7U);
	KUNIT_EXPECT_EQ(test, lays[1].xrl_refs[0], 12U);
}

/*
 * The optional "multi-queue-num-queues" read failing for lack of memory
 * fails the connection: it does not pass for one queue.
 */
static void
xbr_test_queues_read_enomem(struct kunit *test)
{
	struct xbt_store *st = xbt_store_new(test);
	struct xbr_layout lays[4];
	unsigned int nq = 77;

	xbt_set(st, FE, "multi-queue-num-queues", "2");
	xbt_set(st, FE, "ring-page-order", "1");
	xbr_test_set_queue(st, 0);
	xbr_test_set_queue(st, 1);
	st->xt_fail_read = 0;
	KUNIT_EXPECT_EQ(test, xbr_read_queues(&st->xt_xs, FE, 4, 4, lays, &nq),
	    -ENOMEM);
	KUNIT_EXPECT_EQ(test, st->xt_last_err, -ENOMEM);
	KUNIT_EXPECT_EQ(test, nq, 77U);
	KUNIT_EXPECT_EQ(test, xbr_read_queues(&st->xt_xs, FE, 4, 4, lays, &nq),
	    0);
	KUNIT_EXPECT_EQ(test, nq, 2U);
}

static struct kunit_case xbr_ring_cases[] = { KUNIT_CASE(
						  xbr_test_size_matches_ring_h),
	KUNIT_CASE(xbr_test_size_degenerate),
	KUNIT_CASE(xbr_test_publish_single_page),
	KUNIT_CASE(xbr_test_publish_both_schemes),
	KUNIT_CASE(xbr_test_layout_single),
	KUNIT_CASE(xbr_test_layout_single_numbered),
	KUNIT_CASE(xbr_test_layout_order),
	KUNIT_CASE(xbr_test_layout_order_zero),
	KUNIT_CASE(xbr_test_layout_order_too_big),
	KUNIT_CASE(xbr_test_layout_pages),
	KUNIT_CASE(xbr_test_layout_pages_not_pow2),
	KUNIT_CASE(xbr_test_layout_pages_too_many),
	KUNIT_CASE(xbr_test_layout_schemes_agree),
	KUNIT_CASE(xbr_test_layout_missing_ref),
	KUNIT_CASE(xbr_test_layout_bad_ref),
	KUNIT_CASE(xbr_test_layout_bad_evtchn),
	KUNIT_CASE(xbr_test_layout_read_enomem),
	KUNIT_CASE(xbr_test_queues_absent_is_one),
	KUNIT_CASE(xbr_test_queues_two),
	KUNIT_CASE(xbr_test_queues_count_out_of_range),
	KUNIT_CASE(xbr_test_queues_missing_nodes),
	KUNIT_CASE(xbr_test_queues_read_enomem),
	KUNIT_CASE(xbr_test_prod_normal), KUNIT_CASE(xbr_test_prod_overflow),
	KUNIT_CASE(xbr_test_prod_wrapped), KUNIT_CASE(xbr_test_prod_backwards),
	KUNIT_CASE(xbr_test_prod_unanswered), KUNIT_CASE(xbr_test_attach_index),
	KUNIT_CASE(xbr_test_fetch_private_copy),
	KUNIT_CASE(xbr_test_scheme_name), {} };

static struct kunit_suite xbr_ring_suite = {
	.name = "xbr_ring",
	.test_cases = xbr_ring_cases,
};
kunit_test_suite(xbr_ring_suite);

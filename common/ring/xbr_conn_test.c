// SPDX-License-Identifier: GPL-2.0-only
/*
 * xbr_conn_test.c: KUnit suite for mapping and binding a ring through the
 * hypervisor interface, with a fake hypervisor that records its calls and
 * can fail them.  Included at the end of xbr_conn.c under
 * CONFIG_XBR_KUNIT_TEST.
 */
#include <kunit/test.h>

#include "../../kunit/xbt.h"

static irqreturn_t
xbr_test_handler(int irq, void *arg)
{
	return IRQ_HANDLED;
}

static void
xbr_test_layout2(struct xbr_layout *lay)
{
	memset(lay, 0, sizeof(*lay));
	lay->xrl_scheme = XBR_SCHEME_ORDER;
	lay->xrl_npages = 2;
	lay->xrl_refs[0] = 30;
	lay->xrl_refs[1] = 31;
	lay->xrl_evtchn = 9;
}

static void
xbr_test_connect_ok(struct kunit *test)
{
	struct xbt_hv hv = {};
	struct xbr_layout lay;
	struct xbr_ring r;

	xbr_test_layout2(&lay);
	xbr_ring_init(&r, &xbt_hv_ops, &hv);
	KUNIT_ASSERT_EQ(test, xbr_connect(&r, &lay, xbr_test_handler, "t", &r),
	    0);
	KUNIT_EXPECT_EQ(test, hv.xh_nrefs, 2U);
	KUNIT_EXPECT_EQ(test, hv.xh_refs[1], 31U);
	KUNIT_EXPECT_EQ(test, hv.xh_port, 9U);
	KUNIT_EXPECT_EQ(test, r.xrg_irq, 42);
	KUNIT_EXPECT_PTR_EQ(test, r.xrg_va, hv.xh_page);
	KUNIT_EXPECT_EQ(test, hv.xh_mapped, 2);
	KUNIT_EXPECT_EQ(test, hv.xh_bound, 1);

	xbr_disconnect(&r);
	KUNIT_EXPECT_EQ(test, hv.xh_mapped, 0);
	KUNIT_EXPECT_EQ(test, hv.xh_bound, 0);
	KUNIT_ASSERT_EQ(test, hv.xh_ncalls, 4U);
	/* The IRQ goes before the pages it might touch. */
	KUNIT_EXPECT_EQ(test, hv.xh_calls[2], XBT_CALL_UNBIND);
	KUNIT_EXPECT_EQ(test, hv.xh_calls[3], XBT_CALL_UNMAP);
}

static void
xbr_test_connect_map_fails(struct kunit *test)
{
	struct xbt_hv hv = { .xh_map_error = -ENOMEM };
	struct xbr_layout lay;
	struct xbr_ring r;

	xbr_test_layout2(&lay);
	xbr_ring_init(&r, &xbt_hv_ops, &hv);
	KUNIT_EXPECT_EQ(test, xbr_connect(&r, &lay, xbr_test_handler, "t", &r),
	    -ENOMEM);
	KUNIT_EXPECT_EQ(test, hv.xh_ncalls, 1U);
	KUNIT_EXPECT_NULL(test, r.xrg_va);
	KUNIT_EXPECT_EQ(test, r.xrg_irq, -1);
	xbr_disconnect(&r);
	KUNIT_EXPECT_EQ(test, hv.xh_ncalls, 1U);
}

static void
xbr_test_connect_bind_fails(struct kunit *test)
{
	struct xbt_hv hv = { .xh_bind_error = -EINVAL };
	struct xbr_layout lay;
	struct xbr_ring r;

	xbr_test_layout2(&lay);
	xbr_ring_init(&r, &xbt_hv_ops, &hv);
	KUNIT_EXPECT_EQ(test, xbr_connect(&r, &lay, xbr_test_handler, "t", &r),
	    -EINVAL);
	KUNIT_EXPECT_EQ(test, hv.xh_mapped, 0);
	KUNIT_EXPECT_EQ(test, hv.xh_bound, 0);
	KUNIT_ASSERT_EQ(test, hv.xh_ncalls, 3U);
	KUNIT_EXPECT_EQ(test, hv.xh_calls[2], XBT_CALL_UNMAP);
	KUNIT_EXPECT_NULL(test, r.xrg_va);
	xbr_disconnect(&r);
	KUNIT_EXPECT_EQ(test, hv.xh_ncalls, 3U);
}

static void
xbr_test_disconnect_idempotent(struct kunit *test)
{
	struct xbt_hv hv = {};
	struct xbr_layout lay;
	struct xbr_ring r;

	xbr_test_layout2(&lay);
	xbr_ring_init(&r, &xbt_hv_ops, &hv);
	xbr_disconnect(&r);
	KUNIT_EXPECT_EQ(test, hv.xh_ncalls, 0U);
	KUNIT_ASSERT_EQ(test, xbr_connect(&r, &lay, xbr_test_handler, "t", &r),
	    0);
	xbr_disconnect(&r);
	xbr_disconnect(&r);
	KUNIT_EXPECT_EQ(test, hv.xh_ncalls, 4U);
	KUNIT_EXPECT_EQ(test, hv.xh_mapped, 0);
}

static void
xbr_test_connect_no_handler(struct kunit *test)
{
	struct xbt_hv hv = {};
	struct xbr_layout lay;
	struct xbr_ring r;

	/* A netif RX ring that shares the TX ring's event channel. */
	xbr_test_layout2(&lay);
	xbr_ring_init(&r, &xbt_hv_ops, &hv);
	KUNIT_ASSERT_EQ(test, xbr_connect(&r, &lay, NULL, "t", &r), 0);
	KUNIT_EXPECT_EQ(test, hv.xh_bound, 0);
	KUNIT_EXPECT_EQ(test, r.xrg_irq, -1);
	xbr_disconnect(&r);
	KUNIT_EXPECT_EQ(test, hv.xh_mapped, 0);
	KUNIT_EXPECT_EQ(test, hv.xh_ncalls, 2U);
}

static void
xbr_test_bind_later(struct kunit *test)
{
	struct xbt_hv hv = {};
	struct xbr_layout lay;
	struct xbr_ring r;

	/* Map, set up, then bind: the driver's window before interrupts. */
	xbr_test_layout2(&lay);
	xbr_ring_init(&r, &xbt_hv_ops, &hv);
	KUNIT_EXPECT_EQ(test, xbr_bind(&r, xbr_test_handler, "t", &r), -EINVAL);
	KUNIT_ASSERT_EQ(test, xbr_connect(&r, &lay, NULL, "t", &r), 0);
	KUNIT_EXPECT_EQ(test, hv.xh_bound, 0);
	KUNIT_ASSERT_EQ(test, xbr_bind(&r, xbr_test_handler, "t", &r), 0);
	KUNIT_EXPECT_EQ(test, hv.xh_bound, 1);
	KUNIT_EXPECT_EQ(test, hv.xh_port, 9U);
	KUNIT_EXPECT_EQ(test, xbr_bind(&r, xbr_test_handler, "t", &r), -EINVAL);
	hv.xh_bind_error = -ENOSPC;
	xbr_disconnect(&r);
	KUNIT_EXPECT_EQ(test, hv.xh_bound, 0);
	KUNIT_EXPECT_EQ(test, hv.xh_mapped, 0);
	/* A failed bind leaves the ring mapped for the caller to undo. */
	KUNIT_ASSERT_EQ(test, xbr_connect(&r, &lay, NULL, "t", &r), 0);
	KUNIT_EXPECT_EQ(test, xbr_bind(&r, xbr_test_handler, "t", &r), -ENOSPC);
	KUNIT_EXPECT_EQ(test, hv.xh_mapped, 2);
	xbr_disconnect(&r);
	KUNIT_EXPECT_EQ(test, hv.xh_mapped, 0);
}

static void
xbr_test_connect_bad_layout(struct kunit *test)
{
	struct xbt_hv hv = {};
	struct xbr_layout lay;
	struct xbr_ring r;

	xbr_test_layout2(&lay);
	xbr_ring_init(&r, &xbt_hv_ops, &hv);
	lay.xrl_npages = 0;
	KUNIT_EXPECT_EQ(test, xbr_connect(&r, &lay, xbr_test_handler, "t", &r),
	    -EINVAL);
	lay.xrl_npages = XBR_MAX_PAGES + 1;
	KUNIT_EXPECT_EQ(test, xbr_connect(&r, &lay, xbr_test_handler, "t", &r),
	    -EINVAL);
	KUNIT_EXPECT_EQ(test, hv.xh_ncalls, 0U);
}

/*
 * The frontend's end of the channel: asked with the negotiated port, the
 * local port looked for once per binding, and "open" whenever it cannot
 * be told (not bound, or hypervisor operations that cannot ask).
 */
static void
xbr_test_peer_open(struct kunit *test)
{
	struct xbr_hv_ops blind = xbt_hv_ops;
	struct xbt_hv hv = {};
	struct xbr_layout lay;
	struct xbr_ring r;

	xbr_test_layout2(&lay);
	xbr_ring_init(&r, &xbt_hv_ops, &hv);
	KUNIT_EXPECT_TRUE(test, xbr_peer_open(&r));
	KUNIT_EXPECT_EQ(test, hv.xh_peer_lookups, 0U);
	KUNIT_ASSERT_EQ(test, xbr_connect(&r, &lay, xbr_test_handler, "t", &r),
	    0);
	KUNIT_EXPECT_TRUE(test, xbr_peer_open(&r));
	KUNIT_EXPECT_EQ(test, hv.xh_peer_remote, 9U);
	KUNIT_EXPECT_EQ(test, r.xrg_port, 7U);
	hv.xh_peer_closed = true;
	KUNIT_EXPECT_FALSE(test, xbr_peer_open(&r));
	KUNIT_EXPECT_EQ(test, hv.xh_peer_lookups, 1U);
	xbr_disconnect(&r);
	KUNIT_EXPECT_EQ(test, r.xrg_port, 0U);
	KUNIT_EXPECT_TRUE(test, xbr_peer_open(&r));

	blind.xho_peer_open = NULL;
	xbr_ring_init(&r, &blind, &hv);
	KUNIT_ASSERT_EQ(test, xbr_connect(&r, &lay, xbr_test_handler, "t", &r),
	    0);
	KUNIT_EXPECT_TRUE(test, xbr_peer_open(&r));
	KUNIT_EXPECT_EQ(test, hv.xh_peer_lookups, 1U);
	xbr_disconnect(&r);
	KUNIT_EXPECT_EQ(test, hv.xh_mapped, 0);
	KUNIT_EXPECT_EQ(test, hv.xh_bound, 0);
}

static struct kunit_case xbr_conn_cases[] = { KUNIT_CASE(xbr_test_connect_ok),
	KUNIT_CASE(xbr_test_connect_map_fails),
	KUNIT_CASE(xbr_test_connect_bind_fails),
	KUNIT_CASE(xbr_test_disconnect_idempotent),
	KUNIT_CASE(xbr_test_connect_no_handler),
	KUNIT_CASE(xbr_test_bind_later),
	KUNIT_CASE(xbr_test_connect_bad_layout),
	KUNIT_CASE(xbr_test_peer_open), {} };

static struct kunit_suite xbr_conn_suite = {
	.name = "xbr_conn",
	.test_cases = xbr_conn_cases,
};
kunit_test_suite(xbr_conn_suite);

// SPDX-License-Identifier: GPL-2.0-only
/*
 * xnb_pkt_copy_test.c: KUnit suite for what a vetted TX packet becomes
 * (xnb_pkt.c): its skb (xnb_pkt2skb), the grant copies that fill it
 * (xnb_txpkt2gnttab), the check after the copy (xnb_update_skb) and the
 * responses (xnb_txpkt2rsp).  Included at the end of xnb_pkt.c after
 * xnb_pkt_test.c, under CONFIG_XNB_KUNIT_TEST; its rings come from
 * xnb_pkt_test.h.
 *
 * The vetting that comes before has its suite in xnb_pkt_test.c, so that
 * each suite checks one stage of the TX path.  Last here is a randomized
 * run that fills TX rings with random words, takes every packet through
 * vetting and all of these as the data path does, and checks that
 * nothing invalid becomes a copy.
 */
#include <kunit/test.h>
#include <linux/prandom.h>

#include "xnb_pkt_test.h"

/*----------------------------- TX: responses -------------------------------*/
static void
xnb_test_txpkt2rsp_empty(struct kunit *test)
{
	struct xnb_pkt *pkt = xnb_test_pkt(test);
	struct xnb_test_tx r;

	xnb_test_tx_init(test, &r, 0);
	xnb_txpkt2rsp(pkt, &r.back, XEN_NETIF_RSP_OKAY);
	KUNIT_EXPECT_EQ(test, r.back.rsp_prod_pvt, 0U);
}

static void
xnb_test_txpkt2rsp_1req(struct kunit *test)
{
	struct xnb_pkt *pkt = xnb_test_pkt(test);
	struct xen_netif_tx_response *rsp;
	struct xnb_test_tx r;
	RING_IDX prod;

	xnb_test_tx_init(test, &r, 0);
	xnb_test_txreq(&r, 0, 100, 0, 1, 42);
	prod = xnb_test_txpush(&r);
	KUNIT_ASSERT_EQ(test, xnb_ring2pkt(pkt, &r.back, 0, prod, 18), 1U);
	xnb_txpkt2rsp(pkt, &r.back, XEN_NETIF_RSP_OKAY);
	KUNIT_EXPECT_EQ(test, r.back.rsp_prod_pvt, 1U);
	rsp = RING_GET_RESPONSE(&r.back, 0);
	KUNIT_EXPECT_EQ(test, rsp->id, 42);
	KUNIT_EXPECT_EQ(test, rsp->status, XEN_NETIF_RSP_OKAY);
}

static void
xnb_test_txpkt2rsp_extra(struct kunit *test)
{
	struct xnb_pkt *pkt = xnb_test_pkt(test);
	struct xen_netif_tx_response *rsp;
	struct xnb_test_tx r;
	RING_IDX prod;

	xnb_test_tx_init(test, &r, 0);
	xnb_test_txreq(&r, XEN_NETTXF_extra_info | XEN_NETTXF_more_data, 3000,
	    0, 1, 10);
	xnb_test_txextra(&r, XEN_NETIF_EXTRA_TYPE_GSO, 0,
	    XEN_NETIF_GSO_TYPE_TCPV4, 1448);
	xnb_test_txreq(&r, 0, 1000, 0, 2, 11);
	prod = xnb_test_txpush(&r);
	KUNIT_ASSERT_EQ(test, xnb_ring2pkt(pkt, &r.back, 0, prod, 18), 3U);
	xnb_txpkt2rsp(pkt, &r.back, XEN_NETIF_RSP_OKAY);
	KUNIT_EXPECT_EQ(test, r.back.rsp_prod_pvt, 3U);
	rsp = RING_GET_RESPONSE(&r.back, 0);
	KUNIT_EXPECT_EQ(test, rsp->id, 10);
	KUNIT_EXPECT_EQ(test, rsp->status, XEN_NETIF_RSP_OKAY);
	rsp = RING_GET_RESPONSE(&r.back, 1);
	KUNIT_EXPECT_EQ(test, rsp->status, XEN_NETIF_RSP_NULL);
	rsp = RING_GET_RESPONSE(&r.back, 2);
	KUNIT_EXPECT_EQ(test, rsp->id, 11);
	KUNIT_EXPECT_EQ(test, rsp->status, XEN_NETIF_RSP_OKAY);
}

static void
xnb_test_txpkt2rsp_long(struct kunit *test)
{
	struct xnb_pkt *pkt = xnb_test_pkt(test);
	struct xen_netif_tx_response *rsp;
	struct xnb_test_tx r;
	unsigned int i;
	RING_IDX prod;

	xnb_test_tx_init(test, &r, 0);
	xnb_test_txreq(&r, XEN_NETTXF_more_data, 16 * 200, 0, 1, 100);
	for (i = 1; i < 16; i++)
		xnb_test_txreq(&r, i < 15 ? XEN_NETTXF_more_data : 0, 200, 0,
		    1 + i, 100 + i);
	prod = xnb_test_txpush(&r);
	KUNIT_ASSERT_EQ(test, xnb_ring2pkt(pkt, &r.back, 0, prod, 18), 16U);
	xnb_txpkt2rsp(pkt, &r.back, XEN_NETIF_RSP_OKAY);
	KUNIT_EXPECT_EQ(test, r.back.rsp_prod_pvt, 16U);
	for (i = 0; i < 16; i++) {
		rsp = RING_GET_RESPONSE(&r.back, i);
		KUNIT_EXPECT_EQ(test, rsp->id, 100 + i);
		KUNIT_EXPECT_EQ(test, rsp->status, XEN_NETIF_RSP_OKAY);
	}
}

static void
xnb_test_txpkt2rsp_invalid(struct kunit *test)
{
	struct xnb_pkt *pkt = xnb_test_pkt(test);
	struct xen_netif_tx_response *rsp;
	struct xnb_test_tx r;
	RING_IDX prod;

	/* A dropped packet (bad extra) is answered with errors, extra NULL. */
	xnb_test_tx_init(test, &r, 0);
	xnb_test_txreq(&r, XEN_NETTXF_extra_info, 100, 0, 1, 5);
	xnb_test_txextra(&r, XEN_NETIF_EXTRA_TYPE_MAX, 0, 0, 0);
	prod = xnb_test_txpush(&r);
	KUNIT_ASSERT_EQ(test, xnb_ring2pkt(pkt, &r.back, 0, prod, 18), 2U);
	KUNIT_ASSERT_NE(test, pkt->xp_verdict, XNB_PKT_OK);
	xnb_txpkt2rsp(pkt, &r.back, XEN_NETIF_RSP_ERROR);
	rsp = RING_GET_RESPONSE(&r.back, 0);
	KUNIT_EXPECT_EQ(test, rsp->id, 5);
	KUNIT_EXPECT_EQ(test, rsp->status, XEN_NETIF_RSP_ERROR);
	rsp = RING_GET_RESPONSE(&r.back, 1);
	KUNIT_EXPECT_EQ(test, rsp->status, XEN_NETIF_RSP_NULL);
}

static void
xnb_test_txpkt2rsp_error(struct kunit *test)
{
	struct xnb_pkt *pkt = xnb_test_pkt(test);
	struct xen_netif_tx_response *rsp;
	struct xnb_test_tx r;
	RING_IDX prod;

	/* A valid packet whose copy failed: every data slot says so. */
	xnb_test_tx_init(test, &r, 0);
	xnb_test_txreq(&r, XEN_NETTXF_more_data, 300, 0, 1, 8);
	xnb_test_txreq(&r, 0, 100, 0, 2, 9);
	prod = xnb_test_txpush(&r);
	KUNIT_ASSERT_EQ(test, xnb_ring2pkt(pkt, &r.back, 0, prod, 18), 2U);
	xnb_txpkt2rsp(pkt, &r.back, XEN_NETIF_RSP_ERROR);
	rsp = RING_GET_RESPONSE(&r.back, 0);
	KUNIT_EXPECT_EQ(test, rsp->id, 8);
	KUNIT_EXPECT_EQ(test, rsp->status, XEN_NETIF_RSP_ERROR);
	rsp = RING_GET_RESPONSE(&r.back, 1);
	KUNIT_EXPECT_EQ(test, rsp->id, 9);
	KUNIT_EXPECT_EQ(test, rsp->status, XEN_NETIF_RSP_ERROR);
}

static void
xnb_test_txpkt2rsp_wrap(struct kunit *test)
{
	struct xnb_pkt *pkt = xnb_test_pkt(test);
	struct xen_netif_tx_response *rsp;
	struct xnb_test_tx r;
	RING_IDX start = 0xffffffffU, prod;
	int more;

	xnb_test_tx_init(test, &r, start);
	xnb_test_txreq(&r, XEN_NETTXF_more_data, 300, 0, 1, 20);
	xnb_test_txreq(&r, XEN_NETTXF_more_data, 100, 0, 2, 21);
	xnb_test_txreq(&r, 0, 100, 0, 3, 22);
	prod = xnb_test_txpush(&r);
	KUNIT_ASSERT_EQ(test, xnb_ring2pkt(pkt, &r.back, start, prod, 18), 3U);
	r.back.req_cons = prod;
	xnb_txpkt2rsp(pkt, &r.back, XEN_NETIF_RSP_OKAY);
	KUNIT_EXPECT_EQ(test, r.back.rsp_prod_pvt, 2U);
	RING_PUSH_RESPONSES(&r.back);
	/* The frontend sees three responses, in order, across the wrap. */
	KUNIT_EXPECT_TRUE(test, RING_HAS_UNCONSUMED_RESPONSES(&r.front));
	rsp = RING_GET_RESPONSE(&r.front, start + 2);
	KUNIT_EXPECT_EQ(test, rsp->id, 22);
	RING_FINAL_CHECK_FOR_RESPONSES(&r.front, more);
	KUNIT_EXPECT_TRUE(test, more);
}

/*-------------------------- TX: skb and grant copy -------------------------*/
/* Parse and vet one packet from a fresh ring holding what was pushed. */
static struct sk_buff *
xnb_test_tx_skb(struct kunit *test, struct xnb_test_tx *r, struct xnb_pkt *pkt)
{
	struct sk_buff *skb;
	RING_IDX prod;

	prod = xnb_test_txpush(r);
	KUNIT_ASSERT_NE(test,
	    xnb_ring2pkt(pkt, &r->back, r->back.req_cons, prod, 18), 0U);
	KUNIT_ASSERT_EQ(test, pkt->xp_verdict, XNB_PKT_OK);
	skb = xnb_pkt2skb(pkt, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	return skb;
}

static void
xnb_test_pkt2skb_empty(struct kunit *test)
{
	struct xnb_pkt *pkt = xnb_test_pkt(test);

	KUNIT_EXPECT_NULL(test, xnb_pkt2skb(pkt, GFP_KERNEL));
}

static void
xnb_test_pkt2skb_short(struct kunit *test)
{
	struct xnb_pkt *pkt = xnb_test_pkt(test);
	struct xnb_test_tx r;
	struct sk_buff *skb;

	xnb_test_tx_init(test, &r, 0);
	xnb_test_txreq(&r, 0, 128, 0, 1, 1);
	skb = xnb_test_tx_skb(test, &r, pkt);
	KUNIT_EXPECT_EQ(test, skb->len, 128U);
	KUNIT_EXPECT_EQ(test, skb->data_len, 0U);
	KUNIT_EXPECT_EQ(test, skb_shinfo(skb)->nr_frags, 0);
	kfree_skb(skb);
}

static void
xnb_test_pkt2skb_1frag(struct kunit *test)
{
	struct xnb_pkt *pkt = xnb_test_pkt(test);
	struct xnb_test_tx r;
	struct sk_buff *skb;

	/* Longer than the linear limit: headers linear, the rest a page. */
	xnb_test_tx_init(test, &r, 0);
	xnb_test_txreq(&r, 0, 3000, 0, 1, 1);
	skb = xnb_test_tx_skb(test, &r, pkt);
	KUNIT_EXPECT_EQ(test, skb->len, 3000U);
	KUNIT_EXPECT_EQ(test, skb_headlen(skb), XNB_TX_HDR_LEN);
	KUNIT_ASSERT_EQ(test, skb_shinfo(skb)->nr_frags, 1);
	KUNIT_EXPECT_EQ(test, skb_frag_size(&skb_shinfo(skb)->frags[0]),
	    3000U - XNB_TX_HDR_LEN);
	kfree_skb(skb);
}

static void
xnb_test_pkt2skb_big(struct kunit *test)
{
	struct xnb_pkt *pkt = xnb_test_pkt(test);
	struct xnb_test_tx r;
	struct sk_buff *skb;
	unsigned int i;

	/* The largest packet netif.h allows fits the skb's fragments. */
	xnb_test_tx_init(test, &r, 0);
	xnb_test_txreq(&r, XEN_NETTXF_more_data, XEN_NETIF_MAX_TX_SIZE, 0, 1,
	    1);
	for (i = 1; i < 16; i++)
		xnb_test_txreq(&r, XEN_NETTXF_more_data, 4096, 0, 1 + i, 1 + i);
	xnb_test_txreq(&r, 0, XEN_NETIF_MAX_TX_SIZE - 16 * 4096 + 100, 0, 20,
	    20);
	skb = xnb_test_tx_skb(test, &r, pkt);
	KUNIT_EXPECT_EQ(test, pkt->xp_first_len, 4096U - 100);
	KUNIT_EXPECT_EQ(test, skb->len, (unsigned int)XEN_NETIF_MAX_TX_SIZE);
	KUNIT_EXPECT_LE(test, skb_shinfo(skb)->nr_frags, MAX_SKB_FRAGS);
	kfree_skb(skb);
}

static void
xnb_test_pkt2skb_2frags(struct kunit *test)
{
	struct xnb_pkt *pkt = xnb_test_pkt(test);
	struct xnb_test_tx r;
	struct sk_buff *skb;

	xnb_test_tx_init(test, &r, 0);
	xnb_test_txreq(&r, XEN_NETTXF_more_data, 6000, 0, 1, 1);
	xnb_test_txreq(&r, 0, 3000, 0, 2, 2);
	skb = xnb_test_tx_skb(test, &r, pkt);
	KUNIT_EXPECT_EQ(test, skb->len, 6000U);
	KUNIT_ASSERT_EQ(test, skb_shinfo(skb)->nr_frags, 2);
	KUNIT_EXPECT_EQ(test, skb_frag_size(&skb_shinfo(skb)->frags[0]),
	    (unsigned int)PAGE_SIZE);
	kfree_skb(skb);
}

/* Check one TX copy: from the guest's gref, into Dom0 memory at @va. */
static void
xnb_test_expect_txop(struct kunit *test, const struct gnttab_copy *op,
    grant_ref_t gref, unsigned int soff, const void *va, unsigned int len)
{
	KUNIT_EXPECT_EQ(test, op->flags, GNTCOPY_source_gref);
	KUNIT_EXPECT_EQ(test, op->source.u.ref, gref);
	KUNIT_EXPECT_EQ(test, op->source.domid, XNB_TEST_DOMID);
	KUNIT_EXPECT_EQ(test, op->source.offset, soff);
	KUNIT_EXPECT_EQ(test, op->dest.domid, DOMID_SELF);
	KUNIT_EXPECT_EQ(test, op->dest.u.gmfn,
	    xnb_page_to_gfn(virt_to_page(va)));
	KUNIT_EXPECT_EQ(test, op->dest.offset, offset_in_page(va));
	KUNIT_EXPECT_EQ(test, op->len, len);
}

static void
xnb_test_txpkt2gnttab_empty(struct kunit *test)
{
	struct xnb_pkt *pkt = xnb_test_pkt(test);
	struct gnttab_copy ops[4];

	pkt->xp_verdict = XNB_PKT_DROP_SHORT;
	KUNIT_EXPECT_EQ(test, xnb_txpkt2gnttab(pkt, NULL, ops, XNB_TEST_DOMID),
	    0U);
}

static void
xnb_test_txpkt2gnttab_short(struct kunit *test)
{
	struct xnb_pkt *pkt = xnb_test_pkt(test);
	struct gnttab_copy *ops = xnb_test_ops(test);
	struct xnb_test_tx r;
	struct sk_buff *skb;
	unsigned int n;

	xnb_test_tx_init(test, &r, 0);
	xnb_test_txreq(&r, 0, 66, 1000, 77, 1);
	skb = xnb_test_tx_skb(test, &r, pkt);
	n = xnb_txpkt2gnttab(pkt, skb, ops, XNB_TEST_DOMID);
	KUNIT_ASSERT_EQ(test, n, 1U);
	xnb_test_expect_txop(test, &ops[0], 77, 1000, skb->data, 66);
	kfree_skb(skb);
}

static void
xnb_test_txpkt2gnttab_2req(struct kunit *test)
{
	struct xnb_pkt *pkt = xnb_test_pkt(test);
	struct gnttab_copy *ops = xnb_test_ops(test);
	struct xnb_test_tx r;
	struct sk_buff *skb;
	unsigned int n;

	xnb_test_tx_init(test, &r, 0);
	xnb_test_txreq(&r, XEN_NETTXF_more_data, 1900, 100, 1, 1);
	xnb_test_txreq(&r, 0, 500, 10, 2, 2);
	skb = xnb_test_tx_skb(test, &r, pkt);
	n = xnb_txpkt2gnttab(pkt, skb, ops, XNB_TEST_DOMID);
	/* The linear area may straddle a page: count what lies in each. */
	KUNIT_ASSERT_GE(test, n, 2U);
	KUNIT_EXPECT_EQ(test, ops[0].source.u.ref, 1U);
	KUNIT_EXPECT_EQ(test, ops[0].source.offset, 100);
	KUNIT_EXPECT_EQ(test, ops[n - 1].source.u.ref, 2U);
	KUNIT_EXPECT_EQ(test, xnb_update_skb(pkt, skb, ops, n), 0);
	kfree_skb(skb);
}

static void
xnb_test_txpkt2gnttab_2frags(struct kunit *test)
{
	struct xnb_pkt *pkt = xnb_test_pkt(test);
	struct gnttab_copy *ops = xnb_test_ops(test);
	struct xnb_test_tx r;
	struct sk_buff *skb;
	const skb_frag_t *f;
	unsigned int n, total = 0, i;

	/* 4000 + 4000 bytes: the second slot spans both page fragments. */
	xnb_test_tx_init(test, &r, 0);
	xnb_test_txreq(&r, XEN_NETTXF_more_data, 8000, 0, 1, 1);
	xnb_test_txreq(&r, 0, 4000, 0, 2, 2);
	skb = xnb_test_tx_skb(test, &r, pkt);
	n = xnb_txpkt2gnttab(pkt, skb, ops, XNB_TEST_DOMID);
	KUNIT_ASSERT_EQ(test, n, 4U);
	xnb_test_expect_txop(test, &ops[0], 1, 0, skb->data, XNB_TX_HDR_LEN);
	f = &skb_shinfo(skb)->frags[0];
	xnb_test_expect_txop(test, &ops[1], 1, XNB_TX_HDR_LEN,
	    page_address(skb_frag_page(f)), 4000 - XNB_TX_HDR_LEN);
	xnb_test_expect_txop(test, &ops[2], 2, 0,
	    (u8 *)page_address(skb_frag_page(f)) + 4000 - XNB_TX_HDR_LEN,
	    PAGE_SIZE - (4000 - XNB_TX_HDR_LEN));
	f = &skb_shinfo(skb)->frags[1];
	xnb_test_expect_txop(test, &ops[3], 2,
	    PAGE_SIZE - (4000 - XNB_TX_HDR_LEN), page_address(skb_frag_page(f)),
	    8000 - XNB_TX_HDR_LEN - PAGE_SIZE);
	for (i = 0; i < n; i++)
		total += ops[i].len;
	KUNIT_EXPECT_EQ(test, total, 8000U);
	kfree_skb(skb);
}

/*--------------------------- TX: after the copy ----------------------------*/
static void
xnb_test_update_skb_short(struct kunit *test)
{
	struct xnb_pkt *pkt = xnb_test_pkt(test);
	struct gnttab_copy *ops = xnb_test_ops(test);
	struct xnb_test_tx r;
	struct sk_buff *skb;
	unsigned int n;

	xnb_test_tx_init(test, &r, 0);
	xnb_test_txreq(&r, 0, 60, 0, 1, 1);
	skb = xnb_test_tx_skb(test, &r, pkt);
	n = xnb_txpkt2gnttab(pkt, skb, ops, XNB_TEST_DOMID);
	ops[0].status = GNTST_okay;
	KUNIT_EXPECT_EQ(test, xnb_update_skb(pkt, skb, ops, n), 0);
	KUNIT_EXPECT_EQ(test, skb->len, 60U);
	ops[0].status = GNTST_bad_gntref;
	KUNIT_EXPECT_EQ(test, xnb_update_skb(pkt, skb, ops, n), -EIO);
	kfree_skb(skb);
}

static void
xnb_test_update_skb_2req(struct kunit *test)
{
	struct xnb_pkt *pkt = xnb_test_pkt(test);
	struct gnttab_copy *ops = xnb_test_ops(test);
	struct xnb_test_tx r;
	struct sk_buff *skb;
	unsigned int n;

	xnb_test_tx_init(test, &r, 0);
	xnb_test_txreq(&r, XEN_NETTXF_more_data, 1900, 0, 1, 1);
	xnb_test_txreq(&r, 0, 500, 0, 2, 2);
	skb = xnb_test_tx_skb(test, &r, pkt);
	n = xnb_txpkt2gnttab(pkt, skb, ops, XNB_TEST_DOMID);
	KUNIT_EXPECT_EQ(test, xnb_update_skb(pkt, skb, ops, n), 0);
	/* The last copy failing fails the packet. */
	ops[n - 1].status = GNTST_general_error;
	KUNIT_EXPECT_EQ(test, xnb_update_skb(pkt, skb, ops, n), -EIO);
	/* Copies that do not cover the packet fail it too. */
	ops[n - 1].status = GNTST_okay;
	KUNIT_EXPECT_EQ(test, xnb_update_skb(pkt, skb, ops, n - 1), -EIO);
	kfree_skb(skb);
}

static void
xnb_test_update_skb_2frags(struct kunit *test)
{
	struct xnb_pkt *pkt = xnb_test_pkt(test);
	struct gnttab_copy *ops = xnb_test_ops(test);
	struct xnb_test_tx r;
	struct sk_buff *skb;
	unsigned int n;

	xnb_test_tx_init(test, &r, 0);
	xnb_test_txreq(&r, XEN_NETTXF_more_data, 8000, 0, 1, 1);
	xnb_test_txreq(&r, 0, 4000, 0, 2, 2);
	skb = xnb_test_tx_skb(test, &r, pkt);
	n = xnb_txpkt2gnttab(pkt, skb, ops, XNB_TEST_DOMID);
	KUNIT_EXPECT_EQ(test, xnb_update_skb(pkt, skb, ops, n), 0);
	KUNIT_EXPECT_EQ(test, skb->data_len, 8000U - XNB_TX_HDR_LEN);
	ops[2].status = GNTST_permission_denied;
	KUNIT_EXPECT_EQ(test, xnb_update_skb(pkt, skb, ops, n), -EIO);
	kfree_skb(skb);
}

/*------------------------------- Randomized --------------------------------*/
/*
 * Fill a TX ring with random words, then consume it as the data path
 * does.  Every packet found valid must be exactly what netif.h allows,
 * checked here independently of xnb_ring2pkt(), and its copies must stay
 * inside the granted pages and the skb and add up to the packet; a packet
 * not found valid must build no copy at all.
 */
static void
xnb_test_random_tx(struct kunit *test)
{
	struct gnttab_copy *ops;
	struct xnb_pkt *pkt = xnb_test_pkt(test);
	unsigned int round, n, i, nops, total, sum, ndata, valid = 0;
	struct xnb_test_tx r;
	struct sk_buff *skb;
	RING_IDX prod, cons;
	u32 *w;

	ops = kunit_kcalloc(test, XNB_PKT_MAX_OPS, sizeof(*ops), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ops);
	for (round = 0; round < 400; round++) {
		xnb_test_tx_init(test, &r, get_random_u32() >> 1);
		prod = r.front.req_prod_pvt + RING_SIZE(&r.front);
		w = (u32 *)r.sring->ring;
		for (i = 0; i < RING_SIZE(&r.front) * 3; i++) {
			w[i] = get_random_u32();
			/* Bias towards plausible slots so that some pass. */
			if (round & 1)
				w[i] &= i % 3 == 0 ? 0x000003ffU :
				    i % 3 == 1	   ? 0x000f07ffU :
						     0x07ff00ffU;
		}
		for (cons = r.front.req_prod_pvt; cons != prod; cons += n) {
			n = xnb_ring2pkt(pkt, &r.back, cons, prod, 18);
			if (n == 0)
				break;
			KUNIT_ASSERT_LE(test, n,
			    (unsigned int)XNB_PKT_MAX_SLOTS);
			KUNIT_ASSERT_LE(test, n, prod - cons);
			if (pkt->xp_verdict != XNB_PKT_OK) {
				KUNIT_EXPECT_NULL(test,
				    xnb_pkt2skb(pkt, GFP_KERNEL));
				KUNIT_EXPECT_EQ(test,
				    xnb_txpkt2gnttab(pkt, NULL, ops, 1), 0U);
				if (xnb_verdict_fatal(pkt->xp_verdict))
					break;
				continue;
			}
			/*
			 * A multicast control request carries no frame,
			 * whatever its size: the data path answers it without
			 * an skb.
			 */
			if (pkt->xp_mcast_op != 0) {
				KUNIT_EXPECT_TRUE(test,
				    pkt->xp_mcast_op ==
					    XEN_NETIF_EXTRA_TYPE_MCAST_ADD ||
					pkt->xp_mcast_op ==
					    XEN_NETIF_EXTRA_TYPE_MCAST_DEL);
				continue;
			}
			/* The reference check of a valid packet. */
			sum = 0;
			ndata = 0;
			for (i = 0; i < n; i++) {
				const struct xen_netif_tx_request *q =
				    RING_GET_REQUEST(&r.back, cons + i);

				if (!xnb_pkt_is_data(pkt, i))
					continue;
				ndata++;
				if (i > 0) {
					KUNIT_EXPECT_LE(test,
					    q->offset + q->size, 4096);
					sum += q->size;
				}
			}
			KUNIT_EXPECT_LE(test, ndata, 18U);
			KUNIT_EXPECT_GE(test, pkt->xp_size,
			    (unsigned int)ETH_HLEN);
			KUNIT_ASSERT_LE(test, sum, pkt->xp_size);
			KUNIT_EXPECT_LE(test,
			    pkt->xp_tx[0].xts_req.offset + pkt->xp_size - sum,
			    4096U);
			skb = xnb_pkt2skb(pkt, GFP_KERNEL);
			KUNIT_ASSERT_NOT_NULL(test, skb);
			nops = xnb_txpkt2gnttab(pkt, skb, ops, 1);
			KUNIT_ASSERT_LE(test, nops,
			    (unsigned int)XNB_PKT_MAX_OPS);
			for (i = 0, total = 0; i < nops; i++) {
				KUNIT_EXPECT_LE(test,
				    ops[i].source.offset + ops[i].len, 4096);
				KUNIT_EXPECT_LE(test,
				    ops[i].dest.offset + ops[i].len, PAGE_SIZE);
				KUNIT_EXPECT_GT(test, ops[i].len, 0);
				total += ops[i].len;
			}
			KUNIT_EXPECT_EQ(test, total, pkt->xp_size);
			KUNIT_EXPECT_EQ(test,
			    xnb_update_skb(pkt, skb, ops, nops), 0);
			kfree_skb(skb);
			valid++;
		}
	}
	/* The biased rounds must have produced valid packets to check. */
	KUNIT_EXPECT_GT(test, valid, 100U);
}

static struct kunit_case xnb_pkt_copy_cases[] = {
	KUNIT_CASE(xnb_test_txpkt2rsp_empty),
	KUNIT_CASE(xnb_test_txpkt2rsp_1req),
	KUNIT_CASE(xnb_test_txpkt2rsp_extra),
	KUNIT_CASE(xnb_test_txpkt2rsp_long),
	KUNIT_CASE(xnb_test_txpkt2rsp_invalid),
	KUNIT_CASE(xnb_test_txpkt2rsp_error),
	KUNIT_CASE(xnb_test_txpkt2rsp_wrap), KUNIT_CASE(xnb_test_pkt2skb_empty),
	KUNIT_CASE(xnb_test_pkt2skb_short), KUNIT_CASE(xnb_test_pkt2skb_1frag),
	KUNIT_CASE(xnb_test_pkt2skb_big), KUNIT_CASE(xnb_test_pkt2skb_2frags),
	KUNIT_CASE(xnb_test_txpkt2gnttab_empty),
	KUNIT_CASE(xnb_test_txpkt2gnttab_short),
	KUNIT_CASE(xnb_test_txpkt2gnttab_2req),
	KUNIT_CASE(xnb_test_txpkt2gnttab_2frags),
	KUNIT_CASE(xnb_test_update_skb_short),
	KUNIT_CASE(xnb_test_update_skb_2req),
	KUNIT_CASE(xnb_test_update_skb_2frags),
	KUNIT_CASE(xnb_test_random_tx),
	{}
};

static struct kunit_suite xnb_pkt_copy_suite = {
	.name = "xnb_pkt_copy",
	.test_cases = xnb_pkt_copy_cases,
};
kunit_test_suite(xnb_pkt_copy_suite);

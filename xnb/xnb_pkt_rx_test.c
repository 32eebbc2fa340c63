// SPDX-License-Identifier: GPL-2.0-only
/*
 * xnb_pkt_rx_test.c: KUnit suite for the network backend's RX packet
 * logic (xnb_pkt_rx.c): skb2pkt, the RX grant copies and responses, XDP
 * headroom.  Included at the end of xnb_pkt_rx.c under
 * CONFIG_XNB_KUNIT_TEST; its rings come from xnb_pkt_test.h, as the TX
 * suites' do.
 */
#include "xnb_pkt_test.h"

/*------------------------------ RX: skb2pkt --------------------------------*/
/* A guest's RX options: data slots per packet, hash extras, headroom. */
#define XNB_TEST_RXOPT(slots, hash, headroom)                  \
	(&(const struct xnb_rxopt) { .xro_max_slots = (slots), \
	    .xro_hash = (hash),                                \
	    .xro_headroom = (headroom) })

/* An skb of @linear bytes plus @nfrags page fragments of @fraglen each. */
static struct sk_buff *
xnb_test_rx_skb(struct kunit *test, unsigned int linear, unsigned int nfrags,
    unsigned int fraglen)
{
	struct sk_buff *skb;
	struct page *page;
	unsigned int i;

	skb = alloc_skb(linear, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	memset(skb_put(skb, linear), 0xab, linear);
	for (i = 0; i < nfrags; i++) {
		page = alloc_page(GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, page);
		skb_add_rx_frag(skb, i, page, 0, fraglen, PAGE_SIZE);
	}
	return skb;
}

static void
xnb_test_skb2pkt_empty(struct kunit *test)
{
	struct xnb_pkt *pkt = xnb_test_pkt(test);
	struct sk_buff *skb = xnb_test_rx_skb(test, 0, 0, 0);

	KUNIT_EXPECT_EQ(test,
	    xnb_skb2pkt(pkt, skb, 0, 10, XNB_TEST_RXOPT(18, false, 0)),
	    -EINVAL);
	kfree_skb(skb);
}

static void
xnb_test_skb2pkt_short(struct kunit *test)
{
	struct xnb_pkt *pkt = xnb_test_pkt(test);
	struct sk_buff *skb = xnb_test_rx_skb(test, 128, 0, 0);

	KUNIT_ASSERT_EQ(test,
	    xnb_skb2pkt(pkt, skb, 5, 10, XNB_TEST_RXOPT(18, false, 0)), 0);
	KUNIT_EXPECT_EQ(test, pkt->xp_start, 5U);
	KUNIT_EXPECT_EQ(test, pkt->xp_nslots, 1U);
	KUNIT_EXPECT_EQ(test, pkt->xp_size, 128U);
	KUNIT_EXPECT_EQ(test, pkt->xp_flags, 0);
	KUNIT_EXPECT_EQ(test, pkt->xp_rx[0].xrs_len, 128);
	kfree_skb(skb);
}

static void
xnb_test_skb2pkt_1frag(struct kunit *test)
{
	struct xnb_pkt *pkt = xnb_test_pkt(test);
	struct sk_buff *skb = xnb_test_rx_skb(test, 100, 1, 1000);

	KUNIT_ASSERT_EQ(test,
	    xnb_skb2pkt(pkt, skb, 0, 10, XNB_TEST_RXOPT(18, false, 0)), 0);
	KUNIT_EXPECT_EQ(test, pkt->xp_nslots, 1U);
	KUNIT_EXPECT_EQ(test, pkt->xp_rx[0].xrs_len, 1100);
	kfree_skb(skb);
}

static void
xnb_test_skb2pkt_2short(struct kunit *test)
{
	struct xnb_pkt *pkt = xnb_test_pkt(test);
	struct sk_buff *a = xnb_test_rx_skb(test, 60, 0, 0);
	struct sk_buff *b = xnb_test_rx_skb(test, 90, 0, 0);

	/* Two packets back to back take consecutive slots. */
	KUNIT_ASSERT_EQ(test,
	    xnb_skb2pkt(pkt, a, 0, 2, XNB_TEST_RXOPT(18, false, 0)), 0);
	KUNIT_EXPECT_EQ(test, pkt->xp_nslots, 1U);
	KUNIT_ASSERT_EQ(test,
	    xnb_skb2pkt(pkt, b, 1, 1, XNB_TEST_RXOPT(18, false, 0)), 0);
	KUNIT_EXPECT_EQ(test, pkt->xp_start, 1U);
	KUNIT_EXPECT_EQ(test, pkt->xp_rx[0].xrs_len, 90);
	kfree_skb(a);
	kfree_skb(b);
}

static void
xnb_test_skb2pkt_long(struct kunit *test)
{
	struct xnb_pkt *pkt = xnb_test_pkt(test);
	struct sk_buff *skb = xnb_test_rx_skb(test, 200, 3, 4000);

	/* 12200 bytes: two full guest pages and 4008 bytes. */
	KUNIT_ASSERT_EQ(test,
	    xnb_skb2pkt(pkt, skb, 0, 10, XNB_TEST_RXOPT(18, false, 0)), 0);
	KUNIT_EXPECT_EQ(test, pkt->xp_nslots, 3U);
	KUNIT_EXPECT_TRUE(test, pkt->xp_flags & XEN_NETRXF_more_data);
	KUNIT_EXPECT_EQ(test, pkt->xp_rx[0].xrs_len, 4096);
	KUNIT_EXPECT_EQ(test, pkt->xp_rx[1].xrs_len, 4096);
	KUNIT_EXPECT_EQ(test, pkt->xp_rx[2].xrs_len, 12200 - 8192);
	/* A guest without feature-sg cannot take it. */
	KUNIT_EXPECT_EQ(test,
	    xnb_skb2pkt(pkt, skb, 0, 10, XNB_TEST_RXOPT(1, false, 0)),
	    -EMSGSIZE);
	kfree_skb(skb);
}

static void
xnb_test_skb2pkt_extra(struct kunit *test)
{
	struct xnb_pkt *pkt = xnb_test_pkt(test);
	struct sk_buff *skb = xnb_test_rx_skb(test, 200, 2, 4000);

	skb_shinfo(skb)->gso_size = 1448;
	skb_shinfo(skb)->gso_type = SKB_GSO_TCPV6;
	skb->ip_summed = CHECKSUM_PARTIAL;
	KUNIT_ASSERT_EQ(test,
	    xnb_skb2pkt(pkt, skb, 0, 10, XNB_TEST_RXOPT(18, false, 0)), 0);
	KUNIT_EXPECT_EQ(test, xnb_rx_slots(skb, XNB_TEST_RXOPT(18, false, 0)),
	    4U);
	KUNIT_EXPECT_EQ(test, pkt->xp_nslots, 4U);
	KUNIT_EXPECT_EQ(test, pkt->xp_nextra, 1U);
	KUNIT_EXPECT_EQ(test, pkt->xp_gso_type, XEN_NETIF_GSO_TYPE_TCPV6);
	KUNIT_EXPECT_EQ(test, pkt->xp_gso_size, 1448);
	KUNIT_EXPECT_EQ(test, pkt->xp_flags,
	    XEN_NETRXF_more_data | XEN_NETRXF_extra_info |
		XEN_NETRXF_csum_blank | XEN_NETRXF_data_validated);
	KUNIT_EXPECT_EQ(test, pkt->xp_rx[1].xrs_len, 0);
	KUNIT_EXPECT_EQ(test, pkt->xp_rx[3].xrs_len, 8200 - 2 * 4096);
	/* GSO that netif.h cannot express is refused. */
	skb_shinfo(skb)->gso_type = SKB_GSO_UDP_L4;
	KUNIT_EXPECT_EQ(test,
	    xnb_skb2pkt(pkt, skb, 0, 10, XNB_TEST_RXOPT(18, false, 0)),
	    -EINVAL);
	skb_shinfo(skb)->gso_size = 0;
	skb_shinfo(skb)->gso_type = 0;
	kfree_skb(skb);
}

static void
xnb_test_skb2pkt_nospace(struct kunit *test)
{
	struct xnb_pkt *pkt = xnb_test_pkt(test);
	struct sk_buff *skb = xnb_test_rx_skb(test, 100, 2, 4000);

	KUNIT_EXPECT_EQ(test,
	    xnb_skb2pkt(pkt, skb, 0, 0, XNB_TEST_RXOPT(18, false, 0)), -ENOSPC);
	KUNIT_EXPECT_EQ(test,
	    xnb_skb2pkt(pkt, skb, 0, 1, XNB_TEST_RXOPT(18, false, 0)), -ENOSPC);
	KUNIT_EXPECT_EQ(test,
	    xnb_skb2pkt(pkt, skb, 0, 2, XNB_TEST_RXOPT(18, false, 0)), 0);
	kfree_skb(skb);
}

/*--------------------------- RX: grant copies ------------------------------*/
static void
xnb_test_rxpkt2gnttab_empty(struct kunit *test)
{
	struct xnb_pkt *pkt = xnb_test_pkt(test);
	struct gnttab_copy ops[4];
	struct xnb_test_rx r;

	xnb_test_rx_init(test, &r, 0, 4);
	KUNIT_EXPECT_EQ(test,
	    xnb_rxpkt2gnttab(pkt, NULL, &r.back, ops, XNB_TEST_DOMID), 0U);
}

static void
xnb_test_rxpkt2gnttab_short(struct kunit *test)
{
	struct xnb_pkt *pkt = xnb_test_pkt(test);
	struct sk_buff *skb = xnb_test_rx_skb(test, 100, 0, 0);
	struct gnttab_copy *ops = xnb_test_ops(test);
	struct xnb_test_rx r;

	xnb_test_rx_init(test, &r, 0, 4);
	KUNIT_ASSERT_EQ(test,
	    xnb_skb2pkt(pkt, skb, 0, 4, XNB_TEST_RXOPT(18, false, 0)), 0);
	KUNIT_ASSERT_EQ(test,
	    xnb_rxpkt2gnttab(pkt, skb, &r.back, ops, XNB_TEST_DOMID), 1U);
	KUNIT_EXPECT_EQ(test, ops[0].flags, GNTCOPY_dest_gref);
	KUNIT_EXPECT_EQ(test, ops[0].source.domid, DOMID_SELF);
	KUNIT_EXPECT_EQ(test, ops[0].source.u.gmfn,
	    xnb_page_to_gfn(virt_to_page(skb->data)));
	KUNIT_EXPECT_EQ(test, ops[0].source.offset, offset_in_page(skb->data));
	KUNIT_EXPECT_EQ(test, ops[0].dest.domid, XNB_TEST_DOMID);
	KUNIT_EXPECT_EQ(test, ops[0].dest.u.ref, 500U);
	KUNIT_EXPECT_EQ(test, ops[0].dest.offset, 0);
	KUNIT_EXPECT_EQ(test, ops[0].len, 100);
	KUNIT_EXPECT_EQ(test, pkt->xp_rx[0].xrs_id, 1000);
	kfree_skb(skb);
}

static void
xnb_test_rxpkt2gnttab_2req(struct kunit *test)
{
	struct xnb_pkt *pkt = xnb_test_pkt(test);
	struct sk_buff *skb = xnb_test_rx_skb(test, 96, 2, 3000);
	struct gnttab_copy *ops = xnb_test_ops(test);
	struct xnb_test_rx r;
	unsigned int n;

	/* 6096 bytes into two guest pages: 96 + 3000 + 1000, then 2000. */
	xnb_test_rx_init(test, &r, 0, 4);
	KUNIT_ASSERT_EQ(test,
	    xnb_skb2pkt(pkt, skb, 0, 4, XNB_TEST_RXOPT(18, false, 0)), 0);
	n = xnb_rxpkt2gnttab(pkt, skb, &r.back, ops, XNB_TEST_DOMID);
	KUNIT_ASSERT_EQ(test, n, 4U);
	KUNIT_EXPECT_EQ(test, pkt->xp_rx[0].xrs_nops, 3);
	KUNIT_EXPECT_EQ(test, pkt->xp_rx[1].xrs_nops, 1);
	KUNIT_EXPECT_EQ(test, ops[0].len, 96);
	KUNIT_EXPECT_EQ(test, ops[1].len, 3000);
	KUNIT_EXPECT_EQ(test, ops[1].dest.offset, 96);
	KUNIT_EXPECT_EQ(test, ops[2].len, 1000);
	KUNIT_EXPECT_EQ(test, ops[2].dest.offset, 3096);
	KUNIT_EXPECT_EQ(test, ops[2].dest.u.ref, 500U);
	KUNIT_EXPECT_EQ(test, ops[3].len, 2000);
	KUNIT_EXPECT_EQ(test, ops[3].source.offset, 1000);
	KUNIT_EXPECT_EQ(test, ops[3].dest.offset, 0);
	KUNIT_EXPECT_EQ(test, ops[3].dest.u.ref, 501U);
	kfree_skb(skb);
}

/*----------------------------- RX: responses -------------------------------*/
/* Build the copies for @skb at the ring's consumer index; mark them done. */
static unsigned int
xnb_test_rx_prepare(struct kunit *test, struct xnb_test_rx *r,
    struct xnb_pkt *pkt, struct sk_buff *skb, struct gnttab_copy *ops)
{
	RING_IDX space = r->sring->req_prod - r->back.req_cons;
	unsigned int n, i;

	KUNIT_ASSERT_EQ(test,
	    xnb_skb2pkt(pkt, skb, r->back.req_cons, space,
		XNB_TEST_RXOPT(18, false, 0)),
	    0);
	n = xnb_rxpkt2gnttab(pkt, skb, &r->back, ops, XNB_TEST_DOMID);
	for (i = 0; i < n; i++)
		ops[i].status = GNTST_okay;
	r->back.req_cons += pkt->xp_nslots;
	return n;
}

static void
xnb_test_rxpkt2rsp_empty(struct kunit *test)
{
	struct xnb_pkt *pkt = xnb_test_pkt(test);
	struct xnb_test_rx r;

	xnb_test_rx_init(test, &r, 3, 4);
	pkt->xp_start = 3;
	KUNIT_EXPECT_EQ(test, xnb_rxpkt2rsp(pkt, NULL, &r.back), 0);
	KUNIT_EXPECT_EQ(test, r.back.rsp_prod_pvt, 3U);
}

static void
xnb_test_rxpkt2rsp_short(struct kunit *test)
{
	struct xnb_pkt *pkt = xnb_test_pkt(test);
	struct sk_buff *skb = xnb_test_rx_skb(test, 100, 0, 0);
	struct gnttab_copy *ops = xnb_test_ops(test);
	struct xen_netif_rx_response *rsp;
	struct xnb_test_rx r;

	xnb_test_rx_init(test, &r, 0, 4);
	skb->ip_summed = CHECKSUM_UNNECESSARY;
	xnb_test_rx_prepare(test, &r, pkt, skb, ops);
	KUNIT_EXPECT_EQ(test, xnb_rxpkt2rsp(pkt, ops, &r.back), 0);
	KUNIT_EXPECT_EQ(test, r.back.rsp_prod_pvt, 1U);
	rsp = RING_GET_RESPONSE(&r.back, 0);
	KUNIT_EXPECT_EQ(test, rsp->id, 1000);
	KUNIT_EXPECT_EQ(test, rsp->offset, 0);
	KUNIT_EXPECT_EQ(test, rsp->status, 100);
	KUNIT_EXPECT_EQ(test, rsp->flags, XEN_NETRXF_data_validated);
	kfree_skb(skb);
}

static void
xnb_test_rxpkt2rsp_extra(struct kunit *test)
{
	struct xnb_pkt *pkt = xnb_test_pkt(test);
	struct sk_buff *skb = xnb_test_rx_skb(test, 100, 1, 3000);
	struct gnttab_copy *ops = xnb_test_ops(test);
	struct xen_netif_rx_response *rsp;
	struct xen_netif_extra_info *x;
	struct xnb_test_rx r;

	xnb_test_rx_init(test, &r, 0, 4);
	skb_shinfo(skb)->gso_size = 1400;
	skb_shinfo(skb)->gso_type = SKB_GSO_TCPV4;
	skb->ip_summed = CHECKSUM_PARTIAL;
	xnb_test_rx_prepare(test, &r, pkt, skb, ops);
	KUNIT_EXPECT_EQ(test, xnb_rxpkt2rsp(pkt, ops, &r.back), 0);
	KUNIT_EXPECT_EQ(test, r.back.rsp_prod_pvt, 2U);
	rsp = RING_GET_RESPONSE(&r.back, 0);
	KUNIT_EXPECT_EQ(test, rsp->status, 3100);
	KUNIT_EXPECT_EQ(test, rsp->flags,
	    XEN_NETRXF_extra_info | XEN_NETRXF_csum_blank |
		XEN_NETRXF_data_validated);
	x = (struct xen_netif_extra_info *)RING_GET_RESPONSE(&r.back, 1);
	KUNIT_EXPECT_EQ(test, x->type, XEN_NETIF_EXTRA_TYPE_GSO);
	KUNIT_EXPECT_EQ(test, x->flags, 0);
	KUNIT_EXPECT_EQ(test, x->u.gso.type, XEN_NETIF_GSO_TYPE_TCPV4);
	KUNIT_EXPECT_EQ(test, x->u.gso.size, 1400);
	skb_shinfo(skb)->gso_size = 0;
	skb_shinfo(skb)->gso_type = 0;
	kfree_skb(skb);
}

/*
 * A guest that asked for hashing gets the skb's software hash in a hash
 * extra after the GSO extra, the two chained by EXTRA_FLAG_MORE; one that
 * did not, and a packet without a software hash, get none.
 */
static void
xnb_test_rxpkt2rsp_hash(struct kunit *test)
{
	struct xnb_pkt *pkt = xnb_test_pkt(test);
	struct sk_buff *skb = xnb_test_rx_skb(test, 100, 1, 3000);
	struct gnttab_copy *ops = xnb_test_ops(test);
	struct xen_netif_rx_response *rsp;
	struct xen_netif_extra_info *x;
	struct xnb_test_rx r;
	RING_IDX space;
	unsigned int n, i;
	u32 v;

	xnb_test_rx_init(test, &r, 0, 4);
	skb_shinfo(skb)->gso_size = 1400;
	skb_shinfo(skb)->gso_type = SKB_GSO_TCPV4;
	skb->protocol = htons(ETH_P_IP);
	__skb_set_sw_hash(skb, 0x51ccc178, true);
	KUNIT_EXPECT_EQ(test, xnb_rx_slots(skb, XNB_TEST_RXOPT(18, false, 0)),
	    2U);
	KUNIT_EXPECT_EQ(test, xnb_rx_slots(skb, XNB_TEST_RXOPT(18, true, 0)),
	    3U);
	KUNIT_EXPECT_EQ(test,
	    xnb_skb2pkt(pkt, skb, 0, 2, XNB_TEST_RXOPT(18, true, 0)), -ENOSPC);
	space = r.sring->req_prod - r.back.req_cons;
	KUNIT_ASSERT_EQ(test,
	    xnb_skb2pkt(pkt, skb, 0, space, XNB_TEST_RXOPT(18, true, 0)), 0);
	KUNIT_EXPECT_EQ(test, pkt->xp_nslots, 3U);
	KUNIT_EXPECT_EQ(test, pkt->xp_nextra, 2U);
	n = xnb_rxpkt2gnttab(pkt, skb, &r.back, ops, XNB_TEST_DOMID);
	KUNIT_EXPECT_EQ(test, pkt->xp_rx[1].xrs_nops, 0);
	KUNIT_EXPECT_EQ(test, pkt->xp_rx[2].xrs_nops, 0);
	for (i = 0; i < n; i++)
		ops[i].status = GNTST_okay;
	KUNIT_EXPECT_EQ(test, xnb_rxpkt2rsp(pkt, ops, &r.back), 0);
	KUNIT_EXPECT_EQ(test, r.back.rsp_prod_pvt, 3U);
	rsp = RING_GET_RESPONSE(&r.back, 0);
	KUNIT_EXPECT_EQ(test, rsp->status, 3100);
	KUNIT_EXPECT_TRUE(test, rsp->flags & XEN_NETRXF_extra_info);
	x = (struct xen_netif_extra_info *)RING_GET_RESPONSE(&r.back, 1);
	KUNIT_EXPECT_EQ(test, x->type, XEN_NETIF_EXTRA_TYPE_GSO);
	KUNIT_EXPECT_EQ(test, x->flags, XEN_NETIF_EXTRA_FLAG_MORE);
	x = (struct xen_netif_extra_info *)RING_GET_RESPONSE(&r.back, 2);
	KUNIT_EXPECT_EQ(test, x->type, XEN_NETIF_EXTRA_TYPE_HASH);
	KUNIT_EXPECT_EQ(test, x->flags, 0);
	KUNIT_EXPECT_EQ(test, x->u.hash.algorithm,
	    XEN_NETIF_CTRL_HASH_ALGORITHM_TOEPLITZ);
	KUNIT_EXPECT_EQ(test, x->u.hash.type,
	    _XEN_NETIF_CTRL_HASH_TYPE_IPV4_TCP);
	memcpy(&v, x->u.hash.value, sizeof(v));
	KUNIT_EXPECT_EQ(test, v, 0x51ccc178U);

	/* Not asked for, or no software hash: the GSO extra alone. */
	KUNIT_ASSERT_EQ(test,
	    xnb_skb2pkt(pkt, skb, 0, 4, XNB_TEST_RXOPT(18, false, 0)), 0);
	KUNIT_EXPECT_EQ(test, pkt->xp_nextra, 1U);
	KUNIT_EXPECT_FALSE(test, pkt->xp_hashed);
	skb_clear_hash(skb);
	KUNIT_ASSERT_EQ(test,
	    xnb_skb2pkt(pkt, skb, 0, 4, XNB_TEST_RXOPT(18, true, 0)), 0);
	KUNIT_EXPECT_EQ(test, pkt->xp_nextra, 1U);
	/* An L3 hash over IPv6, without GSO: the hash extra alone. */
	skb_shinfo(skb)->gso_size = 0;
	skb_shinfo(skb)->gso_type = 0;
	skb->protocol = htons(ETH_P_IPV6);
	__skb_set_sw_hash(skb, 7, false);
	KUNIT_ASSERT_EQ(test,
	    xnb_skb2pkt(pkt, skb, 0, 4, XNB_TEST_RXOPT(18, true, 0)), 0);
	KUNIT_EXPECT_EQ(test, pkt->xp_nextra, 1U);
	KUNIT_EXPECT_TRUE(test, pkt->xp_hash_v6);
	KUNIT_EXPECT_FALSE(test, pkt->xp_hash_l4);
	kfree_skb(skb);
}

static void
xnb_test_rxpkt2rsp_2short(struct kunit *test)
{
	struct xnb_pkt *pkt = xnb_test_pkt(test);
	struct sk_buff *a = xnb_test_rx_skb(test, 60, 0, 0);
	struct sk_buff *b = xnb_test_rx_skb(test, 70, 0, 0);
	struct gnttab_copy *ops = xnb_test_ops(test);
	struct xen_netif_rx_response *rsp;
	struct xnb_test_rx r;

	xnb_test_rx_init(test, &r, 0, 4);
	xnb_test_rx_prepare(test, &r, pkt, a, ops);
	KUNIT_EXPECT_EQ(test, xnb_rxpkt2rsp(pkt, ops, &r.back), 0);
	xnb_test_rx_prepare(test, &r, pkt, b, ops);
	KUNIT_EXPECT_EQ(test, xnb_rxpkt2rsp(pkt, ops, &r.back), 0);
	KUNIT_EXPECT_EQ(test, r.back.rsp_prod_pvt, 2U);
	rsp = RING_GET_RESPONSE(&r.back, 0);
	KUNIT_EXPECT_EQ(test, rsp->id, 1000);
	KUNIT_EXPECT_EQ(test, rsp->status, 60);
	rsp = RING_GET_RESPONSE(&r.back, 1);
	KUNIT_EXPECT_EQ(test, rsp->id, 1001);
	KUNIT_EXPECT_EQ(test, rsp->status, 70);
	KUNIT_EXPECT_EQ(test, rsp->flags, 0);
	kfree_skb(a);
	kfree_skb(b);
}

static void
xnb_test_rxpkt2rsp_2slots(struct kunit *test)
{
	struct xnb_pkt *pkt = xnb_test_pkt(test);
	struct sk_buff *skb = xnb_test_rx_skb(test, 100, 2, 3000);
	struct gnttab_copy *ops = xnb_test_ops(test);
	struct xen_netif_rx_response *rsp;
	struct xnb_test_rx r;

	xnb_test_rx_init(test, &r, 0, 4);
	xnb_test_rx_prepare(test, &r, pkt, skb, ops);
	KUNIT_EXPECT_EQ(test, xnb_rxpkt2rsp(pkt, ops, &r.back), 0);
	rsp = RING_GET_RESPONSE(&r.back, 0);
	KUNIT_EXPECT_EQ(test, rsp->status, 4096);
	KUNIT_EXPECT_EQ(test, rsp->flags, XEN_NETRXF_more_data);
	rsp = RING_GET_RESPONSE(&r.back, 1);
	KUNIT_EXPECT_EQ(test, rsp->id, 1001);
	KUNIT_EXPECT_EQ(test, rsp->status, 6100 - 4096);
	KUNIT_EXPECT_EQ(test, rsp->flags, 0);
	kfree_skb(skb);
}

static void
xnb_test_rxpkt2rsp_poisoned(struct kunit *test)
{
	struct xnb_pkt *pkt = xnb_test_pkt(test);
	struct sk_buff *skb = xnb_test_rx_skb(test, 100, 2, 3000);
	struct gnttab_copy *ops = xnb_test_ops(test);
	struct xen_netif_rx_response *rsp;
	struct xnb_test_rx r;
	unsigned int i;

	/*
	 * The responses take the requests' slots, which the frontend may
	 * still scribble on: whatever was there, each response is what the
	 * backend built, none of it read back from the slot.
	 */
	xnb_test_rx_init(test, &r, 0, 4);
	xnb_test_rx_prepare(test, &r, pkt, skb, ops);
	for (i = 0; i < 4; i++)
		memset(RING_GET_RESPONSE(&r.back, i), 0xff,
		    sizeof(struct xen_netif_rx_response));
	KUNIT_EXPECT_EQ(test, xnb_rxpkt2rsp(pkt, ops, &r.back), 0);
	rsp = RING_GET_RESPONSE(&r.back, 0);
	KUNIT_EXPECT_EQ(test, rsp->id, 1000);
	KUNIT_EXPECT_EQ(test, rsp->offset, 0);
	KUNIT_EXPECT_EQ(test, rsp->status, 4096);
	KUNIT_EXPECT_EQ(test, rsp->flags, XEN_NETRXF_more_data);
	rsp = RING_GET_RESPONSE(&r.back, 1);
	KUNIT_EXPECT_EQ(test, rsp->id, 1001);
	KUNIT_EXPECT_EQ(test, rsp->offset, 0);
	KUNIT_EXPECT_EQ(test, rsp->status, 6100 - 4096);
	KUNIT_EXPECT_EQ(test, rsp->flags, 0);
	kfree_skb(skb);
}

static void
xnb_test_rxpkt2rsp_copyerror(struct kunit *test)
{
	struct xnb_pkt *pkt = xnb_test_pkt(test);
	struct sk_buff *skb = xnb_test_rx_skb(test, 100, 2, 3000);
	struct gnttab_copy *ops = xnb_test_ops(test);
	struct xen_netif_rx_response *rsp;
	struct xnb_test_rx r;
	unsigned int n;

	xnb_test_rx_init(test, &r, 0, 4);
	n = xnb_test_rx_prepare(test, &r, pkt, skb, ops);
	ops[n - 1].status = GNTST_bad_gntref;
	KUNIT_EXPECT_EQ(test, xnb_rxpkt2rsp(pkt, ops, &r.back), -EIO);
	/* Every data slot fails, the chain stays intact for the guest. */
	rsp = RING_GET_RESPONSE(&r.back, 0);
	KUNIT_EXPECT_EQ(test, rsp->status, XEN_NETIF_RSP_ERROR);
	KUNIT_EXPECT_EQ(test, rsp->flags, XEN_NETRXF_more_data);
	rsp = RING_GET_RESPONSE(&r.back, 1);
	KUNIT_EXPECT_EQ(test, rsp->status, XEN_NETIF_RSP_ERROR);
	KUNIT_EXPECT_EQ(test, rsp->flags, 0);
	KUNIT_EXPECT_EQ(test, r.back.rsp_prod_pvt, 2U);
	kfree_skb(skb);
}

/*--------------------------- RX: XDP headroom ------------------------------*/
/*
 * netif.h, "xdp-headroom": every data slot's data starts the headroom
 * into its buffer, an XDP extra (last of the extras) says how far, and
 * each response's offset and status are the data's start and length.
 */
static void
xnb_test_rx_headroom(struct kunit *test)
{
	struct xnb_pkt *pkt = xnb_test_pkt(test);
	struct sk_buff *skb = xnb_test_rx_skb(test, 100, 1, 3000);
	struct gnttab_copy *ops = xnb_test_ops(test);
	struct xen_netif_rx_response *rsp;
	struct xen_netif_extra_info *x;
	struct xnb_test_rx r;
	unsigned int n, i;

	xnb_test_rx_init(test, &r, 0, 4);
	KUNIT_EXPECT_EQ(test, xnb_rx_slots(skb, XNB_TEST_RXOPT(18, false, 256)),
	    2U);
	KUNIT_EXPECT_EQ(test,
	    xnb_skb2pkt(pkt, skb, 0, 1, XNB_TEST_RXOPT(18, false, 256)),
	    -ENOSPC);
	KUNIT_ASSERT_EQ(test,
	    xnb_skb2pkt(pkt, skb, 0, 4, XNB_TEST_RXOPT(18, false, 256)), 0);
	KUNIT_EXPECT_EQ(test, pkt->xp_nslots, 2U);
	KUNIT_EXPECT_EQ(test, pkt->xp_nextra, 1U);
	KUNIT_EXPECT_EQ(test, pkt->xp_headroom, 256);
	n = xnb_rxpkt2gnttab(pkt, skb, &r.back, ops, XNB_TEST_DOMID);
	KUNIT_ASSERT_EQ(test, n, 2U);
	KUNIT_EXPECT_EQ(test, ops[0].dest.offset, 256);
	KUNIT_EXPECT_EQ(test, ops[0].len, 100);
	KUNIT_EXPECT_EQ(test, ops[1].dest.offset, 356);
	KUNIT_EXPECT_EQ(test, ops[1].len, 3000);
	KUNIT_EXPECT_EQ(test, pkt->xp_rx[1].xrs_nops, 0);
	for (i = 0; i < n; i++)
		ops[i].status = GNTST_okay;
	KUNIT_EXPECT_EQ(test, xnb_rxpkt2rsp(pkt, ops, &r.back), 0);
	KUNIT_EXPECT_EQ(test, r.back.rsp_prod_pvt, 2U);
	rsp = RING_GET_RESPONSE(&r.back, 0);
	KUNIT_EXPECT_EQ(test, rsp->offset, 256);
	KUNIT_EXPECT_EQ(test, rsp->status, 3100);
	KUNIT_EXPECT_EQ(test, rsp->flags, XEN_NETRXF_extra_info);
	x = (struct xen_netif_extra_info *)RING_GET_RESPONSE(&r.back, 1);
	KUNIT_EXPECT_EQ(test, x->type, XEN_NETIF_EXTRA_TYPE_XDP);
	KUNIT_EXPECT_EQ(test, x->flags, 0);
	KUNIT_EXPECT_EQ(test, x->u.xdp.headroom, 256);
	/* The buffer is a page less the headroom: 3840 bytes fit one. */
	kfree_skb(skb);
	skb = xnb_test_rx_skb(test, 840, 1, 3000);
	KUNIT_EXPECT_EQ(test, xnb_rx_slots(skb, XNB_TEST_RXOPT(1, false, 256)),
	    2U);
	KUNIT_EXPECT_EQ(test,
	    xnb_skb2pkt(pkt, skb, 0, 4, XNB_TEST_RXOPT(1, false, 256)), 0);
	kfree_skb(skb);
	skb = xnb_test_rx_skb(test, 841, 1, 3000);
	KUNIT_EXPECT_EQ(test, xnb_rx_slots(skb, XNB_TEST_RXOPT(1, false, 256)),
	    3U);
	KUNIT_EXPECT_EQ(test,
	    xnb_skb2pkt(pkt, skb, 0, 4, XNB_TEST_RXOPT(1, false, 256)),
	    -EMSGSIZE);
	kfree_skb(skb);
}

/*
 * All three extras: GSO, hash, XDP, in that order (xen-netback's), each
 * but the last with FLAG_MORE; the data slots after them start at the
 * headroom too.
 */
static void
xnb_test_rx_headroom_extras(struct kunit *test)
{
	struct xnb_pkt *pkt = xnb_test_pkt(test);
	struct sk_buff *skb = xnb_test_rx_skb(test, 100, 2, 3000);
	struct gnttab_copy *ops = xnb_test_ops(test);
	struct xen_netif_rx_response *rsp;
	struct xen_netif_extra_info *x;
	struct xnb_test_rx r;
	unsigned int n, i, sum;

	xnb_test_rx_init(test, &r, 0, 8);
	skb_shinfo(skb)->gso_size = 1400;
	skb_shinfo(skb)->gso_type = SKB_GSO_TCPV4;
	skb->protocol = htons(ETH_P_IP);
	__skb_set_sw_hash(skb, 0x51ccc178, true);
	KUNIT_EXPECT_EQ(test, xnb_rx_slots(skb, XNB_TEST_RXOPT(18, true, 256)),
	    5U);
	KUNIT_ASSERT_EQ(test,
	    xnb_skb2pkt(pkt, skb, 0, 8, XNB_TEST_RXOPT(18, true, 256)), 0);
	KUNIT_EXPECT_EQ(test, pkt->xp_nslots, 5U);
	KUNIT_EXPECT_EQ(test, pkt->xp_nextra, 3U);
	KUNIT_EXPECT_EQ(test, pkt->xp_rx[0].xrs_len, 3840);
	KUNIT_EXPECT_EQ(test, pkt->xp_rx[4].xrs_len, 6100 - 3840);
	n = xnb_rxpkt2gnttab(pkt, skb, &r.back, ops, XNB_TEST_DOMID);
	for (i = 0, sum = 0; i < n; i++) {
		KUNIT_EXPECT_GE(test, ops[i].dest.offset, 256);
		KUNIT_EXPECT_LE(test, ops[i].dest.offset + ops[i].len, 4096);
		sum += ops[i].len;
		ops[i].status = GNTST_okay;
	}
	KUNIT_EXPECT_EQ(test, sum, 6100U);
	KUNIT_EXPECT_EQ(test, xnb_rxpkt2rsp(pkt, ops, &r.back), 0);
	rsp = RING_GET_RESPONSE(&r.back, 0);
	KUNIT_EXPECT_EQ(test, rsp->flags,
	    XEN_NETRXF_extra_info | XEN_NETRXF_more_data);
	x = (struct xen_netif_extra_info *)RING_GET_RESPONSE(&r.back, 1);
	KUNIT_EXPECT_EQ(test, x->type, XEN_NETIF_EXTRA_TYPE_GSO);
	KUNIT_EXPECT_EQ(test, x->flags, XEN_NETIF_EXTRA_FLAG_MORE);
	x = (struct xen_netif_extra_info *)RING_GET_RESPONSE(&r.back, 2);
	KUNIT_EXPECT_EQ(test, x->type, XEN_NETIF_EXTRA_TYPE_HASH);
	KUNIT_EXPECT_EQ(test, x->flags, XEN_NETIF_EXTRA_FLAG_MORE);
	x = (struct xen_netif_extra_info *)RING_GET_RESPONSE(&r.back, 3);
	KUNIT_EXPECT_EQ(test, x->type, XEN_NETIF_EXTRA_TYPE_XDP);
	KUNIT_EXPECT_EQ(test, x->flags, 0);
	KUNIT_EXPECT_EQ(test, x->u.xdp.headroom, 256);
	rsp = RING_GET_RESPONSE(&r.back, 4);
	KUNIT_EXPECT_EQ(test, rsp->id, 1004);
	KUNIT_EXPECT_EQ(test, rsp->offset, 256);
	KUNIT_EXPECT_EQ(test, rsp->status, 6100 - 3840);
	KUNIT_EXPECT_EQ(test, rsp->flags, 0);
	kfree_skb(skb);
}

/*
 * A headroom above XNB_XDP_HEADROOM_MAX is laid out as the maximum, and
 * the extra says so; a 64 KiB packet that then needs more buffers than
 * the guest takes is refused, not split.
 */
static void
xnb_test_rx_headroom_clamp(struct kunit *test)
{
	struct xnb_pkt *pkt = xnb_test_pkt(test);
	struct sk_buff *skb = xnb_test_rx_skb(test, 100, 1, 3000);
	struct gnttab_copy *ops = xnb_test_ops(test);
	struct xen_netif_extra_info *x;
	struct xnb_test_rx r;
	unsigned int n, i;

	xnb_test_rx_init(test, &r, 0, 4);
	KUNIT_ASSERT_EQ(test,
	    xnb_skb2pkt(pkt, skb, 0, 4,
		XNB_TEST_RXOPT(18, false, XEN_NETIF_MAX_XDP_HEADROOM)),
	    0);
	KUNIT_EXPECT_EQ(test, pkt->xp_headroom, XNB_XDP_HEADROOM_MAX);
	KUNIT_EXPECT_EQ(test, pkt->xp_nslots, 3U);
	KUNIT_EXPECT_EQ(test, pkt->xp_rx[0].xrs_len, XNB_XDP_HEADROOM_MAX);
	KUNIT_EXPECT_EQ(test, pkt->xp_rx[2].xrs_len,
	    3100 - XNB_XDP_HEADROOM_MAX);
	n = xnb_rxpkt2gnttab(pkt, skb, &r.back, ops, XNB_TEST_DOMID);
	for (i = 0; i < n; i++) {
		KUNIT_EXPECT_LE(test, ops[i].dest.offset + ops[i].len, 4096);
		ops[i].status = GNTST_okay;
	}
	KUNIT_EXPECT_EQ(test, xnb_rxpkt2rsp(pkt, ops, &r.back), 0);
	x = (struct xen_netif_extra_info *)RING_GET_RESPONSE(&r.back, 1);
	KUNIT_EXPECT_EQ(test, x->u.xdp.headroom, XNB_XDP_HEADROOM_MAX);
	kfree_skb(skb);
	skb = xnb_test_rx_skb(test, 0, 16, 4096);
	skb_shinfo(skb)->gso_size = 1448;
	skb_shinfo(skb)->gso_type = SKB_GSO_TCPV6;
	KUNIT_EXPECT_EQ(test,
	    xnb_skb2pkt(pkt, skb, 0, 64, XNB_TEST_RXOPT(18, false, 256)), 0);
	KUNIT_EXPECT_EQ(test, pkt->xp_nslots, 18U + 2U);
	KUNIT_EXPECT_EQ(test,
	    xnb_skb2pkt(pkt, skb, 0, 64, XNB_TEST_RXOPT(18, false, 2048)),
	    -EMSGSIZE);
	kfree_skb(skb);
}

/*
 * A hash extra and an XDP extra without GSO: the hash first; a failed
 * copy answers every data slot with an error, at the headroom still.
 */
static void
xnb_test_rx_headroom_hash(struct kunit *test)
{
	struct xnb_pkt *pkt = xnb_test_pkt(test);
	struct sk_buff *skb = xnb_test_rx_skb(test, 100, 1, 3000);
	struct gnttab_copy *ops = xnb_test_ops(test);
	struct xen_netif_rx_response *rsp;
	struct xen_netif_extra_info *x;
	struct xnb_test_rx r;
	unsigned int n, i;

	xnb_test_rx_init(test, &r, 0, 4);
	skb->protocol = htons(ETH_P_IPV6);
	__skb_set_sw_hash(skb, 9, false);
	KUNIT_ASSERT_EQ(test,
	    xnb_skb2pkt(pkt, skb, 0, 4, XNB_TEST_RXOPT(18, true, 256)), 0);
	KUNIT_EXPECT_EQ(test, pkt->xp_nslots, 3U);
	n = xnb_rxpkt2gnttab(pkt, skb, &r.back, ops, XNB_TEST_DOMID);
	for (i = 0; i < n; i++)
		ops[i].status = GNTST_okay;
	ops[n - 1].status = GNTST_bad_gntref;
	KUNIT_EXPECT_EQ(test, xnb_rxpkt2rsp(pkt, ops, &r.back), -EIO);
	rsp = RING_GET_RESPONSE(&r.back, 0);
	KUNIT_EXPECT_EQ(test, rsp->status, XEN_NETIF_RSP_ERROR);
	KUNIT_EXPECT_EQ(test, rsp->offset, 256);
	KUNIT_EXPECT_EQ(test, rsp->flags, XEN_NETRXF_extra_info);
	x = (struct xen_netif_extra_info *)RING_GET_RESPONSE(&r.back, 1);
	KUNIT_EXPECT_EQ(test, x->type, XEN_NETIF_EXTRA_TYPE_HASH);
	KUNIT_EXPECT_EQ(test, x->flags, XEN_NETIF_EXTRA_FLAG_MORE);
	KUNIT_EXPECT_EQ(test, x->u.hash.type, _XEN_NETIF_CTRL_HASH_TYPE_IPV6);
	x = (struct xen_netif_extra_info *)RING_GET_RESPONSE(&r.back, 2);
	KUNIT_EXPECT_EQ(test, x->type, XEN_NETIF_EXTRA_TYPE_XDP);
	KUNIT_EXPECT_EQ(test, x->flags, 0);
	kfree_skb(skb);
}

/*
 * For every headroom around the limits and packet sizes around a
 * buffer's room: xnb_rx_slots(), which the wake-up estimate uses, says
 * exactly what xnb_skb2pkt() lays out, and the copies stay in the pages.
 */
static void
xnb_test_rx_headroom_sweep(struct kunit *test)
{
	static const u16 rooms[] = { 0, 1, 255, 256, 2047, 2048, 2049,
		XEN_NETIF_MAX_XDP_HEADROOM };
	struct xnb_pkt *pkt = xnb_test_pkt(test);
	struct gnttab_copy *ops = xnb_test_ops(test);
	unsigned int h, len, n, i, sum;
	struct xnb_test_rx r;
	struct sk_buff *skb;

	for (h = 0; h < ARRAY_SIZE(rooms); h++) {
		for (len = 1; len < 3 * 4096; len += 511) {
			skb = xnb_test_rx_skb(test, min(len, 1000U),
			    len > 1000 ? 1 : 0, len > 1000 ? len - 1000 : 0);
			if (len > 1000 + 4096) {
				kfree_skb(skb);
				skb = xnb_test_rx_skb(test, 1000, 3,
				    (len - 1000) / 3);
			}
			xnb_test_rx_init(test, &r, 0, 8);
			KUNIT_ASSERT_EQ(test,
			    xnb_skb2pkt(pkt, skb, 0, 8,
				XNB_TEST_RXOPT(18, false, rooms[h])),
			    0);
			KUNIT_EXPECT_EQ_MSG(test,
			    xnb_rx_slots(skb,
				XNB_TEST_RXOPT(18, false, rooms[h])),
			    pkt->xp_nslots, "headroom %u len %u", rooms[h],
			    skb->len);
			n = xnb_rxpkt2gnttab(pkt, skb, &r.back, ops,
			    XNB_TEST_DOMID);
			for (i = 0, sum = 0; i < n; i++) {
				KUNIT_EXPECT_LE(test,
				    ops[i].dest.offset + ops[i].len, 4096);
				KUNIT_EXPECT_GE(test, ops[i].dest.offset,
				    min_t(unsigned int, rooms[h],
					XNB_XDP_HEADROOM_MAX));
				sum += ops[i].len;
			}
			KUNIT_EXPECT_EQ(test, sum, skb->len);
			kfree_skb(skb);
		}
	}
}

static struct kunit_case xnb_pkt_rx_cases[] = {
	KUNIT_CASE(xnb_test_skb2pkt_empty), KUNIT_CASE(xnb_test_skb2pkt_short),
	KUNIT_CASE(xnb_test_skb2pkt_1frag), KUNIT_CASE(xnb_test_skb2pkt_2short),
	KUNIT_CASE(xnb_test_skb2pkt_long), KUNIT_CASE(xnb_test_skb2pkt_extra),
	KUNIT_CASE(xnb_test_skb2pkt_nospace),
	KUNIT_CASE(xnb_test_rxpkt2gnttab_empty),
	KUNIT_CASE(xnb_test_rxpkt2gnttab_short),
	KUNIT_CASE(xnb_test_rxpkt2gnttab_2req),
	KUNIT_CASE(xnb_test_rxpkt2rsp_empty),
	KUNIT_CASE(xnb_test_rxpkt2rsp_short),
	KUNIT_CASE(xnb_test_rxpkt2rsp_extra),
	KUNIT_CASE(xnb_test_rxpkt2rsp_hash),
	KUNIT_CASE(xnb_test_rx_headroom),
	KUNIT_CASE(xnb_test_rx_headroom_extras),
	KUNIT_CASE(xnb_test_rx_headroom_clamp),
	KUNIT_CASE(xnb_test_rx_headroom_hash),
	KUNIT_CASE(xnb_test_rx_headroom_sweep),
	KUNIT_CASE(xnb_test_rxpkt2rsp_2short),
	KUNIT_CASE(xnb_test_rxpkt2rsp_2slots),
	KUNIT_CASE(xnb_test_rxpkt2rsp_poisoned),
	KUNIT_CASE(xnb_test_rxpkt2rsp_copyerror),
	{}
};

static struct kunit_suite xnb_pkt_rx_suite = {
	.name = "xnb_pkt_rx",
	.test_cases = xnb_pkt_rx_cases,
};
kunit_test_suite(xnb_pkt_rx_suite);

// SPDX-License-Identifier: GPL-2.0-only
/*
 * xnb_pkt_test.c: KUnit suite for the network backend's TX packet logic:
 * TX slots vetted into packets (xnb_ring2pkt), and the multicast list and
 * rate credit that TX requests act on.  Included at the end of xnb_pkt.c
 * under CONFIG_XNB_KUNIT_TEST.
 *
 * The cases follow the list of FreeBSD's netback_unit_tests.c, re-thought
 * for sk_buffs and these functions: each builds rings in memory the way a
 * frontend fills them (ring.h's FRONT_RING macros), runs one converter,
 * and checks what it built.  Then come the malformed requests netif.h
 * forbids.  The rings come from xnb_pkt_test.h; what a vetted packet
 * becomes (its skb, grant copies and responses) and the randomized run
 * have their suite in xnb_pkt_copy_test.c, checksum and GSO offloads
 * theirs in xnb_pkt_offload_test.c, the RX converters theirs in
 * xnb_pkt_rx_test.c.
 */
#include <kunit/test.h>

#include "xnb_pkt_test.h"

/*------------------------------ TX: ring2pkt -------------------------------*/
static void
xnb_test_ring2pkt_empty(struct kunit *test)
{
	struct xnb_pkt *pkt = xnb_test_pkt(test);
	struct xnb_test_tx r;
	RING_IDX prod;

	xnb_test_tx_init(test, &r, 0);
	prod = xnb_test_txpush(&r);
	KUNIT_EXPECT_EQ(test, xnb_ring2pkt(pkt, &r.back, 0, prod, 18), 0U);
}

static void
xnb_test_ring2pkt_1req(struct kunit *test)
{
	struct xnb_pkt *pkt = xnb_test_pkt(test);
	struct xnb_test_tx r;
	RING_IDX prod;

	xnb_test_tx_init(test, &r, 0);
	xnb_test_txreq(&r, 0, 69, 100, 7, 3);
	prod = xnb_test_txpush(&r);
	KUNIT_ASSERT_EQ(test, xnb_ring2pkt(pkt, &r.back, 0, prod, 18), 1U);
	KUNIT_EXPECT_EQ(test, pkt->xp_verdict, XNB_PKT_OK);
	KUNIT_EXPECT_EQ(test, pkt->xp_size, 69U);
	KUNIT_EXPECT_EQ(test, pkt->xp_first_len, 69U);
	KUNIT_EXPECT_EQ(test, pkt->xp_nslots, 1U);
	KUNIT_EXPECT_EQ(test, pkt->xp_nextra, 0U);
	KUNIT_EXPECT_EQ(test, pkt->xp_tx[0].xts_req.gref, 7U);
	KUNIT_EXPECT_EQ(test, pkt->xp_tx[0].xts_req.id, 3);
}

static void
xnb_test_ring2pkt_2req(struct kunit *test)
{
	struct xnb_pkt *pkt = xnb_test_pkt(test);
	struct xnb_test_tx r;
	RING_IDX prod;

	xnb_test_tx_init(test, &r, 0);
	xnb_test_txreq(&r, XEN_NETTXF_more_data, 1000, 0, 1, 1);
	xnb_test_txreq(&r, 0, 400, 0, 2, 2);
	prod = xnb_test_txpush(&r);
	KUNIT_ASSERT_EQ(test, xnb_ring2pkt(pkt, &r.back, 0, prod, 18), 2U);
	KUNIT_EXPECT_EQ(test, pkt->xp_verdict, XNB_PKT_OK);
	KUNIT_EXPECT_EQ(test, pkt->xp_size, 1000U);
	KUNIT_EXPECT_EQ(test, pkt->xp_first_len, 600U);
	KUNIT_EXPECT_EQ(test, pkt->xp_tx[1].xts_req.gref, 2U);
}

static void
xnb_test_ring2pkt_3req(struct kunit *test)
{
	struct xnb_pkt *pkt = xnb_test_pkt(test);
	struct xnb_test_tx r;
	RING_IDX prod;

	xnb_test_tx_init(test, &r, 0);
	xnb_test_txreq(&r, XEN_NETTXF_more_data, 9000, 0, 1, 1);
	xnb_test_txreq(&r, XEN_NETTXF_more_data, 4096, 0, 2, 2);
	xnb_test_txreq(&r, 0, 4000, 0, 3, 3);
	/* A second packet behind it is not part of it. */
	xnb_test_txreq(&r, 0, 60, 0, 4, 4);
	prod = xnb_test_txpush(&r);
	KUNIT_ASSERT_EQ(test, xnb_ring2pkt(pkt, &r.back, 0, prod, 18), 3U);
	KUNIT_EXPECT_EQ(test, pkt->xp_verdict, XNB_PKT_OK);
	KUNIT_EXPECT_EQ(test, pkt->xp_first_len, 904U);
	KUNIT_ASSERT_EQ(test, xnb_ring2pkt(pkt, &r.back, 3, prod, 18), 1U);
	KUNIT_EXPECT_EQ(test, pkt->xp_size, 60U);
	KUNIT_EXPECT_EQ(test, pkt->xp_start, 3U);
}

static void
xnb_test_ring2pkt_extra(struct kunit *test)
{
	struct xnb_pkt *pkt = xnb_test_pkt(test);
	struct xnb_test_tx r;
	RING_IDX prod;

	xnb_test_tx_init(test, &r, 0);
	xnb_test_txreq(&r, XEN_NETTXF_extra_info | XEN_NETTXF_more_data, 5000,
	    0, 1, 1);
	xnb_test_txextra(&r, XEN_NETIF_EXTRA_TYPE_GSO, 0,
	    XEN_NETIF_GSO_TYPE_TCPV4, 1448);
	xnb_test_txreq(&r, 0, 4000, 0, 2, 2);
	prod = xnb_test_txpush(&r);
	KUNIT_ASSERT_EQ(test, xnb_ring2pkt(pkt, &r.back, 0, prod, 18), 3U);
	KUNIT_EXPECT_EQ(test, pkt->xp_verdict, XNB_PKT_OK);
	KUNIT_EXPECT_EQ(test, pkt->xp_nextra, 1U);
	KUNIT_EXPECT_EQ(test, pkt->xp_gso_type, XEN_NETIF_GSO_TYPE_TCPV4);
	KUNIT_EXPECT_EQ(test, pkt->xp_gso_size, 1448);
	KUNIT_EXPECT_EQ(test, pkt->xp_first_len, 1000U);
	KUNIT_EXPECT_FALSE(test, xnb_pkt_is_data(pkt, 1));
	KUNIT_EXPECT_TRUE(test, xnb_pkt_is_data(pkt, 2));
}

/*
 * A hash extra after a GSO extra (netif.h, "Hash"): kept for the skb
 * with its type's layer; one of an unknown type is ignored, the packet
 * still delivered.
 */
static void
xnb_test_ring2pkt_hash(struct kunit *test)
{
	struct xnb_pkt *pkt = xnb_test_pkt(test);
	struct xen_netif_extra_info *x;
	struct xnb_test_tx r;
	const u32 v = 0x51ccc178;
	RING_IDX prod;

	xnb_test_tx_init(test, &r, 0);
	xnb_test_txreq(&r, XEN_NETTXF_extra_info, 1000, 0, 1, 1);
	xnb_test_txextra(&r, XEN_NETIF_EXTRA_TYPE_GSO,
	    XEN_NETIF_EXTRA_FLAG_MORE, XEN_NETIF_GSO_TYPE_TCPV4, 1448);
	x = xnb_test_txextra(&r, XEN_NETIF_EXTRA_TYPE_HASH, 0, 0, 0);
	x->u.hash.algorithm = XEN_NETIF_CTRL_HASH_ALGORITHM_TOEPLITZ;
	x->u.hash.type = _XEN_NETIF_CTRL_HASH_TYPE_IPV4_TCP;
	memcpy(x->u.hash.value, &v, sizeof(v));
	prod = xnb_test_txpush(&r);
	KUNIT_ASSERT_EQ(test, xnb_ring2pkt(pkt, &r.back, 0, prod, 18), 3U);
	KUNIT_EXPECT_EQ(test, pkt->xp_verdict, XNB_PKT_OK);
	KUNIT_EXPECT_EQ(test, pkt->xp_nextra, 2U);
	KUNIT_EXPECT_EQ(test, pkt->xp_gso_size, 1448);
	KUNIT_EXPECT_TRUE(test, pkt->xp_hashed);
	KUNIT_EXPECT_TRUE(test, pkt->xp_hash_l4);
	KUNIT_EXPECT_EQ(test, pkt->xp_hash, v);

	xnb_test_tx_init(test, &r, 0);
	xnb_test_txreq(&r, XEN_NETTXF_extra_info, 1000, 0, 1, 1);
	x = xnb_test_txextra(&r, XEN_NETIF_EXTRA_TYPE_HASH, 0, 0, 0);
	x->u.hash.type = _XEN_NETIF_CTRL_HASH_TYPE_IPV6;
	prod = xnb_test_txpush(&r);
	KUNIT_ASSERT_EQ(test, xnb_ring2pkt(pkt, &r.back, 0, prod, 18), 2U);
	KUNIT_EXPECT_TRUE(test, pkt->xp_hashed);
	KUNIT_EXPECT_FALSE(test, pkt->xp_hash_l4);

	xnb_test_tx_init(test, &r, 0);
	xnb_test_txreq(&r, XEN_NETTXF_extra_info, 1000, 0, 1, 1);
	x = xnb_test_txextra(&r, XEN_NETIF_EXTRA_TYPE_HASH, 0, 0, 0);
	x->u.hash.type = 9;
	prod = xnb_test_txpush(&r);
	KUNIT_ASSERT_EQ(test, xnb_ring2pkt(pkt, &r.back, 0, prod, 18), 2U);
	KUNIT_EXPECT_EQ(test, pkt->xp_verdict, XNB_PKT_OK);
	KUNIT_EXPECT_FALSE(test, pkt->xp_hashed);
}

/*
 * Multicast control (netif.h): a TX request whose extra info joins or
 * leaves a group carries no frame (size 0 is not a runt); an ADD is
 * carried out before a DEL of the same request.  The list, as
 * xen-netback's: any address, joins counted, at most XNB_MCAST_MAX;
 * broadcast and unicast frames always pass the filter.
 */
static void
xnb_test_mcast(struct kunit *test)
{
	static const u8 g1[ETH_ALEN] = { 0x01, 0x00, 0x5e, 0x01, 0x02, 0x03 };
	static const u8 g2[ETH_ALEN] = { 0x33, 0x33, 0x00, 0x00, 0x00, 0x01 };
	static const u8 uc[ETH_ALEN] = { 0x00, 0x16, 0x3e, 0x00, 0x00, 0x09 };
	static const u8 bc[ETH_ALEN] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	struct xnb_mcast *m = kunit_kzalloc(test, sizeof(*m), GFP_KERNEL);
	struct xnb_pkt *pkt = xnb_test_pkt(test);
	struct xen_netif_extra_info *x;
	struct xnb_test_tx r;
	u8 g[ETH_ALEN];
	RING_IDX prod;
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, m);
	xnb_test_tx_init(test, &r, 0);
	xnb_test_txreq(&r, XEN_NETTXF_extra_info, 0, 0, 1, 1);
	x = xnb_test_txextra(&r, XEN_NETIF_EXTRA_TYPE_MCAST_DEL,
	    XEN_NETIF_EXTRA_FLAG_MORE, 0, 0);
	memcpy(x->u.mcast.addr, g2, ETH_ALEN);
	x = xnb_test_txextra(&r, XEN_NETIF_EXTRA_TYPE_MCAST_ADD, 0, 0, 0);
	memcpy(x->u.mcast.addr, g1, ETH_ALEN);
	prod = xnb_test_txpush(&r);
	KUNIT_ASSERT_EQ(test, xnb_ring2pkt(pkt, &r.back, 0, prod, 18), 3U);
	KUNIT_EXPECT_EQ(test, pkt->xp_verdict, XNB_PKT_OK);
	KUNIT_EXPECT_EQ(test, pkt->xp_mcast_op, XEN_NETIF_EXTRA_TYPE_MCAST_ADD);
	KUNIT_EXPECT_TRUE(test, ether_addr_equal(pkt->xp_mcast_addr, g1));
	/* Without a multicast extra, size 0 is still a runt. */
	xnb_test_tx_init(test, &r, 0);
	xnb_test_txreq(&r, 0, 0, 0, 1, 1);
	prod = xnb_test_txpush(&r);
	KUNIT_ASSERT_EQ(test, xnb_ring2pkt(pkt, &r.back, 0, prod, 18), 1U);
	KUNIT_EXPECT_EQ(test, pkt->xp_verdict, XNB_PKT_DROP_SHORT);
	KUNIT_EXPECT_EQ(test, pkt->xp_mcast_op, 0);

	KUNIT_EXPECT_TRUE(test, xnb_mcast_drop(m, g1));
	KUNIT_EXPECT_FALSE(test, xnb_mcast_drop(m, uc));
	KUNIT_EXPECT_FALSE(test, xnb_mcast_drop(m, bc));
	/* As xen-netback: any address may be joined; joins are counted. */
	KUNIT_EXPECT_EQ(test, xnb_mcast_add(m, uc), 0);
	KUNIT_EXPECT_EQ(test, xnb_mcast_add(m, g1), 0);
	KUNIT_EXPECT_EQ(test, xnb_mcast_add(m, g1), 0);
	KUNIT_EXPECT_EQ(test, m->xmc_count, 3U);
	KUNIT_EXPECT_FALSE(test, xnb_mcast_drop(m, g1));
	KUNIT_EXPECT_TRUE(test, xnb_mcast_drop(m, g2));
	xnb_mcast_del(m, g2);
	KUNIT_EXPECT_EQ(test, m->xmc_count, 3U);
	xnb_mcast_del(m, g1);
	KUNIT_EXPECT_FALSE(test, xnb_mcast_drop(m, g1));
	xnb_mcast_del(m, g1);
	KUNIT_EXPECT_TRUE(test, xnb_mcast_drop(m, g1));
	KUNIT_EXPECT_EQ(test, m->xmc_count, 1U);
	/* The bound; leaving the first keeps the others, wherever they are. */
	KUNIT_EXPECT_EQ(test, xnb_mcast_add(m, g1), 0);
	memcpy(g, g2, ETH_ALEN);
	for (i = 2; i < XNB_MCAST_MAX; i++) {
		g[5] = i;
		KUNIT_EXPECT_EQ(test, xnb_mcast_add(m, g), 0);
	}
	g[5] = 0xee;
	KUNIT_EXPECT_EQ(test, xnb_mcast_add(m, g), -ENOSPC);
	KUNIT_EXPECT_TRUE(test, xnb_mcast_drop(m, g));
	xnb_mcast_del(m, uc);
	KUNIT_EXPECT_EQ(test, m->xmc_count, XNB_MCAST_MAX - 1);
	KUNIT_EXPECT_FALSE(test, xnb_mcast_drop(m, g1));
	for (i = 2; i < XNB_MCAST_MAX; i++) {
		g[5] = i;
		KUNIT_EXPECT_FALSE(test, xnb_mcast_drop(m, g));
	}
	g[5] = 0xee;
	KUNIT_EXPECT_EQ(test, xnb_mcast_add(m, g), 0);
}

static void
xnb_test_ring2pkt_partial(struct kunit *test)
{
	struct xnb_pkt *pkt = xnb_test_pkt(test);
	struct xnb_test_tx r;
	RING_IDX prod;

	xnb_test_tx_init(test, &r, 0);
	xnb_test_txreq(&r, XEN_NETTXF_more_data, 1000, 0, 1, 1);
	prod = xnb_test_txpush(&r);
	KUNIT_EXPECT_EQ(test, xnb_ring2pkt(pkt, &r.back, 0, prod, 18), 0U);
	/* An extra info chain that has not ended is partial too. */
	xnb_test_tx_init(test, &r, 0);
	xnb_test_txreq(&r, XEN_NETTXF_extra_info, 1000, 0, 1, 1);
	xnb_test_txextra(&r, XEN_NETIF_EXTRA_TYPE_GSO,
	    XEN_NETIF_EXTRA_FLAG_MORE, XEN_NETIF_GSO_TYPE_TCPV4, 1448);
	prod = xnb_test_txpush(&r);
	KUNIT_EXPECT_EQ(test, xnb_ring2pkt(pkt, &r.back, 0, prod, 18), 0U);
}

static void
xnb_test_ring2pkt_wrap(struct kunit *test)
{
	struct xnb_pkt *pkt = xnb_test_pkt(test);
	struct xnb_test_tx r;
	RING_IDX start, prod;

	/* The packet starts in the ring's second last slot; indexes wrap. */
	start = 0xffffffffU - 1;
	xnb_test_tx_init(test, &r, start);
	xnb_test_txreq(&r, XEN_NETTXF_more_data, 300, 0, 1, 1);
	xnb_test_txreq(&r, XEN_NETTXF_more_data, 100, 0, 2, 2);
	xnb_test_txreq(&r, 0, 100, 0, 3, 3);
	prod = xnb_test_txpush(&r);
	KUNIT_EXPECT_EQ(test, prod, 1U);
	KUNIT_ASSERT_EQ(test, xnb_ring2pkt(pkt, &r.back, start, prod, 18), 3U);
	KUNIT_EXPECT_EQ(test, pkt->xp_verdict, XNB_PKT_OK);
	KUNIT_EXPECT_EQ(test, pkt->xp_tx[2].xts_req.gref, 3U);
	KUNIT_EXPECT_EQ(test, pkt->xp_first_len, 100U);
}

/* Malformed: each on its own, with the verdict and slot count. */
static void
xnb_test_ring2pkt_cross_page(struct kunit *test)
{
	struct xnb_pkt *pkt = xnb_test_pkt(test);
	struct xnb_test_tx r;
	RING_IDX prod;

	xnb_test_tx_init(test, &r, 0);
	xnb_test_txreq(&r, 0, 200, 4000, 1, 1);
	prod = xnb_test_txpush(&r);
	KUNIT_ASSERT_EQ(test, xnb_ring2pkt(pkt, &r.back, 0, prod, 18), 1U);
	KUNIT_EXPECT_EQ(test, pkt->xp_verdict, XNB_PKT_FATAL_PAGE);
	/* A later slot as well. */
	xnb_test_tx_init(test, &r, 0);
	xnb_test_txreq(&r, XEN_NETTXF_more_data, 300, 0, 1, 1);
	xnb_test_txreq(&r, 0, 100, 4090, 2, 2);
	prod = xnb_test_txpush(&r);
	KUNIT_ASSERT_EQ(test, xnb_ring2pkt(pkt, &r.back, 0, prod, 18), 2U);
	KUNIT_EXPECT_EQ(test, pkt->xp_verdict, XNB_PKT_FATAL_PAGE);
	KUNIT_EXPECT_TRUE(test, xnb_verdict_fatal(pkt->xp_verdict));
}

/*
 * A slot may end exactly at its page's end: the first slot (what the
 * others do not carry) and a later one.  One byte further crosses it.
 */
static void
xnb_test_ring2pkt_page_end(struct kunit *test)
{
	struct xnb_pkt *pkt = xnb_test_pkt(test);
	struct xnb_test_tx r;
	RING_IDX prod;

	xnb_test_tx_init(test, &r, 0);
	xnb_test_txreq(&r, XEN_NETTXF_more_data, 300, XBR_PAGE_SIZE - 200, 1,
	    1);
	xnb_test_txreq(&r, 0, 100, XBR_PAGE_SIZE - 100, 2, 2);
	prod = xnb_test_txpush(&r);
	KUNIT_ASSERT_EQ(test, xnb_ring2pkt(pkt, &r.back, 0, prod, 18), 2U);
	KUNIT_EXPECT_EQ(test, pkt->xp_verdict, XNB_PKT_OK);
	KUNIT_EXPECT_EQ(test, pkt->xp_first_len, 200U);

	xnb_test_tx_init(test, &r, 0);
	xnb_test_txreq(&r, 0, 200, XBR_PAGE_SIZE - 199, 1, 1);
	prod = xnb_test_txpush(&r);
	KUNIT_ASSERT_EQ(test, xnb_ring2pkt(pkt, &r.back, 0, prod, 18), 1U);
	KUNIT_EXPECT_EQ(test, pkt->xp_verdict, XNB_PKT_FATAL_PAGE);
}

/*
 * The first slot announces fewer bytes than the others carry: the packet
 * is dropped, not the vif (as a frame of 64 KiB or more does, whose size
 * overflows the first slot's 16 bits), every one of its slots is consumed
 * and answered with an error, and the next packet is served.
 */
static void
xnb_test_ring2pkt_first_small(struct kunit *test)
{
	struct xnb_pkt *pkt = xnb_test_pkt(test);
	struct xen_netif_tx_response *rsp;
	struct xnb_test_tx r;
	unsigned int i, n;
	RING_IDX prod;

	xnb_test_tx_init(test, &r, 0);
	xnb_test_txreq(&r, XEN_NETTXF_more_data, 100, 0, 1, 1);
	xnb_test_txreq(&r, XEN_NETTXF_more_data, 60, 0, 2, 2);
	xnb_test_txreq(&r, 0, 60, 0, 3, 3);
	/* 65536 + 1000 bytes: the first slot says 1000; 18 slots. */
	xnb_test_txreq(&r, XEN_NETTXF_more_data, 1000, 0, 4, 4);
	for (i = 0; i < 16; i++)
		xnb_test_txreq(&r, XEN_NETTXF_more_data, XBR_PAGE_SIZE, 0,
		    5 + i, 5 + i);
	xnb_test_txreq(&r, 0, 1000, 0, 21, 21);
	xnb_test_txreq(&r, 0, 60, 0, 22, 22);
	prod = xnb_test_txpush(&r);

	KUNIT_ASSERT_EQ(test, xnb_ring2pkt(pkt, &r.back, 0, prod, 18), 3U);
	KUNIT_EXPECT_EQ(test, pkt->xp_verdict, XNB_PKT_DROP_SIZE);
	KUNIT_EXPECT_FALSE(test, xnb_verdict_fatal(pkt->xp_verdict));
	KUNIT_EXPECT_NULL(test, xnb_pkt2skb(pkt, GFP_KERNEL));
	xnb_txpkt2rsp(pkt, &r.back, XEN_NETIF_RSP_ERROR);
	for (i = 0; i < 3; i++) {
		rsp = RING_GET_RESPONSE(&r.back, i);
		KUNIT_EXPECT_EQ(test, rsp->id, i + 1);
		KUNIT_EXPECT_EQ(test, rsp->status, XEN_NETIF_RSP_ERROR);
	}

	n = xnb_ring2pkt(pkt, &r.back, 3, prod, XNB_PKT_MAX_SLOTS);
	KUNIT_ASSERT_EQ(test, n, 18U);
	KUNIT_EXPECT_EQ(test, pkt->xp_verdict, XNB_PKT_DROP_SIZE);
	xnb_txpkt2rsp(pkt, &r.back, XEN_NETIF_RSP_ERROR);
	KUNIT_EXPECT_EQ(test, r.back.rsp_prod_pvt, 21U);
	rsp = RING_GET_RESPONSE(&r.back, 20);
	KUNIT_EXPECT_EQ(test, rsp->id, 21);
	KUNIT_EXPECT_EQ(test, rsp->status, XEN_NETIF_RSP_ERROR);

	/* The packet after them is served. */
	KUNIT_ASSERT_EQ(test, xnb_ring2pkt(pkt, &r.back, 21, prod, 18), 1U);
	KUNIT_EXPECT_EQ(test, pkt->xp_verdict, XNB_PKT_OK);
	KUNIT_EXPECT_EQ(test, pkt->xp_size, 60U);
	KUNIT_EXPECT_EQ(test, pkt->xp_tx[0].xts_req.id, 22);

	/* A slot that crosses its page stays fatal, size overflow or not. */
	xnb_test_tx_init(test, &r, 0);
	xnb_test_txreq(&r, XEN_NETTXF_more_data, 100, 0, 1, 1);
	xnb_test_txreq(&r, XEN_NETTXF_more_data, 200, 0, 2, 2);
	xnb_test_txreq(&r, 0, 100, XBR_PAGE_SIZE - 50, 3, 3);
	prod = xnb_test_txpush(&r);
	KUNIT_ASSERT_EQ(test, xnb_ring2pkt(pkt, &r.back, 0, prod, 18), 3U);
	KUNIT_EXPECT_EQ(test, pkt->xp_verdict, XNB_PKT_FATAL_PAGE);
}

/*
 * A 500-byte packet in five data slots (100 bytes in each of the last
 * four), with a GSO extra after the first if GSO; pushed.
 */
static RING_IDX
xnb_test_tx_five(struct kunit *test, struct xnb_test_tx *r, bool gso)
{
	unsigned int i;

	xnb_test_tx_init(test, r, 0);
	xnb_test_txreq(r,
	    XEN_NETTXF_more_data | (gso ? XEN_NETTXF_extra_info : 0), 500, 0,
	    1, 1);
	if (gso)
		xnb_test_txextra(r, XEN_NETIF_EXTRA_TYPE_GSO, 0,
		    XEN_NETIF_GSO_TYPE_TCPV4, 1400);
	for (i = 0; i < 4; i++)
		xnb_test_txreq(r, i < 3 ? XEN_NETTXF_more_data : 0, 100, 0,
		    2 + i, 2 + i);
	return xnb_test_txpush(r);
}

static void
xnb_test_ring2pkt_too_many(struct kunit *test)
{
	struct xnb_pkt *pkt = xnb_test_pkt(test);
	struct xnb_test_tx r;
	RING_IDX prod;

	/* Five data slots against a limit of four: dropped, all consumed. */
	prod = xnb_test_tx_five(test, &r, false);
	KUNIT_ASSERT_EQ(test, xnb_ring2pkt(pkt, &r.back, 0, prod, 4), 5U);
	KUNIT_EXPECT_EQ(test, pkt->xp_verdict, XNB_PKT_DROP_SLOTS);
	KUNIT_ASSERT_EQ(test, xnb_ring2pkt(pkt, &r.back, 0, prod, 5), 5U);
	KUNIT_EXPECT_EQ(test, pkt->xp_verdict, XNB_PKT_OK);
}

/*
 * fatal_skb_slots (xen-netback's rule): more data slots than it allows is
 * fatal, even over a drop; exactly as many is not; 0 is no limit; extra
 * info slots do not count.
 */
static void
xnb_test_fatal_slots(struct kunit *test)
{
	struct xnb_pkt *pkt = xnb_test_pkt(test);
	struct xnb_test_tx r;
	RING_IDX prod;

	/* A GSO extra and five data slots. */
	prod = xnb_test_tx_five(test, &r, true);
	KUNIT_ASSERT_EQ(test, xnb_ring2pkt(pkt, &r.back, 0, prod, 18), 6U);
	KUNIT_EXPECT_EQ(test, pkt->xp_verdict, XNB_PKT_OK);
	xnb_pkt_fatal_slots(pkt, 5);
	KUNIT_EXPECT_EQ(test, pkt->xp_verdict, XNB_PKT_OK);
	xnb_pkt_fatal_slots(pkt, 0);
	KUNIT_EXPECT_EQ(test, pkt->xp_verdict, XNB_PKT_OK);
	xnb_pkt_fatal_slots(pkt, 4);
	KUNIT_EXPECT_EQ(test, pkt->xp_verdict, XNB_PKT_FATAL_CHAIN);
	/* Over max_tx_slots too: the fatal verdict overrides the drop. */
	KUNIT_ASSERT_EQ(test, xnb_ring2pkt(pkt, &r.back, 0, prod, 3), 6U);
	KUNIT_EXPECT_EQ(test, pkt->xp_verdict, XNB_PKT_DROP_SLOTS);
	xnb_pkt_fatal_slots(pkt, 4);
	KUNIT_EXPECT_EQ(test, pkt->xp_verdict, XNB_PKT_FATAL_CHAIN);
}

static void
xnb_test_ring2pkt_chain(struct kunit *test)
{
	struct xnb_pkt *pkt = xnb_test_pkt(test);
	struct xnb_test_tx r;
	unsigned int i;
	RING_IDX prod;

	/* A chain longer than any packet: fatal, whatever the limit. */
	xnb_test_tx_init(test, &r, 0);
	for (i = 0; i < 40; i++)
		xnb_test_txreq(&r, XEN_NETTXF_more_data, i == 0 ? 60000 : 10, 0,
		    i, i);
	prod = xnb_test_txpush(&r);
	KUNIT_ASSERT_EQ(test, xnb_ring2pkt(pkt, &r.back, 0, prod, 18),
	    (unsigned int)XNB_PKT_MAX_SLOTS);
	KUNIT_EXPECT_EQ(test, pkt->xp_verdict, XNB_PKT_FATAL_CHAIN);
}

static void
xnb_test_ring2pkt_short(struct kunit *test)
{
	struct xnb_pkt *pkt = xnb_test_pkt(test);
	struct xnb_test_tx r;
	RING_IDX prod;

	xnb_test_tx_init(test, &r, 0);
	xnb_test_txreq(&r, 0, ETH_HLEN - 1, 0, 1, 1);
	xnb_test_txreq(&r, 0, 0, 0, 1, 2);
	prod = xnb_test_txpush(&r);
	KUNIT_ASSERT_EQ(test, xnb_ring2pkt(pkt, &r.back, 0, prod, 18), 1U);
	KUNIT_EXPECT_EQ(test, pkt->xp_verdict, XNB_PKT_DROP_SHORT);
	KUNIT_ASSERT_EQ(test, xnb_ring2pkt(pkt, &r.back, 1, prod, 18), 1U);
	KUNIT_EXPECT_EQ(test, pkt->xp_verdict, XNB_PKT_DROP_SHORT);
	/* Dropped packets build no skb and no copy. */
	KUNIT_EXPECT_NULL(test, xnb_pkt2skb(pkt, GFP_KERNEL));
}

static void
xnb_test_ring2pkt_bad_extra(struct kunit *test)
{
	struct xnb_pkt *pkt = xnb_test_pkt(test);
	struct xnb_test_tx r;
	RING_IDX prod;

	/* Unknown type. */
	xnb_test_tx_init(test, &r, 0);
	xnb_test_txreq(&r, XEN_NETTXF_extra_info, 100, 0, 1, 1);
	xnb_test_txextra(&r, XEN_NETIF_EXTRA_TYPE_MAX + 3, 0, 0, 0);
	prod = xnb_test_txpush(&r);
	KUNIT_ASSERT_EQ(test, xnb_ring2pkt(pkt, &r.back, 0, prod, 18), 2U);
	KUNIT_EXPECT_EQ(test, pkt->xp_verdict, XNB_PKT_DROP_EXTRA);
	/* Type 0 (NONE) is never valid. */
	xnb_test_tx_init(test, &r, 0);
	xnb_test_txreq(&r, XEN_NETTXF_extra_info, 100, 0, 1, 1);
	xnb_test_txextra(&r, XEN_NETIF_EXTRA_TYPE_NONE, 0, 0, 0);
	prod = xnb_test_txpush(&r);
	KUNIT_ASSERT_EQ(test, xnb_ring2pkt(pkt, &r.back, 0, prod, 18), 2U);
	KUNIT_EXPECT_EQ(test, pkt->xp_verdict, XNB_PKT_DROP_EXTRA);
	/* Repeated GSO: the whole chain is still consumed. */
	xnb_test_tx_init(test, &r, 0);
	xnb_test_txreq(&r, XEN_NETTXF_extra_info | XEN_NETTXF_more_data, 3000,
	    0, 1, 1);
	xnb_test_txextra(&r, XEN_NETIF_EXTRA_TYPE_GSO,
	    XEN_NETIF_EXTRA_FLAG_MORE, XEN_NETIF_GSO_TYPE_TCPV4, 1448);
	xnb_test_txextra(&r, XEN_NETIF_EXTRA_TYPE_GSO, 0,
	    XEN_NETIF_GSO_TYPE_TCPV4, 1448);
	xnb_test_txreq(&r, 0, 1000, 0, 2, 2);
	prod = xnb_test_txpush(&r);
	KUNIT_ASSERT_EQ(test, xnb_ring2pkt(pkt, &r.back, 0, prod, 18), 4U);
	KUNIT_EXPECT_EQ(test, pkt->xp_verdict, XNB_PKT_DROP_EXTRA);
	KUNIT_EXPECT_EQ(test, pkt->xp_nextra, 2U);
}

static void
xnb_test_ring2pkt_bad_gso(struct kunit *test)
{
	struct xnb_pkt *pkt = xnb_test_pkt(test);
	struct xnb_test_tx r;
	RING_IDX prod;

	xnb_test_tx_init(test, &r, 0);
	xnb_test_txreq(&r, XEN_NETTXF_extra_info, 100, 0, 1, 1);
	xnb_test_txextra(&r, XEN_NETIF_EXTRA_TYPE_GSO, 0, 9, 1448);
	xnb_test_txreq(&r, XEN_NETTXF_extra_info, 100, 0, 1, 2);
	xnb_test_txextra(&r, XEN_NETIF_EXTRA_TYPE_GSO, 0,
	    XEN_NETIF_GSO_TYPE_TCPV6, 0);
	prod = xnb_test_txpush(&r);
	KUNIT_ASSERT_EQ(test, xnb_ring2pkt(pkt, &r.back, 0, prod, 18), 2U);
	KUNIT_EXPECT_EQ(test, pkt->xp_verdict, XNB_PKT_DROP_GSO);
	KUNIT_ASSERT_EQ(test, xnb_ring2pkt(pkt, &r.back, 2, prod, 18), 2U);
	KUNIT_EXPECT_EQ(test, pkt->xp_verdict, XNB_PKT_DROP_GSO);
}

static void
xnb_test_ring2pkt_copy_once(struct kunit *test)
{
	struct xnb_pkt *pkt = xnb_test_pkt(test);
	struct xen_netif_tx_request *req;
	struct xnb_test_tx r;
	RING_IDX prod;

	/* A frontend rewriting the ring afterwards changes nothing. */
	xnb_test_tx_init(test, &r, 0);
	req = xnb_test_txreq(&r, 0, 100, 0, 1, 1);
	prod = xnb_test_txpush(&r);
	KUNIT_ASSERT_EQ(test, xnb_ring2pkt(pkt, &r.back, 0, prod, 18), 1U);
	req->size = 60000;
	req->offset = 4000;
	KUNIT_EXPECT_EQ(test, pkt->xp_size, 100U);
	KUNIT_EXPECT_EQ(test, pkt->xp_tx[0].xts_req.offset, 0);
}

static void
xnb_test_ring2pkt_copy_once_extra(struct kunit *test)
{
	struct xnb_pkt *pkt = xnb_test_pkt(test);
	struct gnttab_copy *ops = xnb_test_ops(test);
	struct xen_netif_tx_request *req0, *req2;
	struct xen_netif_tx_response *rsp;
	struct xen_netif_extra_info *x;
	struct sk_buff *skb;
	struct xnb_test_tx r;
	RING_IDX prod;
	unsigned int n;

	/*
	 * Every slot of a packet, extra info included, is private once
	 * copied: rewriting the ring before the copies and the responses
	 * are built changes neither.
	 */
	xnb_test_tx_init(test, &r, 0);
	req0 = xnb_test_txreq(&r, XEN_NETTXF_extra_info | XEN_NETTXF_more_data,
	    5000, 0, 1, 1);
	x = xnb_test_txextra(&r, XEN_NETIF_EXTRA_TYPE_GSO, 0,
	    XEN_NETIF_GSO_TYPE_TCPV4, 1448);
	req2 = xnb_test_txreq(&r, 0, 4000, 0, 2, 2);
	prod = xnb_test_txpush(&r);
	KUNIT_ASSERT_EQ(test, xnb_ring2pkt(pkt, &r.back, 0, prod, 18), 3U);
	KUNIT_ASSERT_EQ(test, pkt->xp_verdict, XNB_PKT_OK);
	x->type = XEN_NETIF_EXTRA_TYPE_MCAST_ADD;
	x->u.gso.size = 1;
	req0->gref = 66;
	req2->size = 4096;
	req2->offset = 4000;
	req2->gref = 77;
	req2->id = 99;
	KUNIT_EXPECT_EQ(test, pkt->xp_tx[1].xts_extra.type,
	    XEN_NETIF_EXTRA_TYPE_GSO);
	KUNIT_EXPECT_EQ(test, pkt->xp_tx[1].xts_extra.u.gso.size, 1448);
	KUNIT_EXPECT_EQ(test, pkt->xp_gso_size, 1448);
	skb = xnb_pkt2skb(pkt, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	n = xnb_txpkt2gnttab(pkt, skb, ops, XNB_TEST_DOMID);
	KUNIT_ASSERT_GT(test, n, 1U);
	KUNIT_EXPECT_EQ(test, ops[0].source.u.ref, 1U);
	KUNIT_EXPECT_EQ(test, ops[n - 1].source.u.ref, 2U);
	KUNIT_EXPECT_LE(test, ops[n - 1].source.offset + ops[n - 1].len, 4000U);
	kfree_skb(skb);
	xnb_txpkt2rsp(pkt, &r.back, XEN_NETIF_RSP_OKAY);
	rsp = RING_GET_RESPONSE(&r.back, 2);
	KUNIT_EXPECT_EQ(test, rsp->id, 2);
	KUNIT_EXPECT_EQ(test, rsp->status, XEN_NETIF_RSP_OKAY);
}

/*------------------------------ Rate limiting -------------------------------*/
static void
xnb_test_parse_rate(struct kunit *test)
{
	static const char *const bad[] = { "", ",", "100", "100,", ",50000",
		"0,50000", "100,0", "-1,50000", "100,-5", "+100,50000",
		"100, 50000", "1x,50000", "100,50000x", "100,4294967296",
		"18446744073709551616,1" };
	unsigned int i;
	u64 bytes;
	u32 usec;

	KUNIT_EXPECT_EQ(test, xnb_parse_rate("125000,50000", &bytes, &usec), 0);
	KUNIT_EXPECT_EQ(test, bytes, 125000ULL);
	KUNIT_EXPECT_EQ(test, usec, 50000U);
	KUNIT_EXPECT_EQ(test, xnb_parse_rate("1,4294967295", &bytes, &usec), 0);
	KUNIT_EXPECT_EQ(test, usec, 4294967295U);
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		KUNIT_EXPECT_EQ_MSG(test, xnb_parse_rate(bad[i], &bytes, &usec),
		    -EINVAL, "rate \"%s\"", bad[i]);
}

/*
 * The digit checks at their edges: '0' and '9' first in either number,
 * the characters just outside them, the "+" and the trailing newline
 * kstrto*() would accept, empty parts, a bytes part of exactly the
 * longest accepted length and one longer, and both maximums exactly.
 */
static void
xnb_test_parse_rate_digits(struct kunit *test)
{
	static const char *const bad[] = { "/1,1", ":1,1", "1,/1", "1,:1",
		"1,+1", "1\n,1", "1,1\n", "1,", ",", "1,,1",
		"000000000000000000000001,1" };
	unsigned int i;
	u64 bytes;
	u32 usec;

	KUNIT_EXPECT_EQ(test, xnb_parse_rate("01,01", &bytes, &usec), 0);
	KUNIT_EXPECT_EQ(test, bytes, 1ULL);
	KUNIT_EXPECT_EQ(test, usec, 1U);
	KUNIT_EXPECT_EQ(test, xnb_parse_rate("9,9", &bytes, &usec), 0);
	KUNIT_EXPECT_EQ(test, bytes, 9ULL);
	KUNIT_EXPECT_EQ(test, usec, 9U);
	/* 23 characters: the longest bytes part the buffer holds. */
	KUNIT_EXPECT_EQ(test,
	    xnb_parse_rate("00000000000000000000002,1", &bytes, &usec), 0);
	KUNIT_EXPECT_EQ(test, bytes, 2ULL);
	KUNIT_EXPECT_EQ(test,
	    xnb_parse_rate("18446744073709551615,4294967295", &bytes, &usec),
	    0);
	KUNIT_EXPECT_EQ(test, bytes, U64_MAX);
	KUNIT_EXPECT_EQ(test, usec, U32_MAX);
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		KUNIT_EXPECT_EQ_MSG(test, xnb_parse_rate(bad[i], &bytes, &usec),
		    -EINVAL, "rate \"%s\"", bad[i]);
}

static void
xnb_test_credit(struct kunit *test)
{
	struct xnb_credit c;
	u64 t = 1000000000ULL, w;

	/* Unlimited: everything goes. */
	xnb_credit_init(&c, 0, 0, t);
	KUNIT_EXPECT_EQ(test, xnb_credit_take(&c, 65535, t), 0ULL);
	/* 10000 bytes per 50 ms: a window's worth goes, then a wait. */
	xnb_credit_init(&c, 10000, 50000, t);
	KUNIT_EXPECT_EQ(test, xnb_credit_take(&c, 6000, t), 0ULL);
	KUNIT_EXPECT_EQ(test, xnb_credit_take(&c, 4000, t + 1000), 0ULL);
	w = xnb_credit_take(&c, 1, t + 1000);
	KUNIT_EXPECT_EQ(test, w, 50000000ULL - 1000);
	/* The next window brings one more window's bytes. */
	KUNIT_EXPECT_EQ(test, xnb_credit_take(&c, 10000, t + w + 1000), 0ULL);
	KUNIT_EXPECT_NE(test, xnb_credit_take(&c, 1, t + w + 1000), 0ULL);
	/* An idle window adds a window's bytes, but no more than 128 KiB. */
	xnb_credit_init(&c, 100000, 50000, t);
	t += 10ULL * NSEC_PER_SEC;
	KUNIT_EXPECT_EQ(test, xnb_credit_take(&c, 131072, t), 0ULL);
	KUNIT_EXPECT_NE(test, xnb_credit_take(&c, 1, t), 0ULL);
	/* ...but any packet fits one day, even above a small window. */
	xnb_credit_init(&c, 100, 1000, t);
	for (w = 0; w < 1000 && xnb_credit_take(&c, 65535, t) != 0; w++)
		t += 1000000;
	KUNIT_EXPECT_LT(test, w, 1000ULL);
}

static struct kunit_case xnb_pkt_cases[] = { KUNIT_CASE(
						 xnb_test_ring2pkt_empty),
	KUNIT_CASE(xnb_test_ring2pkt_1req), KUNIT_CASE(xnb_test_ring2pkt_2req),
	KUNIT_CASE(xnb_test_ring2pkt_3req), KUNIT_CASE(xnb_test_ring2pkt_extra),
	KUNIT_CASE(xnb_test_ring2pkt_partial),
	KUNIT_CASE(xnb_test_ring2pkt_wrap),
	KUNIT_CASE(xnb_test_ring2pkt_cross_page),
	KUNIT_CASE(xnb_test_ring2pkt_page_end),
	KUNIT_CASE(xnb_test_ring2pkt_first_small),
	KUNIT_CASE(xnb_test_ring2pkt_too_many),
	KUNIT_CASE(xnb_test_ring2pkt_chain), KUNIT_CASE(xnb_test_fatal_slots),
	KUNIT_CASE(xnb_test_ring2pkt_short),
	KUNIT_CASE(xnb_test_ring2pkt_bad_extra),
	KUNIT_CASE(xnb_test_ring2pkt_bad_gso),
	KUNIT_CASE(xnb_test_ring2pkt_copy_once),
	KUNIT_CASE(xnb_test_ring2pkt_copy_once_extra),
	KUNIT_CASE(xnb_test_ring2pkt_hash),
	KUNIT_CASE(xnb_test_mcast),
	KUNIT_CASE(xnb_test_parse_rate), KUNIT_CASE(xnb_test_parse_rate_digits),
	KUNIT_CASE(xnb_test_credit), {} };

static struct kunit_suite xnb_pkt_suite = {
	.name = "xnb_pkt",
	.test_cases = xnb_pkt_cases,
};
kunit_test_suite(xnb_pkt_suite);

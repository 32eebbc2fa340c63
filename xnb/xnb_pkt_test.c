// SPDX-License-Identifier: GPL-2.0-only
/*
 * xnb_pkt_test.c: KUnit suite for the network backend's TX packet logic.
 * Included at the end of xnb_pkt.c under CONFIG_XNB_KUNIT_TEST.
 *
 * The cases follow the list of FreeBSD's netback_unit_tests.c, re-thought
 * for sk_buffs and these functions: each builds rings in memory the way a
 * frontend fills them (ring.h's FRONT_RING macros), runs one converter,
 * and checks what it built: packets, skbs, grant copy arrays, responses.
 * Then come the malformed requests netif.h forbids and a randomized run
 * that fills TX rings with random words and checks that nothing invalid
 * becomes a copy.  The rings come from xnb_pkt_test.h; the RX converters
 * have their suite in xnb_pkt_rx_test.c, checksum and GSO offloads theirs
 * in xnb_pkt_offload_test.c.
 */
#include <kunit/test.h>
#include <linux/prandom.h>

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
	KUNIT_CASE(xnb_test_ring2pkt_hash),
	KUNIT_CASE(xnb_test_mcast),
	KUNIT_CASE(xnb_test_parse_rate), KUNIT_CASE(xnb_test_parse_rate_digits),
	KUNIT_CASE(xnb_test_credit), KUNIT_CASE(xnb_test_random_tx), {} };

static struct kunit_suite xnb_pkt_suite = {
	.name = "xnb_pkt",
	.test_cases = xnb_pkt_cases,
};
kunit_test_suite(xnb_pkt_suite);

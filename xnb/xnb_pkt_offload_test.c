// SPDX-License-Identifier: GPL-2.0-only
/*
 * xnb_pkt_offload_test.c: KUnit suite for xnb_skb_offload() (xnb_pkt.c),
 * the checksum and GSO metadata of packets from the guest.  Included at
 * the end of xnb_pkt.c after xnb_pkt_test.c and xnb_pkt_copy_test.c; its
 * packets come from xnb_pkt_test.h.
 *
 * FreeBSD's netback tests covered checksum completion for ARP, ICMP,
 * TCP (offloaded and in software) and UDP over IPv4 and left IPv6 as
 * TODO; these cover all of them: each builds the frame a frontend would
 * send, applies the offload as the data path does, then completes the
 * checksum as Dom0's stack would (skb_checksum_help) and compares it
 * with one computed independently.
 */
#include <linux/icmp.h>
#include <linux/if_arp.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/udp.h>
#include <net/checksum.h>
#include <net/ip6_checksum.h>

#include "xnb_pkt_test.h"

/*------------------------- Checksum and GSO offload ------------------------*/
#define XNB_TEST_PAYLOAD 200

/*
 * An Ethernet frame as a frontend would send it, already past
 * eth_type_trans(): IPv4 or IPv6, then TCP, UDP or ICMP with
 * XNB_TEST_PAYLOAD bytes.  With @blank, the transport checksum holds the
 * pseudo-header sum only (NETTXF_csum_blank); otherwise it is complete.
 * The correct final checksum is returned in *@sum.
 */
static struct sk_buff *
xnb_test_l4_skb(struct kunit *test, bool v6, u8 proto, bool blank, __sum16 *sum)
{
	unsigned int l3 = v6 ? sizeof(struct ipv6hdr) : sizeof(struct iphdr);
	unsigned int l4 = proto == IPPROTO_TCP ? sizeof(struct tcphdr) :
	    proto == IPPROTO_UDP	       ? sizeof(struct udphdr) :
						 sizeof(struct icmphdr);
	unsigned int len = l4 + XNB_TEST_PAYLOAD, csum_off = 0;
	struct ipv6hdr *ip6 = NULL;
	struct sk_buff *skb;
	struct ethhdr *eth;
	__sum16 *check;
	u8 *l4p;
	__wsum w;

	skb = alloc_skb(ETH_HLEN + l3 + len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	eth = skb_put_zero(skb, ETH_HLEN);
	eth->h_proto = htons(v6 ? ETH_P_IPV6 : ETH_P_IP);
	if (v6) {
		ip6 = skb_put_zero(skb, l3);
		ip6->version = 6;
		ip6->payload_len = htons(len);
		ip6->nexthdr = proto;
		ip6->hop_limit = 64;
		ip6->saddr.s6_addr[0] = 0xfe;
		ip6->saddr.s6_addr[15] = 2;
		ip6->daddr.s6_addr[0] = 0xfe;
		ip6->daddr.s6_addr[15] = 1;
	} else {
		struct iphdr *ip = skb_put_zero(skb, l3);

		ip->version = 4;
		ip->ihl = 5;
		ip->tot_len = htons(l3 + len);
		ip->ttl = 64;
		ip->protocol = proto;
		ip->saddr = htonl(0xa9fe6302);
		ip->daddr = htonl(0xa9fe6301);
		ip->check = ip_fast_csum(ip, ip->ihl);
	}
	l4p = skb_put_zero(skb, len);
	get_random_bytes(l4p + l4, XNB_TEST_PAYLOAD);
	if (proto == IPPROTO_TCP) {
		struct tcphdr *th = (struct tcphdr *)l4p;

		th->source = htons(5001);
		th->dest = htons(40000);
		th->doff = 5;
		th->ack = 1;
		csum_off = offsetof(struct tcphdr, check);
	} else if (proto == IPPROTO_UDP) {
		struct udphdr *uh = (struct udphdr *)l4p;

		uh->source = htons(5001);
		uh->dest = htons(40000);
		uh->len = htons(len);
		csum_off = offsetof(struct udphdr, check);
	} else {
		struct icmphdr *ih = (struct icmphdr *)l4p;

		ih->type = ICMP_ECHO;
		csum_off = offsetof(struct icmphdr, checksum);
	}
	check = (__sum16 *)(l4p + csum_off);
	w = csum_partial(l4p, len, 0);
	if (proto == IPPROTO_ICMP)
		*sum = csum_fold(w);
	else if (v6)
		*sum = csum_ipv6_magic(&ip6->saddr, &ip6->daddr, len, proto, w);
	else
		*sum = csum_tcpudp_magic(htonl(0xa9fe6302), htonl(0xa9fe6301),
		    len, proto, w);
	if (!blank)
		*check = *sum;
	else if (v6)
		*check =
		    ~csum_ipv6_magic(&ip6->saddr, &ip6->daddr, len, proto, 0);
	else
		*check = ~csum_tcpudp_magic(htonl(0xa9fe6302),
		    htonl(0xa9fe6301), len, proto, 0);
	/* What eth_type_trans() leaves. */
	skb_reset_mac_header(skb);
	skb_pull(skb, ETH_HLEN);
	skb_reset_network_header(skb);
	skb->protocol = eth->h_proto;
	return skb;
}

/* The transport checksum field as it now stands in the skb. */
static __sum16
xnb_test_l4_check(struct sk_buff *skb, bool v6, u8 proto)
{
	unsigned int l3 = v6 ? sizeof(struct ipv6hdr) : sizeof(struct iphdr);
	unsigned int off = proto == IPPROTO_TCP ?
	    offsetof(struct tcphdr, check) :
	    proto == IPPROTO_UDP ? offsetof(struct udphdr, check) :
				   offsetof(struct icmphdr, checksum);

	return *(__sum16 *)(skb_network_header(skb) + l3 + off);
}

/* Offload a csum_blank packet and complete it as Dom0's stack would. */
static void
xnb_test_csum_complete(struct kunit *test, bool v6, u8 proto)
{
	struct xnb_pkt *pkt = xnb_test_pkt(test);
	unsigned int l3 = v6 ? sizeof(struct ipv6hdr) : sizeof(struct iphdr);
	struct sk_buff *skb;
	__sum16 sum;

	skb = xnb_test_l4_skb(test, v6, proto, true, &sum);
	pkt->xp_flags = XEN_NETTXF_csum_blank | XEN_NETTXF_data_validated;
	KUNIT_ASSERT_EQ(test, xnb_skb_offload(pkt, skb), 0);
	KUNIT_EXPECT_EQ(test, (int)skb->ip_summed, CHECKSUM_PARTIAL);
	KUNIT_EXPECT_EQ(test, skb_checksum_start_offset(skb), (int)l3);
	KUNIT_EXPECT_NE(test, xnb_test_l4_check(skb, v6, proto), sum);
	KUNIT_ASSERT_EQ(test, skb_checksum_help(skb), 0);
	KUNIT_EXPECT_EQ(test, xnb_test_l4_check(skb, v6, proto), sum);
	kfree_skb(skb);
}

static void
xnb_test_csum_tcp(struct kunit *test)
{
	xnb_test_csum_complete(test, false, IPPROTO_TCP);
}

static void
xnb_test_csum_udp(struct kunit *test)
{
	xnb_test_csum_complete(test, false, IPPROTO_UDP);
}

static void
xnb_test_csum_tcp6(struct kunit *test)
{
	xnb_test_csum_complete(test, true, IPPROTO_TCP);
}

static void
xnb_test_csum_udp6(struct kunit *test)
{
	xnb_test_csum_complete(test, true, IPPROTO_UDP);
}

static void
xnb_test_csum_tcp_validated(struct kunit *test)
{
	struct xnb_pkt *pkt = xnb_test_pkt(test);
	struct sk_buff *skb;
	__sum16 sum;

	/* Complete checksum, data_validated: nothing left to do. */
	skb = xnb_test_l4_skb(test, false, IPPROTO_TCP, false, &sum);
	pkt->xp_flags = XEN_NETTXF_data_validated;
	KUNIT_EXPECT_EQ(test, xnb_skb_offload(pkt, skb), 0);
	KUNIT_EXPECT_EQ(test, (int)skb->ip_summed, CHECKSUM_UNNECESSARY);
	KUNIT_EXPECT_EQ(test, xnb_test_l4_check(skb, false, IPPROTO_TCP), sum);
	/* No flags at all: Dom0 verifies it itself. */
	pkt->xp_flags = 0;
	KUNIT_EXPECT_EQ(test, xnb_skb_offload(pkt, skb), 0);
	KUNIT_EXPECT_EQ(test, (int)skb->ip_summed, CHECKSUM_NONE);
	kfree_skb(skb);
}

static void
xnb_test_csum_tcp_software(struct kunit *test)
{
	struct xnb_pkt *pkt = xnb_test_pkt(test);
	struct sk_buff *skb;
	__sum16 sum;

	/*
	 * A GSO packet without csum_blank: the pseudo-header sum is computed
	 * here (the field holds garbage), and completing it gives the right
	 * checksum.
	 */
	skb = xnb_test_l4_skb(test, false, IPPROTO_TCP, false, &sum);
	*(__sum16 *)(skb_network_header(skb) + sizeof(struct iphdr) +
	    offsetof(struct tcphdr, check)) = (__force __sum16)0x1234;
	pkt->xp_gso_type = XEN_NETIF_GSO_TYPE_TCPV4;
	pkt->xp_gso_size = 100;
	KUNIT_ASSERT_EQ(test, xnb_skb_offload(pkt, skb), 0);
	KUNIT_EXPECT_EQ(test, (int)skb->ip_summed, CHECKSUM_PARTIAL);
	KUNIT_EXPECT_EQ(test, skb_shinfo(skb)->gso_size, 100);
	KUNIT_EXPECT_EQ(test, skb_shinfo(skb)->gso_type,
	    SKB_GSO_TCPV4 | SKB_GSO_DODGY);
	KUNIT_EXPECT_EQ(test, skb_shinfo(skb)->gso_segs,
	    DIV_ROUND_UP(XNB_TEST_PAYLOAD, 100));
	skb_shinfo(skb)->gso_size = 0;
	skb_shinfo(skb)->gso_type = 0;
	KUNIT_ASSERT_EQ(test, skb_checksum_help(skb), 0);
	KUNIT_EXPECT_EQ(test, xnb_test_l4_check(skb, false, IPPROTO_TCP), sum);
	kfree_skb(skb);
}

static void
xnb_test_csum_icmp(struct kunit *test)
{
	struct xnb_pkt *pkt = xnb_test_pkt(test);
	struct sk_buff *skb;
	__sum16 sum;

	/* ICMP carries its own checksum; blank offload of it is refused. */
	skb = xnb_test_l4_skb(test, false, IPPROTO_ICMP, false, &sum);
	KUNIT_EXPECT_EQ(test, xnb_skb_offload(pkt, skb), 0);
	KUNIT_EXPECT_EQ(test, (int)skb->ip_summed, CHECKSUM_NONE);
	KUNIT_EXPECT_EQ(test, xnb_test_l4_check(skb, false, IPPROTO_ICMP), sum);
	pkt->xp_flags = XEN_NETTXF_csum_blank;
	KUNIT_EXPECT_NE(test, xnb_skb_offload(pkt, skb), 0);
	kfree_skb(skb);
}

static void
xnb_test_csum_arp(struct kunit *test)
{
	struct xnb_pkt *pkt = xnb_test_pkt(test);
	struct sk_buff *skb;
	struct arphdr *arp;

	skb = alloc_skb(ETH_HLEN + 28, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_put_zero(skb, ETH_HLEN + 28);
	skb_pull(skb, ETH_HLEN);
	skb_reset_network_header(skb);
	skb->protocol = htons(ETH_P_ARP);
	arp = (struct arphdr *)skb->data;
	arp->ar_op = htons(ARPOP_REQUEST);
	/* No checksum to offload: untouched, and a blank one is refused. */
	KUNIT_EXPECT_EQ(test, xnb_skb_offload(pkt, skb), 0);
	KUNIT_EXPECT_EQ(test, (int)skb->ip_summed, CHECKSUM_NONE);
	pkt->xp_flags = XEN_NETTXF_csum_blank;
	KUNIT_EXPECT_NE(test, xnb_skb_offload(pkt, skb), 0);
	kfree_skb(skb);
}

static void
xnb_test_gso_mismatch(struct kunit *test)
{
	struct xnb_pkt *pkt = xnb_test_pkt(test);
	struct sk_buff *skb;
	__sum16 sum;

	/* TCPv6 GSO on an IPv4 packet, and TCP GSO on UDP: refused. */
	skb = xnb_test_l4_skb(test, false, IPPROTO_TCP, true, &sum);
	pkt->xp_flags = XEN_NETTXF_csum_blank;
	pkt->xp_gso_type = XEN_NETIF_GSO_TYPE_TCPV6;
	pkt->xp_gso_size = 100;
	KUNIT_EXPECT_EQ(test, xnb_skb_offload(pkt, skb), -EINVAL);
	kfree_skb(skb);
	skb = xnb_test_l4_skb(test, false, IPPROTO_UDP, true, &sum);
	pkt->xp_gso_type = XEN_NETIF_GSO_TYPE_TCPV4;
	KUNIT_EXPECT_EQ(test, xnb_skb_offload(pkt, skb), -EINVAL);
	skb_shinfo(skb)->gso_size = 0;
	skb_shinfo(skb)->gso_type = 0;
	kfree_skb(skb);
}

static struct kunit_case xnb_offload_cases[] = { KUNIT_CASE(xnb_test_csum_arp),
	KUNIT_CASE(xnb_test_csum_icmp), KUNIT_CASE(xnb_test_csum_tcp),
	KUNIT_CASE(xnb_test_csum_tcp_validated),
	KUNIT_CASE(xnb_test_csum_tcp_software), KUNIT_CASE(xnb_test_csum_udp),
	KUNIT_CASE(xnb_test_csum_tcp6), KUNIT_CASE(xnb_test_csum_udp6),
	KUNIT_CASE(xnb_test_gso_mismatch), {} };

static struct kunit_suite xnb_offload_suite = {
	.name = "xnb_offload",
	.test_cases = xnb_offload_cases,
};
kunit_test_suite(xnb_offload_suite);

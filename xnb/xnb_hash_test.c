// SPDX-License-Identifier: GPL-2.0-only
/*
 * xnb_hash_test.c: KUnit suite for receive-side steering (xnb_hash.c),
 * included at its end under CONFIG_XNB_KUNIT_TEST.
 *
 * The Toeplitz hash is checked against the published verification values
 * of Microsoft's RSS specification ("Verifying the RSS Hash Calculation":
 * its key and five IPv4 and three IPv6 flows, each hashed over the
 * addresses and over addresses and TCP ports), through xnb_flow2hashin()
 * so that the input's layout is checked too, and against a bit-at-a-time
 * reference on random keys and inputs.  Then each control message with
 * valid and malformed arguments, the grant copy built for a key or a
 * table, a random sequence of messages checked against a model, and the
 * hash of real packet headers (the flow dissector's view).
 */
#include <kunit/test.h>
#include <linux/if_ether.h>
#include <linux/in6.h>
#include <linux/ip.h>
#include <linux/inet.h>
#include <linux/prandom.h>

#define XNB_TEST_HASH_DOMID 9

/*--------------------------------- Vectors ---------------------------------*/
static const u8 xnb_test_ms_key[40] = {
	0x6d,
	0x5a,
	0x56,
	0xda,
	0x25,
	0x5b,
	0x0e,
	0xc2,
	0x41,
	0x67,
	0x25,
	0x3d,
	0x43,
	0xa3,
	0x8f,
	0xb0,
	0xd0,
	0xca,
	0x2b,
	0xcb,
	0xae,
	0x7b,
	0x30,
	0xb4,
	0x77,
	0xcb,
	0x2d,
	0xa3,
	0x80,
	0x30,
	0xf2,
	0x0c,
	0x6a,
	0x42,
	0xb7,
	0x3b,
	0xbe,
	0xac,
	0x01,
	0xfa,
};

/* One row of the specification's tables: destination first, as there. */
struct xnb_test_rss {
	const char *xtr_dst;
	u16 xtr_dport;
	const char *xtr_src;
	u16 xtr_sport;
	u32 xtr_addr_hash;
	u32 xtr_tcp_hash;
};

static const struct xnb_test_rss xnb_test_rss4[] = {
	{ "161.142.100.80", 1766, "66.9.149.187", 2794, 0x323e8fc2,
	    0x51ccc178 },
	{ "65.69.140.83", 4739, "199.92.111.2", 14230, 0xd718262a, 0xc626b0ea },
	{ "12.22.207.184", 38024, "24.19.198.95", 12898, 0xd2d0a5de,
	    0x5c2b394a },
	{ "209.142.163.6", 2217, "38.27.205.30", 48228, 0x82989176,
	    0xafc7327f },
	{ "202.188.127.2", 1303, "153.39.163.191", 44251, 0x5d1809c5,
	    0x10e828a2 },
};

static const struct xnb_test_rss xnb_test_rss6[] = {
	{ "3ffe:2501:200:3::1", 1766, "3ffe:2501:200:1fff::7", 2794, 0x2cc18cd5,
	    0x40207d3d },
	{ "ff02::1", 4739, "3ffe:501:8::260:97ff:fe40:efab", 14230, 0x0f0c461c,
	    0xdde51bbf },
	{ "fe80::200:f8ff:fe21:67cf", 38024,
	    "3ffe:1900:4545:3:200:f8ff:fe21:67cf", 44251, 0x4b61e985,
	    0x02d1feef },
};

static void
xnb_test_flow(struct kunit *test, const struct xnb_test_rss *r, int family,
    struct xnb_flow *fl)
{
	memset(fl, 0, sizeof(*fl));
	fl->xf_family = family;
	fl->xf_tcp = true;
	if (family == AF_INET) {
		KUNIT_ASSERT_EQ(test,
		    in4_pton(r->xtr_src, -1, fl->xf_src, -1, NULL), 1);
		KUNIT_ASSERT_EQ(test,
		    in4_pton(r->xtr_dst, -1, fl->xf_dst, -1, NULL), 1);
	} else {
		KUNIT_ASSERT_EQ(test,
		    in6_pton(r->xtr_src, -1, fl->xf_src, -1, NULL), 1);
		KUNIT_ASSERT_EQ(test,
		    in6_pton(r->xtr_dst, -1, fl->xf_dst, -1, NULL), 1);
	}
	fl->xf_sport = htons(r->xtr_sport);
	fl->xf_dport = htons(r->xtr_dport);
}

/* The hash of a flow under @flags, as the transmit path computes it. */
static u32
xnb_test_flow_hash(struct kunit *test, const struct xnb_flow *fl, u32 flags,
    unsigned int want_len, u8 want_type)
{
	u8 in[XNB_HASH_IN_MAX];
	u8 htype = 0xff;
	unsigned int n;

	n = xnb_flow2hashin(fl, flags, in, &htype);
	KUNIT_EXPECT_EQ(test, n, want_len);
	KUNIT_EXPECT_EQ(test, htype, want_type);
	return xnb_toeplitz(xnb_test_ms_key, sizeof(xnb_test_ms_key), in, n);
}

/* One family's rows: its flag, type and input length for each hash. */
struct xnb_test_family {
	const struct xnb_test_rss *xtf_rows;
	unsigned int xtf_nrows;
	int xtf_family;
	u32 xtf_addr_flag, xtf_tcp_flag;
	u8 xtf_addr_type, xtf_tcp_type;
	unsigned int xtf_addr_len, xtf_tcp_len;
};

static void
xnb_test_rss_rows(struct kunit *test, const struct xnb_test_family *f)
{
	struct xnb_flow fl;
	unsigned int i;

	for (i = 0; i < f->xtf_nrows; i++) {
		xnb_test_flow(test, &f->xtf_rows[i], f->xtf_family, &fl);
		KUNIT_EXPECT_EQ(test,
		    xnb_test_flow_hash(test, &fl, f->xtf_addr_flag,
			f->xtf_addr_len, f->xtf_addr_type),
		    f->xtf_rows[i].xtr_addr_hash);
		KUNIT_EXPECT_EQ(test,
		    xnb_test_flow_hash(test, &fl, f->xtf_tcp_flag,
			f->xtf_tcp_len, f->xtf_tcp_type),
		    f->xtf_rows[i].xtr_tcp_hash);
	}
}

/* The specification's IPv4 values, over addresses and over TCP. */
static void
xnb_hash_test_rss_ipv4(struct kunit *test)
{
	static const struct xnb_test_family f = {
		.xtf_rows = xnb_test_rss4,
		.xtf_nrows = ARRAY_SIZE(xnb_test_rss4),
		.xtf_family = AF_INET,
		.xtf_addr_flag = XEN_NETIF_CTRL_HASH_TYPE_IPV4,
		.xtf_tcp_flag = XEN_NETIF_CTRL_HASH_TYPE_IPV4_TCP,
		.xtf_addr_type = _XEN_NETIF_CTRL_HASH_TYPE_IPV4,
		.xtf_tcp_type = _XEN_NETIF_CTRL_HASH_TYPE_IPV4_TCP,
		.xtf_addr_len = 8,
		.xtf_tcp_len = 12,
	};

	xnb_test_rss_rows(test, &f);
}

/* The specification's IPv6 values, over addresses and over TCP. */
static void
xnb_hash_test_rss_ipv6(struct kunit *test)
{
	static const struct xnb_test_family f = {
		.xtf_rows = xnb_test_rss6,
		.xtf_nrows = ARRAY_SIZE(xnb_test_rss6),
		.xtf_family = AF_INET6,
		.xtf_addr_flag = XEN_NETIF_CTRL_HASH_TYPE_IPV6,
		.xtf_tcp_flag = XEN_NETIF_CTRL_HASH_TYPE_IPV6_TCP,
		.xtf_addr_type = _XEN_NETIF_CTRL_HASH_TYPE_IPV6,
		.xtf_tcp_type = _XEN_NETIF_CTRL_HASH_TYPE_IPV6_TCP,
		.xtf_addr_len = 32,
		.xtf_tcp_len = 36,
	};

	xnb_test_rss_rows(test, &f);
}

/*
 * netif.h's definition taken literally: key and input as shift registers,
 * one bit at a time.
 */
static u32
xnb_test_toeplitz_ref(const u8 *key, unsigned int keylen, const u8 *data,
    unsigned int len)
{
	u32 hash = 0, w;
	unsigned int bit, j, kb;

	for (bit = 0; bit < len * 8; bit++) {
		if ((data[bit / 8] & (0x80 >> (bit % 8))) == 0)
			continue;
		w = 0;
		for (j = 0; j < 32; j++) {
			kb = bit + j;
			w <<= 1;
			if (kb / 8 < keylen &&
			    (key[kb / 8] & (0x80 >> (kb % 8))))
				w |= 1;
		}
		hash ^= w;
	}
	return hash;
}

/* Random keys of every length (short ones count as zero-padded) and inputs. */
static void
xnb_hash_test_toeplitz_random(struct kunit *test)
{
	struct rnd_state rnd;
	u8 key[XNB_HASH_KEY_MAX], in[XNB_HASH_IN_MAX + 4];
	unsigned int i, klen, len;

	prandom_seed_state(&rnd, 20261202);
	for (i = 0; i < 2000; i++) {
		prandom_bytes_state(&rnd, key, sizeof(key));
		prandom_bytes_state(&rnd, in, sizeof(in));
		klen = prandom_u32_state(&rnd) % (XNB_HASH_KEY_MAX + 1);
		len = prandom_u32_state(&rnd) % (sizeof(in) + 1);
		KUNIT_ASSERT_EQ_MSG(test, xnb_toeplitz(key, klen, in, len),
		    xnb_test_toeplitz_ref(key, klen, in, len),
		    "key length %u, input length %u", klen, len);
	}
	/* An empty key hashes everything to 0 (netif.h, SET_HASH_KEY). */
	KUNIT_EXPECT_EQ(test, xnb_toeplitz(key, 0, in, sizeof(in)), 0U);
}

/*-------------------------------- Hash input -------------------------------*/
/* The types that apply, the fallbacks, and the byte layout. */
static void
xnb_hash_test_hashin(struct kunit *test)
{
	struct xnb_flow fl;
	u8 in[XNB_HASH_IN_MAX];
	u8 htype;
	u32 all = XEN_NETIF_CTRL_HASH_TYPE_IPV4 |
	    XEN_NETIF_CTRL_HASH_TYPE_IPV4_TCP | XEN_NETIF_CTRL_HASH_TYPE_IPV6 |
	    XEN_NETIF_CTRL_HASH_TYPE_IPV6_TCP;

	memset(&fl, 0, sizeof(fl));
	fl.xf_family = AF_INET;
	fl.xf_tcp = true;
	memcpy(fl.xf_src, "\x0a\x00\x00\x01", 4);
	memcpy(fl.xf_dst, "\x0a\x00\x00\x02", 4);
	fl.xf_sport = htons(0x1234);
	fl.xf_dport = htons(0x5678);
	KUNIT_ASSERT_EQ(test, xnb_flow2hashin(&fl, all, in, &htype), 12U);
	KUNIT_EXPECT_EQ(test, htype, _XEN_NETIF_CTRL_HASH_TYPE_IPV4_TCP);
	KUNIT_EXPECT_EQ(test,
	    memcmp(in, "\x0a\x00\x00\x01\x0a\x00\x00\x02\x12\x34\x56\x78", 12),
	    0);
	/* TCP type off: the addresses only. */
	KUNIT_EXPECT_EQ(test,
	    xnb_flow2hashin(&fl, XEN_NETIF_CTRL_HASH_TYPE_IPV4, in, &htype),
	    8U);
	KUNIT_EXPECT_EQ(test, htype, _XEN_NETIF_CTRL_HASH_TYPE_IPV4);
	/* Only the TCP type, and not TCP: no hash. */
	fl.xf_tcp = false;
	KUNIT_EXPECT_EQ(test,
	    xnb_flow2hashin(&fl, XEN_NETIF_CTRL_HASH_TYPE_IPV4_TCP, in, &htype),
	    0U);
	KUNIT_EXPECT_EQ(test, xnb_flow2hashin(&fl, all, in, &htype), 8U);
	/* The other family's types do not apply. */
	KUNIT_EXPECT_EQ(test,
	    xnb_flow2hashin(&fl,
		XEN_NETIF_CTRL_HASH_TYPE_IPV6 |
		    XEN_NETIF_CTRL_HASH_TYPE_IPV6_TCP,
		in, &htype),
	    0U);
	KUNIT_EXPECT_EQ(test, xnb_flow2hashin(&fl, 0, in, &htype), 0U);
	fl.xf_family = AF_INET6;
	fl.xf_tcp = true;
	KUNIT_EXPECT_EQ(test, xnb_flow2hashin(&fl, all, in, &htype), 36U);
	KUNIT_EXPECT_EQ(test, htype, _XEN_NETIF_CTRL_HASH_TYPE_IPV6_TCP);
	KUNIT_EXPECT_EQ(test, memcmp(in + 32, "\x12\x34\x56\x78", 4), 0);
	KUNIT_EXPECT_EQ(test,
	    xnb_flow2hashin(&fl,
		XEN_NETIF_CTRL_HASH_TYPE_IPV4 |
		    XEN_NETIF_CTRL_HASH_TYPE_IPV4_TCP,
		in, &htype),
	    0U);
	/* Neither family (ARP, say): no hash whatever is enabled. */
	fl.xf_family = 0;
	KUNIT_EXPECT_EQ(test, xnb_flow2hashin(&fl, all, in, &htype), 0U);
}

/* Modulo the queues without a table, through the table with one. */
static void
xnb_hash_test_queue(struct kunit *test)
{
	struct xnb_hash h;

	xnb_hash_init(&h);
	KUNIT_EXPECT_EQ(test, xnb_hash2queue(&h, 7, 4), 3U);
	KUNIT_EXPECT_EQ(test, xnb_hash2queue(&h, 0xffffffff, 1), 0U);
	h.xhs_size = 3;
	h.xhs_map[0] = 2;
	h.xhs_map[1] = 1;
	h.xhs_map[2] = 0;
	KUNIT_EXPECT_EQ(test, xnb_hash2queue(&h, 4, 4), 1U);
	KUNIT_EXPECT_EQ(test, xnb_hash2queue(&h, 6, 4), 2U);
	/* An entry for more queues than the vif has lands on queue 0. */
	h.xhs_map[1] = 9;
	KUNIT_EXPECT_EQ(test, xnb_hash2queue(&h, 1, 4), 0U);
}

/*---------------------------- Control messages -----------------------------*/
static struct xen_netif_ctrl_request
xnb_test_req(u16 type, u32 d0, u32 d1, u32 d2)
{
	struct xen_netif_ctrl_request r = {
		.id = 5,
		.type = type,
		.data = { d0, d1, d2 },
	};

	return r;
}

/* Algorithm and flags: the values netif.h allows, and the others. */
static void
xnb_hash_test_ctrl_alg_flags(struct kunit *test)
{
	struct xen_netif_ctrl_request r;
	struct xnb_hash h;
	u32 data;

	xnb_hash_init(&h);
	r = xnb_test_req(XEN_NETIF_CTRL_TYPE_GET_HASH_FLAGS, 0, 0, 0);
	KUNIT_EXPECT_EQ(test, xnb_ctrl_apply(&h, &r, 4, NULL, &data),
	    (u32)XEN_NETIF_CTRL_STATUS_NOT_SUPPORTED);
	r = xnb_test_req(XEN_NETIF_CTRL_TYPE_SET_HASH_FLAGS,
	    XEN_NETIF_CTRL_HASH_TYPE_IPV4, 0, 0);
	KUNIT_EXPECT_EQ(test, xnb_ctrl_apply(&h, &r, 4, NULL, &data),
	    (u32)XEN_NETIF_CTRL_STATUS_NOT_SUPPORTED);
	r = xnb_test_req(XEN_NETIF_CTRL_TYPE_SET_HASH_ALGORITHM, 2, 0, 0);
	KUNIT_EXPECT_EQ(test, xnb_ctrl_apply(&h, &r, 4, NULL, &data),
	    (u32)XEN_NETIF_CTRL_STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, h.xhs_alg,
	    (u32)XEN_NETIF_CTRL_HASH_ALGORITHM_NONE);
	r = xnb_test_req(XEN_NETIF_CTRL_TYPE_SET_HASH_ALGORITHM,
	    XEN_NETIF_CTRL_HASH_ALGORITHM_TOEPLITZ, 0, 0);
	KUNIT_EXPECT_EQ(test, xnb_ctrl_apply(&h, &r, 4, NULL, &data),
	    (u32)XEN_NETIF_CTRL_STATUS_SUCCESS);
	r = xnb_test_req(XEN_NETIF_CTRL_TYPE_GET_HASH_FLAGS, 0, 0, 0);
	KUNIT_EXPECT_EQ(test, xnb_ctrl_apply(&h, &r, 4, NULL, &data),
	    (u32)XEN_NETIF_CTRL_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, data, (u32)0xf);
	/* An unknown flag refuses the whole request. */
	r = xnb_test_req(XEN_NETIF_CTRL_TYPE_SET_HASH_FLAGS, 0x11, 0, 0);
	KUNIT_EXPECT_EQ(test, xnb_ctrl_apply(&h, &r, 4, NULL, &data),
	    (u32)XEN_NETIF_CTRL_STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, h.xhs_flags, 0U);
	r = xnb_test_req(XEN_NETIF_CTRL_TYPE_SET_HASH_FLAGS, 0x5, 0, 0);
	KUNIT_EXPECT_EQ(test, xnb_ctrl_apply(&h, &r, 4, NULL, &data),
	    (u32)XEN_NETIF_CTRL_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, h.xhs_flags, 5U);
	/* Unknown and invalid types. */
	r = xnb_test_req(XEN_NETIF_CTRL_TYPE_INVALID, 0, 0, 0);
	KUNIT_EXPECT_EQ(test, xnb_ctrl_apply(&h, &r, 4, NULL, &data),
	    (u32)XEN_NETIF_CTRL_STATUS_NOT_SUPPORTED);
	r = xnb_test_req(0xffff, 0, 0, 0);
	KUNIT_EXPECT_EQ(test, xnb_ctrl_apply(&h, &r, 4, NULL, &data),
	    (u32)XEN_NETIF_CTRL_STATUS_NOT_SUPPORTED);
}

/* The key: its limit, a short key zero-padded, a failed copy, clearing. */
static void
xnb_hash_test_ctrl_key(struct kunit *test)
{
	struct xen_netif_ctrl_request r;
	struct xnb_hash h;
	u8 key[XNB_HASH_KEY_MAX + 1];
	u32 data;

	memset(key, 0xa5, sizeof(key));
	xnb_hash_init(&h);
	r = xnb_test_req(XEN_NETIF_CTRL_TYPE_SET_HASH_KEY, 77,
	    XNB_HASH_KEY_MAX + 1, 0);
	KUNIT_EXPECT_EQ(test, xnb_ctrl_copylen(&r), 0U);
	KUNIT_EXPECT_EQ(test, xnb_ctrl_apply(&h, &r, 4, NULL, &data),
	    (u32)XEN_NETIF_CTRL_STATUS_BUFFER_OVERFLOW);
	r.data[1] = 0xffffffff;
	KUNIT_EXPECT_EQ(test, xnb_ctrl_copylen(&r), 0U);
	KUNIT_EXPECT_EQ(test, xnb_ctrl_apply(&h, &r, 4, NULL, &data),
	    (u32)XEN_NETIF_CTRL_STATUS_BUFFER_OVERFLOW);
	r.data[1] = XNB_HASH_KEY_MAX;
	KUNIT_EXPECT_EQ(test, xnb_ctrl_copylen(&r),
	    (unsigned int)XNB_HASH_KEY_MAX);
	KUNIT_EXPECT_EQ(test, xnb_ctrl_apply(&h, &r, 4, key, &data),
	    (u32)XEN_NETIF_CTRL_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, memcmp(h.xhs_key, key, XNB_HASH_KEY_MAX), 0);
	/* A shorter key replaces the whole old one. */
	r.data[1] = 3;
	key[0] = 1;
	key[1] = 2;
	key[2] = 3;
	KUNIT_EXPECT_EQ(test, xnb_ctrl_apply(&h, &r, 4, key, &data),
	    (u32)XEN_NETIF_CTRL_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, h.xhs_key[2], 3);
	KUNIT_EXPECT_EQ(test, h.xhs_key[3], 0);
	KUNIT_EXPECT_EQ(test, h.xhs_key[XNB_HASH_KEY_MAX - 1], 0);
	/* The grant could not be copied: refused, the key as it was. */
	KUNIT_EXPECT_EQ(test, xnb_ctrl_apply(&h, &r, 4, NULL, &data),
	    (u32)XEN_NETIF_CTRL_STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, h.xhs_key[0], 1);
	/* Size 0 clears it, with nothing to copy. */
	r.data[1] = 0;
	KUNIT_EXPECT_EQ(test, xnb_ctrl_copylen(&r), 0U);
	KUNIT_EXPECT_EQ(test, xnb_ctrl_apply(&h, &r, 4, NULL, &data),
	    (u32)XEN_NETIF_CTRL_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, h.xhs_key[0], 0);
}

/* The table: its size, sub-tables at the edges, bad entries, wrapping. */
static void
xnb_hash_test_ctrl_mapping(struct kunit *test)
{
	struct xen_netif_ctrl_request r;
	struct xnb_hash h;
	u32 tab[XNB_HASH_MAP_MAX + 1], data;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(tab); i++)
		tab[i] = i % 4;
	xnb_hash_init(&h);
	r = xnb_test_req(XEN_NETIF_CTRL_TYPE_GET_HASH_MAPPING_SIZE, 0, 0, 0);
	KUNIT_EXPECT_EQ(test, xnb_ctrl_apply(&h, &r, 4, NULL, &data),
	    (u32)XEN_NETIF_CTRL_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, data, (u32)XNB_HASH_MAP_MAX);
	r = xnb_test_req(XEN_NETIF_CTRL_TYPE_SET_HASH_MAPPING_SIZE,
	    XNB_HASH_MAP_MAX + 1, 0, 0);
	KUNIT_EXPECT_EQ(test, xnb_ctrl_apply(&h, &r, 4, NULL, &data),
	    (u32)XEN_NETIF_CTRL_STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, h.xhs_size, 0U);
	r.data[0] = XNB_HASH_MAP_MAX;
	KUNIT_EXPECT_EQ(test, xnb_ctrl_apply(&h, &r, 4, NULL, &data),
	    (u32)XEN_NETIF_CTRL_STATUS_SUCCESS);
	/* The whole table, then a sub-table at its very end. */
	r = xnb_test_req(XEN_NETIF_CTRL_TYPE_SET_HASH_MAPPING, 9,
	    XNB_HASH_MAP_MAX, 0);
	KUNIT_EXPECT_EQ(test, xnb_ctrl_copylen(&r),
	    (unsigned int)(XNB_HASH_MAP_MAX * sizeof(u32)));
	KUNIT_EXPECT_EQ(test, xnb_ctrl_apply(&h, &r, 4, tab, &data),
	    (u32)XEN_NETIF_CTRL_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, h.xhs_map[XNB_HASH_MAP_MAX - 1], 3U);
	tab[0] = 2;
	r.data[1] = 1;
	r.data[2] = XNB_HASH_MAP_MAX - 1;
	KUNIT_EXPECT_EQ(test, xnb_ctrl_apply(&h, &r, 4, tab, &data),
	    (u32)XEN_NETIF_CTRL_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, h.xhs_map[XNB_HASH_MAP_MAX - 1], 2U);
	KUNIT_EXPECT_EQ(test, h.xhs_map[XNB_HASH_MAP_MAX - 2], 2U);
	/* One past the end, an offset past it, and one that wraps. */
	r.data[1] = 2;
	KUNIT_EXPECT_EQ(test, xnb_ctrl_apply(&h, &r, 4, tab, &data),
	    (u32)XEN_NETIF_CTRL_STATUS_INVALID_PARAMETER);
	r.data[1] = 0;
	r.data[2] = XNB_HASH_MAP_MAX + 1;
	KUNIT_EXPECT_EQ(test, xnb_ctrl_apply(&h, &r, 4, tab, &data),
	    (u32)XEN_NETIF_CTRL_STATUS_INVALID_PARAMETER);
	r.data[1] = 2;
	r.data[2] = 0xffffffff;
	KUNIT_EXPECT_EQ(test, xnb_ctrl_apply(&h, &r, 4, tab, &data),
	    (u32)XEN_NETIF_CTRL_STATUS_INVALID_PARAMETER);
	r.data[1] = 0xffffffff;
	r.data[2] = 1;
	KUNIT_EXPECT_EQ(test, xnb_ctrl_copylen(&r), 0U);
	KUNIT_EXPECT_EQ(test, xnb_ctrl_apply(&h, &r, 4, tab, &data),
	    (u32)XEN_NETIF_CTRL_STATUS_INVALID_PARAMETER);
	/* An entry naming a fifth queue: refused, nothing written. */
	tab[0] = 1;
	tab[1] = 4;
	r.data[1] = 2;
	r.data[2] = 0;
	KUNIT_EXPECT_EQ(test, xnb_ctrl_apply(&h, &r, 4, tab, &data),
	    (u32)XEN_NETIF_CTRL_STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, h.xhs_map[0], 0U);
	KUNIT_EXPECT_EQ(test, h.xhs_map[1], 1U);
	/* A failed copy. */
	KUNIT_EXPECT_EQ(test, xnb_ctrl_apply(&h, &r, 8, NULL, &data),
	    (u32)XEN_NETIF_CTRL_STATUS_INVALID_PARAMETER);
	/* A new size zeroes the table. */
	r = xnb_test_req(XEN_NETIF_CTRL_TYPE_SET_HASH_MAPPING_SIZE, 4, 0, 0);
	KUNIT_EXPECT_EQ(test, xnb_ctrl_apply(&h, &r, 4, NULL, &data),
	    (u32)XEN_NETIF_CTRL_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, h.xhs_map[0], 0U);
	KUNIT_EXPECT_EQ(test, h.xhs_map[XNB_HASH_MAP_MAX - 1], 0U);
}

/* The copy of a key or table: from the frontend's grant into our buffer. */
static void
xnb_hash_test_ctrl2gnttab(struct kunit *test)
{
	struct xen_netif_ctrl_request r;
	struct gnttab_copy op;

	r = xnb_test_req(XEN_NETIF_CTRL_TYPE_SET_HASH_MAPPING, 1234, 16, 0);
	xnb_ctrl2gnttab(&r, xnb_ctrl_copylen(&r), XNB_TEST_HASH_DOMID, 0x5678,
	    64, &op);
	KUNIT_EXPECT_EQ(test, op.source.u.ref, (grant_ref_t)1234);
	KUNIT_EXPECT_EQ(test, op.source.domid, (domid_t)XNB_TEST_HASH_DOMID);
	KUNIT_EXPECT_EQ(test, op.source.offset, 0);
	KUNIT_EXPECT_EQ(test, op.dest.u.gmfn, (xen_pfn_t)0x5678);
	KUNIT_EXPECT_EQ(test, op.dest.domid, (domid_t)DOMID_SELF);
	KUNIT_EXPECT_EQ(test, op.dest.offset, 64);
	KUNIT_EXPECT_EQ(test, op.len, 64);
	KUNIT_EXPECT_EQ(test, op.flags, GNTCOPY_source_gref);
}

/*
 * The model: the state a frontend believes it set, kept the simple way
 * (every rule of netif.h written out again), against random messages,
 * sizes and contents, including hostile ones.
 */
struct xnb_test_model {
	u32 xtm_alg, xtm_flags, xtm_size;
	u8 xtm_key[XNB_HASH_KEY_MAX];
	u32 xtm_map[XNB_HASH_MAP_MAX];
};

static u32
xnb_test_model_apply(struct xnb_test_model *m,
    const struct xen_netif_ctrl_request *r, unsigned int nq, const u32 *buf)
{
	u64 end;
	u32 i;

	switch (r->type) {
	case XEN_NETIF_CTRL_TYPE_SET_HASH_ALGORITHM:
		if (r->data[0] > 1)
			return XEN_NETIF_CTRL_STATUS_INVALID_PARAMETER;
		m->xtm_alg = r->data[0];
		return 0;
	case XEN_NETIF_CTRL_TYPE_SET_HASH_FLAGS:
		if (r->data[0] > 0xf)
			return XEN_NETIF_CTRL_STATUS_INVALID_PARAMETER;
		if (m->xtm_alg == 0)
			return XEN_NETIF_CTRL_STATUS_NOT_SUPPORTED;
		m->xtm_flags = r->data[0];
		return 0;
	case XEN_NETIF_CTRL_TYPE_SET_HASH_KEY:
		if (r->data[1] > XNB_HASH_KEY_MAX)
			return XEN_NETIF_CTRL_STATUS_BUFFER_OVERFLOW;
		memset(m->xtm_key, 0, sizeof(m->xtm_key));
		memcpy(m->xtm_key, buf, r->data[1]);
		return 0;
	case XEN_NETIF_CTRL_TYPE_SET_HASH_MAPPING_SIZE:
		if (r->data[0] > XNB_HASH_MAP_MAX)
			return XEN_NETIF_CTRL_STATUS_INVALID_PARAMETER;
		m->xtm_size = r->data[0];
		memset(m->xtm_map, 0, sizeof(m->xtm_map));
		return 0;
	case XEN_NETIF_CTRL_TYPE_SET_HASH_MAPPING:
		end = (u64)r->data[1] + r->data[2];
		if (end > m->xtm_size)
			return XEN_NETIF_CTRL_STATUS_INVALID_PARAMETER;
		for (i = 0; i < r->data[1]; i++)
			if (buf[i] >= nq)
				return XEN_NETIF_CTRL_STATUS_INVALID_PARAMETER;
		for (i = 0; i < r->data[1]; i++)
			m->xtm_map[r->data[2] + i] = buf[i];
		return 0;
	default:
		return 0xdead;
	}
}

static void
xnb_hash_test_ctrl_model(struct kunit *test)
{
	static const u16 types[] = {
		XEN_NETIF_CTRL_TYPE_SET_HASH_ALGORITHM,
		XEN_NETIF_CTRL_TYPE_SET_HASH_FLAGS,
		XEN_NETIF_CTRL_TYPE_SET_HASH_KEY,
		XEN_NETIF_CTRL_TYPE_SET_HASH_MAPPING_SIZE,
		XEN_NETIF_CTRL_TYPE_SET_HASH_MAPPING,
	};
	struct xen_netif_ctrl_request r;
	struct xnb_test_model m;
	struct rnd_state rnd;
	struct xnb_hash h;
	u32 *buf, st, want, data, hash;
	unsigned int i, nq = 3;

	buf = kunit_kzalloc(test, XNB_HASH_MAP_MAX * sizeof(u32), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	prandom_seed_state(&rnd, 3);
	xnb_hash_init(&h);
	memset(&m, 0, sizeof(m));
	for (i = 0; i < 5000; i++) {
		r = xnb_test_req(
		    types[prandom_u32_state(&rnd) % ARRAY_SIZE(types)], 0, 0,
		    0);
		/* Small values mostly, a hostile one now and then. */
		r.data[0] = prandom_u32_state(&rnd) % 8 == 0 ?
		    prandom_u32_state(&rnd) :
		    prandom_u32_state(&rnd) % 20;
		r.data[1] = prandom_u32_state(&rnd) % 8 == 0 ?
		    prandom_u32_state(&rnd) :
		    prandom_u32_state(&rnd) % (XNB_HASH_MAP_MAX + 2);
		r.data[2] = prandom_u32_state(&rnd) % 8 == 0 ?
		    prandom_u32_state(&rnd) :
		    prandom_u32_state(&rnd) % (XNB_HASH_MAP_MAX + 2);
		if (r.type == XEN_NETIF_CTRL_TYPE_SET_HASH_MAPPING_SIZE &&
		    prandom_u32_state(&rnd) % 2)
			r.data[0] =
			    prandom_u32_state(&rnd) % (XNB_HASH_MAP_MAX + 2);
		prandom_bytes_state(&rnd, buf, XNB_HASH_MAP_MAX * sizeof(u32));
		/* Entries below the queues, mostly. */
		if (prandom_u32_state(&rnd) % 4 != 0) {
			unsigned int j;

			for (j = 0; j < XNB_HASH_MAP_MAX; j++)
				buf[j] %= nq;
		}
		st = xnb_ctrl_apply(&h, &r, nq,
		    xnb_ctrl_copylen(&r) != 0 ? buf : NULL, &data);
		want = xnb_test_model_apply(&m, &r, nq, buf);
		KUNIT_ASSERT_EQ_MSG(test, st, want,
		    "message %u: type %u data %u %u %u", i, r.type, r.data[0],
		    r.data[1], r.data[2]);
		KUNIT_ASSERT_EQ(test, h.xhs_alg, m.xtm_alg);
		KUNIT_ASSERT_EQ(test, h.xhs_flags, m.xtm_flags);
		KUNIT_ASSERT_EQ(test, h.xhs_size, m.xtm_size);
		KUNIT_ASSERT_EQ(test,
		    memcmp(h.xhs_key, m.xtm_key, sizeof(m.xtm_key)), 0);
		KUNIT_ASSERT_EQ(test,
		    memcmp(h.xhs_map, m.xtm_map, sizeof(m.xtm_map)), 0);
		/* Whatever was set, every hash lands on a queue the vif has. */
		hash = prandom_u32_state(&rnd);
		KUNIT_ASSERT_LT(test, xnb_hash2queue(&h, hash, nq), nq);
	}
}

/*--------------------------------- Packets ---------------------------------*/
/*
 * An Ethernet frame carrying the first IPv4 row of the specification's
 * table (66.9.149.187:2794 to 161.142.100.80:1766) as TCP, or as UDP,
 * with its network header set as the transmit path has it.
 */
static struct sk_buff *
xnb_test_hash_skb(struct kunit *test, u8 proto, bool fragment)
{
	struct sk_buff *skb;
	struct ethhdr *eth;
	struct iphdr *ip;
	__be16 *ports;

	skb = alloc_skb(128, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	eth = skb_put_zero(skb, sizeof(*eth));
	eth->h_proto = htons(ETH_P_IP);
	ip = skb_put_zero(skb, sizeof(*ip));
	ip->version = 4;
	ip->ihl = 5;
	ip->ttl = 64;
	ip->protocol = proto;
	ip->tot_len = htons(sizeof(*ip) + 20);
	if (fragment)
		ip->frag_off = htons(100); /* a later fragment: no ports */
	ip->saddr = in_aton("66.9.149.187");
	ip->daddr = in_aton("161.142.100.80");
	ports = skb_put_zero(skb, 20);
	ports[0] = htons(2794);
	ports[1] = htons(1766);
	skb_reset_mac_header(skb);
	skb_set_network_header(skb, sizeof(*eth));
	skb_set_transport_header(skb, sizeof(*eth) + sizeof(*ip));
	skb->protocol = htons(ETH_P_IP);
	return skb;
}

/*
 * xnb_skb_hash() on real headers: the specification's values over the
 * ports (an L4 hash) when the TCP type is on, over the addresses alone
 * (L3) for UDP, for a later fragment or with only the address type on,
 * and no hash when no type applies.  The queue follows the table.
 */
static void
xnb_hash_test_skb(struct kunit *test)
{
	struct xnb_hash *h = kunit_kzalloc(test, sizeof(*h), GFP_KERNEL);
	struct sk_buff *skb;
	struct xnb_flow fl;

	KUNIT_ASSERT_NOT_NULL(test, h);
	xnb_hash_init(h);
	h->xhs_alg = XEN_NETIF_CTRL_HASH_ALGORITHM_TOEPLITZ;
	memcpy(h->xhs_key, xnb_test_ms_key, sizeof(xnb_test_ms_key));
	h->xhs_flags = XEN_NETIF_CTRL_HASH_TYPE_IPV4 |
	    XEN_NETIF_CTRL_HASH_TYPE_IPV4_TCP;

	skb = xnb_test_hash_skb(test, IPPROTO_TCP, false);
	KUNIT_EXPECT_TRUE(test, xnb_skb2flow(skb, &fl));
	KUNIT_EXPECT_TRUE(test, fl.xf_tcp);
	KUNIT_EXPECT_EQ(test, ntohs(fl.xf_sport), 2794);
	xnb_skb_hash(h, skb);
	KUNIT_EXPECT_EQ(test, skb->hash, 0x51ccc178U);
	KUNIT_EXPECT_TRUE(test, skb->sw_hash);
	KUNIT_EXPECT_TRUE(test, skb->l4_hash);
	h->xhs_size = 4;
	h->xhs_map[0x51ccc178U % 4] = 3;
	KUNIT_EXPECT_EQ(test, xnb_hash2queue(h, skb->hash, 4), 3U);
	h->xhs_size = 0;

	h->xhs_flags = XEN_NETIF_CTRL_HASH_TYPE_IPV4;
	xnb_skb_hash(h, skb);
	KUNIT_EXPECT_EQ(test, skb->hash, 0x323e8fc2U);
	KUNIT_EXPECT_TRUE(test, skb->sw_hash);
	KUNIT_EXPECT_FALSE(test, skb->l4_hash);

	h->xhs_flags = XEN_NETIF_CTRL_HASH_TYPE_IPV6;
	xnb_skb_hash(h, skb);
	KUNIT_EXPECT_EQ(test, skb->hash, 0U);
	KUNIT_EXPECT_FALSE(test, skb->sw_hash);
	kfree_skb(skb);

	h->xhs_flags = XEN_NETIF_CTRL_HASH_TYPE_IPV4 |
	    XEN_NETIF_CTRL_HASH_TYPE_IPV4_TCP;
	skb = xnb_test_hash_skb(test, IPPROTO_UDP, false);
	xnb_skb_hash(h, skb);
	KUNIT_EXPECT_EQ(test, skb->hash, 0x323e8fc2U);
	KUNIT_EXPECT_FALSE(test, skb->l4_hash);
	kfree_skb(skb);

	skb = xnb_test_hash_skb(test, IPPROTO_TCP, true);
	xnb_skb_hash(h, skb);
	KUNIT_EXPECT_EQ(test, skb->hash, 0x323e8fc2U);
	KUNIT_EXPECT_FALSE(test, skb->l4_hash);
	/* Not IP at all: no flow, no hash. */
	skb->protocol = htons(ETH_P_ARP);
	KUNIT_EXPECT_FALSE(test, xnb_skb2flow(skb, &fl));
	xnb_skb_hash(h, skb);
	KUNIT_EXPECT_FALSE(test, skb->sw_hash);
	kfree_skb(skb);
}

static struct kunit_case xnb_hash_cases[] = {
	KUNIT_CASE(xnb_hash_test_rss_ipv4), KUNIT_CASE(xnb_hash_test_rss_ipv6),
	KUNIT_CASE(xnb_hash_test_toeplitz_random),
	KUNIT_CASE(xnb_hash_test_hashin), KUNIT_CASE(xnb_hash_test_queue),
	KUNIT_CASE(xnb_hash_test_ctrl_alg_flags),
	KUNIT_CASE(xnb_hash_test_ctrl_key),
	KUNIT_CASE(xnb_hash_test_ctrl_mapping),
	KUNIT_CASE(xnb_hash_test_ctrl2gnttab),
	KUNIT_CASE(xnb_hash_test_ctrl_model), KUNIT_CASE(xnb_hash_test_skb), {}
};

static struct kunit_suite xnb_hash_suite = {
	.name = "xnb_hash",
	.test_cases = xnb_hash_cases,
};

kunit_test_suites(&xnb_hash_suite);

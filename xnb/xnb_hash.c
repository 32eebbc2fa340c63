// SPDX-License-Identifier: GPL-2.0-only
/*
 * xnb_hash.c: receive-side steering that the frontend controls (pure).
 *
 * A frontend that connects a control ring ("feature-ctrl-ring", netif.h
 * "Control ring") may choose how the backend spreads the packets it
 * receives over the vif's queues: a hash algorithm (Toeplitz, or none),
 * which headers feed it (the XEN_NETIF_CTRL_HASH_TYPE_* flags), the key,
 * and a mapping table from hash to queue.  Windows PV drivers use it for
 * receive-side scaling; Linux netfront never does.
 *
 * This file holds what that needs without the hypervisor: the Toeplitz
 * hash, the hash input of a flow (and the flow of a packet), the queue a
 * hash maps to, and the
 * control messages, vetted and applied to a struct xnb_hash.  A message
 * that carries a key or a mapping table names a grant; the caller copies
 * it with the operation xnb_ctrl2gnttab() builds (into a buffer of its
 * own) and passes the copy to xnb_ctrl_apply().  The request itself is a
 * private copy of the ring's slot, taken once by the caller.
 *
 * The state a message changes is the caller's private copy: xnb_ctrl_apply()
 * changes nothing when it fails, and a caller publishes the new state as
 * a whole (readers in the transmit path see the old state or the new one,
 * never half of each).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/skbuff.h>
#include <linux/socket.h>
#include <linux/string.h>
#include <net/flow_dissector.h>

#include "xnb.h"

/*--------------------------------- Toeplitz --------------------------------*/
/**
 * xnb_toeplitz() - the Toeplitz hash of netif.h ("Hash algorithms").
 * @key: the key; bytes past @keylen count as zero.
 * @keylen: its length in bytes.
 * @data: the hash input.
 * @len: its length in bytes.
 *
 * For each bit of @data that is set, the 32 bits of the key that start at
 * the same bit position are XORed into the result.  A 64-bit window holds
 * the key bytes from the current data byte on: the 32 bits for bit b of
 * that byte are the window's bits 63 - b down to 32 - b.  After each data
 * byte the window moves on by one key byte.
 *
 * Return: the hash.
 */
u32
xnb_toeplitz(const u8 *key, unsigned int keylen, const u8 *data,
    unsigned int len)
{
	u64 win = 0;
	u32 hash = 0;
	unsigned int k, i, b;

	for (k = 0; k < 8; k++)
		win = (win << 8) | (k < keylen ? key[k] : 0);
	for (i = 0; i < len; i++, k++) {
		for (b = 0; b < 8; b++) {
			if ((data[i] & (0x80 >> b)) != 0)
				hash ^= (u32)(win >> (32 - b));
		}
		win = (win << 8) | (k < keylen ? key[k] : 0);
	}
	return hash;
}

/*-------------------------------- Hash input -------------------------------*/
/**
 * xnb_flow2hashin() - the hash input of a flow, as netif.h lays it out.
 * @fl: the flow's addresses and ports (from the packet's headers).
 * @flags: the hash types the frontend enabled (XEN_NETIF_CTRL_HASH_TYPE_*).
 * @buf: the input, XNB_HASH_IN_MAX bytes.
 * @htype: the hash type used (_XEN_NETIF_CTRL_HASH_TYPE_*), for the
 *	hash extra the frontend receives.
 *
 * The source address, the destination address, then for TCP with the
 * TCP type enabled the source and destination ports, in network order.
 * A TCP flow whose TCP type is off falls back to the address-only type
 * of its family; UDP and other protocols have only that one (netif.h
 * defines no UDP types).
 *
 * Return: the input's length, 0 when no enabled type applies (no hash).
 */
unsigned int
xnb_flow2hashin(const struct xnb_flow *fl, u32 flags, u8 *buf, u8 *htype)
{
	unsigned int alen, n;
	u32 tcp, addr;
	u8 ttcp, taddr;

	switch (fl->xf_family) {
	case AF_INET:
		alen = 4;
		tcp = XEN_NETIF_CTRL_HASH_TYPE_IPV4_TCP;
		addr = XEN_NETIF_CTRL_HASH_TYPE_IPV4;
		ttcp = _XEN_NETIF_CTRL_HASH_TYPE_IPV4_TCP;
		taddr = _XEN_NETIF_CTRL_HASH_TYPE_IPV4;
		break;
	case AF_INET6:
		alen = 16;
		tcp = XEN_NETIF_CTRL_HASH_TYPE_IPV6_TCP;
		addr = XEN_NETIF_CTRL_HASH_TYPE_IPV6;
		ttcp = _XEN_NETIF_CTRL_HASH_TYPE_IPV6_TCP;
		taddr = _XEN_NETIF_CTRL_HASH_TYPE_IPV6;
		break;
	default:
		return 0;
	}
	memcpy(buf, fl->xf_src, alen);
	memcpy(buf + alen, fl->xf_dst, alen);
	n = 2 * alen;
	if (fl->xf_tcp && (flags & tcp) != 0) {
		memcpy(buf + n, &fl->xf_sport, 2);
		memcpy(buf + n + 2, &fl->xf_dport, 2);
		*htype = ttcp;
		return n + 4;
	}
	if ((flags & addr) == 0)
		return 0;
	*htype = taddr;
	return n;
}

/**
 * xnb_hash2queue() - the queue a hash steers a packet to.
 * @h: the steering state.
 * @hash: the packet's hash.
 * @nqueues: the vif's queues (at least one).
 *
 * netif.h, SET_HASH_MAPPING: the hash indexes the mapping table modulo
 * its size; without a table, the queue is the hash modulo the queues.
 * The table's entries were checked against @nqueues when they were set;
 * the check here keeps a table from another connection harmless.
 *
 * Return: a queue below @nqueues.
 */
unsigned int
xnb_hash2queue(const struct xnb_hash *h, u32 hash, unsigned int nqueues)
{
	u32 q;

	if (h->xhs_size == 0)
		return hash % nqueues;
	q = h->xhs_map[hash % h->xhs_size];
	return q < nqueues ? q : 0;
}

/*-------------------------------- Packets ---------------------------------*/
/**
 * xnb_skb2flow() - what a packet's headers give the hash.
 * @skb: the packet, its network header set (as in the transmit path).
 * @fl: filled with the flow.
 *
 * The kernel's flow dissector reads the headers, the outer ones of a
 * tunnel (the hash extra's type names the outer family); a TCP segment
 * counts as TCP only when it is not an IP fragment (a later fragment has
 * no ports), as in xen-netback.
 *
 * Return: true for an IPv4 or IPv6 packet, false for anything else.
 */
bool
xnb_skb2flow(const struct sk_buff *skb, struct xnb_flow *fl)
{
	struct flow_keys keys;

	memset(fl, 0, sizeof(*fl));
	memset(&keys, 0, sizeof(keys));
	skb_flow_dissect_flow_keys(skb, &keys, FLOW_DISSECTOR_F_STOP_AT_ENCAP);
	switch (keys.basic.n_proto) {
	case htons(ETH_P_IP):
		fl->xf_family = AF_INET;
		memcpy(fl->xf_src, &keys.addrs.v4addrs.src, 4);
		memcpy(fl->xf_dst, &keys.addrs.v4addrs.dst, 4);
		break;
	case htons(ETH_P_IPV6):
		fl->xf_family = AF_INET6;
		memcpy(fl->xf_src, &keys.addrs.v6addrs.src, 16);
		memcpy(fl->xf_dst, &keys.addrs.v6addrs.dst, 16);
		break;
	default:
		return false;
	}
	if (keys.basic.ip_proto == IPPROTO_TCP &&
	    (keys.control.flags & FLOW_DIS_IS_FRAGMENT) == 0) {
		fl->xf_tcp = true;
		fl->xf_sport = keys.ports.src;
		fl->xf_dport = keys.ports.dst;
	}
	return true;
}

/**
 * xnb_skb_hash() - give a packet the hash the frontend asked for.
 * @h: the steering state, with the Toeplitz algorithm.
 * @skb: the packet.
 *
 * The packet gets a software hash (L4 when the ports were hashed) that
 * xnb_hash2queue() steers by and the guest receives in a hash extra; a
 * packet no enabled type applies to gets none (hash 0), as in xen-netback.
 */
void
xnb_skb_hash(const struct xnb_hash *h, struct sk_buff *skb)
{
	u8 in[XNB_HASH_IN_MAX], htype = 0;
	struct xnb_flow fl;
	unsigned int len = 0;

	if (xnb_skb2flow(skb, &fl))
		len = xnb_flow2hashin(&fl, h->xhs_flags, in, &htype);
	if (len == 0) {
		skb_clear_hash(skb);
		return;
	}
	__skb_set_sw_hash(skb,
	    xnb_toeplitz(h->xhs_key, sizeof(h->xhs_key), in, len),
	    htype == _XEN_NETIF_CTRL_HASH_TYPE_IPV4_TCP ||
		htype == _XEN_NETIF_CTRL_HASH_TYPE_IPV6_TCP);
}

/*----------------------------- Control messages ----------------------------*/
/**
 * xnb_hash_init() - the state of a new connection: no hashing.
 * @h: the state.
 */
void
xnb_hash_init(struct xnb_hash *h)
{
	memset(h, 0, sizeof(*h));
	h->xhs_alg = XEN_NETIF_CTRL_HASH_ALGORITHM_NONE;
}

/**
 * xnb_ctrl_copylen() - how many bytes of the request's grant to copy.
 * @req: the request (a private copy).
 *
 * SET_HASH_KEY carries the key (data[1] bytes) and SET_HASH_MAPPING a
 * (sub-)table (data[1] entries of 4 bytes), each at the start of the
 * grant data[0].  Sizes the backend refuses anyway copy nothing.
 *
 * Return: the length, 0 when nothing is to be copied.
 */
unsigned int
xnb_ctrl_copylen(const struct xen_netif_ctrl_request *req)
{
	switch (req->type) {
	case XEN_NETIF_CTRL_TYPE_SET_HASH_KEY:
		return req->data[1] <= XNB_HASH_KEY_MAX ? req->data[1] : 0;
	case XEN_NETIF_CTRL_TYPE_SET_HASH_MAPPING:
		return req->data[1] <= XNB_HASH_MAP_MAX ?
		    req->data[1] * sizeof(u32) :
		    0;
	default:
		return 0;
	}
}

/**
 * xnb_ctrl2gnttab() - the grant copy that fetches a request's key or table.
 * @req: the request (a private copy).
 * @len: xnb_ctrl_copylen()'s answer, not 0.
 * @otherend: the frontend's domain.
 * @gfn: the frame of the caller's buffer.
 * @offset: the buffer's offset in that frame; @len bytes must fit.
 * @op: the operation to fill.
 */
void
xnb_ctrl2gnttab(const struct xen_netif_ctrl_request *req, unsigned int len,
    domid_t otherend, xen_pfn_t gfn, unsigned int offset,
    struct gnttab_copy *op)
{
	memset(op, 0, sizeof(*op));
	op->source.u.ref = req->data[0];
	op->source.domid = otherend;
	op->source.offset = 0;
	op->dest.u.gmfn = gfn;
	op->dest.domid = DOMID_SELF;
	op->dest.offset = offset;
	op->len = len;
	op->flags = GNTCOPY_source_gref;
}

/* All the hash types xnb computes. */
#define XNB_HASH_TYPES                                                       \
	(XEN_NETIF_CTRL_HASH_TYPE_IPV4 | XEN_NETIF_CTRL_HASH_TYPE_IPV4_TCP | \
	    XEN_NETIF_CTRL_HASH_TYPE_IPV6 | XEN_NETIF_CTRL_HASH_TYPE_IPV6_TCP)

/**
 * xnb_ctrl_apply() - carry out one control request.
 * @h: the steering state, changed only when the request succeeds.
 * @req: the request (a private copy).
 * @nqueues: the vif's queues, which mapping entries must be below.
 * @buf: what the grant copy fetched, xnb_ctrl_copylen() bytes, or NULL
 *	when the copy failed or the request needs none.
 * @data: the response's data field.
 *
 * Each message as netif.h ("Control messages") describes it, with the
 * answers xen-netback gives: a key longer than XNB_HASH_KEY_MAX is
 * BUFFER_OVERFLOW; an unknown algorithm or hash type, a table size above
 * XNB_HASH_MAP_MAX, a sub-table outside the table or wrapping around, an
 * entry naming a queue the vif does not have, or a grant that could not
 * be copied is INVALID_PARAMETER; reading or setting the flags needs the
 * Toeplitz algorithm (else NOT_SUPPORTED); unknown message types are
 * NOT_SUPPORTED.
 *
 * Return: the response's status (XEN_NETIF_CTRL_STATUS_*).
 */
u32
xnb_ctrl_apply(struct xnb_hash *h, const struct xen_netif_ctrl_request *req,
    unsigned int nqueues, const void *buf, u32 *data)
{
	u32 off, len, i, e;

	*data = 0;
	switch (req->type) {
	case XEN_NETIF_CTRL_TYPE_SET_HASH_ALGORITHM:
		if (req->data[0] != XEN_NETIF_CTRL_HASH_ALGORITHM_NONE &&
		    req->data[0] != XEN_NETIF_CTRL_HASH_ALGORITHM_TOEPLITZ)
			return XEN_NETIF_CTRL_STATUS_INVALID_PARAMETER;
		h->xhs_alg = req->data[0];
		return XEN_NETIF_CTRL_STATUS_SUCCESS;
	case XEN_NETIF_CTRL_TYPE_GET_HASH_FLAGS:
		if (h->xhs_alg == XEN_NETIF_CTRL_HASH_ALGORITHM_NONE)
			return XEN_NETIF_CTRL_STATUS_NOT_SUPPORTED;
		*data = XNB_HASH_TYPES;
		return XEN_NETIF_CTRL_STATUS_SUCCESS;
	case XEN_NETIF_CTRL_TYPE_SET_HASH_FLAGS:
		if ((req->data[0] & ~XNB_HASH_TYPES) != 0)
			return XEN_NETIF_CTRL_STATUS_INVALID_PARAMETER;
		if (h->xhs_alg == XEN_NETIF_CTRL_HASH_ALGORITHM_NONE)
			return XEN_NETIF_CTRL_STATUS_NOT_SUPPORTED;
		h->xhs_flags = req->data[0];
		return XEN_NETIF_CTRL_STATUS_SUCCESS;
	case XEN_NETIF_CTRL_TYPE_SET_HASH_KEY:
		len = req->data[1];
		if (len > XNB_HASH_KEY_MAX)
			return XEN_NETIF_CTRL_STATUS_BUFFER_OVERFLOW;
		if (len != 0 && buf == NULL)
			return XEN_NETIF_CTRL_STATUS_INVALID_PARAMETER;
		/* A new key replaces the old; bytes not given are zero. */
		memset(h->xhs_key, 0, sizeof(h->xhs_key));
		if (len != 0)
			memcpy(h->xhs_key, buf, len);
		return XEN_NETIF_CTRL_STATUS_SUCCESS;
	case XEN_NETIF_CTRL_TYPE_GET_HASH_MAPPING_SIZE:
		*data = XNB_HASH_MAP_MAX;
		return XEN_NETIF_CTRL_STATUS_SUCCESS;
	case XEN_NETIF_CTRL_TYPE_SET_HASH_MAPPING_SIZE:
		if (req->data[0] > XNB_HASH_MAP_MAX)
			return XEN_NETIF_CTRL_STATUS_INVALID_PARAMETER;
		/* A new size invalidates the table: all zero. */
		h->xhs_size = req->data[0];
		memset(h->xhs_map, 0, sizeof(h->xhs_map));
		return XEN_NETIF_CTRL_STATUS_SUCCESS;
	case XEN_NETIF_CTRL_TYPE_SET_HASH_MAPPING:
		len = req->data[1];
		off = req->data[2];
		if (len > XNB_HASH_MAP_MAX || off > h->xhs_size ||
		    len > h->xhs_size - off)
			return XEN_NETIF_CTRL_STATUS_INVALID_PARAMETER;
		if (len != 0 && buf == NULL)
			return XEN_NETIF_CTRL_STATUS_INVALID_PARAMETER;
		/* Every entry first: a bad one leaves the table as it was. */
		for (i = 0; i < len; i++) {
			memcpy(&e, (const u8 *)buf + i * sizeof(u32),
			    sizeof(u32));
			if (e >= nqueues)
				return XEN_NETIF_CTRL_STATUS_INVALID_PARAMETER;
		}
		for (i = 0; i < len; i++)
			memcpy(&h->xhs_map[off + i],
			    (const u8 *)buf + i * sizeof(u32), sizeof(u32));
		return XEN_NETIF_CTRL_STATUS_SUCCESS;
	default:
		return XEN_NETIF_CTRL_STATUS_NOT_SUPPORTED;
	}
}

#if IS_ENABLED(CONFIG_XNB_KUNIT_TEST)
#include "xnb_hash_test.c"
#endif

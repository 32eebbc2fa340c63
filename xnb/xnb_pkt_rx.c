// SPDX-License-Identifier: GPL-2.0-only
/*
 * xnb_pkt_rx.c: the pure packet logic of the network backend, RX side.
 *
 * A packet from Dom0 to the guest goes through the converters here:
 * xnb_rx_slots() says how many RX ring slots an skb needs, xnb_skb2pkt()
 * lays it out in them (data, then GSO, hash and XDP extra info),
 * xnb_rxpkt2gnttab() reads the guest's requests and builds the grant
 * copies that fill its buffers, and xnb_rxpkt2rsp() writes the
 * responses.  As in xnb_pkt.c, which holds the TX side and the skb walk
 * both directions copy along, nothing here calls the hypervisor, takes a
 * lock or knows the softc: xnb_ring_rx.c issues the operations built
 * here, and the KUnit suite included at the end of the file checks what
 * is built.  Each direction has a file of its own so that its converters
 * read as one piece, next to the suite that checks them.
 *
 * Trust: RX requests are read once into the packet (xnb_rxpkt2gnttab,
 * READ_ONCE per field) and the responses are built from those copies.
 * Responses are only written, never read back: their slots are the
 * frontend's too.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/skbuff.h>

#include "xnb.h"

/*---------------------------- RX: skb to packet ----------------------------*/
/*
 * Does an RX packet carry a hash extra?  Only for a guest that asked for
 * hashing over its control ring (@hash), and only with a hash that
 * xnb_skb_hash() computed: a software hash over IPv4 or IPv6 headers.
 * (A guest that never asked may not know the extra's type.)
 */
static bool
xnb_rx_hashed(const struct sk_buff *skb, bool hash)
{
	return hash && skb->sw_hash &&
	    (skb->protocol == htons(ETH_P_IP) ||
		skb->protocol == htons(ETH_P_IPV6));
}

/* Bytes of data one guest buffer takes, after the headroom. */
static unsigned int
xnb_rx_room(const struct xnb_rxopt *opt)
{
	return XBR_PAGE_SIZE -
	    min_t(unsigned int, opt->xro_headroom, XNB_XDP_HEADROOM_MAX);
}

/**
 * xnb_rx_slots() - RX ring slots an skb needs.
 * @skb: the packet.
 * @opt: the guest's hash extras and headroom.
 *
 * The backend fills each guest buffer (a page, less the headroom) before
 * the next, so a packet needs one slot per buffer of data, plus one for a
 * GSO extra, one for a hash extra and one for an XDP extra.
 *
 * Return: the number of slots.
 */
unsigned int
xnb_rx_slots(const struct sk_buff *skb, const struct xnb_rxopt *opt)
{
	return max(1U, DIV_ROUND_UP(skb->len, xnb_rx_room(opt))) +
	    (skb_is_gso(skb) ? 1 : 0) +
	    (xnb_rx_hashed(skb, opt->xro_hash) ? 1 : 0) +
	    (opt->xro_headroom != 0 ? 1 : 0);
}

/**
 * xnb_skb2pkt() - describe an skb as an RX packet.
 * @pkt: filled in; its slots' requests are read by xnb_rxpkt2gnttab().
 * @skb: the packet from Dom0's stack.
 * @start: ring index of the first request to use (the consumer index).
 * @space: requests the guest has posted beyond @start.
 * @opt: how the guest takes packets: its data slots per packet (1
 *	without feature-sg); whether it asked for hash extras over its
 *	control ring (a packet with a software hash then carries it, after
 *	the GSO extra, if any); its XDP headroom (every data slot's data
 *	then starts that far into its buffer, and an XDP extra, last, says
 *	so).
 *
 * Return: 0; -ENOSPC if the guest has not posted enough buffers yet;
 * -EMSGSIZE if the packet can never fit the guest's limits; -EINVAL for
 * an empty packet or a GSO type netif.h cannot express.
 */
int
xnb_skb2pkt(struct xnb_pkt *pkt, const struct sk_buff *skb, RING_IDX start,
    RING_IDX space, const struct xnb_rxopt *opt)
{
	unsigned int i, ndata, left, room = xnb_rx_room(opt);

	memset(pkt, 0, offsetof(struct xnb_pkt, xp_tx));
	if (skb->len == 0)
		return -EINVAL;
	ndata = DIV_ROUND_UP(skb->len, room);
	if (skb_is_gso(skb)) {
		if (skb_shinfo(skb)->gso_type & SKB_GSO_TCPV4)
			pkt->xp_gso_type = XEN_NETIF_GSO_TYPE_TCPV4;
		else if (skb_shinfo(skb)->gso_type & SKB_GSO_TCPV6)
			pkt->xp_gso_type = XEN_NETIF_GSO_TYPE_TCPV6;
		else
			return -EINVAL;
		pkt->xp_gso_size = skb_shinfo(skb)->gso_size;
		pkt->xp_nextra = 1;
	}
	if (xnb_rx_hashed(skb, opt->xro_hash)) {
		pkt->xp_hashed = true;
		pkt->xp_hash_l4 = skb->l4_hash;
		pkt->xp_hash_v6 = skb->protocol == htons(ETH_P_IPV6);
		pkt->xp_hash = skb->hash;
		pkt->xp_nextra++;
	}
	if (opt->xro_headroom != 0) {
		pkt->xp_headroom = XBR_PAGE_SIZE - room;
		pkt->xp_nextra++;
	}
	if (ndata > opt->xro_max_slots ||
	    ndata + pkt->xp_nextra > XNB_PKT_MAX_SLOTS)
		return -EMSGSIZE;
	if (ndata + pkt->xp_nextra > space)
		return -ENOSPC;
	pkt->xp_start = start;
	pkt->xp_nslots = ndata + pkt->xp_nextra;
	pkt->xp_size = skb->len;
	if (ndata > 1)
		pkt->xp_flags |= XEN_NETRXF_more_data;
	if (pkt->xp_nextra != 0)
		pkt->xp_flags |= XEN_NETRXF_extra_info;
	if (skb->ip_summed == CHECKSUM_PARTIAL)
		pkt->xp_flags |=
		    XEN_NETRXF_csum_blank | XEN_NETRXF_data_validated;
	else if (skb->ip_summed == CHECKSUM_UNNECESSARY)
		pkt->xp_flags |= XEN_NETRXF_data_validated;
	left = skb->len;
	for (i = 0; i < pkt->xp_nslots; i++) {
		if (!xnb_pkt_is_data(pkt, i))
			continue;
		pkt->xp_rx[i].xrs_len = min(left, room);
		left -= pkt->xp_rx[i].xrs_len;
	}
	return 0;
}

/*---------------------------- RX: grant copies -----------------------------*/
/**
 * xnb_rxpkt2gnttab() - read a packet's requests and build its copies.
 * @pkt: the packet from xnb_skb2pkt(); its slots get the requests' ids
 *	and buffers.
 * @skb: the packet's data.
 * @ring: the RX back ring; the requests at pkt->xp_start onwards are read,
 *	each once.
 * @gnttab: where to write the operations; XNB_PKT_MAX_OPS fit any packet.
 * @otherend: the guest's domain.
 *
 * Each guest buffer is filled from the packet's headroom (0 unless the
 * guest asked for XDP headroom), in order; a copy never crosses a page of
 * the skb.  The slots that carry extra info get no data (netif.h: their
 * requests are consumed by the responses).
 *
 * Return: the number of operations written.
 */
unsigned int
xnb_rxpkt2gnttab(struct xnb_pkt *pkt, const struct sk_buff *skb,
    const struct xen_netif_rx_back_ring *ring, struct gnttab_copy *gnttab,
    domid_t otherend)
{
	const struct xen_netif_rx_request *req;
	unsigned int i, n = 0, left, len, doff, pgoff;
	struct xnb_rxslot *slot;
	struct xnb_skbpos pos;
	struct gnttab_copy *op;
	struct page *page;

	xnb_skbpos_init(&pos, skb);
	for (i = 0; i < pkt->xp_nslots; i++) {
		slot = &pkt->xp_rx[i];
		req = RING_GET_REQUEST(ring, pkt->xp_start + i);
		slot->xrs_id = READ_ONCE(req->id);
		slot->xrs_gref = READ_ONCE(req->gref);
		slot->xrs_nops = 0;
		if (!xnb_pkt_is_data(pkt, i))
			continue;
		for (doff = pkt->xp_headroom, left = slot->xrs_len; left > 0;
		     doff += len, left -= len) {
			len = xnb_skbpos_next(&pos, left, &page, &pgoff);
			if (len == 0)
				break;
			op = &gnttab[n++];
			memset(op, 0, sizeof(*op));
			op->flags = GNTCOPY_dest_gref;
			op->source.u.gmfn = xnb_page_to_gfn(page);
			op->source.domid = DOMID_SELF;
			op->source.offset = pgoff;
			op->dest.u.ref = slot->xrs_gref;
			op->dest.domid = otherend;
			op->dest.offset = doff;
			op->len = len;
			slot->xrs_nops++;
		}
	}
	return n;
}

/*------------------------------ RX: responses ------------------------------*/
/*
 * Write the extra info of slot @i (1 .. xp_nextra) of an RX packet: those
 * the packet has, in xen-netback's order (by type): GSO, hash, XDP; each
 * but the last says another follows (netif.h, XEN_NETIF_EXTRA_FLAG_MORE).
 */
static void
xnb_rxpkt2extra(const struct xnb_pkt *pkt, unsigned int i,
    struct xen_netif_extra_info *x)
{
	unsigned int gso = pkt->xp_gso_type != 0 ? 1 : 0;
	unsigned int hash = gso + (pkt->xp_hashed ? 1 : 0);
	struct xen_netif_extra_info e;
	u8 type;

	memset(&e, 0, sizeof(e));
	if (i == gso) {
		e.type = XEN_NETIF_EXTRA_TYPE_GSO;
		e.u.gso.type = pkt->xp_gso_type;
		e.u.gso.size = pkt->xp_gso_size;
	} else if (i > hash) {
		e.type = XEN_NETIF_EXTRA_TYPE_XDP;
		e.u.xdp.headroom = pkt->xp_headroom;
	} else {
		if (pkt->xp_hash_v6)
			type = pkt->xp_hash_l4 ?
			    _XEN_NETIF_CTRL_HASH_TYPE_IPV6_TCP :
			    _XEN_NETIF_CTRL_HASH_TYPE_IPV6;
		else
			type = pkt->xp_hash_l4 ?
			    _XEN_NETIF_CTRL_HASH_TYPE_IPV4_TCP :
			    _XEN_NETIF_CTRL_HASH_TYPE_IPV4;
		e.type = XEN_NETIF_EXTRA_TYPE_HASH;
		e.u.hash.algorithm = XEN_NETIF_CTRL_HASH_ALGORITHM_TOEPLITZ;
		e.u.hash.type = type;
		memcpy(e.u.hash.value, &pkt->xp_hash, sizeof(pkt->xp_hash));
	}
	if (i < pkt->xp_nextra)
		e.flags = XEN_NETIF_EXTRA_FLAG_MORE;
	/* Built here, then written once: the slot is shared. */
	memcpy(x, &e, sizeof(e));
}

/**
 * xnb_rxpkt2rsp() - write the responses for one RX packet.
 * @pkt: the packet, after xnb_rxpkt2gnttab().
 * @gnttab: its operations, after the hypervisor ran them.
 * @ring: the RX back ring; rsp_prod_pvt moves past the packet's slots.
 *
 * Each request is answered in its own slot (frontends find their buffers
 * by ring position).  The first response carries the checksum flags,
 * NETRXF_extra_info when extras (GSO, hash, XDP) follow in the next slots,
 * and NETRXF_more_data when more data slots follow; so does each data
 * slot but the last.  A data slot's offset is where its data starts (the
 * headroom) and its status the data's length, as netif.h defines them;
 * xen-netback answers offset 0 and counts the headroom in the status,
 * which Linux netfront, reading the offset from the XDP extra, takes as
 * that many bytes more of frame.  The frame reaches netfront exact here.
 * A failed copy fails the whole packet: every data slot is answered
 * XEN_NETIF_RSP_ERROR, and the chain is kept so that the guest can skip
 * it.
 *
 * Return: 0, or -EIO if a copy failed.
 */
int
xnb_rxpkt2rsp(const struct xnb_pkt *pkt, const struct gnttab_copy *gnttab,
    struct xen_netif_rx_back_ring *ring)
{
	struct xen_netif_rx_response *rsp;
	struct xen_netif_extra_info *x;
	unsigned int i, nops = 0, last = 0;
	bool failed = false;
	u16 flags;

	for (i = 0; i < pkt->xp_nslots; i++) {
		nops += pkt->xp_rx[i].xrs_nops;
		if (xnb_pkt_is_data(pkt, i))
			last = i;
	}
	for (i = 0; i < nops; i++)
		if (gnttab[i].status != GNTST_okay)
			failed = true;
	for (i = 0; i < pkt->xp_nslots; i++) {
		if (!xnb_pkt_is_data(pkt, i)) {
			x = (struct xen_netif_extra_info *)RING_GET_RESPONSE(
			    ring, pkt->xp_start + i);
			xnb_rxpkt2extra(pkt, i, x);
			continue;
		}
		/* Built here, then written once: the slot is shared. */
		flags = i == 0 ? pkt->xp_flags : 0;
		if (i != last)
			flags |= XEN_NETRXF_more_data;
		else
			flags &= ~XEN_NETRXF_more_data;
		rsp = RING_GET_RESPONSE(ring, pkt->xp_start + i);
		rsp->id = pkt->xp_rx[i].xrs_id;
		rsp->offset = pkt->xp_headroom;
		rsp->flags = flags;
		rsp->status =
		    failed ? XEN_NETIF_RSP_ERROR : pkt->xp_rx[i].xrs_len;
	}
	ring->rsp_prod_pvt = pkt->xp_start + pkt->xp_nslots;
	return failed ? -EIO : 0;
}

#if IS_ENABLED(CONFIG_XNB_KUNIT_TEST)
#include "xnb_pkt_rx_test.c"
#endif

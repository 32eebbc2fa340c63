// SPDX-License-Identifier: GPL-2.0-only
/*
 * xnb_pkt.c: the pure packet logic of the network backend, TX side.
 *
 * Everything here converts between the TX ring (Xen's io/netif.h),
 * struct xnb_pkt, sk_buffs and arrays of grant copy operations.  Nothing
 * here calls the hypervisor, takes a lock or knows the softc: xnb_ring.c
 * issues the operations built here, and the KUnit suites included at the
 * end of the file check what is built, as FreeBSD's netback_unit_tests.c
 * checks the gnttab_copy arrays of its netback.c.
 *
 * Besides the TX converters this file holds what the TX ring's requests
 * act on, the rate credit and the multicast list, and the walk of an skb
 * in pieces within a page that the grant copies of both directions
 * follow.  The RX converters are in xnb_pkt_rx.c.
 *
 * Trust: TX slots are copied once out of the shared ring into the packet
 * (xnb_ring2pkt, with RING_COPY_REQUEST's volatile read, so that the
 * compiler may not read a field from the ring again in place of the copy)
 * and only the copies are vetted and used afterwards.  Responses are only
 * written, never read back: their slots are the frontend's too.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/etherdevice.h>
#include <linux/gfp.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/skbuff.h>
#include <linux/tcp.h>

#include "xnb.h"

/*------------------------------ skb walking --------------------------------*/
/**
 * xnb_skbpos_init() - start a walk at the beginning of an skb's data.
 * @p: the position.
 * @skb: the skb.
 */
void
xnb_skbpos_init(struct xnb_skbpos *p, const struct sk_buff *skb)
{
	p->xsp_skb = skb;
	p->xsp_frag = -1;
	p->xsp_off = 0;
}

/**
 * xnb_skbpos_next() - take the next piece of an skb that lies in one page.
 * @p: the position; it moves past the piece.
 * @max: the most bytes the piece may have.
 * @page: set to the piece's page.
 * @pgoff: set to the piece's offset in that page.
 *
 * Return: the piece's length, or 0 at the end of the skb.
 */
unsigned int
xnb_skbpos_next(struct xnb_skbpos *p, unsigned int max, struct page **page,
    unsigned int *pgoff)
{
	const struct sk_buff *skb = p->xsp_skb;
	unsigned int size, off, len;
	struct page *base;

	for (;;) {
		if (p->xsp_frag < 0) {
			size = skb_headlen(skb);
			if (p->xsp_off < size) {
				const u8 *va = skb->data + p->xsp_off;

				base = virt_to_page(va);
				off = offset_in_page(va);
				break;
			}
		} else if (p->xsp_frag < skb_shinfo(skb)->nr_frags) {
			const skb_frag_t *f =
			    &skb_shinfo(skb)->frags[p->xsp_frag];

			size = skb_frag_size(f);
			if (p->xsp_off < size) {
				off = skb_frag_off(f) + p->xsp_off;
				base =
				    nth_page(skb_frag_page(f), off / PAGE_SIZE);
				off %= PAGE_SIZE;
				break;
			}
		} else {
			return 0;
		}
		p->xsp_frag++;
		p->xsp_off = 0;
	}
	len = min3(max, size - p->xsp_off, (unsigned int)PAGE_SIZE - off);
	p->xsp_off += len;
	*page = base;
	*pgoff = off;
	return len;
}

/*------------------------------ Rate limiting -------------------------------*/
/**
 * xnb_parse_rate() - parse the toolstack's "rate" node.
 * @s: its value: "<bytes>,<usecs>" in decimal, as libxl writes it (the
 *	bytes the guest may send in each window of usecs).
 * @bytes: set to the bytes per window (at least 1).
 * @usec: set to the window (1 to 2^32 - 1).
 *
 * Return: 0, or -EINVAL for anything else.
 */
int
xnb_parse_rate(const char *s, u64 *bytes, u32 *usec)
{
	const char *comma = strchr(s, ',');
	char num[24];
	size_t n;

	if (comma == NULL)
		return -EINVAL;
	n = comma - s;
	if (n == 0 || n >= sizeof(num))
		return -EINVAL;
	memcpy(num, s, n);
	num[n] = '\0';
	/* Digits only: kstrto*() would take a sign or a leading "+". */
	if (num[0] < '0' || num[0] > '9' || comma[1] < '0' || comma[1] > '9')
		return -EINVAL;
	/* Nor a newline, which kstrto*() takes after a number. */
	if (strchr(s, '\n') != NULL)
		return -EINVAL;
	if (kstrtou64(num, 10, bytes) != 0 ||
	    kstrtou32(comma + 1, 10, usec) != 0)
		return -EINVAL;
	if (*bytes == 0 || *usec == 0)
		return -EINVAL;
	return 0;
}

/**
 * xnb_credit_init() - start a credit with a full window.
 * @c: the credit.
 * @bytes: bytes per window, 0 for unlimited.
 * @usec: the window.
 * @now: the current time in ns.
 */
void
xnb_credit_init(struct xnb_credit *c, u64 bytes, u32 usec, u64 now)
{
	c->xcr_bytes = bytes;
	c->xcr_usec = usec;
	c->xcr_remaining = bytes;
	c->xcr_window_end = now + (u64)usec * NSEC_PER_USEC;
}

/**
 * xnb_credit_take() - may a packet of @size bytes be sent at @now?
 * @c: the credit.
 * @size: the packet's size.
 * @now: the current time in ns.
 *
 * Each window that starts adds a window's bytes to what is left, up to
 * max(a window, 128 KiB): so an idle guest may burst, never by more than
 * that, and any packet (at most 64 KiB) eventually fits.
 *
 * Return: 0 when the packet may go (its size is taken from the credit),
 * else the ns until the next window.
 */
u64
xnb_credit_take(struct xnb_credit *c, unsigned int size, u64 now)
{
	u64 burst;

	if (c->xcr_bytes == 0)
		return 0;
	if (now >= c->xcr_window_end) {
		burst = max(c->xcr_bytes, XNB_CREDIT_MIN_BURST);
		c->xcr_remaining = min(c->xcr_remaining + c->xcr_bytes, burst);
		c->xcr_window_end = now + (u64)c->xcr_usec * NSEC_PER_USEC;
	}
	if (size > c->xcr_remaining)
		return max(c->xcr_window_end - now, 1ULL);
	c->xcr_remaining -= size;
	return 0;
}

/*------------------------------- TX: vetting -------------------------------*/
static const char *const xnb_verdict_names[XNB_PKT_NVERDICTS] = {
	[XNB_PKT_OK] = "ok",
	[XNB_PKT_DROP_SLOTS] = "too many slots",
	[XNB_PKT_DROP_SHORT] = "shorter than an Ethernet header",
	[XNB_PKT_DROP_EXTRA] = "unknown or repeated extra info",
	[XNB_PKT_DROP_GSO] = "bad GSO type or size",
	[XNB_PKT_DROP_SIZE] = "slots carry more than the packet's size",
	[XNB_PKT_FATAL_PAGE] = "slot crosses its page",
	[XNB_PKT_FATAL_CHAIN] = "slot chain longer than any packet (or than fatal_skb_slots)",
};

/**
 * xnb_verdict_name() - say what a verdict means, for messages.
 * @v: the verdict.
 *
 * Return: a constant string.
 */
const char *
xnb_verdict_name(enum xnb_verdict v)
{
	return v < XNB_PKT_NVERDICTS ? xnb_verdict_names[v] : "?";
}

/* Record a verdict; a fatal one overrides a drop, else the first stays. */
static void
xnb_pkt_judge(struct xnb_pkt *pkt, enum xnb_verdict v)
{
	if (pkt->xp_verdict == XNB_PKT_OK ||
	    (xnb_verdict_fatal(v) && !xnb_verdict_fatal(pkt->xp_verdict)))
		pkt->xp_verdict = v;
}

/*
 * A hash the guest computed for its packet (netif.h, "Hash" extra info):
 * kept for the skb when its type is one netif.h defines, else ignored
 * (the packet is still delivered), as xen-netback does.  The value is
 * not the backend's to check: it only steers Dom0's own processing.
 */
static void
xnb_pkt_hash_extra(struct xnb_pkt *pkt, const struct xen_netif_extra_info *x)
{
	switch (x->u.hash.type) {
	case _XEN_NETIF_CTRL_HASH_TYPE_IPV4:
	case _XEN_NETIF_CTRL_HASH_TYPE_IPV6:
		pkt->xp_hash_l4 = false;
		break;
	case _XEN_NETIF_CTRL_HASH_TYPE_IPV4_TCP:
	case _XEN_NETIF_CTRL_HASH_TYPE_IPV6_TCP:
		pkt->xp_hash_l4 = true;
		break;
	default:
		return;
	}
	pkt->xp_hashed = true;
	memcpy(&pkt->xp_hash, x->u.hash.value, sizeof(pkt->xp_hash));
}

/* Vet one extra info slot (netif.h, "Extra info"). */
static void
xnb_pkt_extra(struct xnb_pkt *pkt, const struct xen_netif_extra_info *x,
    unsigned int *seen)
{
	switch (x->type) {
	case XEN_NETIF_EXTRA_TYPE_GSO:
	case XEN_NETIF_EXTRA_TYPE_MCAST_ADD:
	case XEN_NETIF_EXTRA_TYPE_MCAST_DEL:
	case XEN_NETIF_EXTRA_TYPE_HASH:
		break;
	default:
		xnb_pkt_judge(pkt, XNB_PKT_DROP_EXTRA);
		return;
	}
	if (*seen & (1U << x->type)) {
		xnb_pkt_judge(pkt, XNB_PKT_DROP_EXTRA);
		return;
	}
	*seen |= 1U << x->type;
	if (x->type == XEN_NETIF_EXTRA_TYPE_HASH) {
		xnb_pkt_hash_extra(pkt, x);
		return;
	}
	if (x->type != XEN_NETIF_EXTRA_TYPE_GSO) {
		/* As in xen-netback, an ADD is carried out before a DEL. */
		if (pkt->xp_mcast_op != XEN_NETIF_EXTRA_TYPE_MCAST_ADD) {
			pkt->xp_mcast_op = x->type;
			memcpy(pkt->xp_mcast_addr, x->u.mcast.addr, ETH_ALEN);
		}
		return;
	}
	if ((x->u.gso.type != XEN_NETIF_GSO_TYPE_TCPV4 &&
		x->u.gso.type != XEN_NETIF_GSO_TYPE_TCPV6) ||
	    x->u.gso.size == 0) {
		xnb_pkt_judge(pkt, XNB_PKT_DROP_GSO);
		return;
	}
	pkt->xp_gso_type = x->u.gso.type;
	pkt->xp_gso_size = x->u.gso.size;
}

/**
 * xnb_ring2pkt() - copy and vet one TX packet from the ring.
 * @pkt: filled with the packet: private copies of its slots and a verdict.
 * @ring: the TX back ring.
 * @start: ring index of the packet's first slot (the consumer index).
 * @prod: the producer index, already vetted by xbr_check_prod().
 * @max_slots: data slots a packet may use (xnb.max_tx_slots).
 *
 * netif.h: a packet is a first slot whose size is the packet's total,
 * with NETTXF_extra_info followed by extra info slots chained by
 * XEN_NETIF_EXTRA_FLAG_MORE, then further data slots chained by
 * NETTXF_more_data, each carrying its own size; the first slot carries
 * what the others do not.  Each slot is read once from the ring.
 *
 * Return: slots the packet uses (the caller consumes them, whatever the
 * verdict), or 0 if the frontend has not produced the whole packet yet.
 */
unsigned int
xnb_ring2pkt(struct xnb_pkt *pkt, const struct xen_netif_tx_back_ring *ring,
    RING_IDX start, RING_IDX prod, unsigned int max_slots)
{
	unsigned int i, seen = 0, ndata = 0, remaining = 0;
	bool more = true, extra = false;
	union xnb_txslot *s;

	/* A copy of the request covers every member of the slot's union. */
	BUILD_BUG_ON(
	    sizeof(union xnb_txslot) != sizeof(struct xen_netif_tx_request));
	memset(pkt, 0, offsetof(struct xnb_pkt, xp_tx));
	pkt->xp_start = start;
	for (i = 0; more || extra; i++) {
		if (start + i == prod)
			return 0;
		if (i == XNB_PKT_MAX_SLOTS) {
			pkt->xp_nslots = i;
			xnb_pkt_judge(pkt, XNB_PKT_FATAL_CHAIN);
			return i;
		}
		s = &pkt->xp_tx[i];
		RING_COPY_REQUEST(ring, start + i, &s->xts_req);
		if (i == 0) {
			pkt->xp_flags = s->xts_req.flags;
			pkt->xp_size = s->xts_req.size;
			remaining = s->xts_req.size;
			more = s->xts_req.flags & XEN_NETTXF_more_data;
			extra = s->xts_req.flags & XEN_NETTXF_extra_info;
			ndata++;
			continue;
		}
		if (extra) {
			xnb_pkt_extra(pkt, &s->xts_extra, &seen);
			extra = s->xts_extra.flags & XEN_NETIF_EXTRA_FLAG_MORE;
			pkt->xp_nextra++;
			continue;
		}
		ndata++;
		more = s->xts_req.flags & XEN_NETTXF_more_data;
		if (s->xts_req.size > remaining) {
			/*
			 * Dropped, not fatal (see enum xnb_verdict); the
			 * chain is still followed to its end, so that every
			 * slot of the packet is consumed and answered.
			 */
			xnb_pkt_judge(pkt, XNB_PKT_DROP_SIZE);
			remaining = 0;
		} else {
			remaining -= s->xts_req.size;
		}
		if (s->xts_req.offset + s->xts_req.size > XBR_PAGE_SIZE) {
			pkt->xp_nslots = i + 1;
			xnb_pkt_judge(pkt, XNB_PKT_FATAL_PAGE);
			return i + 1;
		}
	}
	pkt->xp_nslots = i;
	pkt->xp_first_len = remaining;
	if (pkt->xp_verdict != XNB_PKT_DROP_SIZE &&
	    pkt->xp_tx[0].xts_req.offset + remaining > XBR_PAGE_SIZE)
		xnb_pkt_judge(pkt, XNB_PKT_FATAL_PAGE);
	if (ndata > max_slots)
		xnb_pkt_judge(pkt, XNB_PKT_DROP_SLOTS);
	/* A multicast control request carries no frame. */
	if (pkt->xp_size < ETH_HLEN && pkt->xp_mcast_op == 0)
		xnb_pkt_judge(pkt, XNB_PKT_DROP_SHORT);
	return i;
}

/**
 * xnb_pkt_fatal_slots() - xen-netback's fatal_skb_slots rule.
 * @pkt: the packet, as xnb_ring2pkt() made it.
 * @fatal_slots: the most data slots a packet may chain before the
 *	frontend is deemed malicious (xnb.fatal_skb_slots); 0: no limit but
 *	XNB_PKT_MAX_SLOTS, which xnb_ring2pkt() enforces.
 *
 * xen-netback disables a vif whose packet chains more than
 * fatal_skb_slots data slots (default 20), and drops one that only
 * exceeds its slot maximum; an administrator's setting for it means the
 * same here, a longer chain is fatal (the packet's slots are still
 * answered).
 */
void
xnb_pkt_fatal_slots(struct xnb_pkt *pkt, unsigned int fatal_slots)
{
	if (fatal_slots != 0 && pkt->xp_nslots - pkt->xp_nextra > fatal_slots)
		xnb_pkt_judge(pkt, XNB_PKT_FATAL_CHAIN);
}

/*------------------------- TX: skb and grant copies ------------------------*/
/**
 * xnb_pkt2skb() - allocate the skb a vetted TX packet is copied into.
 * @pkt: the packet.
 * @gfp: allocation flags.
 *
 * A short packet goes whole into the linear area; a longer one gets its
 * first XNB_TX_HDR_LEN bytes there (for the headers) and the rest in
 * whole pages, as page fragments.  The lengths are final; the contents
 * arrive by grant copy.
 *
 * Return: the skb, or NULL for a packet that is not to be delivered or
 * when memory is short.
 */
struct sk_buff *
xnb_pkt2skb(const struct xnb_pkt *pkt, gfp_t gfp)
{
	unsigned int linear, left, len, i;
	struct sk_buff *skb;
	struct page *page;

	if (pkt->xp_verdict != XNB_PKT_OK || pkt->xp_size == 0)
		return NULL;
	linear =
	    pkt->xp_size <= XNB_TX_LINEAR_MAX ? pkt->xp_size : XNB_TX_HDR_LEN;
	skb = alloc_skb(NET_SKB_PAD + NET_IP_ALIGN + linear, gfp);
	if (skb == NULL)
		return NULL;
	skb_reserve(skb, NET_SKB_PAD + NET_IP_ALIGN);
	skb_put(skb, linear);
	for (left = pkt->xp_size - linear, i = 0; left > 0; left -= len, i++) {
		len = min_t(unsigned int, left, PAGE_SIZE);
		page = alloc_page(gfp);
		if (page == NULL) {
			kfree_skb(skb);
			return NULL;
		}
		skb_add_rx_frag(skb, i, page, 0, len, PAGE_SIZE);
	}
	return skb;
}

/**
 * xnb_txpkt2gnttab() - build the grant copies that fill a TX packet's skb.
 * @pkt: the vetted packet.
 * @skb: its skb, from xnb_pkt2skb().
 * @gnttab: where to write the operations; XNB_PKT_MAX_OPS fit any packet.
 * @otherend: the frontend's domain.
 *
 * Each data slot is copied from its granted page into the skb, split
 * wherever the skb's memory crosses a page.
 *
 * Return: the number of operations written.
 */
unsigned int
xnb_txpkt2gnttab(const struct xnb_pkt *pkt, const struct sk_buff *skb,
    struct gnttab_copy *gnttab, domid_t otherend)
{
	const struct xen_netif_tx_request *req;
	unsigned int i, n = 0, left, len, soff, pgoff;
	struct xnb_skbpos pos;
	struct gnttab_copy *op;
	struct page *page;

	if (pkt->xp_verdict != XNB_PKT_OK)
		return 0;
	xnb_skbpos_init(&pos, skb);
	for (i = 0; i < pkt->xp_nslots; i++) {
		if (!xnb_pkt_is_data(pkt, i))
			continue;
		req = &pkt->xp_tx[i].xts_req;
		left = i == 0 ? pkt->xp_first_len : req->size;
		soff = req->offset;
		while (left > 0) {
			len = xnb_skbpos_next(&pos, left, &page, &pgoff);
			if (len == 0)
				return n; /* the skb is short: not ours */
			op = &gnttab[n++];
			memset(op, 0, sizeof(*op));
			op->flags = GNTCOPY_source_gref;
			op->source.u.ref = req->gref;
			op->source.domid = otherend;
			op->source.offset = soff;
			op->dest.u.gmfn = xnb_page_to_gfn(page);
			op->dest.domid = DOMID_SELF;
			op->dest.offset = pgoff;
			op->len = len;
			soff += len;
			left -= len;
		}
	}
	return n;
}

/**
 * xnb_update_skb() - check that a TX packet's copies all succeeded.
 * @pkt: the packet.
 * @skb: its skb.
 * @gnttab: the packet's operations, after the hypervisor ran them.
 * @nops: how many.
 *
 * The copies must also have covered the skb exactly; a failed copy fails
 * this packet only (netif.h has no partial packets).
 *
 * Return: 0, or -EIO if any copy failed or the copies do not match.
 */
int
xnb_update_skb(const struct xnb_pkt *pkt, struct sk_buff *skb,
    const struct gnttab_copy *gnttab, unsigned int nops)
{
	unsigned int i, total = 0;

	for (i = 0; i < nops; i++) {
		if (gnttab[i].status != GNTST_okay)
			return -EIO;
		total += gnttab[i].len;
	}
	if (total != pkt->xp_size || skb->len != pkt->xp_size)
		return -EIO;
	return 0;
}

/**
 * xnb_skb_offload() - apply a TX packet's checksum and GSO metadata.
 * @pkt: the packet.
 * @skb: its skb, after eth_type_trans() and skb_reset_network_header().
 *
 * A hash extra from the guest becomes the skb's hash.
 * NETTXF_csum_blank: the transport checksum holds only the pseudo-header
 * sum; the skb becomes CHECKSUM_PARTIAL with csum_start and csum_offset
 * found from the headers, so that Dom0's stack or a NIC completes it.
 * NETTXF_data_validated alone: CHECKSUM_UNNECESSARY.  A GSO extra makes
 * the skb GSO (SKB_GSO_DODGY: the guest's headers are re-checked before
 * segmentation), which also needs CHECKSUM_PARTIAL; a frontend that
 * forgot csum_blank on a GSO packet has its pseudo-header sum computed.
 *
 * Return: 0, or a negative errno for a packet whose offloads cannot be
 * honoured (checksum offload of something that is not TCP or UDP, GSO of
 * something that is not TCP over the announced IP version).
 */
int
xnb_skb_offload(const struct xnb_pkt *pkt, struct sk_buff *skb)
{
	bool blank = pkt->xp_flags & XEN_NETTXF_csum_blank;
	struct skb_shared_info *shi = skb_shinfo(skb);
	unsigned int hdrlen;
	int error;

	if (pkt->xp_hashed)
		skb_set_hash(skb, pkt->xp_hash,
		    pkt->xp_hash_l4 ? PKT_HASH_TYPE_L4 : PKT_HASH_TYPE_L3);
	skb->ip_summed = CHECKSUM_NONE;
	if (blank || pkt->xp_gso_type != 0) {
		error = skb_checksum_setup(skb, !blank);
		if (error != 0)
			return error;
	} else if (pkt->xp_flags & XEN_NETTXF_data_validated) {
		skb->ip_summed = CHECKSUM_UNNECESSARY;
	}
	if (pkt->xp_gso_type == 0)
		return 0;
	if ((pkt->xp_gso_type == XEN_NETIF_GSO_TYPE_TCPV4 &&
		skb->protocol != htons(ETH_P_IP)) ||
	    (pkt->xp_gso_type == XEN_NETIF_GSO_TYPE_TCPV6 &&
		skb->protocol != htons(ETH_P_IPV6)) ||
	    skb->csum_offset != offsetof(struct tcphdr, check))
		return -EINVAL;
	hdrlen = skb_tcp_all_headers(skb);
	if (hdrlen >= skb->len)
		return -EINVAL;
	shi->gso_size = pkt->xp_gso_size;
	shi->gso_type =
	    (pkt->xp_gso_type == XEN_NETIF_GSO_TYPE_TCPV4 ? SKB_GSO_TCPV4 :
							    SKB_GSO_TCPV6) |
	    SKB_GSO_DODGY;
	shi->gso_segs = DIV_ROUND_UP(skb->len - hdrlen, pkt->xp_gso_size);
	return 0;
}

/**
 * xnb_txpkt2rsp() - write the responses for one TX packet.
 * @pkt: the packet, as xnb_ring2pkt() made it.
 * @ring: the TX back ring; rsp_prod_pvt advances by the packet's slots.
 * @status: XEN_NETIF_RSP_OKAY or an error, for every data slot.
 *
 * netif.h: each data slot is answered with its own id; an extra info slot
 * is answered with XEN_NETIF_RSP_NULL, which frontends skip.
 */
void
xnb_txpkt2rsp(const struct xnb_pkt *pkt, struct xen_netif_tx_back_ring *ring,
    s16 status)
{
	struct xen_netif_tx_response *rsp;
	unsigned int i;

	for (i = 0; i < pkt->xp_nslots; i++) {
		rsp = RING_GET_RESPONSE(ring, ring->rsp_prod_pvt + i);
		if (xnb_pkt_is_data(pkt, i)) {
			rsp->id = pkt->xp_tx[i].xts_req.id;
			rsp->status = status;
		} else {
			rsp->id = 0;
			rsp->status = XEN_NETIF_RSP_NULL;
		}
	}
	ring->rsp_prod_pvt += pkt->xp_nslots;
}

/*---------------------------- Multicast control ----------------------------*/
/*
 * netif.h, "Multicast control": a frontend that wrote
 * "request-multicast-control" 1 receives only the multicast frames of the
 * groups it joined; it joins and leaves with MCAST_ADD and MCAST_DEL extra
 * info on a TX request that carries no frame.  As in xen-netback, the
 * list is bounded (XNB_MCAST_MAX) and counts joins: an address joined
 * twice and left once is still joined; any address may be joined (only
 * multicast destinations are ever looked up).
 */

/* Index of @addr in @m, or -1. */
static int
xnb_mcast_find(const struct xnb_mcast *m, const u8 *addr)
{
	unsigned int i;

	for (i = 0; i < m->xmc_count; i++)
		if (ether_addr_equal(m->xmc_addr[i], addr))
			return i;
	return -1;
}

/**
 * xnb_mcast_add() - join a multicast group, once more.
 * @m: the list.
 * @addr: the group's Ethernet address (from the guest).
 *
 * Return: 0; -ENOSPC when XNB_MCAST_MAX joins are held.
 */
int
xnb_mcast_add(struct xnb_mcast *m, const u8 *addr)
{
	if (m->xmc_count == XNB_MCAST_MAX)
		return -ENOSPC;
	ether_addr_copy(m->xmc_addr[m->xmc_count++], addr);
	return 0;
}

/**
 * xnb_mcast_del() - undo one join of a group; nothing if not joined.
 * @m: the list.
 * @addr: the group's Ethernet address.
 */
void
xnb_mcast_del(struct xnb_mcast *m, const u8 *addr)
{
	int i = xnb_mcast_find(m, addr);

	if (i < 0)
		return;
	m->xmc_count--;
	if ((unsigned int)i != m->xmc_count)
		ether_addr_copy(m->xmc_addr[i], m->xmc_addr[m->xmc_count]);
}

/**
 * xnb_mcast_drop() - is a frame for the guest filtered out?
 * @m: the groups the guest joined.
 * @dest: the frame's destination address.
 *
 * Broadcast and unicast frames pass; a multicast frame passes only for a
 * joined group.
 *
 * Return: true to drop the frame.
 */
bool
xnb_mcast_drop(const struct xnb_mcast *m, const u8 *dest)
{
	return is_multicast_ether_addr(dest) &&
	    !is_broadcast_ether_addr(dest) && xnb_mcast_find(m, dest) < 0;
}

#if IS_ENABLED(CONFIG_XNB_KUNIT_TEST)
#include "xnb_pkt_test.c"
#include "xnb_pkt_copy_test.c"
#include "xnb_pkt_offload_test.c"
#endif

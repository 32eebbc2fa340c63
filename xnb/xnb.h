/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xnb.h: the Xen network backend's softc and its internal interfaces.
 *
 * One struct xnb_softc exists per "vif" backend device, from probe to
 * remove.  It holds the device's XenStore handle, its state machine (the
 * rules live in common/xenbus/xbs_sm.c), the Dom0 net_device, and the
 * connection: one struct xnb_queue per queue the frontend asked for
 * (netif.h, "Multi-queue support"), each a transmit ring (guest to Dom0),
 * a receive ring (Dom0 to guest), their event channel(s) and a NAPI
 * context that serves both directions.
 *
 * Packets travel as FreeBSD's netback has them travel, through pure
 * converters that take rings, packets and grant copy arrays, never the
 * softc, so that KUnit can check what they build without Xen:
 *
 *   TX: ring -> struct xnb_pkt (xnb_ring2pkt) -> sk_buff (xnb_pkt2skb)
 *       -> grant copy batch (xnb_txpkt2gnttab; issued by xnb_ring.c)
 *       -> skb checked and offloads applied (xnb_update_skb,
 *       xnb_skb_offload) -> responses (xnb_txpkt2rsp).
 *   RX: sk_buff -> struct xnb_pkt (xnb_skb2pkt) -> grant copy batch into
 *       the guest's buffers (xnb_rxpkt2gnttab) -> responses with checksum
 *       flags and GSO extra info (xnb_rxpkt2rsp).
 *
 * The TX converters are in xnb_pkt.c, the RX ones in xnb_pkt_rx.c;
 * xnb_ring.c and xnb_ring_rx.c issue what they build.
 *
 * Prototypes are grouped by the file that defines them.
 */
#ifndef _XNB_H_
#define _XNB_H_

#include <linux/if_ether.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <xen/interface/grant_table.h>
#include <xen/interface/io/netif.h>

#include "../common/ring/xbr.h"
#include "../common/xenbus/xbs.h"
#if IS_ENABLED(CONFIG_XEN)
#include <xen/page.h>
#endif

/* Ring slots one packet may use, extra info included: a hard bound. */
#define XNB_PKT_MAX_SLOTS 32
/* Default for the xnb.max_tx_slots parameter: what every frontend may use. */
#define XNB_TX_SLOTS_DEFAULT XEN_NETIF_NR_SLOTS_MIN
/* A TX packet this short is copied whole into the skb's linear area. */
#define XNB_TX_LINEAR_MAX 2048U
/* Otherwise its first bytes are, for the headers; the rest goes in pages. */
#define XNB_TX_HDR_LEN 128U
/* Grant copy operations one packet can need, either direction. */
#define XNB_PKT_MAX_OPS (2 * XNB_PKT_MAX_SLOTS + MAX_SKB_FRAGS + 4)
/* The most queues a frontend may ask for, whatever the parameter says. */
#define XNB_MAX_QUEUES 16
/*
 * Default for xnb.rx_queue_bytes, packet data held per queue for a guest:
 * xen-netback's XENVIF_RX_QUEUE_BYTES, half a one-page RX ring (256
 * slots) of 4 KiB buffers.
 */
#define XNB_RX_QUEUE_BYTES (128U * XBR_PAGE_SIZE)
/* The least xnb.rx_queue_bytes means: one packet of the largest size. */
#define XNB_RX_QUEUE_BYTES_MIN 65536U

/*
 * What xnb_ring2pkt() made of a TX packet.  Drops cost the packet; fatal
 * verdicts cost the frontend its vif (netif.h does not allow them, and
 * Linux's xen-netback disables the interface for the same ones).  Slots
 * larger than the rest of their packet are a drop, not fatal: a frontend
 * that sends a frame of 64 KiB or more overflows the first slot's 16-bit
 * size, and such frontends exist (xen-netback keeps their vif too).
 */
enum xnb_verdict {
	XNB_PKT_OK,
	XNB_PKT_DROP_SLOTS,  /* more data slots than xnb.max_tx_slots */
	XNB_PKT_DROP_SHORT,  /* shorter than an Ethernet header */
	XNB_PKT_DROP_EXTRA,  /* unknown or repeated extra info type */
	XNB_PKT_DROP_GSO,    /* GSO type or size that makes no sense */
	XNB_PKT_DROP_SIZE,   /* the slots carry more than the first announced */
	XNB_PKT_FATAL_PAGE,  /* a slot's offset + size crosses its page */
	XNB_PKT_FATAL_CHAIN, /* more than XNB_PKT_MAX_SLOTS slots, or than
			      * xnb.fatal_skb_slots data slots */
	XNB_PKT_NVERDICTS,
};

/* True when the verdict costs the frontend its vif. */
static inline bool
xnb_verdict_fatal(enum xnb_verdict v)
{
	return v >= XNB_PKT_FATAL_PAGE;
}

/**
 * union xnb_txslot - a private copy of one TX ring slot.
 * @xts_req: a data slot.
 * @xts_extra: an extra info slot (netif.h: they follow the first slot).
 */
union xnb_txslot {
	struct xen_netif_tx_request xts_req;
	struct xen_netif_extra_info xts_extra;
};

/**
 * struct xnb_rxslot - one RX ring slot as the backend fills it.
 * @xrs_id: the request's id, echoed in the response.
 * @xrs_gref: the guest's buffer.
 * @xrs_len: bytes copied into it (data slots).
 * @xrs_nops: grant copy operations that fill it.
 */
struct xnb_rxslot {
	u16 xrs_id;
	grant_ref_t xrs_gref;
	u16 xrs_len;
	u16 xrs_nops;
};

/**
 * struct xnb_pkt - one packet, either direction, as ring slots see it.
 * @xp_start: ring index of its first slot.
 * @xp_nslots: ring slots it uses, extra info included.
 * @xp_nextra: extra info slots (they follow the first slot).
 * @xp_size: total bytes (TX: the first slot's size).
 * @xp_first_len: TX: bytes carried by the first slot itself.
 * @xp_flags: TX: the first slot's NETTXF_ flags; RX: NETRXF_ flags of the
 *	first response.
 * @xp_verdict: TX: what the vetting decided.
 * @xp_gso_type: XEN_NETIF_GSO_TYPE_* or 0 without GSO.
 * @xp_gso_size: the GSO segment size.
 * @xp_hashed: a hash extra goes with the packet (TX: the guest's, with
 *	a type xnb knows; RX: xnb's, for a guest that asked for hashing).
 * @xp_hash_l4: the hash covers the TCP ports (else only the addresses).
 * @xp_hash_v6: RX: the hash is over IPv6 headers (else IPv4).
 * @xp_hash: the hash value.
 * @xp_mcast_op: TX: a multicast control request (netif.h, "Multicast
 *	control"): XEN_NETIF_EXTRA_TYPE_MCAST_ADD or _DEL, else 0; the
 *	packet then carries no frame.
 * @xp_mcast_addr: its address.
 * @xp_mcast_ok: TX: the request was carried out (set by the caller).
 * @xp_headroom: RX: bytes left free at the start of each data slot's
 *	buffer (the frontend's "xdp-headroom"); an XDP extra says so.
 * @xp_nops: TX: grant copies built for it (set by the caller).
 * @xp_tx: TX: private copies of the slots.
 * @xp_rx: RX: the slots being filled.
 */
struct xnb_pkt {
	RING_IDX xp_start;
	unsigned int xp_nslots;
	unsigned int xp_nextra;
	unsigned int xp_size;
	unsigned int xp_first_len;
	u16 xp_flags;
	enum xnb_verdict xp_verdict;
	u8 xp_gso_type;
	u16 xp_gso_size;
	bool xp_hashed;
	bool xp_hash_l4;
	bool xp_hash_v6;
	u32 xp_hash;
	u8 xp_mcast_op;
	u8 xp_mcast_addr[ETH_ALEN];
	bool xp_mcast_ok;
	u16 xp_headroom;
	unsigned int xp_nops;
	union {
		union xnb_txslot xp_tx[XNB_PKT_MAX_SLOTS];
		struct xnb_rxslot xp_rx[XNB_PKT_MAX_SLOTS];
	};
};

/* True when ring slot @i of @pkt carries data (not extra info). */
static inline bool
xnb_pkt_is_data(const struct xnb_pkt *pkt, unsigned int i)
{
	return i == 0 || i > pkt->xp_nextra;
}

/* Frames as grant copy sees them: Dom0 frames are GFNs under Xen. */
static inline xen_pfn_t
xnb_page_to_gfn(struct page *page)
{
#if IS_ENABLED(CONFIG_XEN)
	return xen_page_to_gfn(page);
#else
	return page_to_pfn(page);
#endif
}

/**
 * struct xnb_credit - the toolstack's "rate" node: what the guest may send.
 * @xcr_bytes: bytes per window; 0 means unlimited.
 * @xcr_usec: the window's length in microseconds.
 * @xcr_remaining: bytes left to send in the current window.
 * @xcr_window_end: when the current window ends (ns, any monotonic clock).
 */
struct xnb_credit {
	u64 xcr_bytes;
	u32 xcr_usec;
	u64 xcr_remaining;
	u64 xcr_window_end;
};

/* The most multicast addresses a guest may subscribe to (xen-netback's). */
#define XNB_MCAST_MAX 64

/**
 * struct xnb_mcast - the multicast addresses a guest subscribed to over
 * its TX ring (netif.h, "Multicast control").
 * @xmc_count: addresses in @xmc_addr.
 * @xmc_addr: the addresses, in no order.
 */
struct xnb_mcast {
	unsigned int xmc_count;
	u8 xmc_addr[XNB_MCAST_MAX][ETH_ALEN];
};

/* xnb_pkt.c: multicast control (pure). */
int xnb_mcast_add(struct xnb_mcast *m, const u8 *addr);
void xnb_mcast_del(struct xnb_mcast *m, const u8 *addr);
bool xnb_mcast_drop(const struct xnb_mcast *m, const u8 *dest);

/* The most credit that may pile up: one window, and never below a packet. */
#define XNB_CREDIT_MIN_BURST 131072ULL

/* xnb_pkt.c: rate limiting (pure). */
int xnb_parse_rate(const char *s, u64 *bytes, u32 *usec);
void xnb_credit_init(struct xnb_credit *c, u64 bytes, u32 usec, u64 now);
u64 xnb_credit_take(struct xnb_credit *c, unsigned int size, u64 now);

/**
 * struct xnb_skbpos - a position in an skb's data: the linear area, then
 * each page fragment.
 * @xsp_skb: the skb.
 * @xsp_frag: the fragment, or -1 for the linear area.
 * @xsp_off: the offset in the linear area or the fragment.
 *
 * Grant copies may not cross a page on either side, so the skb is walked
 * in pieces that each lie within one page (xnb_skbpos_next()).
 */
struct xnb_skbpos {
	const struct sk_buff *xsp_skb;
	int xsp_frag; /* -1: the linear area */
	unsigned int xsp_off;
};

/* xnb_pkt.c: the skb walk that the grant copies of both directions follow. */
void xnb_skbpos_init(struct xnb_skbpos *p, const struct sk_buff *skb);
unsigned int xnb_skbpos_next(struct xnb_skbpos *p, unsigned int max,
    struct page **page, unsigned int *pgoff);

/* xnb_pkt.c: pure conversions, TX. */
unsigned int xnb_ring2pkt(struct xnb_pkt *pkt,
    const struct xen_netif_tx_back_ring *ring, RING_IDX start, RING_IDX prod,
    unsigned int max_slots);
void xnb_pkt_fatal_slots(struct xnb_pkt *pkt, unsigned int fatal_slots);
void xnb_txpkt2rsp(const struct xnb_pkt *pkt,
    struct xen_netif_tx_back_ring *ring, s16 status);
struct sk_buff *xnb_pkt2skb(const struct xnb_pkt *pkt, gfp_t gfp);
unsigned int xnb_txpkt2gnttab(const struct xnb_pkt *pkt,
    const struct sk_buff *skb, struct gnttab_copy *gnttab, domid_t otherend);
int xnb_update_skb(const struct xnb_pkt *pkt, struct sk_buff *skb,
    const struct gnttab_copy *gnttab, unsigned int nops);
int xnb_skb_offload(const struct xnb_pkt *pkt, struct sk_buff *skb);
const char *xnb_verdict_name(enum xnb_verdict v);

/*
 * The most XDP headroom xnb leaves (netif.h allows a frontend to ask for
 * up to XEN_NETIF_MAX_XDP_HEADROOM, 0x7FFF, more than a page): half a
 * page, so that a 1500-byte frame still fits one buffer after it.  Linux
 * netfront asks for XDP_PACKET_HEADROOM, 256.
 */
#define XNB_XDP_HEADROOM_MAX (XBR_PAGE_SIZE / 2)

/**
 * struct xnb_rxopt - how a guest takes its packets, read once per pass.
 * @xro_max_slots: data slots a packet may use (1 without feature-sg).
 * @xro_hash: the guest asked for hash extras over its control ring.
 * @xro_headroom: bytes to leave free at the start of each buffer
 *	("xdp-headroom", at most XNB_XDP_HEADROOM_MAX); 0 for none.
 */
struct xnb_rxopt {
	unsigned int xro_max_slots;
	bool xro_hash;
	u16 xro_headroom;
};

/* xnb_pkt_rx.c: pure conversions, RX. */
unsigned int xnb_rx_slots(const struct sk_buff *skb,
    const struct xnb_rxopt *opt);
int xnb_skb2pkt(struct xnb_pkt *pkt, const struct sk_buff *skb, RING_IDX start,
    RING_IDX space, const struct xnb_rxopt *opt);
unsigned int xnb_rxpkt2gnttab(struct xnb_pkt *pkt, const struct sk_buff *skb,
    const struct xen_netif_rx_back_ring *ring, struct gnttab_copy *gnttab,
    domid_t otherend);
int xnb_rxpkt2rsp(const struct xnb_pkt *pkt, const struct gnttab_copy *gnttab,
    struct xen_netif_rx_back_ring *ring);

/* The longest Toeplitz key and the largest mapping table xnb takes. */
enum {
	XNB_HASH_KEY_MAX = 40,
	XNB_HASH_MAP_MAX = 128,
	/* The longest hash input: two IPv6 addresses and two ports. */
	XNB_HASH_IN_MAX = 36,
};

/**
 * struct xnb_flow - what a packet's headers give the hash.
 * @xf_family: AF_INET, AF_INET6, or 0 for neither.
 * @xf_tcp: a TCP segment (@xf_sport and @xf_dport are its ports).
 * @xf_src: the source address (4 or 16 bytes, network order).
 * @xf_dst: the destination address.
 * @xf_sport: the source port.
 * @xf_dport: the destination port.
 */
struct xnb_flow {
	u8 xf_family;
	bool xf_tcp;
	u8 xf_src[16];
	u8 xf_dst[16];
	__be16 xf_sport;
	__be16 xf_dport;
};

/**
 * struct xnb_hash - receive-side steering as the frontend set it over the
 * control ring (xnb_hash.c; netif.h, "Control messages").
 * @xhs_alg: XEN_NETIF_CTRL_HASH_ALGORITHM_*.
 * @xhs_flags: the enabled XEN_NETIF_CTRL_HASH_TYPE_* types.
 * @xhs_key: the Toeplitz key, zero past what the frontend gave.
 * @xhs_size: the mapping table's size, 0 for "hash modulo the queues".
 * @xhs_map: the mapping table: hash modulo @xhs_size to queue.
 */
struct xnb_hash {
	u32 xhs_alg;
	u32 xhs_flags;
	u8 xhs_key[XNB_HASH_KEY_MAX];
	u32 xhs_size;
	u32 xhs_map[XNB_HASH_MAP_MAX];
};

/* xnb_hash.c: hashing and control messages (pure). */
u32 xnb_toeplitz(const u8 *key, unsigned int keylen, const u8 *data,
    unsigned int len);
unsigned int xnb_flow2hashin(const struct xnb_flow *fl, u32 flags, u8 *buf,
    u8 *htype);
unsigned int xnb_hash2queue(const struct xnb_hash *h, u32 hash,
    unsigned int nqueues);
void xnb_hash_init(struct xnb_hash *h);
unsigned int xnb_ctrl_copylen(const struct xen_netif_ctrl_request *req);
void xnb_ctrl2gnttab(const struct xen_netif_ctrl_request *req, unsigned int len,
    domid_t otherend, xen_pfn_t gfn, unsigned int offset,
    struct gnttab_copy *op);
u32 xnb_ctrl_apply(struct xnb_hash *h, const struct xen_netif_ctrl_request *req,
    unsigned int nqueues, const void *buf, u32 *data);
bool xnb_skb2flow(const struct sk_buff *skb, struct xnb_flow *fl);
void xnb_skb_hash(const struct xnb_hash *h, struct sk_buff *skb);

#if IS_ENABLED(CONFIG_XEN)
#include <linux/mutex.h>
#include <linux/timer.h>
#include <linux/workqueue.h>
#include <xen/xenbus.h>

#include "../common/xenbus/xbs_xen.h"

/* Counters of one queue; each has a single writer (see xnb_ring.c). */
enum xnb_stat {
	XNB_ST_TX_PACKETS, /* guest to Dom0, delivered */
	XNB_ST_TX_BYTES,
	XNB_ST_TX_DROP_SLOTS, /* dropped: too many slots */
	XNB_ST_TX_DROP_SHORT, /* dropped: runt */
	XNB_ST_TX_DROP_EXTRA, /* dropped: bad extra info */
	XNB_ST_TX_DROP_GSO,   /* dropped: bad GSO */
	XNB_ST_TX_DROP_SIZE,  /* dropped: slots larger than the packet */
	XNB_ST_TX_DROP_CSUM,  /* dropped: checksum offload impossible */
	XNB_ST_TX_DROP_NOMEM, /* dropped: no skb */
	XNB_ST_TX_COPY_ERR,   /* dropped: a grant copy failed */
	XNB_ST_TX_GSO,	      /* GSO packets delivered */
	XNB_ST_TX_CSUM_BLANK, /* packets with NETTXF_csum_blank */
	XNB_ST_TX_GSO_FIXUP,  /* GSO packets without it: checksum set up */
	XNB_ST_TX_MALFORMED,  /* fatal malformations (vif disabled) */
	XNB_ST_RX_PACKETS,    /* Dom0 to guest, delivered */
	XNB_ST_RX_BYTES,
	XNB_ST_RX_GSO,		/* GSO packets delivered */
	XNB_ST_RX_COPY_ERR,	/* packets failed: a grant copy failed */
	XNB_ST_RX_DROP_SIZE,	/* dropped: cannot fit the guest's slots */
	XNB_ST_RX_DROP_STALL,	/* dropped on arrival: the guest is stalled */
	XNB_ST_RX_DROP_PURGED,	/* dropped from the queue at a stall */
	XNB_ST_RX_DROP_FULL,	/* dropped on arrival: the queue is full */
	XNB_ST_RX_STALLS,	/* stall timeouts */
	XNB_ST_QUEUE_STOPS,	/* the Dom0 queue was stopped (guest full) */
	XNB_ST_TX_CREDIT_WAITS, /* TX waited for the "rate" credit */
	XNB_ST_TX_MCAST,	/* multicast control requests */
	XNB_ST_RX_DROP_MCAST,	/* dropped: a group the guest did not join */
	XNB_ST_EVENTS,		/* TX (or only) event channel interrupts */
	XNB_ST_EVENTS_RX,	/* RX event channel interrupts (split) */
	XNB_ST_POLLS,		/* NAPI polls */
	XNB_ST_COUNT,
};

/* Bits of xnq_eoi: which of the queue's IRQs wait for their late EOI. */
enum xnb_eoi {
	XNB_EOI_TX,
	XNB_EOI_RX,
};

/* Bits of xnq_flags. */
enum xnb_qflag {
	XNB_Q_RX_KICK,	/* xnq_rx_kick is queued and has not yet run */
};

struct xnb_softc;

/* Packets and grant copies in one TX or RX batch. */
#define XNB_BATCH NAPI_POLL_WEIGHT
#define XNB_BATCH_OPS (XNB_BATCH * 16)

/**
 * struct xnb_queue - one TX/RX ring pair and what serves it.
 * @xnq_sc: the device.
 * @xnq_id: the queue's number.
 * @xnq_txr: the TX ring's mapping and event channel.
 * @xnq_rxr: the RX ring's (its channel is bound only when split).
 * @xnq_tx: back ring view of the TX ring.
 * @xnq_rx: back ring view of the RX ring.
 * @xnq_tx_size: TX ring entries.
 * @xnq_rx_size: RX ring entries.
 * @xnq_napi: serves both directions.
 * @xnq_rx_kick: schedules the poll for packets that a Dom0 process sent
 *	(xnb_start_xmit(), xnb.rx_kick_work).
 * @xnq_flags: enum xnb_qflag.
 * @xnq_rxq: packets from Dom0 waiting for guest buffers.
 * @xnq_rxq_bytes: their data bytes (skb->len); written under xnq_rxq.lock.
 * @xnq_eoi: IRQs whose late EOI the next idle poll issues (enum xnb_eoi).
 * @xnq_tx_partial: the TX ring ends in a partial packet.
 * @xnq_tx_prod: the producer index it ended at.
 * @xnq_credit_wait: TX waits for the vif's rate credit (xnq_credit_timer).
 * @xnq_credit_timer: resumes TX when the credit is back.
 * @xnq_dead: a fatal error was found; do nothing more.
 * @xnq_stalled: the guest posted no buffers for xnb.rx_stall_timeout ms;
 *	its traffic is dropped until it does.
 * @xnq_stall_timer: detects the stall while the Dom0 queue is stopped.
 * @xnq_txpkts: a TX batch's packets.
 * @xnq_txskbs: their skbs.
 * @xnq_txcopy: the TX batch's grant copies.
 * @xnq_rxpkts: an RX batch's packets.
 * @xnq_rxskbs: their skbs.
 * @xnq_rxcopy: the RX batch's grant copies.
 * @xnq_st: counters.
 * @xnq_txname: name of the TX (or only) IRQ.
 * @xnq_rxname: name of the RX IRQ.
 */
struct xnb_queue {
	struct xnb_softc *xnq_sc;
	unsigned int xnq_id;
	struct xbr_ring xnq_txr;
	struct xbr_ring xnq_rxr;
	struct xen_netif_tx_back_ring xnq_tx;
	struct xen_netif_rx_back_ring xnq_rx;
	unsigned int xnq_tx_size;
	unsigned int xnq_rx_size;
	struct napi_struct xnq_napi;
	struct work_struct xnq_rx_kick;
	unsigned long xnq_flags;
	struct sk_buff_head xnq_rxq;
	unsigned int xnq_rxq_bytes;
	unsigned long xnq_eoi;
	bool xnq_tx_partial;
	RING_IDX xnq_tx_prod;
	bool xnq_credit_wait;
	struct timer_list xnq_credit_timer;
	bool xnq_dead;
	bool xnq_stalled;
	struct timer_list xnq_stall_timer;
	struct xnb_pkt *xnq_txpkts;
	struct sk_buff **xnq_txskbs;
	struct gnttab_copy *xnq_txcopy;
	struct xnb_pkt *xnq_rxpkts;
	struct sk_buff **xnq_rxskbs;
	struct gnttab_copy *xnq_rxcopy;
	unsigned long xnq_st[XNB_ST_COUNT];
	char xnq_txname[32];
	char xnq_rxname[32];
};

/* Bits of xct_flags. */
enum xnb_ctrl_flag {
	XNB_CTRL_EOI,  /* the IRQ waits for its late EOI */
	XNB_CTRL_WORK, /* the event found requests */
};

/**
 * struct xnb_ctrl - the control ring (netif.h, "Control ring") and the
 * steering state its messages set (xnb_ctrl.c).
 * @xct_sc: the device.
 * @xct_ring: the ring's mapping and event channel.
 * @xct_back: back ring view; its sring is NULL while unconnected.
 * @xct_work: serves the ring; the IRQ handler schedules it.
 * @xct_flags: enum xnb_ctrl_flag bits.
 * @xct_page: where the grant copy of a key or mapping table lands.
 * @xct_hash: the work's own steering state, which messages change.
 * @xct_copies: two copies of it: the one @xct_pub points to, which the
 *	transmit path reads under RCU, and a spare that no reader holds
 *	(see xnb_ctrl_publish()).
 * @xct_pub: the published copy; NULL without a control ring.
 * @xct_ready: the back ring is attached: the work may serve it.
 * @xct_dead: the ring broke the protocol: nothing more is served.
 * @xct_nreqs: requests answered.
 * @xct_nerrs: requests answered with a status other than SUCCESS.
 * @xct_name: the IRQ's name.
 */
struct xnb_ctrl {
	struct xnb_softc *xct_sc;
	struct xbr_ring xct_ring;
	struct xen_netif_ctrl_back_ring xct_back;
	struct work_struct xct_work;
	unsigned long xct_flags;
	struct page *xct_page;
	struct xnb_hash xct_hash;
	struct xnb_hash xct_copies[2];
	struct xnb_hash __rcu *xct_pub;
	bool xct_ready;
	bool xct_dead;
	unsigned long xct_nreqs;
	unsigned long xct_nerrs;
	char xct_name[32];
};

/* What the frontend said it can take (netif.h "feature-*" of the guest). */
enum xnb_fe_feature {
	XNB_FE_SG = 1 << 0,
	XNB_FE_GSO4 = 1 << 1,
	XNB_FE_GSO6 = 1 << 2,
	XNB_FE_CSUM4 = 1 << 3, /* absence of "feature-no-csum-offload" */
	XNB_FE_CSUM6 = 1 << 4,
};

/**
 * struct xnb_softc - one network backend device.
 * @xnb_dev: the xenbus device.
 * @xnb_xd: XenStore access, state machine and lock (common/xenbus).
 * @xnb_handle: the toolstack's "handle" node: the vif's number in the guest.
 * @xnb_mac: the toolstack's "mac" node: the guest's MAC (shown in sysfs).
 * @xnb_bridge: the toolstack's "bridge" node, if any.
 * @xnb_split: the frontend uses separate TX and RX event channels.
 * @xnb_nqueues: queues connected (0 when disconnected).
 * @xnb_fe: what the frontend can receive (enum xnb_fe_feature).
 * @xnb_connected: the data path runs; read without the lock.
 * @xnb_nstalled: queues whose guest is declared stalled: the carrier is
 *	off while any is, as with xen-netback, so that bridges and bonding
 *	see the guest gone.  Under @xnb_carrier_lock.
 * @xnb_carrier_lock: the count and the carrier change together (a stall
 *	timer and a poll of one queue may run at once on two CPUs).
 * @xnb_q: the queues, xnb_max_queues of them allocated at probe.
 * @xnb_ifp: the Dom0 network interface, vif<domid>.<handle>.
 * @xnb_rate: the "rate" node's credit, shared by the queues.
 * @xnb_rate_lock: protects @xnb_rate.
 * @xnb_ctrl: the control ring, when the frontend connected one.
 * @xnb_mcast_on: the frontend asked for multicast filtering
 *	("request-multicast-control", watched); read without the lock.
 * @xnb_mcast: the groups it joined.
 * @xnb_mcast_lock: protects @xnb_mcast (the queues' polls change it,
 *	ndo_start_xmit reads it, on any CPU).
 * @xnb_xdp_offered: "feature-xdp-headroom" was published 1 at probe
 *	(provides_xdp_headroom); without it "xdp-headroom" is not read.
 * @xnb_xdp_headroom: the headroom the frontend asked for ("xdp-headroom":
 *	read at connect, on Reconfiguring, and when the node changes),
 *	vetted and clamped; the RX path reads it once per pass, without
 *	the lock.
 */
struct xnb_softc {
	struct xenbus_device *xnb_dev;
	struct xbs_xen_dev xnb_xd;
	unsigned int xnb_handle;
	char xnb_mac[18];
	char xnb_bridge[IFNAMSIZ];
	bool xnb_split;
	unsigned int xnb_nqueues;
	unsigned int xnb_fe;
	bool xnb_connected;
	unsigned int xnb_nstalled;
	spinlock_t xnb_carrier_lock;
	struct xnb_queue *xnb_q;
	struct net_device *xnb_ifp;
	struct xnb_credit xnb_rate;
	spinlock_t xnb_rate_lock;
	struct xnb_ctrl xnb_ctrl;
	bool xnb_mcast_on;
	struct xnb_mcast xnb_mcast;
	spinlock_t xnb_mcast_lock;
	bool xnb_xdp_offered;
	u16 xnb_xdp_headroom;
};

/* xnb_main.c */
extern bool xnb_split_event_channels;
extern unsigned int xnb_max_queues;
extern unsigned int xnb_max_tx_slots;
extern unsigned int xnb_fatal_skb_slots;
extern unsigned int xnb_rx_queue_len;
extern unsigned int xnb_rx_queue_bytes;
extern unsigned int xnb_rx_stall_timeout;
extern bool xnb_provides_xdp_headroom;
extern bool xnb_napi_threaded;
extern bool xnb_rx_kick_work;

/* xnb_ctrl.c */
void xnb_ctrl_init(struct xnb_ctrl *ct, struct xnb_softc *sc);
int xnb_ctrl_connect(struct xnb_ctrl *ct, const struct xbr_layout *lay);
void xnb_ctrl_disconnect(struct xnb_ctrl *ct);
bool xnb_ctrl_hashing(struct xnb_ctrl *ct);
int xnb_ctrl_steer(struct xnb_ctrl *ct, struct sk_buff *skb, unsigned int nq);
u16 xnb_select_queue(struct net_device *ifp, struct sk_buff *skb,
    struct net_device *sb_dev);

/* xnb_ring.c */
void xnb_queue_init(struct xnb_queue *q, struct xnb_softc *sc, unsigned int id);
int xnb_queue_connect(struct xnb_queue *q, const struct xbr_layout *tx,
    const struct xbr_layout *rx, bool split);
void xnb_queue_start(struct xnb_queue *q);
void xnb_queue_stop(struct xnb_queue *q);
void xnb_queue_disconnect(struct xnb_queue *q);
void xnb_trace_error(const struct xnb_queue *q, const char *why);
void xnb_queue_fatal(struct xnb_queue *q, const char *why);

/* xnb_ring_rx.c */
netdev_tx_t xnb_start_xmit(struct sk_buff *skb, struct net_device *ifp);
void xnb_rx_kick_fn(struct work_struct *work);
bool xnb_rx_action(struct xnb_queue *q);
bool xnb_rx_pending(struct xnb_queue *q);
void xnb_stall_timer(struct timer_list *t);
unsigned int xnb_rxq_purge(struct xnb_queue *q);

/* xnb_netdev.c */
int xnb_netdev_create(struct xnb_softc *sc, const char *name);
void xnb_netdev_destroy(struct xnb_softc *sc);
int xnb_netdev_connect(struct xnb_softc *sc);
void xnb_netdev_disconnect(struct xnb_softc *sc);
struct xnb_softc *xnb_netdev_softc(struct net_device *ifp);
u64 xnb_stats_sum(struct xnb_softc *sc, enum xnb_stat st);
extern const char *const xnb_stat_names[XNB_ST_COUNT];

/* xnb_sysfs.c */
extern const struct attribute_group *xnb_sysfs_groups[];

/* xnb_xenbus.c */
int xnb_xenbus_register(void);
void xnb_xenbus_unregister(void);

#endif /* IS_ENABLED(CONFIG_XEN) */
#endif /* _XNB_H_ */

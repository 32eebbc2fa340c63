// SPDX-License-Identifier: GPL-2.0-only
/*
 * xnb_ring.c: a queue's rings, served both ways: the network backend's
 * data path, the thin layer around the pure packet logic of xnb_pkt.c
 * and xnb_pkt_rx.c (the role xbb_ring.c has in the block backend).
 *
 * Each queue has one NAPI context that serves both directions:
 *  - TX (guest to Dom0): copy and vet packets off the TX ring, allocate
 *    their skbs, issue one grant copy batch, respond, and hand the skbs to
 *    the stack with napi_gro_receive().
 *  - RX (Dom0 to guest): ndo_start_xmit queues the skb on the queue's
 *    xnq_rxq; the poll takes packets while the guest has posted buffers,
 *    issues one grant copy batch into them and responds.
 *
 * This file holds the events, TX, the poll and the queue's connection.
 * RX, with the bounds of xnq_rxq and the stalls of a guest that does not
 * take its traffic, is in xnb_ring_rx.c.
 *
 * Event channels use the lateeoi API: the handler looks at the rings for
 * work.  An event that finds none gets its EOI at once, flagged spurious,
 * so that a frontend cannot make Dom0 spin on its events; one that finds
 * some schedules the poll and records which IRQ it came from, and the
 * poll issues the EOI when it goes idle.  As in xen-netback, the work
 * that counts is each channel's own: a TX channel's event is spurious
 * unless TX requests wait to be taken, an RX channel's unless buffers
 * were posted while packets wait for them (or a stalled guest comes
 * back), and only a shared channel's counts both.  Dom0's traffic to the
 * guest thus never excuses a storm of TX events.
 *
 * Writers of the counters in xnq_st: the poll (one CPU at a time per
 * NAPI context), ndo_start_xmit (under its queue's lock; only
 * XNB_ST_RX_DROP_STALL, _RX_DROP_FULL, _RX_DROP_MCAST and
 * XNB_ST_QUEUE_STOPS), the
 * IRQ handlers (XNB_ST_EVENTS for the TX or only channel,
 * XNB_ST_EVENTS_RX for the RX one) and the stall timer (XNB_ST_RX_STALLS).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/etherdevice.h>
#include <linux/interrupt.h>
#include <linux/netdevice.h>
#include <linux/slab.h>
#include <xen/events.h>
#include <xen/grant_table.h>

#include "../common/ring/xbr_xen.h"
#include "xnb.h"
#define CREATE_TRACE_POINTS
#include "xnb_trace.h"

/**
 * xnb_trace_error() - trace why a packet of a queue was not delivered.
 * @q: the queue.
 * @why: the reason.
 */
void
xnb_trace_error(const struct xnb_queue *q, const char *why)
{
	trace_xnb_error(q->xnq_sc->xnb_dev->otherend_id, q->xnq_sc->xnb_handle,
	    q->xnq_id, why);
}

/*------------------------------- Fatal errors ------------------------------*/
/**
 * xnb_queue_fatal() - the frontend broke the protocol: stop this queue.
 * @q: the queue.
 * @why: what the frontend did.
 *
 * The queue stops at once; common/xenbus reports the connection's first
 * error, once, and shuts the device down from a work item.
 */
void
xnb_queue_fatal(struct xnb_queue *q, const char *why)
{
	struct xnb_softc *sc = q->xnq_sc;

	q->xnq_dead = true;
	q->xnq_st[XNB_ST_TX_MALFORMED]++;
	xnb_trace_error(q, why);
	xbs_xen_dev_fatal_later(&sc->xnb_xd, "%s queue %u: %s",
	    netdev_name(sc->xnb_ifp), q->xnq_id, why);
}

/*------------------------------- Interrupts --------------------------------*/
/*
 * Does an event find work?  Decided in the handler from the rings, per
 * channel, as xen-netback does (XSA-332): an event that finds none is
 * spurious and gets its late EOI at once, flagged so, and Xen throttles a
 * guest that keeps sending such events; one that finds work schedules the
 * poll, whose idle point sends the EOI.  TX: requests the poll has not
 * taken.  RX: new buffers while packets wait for them, or a stalled guest
 * coming back.  Before the back rings are set up (the channels are bound
 * first) every event counts; on a queue shut down for a protocol error
 * none does.
 */
static bool
xnb_intr_tx_work(const struct xnb_queue *q)
{
	const struct xen_netif_tx_back_ring *r = &q->xnq_tx;

	if (READ_ONCE(r->sring) == NULL)
		return true;
	return READ_ONCE(r->sring->req_prod) != READ_ONCE(r->req_cons);
}

static bool
xnb_intr_rx_work(const struct xnb_queue *q)
{
	const struct xen_netif_rx_back_ring *r = &q->xnq_rx;

	if (READ_ONCE(r->sring) == NULL)
		return true;
	if (READ_ONCE(r->sring->req_prod) == READ_ONCE(r->req_cons))
		return false;
	return READ_ONCE(q->xnq_stalled) ||
	    !skb_queue_empty_lockless(&q->xnq_rxq);
}

/* The TX channel, or the only one without split event channels. */
static irqreturn_t
xnb_intr_tx(int irq, void *arg)
{
	struct xnb_queue *q = arg;
	bool work;

	q->xnq_st[XNB_ST_EVENTS]++;
	work = !READ_ONCE(q->xnq_dead) &&
	    (xnb_intr_tx_work(q) ||
		(q->xnq_rxr.xrg_irq < 0 && xnb_intr_rx_work(q)));
	if (!work) {
		xen_irq_lateeoi(irq, XEN_EOI_FLAG_SPURIOUS);
		return IRQ_HANDLED;
	}
	set_bit(XNB_EOI_TX, &q->xnq_eoi);
	napi_schedule(&q->xnq_napi);
	return IRQ_HANDLED;
}

static irqreturn_t
xnb_intr_rx(int irq, void *arg)
{
	struct xnb_queue *q = arg;

	q->xnq_st[XNB_ST_EVENTS_RX]++;
	if (READ_ONCE(q->xnq_dead) || !xnb_intr_rx_work(q)) {
		xen_irq_lateeoi(irq, XEN_EOI_FLAG_SPURIOUS);
		return IRQ_HANDLED;
	}
	set_bit(XNB_EOI_RX, &q->xnq_eoi);
	napi_schedule(&q->xnq_napi);
	return IRQ_HANDLED;
}

/* The poll is idle: issue the late EOIs of the events that found work. */
static void
xnb_eoi(struct xnb_queue *q)
{
	if (test_and_clear_bit(XNB_EOI_TX, &q->xnq_eoi))
		xen_irq_lateeoi(q->xnq_txr.xrg_irq, 0);
	if (test_and_clear_bit(XNB_EOI_RX, &q->xnq_eoi))
		xen_irq_lateeoi(q->xnq_rxr.xrg_irq, 0);
}

/*------------------------------------ TX -----------------------------------*/
/*
 * The toolstack's "rate": may the guest send @size more bytes now?
 * Returns 0 (taken) or the ns to wait.  The credit is the vif's, shared
 * by its queues' polls.
 */
static u64
xnb_tx_credit(struct xnb_softc *sc, unsigned int size)
{
	u64 wait;

	spin_lock(&sc->xnb_rate_lock);
	wait = xnb_credit_take(&sc->xnb_rate, size, ktime_get_ns());
	spin_unlock(&sc->xnb_rate_lock);
	return wait;
}

/* The credit is back: let the poll take the guest's packets again. */
static void
xnb_credit_timer(struct timer_list *t)
{
	struct xnb_queue *q = from_timer(q, t, xnq_credit_timer);

	WRITE_ONCE(q->xnq_credit_wait, false);
	napi_schedule(&q->xnq_napi);
}

/* Count a TX packet that is not delivered, by why. */
static void
xnb_tx_count_drop(struct xnb_queue *q, enum xnb_verdict v)
{
	static const u8 idx[XNB_PKT_NVERDICTS] = {
		[XNB_PKT_DROP_SLOTS] = XNB_ST_TX_DROP_SLOTS,
		[XNB_PKT_DROP_SHORT] = XNB_ST_TX_DROP_SHORT,
		[XNB_PKT_DROP_EXTRA] = XNB_ST_TX_DROP_EXTRA,
		[XNB_PKT_DROP_GSO] = XNB_ST_TX_DROP_GSO,
		[XNB_PKT_DROP_SIZE] = XNB_ST_TX_DROP_SIZE,
	};

	if (v < XNB_PKT_NVERDICTS && idx[v] != 0)
		q->xnq_st[idx[v]]++;
	xnb_trace_error(q, xnb_verdict_name(v));
}

/*
 * A multicast control request (netif.h, "Multicast control") from queue
 * @q's TX ring: join or leave the group.  Any queue's poll may run it,
 * while ndo_start_xmit filters on another CPU, or on this one from a
 * hard interrupt (netpoll: netconsole on a bridge with the vif): the
 * list is changed under xnb_mcast_lock with interrupts off.  Returns 0 or
 * xnb_mcast_add()'s error.
 */
static int
xnb_tx_mcast(struct xnb_queue *q, const struct xnb_pkt *pkt)
{
	struct xnb_softc *sc = q->xnq_sc;
	int error = 0;

	unsigned long flags;

	q->xnq_st[XNB_ST_TX_MCAST]++;
	spin_lock_irqsave(&sc->xnb_mcast_lock, flags);
	if (pkt->xp_mcast_op == XEN_NETIF_EXTRA_TYPE_MCAST_ADD)
		error = xnb_mcast_add(&sc->xnb_mcast, pkt->xp_mcast_addr);
	else
		xnb_mcast_del(&sc->xnb_mcast, pkt->xp_mcast_addr);
	spin_unlock_irqrestore(&sc->xnb_mcast_lock, flags);
	if (error == -ENOSPC && net_ratelimit())
		netdev_warn(sc->xnb_ifp,
		    "the guest joined %u multicast groups, the most xnb keeps; refusing more\n",
		    XNB_MCAST_MAX);
	return error;
}

/*
 * Take up to @budget packets off the TX ring, copy them in one batch,
 * respond and deliver.  Returns the number of packets taken.
 */
static int
xnb_tx_action(struct xnb_queue *q, int budget)
{
	struct xnb_softc *sc = q->xnq_sc;
	domid_t domid = sc->xnb_dev->otherend_id;
	unsigned int n, i, npkts = 0, nops = 0;
	unsigned int max = min(budget, XNB_BATCH);
	RING_IDX prod, cons = q->xnq_tx.req_cons;
	struct gnttab_copy *op;
	struct sk_buff *skb;
	struct xnb_pkt *pkt;
	bool notify;
	s16 status;

	prod = xbr_fetch_prod(&q->xnq_tx.sring->req_prod);
	if (xbr_check_prod(prod, cons, q->xnq_tx.rsp_prod_pvt, q->xnq_tx_size) <
	    0) {
		xnb_queue_fatal(q, "TX producer index beyond the ring");
		return 0;
	}
	q->xnq_tx_partial = false;
	q->xnq_credit_wait = false;
	while (npkts < max && cons != prod &&
	    nops + XNB_PKT_MAX_OPS <= XNB_BATCH_OPS) {
		pkt = &q->xnq_txpkts[npkts];
		n = xnb_ring2pkt(pkt, &q->xnq_tx, cons, prod, xnb_max_tx_slots);
		if (n == 0) {
			/* Wait for the rest, but do not spin on it. */
			q->xnq_tx_partial = true;
			q->xnq_tx_prod = prod;
			break;
		}
		xnb_pkt_fatal_slots(pkt, READ_ONCE(xnb_fatal_skb_slots));
		if (pkt->xp_verdict == XNB_PKT_OK &&
		    sc->xnb_rate.xcr_bytes != 0) {
			u64 wait = xnb_tx_credit(sc, pkt->xp_size);

			if (wait != 0) {
				/* Leave the packet on the ring until then. */
				q->xnq_credit_wait = true;
				q->xnq_st[XNB_ST_TX_CREDIT_WAITS]++;
				mod_timer(&q->xnq_credit_timer,
				    jiffies + nsecs_to_jiffies(wait) + 1);
				break;
			}
		}
		cons += n;
		if (xnb_verdict_fatal(pkt->xp_verdict)) {
			q->xnq_tx.req_cons = cons;
			for (i = 0; i < npkts; i++)
				kfree_skb(q->xnq_txskbs[i]);
			xnb_queue_fatal(q, xnb_verdict_name(pkt->xp_verdict));
			return npkts;
		}
		skb = NULL;
		if (pkt->xp_mcast_op != 0 && pkt->xp_verdict == XNB_PKT_OK) {
			pkt->xp_mcast_ok = xnb_tx_mcast(q, pkt) == 0;
		} else if (pkt->xp_mcast_op != 0) {
			xnb_tx_count_drop(q, pkt->xp_verdict);
		} else if (pkt->xp_verdict == XNB_PKT_OK) {
			skb = xnb_pkt2skb(pkt, GFP_ATOMIC);
			if (skb == NULL) {
				q->xnq_st[XNB_ST_TX_DROP_NOMEM]++;
				xnb_trace_error(q, "no memory for the skb");
			}
		} else {
			xnb_tx_count_drop(q, pkt->xp_verdict);
		}
		pkt->xp_nops = skb == NULL ?
		    0 :
		    xnb_txpkt2gnttab(pkt, skb, &q->xnq_txcopy[nops], domid);
		nops += pkt->xp_nops;
		q->xnq_txskbs[npkts++] = skb;
	}
	q->xnq_tx.req_cons = cons;
	if (npkts == 0)
		return 0;
	if (nops != 0)
		gnttab_batch_copy(q->xnq_txcopy, nops);
	for (i = 0, op = q->xnq_txcopy; i < npkts; i++) {
		pkt = &q->xnq_txpkts[i];
		skb = q->xnq_txskbs[i];
		status = XEN_NETIF_RSP_ERROR;
		if (skb != NULL &&
		    xnb_update_skb(pkt, skb, op, pkt->xp_nops) != 0) {
			q->xnq_st[XNB_ST_TX_COPY_ERR]++;
			xnb_trace_error(q, "TX grant copy failed");
			kfree_skb(skb);
			skb = NULL;
		}
		op += pkt->xp_nops;
		if (skb != NULL) {
			skb->protocol = eth_type_trans(skb, sc->xnb_ifp);
			skb_reset_network_header(skb);
			if (xnb_skb_offload(pkt, skb) != 0) {
				q->xnq_st[XNB_ST_TX_DROP_CSUM]++;
				xnb_trace_error(q,
				    "checksum or GSO offload impossible");
				kfree_skb(skb);
				skb = NULL;
			}
		}
		if (skb != NULL || pkt->xp_mcast_ok)
			status = XEN_NETIF_RSP_OKAY;
		xnb_txpkt2rsp(pkt, &q->xnq_tx, status);
		if (skb == NULL)
			continue;
		q->xnq_st[XNB_ST_TX_PACKETS]++;
		q->xnq_st[XNB_ST_TX_BYTES] += pkt->xp_size;
		if (pkt->xp_flags & XEN_NETTXF_csum_blank)
			q->xnq_st[XNB_ST_TX_CSUM_BLANK]++;
		if (pkt->xp_gso_type != 0)
			q->xnq_st[XNB_ST_TX_GSO]++;
		/* xen-netback's rx_gso_checksum_fixup. */
		if (pkt->xp_gso_type != 0 &&
		    (pkt->xp_flags & XEN_NETTXF_csum_blank) == 0)
			q->xnq_st[XNB_ST_TX_GSO_FIXUP]++;
		trace_xnb_tx_packet(domid, sc->xnb_handle, q->xnq_id,
		    pkt->xp_size, pkt->xp_nslots, pkt->xp_flags,
		    pkt->xp_gso_size);
		napi_gro_receive(&q->xnq_napi, skb);
	}
	RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(&q->xnq_tx, notify);
	if (notify)
		notify_remote_via_irq(q->xnq_txr.xrg_irq);
	return npkts;
}

/*
 * Before the poll goes idle: is there TX work, having asked the frontend
 * for an event when more arrives?  A partial packet waits for the
 * producer to move rather than being polled for.
 */
static bool
xnb_tx_pending(struct xnb_queue *q)
{
	int more;

	if (q->xnq_dead || READ_ONCE(q->xnq_credit_wait))
		return false; /* the credit timer schedules the poll */
	if (q->xnq_tx_partial) {
		q->xnq_tx.sring->req_event = q->xnq_tx_prod + 1;
		virt_mb();
		return READ_ONCE(q->xnq_tx.sring->req_prod) != q->xnq_tx_prod;
	}
	RING_FINAL_CHECK_FOR_REQUESTS(&q->xnq_tx, more);
	return more;
}

/*---------------------------------- NAPI -----------------------------------*/
static int
xnb_poll(struct napi_struct *napi, int budget)
{
	struct xnb_queue *q = container_of(napi, struct xnb_queue, xnq_napi);
	bool rx_more;
	int done;

	q->xnq_st[XNB_ST_POLLS]++;
	if (unlikely(q->xnq_dead)) {
		napi_complete(napi);
		return 0;
	}
	done = xnb_tx_action(q, budget);
	rx_more = xnb_rx_action(q);
	if (rx_more || done >= budget)
		return budget;
	if (napi_complete_done(napi, done)) {
		if (xnb_tx_pending(q) | xnb_rx_pending(q))
			napi_schedule(napi);
		xnb_eoi(q);
	}
	return done;
}

/*------------------------------- Connection --------------------------------*/
static void
xnb_queue_free(struct xnb_queue *q)
{
	kvfree(q->xnq_txpkts);
	kvfree(q->xnq_txskbs);
	kvfree(q->xnq_txcopy);
	kvfree(q->xnq_rxpkts);
	kvfree(q->xnq_rxskbs);
	kvfree(q->xnq_rxcopy);
	q->xnq_txpkts = NULL;
	q->xnq_txskbs = NULL;
	q->xnq_txcopy = NULL;
	q->xnq_rxpkts = NULL;
	q->xnq_rxskbs = NULL;
	q->xnq_rxcopy = NULL;
}

/**
 * xnb_queue_init() - set up a queue's parts that live as long as the softc.
 * @q: the queue.
 * @sc: its device.
 * @id: its number.
 */
void
xnb_queue_init(struct xnb_queue *q, struct xnb_softc *sc, unsigned int id)
{
	q->xnq_sc = sc;
	q->xnq_id = id;
	xbr_ring_init(&q->xnq_txr, &xbr_xen_ops, sc->xnb_dev);
	xbr_ring_init(&q->xnq_rxr, &xbr_xen_ops, sc->xnb_dev);
	skb_queue_head_init(&q->xnq_rxq);
	timer_setup(&q->xnq_stall_timer, xnb_stall_timer, 0);
	timer_setup(&q->xnq_credit_timer, xnb_credit_timer, 0);
	INIT_WORK(&q->xnq_rx_kick, xnb_rx_kick_fn);
}

/**
 * xnb_queue_connect() - map a queue's rings and bind its event channels.
 * @q: the queue.
 * @tx: the vetted TX ring layout (with the TX or only event channel).
 * @rx: the vetted RX ring layout (with the RX channel when @split).
 * @split: the frontend uses separate TX and RX event channels.
 *
 * The NAPI context is added first (disabled): an event that arrives while
 * binding is remembered in xnq_eoi and served by xnb_queue_start().  Called
 * with xd_lock held (the sysfs "rings" reader's lock).
 *
 * Return: 0 or a negative errno; nothing is left behind on failure.
 */
int
xnb_queue_connect(struct xnb_queue *q, const struct xbr_layout *tx,
    const struct xbr_layout *rx, bool split)
{
	struct xnb_softc *sc = q->xnq_sc;
	int domid = sc->xnb_dev->otherend_id;
	struct xen_netif_tx_sring *txs;
	struct xen_netif_rx_sring *rxs;
	RING_IDX tx_req, tx_rsp, rx_req, rx_rsp, tx_start, rx_start;
	int error;

	lockdep_assert_held(&sc->xnb_xd.xd_lock);
	q->xnq_txpkts = kvcalloc(XNB_BATCH, sizeof(*q->xnq_txpkts), GFP_KERNEL);
	q->xnq_txskbs = kvcalloc(XNB_BATCH, sizeof(*q->xnq_txskbs), GFP_KERNEL);
	q->xnq_txcopy =
	    kvcalloc(XNB_BATCH_OPS, sizeof(*q->xnq_txcopy), GFP_KERNEL);
	q->xnq_rxpkts = kvcalloc(XNB_BATCH, sizeof(*q->xnq_rxpkts), GFP_KERNEL);
	q->xnq_rxskbs = kvcalloc(XNB_BATCH, sizeof(*q->xnq_rxskbs), GFP_KERNEL);
	q->xnq_rxcopy =
	    kvcalloc(XNB_BATCH_OPS, sizeof(*q->xnq_rxcopy), GFP_KERNEL);
	if (q->xnq_txpkts == NULL || q->xnq_txskbs == NULL ||
	    q->xnq_txcopy == NULL || q->xnq_rxpkts == NULL ||
	    q->xnq_rxskbs == NULL || q->xnq_rxcopy == NULL) {
		error = -ENOMEM;
		goto fail_alloc;
	}
	q->xnq_eoi = 0;
	q->xnq_dead = false;
	q->xnq_stalled = false;
	q->xnq_tx_partial = false;
	q->xnq_credit_wait = false;
	netif_napi_add(sc->xnb_ifp, &q->xnq_napi, xnb_poll);
	snprintf(q->xnq_txname, sizeof(q->xnq_txname), "xnb-%d-%u-q%u-%s",
	    domid, sc->xnb_handle, q->xnq_id, split ? "tx" : "txrx");
	snprintf(q->xnq_rxname, sizeof(q->xnq_rxname), "xnb-%d-%u-q%u-rx",
	    domid, sc->xnb_handle, q->xnq_id);
	error = xbr_connect(&q->xnq_txr, tx, xnb_intr_tx, q->xnq_txname, q);
	if (error != 0)
		goto fail_tx;
	error = xbr_connect(&q->xnq_rxr, rx, split ? xnb_intr_rx : NULL,
	    q->xnq_rxname, q);
	if (error != 0)
		goto fail_rx;
	/*
	 * Rings handed over by another backend (unbind and bind with the
	 * frontend Connected) carry on from their responses:
	 * xbr_attach_index() vets the frontend's indexes once.
	 */
	txs = q->xnq_txr.xrg_va;
	rxs = q->xnq_rxr.xrg_va;
	tx_req = READ_ONCE(txs->req_prod);
	tx_rsp = READ_ONCE(txs->rsp_prod);
	rx_req = READ_ONCE(rxs->req_prod);
	rx_rsp = READ_ONCE(rxs->rsp_prod);
	if (xbr_attach_index(tx_req, tx_rsp, __RING_SIZE(txs, XBR_PAGE_SIZE),
		&tx_start) != 0 ||
	    xbr_attach_index(rx_req, rx_rsp, __RING_SIZE(rxs, XBR_PAGE_SIZE),
		&rx_start) != 0) {
		error = -EPROTO;
		xenbus_dev_error(sc->xnb_dev, error,
		    "queue %u: ring indexes tx %u/%u rx %u/%u (req_prod/rsp_prod) are more than a ring apart",
		    q->xnq_id, tx_req, tx_rsp, rx_req, rx_rsp);
		goto fail_attach;
	}
	BACK_RING_ATTACH(&q->xnq_tx, txs, tx_start, XBR_PAGE_SIZE);
	BACK_RING_ATTACH(&q->xnq_rx, rxs, rx_start, XBR_PAGE_SIZE);
	q->xnq_tx_size = RING_SIZE(&q->xnq_tx);
	q->xnq_rx_size = RING_SIZE(&q->xnq_rx);
	if (tx_start != 0 || rx_start != 0)
		dev_info(&sc->xnb_dev->dev,
		    "queue %u: taking the rings over at tx %u, rx %u\n",
		    q->xnq_id, tx_start, rx_start);
	return 0;

fail_attach:
	xbr_disconnect(&q->xnq_rxr);
fail_rx:
	xbr_disconnect(&q->xnq_txr);
fail_tx:
	netif_napi_del(&q->xnq_napi);
fail_alloc:
	xnb_queue_free(q);
	return error;
}

/**
 * xnb_queue_start() - let a connected queue run.
 * @q: the queue.
 *
 * One poll runs at once: it serves whatever the frontend queued before
 * and issues the EOI of any event that arrived while binding.
 */
void
xnb_queue_start(struct xnb_queue *q)
{
	napi_enable(&q->xnq_napi);
	local_bh_disable();
	napi_schedule(&q->xnq_napi);
	local_bh_enable();
}

/**
 * xnb_queue_stop() - stop a queue's poll and timers; may sleep.
 * @q: the queue; ndo_start_xmit can no longer arm its stall timer (see
 *	xnb_netdev_disconnect()).
 *
 * The poll goes first: it arms the credit timer.  The timers and the RX
 * kick work only schedule the poll (a no-op once disabled) and wake the
 * Dom0 queue; only ndo_start_xmit queues the work, and it has stopped.
 */
void
xnb_queue_stop(struct xnb_queue *q)
{
	napi_disable(&q->xnq_napi);
	cancel_work_sync(&q->xnq_rx_kick);
	clear_bit(XNB_Q_RX_KICK, &q->xnq_flags);
	del_timer_sync(&q->xnq_stall_timer);
	del_timer_sync(&q->xnq_credit_timer);
}

/**
 * xnb_queue_disconnect() - unbind and unmap a stopped queue, free its
 * batches and drop the packets it still held for the guest.
 * @q: the queue.
 *
 * Called with xd_lock held; the back rings' sring pointers are cleared
 * with the mappings, for the sysfs reader that looks at them under it.
 */
void
xnb_queue_disconnect(struct xnb_queue *q)
{
	lockdep_assert_held(&q->xnq_sc->xnb_xd.xd_lock);
	/*
	 * The handlers read both rings (xnb_intr_tx_work(), and the RX one
	 * from the TX channel once the RX channel is unbound): no handler
	 * may run, nor start, before a ring is unmapped.  disable_irq()
	 * waits for a running one.
	 */
	if (q->xnq_txr.xrg_irq >= 0)
		disable_irq(q->xnq_txr.xrg_irq);
	if (q->xnq_rxr.xrg_irq >= 0)
		disable_irq(q->xnq_rxr.xrg_irq);
	q->xnq_tx.sring = NULL;
	q->xnq_rx.sring = NULL;
	xbr_disconnect(&q->xnq_rxr);
	xbr_disconnect(&q->xnq_txr);
	netif_napi_del(&q->xnq_napi);
	xnb_rxq_purge(q);
	xnb_queue_free(q);
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * xnb_ring_rx.c: a queue's RX half (Dom0 to guest), the part of the data
 * path that xnb_ring.c's poll runs after TX.
 *
 * ndo_start_xmit (xnb_start_xmit()) drops the multicast frames of groups
 * the guest did not join and queues the skb on the queue's xnq_rxq; the
 * poll (xnb_rx_action()) takes packets while the guest has posted
 * buffers, lays them out with the pure converters of xnb_pkt_rx.c,
 * issues one grant copy batch into the buffers and responds.  xnq_rxq is
 * bounded in packets (xnb.rx_queue_len) and in bytes (xnb.rx_queue_bytes,
 * as xen-netback's rx_queue_max): when it reaches either bound the Dom0
 * queue stops, and a packet that arrives all the same (the stop is only
 * advice to the qdisc) is dropped and counted, so a guest that stops or
 * slows its RX never has Dom0 hold more than the bound plus one packet
 * per queue for it.  A guest that posts no buffers for
 * xnb.rx_stall_timeout ms is declared stalled and its traffic dropped
 * and counted until it posts some; the carrier is off meanwhile.
 *
 * A packet that a Dom0 process sends does not run the poll in the
 * sender's context: the sender's local_bh_enable() would run it at once,
 * for that one packet, and again for the next.  A work item schedules
 * the poll instead (xnb_rx_kick()), by which time more packets have
 * queued and one poll copies them in one batch.
 *
 * The RX half has a file of its own because it is a whole of its own:
 * the queue of packets for the guest, its bounds, stalls and the
 * carrier, none of which TX touches.  The events, the poll and the
 * connection stay in xnb_ring.c, which calls in here through
 * xnb_rx_action(), xnb_rx_pending(), xnb_stall_timer() and
 * xnb_rxq_purge(); the counters' writers are listed there.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/etherdevice.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <xen/events.h>
#include <xen/grant_table.h>

#include "xnb.h"
#include "xnb_trace.h"

/*-------------------------------- RX queue ---------------------------------*/
/* xnq_rxq's bounds: parameters that may change at any time, clamped. */
static unsigned int
xnb_rxq_max_pkts(void)
{
	return max(READ_ONCE(xnb_rx_queue_len), 2U);
}

static unsigned int
xnb_rxq_max_bytes(void)
{
	return max(READ_ONCE(xnb_rx_queue_bytes), XNB_RX_QUEUE_BYTES_MIN);
}

/*
 * Queue a packet for the guest unless xnq_rxq has reached a bound.
 * Returns false if it has (the caller drops the packet); sets *@full when
 * the queue is at a bound afterwards.
 */
static bool
xnb_rxq_enqueue(struct xnb_queue *q, struct sk_buff *skb, bool *full)
{
	unsigned int maxpkts = xnb_rxq_max_pkts();
	unsigned int maxbytes = xnb_rxq_max_bytes();
	unsigned long flags;
	bool queued = false;

	spin_lock_irqsave(&q->xnq_rxq.lock, flags);
	if (q->xnq_rxq_bytes < maxbytes &&
	    skb_queue_len(&q->xnq_rxq) < maxpkts) {
		__skb_queue_tail(&q->xnq_rxq, skb);
		WRITE_ONCE(q->xnq_rxq_bytes, q->xnq_rxq_bytes + skb->len);
		queued = true;
	}
	*full = q->xnq_rxq_bytes >= maxbytes ||
	    skb_queue_len(&q->xnq_rxq) >= maxpkts;
	spin_unlock_irqrestore(&q->xnq_rxq.lock, flags);
	return queued;
}

/* Take the packet at the head of xnq_rxq, or NULL. */
static struct sk_buff *
xnb_rxq_dequeue(struct xnb_queue *q)
{
	struct sk_buff *skb;
	unsigned long flags;

	spin_lock_irqsave(&q->xnq_rxq.lock, flags);
	skb = __skb_dequeue(&q->xnq_rxq);
	if (skb != NULL)
		WRITE_ONCE(q->xnq_rxq_bytes, q->xnq_rxq_bytes - skb->len);
	spin_unlock_irqrestore(&q->xnq_rxq.lock, flags);
	return skb;
}

/* Put back a packet xnb_rxq_dequeue() took (a bound may be overshot). */
static void
xnb_rxq_requeue(struct xnb_queue *q, struct sk_buff *skb)
{
	unsigned long flags;

	spin_lock_irqsave(&q->xnq_rxq.lock, flags);
	__skb_queue_head(&q->xnq_rxq, skb);
	WRITE_ONCE(q->xnq_rxq_bytes, q->xnq_rxq_bytes + skb->len);
	spin_unlock_irqrestore(&q->xnq_rxq.lock, flags);
}

/**
 * xnb_rxq_purge() - drop every packet of a queue's xnq_rxq.
 * @q: the queue.
 *
 * Return: how many there were.
 */
unsigned int
xnb_rxq_purge(struct xnb_queue *q)
{
	struct sk_buff_head list;
	unsigned long flags;
	unsigned int n;

	__skb_queue_head_init(&list);
	spin_lock_irqsave(&q->xnq_rxq.lock, flags);
	skb_queue_splice_init(&q->xnq_rxq, &list);
	WRITE_ONCE(q->xnq_rxq_bytes, 0);
	spin_unlock_irqrestore(&q->xnq_rxq.lock, flags);
	n = skb_queue_len(&list);
	__skb_queue_purge(&list);
	return n;
}

/*--------------------------- Serving the RX ring ---------------------------*/
/* Data slots the guest takes per packet: one unless it can gather. */
static unsigned int
xnb_rx_max_slots(const struct xnb_softc *sc)
{
	return (sc->xnb_fe & XNB_FE_SG) ? XEN_NETIF_NR_SLOTS_MIN : 1;
}

/*
 * How the guest takes packets, read once for a pass: its hash extras
 * and its XDP headroom may change at any time (the control ring's work,
 * a Reconfiguring or the "xdp-headroom" watch); a packet is laid out
 * with one reading, and a change shows from the next pass on.
 */
static void
xnb_rxopt_get(struct xnb_softc *sc, struct xnb_rxopt *opt)
{
	opt->xro_max_slots = xnb_rx_max_slots(sc);
	opt->xro_hash = xnb_ctrl_hashing(&sc->xnb_ctrl);
	opt->xro_headroom = READ_ONCE(sc->xnb_xdp_headroom);
}

/* Restart the Dom0 queue once the guest has made room. */
static void
xnb_rx_maybe_wake(struct xnb_queue *q)
{
	struct netdev_queue *txq =
	    netdev_get_tx_queue(q->xnq_sc->xnb_ifp, q->xnq_id);

	if (netif_tx_queue_stopped(txq) &&
	    READ_ONCE(q->xnq_sc->xnb_connected) &&
	    skb_queue_len(&q->xnq_rxq) < xnb_rxq_max_pkts() / 2 &&
	    READ_ONCE(q->xnq_rxq_bytes) < xnb_rxq_max_bytes() / 2) {
		del_timer(&q->xnq_stall_timer);
		netif_tx_wake_queue(txq);
	}
}

/* Notify the guest on the RX channel, or the only one. */
static void
xnb_notify_rx(struct xnb_queue *q)
{
	notify_remote_via_irq(
	    q->xnq_rxr.xrg_irq >= 0 ? q->xnq_rxr.xrg_irq : q->xnq_txr.xrg_irq);
}

/**
 * xnb_rx_action() - copy queued packets into the guest's posted buffers,
 * in one batch.
 * @q: the queue.
 *
 * Return: true if the batch was full and packets remain.
 */
bool
xnb_rx_action(struct xnb_queue *q)
{
	struct xnb_softc *sc = q->xnq_sc;
	domid_t domid = sc->xnb_dev->otherend_id;
	unsigned int i, j, npkts = 0, nops = 0;
	RING_IDX prod, cons = q->xnq_rx.req_cons;
	struct xnb_rxopt opt;
	const struct gnttab_copy *op;
	struct sk_buff *skb;
	struct xnb_pkt *pkt;
	bool notify, full = false;
	int error;

	if (q->xnq_stalled)
		q->xnq_st[XNB_ST_RX_DROP_PURGED] += xnb_rxq_purge(q);
	if (skb_queue_empty_lockless(&q->xnq_rxq))
		goto out;
	xnb_rxopt_get(sc, &opt);
	prod = xbr_fetch_prod(&q->xnq_rx.sring->req_prod);
	if (xbr_check_prod(prod, cons, q->xnq_rx.rsp_prod_pvt, q->xnq_rx_size) <
	    0) {
		xnb_queue_fatal(q, "RX producer index beyond the ring");
		return false;
	}
	for (;;) {
		if (npkts == XNB_BATCH ||
		    nops + XNB_PKT_MAX_OPS > XNB_BATCH_OPS) {
			full = true;
			break;
		}
		skb = xnb_rxq_dequeue(q);
		if (skb == NULL)
			break;
		pkt = &q->xnq_rxpkts[npkts];
		error = xnb_skb2pkt(pkt, skb, cons, prod - cons, &opt);
		if (error == -ENOSPC) {
			xnb_rxq_requeue(q, skb);
			break;
		}
		if (error != 0) {
			q->xnq_st[XNB_ST_RX_DROP_SIZE]++;
			xnb_trace_error(q, "packet too large for the guest");
			dev_kfree_skb_any(skb);
			continue;
		}
		nops += xnb_rxpkt2gnttab(pkt, skb, &q->xnq_rx,
		    &q->xnq_rxcopy[nops], domid);
		cons += pkt->xp_nslots;
		q->xnq_rxskbs[npkts++] = skb;
	}
	if (npkts == 0)
		goto out;
	q->xnq_rx.req_cons = cons;
	if (nops != 0)
		gnttab_batch_copy(q->xnq_rxcopy, nops);
	for (i = 0, op = q->xnq_rxcopy; i < npkts; i++) {
		pkt = &q->xnq_rxpkts[i];
		skb = q->xnq_rxskbs[i];
		error = xnb_rxpkt2rsp(pkt, op, &q->xnq_rx);
		for (j = 0; j < pkt->xp_nslots; j++)
			op += pkt->xp_rx[j].xrs_nops;
		if (error != 0) {
			q->xnq_st[XNB_ST_RX_COPY_ERR]++;
			xnb_trace_error(q, "RX grant copy failed");
			dev_kfree_skb_any(skb);
			continue;
		}
		q->xnq_st[XNB_ST_RX_PACKETS]++;
		q->xnq_st[XNB_ST_RX_BYTES] += skb->len;
		if (pkt->xp_gso_type != 0)
			q->xnq_st[XNB_ST_RX_GSO]++;
		trace_xnb_rx_packet(domid, sc->xnb_handle, q->xnq_id, skb->len,
		    pkt->xp_nslots, pkt->xp_flags, pkt->xp_gso_size);
		dev_consume_skb_any(skb);
	}
	RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(&q->xnq_rx, notify);
	if (notify)
		xnb_notify_rx(q);
out:
	xnb_rx_maybe_wake(q);
	return full && !skb_queue_empty_lockless(&q->xnq_rxq);
}

/*--------------------------------- Stalls ----------------------------------*/
/*
 * A queue's guest was declared stalled (@stalled) or takes traffic again:
 * the carrier is off while any queue is stalled, as with xen-netback (its
 * "Guest Rx stalled" and "Guest Rx ready"), so that a bridge or a bond
 * stops sending to a guest that does not take it.  Each queue counts once
 * per stall: the stall timer sets xnq_stalled only if clear, the poll
 * clears it only if set.  A queue's stall timer and poll may run at once
 * on two CPUs, so the count and the carrier change under one lock, and
 * the carrier is set to what the count says (not flipped on its edges):
 * the last to take the lock leaves it right.  Both callers run in
 * softirq context; xnb_netdev_connect() resets the count before the
 * queues start, xnb_netdev_disconnect() turns the carrier off once these
 * have stopped.
 */
static void
xnb_carrier_stall(struct xnb_queue *q, bool stalled)
{
	struct xnb_softc *sc = q->xnq_sc;
	struct net_device *ifp = sc->xnb_ifp;
	bool on;

	spin_lock(&sc->xnb_carrier_lock);
	if (stalled)
		sc->xnb_nstalled++;
	else if (sc->xnb_nstalled > 0)
		sc->xnb_nstalled--;
	on = sc->xnb_nstalled == 0 && READ_ONCE(sc->xnb_connected);
	if (on && !netif_carrier_ok(ifp)) {
		netif_carrier_on(ifp);
		netdev_info(ifp, "guest RX ready: carrier on\n");
	} else if (!on && netif_carrier_ok(ifp)) {
		netif_carrier_off(ifp);
		netdev_info(ifp, "guest RX stalled: carrier off\n");
	}
	spin_unlock(&sc->xnb_carrier_lock);
}

/**
 * xnb_rx_pending() - before the poll goes idle: can the packet at the head
 * of xnq_rxq go now?
 * @q: the queue.
 *
 * If not, ask the guest for an event once it has posted enough buffers
 * for it (netif.h: req_event).  A stalled guest that posts buffers again
 * is no longer stalled.
 *
 * Return: true if the poll is to run again: the packet fits the buffers
 * posted, or the guest just stopped being stalled.
 */
bool
xnb_rx_pending(struct xnb_queue *q)
{
	struct xen_netif_rx_back_ring *r = &q->xnq_rx;
	unsigned int need = 1;
	struct xnb_rxopt opt;
	struct sk_buff *skb;
	unsigned long flags;

	if (q->xnq_dead)
		return false;
	xnb_rxopt_get(q->xnq_sc, &opt);
	spin_lock_irqsave(&q->xnq_rxq.lock, flags);
	skb = skb_peek(&q->xnq_rxq);
	if (skb != NULL)
		need = xnb_rx_slots(skb, &opt);
	spin_unlock_irqrestore(&q->xnq_rxq.lock, flags);
	if (READ_ONCE(r->sring->req_prod) - r->req_cons < need) {
		r->sring->req_event = r->req_cons + need;
		virt_mb();
	}
	if (READ_ONCE(r->sring->req_prod) - r->req_cons < need)
		return false;
	if (q->xnq_stalled) {
		WRITE_ONCE(q->xnq_stalled, false);
		xnb_carrier_stall(q, false);
		return true;
	}
	return skb != NULL;
}

/**
 * xnb_stall_timer() - the Dom0 queue stayed stopped for
 * xnb.rx_stall_timeout ms: the guest is not taking its traffic.
 * @t: the queue's xnq_stall_timer.
 *
 * The poll drops what is queued; ndo_start_xmit drops what comes until
 * the guest posts buffers again.
 */
void
xnb_stall_timer(struct timer_list *t)
{
	struct xnb_queue *q = from_timer(q, t, xnq_stall_timer);
	struct net_device *ifp = q->xnq_sc->xnb_ifp;

	if (!READ_ONCE(q->xnq_sc->xnb_connected))
		return;
	if (READ_ONCE(q->xnq_stalled))
		return;
	q->xnq_st[XNB_ST_RX_STALLS]++;
	WRITE_ONCE(q->xnq_stalled, true);
	xnb_carrier_stall(q, true);
	netdev_warn_once(ifp,
	    "queue %u: the guest posted no receive buffers for %u ms; dropping its traffic until it does\n",
	    q->xnq_id, xnb_rx_stall_timeout);
	netif_tx_wake_queue(netdev_get_tx_queue(ifp, q->xnq_id));
	napi_schedule(&q->xnq_napi);
}

/*--------------------------------- RX kick ---------------------------------*/
/**
 * xnb_rx_kick_fn() - xnq_rx_kick's work: schedule the poll.
 * @work: the queue's xnq_rx_kick.
 *
 * The flag is cleared before the poll is scheduled, and the barrier
 * orders the two: a sender that still finds it set queued its packet
 * before this poll takes the queue's lock, so the poll sees the packet.
 * xnb_queue_stop() cancels the work after napi_disable() and before the
 * rings are unmapped; run in between, napi_schedule() does nothing.
 * The poll then runs in this local_bh_enable(), unless it is running
 * on another CPU already (it then goes round again).
 */
void
xnb_rx_kick_fn(struct work_struct *work)
{
	struct xnb_queue *q = container_of(work, struct xnb_queue, xnq_rx_kick);

	clear_bit(XNB_Q_RX_KICK, &q->xnq_flags);
	smp_mb__after_atomic();
	local_bh_disable();
	napi_schedule(&q->xnq_napi);
	local_bh_enable();
}

/**
 * xnb_rx_kick() - have the poll send what xnq_rxq holds to the guest.
 * @q: the queue, whose xnq_rxq has just taken a packet.
 *
 * In a softirq (a bridge forwarding another vif's or a NIC's packet) the
 * poll is scheduled directly: it runs when the softirq that queued the
 * packet is done with its whole batch.  In task context the sender is a
 * Dom0 process whose local_bh_enable() would run the poll at once for
 * its one packet; xnq_rx_kick runs it a little later for all of them
 * (xnb.rx_kick_work=0 keeps the direct call).  A threaded poll only
 * wakes its thread, so it is scheduled directly too, and so is a caller
 * with interrupts off (netpoll: at a panic no kworker would run).
 * Another device's threaded poll forwarding through a bridge also runs
 * in task context and takes the work, one wake-up more than it needs.
 */
static void
xnb_rx_kick(struct xnb_queue *q)
{
	if (!in_task() || irqs_disabled() || !READ_ONCE(xnb_rx_kick_work) ||
	    test_bit(NAPI_STATE_THREADED, &q->xnq_napi.state)) {
		napi_schedule(&q->xnq_napi);
		return;
	}
	/* Pairs with xnb_rx_kick_fn()'s: the packet is queued before the test. */
	smp_mb__before_atomic();
	if (!test_and_set_bit(XNB_Q_RX_KICK, &q->xnq_flags))
		queue_work(system_unbound_wq, &q->xnq_rx_kick);
}

/*----------------------------- ndo_start_xmit ------------------------------*/
/*
 * The guest asked for multicast filtering: is @skb a frame of a group it
 * did not join?
 */
static bool
xnb_rx_mcast_drop(struct xnb_softc *sc, const struct sk_buff *skb)
{
	unsigned long flags;
	bool drop;

	/* Unicast and broadcast frames pass without the lock. */
	if (skb_headlen(skb) < ETH_ALEN || !is_multicast_ether_addr(skb->data) ||
	    is_broadcast_ether_addr(skb->data))
		return false;
	/* netpoll may call ndo_start_xmit with interrupts off. */
	spin_lock_irqsave(&sc->xnb_mcast_lock, flags);
	drop = xnb_mcast_drop(&sc->xnb_mcast, skb->data);
	spin_unlock_irqrestore(&sc->xnb_mcast_lock, flags);
	return drop;
}

/**
 * xnb_start_xmit() - ndo_start_xmit: queue a packet for the guest.
 * @skb: the packet.
 * @ifp: the vif.
 *
 * Runs under the Dom0 queue's xmit lock (the device is not LLTX), and
 * xnb_connected is read under it: xnb_netdev_disconnect() clears it
 * before taking every xmit lock in netif_tx_disable(), so once that
 * returns no call can arm the stall timer again (see there).
 *
 * Return: NETDEV_TX_OK; the packet is queued or dropped and counted.
 */
netdev_tx_t
xnb_start_xmit(struct sk_buff *skb, struct net_device *ifp)
{
	struct xnb_softc *sc = xnb_netdev_softc(ifp);
	u16 qid = skb_get_queue_mapping(skb);
	struct netdev_queue *txq;
	struct xnb_queue *q;
	bool full;

	if (!READ_ONCE(sc->xnb_connected) || qid >= sc->xnb_nqueues) {
		ifp->stats.tx_dropped++;
		dev_kfree_skb_any(skb);
		return NETDEV_TX_OK;
	}
	q = &sc->xnb_q[qid];
	if (READ_ONCE(sc->xnb_mcast_on) && xnb_rx_mcast_drop(sc, skb)) {
		q->xnq_st[XNB_ST_RX_DROP_MCAST]++;
		dev_kfree_skb_any(skb);
		return NETDEV_TX_OK;
	}
	/*
	 * A guest that chose Toeplitz hashing receives the hash xnb
	 * computes, here (ndo_select_queue() is not called for a single
	 * queue, and a tc rule may have bypassed it); any other hash the
	 * packet carries is not the guest's business and goes.
	 */
	if (xnb_ctrl_steer(&sc->xnb_ctrl, skb, 1) < 0)
		skb_clear_hash(skb);
	if (READ_ONCE(q->xnq_stalled) || q->xnq_dead) {
		q->xnq_st[XNB_ST_RX_DROP_STALL]++;
		dev_kfree_skb_any(skb);
		return NETDEV_TX_OK;
	}
	if (!xnb_rxq_enqueue(q, skb, &full)) {
		q->xnq_st[XNB_ST_RX_DROP_FULL]++;
		dev_kfree_skb_any(skb);
	}
	txq = netdev_get_tx_queue(ifp, qid);
	if (full && !netif_tx_queue_stopped(txq)) {
		/* The stall timer runs from the stop; drops do not push it. */
		netif_tx_stop_queue(txq);
		q->xnq_st[XNB_ST_QUEUE_STOPS]++;
		mod_timer(&q->xnq_stall_timer,
		    jiffies + msecs_to_jiffies(xnb_rx_stall_timeout));
	}
	xnb_rx_kick(q);
	return NETDEV_TX_OK;
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * xnb_ctrl.c: the control ring, and the receive-side steering it sets.
 *
 * netif.h, "Control ring": a frontend that sees "feature-ctrl-ring" may
 * write "ctrl-ring-ref" and "event-channel-ctrl" beside its queues' rings;
 * over that one-page ring it sends requests (struct
 * xen_netif_ctrl_request) and the backend answers each in order.  The
 * requests xnb serves are the hash messages: the algorithm (Toeplitz or
 * none), the hash types, the key and the mapping table from hash to
 * queue.  Windows PV drivers use them for receive-side scaling.
 *
 * What runs where:
 *  - The event channel's handler only schedules xct_work (a key or a
 *    table is fetched by grant copy, and publishing the state waits for
 *    an RCU grace period); the late EOI is issued by the work when it has
 *    served the ring, flagged spurious if the event brought no request
 *    (XSA-332).
 *  - xct_work copies each request once from the ring, vets and applies it
 *    to its own state (xnb_hash.c, pure), answers it, and once per pass,
 *    if the state changed, publishes it (xnb_ctrl_publish()): two copies
 *    live in struct xnb_ctrl, the published one and a spare; the new state
 *    goes into the spare, the pointer moves, and synchronize_rcu() makes
 *    the old one the spare.  Nothing is allocated per message, and a
 *    frontend that keeps changing the state costs Dom0 a grace period
 *    per pass, not memory.  The work runs only on the system workqueue,
 *    one instance at a time, and never takes xd_lock (the disconnect
 *    holds it while it waits for the work).
 *  - The transmit path (xnb_select_queue(), xnb_start_xmit() and
 *    xnb_ring_rx.c's RX action, which asks xnb_ctrl_hashing()) reads the
 *    published copy under RCU.
 *
 * Teardown (xnb_ctrl_disconnect(), under xd_lock): disable_irq() waits for
 * a running handler and keeps any other from starting, so nothing queues
 * the work again; cancel_work_sync() waits for a running work, which may
 * still issue its EOI on the bound IRQ; only then is the ring unbound and
 * unmapped and the copy page freed.  The published state goes last, to
 * readers that see it NULL from then on; synchronize_rcu() waits for the
 * readers of the old one, so that a new connection may write both
 * copies again.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/interrupt.h>
#include <linux/netdevice.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <xen/events.h>
#include <xen/grant_table.h>

#include "../common/ring/xbr_xen.h"
#include "xnb.h"

/*--------------------------------- Serving ---------------------------------*/
/*
 * Publish the work's state: write it into the copy no reader holds, point
 * the transmit path at it, and wait until no reader holds the other one,
 * which becomes the spare.  Sleeps (a grace period); on the work only.
 */
static void
xnb_ctrl_publish(struct xnb_ctrl *ct)
{
	struct xnb_hash *cur, *spare;

	cur = rcu_dereference_protected(ct->xct_pub, true);
	spare = cur == &ct->xct_copies[0] ? &ct->xct_copies[1] :
					      &ct->xct_copies[0];
	*spare = ct->xct_hash;
	rcu_assign_pointer(ct->xct_pub, spare);
	synchronize_rcu();
}

/*
 * Answer one request, a private copy.  The key or table a request names
 * is copied into xct_page; a copy that fails leaves the request without
 * its data (xnb_ctrl_apply() answers INVALID_PARAMETER); a request that
 * fails changes nothing.  Returns true if the state changed.
 */
static bool
xnb_ctrl_serve(struct xnb_ctrl *ct, const struct xen_netif_ctrl_request *req,
    struct xen_netif_ctrl_response *rsp)
{
	struct xnb_softc *sc = ct->xct_sc;
	struct xnb_hash next;
	struct gnttab_copy op;
	const void *buf = NULL;
	bool changed = false;
	unsigned int len;
	u32 status, data;

	len = xnb_ctrl_copylen(req);
	if (len != 0) {
		xnb_ctrl2gnttab(req, len, sc->xnb_dev->otherend_id,
		    xnb_page_to_gfn(ct->xct_page), 0, &op);
		gnttab_batch_copy(&op, 1);
		if (op.status == GNTST_okay)
			buf = page_address(ct->xct_page);
	}
	next = ct->xct_hash;
	status = xnb_ctrl_apply(&next, req, sc->xnb_nqueues, buf, &data);
	if (status == XEN_NETIF_CTRL_STATUS_SUCCESS &&
	    memcmp(&next, &ct->xct_hash, sizeof(next)) != 0) {
		ct->xct_hash = next;
		changed = true;
	}
	rsp->id = req->id;
	rsp->type = req->type;
	rsp->status = status;
	rsp->data = data;
	WRITE_ONCE(ct->xct_nreqs, ct->xct_nreqs + 1);
	if (status != XEN_NETIF_CTRL_STATUS_SUCCESS)
		WRITE_ONCE(ct->xct_nerrs, ct->xct_nerrs + 1);
	return changed;
}

/*
 * Serve what the ring holds.  The producer index is vetted once per pass
 * (no more than a ring of requests beyond the responses); each request is
 * copied once.  One pass serves at most a ring's worth and publishes the
 * state once, before the answers go out (a frontend that reads SUCCESS
 * finds the new state in force); if the frontend queued more meanwhile
 * the work runs again, so that a frontend cannot hold a worker forever.
 * The EOI goes when the ring is empty.
 *
 * Until the back ring is attached the work does nothing, not even the
 * EOI: the channel's first event arrives while it is being bound (Xen
 * marks a newly bound port pending), before xbr_connect() has stored the
 * IRQ; the work that xnb_ctrl_connect() schedules once the ring is ready
 * serves it and issues its EOI on the stored IRQ.
 */
static void
xnb_ctrl_work(struct work_struct *work)
{
	struct xnb_ctrl *ct = container_of(work, struct xnb_ctrl, xct_work);
	struct xen_netif_ctrl_back_ring *r = &ct->xct_back;
	struct xen_netif_ctrl_request req;
	struct xen_netif_ctrl_response rsp;
	struct xnb_softc *sc = ct->xct_sc;
	bool notify, changed = false, more = false;
	RING_IDX prod, cons;

	/* Acquire: the back ring's fields are written before the flag. */
	if (!smp_load_acquire(&ct->xct_ready))
		return;
	if (ct->xct_dead)
		goto eoi;
	prod = xbr_fetch_prod(&r->sring->req_prod);
	if (xbr_check_prod(prod, r->req_cons, r->rsp_prod_pvt, RING_SIZE(r)) <
	    0) {
		ct->xct_dead = true;
		xbs_xen_dev_fatal_later(&sc->xnb_xd,
		    "%s: control ring producer index %u beyond the ring",
		    netdev_name(sc->xnb_ifp), prod);
		goto eoi;
	}
	for (cons = r->req_cons; cons != prod; cons++) {
		RING_COPY_REQUEST(r, cons, &req);
		r->req_cons = cons + 1;
		changed |= xnb_ctrl_serve(ct, &req, &rsp);
		*RING_GET_RESPONSE(r, r->rsp_prod_pvt) = rsp;
		r->rsp_prod_pvt++;
		set_bit(XNB_CTRL_WORK, &ct->xct_flags);
	}
	if (changed)
		xnb_ctrl_publish(ct);
	RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(r, notify);
	if (notify)
		notify_remote_via_irq(ct->xct_ring.xrg_irq);
	RING_FINAL_CHECK_FOR_REQUESTS(r, more);
eoi:
	if (more) {
		schedule_work(&ct->xct_work);
		return;
	}
	if (test_and_clear_bit(XNB_CTRL_EOI, &ct->xct_flags))
		xen_irq_lateeoi(ct->xct_ring.xrg_irq,
		    test_and_clear_bit(XNB_CTRL_WORK, &ct->xct_flags) ?
			0 :
			XEN_EOI_FLAG_SPURIOUS);
}

/* The control ring's event channel: the work does the rest. */
static irqreturn_t
xnb_ctrl_intr(int irq, void *arg)
{
	struct xnb_ctrl *ct = arg;

	set_bit(XNB_CTRL_EOI, &ct->xct_flags);
	schedule_work(&ct->xct_work);
	return IRQ_HANDLED;
}

/*-------------------------------- Steering ---------------------------------*/
/**
 * xnb_ctrl_hashing() - does the guest want Toeplitz hashes?
 * @ct: the control ring.
 *
 * Return: true once the frontend chose the Toeplitz algorithm: its
 * packets then carry hash extras (netif.h, "Hash" extra info).
 */
bool
xnb_ctrl_hashing(struct xnb_ctrl *ct)
{
	const struct xnb_hash *h;
	bool on;

	rcu_read_lock();
	h = rcu_dereference(ct->xct_pub);
	on = h != NULL && h->xhs_alg == XEN_NETIF_CTRL_HASH_ALGORITHM_TOEPLITZ;
	rcu_read_unlock();
	return on;
}

/**
 * xnb_ctrl_steer() - hash a packet for the guest as the guest asked.
 * @ct: the control ring.
 * @skb: a packet for the guest.
 * @nq: the vif's queues.
 *
 * With the Toeplitz algorithm chosen, the packet gets its Toeplitz hash
 * over the headers the frontend chose (xnb_skb_hash()), and the mapping
 * table (or the hash modulo the queues) picks its queue (netif.h,
 * XEN_NETIF_CTRL_TYPE_SET_HASH_MAPPING).
 *
 * Return: the queue, below @nq; -1 without the Toeplitz algorithm (the
 * packet's hash is left as it is).
 */
int
xnb_ctrl_steer(struct xnb_ctrl *ct, struct sk_buff *skb, unsigned int nq)
{
	const struct xnb_hash *h;
	int q = -1;

	rcu_read_lock();
	h = rcu_dereference(ct->xct_pub);
	if (h != NULL && h->xhs_alg == XEN_NETIF_CTRL_HASH_ALGORITHM_TOEPLITZ) {
		xnb_skb_hash(h, skb);
		q = xnb_hash2queue(h, skb->hash, nq);
	}
	rcu_read_unlock();
	return q;
}

/**
 * xnb_select_queue() - ndo_select_queue: the queue the guest asked for.
 * @ifp: the vif.
 * @skb: a packet for the guest.
 * @sb_dev: the subordinate device, for netdev_pick_tx().
 *
 * The stack calls it only when the vif has more than one queue (the
 * single queue's packets are hashed in xnb_start_xmit()).
 *
 * Return: xnb_ctrl_steer()'s queue, else the stack's own choice.
 */
u16
xnb_select_queue(struct net_device *ifp, struct sk_buff *skb,
    struct net_device *sb_dev)
{
	struct xnb_softc *sc = xnb_netdev_softc(ifp);
	unsigned int nq = ifp->real_num_tx_queues;
	int q;

	q = xnb_ctrl_steer(&sc->xnb_ctrl, skb, nq);
	if (q >= 0)
		return q;
	return netdev_pick_tx(ifp, skb, sb_dev) % nq;
}

/*-------------------------------- Connection -------------------------------*/
/**
 * xnb_ctrl_init() - set up an unconnected control ring at probe.
 * @ct: the control ring.
 * @sc: its device.
 */
void
xnb_ctrl_init(struct xnb_ctrl *ct, struct xnb_softc *sc)
{
	ct->xct_sc = sc;
	xbr_ring_init(&ct->xct_ring, &xbr_xen_ops, sc->xnb_dev);
	INIT_WORK(&ct->xct_work, xnb_ctrl_work);
	RCU_INIT_POINTER(ct->xct_pub, NULL);
}

/**
 * xnb_ctrl_connect() - map and bind the frontend's control ring.
 * @ct: the control ring.
 * @lay: its grant reference and event channel, read from XenStore.
 *
 * Called with xd_lock held, with the queues connected (a mapping table
 * is checked against their number).  A ring handed over by another
 * backend carries on from its responses (xbr_attach_index()); the hash
 * state starts afresh: no hashing until the frontend sets it again.
 *
 * Return: 0, -ENOMEM, -EPROTO (indexes more than a ring apart, reported),
 * or the mapping's or binding's error.
 */
int
xnb_ctrl_connect(struct xnb_ctrl *ct, const struct xbr_layout *lay)
{
	struct xnb_softc *sc = ct->xct_sc;
	struct xen_netif_ctrl_sring *s;
	RING_IDX req, rsp, start;
	int error;

	lockdep_assert_held(&sc->xnb_xd.xd_lock);
	ct->xct_page = alloc_page(GFP_KERNEL);
	if (ct->xct_page == NULL)
		return -ENOMEM;
	/* No reader holds either copy (xnb_ctrl_disconnect() waited). */
	xnb_hash_init(&ct->xct_hash);
	ct->xct_copies[0] = ct->xct_hash;
	ct->xct_flags = 0;
	ct->xct_ready = false;
	ct->xct_dead = false;
	ct->xct_nreqs = 0;
	ct->xct_nerrs = 0;
	snprintf(ct->xct_name, sizeof(ct->xct_name), "xnb-%d-%u-ctrl",
	    sc->xnb_dev->otherend_id, sc->xnb_handle);
	error = xbr_connect(&ct->xct_ring, lay, xnb_ctrl_intr, ct->xct_name,
	    ct);
	if (error != 0)
		goto fail_page;
	s = ct->xct_ring.xrg_va;
	req = READ_ONCE(s->req_prod);
	rsp = READ_ONCE(s->rsp_prod);
	if (xbr_attach_index(req, rsp, __RING_SIZE(s, XBR_PAGE_SIZE), &start) !=
	    0) {
		error = -EPROTO;
		xenbus_dev_error(sc->xnb_dev, error,
		    "control ring indexes %u/%u (req_prod/rsp_prod) are more than a ring apart",
		    req, rsp);
		goto fail_attach;
	}
	/*
	 * The handler may already have run: its work found the ring not
	 * ready and did nothing, not even the EOI.  The work scheduled here
	 * serves what the frontend queued before and issues that EOI.
	 */
	BACK_RING_ATTACH(&ct->xct_back, s, start, XBR_PAGE_SIZE);
	rcu_assign_pointer(ct->xct_pub, &ct->xct_copies[0]);
	smp_store_release(&ct->xct_ready, true);
	schedule_work(&ct->xct_work);
	if (start != 0)
		dev_info(&sc->xnb_dev->dev,
		    "taking the control ring over at %u\n", start);
	return 0;

fail_attach:
	disable_irq(ct->xct_ring.xrg_irq);
	cancel_work_sync(&ct->xct_work);
	xbr_disconnect(&ct->xct_ring);
fail_page:
	__free_page(ct->xct_page);
	ct->xct_page = NULL;
	return error;
}

/**
 * xnb_ctrl_disconnect() - unbind and unmap the control ring, if any.
 * @ct: the control ring.
 *
 * Called with xd_lock held; may sleep.  The order is the file's comment's.
 */
void
xnb_ctrl_disconnect(struct xnb_ctrl *ct)
{
	lockdep_assert_held(&ct->xct_sc->xnb_xd.xd_lock);
	if (ct->xct_page == NULL)
		return;
	disable_irq(ct->xct_ring.xrg_irq);
	cancel_work_sync(&ct->xct_work);
	ct->xct_ready = false;
	ct->xct_back.sring = NULL;
	xbr_disconnect(&ct->xct_ring);
	__free_page(ct->xct_page);
	ct->xct_page = NULL;
	RCU_INIT_POINTER(ct->xct_pub, NULL);
	synchronize_rcu();
}

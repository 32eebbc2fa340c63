// SPDX-License-Identifier: GPL-2.0-only
/*
 * xbr_ring.c: negotiating a ring's shape and vetting its indexes.
 *
 * The frontend describes its ring in XenStore (blkif.h, "Multi-page ring
 * extensions" and the "ring-ref" node): how many pages, their grant
 * references, its event channel.  xbr_read_layout() reads all of it once,
 * checks it against what the backend offered, and returns a private
 * struct xbr_layout; nothing is read from XenStore again for that
 * connection.
 *
 * xbr_check_prod() is the check a consumer makes on every batch: the
 * frontend owns req_prod and can write anything there.
 */
#define pr_fmt(fmt) "xbr: " fmt

#include <linux/kernel.h>
#include <linux/log2.h>
#include <linux/slab.h>

#include "xbr.h"

/*---------------------------------- Sizes ----------------------------------*/
/**
 * xbr_ring_size() - entries in a shared ring of @npages pages.
 * @entry_size: size of one entry (the union of request and response).
 * @npages: pages in the ring.
 *
 * The same value as ring.h's __CONST_RING_SIZE(), computed at run time for
 * a negotiated number of pages: what fits after the header, rounded down
 * to a power of two so that indexes can be masked.
 *
 * Return: the number of entries, or 0 if not even one fits.
 */
unsigned int
xbr_ring_size(size_t entry_size, unsigned int npages)
{
	size_t bytes = (size_t)npages * XBR_PAGE_SIZE;

	if (entry_size == 0 || bytes <= XBR_SRING_HDR ||
	    (bytes - XBR_SRING_HDR) / entry_size == 0)
		return 0;
	return rounddown_pow_of_two((bytes - XBR_SRING_HDR) / entry_size);
}

/**
 * xbr_scheme_name() - printable name of a multi-page ring scheme.
 * @scheme: the scheme.
 *
 * Return: the XenStore node that identifies the scheme, or "single".
 */
const char *
xbr_scheme_name(enum xbr_scheme scheme)
{
	switch (scheme) {
	case XBR_SCHEME_ORDER:
		return "ring-page-order";
	case XBR_SCHEME_PAGES:
		return "num-ring-pages";
	case XBR_SCHEME_SINGLE:
	default:
		return "single";
	}
}

/*------------------------------- Negotiation -------------------------------*/
/**
 * xbr_publish_limits() - offer multi-page rings to the frontend.
 * @xs: the store.
 * @be_dir: the backend's directory.
 * @max_order: log2 of the largest ring the backend accepts.
 *
 * Both schemes are offered: "max-ring-page-order" and "max-ring-pages".
 * With @max_order 0 nothing is written; the legacy single-page protocol
 * needs no node, and Citrix frontends treat an offered extension as a
 * promise that "ring-ref%u" nodes will be read (FreeBSD, 2012-03-25).
 *
 * Return: 0, -EINVAL for @max_order above XBR_MAX_ORDER, or the error of
 * the transaction.
 */
int
xbr_publish_limits(struct xbs_store *xs, const char *be_dir,
    unsigned int max_order)
{
	const struct xbs_node nodes[] = {
		XBS_UINT("max-ring-page-order", max_order),
		XBS_UINT("max-ring-pages", 1U << max_order),
	};

	if (max_order == 0)
		return 0;
	if (max_order > XBR_MAX_ORDER)
		return -EINVAL;
	return xbs_publish(xs, be_dir, nodes, ARRAY_SIZE(nodes));
}

/**
 * xbr_read_ref() - read one grant reference node.
 * @xs: the store.
 * @dir: the frontend's directory.
 * @node: the node, e.g. "ring-ref", "ring-ref3", "tx-ring-ref".
 * @ref: where the reference goes.
 *
 * Return: 0 or the reader's error (a reference of ~0 is refused: it is
 * the value frontends use for "no grant").
 */
int
xbr_read_ref(struct xbs_store *xs, const char *dir, const char *node,
    grant_ref_t *ref)
{
	unsigned int v;
	int error;

	error = xbs_read_uint(xs, XBS_TXN_NONE, dir, node, 0,
	    XBR_GREF_INVALID - 1, 0, XBS_REQUIRED, &v);
	if (error != 0)
		return error;
	*ref = v;
	return 0;
}

/**
 * xbr_read_evtchn() - read one event channel node.
 * @xs: the store.
 * @dir: the frontend's directory.
 * @node: the node, e.g. "event-channel" or "event-channel-tx".
 * @port: where the port goes.
 *
 * Return: 0 or the reader's error; port 0 is never a valid channel.
 */
int
xbr_read_evtchn(struct xbs_store *xs, const char *dir, const char *node,
    unsigned int *port)
{
	return xbs_read_uint(xs, XBS_TXN_NONE, dir, node, 1, XBR_EVTCHN_MAX, 0,
	    XBS_REQUIRED, port);
}

/*
 * The ring's size, from FE_DIR: "ring-page-order" (0 to MAX_ORDER) wins
 * when present; otherwise "num-ring-pages" (a power of two up to
 * 2^MAX_ORDER); otherwise one page.  A frontend that writes both must make
 * them agree.  Sets LAY's scheme and page count.
 */
static int
xbr_read_shape(struct xbs_store *xs, const char *fe_dir, unsigned int max_order,
    struct xbr_layout *lay)
{
	unsigned int order, npages;
	int eorder, epages;

	if (max_order > XBR_MAX_ORDER)
		max_order = XBR_MAX_ORDER;
	eorder = xbs_read_uint(xs, XBS_TXN_NONE, fe_dir, "ring-page-order", 0,
	    max_order, 0, XBS_OPTIONAL, &order);
	if (eorder < 0)
		return eorder;
	epages = xbs_read_uint(xs, XBS_TXN_NONE, fe_dir, "num-ring-pages", 1,
	    1U << max_order, 1, XBS_OPTIONAL, &npages);
	if (epages < 0)
		return epages;
	if (epages == 0 && !is_power_of_2(npages)) {
		xbs_report(xs, -EINVAL,
		    "%s/num-ring-pages: %u is not a power of two", fe_dir,
		    npages);
		return -EINVAL;
	}
	if (eorder == 0 && epages == 0 && npages != 1U << order) {
		xbs_report(xs, -EINVAL,
		    "%s: ring-page-order %u and num-ring-pages %u disagree",
		    fe_dir, order, npages);
		return -EINVAL;
	}
	if (eorder == 0) {
		lay->xrl_scheme = XBR_SCHEME_ORDER;
		lay->xrl_npages = 1U << order;
	} else if (epages == 0) {
		lay->xrl_scheme = XBR_SCHEME_PAGES;
		lay->xrl_npages = npages;
	} else {
		lay->xrl_scheme = XBR_SCHEME_SINGLE;
		lay->xrl_npages = 1;
	}
	return 0;
}

/*
 * The grant references of LAY's pages and the event channel, from DIR:
 * one page from "ring-ref" (or "ring-ref0" from frontends that number it
 * anyway); more from "ring-ref0" .. "ring-ref<n-1>".  Then
 * "event-channel".
 */
static int
xbr_read_refs(struct xbs_store *xs, const char *dir, struct xbr_layout *lay)
{
	unsigned int i;
	char node[16];
	int error;

	if (lay->xrl_npages == 1) {
		if (xbs_exists(xs, XBS_TXN_NONE, dir, "ring-ref") ||
		    !xbs_exists(xs, XBS_TXN_NONE, dir, "ring-ref0"))
			error = xbr_read_ref(xs, dir, "ring-ref",
			    &lay->xrl_refs[0]);
		else
			error = xbr_read_ref(xs, dir, "ring-ref0",
			    &lay->xrl_refs[0]);
		if (error != 0)
			return error;
	} else {
		for (i = 0; i < lay->xrl_npages; i++) {
			snprintf(node, sizeof(node), "ring-ref%u", i);
			error = xbr_read_ref(xs, dir, node, &lay->xrl_refs[i]);
			if (error != 0)
				return error;
		}
	}
	return xbr_read_evtchn(xs, dir, "event-channel", &lay->xrl_evtchn);
}

/**
 * xbr_read_layout() - read and vet the frontend's ring description.
 * @xs: the store.
 * @fe_dir: the frontend's directory (or its queue-N subdirectory).
 * @max_order: the largest order the backend offered.
 * @lay: where the vetted layout goes.
 *
 * The size as xbr_read_shape() reads it, then the references and the
 * event channel (xbr_read_refs()), all from @fe_dir.
 *
 * Return: 0, or a negative errno after reporting which node was wrong.
 */
int
xbr_read_layout(struct xbs_store *xs, const char *fe_dir,
    unsigned int max_order, struct xbr_layout *lay)
{
	int error;

	memset(lay, 0, sizeof(*lay));
	error = xbr_read_shape(xs, fe_dir, max_order, lay);
	if (error != 0)
		return error;
	return xbr_read_refs(xs, fe_dir, lay);
}

/**
 * xbr_read_queues() - read and vet a multi-queue frontend's rings.
 * @xs: the store.
 * @fe_dir: the frontend's directory.
 * @max_queues: what the backend offered as "multi-queue-max-queues".
 * @max_order: the largest ring order the backend offered.
 * @lays: @max_queues layouts, filled in.
 * @nqueues: how many queues the frontend asked for.
 *
 * blkif.h, "multi-queue-num-queues": a frontend that uses one ring (or
 * does not know the feature) describes it in @fe_dir as before.  One that
 * asks for N > 1 writes the ring's size once, in @fe_dir
 * ("ring-page-order" or "num-ring-pages": every queue's ring is that
 * size), and each queue's references and event channel under
 * @fe_dir/queue-0 .. queue-<N-1>.  A count of 0 or above @max_queues, or
 * any queue's missing or bad node, refuses the whole connection; nodes of
 * queues beyond N are never read.
 *
 * Return: 0, or a negative errno after reporting which node was wrong.
 */
int
xbr_read_queues(struct xbs_store *xs, const char *fe_dir,
    unsigned int max_queues, unsigned int max_order, struct xbr_layout *lays,
    unsigned int *nqueues)
{
	unsigned int nq, i;
	char *dir;
	int error;

	error = xbs_read_uint(xs, XBS_TXN_NONE, fe_dir,
	    "multi-queue-num-queues", 1, max_queues, 1, XBS_OPTIONAL, &nq);
	if (error < 0)
		return error;
	if (nq == 1) {
		error = xbr_read_layout(xs, fe_dir, max_order, &lays[0]);
		if (error == 0)
			*nqueues = 1;
		return error;
	}
	memset(&lays[0], 0, sizeof(lays[0]));
	error = xbr_read_shape(xs, fe_dir, max_order, &lays[0]);
	if (error != 0)
		return error;
	for (i = 0; i < nq; i++) {
		if (i > 0) {
			memset(&lays[i], 0, sizeof(lays[i]));
			lays[i].xrl_scheme = lays[0].xrl_scheme;
			lays[i].xrl_npages = lays[0].xrl_npages;
		}
		dir = kasprintf(GFP_KERNEL, "%s/queue-%u", fe_dir, i);
		if (dir == NULL)
			return -ENOMEM;
		error = xbr_read_refs(xs, dir, &lays[i]);
		kfree(dir);
		if (error != 0)
			return error;
	}
	*nqueues = nq;
	return 0;
}

/*------------------------------ Index checks -------------------------------*/
/**
 * xbr_check_prod() - vet a frontend's request producer index.
 * @prod: the private copy of req_prod (xbr_fetch_prod()).
 * @req_cons: the backend's consumer index.
 * @rsp_prod_pvt: the backend's private response producer index.
 * @size: entries in the ring.
 *
 * Requests not yet answered (prod - rsp_prod_pvt) can never exceed the
 * ring's size, and the producer can never move behind the consumer.  All
 * arithmetic is modulo 2^32, so wrapped indexes are handled.
 *
 * Return: the number of new requests (0 to @size), or -EPROTO.
 */
int
xbr_check_prod(RING_IDX prod, RING_IDX req_cons, RING_IDX rsp_prod_pvt,
    unsigned int size)
{
	if ((RING_IDX)(prod - rsp_prod_pvt) > size ||
	    (RING_IDX)(prod - req_cons) > size)
		return -EPROTO;
	return (int)(RING_IDX)(prod - req_cons);
}

/**
 * xbr_attach_index() - where a backend takes over a ring already in use.
 * @req_prod: the private copy of the shared req_prod.
 * @rsp_prod: the private copy of the shared rsp_prod.
 * @size: entries in the ring.
 * @start: set to the index the backend's req_cons and rsp_prod_pvt start
 *	from.
 *
 * A ring the frontend has just initialised has both indexes at 0.  A ring
 * handed over from another backend (unbind and bind, or a module swap,
 * with the frontend still Connected) carries on from its responses: the
 * driver that let it go answered every request it had taken, so the
 * requests from rsp_prod on are the ones nobody took yet (Linux's
 * BACK_RING_ATTACH() in xen-blkback and xen-netback starts there too).
 * Both indexes are the frontend's to write; the private copies are
 * vetted once here: no more requests outstanding than the ring holds.
 *
 * Return: 0, or -EPROTO if the indexes cannot belong to a valid ring.
 */
int
xbr_attach_index(RING_IDX req_prod, RING_IDX rsp_prod, unsigned int size,
    RING_IDX *start)
{
	if ((RING_IDX)(req_prod - rsp_prod) > size)
		return -EPROTO;
	*start = rsp_prod;
	return 0;
}

#if IS_ENABLED(CONFIG_XBR_KUNIT_TEST)
#include "xbr_ring_test.c"
#endif

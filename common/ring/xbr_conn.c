// SPDX-License-Identifier: GPL-2.0-only
/*
 * xbr_conn.c: connecting a negotiated ring: map its pages, bind its event
 * channel, and undo both in reverse order.
 *
 * The hypervisor calls go through struct xbr_hv_ops; xbr_xen.c provides
 * the Dom0 implementation (xenbus_map_ring_valloc() and the lateeoi
 * binding), and the KUnit suites a fake that can be told to fail.
 */
#define pr_fmt(fmt) "xbr: " fmt

#include <linux/kernel.h>
#include <linux/string.h>

#include "xbr.h"

/**
 * xbr_ring_init() - prepare an unconnected ring.
 * @r: the ring.
 * @ops: hypervisor operations.
 * @hv: their context.
 */
void
xbr_ring_init(struct xbr_ring *r, const struct xbr_hv_ops *ops, void *hv)
{
	memset(r, 0, sizeof(*r));
	r->xrg_ops = ops;
	r->xrg_hv = hv;
	r->xrg_irq = -1;
}

/**
 * xbr_connect() - map a ring's pages and bind its event channel.
 * @r: the ring, prepared by xbr_ring_init().
 * @lay: the vetted layout.
 * @handler: the interrupt handler, which must call xen_irq_lateeoi(); NULL
 *	for a ring whose events arrive on another ring's channel (a netif
 *	RX ring without split event channels).
 * @name: the IRQ's name.
 * @arg: the handler's cookie.
 *
 * Return: 0, or a negative errno with nothing left mapped or bound.
 */
int
xbr_connect(struct xbr_ring *r, const struct xbr_layout *lay,
    irq_handler_t handler, const char *name, void *arg)
{
	int error, irq;

	if (lay->xrl_npages == 0 || lay->xrl_npages > XBR_MAX_PAGES)
		return -EINVAL;
	r->xrg_layout = *lay;
	error = r->xrg_ops->xho_map(r->xrg_hv, r->xrg_layout.xrl_refs,
	    r->xrg_layout.xrl_npages, &r->xrg_va);
	if (error != 0)
		goto fail_map;
	if (handler == NULL)
		return 0;
	irq = r->xrg_ops->xho_bind(r->xrg_hv, r->xrg_layout.xrl_evtchn, handler,
	    name, arg);
	if (irq < 0) {
		error = irq;
		goto fail_bind;
	}
	r->xrg_irq = irq;
	r->xrg_arg = arg;
	return 0;

fail_bind:
	r->xrg_ops->xho_unmap(r->xrg_hv, r->xrg_va);
fail_map:
	r->xrg_va = NULL;
	return error;
}

/**
 * xbr_bind() - bind the event channel of a ring mapped without a handler.
 * @r: the ring, mapped by xbr_connect() with a NULL handler.
 * @handler: the interrupt handler, which must call xen_irq_lateeoi().
 * @name: the IRQ's name.
 * @arg: the handler's cookie.
 *
 * For drivers that must set up their view of the ring between mapping it
 * and the first interrupt.
 *
 * Return: 0, or a negative errno (the ring stays mapped).
 */
int
xbr_bind(struct xbr_ring *r, irq_handler_t handler, const char *name, void *arg)
{
	int irq;

	if (r->xrg_va == NULL || r->xrg_irq >= 0)
		return -EINVAL;
	irq = r->xrg_ops->xho_bind(r->xrg_hv, r->xrg_layout.xrl_evtchn, handler,
	    name, arg);
	if (irq < 0)
		return irq;
	r->xrg_irq = irq;
	r->xrg_arg = arg;
	return 0;
}

/**
 * xbr_disconnect() - unbind and unmap a ring; safe on an unconnected ring.
 * @r: the ring.
 *
 * The IRQ goes first so that no handler runs on unmapped pages.
 */
void
xbr_disconnect(struct xbr_ring *r)
{
	if (r->xrg_irq >= 0) {
		r->xrg_ops->xho_unbind(r->xrg_hv, r->xrg_irq, r->xrg_arg);
		r->xrg_irq = -1;
		r->xrg_port = 0;
	}
	if (r->xrg_va != NULL) {
		r->xrg_ops->xho_unmap(r->xrg_hv, r->xrg_va);
		r->xrg_va = NULL;
	}
}

/**
 * xbr_peer_open() - has the frontend still its end of the ring's channel?
 * @r: the ring, bound.
 *
 * A frontend closes its end when it frees the ring (Linux's blkfront and
 * netfront do so once their device is removed and its I/O is over), so a
 * backend that keeps answering a ring after its close may stop then.
 *
 * Return: false once the frontend (or its domain) has closed its end;
 * true while it is open, and whenever that cannot be told.
 */
bool
xbr_peer_open(struct xbr_ring *r)
{
	if (r->xrg_irq < 0 || r->xrg_ops->xho_peer_open == NULL)
		return true;
	return r->xrg_ops->xho_peer_open(r->xrg_hv, r->xrg_irq,
	    r->xrg_layout.xrl_evtchn, &r->xrg_port);
}

#if IS_ENABLED(CONFIG_XBR_KUNIT_TEST)
#include "xbr_conn_test.c"
#endif

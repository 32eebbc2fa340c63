// SPDX-License-Identifier: GPL-2.0-only
/*
 * xbr_xen.c: struct xbr_hv_ops backed by the real hypervisor.
 *
 * Ring pages are mapped with xenbus_map_ring_valloc(), which takes all of
 * a multi-page ring's grants in one call and maps them contiguously, and
 * the event channel is bound with the lateeoi API: the handler must call
 * xen_irq_lateeoi() when it has done its work, which lets the event
 * channel core throttle a frontend that raises events without giving us
 * work (XSA-332).
 */
#define pr_fmt(fmt) "xbr: " fmt

#include <xen/events.h>
#include <xen/xenbus.h>

#include "xbr.h"
#include "xbr_xen.h"

static int
xbr_xen_map(void *hv, const grant_ref_t *refs, unsigned int nrefs, void **va)
{
	grant_ref_t copy[XBR_MAX_PAGES];

	/* xenbus_map_ring_valloc() takes a non-const array. */
	memcpy(copy, refs, nrefs * sizeof(copy[0]));
	return xenbus_map_ring_valloc(hv, copy, nrefs, va);
}

static void
xbr_xen_unmap(void *hv, void *va)
{
	xenbus_unmap_ring_vfree(hv, va);
}

static int
xbr_xen_bind(void *hv, unsigned int port, irq_handler_t handler,
    const char *name, void *arg)
{
	return bind_interdomain_evtchn_to_irqhandler_lateeoi(hv, port, handler,
	    0, name, arg);
}

static void
xbr_xen_unbind(void *hv, int irq, void *arg)
{
	unbind_from_irqhandler(irq, arg);
}

const struct xbr_hv_ops xbr_xen_ops = {
	.xho_map = xbr_xen_map,
	.xho_unmap = xbr_xen_unmap,
	.xho_bind = xbr_xen_bind,
	.xho_unbind = xbr_xen_unbind,
};

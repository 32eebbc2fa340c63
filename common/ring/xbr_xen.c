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

#include <linux/rcupdate.h>
#include <xen/events.h>
#include <xen/interface/event_channel.h>
#include <xen/xenbus.h>
#include <asm/xen/hypercall.h>

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

/*
 * Is the remote end of bound IRQ still the frontend's port REMOTE?  Linux
 * exports no map from an IRQ to its port, so the port is found once by
 * asking each port's IRQ (a lookup in the event core's table, at a
 * teardown only) and kept in *PORT (XBR_PORT_UNKNOWN: not found, and not
 * looked for again).  Xen shows our port unbound once the frontend closes
 * its end or its domain dies (EVTCHNOP_status, xen/include/public/
 * event_channel.h); a frontend that binds to it again from another port
 * does not count.
 */
static bool
xbr_xen_peer_open(void *hv, int irq, unsigned int remote, unsigned int *port)
{
	struct evtchn_status st;
	unsigned int p, n;

	if (*port == 0) {
		n = xen_evtchn_nr_channels();
		/* Other ports' entries are freed after an RCU grace period. */
		rcu_read_lock();
		for (p = 1; p < n; p++)
			if (irq_from_evtchn(p) == (unsigned int)irq)
				break;
		rcu_read_unlock();
		*port = p < n ? p : XBR_PORT_UNKNOWN;
	}
	if (*port == XBR_PORT_UNKNOWN)
		return true;
	st = (struct evtchn_status){ .dom = DOMID_SELF, .port = *port };
	if (HYPERVISOR_event_channel_op(EVTCHNOP_status, &st) != 0)
		return true;
	return st.status == EVTCHNSTAT_interdomain &&
	    st.u.interdomain.port == remote;
}

const struct xbr_hv_ops xbr_xen_ops = {
	.xho_map = xbr_xen_map,
	.xho_unmap = xbr_xen_unmap,
	.xho_bind = xbr_xen_bind,
	.xho_unbind = xbr_xen_unbind,
	.xho_peer_open = xbr_xen_peer_open,
};

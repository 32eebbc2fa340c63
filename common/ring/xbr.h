/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xbr: shared ring plumbing for the Xen backends.
 *
 * - Multi-page ring negotiation in both schemes that exist in the wild
 *   (blkif.h, "Multi-page ring extensions"): Linux/Amazon/Red Hat's
 *   "ring-page-order" and Citrix's "max-ring-pages"/"num-ring-pages", both
 *   with the grant references in "ring-ref%u".  A one-page ring uses the
 *   legacy "ring-ref" node whatever the scheme, and a backend limited to
 *   one page publishes nothing extra (FreeBSD, 2012-03-25: Citrix
 *   frontends assume the new nodes exist once the extension is offered).
 *
 * - The producer index check every consumer needs: a frontend whose
 *   req_prod claims more requests than fit in the ring is broken or
 *   hostile, and the ring is shut down.
 *
 * - Mapping the ring's pages and binding its event channel through a
 *   small table of hypervisor operations (struct xbr_hv_ops), with the
 *   lateeoi IRQ API so that an event storm cannot starve Dom0.
 */
#ifndef _XBR_H_
#define _XBR_H_

#include <asm/barrier.h>
#include <linux/interrupt.h>
#include <linux/types.h>
#include <xen/interface/grant_table.h>
#include <xen/interface/io/ring.h>

#include "../xenbus/xbs.h"

/* Xen's page size; the ring format is defined in units of it. */
#define XBR_PAGE_SIZE 4096U
/* Largest ring the protocol allows: XENBUS_MAX_RING_GRANT_ORDER. */
#define XBR_MAX_ORDER 4U
#define XBR_MAX_PAGES (1U << XBR_MAX_ORDER)
/* Bytes of a shared ring before its first entry (ring.h's sring header). */
#define XBR_SRING_HDR 64U
/* Event channel ports: 0 is never valid; the FIFO ABI stops at 2^17. */
#define XBR_EVTCHN_MAX ((1U << 17) - 1)
/* The grant reference frontends use to mean "none". */
#define XBR_GREF_INVALID 0xffffffffU

/* Which multi-page scheme the frontend used. */
enum xbr_scheme {
	XBR_SCHEME_SINGLE, /* legacy: "ring-ref" only */
	XBR_SCHEME_ORDER,  /* "ring-page-order" + "ring-ref%u" */
	XBR_SCHEME_PAGES,  /* "num-ring-pages" + "ring-ref%u" */
};

/**
 * struct xbr_layout - a ring as the frontend described it, vetted.
 * @xrl_scheme: the scheme the frontend used.
 * @xrl_npages: pages in the ring, a power of two.
 * @xrl_refs: grant references of the pages.
 * @xrl_evtchn: the frontend's event channel port.
 */
struct xbr_layout {
	enum xbr_scheme xrl_scheme;
	unsigned int xrl_npages;
	grant_ref_t xrl_refs[XBR_MAX_PAGES];
	unsigned int xrl_evtchn;
};

/**
 * struct xbr_hv_ops - the hypervisor calls a ring needs.
 * @xho_map: map @nrefs granted pages contiguously; set *@va.
 * @xho_unmap: undo @xho_map.
 * @xho_bind: bind the frontend's port to @handler with lateeoi; returns
 *	the IRQ number or a negative errno.
 * @xho_unbind: undo @xho_bind.
 * @xho_peer_open: is the other end of bound @irq still the frontend's port
 *	@remote?  True when it cannot tell.  *@port caches the local port
 *	(0: not looked for yet).  Optional (NULL: cannot tell).
 */
struct xbr_hv_ops {
	int (*xho_map)(void *hv, const grant_ref_t *refs, unsigned int nrefs,
	    void **va);
	void (*xho_unmap)(void *hv, void *va);
	int (*xho_bind)(void *hv, unsigned int port, irq_handler_t handler,
	    const char *name, void *arg);
	void (*xho_unbind)(void *hv, int irq, void *arg);
	bool (*xho_peer_open)(void *hv, int irq, unsigned int remote,
	    unsigned int *port);
};

/* struct xbr_ring's xrg_port: looked for, not found. */
#define XBR_PORT_UNKNOWN (~0U)

/**
 * struct xbr_ring - one connected ring.
 * @xrg_ops: hypervisor operations.
 * @xrg_hv: their context (a xenbus_device in a Dom0).
 * @xrg_layout: what was negotiated.
 * @xrg_va: where the pages are mapped, or NULL.
 * @xrg_irq: the bound IRQ, or -1.
 * @xrg_arg: cookie given to the handler, needed to unbind.
 * @xrg_port: the local port of @xrg_irq once xbr_peer_open() has looked
 *	for it (%XBR_PORT_UNKNOWN if not found), or 0.
 */
struct xbr_ring {
	const struct xbr_hv_ops *xrg_ops;
	void *xrg_hv;
	struct xbr_layout xrg_layout;
	void *xrg_va;
	int xrg_irq;
	void *xrg_arg;
	unsigned int xrg_port;
};

/* xbr_ring.c: pure negotiation and index checks. */
unsigned int xbr_ring_size(size_t entry_size, unsigned int npages);
int xbr_publish_limits(struct xbs_store *xs, const char *be_dir,
    unsigned int max_order);
int xbr_read_ref(struct xbs_store *xs, const char *dir, const char *node,
    grant_ref_t *ref);
int xbr_read_evtchn(struct xbs_store *xs, const char *dir, const char *node,
    unsigned int *port);
int xbr_read_layout(struct xbs_store *xs, const char *fe_dir,
    unsigned int max_order, struct xbr_layout *lay);
int xbr_read_queues(struct xbs_store *xs, const char *fe_dir,
    unsigned int max_queues, unsigned int max_order, struct xbr_layout *lays,
    unsigned int *nqueues);
int xbr_check_prod(RING_IDX prod, RING_IDX req_cons, RING_IDX rsp_prod_pvt,
    unsigned int size);
int xbr_attach_index(RING_IDX req_prod, RING_IDX rsp_prod, unsigned int size,
    RING_IDX *start);
const char *xbr_scheme_name(enum xbr_scheme scheme);

/* xbr_conn.c: mapping and binding through struct xbr_hv_ops. */
void xbr_ring_init(struct xbr_ring *r, const struct xbr_hv_ops *ops, void *hv);
int xbr_connect(struct xbr_ring *r, const struct xbr_layout *lay,
    irq_handler_t handler, const char *name, void *arg);
int xbr_bind(struct xbr_ring *r, irq_handler_t handler, const char *name,
    void *arg);
void xbr_disconnect(struct xbr_ring *r);
bool xbr_peer_open(struct xbr_ring *r);

/**
 * xbr_fetch_prod() - read a frontend's producer index once.
 * @shared: the producer field in the shared page.
 *
 * The value is read once and the read barrier orders it before the reads
 * of the requests it covers; the caller vets the private copy with
 * xbr_check_prod() and never reads the shared field again for that batch.
 *
 * Return: the private copy of the index.
 */
static inline RING_IDX
xbr_fetch_prod(const RING_IDX *shared)
{
	RING_IDX prod;

	prod = READ_ONCE(*shared);
	virt_rmb();
	return prod;
}

#endif /* _XBR_H_ */

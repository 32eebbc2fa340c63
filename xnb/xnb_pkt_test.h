/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xnb_pkt_test.h: what the packet suites share: the rings as a frontend
 * fills them (ring.h's FRONT_RING macros), a packet and room for its
 * grant copies, each allocated for the case that asks.
 *
 * The TX suites (xnb_pkt_test.c and the suites included after it) are
 * built in xnb_pkt.c and the RX suite (xnb_pkt_rx_test.c) in
 * xnb_pkt_rx.c, two translation units: the helpers are static inline
 * here rather than static in one suite.  Only the suites include this
 * file, under CONFIG_XNB_KUNIT_TEST.
 */
#ifndef _XNB_PKT_TEST_H_
#define _XNB_PKT_TEST_H_

#include <kunit/test.h>

#include "xnb.h"

#define XNB_TEST_DOMID 7

/*--------------------------------- Rings -----------------------------------*/
struct xnb_test_tx {
	struct xen_netif_tx_sring *sring;
	struct xen_netif_tx_front_ring front;
	struct xen_netif_tx_back_ring back;
};

struct xnb_test_rx {
	struct xen_netif_rx_sring *sring;
	struct xen_netif_rx_front_ring front;
	struct xen_netif_rx_back_ring back;
};

/* A TX ring whose indexes all start at @start (to test wrapping). */
static inline void
xnb_test_tx_init(struct kunit *test, struct xnb_test_tx *r, RING_IDX start)
{
	r->sring = kunit_kzalloc(test, XBR_PAGE_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, r->sring);
	SHARED_RING_INIT(r->sring);
	r->sring->req_prod = start;
	r->sring->rsp_prod = start;
	FRONT_RING_ATTACH(&r->front, r->sring, start, XBR_PAGE_SIZE);
	BACK_RING_ATTACH(&r->back, r->sring, start, XBR_PAGE_SIZE);
}

static inline struct xen_netif_tx_request *
xnb_test_txreq(struct xnb_test_tx *r, u16 flags, u16 size, u16 off,
    grant_ref_t gref, u16 id)
{
	struct xen_netif_tx_request *req;

	req = RING_GET_REQUEST(&r->front, r->front.req_prod_pvt++);
	req->flags = flags;
	req->size = size;
	req->offset = off;
	req->gref = gref;
	req->id = id;
	return req;
}

static inline struct xen_netif_extra_info *
xnb_test_txextra(struct xnb_test_tx *r, u8 type, u8 flags, u8 gso_type,
    u16 gso_size)
{
	struct xen_netif_extra_info *x;

	x = (struct xen_netif_extra_info *)RING_GET_REQUEST(&r->front,
	    r->front.req_prod_pvt++);
	memset(x, 0, sizeof(struct xen_netif_tx_request));
	x->type = type;
	x->flags = flags;
	x->u.gso.type = gso_type;
	x->u.gso.size = gso_size;
	return x;
}

/* Push what was produced; return the producer index the backend sees. */
static inline RING_IDX
xnb_test_txpush(struct xnb_test_tx *r)
{
	RING_PUSH_REQUESTS(&r->front);
	return r->sring->req_prod;
}

static inline void
xnb_test_rx_init(struct kunit *test, struct xnb_test_rx *r, RING_IDX start,
    unsigned int nreqs)
{
	struct xen_netif_rx_request *req;
	unsigned int i;

	r->sring = kunit_kzalloc(test, XBR_PAGE_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, r->sring);
	SHARED_RING_INIT(r->sring);
	r->sring->req_prod = start;
	r->sring->rsp_prod = start;
	FRONT_RING_ATTACH(&r->front, r->sring, start, XBR_PAGE_SIZE);
	BACK_RING_ATTACH(&r->back, r->sring, start, XBR_PAGE_SIZE);
	for (i = 0; i < nreqs; i++) {
		req = RING_GET_REQUEST(&r->front, r->front.req_prod_pvt);
		req->id = (r->front.req_prod_pvt & 0xff) + 1000;
		req->gref = 500 + i;
		r->front.req_prod_pvt++;
	}
	RING_PUSH_REQUESTS(&r->front);
}

/* Room for one packet's grant copies, off the stack. */
static inline struct gnttab_copy *
xnb_test_ops(struct kunit *test)
{
	struct gnttab_copy *ops;

	ops = kunit_kcalloc(test, XNB_PKT_MAX_OPS, sizeof(*ops), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ops);
	return ops;
}

static inline struct xnb_pkt *
xnb_test_pkt(struct kunit *test)
{
	struct xnb_pkt *pkt = kunit_kzalloc(test, sizeof(*pkt), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, pkt);
	return pkt;
}

#endif /* _XNB_PKT_TEST_H_ */

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xbs_xen.h: the xenbus-backed implementation of struct xbs_store, and
 * helpers that apply state machine decisions to a real xenbus device.
 * Not compiled under UML KUnit (there is no xenbus there).
 */
#ifndef _XBS_XEN_H_
#define _XBS_XEN_H_

#include <xen/xenbus.h>

#include "xbs.h"

void xbs_xen_store_init(struct xbs_store *xs, struct xenbus_device *dev);
int xbs_xen_apply_state(struct xenbus_device *dev, const struct xbs_sm *sm);
bool xbs_xen_read_online(struct xbs_store *xs, struct xenbus_device *dev);

/**
 * struct xbs_xen_cb - what a driver does for the state machine's actions.
 * @xxc_connect: build the connection; 0, XBS_CONNECT_DEFERRED or -errno.
 * @xxc_disconnect: tear the connection down.
 */
struct xbs_xen_cb {
	int (*xxc_connect)(void *arg);
	void (*xxc_disconnect)(void *arg);
};

unsigned int xbs_xen_run(struct xenbus_device *dev, struct xbs_sm *sm,
    unsigned int act, const struct xbs_xen_cb *cb, void *arg);
unsigned int xbs_xen_frontend_changed(struct xenbus_device *dev,
    struct xbs_store *xs, struct xbs_sm *sm, bool busy,
    const struct xbs_xen_cb *cb, void *arg);

#endif /* _XBS_XEN_H_ */

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xbs_xen.h: the xenbus side of common/xenbus.  struct xbs_store backed
 * by XenStore, and struct xbs_xen_dev, the part of a backend device that
 * xbb and xnb share: its store handle, its state machine and the lock
 * that serialises them, and the watch on the toolstack's "online" node.
 * Not compiled under UML KUnit (there is no xenbus there).
 */
#ifndef _XBS_XEN_H_
#define _XBS_XEN_H_

#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>
#include <xen/xenbus.h>

#include "xbs.h"

/**
 * struct xbs_xen_cb - what a driver does for the state machine's actions.
 * @xxc_connect: build the connection; 0, XBS_CONNECT_DEFERRED,
 *	XBS_CONNECT_LATER or -errno.
 * @xxc_disconnect: tear the connection down; no I/O is in flight, except
 *	from xbs_xen_dev_fini() (a removed device), where it must wait for
 *	the I/O.
 * @xxc_busy: the connection has I/O in flight (optional: never busy).
 * @xxc_stop: take no new work; a teardown is about to be decided, and
 *	then @xxc_busy may only go from true to false (optional).  The
 *	connection is torn down (now or once drained) or already was.
 * @xxc_reconfigure: the frontend shows Reconfiguring on a live connection;
 *	reread what it may change (optional: without it Reconfiguring is
 *	ignored).  The backend shows Reconfigured once it returns.
 *
 * All five are called with xd_lock held.
 */
struct xbs_xen_cb {
	int (*xxc_connect)(void *arg);
	void (*xxc_disconnect)(void *arg);
	bool (*xxc_busy)(void *arg);
	void (*xxc_stop)(void *arg);
	void (*xxc_reconfigure)(void *arg);
};

/*
 * The most node watches one device sets (xbs_xen_dev_watch_node(), _fn(),
 * _otherend_fn()); xnb uses four.
 */
#define XBS_XEN_NODE_WATCHES 4

/**
 * struct xbs_xen_watch - a watch on one of the backend's own nodes.
 * @xw_watch: the watch.
 * @xw_xd: the device whose state machine it re-runs.
 * @xw_fn: called instead, when set (xbs_xen_dev_watch_node_fn()).
 * @xw_arg: @xw_fn's argument.
 * @xw_on: @xw_watch is registered.
 */
struct xbs_xen_watch {
	struct xenbus_watch xw_watch;
	struct xbs_xen_dev *xw_xd;
	void (*xw_fn)(void *arg);
	void *xw_arg;
	bool xw_on;
};

/**
 * struct xbs_xen_dev - the shared part of a backend device.
 * @xd_dev: the xenbus device.
 * @xd_lock: serialises the state machine and the connection.
 * @xd_store: vetted XenStore access, errors reported on the device.
 * @xd_sm: the state machine.
 * @xd_cb: the driver's callbacks (struct xbs_xen_cb).
 * @xd_arg: their argument (the driver's softc).
 * @xd_online_watch: watch on the backend's "online" node.
 * @xd_watching: @xd_online_watch is registered.
 * @xd_node_watch: watches on single nodes: the hotplug script's, the
 *	toolstack's, the frontend's (xbs_xen_dev_watch_node(), _fn(),
 *	_otherend_fn()).
 * @xd_unregistering: device_unregister() was called or is about to be.
 * @xd_fatal_work: reports a fatal error found on the data path
 *	(xbs_xen_dev_fatal_later()).
 * @xd_fatal_lock: protects @xd_fatal_set and @xd_fatal_msg; taken in any
 *	context.
 * @xd_fatal_set: a fatal error was recorded since the last connect.
 * @xd_fatal_msg: what it was.
 * @xd_removed: the driver's remove() has begun: the state machine no
 *	longer moves (xbs_xen_dev_freeze()).
 * @xd_badstate: the frontend's invalid state node was reported; it is not
 *	reported again until a valid state has been read.
 */
struct xbs_xen_dev {
	struct xenbus_device *xd_dev;
	struct mutex xd_lock;
	struct xbs_store xd_store;
	struct xbs_sm xd_sm;
	const struct xbs_xen_cb *xd_cb;
	void *xd_arg;
	struct xenbus_watch xd_online_watch;
	bool xd_watching;
	struct xbs_xen_watch xd_node_watch[XBS_XEN_NODE_WATCHES];
	bool xd_unregistering;
	struct work_struct xd_fatal_work;
	spinlock_t xd_fatal_lock;
	bool xd_fatal_set;
	char xd_fatal_msg[128];
	bool xd_removed;
	bool xd_badstate;
};

void xbs_xen_store_init(struct xbs_store *xs, struct xenbus_device *dev);
int xbs_xen_apply_state(struct xenbus_device *dev, const struct xbs_sm *sm);
bool xbs_xen_read_online(struct xbs_store *xs, struct xenbus_device *dev);

int xbs_xen_dev_init(struct xbs_xen_dev *xd, struct xenbus_device *dev,
    unsigned int connect_on, const struct xbs_xen_cb *cb, void *arg);
int xbs_xen_dev_initwait(struct xbs_xen_dev *xd);
int xbs_xen_dev_watch_node(struct xbs_xen_dev *xd, const char *node);
int xbs_xen_dev_watch_node_fn(struct xbs_xen_dev *xd, const char *node,
    void (*fn)(void *arg), void *arg);
int xbs_xen_dev_watch_otherend_fn(struct xbs_xen_dev *xd, const char *node,
    void (*fn)(void *arg), void *arg);
void xbs_xen_store_quiet(const struct xbs_xen_dev *xd, struct xbs_store *quiet,
    struct xbs_store_ops *ops);
void xbs_xen_dev_otherend_changed(struct xbs_xen_dev *xd);
void xbs_xen_dev_drained(struct xbs_xen_dev *xd);
void xbs_xen_dev_ready(struct xbs_xen_dev *xd);
void xbs_xen_dev_retry(struct xbs_xen_dev *xd);
__printf(2, 3) void xbs_xen_dev_fatal_later(struct xbs_xen_dev *xd,
    const char *fmt, ...);
void xbs_xen_dev_freeze(struct xbs_xen_dev *xd);
void xbs_xen_dev_fini(struct xbs_xen_dev *xd);
int xbs_xen_exclusive(struct xenbus_driver *drv, const char *intree);
bool xbs_xen_handing_over(struct xenbus_device *dev);

#endif /* _XBS_XEN_H_ */

// SPDX-License-Identifier: GPL-2.0-only
/*
 * xbs_xen.c: struct xbs_store backed by the real XenStore, through the
 * xenbus API of the Dom0 (or driver domain) kernel.
 *
 * This is the thin layer under the pure code of xbs_store.c: every call
 * maps one to one onto xenbus_read(), xenbus_write() and the transaction
 * calls.  Errors the library reports go to the kernel log and to the
 * device's XenStore "error" node through xenbus_dev_error(), where the
 * toolstack shows them to the administrator.
 */
#define pr_fmt(fmt) "xbs: " fmt

#include <linux/err.h>
#include <linux/slab.h>
#include <xen/xenbus.h>

#include "xbs.h"
#include "xbs_xen.h"

static char *
xbs_xen_read(struct xbs_store *xs, xbs_txn_t t, const char *dir,
    const char *node)
{
	struct xenbus_transaction xt = { .id = t };

	return xenbus_read(xt, dir, node, NULL);
}

static int
xbs_xen_write(struct xbs_store *xs, xbs_txn_t t, const char *dir,
    const char *node, const char *val)
{
	struct xenbus_transaction xt = { .id = t };

	return xenbus_write(xt, dir, node, val);
}

static int
xbs_xen_txn_start(struct xbs_store *xs, xbs_txn_t *t)
{
	struct xenbus_transaction xt;
	int error;

	error = xenbus_transaction_start(&xt);
	if (error == 0)
		*t = xt.id;
	return error;
}

static int
xbs_xen_txn_end(struct xbs_store *xs, xbs_txn_t t, bool abort)
{
	struct xenbus_transaction xt = { .id = t };

	return xenbus_transaction_end(xt, abort);
}

static void
xbs_xen_report(struct xbs_store *xs, int err, const char *msg)
{
	struct xenbus_device *dev = xs->xs_priv;

	xenbus_dev_error(dev, err, "%s", msg);
}

static const struct xbs_store_ops xbs_xen_ops = {
	.xso_read = xbs_xen_read,
	.xso_write = xbs_xen_write,
	.xso_txn_start = xbs_xen_txn_start,
	.xso_txn_end = xbs_xen_txn_end,
	.xso_report = xbs_xen_report,
};

/**
 * xbs_xen_store_init() - bind a store handle to a xenbus device.
 * @xs: the handle.
 * @dev: the device whose "error" node receives reports.
 */
void
xbs_xen_store_init(struct xbs_store *xs, struct xenbus_device *dev)
{
	xs->xs_ops = &xbs_xen_ops;
	xs->xs_priv = dev;
	xs->xs_lasterr[0] = '\0';
}

/**
 * xbs_xen_apply_state() - publish the state machine's state.
 * @dev: the device.
 * @sm: the state machine.
 *
 * Return: 0 or xenbus_switch_state()'s error.
 */
int
xbs_xen_apply_state(struct xenbus_device *dev, const struct xbs_sm *sm)
{
	int error;

	error = xenbus_switch_state(dev, sm->xsm_state);
	if (error != 0)
		dev_warn(&dev->dev, "cannot switch to %s: %d\n",
		    xbs_state_name(sm->xsm_state), error);
	return error;
}

/**
 * xbs_xen_read_online() - read the toolstack's "online" node.
 * @xs: the store.
 * @dev: the device.
 *
 * Return: the node's value; absent or invalid reads as offline.
 */
bool
xbs_xen_read_online(struct xbs_store *xs, struct xenbus_device *dev)
{
	unsigned int online;

	if (xbs_read_uint(xs, XBS_TXN_NONE, dev->nodename, "online", 0, 1, 0,
		XBS_OPTIONAL, &online) < 0)
		return false;
	return online != 0;
}

/**
 * xbs_xen_run() - carry out the actions of a state machine step.
 * @dev: the device.
 * @sm: the state machine that returned @act.
 * @act: a mask of enum xbs_action.
 * @cb: the driver's connect and disconnect.
 * @arg: their argument (the driver's softc).
 *
 * Order matters: the old connection goes before a new one is built, the
 * state is published once the connection matches it.  The caller holds
 * the lock that serialises @sm; XBS_ACT_UNREGISTER is left to the caller,
 * which must drop that lock first (unregistering calls the driver's
 * remove(), which takes it).
 *
 * Return: the actions, including those of the connect step.
 */
unsigned int
xbs_xen_run(struct xenbus_device *dev, struct xbs_sm *sm, unsigned int act,
    const struct xbs_xen_cb *cb, void *arg)
{
	if ((act & XBS_ACT_DISCONNECT) != 0)
		cb->xxc_disconnect(arg);
	if ((act & XBS_ACT_CONNECT) != 0)
		act |= xbs_sm_connect_done(sm, cb->xxc_connect(arg));
	if ((act & XBS_ACT_SWITCH) != 0)
		xbs_xen_apply_state(dev, sm);
	return act;
}

/**
 * xbs_xen_frontend_changed() - handle a change of the frontend's state.
 * @dev: the device.
 * @xs: its store.
 * @sm: its state machine.
 * @busy: the connection has I/O in flight.
 * @cb: the driver's connect and disconnect.
 * @arg: their argument.
 *
 * The state xenbus hands to otherend_changed() was parsed with "%d" and is
 * not trusted: it is read again here and vetted.  A frontend whose state
 * node is not a valid state has broken the protocol; its connection is
 * shut down.
 *
 * Return: the actions taken; see xbs_xen_run() for XBS_ACT_UNREGISTER.
 */
unsigned int
xbs_xen_frontend_changed(struct xenbus_device *dev, struct xbs_store *xs,
    struct xbs_sm *sm, bool busy, const struct xbs_xen_cb *cb, void *arg)
{
	enum xenbus_state fe;
	unsigned int act;

	if (xbs_read_state(xs, dev->otherend, &fe) != 0) {
		dev_err(&dev->dev,
		    "frontend %s wrote an invalid state; shutting the device down\n",
		    dev->otherend);
		act = xbs_sm_fatal(sm, busy);
	} else {
		dev_dbg(&dev->dev, "frontend %s, backend %s\n",
		    xbs_state_name(fe), xbs_state_name(sm->xsm_state));
		act = xbs_sm_frontend_changed(sm, fe, busy);
	}
	return xbs_xen_run(dev, sm, act, cb, arg);
}

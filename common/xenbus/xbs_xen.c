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
 *
 * struct xbs_xen_dev ties the pure state machine to a real device: it
 * re-reads and vets the frontend's state on every change, carries out the
 * machine's actions through the driver's callbacks, follows the
 * toolstack's "online" node, and unregisters the device when the machine
 * says so, outside the device's lock.
 */
#define pr_fmt(fmt) "xbs: " fmt

#include <linux/err.h>
#include <linux/ratelimit.h>
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
	struct xenbus_device *dev = xs->xss_priv;

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
	xs->xss_ops = &xbs_xen_ops;
	xs->xss_priv = dev;
	xs->xss_lasterr[0] = '\0';
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

/*---------------------------- Backend devices ------------------------------*/
/*
 * Carry out the actions of a state machine step.  The old connection goes
 * before a new one is built, and the state is published once the
 * connection matches it.  Returns the actions, including those of the
 * connect step; XBS_ACT_UNREGISTER is left to the caller, which must drop
 * xd_lock first (unregistering calls the driver's remove()).
 */
static unsigned int
xbs_xen_run(struct xbs_xen_dev *xd, unsigned int act)
{
	lockdep_assert_held(&xd->xd_lock);
	if ((act & XBS_ACT_DISCONNECT) != 0)
		xd->xd_cb->xxc_disconnect(xd->xd_arg);
	if ((act & XBS_ACT_CONNECT) != 0) {
		/* A new connection: its first fatal error is reported. */
		spin_lock_irq(&xd->xd_fatal_lock);
		xd->xd_fatal_set = false;
		spin_unlock_irq(&xd->xd_fatal_lock);
		act |= xbs_sm_connect_done(&xd->xd_sm,
		    xd->xd_cb->xxc_connect(xd->xd_arg));
	}
	if ((act & XBS_ACT_RECONFIGURE) != 0)
		xd->xd_cb->xxc_reconfigure(xd->xd_arg);
	if ((act & XBS_ACT_SWITCH) != 0)
		xbs_xen_apply_state(xd->xd_dev, &xd->xd_sm);
	return act;
}

static bool
xbs_xen_busy(struct xbs_xen_dev *xd)
{
	return xd->xd_cb->xxc_busy != NULL && xd->xd_cb->xxc_busy(xd->xd_arg);
}

/*
 * A teardown is about to be decided: have the driver stop taking new
 * work first, so that "busy" only falls from here on.  Otherwise a request
 * fetched after the answer would be waited for by the disconnect, under
 * xd_lock, for as long as the guest makes its I/O last.
 */
static void
xbs_xen_stop(struct xbs_xen_dev *xd)
{
	lockdep_assert_held(&xd->xd_lock);
	if (xd->xd_cb->xxc_stop != NULL)
		xd->xd_cb->xxc_stop(xd->xd_arg);
}

/*
 * A teardown that waited for I/O has just run (DONE are its actions).
 * While it waited, the state machine ignored what the frontend did but
 * close (a frontend may go Closing, Closed and Initialising again before
 * its old requests are answered, and the backend's watch drops events
 * while one is pending), so the frontend's state is read again and acted
 * on: a frontend that re-initialised meanwhile finds the backend in
 * InitWait, not stuck in Closed.  The connection is gone, so this cannot
 * defer anything again.
 */
static unsigned int
xbs_xen_reapply(struct xbs_xen_dev *xd, unsigned int done)
{
	enum xenbus_state fe;

	lockdep_assert_held(&xd->xd_lock);
	if (done == XBS_ACT_NONE ||
	    xbs_read_state(&xd->xd_store, xd->xd_dev->otherend, &fe) != 0)
		return XBS_ACT_NONE;
	return xbs_xen_run(xd,
	    xbs_sm_frontend_changed(&xd->xd_sm, fe, xbs_xen_busy(xd)));
}

/*
 * After a step that may have deferred a teardown: the last I/O may have
 * completed between the busy check and the teardown being recorded as
 * pending.  The driver looks at "pending" after its last completion, with
 * a barrier pairing this one, so one of the two sides sees the other; if
 * it is this one, the teardown runs now, and the frontend's state is
 * acted on again (xbs_xen_reapply()).
 */
static unsigned int
xbs_xen_settle(struct xbs_xen_dev *xd, unsigned int act)
{
	unsigned int done;

	lockdep_assert_held(&xd->xd_lock);
	smp_mb();
	if (!xd->xd_sm.xsm_pending || xbs_xen_busy(xd))
		return act;
	done = xbs_xen_run(xd, xbs_sm_drained(&xd->xd_sm));
	return act | done | xbs_xen_reapply(xd, done);
}

/* Under xd_lock: the frontend broke the protocol (WHY); shut it down. */
static unsigned int
xbs_xen_fatal_locked(struct xbs_xen_dev *xd, const char *why)
{
	lockdep_assert_held(&xd->xd_lock);
	xbs_report(&xd->xd_store, -EPROTO, "%s: %s; shutting the device down",
	    xd->xd_dev->otherend, why);
	if (xd->xd_sm.xsm_connected && !xd->xd_sm.xsm_pending)
		xbs_xen_stop(xd);
	return xbs_xen_settle(xd,
	    xbs_xen_run(xd, xbs_sm_fatal(&xd->xd_sm, xbs_xen_busy(xd))));
}

/* Where xbs_xen_finish() is called from. */
enum xbs_xen_ctx {
	XBS_CTX_XENWATCH, /* a watch callback, on the xenwatch thread */
	XBS_CTX_WORK,	  /* the driver's work item */
};

/*
 * Drop the lock, then unregister the device if the actions say so; only
 * once, whichever of the frontend watch or the online watch asks first.
 *
 * Only on the xenwatch thread: xenbus unregisters a device whose backend
 * directory the toolstack removed on that thread too, so the two cannot
 * both call device_unregister().  From a work item (a teardown that
 * waited for I/O) the device stays registered; the toolstack, which saw
 * the backend reach Closed, removes its directory and with it the
 * device, as it does for xen-blkback.
 */
static void
xbs_xen_finish(struct xbs_xen_dev *xd, unsigned int act, enum xbs_xen_ctx ctx)
{
	struct xenbus_device *dev = xd->xd_dev;
	bool unreg = false;

	lockdep_assert_held(&xd->xd_lock);
	if ((act & XBS_ACT_UNREGISTER) != 0 && ctx == XBS_CTX_XENWATCH &&
	    !xd->xd_unregistering && !xd->xd_removed) {
		xd->xd_unregistering = true;
		unreg = true;
	}
	mutex_unlock(&xd->xd_lock);
	if (unreg)
		device_unregister(&dev->dev);
}

static void
xbs_xen_online_changed(struct xenbus_watch *w, const char *path,
    const char *token)
{
	struct xbs_xen_dev *xd =
	    container_of(w, struct xbs_xen_dev, xd_online_watch);
	unsigned int act;

	mutex_lock(&xd->xd_lock);
	if (xd->xd_removed) {
		mutex_unlock(&xd->xd_lock);
		return;
	}
	act = xbs_sm_set_online(&xd->xd_sm,
	    xbs_xen_read_online(&xd->xd_store, xd->xd_dev));
	xbs_xen_finish(xd, act, XBS_CTX_XENWATCH);
}

static void
xbs_xen_fatal_work(struct work_struct *work)
{
	struct xbs_xen_dev *xd =
	    container_of(work, struct xbs_xen_dev, xd_fatal_work);
	char why[sizeof(xd->xd_fatal_msg)];
	bool set;

	/*
	 * Under xd_lock, where connects reset the flag: a report of the old
	 * connection never shuts a new one down.
	 */
	mutex_lock(&xd->xd_lock);
	spin_lock_irq(&xd->xd_fatal_lock);
	set = xd->xd_fatal_set && !xd->xd_removed;
	if (set)
		strscpy(why, xd->xd_fatal_msg, sizeof(why));
	spin_unlock_irq(&xd->xd_fatal_lock);
	if (!set) {
		mutex_unlock(&xd->xd_lock);
		return;
	}
	xbs_xen_finish(xd, xbs_xen_fatal_locked(xd, why), XBS_CTX_WORK);
}

/**
 * xbs_xen_dev_init() - set up the shared part of a probed device.
 * @xd: the shared part, inside the driver's softc.
 * @dev: the xenbus device.
 * @connect_on: mask of enum xbs_connect_on.
 * @cb: the driver's callbacks.
 * @arg: their argument.
 *
 * Return: 0, or the error of registering the "online" watch.
 */
int
xbs_xen_dev_init(struct xbs_xen_dev *xd, struct xenbus_device *dev,
    unsigned int connect_on, const struct xbs_xen_cb *cb, void *arg)
{
	int error;

	xd->xd_dev = dev;
	mutex_init(&xd->xd_lock);
	INIT_WORK(&xd->xd_fatal_work, xbs_xen_fatal_work);
	spin_lock_init(&xd->xd_fatal_lock);
	xbs_xen_store_init(&xd->xd_store, dev);
	xbs_sm_init(&xd->xd_sm, connect_on,
	    xbs_xen_read_online(&xd->xd_store, dev));
	xd->xd_sm.xsm_reconfigure = cb->xxc_reconfigure != NULL;
	xd->xd_cb = cb;
	xd->xd_arg = arg;
	error = xenbus_watch_pathfmt(dev, &xd->xd_online_watch, NULL,
	    xbs_xen_online_changed, "%s/online", dev->nodename);
	if (error != 0)
		return error;
	xd->xd_watching = true;
	return 0;
}

/**
 * xbs_xen_dev_initwait() - show InitWait: the backend's nodes are ready.
 * @xd: the device.
 *
 * Return: 0 or xenbus_switch_state()'s error.
 */
int
xbs_xen_dev_initwait(struct xbs_xen_dev *xd)
{
	int error;

	mutex_lock(&xd->xd_lock);
	xd->xd_sm.xsm_state = XenbusStateInitWait;
	error = xbs_xen_apply_state(xd->xd_dev, &xd->xd_sm);
	mutex_unlock(&xd->xd_lock);
	return error;
}

/**
 * xbs_xen_store_quiet() - a view of the device's store that reports nothing.
 * @xd: the device.
 * @quiet: filled: reads through it fail as through the device's store, but
 *	say why only in its own xss_lasterr, never in the kernel log or the
 *	"error" node.
 * @ops: storage for @quiet's operations, as long as @quiet is used.
 *
 * For reads of what the frontend may rewrite as often as it likes (each
 * write fires a watch): the caller decides what a failure costs, and at
 * what rate it is said.
 */
void
xbs_xen_store_quiet(const struct xbs_xen_dev *xd, struct xbs_store *quiet,
    struct xbs_store_ops *ops)
{
	*ops = *xd->xd_store.xss_ops;
	ops->xso_report = NULL;
	memset(quiet, 0, sizeof(*quiet));
	quiet->xss_ops = ops;
	quiet->xss_priv = xd->xd_store.xss_priv;
}

/*
 * A watch on a node the frontend writes: one event pending at most.  The
 * callback reads the node again, so events queued behind a pending one
 * add nothing, and a frontend writing in a loop cannot make xenbus queue
 * events without bound (XSA-349, as the xenbus core does for its state
 * watch).
 */
static bool
xbs_xen_watch_once(struct xenbus_watch *w, const char *path,
    const char *token)
{
	return w->nr_pending == 0;
}

static void
xbs_xen_node_changed(struct xenbus_watch *w, const char *path,
    const char *token)
{
	struct xbs_xen_watch *xw = container_of(w, struct xbs_xen_watch,
	    xw_watch);

	if (xw->xw_fn != NULL)
		xw->xw_fn(xw->xw_arg);
	else
		xbs_xen_dev_otherend_changed(xw->xw_xd);
}

/* Watch @dir/@node: xbs_xen_dev_watch_node_fn() and _otherend_fn(). */
static int
xbs_xen_dev_watch_in(struct xbs_xen_dev *xd, const char *dir, const char *node,
    bool frontend, void (*fn)(void *arg), void *arg)
{
	struct xbs_xen_watch *xw;
	unsigned int i;
	int error;

	for (i = 0; i < XBS_XEN_NODE_WATCHES && xd->xd_node_watch[i].xw_on;
	     i++)
		;
	if (i == XBS_XEN_NODE_WATCHES)
		return -ENOSPC;
	xw = &xd->xd_node_watch[i];
	xw->xw_xd = xd;
	xw->xw_fn = fn;
	xw->xw_arg = arg;
	error = xenbus_watch_pathfmt(xd->xd_dev, &xw->xw_watch,
	    frontend ? xbs_xen_watch_once : NULL, xbs_xen_node_changed,
	    "%s/%s", dir, node);
	if (error == 0)
		xw->xw_on = true;
	return error;
}

/**
 * xbs_xen_dev_watch_node() - re-run the state machine when a node changes.
 * @xd: the device.
 * @node: a node of the backend's own directory ("hotplug-status",
 *	"physical-device").
 *
 * The hotplug script writes its nodes after the backend is probed, and
 * maybe after the frontend asked to connect: a connect that found the
 * script not done yet (XBS_CONNECT_LATER) goes on when they appear.
 * Re-running the frontend's state through the state machine does exactly
 * that, and nothing if it is not waiting.  The watches go with
 * xbs_xen_dev_freeze().
 *
 * Return: 0, -ENOSPC past %XBS_XEN_NODE_WATCHES, or the watch's error.
 */
int
xbs_xen_dev_watch_node(struct xbs_xen_dev *xd, const char *node)
{
	return xbs_xen_dev_watch_node_fn(xd, node, NULL, NULL);
}

/**
 * xbs_xen_dev_watch_node_fn() - call a function when a node changes.
 * @xd: the device.
 * @node: a node of the backend's own directory (xnb: "rate").
 * @fn: called on the xenwatch thread, without xd_lock, when the node is
 *	written or removed, and once when the watch is set; NULL re-runs
 *	the state machine (xbs_xen_dev_watch_node()).
 * @arg: @fn's argument.
 *
 * For what the toolstack may change while the device is connected.  The
 * watches go with xbs_xen_dev_freeze(), which waits for a running @fn.
 *
 * Return: as xbs_xen_dev_watch_node().
 */
int
xbs_xen_dev_watch_node_fn(struct xbs_xen_dev *xd, const char *node,
    void (*fn)(void *arg), void *arg)
{
	return xbs_xen_dev_watch_in(xd, xd->xd_dev->nodename, node, false, fn,
	    arg);
}

/**
 * xbs_xen_dev_watch_otherend_fn() - call a function when a node of the
 * frontend's directory changes.
 * @xd: the device.
 * @node: the node (xnb: "request-multicast-control").
 * @fn: called on the xenwatch thread, without xd_lock, when the node is
 *	written or removed, and once when the watch is set.
 * @arg: @fn's argument.
 *
 * For what netif.h lets the frontend change while connected.  The
 * frontend may write the node as often as it likes: at most one event is
 * pending at a time, and @fn must be cheap, read through a quiet store
 * (xbs_xen_store_quiet()) and vet what it reads.  The watches go with
 * xbs_xen_dev_freeze().
 *
 * Return: as xbs_xen_dev_watch_node().
 */
int
xbs_xen_dev_watch_otherend_fn(struct xbs_xen_dev *xd, const char *node,
    void (*fn)(void *arg), void *arg)
{
	return xbs_xen_dev_watch_in(xd, xd->xd_dev->otherend, node, true, fn,
	    arg);
}


/**
 * xbs_xen_dev_otherend_changed() - the frontend's state node changed.
 * @xd: the device.
 *
 * The state xenbus hands to otherend_changed() was parsed with "%d" and is
 * not trusted: it is read again here and vetted.  A frontend whose state
 * node is not a valid state has broken the protocol; its connection is
 * shut down.
 *
 * The frontend may rewrite the node as fast as it likes, and each write
 * fires this watch: the state is read without reporting, and an invalid
 * one is reported (kernel log and "error" node) once until a valid state
 * is read again, and then only within a rate limit shared by all devices,
 * so that alternating states cannot flood the log either.
 */
void
xbs_xen_dev_otherend_changed(struct xbs_xen_dev *xd)
{
	static DEFINE_RATELIMIT_STATE(rs, DEFAULT_RATELIMIT_INTERVAL,
	    DEFAULT_RATELIMIT_BURST);
	struct xenbus_device *dev = xd->xd_dev;
	struct xbs_store_ops quiet_ops;
	struct xbs_store quiet;
	enum xenbus_state fe;
	unsigned int act;
	int error;

	xbs_xen_store_quiet(xd, &quiet, &quiet_ops);
	mutex_lock(&xd->xd_lock);
	if (xd->xd_removed) {
		mutex_unlock(&xd->xd_lock);
		return;
	}
	error = xbs_read_state(&quiet, dev->otherend, &fe);
	if (error != 0) {
		if (!xd->xd_badstate && __ratelimit(&rs)) {
			xbs_report(&xd->xd_store, error,
			    "%s; shutting the device down", quiet.xss_lasterr);
			xd->xd_badstate = true;
		}
		if (xd->xd_sm.xsm_connected && !xd->xd_sm.xsm_pending)
			xbs_xen_stop(xd);
		act = xbs_sm_fatal(&xd->xd_sm, xbs_xen_busy(xd));
	} else {
		xd->xd_badstate = false;
		dev_dbg(&dev->dev, "frontend %s, backend %s\n",
		    xbs_state_name(fe), xbs_state_name(xd->xd_sm.xsm_state));
		if (xbs_sm_would_teardown(&xd->xd_sm, fe))
			xbs_xen_stop(xd);
		act = xbs_sm_frontend_changed(&xd->xd_sm, fe, xbs_xen_busy(xd));
	}
	act = xbs_xen_settle(xd, xbs_xen_run(xd, act));
	xbs_xen_finish(xd, act, XBS_CTX_XENWATCH);
}

/**
 * xbs_xen_dev_drained() - the connection's last in-flight I/O completed.
 * @xd: the device.
 *
 * Runs a teardown that waited for the I/O, then acts on the frontend's
 * state again (xbs_xen_reapply()).  May sleep: call it from a work item,
 * not from an I/O completion in atomic context.
 */
void
xbs_xen_dev_drained(struct xbs_xen_dev *xd)
{
	unsigned int act;

	mutex_lock(&xd->xd_lock);
	if (xd->xd_removed) {
		mutex_unlock(&xd->xd_lock);
		return;
	}
	act = xbs_xen_run(xd, xbs_sm_drained(&xd->xd_sm));
	act |= xbs_xen_reapply(xd, act);
	xbs_xen_finish(xd, act, XBS_CTX_WORK);
}

/**
 * xbs_xen_dev_retry() - act on the frontend's state again, from a work item.
 * @xd: the device.
 *
 * For a driver whose connect answered XBS_CONNECT_LATER for a reason no
 * watch will announce (xbb: the previous driver of a handed-over device
 * still holds its ring): it queues a work item that calls this.  As
 * from a watch, the state is read and vetted; a device to unregister is
 * left to the toolstack, as for any work item (xbs_xen_finish()).
 */
void
xbs_xen_dev_retry(struct xbs_xen_dev *xd)
{
	unsigned int act = XBS_ACT_NONE;
	enum xenbus_state fe;

	mutex_lock(&xd->xd_lock);
	if (!xd->xd_removed &&
	    xbs_read_state(&xd->xd_store, xd->xd_dev->otherend, &fe) == 0) {
		if (xbs_sm_would_teardown(&xd->xd_sm, fe))
			xbs_xen_stop(xd);
		act = xbs_xen_settle(xd,
		    xbs_xen_run(xd,
			xbs_sm_frontend_changed(&xd->xd_sm, fe,
			    xbs_xen_busy(xd))));
	}
	xbs_xen_finish(xd, act, XBS_CTX_WORK);
}

/**
 * xbs_xen_dev_ready() - a deferred connection may now show Connected.
 * @xd: the device.
 */
void
xbs_xen_dev_ready(struct xbs_xen_dev *xd)
{
	mutex_lock(&xd->xd_lock);
	if (!xd->xd_removed)
		xbs_xen_run(xd, xbs_sm_ready(&xd->xd_sm));
	mutex_unlock(&xd->xd_lock);
}

/**
 * xbs_xen_dev_fatal_later() - the frontend broke the protocol; say so later.
 * @xd: the device.
 * @fmt: what it did, printf-style (the queue, the value).
 *
 * For the data path, in any context (an interrupt, NAPI, a worker that
 * the teardown waits for): the first call since the last connect records
 * the message, and a work item, under xd_lock, logs it once, writes it to
 * the device's "error" node and shuts the device down.  Later calls add
 * nothing: one clear message per bad connection.  The caller stops its
 * own queue at once.
 */
void
xbs_xen_dev_fatal_later(struct xbs_xen_dev *xd, const char *fmt, ...)
{
	unsigned long flags;
	va_list ap;

	spin_lock_irqsave(&xd->xd_fatal_lock, flags);
	if (xd->xd_fatal_set) {
		spin_unlock_irqrestore(&xd->xd_fatal_lock, flags);
		return;
	}
	xd->xd_fatal_set = true;
	va_start(ap, fmt);
	vsnprintf(xd->xd_fatal_msg, sizeof(xd->xd_fatal_msg), fmt, ap);
	va_end(ap);
	spin_unlock_irqrestore(&xd->xd_fatal_lock, flags);
	schedule_work(&xd->xd_fatal_work);
}

/**
 * xbs_xen_dev_freeze() - the device is being removed: no more transitions.
 * @xd: the device.
 *
 * Stops the watches ("online", the single-node watches of the backend's
 * and the frontend's directories; each unregistration waits for a running
 * callback) and marks the device removed under its lock: from here on the
 * watch callbacks, a drained teardown, a retry, a fatal error and a
 * deferred ready do nothing, so the connection stays as it is for the
 * driver to tear down on its own schedule (xbb does it in a work item, so
 * that removal does not wait for a guest's I/O on the xenwatch thread).
 * Returns with whatever call was running under the lock finished.
 */
void
xbs_xen_dev_freeze(struct xbs_xen_dev *xd)
{
	struct xbs_xen_watch *xw;
	unsigned int i;

	for (i = 0; i < XBS_XEN_NODE_WATCHES; i++) {
		xw = &xd->xd_node_watch[i];
		if (!xw->xw_on)
			continue;
		unregister_xenbus_watch(&xw->xw_watch);
		kfree(xw->xw_watch.node);
		xw->xw_on = false;
	}
	if (xd->xd_watching) {
		unregister_xenbus_watch(&xd->xd_online_watch);
		kfree(xd->xd_online_watch.node);
		xd->xd_watching = false;
	}
	mutex_lock(&xd->xd_lock);
	xd->xd_removed = true;
	mutex_unlock(&xd->xd_lock);
}

/**
 * xbs_xen_dev_fini() - the device is being removed.
 * @xd: the device.
 *
 * Freezes the device (xbs_xen_dev_freeze()), tears down a connection that
 * still exists (the driver's disconnect stops everything that could
 * report a fatal error), then waits for a fatal report in progress: after
 * this nothing of @xd runs.
 */
void
xbs_xen_dev_fini(struct xbs_xen_dev *xd)
{
	xbs_xen_dev_freeze(xd);
	mutex_lock(&xd->xd_lock);
	if (xd->xd_sm.xsm_connected) {
		xd->xd_cb->xxc_disconnect(xd->xd_arg);
		xd->xd_sm.xsm_connected = false;
		xd->xd_sm.xsm_pending = false;
	}
	mutex_unlock(&xd->xd_lock);
	/* It finds the device removed and does nothing but return. */
	cancel_work_sync(&xd->xd_fatal_work);
}

/**
 * xbs_xen_handing_over() - is this removal an unbind of a live device?
 * @dev: the device being removed.
 *
 * Asked by a driver's remove(), before it tears anything down.  An unbind
 * (sysfs "unbind", rmmod) with both ends Connected leaves the device in
 * XenStore, Connected (the backend may show Reconfigured and the frontend
 * Reconfiguring instead: netif's XDP headroom, xbs_sm.c; the next driver
 * connects on either): xenbus leaves a driver with allow_rebind alone
 * unless the toolstack has set the state to Closing, and the next driver
 * bound to it takes the rings over (xbr_attach_index()), so requests
 * nobody took yet stay on the rings for it.  A toolstack removal has
 * deleted the backend's directory first: its state reads as Unknown.
 *
 * Return: true if the frontend stays connected for the next driver.
 */
bool
xbs_xen_handing_over(struct xenbus_device *dev)
{
	enum xenbus_state be = xenbus_read_driver_state(dev->nodename);
	enum xenbus_state fe = xenbus_read_driver_state(dev->otherend);

	return (be == XenbusStateConnected || be == XenbusStateReconfigured) &&
	    (fe == XenbusStateConnected || fe == XenbusStateReconfiguring);
}

/**
 * xbs_xen_exclusive() - refuse to share a device type with another driver.
 * @drv: our backend driver, just registered.
 * @intree: the module that would otherwise serve the type, for the message.
 *
 * xenbus binds a backend device to the first driver that registered for
 * its type; a second one is silently idle.  So that "insmod xbb" while
 * xen-blkback is loaded does not look as if it worked, the driver looks
 * for another driver named after the type (as the in-tree ones are) on
 * the same bus and, if there is one, unregisters itself and says what to
 * do.
 *
 * Return: 0, or -EBUSY after unregistering @drv.
 */
int
xbs_xen_exclusive(struct xenbus_driver *drv, const char *intree)
{
	const char *type = drv->ids[0].devicetype;

	/* The in-tree drivers are named after their type ("vbd", "vif"). */
	if (driver_find(type, drv->driver.bus) == NULL)
		return 0;
	xenbus_unregister_driver(drv);
	pr_err("%s not loaded: %s is loaded and serves the \"%s\" devices; unbind its devices and \"rmmod %s\" first (the guests stay connected; see \"Moving running guests\" in admin.rst), or select xbb/xnb for new devices with \"xbb-xnb-select ours\"\n",
	    drv->name, intree, type, intree);
	return -EBUSY;
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * xbs_sm.c: the backend half of the Xenbus connection handshake.
 *
 * A backend's life is driven by the frontend's state node (blkif.h, "Startup
 * sequence").  These functions take the frontend's (already vetted) state
 * and the backend's own situation and say what the driver must do, as a
 * mask of enum xbs_action; the driver then does it, in the order
 * DISCONNECT, CONNECT, RECONFIGURE, SWITCH, UNREGISTER.  Keeping the
 * decisions pure makes every transition a KUnit case.
 *
 * The rules, with the FreeBSD blkback commits that taught them:
 *
 *  - Frontend Closing: the backend moves to Closing at once, even while
 *    it still has I/O in flight and cannot close yet.  A toolstack (or
 *    QEMU unplug) initiated close changes the frontend's state to
 *    Closing and waits for the backend to follow (2012-02-17).
 *
 *  - Frontend Closed: only now is the connection torn down.  Buggy
 *    frontends pass through Closing and then veto the close because the
 *    device is open; tearing down on Closing would break them (2012-02-15).
 *    A teardown with I/O in flight waits for xbs_sm_drained().
 *
 *  - After Closed, an "online" device stays, with its backing store, for
 *    the next connection (a PV bootloader handing over to the kernel, or a
 *    guest reboot); an offline one is unregistered (2011-06-13).
 *
 *  - Frontend Initialising while the backend is Closed, Closing,
 *    Connected or Reconfigured: the frontend re-initialised (guest
 *    reboot, suspend/resume, kexec), maybe through a Closed that was
 *    overwritten before the backend read it.  The old connection, if any,
 *    is torn down (after its I/O drains) and the backend goes back to
 *    InitWait to negotiate afresh.
 *
 *  - Frontend Unknown: the frontend's directory is gone.  Tear down and
 *    unregister whatever "online" says.
 *
 *  - Frontend Reconfiguring, for a driver that can reconfigure a live
 *    connection (xsm_reconfigure; netif.h's XDP headroom, which Linux
 *    netfront changes this way): netfront waits for Reconfigured without
 *    a timeout, holding the RTNL, so it must get it whatever else is
 *    going on.  Connected: the driver rereads what the frontend may change
 *    and the backend shows Reconfigured.  Not connected yet (the hotplug
 *    script is late, a rebind, or the frontend's Connected and
 *    Reconfiguring read as one event): Reconfiguring connects as
 *    Connected would, and the connection then shows Reconfigured.  The
 *    backend stays in Reconfigured when the frontend is Connected again,
 *    as xen-netback does: netfront answers a backend's Connected by taking
 *    the RTNL on its xenwatch thread, so a Connected that reached it while
 *    its next reconfiguration waits under the RTNL would stop both for
 *    good.  Other drivers ignore the state, as before.
 */
#define pr_fmt(fmt) "xbs: " fmt

#include <linux/kernel.h>

#include "xbs.h"

/**
 * xbs_sm_init() - set up the state machine of a newly probed device.
 * @sm: the state machine.
 * @connect_on: mask of enum xbs_connect_on.
 * @online: the toolstack's "online" node.
 *
 * A probed backend publishes InitWait once it has read its configuration;
 * until then its state is Initialising.
 */
void
xbs_sm_init(struct xbs_sm *sm, unsigned int connect_on, bool online)
{
	*sm = (struct xbs_sm) {
		.xsm_state = XenbusStateInitialising,
		.xsm_connect_on = connect_on,
		.xsm_online = online,
		.xsm_live = XenbusStateConnected,
	};
}

/* Move to STATE; report SWITCH only if that is a change. */
static unsigned int
xbs_sm_switch(struct xbs_sm *sm, enum xenbus_state state)
{
	if (sm->xsm_state == state)
		return XBS_ACT_NONE;
	sm->xsm_state = state;
	return XBS_ACT_SWITCH;
}

/*
 * Tear the connection down and then go to STATE (and unregister if
 * UNREG).  With I/O in flight the teardown waits: the backend shows
 * Closing meanwhile if it is heading for Closed, and the rest is done by
 * xbs_sm_drained().
 */
static unsigned int
xbs_sm_teardown(struct xbs_sm *sm, enum xenbus_state state, bool unreg,
    bool busy)
{
	unsigned int act = XBS_ACT_NONE;

	if (sm->xsm_connected && busy) {
		sm->xsm_pending = true;
		sm->xsm_pending_state = state;
		sm->xsm_pending_unregister |= unreg;
		if (state == XenbusStateClosed)
			act |= xbs_sm_switch(sm, XenbusStateClosing);
		return act;
	}
	if (sm->xsm_connected) {
		sm->xsm_connected = false;
		act |= XBS_ACT_DISCONNECT;
	}
	sm->xsm_pending = false;
	act |= xbs_sm_switch(sm, state);
	if (unreg)
		act |= XBS_ACT_UNREGISTER;
	return act;
}

/**
 * xbs_sm_frontend_changed() - the frontend's state changed.
 * @sm: the state machine.
 * @fe: the frontend's new state, vetted by xbs_read_state().
 * @busy: the connection has I/O in flight and cannot be torn down now.
 *
 * Return: a mask of enum xbs_action.
 */
unsigned int
xbs_sm_frontend_changed(struct xbs_sm *sm, enum xenbus_state fe, bool busy)
{
	unsigned int act = XBS_ACT_NONE;

	/* A teardown already waits for I/O; it decides what comes next. */
	if (sm->xsm_pending) {
		if (fe == XenbusStateUnknown)
			sm->xsm_pending_unregister = true;
		if (fe == XenbusStateClosing || fe == XenbusStateClosed)
			act |= xbs_sm_switch(sm, XenbusStateClosing);
		return act;
	}

	switch (fe) {
	case XenbusStateInitialising:
		/*
		 * From Closing too: the frontend passed through Closed, but
		 * its watch events came after it had moved on, and only
		 * Initialising was read (lab scenario flap: Closing, Closed
		 * and Initialising written in a row).
		 */
		if (sm->xsm_state == XenbusStateClosed ||
		    sm->xsm_state == XenbusStateClosing ||
		    sm->xsm_state == XenbusStateConnected ||
		    sm->xsm_state == XenbusStateReconfigured)
			act = xbs_sm_teardown(sm, XenbusStateInitWait, false,
			    busy);
		break;
	case XenbusStateReconfiguring:
		if (!sm->xsm_reconfigure)
			break;
		if (sm->xsm_connected) {
			if (sm->xsm_state == XenbusStateConnected ||
			    sm->xsm_state == XenbusStateReconfigured) {
				sm->xsm_live = XenbusStateReconfigured;
				act = XBS_ACT_RECONFIGURE |
				    xbs_sm_switch(sm, XenbusStateReconfigured);
			}
			break;
		}
		fallthrough;
	case XenbusStateInitialised:
	case XenbusStateConnected:
		if ((fe == XenbusStateInitialised &&
			(sm->xsm_connect_on & XBS_CONNECT_ON_INITIALISED) ==
			    0) ||
		    (fe != XenbusStateInitialised &&
			(sm->xsm_connect_on & XBS_CONNECT_ON_CONNECTED) == 0))
			break;
		/*
		 * Connect from InitWait, and from Closed when a frontend
		 * reconnects without passing through Initialising (its
		 * watch may fire once for two quick state changes).
		 */
		if (!sm->xsm_connected &&
		    (sm->xsm_state == XenbusStateInitWait ||
			sm->xsm_state == XenbusStateInitialised ||
			sm->xsm_state == XenbusStateClosed)) {
			sm->xsm_live = fe == XenbusStateReconfiguring ?
			    XenbusStateReconfigured :
			    XenbusStateConnected;
			act = XBS_ACT_CONNECT;
		}
		break;
	case XenbusStateClosing:
		/* Follow at once, even if we cannot close yet. */
		act = xbs_sm_switch(sm, XenbusStateClosing);
		break;
	case XenbusStateClosed:
		act = xbs_sm_teardown(sm, XenbusStateClosed, !sm->xsm_online,
		    busy);
		break;
	case XenbusStateUnknown:
		act = xbs_sm_teardown(sm, XenbusStateClosed, true, busy);
		break;
	case XenbusStateInitWait:
	case XenbusStateReconfigured:
	default:
		break;
	}
	return act;
}

/**
 * xbs_sm_would_teardown() - would this frontend state end the connection?
 * @sm: the state machine.
 * @fe: the frontend's new state, vetted.
 *
 * Asked before xbs_sm_frontend_changed() so that the driver can stop
 * taking new work before it says whether it is busy: a request fetched
 * between that answer and the teardown would be waited for under the
 * device's lock.  Mirrors xbs_sm_frontend_changed()'s teardowns; a
 * teardown already pending has stopped the work.
 *
 * Return: true if the connection would be torn down, now or once its
 * I/O drains.
 */
bool
xbs_sm_would_teardown(const struct xbs_sm *sm, enum xenbus_state fe)
{
	if (!sm->xsm_connected || sm->xsm_pending)
		return false;
	switch (fe) {
	case XenbusStateClosed:
	case XenbusStateUnknown:
		return true;
	case XenbusStateInitialising:
		return sm->xsm_state == XenbusStateClosed ||
		    sm->xsm_state == XenbusStateClosing ||
		    sm->xsm_state == XenbusStateConnected ||
		    sm->xsm_state == XenbusStateReconfigured;
	default:
		return false;
	}
}

/**
 * xbs_sm_connect_done() - the driver finished a CONNECT action.
 * @sm: the state machine.
 * @error: 0 if the connection is up, XBS_CONNECT_DEFERRED if it is up but
 *	must not be shown yet (see xbs_sm_ready()), XBS_CONNECT_LATER if it
 *	could not be attempted yet, else the negative errno.
 *
 * A failed connection has been cleaned up by the driver; the backend
 * shows Closing so that the frontend notices and closes too (that is what
 * xenbus_dev_fatal() does in Linux).
 *
 * Return: a mask of enum xbs_action.
 */
unsigned int
xbs_sm_connect_done(struct xbs_sm *sm, int error)
{
	if (error < 0)
		return xbs_sm_switch(sm, XenbusStateClosing);
	if (error == XBS_CONNECT_LATER)
		return XBS_ACT_NONE;
	sm->xsm_connected = true;
	if (error == XBS_CONNECT_DEFERRED)
		return XBS_ACT_NONE;
	return xbs_sm_switch(sm, sm->xsm_live);
}

/**
 * xbs_sm_ready() - a deferred connection may now show Connected.
 * @sm: the state machine.
 *
 * Return: SWITCH if the connection exists and was not shown yet.
 */
unsigned int
xbs_sm_ready(struct xbs_sm *sm)
{
	if (!sm->xsm_connected || sm->xsm_pending ||
	    sm->xsm_state == XenbusStateClosing ||
	    sm->xsm_state == XenbusStateClosed)
		return XBS_ACT_NONE;
	return xbs_sm_switch(sm, sm->xsm_live);
}

/**
 * xbs_sm_fatal() - the frontend broke the protocol.
 * @sm: the state machine.
 * @busy: the connection has I/O in flight.
 *
 * The connection is torn down (after its I/O drains) and the backend shows
 * Closing, which makes the frontend close too.  The device stays until the
 * toolstack removes it, so that the administrator can read its "error"
 * node.
 *
 * Return: a mask of enum xbs_action.
 */
unsigned int
xbs_sm_fatal(struct xbs_sm *sm, bool busy)
{
	unsigned int act;

	if (sm->xsm_pending) {
		sm->xsm_pending_state = XenbusStateClosing;
		return xbs_sm_switch(sm, XenbusStateClosing);
	}
	act = xbs_sm_teardown(sm, XenbusStateClosing, false, busy);
	return act | xbs_sm_switch(sm, XenbusStateClosing);
}

/**
 * xbs_sm_drained() - the last in-flight I/O of the connection completed.
 * @sm: the state machine.
 *
 * Return: the deferred teardown's actions, or XBS_ACT_NONE if none waits.
 */
unsigned int
xbs_sm_drained(struct xbs_sm *sm)
{
	if (!sm->xsm_pending)
		return XBS_ACT_NONE;
	return xbs_sm_teardown(sm, sm->xsm_pending_state,
	    sm->xsm_pending_unregister, false);
}

/**
 * xbs_sm_set_online() - the toolstack changed the "online" node.
 * @sm: the state machine.
 * @online: its new value.
 *
 * A device taken offline after its frontend has closed is removed now;
 * otherwise it is removed when the frontend reaches Closed.
 *
 * Return: a mask of enum xbs_action.
 */
unsigned int
xbs_sm_set_online(struct xbs_sm *sm, bool online)
{
	sm->xsm_online = online;
	if (!online && !sm->xsm_connected && !sm->xsm_pending &&
	    sm->xsm_state == XenbusStateClosed)
		return XBS_ACT_UNREGISTER;
	return XBS_ACT_NONE;
}

#if IS_ENABLED(CONFIG_XBS_KUNIT_TEST)
#include "xbs_sm_test.c"
#endif

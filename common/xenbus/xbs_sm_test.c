// SPDX-License-Identifier: GPL-2.0-only
/*
 * xbs_sm_test.c: KUnit suite for the backend state machine.  Included at
 * the end of xbs_sm.c under CONFIG_XBS_KUNIT_TEST.
 *
 * Each case walks the machine through a handshake and checks both the
 * actions it asks for and the state it would publish; the close and
 * reconnect cases are the ones FreeBSD's blkback history fixed.
 */
#include <kunit/test.h>

#define BLK (XBS_CONNECT_ON_INITIALISED | XBS_CONNECT_ON_CONNECTED)
#define NET XBS_CONNECT_ON_CONNECTED

/* A machine that has probed (InitWait) and, if CONNECTED, connected. */
static void
xbs_sm_test_setup(struct xbs_sm *sm, unsigned int on, bool online,
    bool connected)
{
	xbs_sm_init(sm, on, online);
	sm->xsm_state = XenbusStateInitWait;
	if (connected) {
		xbs_sm_frontend_changed(sm, XenbusStateInitialised, false);
		xbs_sm_connect_done(sm, 0);
	}
}

static void
xbs_sm_test_init(struct kunit *test)
{
	struct xbs_sm sm;

	xbs_sm_init(&sm, BLK, true);
	KUNIT_EXPECT_EQ(test, sm.xsm_state, XenbusStateInitialising);
	KUNIT_EXPECT_FALSE(test, sm.xsm_connected);
	KUNIT_EXPECT_TRUE(test, sm.xsm_online);
	KUNIT_EXPECT_FALSE(test, sm.xsm_pending);
}

static void
xbs_sm_test_blk_connect(struct kunit *test)
{
	struct xbs_sm sm;

	xbs_sm_test_setup(&sm, BLK, false, false);
	KUNIT_EXPECT_EQ(test,
	    xbs_sm_frontend_changed(&sm, XenbusStateInitialised, false),
	    (unsigned int)XBS_ACT_CONNECT);
	KUNIT_EXPECT_EQ(test, xbs_sm_connect_done(&sm, 0),
	    (unsigned int)XBS_ACT_SWITCH);
	KUNIT_EXPECT_EQ(test, sm.xsm_state, XenbusStateConnected);
	KUNIT_EXPECT_TRUE(test, sm.xsm_connected);
}

static void
xbs_sm_test_net_waits_for_connected(struct kunit *test)
{
	struct xbs_sm sm;

	/* netfront passes Initialised before its rings are all written. */
	xbs_sm_test_setup(&sm, NET, false, false);
	KUNIT_EXPECT_EQ(test,
	    xbs_sm_frontend_changed(&sm, XenbusStateInitialised, false),
	    (unsigned int)XBS_ACT_NONE);
	KUNIT_EXPECT_EQ(test,
	    xbs_sm_frontend_changed(&sm, XenbusStateConnected, false),
	    (unsigned int)XBS_ACT_CONNECT);
}

/*
 * The other mask alone: a driver that connects on Initialised only does
 * not connect when the frontend shows Connected first.
 */
static void
xbs_sm_test_initialised_only(struct kunit *test)
{
	struct xbs_sm sm;

	xbs_sm_test_setup(&sm, XBS_CONNECT_ON_INITIALISED, false, false);
	KUNIT_EXPECT_EQ(test,
	    xbs_sm_frontend_changed(&sm, XenbusStateConnected, false),
	    (unsigned int)XBS_ACT_NONE);
	KUNIT_EXPECT_EQ(test, sm.xsm_state, XenbusStateInitWait);
	KUNIT_EXPECT_EQ(test,
	    xbs_sm_frontend_changed(&sm, XenbusStateInitialised, false),
	    (unsigned int)XBS_ACT_CONNECT);
}

static void
xbs_sm_test_connected_twice(struct kunit *test)
{
	struct xbs_sm sm;

	/* Two watch events for one transition must not connect twice. */
	xbs_sm_test_setup(&sm, BLK, false, true);
	KUNIT_EXPECT_EQ(test,
	    xbs_sm_frontend_changed(&sm, XenbusStateConnected, false),
	    (unsigned int)XBS_ACT_NONE);
	KUNIT_EXPECT_EQ(test,
	    xbs_sm_frontend_changed(&sm, XenbusStateInitialised, false),
	    (unsigned int)XBS_ACT_NONE);
}

static void
xbs_sm_test_connect_fails(struct kunit *test)
{
	struct xbs_sm sm;

	xbs_sm_test_setup(&sm, BLK, false, false);
	xbs_sm_frontend_changed(&sm, XenbusStateInitialised, false);
	KUNIT_EXPECT_EQ(test, xbs_sm_connect_done(&sm, -ENOMEM),
	    (unsigned int)XBS_ACT_SWITCH);
	KUNIT_EXPECT_EQ(test, sm.xsm_state, XenbusStateClosing);
	KUNIT_EXPECT_FALSE(test, sm.xsm_connected);
}

static void
xbs_sm_test_connect_deferred(struct kunit *test)
{
	struct xbs_sm sm;

	/* netback waits for the hotplug script before showing Connected. */
	xbs_sm_test_setup(&sm, NET, false, false);
	xbs_sm_frontend_changed(&sm, XenbusStateConnected, false);
	KUNIT_EXPECT_EQ(test, xbs_sm_connect_done(&sm, XBS_CONNECT_DEFERRED),
	    (unsigned int)XBS_ACT_NONE);
	KUNIT_EXPECT_TRUE(test, sm.xsm_connected);
	KUNIT_EXPECT_EQ(test, sm.xsm_state, XenbusStateInitWait);
	KUNIT_EXPECT_EQ(test, xbs_sm_ready(&sm), (unsigned int)XBS_ACT_SWITCH);
	KUNIT_EXPECT_EQ(test, sm.xsm_state, XenbusStateConnected);
	KUNIT_EXPECT_EQ(test, xbs_sm_ready(&sm), (unsigned int)XBS_ACT_NONE);
}

static void
xbs_sm_test_connect_later(struct kunit *test)
{
	struct xbs_sm sm;

	/* The frontend is ready before the hotplug script: try again. */
	xbs_sm_test_setup(&sm, BLK, false, false);
	KUNIT_EXPECT_EQ(test,
	    xbs_sm_frontend_changed(&sm, XenbusStateInitialised, false),
	    (unsigned int)XBS_ACT_CONNECT);
	KUNIT_EXPECT_EQ(test, xbs_sm_connect_done(&sm, XBS_CONNECT_LATER),
	    (unsigned int)XBS_ACT_NONE);
	KUNIT_EXPECT_FALSE(test, sm.xsm_connected);
	KUNIT_EXPECT_EQ(test, sm.xsm_state, XenbusStateInitWait);
	KUNIT_EXPECT_EQ(test,
	    xbs_sm_frontend_changed(&sm, XenbusStateInitialised, false),
	    (unsigned int)XBS_ACT_CONNECT);
}

static void
xbs_sm_test_closing_busy(struct kunit *test)
{
	struct xbs_sm sm;

	/* FreeBSD 2012-02-17: follow to Closing even if we cannot close. */
	xbs_sm_test_setup(&sm, BLK, false, true);
	KUNIT_EXPECT_EQ(test,
	    xbs_sm_frontend_changed(&sm, XenbusStateClosing, true),
	    (unsigned int)XBS_ACT_SWITCH);
	KUNIT_EXPECT_EQ(test, sm.xsm_state, XenbusStateClosing);
	KUNIT_EXPECT_TRUE(test, sm.xsm_connected);
}

static void
xbs_sm_test_closing_keeps_connection(struct kunit *test)
{
	struct xbs_sm sm;

	/* FreeBSD 2012-02-15: no teardown before the frontend is Closed. */
	xbs_sm_test_setup(&sm, BLK, false, true);
	KUNIT_EXPECT_EQ(test,
	    xbs_sm_frontend_changed(&sm, XenbusStateClosing, false) &
		XBS_ACT_DISCONNECT,
	    0U);
	KUNIT_EXPECT_TRUE(test, sm.xsm_connected);
	/* A frontend that vetoes the close goes back to Connected. */
	KUNIT_EXPECT_EQ(test,
	    xbs_sm_frontend_changed(&sm, XenbusStateConnected, false),
	    (unsigned int)XBS_ACT_NONE);
	KUNIT_EXPECT_TRUE(test, sm.xsm_connected);
}

static void
xbs_sm_test_closed_online(struct kunit *test)
{
	struct xbs_sm sm;

	xbs_sm_test_setup(&sm, BLK, true, true);
	xbs_sm_frontend_changed(&sm, XenbusStateClosing, false);
	KUNIT_EXPECT_EQ(test,
	    xbs_sm_frontend_changed(&sm, XenbusStateClosed, false),
	    (unsigned int)(XBS_ACT_DISCONNECT | XBS_ACT_SWITCH));
	KUNIT_EXPECT_EQ(test, sm.xsm_state, XenbusStateClosed);
	KUNIT_EXPECT_FALSE(test, sm.xsm_connected);
}

static void
xbs_sm_test_closed_offline(struct kunit *test)
{
	struct xbs_sm sm;

	xbs_sm_test_setup(&sm, BLK, false, true);
	KUNIT_EXPECT_EQ(test,
	    xbs_sm_frontend_changed(&sm, XenbusStateClosed, false),
	    (unsigned int)(XBS_ACT_DISCONNECT | XBS_ACT_SWITCH |
		XBS_ACT_UNREGISTER));
}

static void
xbs_sm_test_closed_busy_drains(struct kunit *test)
{
	struct xbs_sm sm;

	xbs_sm_test_setup(&sm, BLK, false, true);
	KUNIT_EXPECT_EQ(test,
	    xbs_sm_frontend_changed(&sm, XenbusStateClosed, true),
	    (unsigned int)XBS_ACT_SWITCH);
	KUNIT_EXPECT_EQ(test, sm.xsm_state, XenbusStateClosing);
	KUNIT_EXPECT_TRUE(test, sm.xsm_pending);
	KUNIT_EXPECT_TRUE(test, sm.xsm_connected);
	/* Further events while draining change nothing but Closing. */
	KUNIT_EXPECT_EQ(test,
	    xbs_sm_frontend_changed(&sm, XenbusStateClosed, true),
	    (unsigned int)XBS_ACT_NONE);
	KUNIT_EXPECT_EQ(test, xbs_sm_drained(&sm),
	    (unsigned int)(XBS_ACT_DISCONNECT | XBS_ACT_SWITCH |
		XBS_ACT_UNREGISTER));
	KUNIT_EXPECT_EQ(test, sm.xsm_state, XenbusStateClosed);
	KUNIT_EXPECT_FALSE(test, sm.xsm_pending);
	KUNIT_EXPECT_EQ(test, xbs_sm_drained(&sm), (unsigned int)XBS_ACT_NONE);
}

static void
xbs_sm_test_reconnect_after_closed(struct kunit *test)
{
	struct xbs_sm sm;

	/* An online device survives a guest reboot and connects again. */
	xbs_sm_test_setup(&sm, BLK, true, true);
	xbs_sm_frontend_changed(&sm, XenbusStateClosed, false);
	KUNIT_EXPECT_EQ(test,
	    xbs_sm_frontend_changed(&sm, XenbusStateInitialising, false),
	    (unsigned int)XBS_ACT_SWITCH);
	KUNIT_EXPECT_EQ(test, sm.xsm_state, XenbusStateInitWait);
	KUNIT_EXPECT_EQ(test,
	    xbs_sm_frontend_changed(&sm, XenbusStateInitialised, false),
	    (unsigned int)XBS_ACT_CONNECT);
}

static void
xbs_sm_test_reinit_while_connected(struct kunit *test)
{
	struct xbs_sm sm;

	/* Resume or kexec: the frontend starts over without closing. */
	xbs_sm_test_setup(&sm, BLK, true, true);
	KUNIT_EXPECT_EQ(test,
	    xbs_sm_frontend_changed(&sm, XenbusStateInitialising, false),
	    (unsigned int)(XBS_ACT_DISCONNECT | XBS_ACT_SWITCH));
	KUNIT_EXPECT_EQ(test, sm.xsm_state, XenbusStateInitWait);
	KUNIT_EXPECT_FALSE(test, sm.xsm_connected);
}

static void
xbs_sm_test_reinit_busy(struct kunit *test)
{
	struct xbs_sm sm;

	xbs_sm_test_setup(&sm, BLK, true, true);
	KUNIT_EXPECT_EQ(test,
	    xbs_sm_frontend_changed(&sm, XenbusStateInitialising, true),
	    (unsigned int)XBS_ACT_NONE);
	KUNIT_EXPECT_TRUE(test, sm.xsm_pending);
	KUNIT_EXPECT_EQ(test, xbs_sm_drained(&sm),
	    (unsigned int)(XBS_ACT_DISCONNECT | XBS_ACT_SWITCH));
	KUNIT_EXPECT_EQ(test, sm.xsm_state, XenbusStateInitWait);
}

static void
xbs_sm_test_reinit_from_closing(struct kunit *test)
{
	struct xbs_sm sm;

	/*
	 * The frontend wrote Closing, Closed and Initialising in a row and
	 * the backend read Closing, then only Initialising: it must end in
	 * InitWait, through a teardown that waits for the I/O, not stay in
	 * Closing (the lab's flap scenario, one cycle in two).
	 */
	xbs_sm_test_setup(&sm, BLK, true, true);
	KUNIT_EXPECT_EQ(test,
	    xbs_sm_frontend_changed(&sm, XenbusStateClosing, true),
	    (unsigned int)XBS_ACT_SWITCH);
	KUNIT_EXPECT_EQ(test,
	    xbs_sm_frontend_changed(&sm, XenbusStateInitialising, true),
	    (unsigned int)XBS_ACT_NONE);
	KUNIT_EXPECT_TRUE(test, sm.xsm_pending);
	KUNIT_EXPECT_EQ(test, xbs_sm_drained(&sm),
	    (unsigned int)(XBS_ACT_DISCONNECT | XBS_ACT_SWITCH));
	KUNIT_EXPECT_EQ(test, sm.xsm_state, XenbusStateInitWait);
	KUNIT_EXPECT_FALSE(test, sm.xsm_connected);

	/* Idle, the same reads go straight to InitWait. */
	xbs_sm_test_setup(&sm, BLK, true, true);
	xbs_sm_frontend_changed(&sm, XenbusStateClosing, false);
	KUNIT_EXPECT_EQ(test,
	    xbs_sm_frontend_changed(&sm, XenbusStateInitialising, false),
	    (unsigned int)(XBS_ACT_DISCONNECT | XBS_ACT_SWITCH));
	KUNIT_EXPECT_EQ(test, sm.xsm_state, XenbusStateInitWait);

	/* A connection refused (Closing, not connected) may start over. */
	xbs_sm_test_setup(&sm, BLK, true, false);
	xbs_sm_connect_done(&sm, -EINVAL);
	KUNIT_EXPECT_EQ(test, sm.xsm_state, XenbusStateClosing);
	KUNIT_EXPECT_EQ(test,
	    xbs_sm_frontend_changed(&sm, XenbusStateInitialising, false),
	    (unsigned int)XBS_ACT_SWITCH);
	KUNIT_EXPECT_EQ(test, sm.xsm_state, XenbusStateInitWait);
}

static void
xbs_sm_test_would_teardown(struct kunit *test)
{
	static const enum xenbus_state states[] = {
		XenbusStateInitWait, XenbusStateConnected, XenbusStateClosing,
		XenbusStateClosed, XenbusStateReconfigured,
	};
	struct xbs_sm sm, copy;
	unsigned int act, i, k;
	int fe;
	bool busy, down;

	/*
	 * For every backend state of a connected device, every frontend
	 * state, both busy answers and drivers that reconfigure or not:
	 * the prediction is true exactly when
	 * xbs_sm_frontend_changed() disconnects or defers a teardown.
	 */
	for (i = 0; i < ARRAY_SIZE(states); i++) {
		for (fe = XenbusStateUnknown; fe <= XenbusStateReconfigured;
		     fe++) {
			for (k = 0; k < 4; k++) {
				busy = (k & 1) != 0;
				xbs_sm_test_setup(&sm, BLK, true, true);
				sm.xsm_state = states[i];
				sm.xsm_reconfigure = (k & 2) != 0;
				copy = sm;
				act = xbs_sm_frontend_changed(&copy, fe, busy);
				down = (act & XBS_ACT_DISCONNECT) != 0 ||
				    copy.xsm_pending;
				KUNIT_EXPECT_EQ_MSG(test,
				    xbs_sm_would_teardown(&sm, fe), down,
				    "backend %d frontend %d busy %d reconf %d",
				    states[i], fe, busy, sm.xsm_reconfigure);
			}
		}
	}
	/* Nothing to tear down without a connection, or once pending. */
	xbs_sm_test_setup(&sm, BLK, true, false);
	KUNIT_EXPECT_FALSE(test,
	    xbs_sm_would_teardown(&sm, XenbusStateClosed));
	xbs_sm_test_setup(&sm, BLK, true, true);
	xbs_sm_frontend_changed(&sm, XenbusStateClosed, true);
	KUNIT_EXPECT_FALSE(test,
	    xbs_sm_would_teardown(&sm, XenbusStateClosed));
}

static void
xbs_sm_test_unknown(struct kunit *test)
{
	struct xbs_sm sm;

	/* A vanished frontend removes even an online device. */
	xbs_sm_test_setup(&sm, BLK, true, true);
	KUNIT_EXPECT_EQ(test,
	    xbs_sm_frontend_changed(&sm, XenbusStateUnknown, false),
	    (unsigned int)(XBS_ACT_DISCONNECT | XBS_ACT_SWITCH |
		XBS_ACT_UNREGISTER));
}

static void
xbs_sm_test_unknown_while_draining(struct kunit *test)
{
	struct xbs_sm sm;

	xbs_sm_test_setup(&sm, BLK, true, true);
	xbs_sm_frontend_changed(&sm, XenbusStateClosed, true);
	KUNIT_EXPECT_FALSE(test, sm.xsm_pending_unregister);
	xbs_sm_frontend_changed(&sm, XenbusStateUnknown, true);
	KUNIT_EXPECT_TRUE(test, sm.xsm_pending_unregister);
	KUNIT_EXPECT_NE(test, xbs_sm_drained(&sm) & XBS_ACT_UNREGISTER, 0U);
}

static void
xbs_sm_test_online_cleared(struct kunit *test)
{
	struct xbs_sm sm;

	xbs_sm_test_setup(&sm, BLK, true, true);
	KUNIT_EXPECT_EQ(test, xbs_sm_set_online(&sm, false),
	    (unsigned int)XBS_ACT_NONE);
	xbs_sm_set_online(&sm, true);
	xbs_sm_frontend_changed(&sm, XenbusStateClosed, false);
	KUNIT_EXPECT_EQ(test, xbs_sm_set_online(&sm, false),
	    (unsigned int)XBS_ACT_UNREGISTER);
}

static void
xbs_sm_test_fatal(struct kunit *test)
{
	struct xbs_sm sm;

	xbs_sm_test_setup(&sm, BLK, false, true);
	KUNIT_EXPECT_EQ(test, xbs_sm_fatal(&sm, false),
	    (unsigned int)(XBS_ACT_DISCONNECT | XBS_ACT_SWITCH));
	KUNIT_EXPECT_EQ(test, sm.xsm_state, XenbusStateClosing);
	KUNIT_EXPECT_FALSE(test, sm.xsm_connected);

	xbs_sm_test_setup(&sm, BLK, false, true);
	KUNIT_EXPECT_EQ(test, xbs_sm_fatal(&sm, true),
	    (unsigned int)XBS_ACT_SWITCH);
	KUNIT_EXPECT_TRUE(test, sm.xsm_pending);
	KUNIT_EXPECT_EQ(test, xbs_sm_drained(&sm),
	    (unsigned int)XBS_ACT_DISCONNECT);
	KUNIT_EXPECT_EQ(test, sm.xsm_state, XenbusStateClosing);
}

static void
xbs_sm_test_closed_unconnected(struct kunit *test)
{
	struct xbs_sm sm;

	xbs_sm_test_setup(&sm, BLK, true, false);
	KUNIT_EXPECT_EQ(test,
	    xbs_sm_frontend_changed(&sm, XenbusStateClosed, false),
	    (unsigned int)XBS_ACT_SWITCH);
	KUNIT_EXPECT_EQ(test, sm.xsm_state, XenbusStateClosed);
}

static void
xbs_sm_test_ignored_states(struct kunit *test)
{
	struct xbs_sm sm;

	xbs_sm_test_setup(&sm, BLK, false, true);
	KUNIT_EXPECT_EQ(test,
	    xbs_sm_frontend_changed(&sm, XenbusStateInitWait, false),
	    (unsigned int)XBS_ACT_NONE);
	KUNIT_EXPECT_EQ(test,
	    xbs_sm_frontend_changed(&sm, XenbusStateReconfiguring, false),
	    (unsigned int)XBS_ACT_NONE);
	KUNIT_EXPECT_EQ(test,
	    xbs_sm_frontend_changed(&sm, XenbusStateReconfigured, false),
	    (unsigned int)XBS_ACT_NONE);
	KUNIT_EXPECT_EQ(test, sm.xsm_state, XenbusStateConnected);
}

/*
 * netif.h's XDP headroom: a driver that reconfigures answers Reconfiguring
 * with RECONFIGURE and Reconfigured, and stays there when the frontend is
 * Connected again (a Connected would make netfront take the RTNL on its
 * xenwatch thread); again for the next change; a frontend that
 * re-initialises meanwhile tears the connection down as from Connected.
 */
static void
xbs_sm_test_reconfigure(struct kunit *test)
{
	struct xbs_sm sm;

	xbs_sm_test_setup(&sm, NET, false, false);
	sm.xsm_reconfigure = true;
	KUNIT_EXPECT_EQ(test,
	    xbs_sm_frontend_changed(&sm, XenbusStateConnected, false),
	    (unsigned int)XBS_ACT_CONNECT);
	KUNIT_EXPECT_EQ(test, xbs_sm_connect_done(&sm, 0),
	    (unsigned int)XBS_ACT_SWITCH);
	KUNIT_EXPECT_EQ(test, sm.xsm_state, XenbusStateConnected);
	KUNIT_EXPECT_EQ(test,
	    xbs_sm_frontend_changed(&sm, XenbusStateReconfiguring, false),
	    (unsigned int)(XBS_ACT_RECONFIGURE | XBS_ACT_SWITCH));
	KUNIT_EXPECT_EQ(test, sm.xsm_state, XenbusStateReconfigured);
	/* A second event for the same state rereads, without a switch. */
	KUNIT_EXPECT_EQ(test,
	    xbs_sm_frontend_changed(&sm, XenbusStateReconfiguring, true),
	    (unsigned int)XBS_ACT_RECONFIGURE);
	/* The frontend is Connected again: the backend stays. */
	KUNIT_EXPECT_EQ(test,
	    xbs_sm_frontend_changed(&sm, XenbusStateConnected, false),
	    (unsigned int)XBS_ACT_NONE);
	KUNIT_EXPECT_EQ(test, sm.xsm_state, XenbusStateReconfigured);
	KUNIT_EXPECT_TRUE(test, sm.xsm_connected);
	KUNIT_EXPECT_EQ(test,
	    xbs_sm_frontend_changed(&sm, XenbusStateReconfiguring, false),
	    (unsigned int)XBS_ACT_RECONFIGURE);
	/* Re-initialising from Reconfigured; the next connection is new. */
	KUNIT_EXPECT_TRUE(test,
	    xbs_sm_would_teardown(&sm, XenbusStateInitialising));
	KUNIT_EXPECT_EQ(test,
	    xbs_sm_frontend_changed(&sm, XenbusStateInitialising, false),
	    (unsigned int)(XBS_ACT_DISCONNECT | XBS_ACT_SWITCH));
	KUNIT_EXPECT_EQ(test, sm.xsm_state, XenbusStateInitWait);
	KUNIT_EXPECT_EQ(test,
	    xbs_sm_frontend_changed(&sm, XenbusStateConnected, false),
	    (unsigned int)XBS_ACT_CONNECT);
	xbs_sm_connect_done(&sm, 0);
	KUNIT_EXPECT_EQ(test, sm.xsm_state, XenbusStateConnected);
	/* Closing, Closed, Unknown and a fatal error from Reconfigured. */
	xbs_sm_frontend_changed(&sm, XenbusStateReconfiguring, false);
	KUNIT_EXPECT_EQ(test,
	    xbs_sm_frontend_changed(&sm, XenbusStateClosing, false),
	    (unsigned int)XBS_ACT_SWITCH);
	KUNIT_EXPECT_EQ(test, sm.xsm_state, XenbusStateClosing);
	KUNIT_EXPECT_EQ(test,
	    xbs_sm_frontend_changed(&sm, XenbusStateReconfiguring, false),
	    (unsigned int)XBS_ACT_NONE);
	KUNIT_EXPECT_EQ(test,
	    xbs_sm_frontend_changed(&sm, XenbusStateClosed, false),
	    (unsigned int)(XBS_ACT_DISCONNECT | XBS_ACT_SWITCH |
		XBS_ACT_UNREGISTER));
	xbs_sm_test_setup(&sm, NET, true, true);
	sm.xsm_reconfigure = true;
	xbs_sm_frontend_changed(&sm, XenbusStateReconfiguring, false);
	KUNIT_EXPECT_EQ(test,
	    xbs_sm_frontend_changed(&sm, XenbusStateUnknown, false),
	    (unsigned int)(XBS_ACT_DISCONNECT | XBS_ACT_SWITCH |
		XBS_ACT_UNREGISTER));
	xbs_sm_test_setup(&sm, NET, true, true);
	sm.xsm_reconfigure = true;
	xbs_sm_frontend_changed(&sm, XenbusStateReconfiguring, false);
	KUNIT_EXPECT_EQ(test, xbs_sm_fatal(&sm, false),
	    (unsigned int)(XBS_ACT_DISCONNECT | XBS_ACT_SWITCH));
	KUNIT_EXPECT_EQ(test, sm.xsm_state, XenbusStateClosing);
	/* A teardown pending: Reconfiguring waits with the rest. */
	xbs_sm_test_setup(&sm, NET, true, true);
	sm.xsm_reconfigure = true;
	xbs_sm_frontend_changed(&sm, XenbusStateClosed, true);
	KUNIT_EXPECT_TRUE(test, sm.xsm_pending);
	KUNIT_EXPECT_EQ(test,
	    xbs_sm_frontend_changed(&sm, XenbusStateReconfiguring, true),
	    (unsigned int)XBS_ACT_NONE);
}

/*
 * Reconfiguring before the connection exists (the hotplug script not done
 * yet, a rebind, or Connected and Reconfiguring read as one event): it
 * connects as Connected would, and the connection shows Reconfigured,
 * which netfront waits for; a driver that does not reconfigure ignores it.
 */
static void
xbs_sm_test_reconfigure_connect(struct kunit *test)
{
	struct xbs_sm sm;

	xbs_sm_test_setup(&sm, NET, false, false);
	sm.xsm_reconfigure = true;
	KUNIT_EXPECT_EQ(test,
	    xbs_sm_frontend_changed(&sm, XenbusStateReconfiguring, false),
	    (unsigned int)XBS_ACT_CONNECT);
	/* The hotplug script is late: nothing yet; then again, and up. */
	KUNIT_EXPECT_EQ(test, xbs_sm_connect_done(&sm, XBS_CONNECT_LATER),
	    (unsigned int)XBS_ACT_NONE);
	KUNIT_EXPECT_EQ(test, sm.xsm_state, XenbusStateInitWait);
	KUNIT_EXPECT_EQ(test,
	    xbs_sm_frontend_changed(&sm, XenbusStateReconfiguring, false),
	    (unsigned int)XBS_ACT_CONNECT);
	KUNIT_EXPECT_EQ(test, xbs_sm_connect_done(&sm, 0),
	    (unsigned int)XBS_ACT_SWITCH);
	KUNIT_EXPECT_EQ(test, sm.xsm_state, XenbusStateReconfigured);
	/* Deferred, then shown: Reconfigured too. */
	xbs_sm_test_setup(&sm, NET, false, false);
	sm.xsm_reconfigure = true;
	xbs_sm_frontend_changed(&sm, XenbusStateReconfiguring, false);
	KUNIT_EXPECT_EQ(test, xbs_sm_connect_done(&sm, XBS_CONNECT_DEFERRED),
	    (unsigned int)XBS_ACT_NONE);
	KUNIT_EXPECT_EQ(test, xbs_sm_ready(&sm), (unsigned int)XBS_ACT_SWITCH);
	KUNIT_EXPECT_EQ(test, sm.xsm_state, XenbusStateReconfigured);
	/* From Closed too, as Connected does. */
	xbs_sm_test_setup(&sm, NET, true, true);
	sm.xsm_reconfigure = true;
	xbs_sm_frontend_changed(&sm, XenbusStateClosed, false);
	KUNIT_EXPECT_EQ(test,
	    xbs_sm_frontend_changed(&sm, XenbusStateReconfiguring, false),
	    (unsigned int)XBS_ACT_CONNECT);
	/* Not for a driver that does not reconfigure (xbb). */
	xbs_sm_test_setup(&sm, BLK, false, false);
	KUNIT_EXPECT_EQ(test,
	    xbs_sm_frontend_changed(&sm, XenbusStateReconfiguring, false),
	    (unsigned int)XBS_ACT_NONE);
}

static void
xbs_sm_test_connect_from_closed(struct kunit *test)
{
	struct xbs_sm sm;

	/* The watch missed Initialising: Connected alone reconnects. */
	xbs_sm_test_setup(&sm, BLK, true, true);
	xbs_sm_frontend_changed(&sm, XenbusStateClosed, false);
	KUNIT_EXPECT_EQ(test,
	    xbs_sm_frontend_changed(&sm, XenbusStateConnected, false),
	    (unsigned int)XBS_ACT_CONNECT);
	/* But not while closing. */
	xbs_sm_test_setup(&sm, BLK, true, false);
	xbs_sm_frontend_changed(&sm, XenbusStateClosing, false);
	KUNIT_EXPECT_EQ(test,
	    xbs_sm_frontend_changed(&sm, XenbusStateInitialised, false),
	    (unsigned int)XBS_ACT_NONE);
}

static struct kunit_case xbs_sm_cases[] = { KUNIT_CASE(xbs_sm_test_init),
	KUNIT_CASE(xbs_sm_test_blk_connect),
	KUNIT_CASE(xbs_sm_test_net_waits_for_connected),
	KUNIT_CASE(xbs_sm_test_initialised_only),
	KUNIT_CASE(xbs_sm_test_connected_twice),
	KUNIT_CASE(xbs_sm_test_connect_fails),
	KUNIT_CASE(xbs_sm_test_connect_deferred),
	KUNIT_CASE(xbs_sm_test_connect_later),
	KUNIT_CASE(xbs_sm_test_closing_busy),
	KUNIT_CASE(xbs_sm_test_closing_keeps_connection),
	KUNIT_CASE(xbs_sm_test_closed_online),
	KUNIT_CASE(xbs_sm_test_closed_offline),
	KUNIT_CASE(xbs_sm_test_closed_busy_drains),
	KUNIT_CASE(xbs_sm_test_reconnect_after_closed),
	KUNIT_CASE(xbs_sm_test_reinit_while_connected),
	KUNIT_CASE(xbs_sm_test_reinit_busy),
	KUNIT_CASE(xbs_sm_test_reinit_from_closing),
	KUNIT_CASE(xbs_sm_test_would_teardown),
	KUNIT_CASE(xbs_sm_test_unknown),
	KUNIT_CASE(xbs_sm_test_unknown_while_draining),
	KUNIT_CASE(xbs_sm_test_online_cleared), KUNIT_CASE(xbs_sm_test_fatal),
	KUNIT_CASE(xbs_sm_test_closed_unconnected),
	KUNIT_CASE(xbs_sm_test_ignored_states),
	KUNIT_CASE(xbs_sm_test_reconfigure),
	KUNIT_CASE(xbs_sm_test_reconfigure_connect),
	KUNIT_CASE(xbs_sm_test_connect_from_closed), {} };

static struct kunit_suite xbs_sm_suite = {
	.name = "xbs_sm",
	.test_cases = xbs_sm_cases,
};
kunit_test_suite(xbs_sm_suite);

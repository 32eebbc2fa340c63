/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xbs: the Xenbus backend glue that xbb and xnb share.
 *
 * Three pieces live here:
 *
 *  - A vetted XenStore reader.  Every value a frontend or the toolstack
 *    writes is parsed once, strictly, and range checked before a driver
 *    sees it.  A node that is garbage or out of range is an error that
 *    names the node; it never silently becomes zero.
 *
 *  - A feature publisher that writes a set of nodes in one XenStore
 *    transaction and retries the transaction when XenStore answers
 *    -EAGAIN (another writer raced with us).
 *
 *  - A backend state machine that decides, from the frontend's state,
 *    what the backend does next.  It encodes the rules learned in
 *    FreeBSD's blkback history: a toolstack initiated Closing moves the
 *    backend to Closing even when it cannot close yet (2012-02-17);
 *    connection teardown waits until the frontend reaches Closed
 *    (2012-02-15); an "online" device keeps its backing store across
 *    reconnects (2011-06-13); a frontend that re-initialises after
 *    suspend/resume or reboot gets a fresh connection.
 *
 * All of it talks to XenStore through struct xbs_store, a small table of
 * operations.  In a Dom0 the table is backed by xenbus (xbs_xen.c); under
 * KUnit it is an in-memory fake (kunit/xbt_fake.c).  Nothing in the pure
 * part of this library calls the hypervisor.
 */
#ifndef _XBS_H_
#define _XBS_H_

#include <linux/cpumask.h>
#include <linux/minmax.h>
#include <linux/types.h>
#include <xen/interface/io/xenbus.h>

/*------------------------------ XenStore access -----------------------------*/
/* A XenStore transaction handle; XBS_TXN_NONE reads outside a transaction. */
typedef u32 xbs_txn_t;
#define XBS_TXN_NONE ((xbs_txn_t)0)

/* How many times xbs_publish() retries a transaction that raced. */
#define XBS_TXN_RETRIES 8

/* Longest path the library builds from a directory and a node name. */
#define XBS_PATH_MAX 256

struct xbs_store;

/**
 * struct xbs_store_ops - how the library reaches XenStore.
 * @xso_read: read DIR/NODE; returns a kmalloc'ed NUL-terminated string the
 *	caller frees, or an ERR_PTR (-ENOENT when the node does not exist).
 * @xso_write: write VAL to DIR/NODE.
 * @xso_txn_start: start a transaction.
 * @xso_txn_end: commit (or abort) a transaction; -EAGAIN means retry.
 * @xso_report: tell the administrator about an error (optional).
 */
struct xbs_store_ops {
	char *(*xso_read)(struct xbs_store *xs, xbs_txn_t t, const char *dir,
	    const char *node);
	int (*xso_write)(struct xbs_store *xs, xbs_txn_t t, const char *dir,
	    const char *node, const char *val);
	int (*xso_txn_start)(struct xbs_store *xs, xbs_txn_t *t);
	int (*xso_txn_end)(struct xbs_store *xs, xbs_txn_t t, bool abort);
	void (*xso_report)(struct xbs_store *xs, int err, const char *msg);
};

/**
 * struct xbs_store - a handle on XenStore for one device.
 * @xss_ops: the operations.
 * @xss_priv: the operations' private data (a xenbus_device, or a fake).
 * @xss_lasterr: the text of the last error the library reported.
 */
struct xbs_store {
	const struct xbs_store_ops *xss_ops;
	void *xss_priv;
	char xss_lasterr[192];
};

/*------------------------------- Vetted reads -------------------------------*/
/* Result of a read of an optional node that is absent: the default was used. */
#define XBS_DEFAULTED 1

/* Flags for the readers. */
enum xbs_read_flags {
	XBS_REQUIRED = 0,      /* absent is an error (-ENOENT) */
	XBS_OPTIONAL = 1 << 0, /* absent yields the default */
};

int xbs_parse_u64(const char *str, u64 *out);
int xbs_read_u64(struct xbs_store *xs, xbs_txn_t t, const char *dir,
    const char *node, u64 min, u64 max, u64 dflt, enum xbs_read_flags flags,
    u64 *out);
int xbs_read_uint(struct xbs_store *xs, xbs_txn_t t, const char *dir,
    const char *node, unsigned int min, unsigned int max, unsigned int dflt,
    enum xbs_read_flags flags, unsigned int *out);
int xbs_read_bool(struct xbs_store *xs, xbs_txn_t t, const char *dir,
    const char *node, bool dflt, bool *out);
int xbs_read_choice(struct xbs_store *xs, xbs_txn_t t, const char *dir,
    const char *node, const char *const *set, unsigned int nset, int dflt,
    int *idx);
int xbs_read_str(struct xbs_store *xs, xbs_txn_t t, const char *dir,
    const char *node, size_t maxlen, char **out);
int xbs_read_opt_str(struct xbs_store *xs, xbs_txn_t t, const char *dir,
    const char *node, char *buf, size_t size);
int xbs_read_state(struct xbs_store *xs, const char *dir,
    enum xenbus_state *state);
bool xbs_exists(struct xbs_store *xs, xbs_txn_t t, const char *dir,
    const char *node);
void xbs_report(struct xbs_store *xs, int err, const char *fmt, ...)
    __printf(3, 4);
const char *xbs_state_name(enum xenbus_state state);

/*------------------------------- Publishing --------------------------------*/
/* The kinds of value xbs_publish() writes. */
enum xbs_node_kind {
	XBS_NODE_UINT,
	XBS_NODE_STR,
};

/**
 * struct xbs_node - one node to publish.
 * @xn_name: node name, relative to the directory given to xbs_publish().
 * @xn_kind: which of the values below is written.
 * @xn_uint: value for XBS_NODE_UINT, written in decimal.
 * @xn_str: value for XBS_NODE_STR.
 */
struct xbs_node {
	const char *xn_name;
	enum xbs_node_kind xn_kind;
	u64 xn_uint;
	const char *xn_str;
};

#define XBS_UINT(name, v)                                                   \
	{                                                                   \
		.xn_name = (name), .xn_kind = XBS_NODE_UINT, .xn_uint = (v) \
	}
#define XBS_STR(name, s)                                                  \
	{                                                                 \
		.xn_name = (name), .xn_kind = XBS_NODE_STR, .xn_str = (s) \
	}

int xbs_publish(struct xbs_store *xs, const char *dir,
    const struct xbs_node *nodes, unsigned int nnodes);

/*---------------------------- Hotplug status --------------------------------*/
/* What the hotplug script said in the backend's "hotplug-status" node. */
enum xbs_hotplug {
	XBS_HOTPLUG_PENDING,   /* absent or another value: not done yet */
	XBS_HOTPLUG_CONNECTED, /* "connected" */
	XBS_HOTPLUG_ERROR,     /* "error" */
};

enum xbs_hotplug xbs_read_hotplug(struct xbs_store *xs, const char *dir);

/*------------------------------ State machine ------------------------------*/
/* What the driver must do after a state machine step; a bit mask. */
enum xbs_action {
	XBS_ACT_NONE = 0,
	XBS_ACT_SWITCH = 1 << 0,      /* publish xsm_state as our state */
	XBS_ACT_CONNECT = 1 << 1,     /* build the connection */
	XBS_ACT_DISCONNECT = 1 << 2,  /* tear the connection down */
	XBS_ACT_UNREGISTER = 1 << 3,  /* remove the device */
	XBS_ACT_RECONFIGURE = 1 << 4, /* reread what the frontend may change */
};

/*
 * A connect callback that holds the connection's resources but must wait
 * (for the hotplug script, say) before showing Connected returns this.
 */
#define XBS_CONNECT_DEFERRED 1
/*
 * A connect callback that cannot connect yet (the hotplug script has not
 * named the backing store) returns this; nothing changes, and the driver
 * runs the frontend's state through the machine again when it can.
 */
#define XBS_CONNECT_LATER 2

/* Which frontend states make the backend connect. */
enum xbs_connect_on {
	XBS_CONNECT_ON_INITIALISED = 1 << 0, /* blkif */
	XBS_CONNECT_ON_CONNECTED = 1 << 1,   /* blkif and netif */
};

/**
 * struct xbs_sm - the backend's half of the Xenbus handshake.
 * @xsm_state: the state the backend last published (or must publish).
 * @xsm_connect_on: frontend states that trigger a connection.
 * @xsm_connected: the connection (rings, event channels) exists.
 * @xsm_online: the toolstack's "online" node: keep the device on close.
 * @xsm_pending: a teardown waits for in-flight I/O to drain.
 * @xsm_pending_state: the state to publish once that teardown is done.
 * @xsm_pending_unregister: remove the device once that teardown is done.
 * @xsm_reconfigure: the driver reconfigures a live connection when the
 *	frontend shows Reconfiguring (set after xbs_sm_init(), by
 *	xbs_xen_dev_init() for a driver with a reconfigure callback).
 * @xsm_live: the state a live connection shows: Connected, or
 *	Reconfigured once the frontend has reconfigured it (or connected it
 *	while Reconfiguring); reset by each connection.
 */
struct xbs_sm {
	enum xenbus_state xsm_state;
	unsigned int xsm_connect_on;
	bool xsm_connected;
	bool xsm_online;
	bool xsm_pending;
	enum xenbus_state xsm_pending_state;
	bool xsm_pending_unregister;
	bool xsm_reconfigure;
	enum xenbus_state xsm_live;
};

void xbs_sm_init(struct xbs_sm *sm, unsigned int connect_on, bool online);

/**
 * xbs_queue_count() - how many queues a backend offers.
 * @param: the module parameter (0: as many as there are online CPUs).
 * @max: the driver's limit.
 *
 * blkif.h and netif.h's multi-queue-max-queues; xen-blkback and
 * xen-netback offer one queue per online CPU by default.
 *
 * Return: @param, or the number of online CPUs, within 1 and @max.
 */
static inline unsigned int
xbs_queue_count(unsigned int param, unsigned int max)
{
	return clamp(param != 0 ? param : num_online_cpus(), 1U, max);
}
unsigned int xbs_sm_frontend_changed(struct xbs_sm *sm, enum xenbus_state fe,
    bool busy);
bool xbs_sm_would_teardown(const struct xbs_sm *sm, enum xenbus_state fe);
unsigned int xbs_sm_connect_done(struct xbs_sm *sm, int error);
unsigned int xbs_sm_ready(struct xbs_sm *sm);
unsigned int xbs_sm_fatal(struct xbs_sm *sm, bool busy);
unsigned int xbs_sm_drained(struct xbs_sm *sm);
unsigned int xbs_sm_set_online(struct xbs_sm *sm, bool online);

#endif /* _XBS_H_ */

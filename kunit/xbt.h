/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xbt.h: fakes that the KUnit suites share.
 *
 * struct xbt_store is an in-memory XenStore behind struct xbs_store: a
 * table of path/value pairs, transactions that stage their writes and
 * apply them only on a successful commit, and knobs that make a
 * transaction end with -EAGAIN, a write fail, or a read fail for lack of
 * memory.  struct xbt_hv stands in for the hypervisor behind struct
 * xbr_hv_ops: it records every call, in order, and can be told to fail a
 * map or a bind.
 */
#ifndef _XBT_H_
#define _XBT_H_

#include <kunit/test.h>

#include "../common/ring/xbr.h"
#include "../common/xenbus/xbs.h"

#define XBT_NODES 64
#define XBT_PATHLEN 128
#define XBT_VALLEN 64

/* One XenStore node of the fake. */
struct xbt_node {
	char xtn_path[XBT_PATHLEN];
	char xtn_val[XBT_VALLEN];
	bool xtn_used;
};

/**
 * struct xbt_store - an in-memory XenStore.
 * @xt_xs: the handle given to the code under test.
 * @xt_nodes: committed nodes.
 * @xt_staged: writes of the open transaction.
 * @xt_in_txn: a transaction is open.
 * @xt_eagain: how many commits still end with -EAGAIN.
 * @xt_fail_write: writes before one fails with -EIO; -1 for never.
 * @xt_fail_read: reads before one fails with -ENOMEM, as xenbus_read()
 *	does when it cannot allocate the value; that read only; -1 for never.
 * @xt_starts: transactions started.
 * @xt_commits: transactions committed.
 * @xt_aborts: transactions aborted (including -EAGAIN ends).
 * @xt_reports: errors reported through the report hook.
 * @xt_last_err: errno of the last report.
 */
struct xbt_store {
	struct xbs_store xt_xs;
	struct xbt_node xt_nodes[XBT_NODES];
	struct xbt_node xt_staged[XBT_NODES];
	bool xt_in_txn;
	int xt_eagain;
	int xt_fail_write;
	int xt_fail_read;
	unsigned int xt_starts;
	unsigned int xt_commits;
	unsigned int xt_aborts;
	unsigned int xt_reports;
	int xt_last_err;
};

struct xbt_store *xbt_store_new(struct kunit *test);
void xbt_set(struct xbt_store *st, const char *dir, const char *node,
    const char *val);
const char *xbt_get(struct xbt_store *st, const char *dir, const char *node);

/* What struct xbt_hv recorded, in call order. */
enum xbt_call {
	XBT_CALL_MAP = 1,
	XBT_CALL_UNMAP,
	XBT_CALL_BIND,
	XBT_CALL_UNBIND,
};

#define XBT_MAXCALLS 16

/**
 * struct xbt_hv - a hypervisor that records calls.
 * @xh_map_error: error the next map returns (0: succeed).
 * @xh_bind_error: error the next bind returns (0: succeed, IRQ 42).
 * @xh_calls: the calls, in order.
 * @xh_ncalls: how many.
 * @xh_refs: grant references of the last map.
 * @xh_nrefs: how many.
 * @xh_port: port of the last bind.
 * @xh_mapped: pages mapped now (maps minus unmaps).
 * @xh_bound: channels bound now.
 * @xh_page: memory handed out as the mapping.
 * @xh_peer_closed: the frontend has closed its end of the channel.
 * @xh_peer_remote: the frontend's port the last peer check was given.
 * @xh_peer_lookups: how often a peer check had to look for the port.
 */
struct xbt_hv {
	int xh_map_error;
	int xh_bind_error;
	enum xbt_call xh_calls[XBT_MAXCALLS];
	unsigned int xh_ncalls;
	grant_ref_t xh_refs[XBR_MAX_PAGES];
	unsigned int xh_nrefs;
	unsigned int xh_port;
	int xh_mapped;
	int xh_bound;
	void *xh_page;
	bool xh_peer_closed;
	unsigned int xh_peer_remote;
	unsigned int xh_peer_lookups;
};

extern const struct xbr_hv_ops xbt_hv_ops;

#endif /* _XBT_H_ */

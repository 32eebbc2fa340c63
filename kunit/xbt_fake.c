// SPDX-License-Identifier: GPL-2.0-only
/*
 * xbt_fake.c: the in-memory XenStore and the recording hypervisor that the
 * KUnit suites use in place of Xen (see xbt.h).
 */
#include <linux/err.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "xbt.h"

/*------------------------------- Fake store --------------------------------*/
static struct xbt_node *
xbt_find(struct xbt_node *tab, const char *path)
{
	unsigned int i;

	for (i = 0; i < XBT_NODES; i++)
		if (tab[i].xtn_used && strcmp(tab[i].xtn_path, path) == 0)
			return &tab[i];
	return NULL;
}

static void
xbt_put(struct xbt_node *tab, const char *path, const char *val)
{
	struct xbt_node *n;
	unsigned int i;

	n = xbt_find(tab, path);
	for (i = 0; n == NULL && i < XBT_NODES; i++)
		if (!tab[i].xtn_used)
			n = &tab[i];
	if (WARN_ON(n == NULL))
		return;
	n->xtn_used = true;
	strscpy(n->xtn_path, path, sizeof(n->xtn_path));
	strscpy(n->xtn_val, val, sizeof(n->xtn_val));
}

static void
xbt_path(char *buf, const char *dir, const char *node)
{
	snprintf(buf, XBT_PATHLEN, "%s/%s", dir, node);
}

static char *
xbt_read(struct xbs_store *xs, xbs_txn_t t, const char *dir, const char *node)
{
	struct xbt_store *st = container_of(xs, struct xbt_store, xt_xs);
	char path[XBT_PATHLEN];
	struct xbt_node *n;
	char *val;

	if (st->xt_fail_read >= 0 && st->xt_fail_read-- == 0)
		return ERR_PTR(-ENOMEM);
	xbt_path(path, dir, node);
	n = NULL;
	if (t != XBS_TXN_NONE)
		n = xbt_find(st->xt_staged, path);
	if (n == NULL)
		n = xbt_find(st->xt_nodes, path);
	if (n == NULL)
		return ERR_PTR(-ENOENT);
	val = kstrdup(n->xtn_val, GFP_KERNEL);
	return val != NULL ? val : ERR_PTR(-ENOMEM);
}

static int
xbt_write(struct xbs_store *xs, xbs_txn_t t, const char *dir, const char *node,
    const char *val)
{
	struct xbt_store *st = container_of(xs, struct xbt_store, xt_xs);
	char path[XBT_PATHLEN];

	if (st->xt_fail_write == 0)
		return -EIO;
	if (st->xt_fail_write > 0)
		st->xt_fail_write--;
	xbt_path(path, dir, node);
	xbt_put(t != XBS_TXN_NONE ? st->xt_staged : st->xt_nodes, path, val);
	return 0;
}

static int
xbt_txn_start(struct xbs_store *xs, xbs_txn_t *t)
{
	struct xbt_store *st = container_of(xs, struct xbt_store, xt_xs);

	if (st->xt_in_txn)
		return -EBUSY;
	st->xt_in_txn = true;
	st->xt_starts++;
	memset(st->xt_staged, 0, sizeof(st->xt_staged));
	*t = st->xt_starts;
	return 0;
}

static int
xbt_txn_end(struct xbs_store *xs, xbs_txn_t t, bool abort)
{
	struct xbt_store *st = container_of(xs, struct xbt_store, xt_xs);
	unsigned int i;

	st->xt_in_txn = false;
	if (abort) {
		st->xt_aborts++;
		return 0;
	}
	if (st->xt_eagain > 0) {
		st->xt_eagain--;
		st->xt_aborts++;
		return -EAGAIN;
	}
	for (i = 0; i < XBT_NODES; i++)
		if (st->xt_staged[i].xtn_used)
			xbt_put(st->xt_nodes, st->xt_staged[i].xtn_path,
			    st->xt_staged[i].xtn_val);
	st->xt_commits++;
	return 0;
}

static void
xbt_report(struct xbs_store *xs, int err, const char *msg)
{
	struct xbt_store *st = container_of(xs, struct xbt_store, xt_xs);

	st->xt_reports++;
	st->xt_last_err = err;
}

static const struct xbs_store_ops xbt_store_ops = {
	.xso_read = xbt_read,
	.xso_write = xbt_write,
	.xso_txn_start = xbt_txn_start,
	.xso_txn_end = xbt_txn_end,
	.xso_report = xbt_report,
};

/**
 * xbt_store_new() - an empty fake store, freed when the test ends.
 * @test: the test.
 *
 * The store is too large for a kernel stack; it lives in test memory.
 *
 * Return: the store (the test is aborted if memory runs out).
 */
struct xbt_store *
xbt_store_new(struct kunit *test)
{
	struct xbt_store *st;

	st = kunit_kzalloc(test, sizeof(*st), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, st);
	st->xt_xs.xss_ops = &xbt_store_ops;
	st->xt_fail_write = -1;
	st->xt_fail_read = -1;
	return st;
}

/**
 * xbt_set() - write a node outside any transaction, as the other end would.
 * @st: the fake.
 * @dir: directory.
 * @node: node name.
 * @val: value.
 */
void
xbt_set(struct xbt_store *st, const char *dir, const char *node,
    const char *val)
{
	char path[XBT_PATHLEN];

	xbt_path(path, dir, node);
	xbt_put(st->xt_nodes, path, val);
}

/**
 * xbt_get() - read a committed node.
 * @st: the fake.
 * @dir: directory.
 * @node: node name.
 *
 * Return: the value, or NULL if the node does not exist.
 */
const char *
xbt_get(struct xbt_store *st, const char *dir, const char *node)
{
	char path[XBT_PATHLEN];
	struct xbt_node *n;

	xbt_path(path, dir, node);
	n = xbt_find(st->xt_nodes, path);
	return n != NULL ? n->xtn_val : NULL;
}

/*------------------------------- Fake hypervisor ---------------------------*/
static void
xbt_log(struct xbt_hv *hv, enum xbt_call c)
{
	if (hv->xh_ncalls < XBT_MAXCALLS)
		hv->xh_calls[hv->xh_ncalls++] = c;
}

static int
xbt_map(void *arg, const grant_ref_t *refs, unsigned int nrefs, void **va)
{
	struct xbt_hv *hv = arg;

	xbt_log(hv, XBT_CALL_MAP);
	if (hv->xh_map_error != 0)
		return hv->xh_map_error;
	memcpy(hv->xh_refs, refs, nrefs * sizeof(refs[0]));
	hv->xh_nrefs = nrefs;
	hv->xh_page = kzalloc(nrefs * XBR_PAGE_SIZE, GFP_KERNEL);
	if (hv->xh_page == NULL)
		return -ENOMEM;
	hv->xh_mapped += nrefs;
	*va = hv->xh_page;
	return 0;
}

static void
xbt_unmap(void *arg, void *va)
{
	struct xbt_hv *hv = arg;

	xbt_log(hv, XBT_CALL_UNMAP);
	if (va == hv->xh_page) {
		hv->xh_mapped -= hv->xh_nrefs;
		kfree(hv->xh_page);
		hv->xh_page = NULL;
	}
}

static int
xbt_bind(void *arg, unsigned int port, irq_handler_t handler, const char *name,
    void *cookie)
{
	struct xbt_hv *hv = arg;

	xbt_log(hv, XBT_CALL_BIND);
	if (hv->xh_bind_error != 0)
		return hv->xh_bind_error;
	hv->xh_port = port;
	hv->xh_bound++;
	return 42;
}

static void
xbt_unbind(void *arg, int irq, void *cookie)
{
	struct xbt_hv *hv = arg;

	xbt_log(hv, XBT_CALL_UNBIND);
	if (irq == 42)
		hv->xh_bound--;
}

/* The local port, once looked for, is 7. */
static bool
xbt_peer_open(void *arg, int irq, unsigned int remote, unsigned int *port)
{
	struct xbt_hv *hv = arg;

	if (*port == 0) {
		hv->xh_peer_lookups++;
		*port = 7;
	}
	hv->xh_peer_remote = remote;
	return !hv->xh_peer_closed;
}

const struct xbr_hv_ops xbt_hv_ops = {
	.xho_map = xbt_map,
	.xho_unmap = xbt_unmap,
	.xho_bind = xbt_bind,
	.xho_unbind = xbt_unbind,
	.xho_peer_open = xbt_peer_open,
};

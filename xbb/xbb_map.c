// SPDX-License-Identifier: GPL-2.0-only
/*
 * xbb_map.c: mapping the frontend's grants, transient and persistent.
 *
 * This is the one file of xbb that maps and unmaps the grants of a
 * request's data and of its indirect descriptor pages, and the impure half
 * of the persistent-grant table: xbb_pgnt.c decides (pure, with a KUnit
 * suite), this file maps, unmaps and frees what it decides.  Its names
 * say so: xbb_map_*() and xbb_unmap_*() here, xbb_pgnt_*() only there.
 *
 * An indirect request's descriptor pages are mapped when the request is
 * fetched, before coalescing, so that the rules see every request's real
 * size: its segments are copied once from them.  A request list's grants
 * are mapped when it starts: each segment is planned (xbb_pgnt_plan()), a
 * hit is read or filled where its persistent mapping is, a new grant is
 * mapped persistently onto a page of its own while the table has room,
 * and the rest (transient) are mapped onto the list's run of pool pages
 * (xbb_pool.c) in one gnttab_map_refs() batch, built by xbb_req2gnttab().
 * In a PV Dom0 a file store's transient grants are mapped straight into
 * the page table entries of the pool's virtual range (GNTMAP_contains_pte,
 * as xenbus maps rings), since a second alias of a grant-mapped page
 * cannot be made there; otherwise they are mapped onto the pool's pages.
 * A grant that fails to map fails its own request only: the list's other
 * members are issued as the contiguous runs that are left (xbb_io.c).
 *
 * The run is unmapped where the list completes, before it is answered,
 * since blkif.h lets the frontend end its grants once a request is
 * answered; while a store still holds one of the pages the list used, it
 * waits (xbb_ring.c asks xbb_map_run_held()).  Persistent mappings stay:
 * the worker gives them back with the run, purges the least recently used
 * when the table is full and expires those left unused, and a work item
 * unmaps what left the table, off the I/O path.  At teardown every
 * persistent grant is unmapped.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/timer.h>
#include <xen/features.h>
#include <xen/grant_table.h>
#include <xen/page.h>
#include <asm/xen/hypercall.h>

#include "xbb.h"

/*------------------------------ Grant mapping ------------------------------*/
/* The address gnttab_map_refs() wants for PAGE (see gnttab_set_map_op()). */
static unsigned long
xbb_map_addr(struct page *page)
{
	unsigned long va = (unsigned long)pfn_to_kaddr(page_to_pfn(page));

	if (xen_feature(XENFEAT_auto_translated_physmap))
		return __pa(va);
	return va;
}

/*
 * The handles of a map batch of N OPS: HANDLES[i] is the mapping's
 * handle, or ~0 where the grant did not map.  Each operation's status
 * decides, even when the batch as a whole failed (ERROR): the statuses
 * are preset to failure (xbb_req2gnttab()), so an operation the
 * hypervisor did not reach looks failed, and one it mapped is kept to be
 * unmapped.  Returns ERROR, or -EFAULT if any grant did not map.
 */
static int
xbb_map_handles(const struct gnttab_map_grant_ref *ops, unsigned int n,
    grant_handle_t *handles, int error)
{
	unsigned int i;
	int ret = error;

	for (i = 0; i < n; i++) {
		if (ops[i].status == GNTST_okay) {
			handles[i] = ops[i].handle;
		} else {
			handles[i] = ~0U;
			ret = -EFAULT;
		}
	}
	return ret;
}

/*
 * Map N grants onto PAGES in one batch, using OPS and ADDRS (N entries
 * each).  HANDLES[i] is the mapping's handle, or ~0 where the grant did
 * not map.  Returns 0 when every grant mapped, -EFAULT otherwise; what
 * did map stays mapped either way.
 */
static int
xbb_map(struct xbb_queue *q, const grant_ref_t *grefs, unsigned int n,
    bool readonly, struct page **pages, grant_handle_t *handles,
    struct gnttab_map_grant_ref *ops, u64 *addrs)
{
	struct xbb_softc *sc = q->xq_sc;
	unsigned int i;
	int error = 0;

	for (i = 0; i < n; i++)
		addrs[i] = xbb_map_addr(pages[i]);
	xbb_req2gnttab(grefs, n, addrs, sc->xbb_dev->otherend_id,
	    readonly ? GNTMAP_readonly : 0, ops);
	if (gnttab_map_refs(ops, NULL, pages, n) != 0)
		error = -EFAULT;
	return xbb_map_handles(ops, n, handles, error);
}

/* Unmap, in one batch of OPS, those of N pages that are mapped. */
static void
xbb_unmap(struct page **pages, grant_handle_t *handles, unsigned int n,
    struct gnttab_unmap_grant_ref *ops, struct page **upages)
{
	unsigned int i, k = 0;

	for (i = 0; i < n; i++) {
		if (handles[i] == ~0U)
			continue;
		gnttab_set_unmap_op(&ops[k],
		    (unsigned long)pfn_to_kaddr(page_to_pfn(pages[i])),
		    GNTMAP_host_map, handles[i]);
		upages[k++] = pages[i];
		handles[i] = ~0U;
	}
	if (k > 0)
		WARN_ON(gnttab_unmap_refs(ops, NULL, upages, k) != 0);
}

/*
 * PV file stores: map N grants into the page table entries at machine
 * addresses PTES (the pool's virtual range), in one batch of OPS.
 * HANDLES as for xbb_map().  No struct page is involved, so the p2m is
 * left alone.
 */
static int
xbb_map_ptes(struct xbb_queue *q, const grant_ref_t *grefs, unsigned int n,
    bool readonly, const u64 *ptes, grant_handle_t *handles,
    struct gnttab_map_grant_ref *ops)
{
	struct xbb_softc *sc = q->xq_sc;
	int error = 0;

	xbb_req2gnttab(grefs, n, ptes, sc->xbb_dev->otherend_id,
	    GNTMAP_contains_pte | (readonly ? GNTMAP_readonly : 0), ops);
	if (HYPERVISOR_grant_table_op(GNTTABOP_map_grant_ref, ops, n) != 0)
		error = -EFAULT;
	return xbb_map_handles(ops, n, handles, error);
}

/* Undo xbb_map_ptes() for those of N entries that are mapped. */
static void
xbb_unmap_ptes(const u64 *ptes, grant_handle_t *handles, unsigned int n,
    struct gnttab_unmap_grant_ref *ops)
{
	unsigned int i, k = 0;

	for (i = 0; i < n; i++) {
		if (handles[i] == ~0U)
			continue;
		gnttab_set_unmap_op(&ops[k++], ptes[i],
		    GNTMAP_host_map | GNTMAP_contains_pte, handles[i]);
		handles[i] = ~0U;
	}
	if (k == 0)
		return;
	if (WARN_ON(HYPERVISOR_grant_table_op(GNTTABOP_unmap_grant_ref, ops,
			k) != 0))
		return;
	for (i = 0; i < k; i++)
		WARN_ON_ONCE(ops[i].status != GNTST_okay);
}

/*------------------------ Indirect descriptor pages ------------------------*/
/*
 * A new persistent mapping of indirect descriptor page GREF, in use once:
 * writable when the frontend allows it, since blkfront takes descriptor
 * pages' grants from the pool that its data grants come from, and the
 * same grant may carry a read's data next.  NULL when no page or memory
 * is left or the grant does not map: the caller maps it transiently.
 */
static struct xbb_pgnt *
xbb_map_pgnt_indirect(struct xbb_queue *q, grant_ref_t gref)
{
	struct gnttab_map_grant_ref op;
	struct gnttab_unmap_grant_ref uop;
	struct page *upage;
	grant_handle_t handle;
	struct xbb_pgnt *e;
	u64 addr;

	e = kzalloc(sizeof(*e), GFP_NOIO);
	if (e == NULL)
		return NULL;
	if (gnttab_page_cache_get(&q->xq_pages, &e->xpg_page) != 0)
		goto fail_page;
	e->xpg_gref = gref;
	e->xpg_ro = false;
	if (xbb_map(q, &gref, 1, false, &e->xpg_page, &handle, &op, &addr) !=
	    0) {
		e->xpg_ro = true;
		if (xbb_map(q, &gref, 1, true, &e->xpg_page, &handle, &op,
			&addr) != 0)
			goto fail_map;
	}
	e->xpg_handle = handle;
	if (xbb_pgnt_add(&q->xq_pgnt, e, GFP_NOIO) != 0)
		goto fail_add;
	return e;

fail_add:
	xbb_unmap(&e->xpg_page, &handle, 1, &uop, &upage);
fail_map:
	gnttab_page_cache_put(&q->xq_pages, &e->xpg_page, 1);
fail_page:
	kfree(e);
	return NULL;
}

/**
 * xbb_map_indirect() - copy an indirect request's segments once.
 * @q: the queue; called by its worker.
 * @xx: the slot holding the request, whose descriptor pages are vetted.
 *
 * With persistent grants the descriptor pages are planned as a disk
 * write's segments are (xbb_pgnt_plan(): the pages are only read, so any
 * mapping serves): a hit is read where it is mapped, which spares a map
 * and an unmap per request, and a new grant is kept while the table has
 * room.  The others are mapped read-only for the copy and unmapped.
 *
 * Return: 0; -EINVAL for more descriptor pages or segments than xbb
 * takes, -ENOMEM when no page is left for a transient mapping, -EFAULT
 * when a descriptor page did not map.
 */
int
xbb_map_indirect(struct xbb_queue *q, struct xbb_xfer *xx)
{
	struct xbb_req *req = &xx->xx_req;
	struct xbb_pgnt_table *t = &q->xq_pgnt;
	struct xbb_pgnt *ents[XBB_MAX_INDIRECT_PAGES];
	enum xbb_pgnt_use use[XBB_MAX_INDIRECT_PAGES];
	struct page *pages[XBB_MAX_INDIRECT_PAGES];
	struct page *upages[XBB_MAX_INDIRECT_PAGES];
	grant_handle_t handles[XBB_MAX_INDIRECT_PAGES];
	grant_ref_t grefs[XBB_MAX_INDIRECT_PAGES];
	struct gnttab_map_grant_ref ops[XBB_MAX_INDIRECT_PAGES];
	struct gnttab_unmap_grant_ref uops[XBB_MAX_INDIRECT_PAGES];
	u64 addrs[XBB_MAX_INDIRECT_PAGES];
	const void *va[XBB_MAX_INDIRECT_PAGES];
	unsigned int i, k = 0, n = req->xr_nindirect;
	int error = 0;

	if (n > XBB_MAX_INDIRECT_PAGES)
		return -EINVAL;
	if (xbb_pgnt_plan(t, req->xr_indirect_grefs, n, XBB_OP_WRITE, use,
		ents))
		q->xq_purge_wanted = true;
	for (i = 0; i < n; i++) {
		if (use[i] == XBB_PG_NEW)
			ents[i] = xbb_map_pgnt_indirect(q,
			    req->xr_indirect_grefs[i]);
		if (ents[i] != NULL) {
			va[i] = page_address(ents[i]->xpg_page);
			continue;
		}
		if (gnttab_page_cache_get(&q->xq_pages, &pages[k]) != 0) {
			error = -ENOMEM;
			goto out;
		}
		grefs[k++] = req->xr_indirect_grefs[i];
	}
	if (k > 0 && xbb_map(q, grefs, k, true, pages, handles, ops, addrs) !=
	    0) {
		error = -EFAULT;
		goto out;
	}
	for (i = 0, k = 0; i < n; i++)
		if (ents[i] == NULL)
			va[i] = page_address(pages[k++]);
	error = xbb_indirect2segs(va, req->xr_nsegs, req->xr_segs);
out:
	/* What did map (all of it, on success) is unmapped. */
	if (error != -ENOMEM && k > 0)
		xbb_unmap(pages, handles, k, uops, upages);
	gnttab_page_cache_put(&q->xq_pages, pages, k);
	for (i = 0; i < n; i++)
		if (ents[i] != NULL)
			xbb_pgnt_put(t, ents[i]);
	return error;
}

/*------------------------------ List mapping -------------------------------*/
/*
 * Map the new persistent grants of a list: slots xq_scratch.slots[0..K)
 * of the list whose run starts at FIRST, entries already allocated in
 * xq_pool_pgnt.  Writable first; a list that only reads the pages (not a
 * read, MAY_RO) may have been granted them read-only, and those are
 * mapped so.  What maps joins the table; what does not fails its slot.
 */
static void
xbb_map_pgnt_new(struct xbb_queue *q, unsigned int first, unsigned int k,
    bool may_ro)
{
	unsigned int *slots = q->xq_scratch.slots;
	grant_ref_t *grefs = q->xq_scratch.grefs + q->xq_scratch_len;
	struct page **pages = q->xq_scratch.pages;
	grant_handle_t *handles = q->xq_scratch.handles;
	struct xbb_pgnt *e;
	unsigned int i, j, left;
	bool ro = false;

	for (;;) {
		for (i = 0; i < k; i++) {
			e = q->xq_pool_pgnt[first + slots[i]];
			grefs[i] = e->xpg_gref;
			pages[i] = e->xpg_page;
		}
		if (xbb_map(q, grefs, k, ro, pages, handles, q->xq_scratch.map,
			q->xq_scratch.addrs) == 0)
			left = 0;
		else
			left = 1;
		for (i = 0, j = 0; i < k; i++) {
			e = q->xq_pool_pgnt[first + slots[i]];
			if (handles[i] != (grant_handle_t)~0U) {
				e->xpg_handle = handles[i];
				e->xpg_ro = ro;
				q->xq_pool_data[first + slots[i]] = e->xpg_page;
				/* Not joining: unmapped at release. */
				xbb_pgnt_add(&q->xq_pgnt, e, GFP_NOIO);
				continue;
			}
			slots[j++] = slots[i];
		}
		k = j;
		if (left == 0 || k == 0 || ro || !may_ro)
			break;
		ro = true;
	}
	/* These did not map at all: the slot fails. */
	for (i = 0; i < k; i++) {
		e = q->xq_pool_pgnt[first + slots[i]];
		q->xq_pool_pgnt[first + slots[i]] = NULL;
		gnttab_page_cache_put(&q->xq_pages, &e->xpg_page, 1);
		kfree(e);
	}
}

/*
 * Prepare slot I (of a list whose run starts at FIRST, grant GREF) for a
 * new persistent mapping.  Returns false when no page or memory is
 * left: the slot is mapped with the list instead.
 */
static bool
xbb_map_pgnt_alloc(struct xbb_queue *q, unsigned int first, unsigned int i,
    grant_ref_t gref)
{
	struct xbb_pgnt *e;

	e = kzalloc(sizeof(*e), GFP_NOIO);
	if (e == NULL)
		return false;
	if (gnttab_page_cache_get(&q->xq_pages, &e->xpg_page) != 0) {
		kfree(e);
		return false;
	}
	e->xpg_gref = gref;
	e->xpg_handle = ~0U;
	q->xq_pool_pgnt[first + i] = e;
	return true;
}

/**
 * xbb_map_list() - map a request list's grants.
 * @q: the queue; called by its worker.
 * @l: the list; it holds its run of pool pages.
 *
 * With persistent grants, each segment is planned (xbb_pgnt_plan()): a
 * hit uses its mapping's page, a new grant is mapped persistently onto a
 * page of its own, and the rest (the feature off, the table full) are
 * mapped onto the list's run in one batch, as are all of them without the
 * feature.  A member whose grants do not all map fails on its own
 * (xx_status, xx_err); the others go ahead.
 */
void
xbb_map_list(struct xbb_queue *q, struct xbb_list *l)
{
	struct xbb_softc *sc = q->xq_sc;
	unsigned int first = l->xli_kva.xkw_first, n = l->xli_shape.xls_nsegs;
	grant_handle_t *handles = &q->xq_pool_handles[first];
	enum xbb_pgnt_use *use = q->xq_scratch.use;
	grant_ref_t *grefs = q->xq_scratch.grefs;
	grant_ref_t *cgrefs = grefs + q->xq_scratch_len;
	unsigned int *slots = q->xq_scratch.slots;
	bool ro = l->xli_shape.xls_op != XBB_OP_READ;
	unsigned int i, k, nnew = 0;
	struct xbb_xfer *xx;
	bool denied;

	list_for_each_entry(xx, &l->xli_members, xx_member)
		xbb_req_grefs(&xx->xx_req, grefs + xx->xx_seg);
	if (xbb_pgnt_plan(&q->xq_pgnt, grefs, n, l->xli_shape.xls_op, use,
		&q->xq_pool_pgnt[first]))
		q->xq_purge_wanted = true;
	for (i = 0; i < n; i++) {
		handles[i] = ~0U;
		if (use[i] == XBB_PG_HIT)
			q->xq_pool_data[first + i] =
			    q->xq_pool_pgnt[first + i]->xpg_page;
		if (use[i] == XBB_PG_NEW) {
			if (xbb_map_pgnt_alloc(q, first, i, grefs[i]))
				slots[nnew++] = i;
			else
				use[i] = XBB_PG_TRANSIENT;
		}
	}

	/* The transient ones, onto the run, in one batch. */
	for (i = 0, k = 0; i < n; i++) {
		if (use[i] != XBB_PG_TRANSIENT)
			continue;
		cgrefs[k] = grefs[i];
		if (q->xq_pool_ptes != NULL)
			q->xq_scratch.addrs[k] = q->xq_pool_ptes[first + i];
		else
			q->xq_scratch.pages[k] = q->xq_pool[first + i];
		q->xq_pool_data[first + i] = q->xq_pool[first + i];
		slots[nnew + k++] = i;
	}
	/* Failures show in the handles; members are failed below. */
	if (k > 0 && q->xq_pool_ptes != NULL)
		xbb_map_ptes(q, cgrefs, k, ro, q->xq_scratch.addrs,
		    q->xq_scratch.handles, q->xq_scratch.map);
	else if (k > 0)
		xbb_map(q, cgrefs, k, ro, q->xq_scratch.pages,
		    q->xq_scratch.handles, q->xq_scratch.map,
		    q->xq_scratch.addrs);
	for (i = 0; i < k; i++)
		handles[slots[nnew + i]] = q->xq_scratch.handles[i];

	/* The new persistent ones, onto pages of their own. */
	if (nnew > 0)
		xbb_map_pgnt_new(q, first, nnew, ro);

	/* A slot with neither a mapping nor a persistent entry failed. */
	list_for_each_entry(xx, &l->xli_members, xx_member) {
		denied = false;
		for (i = xx->xx_seg; i < xx->xx_seg + xx->xx_req.xr_nsegs;
		     i++) {
			if (handles[i] != (grant_handle_t)~0U ||
			    q->xq_pool_pgnt[first + i] != NULL)
				continue;
			if (use[i] == XBB_PG_DENIED)
				denied = true;
			xx->xx_status = xbb_err2status(XBB_E_MAP);
			xx->xx_err = XBB_E_MAP;
		}
		if (denied)
			dev_warn_ratelimited(&sc->xbb_dev->dev,
			    "domain %d: request %llu (read, sector %llu): a grant it reuses is mapped read-only, a read must fill it\n",
			    sc->xbb_dev->otherend_id, xx->xx_req.xr_id,
			    xx->xx_req.xr_sector);
		else if (xx->xx_err == XBB_E_MAP)
			dev_warn_ratelimited(&sc->xbb_dev->dev,
			    "domain %d: request %llu (%s, sector %llu): a grant did not map\n",
			    sc->xbb_dev->otherend_id, xx->xx_req.xr_id,
			    xbb_op_name(xx->xx_req.xr_op),
			    xx->xx_req.xr_sector);
	}
}

/* Grants unmapped per hypercall where a list completes: on the stack. */
enum { XBB_UNMAP_BATCH = 16 };

/* Unmap pool slots FIRST to FIRST + N - 1, XBB_UNMAP_BATCH at a time. */
static noinline void
xbb_unmap_slots(struct xbb_queue *q, unsigned int first, unsigned int n)
{
	struct gnttab_unmap_grant_ref ops[XBB_UNMAP_BATCH];
	struct page *upages[XBB_UNMAP_BATCH];
	unsigned int i, k;

	for (i = 0; i < n; i += k) {
		k = min_t(unsigned int, n - i, XBB_UNMAP_BATCH);
		if (q->xq_pool_ptes != NULL)
			xbb_unmap_ptes(&q->xq_pool_ptes[first + i],
			    &q->xq_pool_handles[first + i], k, ops);
		else
			xbb_unmap(&q->xq_pool[first + i],
			    &q->xq_pool_handles[first + i], k, ops, upages);
	}
}

/**
 * xbb_unmap_run() - unmap the grants a list mapped onto its run.
 * @q: the queue.
 * @l: the list; its I/O is over.
 *
 * Called where the list completes, in any context (a bio completes in
 * interrupt context): the batches live on the stack, %XBB_UNMAP_BATCH
 * grants at a time, and nothing sleeps.  blkif.h lets the frontend end
 * its grants as soon as a request is answered, so this comes before the
 * responses.  Persistent mappings stay mapped; xbb_io_release() gives
 * them back, with the run.
 */
void
xbb_unmap_run(struct xbb_queue *q, struct xbb_list *l)
{
	const grant_handle_t *h;
	unsigned int i, n;

	if (!l->xli_has_run)
		return;
	/*
	 * A run of persistent grants mapped nothing of its own: find the
	 * first slot that holds a mapping before paying for the batches
	 * (their arrays are zeroed on entry when the kernel zeroes stack
	 * variables, as Debian's does).
	 */
	h = &q->xq_pool_handles[l->xli_kva.xkw_first];
	n = l->xli_shape.xls_nsegs;
	for (i = 0; i < n && h[i] == ~0U; i++)
		;
	if (i < n)
		xbb_unmap_slots(q, l->xli_kva.xkw_first + i, n - i);
}

/**
 * xbb_map_run_held() - does a store still hold a page of a list's run?
 * @q: the queue.
 * @l: the list, whose I/O completed.
 *
 * Only runs of grants mapped onto pages can be held: a store that takes
 * its own references to the pages of a bio (to send them on a socket,
 * say) may keep them past the bio's completion.  The pages the bio used
 * are checked: the pool's, or a persistent mapping's (which stays
 * mapped, but whose list must not be answered and released while the
 * store holds it: the device would count as idle, and a teardown could
 * then unmap the grant under the store).  The pool, or the table, holds
 * one reference to each page; more means someone else still does.
 *
 * Return: true if the run's grants must stay mapped for now.
 */
bool
xbb_map_run_held(const struct xbb_queue *q, const struct xbb_list *l)
{
	const unsigned int first = l->xli_kva.xkw_first;
	unsigned int i;

	if (!l->xli_has_run || q->xq_pool_ptes != NULL)
		return false;
	for (i = 0; i < l->xli_shape.xls_nsegs; i++)
		if (page_count(q->xq_pool_data[first + i]) > 1)
			return true;
	return false;
}

/*---------------------------- Persistent grants ----------------------------*/
/*
 * Unmap the persistent mappings on list L (on xpg_lru) and free them,
 * except those whose page a store still holds: a store that took its own
 * reference to a page of a bio (to send it on a socket, say) may keep it
 * past the bio's completion, and unmapping the grant under it would let
 * it send the next grant's data.  Those go to @xq_purge_held, for
 * xbb_map_pgnt_purge_work() to retry; COUNT: count them in unmap_deferred
 * (not again on a retry).  Process context, no lock held.  Not inlined:
 * the batches' arrays on its stack are zeroed on entry (Debian's kernel
 * zeroes stack variables), which callers with an empty list skip.
 *
 * Return: how many were held.
 */
static noinline unsigned int
xbb_map_pgnt_unmap_list(struct xbb_queue *q, struct list_head *l, bool count)
{
	struct gnttab_unmap_grant_ref ops[16];
	struct page *pages[16], *upages[16];
	grant_handle_t handles[16];
	struct xbb_pgnt *e, *tmp;
	unsigned int n = 0, held = 0;
	LIST_HEAD(keep);

	list_for_each_entry_safe(e, tmp, l, xpg_lru) {
		if (page_count(e->xpg_page) > 1) {
			list_move_tail(&e->xpg_lru, &keep);
			held++;
		} else {
			list_del(&e->xpg_lru);
			pages[n] = e->xpg_page;
			handles[n] = e->xpg_handle;
			n++;
			kfree(e);
		}
		if (n == ARRAY_SIZE(ops) || (n != 0 && list_empty(l))) {
			xbb_unmap(pages, handles, n, ops, upages);
			gnttab_page_cache_put(&q->xq_pages, pages, n);
			n = 0;
		}
	}
	if (held != 0) {
		if (count)
			atomic64_add(held,
			    &q->xq_sc->xbb_stats.xst_unmap_deferred);
		spin_lock(&q->xq_purge_lock);
		list_splice_tail(&keep, &q->xq_purge_held);
		spin_unlock(&q->xq_purge_lock);
	}
	return held;
}

/*
 * Unmap what is on @xq_purge and @xq_purge_held now.  Return: how many
 * entries a store still holds.
 */
static unsigned int
xbb_map_pgnt_unmap_purged(struct xbb_queue *q)
{
	LIST_HEAD(held);
	LIST_HEAD(l);

	spin_lock(&q->xq_purge_lock);
	list_splice_init(&q->xq_purge_held, &held);
	list_splice_init(&q->xq_purge, &l);
	spin_unlock(&q->xq_purge_lock);
	return xbb_map_pgnt_unmap_list(q, &held, false) +
	    xbb_map_pgnt_unmap_list(q, &l, true);
}

/**
 * xbb_map_pgnt_release() - give a list's persistent mappings back.
 * @q: the queue; called by its worker.
 * @first: the first slot of the list's run.
 * @n: the slots of the run.
 *
 * Those in the table lose a use; one that could not be added (allocation
 * failure) is unmapped now.
 */
void
xbb_map_pgnt_release(struct xbb_queue *q, unsigned int first, unsigned int n)
{
	struct xbb_pgnt_table *t = &q->xq_pgnt;
	struct xbb_pgnt *e;
	unsigned int i;
	LIST_HEAD(l);

	for (i = first; i < first + n; i++) {
		e = q->xq_pool_pgnt[i];
		if (e == NULL)
			continue;
		q->xq_pool_pgnt[i] = NULL;
		if (e->xpg_in_table)
			xbb_pgnt_put(t, e);
		else
			list_add_tail(&e->xpg_lru, &l);
	}
	/* Mostly empty: the call zeroes its batches' arrays on entry. */
	if (!list_empty(&l) && xbb_map_pgnt_unmap_list(q, &l, true) != 0)
		queue_delayed_work(xbb_wq, &q->xq_purge_work, XBB_UNMAP_RETRY);
}

/**
 * xbb_map_pgnt_purge_work() - unmap persistent grants purged from a full table.
 * @work: xq_purge_work of the queue.
 *
 * The entries were taken out of the table by the worker and are used by
 * no request: unmapping them here keeps the hypercalls off the I/O path.
 * Entries whose page a store still holds are tried again every
 * %XBB_UNMAP_RETRY (the same wait as a transient run's, xbb_ring.c).
 */
void
xbb_map_pgnt_purge_work(struct work_struct *work)
{
	struct xbb_queue *q =
	    container_of(to_delayed_work(work), struct xbb_queue, xq_purge_work);

	if (xbb_map_pgnt_unmap_purged(q) != 0)
		queue_delayed_work(xbb_wq, &q->xq_purge_work, XBB_UNMAP_RETRY);
}

/**
 * xbb_map_pgnt_purge() - make room in a full table of persistent grants.
 * @q: the queue; called by its worker.
 *
 * The least recently used tenth of the table, among entries no request
 * uses, leaves it now; the purge work unmaps them.
 */
void
xbb_map_pgnt_purge(struct xbb_queue *q)
{
	struct xbb_pgnt_table *t = &q->xq_pgnt;
	LIST_HEAD(l);

	q->xq_purge_wanted = false;
	if (xbb_pgnt_purge(t, max(t->xpt_max / 10, 1U), &l) == 0)
		return;
	spin_lock(&q->xq_purge_lock);
	list_splice_tail(&l, &q->xq_purge);
	spin_unlock(&q->xq_purge_lock);
	mod_delayed_work(xbb_wq, &q->xq_purge_work, 0);
}

/**
 * xbb_map_pgnt_expire() - give back what an idle guest or memory pressure asks.
 * @q: the queue; called by its worker at the end of every run.
 *
 * Spare pages beyond xbb.max_buffer_pages are freed.  Persistent grants
 * unused for xbb.persistent_grant_unused_seconds leave the table
 * (xen-blkback's idle expiry); while the shrinker's squeeze
 * lasts (xbb.buffer_squeeze_duration_ms after reclaim_memory), and after
 * it until a run has given back at least one (or there are none), every
 * unused one leaves and the spare pages are freed.  The purge work
 * unmaps them.  The expiry timer is armed for the next one to expire,
 * unless the queue is stopping: a teardown deletes the timer once no
 * worker arms it (Documentation/xbb.rst, "Lifecycle").
 */
void
xbb_map_pgnt_expire(struct xbb_queue *q)
{
	struct xbb_pgnt_table *t = &q->xq_pgnt;
	struct xbb_softc *sc = q->xq_sc;
	unsigned long end = READ_ONCE(sc->xbb_squeeze_end), idle, when;
	unsigned int secs = READ_ONCE(xbb_pgnt_unused_seconds), n = 0;
	unsigned int gen = READ_ONCE(sc->xbb_squeeze_gen);
	bool squeeze;
	LIST_HEAD(l);

	/*
	 * xen-blkback's max_buffer_pages: the queue keeps at most that many
	 * spare pages after a run (a squeeze, below, keeps none).
	 */
	gnttab_page_cache_shrink(&q->xq_pages, READ_ONCE(xbb_max_buffer_pages));
	if (t->xpt_max == 0)
		return;
	/* At most about 12 days: jiffies compare within half their range. */
	idle = (unsigned long)min(secs, 1U << 20) * HZ;
	squeeze = gen != q->xq_squeeze_seen ||
	    (end != 0 && time_before(jiffies, end));
	if (squeeze) {
		n = xbb_pgnt_purge(t, UINT_MAX, &l);
		gnttab_page_cache_shrink(&q->xq_pages, 0);
		/*
		 * A squeeze that found every grant in use (a request in
		 * flight) stays pending until a run gives one back.
		 */
		if (n != 0 || t->xpt_count == 0)
			q->xq_squeeze_seen = gen;
	} else if (secs != 0) {
		n = xbb_pgnt_expire(t, idle, &l);
	}
	if (n != 0) {
		spin_lock(&q->xq_purge_lock);
		list_splice_tail(&l, &q->xq_purge);
		spin_unlock(&q->xq_purge_lock);
		mod_delayed_work(xbb_wq, &q->xq_purge_work, 0);
	}
	if (secs != 0 && !READ_ONCE(q->xq_stopping) &&
	    !timer_pending(&q->xq_expire_timer) &&
	    xbb_pgnt_next_expiry(t, idle, &when))
		mod_timer(&q->xq_expire_timer, when + 1);
}

/**
 * xbb_map_pgnt_teardown() - unmap every persistent grant of a queue.
 * @q: the queue; every list has been released.
 *
 * Persistent grants are unmapped whatever became of the frontend: a
 * frontend that vanished mid-I/O had its requests answered (or failed)
 * first, so nothing uses them.  One still in use would mean a request
 * outlived its ring: it is reported and left mapped rather than freed
 * under the I/O.
 */
void
xbb_map_pgnt_teardown(struct xbb_queue *q)
{
	struct xbb_softc *sc = q->xq_sc;
	struct xbb_pgnt *e, *tmp;
	unsigned int inuse, held;
	LIST_HEAD(all);

	/* The purge work stops first; then the table, then what was purged. */
	cancel_delayed_work_sync(&q->xq_purge_work);
	inuse = xbb_pgnt_teardown(&q->xq_pgnt, &all);
	if (inuse != 0) {
		dev_err(&sc->xbb_dev->dev,
		    "%u persistent grants still in use at teardown; leaving them mapped\n",
		    inuse);
		list_for_each_entry_safe(e, tmp, &all, xpg_lru)
			if (e->xpg_users != 0)
				list_del_init(&e->xpg_lru);
	}
	xbb_map_pgnt_unmap_list(q, &all, true);
	/*
	 * A list whose pages a store held was not answered until it let
	 * go (xbb_map_run_held()), and the drain waited for it, so no page
	 * should be held now.  One that is (a store that took a reference
	 * again after its I/O) keeps its grant mapped and its page: they
	 * are left, reported, rather than unmapped under the store or
	 * waited for here, where the xenwatch thread may be waiting too.
	 */
	held = xbb_map_pgnt_unmap_purged(q);
	if (held != 0) {
		dev_err(&sc->xbb_dev->dev,
		    "queue %u: %u persistent grants' pages still held by the store at teardown; leaving them mapped\n",
		    q->xq_id, held);
		spin_lock(&q->xq_purge_lock);
		list_for_each_entry_safe(e, tmp, &q->xq_purge_held, xpg_lru)
			list_del_init(&e->xpg_lru);
		spin_unlock(&q->xq_purge_lock);
	}
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * xbb_pool.c: a queue's pool of pages, and what connect builds around it.
 *
 * A request list with data claims a run of consecutive pool pages from the
 * KVA range manager (xbb_kva.c), one page per segment of all its members,
 * and its transient grants are mapped onto that run (xbb_map.c).  The
 * pages are ballooned ones from gnttab_alloc_pages(): nothing backs them
 * but the grants mapped onto them.  When the pool has no run for a list,
 * the list waits and the worker fetches nothing more; it starts, in
 * arrival order, when the worker takes an answered list's pages back
 * (xbb_io.c).  The pool is never smaller than the largest single request,
 * so the wait always ends.
 *
 * A file store also gets a contiguous kernel virtual range over the whole
 * pool, so that a list's I/O is one read_iter or write_iter call over its
 * part of the range: a single buffer when the list is whole pages.  In a
 * PV Dom0 the range's page table entries are left empty, and the grants
 * are mapped into them.
 *
 * Connect makes all of it for a queue: the pages, their allocator, the
 * per-page arrays (grant handle, persistent mapping and data page of each
 * slot) and the worker's batches of grant operations for the largest
 * list, so that nothing on the I/O path allocates them.  Disconnect has
 * every persistent grant unmapped, then frees it all.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <xen/features.h>
#include <xen/grant_table.h>
#include <asm/xen/page.h>

#include "xbb.h"

/*---------------------------------- Pool -----------------------------------*/
/*
 * A file store's contiguous virtual range over the pool's NPOOL pages.
 * The pages are ballooned (no frame behind them), so in a PV Dom0 vmap()
 * leaves the range's page table entries empty; their machine addresses
 * are where the grants are mapped.  Without a range (vmalloc space
 * exhausted, an unexpected page table) the store uses the pages instead.
 */
static void
xbb_pool_vmap(struct xbb_queue *q, unsigned int npool)
{
	struct xbb_softc *sc = q->xq_sc;
	unsigned long va;
	unsigned int i, level;
	pte_t *pte;

	q->xq_pool_va = vmap(q->xq_pool, npool, VM_MAP, PAGE_KERNEL);
	if (q->xq_pool_va == NULL)
		goto fail;
	if (xen_feature(XENFEAT_auto_translated_physmap))
		return;
	q->xq_pool_ptes =
	    kvmalloc_array(npool, sizeof(*q->xq_pool_ptes), GFP_KERNEL);
	if (q->xq_pool_ptes == NULL)
		goto fail_ptes;
	for (i = 0; i < npool; i++) {
		va =
		    (unsigned long)q->xq_pool_va + (unsigned long)i * PAGE_SIZE;
		pte = lookup_address(va, &level);
		if (pte == NULL || level != PG_LEVEL_4K || pte_present(*pte))
			goto fail_ptes;
		q->xq_pool_ptes[i] = arbitrary_virt_to_machine(pte).maddr;
	}
	return;

fail_ptes:
	kvfree(q->xq_pool_ptes);
	q->xq_pool_ptes = NULL;
	vunmap(q->xq_pool_va);
	q->xq_pool_va = NULL;
fail:
	dev_warn(&sc->xbb_dev->dev,
	    "no virtual range over the pool; file I/O goes page by page\n");
}

/* Free the grant batches of xbb_pool_connect(). */
static void
xbb_pool_free_scratch(struct xbb_queue *q)
{
	kvfree(q->xq_scratch.map);
	kvfree(q->xq_scratch.unmap);
	kvfree(q->xq_scratch.grefs);
	kvfree(q->xq_scratch.addrs);
	kvfree(q->xq_scratch.pages);
	kvfree(q->xq_scratch.handles);
	kvfree(q->xq_scratch.slots);
	kvfree(q->xq_scratch.use);
	memset(&q->xq_scratch, 0, sizeof(q->xq_scratch));
	q->xq_scratch_len = 0;
}

/* Free the pool's per-page arrays (not the pages). */
static void
xbb_pool_free_arrays(struct xbb_queue *q)
{
	kvfree(q->xq_pool);
	kvfree(q->xq_pool_handles);
	kvfree(q->xq_pool_pgnt);
	kvfree(q->xq_pool_data);
	q->xq_pool = NULL;
	q->xq_pool_handles = NULL;
	q->xq_pool_pgnt = NULL;
	q->xq_pool_data = NULL;
}

/* Allocate the batches for lists of up to LEN segments. */
static int
xbb_pool_alloc_scratch(struct xbb_queue *q, unsigned int len)
{
	/* Grant references: a list's, then a compacted batch of them. */
	const struct {
		void **xa_ptr;
		size_t xa_size;
		unsigned int xa_n;
	} arrays[] = {
		{ (void **)&q->xq_scratch.grefs, sizeof(grant_ref_t), 2 * len },
		{ (void **)&q->xq_scratch.map,
		    sizeof(struct gnttab_map_grant_ref), len },
		{ (void **)&q->xq_scratch.unmap,
		    sizeof(struct gnttab_unmap_grant_ref), len },
		{ (void **)&q->xq_scratch.addrs, sizeof(u64), len },
		{ (void **)&q->xq_scratch.pages, sizeof(struct page *), len },
		{ (void **)&q->xq_scratch.handles, sizeof(grant_handle_t),
		    len },
		{ (void **)&q->xq_scratch.slots, sizeof(unsigned int), len },
		{ (void **)&q->xq_scratch.use, sizeof(enum xbb_pgnt_use), len },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(arrays); i++) {
		*arrays[i].xa_ptr = kvmalloc_array(arrays[i].xa_n,
		    arrays[i].xa_size, GFP_KERNEL);
		if (*arrays[i].xa_ptr == NULL) {
			xbb_pool_free_scratch(q);
			return -ENOMEM;
		}
	}
	q->xq_scratch_len = len;
	return 0;
}

/*------------------------- Connect and disconnect --------------------------*/
/**
 * xbb_pool_connect() - set up the pool, its allocator and the batches.
 * @q: the queue; the device's ring size and limits are known.
 *
 * The pool holds xbb.kva_pages pages, or by default one page per segment
 * of a full ring of direct requests (ring entries x 11), at most 2048
 * (8 MiB); never fewer than the largest single request needs, so that
 * every list fits once the others are done.
 *
 * Return: 0 or -ENOMEM, with nothing left allocated.
 */
int
xbb_pool_connect(struct xbb_queue *q)
{
	struct xbb_softc *sc = q->xq_sc;
	unsigned int npool, single, len, i;
	int error = -ENOMEM;

	single = max_t(unsigned int, sc->xbb_lim.xl_max_indirect,
	    BLKIF_MAX_SEGMENTS_PER_REQUEST);
	npool = READ_ONCE(xbb_kva_pages);
	if (npool == 0) {
		npool = BLKIF_MAX_SEGMENTS_PER_REQUEST;
		npool = min(npool * sc->xbb_ring_size, 2048U);
	}
	npool = max(npool, single);
	q->xq_caps.xlc_max_segs =
	    clamp_t(unsigned int, READ_ONCE(xbb_coalesce_max_segs), 1, npool);
	q->xq_caps.xlc_max_reqs = 1;
	len = max(q->xq_caps.xlc_max_segs, single);
	q->xq_kva_wait = false;

	q->xq_pool = kvcalloc(npool, sizeof(*q->xq_pool), GFP_KERNEL);
	q->xq_pool_handles =
	    kvmalloc_array(npool, sizeof(*q->xq_pool_handles), GFP_KERNEL);
	q->xq_pool_pgnt = kvcalloc(npool, sizeof(*q->xq_pool_pgnt), GFP_KERNEL);
	q->xq_pool_data = kvcalloc(npool, sizeof(*q->xq_pool_data), GFP_KERNEL);
	if (q->xq_pool == NULL || q->xq_pool_handles == NULL ||
	    q->xq_pool_pgnt == NULL || q->xq_pool_data == NULL)
		goto fail_arrays;
	for (i = 0; i < npool; i++)
		q->xq_pool_handles[i] = ~0U;
	error = xbb_pool_alloc_scratch(q, len);
	if (error != 0)
		goto fail_arrays;
	error = xbb_kva_init(&q->xq_kva, npool);
	if (error != 0)
		goto fail_scratch;
	error = gnttab_alloc_pages(npool, q->xq_pool);
	if (error != 0)
		goto fail_pages;
	if (sc->xbb_kind == XBB_STORE_FILE)
		xbb_pool_vmap(q, npool);
	return 0;

fail_pages:
	xbb_kva_fini(&q->xq_kva);
fail_scratch:
	xbb_pool_free_scratch(q);
fail_arrays:
	xbb_pool_free_arrays(q);
	return error;
}

/**
 * xbb_pool_disconnect() - unmap every persistent grant, free the pool.
 * @q: the queue; every list has been released.
 *
 * The persistent grants go first (xbb_map_pgnt_teardown()), then the
 * pool: its pages are freed only when no run is claimed, since grants may
 * still be mapped into a claimed one.
 */
void
xbb_pool_disconnect(struct xbb_queue *q)
{
	struct xbb_softc *sc = q->xq_sc;
	unsigned int inuse, npool = q->xq_kva.xk_npages;

	if (q->xq_pool == NULL)
		return;
	xbb_map_pgnt_teardown(q);

	inuse = xbb_kva_fini(&q->xq_kva);
	if (inuse != 0) {
		/* Grants may still be mapped into them: keep them. */
		dev_err(&sc->xbb_dev->dev,
		    "%u pool pages still in use at teardown; leaking the pool\n",
		    inuse);
	} else {
		if (q->xq_pool_va != NULL)
			vunmap(q->xq_pool_va);
		kvfree(q->xq_pool_ptes);
		gnttab_free_pages(npool, q->xq_pool);
	}
	q->xq_pool_va = NULL;
	q->xq_pool_ptes = NULL;
	xbb_pool_free_scratch(q);
	xbb_pool_free_arrays(q);
}

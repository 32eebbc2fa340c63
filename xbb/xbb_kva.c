// SPDX-License-Identifier: GPL-2.0-only
/*
 * xbb_kva.c: the KVA range manager of FreeBSD's blkback (2011-06-13, "a
 * mini KVA manager that allocates ranges of contiguous KVA to batches of
 * requests"), as a pure allocator of page runs.
 *
 * A device's pool is npages pages; a request list asks for a run of n
 * contiguous ones and gets the first that fits (first fit, a bitmap).
 * When none fits, the list waits, and so does every list after it: the
 * waiters form a FIFO, and freeing a run hands pages to waiters from the
 * head of it, in arrival order, for as long as the head fits.  No list
 * ever fails for lack of pages, and none overtakes an earlier one.
 *
 * Nothing here maps anything: the pages are xbb_pool.c's, xbb_io.c
 * claims the runs, and xbb_map.c maps grants into the pages of a run.
 * The worker is the only user, so there is no lock; see
 * Documentation/xbb.rst.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bitmap.h>
#include <linux/errno.h>
#include <linux/list.h>
#include <linux/slab.h>

#include "xbb.h"

/**
 * xbb_kva_init() - set up an empty pool.
 * @k: the allocator.
 * @npages: pages in the pool, at least 1.
 *
 * Return: 0, -EINVAL for an empty pool, or -ENOMEM.
 */
int
xbb_kva_init(struct xbb_kva *k, unsigned int npages)
{
	memset(k, 0, sizeof(*k));
	if (npages == 0)
		return -EINVAL;
	k->xk_map = bitmap_zalloc(npages, GFP_KERNEL);
	if (k->xk_map == NULL)
		return -ENOMEM;
	k->xk_npages = npages;
	INIT_LIST_HEAD(&k->xk_wait);
	return 0;
}

/**
 * xbb_kva_fini() - free the pool.
 * @k: the allocator; its waiters must have been cancelled.
 *
 * Return: pages still allocated (0 after a clean teardown).
 */
unsigned int
xbb_kva_fini(struct xbb_kva *k)
{
	unsigned int inuse = k->xk_inuse;

	bitmap_free(k->xk_map);
	k->xk_map = NULL;
	return inuse;
}

/* Take the first run of @n free pages; the first page, or -1. */
static int
xbb_kva_take(struct xbb_kva *k, unsigned int n)
{
	unsigned long first;

	first = bitmap_find_next_zero_area(k->xk_map, k->xk_npages, 0, n, 0);
	if (first >= k->xk_npages)
		return -1;
	bitmap_set(k->xk_map, first, n);
	k->xk_inuse += n;
	k->xk_hiwat = max(k->xk_hiwat, k->xk_inuse);
	return first;
}

/**
 * xbb_kva_alloc() - ask for a run of pages.
 * @k: the allocator.
 * @w: the request list's waiter; xkw_npages says how many pages.
 *
 * Return: 0 with @w->xkw_first set; -EAGAIN when @w now waits (it is
 * granted by a later xbb_kva_free()); -E2BIG when the run can never fit
 * (zero pages or more than the pool).
 */
int
xbb_kva_alloc(struct xbb_kva *k, struct xbb_kva_waiter *w)
{
	int first;

	if (w->xkw_npages == 0 || w->xkw_npages > k->xk_npages)
		return -E2BIG;
	/* Nobody overtakes a list that waits. */
	if (list_empty(&k->xk_wait)) {
		first = xbb_kva_take(k, w->xkw_npages);
		if (first >= 0) {
			w->xkw_first = first;
			return 0;
		}
	}
	k->xk_shortages++;
	list_add_tail(&w->xkw_link, &k->xk_wait);
	return -EAGAIN;
}

/**
 * xbb_kva_free() - give a run back and serve the waiters it makes room for.
 * @k: the allocator.
 * @first: the run's first page.
 * @npages: its length.
 * @granted: waiters that got their run are moved here, in arrival order
 *	(their xkw_first set); the caller resumes them.
 */
void
xbb_kva_free(struct xbb_kva *k, unsigned int first, unsigned int npages,
    struct list_head *granted)
{
	struct xbb_kva_waiter *w;
	int got;

	bitmap_clear(k->xk_map, first, npages);
	k->xk_inuse -= npages;
	while (!list_empty(&k->xk_wait)) {
		w = list_first_entry(&k->xk_wait, struct xbb_kva_waiter,
		    xkw_link);
		got = xbb_kva_take(k, w->xkw_npages);
		if (got < 0)
			break;
		w->xkw_first = got;
		list_move_tail(&w->xkw_link, granted);
	}
}

/**
 * xbb_kva_cancel() - stop waiting (the connection is torn down).
 * @k: the allocator.
 * @w: a waiter that has not been granted.
 */
void
xbb_kva_cancel(struct xbb_kva *k, struct xbb_kva_waiter *w)
{
	list_del_init(&w->xkw_link);
}

#if IS_ENABLED(CONFIG_XBB_KUNIT_TEST)
#include "xbb_kva_test.c"
#endif

// SPDX-License-Identifier: GPL-2.0-only
/*
 * xbb_pgnt.c: the table of persistent grants of one ring, pure.
 *
 * blkif.h, "feature-persistent": when both ends write it, the frontend
 * reuses the same granted pages for its requests and never revokes them
 * while the ring is connected, so the backend may keep each page mapped
 * for the life of the ring instead of mapping and unmapping it for every
 * request (a map, an unmap and a TLB flush saved per segment).
 *
 * The table finds a mapping by grant reference (an xarray), counts the
 * requests using each one, and stamps each with the order in which it
 * became unused.  It holds at most a fixed number; past that the caller
 * maps per request as without the feature, and purges the least recently
 * used unused entries to make room, never one in use.  A use moves
 * nothing: the entries stay on one list, which a purge or an expiry sorts
 * by stamp when it needs the oldest (as xen-blkback keeps a last-used
 * time and sorts only when it purges).  bench-blk's profiles had the LRU
 * moves of each use at about 6 % of Dom0's busy time on 44 KiB requests.
 * An entry unused for longer than the caller's limit expires (xen-blkback:
 * persistent_grant_unused_seconds), so that a guest gone idle does not
 * keep Dom0 memory mapped forever.  Teardown hands every entry back to be
 * unmapped.
 *
 * Nothing here maps anything: the caller maps a grant, then adds the
 * entry; it unmaps what purge and teardown hand back.  The caller
 * serializes calls (one ring's worker).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/errno.h>
#include <linux/jiffies.h>
#include <linux/list.h>
#include <linux/list_sort.h>
#include <linux/xarray.h>

#include "xbb.h"

/**
 * xbb_pgnt_init() - an empty table.
 * @t: the table.
 * @max: the most entries it may hold (0: none; the feature is off).
 */
void
xbb_pgnt_init(struct xbb_pgnt_table *t, unsigned int max)
{
	memset(t, 0, sizeof(*t));
	xa_init(&t->xpt_map);
	INIT_LIST_HEAD(&t->xpt_lru);
	t->xpt_max = max;
}

/* Take a use of entry E, found in the table. */
static void
xbb_pgnt_hold(struct xbb_pgnt_table *t, struct xbb_pgnt *e)
{
	if (e->xpg_users++ == 0)
		t->xpt_unused--;
	t->xpt_reused++;
}

/**
 * xbb_pgnt_get() - find the mapping of a grant and take a use of it.
 * @t: the table.
 * @gref: the grant reference of a request's segment.
 *
 * Return: the entry, its use count raised (xbb_pgnt_put() gives it back),
 * or NULL when the grant is not mapped persistently.
 */
struct xbb_pgnt *
xbb_pgnt_get(struct xbb_pgnt_table *t, grant_ref_t gref)
{
	struct xbb_pgnt *e = xa_load(&t->xpt_map, gref);

	if (e != NULL)
		xbb_pgnt_hold(t, e);
	return e;
}

/**
 * xbb_pgnt_add() - keep a freshly mapped grant, in use once.
 * @t: the table.
 * @e: the entry, xpg_gref and the caller's fields set, zeroed otherwise.
 * @gfp: for the xarray's nodes.
 *
 * Return: 0; -ENOSPC when the table is full (map per request instead);
 * -EEXIST when the grant is already in the table (two segments of one
 * request list with the same grant: the second is mapped per request);
 * -ENOMEM.
 */
int
xbb_pgnt_add(struct xbb_pgnt_table *t, struct xbb_pgnt *e, gfp_t gfp)
{
	int error;

	/*
	 * xpg_in_table is left alone on failure: false for a new entry
	 * (zeroed) or one taken out, true for one already here (-EEXIST).
	 */
	if (t->xpt_count >= t->xpt_max)
		return -ENOSPC;
	error = xa_insert(&t->xpt_map, e->xpg_gref, e, gfp);
	if (error == -EBUSY)
		return -EEXIST;
	if (error != 0)
		return error;
	e->xpg_users = 1;
	e->xpg_in_table = true;
	list_add_tail(&e->xpg_lru, &t->xpt_lru);
	t->xpt_count++;
	t->xpt_mapped++;
	return 0;
}

/**
 * xbb_pgnt_put() - a request is done with an entry.
 * @t: the table.
 * @e: an entry from xbb_pgnt_get() or xbb_pgnt_add().
 */
void
xbb_pgnt_put(struct xbb_pgnt_table *t, struct xbb_pgnt *e)
{
	if (WARN_ON_ONCE(e->xpg_users == 0))
		return;
	if (--e->xpg_users != 0)
		return;
	e->xpg_idle_since = t->xpt_clock;
	e->xpg_released = ++t->xpt_releases;
	/*
	 * xpt_oldest stays a lower bound of the unused entries' stamps:
	 * this one is the newest.
	 */
	if (t->xpt_unused++ == 0)
		t->xpt_oldest = t->xpt_clock;
}

/* Take an unused entry out of the table, onto @out. */
static void
xbb_pgnt_take(struct xbb_pgnt_table *t, struct xbb_pgnt *e,
    struct list_head *out)
{
	xa_erase(&t->xpt_map, e->xpg_gref);
	e->xpg_in_table = false;
	list_move_tail(&e->xpg_lru, out);
	t->xpt_count--;
	t->xpt_unused--;
}

/*
 * list_sort() order of the table's list: unused entries first, least
 * recently released first; entries in use after them.  A purge, or an
 * expiry that has something to look at, sorts (O(n log n)); a use never
 * does.  The caller then sets xpt_oldest from what it leaves at the head.
 */
static int
xbb_pgnt_cmp(void *priv, const struct list_head *a, const struct list_head *b)
{
	const struct xbb_pgnt *ea = list_entry(a, struct xbb_pgnt, xpg_lru);
	const struct xbb_pgnt *eb = list_entry(b, struct xbb_pgnt, xpg_lru);

	if ((ea->xpg_users != 0) != (eb->xpg_users != 0))
		return ea->xpg_users != 0;
	if (ea->xpg_users != 0)
		return 0;
	return ea->xpg_released > eb->xpg_released;
}


/**
 * xbb_pgnt_purge() - take the least recently used unused entries out.
 * @t: the table.
 * @n: how many at most.
 * @out: they are moved here (on xpg_lru), least recently used first; the
 *	caller unmaps and frees them.
 *
 * Entries in use are never taken.
 *
 * Return: how many were taken.
 */
unsigned int
xbb_pgnt_purge(struct xbb_pgnt_table *t, unsigned int n, struct list_head *out)
{
	struct xbb_pgnt *e;
	unsigned int done = 0;

	if (t->xpt_unused == 0 || n == 0)
		return 0;
	list_sort(NULL, &t->xpt_lru, xbb_pgnt_cmp);
	while (done < n && t->xpt_unused != 0) {
		e = list_first_entry(&t->xpt_lru, struct xbb_pgnt, xpg_lru);
		xbb_pgnt_take(t, e, out);
		t->xpt_purged++;
		done++;
	}
	if (t->xpt_unused != 0)
		t->xpt_oldest = list_first_entry(&t->xpt_lru, struct xbb_pgnt,
		    xpg_lru)->xpg_idle_since;
	return done;
}

/**
 * xbb_pgnt_expire() - take out the entries unused for too long.
 * @t: the table; xpt_clock says what time it is.
 * @idle: how long an entry may stay unused (in xpt_clock's units).
 * @out: expired entries are moved here (on xpg_lru), the caller unmaps
 *	and frees them.
 *
 * Each unused entry is stamped with the clock when it became unused, and
 * xpt_oldest is no later than the oldest stamp (but for the wait after a
 * sort, below): while it says nothing can have expired the call returns
 * at once (the worker calls it on every run).  Otherwise the list is sorted, and the expired ones are at its
 * head, oldest first.  Entries in use are never taken.  A sort costs
 * O(n log n), so after one the next waits at least @idle / 16: an entry
 * may leave up to that much late, and a frontend whose grants keep
 * nearly expiring cannot have the table sorted on every run.
 *
 * Return: how many expired.
 */
unsigned int
xbb_pgnt_expire(struct xbb_pgnt_table *t, unsigned long idle,
    struct list_head *out)
{
	struct xbb_pgnt *e = NULL;
	unsigned long floor;
	unsigned int done = 0;

	if (t->xpt_unused == 0 ||
	    time_before(t->xpt_clock, t->xpt_oldest + idle))
		return 0;
	list_sort(NULL, &t->xpt_lru, xbb_pgnt_cmp);
	while (t->xpt_unused != 0) {
		e = list_first_entry(&t->xpt_lru, struct xbb_pgnt, xpg_lru);
		if (time_before(t->xpt_clock, e->xpg_idle_since + idle))
			break;
		xbb_pgnt_take(t, e, out);
		t->xpt_expired++;
		done++;
	}
	/* The next look: the oldest left, and not before idle / 16. */
	floor = t->xpt_clock + 1 - idle + idle / 16;
	if (t->xpt_unused != 0 && time_before(e->xpg_idle_since, floor))
		t->xpt_oldest = floor;
	else if (t->xpt_unused != 0)
		t->xpt_oldest = e->xpg_idle_since;
	return done;
}

/**
 * xbb_pgnt_next_expiry() - when the next unused entry expires.
 * @t: the table.
 * @idle: as for xbb_pgnt_expire().
 * @when: set to the clock value at which xbb_pgnt_expire() should look
 *	again: possibly earlier than when the next one expires (an entry
 *	that was the oldest unused one may have been used since; that look
 *	then finds the next one), and after a sort up to @idle / 16 later
 *	(xbb_pgnt_expire()).
 *
 * Return: false when no entry is unused (nothing will expire by itself).
 */
bool
xbb_pgnt_next_expiry(const struct xbb_pgnt_table *t, unsigned long idle,
    unsigned long *when)
{
	if (t->xpt_unused == 0)
		return false;
	*when = t->xpt_oldest + idle;
	return true;
}

/**
 * xbb_pgnt_teardown() - empty the table when its ring goes.
 * @t: the table.
 * @out: every entry is moved here; the caller unmaps and frees them.
 *
 * Return: how many entries were still in use (0 after a clean teardown:
 * their requests have all completed).
 */
unsigned int
xbb_pgnt_teardown(struct xbb_pgnt_table *t, struct list_head *out)
{
	struct xbb_pgnt *e;
	unsigned long gref;
	unsigned int busy = 0;

	xa_for_each(&t->xpt_map, gref, e) {
		if (e->xpg_users != 0)
			busy++;
		e->xpg_in_table = false;
		list_del_init(&e->xpg_lru);
		list_add_tail(&e->xpg_lru, out);
	}
	xa_destroy(&t->xpt_map);
	INIT_LIST_HEAD(&t->xpt_lru);
	t->xpt_count = 0;
	t->xpt_unused = 0;
	return busy;
}

/**
 * xbb_pgnt_usable() - may a persistent mapping serve a list?
 * @e: the mapping.
 * @op: the list's operation.
 *
 * A read fills the frontend's pages, so it needs a writable mapping; every
 * other operation only reads them.
 *
 * Return: true if @e serves @op.
 */
bool
xbb_pgnt_usable(const struct xbb_pgnt *e, enum xbb_op op)
{
	return !e->xpg_ro || op != XBB_OP_READ;
}

/**
 * xbb_pgnt_plan() - decide where each segment of a request list is mapped.
 * @t: the ring's table; a limit of 0 means the feature is off.
 * @grefs: the list's @n grant references, in segment order.
 * @n: segments in the list.
 * @op: the list's operation.
 * @use: @n decisions, filled in.
 * @ents: @n entries, filled in: the entry of a hit (its use taken, given
 *	back with xbb_pgnt_put() when the list is done), NULL otherwise.
 *
 * A grant found in the table is a hit, unless its mapping cannot serve
 * @op (xbb_pgnt_usable()): denied, and the caller fails that segment's
 * request, since the frontend granted read-only a page a read must fill.
 * A grant not found is new while the table has room for it and every new
 * one planned before it, and transient (mapped with the list, per list,
 * as without the feature) past that; a grant repeated among the new ones
 * is new once, transient after.
 *
 * Return: true when a segment is transient because the table is full:
 * the caller should purge unused entries to make room.
 */
bool
xbb_pgnt_plan(struct xbb_pgnt_table *t, const grant_ref_t *grefs,
    unsigned int n, enum xbb_op op, enum xbb_pgnt_use *use,
    struct xbb_pgnt **ents)
{
	unsigned int i, j, room;
	bool full = false;
	struct xbb_pgnt *e;

	room = t->xpt_max > t->xpt_count ? t->xpt_max - t->xpt_count : 0;
	for (i = 0; i < n; i++) {
		ents[i] = NULL;
		use[i] = XBB_PG_TRANSIENT;
		if (t->xpt_max == 0)
			continue;
		e = xa_load(&t->xpt_map, grefs[i]);
		if (e != NULL && !xbb_pgnt_usable(e, op)) {
			use[i] = XBB_PG_DENIED;
			continue;
		}
		if (e != NULL) {
			/* One lookup a segment: the entry is at hand. */
			xbb_pgnt_hold(t, e);
			ents[i] = e;
			use[i] = XBB_PG_HIT;
			continue;
		}
		for (j = 0; j < i; j++)
			if (use[j] == XBB_PG_NEW && grefs[j] == grefs[i])
				break;
		if (j < i)
			continue;
		if (room == 0) {
			full = true;
			continue;
		}
		room--;
		use[i] = XBB_PG_NEW;
	}
	return full;
}

#if IS_ENABLED(CONFIG_XBB_KUNIT_TEST)
#include "xbb_pgnt_test.c"
#endif

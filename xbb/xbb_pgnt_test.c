// SPDX-License-Identifier: GPL-2.0-only
/*
 * xbb_pgnt_test.c: KUnit suite for the persistent grant table.  Included
 * at the end of xbb_pgnt.c under CONFIG_XBB_KUNIT_TEST.
 *
 * Insert and lookup, the limit, the LRU purge that skips entries in use,
 * teardown handing every entry back, expiry of entries unused too long
 * (and its bound, which a use leaves early),
 * a randomized sequence of lookups, inserts, releases and purges checked
 * against a reference model (arrays and use stamps) over 20,000
 * operations, and the plan of a list's segments (hits, new grants up to
 * the limit, repeated grants, read-only mappings).
 */
#include <kunit/test.h>
#include <linux/prandom.h>

static struct xbb_pgnt_table *
xbb_test_pgnt_table(struct kunit *test, unsigned int max)
{
	struct xbb_pgnt_table *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, t);
	xbb_pgnt_init(t, max);
	return t;
}

static struct xbb_pgnt *
xbb_test_pgnt_entries(struct kunit *test, unsigned int n)
{
	struct xbb_pgnt *e = kunit_kcalloc(test, n, sizeof(*e), GFP_KERNEL);
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, e);
	for (i = 0; i < n; i++)
		e[i].xpg_gref = 100 + i;
	return e;
}

/* A table of MAX with N entries added (each in use once), in *E. */
static struct xbb_pgnt_table *
xbb_test_pgnt_filled(struct kunit *test, unsigned int max, unsigned int n,
    struct xbb_pgnt **e)
{
	struct xbb_pgnt_table *t = xbb_test_pgnt_table(test, max);
	unsigned int i;

	*e = xbb_test_pgnt_entries(test, n);
	for (i = 0; i < n; i++)
		KUNIT_ASSERT_EQ(test, xbb_pgnt_add(t, &(*e)[i], GFP_KERNEL), 0);
	return t;
}

/* At CLOCK, EXPECT entries unused for IDLE leave T, onto OUT. */
static void
xbb_test_pgnt_expire_at(struct kunit *test, struct xbb_pgnt_table *t,
    unsigned long clock, unsigned long idle, struct list_head *out,
    unsigned int expect)
{
	t->xpt_clock = clock;
	KUNIT_EXPECT_EQ(test, xbb_pgnt_expire(t, idle, out), expect);
}

/* Teardown at the end of a case: everything back, nothing in use. */
static void
xbb_test_pgnt_done(struct kunit *test, struct xbb_pgnt_table *t,
    unsigned int expect)
{
	LIST_HEAD(out);

	KUNIT_EXPECT_EQ(test, xbb_pgnt_teardown(t, &out), 0U);
	KUNIT_EXPECT_EQ(test, list_count_nodes(&out), (size_t)expect);
	KUNIT_EXPECT_EQ(test, t->xpt_count, 0U);
}

static void
xbb_test_pgnt_lookup(struct kunit *test)
{
	struct xbb_pgnt_table *t = xbb_test_pgnt_table(test, 8);
	struct xbb_pgnt *e = xbb_test_pgnt_entries(test, 3);
	unsigned int i;

	for (i = 0; i < 3; i++)
		KUNIT_ASSERT_EQ(test, xbb_pgnt_add(t, &e[i], GFP_KERNEL), 0);
	KUNIT_EXPECT_EQ(test, t->xpt_count, 3U);
	KUNIT_EXPECT_EQ(test, t->xpt_mapped, 3ULL);
	KUNIT_EXPECT_PTR_EQ(test, xbb_pgnt_get(t, 101), &e[1]);
	KUNIT_EXPECT_EQ(test, e[1].xpg_users, 2U);
	KUNIT_EXPECT_NULL(test, xbb_pgnt_get(t, 99));
	KUNIT_EXPECT_NULL(test, xbb_pgnt_get(t, 103));
	KUNIT_EXPECT_EQ(test, t->xpt_reused, 1ULL);
	xbb_pgnt_put(t, &e[1]);
	for (i = 0; i < 3; i++)
		xbb_pgnt_put(t, &e[i]);
	KUNIT_EXPECT_EQ(test, e[1].xpg_users, 0U);
	xbb_test_pgnt_done(test, t, 3);
}

static void
xbb_test_pgnt_limit(struct kunit *test)
{
	struct xbb_pgnt_table *t = xbb_test_pgnt_table(test, 2);
	struct xbb_pgnt *e = xbb_test_pgnt_entries(test, 4);
	LIST_HEAD(out);

	KUNIT_EXPECT_EQ(test, xbb_pgnt_add(t, &e[0], GFP_KERNEL), 0);
	/* The same grant twice (two segments of one list). */
	e[3].xpg_gref = e[0].xpg_gref;
	KUNIT_EXPECT_EQ(test, xbb_pgnt_add(t, &e[3], GFP_KERNEL), -EEXIST);
	/* An entry added twice stays the table's. */
	KUNIT_EXPECT_EQ(test, xbb_pgnt_add(t, &e[0], GFP_KERNEL), -EEXIST);
	KUNIT_EXPECT_TRUE(test, e[0].xpg_in_table);
	KUNIT_EXPECT_EQ(test, xbb_pgnt_add(t, &e[1], GFP_KERNEL), 0);
	KUNIT_EXPECT_EQ(test, xbb_pgnt_add(t, &e[2], GFP_KERNEL), -ENOSPC);
	/* Only the entries added are the table's to take back. */
	KUNIT_EXPECT_TRUE(test, e[0].xpg_in_table);
	KUNIT_EXPECT_TRUE(test, e[1].xpg_in_table);
	KUNIT_EXPECT_FALSE(test, e[2].xpg_in_table);
	KUNIT_EXPECT_FALSE(test, e[3].xpg_in_table);
	KUNIT_EXPECT_NULL(test, xbb_pgnt_get(t, e[2].xpg_gref));
	/* All in use: a purge finds no room to make. */
	KUNIT_EXPECT_EQ(test, xbb_pgnt_purge(t, 2, &out), 0U);
	xbb_pgnt_put(t, &e[0]);
	KUNIT_EXPECT_EQ(test, xbb_pgnt_purge(t, 2, &out), 1U);
	KUNIT_EXPECT_FALSE(test, e[0].xpg_in_table);
	KUNIT_EXPECT_EQ(test, xbb_pgnt_add(t, &e[2], GFP_KERNEL), 0);
	KUNIT_EXPECT_TRUE(test, e[2].xpg_in_table);
	KUNIT_EXPECT_NULL(test, xbb_pgnt_get(t, e[0].xpg_gref));
	xbb_pgnt_put(t, &e[1]);
	xbb_pgnt_put(t, &e[2]);
	/* A table of 0 is the feature turned off. */
	xbb_test_pgnt_done(test, t, 2);
	xbb_pgnt_init(t, 0);
	KUNIT_EXPECT_EQ(test, xbb_pgnt_add(t, &e[0], GFP_KERNEL), -ENOSPC);
	xbb_test_pgnt_done(test, t, 0);
}

/* Least recently released first; entries in use are skipped. */
static void
xbb_test_pgnt_lru(struct kunit *test)
{
	struct xbb_pgnt_table *t = xbb_test_pgnt_table(test, 8);
	struct xbb_pgnt *e = xbb_test_pgnt_entries(test, 4);
	struct xbb_pgnt *p;
	unsigned int i;
	LIST_HEAD(out);

	for (i = 0; i < 4; i++)
		KUNIT_ASSERT_EQ(test, xbb_pgnt_add(t, &e[i], GFP_KERNEL), 0);
	xbb_pgnt_put(t, &e[0]);
	xbb_pgnt_put(t, &e[2]);
	xbb_pgnt_put(t, &e[1]);
	/* e[3] stays in use; e[2] is used again and so leaves the LRU. */
	KUNIT_EXPECT_PTR_EQ(test, xbb_pgnt_get(t, e[2].xpg_gref), &e[2]);
	KUNIT_EXPECT_EQ(test, xbb_pgnt_purge(t, 10, &out), 2U);
	p = list_first_entry(&out, struct xbb_pgnt, xpg_lru);
	KUNIT_EXPECT_PTR_EQ(test, p, &e[0]);
	p = list_next_entry(p, xpg_lru);
	KUNIT_EXPECT_PTR_EQ(test, p, &e[1]);
	KUNIT_EXPECT_EQ(test, t->xpt_count, 2U);
	KUNIT_EXPECT_EQ(test, t->xpt_purged, 2ULL);
	/* Released again, e[2] is now the least recently used. */
	xbb_pgnt_put(t, &e[2]);
	xbb_pgnt_put(t, &e[3]);
	INIT_LIST_HEAD(&out);
	KUNIT_EXPECT_EQ(test, xbb_pgnt_purge(t, 1, &out), 1U);
	KUNIT_EXPECT_PTR_EQ(test,
	    list_first_entry(&out, struct xbb_pgnt, xpg_lru), &e[2]);
	xbb_test_pgnt_done(test, t, 1);
}

/* A ring torn down with requests still holding entries. */
static void
xbb_test_pgnt_teardown(struct kunit *test)
{
	struct xbb_pgnt_table *t = xbb_test_pgnt_table(test, 64);
	struct xbb_pgnt *e = xbb_test_pgnt_entries(test, 40);
	unsigned int i;
	LIST_HEAD(out);

	for (i = 0; i < 40; i++) {
		KUNIT_ASSERT_EQ(test, xbb_pgnt_add(t, &e[i], GFP_KERNEL), 0);
		if (i % 4 != 0)
			xbb_pgnt_put(t, &e[i]);
	}
	KUNIT_EXPECT_EQ(test, xbb_pgnt_teardown(t, &out), 10U);
	KUNIT_EXPECT_EQ(test, list_count_nodes(&out), (size_t)40);
	for (i = 0; i < 40; i++)
		KUNIT_EXPECT_FALSE(test, e[i].xpg_in_table);
	KUNIT_EXPECT_EQ(test, t->xpt_count, 0U);
	KUNIT_EXPECT_TRUE(test, list_empty(&t->xpt_lru));
	KUNIT_EXPECT_NULL(test, xbb_pgnt_get(t, 104));
}

/* What the ring does for a segment: use the mapping, else keep a new one. */
static struct xbb_pgnt *
xbb_test_pgnt_get_or_add(struct xbb_pgnt_table *t, struct xbb_pgnt *e,
    int *error)
{
	struct xbb_pgnt *p = xbb_pgnt_get(t, e->xpg_gref);

	*error = 0;
	if (p != NULL)
		return p;
	*error = xbb_pgnt_add(t, e, GFP_KERNEL);
	return *error == 0 ? e : NULL;
}

#define XBB_TEST_PGNT_GREFS 48
#define XBB_TEST_PGNT_MAX 16

/*
 * Random lookups, inserts, releases and purges against a model: for each
 * grant, present or not, its users, and the stamp of its last release.
 */
static void
xbb_test_pgnt_random(struct kunit *test)
{
	struct xbb_pgnt_table *t = xbb_test_pgnt_table(test, XBB_TEST_PGNT_MAX);
	struct xbb_pgnt *e = xbb_test_pgnt_entries(test, XBB_TEST_PGNT_GREFS);
	bool present[XBB_TEST_PGNT_GREFS] = {};
	unsigned int users[XBB_TEST_PGNT_GREFS] = {};
	u64 released[XBB_TEST_PGNT_GREFS] = {};
	unsigned int op, g, i, n, count = 0, inuse, purges = 0;
	struct xbb_pgnt *p, *tmp;
	struct rnd_state rnd;
	u64 stamp = 0, prev;
	LIST_HEAD(out);
	int error;

	prandom_seed_state(&rnd, 7);
	for (op = 0; op < 20000; op++) {
		g = prandom_u32_state(&rnd) % XBB_TEST_PGNT_GREFS;
		switch (prandom_u32_state(&rnd) % 4) {
		case 0: /* a request's segment: look up, else add */
			p = xbb_test_pgnt_get_or_add(t, &e[g], &error);
			if (present[g]) {
				KUNIT_ASSERT_PTR_EQ(test, p, &e[g]);
				users[g]++;
			} else if (count < XBB_TEST_PGNT_MAX) {
				KUNIT_ASSERT_EQ(test, error, 0);
				present[g] = true;
				users[g] = 1;
				count++;
			} else {
				KUNIT_ASSERT_EQ(test, error, -ENOSPC);
			}
			break;
		case 1:
		case 2: /* a request completes */
			if (!present[g] || users[g] == 0)
				break;
			xbb_pgnt_put(t, &e[g]);
			if (--users[g] == 0)
				released[g] = ++stamp;
			break;
		case 3: /* make room */
			n = prandom_u32_state(&rnd) % 4;
			INIT_LIST_HEAD(&out);
			KUNIT_ASSERT_EQ(test, xbb_pgnt_purge(t, n, &out),
			    (unsigned int)list_count_nodes(&out));
			prev = 0;
			list_for_each_entry_safe(p, tmp, &out, xpg_lru) {
				i = p - e;
				/* Unused, and in release order... */
				KUNIT_ASSERT_TRUE(test, present[i]);
				KUNIT_ASSERT_EQ(test, users[i], 0U);
				KUNIT_ASSERT_GT(test, released[i], prev);
				prev = released[i];
				present[i] = false;
				count--;
				purges++;
			}
			/* ...and the oldest ones: none left older. */
			for (i = 0; i < XBB_TEST_PGNT_GREFS; i++)
				if (present[i] && users[i] == 0 &&
				    list_count_nodes(&out) > 0)
					KUNIT_ASSERT_GT(test, released[i],
					    prev);
			break;
		}
		KUNIT_ASSERT_EQ(test, t->xpt_count, count);
		KUNIT_ASSERT_EQ(test, e[g].xpg_in_table, present[g]);
		for (i = 0, n = 0; i < XBB_TEST_PGNT_GREFS; i++)
			if (present[i] && users[i] == 0)
				n++;
		KUNIT_ASSERT_EQ(test, t->xpt_unused, n);
	}
	for (i = 0, inuse = 0; i < XBB_TEST_PGNT_GREFS; i++)
		if (present[i] && users[i] > 0)
			inuse++;
	INIT_LIST_HEAD(&out);
	KUNIT_EXPECT_EQ(test, xbb_pgnt_teardown(t, &out), inuse);
	KUNIT_EXPECT_EQ(test, list_count_nodes(&out), (size_t)count);
	KUNIT_EXPECT_GT(test, purges, 500U);
}

/*
 * Planning a list: hits take a use, new grants stop at the limit, a grant
 * repeated among the new ones is mapped persistently once.
 */
static void
xbb_test_pgnt_plan(struct kunit *test)
{
	struct xbb_pgnt_table *t = xbb_test_pgnt_table(test, 4);
	struct xbb_pgnt *e = xbb_test_pgnt_entries(test, 2);
	const grant_ref_t grefs[] = { 100, 7, 8, 7, 101, 9, 10, 100 };
	enum xbb_pgnt_use use[ARRAY_SIZE(grefs)];
	struct xbb_pgnt *ents[ARRAY_SIZE(grefs)];
	const enum xbb_pgnt_use expect[] = { XBB_PG_HIT, XBB_PG_NEW, XBB_PG_NEW,
		XBB_PG_TRANSIENT, XBB_PG_HIT, XBB_PG_TRANSIENT,
		XBB_PG_TRANSIENT, XBB_PG_HIT };
	unsigned int i;

	for (i = 0; i < 2; i++) {
		KUNIT_ASSERT_EQ(test, xbb_pgnt_add(t, &e[i], GFP_KERNEL), 0);
		xbb_pgnt_put(t, &e[i]);
	}
	/* Room for two new ones: 7 and 8; 7 again, 9 and 10 are transient. */
	KUNIT_EXPECT_TRUE(test,
	    xbb_pgnt_plan(t, grefs, ARRAY_SIZE(grefs), XBB_OP_READ, use, ents));
	for (i = 0; i < ARRAY_SIZE(grefs); i++) {
		KUNIT_EXPECT_EQ_MSG(test, use[i], expect[i], "segment %u", i);
		KUNIT_EXPECT_PTR_EQ(test, ents[i],
		    use[i] == XBB_PG_HIT ? &e[grefs[i] - 100] : NULL);
	}
	KUNIT_EXPECT_EQ(test, e[0].xpg_users, 2U);
	KUNIT_EXPECT_EQ(test, e[1].xpg_users, 1U);
	/* The table itself is unchanged: the caller adds what it maps. */
	KUNIT_EXPECT_EQ(test, t->xpt_count, 2U);
	for (i = 0; i < ARRAY_SIZE(grefs); i++)
		if (ents[i] != NULL)
			xbb_pgnt_put(t, ents[i]);
	/* Plenty of room: nothing transient, no purge wanted. */
	t->xpt_max = 64;
	KUNIT_EXPECT_FALSE(test,
	    xbb_pgnt_plan(t, grefs, 3, XBB_OP_WRITE, use, ents));
	KUNIT_EXPECT_EQ(test, use[2], XBB_PG_NEW);
	xbb_pgnt_put(t, ents[0]);
	/* The feature off: everything transient, no purge. */
	t->xpt_max = 0;
	KUNIT_EXPECT_FALSE(test,
	    xbb_pgnt_plan(t, grefs, ARRAY_SIZE(grefs), XBB_OP_READ, use, ents));
	for (i = 0; i < ARRAY_SIZE(grefs); i++)
		KUNIT_EXPECT_EQ(test, use[i], XBB_PG_TRANSIENT);
	KUNIT_EXPECT_EQ(test, e[0].xpg_users, 0U);
	t->xpt_max = 4;
	xbb_test_pgnt_done(test, t, 2);
}

/*
 * A grant repeated in one list: it is new once, at its first segment (here
 * the list's first), and transient at each repeat, whether next to it or
 * further on.  Repeats take no room: with room for exactly the two
 * distinct grants, both are new and the table is not reported full.
 */
static void
xbb_test_pgnt_plan_repeat(struct kunit *test)
{
	struct xbb_pgnt_table *t = xbb_test_pgnt_table(test, 2);
	static const grant_ref_t grefs[] = { 5, 5, 6, 5 };
	static const enum xbb_pgnt_use expect[] = { XBB_PG_NEW,
		XBB_PG_TRANSIENT, XBB_PG_NEW, XBB_PG_TRANSIENT };
	enum xbb_pgnt_use *use;
	struct xbb_pgnt **ents;
	unsigned int i;

	use = kunit_kcalloc(test, ARRAY_SIZE(grefs), sizeof(*use), GFP_KERNEL);
	ents =
	    kunit_kcalloc(test, ARRAY_SIZE(grefs), sizeof(*ents), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, use);
	KUNIT_ASSERT_NOT_NULL(test, ents);
	KUNIT_EXPECT_FALSE(test,
	    xbb_pgnt_plan(t, grefs, ARRAY_SIZE(grefs), XBB_OP_WRITE, use,
		ents));
	for (i = 0; i < ARRAY_SIZE(grefs); i++) {
		KUNIT_EXPECT_EQ_MSG(test, use[i], expect[i], "segment %u", i);
		KUNIT_EXPECT_NULL(test, ents[i]);
	}
	xbb_test_pgnt_done(test, t, 0);
}

/*
 * A grant the frontend gave read-only, mapped persistently so: a write
 * (which reads the page) may use it, a read (which fills it) is denied,
 * and nothing is taken for the denied segment.
 */
static void
xbb_test_pgnt_plan_readonly(struct kunit *test)
{
	struct xbb_pgnt_table *t = xbb_test_pgnt_table(test, 8);
	struct xbb_pgnt *e = xbb_test_pgnt_entries(test, 2);
	const grant_ref_t grefs[] = { 100, 101 };
	enum xbb_pgnt_use use[2];
	struct xbb_pgnt *ents[2];

	e[0].xpg_ro = true;
	KUNIT_ASSERT_EQ(test, xbb_pgnt_add(t, &e[0], GFP_KERNEL), 0);
	KUNIT_ASSERT_EQ(test, xbb_pgnt_add(t, &e[1], GFP_KERNEL), 0);
	xbb_pgnt_put(t, &e[0]);
	xbb_pgnt_put(t, &e[1]);
	KUNIT_EXPECT_TRUE(test, xbb_pgnt_usable(&e[0], XBB_OP_WRITE));
	KUNIT_EXPECT_TRUE(test, xbb_pgnt_usable(&e[0], XBB_OP_FLUSH));
	KUNIT_EXPECT_FALSE(test, xbb_pgnt_usable(&e[0], XBB_OP_READ));
	KUNIT_EXPECT_TRUE(test, xbb_pgnt_usable(&e[1], XBB_OP_READ));

	xbb_pgnt_plan(t, grefs, 2, XBB_OP_READ, use, ents);
	KUNIT_EXPECT_EQ(test, use[0], XBB_PG_DENIED);
	KUNIT_EXPECT_NULL(test, ents[0]);
	KUNIT_EXPECT_EQ(test, use[1], XBB_PG_HIT);
	KUNIT_EXPECT_EQ(test, e[0].xpg_users, 0U);
	xbb_pgnt_put(t, ents[1]);
	xbb_pgnt_plan(t, grefs, 2, XBB_OP_WRITE, use, ents);
	KUNIT_EXPECT_EQ(test, use[0], XBB_PG_HIT);
	KUNIT_EXPECT_PTR_EQ(test, ents[0], &e[0]);
	xbb_pgnt_put(t, ents[0]);
	xbb_pgnt_put(t, ents[1]);
	/* The denied entry stays, unused, and can be purged. */
	xbb_test_pgnt_done(test, t, 2);
}

/*
 * Expiry: entries unused for longer than the limit leave the table, the
 * oldest first, never one in use; reuse takes an entry off the clock;
 * the next expiry is the oldest unused entry's; the clock may wrap.
 */
static void
xbb_test_pgnt_expire(struct kunit *test)
{
	struct xbb_pgnt *e;
	struct xbb_pgnt_table *t = xbb_test_pgnt_filled(test, 8, 4, &e);
	unsigned long when = 0;
	unsigned int i;
	LIST_HEAD(out);

	KUNIT_EXPECT_FALSE(test, xbb_pgnt_next_expiry(t, 100, &when));
	for (i = 0; i < 3; i++) {
		t->xpt_clock = 1000 + 5 * i;
		xbb_pgnt_put(t, &e[i]);
	}
	KUNIT_EXPECT_TRUE(test, xbb_pgnt_next_expiry(t, 100, &when));
	KUNIT_EXPECT_EQ(test, when, 1100UL);

	/* One tick early: nothing; then the two oldest, in order. */
	xbb_test_pgnt_expire_at(test, t, 1099, 100, &out, 0);
	xbb_test_pgnt_expire_at(test, t, 1105, 100, &out, 2);
	KUNIT_EXPECT_PTR_EQ(test, list_first_entry(&out, struct xbb_pgnt,
	    xpg_lru), &e[0]);
	KUNIT_EXPECT_PTR_EQ(test, list_last_entry(&out, struct xbb_pgnt,
	    xpg_lru), &e[1]);
	KUNIT_EXPECT_EQ(test, t->xpt_count, 2U);
	KUNIT_EXPECT_EQ(test, t->xpt_expired, 2ULL);
	KUNIT_EXPECT_FALSE(test, e[0].xpg_in_table);
	KUNIT_EXPECT_TRUE(test, e[2].xpg_in_table);
	KUNIT_EXPECT_NULL(test, xbb_pgnt_get(t, 100));
	KUNIT_EXPECT_NULL(test, xbb_pgnt_get(t, 101));

	/* e[2] reused: in use, it does not expire, whatever the clock. */
	KUNIT_EXPECT_PTR_EQ(test, xbb_pgnt_get(t, 102), &e[2]);
	xbb_test_pgnt_expire_at(test, t, 5000, 100, &out, 0);
	KUNIT_EXPECT_FALSE(test, xbb_pgnt_next_expiry(t, 100, &when));
	xbb_pgnt_put(t, &e[2]);
	KUNIT_EXPECT_TRUE(test, xbb_pgnt_next_expiry(t, 100, &when));
	KUNIT_EXPECT_EQ(test, when, 5100UL);

	xbb_test_pgnt_expire_at(test, t, 5100, 100, &out, 1);

	/* The clock wraps between the last use and the expiry. */
	t->xpt_clock = ULONG_MAX - 10;
	xbb_pgnt_put(t, &e[3]);
	xbb_test_pgnt_expire_at(test, t, 88, 100, &out, 0);
	xbb_test_pgnt_expire_at(test, t, 89, 100, &out, 1);
	KUNIT_EXPECT_EQ(test, t->xpt_expired, 4ULL);
	KUNIT_EXPECT_EQ(test, list_count_nodes(&out), (size_t)4);
	xbb_test_pgnt_done(test, t, 0);
}

/*
 * A use moves nothing, so the expiry's bound may be early: an entry that
 * was the oldest unused one and is used again leaves the bound where it
 * was; the look at that time finds nothing and sets it to the next one.
 * Entries released at the same clock leave in the order of release.
 */
static void
xbb_test_pgnt_expire_bound(struct kunit *test)
{
	struct xbb_pgnt *e;
	struct xbb_pgnt_table *t = xbb_test_pgnt_filled(test, 8, 3, &e);
	unsigned long when = 0;
	LIST_HEAD(out);

	t->xpt_clock = 1000;
	xbb_pgnt_put(t, &e[0]);
	t->xpt_clock = 1010;
	xbb_pgnt_put(t, &e[1]);
	KUNIT_EXPECT_EQ(test, t->xpt_unused, 2U);
	KUNIT_EXPECT_PTR_EQ(test, xbb_pgnt_get(t, 100), &e[0]);
	KUNIT_EXPECT_EQ(test, t->xpt_unused, 1U);
	KUNIT_EXPECT_TRUE(test, xbb_pgnt_next_expiry(t, 100, &when));
	KUNIT_EXPECT_EQ(test, when, 1100UL);
	xbb_test_pgnt_expire_at(test, t, 1100, 100, &out, 0);
	KUNIT_EXPECT_TRUE(test, xbb_pgnt_next_expiry(t, 100, &when));
	KUNIT_EXPECT_EQ(test, when, 1110UL);
	xbb_test_pgnt_expire_at(test, t, 1110, 100, &out, 1);
	KUNIT_EXPECT_PTR_EQ(test, list_first_entry(&out, struct xbb_pgnt,
	    xpg_lru), &e[1]);
	KUNIT_EXPECT_FALSE(test, xbb_pgnt_next_expiry(t, 100, &when));

	/* Same clock: e[2] was released first, so it goes first. */
	t->xpt_clock = 2000;
	xbb_pgnt_put(t, &e[2]);
	xbb_pgnt_put(t, &e[0]);
	INIT_LIST_HEAD(&out);
	KUNIT_EXPECT_EQ(test, xbb_pgnt_purge(t, 1, &out), 1U);
	KUNIT_EXPECT_PTR_EQ(test, list_first_entry(&out, struct xbb_pgnt,
	    xpg_lru), &e[2]);
	KUNIT_EXPECT_EQ(test, t->xpt_unused, 1U);
	KUNIT_EXPECT_TRUE(test, xbb_pgnt_next_expiry(t, 100, &when));
	KUNIT_EXPECT_EQ(test, when, 2100UL);

	/*
	 * After a sort the next look waits idle / 16 (here 10): e[1], due
	 * one tick after e[2], leaves 10 ticks after it instead.
	 */
	KUNIT_EXPECT_EQ(test, xbb_pgnt_add(t, &e[1], GFP_KERNEL), 0);
	KUNIT_EXPECT_EQ(test, xbb_pgnt_add(t, &e[2], GFP_KERNEL), 0);
	KUNIT_EXPECT_PTR_EQ(test, xbb_pgnt_get(t, 100), &e[0]);
	t->xpt_clock = 3000;
	xbb_pgnt_put(t, &e[2]);
	t->xpt_clock = 3001;
	xbb_pgnt_put(t, &e[1]);
	t->xpt_clock = 3160;
	INIT_LIST_HEAD(&out);
	KUNIT_EXPECT_EQ(test, xbb_pgnt_expire(t, 160, &out), 1U);
	KUNIT_EXPECT_PTR_EQ(test, list_first_entry(&out, struct xbb_pgnt,
	    xpg_lru), &e[2]);
	KUNIT_EXPECT_TRUE(test, xbb_pgnt_next_expiry(t, 160, &when));
	KUNIT_EXPECT_EQ(test, when, 3171UL);
	xbb_test_pgnt_expire_at(test, t, 3161, 160, &out, 0);
	xbb_test_pgnt_expire_at(test, t, 3171, 160, &out, 1);
	KUNIT_EXPECT_EQ(test, t->xpt_unused, 0U);
	xbb_pgnt_put(t, &e[0]);
	xbb_test_pgnt_done(test, t, 1);
}

static struct kunit_case xbb_pgnt_cases[] = {
	KUNIT_CASE(xbb_test_pgnt_lookup),
	KUNIT_CASE(xbb_test_pgnt_limit),
	KUNIT_CASE(xbb_test_pgnt_lru),
	KUNIT_CASE(xbb_test_pgnt_teardown),
	KUNIT_CASE(xbb_test_pgnt_expire),
	KUNIT_CASE(xbb_test_pgnt_expire_bound),
	KUNIT_CASE(xbb_test_pgnt_random),
	KUNIT_CASE(xbb_test_pgnt_plan),
	KUNIT_CASE(xbb_test_pgnt_plan_repeat),
	KUNIT_CASE(xbb_test_pgnt_plan_readonly),
	{},
};

static struct kunit_suite xbb_pgnt_suite = {
	.name = "xbb_pgnt",
	.test_cases = xbb_pgnt_cases,
};
kunit_test_suite(xbb_pgnt_suite);

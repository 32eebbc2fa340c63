// SPDX-License-Identifier: GPL-2.0-only
/*
 * xbb_kva_test.c: KUnit suite for the KVA range manager.  Included at the
 * end of xbb_kva.c under CONFIG_XBB_KUNIT_TEST.
 *
 * First fit, fragmentation, freeing that makes room, exhaustion and the
 * order waiters are served in, every page back after teardown, and a
 * randomized comparison with a reference model (an array of flags
 * searched page by page) over 20,000 operations.
 */
#include <kunit/test.h>
#include <linux/prandom.h>

static struct xbb_kva *
xbb_test_kva(struct kunit *test, unsigned int npages)
{
	struct xbb_kva *k = kunit_kzalloc(test, sizeof(*k), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, k);
	KUNIT_ASSERT_EQ(test, xbb_kva_init(k, npages), 0);
	return k;
}

static int
xbb_test_kva_get(struct xbb_kva *k, struct xbb_kva_waiter *w, unsigned int n)
{
	w->xkw_npages = n;
	w->xkw_first = ~0U;
	return xbb_kva_alloc(k, w);
}

static void
xbb_test_kva_first_fit(struct kunit *test)
{
	struct xbb_kva *k = xbb_test_kva(test, 16);
	struct xbb_kva_waiter w[4];
	LIST_HEAD(granted);

	KUNIT_EXPECT_EQ(test, xbb_test_kva_get(k, &w[0], 4), 0);
	KUNIT_EXPECT_EQ(test, xbb_test_kva_get(k, &w[1], 3), 0);
	KUNIT_EXPECT_EQ(test, xbb_test_kva_get(k, &w[2], 5), 0);
	KUNIT_EXPECT_EQ(test, w[0].xkw_first, 0U);
	KUNIT_EXPECT_EQ(test, w[1].xkw_first, 4U);
	KUNIT_EXPECT_EQ(test, w[2].xkw_first, 7U);
	/* A hole of 3 at 4: a run of 2 goes there, the first that fits. */
	xbb_kva_free(k, 4, 3, &granted);
	KUNIT_EXPECT_EQ(test, xbb_test_kva_get(k, &w[3], 2), 0);
	KUNIT_EXPECT_EQ(test, w[3].xkw_first, 4U);
	KUNIT_EXPECT_EQ(test, k->xk_inuse, 11U);
	KUNIT_EXPECT_EQ(test, k->xk_hiwat, 12U);
	KUNIT_EXPECT_TRUE(test, list_empty(&granted));
	xbb_kva_free(k, 0, 4, &granted);
	xbb_kva_free(k, 4, 2, &granted);
	xbb_kva_free(k, 7, 5, &granted);
	KUNIT_EXPECT_EQ(test, xbb_kva_fini(k), 0U);
}

static void
xbb_test_kva_fragmented(struct kunit *test)
{
	struct xbb_kva *k = xbb_test_kva(test, 16);
	struct xbb_kva_waiter w[6];
	LIST_HEAD(granted);
	unsigned int i;

	for (i = 0; i < 4; i++)
		KUNIT_ASSERT_EQ(test, xbb_test_kva_get(k, &w[i], 4), 0);
	/* 8 pages free, but no 6 contiguous: the claim waits. */
	xbb_kva_free(k, 4, 4, &granted);
	xbb_kva_free(k, 12, 4, &granted);
	KUNIT_EXPECT_TRUE(test, list_empty(&granted));
	KUNIT_EXPECT_EQ(test, xbb_test_kva_get(k, &w[4], 6), -EAGAIN);
	/* A run of 2 would fit now, but may not overtake the waiter. */
	KUNIT_EXPECT_EQ(test, xbb_test_kva_get(k, &w[5], 2), -EAGAIN);
	KUNIT_EXPECT_EQ(test, k->xk_shortages, 2ULL);
	/* Freeing 8..11 joins 4..15: both are served, in arrival order. */
	xbb_kva_free(k, 8, 4, &granted);
	KUNIT_ASSERT_FALSE(test, list_empty(&granted));
	KUNIT_EXPECT_PTR_EQ(test,
	    list_first_entry(&granted, struct xbb_kva_waiter, xkw_link), &w[4]);
	KUNIT_EXPECT_PTR_EQ(test,
	    list_last_entry(&granted, struct xbb_kva_waiter, xkw_link), &w[5]);
	KUNIT_EXPECT_EQ(test, w[4].xkw_first, 4U);
	KUNIT_EXPECT_EQ(test, w[5].xkw_first, 10U);
	KUNIT_EXPECT_TRUE(test, list_empty(&k->xk_wait));
}

static void
xbb_test_kva_exhaustion(struct kunit *test)
{
	struct xbb_kva *k = xbb_test_kva(test, 8);
	struct xbb_kva_waiter w[5];
	LIST_HEAD(granted);

	KUNIT_EXPECT_EQ(test, xbb_test_kva_get(k, &w[0], 8), 0);
	/* Three claims wait, in order; none can be served yet. */
	KUNIT_EXPECT_EQ(test, xbb_test_kva_get(k, &w[1], 5), -EAGAIN);
	KUNIT_EXPECT_EQ(test, xbb_test_kva_get(k, &w[2], 3), -EAGAIN);
	KUNIT_EXPECT_EQ(test, xbb_test_kva_get(k, &w[3], 1), -EAGAIN);
	/* Never-fitting claims are refused, not queued. */
	KUNIT_EXPECT_EQ(test, xbb_test_kva_get(k, &w[4], 9), -E2BIG);
	KUNIT_EXPECT_EQ(test, xbb_test_kva_get(k, &w[4], 0), -E2BIG);
	/* All 8 back: 5 and 3 fit, 1 does not and stays first in line. */
	xbb_kva_free(k, 0, 8, &granted);
	KUNIT_EXPECT_EQ(test, w[1].xkw_first, 0U);
	KUNIT_EXPECT_EQ(test, w[2].xkw_first, 5U);
	KUNIT_EXPECT_PTR_EQ(test,
	    list_first_entry(&k->xk_wait, struct xbb_kva_waiter, xkw_link),
	    &w[3]);
	INIT_LIST_HEAD(&granted);
	xbb_kva_free(k, 5, 3, &granted);
	KUNIT_EXPECT_PTR_EQ(test,
	    list_first_entry(&granted, struct xbb_kva_waiter, xkw_link), &w[3]);
	KUNIT_EXPECT_EQ(test, w[3].xkw_first, 5U);
	KUNIT_EXPECT_EQ(test, k->xk_hiwat, 8U);
}

static void
xbb_test_kva_teardown(struct kunit *test)
{
	struct xbb_kva *k = xbb_test_kva(test, 8);
	struct xbb_kva_waiter w[3];
	LIST_HEAD(granted);

	KUNIT_EXPECT_EQ(test, xbb_test_kva_get(k, &w[0], 6), 0);
	KUNIT_EXPECT_EQ(test, xbb_test_kva_get(k, &w[1], 4), -EAGAIN);
	KUNIT_EXPECT_EQ(test, xbb_test_kva_get(k, &w[2], 1), -EAGAIN);
	/* The connection goes: the waiters are cancelled, the run freed. */
	xbb_kva_cancel(k, &w[1]);
	xbb_kva_cancel(k, &w[2]);
	KUNIT_EXPECT_TRUE(test, list_empty(&k->xk_wait));
	xbb_kva_free(k, w[0].xkw_first, 6, &granted);
	KUNIT_EXPECT_TRUE(test, list_empty(&granted));
	KUNIT_EXPECT_EQ(test, xbb_kva_fini(k), 0U);
	/* A teardown that forgets a run says so. */
	k = xbb_test_kva(test, 8);
	KUNIT_EXPECT_EQ(test, xbb_test_kva_get(k, &w[0], 3), 0);
	KUNIT_EXPECT_EQ(test, xbb_kva_fini(k), 3U);
}

/*
 * The reference: pages as flags, first fit by a linear scan, a FIFO of
 * claims served from its head after each free.
 */
#define XBB_TEST_KVA_PAGES 64
#define XBB_TEST_KVA_CLAIMS 48

struct xbb_test_kva_model {
	bool used[XBB_TEST_KVA_PAGES];
	int fifo[XBB_TEST_KVA_CLAIMS];
	unsigned int nfifo;
};

static int
xbb_test_model_take(struct xbb_test_kva_model *m, unsigned int n)
{
	unsigned int i, j;

	for (i = 0; i + n <= XBB_TEST_KVA_PAGES; i++) {
		for (j = 0; j < n && !m->used[i + j]; j++)
			;
		if (j == n) {
			for (j = 0; j < n; j++)
				m->used[i + j] = true;
			return i;
		}
	}
	return -1;
}

static void
xbb_test_kva_random(struct kunit *test)
{
	struct xbb_kva *k = xbb_test_kva(test, XBB_TEST_KVA_PAGES);
	struct xbb_test_kva_model *m;
	struct xbb_kva_waiter *w, *g;
	int state[XBB_TEST_KVA_CLAIMS]; /* 0 idle, 1 waiting, 2 holding */
	unsigned int op, c, i, waits = 0;
	LIST_HEAD(granted);
	struct rnd_state rnd;
	int r, first;

	/* Seeded: a failure replays the same operations. */
	prandom_seed_state(&rnd, 20261202);
	m = kunit_kzalloc(test, sizeof(*m), GFP_KERNEL);
	w = kunit_kcalloc(test, XBB_TEST_KVA_CLAIMS, sizeof(*w), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, m);
	KUNIT_ASSERT_NOT_NULL(test, w);
	memset(state, 0, sizeof(state));
	for (op = 0; op < 20000; op++) {
		c = prandom_u32_state(&rnd) % XBB_TEST_KVA_CLAIMS;
		if (state[c] == 1)
			continue;
		if (state[c] == 0) {
			w[c].xkw_npages = 1 + prandom_u32_state(&rnd) % 12;
			r = xbb_kva_alloc(k, &w[c]);
			first = m->nfifo == 0 ?
			    xbb_test_model_take(m, w[c].xkw_npages) :
			    -1;
			if (first < 0) {
				m->fifo[m->nfifo++] = c;
				waits++;
			}
			KUNIT_ASSERT_EQ(test, r, first < 0 ? -EAGAIN : 0);
			if (r == 0)
				KUNIT_ASSERT_EQ(test, (int)w[c].xkw_first,
				    first);
			state[c] = r == 0 ? 2 : 1;
			continue;
		}
		/* Free what c holds; the model serves its FIFO head first. */
		for (i = 0; i < w[c].xkw_npages; i++)
			m->used[w[c].xkw_first + i] = false;
		xbb_kva_free(k, w[c].xkw_first, w[c].xkw_npages, &granted);
		state[c] = 0;
		while (m->nfifo > 0) {
			unsigned int h = m->fifo[0];

			first = xbb_test_model_take(m, w[h].xkw_npages);
			if (first < 0)
				break;
			KUNIT_ASSERT_FALSE(test, list_empty(&granted));
			g = list_first_entry(&granted, struct xbb_kva_waiter,
			    xkw_link);
			KUNIT_ASSERT_PTR_EQ(test, g, &w[h]);
			KUNIT_ASSERT_EQ(test, (int)g->xkw_first, first);
			list_del(&g->xkw_link);
			state[h] = 2;
			memmove(m->fifo, m->fifo + 1,
			    --m->nfifo * sizeof(m->fifo[0]));
		}
		KUNIT_ASSERT_TRUE(test, list_empty(&granted));
	}
	/* Teardown: waiters cancelled first, then every run freed. */
	for (c = 0; c < XBB_TEST_KVA_CLAIMS; c++)
		if (state[c] == 1)
			xbb_kva_cancel(k, &w[c]);
	for (c = 0; c < XBB_TEST_KVA_CLAIMS; c++)
		if (state[c] == 2)
			xbb_kva_free(k, w[c].xkw_first, w[c].xkw_npages,
			    &granted);
	KUNIT_EXPECT_TRUE(test, list_empty(&granted));
	KUNIT_EXPECT_EQ(test, xbb_kva_fini(k), 0U);
	/* The run must have exercised waiting, not just easy allocations. */
	KUNIT_EXPECT_GT(test, waits, 100U);
}

static struct kunit_case xbb_kva_cases[] = { KUNIT_CASE(xbb_test_kva_first_fit),
	KUNIT_CASE(xbb_test_kva_fragmented),
	KUNIT_CASE(xbb_test_kva_exhaustion), KUNIT_CASE(xbb_test_kva_teardown),
	KUNIT_CASE(xbb_test_kva_random), {} };

static struct kunit_suite xbb_kva_suite = {
	.name = "xbb_kva",
	.test_cases = xbb_kva_cases,
};
kunit_test_suite(xbb_kva_suite);

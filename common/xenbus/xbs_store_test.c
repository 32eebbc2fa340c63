// SPDX-License-Identifier: GPL-2.0-only
/*
 * xbs_store_test.c: KUnit suite for the vetted XenStore reader and the
 * transactional publisher.  Included at the end of xbs_store.c under
 * CONFIG_XBS_KUNIT_TEST so that it can reach the file's static functions,
 * as FreeBSD's netback_unit_tests.c is included by netback.c.
 */
#include <kunit/test.h>

#include "../../kunit/xbt.h"

#define FE "/local/domain/5/device/vbd/768"
#define BE "/local/domain/0/backend/vbd/5/768"

/*------------------------------- Parsing -----------------------------------*/
static void
xbs_test_parse_valid(struct kunit *test)
{
	u64 v;

	KUNIT_EXPECT_EQ(test, xbs_parse_u64("0", &v), 0);
	KUNIT_EXPECT_EQ(test, v, 0ULL);
	KUNIT_EXPECT_EQ(test, xbs_parse_u64("42", &v), 0);
	KUNIT_EXPECT_EQ(test, v, 42ULL);
	KUNIT_EXPECT_EQ(test, xbs_parse_u64("007", &v), 0);
	KUNIT_EXPECT_EQ(test, v, 7ULL);
	KUNIT_EXPECT_EQ(test, xbs_parse_u64("18446744073709551615", &v), 0);
	KUNIT_EXPECT_EQ(test, v, U64_MAX);
}

static void
xbs_test_parse_garbage(struct kunit *test)
{
	static const char *const bad[] = {
		"",
		"-1",
		"+1",
		" 1",
		"1 ",
		"0x10",
		"1a",
		"1\n",
		"1.0",
		"a",
	};
	unsigned int i;
	u64 v = 1234;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		KUNIT_EXPECT_EQ_MSG(test, xbs_parse_u64(bad[i], &v), -EINVAL,
		    "input \"%s\"", bad[i]);
		KUNIT_EXPECT_EQ(test, v, 1234ULL);
	}
}

static void
xbs_test_parse_overflow(struct kunit *test)
{
	u64 v = 5;

	KUNIT_EXPECT_EQ(test, xbs_parse_u64("18446744073709551616", &v),
	    -ERANGE);
	KUNIT_EXPECT_EQ(test, xbs_parse_u64("99999999999999999999999", &v),
	    -ERANGE);
	KUNIT_EXPECT_EQ(test, v, 5ULL);
}

/*----------------------------- Numbers in the store ------------------------*/
static void
xbs_test_uint_in_range(struct kunit *test)
{
	struct xbt_store *st = xbt_store_new(test);
	unsigned int v = 0;

	xbt_set(st, FE, "ring-page-order", "3");
	KUNIT_EXPECT_EQ(test,
	    xbs_read_uint(&st->xt_xs, XBS_TXN_NONE, FE, "ring-page-order", 0, 4,
		0, XBS_REQUIRED, &v),
	    0);
	KUNIT_EXPECT_EQ(test, v, 3U);
	KUNIT_EXPECT_EQ(test, st->xt_reports, 0U);
}

static void
xbs_test_uint_bounds(struct kunit *test)
{
	struct xbt_store *st = xbt_store_new(test);
	unsigned int v = 0;

	xbt_set(st, FE, "lo", "2");
	xbt_set(st, FE, "hi", "9");
	KUNIT_EXPECT_EQ(test,
	    xbs_read_uint(&st->xt_xs, XBS_TXN_NONE, FE, "lo", 2, 9, 0,
		XBS_REQUIRED, &v),
	    0);
	KUNIT_EXPECT_EQ(test, v, 2U);
	KUNIT_EXPECT_EQ(test,
	    xbs_read_uint(&st->xt_xs, XBS_TXN_NONE, FE, "hi", 2, 9, 0,
		XBS_REQUIRED, &v),
	    0);
	KUNIT_EXPECT_EQ(test, v, 9U);
}

static void
xbs_test_uint_out_of_range(struct kunit *test)
{
	struct xbt_store *st = xbt_store_new(test);
	unsigned int v = 77;

	xbt_set(st, FE, "ring-page-order", "5");
	KUNIT_EXPECT_EQ(test,
	    xbs_read_uint(&st->xt_xs, XBS_TXN_NONE, FE, "ring-page-order", 0, 4,
		0, XBS_OPTIONAL, &v),
	    -ERANGE);
	KUNIT_EXPECT_EQ(test, v, 77U);
	KUNIT_EXPECT_EQ(test, st->xt_reports, 1U);
	KUNIT_EXPECT_EQ(test, st->xt_last_err, -ERANGE);
	KUNIT_EXPECT_NOT_NULL(test,
	    strstr(st->xt_xs.xss_lasterr, FE "/ring-page-order"));
	KUNIT_EXPECT_NOT_NULL(test, strstr(st->xt_xs.xss_lasterr, "[0, 4]"));

	xbt_set(st, FE, "ring-page-order", "1");
	KUNIT_EXPECT_EQ(test,
	    xbs_read_uint(&st->xt_xs, XBS_TXN_NONE, FE, "ring-page-order", 2, 4,
		0, XBS_OPTIONAL, &v),
	    -ERANGE);
}

static void
xbs_test_uint_garbage(struct kunit *test)
{
	struct xbt_store *st = xbt_store_new(test);
	unsigned int v = 77;

	xbt_set(st, FE, "event-channel", "12abc");
	KUNIT_EXPECT_EQ(test,
	    xbs_read_uint(&st->xt_xs, XBS_TXN_NONE, FE, "event-channel", 1, 100,
		0, XBS_REQUIRED, &v),
	    -EINVAL);
	KUNIT_EXPECT_EQ(test, v, 77U);
	KUNIT_EXPECT_NOT_NULL(test,
	    strstr(st->xt_xs.xss_lasterr, FE "/event-channel"));
	KUNIT_EXPECT_NOT_NULL(test, strstr(st->xt_xs.xss_lasterr, "12abc"));
}

static void
xbs_test_uint_missing_required(struct kunit *test)
{
	struct xbt_store *st = xbt_store_new(test);
	unsigned int v = 77;

	KUNIT_EXPECT_EQ(test,
	    xbs_read_uint(&st->xt_xs, XBS_TXN_NONE, FE, "event-channel", 1, 100,
		5, XBS_REQUIRED, &v),
	    -ENOENT);
	KUNIT_EXPECT_EQ(test, v, 77U);
	KUNIT_EXPECT_EQ(test, st->xt_reports, 1U);
	KUNIT_EXPECT_NOT_NULL(test,
	    strstr(st->xt_xs.xss_lasterr, FE "/event-channel"));
}

static void
xbs_test_uint_missing_optional(struct kunit *test)
{
	struct xbt_store *st = xbt_store_new(test);
	unsigned int v = 77;

	KUNIT_EXPECT_EQ(test,
	    xbs_read_uint(&st->xt_xs, XBS_TXN_NONE, FE, "ring-page-order", 0, 4,
		2, XBS_OPTIONAL, &v),
	    XBS_DEFAULTED);
	KUNIT_EXPECT_EQ(test, v, 2U);
	KUNIT_EXPECT_EQ(test, st->xt_reports, 0U);
}

static void
xbs_test_uint_optional_garbage(struct kunit *test)
{
	struct xbt_store *st = xbt_store_new(test);
	unsigned int v = 77;

	/* An optional node that is present must still be valid. */
	xbt_set(st, FE, "ring-page-order", "two");
	KUNIT_EXPECT_EQ(test,
	    xbs_read_uint(&st->xt_xs, XBS_TXN_NONE, FE, "ring-page-order", 0, 4,
		0, XBS_OPTIONAL, &v),
	    -EINVAL);
	KUNIT_EXPECT_EQ(test, v, 77U);
}

static void
xbs_test_uint_wide(struct kunit *test)
{
	struct xbt_store *st = xbt_store_new(test);
	unsigned int v = 77;
	u64 w = 0;

	/* 2^32 must not wrap to 0 on its way into an unsigned int. */
	xbt_set(st, FE, "n", "4294967296");
	KUNIT_EXPECT_EQ(test,
	    xbs_read_uint(&st->xt_xs, XBS_TXN_NONE, FE, "n", 0, UINT_MAX, 0,
		XBS_REQUIRED, &v),
	    -ERANGE);
	KUNIT_EXPECT_EQ(test, v, 77U);
	KUNIT_EXPECT_EQ(test,
	    xbs_read_u64(&st->xt_xs, XBS_TXN_NONE, FE, "n", 0, U64_MAX, 0,
		XBS_REQUIRED, &w),
	    0);
	KUNIT_EXPECT_EQ(test, w, 4294967296ULL);
}

static void
xbs_test_bool(struct kunit *test)
{
	struct xbt_store *st = xbt_store_new(test);
	bool b;

	xbt_set(st, FE, "one", "1");
	xbt_set(st, FE, "zero", "0");
	xbt_set(st, FE, "seven", "7");
	xbt_set(st, FE, "yes", "yes");
	b = false;
	KUNIT_EXPECT_EQ(test,
	    xbs_read_bool(&st->xt_xs, XBS_TXN_NONE, FE, "one", false, &b), 0);
	KUNIT_EXPECT_TRUE(test, b);
	KUNIT_EXPECT_EQ(test,
	    xbs_read_bool(&st->xt_xs, XBS_TXN_NONE, FE, "zero", true, &b), 0);
	KUNIT_EXPECT_FALSE(test, b);
	KUNIT_EXPECT_EQ(test,
	    xbs_read_bool(&st->xt_xs, XBS_TXN_NONE, FE, "seven", false, &b), 0);
	KUNIT_EXPECT_TRUE(test, b);
	KUNIT_EXPECT_EQ(test,
	    xbs_read_bool(&st->xt_xs, XBS_TXN_NONE, FE, "absent", true, &b),
	    XBS_DEFAULTED);
	KUNIT_EXPECT_TRUE(test, b);
	KUNIT_EXPECT_EQ(test,
	    xbs_read_bool(&st->xt_xs, XBS_TXN_NONE, FE, "yes", false, &b),
	    -EINVAL);
}

/*------------------------------- Strings -----------------------------------*/
static const char *const xbs_test_abis[] = { "x86_32-abi", "x86_64-abi" };

static void
xbs_test_choice_match(struct kunit *test)
{
	struct xbt_store *st = xbt_store_new(test);
	int idx = -1;

	xbt_set(st, FE, "protocol", "x86_32-abi");
	KUNIT_EXPECT_EQ(test,
	    xbs_read_choice(&st->xt_xs, XBS_TXN_NONE, FE, "protocol",
		xbs_test_abis, 2, 1, &idx),
	    0);
	KUNIT_EXPECT_EQ(test, idx, 0);
	xbt_set(st, FE, "protocol", "x86_64-abi");
	KUNIT_EXPECT_EQ(test,
	    xbs_read_choice(&st->xt_xs, XBS_TXN_NONE, FE, "protocol",
		xbs_test_abis, 2, 0, &idx),
	    0);
	KUNIT_EXPECT_EQ(test, idx, 1);
}

static void
xbs_test_choice_unknown(struct kunit *test)
{
	struct xbt_store *st = xbt_store_new(test);
	int idx = -1;

	xbt_set(st, FE, "protocol", "x86_64-abi-extra");
	KUNIT_EXPECT_EQ(test,
	    xbs_read_choice(&st->xt_xs, XBS_TXN_NONE, FE, "protocol",
		xbs_test_abis, 2, 1, &idx),
	    -EINVAL);
	KUNIT_EXPECT_EQ(test, idx, -1);
	KUNIT_EXPECT_NOT_NULL(test, strstr(st->xt_xs.xss_lasterr, "protocol"));
	xbt_set(st, FE, "protocol", "");
	KUNIT_EXPECT_EQ(test,
	    xbs_read_choice(&st->xt_xs, XBS_TXN_NONE, FE, "protocol",
		xbs_test_abis, 2, 1, &idx),
	    -EINVAL);
}

static void
xbs_test_choice_absent(struct kunit *test)
{
	struct xbt_store *st = xbt_store_new(test);
	int idx = -1;

	KUNIT_EXPECT_EQ(test,
	    xbs_read_choice(&st->xt_xs, XBS_TXN_NONE, FE, "protocol",
		xbs_test_abis, 2, 1, &idx),
	    XBS_DEFAULTED);
	KUNIT_EXPECT_EQ(test, idx, 1);
	idx = -1;
	KUNIT_EXPECT_EQ(test,
	    xbs_read_choice(&st->xt_xs, XBS_TXN_NONE, FE, "protocol",
		xbs_test_abis, 2, -1, &idx),
	    -ENOENT);
	KUNIT_EXPECT_EQ(test, idx, -1);
}

static void
xbs_test_str(struct kunit *test)
{
	struct xbt_store *st = xbt_store_new(test);
	char *s = NULL;

	xbt_set(st, BE, "vifname", "vif5.0");
	xbt_set(st, BE, "long", "abcdefghijklmnopqrstuvwxyz");
	KUNIT_ASSERT_EQ(test,
	    xbs_read_str(&st->xt_xs, XBS_TXN_NONE, BE, "vifname", 15, &s), 0);
	KUNIT_EXPECT_STREQ(test, s, "vif5.0");
	kfree(s);
	s = NULL;
	KUNIT_EXPECT_EQ(test,
	    xbs_read_str(&st->xt_xs, XBS_TXN_NONE, BE, "long", 15, &s), -E2BIG);
	KUNIT_EXPECT_NULL(test, s);
	KUNIT_EXPECT_EQ(test,
	    xbs_read_str(&st->xt_xs, XBS_TXN_NONE, BE, "none", 15, &s),
	    -ENOENT);
}

static void
xbs_test_opt_str(struct kunit *test)
{
	struct xbt_store *st = xbt_store_new(test);
	char buf[7];

	/* Absent reads as "", present as itself, up to size - 1 bytes. */
	xbt_set(st, BE, "vifname", "vif5.0");
	xbt_set(st, BE, "seven", "vif12.0");
	memset(buf, 'x', sizeof(buf));
	KUNIT_EXPECT_EQ(test,
	    xbs_read_opt_str(&st->xt_xs, XBS_TXN_NONE, BE, "none", buf,
		sizeof(buf)),
	    0);
	KUNIT_EXPECT_STREQ(test, buf, "");
	KUNIT_EXPECT_EQ(test,
	    xbs_read_opt_str(&st->xt_xs, XBS_TXN_NONE, BE, "vifname", buf,
		sizeof(buf)),
	    0);
	KUNIT_EXPECT_STREQ(test, buf, "vif5.0");
	/* A value of exactly sizeof(buf) bytes has no room for the NUL. */
	KUNIT_EXPECT_EQ(test,
	    xbs_read_opt_str(&st->xt_xs, XBS_TXN_NONE, BE, "seven", buf,
		sizeof(buf)),
	    -E2BIG);
	KUNIT_EXPECT_STREQ(test, buf, "");
}

/*--------------------------------- State -----------------------------------*/
static void
xbs_test_state_valid(struct kunit *test)
{
	struct xbt_store *st = xbt_store_new(test);
	enum xenbus_state s;
	char num[4];
	int i;

	for (i = XenbusStateUnknown; i <= XenbusStateReconfigured; i++) {
		snprintf(num, sizeof(num), "%d", i);
		xbt_set(st, FE, "state", num);
		s = 99;
		KUNIT_EXPECT_EQ(test, xbs_read_state(&st->xt_xs, FE, &s), 0);
		KUNIT_EXPECT_EQ(test, (int)s, i);
	}
}

static void
xbs_test_state_invalid(struct kunit *test)
{
	static const char *const bad[] = { "9", "-1", "Connected", "4x", "" };
	struct xbt_store *st = xbt_store_new(test);
	enum xenbus_state s;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		xbt_set(st, FE, "state", bad[i]);
		s = XenbusStateConnected;
		KUNIT_EXPECT_LT_MSG(test, xbs_read_state(&st->xt_xs, FE, &s), 0,
		    "state \"%s\"", bad[i]);
		KUNIT_EXPECT_EQ(test, s, XenbusStateConnected);
	}
}

static void
xbs_test_state_missing(struct kunit *test)
{
	struct xbt_store *st = xbt_store_new(test);
	enum xenbus_state s = XenbusStateConnected;

	/* A vanished frontend directory reads as Unknown. */
	KUNIT_EXPECT_EQ(test, xbs_read_state(&st->xt_xs, FE, &s), 0);
	KUNIT_EXPECT_EQ(test, s, XenbusStateUnknown);
}

static void
xbs_test_state_name(struct kunit *test)
{
	KUNIT_EXPECT_STREQ(test, xbs_state_name(XenbusStateInitWait),
	    "InitWait");
	KUNIT_EXPECT_STREQ(test, xbs_state_name(XenbusStateClosed), "Closed");
	KUNIT_EXPECT_STREQ(test, xbs_state_name((enum xenbus_state)42),
	    "Invalid");
}

static void
xbs_test_hotplug(struct kunit *test)
{
	struct xbt_store *st = xbt_store_new(test);

	KUNIT_EXPECT_EQ(test, xbs_read_hotplug(&st->xt_xs, BE),
	    XBS_HOTPLUG_PENDING);
	xbt_set(st, BE, "hotplug-status", "connected");
	KUNIT_EXPECT_EQ(test, xbs_read_hotplug(&st->xt_xs, BE),
	    XBS_HOTPLUG_CONNECTED);
	xbt_set(st, BE, "hotplug-status", "error");
	KUNIT_EXPECT_EQ(test, xbs_read_hotplug(&st->xt_xs, BE),
	    XBS_HOTPLUG_ERROR);
	/* Anything else: not done yet (Linux's backends wait too). */
	xbt_set(st, BE, "hotplug-status", "connected-ish");
	KUNIT_EXPECT_EQ(test, xbs_read_hotplug(&st->xt_xs, BE),
	    XBS_HOTPLUG_PENDING);
	xbt_set(st, BE, "hotplug-status", "");
	KUNIT_EXPECT_EQ(test, xbs_read_hotplug(&st->xt_xs, BE),
	    XBS_HOTPLUG_PENDING);
}

/*------------------------------- Publishing --------------------------------*/
static const struct xbs_node xbs_test_nodes[] = {
	XBS_UINT("feature-flush-cache", 1),
	XBS_UINT("sectors", 4294967296ULL),
	XBS_STR("mode", "w"),
};

static void
xbs_test_publish(struct kunit *test)
{
	struct xbt_store *st = xbt_store_new(test);

	KUNIT_EXPECT_EQ(test,
	    xbs_publish(&st->xt_xs, BE, xbs_test_nodes,
		ARRAY_SIZE(xbs_test_nodes)),
	    0);
	KUNIT_EXPECT_STREQ(test, xbt_get(st, BE, "feature-flush-cache"), "1");
	KUNIT_EXPECT_STREQ(test, xbt_get(st, BE, "sectors"), "4294967296");
	KUNIT_EXPECT_STREQ(test, xbt_get(st, BE, "mode"), "w");
	KUNIT_EXPECT_EQ(test, st->xt_starts, 1U);
	KUNIT_EXPECT_EQ(test, st->xt_commits, 1U);
}

static void
xbs_test_publish_eagain(struct kunit *test)
{
	struct xbt_store *st = xbt_store_new(test);

	st->xt_eagain = 2;
	KUNIT_EXPECT_EQ(test,
	    xbs_publish(&st->xt_xs, BE, xbs_test_nodes,
		ARRAY_SIZE(xbs_test_nodes)),
	    0);
	KUNIT_EXPECT_EQ(test, st->xt_starts, 3U);
	KUNIT_EXPECT_EQ(test, st->xt_commits, 1U);
	KUNIT_EXPECT_STREQ(test, xbt_get(st, BE, "mode"), "w");
}

static void
xbs_test_publish_gives_up(struct kunit *test)
{
	struct xbt_store *st = xbt_store_new(test);

	st->xt_eagain = XBS_TXN_RETRIES + 5;
	KUNIT_EXPECT_EQ(test,
	    xbs_publish(&st->xt_xs, BE, xbs_test_nodes,
		ARRAY_SIZE(xbs_test_nodes)),
	    -EAGAIN);
	KUNIT_EXPECT_EQ(test, st->xt_starts, (unsigned int)XBS_TXN_RETRIES);
	KUNIT_EXPECT_EQ(test, st->xt_commits, 0U);
	KUNIT_EXPECT_NULL(test, xbt_get(st, BE, "mode"));
	KUNIT_EXPECT_EQ(test, st->xt_reports, 1U);
}

static void
xbs_test_publish_write_fails(struct kunit *test)
{
	struct xbt_store *st = xbt_store_new(test);

	/* The second write fails: the first must not become visible. */
	st->xt_fail_write = 1;
	KUNIT_EXPECT_EQ(test,
	    xbs_publish(&st->xt_xs, BE, xbs_test_nodes,
		ARRAY_SIZE(xbs_test_nodes)),
	    -EIO);
	KUNIT_EXPECT_NULL(test, xbt_get(st, BE, "feature-flush-cache"));
	KUNIT_EXPECT_EQ(test, st->xt_aborts, 1U);
	KUNIT_EXPECT_EQ(test, st->xt_commits, 0U);
	KUNIT_EXPECT_NOT_NULL(test, strstr(st->xt_xs.xss_lasterr, "sectors"));
}

static void
xbs_test_exists(struct kunit *test)
{
	struct xbt_store *st = xbt_store_new(test);

	xbt_set(st, FE, "ring-ref", "8");
	KUNIT_EXPECT_TRUE(test,
	    xbs_exists(&st->xt_xs, XBS_TXN_NONE, FE, "ring-ref"));
	KUNIT_EXPECT_FALSE(test,
	    xbs_exists(&st->xt_xs, XBS_TXN_NONE, FE, "ring-ref0"));
}

static struct kunit_case xbs_store_cases[] = { KUNIT_CASE(xbs_test_parse_valid),
	KUNIT_CASE(xbs_test_parse_garbage), KUNIT_CASE(xbs_test_parse_overflow),
	KUNIT_CASE(xbs_test_uint_in_range), KUNIT_CASE(xbs_test_uint_bounds),
	KUNIT_CASE(xbs_test_uint_out_of_range),
	KUNIT_CASE(xbs_test_uint_garbage),
	KUNIT_CASE(xbs_test_uint_missing_required),
	KUNIT_CASE(xbs_test_uint_missing_optional),
	KUNIT_CASE(xbs_test_uint_optional_garbage),
	KUNIT_CASE(xbs_test_uint_wide), KUNIT_CASE(xbs_test_bool),
	KUNIT_CASE(xbs_test_choice_match), KUNIT_CASE(xbs_test_choice_unknown),
	KUNIT_CASE(xbs_test_choice_absent), KUNIT_CASE(xbs_test_str),
	KUNIT_CASE(xbs_test_opt_str),
	KUNIT_CASE(xbs_test_state_valid), KUNIT_CASE(xbs_test_state_invalid),
	KUNIT_CASE(xbs_test_state_missing), KUNIT_CASE(xbs_test_state_name),
	KUNIT_CASE(xbs_test_hotplug), KUNIT_CASE(xbs_test_publish),
	KUNIT_CASE(xbs_test_publish_eagain),
	KUNIT_CASE(xbs_test_publish_gives_up),
	KUNIT_CASE(xbs_test_publish_write_fails), KUNIT_CASE(xbs_test_exists),
	{} };

static struct kunit_suite xbs_store_suite = {
	.name = "xbs_store",
	.test_cases = xbs_store_cases,
};
kunit_test_suite(xbs_store_suite);

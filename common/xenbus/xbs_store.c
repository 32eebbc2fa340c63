// SPDX-License-Identifier: GPL-2.0-only
/*
 * xbs_store.c: vetted XenStore reads and transactional publishing.
 *
 * Everything a frontend or the toolstack writes into XenStore is data from
 * another domain.  The readers here parse it once, strictly (decimal
 * digits only, no sign, no blanks, no trailing characters, no overflow),
 * and range check it before handing a value to a driver.  A malformed or
 * out-of-range node is reported with its full path and the accepted range,
 * through the store's report hook, so that the administrator sees the
 * reason a device did not connect.
 *
 * The code is pure: it reaches XenStore only through struct xbs_store_ops
 * and so runs under KUnit without Xen.
 */
#define pr_fmt(fmt) "xbs: " fmt

#include <linux/err.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "xbs.h"

/*--------------------------------- Helpers ---------------------------------*/
static const char *const xbs_state_names[] = {
	[XenbusStateUnknown] = "Unknown",
	[XenbusStateInitialising] = "Initialising",
	[XenbusStateInitWait] = "InitWait",
	[XenbusStateInitialised] = "Initialised",
	[XenbusStateConnected] = "Connected",
	[XenbusStateClosing] = "Closing",
	[XenbusStateClosed] = "Closed",
	[XenbusStateReconfiguring] = "Reconfiguring",
	[XenbusStateReconfigured] = "Reconfigured",
};

/**
 * xbs_state_name() - printable name of a Xenbus state.
 * @state: the state.
 *
 * Return: the state's name, or "Invalid" for a value outside the enum.
 */
const char *
xbs_state_name(enum xenbus_state state)
{
	if ((unsigned int)state >= ARRAY_SIZE(xbs_state_names))
		return "Invalid";
	return xbs_state_names[state];
}

/**
 * xbs_report() - record and report an error about a XenStore value.
 * @xs: the store.
 * @err: the negative errno that goes with the message.
 * @fmt: printf format of the message.
 *
 * The message is kept in xss_lasterr (tests read it) and handed to the
 * store's report hook, which in a Dom0 writes it to the kernel log and to
 * the device's XenStore "error" node.
 */
void
xbs_report(struct xbs_store *xs, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(xs->xss_lasterr, sizeof(xs->xss_lasterr), fmt, ap);
	va_end(ap);
	if (xs->xss_ops->xso_report != NULL)
		xs->xss_ops->xso_report(xs, err, xs->xss_lasterr);
}

/**
 * xbs_parse_u64() - strictly parse an unsigned decimal number.
 * @str: the text, as read from XenStore.
 * @out: where the value goes on success.
 *
 * Only ASCII digits are accepted: no sign, no leading or trailing blanks,
 * no base prefix, no empty string, and no value above U64_MAX.  Leading
 * zeros are accepted ("007" is 7), as sscanf() would.
 *
 * Return: 0, -EINVAL for text that is not a number, -ERANGE on overflow.
 */
int
xbs_parse_u64(const char *str, u64 *out)
{
	u64 v;

	if (*str == '\0')
		return -EINVAL;
	for (v = 0; *str != '\0'; str++) {
		unsigned int d;

		if (*str < '0' || *str > '9')
			return -EINVAL;
		d = *str - '0';
		if (v > (U64_MAX - d) / 10)
			return -ERANGE;
		v = v * 10 + d;
	}
	*out = v;
	return 0;
}

/*
 * Read DIR/NODE as a string.  Returns the kmalloc'ed value or an ERR_PTR;
 * a missing node is ERR_PTR(-ENOENT) whatever the backing store says.
 */
static char *
xbs_read_raw(struct xbs_store *xs, xbs_txn_t t, const char *dir,
    const char *node)
{
	char *val;

	val = xs->xss_ops->xso_read(xs, t, dir, node);
	if (val == NULL)
		return ERR_PTR(-ENOENT);
	return val;
}

/**
 * xbs_exists() - tell whether a node exists.
 * @xs: the store.
 * @t: transaction, or XBS_TXN_NONE.
 * @dir: directory.
 * @node: node name within @dir.
 *
 * Return: true if DIR/NODE can be read.
 */
bool
xbs_exists(struct xbs_store *xs, xbs_txn_t t, const char *dir, const char *node)
{
	char *val;

	val = xbs_read_raw(xs, t, dir, node);
	if (IS_ERR(val))
		return false;
	kfree(val);
	return true;
}

/*------------------------------- Vetted reads -------------------------------*/
/**
 * xbs_read_u64() - read and vet an unsigned number.
 * @xs: the store.
 * @t: transaction, or XBS_TXN_NONE.
 * @dir: directory.
 * @node: node name within @dir.
 * @min: smallest accepted value.
 * @max: largest accepted value.
 * @dflt: value used when the node is absent and @flags has XBS_OPTIONAL.
 * @flags: XBS_REQUIRED or XBS_OPTIONAL.
 * @out: where the value goes; untouched on error.
 *
 * Return: 0 when the node was read, XBS_DEFAULTED when it was absent and
 * the default was used, -ENOENT when a required node is absent, -EINVAL
 * for garbage, -ERANGE for a number outside [@min, @max], or the read's
 * own error (-ENOMEM, say).  Every error is reported with the node's path.
 */
int
xbs_read_u64(struct xbs_store *xs, xbs_txn_t t, const char *dir,
    const char *node, u64 min, u64 max, u64 dflt, enum xbs_read_flags flags,
    u64 *out)
{
	char *val;
	u64 v;
	int error;

	val = xbs_read_raw(xs, t, dir, node);
	if (IS_ERR(val)) {
		error = PTR_ERR(val);
		if (error == -ENOENT && (flags & XBS_OPTIONAL) != 0) {
			*out = dflt;
			return XBS_DEFAULTED;
		}
		xbs_report(xs, error, "%s/%s: cannot read required node", dir,
		    node);
		return error;
	}
	error = xbs_parse_u64(val, &v);
	if (error == 0 && (v < min || v > max))
		error = -ERANGE;
	if (error == -EINVAL)
		xbs_report(xs, error, "%s/%s: \"%.32s\" is not a number", dir,
		    node, val);
	else if (error == -ERANGE)
		xbs_report(xs, error,
		    "%s/%s: \"%.32s\" is outside [%llu, %llu]", dir, node, val,
		    min, max);
	kfree(val);
	if (error != 0)
		return error;
	*out = v;
	return 0;
}

/**
 * xbs_read_uint() - xbs_read_u64() for values that fit an unsigned int.
 * @xs: the store.
 * @t: transaction, or XBS_TXN_NONE.
 * @dir: directory.
 * @node: node name within @dir.
 * @min: smallest accepted value.
 * @max: largest accepted value.
 * @dflt: default for an absent optional node.
 * @flags: XBS_REQUIRED or XBS_OPTIONAL.
 * @out: where the value goes; untouched on error.
 *
 * Return: as xbs_read_u64().
 */
int
xbs_read_uint(struct xbs_store *xs, xbs_txn_t t, const char *dir,
    const char *node, unsigned int min, unsigned int max, unsigned int dflt,
    enum xbs_read_flags flags, unsigned int *out)
{
	u64 v;
	int error;

	error = xbs_read_u64(xs, t, dir, node, min, max, dflt, flags, &v);
	if (error >= 0)
		*out = (unsigned int)v;
	return error;
}

/**
 * xbs_read_bool() - read a feature flag.
 * @xs: the store.
 * @t: transaction, or XBS_TXN_NONE.
 * @dir: directory.
 * @node: node name within @dir.
 * @dflt: value of an absent node.
 * @out: where the flag goes.
 *
 * Feature nodes are numbers; blkif.h and netif.h define 0 and 1, and, as
 * every Linux backend does, any other number counts as set.  Text that is
 * not a number is an error: it means the other end is confused.
 *
 * Return: 0, XBS_DEFAULTED, or as xbs_read_u64(): -EINVAL, -ERANGE for
 * a number above U64_MAX, or the read's own error.
 */
int
xbs_read_bool(struct xbs_store *xs, xbs_txn_t t, const char *dir,
    const char *node, bool dflt, bool *out)
{
	u64 v;
	int error;

	error =
	    xbs_read_u64(xs, t, dir, node, 0, U64_MAX, dflt, XBS_OPTIONAL, &v);
	if (error >= 0)
		*out = v != 0;
	return error;
}

/**
 * xbs_read_choice() - read a string that must be one of a set.
 * @xs: the store.
 * @t: transaction, or XBS_TXN_NONE.
 * @dir: directory.
 * @node: node name within @dir.
 * @set: the accepted strings.
 * @nset: how many strings @set holds.
 * @dflt: index used when the node is absent, or -1 if the node is required.
 * @idx: where the index of the matching string goes.
 *
 * Used, for example, for the blkif "protocol" node, whose values are the
 * ABI names of protocols.h ("x86_32-abi", "x86_64-abi", ...).
 *
 * Return: 0, XBS_DEFAULTED, -ENOENT, -EINVAL for a string not in @set, or
 * the read's own error.
 */
int
xbs_read_choice(struct xbs_store *xs, xbs_txn_t t, const char *dir,
    const char *node, const char *const *set, unsigned int nset, int dflt,
    int *idx)
{
	unsigned int i;
	char *val;
	int error;

	val = xbs_read_raw(xs, t, dir, node);
	if (IS_ERR(val)) {
		error = PTR_ERR(val);
		if (error == -ENOENT && dflt >= 0) {
			*idx = dflt;
			return XBS_DEFAULTED;
		}
		xbs_report(xs, error, "%s/%s: cannot read required node", dir,
		    node);
		return error;
	}
	for (i = 0; i < nset; i++) {
		if (strcmp(val, set[i]) == 0) {
			kfree(val);
			*idx = i;
			return 0;
		}
	}
	xbs_report(xs, -EINVAL, "%s/%s: unsupported value \"%.32s\"", dir, node,
	    val);
	kfree(val);
	return -EINVAL;
}

/**
 * xbs_read_str() - read a string of bounded length.
 * @xs: the store.
 * @t: transaction, or XBS_TXN_NONE.
 * @dir: directory.
 * @node: node name within @dir.
 * @maxlen: longest accepted string, not counting the NUL.
 * @out: where the kmalloc'ed string goes; the caller frees it.
 *
 * Return: 0, -ENOENT or the read's own error, or -E2BIG for a string
 * longer than @maxlen.
 */
int
xbs_read_str(struct xbs_store *xs, xbs_txn_t t, const char *dir,
    const char *node, size_t maxlen, char **out)
{
	char *val;

	val = xbs_read_raw(xs, t, dir, node);
	if (IS_ERR(val)) {
		xbs_report(xs, PTR_ERR(val), "%s/%s: cannot read node", dir,
		    node);
		return PTR_ERR(val);
	}
	if (strnlen(val, maxlen + 1) > maxlen) {
		xbs_report(xs, -E2BIG, "%s/%s: value longer than %zu bytes",
		    dir, node, maxlen);
		kfree(val);
		return -E2BIG;
	}
	*out = val;
	return 0;
}

/**
 * xbs_read_opt_str() - read an optional string into a fixed buffer.
 * @xs: the store.
 * @t: transaction, or XBS_TXN_NONE.
 * @dir: directory.
 * @node: node name within @dir.
 * @buf: where the value goes, NUL-terminated; "" when the node is absent.
 * @size: size of @buf: values of @size bytes or more are refused.
 *
 * One read, not an existence check and a read: a node removed between
 * the two would otherwise turn "absent" into an error.
 *
 * Return: 0, -E2BIG (reported) for a value that does not fit, or another
 * read error (reported).
 */
int
xbs_read_opt_str(struct xbs_store *xs, xbs_txn_t t, const char *dir,
    const char *node, char *buf, size_t size)
{
	char *val;

	buf[0] = '\0';
	val = xbs_read_raw(xs, t, dir, node);
	if (IS_ERR(val)) {
		if (PTR_ERR(val) == -ENOENT)
			return 0;
		xbs_report(xs, PTR_ERR(val), "%s/%s: cannot read node", dir,
		    node);
		return PTR_ERR(val);
	}
	if (strnlen(val, size) >= size) {
		xbs_report(xs, -E2BIG, "%s/%s: value longer than %zu bytes",
		    dir, node, size - 1);
		kfree(val);
		return -E2BIG;
	}
	strscpy(buf, val, size);
	kfree(val);
	return 0;
}

/**
 * xbs_read_state() - read and vet the other end's Xenbus state.
 * @xs: the store.
 * @dir: the other end's directory.
 * @state: where the state goes.
 *
 * This is FreeBSD's xenbus_get_otherend_state(), hardened: a missing
 * "state" node (the other end is gone) reads as XenbusStateUnknown, as in
 * Linux's xenbus_read_driver_state(); a value outside the enum is an error
 * rather than a state the switch statements of a driver never expected.
 *
 * Return: 0, or as xbs_read_u64(): -EINVAL for text that is not a number,
 * -ERANGE for a number outside the enum, or the read's own error.
 */
int
xbs_read_state(struct xbs_store *xs, const char *dir, enum xenbus_state *state)
{
	unsigned int v;
	int error;

	error =
	    xbs_read_uint(xs, XBS_TXN_NONE, dir, "state", XenbusStateUnknown,
		XenbusStateReconfigured, XenbusStateUnknown, XBS_OPTIONAL, &v);
	if (error < 0)
		return error;
	*state = v;
	return 0;
}

/**
 * xbs_read_hotplug() - read the hotplug script's verdict.
 * @xs: the store.
 * @dir: the backend's directory.
 *
 * Xen's hotplug scripts (vif-bridge, block) write "connected" to the
 * backend's "hotplug-status" node when they have set the device up, and
 * "error" when they failed.  Anything else (the toolstack may leave other
 * values while a device is re-created) means the script has not finished:
 * like Linux's backends, wait for "connected".
 *
 * Return: the verdict; an absent node means the script has not run.
 */
enum xbs_hotplug
xbs_read_hotplug(struct xbs_store *xs, const char *dir)
{
	enum xbs_hotplug h;
	char *val;

	val = xbs_read_raw(xs, XBS_TXN_NONE, dir, "hotplug-status");
	if (IS_ERR(val))
		return XBS_HOTPLUG_PENDING;
	if (strcmp(val, "connected") == 0)
		h = XBS_HOTPLUG_CONNECTED;
	else if (strcmp(val, "error") == 0)
		h = XBS_HOTPLUG_ERROR;
	else
		h = XBS_HOTPLUG_PENDING;
	kfree(val);
	return h;
}

/*-------------------------------- Publishing --------------------------------*/
/*
 * Write every node of one publication inside transaction T.  A node value
 * is at most 20 decimal digits or the caller's string.
 */
static int
xbs_publish_once(struct xbs_store *xs, xbs_txn_t t, const char *dir,
    const struct xbs_node *nodes, unsigned int nnodes)
{
	char num[24];
	const char *val;
	unsigned int i;
	int error;

	for (i = 0; i < nnodes; i++) {
		if (nodes[i].xn_kind == XBS_NODE_UINT) {
			snprintf(num, sizeof(num), "%llu", nodes[i].xn_uint);
			val = num;
		} else {
			val = nodes[i].xn_str;
		}
		error =
		    xs->xss_ops->xso_write(xs, t, dir, nodes[i].xn_name, val);
		if (error != 0) {
			xbs_report(xs, error, "%s/%s: write failed", dir,
			    nodes[i].xn_name);
			return error;
		}
	}
	return 0;
}

/**
 * xbs_publish() - write a set of nodes in one transaction.
 * @xs: the store.
 * @dir: directory the node names are relative to.
 * @nodes: the nodes.
 * @nnodes: how many.
 *
 * The frontend must see all of a backend's features or none of them, so
 * they are written in one transaction.  A transaction that ends with
 * -EAGAIN raced with another writer and is tried again, up to
 * XBS_TXN_RETRIES times.
 *
 * Return: 0 or the first error.
 */
int
xbs_publish(struct xbs_store *xs, const char *dir, const struct xbs_node *nodes,
    unsigned int nnodes)
{
	unsigned int attempt;
	xbs_txn_t t;
	int error;

	for (attempt = 0; attempt < XBS_TXN_RETRIES; attempt++) {
		error = xs->xss_ops->xso_txn_start(xs, &t);
		if (error != 0) {
			xbs_report(xs, error, "%s: cannot start transaction",
			    dir);
			return error;
		}
		error = xbs_publish_once(xs, t, dir, nodes, nnodes);
		if (error != 0) {
			xs->xss_ops->xso_txn_end(xs, t, true);
			return error;
		}
		error = xs->xss_ops->xso_txn_end(xs, t, false);
		if (error != -EAGAIN)
			break;
	}
	if (error != 0)
		xbs_report(xs, error, "%s: cannot commit transaction", dir);
	return error;
}

#if IS_ENABLED(CONFIG_XBS_KUNIT_TEST)
#include "xbs_store_test.c"
#endif

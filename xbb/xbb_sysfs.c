// SPDX-License-Identifier: GPL-2.0-only
/*
 * xbb_sysfs.c: what an administrator reads about a vbd, in
 * /sys/bus/xen-backend/devices/vbd-<domid>-<devid>/.
 *
 * The negotiated transport (ring pages and scheme, ABI, request and
 * segment limits), the backing store, the features offered, the pool of
 * the KVA range manager, and in statistics/ the counters: requests by
 * operation, failures by cause, segments and sectors moved, requests in
 * flight, protocol errors, request lists, pool use and persistent grants;
 * beside them, xen-blkback's files with its names (the stable ABI that
 * xentop reads).  One value per file, as sysfs wants, or one per queue
 * (ring_indexes: a line per queue).  Also log_stats, xen-blkback's
 * counters in the kernel log now and then.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/device.h>
#include <linux/math64.h>
#include <linux/sysfs.h>
#include <xen/xenbus.h>

#include "xbb.h"

static struct xbb_softc *
xbb_sysfs_sc(struct device *d)
{
	return dev_get_drvdata(d);
}

/* The store's name, published once the store is open (xbb_store.c). */
static const char *
xbb_sysfs_path(const struct xbb_softc *sc)
{
	const char *p = READ_ONCE(sc->xbb_path);

	return p != NULL ? p : "";
}

/* Define a read-only attribute NAME printing FMT of EXPR (sc in scope). */
#define XBB_ATTR(name, fmt, expr)                       \
	static ssize_t name##_show(struct device *d,    \
	    struct device_attribute *attr, char *buf)   \
	{                                               \
		struct xbb_softc *sc = xbb_sysfs_sc(d); \
                                                        \
		if (sc == NULL)                         \
			return -ENODEV;                 \
		return sysfs_emit(buf, fmt "\n", expr); \
	}                                               \
	static DEVICE_ATTR_RO(name)

XBB_ATTR(ring_pages, "%u", sc->xbb_q[0].xq_ring.xrg_layout.xrl_npages);
XBB_ATTR(ring_scheme, "%s",
    xbr_scheme_name(sc->xbb_q[0].xq_ring.xrg_layout.xrl_scheme));
XBB_ATTR(max_requests, "%u", sc->xbb_ring_size);
XBB_ATTR(protocol, "%s",
    sc->xbb_abi == XBB_ABI_X86_32 ? "x86_32-abi" : "x86_64-abi");
XBB_ATTR(max_segments, "%u",
    sc->xbb_lim.xl_max_indirect != 0 ? sc->xbb_lim.xl_max_indirect :
				       BLKIF_MAX_SEGMENTS_PER_REQUEST);
XBB_ATTR(max_request_size, "%u",
    (sc->xbb_lim.xl_max_indirect != 0 ? sc->xbb_lim.xl_max_indirect :
					BLKIF_MAX_SEGMENTS_PER_REQUEST) *
	XBR_PAGE_SIZE);
XBB_ATTR(store_kind, "%s", xbb_store_kind_name(sc->xbb_kind));
XBB_ATTR(store_path, "%s", xbb_sysfs_path(sc));
XBB_ATTR(sectors, "%llu", sc->xbb_lim.xl_sectors);
XBB_ATTR(read_only, "%d", (sc->xbb_lim.xl_features & XBB_F_READONLY) != 0);
/*
 * xen-blkback's two files (Documentation/ABI/stable/sysfs-bus-xen-backend
 * in Linux): "mode", the toolstack's "r" or "w" as the store was opened,
 * and "physical_device", the block device's major:minor in hex ("0:0"
 * for a file store, which xbb opens itself: store_path names it).
 */
XBB_ATTR(mode, "%s", (READ_ONCE(sc->xbb_mode) & FMODE_WRITE) ? "w" : "r");

static ssize_t
physical_device_show(struct device *d, struct device_attribute *attr,
    char *buf)
{
	struct xbb_softc *sc = xbb_sysfs_sc(d);
	dev_t devt;

	if (sc == NULL)
		return -ENODEV;
	devt = READ_ONCE(sc->xbb_devt);
	return sysfs_emit(buf, "%x:%x\n", MAJOR(devt), MINOR(devt));
}
static DEVICE_ATTR_RO(physical_device);
/* Queues (rings) connected, and offered. */
XBB_ATTR(queues, "%u", READ_ONCE(sc->xbb_nqueues));
XBB_ATTR(max_queues, "%u", sc->xbb_max_queues);
/* Persistent grants negotiated (both ends wrote feature-persistent). */
XBB_ATTR(persistent, "%d", READ_ONCE(sc->xbb_persistent));
/* The most grants each ring keeps mapped (0: not negotiated). */
XBB_ATTR(max_persistent_grants, "%u", READ_ONCE(sc->xbb_q[0].xq_pgnt.xpt_max));
/* Each queue has its own pool of this many pages. */
XBB_ATTR(kva_pages, "%u", READ_ONCE(sc->xbb_q[0].xq_kva.xk_npages));
XBB_ATTR(coalesce_max_segs, "%u",
    READ_ONCE(sc->xbb_q[0].xq_caps.xlc_max_segs));
/*
 * How request lists reach the frontend's pages: "pages" (grants mapped
 * onto the pool's pages: bios, or file I/O page by page), "pte" (a PV
 * Dom0's file store: grants mapped into the page table entries of the
 * pool's contiguous virtual range), "alias" (an auto-translated Dom0's
 * file store: onto the pages, read through the range).
 */
XBB_ATTR(pool_mapping, "%s",
    READ_ONCE(sc->xbb_q[0].xq_pool_ptes) != NULL   ? "pte" :
	READ_ONCE(sc->xbb_q[0].xq_pool_va) != NULL ? "alias" :
						     "pages");

/* Sum EXPR (q in scope) over the connected queues of sc. */
#define XBB_QSUM(expr)                                              \
	({                                                          \
		unsigned int _i, _n = READ_ONCE(sc->xbb_nqueues);   \
		u64 _sum = 0;                                       \
		const struct xbb_queue *q;                          \
                                                                    \
		for (_i = 0; _i < min_t(unsigned int, _n, XBB_MAX_QUEUES); \
		     _i++) {                                        \
			q = &sc->xbb_q[_i];                         \
			_sum += (expr);                             \
		}                                                   \
		_sum;                                               \
	})

/*
 * What the connection holds for request lists, over all queues: the
 * pools, their per-page arrays and the batches.
 */
XBB_ATTR(pool_bytes, "%llu",
    XBB_QSUM((u64)READ_ONCE(q->xq_kva.xk_npages) *
	    (PAGE_SIZE + 2 * sizeof(struct page *) + sizeof(void *) +
		sizeof(grant_handle_t)) +
	(u64)READ_ONCE(q->xq_scratch_len) *
	    (sizeof(struct gnttab_map_grant_ref) +
		sizeof(struct gnttab_unmap_grant_ref) +
		sizeof(grant_ref_t) + sizeof(u64) + sizeof(struct page *) +
		sizeof(grant_handle_t) + sizeof(unsigned int) +
		sizeof(enum xbb_pgnt_use))));

static ssize_t
features_show(struct device *d, struct device_attribute *attr, char *buf)
{
	struct xbb_softc *sc = xbb_sysfs_sc(d);
	unsigned int f;

	if (sc == NULL)
		return -ENODEV;
	f = sc->xbb_lim.xl_features;
	return sysfs_emit(buf, "%s%s%s%s%s\n",
	    (f & XBB_F_FLUSH) ? "flush " : "",
	    (f & XBB_F_BARRIER) ? "barrier " : "",
	    (f & XBB_F_DISCARD) ? "discard " : "",
	    (f & XBB_F_SECURE) ? "secure-discard " : "",
	    sc->xbb_lim.xl_max_indirect != 0 ? "indirect" : "");
}
static DEVICE_ATTR_RO(features);

static struct attribute *xbb_attrs[] = {
	&dev_attr_ring_pages.attr,
	&dev_attr_ring_scheme.attr,
	&dev_attr_max_requests.attr,
	&dev_attr_protocol.attr,
	&dev_attr_max_segments.attr,
	&dev_attr_max_request_size.attr,
	&dev_attr_store_kind.attr,
	&dev_attr_store_path.attr,
	&dev_attr_sectors.attr,
	&dev_attr_read_only.attr,
	&dev_attr_mode.attr,
	&dev_attr_physical_device.attr,
	&dev_attr_kva_pages.attr,
	&dev_attr_queues.attr,
	&dev_attr_max_queues.attr,
	&dev_attr_persistent.attr,
	&dev_attr_max_persistent_grants.attr,
	&dev_attr_coalesce_max_segs.attr,
	&dev_attr_pool_bytes.attr,
	&dev_attr_pool_mapping.attr,
	&dev_attr_features.attr,
	NULL,
};

static const struct attribute_group xbb_attr_group = {
	.attrs = xbb_attrs,
};

/*------------------------------- Statistics --------------------------------*/
#define XBB_STAT(name, expr) XBB_ATTR(name, "%llu", (unsigned long long)(expr))
#define XBB_CTR(c) xbb_ctr_read(&sc->xbb_stats, (c))

/**
 * xbb_ctr_read() - a counter of enum xbb_ctr, summed over the CPUs.
 * @st: the device's counters.
 * @c: which.
 *
 * Each CPU's share is read whole (a 64-bit load; xbb is built for
 * x86_64), without stopping the writers: the sum is a moment's, as an
 * atomic64_t's read was.
 *
 * Return: the sum.
 */
u64
xbb_ctr_read(const struct xbb_stats *st, unsigned int c)
{
	unsigned int cpu;
	u64 sum = 0;

	for_each_possible_cpu(cpu)
		sum += READ_ONCE(per_cpu_ptr(st->xst_ctrs, cpu)->xc_v[c]);
	return sum;
}

/*
 * Requests that joined a list rather than start one.  The two sums are
 * read at different moments, without stopping the writers, and a list
 * being issued counts itself before its requests: a read in between
 * finds one list more, which with coalescing off would show as
 * 2^64 - 1.  The difference is kept from going below 0.
 */
static u64
xbb_ctr_coalesced(const struct xbb_stats *st)
{
	u64 lists = xbb_ctr_read(st, XBB_C_LISTS);
	u64 reqs = xbb_ctr_read(st, XBB_C_LIST_REQS);

	return reqs > lists ? reqs - lists : 0;
}

XBB_STAT(reqs_read, XBB_CTR(XBB_C_REQS + XBB_OP_READ));
XBB_STAT(reqs_write, XBB_CTR(XBB_C_REQS + XBB_OP_WRITE));
XBB_STAT(reqs_barrier, XBB_CTR(XBB_C_REQS + XBB_OP_BARRIER));
XBB_STAT(reqs_flush, XBB_CTR(XBB_C_REQS + XBB_OP_FLUSH));
XBB_STAT(reqs_discard, XBB_CTR(XBB_C_REQS + XBB_OP_DISCARD));
XBB_STAT(reqs_unknown, XBB_CTR(XBB_C_REQS + XBB_OP_UNKNOWN));
XBB_STAT(err_bad_op, XBB_CTR(XBB_C_ERRS + XBB_E_OP));
XBB_STAT(err_bad_nsegs, XBB_CTR(XBB_C_ERRS + XBB_E_NSEGS));
XBB_STAT(err_bad_segment, XBB_CTR(XBB_C_ERRS + XBB_E_SEG));
XBB_STAT(err_out_of_range, XBB_CTR(XBB_C_ERRS + XBB_E_RANGE));
XBB_STAT(err_misaligned, XBB_CTR(XBB_C_ERRS + XBB_E_ALIGN));
XBB_STAT(err_read_only, XBB_CTR(XBB_C_ERRS + XBB_E_RO));
XBB_STAT(err_map_failed, XBB_CTR(XBB_C_ERRS + XBB_E_MAP));
XBB_STAT(err_io, XBB_CTR(XBB_C_ERRS + XBB_E_IO));
XBB_STAT(segments, XBB_CTR(XBB_C_SEGS));
XBB_STAT(sectors_moved, XBB_CTR(XBB_C_SECTORS));
XBB_STAT(inflight, atomic_read(&sc->xbb_stats.xst_inflight));
XBB_STAT(protocol_errors, atomic64_read(&sc->xbb_stats.xst_protocol));
XBB_STAT(reqs_indirect, XBB_CTR(XBB_C_INDIRECT));
XBB_STAT(events, XBB_CTR(XBB_C_EVENTS));
XBB_STAT(worker_runs, XBB_CTR(XBB_C_RUNS));
XBB_STAT(lists, XBB_CTR(XBB_C_LISTS));
XBB_STAT(list_reqs, XBB_CTR(XBB_C_LIST_REQS));
XBB_STAT(reqs_coalesced, xbb_ctr_coalesced(&sc->xbb_stats));
XBB_STAT(list_max, READ_ONCE(sc->xbb_stats.xst_list_max));
XBB_STAT(unmap_deferred, atomic64_read(&sc->xbb_stats.xst_unmap_deferred));
XBB_STAT(reqs_refused_closing,
    atomic64_read(&sc->xbb_stats.xst_refused_closing));
XBB_STAT(kva_inuse, XBB_QSUM(READ_ONCE(q->xq_kva.xk_inuse)));
XBB_STAT(kva_hiwat, XBB_QSUM(READ_ONCE(q->xq_kva.xk_hiwat)));
XBB_STAT(kva_shortages, XBB_QSUM(READ_ONCE(q->xq_kva.xk_shortages)));
/* Persistent grants of this connection, over all queues. */
XBB_STAT(persistent_grants, XBB_QSUM(READ_ONCE(q->xq_pgnt.xpt_count)));
XBB_STAT(persistent_mapped, XBB_QSUM(READ_ONCE(q->xq_pgnt.xpt_mapped)));
XBB_STAT(persistent_reused, XBB_QSUM(READ_ONCE(q->xq_pgnt.xpt_reused)));
XBB_STAT(persistent_purged, XBB_QSUM(READ_ONCE(q->xq_pgnt.xpt_purged)));
XBB_STAT(persistent_expired, XBB_QSUM(READ_ONCE(q->xq_pgnt.xpt_expired)));

/*
 * xen-blkback's counters, with its names and meanings (the stable ABI
 * that xentop's libxenstat reads; the names above say more): requests by
 * operation, a barrier counted as a flush as xen-blkback does; sectors
 * read and written; "oo_req", the times a request waited for the
 * backend's resources (xen-blkback: no free pending_req; xbb: a list
 * waited for pool pages).
 */
XBB_STAT(rd_req, XBB_CTR(XBB_C_REQS + XBB_OP_READ));
XBB_STAT(wr_req, XBB_CTR(XBB_C_REQS + XBB_OP_WRITE));
XBB_STAT(f_req,
    XBB_CTR(XBB_C_REQS + XBB_OP_FLUSH) +
	XBB_CTR(XBB_C_REQS + XBB_OP_BARRIER));
XBB_STAT(ds_req, XBB_CTR(XBB_C_REQS + XBB_OP_DISCARD));
XBB_STAT(rd_sect, XBB_CTR(XBB_C_SECTORS_READ));
XBB_STAT(wr_sect, XBB_CTR(XBB_C_SECTORS_WRITTEN));
XBB_STAT(oo_req, XBB_QSUM(READ_ONCE(q->xq_kva.xk_shortages)));

/*
 * Per-queue counters: one value per connected queue, in queue order,
 * space-separated (sysfs allows an array of values of one type).
 */
#define XBB_QSTAT(name, expr)                                           \
	static ssize_t name##_show(struct device *d,                    \
	    struct device_attribute *attr, char *buf)                   \
	{                                                               \
		struct xbb_softc *sc = xbb_sysfs_sc(d);                 \
		const struct xbb_queue *q;                              \
		unsigned int i, n;                                      \
		int len = 0;                                            \
                                                                        \
		if (sc == NULL)                                         \
			return -ENODEV;                                 \
		n = min_t(unsigned int, READ_ONCE(sc->xbb_nqueues),     \
		    XBB_MAX_QUEUES);                                    \
		for (i = 0; i < n; i++) {                               \
			q = &sc->xbb_q[i];                              \
			len += sysfs_emit_at(buf, len, "%s%llu",        \
			    i == 0 ? "" : " ", (u64)(expr));            \
		}                                                       \
		len += sysfs_emit_at(buf, len, "\n");                   \
		return len;                                             \
	}                                                               \
	static DEVICE_ATTR_RO(name)

XBB_QSTAT(queue_requests, READ_ONCE(q->xq_reqs));
XBB_QSTAT(queue_events, atomic64_read(&q->xq_events));
XBB_QSTAT(queue_inflight, atomic_read(&q->xq_inflight));
XBB_QSTAT(queue_persistent_grants, READ_ONCE(q->xq_pgnt.xpt_count));

/* Requests per list, to two decimals. */
static ssize_t
list_avg_show(struct device *d, struct device_attribute *attr, char *buf)
{
	struct xbb_softc *sc = xbb_sysfs_sc(d);
	u64 lists, reqs, x100;

	if (sc == NULL)
		return -ENODEV;
	lists = XBB_CTR(XBB_C_LISTS);
	reqs = XBB_CTR(XBB_C_LIST_REQS);
	x100 = lists == 0 ? 0 : div64_u64(reqs * 100, lists);
	return sysfs_emit(buf, "%llu.%02llu\n", x100 / 100, x100 % 100);
}
static DEVICE_ATTR_RO(list_avg);

/*
 * Each ring's indexes, private and shared: what a stall looks like.  One
 * line per queue ("q<i> " before it when there are several).
 */
static ssize_t
ring_indexes_show(struct device *d, struct device_attribute *attr, char *buf)
{
	struct xbb_softc *sc = xbb_sysfs_sc(d);
	const struct xbb_common_back_ring *r;
	unsigned int i, n;
	int len = 0;

	if (sc == NULL)
		return -ENODEV;
	/*
	 * The rings are mapped and unmapped under xd_lock (connect and
	 * disconnect run under it); a frontend looping connect/disconnect
	 * must not make this read an unmapped page.
	 */
	if (mutex_lock_interruptible(&sc->xbb_xd.xd_lock) != 0)
		return -EINTR;
	n = min_t(unsigned int, sc->xbb_nqueues, XBB_MAX_QUEUES);
	for (i = 0; i < n; i++) {
		r = &sc->xbb_q[i].xq_rings.common;
		if (sc->xbb_q[i].xq_xfers == NULL || r->sring == NULL)
			break;
		if (n > 1)
			len += sysfs_emit_at(buf, len, "q%u ", i);
		len += sysfs_emit_at(buf, len,
		    "req_cons %u rsp_prod_pvt %u req_prod %u req_event %u rsp_prod %u rsp_event %u\n",
		    r->req_cons, r->rsp_prod_pvt, READ_ONCE(r->sring->req_prod),
		    READ_ONCE(r->sring->req_event),
		    READ_ONCE(r->sring->rsp_prod),
		    READ_ONCE(r->sring->rsp_event));
	}
	mutex_unlock(&sc->xbb_xd.xd_lock);
	if (i < n || n == 0)
		return sysfs_emit(buf, "disconnected\n");
	return len;
}
static DEVICE_ATTR_RO(ring_indexes);

static struct attribute *xbb_stat_attrs[] = {
	&dev_attr_reqs_read.attr,
	&dev_attr_reqs_write.attr,
	&dev_attr_reqs_barrier.attr,
	&dev_attr_reqs_flush.attr,
	&dev_attr_reqs_discard.attr,
	&dev_attr_reqs_unknown.attr,
	&dev_attr_err_bad_op.attr,
	&dev_attr_err_bad_nsegs.attr,
	&dev_attr_err_bad_segment.attr,
	&dev_attr_err_out_of_range.attr,
	&dev_attr_err_misaligned.attr,
	&dev_attr_err_read_only.attr,
	&dev_attr_err_map_failed.attr,
	&dev_attr_err_io.attr,
	&dev_attr_segments.attr,
	&dev_attr_sectors_moved.attr,
	&dev_attr_inflight.attr,
	&dev_attr_protocol_errors.attr,
	&dev_attr_reqs_indirect.attr,
	&dev_attr_events.attr,
	&dev_attr_worker_runs.attr,
	&dev_attr_lists.attr,
	&dev_attr_list_reqs.attr,
	&dev_attr_reqs_coalesced.attr,
	&dev_attr_list_avg.attr,
	&dev_attr_list_max.attr,
	&dev_attr_unmap_deferred.attr,
	&dev_attr_reqs_refused_closing.attr,
	&dev_attr_kva_inuse.attr,
	&dev_attr_kva_hiwat.attr,
	&dev_attr_kva_shortages.attr,
	&dev_attr_persistent_grants.attr,
	&dev_attr_persistent_mapped.attr,
	&dev_attr_persistent_reused.attr,
	&dev_attr_persistent_purged.attr,
	&dev_attr_persistent_expired.attr,
	&dev_attr_queue_requests.attr,
	&dev_attr_queue_events.attr,
	&dev_attr_queue_inflight.attr,
	&dev_attr_queue_persistent_grants.attr,
	&dev_attr_ring_indexes.attr,
	&dev_attr_oo_req.attr,
	&dev_attr_rd_req.attr,
	&dev_attr_wr_req.attr,
	&dev_attr_f_req.attr,
	&dev_attr_ds_req.attr,
	&dev_attr_rd_sect.attr,
	&dev_attr_wr_sect.attr,
	NULL,
};

static const struct attribute_group xbb_stat_group = {
	.name = "statistics",
	.attrs = xbb_stat_attrs,
};

/*------------------------------- log_stats ---------------------------------*/
/* The counters log_stats prints, now. */
static void
xbb_sysfs_log_read(const struct xbb_softc *sc, u64 *v)
{
	const struct xbb_stats *st = &sc->xbb_stats;

	v[XBB_LOG_OO] = XBB_QSUM(READ_ONCE(q->xq_kva.xk_shortages));
	v[XBB_LOG_RD] = xbb_ctr_read(st, XBB_C_REQS + XBB_OP_READ);
	v[XBB_LOG_WR] = xbb_ctr_read(st, XBB_C_REQS + XBB_OP_WRITE);
	v[XBB_LOG_F] = xbb_ctr_read(st, XBB_C_REQS + XBB_OP_FLUSH) +
	    xbb_ctr_read(st, XBB_C_REQS + XBB_OP_BARRIER);
	v[XBB_LOG_DS] = xbb_ctr_read(st, XBB_C_REQS + XBB_OP_DISCARD);
	v[XBB_LOG_RSECT] = xbb_ctr_read(st, XBB_C_SECTORS_READ);
	v[XBB_LOG_WSECT] = xbb_ctr_read(st, XBB_C_SECTORS_WRITTEN);
}

/**
 * xbb_sysfs_log_stats() - log_stats: log what the device served lately.
 * @sc: the device; called by its queue workers.
 *
 * xen-blkback's log_stats, without its side effect: it zeroes the
 * counters that sysfs shows, xbb prints the difference since its last
 * line and leaves them alone.  At most one line per XBB_LOG_INTERVAL per
 * device: the worker that moves xbb_log_next on (cmpxchg) prints, so two
 * queues' workers never print at once.  Persistent grants mapped now
 * close the line, as xen-blkback's "pg" does.
 */
void
xbb_sysfs_log_stats(struct xbb_softc *sc)
{
	unsigned long next = READ_ONCE(sc->xbb_log_next);
	u64 v[XBB_LOG_COUNT], d[XBB_LOG_COUNT], moved;
	unsigned int i;

	if (next != 0 && time_before(jiffies, next))
		return;
	if (cmpxchg(&sc->xbb_log_next, next, jiffies + XBB_LOG_INTERVAL) !=
	    next)
		return;
	xbb_sysfs_log_read(sc, v);
	/*
	 * The pool's counters start again at each connection: a value below
	 * the last one printed counts from 0.
	 */
	for (i = 0, moved = 0; i < XBB_LOG_COUNT; i++) {
		d[i] = v[i] >= sc->xbb_log_last[i] ? v[i] - sc->xbb_log_last[i] :
						     v[i];
		sc->xbb_log_last[i] = v[i];
		moved |= d[i];
	}
	/*
	 * Nothing answered since the last line (a run that only fetched):
	 * no line, and the next run may print.
	 */
	if (moved == 0) {
		WRITE_ONCE(sc->xbb_log_next, next);
		return;
	}
	dev_info(&sc->xbb_dev->dev,
	    "oo %llu | rd %llu | wr %llu | f %llu | ds %llu | rd_sect %llu | wr_sect %llu | pg %llu\n",
	    d[XBB_LOG_OO], d[XBB_LOG_RD], d[XBB_LOG_WR], d[XBB_LOG_F],
	    d[XBB_LOG_DS], d[XBB_LOG_RSECT], d[XBB_LOG_WSECT],
	    XBB_QSUM(READ_ONCE(q->xq_pgnt.xpt_count)));
}

const struct attribute_group *xbb_sysfs_groups[] = {
	&xbb_attr_group,
	&xbb_stat_group,
	NULL,
};

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xbb.h: the Xen block backend's softc and its internal interfaces.
 *
 * One struct xbb_softc exists per "vbd" backend device, from probe until
 * the destroy work that follows remove.  It holds the shared xenbus part
 * (XenStore access, the state machine of common/xenbus/xbs_sm.c and its
 * lock), the backing store, what the connection negotiated (the
 * frontend's ABI, the ring size, persistent grants) and its queues: one,
 * or with blkif.h's multi-queue extension one per queue the frontend
 * asked for.  Each queue (struct xbb_queue) is a ring in the frontend's
 * ABI with its own event channel, request slots (one per ring entry),
 * pool of pages, persistent grants and worker.
 *
 * A request travels, driven by its queue's worker (xbb_ring.c): ring ->
 * private copy -> struct xbb_req (xbb_ring2req, pure) -> indirect
 * segments copied (xbb_map_indirect, xbb_map.c) and vetted (xbb_req_vet,
 * pure; xbb_io_prepare, xbb_io.c) -> gathered into a request list with
 * the requests that continue it (xbb_list_joinable, pure) -> a run of
 * pool pages (xbb_pool.c) from the KVA range manager (xbb_kva_alloc,
 * pure; xbb_io_submit) -> persistent plan (xbb_pgnt_plan, pure) and
 * grant map batch (xbb_req2gnttab, pure; xbb_map_list, xbb_map.c) -> one
 * bio chain or one file call per list (xbb_io.c) -> where it completes
 * (xbb_ring_complete), unmap batch (xbb_unmap_run, xbb_map.c) and a
 * response per member (xbb_rsp_put, pure) -> the worker takes the slots,
 * pool pages and persistent grants back (xbb_io_release,
 * xbb_map_pgnt_release).
 *
 * Prototypes are grouped by the file that defines them.
 */
#ifndef _XBB_H_
#define _XBB_H_

#include <linux/list.h>
#include <linux/llist.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>
#include <xen/interface/grant_table.h>

#include "../common/ring/xbr.h"
#include "../common/xenbus/xbs.h"
#include "xbb_abi.h"

/* Segments of a page: blkif sectors are 512 bytes. */
#define XBB_SECTOR_SHIFT 9
#define XBB_SECTORS_PER_PAGE (XBR_PAGE_SIZE >> XBB_SECTOR_SHIFT)
/* Segment descriptors in one indirect page. */
#define XBB_SEGS_PER_INDIRECT (XBR_PAGE_SIZE / sizeof(struct xbb_wire_seg))
/* The most segments a request may carry, whatever is negotiated. */
#define XBB_MAX_SEGS 256
#define XBB_MAX_INDIRECT_PAGES DIV_ROUND_UP(XBB_MAX_SEGS, XBB_SEGS_PER_INDIRECT)

/* Operations after the indirect wrapper is removed. */
enum xbb_op {
	XBB_OP_READ,
	XBB_OP_WRITE,
	XBB_OP_BARRIER,
	XBB_OP_FLUSH,
	XBB_OP_DISCARD,
	XBB_OP_UNKNOWN,
	XBB_OP_COUNT,
};

/**
 * struct xbb_seg - one vetted segment: a granted page and a sector range.
 * @xs_gref: grant reference of the frontend's page.
 * @xs_first: first 512-byte sector of the page to transfer.
 * @xs_last: last one, inclusive.
 */
struct xbb_seg {
	grant_ref_t xs_gref;
	u8 xs_first;
	u8 xs_last;
};

/**
 * struct xbb_req - a request, converted from the frontend's ABI.
 * @xr_id: the frontend's id, echoed in the response.
 * @xr_operation: the operation to echo in the response: as written, or
 *	for an indirect request the wrapped one (indirect_op).
 * @xr_op: what to do.
 * @xr_indirect: the segments live in indirect pages.
 * @xr_nsegs: number of segments.
 * @xr_sector: first sector (512-byte units).
 * @xr_nr_sectors: sectors to discard (discard only).
 * @xr_secure: secure discard asked for.
 * @xr_nindirect: number of indirect pages.
 * @xr_indirect_grefs: their grant references.
 * @xr_segs: the segments (direct ones, or copied from indirect pages).
 */
struct xbb_req {
	u64 xr_id;
	u8 xr_operation;
	enum xbb_op xr_op;
	bool xr_indirect;
	unsigned int xr_nsegs;
	u64 xr_sector;
	u64 xr_nr_sectors;
	bool xr_secure;
	unsigned int xr_nindirect;
	grant_ref_t xr_indirect_grefs[BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST];
	struct xbb_seg xr_segs[XBB_MAX_SEGS];
};

/* What a request may ask of this device, for xbb_req_vet(). */
enum xbb_feature {
	XBB_F_FLUSH = 1 << 0,
	XBB_F_BARRIER = 1 << 1,
	XBB_F_DISCARD = 1 << 2,
	XBB_F_SECURE = 1 << 3,
	XBB_F_READONLY = 1 << 4,
};

/**
 * struct xbb_limits - the device's side of the vetting.
 * @xl_sectors: size of the backing store in 512-byte sectors.
 * @xl_align: sector alignment the store needs (logical block / 512).
 * @xl_max_indirect: segments allowed in an indirect request (0: none).
 * @xl_features: mask of enum xbb_feature.
 */
struct xbb_limits {
	u64 xl_sectors;
	unsigned int xl_align;
	unsigned int xl_max_indirect;
	unsigned int xl_features;
};

/* Why a request failed vetting; the per-device error counters. */
enum xbb_err {
	XBB_E_NONE,
	XBB_E_OP,    /* unknown or unsupported operation */
	XBB_E_NSEGS, /* segment count out of range */
	XBB_E_SEG,   /* first_sect/last_sect out of the page */
	XBB_E_RANGE, /* beyond the end of the store */
	XBB_E_ALIGN, /* not aligned to the store's block size */
	XBB_E_RO,    /* write to a read-only device */
	XBB_E_MAP,   /* grant mapping failed */
	XBB_E_IO,    /* the store failed the I/O */
	XBB_E_COUNT,
};

/**
 * struct xbb_kva_waiter - a request list's claim on a run of pool pages.
 * @xkw_link: in the allocator's FIFO while it waits.
 * @xkw_npages: pages it needs.
 * @xkw_first: the first page of the run it got.
 */
struct xbb_kva_waiter {
	struct list_head xkw_link;
	unsigned int xkw_npages;
	unsigned int xkw_first;
};

/**
 * struct xbb_kva - first-fit allocator of page runs (xbb_kva.c).
 * @xk_map: one bit per pool page, set when allocated.
 * @xk_npages: pages in the pool.
 * @xk_inuse: pages allocated.
 * @xk_hiwat: the most ever allocated at once.
 * @xk_shortages: allocations that had to wait.
 * @xk_wait: waiting claims, oldest first.
 */
struct xbb_kva {
	unsigned long *xk_map;
	unsigned int xk_npages;
	unsigned int xk_inuse;
	unsigned int xk_hiwat;
	u64 xk_shortages;
	struct list_head xk_wait;
};

/**
 * struct xbb_list_shape - the shape of a request list being gathered.
 * @xls_op: the members' operation.
 * @xls_sector: first sector of the first member.
 * @xls_end: the sector after the last member's last one.
 * @xls_nsegs: segments (pool pages) of all members.
 * @xls_nreqs: members.
 */
struct xbb_list_shape {
	enum xbb_op xls_op;
	u64 xls_sector;
	u64 xls_end;
	unsigned int xls_nsegs;
	unsigned int xls_nreqs;
};

/**
 * struct xbb_list_caps - how far a request list may grow.
 * @xlc_max_reqs: members (1: coalescing off).
 * @xlc_max_segs: segments of all members, i.e. pool pages claimed.
 */
struct xbb_list_caps {
	unsigned int xlc_max_reqs;
	unsigned int xlc_max_segs;
};

/**
 * struct xbb_pgnt - a grant kept mapped for the life of its ring.
 * @xpg_gref: the grant reference, the table's key.
 * @xpg_users: requests using the mapping now.
 * @xpg_idle_since: the table's clock when the last request using the
 *	mapping finished (valid while unused).
 * @xpg_released: the table's count of releases then: orders the unused
 *	entries, least recently used first.
 * @xpg_lru: on the table's list while in it (in no order between
 *	sorts); on the caller's list after a purge or teardown.
 * @xpg_page: the page the grant is mapped onto (the caller's).
 * @xpg_handle: the mapping's grant handle (the caller's).
 * @xpg_ro: the grant is mapped read-only: the frontend granted it so.
 *	It serves requests that only read the page (writes to the disk),
 *	never one that fills it (a read).
 * @xpg_in_table: the table holds the entry (xbb_pgnt_add() took it, and
 *	no purge, expiry or teardown has taken it out since), so that a
 *	list done with it asks no lookup whether to give it back there.
 */
struct xbb_pgnt {
	grant_ref_t xpg_gref;
	unsigned int xpg_users;
	unsigned long xpg_idle_since;
	u64 xpg_released;
	struct list_head xpg_lru;
	struct page *xpg_page;
	grant_handle_t xpg_handle;
	bool xpg_ro;
	bool xpg_in_table;
};

/* Where one segment of a request list is mapped (xbb_pgnt_plan()). */
enum xbb_pgnt_use {
	XBB_PG_TRANSIENT, /* onto the list's run of pool pages, per list */
	XBB_PG_HIT,	  /* a persistent mapping, found in the table */
	XBB_PG_NEW,	  /* to be mapped persistently and added */
	XBB_PG_DENIED,	  /* mapped read-only, and the list fills pages */
};

/**
 * struct xbb_pgnt_table - a ring's persistent grants (xbb_pgnt.c).
 * @xpt_map: grant reference -> struct xbb_pgnt.
 * @xpt_lru: every entry in the table; a purge or an expiry sorts it
 *	(unused entries first, least recently used first), a use does not
 *	move it.
 * @xpt_count: entries in the table.
 * @xpt_unused: entries in the table that no request uses.
 * @xpt_releases: entries that became unused, ever: their stamp.
 * @xpt_oldest: when xbb_pgnt_expire() looks next, less its idle limit:
 *	no later than the oldest @xpg_idle_since among the unused entries,
 *	except that after a sort it may be up to a sixteenth of the limit
 *	later (so that sorts are that far apart).
 * @xpt_max: the most it may hold.
 * @xpt_mapped: entries ever added.
 * @xpt_reused: lookups that found their grant mapped.
 * @xpt_purged: entries taken out to make room, or under memory pressure.
 * @xpt_expired: entries taken out after xbb.persistent_grant_unused_seconds
 *	unused.
 * @xpt_clock: the caller's clock (jiffies), set by the caller before it
 *	gives entries back: an entry that becomes unused is stamped with it,
 *	so the order of release is also the order of idle time.
 */
struct xbb_pgnt_table {
	struct xarray xpt_map;
	struct list_head xpt_lru;
	unsigned int xpt_count;
	unsigned int xpt_unused;
	u64 xpt_releases;
	unsigned long xpt_oldest;
	unsigned int xpt_max;
	u64 xpt_mapped;
	u64 xpt_reused;
	u64 xpt_purged;
	u64 xpt_expired;
	unsigned long xpt_clock;
};

/* xbb_kva.c: the KVA range manager (pure). */
int xbb_kva_init(struct xbb_kva *k, unsigned int npages);
unsigned int xbb_kva_fini(struct xbb_kva *k);
int xbb_kva_alloc(struct xbb_kva *k, struct xbb_kva_waiter *w);
void xbb_kva_free(struct xbb_kva *k, unsigned int first, unsigned int npages,
    struct list_head *granted);
void xbb_kva_cancel(struct xbb_kva *k, struct xbb_kva_waiter *w);

/* xbb_list.c: request coalescing (pure). */
struct bio_vec;
struct page;
bool xbb_list_coalescable(const struct xbb_req *req);
bool xbb_list_hold(const struct xbb_req *req, const struct xbb_list_caps *caps,
    unsigned int at_store);
void xbb_list_start(struct xbb_list_shape *c, const struct xbb_req *req);
bool xbb_list_joinable(const struct xbb_list_shape *c,
    const struct xbb_req *req, const struct xbb_list_caps *caps);
void xbb_list_join(struct xbb_list_shape *c, const struct xbb_req *req);
unsigned int xbb_req2bvec(const struct xbb_req *req, struct page *const *pages,
    struct bio_vec *bv);
struct kvec;
unsigned int xbb_req2kvec(const struct xbb_req *req, void *const *vas,
    struct kvec *kv, unsigned int nkv);
s16 xbb_list_member_status(s16 list_status, s16 own_status);

/* xbb_pgnt.c: persistent grants (pure). */
void xbb_pgnt_init(struct xbb_pgnt_table *t, unsigned int max);
struct xbb_pgnt *xbb_pgnt_get(struct xbb_pgnt_table *t, grant_ref_t gref);
int xbb_pgnt_add(struct xbb_pgnt_table *t, struct xbb_pgnt *e, gfp_t gfp);
void xbb_pgnt_put(struct xbb_pgnt_table *t, struct xbb_pgnt *e);
unsigned int xbb_pgnt_purge(struct xbb_pgnt_table *t, unsigned int n,
    struct list_head *out);
unsigned int xbb_pgnt_teardown(struct xbb_pgnt_table *t, struct list_head *out);
unsigned int xbb_pgnt_expire(struct xbb_pgnt_table *t, unsigned long idle,
    struct list_head *out);
bool xbb_pgnt_next_expiry(const struct xbb_pgnt_table *t, unsigned long idle,
    unsigned long *when);
bool xbb_pgnt_usable(const struct xbb_pgnt *e, enum xbb_op op);
bool xbb_pgnt_plan(struct xbb_pgnt_table *t, const grant_ref_t *grefs,
    unsigned int n, enum xbb_op op, enum xbb_pgnt_use *use,
    struct xbb_pgnt **ents);

/* xbb_req.c: pure conversion and vetting. */
enum xbb_err xbb_req_vet_indirect(const struct xbb_req *req,
    const struct xbb_limits *lim);
int xbb_ring2req(enum xbb_abi abi, const void *raw, struct xbb_req *req);
int xbb_indirect2segs(const void *const *pages, unsigned int nsegs,
    struct xbb_seg *segs);
enum xbb_err xbb_req_vet(const struct xbb_req *req,
    const struct xbb_limits *lim);
int xbb_err2status(enum xbb_err err);
u64 xbb_req_sectors(const struct xbb_req *req);
void xbb_req2gnttab(const grant_ref_t *grefs, unsigned int n, const u64 *addrs,
    domid_t dom, u32 flags, struct gnttab_map_grant_ref *ops);
void xbb_req_grefs(const struct xbb_req *req, grant_ref_t *grefs);
void xbb_rsp2ring(enum xbb_abi abi, void *slot, u64 id, u8 operation,
    s16 status);
void xbb_rsp_put(enum xbb_abi abi, union xbb_back_rings *rings, u64 id,
    u8 operation, s16 status);
const char *xbb_op_name(enum xbb_op op);
const char *xbb_err_name(enum xbb_err err);

/*
 * The softc and the files that talk to Xen.  Not compiled under UML KUnit,
 * which has no Xen.
 */
#if IS_ENABLED(CONFIG_XEN)
#include <linux/blkdev.h>
#include <linux/percpu.h>
#include <xen/grant_table.h>

#include "../common/xenbus/xbs_xen.h"

/* What the device is backed by. */
enum xbb_store_kind {
	XBB_STORE_NONE,
	XBB_STORE_BDEV, /* a block device: bios */
	XBB_STORE_FILE, /* a regular file: read/write on the file */
};

struct xbb_softc;
struct xbb_queue;

/* How often a list whose pages a store holds is looked at again. */
#define XBB_UNMAP_RETRY max(1, HZ / 200)

/*
 * A teardown answers requests that reach the ring after its first look
 * until no response has gone out for XBB_LATE_QUIET, for at most
 * XBB_LATE_MAX (Documentation/xbb.rst, "Teardown order").
 */
#define XBB_LATE_QUIET (HZ / 2)
#define XBB_LATE_MAX (2 * HZ)

/*
 * After that watch, a teardown keeps the rings mapped, answers what
 * reaches them every XBB_LINGER_POLL and sends an event every
 * XBB_LINGER_POKE, off the xenwatch thread, until the frontend closes
 * its channels or for at most XBB_LINGER_MAX (xbb_ring.c, "Lingering").
 */
#define XBB_LINGER_POLL max(1, HZ / 50)
#define XBB_LINGER_POKE (HZ / 2)
#define XBB_LINGER_MAX (10 * HZ)

/* The most rounds a queue's worker makes before it queues itself again. */
#define XBB_WORK_ROUNDS 16

/* The most queues (rings) a frontend may use. */
#define XBB_MAX_QUEUES 16
/*
 * A handed-over ring the previous driver still holds: connect again every
 * XBB_RETRY_MS, XBB_RETRIES times (10 s) before the failure stands.
 */
#define XBB_RETRY_MS 200
#define XBB_RETRIES 50

/**
 * struct xbb_list - a request list: members issued as one I/O.
 * @xli_q: the queue (ring) it came from.
 * @xli_shape: its sectors, segments and members, as gathered.
 * @xli_members: the member slots (xx_member), in ring order.
 * @xli_kva: its claim on the pool: a run of xli_shape.xls_nsegs pages.
 * @xli_has_run: it holds pool pages (from xli_kva.xkw_first).
 * @xli_at_store: it was issued to the store and counts in xq_at_store.
 * @xli_pending: I/O units outstanding, plus one while starting.
 * @xli_status: how its I/O ended, BLKIF_RSP_*.
 * @xli_done: on the queue's list of answered lists.
 * @xli_blocking: on the queue's list of lists whose I/O sleeps.
 * @xli_wait: on the queue's list of lists whose pages a store still
 *	holds after their I/O (xbb_ring_complete()).
 *
 * Every slot holds a list (xx_list), used while the slot's request heads
 * one; a list is never larger than the slots it stands for.
 */
struct xbb_list {
	struct xbb_queue *xli_q;
	struct xbb_list_shape xli_shape;
	struct list_head xli_members;
	struct xbb_kva_waiter xli_kva;
	bool xli_has_run;
	bool xli_at_store;
	atomic_t xli_pending;
	int xli_status;
	struct llist_node xli_done;
	struct list_head xli_blocking;
	struct list_head xli_wait;
};

/**
 * struct xbb_xfer - a request slot: one request in flight.
 * @xx_q: the queue (ring) it belongs to.
 * @xx_req: the request, converted and vetted.
 * @xx_list: the list this slot heads, when it does.
 * @xx_member: on the list it belongs to.
 * @xx_seg: its first segment's page in that list's run.
 * @xx_status: its own status: BLKIF_RSP_OKAY unless it failed on its own
 *	(vetting, grant mapping).
 * @xx_err: why it failed, for the counters.
 * @xx_start: when the request was fetched (ktime ns), for xbb_complete's
 *	latency; 0 when that event was off at the fetch.
 * @xx_link: on the free list.
 */
struct xbb_xfer {
	struct xbb_queue *xx_q;
	struct xbb_req xx_req;
	struct xbb_list xx_list;
	struct list_head xx_member;
	unsigned int xx_seg;
	int xx_status;
	enum xbb_err xx_err;
	u64 xx_start;
	struct list_head xx_link;
};

/* The counters that log_stats prints, with xen-blkback's names. */
enum xbb_log_ctr {
	XBB_LOG_OO,
	XBB_LOG_RD,
	XBB_LOG_WR,
	XBB_LOG_F,
	XBB_LOG_DS,
	XBB_LOG_RSECT,
	XBB_LOG_WSECT,
	XBB_LOG_COUNT,
};

/* How often log_stats prints, at most, for one device. */
#define XBB_LOG_INTERVAL (10 * HZ)

/*
 * The counters that every request or list moves, kept per CPU in struct
 * xbb_ctrs: an increment is one instruction without a lock prefix
 * (this_cpu_add()), where an atomic64_t was a locked one, about ten per
 * request.  sysfs sums them over the CPUs (xbb_ctr_read()).
 */
enum xbb_ctr {
	XBB_C_REQS,		/* requests answered, by operation */
	XBB_C_ERRS = XBB_C_REQS + XBB_OP_COUNT, /* failed, by cause */
	XBB_C_SEGS = XBB_C_ERRS + XBB_E_COUNT, /* segments transferred */
	XBB_C_SECTORS,		/* sectors transferred (reads, writes,
				 * discards) */
	XBB_C_SECTORS_READ,	/* of those, read (xen-blkback's rd_sect) */
	XBB_C_SECTORS_WRITTEN,	/* written, with a barrier's or flush's
				 * data (xen-blkback's wr_sect) */
	XBB_C_INDIRECT,		/* requests that came as BLKIF_OP_INDIRECT */
	XBB_C_EVENTS,		/* event channel interrupts from the frontend */
	XBB_C_RUNS,		/* worker rounds (xbb_work_round()) */
	XBB_C_LISTS,		/* request lists issued with data (reads,
				 * writes, flushes and barriers that carry
				 * segments) */
	XBB_C_LIST_REQS,	/* requests in those lists */
	XBB_C_COUNT,
};

/**
 * struct xbb_ctrs - one CPU's share of a device's counters.
 * @xc_v: by enum xbb_ctr.
 */
struct xbb_ctrs {
	u64 xc_v[XBB_C_COUNT];
};

/**
 * struct xbb_stats - per-device counters, read through sysfs.
 * @xst_ctrs: the counters of enum xbb_ctr, per CPU; allocated with the
 *	softc, freed with it.
 * @xst_inflight: requests being served now (exact: the drain reads it).
 * @xst_protocol: fatal protocol errors (bad producer index).
 * @xst_list_max: the most requests one list held.
 * @xst_unmap_deferred: lists answered late because a store still held
 *	their pages after the I/O, and persistent grants whose unmap (a
 *	purge, teardown) waited for the same reason.
 * @xst_refused_closing: requests the frontend left on a ring that was
 *	torn down, answered as errors without being served.
 */
struct xbb_stats {
	struct xbb_ctrs __percpu *xst_ctrs;
	atomic_t xst_inflight;
	atomic64_t xst_protocol;
	unsigned int xst_list_max;
	atomic64_t xst_unmap_deferred;
	atomic64_t xst_refused_closing;
};

/* Add N to counter C (enum xbb_ctr) of ST, from any context. */
static inline void
xbb_ctr_add(struct xbb_stats *st, unsigned int c, u64 n)
{
	this_cpu_add(st->xst_ctrs->xc_v[c], n);
}

/**
 * struct xbb_queue - one ring of a device and everything that serves it.
 * @xq_sc: the device.
 * @xq_id: its index: queue-<id> in the frontend's directory.
 * @xq_ring: the shared ring and its event channel.
 * @xq_rings: the back ring, seen through each ABI.
 * @xq_irqname: name of the ring's IRQ in /proc/interrupts.
 * @xq_irq: the ring's IRQ, as the handler saw it (it may run before
 *	xbr_bind() returns).
 * @xq_xfers: the request slots, one per ring entry.
 * @xq_free: slots not in use.
 * @xq_nfree: how many.
 * @xq_done: lists already answered, whose slots, pool pages and
 *	persistent grants the worker takes back.
 * @xq_pages: grant-mappable pages for indirect descriptor pages and
 *	persistent mappings.
 * @xq_pool: the KVA range manager's pages, where request lists map
 *	the frontend's grants.
 * @xq_pool_handles: grant handle of each pool page (~0: not mapped).
 * @xq_pool_pgnt: for each pool page in a list's run, the persistent
 *	mapping that holds the segment's data instead, or NULL.
 * @xq_pool_data: for each pool page in a list's run, the page that holds
 *	the segment's data: the pool page, or a persistent mapping's.
 * @xq_pool_va: a file store's contiguous virtual range over the pool.
 * @xq_pool_ptes: in a PV Dom0, the machine address of each page table
 *	entry of @xq_pool_va: the grants are mapped there, not onto pages.
 * @xq_kva: the allocator of runs of pool pages.
 * @xq_caps: how far a list may grow (segments fixed at connect).
 * @xq_kva_wait: a list waits for pool pages: fetch nothing meanwhile.
 * @xq_scratch: the worker's batch of grant operations (map and unmap)
 *	and their grant references, addresses and pages, for the largest
 *	list; the persistent plan of that list.
 * @xq_scratch_len: entries in each.
 * @xq_pgnt: the ring's persistent grants.
 * @xq_purge: entries taken out of @xq_pgnt, to be unmapped by
 *	@xq_purge_work.
 * @xq_purge_held: entries taken out (purged, or not added to the
 *	table) whose page a store still holds: unmapped when it lets go.
 * @xq_purge_lock: protects @xq_purge and @xq_purge_held.
 * @xq_purge_work: unmaps purged entries in the background, and retries
 *	@xq_purge_held every %XBB_UNMAP_RETRY.
 * @xq_purge_wanted: the table was full: purge at the end of the run.
 * @xq_expire_timer: runs the worker when the oldest unused persistent
 *	grant expires (an idle guest does no I/O to run it); armed by the
 *	worker only, deleted by the teardown before the worker is cancelled.
 * @xq_squeeze_seen: the device's xbb_squeeze_gen this worker last acted on.
 * @xq_blocking: lists whose I/O sleeps (file reads and writes, syncs,
 *	discards), in arrival order, for @xq_blocking_work.
 * @xq_blocking_lock: protects @xq_blocking.
 * @xq_blocking_work: issues the lists on @xq_blocking one after the other.
 * @xq_unmap_wait: lists whose I/O completed while a store still holds
 *	pages of their run: answered when it lets go.
 * @xq_unmap_lock: protects @xq_unmap_wait (taken in any context).
 * @xq_unmap_work: retries @xq_unmap_wait every %XBB_UNMAP_RETRY.
 * @xq_unmap_tries: its retries since the list emptied last, for a warning.
 * @xq_rsp_lock: serializes the response producer (rsp_prod_pvt and
 *	the push): lists are answered where their I/O completes, in any
 *	context, and the worker reads rsp_prod_pvt to vet req_prod.
 * @xq_last_rsp: jiffies at the last push of responses (under
 *	@xq_rsp_lock): a teardown watches the ring until it is
 *	%XBB_LATE_QUIET old.
 * @xq_work: the worker: takes answered lists back, then fetches.
 * @xq_kicks: kicks since the worker's round under way began (xbb_kick()):
 *	0 when no run is queued or under way; a cancelled worker may leave
 *	it above 0, and the connect sets it to 0.
 * @xq_eoi: 1 + the IRQ whose event awaits its late EOI, or 0.
 * @xq_barrier: a barrier is waiting for the I/O before it to drain,
 *	or is itself in flight: no request is fetched meanwhile.
 * @xq_dead: the frontend broke the protocol on this ring: fetch nothing.
 * @xq_stopping: the ring is being torn down: fetch nothing more.
 * @xq_inflight: requests being served now.
 * @xq_at_store: lists issued to the store and not completed yet (the
 *	worker increments it, their completion, in any context, decrements
 *	it): xbb_list_hold() holds a list open only while it is not 0.
 * @xq_reqs: requests answered; written under @xq_rsp_lock.
 * @xq_events: event channel interrupts.
 */
struct xbb_queue {
	struct xbb_softc *xq_sc;
	unsigned int xq_id;
	struct xbr_ring xq_ring;
	union xbb_back_rings xq_rings;
	char xq_irqname[32];
	int xq_irq;

	struct xbb_xfer *xq_xfers;
	struct list_head xq_free;
	unsigned int xq_nfree;
	struct llist_head xq_done;
	struct gnttab_page_cache xq_pages;
	struct page **xq_pool;
	grant_handle_t *xq_pool_handles;
	struct xbb_pgnt **xq_pool_pgnt;
	struct page **xq_pool_data;
	void *xq_pool_va;
	u64 *xq_pool_ptes;
	struct xbb_kva xq_kva;
	struct xbb_list_caps xq_caps;
	bool xq_kva_wait;
	struct {
		struct gnttab_map_grant_ref *map;
		struct gnttab_unmap_grant_ref *unmap;
		grant_ref_t *grefs;
		u64 *addrs;
		struct page **pages;
		grant_handle_t *handles;
		unsigned int *slots;
		enum xbb_pgnt_use *use;
	} xq_scratch;
	unsigned int xq_scratch_len;

	struct xbb_pgnt_table xq_pgnt;
	struct list_head xq_purge;
	struct list_head xq_purge_held;
	spinlock_t xq_purge_lock;
	struct delayed_work xq_purge_work;
	bool xq_purge_wanted;
	struct timer_list xq_expire_timer;
	unsigned int xq_squeeze_seen;

	struct list_head xq_blocking;
	spinlock_t xq_blocking_lock;
	struct work_struct xq_blocking_work;
	struct list_head xq_unmap_wait;
	spinlock_t xq_unmap_lock;
	struct delayed_work xq_unmap_work;
	unsigned int xq_unmap_tries;
	spinlock_t xq_rsp_lock;
	unsigned long xq_last_rsp;
	struct work_struct xq_work;
	atomic_t xq_kicks;
	atomic_t xq_eoi;
	bool xq_barrier;
	bool xq_dead;
	bool xq_stopping;
	atomic_t xq_inflight;
	atomic_t xq_at_store;
	u64 xq_reqs;
	atomic64_t xq_events;
};

/**
 * struct xbb_softc - one block backend device.
 * @xbb_dev: the xenbus device.
 * @xbb_devid: the virtual device number (the last part of the node name).
 * @xbb_xd: XenStore access, state machine and lock (common/xenbus).
 * @xbb_kind: what backs the device.
 * @xbb_bdev: the block device, for XBB_STORE_BDEV.
 * @xbb_bdev_file: what opening @xbb_bdev returned on kernels where
 *	that is a file (6.10 and later; see common/compat/xbx_compat.h).
 * @xbb_file: the file, for XBB_STORE_FILE.
 * @xbb_devt: the block device's number, for XBB_STORE_BDEV (sysfs
 *	physical_device reads it, not @xbb_bdev, which may go meanwhile).
 * @xbb_mode: how the store was opened (FMODE_READ, FMODE_WRITE).
 * @xbb_path: the store's path, for sysfs and messages.
 * @xbb_lim: what requests may ask (size, alignment, features).
 * @xbb_sector_size: logical block size of the store.
 * @xbb_phys_sector_size: physical block size of the store.
 * @xbb_cdrom: the toolstack's device-type is "cdrom".
 * @xbb_abi: the ABI of the frontend's requests.
 * @xbb_ring_size: entries in each ring: the most requests in flight on it.
 * @xbb_max_queues: the queues offered (multi-queue-max-queues).
 * @xbb_offer_persistent: feature-persistent was offered.
 * @xbb_persistent: both ends wrote feature-persistent.
 * @xbb_nqueues: queues connected.
 * @xbb_q: the queues; the first @xbb_nqueues are connected.
 * @xbb_ctl_work: a teardown that waited for the last I/O.
 * @xbb_resize_work: tells the frontend the store's new size.
 * @xbb_destroy_work: after remove(): drain, disconnect, close, free.
 * @xbb_dying_link: on xbb_xenbus.c's list of removed devices until the
 *	destroy work is done.
 * @xbb_handover: remove() was an unbind with both ends Connected: the
 *	rings are left as they are for the next driver (if both ends still
 *	read Connected once the I/O has drained).
 * @xbb_fe_path: a copy of the frontend's path, for that second look.
 * @xbb_late_off: a teardown's watch for late requests ran to
 *	%XBB_LATE_MAX (the frontend kept writing): later teardowns of the
 *	device look once only.
 * @xbb_linger_n: queues kept mapped after their teardown, to answer what
 *	the frontend still puts on them (the first @xbb_linger_n of @xbb_q;
 *	@xbb_nqueues is 0 then); 0 when none.
 * @xbb_linger_start: when the lingering began (jiffies).
 * @xbb_linger_late: requests answered while lingering.
 * @xbb_linger_poked: when the lingering queues last got an event.
 * @xbb_linger_flushed: the teardown's flush answer for empty flushes and
 *	barriers (xbb_ring_refuse_unfetched()), kept for the lingering.
 * @xbb_linger_work: polls the lingering queues (xbb_ring_linger_work()).
 * @xbb_retry_work: connects again while a handed-over ring is still held
 *	by the previous driver (xbb_retry_later()).
 * @xbb_retries: tries since the last connection.
 * @xbb_stats: counters.
 * @xbb_squeeze_end: until when (jiffies) the device gives memory back:
 *	set by the xenbus backend shrinker's reclaim_memory callback, read
 *	by the workers (0: never set).
 * @xbb_squeeze_gen: counts those calls, so that a worker that runs only
 *	after the squeeze's time (or finds every grant in use) still gives
 *	back.
 * @xbb_log_next: when log_stats may print again (jiffies); the worker
 *	that moves it on prints.
 * @xbb_log_last: the counters as log_stats last printed them.
 */
struct xbb_softc {
	struct xenbus_device *xbb_dev;
	unsigned int xbb_devid;
	struct xbs_xen_dev xbb_xd;

	enum xbb_store_kind xbb_kind;
	struct block_device *xbb_bdev;
	struct file *xbb_bdev_file;
	struct file *xbb_file;
	dev_t xbb_devt;
	fmode_t xbb_mode;
	char *xbb_path;
	struct xbb_limits xbb_lim;
	unsigned int xbb_sector_size;
	unsigned int xbb_phys_sector_size;
	bool xbb_cdrom;

	enum xbb_abi xbb_abi;
	unsigned int xbb_ring_size;
	unsigned int xbb_max_queues;
	bool xbb_offer_persistent;
	bool xbb_persistent;
	unsigned int xbb_nqueues;
	struct xbb_queue xbb_q[XBB_MAX_QUEUES];
	struct work_struct xbb_ctl_work;
	struct work_struct xbb_resize_work;
	struct work_struct xbb_destroy_work;
	struct list_head xbb_dying_link;
	bool xbb_handover;
	char *xbb_fe_path;
	bool xbb_late_off;
	unsigned int xbb_linger_n;
	unsigned long xbb_linger_start;
	unsigned int xbb_linger_late;
	unsigned long xbb_linger_poked;
	int xbb_linger_flushed;
	struct delayed_work xbb_linger_work;
	struct delayed_work xbb_retry_work;
	unsigned int xbb_retries;

	struct xbb_stats xbb_stats;
	unsigned long xbb_squeeze_end;
	unsigned int xbb_squeeze_gen;
	unsigned long xbb_log_next;
	u64 xbb_log_last[XBB_LOG_COUNT];
};

/* xbb_main.c */
extern unsigned int xbb_max_ring_page_order;
extern unsigned int xbb_max_indirect_segments;
extern bool xbb_coalesce;
extern unsigned int xbb_coalesce_max_segs;
extern unsigned int xbb_kva_pages;
extern unsigned int xbb_max_queues;
extern unsigned int xbb_max_persistent_grants;
extern bool xbb_feature_persistent;
extern bool xbb_log_stats;
extern unsigned int xbb_max_buffer_pages;
extern unsigned int xbb_pgnt_unused_seconds;
extern unsigned int xbb_squeeze_ms;
extern struct workqueue_struct *xbb_wq;
extern struct workqueue_struct *xbb_ctl_wq;

/* xbb_store.c */
int xbb_store_open(struct xbb_softc *sc);
void xbb_store_close(struct xbb_softc *sc);
int xbb_store_flush(struct xbb_softc *sc);
u64 xbb_store_sectors(const struct xbb_softc *sc);
const char *xbb_store_kind_name(enum xbb_store_kind kind);

/*
 * xbb_pool.c: a queue's pool of pages, its virtual range and the worker's
 * batches, built at connect and freed at disconnect.
 */
int xbb_pool_connect(struct xbb_queue *q);
void xbb_pool_disconnect(struct xbb_queue *q);

/*
 * xbb_map.c: grant mapping and unmapping, transient (onto a list's run)
 * and persistent (the impure half of xbb_pgnt.c).
 */
int xbb_map_indirect(struct xbb_queue *q, struct xbb_xfer *xx);
void xbb_map_list(struct xbb_queue *q, struct xbb_list *l);
void xbb_unmap_run(struct xbb_queue *q, struct xbb_list *l);
bool xbb_map_run_held(const struct xbb_queue *q, const struct xbb_list *l);
void xbb_map_pgnt_release(struct xbb_queue *q, unsigned int first,
    unsigned int n);
void xbb_map_pgnt_purge(struct xbb_queue *q);
void xbb_map_pgnt_purge_work(struct work_struct *work);
void xbb_map_pgnt_expire(struct xbb_queue *q);
void xbb_map_pgnt_teardown(struct xbb_queue *q);

/* xbb_io.c: issuing a request list's I/O to the store, and completing it. */
enum xbb_err xbb_io_prepare(struct xbb_queue *q, struct xbb_xfer *xx);
void xbb_io_list_init(struct xbb_xfer *xx);
void xbb_io_fail(struct xbb_queue *q, struct xbb_xfer *xx, enum xbb_err err);
void xbb_io_submit(struct xbb_queue *q, struct xbb_list *l);
void xbb_io_release(struct xbb_queue *q, struct xbb_list *l);
void xbb_io_blocking_work(struct work_struct *work);

/* xbb_ring.c */
int xbb_ring_connect(struct xbb_softc *sc, const struct xbr_layout *lays,
    unsigned int nqueues);
void xbb_ring_stop(struct xbb_softc *sc);
unsigned int xbb_ring_disconnect(struct xbb_softc *sc, bool answer);
void xbb_ring_linger_work(struct work_struct *work);
void xbb_ring_linger_end(struct xbb_softc *sc, bool wait);
void xbb_ring_complete(struct xbb_list *l);
void xbb_ring_unmap_work(struct work_struct *work);
void xbb_work(struct work_struct *work);
void xbb_ctl_work(struct work_struct *work);
void xbb_expire_timer(struct timer_list *tl);

/* xbb_sysfs.c */
extern const struct attribute_group *xbb_sysfs_groups[];
void xbb_sysfs_log_stats(struct xbb_softc *sc);
u64 xbb_ctr_read(const struct xbb_stats *st, unsigned int c);

/* xbb_xenbus.c */
int xbb_xenbus_register(void);
void xbb_xenbus_unregister(void);

#endif /* CONFIG_XEN */
#endif /* _XBB_H_ */

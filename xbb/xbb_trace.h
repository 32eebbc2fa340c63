/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xbb_trace.h: xbb's tracepoints, for perf trace, trace-cmd or
 * /sys/kernel/tracing/events/xbb/:
 *
 *   xbb_fetch     a request was copied off the ring and converted;
 *   xbb_dispatch  its I/O was started (after vetting and mapping);
 *   xbb_complete  its response was written;
 *   xbb_reject    it failed vetting or mapping, and why.
 *
 * Each names the domain and device so that one guest can be followed.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM xbb

#if !defined(_XBB_TRACE_H_) || defined(TRACE_HEADER_MULTI_READ)
#define _XBB_TRACE_H_

#include <linux/tracepoint.h>

#include "../common/compat/xbx_compat.h"

DECLARE_EVENT_CLASS(xbb_req_class,
    TP_PROTO(int domid, unsigned int devid, u64 id, unsigned int op,
	unsigned int nsegs, u64 sector),
    TP_ARGS(domid, devid, id, op, nsegs, sector),
    TP_STRUCT__entry(__field(int, domid) __field(unsigned int, devid)
	    __field(u64, id) __field(unsigned int, op)
		__field(unsigned int, nsegs) __field(u64, sector)),
    TP_fast_assign(__entry->domid = domid; __entry->devid = devid;
		   __entry->id = id; __entry->op = op; __entry->nsegs = nsegs;
		   __entry->sector = sector;),
    TP_printk("dom %d dev %u id %llu op %u nsegs %u sector %llu",
	__entry->domid, __entry->devid, __entry->id, __entry->op,
	__entry->nsegs, __entry->sector));

DEFINE_EVENT(xbb_req_class, xbb_fetch,
    TP_PROTO(int domid, unsigned int devid, u64 id, unsigned int op,
	unsigned int nsegs, u64 sector),
    TP_ARGS(domid, devid, id, op, nsegs, sector));

DEFINE_EVENT(xbb_req_class, xbb_dispatch,
    TP_PROTO(int domid, unsigned int devid, u64 id, unsigned int op,
	unsigned int nsegs, u64 sector),
    TP_ARGS(domid, devid, id, op, nsegs, sector));

TRACE_EVENT(xbb_complete,
    TP_PROTO(int domid, unsigned int devid, u64 id, int status, u64 ns),
    TP_ARGS(domid, devid, id, status, ns),
    TP_STRUCT__entry(__field(int, domid) __field(unsigned int, devid)
	    __field(u64, id) __field(int, status) __field(u64, ns)),
    TP_fast_assign(__entry->domid = domid; __entry->devid = devid;
		   __entry->id = id; __entry->status = status;
		   __entry->ns = ns;),
    TP_printk("dom %d dev %u id %llu status %d latency %llu ns", __entry->domid,
	__entry->devid, __entry->id, __entry->status, __entry->ns));

TRACE_EVENT(xbb_reject,
    TP_PROTO(int domid, unsigned int devid, u64 id, const char *why),
    TP_ARGS(domid, devid, id, why),
    TP_STRUCT__entry(__field(int, domid) __field(unsigned int, devid)
	    __field(u64, id) __string(why, why)),
    TP_fast_assign(__entry->domid = domid; __entry->devid = devid;
		   __entry->id = id; XBX_ASSIGN_STR(why, why);),
    TP_printk("dom %d dev %u id %llu: %s", __entry->domid, __entry->devid,
	__entry->id, __get_str(why)));

#endif /* _XBB_TRACE_H_ */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE xbb_trace
#include <trace/define_trace.h>

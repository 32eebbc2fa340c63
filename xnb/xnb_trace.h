/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xnb_trace.h: xnb's tracepoints, for perf trace, trace-cmd or
 * /sys/kernel/tracing/events/xnb/:
 *
 *   xnb_tx_packet  a packet from the guest was delivered to Dom0;
 *   xnb_rx_packet  a packet from Dom0 was copied to the guest;
 *   xnb_error      a packet was dropped or the frontend broke netif.h,
 *                  and why.
 *
 * Each names the domain, the vif's handle and the queue, so that one
 * guest's traffic can be followed.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM xnb

#if !defined(_XNB_TRACE_H_) || defined(TRACE_HEADER_MULTI_READ)
#define _XNB_TRACE_H_

#include <linux/tracepoint.h>

#include "../common/compat/xbx_compat.h"

DECLARE_EVENT_CLASS(xnb_pkt_class,
    TP_PROTO(int domid, unsigned int handle, unsigned int queue,
	unsigned int size, unsigned int slots, unsigned int flags,
	unsigned int gso_size),
    TP_ARGS(domid, handle, queue, size, slots, flags, gso_size),
    TP_STRUCT__entry(__field(int, domid) __field(unsigned int, handle)
	    __field(unsigned int, queue) __field(unsigned int, size)
		__field(unsigned int, slots) __field(unsigned int, flags)
		    __field(unsigned int, gso_size)),
    TP_fast_assign(__entry->domid = domid; __entry->handle = handle;
		   __entry->queue = queue; __entry->size = size;
		   __entry->slots = slots; __entry->flags = flags;
		   __entry->gso_size = gso_size;),
    TP_printk("dom %d vif %u queue %u size %u slots %u flags %#x gso %u",
	__entry->domid, __entry->handle, __entry->queue, __entry->size,
	__entry->slots, __entry->flags, __entry->gso_size));

DEFINE_EVENT(xnb_pkt_class, xnb_tx_packet,
    TP_PROTO(int domid, unsigned int handle, unsigned int queue,
	unsigned int size, unsigned int slots, unsigned int flags,
	unsigned int gso_size),
    TP_ARGS(domid, handle, queue, size, slots, flags, gso_size));

DEFINE_EVENT(xnb_pkt_class, xnb_rx_packet,
    TP_PROTO(int domid, unsigned int handle, unsigned int queue,
	unsigned int size, unsigned int slots, unsigned int flags,
	unsigned int gso_size),
    TP_ARGS(domid, handle, queue, size, slots, flags, gso_size));

TRACE_EVENT(xnb_error,
    TP_PROTO(int domid, unsigned int handle, unsigned int queue,
	const char *why),
    TP_ARGS(domid, handle, queue, why),
    TP_STRUCT__entry(__field(int, domid) __field(unsigned int, handle)
	    __field(unsigned int, queue) __string(why, why)),
    TP_fast_assign(__entry->domid = domid; __entry->handle = handle;
		   __entry->queue = queue; XBX_ASSIGN_STR(why, why);),
    TP_printk("dom %d vif %u queue %u: %s", __entry->domid, __entry->handle,
	__entry->queue, __get_str(why)));

#endif /* _XNB_TRACE_H_ */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE xnb_trace
#include <trace/define_trace.h>

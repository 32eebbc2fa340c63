/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xbb_abi.h: the two layouts of a blkif ring, one per ABI.
 *
 * blkif.h defines one request structure, but its layout depends on the
 * frontend's ABI: a 32-bit x86 guest aligns the 64-bit "id" on 4 bytes,
 * a 64-bit guest on 8 (the "_pad" fields of blkif.h's CONFIG_X86_32
 * branches).  The frontend names its ABI in the "protocol" node
 * ("x86_32-abi", "x86_64-abi"; absent means the backend's native ABI).
 * The layouts are spelt out here, packed, so that the backend reads each
 * exactly as the frontend wrote it, whatever the backend's own ABI;
 * xbb_req_test.c checks their sizes and offsets.
 */
#ifndef _XBB_ABI_H_
#define _XBB_ABI_H_

#include <linux/types.h>
#include <xen/interface/grant_table.h>
#include <xen/interface/io/blkif.h>
#include <xen/interface/io/ring.h>

/* The blkif ABIs a frontend can ask for in its "protocol" node. */
enum xbb_abi {
	XBB_ABI_X86_32,
	XBB_ABI_X86_64,
};

#define XBB_ABI_NATIVE \
	(IS_ENABLED(CONFIG_X86_32) ? XBB_ABI_X86_32 : XBB_ABI_X86_64)

/* A segment descriptor, the same in both ABIs (blkif_request_segment). */
struct xbb_wire_seg {
	grant_ref_t gref;
	u8 first_sect;
	u8 last_sect;
	u16 _pad;
} __packed;

/*--------------------------------- x86_32 ----------------------------------*/
struct xbb_x86_32_rw {
	u8 nr_segments;
	u16 handle;
	u64 id;
	u64 sector_number;
	struct xbb_wire_seg seg[BLKIF_MAX_SEGMENTS_PER_REQUEST];
} __packed;

struct xbb_x86_32_discard {
	u8 flag;
	u16 _pad1;
	u64 id;
	u64 sector_number;
	u64 nr_sectors;
} __packed;

struct xbb_x86_32_indirect {
	u8 indirect_op;
	u16 nr_segments;
	u64 id;
	u64 sector_number;
	u16 handle;
	u16 _pad2;
	grant_ref_t indirect_grefs[BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST];
	u64 _pad3;
} __packed;

struct xbb_x86_32_request {
	u8 operation;
	union {
		struct xbb_x86_32_rw rw;
		struct xbb_x86_32_discard discard;
		struct xbb_x86_32_indirect indirect;
	} u;
} __packed;

struct xbb_x86_32_response {
	u64 id;
	u8 operation;
	u8 _pad;
	s16 status;
} __packed __aligned(4);

/*--------------------------------- x86_64 ----------------------------------*/
struct xbb_x86_64_rw {
	u8 nr_segments;
	u16 handle;
	u32 _pad1;
	u64 id;
	u64 sector_number;
	struct xbb_wire_seg seg[BLKIF_MAX_SEGMENTS_PER_REQUEST];
} __packed;

struct xbb_x86_64_discard {
	u8 flag;
	u16 _pad1;
	u32 _pad2;
	u64 id;
	u64 sector_number;
	u64 nr_sectors;
} __packed;

struct xbb_x86_64_indirect {
	u8 indirect_op;
	u16 nr_segments;
	u32 _pad1;
	u64 id;
	u64 sector_number;
	u16 handle;
	u16 _pad2;
	grant_ref_t indirect_grefs[BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST];
	u32 _pad3;
} __packed;

struct xbb_x86_64_request {
	u8 operation;
	union {
		struct xbb_x86_64_rw rw;
		struct xbb_x86_64_discard discard;
		struct xbb_x86_64_indirect indirect;
	} u;
} __packed;

struct xbb_x86_64_response {
	u64 id;
	u8 operation;
	u8 _pad;
	s16 status;
	u32 _pad2;
} __packed __aligned(8);

DEFINE_RING_TYPES(xbb_x86_32, struct xbb_x86_32_request,
    struct xbb_x86_32_response);
DEFINE_RING_TYPES(xbb_x86_64, struct xbb_x86_64_request,
    struct xbb_x86_64_response);

/* The ABI-independent view: only the indexes, never the entries. */
struct xbb_common_request {
	char dummy;
};
struct xbb_common_response {
	char dummy;
};
DEFINE_RING_TYPES(xbb_common, struct xbb_common_request,
    struct xbb_common_response);

/**
 * union xbb_back_rings - one back ring, seen through each ABI.
 * @common: for index macros only (RING_PUSH_RESPONSES_AND_CHECK_NOTIFY...).
 * @x86_32: entries in the x86_32 layout.
 * @x86_64: entries in the x86_64 layout.
 */
union xbb_back_rings {
	struct xbb_common_back_ring common;
	struct xbb_x86_32_back_ring x86_32;
	struct xbb_x86_64_back_ring x86_64;
};

/* The largest request of any ABI: the size of a private copy. */
#define XBB_RAW_REQ_SIZE sizeof(struct xbb_x86_64_request)

#endif /* _XBB_ABI_H_ */

// SPDX-License-Identifier: GPL-2.0-only
/*
 * xbx_lib.c: the common libraries (common/xenbus, common/ring) as one
 * compilation unit, for a module to include (xbb/xbb_lib.c,
 * xnb/xnb_lib.c); not compiled by itself.
 *
 * xbb.ko and xnb.ko each carry their own copy of the common code.  Kbuild
 * compiles an object once for one module: an object listed in two
 * modules gets one KBUILD_MODNAME for both, which Linux 6.2 and later
 * warn about ("is added to multiple modules").  So each module compiles
 * the common sources through a file of its own that includes this one.
 * Each source defines its own pr_fmt ("xbs: ", "xbr: ").  The KUnit graft
 * (Kbuild) builds the pure ones directly instead.
 */
#undef pr_fmt
#include "xenbus/xbs_store.c"
#undef pr_fmt
#include "xenbus/xbs_sm.c"
#undef pr_fmt
#include "xenbus/xbs_xen.c"
#undef pr_fmt
#include "ring/xbr_ring.c"
#undef pr_fmt
#include "ring/xbr_conn.c"
#undef pr_fmt
#include "ring/xbr_xen.c"

// SPDX-License-Identifier: GPL-2.0-only
/*
 * xnb_lib.c: the common libraries (common/xenbus, common/ring), compiled
 * into xnb.
 *
 * xnb.ko and the other module each carry their own copy of the common
 * code.  Kbuild compiles an object once for one module: an object listed
 * in two modules gets one KBUILD_MODNAME for both, which Linux 6.2 and
 * later warn about ("is added to multiple modules").  So each module
 * compiles the common sources through a file of its own, this one.
 * Each source defines its own pr_fmt ("xbs: ", "xbr: ").
 */
#undef pr_fmt
#include "../common/xenbus/xbs_store.c"
#undef pr_fmt
#include "../common/xenbus/xbs_sm.c"
#undef pr_fmt
#include "../common/xenbus/xbs_xen.c"
#undef pr_fmt
#include "../common/ring/xbr_ring.c"
#undef pr_fmt
#include "../common/ring/xbr_conn.c"
#undef pr_fmt
#include "../common/ring/xbr_xen.c"

// SPDX-License-Identifier: GPL-2.0-only
/*
 * xnb_lib.c: xnb's own copy of the common libraries (see
 * common/xbx_lib.c for why each module compiles them itself).
 */
#include "../common/xbx_lib.c"

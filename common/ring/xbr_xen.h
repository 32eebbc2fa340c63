/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xbr_xen.h: the hypervisor-backed struct xbr_hv_ops; its context is the
 * struct xenbus_device of the ring's device.  Not compiled under UML.
 */
#ifndef _XBR_XEN_H_
#define _XBR_XEN_H_

#include "xbr.h"

extern const struct xbr_hv_ops xbr_xen_ops;

#endif /* _XBR_XEN_H_ */

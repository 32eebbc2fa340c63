/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xbb.h: the Xen block backend's softc and its internal interfaces.
 *
 * One struct xbb_softc exists per "vbd" backend device, from probe to
 * remove.  It holds the device's XenStore handle, its state machine (the
 * rules live in common/xenbus/xbs_sm.c), and the connection: the ring
 * negotiated with the frontend and its event channel.
 *
 * Prototypes are grouped by the file that defines them.
 */
#ifndef _XBB_H_
#define _XBB_H_

#include <linux/mutex.h>
#include <xen/xenbus.h>

#include "../common/ring/xbr.h"
#include "../common/xenbus/xbs.h"
#include "../common/xenbus/xbs_xen.h"

/* The blkif ABIs a frontend can ask for in its "protocol" node. */
enum xbb_abi {
	XBB_ABI_X86_32,
	XBB_ABI_X86_64,
};

/**
 * struct xbb_softc - one block backend device.
 * @xbb_dev: the xenbus device.
 * @xbb_xd: XenStore access, state machine and lock (common/xenbus).
 * @xbb_abi: the ABI of the frontend's requests.
 * @xbb_ring: the shared ring and its event channel.
 * @xbb_irqname: name of the ring's IRQ in /proc/interrupts.
 */
struct xbb_softc {
	struct xenbus_device *xbb_dev;
	struct xbs_xen_dev xbb_xd;
	enum xbb_abi xbb_abi;
	struct xbr_ring xbb_ring;
	char xbb_irqname[32];
};

/* xbb_main.c */
extern unsigned int xbb_max_ring_page_order;

/* xbb_xenbus.c */
int xbb_xenbus_register(void);
void xbb_xenbus_unregister(void);

#endif /* _XBB_H_ */

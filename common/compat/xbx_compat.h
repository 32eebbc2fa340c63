/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xbx_compat.h: the kernel interfaces that moved between the Dom0 kernels
 * xbb and xnb support.
 *
 * Debian 12 ships two Dom0 kernel series, 6.1 and 6.12 (the one Debian
 * 13 uses); both modules build and run on each.  Two interfaces changed
 * between them and are wrapped here, each with the release that changed
 * it:
 *
 *  - opening a block device (6.5 took the fmode_t away, 6.7 and 6.9 made
 *    the open return a handle, then a file; 6.10 added bdev_fput());
 *  - __assign_str() in trace events (6.10 dropped its source argument).
 *
 * Only the two series we test are built: DKMS's BUILD_EXCLUSIVE_KERNEL
 * (dkms.conf) says so to a package, and the kernels between 6.5 and 6.9,
 * where the open took yet other forms, stop here with an #error rather
 * than with code nobody ran.
 */
#ifndef _XBX_COMPAT_H_
#define _XBX_COMPAT_H_

#include <linux/blkdev.h>
#include <linux/fs.h>
#include <linux/version.h>

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 5, 0) && \
    LINUX_VERSION_CODE < KERNEL_VERSION(6, 10, 0)
#error "xbb/xnb build for Linux 6.1 to 6.4 and 6.10 or later (tested: 6.1, 6.12)"
#endif

/* ====================== Block device open and close ====================== */
/**
 * xbx_bdev_open() - open a block device, shared (not exclusively).
 * @devt: the device's number.
 * @write: open for writing as well as reading.
 * @filep: set to what the kernel's open returned where that is a file
 *	(6.10 and later), which xbx_bdev_close() takes back; NULL before.
 *
 * Return: the block device, or an ERR_PTR().
 */
static inline struct block_device *
xbx_bdev_open(dev_t devt, bool write, struct file **filep)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 10, 0)
	struct file *f;

	f = bdev_file_open_by_dev(devt,
	    write ? BLK_OPEN_READ | BLK_OPEN_WRITE : BLK_OPEN_READ, NULL, NULL);
	if (IS_ERR(f))
		return ERR_CAST(f);
	*filep = f;
	return file_bdev(f);
#else
	*filep = NULL;
	return blkdev_get_by_dev(devt, write ? FMODE_READ | FMODE_WRITE :
	    FMODE_READ, NULL);
#endif
}

/**
 * xbx_bdev_close() - close what xbx_bdev_open() opened.
 * @bdev: the block device it returned.
 * @file: what it set *filep to.
 * @write: as given to xbx_bdev_open().
 */
static inline void
xbx_bdev_close(struct block_device *bdev, struct file *file, bool write)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 10, 0)
	bdev_fput(file);
#else
	blkdev_put(bdev, write ? FMODE_READ | FMODE_WRITE : FMODE_READ);
#endif
}

/* =============================== Tracepoints ============================== */
/*
 * XBX_ASSIGN_STR(field, src) in TP_fast_assign(): the field named by a
 * __string(field, src) entry.  From 6.10 on the source is taken from that
 * entry.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 10, 0)
#define XBX_ASSIGN_STR(field, src)	__assign_str(field)
#else
#define XBX_ASSIGN_STR(field, src)	__assign_str(field, src)
#endif

#endif /* _XBX_COMPAT_H_ */

// SPDX-License-Identifier: GPL-2.0-only
/*
 * xbb_store.c: the backing store of a vbd.
 *
 * Two kinds, as FreeBSD's blkback has (device and vnode):
 *
 *  - a block device, named by the "physical-device" node ("major:minor"
 *    in hex) that Xen's block hotplug script writes, or by a
 *    "physical-device-path" that is a block device; I/O goes as bios;
 *
 *  - a regular file, named by "physical-device-path" (written by our
 *    xbb-file hotplug script from the disk's target), opened directly
 *    without a loop device; I/O goes through the file's read_iter and
 *    write_iter over the granted pages.
 *
 * The store is opened when the hotplug script has run and stays open for
 * the life of the device, across reconnects ("online" devices keep their
 * backing store; FreeBSD 2011-06-13).  "mode" decides read-only; a
 * read-only store refuses writes and advertises neither flush nor discard.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/blkdev.h>
#include <linux/fs.h>
#include <linux/slab.h>
#include <xen/interface/io/blkif.h>

#include "../common/compat/xbx_compat.h"
#include "xbb.h"

/**
 * xbb_store_kind_name() - name of a store kind, for sysfs.
 * @kind: the kind.
 *
 * Return: "device", "file" or "none".
 */
const char *
xbb_store_kind_name(enum xbb_store_kind kind)
{
	switch (kind) {
	case XBB_STORE_BDEV:
		return "device";
	case XBB_STORE_FILE:
		return "file";
	default:
		return "none";
	}
}

/* Parse "major:minor" in hex, as the block script writes it. */
static int
xbb_parse_devnum(const char *s, dev_t *devt)
{
	unsigned int major, minor;
	char tail;

	if (sscanf(s, "%x:%x%c", &major, &minor, &tail) != 2 ||
	    major > MAJOR(~0U) || minor > MINOR(~0U))
		return -EINVAL;
	*devt = MKDEV(major, minor);
	return 0;
}

static void
xbb_store_bdev_limits(struct xbb_softc *sc)
{
	struct block_device *bdev = sc->xbb_bdev;
	struct xbb_limits *lim = &sc->xbb_lim;

	lim->xl_sectors = bdev_nr_sectors(bdev);
	sc->xbb_sector_size = bdev_logical_block_size(bdev);
	sc->xbb_phys_sector_size = bdev_physical_block_size(bdev);
	if ((sc->xbb_mode & FMODE_WRITE) == 0)
		return;
	lim->xl_features |= XBB_F_FLUSH | XBB_F_BARRIER;
	if (bdev_max_discard_sectors(bdev) != 0)
		lim->xl_features |= XBB_F_DISCARD;
	if (bdev_max_secure_erase_sectors(bdev) != 0)
		lim->xl_features |= XBB_F_SECURE;
}

static int
xbb_store_open_bdev(struct xbb_softc *sc, dev_t devt)
{
	struct block_device *bdev;

	bdev = xbx_bdev_open(devt, (sc->xbb_mode & FMODE_WRITE) != 0,
	    &sc->xbb_bdev_file);
	if (IS_ERR(bdev))
		return PTR_ERR(bdev);
	sc->xbb_bdev = bdev;
	sc->xbb_devt = devt;
	sc->xbb_kind = XBB_STORE_BDEV;
	xbb_store_bdev_limits(sc);
	return 0;
}

static int
xbb_store_open_path(struct xbb_softc *sc, const char *path)
{
	struct file *f;
	struct inode *ino;
	int flags;

	flags =
	    O_LARGEFILE | ((sc->xbb_mode & FMODE_WRITE) ? O_RDWR : O_RDONLY);
	f = filp_open(path, flags, 0);
	if (IS_ERR(f))
		return PTR_ERR(f);
	ino = file_inode(f);
	if (S_ISBLK(ino->i_mode)) {
		dev_t devt = ino->i_rdev;

		filp_close(f, NULL);
		return xbb_store_open_bdev(sc, devt);
	}
	if (!S_ISREG(ino->i_mode) || f->f_op->read_iter == NULL ||
	    f->f_op->write_iter == NULL) {
		filp_close(f, NULL);
		return -EINVAL;
	}
	sc->xbb_file = f;
	sc->xbb_kind = XBB_STORE_FILE;
	sc->xbb_lim.xl_sectors = i_size_read(ino) >> XBB_SECTOR_SHIFT;
	sc->xbb_sector_size = 512;
	sc->xbb_phys_sector_size = 512;
	if ((sc->xbb_mode & FMODE_WRITE) != 0) {
		sc->xbb_lim.xl_features |= XBB_F_FLUSH | XBB_F_BARRIER;
		if (f->f_op->fallocate != NULL)
			sc->xbb_lim.xl_features |= XBB_F_DISCARD;
	}
	return 0;
}

/**
 * xbb_store_open() - open the backing store named by the hotplug script.
 * @sc: the device.
 *
 * Return: 0; -EAGAIN if the hotplug script has not named the store yet;
 * another negative errno (reported on the device) if it cannot be opened.
 */
int
xbb_store_open(struct xbb_softc *sc)
{
	struct xbs_store *xs = &sc->xbb_xd.xd_store;
	const char *dir = sc->xbb_dev->nodename;
	char *pdev = NULL, *path = NULL;
	char mode[9], type[17];
	bool discard = true;
	dev_t devt;
	int error;

	if (sc->xbb_kind != XBB_STORE_NONE)
		return 0;
	if (xbs_exists(xs, XBS_TXN_NONE, dir, "physical-device")) {
		error = xbs_read_str(xs, XBS_TXN_NONE, dir, "physical-device",
		    32, &pdev);
		if (error == 0 && xbb_parse_devnum(pdev, &devt) != 0) {
			xbs_report(xs, -EINVAL,
			    "%s/physical-device: \"%s\" is not major:minor",
			    dir, pdev);
			error = -EINVAL;
		}
		if (error != 0)
			goto out;
	} else if (xbs_read_hotplug(xs, dir) == XBS_HOTPLUG_CONNECTED &&
	    xbs_exists(xs, XBS_TXN_NONE, dir, "physical-device-path")) {
		error = xbs_read_str(xs, XBS_TXN_NONE, dir,
		    "physical-device-path", PATH_MAX - 1, &path);
		if (error != 0)
			goto out;
	} else {
		return -EAGAIN;
	}

	/* "mode": "r" or "w" (blkif.h); anything but "w" is read-only. */
	sc->xbb_mode = FMODE_READ;
	error = xbs_read_opt_str(xs, XBS_TXN_NONE, dir, "mode", mode,
	    sizeof(mode));
	if (error != 0)
		goto out;
	if (strchr(mode, 'w') != NULL)
		sc->xbb_mode |= FMODE_WRITE;
	error = xbs_read_opt_str(xs, XBS_TXN_NONE, dir, "device-type", type,
	    sizeof(type));
	if (error != 0)
		goto out;
	sc->xbb_cdrom = strcmp(type, "cdrom") == 0;
	error = xbs_read_bool(xs, XBS_TXN_NONE, dir, "discard-enable", true,
	    &discard);
	if (error < 0)
		goto out;

	sc->xbb_lim.xl_features =
	    (sc->xbb_mode & FMODE_WRITE) ? 0 : XBB_F_READONLY;
	sc->xbb_lim.xl_align = 1;
	/*
	 * The name is published (sc->xbb_path, read by sysfs without a
	 * lock) only once the store is open: a failed open frees it.
	 */
	if (path != NULL) {
		error = xbb_store_open_path(sc, path);
	} else {
		path = kasprintf(GFP_KERNEL, "%u:%u", MAJOR(devt), MINOR(devt));
		error = xbb_store_open_bdev(sc, devt);
	}
	if (error != 0) {
		xbs_report(xs, error, "%s: cannot open backing store %s", dir,
		    path != NULL ? path : "?");
		sc->xbb_kind = XBB_STORE_NONE;
		goto out;
	}
	WRITE_ONCE(sc->xbb_path, path);
	path = NULL;
	if (!discard)
		sc->xbb_lim.xl_features &= ~(XBB_F_DISCARD | XBB_F_SECURE);
	sc->xbb_lim.xl_align = max(sc->xbb_sector_size >> XBB_SECTOR_SHIFT, 1U);
	sc->xbb_lim.xl_max_indirect = xbb_max_indirect_segments;
	dev_info(&sc->xbb_dev->dev, "backing store %s (%s, %s), %llu sectors\n",
	    sc->xbb_path, xbb_store_kind_name(sc->xbb_kind),
	    (sc->xbb_mode & FMODE_WRITE) ? "read-write" : "read-only",
	    sc->xbb_lim.xl_sectors);
out:
	kfree(pdev);
	kfree(path);
	return error;
}

/**
 * xbb_store_sectors() - the open store's size now, in 512-byte sectors.
 * @sc: the device; its store is open.
 *
 * Cheap (a block device's size or a file's i_size), so that every worker
 * run can compare it with what the frontend was told: an administrator
 * who grows a guest's disk (lvextend, "losetup -c", truncate) expects the
 * guest to see it, as xen-blkback does.
 *
 * Return: the size, or what the frontend was told if no store is open.
 */
u64
xbb_store_sectors(const struct xbb_softc *sc)
{
	switch (sc->xbb_kind) {
	case XBB_STORE_BDEV:
		return bdev_nr_sectors(sc->xbb_bdev);
	case XBB_STORE_FILE:
		return i_size_read(file_inode(sc->xbb_file)) >>
		    XBB_SECTOR_SHIFT;
	default:
		return READ_ONCE(sc->xbb_lim.xl_sectors);
	}
}

/**
 * xbb_store_flush() - flush the store's volatile cache, and wait.
 * @sc: the device; its store is open.
 *
 * For requests that cannot go through the I/O path (a flush left on a
 * ring at teardown, xbb_ring.c).  Sleeps.
 *
 * Return: 0 or a negative errno.
 */
int
xbb_store_flush(struct xbb_softc *sc)
{
	switch (sc->xbb_kind) {
	case XBB_STORE_BDEV:
		return blkdev_issue_flush(sc->xbb_bdev);
	case XBB_STORE_FILE:
		return vfs_fsync(sc->xbb_file, 0);
	default:
		return -ENXIO;
	}
}

/**
 * xbb_store_close() - close the backing store; nothing may be in flight.
 * @sc: the device.
 */
void
xbb_store_close(struct xbb_softc *sc)
{
	switch (sc->xbb_kind) {
	case XBB_STORE_BDEV:
		xbx_bdev_close(sc->xbb_bdev, sc->xbb_bdev_file,
		    (sc->xbb_mode & FMODE_WRITE) != 0);
		sc->xbb_bdev = NULL;
		sc->xbb_bdev_file = NULL;
		break;
	case XBB_STORE_FILE:
		filp_close(sc->xbb_file, NULL);
		sc->xbb_file = NULL;
		break;
	default:
		break;
	}
	sc->xbb_kind = XBB_STORE_NONE;
	sc->xbb_devt = 0;
	kfree(sc->xbb_path);
	sc->xbb_path = NULL;
}

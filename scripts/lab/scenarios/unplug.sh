# shellcheck shell=sh
# unplug: removing a vbd whose ring is full of slow requests must not
# stall XenStore for everyone else (issue 15).  A Dom0 frontend
# (blkpoke load) keeps 32 reads in flight on a dm-delay store that
# completes each after 10 s; the toolstack's forced removal deletes the
# backend's directory (the device is removed on the xenwatch thread);
# meanwhile another vbd is created, and its backend must reach InitWait
# (probe and state change both go through xenwatch) within 5 s.  The
# removed device is released once its I/O completes.

# unplug_probe N: lay out dom0_vbd N's nodes and wait (0.1 s steps, 30 s
# at most) for its backend's InitWait, which needs the xenwatch thread.
unplug_probe() {
	dom0_vbd "$1" "$LOOPDEV" >/dev/null 2>&1 &
	up_vbd=$!
	up_n=0
	while [ "$up_n" -lt 300 ] &&
	    [ "$(xenstore-read "/local/domain/0/backend/vbd/0/$1/state" 2>/dev/null)" != 2 ]; do
		sleep 0.1
		up_n=$((up_n + 1))
	done
	# Not a bare "wait": blkpoke runs in the background too.
	wait "$up_vbd"
}

scenario_unplug() {
	# A store whose every I/O takes 10 s: dm-delay over a loop device (a
	# device-mapper disk is not scanned for partitions, and bio-based
	# I/O has no request timeout to fail it).
	truncate -s 64M /tmp/slow.img
	up_loop=$(losetup -f --show /tmp/slow.img)
	if ! modprobe dm-delay ||
	    ! DM_DISABLE_UDEV=1 dmsetup create xbxslow --table \
	    "0 131072 delay $up_loop 0 10000"; then
		result unplug FAIL "cannot set up a dm-delay store"
		return
	fi
	up_dev=$(readlink -f /dev/mapper/xbxslow)
	dom0_vbd 51821 "$up_dev"
	up_b=$B
	up_f=$F
	rm -f /tmp/unplug.out
	/lab/blkpoke load "$F" "$B" "$up_dev" >/tmp/unplug.out 2>&1 &
	up_pid=$!
	wait_for 30 grep -q connected /tmp/unplug.out
	sleep 2
	up_inflight=$(cat /sys/bus/xen-backend/devices/vbd-0-51821/statistics/inflight 2>/dev/null)
	# The same probe with nothing being removed, for comparison.
	t0=$(date +%s%N)
	unplug_probe 51823
	base=$((($(date +%s%N) - t0) / 1000000))
	dom0_vbd_gone 51823
	t0=$(date +%s%N)
	xenstore-rm "$up_b"
	unplug_probe 51822
	ms=$((($(date +%s%N) - t0) / 1000000))
	pass_if unplug-xenwatch "removed a vbd with ${up_inflight:-?} requests in flight on a 10 s store; another vbd reached InitWait $ms ms later (alone: $base ms)" \
	    [ "$ms" -lt 5000 ]
	xenstore-rm "$up_f"
	pass_if unplug-gone "the removed device's sysfs directory is gone" \
	    wait_for 30 sh -c '! ls -d /sys/bus/xen-backend/devices/vbd-0-51821 >/dev/null 2>&1'
	kill "$up_pid" 2>/dev/null
	wait "$up_pid" 2>/dev/null
	dom0_vbd_gone 51822
	# The store closes once the slow I/O is answered; then it can go.
	pass_if unplug-released "the removed device released its store after its I/O" \
	    wait_for 40 sh -c 'DM_DISABLE_UDEV=1 dmsetup remove xbxslow 2>/dev/null'
	losetup -d "$up_loop"
	rm -f /tmp/slow.img
}

# shellcheck shell=sh
# unplug: removing a vbd whose ring is full of slow requests must not
# stall XenStore for everyone else (issue 15).  A Dom0 frontend
# (blkpoke load) keeps 32 reads in flight on a null_blk disk that
# completes each after 12 s; the toolstack's forced removal deletes the
# backend's directory (the device is removed on the xenwatch thread);
# meanwhile another vbd is created, and its backend must reach InitWait
# (probe and state change both go through xenwatch) within 5 s.  The
# removed device is released once its I/O completes.
# unplug_probe N: lay out dom0_vbd N's nodes and wait (0.1 s steps, 30 s
# at most) for its backend's InitWait, which needs the xenwatch thread.
unplug_probe() {
	dom0_vbd "$1" "$LOOPDEV" >/dev/null 2>&1 &
	up_n=0
	while [ "$up_n" -lt 300 ] &&
	    [ "$(xenstore-read "/local/domain/0/backend/vbd/0/$1/state" 2>/dev/null)" != 2 ]; do
		sleep 0.1
		up_n=$((up_n + 1))
	done
	wait
}

scenario_unplug() {
	if ! modprobe null_blk nr_devices=1 irqmode=2 \
	    completion_nsec=12000000000 gb=1; then
		result unplug FAIL "modprobe null_blk"
		return
	fi
	dom0_vbd 51821 /dev/nullb0
	up_b=$B
	up_f=$F
	rm -f /tmp/unplug.out
	/lab/blkpoke load "$F" "$B" /dev/nullb0 >/tmp/unplug.out 2>&1 &
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
	pass_if unplug-xenwatch "removed a vbd with ${up_inflight:-?} requests in flight on a 12 s store; another vbd reached InitWait $ms ms later (alone: $base ms)" \
	    [ "$ms" -lt 5000 ]
	xenstore-rm "$up_f"
	pass_if unplug-gone "the removed device's sysfs directory is gone" \
	    wait_for 30 sh -c '! ls -d /sys/bus/xen-backend/devices/vbd-0-51821 >/dev/null 2>&1'
	kill "$up_pid" 2>/dev/null
	wait "$up_pid" 2>/dev/null
	dom0_vbd_gone 51822
	# The store closes once the slow I/O is answered; then null_blk goes.
	pass_if unplug-released "the removed device released its store after its I/O" \
	    wait_for 30 rmmod null_blk
}

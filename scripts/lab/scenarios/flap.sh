# shellcheck shell=sh
# flap: a vbd's connection under hostile timing (issue 15).  Dom0 plays
# the frontend (scripts/lab/tools/blkpoke.c) and keeps its ring full of
# 44 KiB reads, 200 times (10 for xen-blkback): connect, fill, write Closed (every other
# cycle Closing) while requests still arrive, then Closing, Closed,
# Initialising; the backend must show InitWait within 5 s every time,
# and every answer must be one in flight with the disk's data.  Two
# readers loop over every sysfs file of the device meanwhile (its
# ring_indexes reads the rings that connect and disconnect under them).
scenario_flap() {
	# Each state change the backend sees, in dmesg, to explain a stuck
	# cycle (xbs_xen.c's dev_dbg).
	mount -t debugfs none /sys/kernel/debug 2>/dev/null
	echo 'file xbs_xen.c +p' >/sys/kernel/debug/dynamic_debug/control 2>/dev/null
	dom0_vbd 51820 "$LOOPDEV"
	sysfs_readers /sys/bus/xen-backend/devices/vbd-0-51820
	# xen-blkback, for comparison, gets fewer cycles: it can stay in
	# Closing when a Closed event is overtaken, and each such cycle
	# costs 25 s.
	# Not "n": pass_if sets that.
	flap_n=200
	[ "$BACKEND" = intree ] && flap_n=10
	/lab/blkpoke flap "$F" "$B" "$flap_n" "$DISK" >/tmp/flap.out 2>&1
	sysfs_readers_stop
	echo 'file xbs_xen.c -p' >/sys/kernel/debug/dynamic_debug/control 2>/dev/null
	if grep -q 'flap cycle ' /tmp/flap.out; then
		grep 'flap cycle ' /tmp/flap.out | head -n 5
		dmesg | grep -E 'vbd-0-51820|blkpoke' | grep -B 25 'blkpoke: flap cycle' | head -n 60
	fi
	# "flap cycles C connected K initwait W stuck S responses R errors E
	# bad B mismatched M": every cycle connected, every answer right,
	# and none stuck.
	# shellcheck disable=SC2046
	set -- $(tail -n 1 /tmp/flap.out)
	if [ "$BACKEND" = intree ]; then
		# Its stuck cycles are what issue 15 compares; its answers
		# must still be right.
		pass_if flap-cycles "xen-blkback: $*" \
		    [ "${15}" = 0 -a "${17}" = 0 ]
	else
		pass_if flap-cycles "$*" \
		    [ "$3" = "$flap_n" -a "$5" = "$flap_n" -a "$9" = 0 -a "${15}" = 0 -a "${17}" = 0 ]
	fi
	xenstore-write "$F/state" 6
	dom0_vbd_gone 51820
	pass_if flap-gone "after $flap_n flaps under load the device goes" \
	    sh -c '! ls -d /sys/bus/xen-backend/devices/vbd-0-51820 >/dev/null 2>&1'
	flap_late
}

# flap_late: a frontend that keeps writing requests after its close
# (blkpoke late).  xbb answers late requests at a teardown until its
# rings are quiet, for a second at most (the watch may hold the
# xenwatch thread); after a watch that ran to that limit it looks once
# only at the device's later teardowns, and says so once.  So the first
# close ends within about a second of the drain, and the second at
# once.  xen-blkback answers nothing after the close: its closes end as
# soon as the I/O drains.
flap_late() {
	dom0_vbd 51821 "$LOOPDEV"
	/lab/blkpoke late "$F" "$B" "$DISK" >/tmp/flap-late.out 2>&1
	# "late close1 T1 close2 T2 after R errors E bad B mismatched M"
	# shellcheck disable=SC2046
	set -- $(tail -n 1 /tmp/flap-late.out)
	fl_warned=$(dmesg | grep -c 'vbd-0-51821: the frontend kept the ring busy')
	if [ "$BACKEND" = intree ]; then
		pass_if flap-late "xen-blkback: $*" \
		    [ "$1" = late -a "${11}" = 0 -a "${13}" = 0 ]
	else
		pass_if flap-late "$* (warned $fl_warned time(s))" \
		    awk -v a="$3" -v b="$5" -v w="$fl_warned" -v bad="${11}" \
		    -v mm="${13}" 'BEGIN {exit !(a >= 0 && a < 5 && b >= 0 &&
		    b < 2 && w == 1 && bad == 0 && mm == 0)}'
	fi
	xenstore-write "$F/state" 6
	dom0_vbd_gone 51821
}

# shellcheck shell=sh
# resize: online resize (issue 17).  A guest's disk grows under it, from
# 64 to 96 MiB: a block device store ("truncate" of the loop device's
# file, then "losetup -c"), then a file store that xbb opens itself
# (truncate).  The guest must see the new size and write and read back
# 1 MiB past the old end.  xbb looks at the store's size whenever it
# serves I/O (the guest reads once a second meanwhile), then writes
# "sectors" and its Connected state again, as xen-blkback does.  While
# the first guest waits, memory pressure (drop_caches) must make xbb give
# its unused persistent grants back (resize-squeeze).
scenario_resize() {
	truncate -s 64M /tmp/rs-dev.img
	truncate -s 64M /tmp/rs-file.img
	rs_loop=$(losetup -f --show /tmp/rs-dev.img)
	resize_case resize-device grd "phy:$rs_loop,xvda,w" \
	    "truncate -s 96M /tmp/rs-dev.img && losetup -c $rs_loop"
	resize_case resize-file grf \
	    "format=raw, vdev=xvda, access=rw, script=/etc/xen/scripts/xbb-file, target=/tmp/rs-file.img" \
	    "truncate -s 96M /tmp/rs-file.img"
	losetup -d "$rs_loop" 2>/dev/null
	rm -f /tmp/rs-dev.img /tmp/rs-file.img
}

# resize_case NAME GUEST DISKSPEC GROW: boot GUEST on the disk, run GROW
# in Dom0 once the guest has read the size, wait for its verdict.
resize_case() {
	if run_guest "$2" resize "$3" 'resize size=' 180; then
		[ "$1" = resize-device ] && resize_squeeze "$2"
		sh -c "$4"
		if wait_glog "$2" 0 'resize old=' 200; then
			rs_r=$(glast "$2" 0 'resize old=' | sed 's/.*resize //')
			pass_if "$1" "guest: $rs_r (196608 sectors is 96 MiB); backend sectors $(vbd_attr "$2" sectors); $(dmesg | grep 'backing store resized' | tail -n 1 | sed 's/^\[[^]]*\] //')" \
			    sh -c "echo '$rs_r' | grep -q 'new=196608 write=ok'"
		else
			result "$1" FAIL "the guest reported nothing after the store grew"
			diag "$2"
		fi
	fi
	xl destroy "$2" 2>/dev/null
	wait_for 30 gone "$2"
}

# resize_squeeze GUEST: memory pressure (drop_caches runs the shrinkers,
# xenbus's backend shrinker among them) makes xbb give back the unused
# persistent grants of a guest that reads once a second.
resize_squeeze() {
	rs_p0=$(vbd_attr "$1" statistics/persistent_purged)
	rs_g0=$(vbd_attr "$1" statistics/persistent_grants)
	echo 2 >/proc/sys/vm/drop_caches
	wait_for 15 sh -c "[ \$(cat /sys/bus/xen-backend/devices/vbd-$(domid "$1")-51712/statistics/persistent_purged) -gt $rs_p0 ]"
	pass_if resize-squeeze "drop_caches: persistent grants purged $rs_p0 -> $(vbd_attr "$1" statistics/persistent_purged) ($rs_g0 mapped before, $(vbd_attr "$1" statistics/persistent_grants) after)" \
	    [ "$(vbd_attr "$1" statistics/persistent_purged)" -gt "$rs_p0" ]
}

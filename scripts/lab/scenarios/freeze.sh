# shellcheck shell=sh
# freeze: a guest writes to a file store (xbb-file, xbb opens the file)
# on an ext4 file system that Dom0 freezes for 10 s, as fsfreeze or an
# LVM snapshot for a backup does (issue 15).  The writes must wait for
# the thaw (no WARN from ext4 on a frozen superblock: panic_on_warn is
# set), then complete, and fio must verify.
scenario_freeze() {
	truncate -s 200M /tmp/frz.img
	mkfs.ext4 -q -F /tmp/frz.img
	mkdir -p /mnt/frz
	if ! mount -o loop /tmp/frz.img /mnt/frz; then
		result freeze FAIL "cannot mount an ext4 image"
		return
	fi
	truncate -s 64M /mnt/frz/guest.img
	spec="format=raw, vdev=xvda, access=rw, script=/etc/xen/scripts/xbb-file, target=/mnt/frz/guest.img"
	if run_guest gfrz fio "$spec" 'boot mode=fio' 180; then
		wait_for 120 sh -c "[ \"\$(cat /sys/bus/xen-backend/devices/vbd-\$(xl domid gfrz)-51712/statistics/reqs_write 2>/dev/null || echo 0)\" -gt 0 ]"
		fsfreeze -f /mnt/frz
		sleep 5
		w0=$(vbd_attr gfrz statistics/reqs_write)
		inf=$(vbd_attr gfrz statistics/inflight)
		sleep 5
		w1=$(vbd_attr gfrz statistics/reqs_write)
		fsfreeze -u /mnt/frz
		pass_if freeze-held "frozen for 10 s: $inf request(s) held, writes answered $w0 -> $w1 in the last 5 s" \
		    [ "${inf:-0}" -gt 0 -a "$w0" = "$w1" ]
		wait_glog gfrz 0 'fio rc=' 420
		pass_if freeze-verify "after the thaw fio completes and verifies: $(glast gfrz 0 'fio rc=' | sed 's/.*fio //')" \
		    wait_glog gfrz 0 'fio rc=0' 1
	fi
	fsfreeze -u /mnt/frz 2>/dev/null
	xl destroy gfrz 2>/dev/null
	wait_for 30 gone gfrz
	umount /mnt/frz
}

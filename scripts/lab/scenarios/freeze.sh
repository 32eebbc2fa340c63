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
	guest_cfg gfrz fio "$spec" 0
	if ! xl create /tmp/gfrz.cfg >/tmp/gfrz.create 2>&1; then
		result freeze FAIL "$(tail -n 1 /tmp/gfrz.create)"
	elif wait_for 120 sh -c "[ \"\$(xenstore-read /local/domain/0/backend/vbd/\$(xl domid gfrz)/51712/state 2>/dev/null)\" = 4 ]"; then
		# Frozen as soon as the disk connects: fio's writes, which come
		# once the guest has booted, meet a frozen file system.
		fsfreeze -f /mnt/frz
		wait_glog gfrz 0 'boot mode=fio' 120
		sleep 5
		w0=$(vbd_attr gfrz statistics/reqs_write)
		inf=$(vbd_attr gfrz statistics/inflight)
		sleep 5
		w1=$(vbd_attr gfrz statistics/reqs_write)
		fsfreeze -u /mnt/frz
		pass_if freeze-held "frozen for 10 s: $inf request(s) held, writes answered $w0 -> $w1 in the last 5 s" \
		    [ "${inf:-0}" -gt 0 -a "$w0" = "$w1" ]
		wait_glog gfrz 0 'fio rc=' 420
		pass_if freeze-verify "after the thaw fio completes and verifies: $(glast gfrz 0 'fio rc=' | sed 's/.*fio //'); $(vbd_attr gfrz statistics/reqs_write) writes" \
		    wait_glog gfrz 0 'fio rc=0' 1
	else
		result freeze FAIL "the guest's disk did not connect"
		diag gfrz
	fi
	fsfreeze -u /mnt/frz 2>/dev/null
	xl destroy gfrz 2>/dev/null
	wait_for 30 gone gfrz
	umount /mnt/frz
}

# shellcheck shell=sh
# io: a guest with a disk and (when the backend under test serves
# networks, LAB_NET=1) a vif; its blkfront reads what Dom0 wrote, writes
# 8 MiB and reads it back; its netfront pings Dom0 over the bridge; the
# written data is found in the backing file.  Leaves guest "g1" running
# for the scenarios that follow.
scenario_io() {
	guest_cfg g1 io 1 "$LAB_NET"
	if ! xl create /tmp/g1.cfg >/tmp/g1.create 2>&1; then
		result io-create FAIL "$(tail -n 1 /tmp/g1.create)"
		return
	fi
	result io-create PASS "domain $(domid g1)"
	if ! wait_glog g1 0 'write [0-9a-f]+ readback|nodisk' 180; then
		result io-disk FAIL "no disk report from the guest in 180 s"
		diag g1
		xl destroy g1
		return
	fi
	d0=$(glast g1 0 'disk0 ' | sed 's/.*disk0 //')
	pass_if io-read "guest read Dom0's 8 MiB: md5 $d0, Dom0 $DISK0_MD5" \
	    [ "$d0" = "$DISK0_MD5" ]
	l=$(glast g1 0 'write [0-9a-f]+ readback')
	W=$(echo "$l" | sed 's/.*write \([0-9a-f]*\) readback.*/\1/')
	R=$(echo "$l" | sed 's/.*readback \([0-9a-f]*\).*/\1/')
	pass_if io-write "8 MiB written and read back, md5 $W" \
	    [ -n "$W" -a "$W" = "$R" ]
	S=$(dd if="$DISK" bs=1M skip=8 count=8 2>/dev/null | md5sum | cut -c1-32)
	pass_if io-store "the backing file holds the guest's data" \
	    [ "$S" = "$W" ]
	[ "$LAB_NET" = 1 ] && pass_if io-ping "guest pings Dom0 through the vif" \
	    wait_glog g1 0 'tick .* net=ok' 90
	return 0
}

# shellcheck shell=sh
# reboot: "xl reboot" guest g1; the new instance reconnects to the same
# backends, reads what Dom0 put on the disk, writes and reads back again,
# and pings.  Then the guest is destroyed.
scenario_reboot() {
	if [ -z "$(domid g1)" ]; then
		result reboot FAIL "guest g1 is not running"
		return
	fi
	old=$(gboot g1)
	xl reboot g1
	if ! wait_for 240 booted_since g1 "$old" 'write [0-9a-f]+ readback'; then
		result reboot FAIL "no disk report from a new boot"
		diag g1
	else
		b=$(gboot g1)
		d0=$(glast g1 0 "id=$b disk0 " | sed 's/.*disk0 //')
		l=$(glast g1 0 "id=$b write [0-9a-f]+ readback")
		w=$(echo "$l" | sed 's/.*write \([0-9a-f]*\) readback.*/\1/')
		r=$(echo "$l" | sed 's/.*readback \([0-9a-f]*\).*/\1/')
		pass_if reboot "new boot $b reconnected; read Dom0's data, wrote and read back $w" \
		    [ "$d0" = "$DISK0_MD5" -a -n "$w" -a "$w" = "$r" ]
		[ "$LAB_NET" = 1 ] && pass_if reboot-ping "ping after reboot" \
		    wait_glog g1 0 "id=$b tick .* net=ok" 90
	fi
	xl destroy g1
	pass_if destroy "g1 destroyed" wait_for 30 gone g1
}

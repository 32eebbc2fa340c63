# shellcheck shell=sh
# swap: a running guest moved from xen-blkback/xen-netback to xbb/xnb and
# back inside one boot, as an administrator would: detach its disk and
# NIC, unload one pair, load the other, re-attach.  After each move the
# guest must read back what it wrote (same md5) and ping Dom0, and the
# devices must be bound to the pair just loaded.  Runs with nothing of
# ours loaded (after "unload") and leaves nothing loaded.
swap_drivers() {
	echo "$(basename "$(readlink /sys/bus/xen-backend/devices/vbd-$(domid gs)-51712/driver)")/$(basename "$(readlink /sys/bus/xen-backend/devices/vif-$(domid gs)-0/driver)")"
}

scenario_swap() {
	modprobe -a xen-blkback xen-netback
	guest_cfg gs io 1 1
	if ! xl create /tmp/gs.cfg >/tmp/gs.create 2>&1; then
		result swap-create FAIL "$(tail -n 1 /tmp/gs.create)"
		return
	fi
	if ! wait_glog gs 0 'write [0-9a-f]+ readback' 180; then
		result swap-start FAIL "no disk report from the guest"
		diag gs
		xl destroy gs
		return
	fi
	W=$(glast gs 0 'write [0-9a-f]+ readback' |
	    sed 's/.*write \([0-9a-f]*\) readback.*/\1/')
	pass_if swap-start "guest on xen-blkback/xen-netback: wrote md5 $W, pings" \
	    wait_glog gs 0 "disk=$W net=ok" 90
	for swap_to in ours intree; do
		n=$(glines gs)
		xl block-detach gs xvda
		xl network-detach gs 0
		# Whether the guest let the old devices go: its xenwatch
		# removes them, and a removal that hangs keeps the new ones
		# from being probed.
		sw_gone=yes
		wait_glog gs "$n" 'disk=none net=none' 90 || sw_gone=no
		wait_for 60 sh -c '! ls -d /sys/bus/xen-backend/devices/v* >/dev/null 2>&1'
		if [ "$swap_to" = ours ]; then
			rmmod xen-blkback xen-netback &&
			    insmod /lab/xbb.ko && insmod /lab/xnb.ko
			want=xbb/xnb
		else
			rmmod xnb xbb && modprobe -a xen-blkback xen-netback
			want=vbd/vif
		fi
		n=$(glines gs)
		xl block-attach gs "phy:$LOOPDEV,xvda,w"
		xl network-attach gs bridge=xenbr0
		if wait_glog gs "$n" "disk=$W net=ok" 150 &&
		    [ "$(swap_drivers)" = "$want" ]; then
			result "swap-$swap_to" PASS "moved to $want: the guest reads back md5 $W and pings"
		else
			result "swap-$swap_to" FAIL "moved to $want: drivers $(swap_drivers), old devices gone in the guest: $sw_gone, last: $(glast gs 0 tick)"
			diag gs
		fi
	done
	xl destroy gs
	wait_for 60 gone gs
	rmmod xen-blkback xen-netback
	return 0
}

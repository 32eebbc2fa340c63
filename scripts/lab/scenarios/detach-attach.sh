# shellcheck shell=sh
# detach-attach: with guest g1 running, detach its disk and its vif, see
# them vanish in the guest, attach them again and see the data and the
# network come back.
scenario_detach_attach() {
	if [ -z "$(domid g1)" ]; then
		result detach-attach FAIL "guest g1 is not running"
		return
	fi
	n=$(glines g1)
	xl block-detach g1 xvda
	pass_if block-detach "xvda gone from the guest" \
	    wait_glog g1 "$n" 'disk=none' 90
	n=$(glines g1)
	xl block-attach g1 "phy:$LOOPDEV,xvda,w"
	pass_if block-attach "xvda back, md5 $W" \
	    wait_glog g1 "$n" "disk=$W" 120
	[ "$LAB_NET" = 1 ] || return 0
	n=$(glines g1)
	xl network-detach g1 0
	pass_if network-detach "eth0 gone from the guest" \
	    wait_glog g1 "$n" 'net=none' 90
	n=$(glines g1)
	xl network-attach g1 bridge=xenbr0
	pass_if network-attach "eth0 back and pinging" \
	    wait_glog g1 "$n" 'net=ok' 120
}

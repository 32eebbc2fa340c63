# shellcheck shell=sh
# netxdp: XDP headroom (issue 19, netif.h "xdp-headroom").  A guest
# attaches an XDP program to eth0 (guest mode xdp, /bin/xdpload): Linux
# netfront shows Reconfiguring, writes xdp-headroom 256 and waits, with
# no timeout and the RTNL held, for the backend's Reconfigured.  Checks:
# the attach returned, xnb leaves 256 bytes (sysfs xdp_headroom) and
# shows Reconfigured (it stays there, as xen-netback does;
# common/xenbus/xbs_sm.c says why); a 16 MiB file from Dom0 arrives
# intact through the program, which saw every frame's Ethernet type where
# XDP looks for it (its "other" count stays near 0; the vif's TSO is off
# meanwhile, since netfront's XDP path drops frames of more than one
# slot); the guest pings Dom0 through it.  Then five attach/detach cycles
# under a ping flood from Dom0 (each one a Reconfiguring answered, and a
# Connected from the frontend), and ten more back to back (a backend that
# went back to Connected could deadlock netfront there: its xenwatch
# thread takes the RTNL for a backend's Connected): every cycle returns,
# the pings are answered, and xnb ends with no headroom.  Then Dom0
# writes the frontend's node itself, as a hostile frontend would: a value
# netif.h does not allow means no headroom, one above half a page is
# clamped to 2048; pings go on through both, and the vif stays
# connected.  BACKEND=intree runs the guest's side too, for comparison
# (xen-netback has no xdp_headroom file).

# netxdp_state: the backend's state node and xnb's headroom, in words.
netxdp_state() {
	echo "backend state $(xenstore-read "$xd_be/state" 2>/dev/null), frontend xdp-headroom $(xenstore-read "$xd_fe/xdp-headroom" 2>/dev/null), xdp_headroom $(cat "$xd_dev/xdp_headroom" 2>/dev/null)"
}

# netxdp_is STATE HEADROOM: xnb shows STATE and leaves HEADROOM.
netxdp_is() {
	[ "$(xenstore-read "$xd_be/state" 2>/dev/null)" = "$1" ] &&
	    [ "$(cat "$xd_dev/xdp_headroom" 2>/dev/null)" = "$2" ]
}

scenario_netxdp() {
	xd_g=169.254.99.7
	dd if=/dev/urandom of=/tmp/xd-out bs=1M count=16 2>/dev/null
	xd_md5=$(md5sum </tmp/xd-out | cut -c1-32)
	guest_cfg gx xdp 0 1 "lab_ip=$xd_g"
	guest_up gx 'xdp (listening|attach-failed)' 240 netxdp-attach || return
	xd_be=$(backend_path vif gx 0)
	xd_fe=$(xenstore-read "$xd_be/frontend")
	xd_dev=/sys/bus/xen-backend/devices/vif-$(domid gx)-0
	xd_v=vif$(domid gx).0
	xd_ours=0
	[ "$BACKEND" = ours ] && xd_ours=1
	xd_l=$(glast gx 0 'xdp (listening|attach-failed)')
	if [ "$xd_ours" = 1 ]; then
		pass_if netxdp-attach "the guest attached its XDP program (${xd_l#*xdp }): $(netxdp_state)" \
		    sh -c "echo '$xd_l' | grep -q 'listening attached' && [ \"\$(xenstore-read $xd_be/state)\" = 8 ] && [ \"\$(cat $xd_dev/xdp_headroom)\" = 256 ]"
	else
		pass_if netxdp-attach "the guest attached its XDP program (${xd_l#*xdp }): $(netxdp_state)" \
		    sh -c "echo '$xd_l' | grep -q 'listening attached'"
	fi
	ethtool -K "$xd_v" tso off >/tmp/xd.ethtool 2>&1
	xd_gso0=$(net_stat "$xd_v" guest_rx_gso)
	xd_pk0=$(net_stat "$xd_v" guest_rx_packets)
	timeout 150 bash -c "cat /tmp/xd-out >/dev/tcp/$xd_g/5556"
	wait_glog gx 0 'xdp file-in ' 200
	xd_l=$(glast gx 0 'xdp file-in ')
	xd_e=$(glast gx 0 'xdp eth0 ')
	pass_if netxdp-file "16 MiB Dom0 to guest through its XDP program: guest ${xd_l#*file-in }, Dom0 md5 $xd_md5; xnb sent $(($(net_stat "$xd_v" guest_rx_packets) - xd_pk0)) packets, $(($(net_stat "$xd_v" guest_rx_gso) - xd_gso0)) GSO; guest ${xd_e#*xdp }; vif $(ethtool -k "$xd_v" | grep -E '^tcp-segmentation-offload' | tr -d '\t') $(tr '\n' ' ' </tmp/xd.ethtool)" \
	    sh -c "echo '$xd_l' | grep -q 'size=16777216 md5=$xd_md5'"
	ethtool -K "$xd_v" tso on >/dev/null 2>&1
	wait_glog gx 0 'xdp (detached|xdpload)' 60
	xd_p=$(glast gx 0 'xdp ping-out ')
	xd_l=$(glast gx 0 'xdp (detached|xdpload)')
	xd_good=$(echo "$xd_l" | sed -n 's/.*good=\([0-9]*\).*/\1/p')
	xd_other=$(echo "$xd_l" | sed -n 's/.*other=\([0-9]*\).*/\1/p')
	pass_if netxdp-view "the program saw ${xd_good:-?} frames with a known Ethernet type where XDP looks, ${xd_other:-?} others; guest pings Dom0 through it: ${xd_p#*ping-out }" \
	    [ "${xd_good:-0}" -gt 10000 -a "${xd_other:-99999}" -lt $((${xd_good:-0} / 100 + 10)) -a "${xd_p#*ping-out }" = ok ]
	if [ "$xd_ours" = 1 ]; then
		pass_if netxdp-detach "detached: $(netxdp_state)" \
		    wait_for 10 netxdp_is 8 0
	fi
	# Five attach/detach cycles under a ping flood.
	ping -q -i 0.02 "$xd_g" >/tmp/xd.ping 2>&1 &
	xd_ping=$!
	sleep 1
	xd_t0=$(date +%s)
	timeout 10 bash -c "echo go >/dev/tcp/$xd_g/5558"
	wait_glog gx 0 'xdp cycles done' 180
	xd_t1=$(date +%s)
	sleep 1
	kill -INT "$xd_ping"
	wait "$xd_ping"
	xd_tx=$(sed -n 's/^\([0-9]*\) packets transmitted.*/\1/p' /tmp/xd.ping)
	xd_rx=$(sed -n 's/.* \([0-9]*\) received.*/\1/p' /tmp/xd.ping)
	xd_c=$(glog gx | grep -c 'xdp cycle [0-9] rc=0 detached')
	xd_r=$(glast gx 0 'xdp rapid ')
	xd_s="$xd_c of 5 cycles attached and detached, then ${xd_r#*xdp } back to back, in $((xd_t1 - xd_t0)) s; ping flood: ${xd_rx:-?} of ${xd_tx:-?} answered; $(netxdp_state)"
	if [ "$xd_ours" = 1 ]; then
		pass_if netxdp-cycles "$xd_s" \
		    [ "$xd_c" = 5 -a "${xd_r#*xdp }" = "rapid 10 failed=0" -a "${xd_rx:-0}" -ge $((${xd_tx:-1} * 9 / 10)) -a "$(xenstore-read "$xd_be/state")" = 8 -a "$(cat "$xd_dev/xdp_headroom")" = 0 ]
	else
		pass_if netxdp-cycles "$xd_s" \
		    [ "$xd_c" = 5 -a "${xd_r#*xdp }" = "rapid 10 failed=0" -a "${xd_rx:-0}" -ge $((${xd_tx:-1} * 9 / 10)) ]
	fi
	if [ "$xd_ours" = 1 ]; then
		# The frontend's node, written as a hostile frontend would.
		xenstore-write "$xd_fe/xdp-headroom" 99999
		wait_for 10 netxdp_is 8 0
		pass_if netxdp-hostile-range "xdp-headroom 99999 (netif.h allows 32767): $(netxdp_state); Dom0 pings the guest" \
		    sh -c "[ \"\$(cat $xd_dev/xdp_headroom)\" = 0 ] && ping -c 3 -W 5 $xd_g >/dev/null"
		xenstore-write "$xd_fe/xdp-headroom" 4000
		wait_for 10 netxdp_is 8 2048
		pass_if netxdp-hostile-clamp "xdp-headroom 4000: $(netxdp_state); Dom0 pings the guest with 1400-byte payloads" \
		    sh -c "[ \"\$(cat $xd_dev/xdp_headroom)\" = 2048 ] && ping -c 3 -W 5 -s 1400 $xd_g >/dev/null"
		xenstore-write "$xd_fe/xdp-headroom" 0
		wait_for 10 netxdp_is 8 0
		pass_if netxdp-message "xnb said so: $(dmesg | grep -c 'xdp-headroom') messages naming the node" \
		    sh -c "dmesg | grep -q 'xdp-headroom: 4000 is more than xnb leaves; 2048' && dmesg | grep -q 'xdp-headroom.*no headroom'"
	fi
	xl destroy gx
	wait_for 60 gone gx
	return 0
}

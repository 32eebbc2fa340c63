# shellcheck shell=sh
# jumbo: frames of 9000 bytes through xnb (issue 19).  The bridge is set
# to MTU 9000 and the guest's vif is configured with mtu=9000 (libxl
# writes the "mtu" node, the stock vif-bridge script sets the vif's MTU
# from it); the guest sets eth0 to 9000 itself (netfront takes it with
# scatter-gather).  Checks: the vif took MTU 9000; Dom0 pings the guest
# with 8972-byte payloads and "don't fragment" (a 9000-byte IP packet to
# the guest, and its echo back); a 16 MiB file each way by TCP with its
# md5; iperf3 UDP with 8972-byte datagrams both ways; xnb dropped
# nothing for size.  The bridge goes back to 1500 afterwards.

scenario_jumbo() {
	jb_g=169.254.99.6
	ip link set xenbr0 mtu 9000
	dd if=/dev/urandom of=/tmp/jb-out bs=1M count=16 2>/dev/null
	jb_md5=$(md5sum </tmp/jb-out | cut -c1-32)
	guest_cfg gj jumbo 0 0 "lab_ip=$jb_g"
	echo "vif = [ 'bridge=xenbr0,mtu=9000' ]" >>/tmp/gj.cfg
	if ! guest_up gj 'jumbo listening' 180 jumbo-mtu; then
		ip link set xenbr0 mtu 1500
		return
	fi
	jb_v=vif$(domid gj).0
	jb_gm=$(glast gj 0 'jumbo listening' | sed 's/.*mtu=\([0-9]*\).*/\1/')
	pass_if jumbo-mtu "vif $jb_v MTU $(cat /sys/class/net/$jb_v/mtu), bridge $(cat /sys/class/net/xenbr0/mtu), guest $jb_gm" \
	    [ "$(cat /sys/class/net/$jb_v/mtu)" = 9000 -a "$jb_gm" = 9000 ]
	pass_if jumbo-ping "Dom0 pings the guest with 8972-byte payloads, DF set" \
	    ping -M do -s 8972 -c 5 -W 5 "$jb_g"
	timeout 120 bash -c "cat /tmp/jb-out >/dev/tcp/$jb_g/5556"
	timeout 120 bash -c "cat </dev/tcp/$jb_g/5557 >/tmp/jb-in"
	jb_o=$(glast gj 0 'jumbo listening' | sed 's/.*out-md5=//')
	jb_n=$(md5sum </tmp/jb-in | cut -c1-32)
	pass_if jumbo-file-guest-dom0 "16 MiB guest to Dom0 at MTU 9000: guest md5 $jb_o, Dom0 md5 $jb_n ($(wc -c </tmp/jb-in) bytes)" \
	    [ -n "$jb_o" -a "$jb_o" = "$jb_n" ]
	wait_glog gj 0 'jumbo file-in ' 150
	jb_l=$(glast gj 0 'jumbo file-in ')
	pass_if jumbo-file-dom0-guest "16 MiB Dom0 to guest at MTU 9000: guest ${jb_l#*file-in }, Dom0 md5 $jb_md5" \
	    sh -c "echo '$jb_l' | grep -q 'size=16777216 md5=$jb_md5'"
	for jb_t in udp udp-r; do
		jb_a=
		[ "$jb_t" = udp-r ] && jb_a=-R
		# shellcheck disable=SC2086
		timeout 60 iperf3 -c "$jb_g" -p 5201 -u -b 20M -l 8972 -t 3 $jb_a \
		    -J >/tmp/jb-$jb_t.json 2>&1
		jb_r=$(awk '/"sum"/ {s = 1} s && /"packets"/ {gsub(/[^0-9]/, ""); print; exit}' /tmp/jb-$jb_t.json)
		jb_lost=$(awk '/"sum"/ {s = 1} s && /"lost_packets"/ {gsub(/[^0-9]/, ""); print; exit}' /tmp/jb-$jb_t.json)
		pass_if "jumbo-$jb_t" "iperf3 UDP 8972-byte datagrams$([ "$jb_t" = udp-r ] && echo ", guest to Dom0" || echo ", Dom0 to guest"): ${jb_r:-?} sent, ${jb_lost:-?} lost" \
		    [ "${jb_r:-0}" -gt 0 -a "${jb_lost:-1}" -lt "${jb_r:-0}" ]
	done
	pass_if jumbo-no-drops "xnb dropped nothing for size: guest_tx_drop_size $(net_stat "$jb_v" guest_tx_drop_size), guest_rx_drop_size $(net_stat "$jb_v" guest_rx_drop_size), guest_tx_drop_slots $(net_stat "$jb_v" guest_tx_drop_slots)" \
	    [ "$(net_stat "$jb_v" guest_rx_drop_size)" = 0 -a "$(net_stat "$jb_v" guest_tx_drop_size)" = 0 -a "$(net_stat "$jb_v" guest_tx_drop_slots)" = 0 ]
	xl destroy gj
	wait_for 60 gone gj
	ip link set xenbr0 mtu 1500
	return 0
}

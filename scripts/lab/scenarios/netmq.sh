# shellcheck shell=sh
# netmq: a guest whose netfront asks for two queues
# (xen_netfront.max_queues=2, two vCPUs); xnb connects both (dmesg, the guest's
# eth0 has two TX queues), and TCP with four streams works both ways.
scenario_netmq() {
	G=169.254.99.4
	iperf3 -s -D -p 5201 >/dev/null 2>&1
	# netfront takes at most one queue per vCPU.
	GUEST_VCPUS=2 guest_cfg g4 net 0 1 "lab_ip=$G xen_netfront.max_queues=2"
	guest_up g4 'net ping=' 180 netmq-ping || return
	v=vif$(domid g4).0
	l=$(glast g4 0 'net ping=')
	pass_if netmq-ping "guest with two queues pings Dom0: ${l#*net }" \
	    sh -c "echo '$l' | grep -q 'ping=ok queues=2'"
	pass_if netmq-connected "xnb connected two queues for $v" \
	    sh -c "dmesg | grep -q 'vif-$(domid g4)-0: connected: 2 queue(s)'"
	wait_glog g4 0 'net listening' 60
	# Eight streams: the stack spreads them over both queues by hash;
	# retried (each time a 1 in 128 chance) until queue 1 has carried some.
	k=0
	while [ $k -lt 3 ]; do
		iperf3 -c "$G" -p 5201 -P 8 -n 20M >/dev/null 2>&1
		rc=$?
		[ "$(net_stat "$v" q1_guest_rx_packets)" -gt 0 ] && break
		k=$((k + 1))
	done
	pass_if netmq-tcp-dom0-guest "Dom0 to guest TCP, 8 streams: rc $rc" [ "$rc" = 0 ]
	wait_glog g4 0 'net iperf tcp-r ' 180
	l=$(glast g4 0 'net iperf tcp ')
	pass_if netmq-tcp "guest iperf3 tcp: ${l#*net iperf tcp }" \
	    sh -c "echo '$l' | grep -qE 'rc=0 sent=2[0-9]{7} received=[1-9][0-9]*\$'"
	pass_if netmq-both-queues "both queues carried packets: $(ethtool -S "$v" | grep -E ' q[01]_' | tr -s ' \n' ' ')" \
	    [ "$(net_stat "$v" q0_guest_rx_packets)" -gt 0 -a \
	    "$(net_stat "$v" q1_guest_rx_packets)" -gt 0 ]
	xl destroy g4
	pass_if netmq-destroy "$v gone" \
	    wait_for 60 sh -c "[ ! -e /sys/class/net/$v ]"
	pkill -f 'iperf3 -s' 2>/dev/null
	return 0
}

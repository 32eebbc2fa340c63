# shellcheck shell=sh
# netflap: a vif's connection under load (issue 15).  A 2-vCPU guest
# with two queues serves iperf3 (lab=netbench: eth0 comes back up each
# time it appears); while Dom0 sends it TCP and floods it with pings,
# the vif is detached and attached again 5 times, with two readers
# looping over every sysfs file of the guest's vifs meanwhile.  Every
# attach must carry traffic again, and Dom0's kernel log stay clean.
netflap_readers() {
	readers=""
	for r in 1 2; do
		sh -c 'while :; do cat /sys/bus/xen-backend/devices/vif-*/* /sys/bus/xen-backend/devices/vif-*/statistics/* >/dev/null 2>&1; done' &
		readers="$readers $!"
	done
}

scenario_netflap() {
	G=169.254.99.7
	GUEST_VCPUS=2 guest_cfg g7 netbench 0 1 "lab_ip=$G xen_netfront.max_queues=2"
	guest_up g7 'nbench ready round=1' 240 netflap || return
	netflap_readers
	nf_ok=0
	nf_n=1
	while [ "$nf_n" -le 5 ]; do
		# Both end on their own within 8 s, whatever the vif does.
		timeout -s KILL 8 iperf3 -c "$G" -p 5201 -t 6 >/dev/null 2>&1 &
		nf_ip=$!
		timeout -s KILL 8 ping -f -w 6 "$G" >/dev/null 2>&1 &
		nf_pp=$!
		sleep 3
		xl network-detach g7 0 >/dev/null 2>&1
		wait "$nf_ip" "$nf_pp" 2>/dev/null
		n=$(glines g7)
		xl network-attach g7 bridge=xenbr0 >/dev/null 2>&1
		if wait_glog g7 "$n" "nbench ready round=$((nf_n + 1))" 120; then
			nf_ok=$((nf_ok + 1))
		else
			echo "netflap: cycle $nf_n did not come back"
			break
		fi
		nf_n=$((nf_n + 1))
	done
	sysfs_readers_stop
	pass_if netflap-cycles "$nf_ok of 5 detach/attach cycles under TCP and a ping flood came back" \
	    [ "$nf_ok" = 5 ]
	pass_if netflap-ping "Dom0 pings the guest after the cycles" \
	    ping -c 2 -W 5 "$G"
	xl destroy g7
	wait_for 60 gone g7
	return 0
}

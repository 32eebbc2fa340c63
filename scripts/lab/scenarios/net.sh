# shellcheck shell=sh
# net: a guest with only a vif (lab=net, address .3) against Dom0 on the
# bridge.  Ping both ways; iperf3 TCP and UDP both directions, run by the
# guest against Dom0's server and by Dom0 against the guest's; a 16 MiB
# file each way with its md5 compared (xnb's byte counters must account
# for every byte of it); TCP
# again with TSO/GSO off in the guest (no GSO packets may reach xnb);
# xnb's counters show GSO and checksum offload used both ways; the stock
# vif-bridge script enslaved the vif; then "xl destroy" under traffic.
# iperf3 -J exits 0 on failure: only the byte counts tell.
# Dom0 serves iperf3 on 5201; the files go by plain TCP (bash's /dev/tcp
# in Dom0, busybox nc in the guest).
net_guest() {
	echo "$1" | sed 's/.*net '"$2"' //'
}

scenario_net() {
	G=169.254.99.3
	iperf3 -s -D -p 5201 >/dev/null 2>&1
	dd if=/dev/urandom of=/tmp/net-out bs=1M count=16 2>/dev/null
	B=$(md5sum </tmp/net-out | cut -c1-32)
	guest_cfg g3 net 0 1 "lab_ip=$G"
	if ! xl create /tmp/g3.cfg >/tmp/g3.create 2>&1; then
		result net-create FAIL "$(tail -n 1 /tmp/g3.create)"
		return
	fi
	v=vif$(domid g3).0
	if ! wait_glog g3 0 'net ping=' 180; then
		result net-ping-out FAIL "no report from the guest in 180 s"
		diag g3
		xl destroy g3
		return
	fi
	if ! glog g3 | grep -q 'net ping=ok'; then
		result net-ping-out FAIL "guest cannot ping Dom0 through $v"
		ping -c 2 -W 2 "$G"
		ip neigh; bridge fdb show br xenbr0 | grep -v permanent
		diag g3
		xl destroy g3
		return
	fi
	result net-ping-out PASS "guest pings Dom0 through $v"
	pass_if net-bridge "vif-bridge enslaved $v to xenbr0" \
	    [ "$(basename "$(readlink /sys/class/net/$v/master)")" = xenbr0 ]
	wait_glog g3 0 'net listening' 60
	pass_if net-ping-in "Dom0 pings the guest" ping -c 3 -W 5 "$G"
	timeout 120 iperf3 -c "$G" -p 5201 -n 20M -J >/tmp/d2g.json 2>&1
	rc=$?
	s=$(awk '/"sum_sent"/ {s = 1} s && /"bytes"/ {gsub(/[^0-9]/, ""); print; exit}' /tmp/d2g.json)
	r=$(awk '/"sum_received"/ {s = 1} s && /"bytes"/ {gsub(/[^0-9]/, ""); print; exit}' /tmp/d2g.json)
	e=$(sed -n 's/.*"error":[^"]*"\(.*\)".*/\1/p' /tmp/d2g.json)
	if [ "${s:-0}" -ge 20971520 ] && [ "${r:-0}" -gt 0 ]; then
		result net-tcp-dom0-guest PASS "Dom0 to guest TCP: sent $s, received $r"
	else
		result net-tcp-dom0-guest FAIL "Dom0 to guest TCP: sent $s, received $r $e"
		diag g3
	fi
	# xnb's byte counters across each file, which must cross whole.
	rb0=$(net_stat "$v" guest_rx_bytes)
	timeout 120 bash -c "cat /tmp/net-out >/dev/tcp/$G/5556"
	tb0=$(net_stat "$v" guest_tx_bytes)
	timeout 120 bash -c "cat </dev/tcp/$G/5557 >/tmp/net-in"
	tb1=$(net_stat "$v" guest_tx_bytes)
	l=$(glast g3 0 'net listening')
	O=$(echo "$l" | sed 's/.*out-md5=//')
	N=$(md5sum </tmp/net-in | cut -c1-32)
	pass_if net-file-guest-dom0 "16 MiB guest to Dom0: guest md5 $O, Dom0 md5 $N ($(wc -c </tmp/net-in) bytes)" \
	    [ -n "$O" -a "$O" = "$N" ]
	# TCP sends 20 MiB; UDP whatever 3 s at 20 Mbit/s gives.
	for t in tcp tcp-r udp udp-r; do
		sent='2[0-9]{7}'
		[ "${t#udp}" = "$t" ] || sent='[1-9][0-9]*'
		wait_glog g3 0 "net iperf $t " 180
		l=$(glast g3 0 "net iperf $t ")
		pass_if "net-$t" "guest iperf3 $t: $(net_guest "$l" "iperf $t")" \
		    sh -c "echo '$l' | grep -qE 'rc=0 sent=$sent received=[1-9][0-9]*\$'"
	done
	wait_glog g3 0 'net gso-off begin' 60
	sleep 1
	gso0=$(net_stat "$v" guest_tx_gso)
	wait_glog g3 0 'net gso-off rc' 120
	gso1=$(net_stat "$v" guest_tx_gso)
	l=$(glast g3 0 'net gso-off rc')
	# iperf3 -n 10M may send one 128 KiB block more than asked for.
	gs=$(echo "$l" | sed -n 's/.*rc=0 sent=\([0-9]*\)$/\1/p')
	pass_if net-gso-off "TSO/GSO off in the guest: $(net_guest "$l" gso-off), GSO packets at xnb $gso0 -> $gso1" \
	    sh -c "[ -n '$gs' ] && [ '${gs:-0}' -ge 10485760 ] &&
	    [ '${gs:-0}' -le $((10485760 + 131072)) ] && [ '$gso0' = '$gso1' ]"
	wait_glog g3 0 'net file-in ' 150
	# The guest has the whole file: it crossed the vif.
	rb1=$(net_stat "$v" guest_rx_bytes)
	l=$(glast g3 0 'net file-in ')
	pass_if net-file-dom0-guest "16 MiB Dom0 to guest: $(net_guest "$l" file-in), Dom0 md5 $B" \
	    sh -c "echo '$l' | grep -q 'size=16777216 md5=$B'"
	# Tracepoints, switched on while the link is quiet (the guest only
	# pings every 2 s by now): patching them in under a flood once froze
	# the emulated Dom0 (CI, 2026-11-25; not understood, not seen again).
	echo 1 >/sys/kernel/tracing/events/xnb/enable
	ping -c 3 -W 2 "$G" >/dev/null 2>&1
	echo 0 >/sys/kernel/tracing/events/xnb/enable
	pass_if net-trace "tracepoints xnb_tx_packet and xnb_rx_packet fire" \
	    sh -c 'grep -q "xnb_tx_packet: dom" /sys/kernel/tracing/trace &&
	    grep -q "xnb_rx_packet: dom" /sys/kernel/tracing/trace'
	echo >/sys/kernel/tracing/trace
	pass_if net-offload "xnb saw GSO both ways and checksum offload: $(ethtool -S "$v" | grep -E ' guest_(tx|rx)_gso:| guest_tx_csum_blank:' | tr -s ' \n' ' ')" \
	    [ "$(net_stat "$v" guest_tx_gso)" -gt 0 -a "$(net_stat "$v" guest_rx_gso)" -gt 0 \
	    -a "$(net_stat "$v" guest_tx_csum_blank)" -gt 0 ]
	# Each 16 MiB file crossed whole (its md5 says so): xnb's counters
	# must account for it.  (Not iperf3's "sent": data still in a socket
	# when its test ends may never cross, and how much depends on the
	# speed of the moment.)
	pass_if net-bytes "xnb counted each 16 MiB file: guest to Dom0 $((tb1 - tb0)), Dom0 to guest $((rb1 - rb0)) bytes (in all $(net_stat "$v" guest_tx_bytes) and $(net_stat "$v" guest_rx_bytes))" \
	    [ $((tb1 - tb0)) -ge 16777216 -a $((rb1 - rb0)) -ge 16777216 ]
	pass_if net-no-errors "no drops or copy errors: $(ethtool -S "$v" | grep -E 'drop|error|malformed' | awk '$2 != 0' | tr -s ' \n' ' ')" \
	    sh -c "! ethtool -S $v | grep -E 'drop|error|malformed' | awk '\$2 != 0' | grep -q ."
	# Destroy the guest while Dom0 floods it.
	iperf3 -c "$G" -p 5201 -t 30 >/dev/null 2>&1 &
	ipid=$!
	sleep 4
	xl destroy g3
	kill "$ipid" 2>/dev/null
	wait "$ipid" 2>/dev/null
	pass_if net-destroy "xl destroy under traffic: $v and its backend gone" \
	    wait_for 60 sh -c "[ ! -e /sys/class/net/$v ]"
	pkill -f 'iperf3 -s' 2>/dev/null
	return 0
}

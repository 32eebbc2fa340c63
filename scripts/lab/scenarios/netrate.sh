# shellcheck shell=sh
# netrate: a vif with rate=4Mb/s in its xl configuration.  libxl writes
# the "rate" node; xnb must hold what the guest sends to about that
# (iperf3 with the guest sending: between 1 and 5 Mbit/s, xnb waited for
# credit), while what Dom0 sends the guest is not limited (above 6).  Then
# the node changes while the guest runs: 16 Mb/s applies at once, and a
# value that does not parse means no limit (both as with xen-netback).
netrate_mbit() {
	awk '/"sum_received"/ {s = 1} s && /"bits_per_second"/ {
	    gsub(/[^0-9.]/, ""); printf "%d", $0 / 1e6; exit }' "$1"
}

scenario_netrate() {
	G=169.254.99.7
	guest_cfg gr netbench 0 1 "lab_ip=$G"
	sed -i "s|bridge=xenbr0'|bridge=xenbr0,rate=4Mb/s'|" /tmp/gr.cfg
	guest_up gr 'nbench ready' 180 netrate || return
	nr_d=/sys/bus/xen-backend/devices/vif-$(domid gr)-0
	timeout 60 iperf3 -c "$G" -R -t 6 -O 1 -J >/tmp/rate-up.json 2>&1
	timeout 60 iperf3 -c "$G" -t 4 -O 1 -J >/tmp/rate-down.json 2>&1
	up=$(netrate_mbit /tmp/rate-up.json)
	down=$(netrate_mbit /tmp/rate-down.json)
	pass_if netrate-limited "guest sends at ${up:-?} Mbit/s under rate=4Mb/s (node $(cat $nr_d/rate), $(cat $nr_d/statistics/guest_tx_credit_waits) credit waits)" \
	    [ "${up:-0}" -ge 1 -a "${up:-99}" -le 5 -a \
	    "$(cat $nr_d/statistics/guest_tx_credit_waits)" -gt 0 ]
	pass_if netrate-down "Dom0 to guest is not limited: ${down:-?} Mbit/s" \
	    [ "${down:-0}" -gt 6 ]
	# The toolstack changes the rate while the guest sends: xnb watches
	# the node, as xen-netback does, and the new rate must hold within a
	# second.  4 Mb/s -> 16 Mb/s (libxl's "100000,50000") in the middle
	# of an iperf3 run; xnb's guest_tx_bytes, sampled by Dom0, gives the
	# rate in the second before the write and in the second after the
	# next one.  Then a value that does not parse: no limit.
	rb=/local/domain/0/backend/vif/$(domid gr)/0/rate
	timeout 60 iperf3 -c "$G" -R -t 9 -O 1 -J >/tmp/rate-up16.json 2>&1 &
	nr_ip=$!
	sleep 4
	nr_v=vif$(domid gr).0
	nr_t0=$(date +%s%N); nr_c0=$(net_stat "$nr_v" guest_tx_bytes)
	sleep 1
	nr_t1=$(date +%s%N); nr_c1=$(net_stat "$nr_v" guest_tx_bytes)
	xenstore-write "$rb" 100000,50000
	sleep 1
	nr_t2=$(date +%s%N); nr_c2=$(net_stat "$nr_v" guest_tx_bytes)
	sleep 1
	nr_t3=$(date +%s%N); nr_c3=$(net_stat "$nr_v" guest_tx_bytes)
	wait "$nr_ip"
	# kbit/s over each window.
	nr_old=$(((nr_c1 - nr_c0) * 8000000 / ((nr_t1 - nr_t0) / 1000) / 1000))
	nr_new=$(((nr_c3 - nr_c2) * 8000000 / ((nr_t3 - nr_t2) / 1000) / 1000))
	pass_if netrate-live "rate written 100000,50000 during iperf3 (node $(cat $nr_d/rate)): $nr_old kbit/s in the second before, $nr_new kbit/s in the second from 1 s after (at most 20000)" \
	    [ "$nr_new" -gt $((2 * nr_old)) -a "$nr_new" -le 20000 ]
	xenstore-write "$rb" garbage
	wait_for 10 sh -c "grep -q unlimited $nr_d/rate"
	timeout 60 iperf3 -c "$G" -R -t 4 -O 1 -J >/tmp/rate-upu.json 2>&1
	upu=$(netrate_mbit /tmp/rate-upu.json)
	pass_if netrate-malformed "rate \"garbage\": $(cat $nr_d/rate), the guest sends at ${upu:-?} Mbit/s; $(dmesg | grep 'is not <bytes>,<usecs>' | tail -n 1 | sed 's/^\[[^]]*\] //')" \
	    [ "$(cat $nr_d/rate)" = unlimited -a "${upu:-0}" -gt 20 ]
	xl destroy gr
	wait_for 60 gone gr
	return 0
}

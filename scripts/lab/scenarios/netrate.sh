# shellcheck shell=sh
# netrate: a vif with rate=4Mb/s in its xl configuration.  libxl writes
# the "rate" node; xnb must hold what the guest sends to about that
# (iperf3 with the guest sending: between 1 and 5 Mbit/s, xnb waited for
# credit), while what Dom0 sends the guest is not limited (above 6).
netrate_mbit() {
	awk '/"sum_received"/ {s = 1} s && /"bits_per_second"/ {
	    gsub(/[^0-9.]/, ""); printf "%d", $0 / 1e6; exit }' "$1"
}

scenario_netrate() {
	G=169.254.99.7
	guest_cfg gr netbench 0 1 "lab_ip=$G"
	sed -i "s|bridge=xenbr0'|bridge=xenbr0,rate=4Mb/s'|" /tmp/gr.cfg
	guest_up gr 'nbench ready' 180 netrate || return
	d=/sys/bus/xen-backend/devices/vif-$(domid gr)-0
	timeout 60 iperf3 -c "$G" -R -t 6 -O 1 -J >/tmp/rate-up.json 2>&1
	timeout 60 iperf3 -c "$G" -t 4 -O 1 -J >/tmp/rate-down.json 2>&1
	up=$(netrate_mbit /tmp/rate-up.json)
	down=$(netrate_mbit /tmp/rate-down.json)
	pass_if netrate-limited "guest sends at ${up:-?} Mbit/s under rate=4Mb/s (node $(cat $d/rate), $(cat $d/statistics/tx_credit_waits) credit waits)" \
	    [ "${up:-0}" -ge 1 -a "${up:-99}" -le 5 -a \
	    "$(cat $d/statistics/tx_credit_waits)" -gt 0 ]
	pass_if netrate-down "Dom0 to guest is not limited: ${down:-?} Mbit/s" \
	    [ "${down:-0}" -gt 6 ]
	xl destroy gr
	wait_for 60 gone gr
	return 0
}

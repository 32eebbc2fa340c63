# shellcheck shell=sh
# netslow: a guest that drains its receive ring slowly but never stops
# (issue 15, XSA-392).  A 4-vCPU guest with four queues is capped to 2 %
# of a CPU by Xen's scheduler, so that netfront takes a few receive slots
# now and then, while Dom0 sends 64 KiB TCP GSO packets straight into its
# vif over 64 flows (tools/gsoflood.c) for 15 s.  A guest that keeps
# making progress is never declared stalled, so only the byte bound
# (xnb.rx_queue_bytes, 512 KiB by default) limits what each queue holds
# for it: the most any queue held, sampled every 0.2 s, must stay within
# that bound and one packet (the limit: 2 MiB a queue), and the
# guest must take traffic again once uncapped.  The qdisc in front of the
# vif holds what the stack queues before any driver (tx_queue_len
# packets a queue): its backlog is sampled and shown beside.
ns_stats() {
	sed -n 's/^q\([0-9]*\) .* queued \([0-9]*\) bytes \([0-9]*\) .*/\1 \2 \3/p' "$1/rings"
}

scenario_netslow() {
	G=169.254.99.8
	GUEST_VCPUS=4 guest_cfg g8 netbench 0 1 "lab_ip=$G xen_netfront.max_queues=4"
	guest_up g8 'nbench ready round=1' 300 netslow || return
	ns_dom=$(domid g8)
	v=vif$ns_dom.0
	d=/sys/bus/xen-backend/devices/vif-$ns_dom-0
	ns_q=$(ls -d /sys/class/net/$v/queues/tx-* 2>/dev/null | wc -l)
	mac=$(xenstore-read "/local/domain/0/backend/vif/$ns_dom/0/mac")
	ns_lim=$(cat /sys/module/xnb/parameters/rx_queue_bytes)
	ns_rx0=$(net_stat "$v" guest_rx_packets)
	if ! xl sched-credit2 -d g8 --cap=2 2>/dev/null; then
		xl sched-credit -d g8 --cap=2 2>/dev/null
	fi
	ns_sched=$(xl sched-credit2 -d g8 2>/dev/null | tail -n 1)
	echo "netslow: scheduler entry of the capped guest: $ns_sched"
	/lab/gsoflood "$v" "$mac" 15 64 >/tmp/gsoflood.out 2>&1 &
	ns_fl=$!
	ns_max=0
	ns_maxq=0
	ns_samples=0
	ns_qd=0
	while kill -0 "$ns_fl" 2>/dev/null; do
		ns_stats "$d" >/tmp/ns.now
		while read -r ns_id ns_pk ns_by; do
			if [ "$ns_by" -gt "$ns_max" ]; then
				ns_max=$ns_by
				ns_maxq=$ns_id
			fi
		done </tmp/ns.now
		# The root qdisc's backlog (mq: the sum over the queues).
		ns_b=$(tc -s -j qdisc show dev "$v" root 2>/dev/null |
		    grep -o '"backlog":[0-9]*' | head -n 1 | cut -d: -f2)
		[ "${ns_b:-0}" -gt "$ns_qd" ] && ns_qd=$ns_b
		ns_samples=$((ns_samples + 1))
		sleep 0.2
	done
	wait "$ns_fl"
	cat "$d/rings"
	ns_rx1=$(net_stat "$v" guest_rx_packets)
	ns_stalls=$(cat "$d/statistics/guest_rx_stalls" 2>/dev/null)
	if ! xl sched-credit2 -d g8 --cap=0 2>/dev/null; then
		xl sched-credit -d g8 --cap=0 2>/dev/null
	fi
	pass_if netslow-bytes "$ns_q queues, $(cat /tmp/gsoflood.out); the most one queue held: $ns_max bytes (queue $ns_maxq, $ns_samples samples; rx_queue_bytes $ns_lim), and the qdisc in front of the vif $ns_qd bytes over all queues (the stack's, tx_queue_len $(cat /sys/class/net/$v/tx_queue_len) packets a queue); the guest took $((ns_rx1 - ns_rx0)) packets meanwhile; stalls $ns_stalls" \
	    [ "$ns_q" = 4 -a "$ns_max" -gt 0 -a "$ns_max" -le $((ns_lim + 65536 + 4096)) -a "$ns_max" -le 2097152 ]
	pass_if netslow-recover "Dom0 pings the uncapped guest" \
	    wait_for 60 ping -c 1 -W 2 "$G"
	xl destroy g8
	wait_for 60 sh -c "[ ! -e /sys/class/net/$v ]"
	return 0
}

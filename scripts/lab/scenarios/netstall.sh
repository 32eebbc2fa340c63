# shellcheck shell=sh
# netstall: a guest that stops taking traffic (eth0 down for 30 s, so
# netfront posts no receive buffers) while Dom0 floods it.  xnb must stop
# the interface's queue, hold no more than xnb.rx_queue_len packets,
# declare the guest stalled after xnb.rx_stall_timeout (2 s here), drop
# and count its traffic, turn the carrier off (as xen-netback does), keep
# Dom0 and the other guests working, and carry traffic again, carrier on,
# once the guest takes it.  The backlog is bounded in bytes
# (issue 15, XSA-392): xnb.rx_queue_bytes is its 64 KiB minimum here and
# xnb.rx_queue_len the default 256, so the bytes stop the queue, at about
# 65 of these packets: a local sender cannot have more than its socket's
# send buffer (about 90 of them) in flight, and that must be enough.
scenario_netstall() {
	G=169.254.99.6
	old=$(cat /sys/module/xnb/parameters/rx_stall_timeout)
	oldq=$(cat /sys/module/xnb/parameters/rx_queue_len)
	oldb=$(cat /sys/module/xnb/parameters/rx_queue_bytes)
	echo 2000 >/sys/module/xnb/parameters/rx_stall_timeout
	echo 256 >/sys/module/xnb/parameters/rx_queue_len
	echo 65536 >/sys/module/xnb/parameters/rx_queue_bytes
	guest_cfg g6 stall 0 1 "lab_ip=$G"
	guest_up g6 'stall down' 180 netstall || return
	v=vif$(domid g6).0
	d=/sys/bus/xen-backend/devices/vif-$(domid g6)-0
	# Keep the guest's address resolved while it does not answer, so
	# that the flood reaches the vif instead of dying in ARP.
	mac=$(xenstore-read "/local/domain/0/backend/vif/$(domid g6)/0/mac")
	ip neigh replace "$G" lladdr "$mac" dev xenbr0 nud permanent
	sleep 2
	# 20000 datagrams of 1000 bytes: blocking writes, so the socket's
	# send buffer paces them once the vif holds what it may.
	timeout 20 bash -c "dd if=/dev/zero bs=1000 count=20000 2>/dev/null >/dev/udp/$G/9" &
	fl=$!
	# What the vif holds for the guest, sampled until the flood ends: the
	# most is held before the stall timer purges it.
	q=0
	qb=0
	# The carrier goes off once the guest is declared stalled (as with
	# xen-netback: the bridge stops sending to it) and on once it
	# takes traffic again.
	ns_off=0
	while kill -0 "$fl" 2>/dev/null; do
		[ "$(cat "/sys/class/net/$v/carrier" 2>/dev/null)" = 0 ] &&
		    ns_off=1
		n=$(sed -n 's/.*queued \([0-9]*\) bytes \([0-9]*\).*/\1 \2/p' "$d/rings")
		# shellcheck disable=SC2086
		set -- $n 0 0
		[ "$1" -gt "$q" ] && q=$1
		[ "$2" -gt "$qb" ] && qb=$2
		sleep 0.1
	done
	wait "$fl"
	cat "$d/rings"
	pass_if netstall-dropped "stalled guest: $(grep -H . $d/statistics/guest_rx_stalls $d/statistics/guest_rx_drop_stall $d/statistics/guest_rx_drop_purged $d/statistics/queue_stops | sed "s|$d/statistics/||" | tr '\n' ' ')queued $q" \
	    [ "$(cat $d/statistics/guest_rx_stalls)" -ge 1 -a \
	    "$(($(cat $d/statistics/guest_rx_drop_stall) + $(cat $d/statistics/guest_rx_drop_purged)))" -gt 0 \
	    -a "$q" -le "$(cat /sys/module/xnb/parameters/rx_queue_len)" ]
	# What the stalled guest pins: the byte bound and one packet more.
	pass_if netstall-bytes "held for the stalled guest at most: $q packets, $qb bytes (rx_queue_bytes 65536, rx_queue_len 256)" \
	    [ "$qb" -gt 0 -a "$qb" -le $((65536 + 2048)) -a "$q" -lt 256 ]
	ip neigh del "$G" dev xenbr0
	pass_if netstall-dom0 "Dom0's bridge still works meanwhile" \
	    ip -br link show xenbr0 up
	n=$(glines g6)
	pass_if netstall-recover "the guest takes traffic again once eth0 is up" \
	    wait_glog g6 "$n" 'tick .* net=ok' 120
	pass_if netstall-ping "Dom0 pings the recovered guest" \
	    ping -c 2 -W 5 "$G"
	pass_if netstall-carrier "carrier off during the stall ($ns_off), on after it ($(cat "/sys/class/net/$v/carrier")): $(dmesg | grep "$v: guest RX" | sed 's/^\[[^]]*\] //' | tr '\n' ';')" \
	    [ "$ns_off" = 1 -a "$(cat "/sys/class/net/$v/carrier")" = 1 ]
	echo "$old" >/sys/module/xnb/parameters/rx_stall_timeout
	echo "$oldq" >/sys/module/xnb/parameters/rx_queue_len
	echo "$oldb" >/sys/module/xnb/parameters/rx_queue_bytes
	xl destroy g6
	wait_for 60 sh -c "[ ! -e /sys/class/net/$v ]"
	return 0
}

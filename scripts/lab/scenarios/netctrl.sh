# shellcheck shell=sh
# netctrl: the control ring and receive-side steering (issue 19), with
# Dom0 as the frontend (scripts/lab/tools/netpoke.c), since Linux
# netfront never uses the control ring.  A vif laid out by hand (frontend
# domain 0, the hostile scenario's way) with as many queues as xnb offers
# (at most 4) and a control ring; netpoke sets Toeplitz hashing with
# Microsoft's RSS key and an 8-entry mapping table, with malformed
# requests between, and checks every answer; then Dom0's stack opens 64
# TCP connections through the vif and netpoke checks that each SYN came on
# the queue the table gives for its own Toeplitz hash, with that hash in a
# hash extra.  Multicast control (netif.h): the frontend joins a group
# over its TX ring and asks for filtering; Dom0 sends to three groups and
# only the joined one reaches the guest, until the frontend turns
# filtering off (and on again) while connected.  Then a control ring
# whose producer index is beyond the ring: the vif is disabled with one
# message, and Dom0 carries on.  Last, a frontend that asks for XDP
# headroom (Reconfiguring) before the hotplug script is done is connected
# and answered Reconfigured.
NC_IN=/tmp/netpoke.in
NC_OUT=/tmp/netpoke.out

# netctrl_dev N NQ: the toolstack's nodes of vif N and netpoke's rings.
netctrl_dev() {
	dom0_vif "$1" 00:16:3e:00:00:02
	rm -f "$NC_IN" "$NC_OUT"
	mkfifo "$NC_IN"
	/lab/netpoke "$2" 10.99.0.2 <"$NC_IN" >"$NC_OUT" 2>&1 &
	np_pid=$!
	# Hold the FIFO open for writing: netpoke reads commands until quit.
	exec 9>"$NC_IN"
	wait_for 10 grep -q '^ctrl ' "$NC_OUT"
	xenstore-write "$F/request-rx-copy" 1 "$F/feature-rx-notify" 1 \
	    "$F/multi-queue-num-queues" "$2" "$F/request-multicast-control" 1
	while read -r w q tx_w tx rx_w rx ev_w ev; do
		[ "$w" = q ] || continue
		xenstore-write "$F/queue-$q/tx-ring-ref" "$tx" \
		    "$F/queue-$q/rx-ring-ref" "$rx" \
		    "$F/queue-$q/event-channel" "$ev"
	done <"$NC_OUT"
	set -- $(grep '^ctrl ' "$NC_OUT")
	xenstore-write "$F/ctrl-ring-ref" "$2" "$F/event-channel-ctrl" "$3"
}

netctrl_gone() {
	echo quit >&9
	exec 9>&-
	wait "$np_pid" 2>/dev/null
	dom0_vif_gone "$1"
}

# netctrl_answer PREFIX N: wait up to 30 s for netpoke's Nth answer line
# starting with PREFIX (two words: "ctrl ok", not netpoke's first "ctrl"
# line); print it.
netctrl_answer() {
	wait_for 30 sh -c "[ \$(grep -c '^$1 ' $NC_OUT) -ge $2 ]"
	grep "^$1 " "$NC_OUT" | sed -n "$2p"
}

# netctrl_mflows N CHECK WANT WHAT: netpoke's Nth multicast round; the
# counts per group must be WANT.
netctrl_mflows() {
	echo "mflows 10.99.0.1" >&9
	a=$(netctrl_answer "mflows g3" "$1")
	pass_if "$2" "$4: $a; guest_rx_drop_mcast $(cat "$nd/statistics/guest_rx_drop_mcast")" \
	    [ "$a" = "mflows $3" ]
}

scenario_netctrl() {
	nq=$(cat /sys/module/xnb/parameters/max_queues)
	[ "$nq" -gt 4 ] && nq=4
	netctrl_dev 120 "$nq"
	B=/local/domain/0/backend/vif/0/120
	F=/local/domain/0/device/vif/120
	pass_if netctrl-feature "feature-ctrl-ring is $(xenstore-read "$B/feature-ctrl-ring" 2>/dev/null)" \
	    [ "$(xenstore-read "$B/feature-ctrl-ring" 2>/dev/null)" = 1 ]
	xenstore-write "$F/state" 4
	wait_for 20 sh -c "[ \"\$(xenstore-read $B/state 2>/dev/null)\" = 4 ]"
	nd=/sys/bus/xen-backend/devices/vif-0-120
	v=$(cat "$nd/interface" 2>/dev/null)
	pass_if netctrl-connect "vif $v connected with $(cat "$nd/queues" 2>/dev/null) queues: $(dmesg | grep 'vif-0-120: connected' | tail -1 | sed 's/.*connected: //')" \
	    sh -c "[ \"\$(xenstore-read $B/state)\" = 4 ] && dmesg | grep 'vif-0-120: connected' | tail -1 | grep -q 'and a control ring'"
	echo ctrl >&9
	a=$(netctrl_answer "ctrl ok" 1)
	grep '^ctrl type' "$NC_OUT" | head -5
	pass_if netctrl-messages "$a; sysfs ctrl: $(cat "$nd/ctrl" 2>/dev/null)" \
	    sh -c "[ \"$a\" = 'ctrl ok 15 bad 0' ] && grep -q 'algorithm toeplitz types 0x3 map 8' $nd/ctrl"
	ip link set "$v" up
	ip addr add 10.99.0.1/24 dev "$v"
	ip neigh replace 10.99.0.2 lladdr 00:16:3e:00:00:02 dev "$v" nud permanent
	echo "flows 64" >&9
	a=$(netctrl_answer "flows syn" 1)
	set -- $a
	# flows syn S right R wrong W hash_ok H hash_bad X other O queues_used U
	pass_if netctrl-steering "$a (with $nq queues)" \
	    sh -c "[ $3 -ge 64 ] && [ $7 = 0 ] && [ $5 = $3 ] && [ $9 = $3 ] && [ ${11} = 0 ] && { [ $nq = 1 ] || [ ${15} -ge 2 ]; }"
	# Multicast control: join a group, try a unicast address; with
	# filtering on only the joined group's frames reach the guest; the
	# frontend turns filtering off and on again while connected.
	echo mcast >&9
	a=$(netctrl_answer "mcast ok" 1)
	pass_if netctrl-mcast "$a; guest_tx_mcast_ctrl $(cat "$nd/statistics/guest_tx_mcast_ctrl")" \
	    [ "$a" = "mcast ok 4 bad 0" ]
	netctrl_mflows 1 netctrl-mcast-filter "g3 8 g4 0 g5 0" "joined 239.1.2.3 only"
	xenstore-write "$F/request-multicast-control" 0
	sleep 1
	netctrl_mflows 2 netctrl-mcast-off "g3 8 g4 8 g5 8" "request-multicast-control 0 while connected"
	xenstore-write "$F/request-multicast-control" 1
	sleep 1
	netctrl_mflows 3 netctrl-mcast-on "g3 8 g4 0 g5 0" "and 1 again"
	pass_if netctrl-mcast-log "$(dmesg | grep -c 'vif-0-120: multicast filtering') filtering messages (on, off, on)" \
	    [ "$(dmesg | grep -c 'vif-0-120: multicast filtering')" = 3 ]
	ip addr del 10.99.0.1/24 dev "$v" 2>/dev/null
	# A control ring whose producer index is beyond the ring, as a
	# broken or hostile frontend writes it: the vif is disabled with one
	# message, and Dom0 carries on.
	before=$(dmesg | grep -c 'control ring producer index')
	echo bad >&9
	wait_for 20 sh -c "[ \"\$(xenstore-read $B/state 2>/dev/null)\" = 5 ]"
	after=$(dmesg | grep -c 'control ring producer index')
	pass_if netctrl-hostile "backend state $(xenstore-read "$B/state" 2>/dev/null) after a control ring producer index beyond the ring; $((after - before)) message(s): $(dmesg | grep 'control ring producer index' | tail -1 | sed 's/^\[[^]]*\] //')" \
	    [ "$(xenstore-read "$B/state" 2>/dev/null)" = 5 -a $((after - before)) = 1 ]
	xenstore-write "$F/state" 6
	wait_for 20 sh -c "[ \"\$(xenstore-read $B/state 2>/dev/null)\" = 6 ]"
	netctrl_gone 120
	pass_if netctrl-alive "the device is gone and Dom0's toolstack answers" \
	    sh -c "[ ! -d $nd ] && xl list >/dev/null"
	# XDP headroom asked for before the backend could connect (the
	# hotplug script late; netfront's Connected and Reconfiguring read
	# as one event): the frontend shows Reconfiguring with its rings
	# written, then the hotplug script is done; the vif connects and
	# answers Reconfigured, which netfront would wait for for ever.
	# (netctrl_dev lays the rings out per queue: two queues at least.)
	nq=$(cat /sys/module/xnb/parameters/max_queues)
	[ "$nq" -gt 2 ] && nq=2
	netctrl_dev 121 "$nq"
	B=/local/domain/0/backend/vif/0/121
	F=/local/domain/0/device/vif/121
	nd=/sys/bus/xen-backend/devices/vif-0-121
	xenstore-rm "$B/hotplug-status"
	xenstore-write "$F/xdp-headroom" 256 "$F/state" 7
	sleep 2
	s1=$(xenstore-read "$B/state" 2>/dev/null)
	xenstore-write "$B/hotplug-status" connected
	wait_for 20 sh -c "[ \"\$(xenstore-read $B/state 2>/dev/null)\" = 8 ]"
	pass_if netctrl-reconf-early "backend state $s1 while the hotplug script is pending, then $(xenstore-read "$B/state" 2>/dev/null) with $(cat "$nd/queues" 2>/dev/null) queue(s), xdp_headroom $(cat "$nd/xdp_headroom" 2>/dev/null)" \
	    [ "$s1" = 2 -a "$(xenstore-read "$B/state" 2>/dev/null)" = 8 -a "$(cat "$nd/queues" 2>/dev/null)" = "$nq" -a "$(cat "$nd/xdp_headroom" 2>/dev/null)" = 256 ]
	xenstore-write "$F/state" 6
	wait_for 20 sh -c "[ \"\$(xenstore-read $B/state 2>/dev/null)\" = 6 ]"
	netctrl_gone 121
}

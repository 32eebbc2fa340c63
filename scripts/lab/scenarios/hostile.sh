# shellcheck shell=sh
# hostile: Dom0 plays a broken frontend for a vbd, then for a vif, that it
# creates by hand in XenStore (frontend-id 0), as the toolstack would lay
# them out (including a vbd asking for too many queues, and one whose
# second queue has no nodes).  Each bad value must refuse the connection with a message
# naming the node, the backend must show Closing, and Dom0 must carry on;
# then the frontend flaps its state a hundred times and the device is
# removed cleanly.
# hostile_refused TYPE N RESULT DETAIL MESSAGE: the backend of device N
# shows Closing and said MESSAGE about it in the kernel log.
hostile_refused() {
	pass_if "$3" "$4" \
	    wait_for 20 sh -c "[ \"\$(xenstore-read /local/domain/0/backend/$1/0/$2/state)\" = 5 ] &&
	    dmesg | grep -q '$1-0-$2.*$5'"
}

# hostile_flap FRONTEND-DIR: the frontend's state through every value a
# hundred times, then Closed.
hostile_flap() {
	flap_n=0
	while [ "$flap_n" -lt 100 ]; do
		xenstore-write "$1/state" $((flap_n % 6 + 1))
		flap_n=$((flap_n + 1))
	done
	xenstore-write "$1/state" 6
}

# hostile_case N NAME NODE VALUE: a frontend whose NODE is VALUE.
hostile_case() {
	dom0_vbd "$1" "$LOOPDEV"
	xenstore-write "/local/domain/0/device/vbd/$1/ring-ref" 8 \
	    "/local/domain/0/device/vbd/$1/event-channel" 5 \
	    "/local/domain/0/device/vbd/$1/$3" "$4"
	xenstore-write "/local/domain/0/device/vbd/$1/state" 3
	hostile_refused vbd "$1" "hostile-$2" "$3=\"$4\" refused, backend Closing" "$3"
	dom0_vbd_gone "$1"
}

scenario_hostile() {
	hostile_case 51800 order ring-page-order 9
	hostile_case 51801 pages num-ring-pages 3
	hostile_case 51802 evtchn event-channel 0
	hostile_case 51803 protocol protocol sparc-abi
	hostile_case 51804 garbage ring-page-order 1x
	# More queues than xbb offers (max_queues, Dom0's CPUs), then two
	# queues of which the second left its nodes out.
	hostile_case 51807 queues multi-queue-num-queues 99
	dom0_vbd 51808 "$LOOPDEV"
	F=/local/domain/0/device/vbd/51808
	xenstore-write "$F/multi-queue-num-queues" 2 "$F/queue-0/ring-ref" 8 \
	    "$F/queue-0/event-channel" 5
	xenstore-write "$F/state" 3
	hostile_refused vbd 51808 hostile-queue-missing \
	    "2 queues asked for, queue-1 has no nodes: refused, backend Closing" \
	    "queue-1"
	dom0_vbd_gone 51808
	dom0_vbd 51805 "$LOOPDEV"
	F=/local/domain/0/device/vbd/51805
	xenstore-write "$F/state" 42
	pass_if hostile-state "state=42 shuts the device down" \
	    wait_for 20 sh -c "dmesg | grep -q 'vbd-0-51805.*state: \"42\" is outside.*shutting the device down'"
	# A ring whose grant cannot be mapped: every connect attempt fails
	# after the store is opened, through the cleanup paths.
	xenstore-write "$F/ring-ref" 4294967294 "$F/event-channel" 5
	hostile_flap "$F"
	dom0_vbd_gone 51805
	pass_if hostile-flap "100 state flaps, then removal: no device left" \
	    sh -c '! ls -d /sys/bus/xen-backend/devices/vbd-0-* >/dev/null 2>&1'
	hostile_ring
	scenario_hostile_vif
}

# hostile_poke NPAGES REQ_PROD: Dom0's own ring pages with a bad req_prod
# (scripts/lab/tools/ringpoke.c); sets poke_pid and poke (the grant
# references, then the event channel).
hostile_poke() {
	# Not a truncating redirect alone: the test below could still see the
	# last run's line before the new process truncates the file.
	rm -f /tmp/poke.out
	/lab/ringpoke "$1" "$2" >/tmp/poke.out 2>&1 &
	poke_pid=$!
	wait_for 10 test -s /tmp/poke.out
	poke=$(cat /tmp/poke.out)
}

# hostile_kmem: kernel memory in use (kB): slab and vmalloc.
hostile_kmem() {
	awk '/^(Slab|VmallocUsed):/ {s += $2} END {print s}' /proc/meminfo
}

# hostile_state DIR STATE: wait (up to 10 s) for a backend state.
hostile_state() {
	st_n=0
	while [ "$st_n" -lt 100 ]; do
		[ "$(xenstore-read "$1/state" 2>/dev/null)" = "$2" ] && return 0
		sleep 0.1
		st_n=$((st_n + 1))
	done
	return 1
}

# hostile_leak TYPE N CONNECTED-STATE RESULT: a frontend with good rings
# connects and closes 50 times (each a full connect and teardown); the
# kernel's slab and vmalloc use must not grow by more than 1 MiB.  Run
# after hostile_poke and the frontend's ring nodes are written.
hostile_leak() {
	B=/local/domain/0/backend/$1/0/$2
	F=/local/domain/0/device/$1/$2
	xenstore-write "$F/state" "$3"
	hostile_state "$B" 4
	k0=$(hostile_kmem)
	leak_n=0
	leak_ok=0
	while [ "$leak_n" -lt 50 ]; do
		xenstore-write "$F/state" 6
		hostile_state "$B" 6 || break
		xenstore-write "$F/state" 1
		hostile_state "$B" 2 || break
		xenstore-write "$F/state" "$3"
		hostile_state "$B" 4 || break
		leak_ok=$((leak_ok + 1))
		leak_n=$((leak_n + 1))
	done
	k1=$(hostile_kmem)
	pass_if "$4" "$leak_ok of 50 connect/close cycles; slab+vmalloc $k0 -> $k1 kB" \
	    [ "$leak_ok" = 50 -a $((k1 - k0)) -lt 1024 ]
}

# A frontend whose ring claims 1000 requests on a 32-slot ring: the
# device is shut down with one message, and Dom0 carries on.
hostile_ring() {
	dom0_vbd 51806 "$LOOPDEV"
	F=/local/domain/0/device/vbd/51806
	hostile_poke 1 1000
	set -- $poke
	xenstore-write "$F/ring-ref" "$1" "$F/event-channel" "$2" "$F/state" 3
	hostile_refused vbd 51806 hostile-ring \
	    "req_prod 1000 on a 32-slot ring ($poke): device shut down" \
	    '\(req_prod 1000 claims more than 32\|req_prod 1000 and rsp_prod 0 are more than 32\)'
	kill "$poke_pid"
	wait "$poke_pid" 2>/dev/null
	dom0_vbd_gone 51806
	# The same device type with a good ring, connected and closed again
	# and again: nothing may leak.
	dom0_vbd 51807 "$LOOPDEV"
	F=/local/domain/0/device/vbd/51807
	hostile_poke 1 0
	set -- $poke
	xenstore-write "$F/ring-ref" "$1" "$F/event-channel" "$2"
	hostile_leak vbd 51807 3 hostile-leak
	xenstore-write "$F/state" 6
	kill "$poke_pid"
	wait "$poke_pid" 2>/dev/null
	dom0_vbd_gone 51807
}

# The same for a vif: the toolstack's nodes, the hotplug script's status,
# and a frontend that writes everything netfront does, one value bad.
hostile_vif_dev() {
	dom0_vif "$1" 00:16:3e:00:00:01
	xenstore-write "$F/tx-ring-ref" 8 "$F/rx-ring-ref" 9 \
	    "$F/event-channel" 5 "$F/request-rx-copy" 1 \
	    "$F/feature-rx-notify" 1 "$F/feature-sg" 1
}

hostile_vif_gone() {
	dom0_vif_gone "$1"
}

# hostile_vif_case N NAME NODE VALUE MESSAGE
hostile_vif_case() {
	hostile_vif_dev "$1"
	xenstore-write "/local/domain/0/device/vif/$1/$3" "$4"
	xenstore-write "/local/domain/0/device/vif/$1/state" 4
	hostile_refused vif "$1" "hostile-vif-$2" "vif $3=\"$4\" refused, backend Closing" "$5"
	hostile_vif_gone "$1"
}

# A netfront whose TX ring claims 1000 requests on a 256-slot ring: the
# vif is disabled with one message.
hostile_vif_ring() {
	hostile_vif_dev 108
	F=/local/domain/0/device/vif/108
	hostile_poke 2 1000
	set -- $poke
	xenstore-write "$F/tx-ring-ref" "$1" "$F/rx-ring-ref" "$2" \
	    "$F/event-channel" "$3" "$F/state" 4
	hostile_refused vif 108 hostile-vif-ring \
	    "TX req_prod 1000 on a 256-slot ring ($poke): vif disabled" \
	    '\(TX producer index beyond the ring\|ring indexes tx 1000/0 .* more than a ring apart\)'
	kill "$poke_pid"
	wait "$poke_pid" 2>/dev/null
	hostile_vif_gone 108
	hostile_vif_dev 109
	F=/local/domain/0/device/vif/109
	hostile_poke 2 0
	set -- $poke
	xenstore-write "$F/tx-ring-ref" "$1" "$F/rx-ring-ref" "$2" \
	    "$F/event-channel" "$3"
	hostile_leak vif 109 4 hostile-vif-leak
	xenstore-write "$F/state" 6
	kill "$poke_pid"
	wait "$poke_pid" 2>/dev/null
	hostile_vif_gone 109
}

scenario_hostile_vif() {
	hostile_vif_case 101 queues multi-queue-num-queues 99 multi-queue-num-queues
	hostile_vif_case 102 sg feature-sg 2 feature-sg
	hostile_vif_case 103 flip request-rx-copy 0 'page flipping'
	hostile_vif_case 104 notify feature-rx-notify 0 feature-rx-notify
	hostile_vif_case 105 evtchn event-channel 0 event-channel
	hostile_vif_case 106 gref tx-ring-ref abc tx-ring-ref
	hostile_vif_ring
	hostile_vif_dev 107
	F=/local/domain/0/device/vif/107
	# Rings that cannot be mapped: every connect fails in its cleanup
	# paths; then the frontend flaps its state.
	xenstore-write "$F/tx-ring-ref" 4294967294 "$F/rx-ring-ref" 4294967293
	hostile_flap "$F"
	hostile_vif_gone 107
	pass_if hostile-vif-flap "100 vif state flaps, then removal: no device or interface left" \
	    sh -c '! ls -d /sys/bus/xen-backend/devices/vif-0-* >/dev/null 2>&1 &&
	    ! ls -d /sys/class/net/vif0.* >/dev/null 2>&1'
}

# shellcheck shell=sh
# hostile: Dom0 plays a broken frontend for a vbd, then for a vif, that it
# creates by hand in XenStore (frontend-id 0), as the toolstack would lay
# them out.  Each bad value must refuse the connection with a message
# naming the node, the backend must show Closing, and Dom0 must carry on;
# then the frontend flaps its state a hundred times and the device is
# removed cleanly.
hostile_dev() {
	B=/local/domain/0/backend/vbd/0/$1
	F=/local/domain/0/device/vbd/$1
	xenstore-write "$F/backend" "$B" "$F/backend-id" 0 "$F/state" 1 \
	    "$B/frontend" "$F" "$B/frontend-id" 0 "$B/online" 1 \
	    "$B/mode" w "$B/params" "$LOOPDEV" \
	    "$B/physical-device" "$(printf '%x:%x' \
	    "$(stat -c %t "$LOOPDEV" | sed 's/^/0x/' | xargs printf '%d')" \
	    "$(stat -c %T "$LOOPDEV" | sed 's/^/0x/' | xargs printf '%d')")" \
	    "$B/state" 1
	wait_for 20 sh -c "[ \"\$(xenstore-read $B/state 2>/dev/null)\" = 2 ]"
}

hostile_gone() {
	xenstore-rm "/local/domain/0/device/vbd/$1"
	xenstore-rm "/local/domain/0/backend/vbd/0/$1"
	wait_for 20 sh -c "! ls -d /sys/bus/xen-backend/devices/vbd-0-$1 >/dev/null 2>&1"
}

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
	hostile_dev "$1"
	xenstore-write "/local/domain/0/device/vbd/$1/ring-ref" 8 \
	    "/local/domain/0/device/vbd/$1/event-channel" 5 \
	    "/local/domain/0/device/vbd/$1/$3" "$4"
	xenstore-write "/local/domain/0/device/vbd/$1/state" 3
	hostile_refused vbd "$1" "hostile-$2" "$3=\"$4\" refused, backend Closing" "$3"
	hostile_gone "$1"
}

scenario_hostile() {
	hostile_case 51800 order ring-page-order 9
	hostile_case 51801 pages num-ring-pages 3
	hostile_case 51802 evtchn event-channel 0
	hostile_case 51803 protocol protocol sparc-abi
	hostile_case 51804 garbage ring-page-order 1x
	hostile_dev 51805
	F=/local/domain/0/device/vbd/51805
	xenstore-write "$F/state" 42
	pass_if hostile-state "state=42 shuts the device down" \
	    wait_for 20 sh -c "dmesg | grep -q 'vbd-0-51805.*invalid state'"
	# A ring whose grant cannot be mapped: every connect attempt fails
	# after the store is opened, through the cleanup paths.
	xenstore-write "$F/ring-ref" 4294967294 "$F/event-channel" 5
	hostile_flap "$F"
	hostile_gone 51805
	pass_if hostile-flap "100 state flaps, then removal: no device left" \
	    sh -c '! ls -d /sys/bus/xen-backend/devices/vbd-0-* >/dev/null 2>&1'
	scenario_hostile_vif
}

# The same for a vif: the toolstack's nodes, the hotplug script's status,
# and a frontend that writes everything netfront does, one value bad.
hostile_vif_dev() {
	B=/local/domain/0/backend/vif/0/$1
	F=/local/domain/0/device/vif/$1
	xenstore-write "$F/backend" "$B" "$F/backend-id" 0 "$F/state" 1 \
	    "$B/frontend" "$F" "$B/frontend-id" 0 "$B/online" 1 \
	    "$B/handle" "$1" "$B/mac" 00:16:3e:00:00:01 \
	    "$B/hotplug-status" connected "$B/state" 1
	wait_for 20 sh -c "[ \"\$(xenstore-read $B/state 2>/dev/null)\" = 2 ]"
	xenstore-write "$F/tx-ring-ref" 8 "$F/rx-ring-ref" 9 \
	    "$F/event-channel" 5 "$F/request-rx-copy" 1 \
	    "$F/feature-rx-notify" 1 "$F/feature-sg" 1
}

hostile_vif_gone() {
	xenstore-rm "/local/domain/0/device/vif/$1"
	xenstore-rm "/local/domain/0/backend/vif/0/$1"
	wait_for 20 sh -c "! ls -d /sys/bus/xen-backend/devices/vif-0-$1 >/dev/null 2>&1"
}

# hostile_vif_case N NAME NODE VALUE MESSAGE
hostile_vif_case() {
	hostile_vif_dev "$1"
	xenstore-write "/local/domain/0/device/vif/$1/$3" "$4"
	xenstore-write "/local/domain/0/device/vif/$1/state" 4
	hostile_refused vif "$1" "hostile-vif-$2" "vif $3=\"$4\" refused, backend Closing" "$5"
	hostile_vif_gone "$1"
}

scenario_hostile_vif() {
	hostile_vif_case 101 queues multi-queue-num-queues 99 multi-queue-num-queues
	hostile_vif_case 102 sg feature-sg 2 feature-sg
	hostile_vif_case 103 flip request-rx-copy 0 'page flipping'
	hostile_vif_case 104 notify feature-rx-notify 0 feature-rx-notify
	hostile_vif_case 105 evtchn event-channel 0 event-channel
	hostile_vif_case 106 gref tx-ring-ref abc tx-ring-ref
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

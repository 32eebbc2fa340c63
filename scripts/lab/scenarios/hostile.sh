# shellcheck shell=sh
# hostile: Dom0 plays a broken frontend for a vbd it creates by hand in
# XenStore (frontend-id 0), as the toolstack would lay it out.  Each bad
# value must refuse the connection with a message naming the node, the
# backend must show Closing, and Dom0 must carry on; then the frontend
# flaps its state a hundred times and the device is removed cleanly.
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

# hostile_case N NAME NODE VALUE: a frontend whose NODE is VALUE.
hostile_case() {
	hostile_dev "$1"
	xenstore-write "/local/domain/0/device/vbd/$1/ring-ref" 8 \
	    "/local/domain/0/device/vbd/$1/event-channel" 5 \
	    "/local/domain/0/device/vbd/$1/$3" "$4"
	xenstore-write "/local/domain/0/device/vbd/$1/state" 3
	pass_if "hostile-$2" "$3=\"$4\" refused, backend Closing" \
	    wait_for 20 sh -c "[ \"\$(xenstore-read /local/domain/0/backend/vbd/0/$1/state)\" = 5 ] &&
	    dmesg | grep -q 'vbd-0-$1.*$3'"
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
	flap_n=0
	while [ "$flap_n" -lt 100 ]; do
		xenstore-write "$F/state" $((flap_n % 6 + 1))
		flap_n=$((flap_n + 1))
	done
	xenstore-write "$F/state" 6
	hostile_gone 51805
	pass_if hostile-flap "100 state flaps, then removal: no device left" \
	    sh -c '! ls -d /sys/bus/xen-backend/devices/vbd-0-* >/dev/null 2>&1'
}

# shellcheck shell=sh
# stress: "xl destroy" while fio keeps the disk busy; the backend drains
# its I/O, disconnects and goes away (unload checks the module later).
scenario_stress() {
	if run_guest gs stress 1 'stress started' 180; then
		sleep 8
		pass_if stress-busy "requests were in flight or served" \
		    [ "$(vbd_attr gs statistics/reqs_write)" -gt 0 ]
		vbd=$(backend_path vbd gs 51712)
		xl destroy gs
		pass_if stress-destroy "destroyed under I/O; backend gone" \
		    wait_for 60 sh -c "! xenstore-exists $vbd && ! ls -d /sys/bus/xen-backend/devices/vbd-* >/dev/null 2>&1"
	fi
	xl destroy gs 2>/dev/null
	wait_for 30 gone gs
}

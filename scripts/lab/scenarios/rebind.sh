# shellcheck shell=sh
# rebind: a running guest's disk and NIC handed from driver to driver
# without detaching them (issue 17), as Documentation/admin.rst's
# "Swapping backends" tells an administrator to: unbind the device in
# sysfs, bind it again (or unload one module and load the other, which
# binds every unbound device), and run the vif's hotplug script again to
# put the new interface on its bridge.  The frontend stays Connected all
# along and the new driver takes the rings over where the old one left
# them.  Four moves, under the guest's fio write-and-verify loop (guest
# mode "rebind") and a ping flood from Dom0 (50 a second):
#   1. xbb unbound from the vbd and bound again;
#   2. xnb unbound from the vif and bound again;
#   3. both unbound, xbb/xnb unloaded, xen-blkback/xen-netback loaded;
#   4. the same back to xbb/xnb.
# After each move both devices must be Connected and served by the
# driver just bound, and a whole fio pass must verify after it; no pass
# may fail.  The pings lost must fit in the moves' own time (each move is
# timed from its first unbind until both devices are Connected again).
# Runs with nothing of ours loaded (after "unload") and leaves nothing
# loaded.

rb_passes() {
	glog gb | grep -cE 'rebind pass [0-9]+ rc='
}

rb_failed() {
	glog gb | grep -E 'rebind pass [0-9]+ rc=[1-9]' | head -n 1
}

rb_drivers() {
	echo "$(basename "$(readlink "/sys/bus/xen-backend/devices/vbd-$rb_dom-51712/driver" 2>/dev/null)")/$(basename "$(readlink "/sys/bus/xen-backend/devices/vif-$rb_dom-0/driver" 2>/dev/null)")"
}

# rb_ok DRIVERS: both devices Connected and bound to DRIVERS ("xbb/xnb").
rb_ok() {
	[ "$(rb_drivers)" = "$1" ] &&
	    [ "$(xenstore-read "/local/domain/0/backend/vbd/$rb_dom/51712/state" 2>/dev/null)" = 4 ] &&
	    [ "$(xenstore-read "/local/domain/0/backend/vif/$rb_dom/0/state" 2>/dev/null)" = 4 ]
}

# rb_hotplug: the vif's hotplug script again: the new interface joins the
# bridge and the script writes hotplug-status, which the driver waits for.
rb_hotplug() {
	XENBUS_PATH=/local/domain/0/backend/vif/$rb_dom/0 vif=vif$rb_dom.0 \
	    /etc/xen/scripts/vif-bridge online >>/tmp/rb.hotplug 2>&1
}

# rb_unbind DRIVER DEVICE and rb_bind: the sysfs files of the xen-backend bus.
rb_unbind() {
	echo "$2" >"/sys/bus/xen-backend/drivers/$1/unbind"
}

rb_bind() {
	echo "$2" >"/sys/bus/xen-backend/drivers/$1/bind"
}

# rb_wait_pass FROM: a fio pass that began after FROM passes had ended
# has ended too (so FROM + 2 reports).
rb_wait_pass() {
	rb_i=0
	while [ "$rb_i" -lt 240 ]; do
		[ "$(rb_passes)" -ge $(($1 + 2)) ] && return 0
		sleep 1
		rb_i=$((rb_i + 1))
	done
	return 1
}

# rb_move NAME DRIVERS: the move's commands are rb_step_NAME.
rb_move() {
	rb_p0=$(rb_passes)
	rb_t0=$(date +%s%N)
	"rb_step_$1"
	wait_for 90 rb_ok "$2"
	rb_ms=$((($(date +%s%N) - rb_t0) / 1000000))
	rb_total_ms=$((rb_total_ms + rb_ms))
	if ! rb_ok "$2"; then
		result "rebind-$1" FAIL "not back after 90 s: drivers $(rb_drivers), states $(xenstore-read "/local/domain/0/backend/vbd/$rb_dom/51712/state" 2>/dev/null)/$(xenstore-read "/local/domain/0/backend/vif/$rb_dom/0/state" 2>/dev/null)"
		return 1
	fi
	if ! rb_wait_pass "$rb_p0"; then
		result "rebind-$1" FAIL "moved to $2 in $rb_ms ms, but no fio pass ended after it (last: $(glast gb 0 'rebind pass'))"
		return 1
	fi
	if [ -n "$(rb_failed)" ]; then
		result "rebind-$1" FAIL "moved to $2 in $rb_ms ms; $(rb_failed)"
		return 1
	fi
	result "rebind-$1" PASS "moved to $2 in $rb_ms ms with the frontends Connected; fio pass $(rb_passes) verified after it"
}

rb_step_xbb() {
	rb_unbind xbb "vbd-$rb_dom-51712"
	rb_bind xbb "vbd-$rb_dom-51712"
}

rb_step_xnb() {
	rb_unbind xnb "vif-$rb_dom-0"
	rb_bind xnb "vif-$rb_dom-0"
	rb_hotplug
}

rb_step_intree() {
	rb_unbind xbb "vbd-$rb_dom-51712"
	rb_unbind xnb "vif-$rb_dom-0"
	rmmod xnb xbb
	# Loading binds every vbd and vif no driver serves.
	modprobe -a xen-blkback xen-netback
	rb_hotplug
}

rb_step_ours() {
	rb_unbind vbd "vbd-$rb_dom-51712"
	rb_unbind vif "vif-$rb_dom-0"
	rmmod xen-blkback xen-netback
	insmod /lab/xbb.ko && insmod /lab/xnb.ko
	rb_hotplug
}

scenario_rebind() {
	insmod /lab/xbb.ko && insmod /lab/xnb.ko
	guest_cfg gb rebind 1 1
	if ! guest_up gb 'rebind pass 1 rc=' 240 rebind-start; then
		rmmod xnb xbb
		return
	fi
	rb_dom=$(domid gb)
	rb_total_ms=0
	if ! rb_ok xbb/xnb; then
		result rebind-start FAIL "devices not Connected to xbb/xnb: $(rb_drivers)"
		xl destroy gb
		rmmod xnb xbb
		return
	fi
	result rebind-start PASS "guest's fio passes verify on xbb/xnb"
	: >/tmp/rb.hotplug
	rb_f0=$(date +%s%N)
	ping -q -i 0.02 169.254.99.2 >/tmp/rb.ping 2>&1 &
	rb_ping=$!
	# The debug Dom0 (its modules on /lab/modules) moves between xbb/xnb
	# only: xen-blkback's removal there trips DEBUG_OBJECTS on an
	# on-stack work item in gnttab_unmap_refs_sync() and panics Dom0
	# (panic_on_warn) before anything of ours runs: Linux 6.1's bug, not
	# a case of this scenario.
	rb_moves="xbb:xbb/xnb xnb:xbb/xnb intree:vbd/vif ours:xbb/xnb"
	[ -d /lab/modules ] && rb_moves="xbb:xbb/xnb xnb:xbb/xnb"
	for rb_m in $rb_moves; do
		rb_move "${rb_m%%:*}" "${rb_m#*:}" || break
	done
	sleep 4
	kill -INT "$rb_ping"
	wait "$rb_ping"
	rb_ms=$((($(date +%s%N) - rb_f0) / 1000000))
	rb_tx=$(sed -n 's/^\([0-9]*\) packets transmitted.*/\1/p' /tmp/rb.ping)
	rb_rx=$(sed -n 's/.* \([0-9]*\) received.*/\1/p' /tmp/rb.ping)
	# The emulated Dom0 sends fewer than 50 a second: the time without
	# answers is the share of pings lost times the flood's duration.
	rb_lost_ms=0
	[ "${rb_tx:-0}" -gt 0 ] &&
	    rb_lost_ms=$(((rb_tx - ${rb_rx:-0}) * rb_ms / rb_tx))
	if [ -n "$rb_tx" ] && [ "$rb_tx" -gt 0 ] &&
	    [ "$rb_lost_ms" -le $((rb_total_ms + 2000)) ]; then
		result rebind-ping PASS "ping flood: $rb_rx of $rb_tx answered over $rb_ms ms; the $((rb_tx - rb_rx)) lost are $rb_lost_ms ms of it, within the moves' $rb_total_ms ms"
	else
		result rebind-ping FAIL "ping flood: ${rb_rx:-?} of ${rb_tx:-?} answered over $rb_ms ms ($rb_lost_ms ms lost; the moves took $rb_total_ms ms); hotplug: $(tail -n 2 /tmp/rb.hotplug | tr '\n' ' ')"
	fi
	xl destroy gb
	wait_for 60 gone gb
	rmmod xnb xbb xen-blkback xen-netback 2>/dev/null
	return 0
}

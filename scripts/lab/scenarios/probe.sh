# shellcheck shell=sh
# probe: our drivers are registered for vbd and vif and the in-tree ones
# are not loaded; a guest's disk and vif are probed by ours (XenStore
# backend state, dmesg): the disk connects, and so does the vif once the
# vif-bridge hotplug script has put it on the bridge; after "xl destroy"
# the backend directories are gone.
scenario_probe() {
	pass_if probe-registered "xenbus backend drivers xbb and xnb registered" \
	    [ -d /sys/bus/xen-backend/drivers/xbb -a \
	    -d /sys/bus/xen-backend/drivers/xnb ]
	pass_if probe-no-intree "xen-blkback and xen-netback not loaded" \
	    sh -c '! grep -qE "^xen_(blk|net)back " /proc/modules'
	guest_cfg g2 probe 1 1
	if ! xl -vvv create /tmp/g2.cfg >/tmp/g2.create 2>&1; then
		result probe-create FAIL "$(tail -n 1 /tmp/g2.create)"
		grep -vE 'libxl_(dom|x86|create|arch|mem|numa|cpu)|xc:|domainbuilder' /tmp/g2.create | tail -n 40
		xenstore-ls -f /local/domain/0/backend | head -n 40
		return
	fi
	result probe-create PASS "domain $(domid g2)"
	vbd=$(backend_path vbd g2 51712)
	vif=$(backend_path vif g2 0)
	pass_if probe-vbd-state "$vbd/state is Connected" \
	    wait_for 60 sh -c "[ \"\$(xenstore-read $vbd/state)\" = 4 ]"
	pass_if probe-vif-state "$vif/state is Connected" \
	    wait_for 60 sh -c "[ \"\$(xenstore-read $vif/state)\" = 4 ]"
	pass_if probe-vbd-limits "max-requests 512, max-request-segments 11, feature-max-indirect-segments 32" \
	    [ "$(xenstore-read $vbd/max-requests)" = 512 -a \
	    "$(xenstore-read $vbd/max-request-segments)" = 11 -a \
	    "$(xenstore-read $vbd/feature-max-indirect-segments)" = 32 ]
	pass_if probe-vbd-dmesg "xbb probed the disk" \
	    wait_for 10 sh -c 'dmesg | grep -q "xbb.*probed for frontend"'
	pass_if probe-vif-netdev "xnb made vif$(domid g2).0 and vif-bridge enslaved it" \
	    wait_for 30 sh -c "[ -e /sys/class/net/vif$(domid g2).0/brport ]"
	pass_if probe-vbd-ring "xbb connected blkfront's ring(s)" \
	    wait_for 60 sh -c 'dmesg | grep -q "xbb.*connected: [0-9]* queue"'
	pass_if probe-vif-rings "xnb connected netfront's queues" \
	    wait_for 120 sh -c 'dmesg | grep -q "xnb.*connected: [0-9]* queue"'
	xl destroy g2
	pass_if probe-destroy "backend directories removed" \
	    wait_for 60 sh -c "! xenstore-exists $vbd && ! xenstore-exists $vif"
}

# shellcheck shell=sh
# demo: what an administrator sees with xbb and xnb loaded: a guest whose
# disk xbb serves (it writes 8 MiB and reads it back with a checksum) and
# whose vif xnb has probed, the toolstack's view, the backends' XenStore
# nodes, sysfs, the module parameters and the kernel messages.
show() {
	echo "DEMO: \$ $*"
	"$@" 2>&1 | sed 's/^/DEMO:   /'
}

scenario_demo() {
	guest_cfg demo io 1 1
	echo "DEMO: ---- a guest with a disk (xbb) and a NIC (xnb) ----"
	show cat /tmp/demo.cfg
	show xl create /tmp/demo.cfg
	d=$(domid demo)
	wait_glog demo 0 'write [0-9a-f]+ readback|nodisk' 180
	echo "DEMO: ---- the guest's own report (its console) ----"
	glog demo | grep 'LAB:' | head -n 4 | sed 's/^/DEMO:   /'
	show xl list
	show xl block-list demo
	show xl network-list demo
	show xenstore-ls -f "/local/domain/0/backend/vbd/$d"
	show xenstore-ls -f "/local/domain/0/backend/vif/$d"
	v=/sys/bus/xen-backend/devices/vbd-$d-51712
	echo "DEMO: \$ grep . $v/* $v/statistics/*"
	(cd "$v" && grep -H . ring_pages ring_scheme max_requests protocol \
	    max_segments max_request_size store_kind store_path sectors \
	    read_only features statistics/*) | sed 's/^/DEMO:   /'
	show grep -H . /sys/module/xbb/parameters/* /sys/module/xnb/parameters/*
	show ip -br link show "vif$d.0"
	show sh -c "dmesg | grep -E 'xbb|xnb'"
	echo "DEMO: ---- what is not there yet ----"
	echo "DEMO: xnb's packet path is not written yet: the vif is probed"
	echo "DEMO: and its rings mapped, but it carries no traffic (no ping)."
	show xl destroy demo
	wait_for 60 gone demo
	show rmmod xnb xbb
	result demo PASS "guest disk served by xbb; vif probed by xnb; modules unloaded"
}

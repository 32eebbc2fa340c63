# shellcheck shell=sh
# dom0/demo.sh: the Dom0 side of make demo.  The host command,
# scripts/lab/demo, has e2e run it as the run's one scenario, demo (in
# Dom0 /lab/scenarios/demo.sh, scenario_demo).
#
# What an administrator sees with xbb and xnb loaded: a guest whose
# disk xbb serves (it writes 8 MiB and reads it back with a checksum) and
# whose vif xnb serves (it pings Dom0, Dom0 pings it), the toolstack's
# view, the backends' XenStore nodes, sysfs, ethtool's counters, the
# module parameters and the kernel messages.
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
	wait_glog demo 0 'tick .* net=ok' 90
	echo "DEMO: ---- the guest's own report (its console) ----"
	glog demo | grep 'LAB:' | grep -v 'net=fail' | head -n 5 |
	    sed 's/^/DEMO:   /'
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
	echo "DEMO: ---- Dom0 pings the guest over the vif ----"
	show ping -c 3 -W 5 169.254.99.2
	v=/sys/bus/xen-backend/devices/vif-$d-0
	echo "DEMO: \$ grep . $v/* (and the non-zero statistics)"
	(cd "$v" && grep -H . interface mac bridge queues split_event_channels \
	    frontend_features && grep -H . statistics/* | grep -v ':0$') |
	    sed 's/^/DEMO:   /'
	show sh -c "ethtool -S vif$d.0 | grep -v ': 0$'"
	show sh -c "dmesg | grep -E 'xbb|xnb'"
	show xl destroy demo
	wait_for 60 gone demo
	show rmmod xnb xbb
	if glog demo | grep -q 'net=ok'; then
		result demo PASS "guest disk served by xbb, its vif by xnb (ping); modules unloaded"
	else
		result demo FAIL "the guest did not ping Dom0 over the vif"
	fi
}

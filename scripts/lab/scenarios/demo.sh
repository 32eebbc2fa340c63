# shellcheck shell=sh
# demo: what an administrator sees with xbb and xnb loaded: a guest with
# a disk and a NIC served by them, the toolstack's view, the backends'
# XenStore nodes, the module parameters and the kernel messages.
show() {
	echo "DEMO: \$ $*"
	"$@" 2>&1 | sed 's/^/DEMO:   /'
}

scenario_demo() {
	guest_cfg demo probe 1 1
	echo "DEMO: ---- a guest with a disk and a NIC, backends xbb and xnb ----"
	show cat /tmp/demo.cfg
	show xl create /tmp/demo.cfg
	d=$(domid demo)
	wait_for 60 sh -c "dmesg | grep -q 'xbb.*ring mapped'"
	wait_for 60 sh -c "dmesg | grep -q 'xnb.*rings mapped'"
	show xl list
	show xl block-list demo
	show xl network-list demo
	show xenstore-ls -f "/local/domain/0/backend/vbd/$d"
	show xenstore-ls -f "/local/domain/0/backend/vif/$d"
	show ls /sys/bus/xen-backend/drivers/xbb /sys/bus/xen-backend/drivers/xnb
	show grep -H . /sys/module/xbb/parameters/* /sys/module/xnb/parameters/*
	show ip -br link show "vif$d.0"
	show bridge link show
	show sh -c "dmesg | grep -E 'xbb|xnb'"
	echo "DEMO: ---- what is not there yet ----"
	echo "DEMO: the request path (xbb) and the packet path (xnb) are not"
	echo "DEMO: written yet, so the devices stay in InitWait (state 2) with"
	echo "DEMO: the frontends' rings mapped, and the guest cannot use them."
	show xl destroy demo
	wait_for 60 gone demo
	show rmmod xnb xbb
	result demo PASS "guest served by xbb/xnb up to ring mapping; modules unloaded"
}

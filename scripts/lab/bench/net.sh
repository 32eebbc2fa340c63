# shellcheck shell=sh
# bench/net.sh: the Dom0 side of make bench-net.  The host command,
# scripts/lab/bench-net, has e2e run it as the run's one scenario,
# bench-net (in Dom0 /lab/scenarios/bench-net.sh, scenario_bench_net).
#
# iperf3 through xen-netback and through xnb, in one boot, in
# alternating rounds (compare medians: the lab's A/A noise is about
# 10 %).  The guest (lab=netbench) serves iperf3 and reports each time its
# eth0 comes up; Dom0 runs the client both ways (-R: guest to Dom0).
# Prints "LAB-BENCH backend job bytes seconds cpu_jiffies" lines; Dom0's
# CPU time is the busy time of /proc/stat during the run.
BENCH_ROUNDS=$(cat /lab/bench_rounds 2>/dev/null || echo 3)

nbench_cpu() {
	awk '/^cpu / {print $2+$3+$4+$7+$8+$9}' /proc/stat
}

# nbench_run BACKEND JOB IPERF-ARGS...
nbench_run() {
	b=$1
	job=$2
	shift 2
	c0=$(nbench_cpu)
	timeout 60 iperf3 -c 169.254.99.5 -t 8 -O 2 -J "$@" >/tmp/nb.json 2>&1
	c1=$(nbench_cpu)
	by=$(awk '/"sum_received"/ {s = 1} s && /"bytes"/ {gsub(/[^0-9]/, ""); print; exit}' /tmp/nb.json)
	se=$(awk '/"sum_received"/ {s = 1} s && /"seconds"/ {gsub(/[^0-9.]/, ""); print; exit}' /tmp/nb.json)
	echo "LAB-BENCH $b $job ${by:-0} ${se:-0} $((c1 - c0))"
}

nbench_round() {
	case "$1" in
	xen-netback) modprobe xen-netback ;;
	xnb) insmod /lab/xnb.ko ;;
	esac
	n=$(glines gn 2>/dev/null || echo 0)
	if [ "$2" = 1 ]; then
		guest_cfg gn netbench 0 1 "lab_ip=169.254.99.5"
		xl create /tmp/gn.cfg >/dev/null 2>&1
		n=0
	else
		xl network-attach gn bridge=xenbr0
	fi
	if ! wait_glog gn "$n" 'nbench ready' 240; then
		result "bench-$1-$2" FAIL "the guest's vif did not come up"
		diag gn
		return 1
	fi
	nbench_run "$1" dom0-to-guest
	nbench_run "$1" guest-to-dom0 -R
	xl network-detach gn 0
	wait_for 60 sh -c '! ls -d /sys/bus/xen-backend/devices/vif-* >/dev/null 2>&1'
	sleep 2
	case "$1" in
	xen-netback) rmmod xen-netback ;;
	xnb) rmmod xnb ;;
	esac
	return 0
}

scenario_bench_net() {
	bench_alternate "$BENCH_ROUNDS" nbench_round xen-netback xnb || return
	xl destroy gn
	result bench-net PASS "$bench_r rounds"
}

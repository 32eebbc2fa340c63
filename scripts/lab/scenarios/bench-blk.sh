# shellcheck shell=sh
# bench-blk: the same fio jobs through xen-blkback and xbb, in one boot,
# on a Dom0 ramdisk, in alternating rounds (the lab's A/A noise is about
# 10 %: compare medians).  Prints "LAB-BENCH backend job kib_s iops
# cpu_s" lines; Dom0's CPU time is the busy time of /proc/stat between
# the guest's "ready" and "done" reports for a job.
BENCH_ROUNDS=$(cat /lab/bench_rounds 2>/dev/null || echo 3)

cpu_busy() {
	awk '/^cpu / {print $2+$3+$4+$7+$8+$9}' /proc/stat
}

bench_load() {
	case "$1" in
	xen-blkback) modprobe xen-blkback ;;
	xbb) insmod /lab/xbb.ko ;;
	esac
}

bench_unload() {
	case "$1" in
	xen-blkback) rmmod xen-blkback ;;
	xbb) rmmod xbb ;;
	esac
}

# bench_round BACKEND ROUND: attach, run the three jobs, detach.
bench_round() {
	bench_load "$1"
	if [ "$2" = 1 ]; then
		guest_cfg gb bench "phy:/dev/ram0,xvda,w" 0 \
		    "xen_blkfront.max_indirect_segments=32"
		sed -i 's/^memory = .*/memory = 768/' /tmp/gb.cfg
		xl create /tmp/gb.cfg >/dev/null 2>&1
	else
		xl block-attach gb phy:/dev/ram0,xvda,w
	fi
	for job in randread4k seqwrite4k seqread1m; do
		if ! wait_glog gb 0 "bench ready round=$2 job=$job" 240; then
			result "bench-$1-$2" FAIL "no $job report"
			diag gb
			return 1
		fi
		c0=$(cpu_busy)
		wait_glog gb 0 "bench done round=$2 job=$job" 120
		c1=$(cpu_busy)
		l=$(glast gb 0 "bench done round=$2 job=$job")
		echo "LAB-BENCH $1 $job $(echo "$l" | sed 's/.*kib_s=\([0-9.]*\) iops=\([0-9.]*\).*/\1 \2/') $(((c1 - c0)))"
	done
	xl block-detach gb xvda
	wait_for 60 sh -c '! ls -d /sys/bus/xen-backend/devices/vbd-* >/dev/null 2>&1'
	sleep 2
	bench_unload "$1"
	return 0
}

scenario_bench_blk() {
	modprobe brd rd_nr=1 rd_size=262144
	dd if=/dev/zero of=/dev/ram0 bs=1M count=256 2>/dev/null
	bench_alternate "$BENCH_ROUNDS" bench_round xen-blkback xbb || return
	xl destroy gb
	result bench-blk PASS "$bench_r rounds"
}

# shellcheck shell=sh
# bench/blk.sh: the Dom0 side of make bench-blk.  The host command,
# scripts/lab/bench-blk, has e2e run it as the run's one scenario,
# bench-blk (in Dom0 /lab/scenarios/bench-blk.sh, scenario_bench_blk).
#
# fio through xen-blkback and xbb, in one boot, in alternating
# rounds (the lab's A/A noise is about 10 %: compare medians).  Prints
# "LAB-BENCH backend job kib_s iops cpu_jiffies" lines; Dom0's CPU time is
# the busy time of /proc/stat between the guest's "ready" and "done"
# reports for a job.
#
# Four parts:
#  - guest gb, blkfront with 32 indirect segments, on a Dom0 ramdisk:
#    4 KiB random read, 4 KiB sequential write, 1 MiB sequential read,
#    through xen-blkback and xbb;
#  - guest gs, blkfront without indirect descriptors and its block layer
#    not merging (every fio I/O one request): 4 and 16 KiB sequential
#    writes and reads and 4 KiB random reads at queue depth 32, on the
#    ramdisk (jobs JOB.ram) and on a file in Dom0's tmpfs (JOB.file:
#    a loop device for xen-blkback, opened directly by xbb), through
#    xen-blkback, xen-blkback without persistent grants
#    (xen-blkback-nopersist, for comparison: xbb has none yet), xbb with
#    coalesce=0 (xbb-nocoalesce) and xbb; after each store, xbb's list
#    counters as "LAB-BENCH-LISTS backend store ..." lines;
#  - guest gm, two vCPUs and blkfront's defaults (one queue per vCPU,
#    persistent grants, indirect descriptors), on the ramdisk: 4 KiB
#    random read and write, two jobs (one per vCPU) at queue depth 32
#    each, through xen-blkback and xbb; "LAB-BENCH-MQ backend ..." lines
#    say what was negotiated;
#  - then, outside the measured rounds, a Dom0 profile (perf record -e
#    cpu-clock -g, all CPUs, 8 s) of the 4 KiB sequential write on the
#    ramdisk through xen-blkback and through xbb: "LAB-PROFILE backend
#    ..." lines, the symbols above 1 % of the samples, then the callers
#    of the hypercall trampoline.
# BENCH_PARTS (a file in the payload) picks parts: "a" (gb), "b" (gs),
# "c" (gm), "p" (profile); all by default.
BENCH_ROUNDS=$(cat /lab/bench_rounds 2>/dev/null || echo 3)
BENCH_PARTS=$(cat /lab/bench_parts 2>/dev/null || echo "a b c p")
SMALL_JOBS="seqwrite4k seqread4k seqwrite16k seqread16k randread4k"
BENCH_FILE=/dev/shm/bench.img

cpu_busy() {
	awk '/^cpu / {print $2+$3+$4+$7+$8+$9}' /proc/stat
}

bench_load() {
	case "$1" in
	xen-blkback) modprobe xen-blkback ;;
	xen-blkback-nopersist) modprobe xen-blkback feature_persistent=0 ;;
	xbb) insmod /lab/xbb.ko ;;
	xbb-nocoalesce) insmod /lab/xbb.ko coalesce=0 ;;
	esac
}

bench_unload() {
	case "$1" in
	xen-blkback*) rmmod xen-blkback ;;
	xbb | xbb-nocoalesce) rmmod xbb ;;
	esac
}

# bench_jobs GUEST BACKEND ATTACHMENT SUFFIX JOB...: wait for each job's
# reports and print its row.
bench_jobs() {
	g=$1 b=$2 n=$3 suf=$4
	shift 4
	for job in "$@"; do
		if ! wait_glog "$g" 0 "bench ready round=$n job=$job" 240; then
			result "bench-$b-$n" FAIL "no $job report"
			diag "$g"
			return 1
		fi
		c0=$(cpu_busy)
		wait_glog "$g" 0 "bench done round=$n job=$job" 120
		c1=$(cpu_busy)
		l=$(glast "$g" 0 "bench done round=$n job=$job")
		echo "LAB-BENCH $b $job$suf $(echo "$l" | sed 's/.*kib_s=\([0-9.]*\) iops=\([0-9.]*\).*/\1 \2/') $((c1 - c0))"
	done
}

# bench_detach GUEST: detach xvda and wait until no vbd is left.
bench_detach() {
	xl block-detach "$1" xvda
	wait_for 60 sh -c '! ls -d /sys/bus/xen-backend/devices/vbd-* >/dev/null 2>&1'
	sleep 2
}

# bench_attach GUEST DISK N: attach DISK and wait for the guest's first
# report of its Nth attachment; if it does not come (a disk whose
# hotplug script did not suit the backend waits in InitWait), detach and
# attach again, once, then fail with diagnostics.
bench_attach() {
	for try in 1 2; do
		xl block-attach "$1" "$2"
		if wait_glog "$1" 0 "bench ready round=$3 " 120; then
			return 0
		fi
		echo "LAB-BENCH-NOTE attachment $3 of $2 not taken up (try $try)"
		bench_detach "$1"
	done
	result "bench-attach-$3" FAIL "$2 not taken up twice"
	diag "$1"
	return 1
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
	bench_jobs gb "$1" "$2" "" randread4k seqwrite4k seqread1m || return 1
	bench_detach gb
	bench_unload "$1"
	return 0
}

# bench_small_round BACKEND ROUND: the small-request jobs on the ramdisk,
# then on the file.
bench_small_round() {
	bench_load "$1"
	for store in ram file; do
		case "$store:$1" in
		ram:*) disk="phy:/dev/ram0,xvda,w" ;;
		file:xen-blkback*) disk="format=raw, vdev=xvda, access=rw, target=$BENCH_FILE" ;;
		file:*) disk="format=raw, vdev=xvda, access=rw, script=/etc/xen/scripts/xbb-file, target=$BENCH_FILE" ;;
		esac
		bench_att=$((bench_att + 1))
		bench_attach gs "$disk" "$bench_att" || return 1
		# shellcheck disable=SC2086
		bench_jobs gs "$1" "$bench_att" ".$store" $SMALL_JOBS ||
		    return 1
		case "$1" in
		xbb*) echo "LAB-BENCH-LISTS $1 $store lists=$(vbd_attr gs statistics/lists) avg=$(vbd_attr gs statistics/list_avg) max=$(vbd_attr gs statistics/list_max) kva_hiwat=$(vbd_attr gs statistics/kva_hiwat) mapping=$(vbd_attr gs pool_mapping)" ;;
		esac
		bench_detach gs
	done
	bench_unload "$1"
	return 0
}

# bench_mq_round BACKEND ROUND: the two-job jobs on guest gm's ramdisk.
bench_mq_round() {
	bench_load "$1"
	bench_att_m=$((bench_att_m + 1))
	bench_attach gm "phy:/dev/ram0,xvda,w" "$bench_att_m" || return 1
	bench_jobs gm "$1" "$bench_att_m" "" randread4k2j randwrite4k2j ||
	    return 1
	fe=$(xenstore-read "$(backend_path vbd gm 51712)/frontend" 2>/dev/null)
	echo "LAB-BENCH-MQ $1 queues=$(xenstore-read "$fe/multi-queue-num-queues" 2>/dev/null || echo 1) persistent=$(xenstore-read "$fe/feature-persistent" 2>/dev/null)"
	bench_detach gm
	bench_unload "$1"
	return 0
}

# bench_profile BACKEND: one more attachment of the ramdisk to gs; while
# the guest runs seqwrite4k, profile Dom0.
bench_profile() {
	bench_load "$1"
	bench_att=$((bench_att + 1))
	bench_attach gs "phy:/dev/ram0,xvda,w" "$bench_att" || return 1
	for job in $SMALL_JOBS; do
		wait_glog gs 0 "bench ready round=$bench_att job=$job" 240 ||
		    return 1
		if [ "$job" = seqwrite4k ]; then
			sleep 4
			perf record -q -g -e cpu-clock -F 499 -a \
			    -o /tmp/perf.data -- sleep 8 >/dev/null 2>&1
			perf report -i /tmp/perf.data --stdio --no-children \
			    -g none --sort dso,sym --percent-limit 1 \
			    2>/dev/null | grep -v '^#' | grep -v '^$' |
			    head -n 40 | sed "s/^/LAB-PROFILE $1 /"
			# Who makes the hypercalls: callers, by share.
			perf report -i /tmp/perf.data --stdio --no-children \
			    -S xen_hypercall_pv -g graph,0.5,callee,function,percent \
			    --percent-limit 1 2>/dev/null | grep -v '^#' |
			    grep -v '^$' | head -n 60 |
			    sed "s/^/LAB-PROFILE $1 calls /"
		fi
		wait_glog gs 0 "bench done round=$bench_att job=$job" 120
	done
	bench_detach gs
	bench_unload "$1"
}

scenario_bench_blk() {
	modprobe brd rd_nr=1 rd_size=262144
	dd if=/dev/zero of=/dev/ram0 bs=1M count=256 2>/dev/null
	dd if=/dev/zero of=$BENCH_FILE bs=1M count=256 2>/dev/null
	case " $BENCH_PARTS " in *" a "*)
		bench_alternate "$BENCH_ROUNDS" bench_round xen-blkback xbb ||
		    return
		xl destroy gb
		result bench-blk PASS "$bench_r rounds"
		;;
	esac

	guest_cfg gs bench 0 0 "xen_blkfront.max_indirect_segments=0 lab_nomerge=1 lab_jobs=$(echo $SMALL_JOBS | tr ' ' ,)"
	sed -i 's/^memory = .*/memory = 768/' /tmp/gs.cfg
	bench_att=0
	case " $BENCH_PARTS " in *" b "* | *" p "*)
		xl create /tmp/gs.cfg >/dev/null 2>&1
		;;
	esac
	case " $BENCH_PARTS " in *" b "*)
		bench_alternate "$BENCH_ROUNDS" bench_small_round xen-blkback \
		    xen-blkback-nopersist xbb-nocoalesce xbb || return
		result bench-blk-small PASS "$bench_r rounds"
		;;
	esac
	case " $BENCH_PARTS " in *" p "*)
		if command -v perf >/dev/null; then
			bench_profile xen-blkback
			bench_profile xbb
		fi
		;;
	esac
	xl destroy gs 2>/dev/null
	rm -f $BENCH_FILE

	case " $BENCH_PARTS " in *" c "*)
		GUEST_VCPUS=2 guest_cfg gm bench 0 0 "lab_jobs=randread4k2j,randwrite4k2j"
		sed -i 's/^memory = .*/memory = 768/' /tmp/gm.cfg
		xl create /tmp/gm.cfg >/dev/null 2>&1
		bench_att_m=0
		bench_alternate "$BENCH_ROUNDS" bench_mq_round xen-blkback xbb ||
		    return
		xl destroy gm
		result bench-blk-mq PASS "$bench_r rounds"
		;;
	esac
}

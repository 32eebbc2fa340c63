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
# Six parts:
#  - r (ring), before the others: Dom0's blkpoke as the frontend, the
#    backend the limit (see bench_ring);
#  - l (local), not by default: Dom0's own blkfront and fio (see
#    bench_local);
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
# BENCH_PARTS (a file in the payload) picks parts: "r", "l", "a" (gb),
# "b" (gs), "c" (gm), "p" (profile); "r a b c p" by default.
BENCH_ROUNDS=$(cat /lab/bench_rounds 2>/dev/null || echo 3)
BENCH_PARTS=$(cat /lab/bench_parts 2>/dev/null || echo "r a b c p")
SMALL_JOBS="seqwrite4k seqread4k seqwrite16k seqread16k randread4k"
BENCH_FILE=/dev/shm/bench.img

# cpu_busy: Dom0's busy time with steal (the guest-driven parts); the
# ring and local parts use cpu_split (dom0/lib.sh), without it.
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
	bench_check "$1"
}

bench_unload() {
	# A device's last references may take a moment to go after it.
	wait_for 30 sh -c "rmmod $(bench_module "$1") 2>/dev/null" ||
	    result "bench-unload-$1" FAIL "$(bench_module "$1") stays loaded"
}

# bench_module BACKEND: the module that serves as BACKEND, then the other.
bench_module() {
	case "$1" in
	xen-blkback*) echo xen_blkback xbb ;;
	*) echo xbb xen_blkback ;;
	esac | cut -d' ' -f"${2:-1}"
}

# bench_check BACKEND: is BACKEND's module the one loaded?  A load that
# failed (say, the other's rmmod did) would measure the other backend
# under this one's name: the run says so as a failure.
bench_check() {
	[ -d "/sys/module/$(bench_module "$1")" ] &&
	    [ ! -d "/sys/module/$(bench_module "$1" 2)" ] && return 0
	result "bench-load-$1" FAIL "$(bench_module "$1") is not the only one loaded: this run's figures are not $1's"
	return 1
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

# The local-attach part: Dom0's own blkfront, attached to each backend
# with "xl block-attach 0", fio in Dom0.  No guest vCPU is in the way, so
# the backend (and the store) is the limit: this is the part that says
# how many requests a second a backend serves and what each costs.
# blkfront is loaded without indirect descriptors and its queue does not
# merge, so each small I/O is one blkif request.  Stores: the ramdisk,
# a file in tmpfs (xen-blkback through a loop device, xbb opens it) and
# null_blk with a real cost per request (LOCAL_NULL_NSEC per request,
# LOCAL_NULL_DEPTH at a time: a device that serves so many requests a
# second whatever their size, which is what coalescing is for).
# BENCH_LOCAL_JOBS, BENCH_LOCAL_STORES and BENCH_LOCAL_RUNTIME (seconds
# a job) from the host's environment (the payload's bench.env) narrow it.
if [ -f /lab/bench.env ]; then
	. /lab/bench.env
fi
LOCAL_JOBS=${BENCH_LOCAL_JOBS:-randread4k randwrite4k seqread4k seqwrite4k seqread16k seqwrite16k seqread1m randread4kqd128}
LOCAL_STORES=${BENCH_LOCAL_STORES:-ram file null}
LOCAL_RUNTIME=${BENCH_LOCAL_RUNTIME:-5}
LOCAL_RING_ORDER=${BENCH_LOCAL_RING_ORDER:-4}
LOCAL_NULL_NSEC=500000
LOCAL_NULL_DEPTH=4

# local_fio JOB DEV: one fio run of JOB on DEV, two jobs, "--minimal"
# output (one line, fields separated by ";").
local_fio() {
	# shellcheck disable=SC2046
	fio $(local_fio_args "$1" "$2") 2>/dev/null
}

# local_fio_args JOB DEV: fio's arguments for local_fio.
local_fio_args() {
	qd=32 off=
	case "$1" in
	randread4k*) rw=randread bs=4k ;;
	randwrite4k) rw=randwrite bs=4k ;;
	seqread4k) rw=read bs=4k ;;
	seqwrite4k) rw=write bs=4k ;;
	seqread16k) rw=read bs=16k ;;
	seqwrite16k) rw=write bs=16k ;;
	seqread1m) rw=read bs=1m ;;
	esac
	case "$1" in *qd128) qd=128 ;; esac
	# Sequential jobs each read or write their own half of the store.
	case "$rw" in read | write) off="--offset_increment=112m" ;; esac
	echo "--name=$1 --filename=$2 --direct=1 --ioengine=libaio" \
	    "--rw=$rw --bs=$bs --iodepth=$qd --numjobs=2 --size=112m $off" \
	    "--group_reporting --time_based --runtime=$LOCAL_RUNTIME --minimal"
}

# local_store STORE BACKEND: the xl disk specification of STORE.
local_store() {
	case "$1:$2" in
	ram:*) echo "phy:/dev/ram0,xvdb,w" ;;
	null:*) echo "phy:/dev/nullb0,xvdb,w" ;;
	file:xen-blkback*) echo "format=raw, vdev=xvdb, access=rw, target=$BENCH_FILE" ;;
	file:*) echo "format=raw, vdev=xvdb, access=rw, script=/etc/xen/scripts/xbb-file, target=$BENCH_FILE" ;;
	esac
}

# slot_begin BACKEND ROUND JOBS STORES: load BACKEND; slot_jobs and
# slot_stores are what its slot runs: JOBS and STORES, or for the
# warm-up (ROUND 0) a random read on the ramdisk.
slot_begin() {
	bench_load "$1"
	slot_jobs=$3 slot_stores=$4
	if [ "$2" = 0 ]; then
		slot_jobs=randread4k slot_stores=ram
	fi
}

# local_slot BACKEND ROUND: every store and job through BACKEND.  Prints
# "LAB-BENCH-L backend round job.store kib_s iops ios busy steal idle"
# (jiffies, see cpu_split).
local_slot() {
	slot_begin "$1" "$2" "$LOCAL_JOBS" "$LOCAL_STORES"
	for store in $slot_stores; do
		xl block-attach 0 "$(local_store "$store" "$1")"
		if ! wait_for 60 test -b /dev/xvdb; then
			result "bench-local-$1-$2" FAIL "no /dev/xvdb for $store"
			xenstore-ls -f /local/domain/0/backend/vbd 2>/dev/null | head -n 40
			return 1
		fi
		echo 2 >/sys/block/xvdb/queue/nomerges
		for job in $slot_jobs; do
			c0=$(cpu_split)
			l=$(local_fio "$job" /dev/xvdb)
			c1=$(cpu_split)
			# --minimal: 6 read KiB, 7 read KiB/s, 8 read IOPS, 47-49
			# the same for writes.
			echo "$l" | awk -F';' -v b="$1" -v r="$2" -v j="$job.$store" \
			    -v c="$c0 $c1" -v bs="$job" '{
				split(c, v, " ");
				k = bs ~ /1m/ ? 1024 : (bs ~ /16k/ ? 16 : 4);
				printf "LAB-BENCH-L %s %s %s %d %d %d %d %d %d\n", b, r, j,
				    $7 + $48, $8 + $49, ($6 + $47) / k, v[4] - v[1],
				    v[5] - v[2], v[6] - v[3] }'
		done
		case "$1" in
		xbb*)
			d=/sys/bus/xen-backend/devices/vbd-0-51728
			echo "LAB-BENCH-LISTS $1 local.$store lists=$(cat $d/statistics/lists) avg=$(cat $d/statistics/list_avg) max=$(cat $d/statistics/list_max)"
			;;
		esac
		xl block-detach 0 xvdb
		wait_for 60 sh -c '! ls -d /sys/bus/xen-backend/devices/vbd-* >/dev/null 2>&1'
		wait_for 30 sh -c '! test -b /dev/xvdb'
		sleep 1
	done
	bench_unload "$1"
	return 0
}

# profile_report PFX: what /tmp/perf.data holds, as PFX lines: the load's
# result, the share per command, then for all but the idle task the
# symbols above 0.7 %, the hypercalls' callers and the inclusive share
# of the backends' functions.
profile_report() {
	pfx=$1
	echo "$pfx result $(cut -d';' -f8,49 /tmp/fio.out)"
	perf_report "$pfx" 'xbb_|xen_blkif|xen_blkbk|blkif_|dispatch_rw|do_block_io|end_block_io|make_response|gnttab_|xen_hypercall|kthread|worker_thread|process_one_work'
}

# local_profile BACKEND: outside the measured rounds, a Dom0 profile
# (perf record -g, all CPUs) of each job class on the ramdisk through
# BACKEND: a small random read, a small sequential write, a large
# sequential read.  "LAB-PROFILE-L backend job ..." lines: the share of
# the samples per module, the symbols above 0.7 %, and the inclusive
# share of the backend's own functions (call graphs: what the backend
# costs, with what it calls).
local_profile() {
	bench_load "$1"
	xl block-attach 0 "$(local_store ram "$1")"
	wait_for 60 test -b /dev/xvdb || return 1
	echo 2 >/sys/block/xvdb/queue/nomerges
	for job in randread4k seqwrite4k seqread1m; do
		# fio under perf: perf's own start (seconds here) is over
		# before fio starts.
		# shellcheck disable=SC2046
		perf record -q -g -e cpu-clock -F 499 -a -o /tmp/perf.data \
		    -- fio $(LOCAL_RUNTIME=6 local_fio_args "$job" /dev/xvdb) \
		    >/tmp/fio.out 2>/dev/null
		profile_report "LAB-PROFILE-L $1 $job"
	done
	xl block-detach 0 xvdb
	wait_for 60 sh -c '! ls -d /sys/bus/xen-backend/devices/vbd-* >/dev/null 2>&1'
	wait_for 30 sh -c '! test -b /dev/xvdb'
	sleep 1
	bench_unload "$1"
}

# The ring part: Dom0 plays the frontend with blkpoke's bench mode
# (tools/blkpoke.c), a ring of 32 requests kept full over pages granted
# once, with no block layer, no system call per request and a kick only
# when the backend asks for one: the frontend costs little, so the
# backend (and the store) is the limit.  One device laid out in XenStore
# by hand per job (dom0_vbd).  Jobs: OP SEGS PATTERN, SEGS 4 KiB
# segments a request; a job named with "x2" after it runs on two rings
# at once, on the ramdisk only (ring_pair).  Stores: the ramdisk,
# null_blk (a cost per request), the tmpfs file (see ring_slot).
RING_JOBS=${BENCH_RING_JOBS:-randread4k randwrite4k seqread4k seqwrite4k seqread16k seqwrite16k seqread44k randread4kx2 seqwrite4kx2}
RING_STORES=${BENCH_RING_STORES:-ram null file}

# ring_job JOB: blkpoke's "OP SEGS PATTERN" for JOB.
ring_job() {
	case "$1" in
	randread4k) echo read 1 rand ;;
	randwrite4k) echo write 1 rand ;;
	seqread4k) echo read 1 seq ;;
	seqwrite4k) echo write 1 seq ;;
	seqread16k) echo read 4 seq ;;
	seqwrite16k) echo write 4 seq ;;
	seqread44k) echo read 11 seq ;;
	*x2) ring_job "${1%x2}" ;;
	esac
}

# ring_slot BACKEND ROUND: every store and job through BACKEND.  Prints
# "LAB-BENCH-R backend round job.store kib_s iops ios busy steal idle",
# as local_slot does.  The file store is the tmpfs file BENCH_FILE: xbb
# opens it (dom0_vbd lays it out as the xbb-file hotplug script does),
# xen-blkback gets a loop device over it, as libxl's block script would
# give it.  After each job, "LAB-BENCH-EOI backend ring.job.store" says
# what the kernel's lateeoi accounting saw of the device's channel
# (xenbus/spurious_events, xenbus/jiffies_eoi_delayed): a backend that
# flags its EOIs spurious too often gets its events delayed.
ring_slot() {
	slot_begin "$1" "$2" "$RING_JOBS" "$RING_STORES"
	for store in $slot_stores; do
		loop=
		case "$store:$1" in
		ram:*) dev=/dev/ram0 ;;
		null:*) dev=/dev/nullb0 ;;
		file:xen-blkback*)
			loop=$(losetup -f --show "$BENCH_FILE") || return 1
			dev=$loop
			;;
		file:*) dev=$BENCH_FILE ;;
		esac
		for job in $slot_jobs; do
			case "$job:$store" in
			*x2:ram)
				ring_pair "$1" "$2" "$job" || return 1
				continue
				;;
			*x2:*) continue ;;
			esac
			ring_dev=$((ring_dev + 1))
			dom0_vbd "$ring_dev" "$dev"
			# xen-blkback names its threads after the toolstack's
			# "dev" node and starts none without it.
			xenstore-write "$B/dev" xvdz
			c0=$(cpu_split)
			# shellcheck disable=SC2046
			l=$(/lab/blkpoke bench "$F" "$B" "$dev" "$LOCAL_RUNTIME" \
			    $(ring_job "$job"))
			c1=$(cpu_split)
			segs=$(ring_job "$job" | cut -d' ' -f2)
			echo "$l" | awk -v b="$1" -v r="$2" -v j="$job.$store" \
			    -v c="$c0 $c1" -v segs="$segs" '$1 == "bench" {
				split(c, v, " ");
				s = $9 > 0 ? $9 : 1;
				printf "LAB-BENCH-R %s %s %s %d %d %d %d %d %d\n", b, r, j,
				    $3 * segs * 4 / s, $3 / s, $3, v[4] - v[1],
				    v[5] - v[2], v[6] - v[3] }'
			case "$l" in
			*"bench responses"*) ;;
			*) echo "LAB-BENCH-NOTE $1 $job.$store: $l" ;;
			esac
			d=/sys/bus/xen-backend/devices/vbd-0-$ring_dev
			echo "LAB-BENCH-EOI $1 ring.$job.$store spurious=$(cat $d/xenbus/spurious_events 2>/dev/null) delayed=$(cat $d/xenbus/jiffies_eoi_delayed 2>/dev/null)"
			case "$1" in
			xbb*)
				echo "LAB-BENCH-LISTS $1 ring.$job.$store lists=$(cat $d/statistics/lists) avg=$(cat $d/statistics/list_avg) max=$(cat $d/statistics/list_max)"
				;;
			esac
			dom0_vbd_gone "$ring_dev"
		done
		[ -z "$loop" ] || losetup -d "$loop"
	done
	bench_unload "$1"
	return 0
}

# ring_pair BACKEND ROUND JOB: JOB, a ring job with "x2" after its name,
# on two rings at once: two devices, one on each ramdisk, and a blkpoke
# on each, started together.  One LAB-BENCH-R row: the two rings'
# requests over the longer of their runs.
ring_pair() {
	segs=$(ring_job "${3%x2}" | cut -d' ' -f2)
	pair=
	for rd in 0 1; do
		ring_dev=$((ring_dev + 1))
		dom0_vbd "$ring_dev" "/dev/ram$rd"
		xenstore-write "$B/dev" "xvdy$rd"
		pair="$pair $ring_dev:$F:$B"
	done
	c0=$(cpu_split)
	pids=
	for p in $pair; do
		# DISKFILE only gives blkpoke the size: the two are equal.
		# shellcheck disable=SC2046
		/lab/blkpoke bench "$(echo "$p" | cut -d: -f2)" \
		    "$(echo "$p" | cut -d: -f3)" /dev/ram0 "$LOCAL_RUNTIME" \
		    $(ring_job "${3%x2}") >"/tmp/pair.${p%%:*}" &
		pids="$pids $!"
	done
	# shellcheck disable=SC2086
	wait $pids
	c1=$(cpu_split)
	for p in $pair; do
		cat "/tmp/pair.${p%%:*}"
	done | awk -v b="$1" -v r="$2" -v j="$3.ram" -v c="$c0 $c1" \
	    -v segs="$segs" '
	$1 == "bench" { n += $3; if ($9 > s) s = $9; k++ }
	$1 != "bench" { print "LAB-BENCH-NOTE " b " " j ": " $0 }
	END {
		split(c, v, " ");
		if (k != 2 || s == 0) {
			print "LAB-BENCH-NOTE " b " " j ": " k " of 2 rings ran";
			exit
		}
		printf "LAB-BENCH-R %s %s %s %d %d %d %d %d %d\n", b, r, j,
		    n * segs * 4 / s, n / s, n, v[4] - v[1], v[5] - v[2],
		    v[6] - v[3] }'
	for p in $pair; do
		dom0_vbd_gone "${p%%:*}"
		rm -f "/tmp/pair.${p%%:*}"
	done
	return 0
}

# ring_profile BACKEND: outside the measured rounds, a Dom0 profile of
# blkpoke's 4 KiB random reads and sequential writes on the ramdisk
# through BACKEND, or of the jobs BENCH_RING_PROFILE names ("LAB-PROFILE-R
# backend job ..." lines).
RING_PROFILE=${BENCH_RING_PROFILE:-randread4k seqwrite4k}
ring_profile() {
	bench_load "$1"
	for job in $RING_PROFILE; do
		ring_dev=$((ring_dev + 1))
		dom0_vbd "$ring_dev" /dev/ram0
		xenstore-write "$B/dev" xvdz
		# shellcheck disable=SC2046
		perf record -q -g -e cpu-clock -F 499 -a -o /tmp/perf.data \
		    -- /lab/blkpoke bench "$F" "$B" /dev/ram0 5 \
		    $(ring_job "$job") >/tmp/fio.out 2>/dev/null
		profile_report "LAB-PROFILE-R $1 $job"
		dom0_vbd_gone "$ring_dev"
	done
	bench_unload "$1"
}

# bench_palindrome SLOTFN PROFILEFN TAG: the rounds of parts r and l.
# First a warm-up, not counted (SLOTFN with round 0 runs one short
# random read on the ramdisk): the first slot of a boot ran 20-40 %
# slower than the same backend at the round's end.  Then BENCH_ROUNDS
# rounds of six slots, the three backends in a rotating order and back
# (A B C C B A, B C A A C B, ...), so that each round has an A/A pair
# per backend and no backend always runs first or last; then, outside
# the measured rounds, PROFILEFN for xen-blkback and xbb.
bench_palindrome() {
	pal_slot=$1 pal_profile=$2 pal_tag=$3
	for b in xen-blkback xbb xbb-nocoalesce; do
		"$pal_slot" "$b" 0 |
		    sed "s/^LAB-BENCH-$pal_tag /LAB-BENCH-WARMUP /"
	done
	set -- xen-blkback xbb xbb-nocoalesce
	r=1
	while [ "$r" -le "$BENCH_ROUNDS" ]; do
		for b in "$1" "$2" "$3" "$3" "$2" "$1"; do
			"$pal_slot" "$b" "$r" || return 1
		done
		set -- "$2" "$3" "$1"
		r=$((r + 1))
	done
	if command -v perf >/dev/null; then
		"$pal_profile" xen-blkback
		"$pal_profile" xbb
	fi
}

# bench_ring: the ring part.
bench_ring() {
	ring_dev=51840
	bench_palindrome ring_slot ring_profile R || return 1
	result bench-blk-ring PASS "$BENCH_ROUNDS rounds"
}

# bench_local: the local-attach part.
bench_local() {
	# A ring of 16 pages (512 requests) rather than one (32): with 32 a
	# queue, the ring, not the backend, bounds what is in flight.
	modprobe xen-blkfront max_indirect_segments=0 \
	    max_ring_page_order="$LOCAL_RING_ORDER"
	dd if=/dev/zero of=$BENCH_FILE bs=1M count=256 2>/dev/null
	bench_palindrome local_slot local_profile L || return 1
	result bench-blk-local PASS "$BENCH_ROUNDS rounds"
}

scenario_bench_blk() {
	modprobe brd rd_nr=2 rd_size=262144
	dd if=/dev/zero of=/dev/ram0 bs=1M count=256 2>/dev/null
	case " $RING_JOBS " in *x2" "*)
		dd if=/dev/zero of=/dev/ram1 bs=1M count=256 2>/dev/null
		;;
	esac
	dd if=/dev/zero of=$BENCH_FILE bs=1M count=256 2>/dev/null
	case " $BENCH_PARTS " in *" l "* | *" r "*)
		modprobe null_blk nr_devices=1 gb=1 queue_mode=2 irqmode=2 \
		    completion_nsec=$LOCAL_NULL_NSEC \
		    hw_queue_depth=$LOCAL_NULL_DEPTH submit_queues=1
		;;
	esac
	case " $BENCH_PARTS " in *" r "*)
		bench_ring || return
		;;
	esac
	case " $BENCH_PARTS " in *" l "*)
		bench_local || return
		;;
	esac
	rmmod null_blk 2>/dev/null
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

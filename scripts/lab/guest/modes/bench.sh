# shellcheck shell=sh
# guest/modes/bench.sh: the guest's mode bench (lab=bench), sourced by
# guest/init, whose header says what each mode does.
# Each time the disk appears, run the benchmark jobs on it, then
# wait for it to go: Dom0 swaps backends between rounds.  The jobs
# are "lab_jobs=" (comma-separated) or the three defaults;
# "lab_nomerge=1" turns the block layer's merging off, so that
# every fio I/O is one blkif request.
jobs=$(sed -n 's/.*lab_jobs=\([a-z0-9,]*\).*/\1/p' /proc/cmdline | tr , ' ')
jobs=${jobs:-randread4k seqwrite4k seqread1m}
round=0
while :; do
	while [ ! -b /dev/xvda ]; do sleep 1; done
	round=$((round + 1))
	if grep -q 'lab_nomerge=1' /proc/cmdline; then
		echo 2 >/sys/block/xvda/queue/nomerges
	fi
	for job in $jobs; do
		case $job in
		randread4k) a="--rw=randread --bs=4k --iodepth=32" ;;
		seqwrite4k) a="--rw=write --bs=4k --iodepth=32" ;;
		seqread4k) a="--rw=read --bs=4k --iodepth=32" ;;
		seqwrite16k) a="--rw=write --bs=16k --iodepth=32" ;;
		seqread16k) a="--rw=read --bs=16k --iodepth=32" ;;
		seqread1m) a="--rw=read --bs=1m --iodepth=8" ;;
		# Two jobs, one per vCPU: one blkfront queue each.
		randread4k2j) a="--rw=randread --bs=4k --iodepth=32 --numjobs=2 --cpus_allowed=0-1 --cpus_allowed_policy=split --group_reporting" ;;
		randwrite4k2j) a="--rw=randwrite --bs=4k --iodepth=32 --numjobs=2 --cpus_allowed=0-1 --cpus_allowed_policy=split --group_reporting" ;;
		esac
		say "bench ready round=$round job=$job"
		sleep 2
		# shellcheck disable=SC2086
		fio --name=$job --filename=/dev/xvda --direct=1 \
		    --ioengine=libaio $a --size=200m --time_based \
		    --runtime=8 --ramp_time=2 --output-format=terse \
		    --terse-version=3 >/tmp/bench.out 2>/dev/null
		# terse v3: read KiB/s $7, IOPS $8; write KiB/s $48, IOPS $49
		r=$(awk -F';' '{print $7+$48, $8+$49}' /tmp/bench.out)
		say "bench done round=$round job=$job kib_s=${r% *} iops=${r#* }"
	done
	say "bench round-done round=$round"
	while [ -b /dev/xvda ]; do sleep 1; done
done

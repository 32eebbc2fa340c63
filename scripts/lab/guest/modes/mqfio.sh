# shellcheck shell=sh
# guest/modes/mqfio.sh: the guest's mode mqfio (lab=mqfio), sourced by
# guest/init, whose header says what each mode does.
# Two fio jobs pinned one per vCPU, so that blkfront's per-CPU
# queues both carry requests; each writes and verifies 8 MiB of its own 16 MiB.
if waitdisk; then
	fio --name=mq --filename=/dev/xvda --direct=1 \
	    --ioengine=libaio --iodepth=16 --rw=randwrite \
	    --bsrange=4k-128k --size=8m --offset_increment=16m \
	    --numjobs=2 --cpus_allowed=0-1 \
	    --cpus_allowed_policy=split --verify=crc32c \
	    --verify_fatal=1 --do_verify=1 >/tmp/fio.out 2>&1
	rc=$?
	grep -iE 'err|bad|verify' /tmp/fio.out | head -n 5 >/dev/console
	say "mqfio rc=$rc hwqueues=$(ls /sys/block/xvda/mq 2>/dev/null | wc -l)"
else
	say "nodisk"
fi

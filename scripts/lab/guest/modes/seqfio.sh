# shellcheck shell=sh
# guest/modes/seqfio.sh: the guest's mode seqfio (lab=seqfio), sourced by
# guest/init, whose header says what each mode does.
if waitdisk; then
	echo 2 >/sys/block/xvda/queue/nomerges
	echo 4 >/sys/block/xvda/queue/max_sectors_kb
	fio --name=seq --filename=/dev/xvda --direct=1 \
	    --ioengine=libaio --iodepth=32 --rw=write --bs=4k \
	    --size=8m --verify=crc32c --verify_fatal=1 \
	    --do_verify=1 >/tmp/fio.out 2>&1
	rc=$?
	grep -iE 'err|bad|verify' /tmp/fio.out | head -n 5 >/dev/console
	say "seqfio rc=$rc"
else
	say "nodisk"
fi

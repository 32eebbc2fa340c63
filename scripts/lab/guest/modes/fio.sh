# shellcheck shell=sh
# guest/modes/fio.sh: the guest's mode fio (lab=fio), sourced by
# guest/init, whose header says what each mode does.
if waitdisk; then
	fio --name=verify --filename=/dev/xvda --direct=1 \
	    --ioengine=libaio --iodepth=8 --rw=randwrite \
	    --bsrange=4k-1m --size=32m --verify=crc32c \
	    --verify_fatal=1 --do_verify=1 >/tmp/fio.out 2>&1
	rc=$?
	grep -iE 'err|bad|verify' /tmp/fio.out | head -n 5 >/dev/console
	# The block layer's counts, which Dom0 compares with
	# xentop's (each request here is one blkif request).
	say "fio stat $(cat /sys/block/xvda/stat)"
	say "fio rc=$rc"
else
	say "nodisk"
fi

# shellcheck shell=sh
# guest/modes/flapfio.sh: the guest's mode flapfio (lab=flapfio), sourced by
# guest/init, whose header says what each mode does.
(
	while [ ! -b /dev/xvdb ]; do sleep 1; done
	fio --name=verify --filename=/dev/xvdb --direct=1 \
	    --ioengine=libaio --iodepth=16 --rw=randwrite --bs=1m \
	    --size=32m --offset_increment=32m --numjobs=2 \
	    --verify=crc32c --verify_fatal=1 --do_verify=1 \
	    >/tmp/verify.out 2>&1
	rc=$?
	grep -iE 'err|bad|verify' /tmp/verify.out | head -n 5 >/dev/console
	say "flapfio verify rc=$rc"
) &
# A disk the backend closed stays until it is removed, with no
# capacity (blkfront's blkfront_closing()): not a disk to load.
k=0
while :; do
	if [ -b /dev/xvda ] &&
	    [ "$(cat /sys/block/xvda/size 2>/dev/null || echo 0)" -gt 0 ]; then
		k=$((k + 1))
		say "flapfio load $k"
		fio --name=load --filename=/dev/xvda --direct=1 \
		    --ioengine=libaio --iodepth=32 --rw=randrw \
		    --bs=1m --size=64m --numjobs=2 --cpus_allowed=0-1 \
		    --cpus_allowed_policy=split --time_based \
		    --runtime=3600 >/dev/null 2>&1
		say "flapfio load $k ended rc=$?"
	fi
	sleep 0.2
done

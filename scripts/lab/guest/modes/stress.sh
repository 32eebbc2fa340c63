# shellcheck shell=sh
# guest/modes/stress.sh: the guest's mode stress (lab=stress), sourced by
# guest/init, whose header says what each mode does.
if waitdisk; then
	say "stress started"
	fio --name=stress --filename=/dev/xvda --direct=1 \
	    --ioengine=libaio --iodepth=16 --rw=randrw --bs=64k \
	    --size=48m --time_based --runtime=600 >/dev/null 2>&1
fi

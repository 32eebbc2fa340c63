# shellcheck shell=sh
# guest/modes/rebind.sh: the guest's mode rebind (lab=rebind), sourced by
# guest/init, whose header says what each mode does.
# Dom0 moves the disk and NIC between drivers under this load:
# fio writes 16 MiB and verifies it with crc32c, again and again,
# each pass reported; eth0 answers Dom0's ping flood meanwhile.
waiteth 30
ip link set eth0 up
ip addr add $IP/24 dev eth0
if waitdisk; then
	k=0
	while :; do
		k=$((k + 1))
		fio --name=rebind --filename=/dev/xvda --direct=1 \
		    --ioengine=libaio --iodepth=8 --rw=randwrite \
		    --bs=64k --size=16m --verify=crc32c \
		    --verify_fatal=1 --do_verify=1 >/tmp/fio.out 2>&1
		rc=$?
		[ "$rc" -eq 0 ] || grep -iE 'err|bad|verify' \
		    /tmp/fio.out | head -n 5 >/dev/console
		say "rebind pass $k rc=$rc"
	done
else
	say "nodisk"
fi

# shellcheck shell=sh
# guest/modes/resize.sh: the guest's mode resize (lab=resize), sourced by
# guest/init, whose header says what each mode does.
# Wait for Dom0 to grow the store; meanwhile a read a second
# wakes the backend, which looks at the store's size when it
# serves I/O.  Then 1 MiB past the old end, written and read back.
if waitdisk; then
	s0=$(cat /sys/block/xvda/size)
	say "resize size=$s0"
	s1=$s0
	i=0
	while [ "$s1" = "$s0" ] && [ $i -lt 150 ]; do
		dd if=/dev/xvda of=/dev/null bs=4k count=1 iflag=direct 2>/dev/null
		sleep 1
		s1=$(cat /sys/block/xvda/size)
		i=$((i + 1))
	done
	w=fail
	if [ "$s1" -gt "$s0" ]; then
		dd if=/dev/urandom of=/tmp/r bs=1M count=1 2>/dev/null
		if dd if=/tmp/r of=/dev/xvda bs=1M seek=$((s0 / 2048)) \
		    oflag=direct conv=notrunc 2>/dev/null &&
		    [ "$(dd if=/dev/xvda bs=1M skip=$((s0 / 2048)) count=1 \
		    iflag=direct 2>/dev/null | md5)" = "$(md5 </tmp/r)" ]; then
			w=ok
		fi
	fi
	say "resize old=$s0 new=$s1 write=$w"
else
	say "nodisk"
fi

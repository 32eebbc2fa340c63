# shellcheck shell=sh
# guest/modes/ro.sh: the guest's mode ro (lab=ro), sourced by
# guest/init, whose header says what each mode does.
if waitdisk; then
	r=fail
	dd if=/dev/xvda of=/dev/null bs=4k count=16 iflag=direct 2>/dev/null && r=ok
	w=ok
	dd if=/dev/zero of=/dev/xvda bs=4k count=1 oflag=direct 2>/dev/null || w=fail
	say "ro read=$r write=$w"
else
	say "nodisk"
fi

# shellcheck shell=sh
# guest/modes/discard.sh: the guest's mode discard (lab=discard), sourced by
# guest/init, whose header says what each mode does.
if waitdisk; then
	blkdiscard -o 0 -l 4194304 /dev/xvda
	say "discard rc=$?"
else
	say "nodisk"
fi

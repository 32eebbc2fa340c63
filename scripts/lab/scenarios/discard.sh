# shellcheck shell=sh
# discard: blkdiscard in the guest punches the range out of the backing
# file (loop over tmpfs): it reads back as zeros in Dom0.
scenario_discard() {
	dd if=/dev/urandom of="$DISK" bs=1M count=4 conv=notrunc 2>/dev/null
	if run_guest gd discard 1 'discard rc=' 180; then
		pass_if discard-guest "blkdiscard of 4 MiB succeeded" \
		    wait_glog gd 0 'discard rc=0' 1
		pass_if discard-store "the range reads as zeros in the store" \
		    cmp -s -n 4194304 "$DISK" /dev/zero
		pass_if discard-count "the backend counted the discard" \
		    [ "$(vbd_attr gd statistics/reqs_discard)" -gt 0 ]
	fi
	xl destroy gd 2>/dev/null
	wait_for 30 gone gd
}

# shellcheck shell=sh
# ro: a read-only disk: the guest reads, its write fails, the store is
# unchanged, the backend counted the refused write.
scenario_ro() {
	before=$(md5sum <"$DISK")
	if run_guest go ro "phy:$LOOPDEV,xvda,r" 'ro read=' 180; then
		pass_if ro-guest "guest: read works, write fails" \
		    wait_glog go 0 'ro read=ok write=fail' 1
		pass_if ro-info "backend shows read_only=1" \
		    [ "$(vbd_attr go read_only)" = 1 ]
	fi
	xl destroy go 2>/dev/null
	wait_for 30 gone go
	pass_if ro-store "the backing store is unchanged" \
	    [ "$(md5sum <"$DISK")" = "$before" ]
}

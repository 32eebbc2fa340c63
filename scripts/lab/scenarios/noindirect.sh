# shellcheck shell=sh
# noindirect: blkfront with indirect descriptors disabled
# (max_indirect_segments=0) sends only 11-segment requests; fio verifies.
scenario_noindirect() {
	if run_guest gn fio 1 'fio rc=' 420 xen_blkfront.max_indirect_segments=0; then
		pass_if noindirect-verify "fio verify=crc32c without indirect descriptors" \
		    wait_glog gn 0 'fio rc=0' 1
		pass_if noindirect-none "no indirect request was sent" \
		    [ "$(vbd_attr gn statistics/reqs_indirect)" = 0 ]
	fi
	xl destroy gn 2>/dev/null
	wait_for 30 gone gn
}

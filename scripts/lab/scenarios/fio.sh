# shellcheck shell=sh
# fio: random writes of 4 KiB to 1 MiB with crc32c verification through
# the backend, with blkfront's defaults (indirect descriptors in use).
scenario_fio() {
	T=/sys/kernel/tracing
	echo >"$T/trace"
	echo 1 >"$T/events/xbb/enable"
	if run_guest gf fio 1 'fio rc=' 420; then
		pass_if fio-verify "fio randwrite 4k-1m verify=crc32c" \
		    wait_glog gf 0 'fio rc=0' 1
		pass_if fio-indirect "indirect requests were served" \
		    [ "$(vbd_attr gf statistics/reqs_indirect)" -gt 0 ]
		pass_if fio-trace "xbb_fetch, xbb_dispatch, xbb_complete tracepoints fired" \
		    sh -c "grep -q 'xbb_fetch: dom' $T/trace && grep -q 'xbb_dispatch: dom' $T/trace && grep -q 'xbb_complete: dom' $T/trace"
	fi
	echo 0 >"$T/events/xbb/enable"
	xl destroy gf 2>/dev/null
	wait_for 30 gone gf
}

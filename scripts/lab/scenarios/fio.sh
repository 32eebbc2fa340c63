# shellcheck shell=sh
# fio: random writes of 4 KiB to 1 MiB with crc32c verification through
# the backend, with blkfront's defaults (indirect descriptors in use).
scenario_fio() {
	T=/sys/kernel/tracing
	echo >"$T/trace"
	echo 1 >"$T/events/xbb/enable"
	# xen-blkback's log_stats: a line every 10 s while the disk serves.
	echo 1 >/sys/module/xbb/parameters/log_stats
	# Persistent grants expire after 5 s unused, under load as well.
	echo 5 >/sys/module/xbb/parameters/persistent_grant_unused_seconds
	if run_guest gf fio 1 'fio rc=' 420; then
		pass_if fio-verify "fio randwrite 4k-1m verify=crc32c" \
		    wait_glog gf 0 'fio rc=0' 1
		pass_if fio-indirect "indirect requests were served" \
		    [ "$(vbd_attr gf statistics/reqs_indirect)" -gt 0 ]
		pass_if fio-trace "xbb_fetch, xbb_dispatch, xbb_complete tracepoints fired" \
		    sh -c "grep -q 'xbb_fetch: dom' $T/trace && grep -q 'xbb_dispatch: dom' $T/trace && grep -q 'xbb_complete: dom' $T/trace"
		fio_xentop
		fio_ls=$(dmesg | grep -E "vbd-$(domid gf)-51712: oo [0-9]+ \| rd [0-9]+ \| wr [0-9]+" | tail -n 1 | sed 's/^\[[^]]*\] //')
		pass_if fio-log-stats "log_stats=1: ${fio_ls:-no line}" \
		    [ -n "$fio_ls" ]
		# The guest is idle now: its grants go within 5 s and a tick
		# (the expiry timer runs the worker; no I/O does).
		wait_for 30 sh -c "[ \$(cat /sys/bus/xen-backend/devices/vbd-$(domid gf)-51712/statistics/persistent_grants) = 0 ]"
		pass_if fio-expire "persistent_grant_unused_seconds=5, the guest idle: $(vbd_attr gf statistics/persistent_grants) mapped, $(vbd_attr gf statistics/persistent_expired) expired (of $(vbd_attr gf statistics/persistent_mapped) mapped in all)" \
		    [ "$(vbd_attr gf statistics/persistent_grants)" = 0 -a "$(vbd_attr gf statistics/persistent_expired)" -gt 0 ]
	fi
	echo 60 >/sys/module/xbb/parameters/persistent_grant_unused_seconds
	echo 0 >/sys/module/xbb/parameters/log_stats
	echo 0 >"$T/events/xbb/enable"
	xl destroy gf 2>/dev/null
	wait_for 30 gone gf
}

# fio_xentop: xentop (libxenstat reads xen-blkback's statistics/ names:
# rd_req, wr_req, rd_sect, wr_sect, oo_req) shows the guest's reads and
# writes as the guest's block layer counted them, within one request.
fio_xentop() {
	xentop -b -i 2 -d 1 >/tmp/xentop.out 2>&1
	# The header names the columns; the guest's line of the last
	# iteration holds its counts.
	# shellcheck disable=SC2046
	set -- $(awk '/^ *NAME /{for (i = 1; i <= NF; i++) h[$i] = i; next}
	    $1 == "gf" && h["VBD_RD"] {l = $h["VBD_OO"] " " $h["VBD_RD"] " " \
	    $h["VBD_WR"] " " $h["VBD_RSECT"] " " $h["VBD_WSECT"]}
	    END {print l}' /tmp/xentop.out)
	fx_oo=${1:-?} fx_rd=${2:-?} fx_wr=${3:-?} fx_rs=${4:-?} fx_ws=${5:-?}
	# shellcheck disable=SC2046
	set -- $(glast gf 0 'fio stat ' | sed 's/.*fio stat //')
	fg_rd=${1:-?} fg_rs=${3:-?} fg_wr=${5:-?} fg_ws=${7:-?}
	grep -E '^ *NAME |^ *gf ' /tmp/xentop.out | tail -n 2
	pass_if fio-xentop "xentop VBD_OO $fx_oo VBD_RD $fx_rd VBD_WR $fx_wr VBD_RSECT $fx_rs VBD_WSECT $fx_ws; the guest's block layer: $fg_rd reads, $fg_wr writes, $fg_rs and $fg_ws sectors" \
	    fio_xentop_close "$fx_rd" "$fg_rd" 1 "$fx_wr" "$fg_wr" 1 \
	    "$fx_rs" "$fg_rs" 2048 "$fx_ws" "$fg_ws" 2048
}

# fio_xentop_close A B SLACK...: each pair A, B is numeric, A > 0, and
# they differ by at most SLACK (one request: 1, or 1 MiB of sectors).
fio_xentop_close() {
	while [ $# -ge 3 ]; do
		case "$1$2$3" in *[!0-9]*) return 1 ;; esac
		[ "$1" -gt 0 ] || return 1
		[ $(($1 - $2)) -le "$3" ] && [ $(($2 - $1)) -le "$3" ] ||
		    return 1
		shift 3
	done
}

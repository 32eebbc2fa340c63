# shellcheck shell=sh
# coalesce: xbb's front-end request coalescing and KVA range manager.
# A guest without indirect descriptors, whose block layer neither merges
# nor sends more than 4 KiB a request, writes 8 MiB sequentially at
# queue depth 32 and reads it back with crc32c verification, on a device
# and on a file store, with xbb.coalesce on and off: on, the counters show
# lists of several requests; off, none.  A file store's lists are mapped
# into the pool's contiguous virtual range (PV Dom0: pool_mapping "pte").  Then a pool far smaller than the
# load (xbb.kva_pages=1, raised to the largest request's 32 pages) under
# fio's random 4 KiB-1 MiB writes: lists wait for pages, none fails.
# blkfront negotiates persistent grants, so lists mix persistent and
# transient segments (the message shows how many were reused); on the
# file store such a list is one call over a kvec of both kinds.
P=/sys/module/xbb/parameters

# coalesce_run NAME DISK COALESCE
coalesce_run() {
	echo "$3" >"$P/coalesce"
	if run_guest "$1" seqfio "$2" 'seqfio rc=' 420 \
	    xen_blkfront.max_indirect_segments=0; then
		pass_if "$1-verify" "fio seq 4k QD32 verify=crc32c, $(vbd_attr "$1" store_kind) store, coalesce=$3" \
		    wait_glog "$1" 0 'seqfio rc=0' 1
		l=$(vbd_attr "$1" statistics/lists)
		c=$(vbd_attr "$1" statistics/reqs_coalesced)
		stats="lists $l, requests coalesced $c, per list avg $(vbd_attr "$1" statistics/list_avg) max $(vbd_attr "$1" statistics/list_max), pool $(vbd_attr "$1" kva_pages) pages, high-water $(vbd_attr "$1" statistics/kva_hiwat), persistent grants reused $(vbd_attr "$1" statistics/persistent_reused)"
		m=$(vbd_attr "$1" pool_mapping)
		case "$(vbd_attr "$1" store_kind)" in
		file) pass_if "$1-pte" "file store: grants mapped into the pool's contiguous virtual range ($m)" \
		    [ "$m" = pte ] ;;
		*) pass_if "$1-pages" "device store: grants mapped onto the pool's pages ($m)" \
		    [ "$m" = pages ] ;;
		esac
		if [ "$3" = 1 ]; then
			pass_if "$1-merged" "$stats" [ "${c:-0}" -gt 0 ]
		else
			pass_if "$1-single" "$stats" \
			    [ "${c:-1}" = 0 -a "${l:-0}" -gt 0 ]
		fi
	fi
	xl destroy "$1" 2>/dev/null
	wait_for 30 gone "$1"
}

scenario_coalesce() {
	truncate -s 64M /tmp/coal.img
	file="format=raw, vdev=xvda, access=rw, script=/etc/xen/scripts/xbb-file, target=/tmp/coal.img"
	coalesce_run gcdev1 1 1
	coalesce_run gcdev0 1 0
	coalesce_run gcfile1 "$file" 1
	coalesce_run gcfile0 "$file" 0
	echo 1 >"$P/coalesce"

	echo 1 >"$P/kva_pages"
	if run_guest gckva fio 1 'fio rc=' 420; then
		pass_if kva-verify "fio randwrite 4k-1m verify=crc32c on a $(vbd_attr gckva kva_pages)-page pool" \
		    wait_glog gckva 0 'fio rc=0' 1
		s=$(vbd_attr gckva statistics/kva_shortages)
		pass_if kva-waits "lists waited for pool pages $s times, high-water $(vbd_attr gckva statistics/kva_hiwat) of $(vbd_attr gckva kva_pages), $(vbd_attr gckva statistics/err_map_failed) map failures" \
		    [ "${s:-0}" -gt 0 -a "$(vbd_attr gckva statistics/err_io)" = 0 ]
	fi
	xl destroy gckva 2>/dev/null
	wait_for 30 gone gckva
	echo 0 >"$P/kva_pages"
	rm -f /tmp/coal.img
}

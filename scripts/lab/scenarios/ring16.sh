# shellcheck shell=sh
# ring16: blkfront asks for a 16-page ring (max_ring_page_order=4); the
# backend maps it and fio verifies data through it.
scenario_ring16() {
	if run_guest gr fio 1 'fio rc=' 420 xen_blkfront.max_ring_page_order=4; then
		pass_if ring16-pages "16-page ring, $(vbd_attr gr ring_scheme), $(vbd_attr gr max_requests) requests" \
		    [ "$(vbd_attr gr ring_pages)" = 16 ]
		pass_if ring16-verify "fio verify=crc32c over the 16-page ring" \
		    wait_glog gr 0 'fio rc=0' 1
	fi
	xl destroy gr 2>/dev/null
	wait_for 30 gone gr
}

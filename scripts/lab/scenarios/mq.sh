# shellcheck shell=sh
# mq: xbb's multi-queue rings and persistent grants, served to Linux's
# blkfront in a 2-vCPU guest, which asks for one queue per vCPU and for
# persistent grants.  Two fio jobs, one per vCPU, verify with crc32c:
# with persistent grants (the default), without (the guest's
# xen_blkfront.feature_persistent=0), and with a table of 64 grants per
# ring, which forces purges.  Then a guest rebooted while fio runs comes
# back on two queues, and "xl destroy" under I/O leaves no backend, no
# dying domain (a grant left mapped would keep it), and xbb unloads
# (scenario unload, later).
P=/sys/module/xbb/parameters

# mq_both LIST: two space-separated counters, both above zero.
mq_both() {
	# shellcheck disable=SC2086
	set -- $1
	[ $# = 2 ] && [ "$1" -gt 0 ] && [ "$2" -gt 0 ]
}

# mq_both_now NAME: guest NAME's disk has had requests on both queues.
mq_both_now() {
	mq_both "$(vbd_attr "$1" statistics/queue_requests)"
}

# mq_nodying: no domain is left dying (xl shows it as "(null)").
mq_nodying() {
	! xl list | grep -q '(null)'
}

# mq_run NAME PERSISTENT(1|0) [EXTRA]
mq_run() {
	if GUEST_VCPUS=2 run_guest "$1" mqfio 1 'mqfio rc=' 600 "${3:-}"; then
		pass_if "$1-verify" "2 fio jobs, one per vCPU, verify=crc32c: $(glast "$1" 0 'mqfio rc=' | sed 's/.*mqfio //')" \
		    wait_glog "$1" 0 'mqfio rc=0' 1
		qr=$(vbd_attr "$1" statistics/queue_requests)
		pass_if "$1-queues" "$(vbd_attr "$1" queues) queues of $(vbd_attr "$1" max_queues) offered; requests per queue: $qr" \
		    mq_both "$qr"
		pg="persistent=$(vbd_attr "$1" persistent), mapped $(vbd_attr "$1" statistics/persistent_mapped), reused $(vbd_attr "$1" statistics/persistent_reused), purged $(vbd_attr "$1" statistics/persistent_purged), held $(vbd_attr "$1" statistics/queue_persistent_grants) of $(vbd_attr "$1" max_persistent_grants) per queue"
		if [ "$2" = 1 ]; then
			pass_if "$1-persistent" "$pg" \
			    [ "$(vbd_attr "$1" persistent)" = 1 -a \
			    "$(vbd_attr "$1" statistics/persistent_reused)" -gt 0 ]
		else
			pass_if "$1-transient" "$pg" \
			    [ "$(vbd_attr "$1" persistent)" = 0 -a \
			    "$(vbd_attr "$1" statistics/persistent_mapped)" = 0 ]
		fi
	fi
}

scenario_mq() {
	mq_run gmq1 1
	xl destroy gmq1 2>/dev/null
	wait_for 30 gone gmq1
	mq_run gmq0 0 xen_blkfront.feature_persistent=0
	xl destroy gmq0 2>/dev/null
	wait_for 30 gone gmq0

	echo 64 >"$P/max_persistent_grants"
	mq_run gmqp 1
	pass_if gmqp-purged "a 64-grant table purged $(vbd_attr gmqp statistics/persistent_purged) unused grants" \
	    [ "$(vbd_attr gmqp statistics/persistent_purged)" -gt 0 ]
	xl destroy gmqp 2>/dev/null
	wait_for 30 gone gmqp
	echo 1056 >"$P/max_persistent_grants"

	if GUEST_VCPUS=2 run_guest gmqr stress 1 'stress started' 180; then
		old=$(gboot gmqr)
		sleep 6
		xl reboot gmqr
		pass_if mq-reboot "rebooted under I/O; the new boot runs I/O again" \
		    wait_for 240 booted_since gmqr "$old" 'stress started'
		# The stress mode's one fio thread submits from one vCPU at a
		# time, and the scheduler may keep it on one for seconds (a
		# CI run saw 5713 and 0 after 6 s): wait up to a minute for
		# both queues.
		wait_for 60 mq_both_now gmqr
		pass_if mq-reconnect "reconnected $(vbd_attr gmqr queues) queues, persistent=$(vbd_attr gmqr persistent), requests per queue: $(vbd_attr gmqr statistics/queue_requests)" \
		    mq_both_now gmqr
		vbd=$(backend_path vbd gmqr 51712)
		xl destroy gmqr
		pass_if mq-destroy "destroyed under I/O: backend gone, no dying domain left (every grant unmapped)" \
		    wait_for 60 sh -c "! xenstore-exists $vbd && ! ls -d /sys/bus/xen-backend/devices/vbd-* >/dev/null 2>&1 && ! xl list | grep -q '(null)'"
	fi
	xl destroy gmqr 2>/dev/null
	wait_for 30 gone gmqr
	pass_if mq-nodying "no domain left dying after the multi-queue guests" \
	    wait_for 30 mq_nodying
}

# shellcheck shell=sh
# Dom0 side helpers of the lab, sourced by run.sh for the scenarios (and
# for the bench and demo payloads, which run as scenarios).
# Results go to the console as "LAB-RESULT <name> PASS|FAIL <detail>".

LABNET_DOM0=169.254.99.1
GUEST_KERNEL=/lab-guest/vmlinuz
GUEST_INITRD=/lab/guest-initrd.gz
DISK=/tmp/disk.img

result() {
	echo "LAB-RESULT $1 $2 ${3:-}"
}

# pass_if NAME DETAIL COMMAND...: PASS when the command succeeds.
pass_if() {
	n=$1
	d=$2
	shift 2
	if "$@"; then
		result "$n" PASS "$d"
	else
		result "$n" FAIL "$d"
	fi
}

# The guest's console log, without the CRs of its line ends.
glog() {
	tr -d '\r' 2>/dev/null <"/var/log/xen/console/guest-$1.log"
}

glines() {
	glog "$1" | wc -l
}

# gsince NAME FROMLINE: the log after FROMLINE; all of it if xenconsoled
# started the file afresh (it does when a domain restarts).
gsince() {
	if [ "$(glines "$1")" -lt "$2" ]; then
		glog "$1"
	else
		glog "$1" | tail -n "+$(($2 + 1))"
	fi
}

# wait_glog NAME FROMLINE REGEX SECONDS: a line after FROMLINE matches.
wait_glog() {
	i=0
	while [ "$i" -lt "$4" ]; do
		if gsince "$1" "$2" | grep -qE "$3"; then
			return 0
		fi
		sleep 1
		i=$((i + 1))
	done
	return 1
}

# glast NAME FROMLINE REGEX: the last matching line after FROMLINE.
glast() {
	gsince "$1" "$2" | grep -E "$3" | tail -n 1
}

# gboot NAME: the id of the guest's latest boot.
gboot() {
	glog "$1" | grep -E 'LAB: id=[0-9a-f]+ boot' | tail -n 1 |
	    sed 's/.*id=\([0-9a-f]*\).*/\1/'
}

# wait_for SECONDS COMMAND...: poll until the command succeeds.
wait_for() {
	t=$1
	shift
	i=0
	while [ "$i" -lt "$t" ]; do
		"$@" && return 0
		sleep 1
		i=$((i + 1))
	done
	return 1
}

domid() {
	xl domid "$1" 2>/dev/null
}

# guest_cfg NAME MODE DISK VIF(0|1) [EXTRA]: write /tmp/NAME.cfg.  DISK
# is 1 for the loop device read-write, 0 for none, or an xl disk spec.
# GUEST_VCPUS sets the number of vCPUs (default 1).
guest_cfg() {
	{
		echo "name = \"$1\""
		echo 'type = "pv"'
		echo "kernel = \"$GUEST_KERNEL\""
		echo "ramdisk = \"$GUEST_INITRD\""
		echo "extra = \"console=hvc0 lab=$2 ${5:-}\""
		echo 'memory = 512'
		echo "vcpus = ${GUEST_VCPUS:-1}"
		case "$3" in
		0) ;;
		1) echo "disk = [ 'phy:$LOOPDEV,xvda,w' ]" ;;
		*) echo "disk = [ '$3' ]" ;;
		esac
		if [ "$4" = 1 ]; then
			echo "vif = [ 'bridge=xenbr0' ]"
		fi
	} >"/tmp/$1.cfg"
}

# guest_up NAME REGEX SECONDS RESULT: xl create /tmp/NAME.cfg and wait
# for the guest to report REGEX.  On failure: RESULT FAIL with the reason
# and diagnostics, the guest destroyed, and a non-zero return.
guest_up() {
	if ! xl create "/tmp/$1.cfg" >"/tmp/$1.create" 2>&1; then
		result "$4" FAIL "$(tail -n 1 "/tmp/$1.create")"
		return 1
	fi
	if ! wait_glog "$1" 0 "$2" "$3"; then
		result "$4" FAIL "no report from the guest in $3 s"
		diag "$1"
		xl destroy "$1"
		return 1
	fi
}

# vbd_attr NAME FILE: a sysfs attribute of guest NAME's xvda backend.
vbd_attr() {
	cat "/sys/bus/xen-backend/devices/vbd-$(domid "$1")-51712/$2" 2>/dev/null
}

# run_guest NAME MODE DISK REGEX SECONDS [EXTRA]: create a guest without a
# vif and wait for its report (REGEX, or "nodisk"); fails (with
# diagnostics, result NAME) on a timeout.
run_guest() {
	guest_cfg "$1" "$2" "$3" 0 "${6:-}"
	guest_up "$1" "$4|nodisk" "$5" "$1"
}

backend_path() {
	echo "/local/domain/0/backend/$1/$(domid "$2")/$3"
}

# bench_alternate ROUNDS ROUNDFN BACKEND...: ROUNDFN BACKEND N for each
# backend in turn, ROUNDS times (N counts from 1): the benchmarks'
# alternating rounds.  The order rotates by one each round (A B C, then
# B C A, ...): a guest's rate drifts over a boot, and part b measured
# the same xbb at 0.58x xen-blkback in the last slot of every round and
# at 0.83x in the first.  Sets bench_r to the rounds run; fails as soon
# as a round fails.
bench_alternate() {
	# Not "i": the wait helpers use that name (sh has no locals).
	bench_r=0
	bench_pair=0
	bench_n=$1
	bench_fn=$2
	shift 2
	while [ "$bench_pair" -lt "$bench_n" ]; do
		for bench_b in "$@"; do
			bench_r=$((bench_r + 1))
			"$bench_fn" "$bench_b" "$bench_r" || return 1
		done
		bench_b=$1
		shift
		set -- "$@" "$bench_b"
		bench_pair=$((bench_pair + 1))
	done
	return 0
}

# net_stat VIF NAME: one of xnb's ethtool counters.
net_stat() {
	ethtool -S "$1" 2>/dev/null | awk -v k="$2:" '$1 == k {print $2}'
}

# Lines of dmesg that mean Dom0 itself went wrong.  With the debug Dom0
# also: lockdep's reports (they print "WARNING: possible circular ..."),
# KFENCE's ("BUG: KFENCE: ..."), SLUB's ("BUG kmalloc-64 (...): Poison
# overwritten"), DEBUG_OBJECTS' ("ODEBUG: ..."), sleeping in atomic
# context ("BUG: sleeping function ...").
dmesg_bad() {
	dmesg | grep -E 'WARNING:|BUG:|BUG [^ ]+ \(|Oops|KASAN|general protection|UBSAN|ODEBUG|INFO: trying to register non-static key'
}

# kmemleak_check NAME: on a Dom0 with kmemleak (the debug Dom0), after
# scenario NAME: scan, and fail if a suspected leak has xbb or xnb in its
# allocation backtrace; others are counted and their first backtrace
# line shown (Dom0's own, e.g. from boot).  Cleared afterwards, so that
# each scenario answers for its own.  kmemleak reports only objects
# older than 5 s with no reference anywhere in memory, so memory a
# device frees a little later is not reported.
kmemleak_check() {
	k=/sys/kernel/debug/kmemleak
	[ -w "$k" ] || return 0
	sleep 6
	echo scan >"$k" 2>/dev/null
	cat "$k" >/tmp/kmemleak.$1 2>/dev/null
	awk '/^unreferenced object/ {n++} END {print n + 0}' \
	    /tmp/kmemleak.$1 >/tmp/kmemleak.all
	awk '/^unreferenced object/ {if (o) m++; o = 0}
	    /\[(xbb|xnb)\]/ {o = 1} END {if (o) m++; print m + 0}' \
	    /tmp/kmemleak.$1 >/tmp/kmemleak.ours
	if [ "$(cat /tmp/kmemleak.ours)" -eq 0 ]; then
		result "kmemleak-$1" PASS \
		    "0 suspected leaks from xbb/xnb ($(cat /tmp/kmemleak.all) elsewhere in Dom0)"
	else
		result "kmemleak-$1" FAIL \
		    "$(cat /tmp/kmemleak.ours) suspected leaks from xbb/xnb"
		echo "---- kmemleak after $1"
		head -n 60 /tmp/kmemleak.$1
	fi
	if [ "$(cat /tmp/kmemleak.all)" -gt 0 ]; then
		echo "---- kmemleak after $1: backtraces' first lines"
		grep -A1 'backtrace:' /tmp/kmemleak.$1 | grep -v 'backtrace:\|^--' |
		    sort | uniq -c | sort -rn | head -n 5
	fi
	echo clear >"$k" 2>/dev/null
}

# lockdep_check: on a Dom0 with lockdep (the debug Dom0), at the end of
# the run: lockdep turns itself off after its first report, whoever
# caused it; the run's checks of our locking meant something only if it
# is still on.
lockdep_check() {
	[ -r /proc/lockdep_stats ] || return 0
	if grep -qE 'debug_locks: +1' /proc/lockdep_stats; then
		result lockdep-live PASS "lockdep still checking at the end of the run"
	else
		result lockdep-live FAIL "lockdep turned itself off during the run"
		dmesg | grep -B2 -A30 -m1 'WARNING: possible\|WARNING: inconsistent' | head -n 60
	fi
}

# booted_since NAME OLDID REGEX: a boot other than OLDID reported REGEX.
booted_since() {
	b=$(gboot "$1")
	[ -n "$b" ] && [ "$b" != "$2" ] && glog "$1" | grep -qE "id=$b $3"
}

# gone NAME: the domain no longer exists.
gone() {
	! xl domid "$1" >/dev/null 2>&1
}

# diag NAME: after a failure, what the guest and the backends say.
diag() {
	echo "---- diag: guest $1 console (last 30 lines)"
	glog "$1" | tail -n 30
	for d in /sys/bus/xen-backend/devices/vbd-*; do
		[ -d "$d/statistics" ] || continue
		echo "---- diag: $d"
		grep -H . "$d"/* "$d"/statistics/* 2>/dev/null |
		    sed "s|$d/||" | tr '\n' ' '
		echo
	done
	for d in /sys/bus/xen-backend/devices/vif-*; do
		[ -d "$d/statistics" ] || continue
		echo "---- diag: $d"
		grep -H . "$d"/* "$d"/statistics/* 2>/dev/null |
		    sed "s|$d/||" | awk -F: '$NF != 0' | tr '\n' ' '
		echo
	done
	echo "---- diag: xl list; backend states"
	xl list
	xenstore-ls -f /local/domain/0/backend 2>/dev/null | grep -E '/state |online|hotplug-status'
	echo "---- diag: dmesg (last 25 lines)"
	dmesg | tail -n 25
}

# cpu_split: Dom0's busy time without steal, its steal time and its idle
# time (with iowait), in jiffies since boot, for the benches.  In this
# lab a PV Dom0's steal is mostly its vCPUs waiting for each other or
# for the host: the time of its own work is the first figure.
cpu_split() {
	awk '/^cpu / {print $2+$3+$4+$7+$8, $9, $5+$6}' /proc/stat
}

# perf_report PREFIX REGEX: what perf recorded in /tmp/perf.data, as
# PREFIX lines: who ran (the idle task is most of the samples), then the
# symbols of all but the idle task in shares of those samples, who makes
# the hypercalls (under TCG the costliest thing a PV Dom0 does), and the
# inclusive shares of the symbols REGEX matches (the backend's own).
perf_report() {
	perf report -i /tmp/perf.data --stdio --no-children -g none \
	    --sort comm --percent-limit 0.5 2>/dev/null |
	    grep -v '^#' | grep -v '^$' | sed "s/^/$1 comm /"
	comms=$(perf report -i /tmp/perf.data --stdio --no-children \
	    -g none --sort comm 2>/dev/null | grep -v '^#' |
	    awk 'NF >= 2 && $2 != "swapper" {print $2}' | paste -sd, -)
	perf report -i /tmp/perf.data --stdio --no-children -g none \
	    --comms "$comms" --percentage relative --sort dso,sym \
	    --percent-limit 0.7 2>/dev/null | grep -v '^#' |
	    grep -v '^$' | head -n 45 | sed "s/^/$1 self /"
	perf report -i /tmp/perf.data --stdio --no-children \
	    --comms "$comms" --percentage relative \
	    -S xen_hypercall_pv -g graph,0.5,callee,function,percent \
	    --percent-limit 1 2>/dev/null | grep -v '^#' |
	    grep -v '^$' | head -n 60 | sed "s/^/$1 calls /"
	perf report -i /tmp/perf.data --stdio --children -g none \
	    --comms "$comms" --percentage relative \
	    --sort sym 2>/dev/null | grep -v '^#' | grep -E "$2" |
	    head -n 40 | sed "s/^/$1 incl /"
}

# dom0_vbd N DEV: a vbd whose frontend is Dom0 itself (frontend-id 0),
# laid out in XenStore as the toolstack and the block hotplug script
# would, backed by block device DEV; or, when DEV is a regular file, as
# the xbb-file hotplug script leaves it (physical-device-path and
# hotplug-status, no physical-device: only xbb opens it).  Waits (20 s)
# for the backend's InitWait.  Sets B and F to its backend and frontend
# directories.
dom0_vbd() {
	B=/local/domain/0/backend/vbd/0/$1
	F=/local/domain/0/device/vbd/$1
	if [ -f "$2" ]; then
		set -- "$1" "$2" physical-device-path "$2" hotplug-status \
		    connected
	else
		set -- "$1" "$2" physical-device "$(printf '%x:%x' \
		    "$(stat -c %t "$2" | sed 's/^/0x/' | xargs printf '%d')" \
		    "$(stat -c %T "$2" | sed 's/^/0x/' | xargs printf '%d')")"
	fi
	xenstore-write "$F/backend" "$B" "$F/backend-id" 0 "$F/state" 1 \
	    "$B/frontend" "$F" "$B/frontend-id" 0 "$B/online" 1 \
	    "$B/mode" w "$B/params" "$2" "$B/$3" "$4" \
	    ${5:+"$B/$5" "$6"} "$B/state" 1
	wait_for 20 sh -c "[ \"\$(xenstore-read $B/state 2>/dev/null)\" = 2 ]"
}

# dom0_vbd_gone N: remove dom0_vbd N's nodes; wait (20 s) for the device.
dom0_vbd_gone() {
	xenstore-rm "/local/domain/0/device/vbd/$1"
	xenstore-rm "/local/domain/0/backend/vbd/0/$1"
	wait_for 20 sh -c "! ls -d /sys/bus/xen-backend/devices/vbd-0-$1 >/dev/null 2>&1"
}

# dom0_vif N MAC: a vif whose frontend is Dom0 itself (frontend-id 0),
# laid out in XenStore as the toolstack would, with the hotplug script's
# "connected" already written (the interface stays on no bridge; the
# "script" node is there because xen-netback's probe fails without it,
# and nothing runs it); waits
# (20 s) for the backend's InitWait.  Sets B and F to its backend and
# frontend directories; the caller writes the frontend's nodes.
dom0_vif() {
	B=/local/domain/0/backend/vif/0/$1
	F=/local/domain/0/device/vif/$1
	xenstore-write "$F/backend" "$B" "$F/backend-id" 0 "$F/state" 1 \
	    "$B/frontend" "$F" "$B/frontend-id" 0 "$B/online" 1 \
	    "$B/handle" "$1" "$B/mac" "$2" \
	    "$B/script" /etc/xen/scripts/vif-bridge \
	    "$B/hotplug-status" connected "$B/state" 1
	wait_for 20 sh -c "[ \"\$(xenstore-read $B/state 2>/dev/null)\" = 2 ]"
}

# dom0_vif_gone N: remove dom0_vif N's nodes; wait (20 s) for the device.
dom0_vif_gone() {
	xenstore-rm "/local/domain/0/device/vif/$1"
	xenstore-rm "/local/domain/0/backend/vif/0/$1"
	wait_for 20 sh -c "! ls -d /sys/bus/xen-backend/devices/vif-0-$1 >/dev/null 2>&1"
}

# sysfs_readers DIR: two loops reading every file under DIR (a device's
# sysfs directory and its statistics/) until sysfs_readers_stop; a
# monitoring agent's view of a device that connects and disconnects.
sysfs_readers() {
	readers=""
	for r in 1 2; do
		sh -c "while :; do cat $1/* $1/statistics/* >/dev/null 2>&1; done" &
		readers="$readers $!"
	done
}

sysfs_readers_stop() {
	# shellcheck disable=SC2086
	kill $readers 2>/dev/null
	# shellcheck disable=SC2086
	wait $readers 2>/dev/null
}

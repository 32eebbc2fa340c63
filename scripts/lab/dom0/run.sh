#!/bin/sh
# The run's Dom0 side: start Xen's daemons, make the bridge and the test
# disk, load the backends BACKEND names, run the scenarios listed in
# /lab/scenarios.list, then check Dom0's kernel log.
. /lab/lib.sh
BACKEND=$(cat /lab/backend)
# Whether the backend under test serves guest networks (the io, reboot
# and detach-attach scenarios then check the vif too).
LAB_NET=$(cat /lab/net 2>/dev/null || echo 1)

sysctl -q -w kernel.panic_on_warn=1
mount -t tracefs tracefs /sys/kernel/tracing 2>/dev/null
# No command-line recording: it patches the scheduler's tracepoints each
# time events are switched on or off, and that patching once livelocked
# this emulated PV Dom0 under load (int3 at __schedule on one vCPU, the
# other waiting for it in text_poke_bp).
echo 0 >/sys/kernel/tracing/options/record-cmd 2>/dev/null
# The debug Dom0 (e2e DOM0=debug) brings its modules on the payload, and
# has kmemleak in debugfs.
if [ -d /lab/modules ]; then
	# Without an initramfs nobody made these (initramfs-tools' init
	# does), and the locking of Xen's hotplug scripts (locking.sh's
	# claim_lock) loops for ever without /dev/stdin.
	for f in fd:/proc/self/fd stdin:/proc/self/fd/0 \
	    stdout:/proc/self/fd/1 stderr:/proc/self/fd/2; do
		[ -e "/dev/${f%%:*}" ] || ln -s "${f#*:}" "/dev/${f%%:*}"
	done
	mkdir -p "/lib/modules/$(uname -r)"
	mount --bind /lab/modules "/lib/modules/$(uname -r)"
	# dom0/init's mount of xenfs needed a module it could not find yet.
	mountpoint -q /proc/xen || mount -t xenfs xenfs /proc/xen
fi
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
modprobe -a xen-evtchn xen-gntdev xen-gntalloc loop bridge
/usr/lib/xen-4.17/bin/xenstored
/usr/lib/xen-4.17/bin/xen-init-dom0 >/dev/null
/usr/lib/xen-4.17/bin/xenconsoled --log=guest --log-dir=/var/log/xen/console &
wait_for 20 xl info >/dev/null 2>&1 || result lab-setup FAIL "xl info does not answer"

ip link add xenbr0 type bridge
ip addr add "$LABNET_DOM0/24" dev xenbr0
ip link set xenbr0 up

install -m 0755 /lab/xbb-file /etc/xen/scripts/xbb-file
truncate -s 64M "$DISK"
dd if=/dev/urandom of="$DISK" bs=1M count=8 conv=notrunc 2>/dev/null
LOOPDEV=$(losetup -f --show "$DISK")
DISK0_MD5=$(dd if="$DISK" bs=1M count=8 2>/dev/null | md5sum | cut -c1-32)

case "$BACKEND" in
none) ;;
ours)
	pass_if load-ours "insmod xbb.ko xnb.ko max_queues=4" \
	    sh -c 'insmod /lab/xbb.ko && insmod /lab/xnb.ko max_queues=4'
	;;
intree)
	pass_if load-intree "modprobe xen-blkback xen-netback" \
	    modprobe -a xen-blkback xen-netback
	;;
esac

# Not "s": scenarios use short names of their own (sh has no locals).
for lab_scenario in $(cat /lab/scenarios.list); do
	echo "LAB-SCENARIO $lab_scenario"
	. "/lab/scenarios/$lab_scenario.sh"
	"scenario_$(echo "$lab_scenario" | tr - _)"
	kmemleak_check "$lab_scenario"
done

if dmesg_bad >/tmp/bad; then
	result dom0-dmesg FAIL "$(head -n 1 /tmp/bad)"
else
	result dom0-dmesg PASS "no warnings, bugs or oopses"
fi
lockdep_check
echo "---- Dom0 dmesg (backend lines) ----"
dmesg | grep -E 'xbb|xnb|xen-blkback|xen-netback|xen_blkback|xen_netback|vif|vbd' | tail -n 60
if [ -s /var/log/xen/xen-hotplug.log ]; then
	echo "---- /var/log/xen/xen-hotplug.log (last 30 lines) ----"
	tail -n 30 /var/log/xen/xen-hotplug.log
fi
for f in /var/log/xen/console/guest-*.log; do
	[ -f "$f" ] || continue
	echo "---- $f (last 25 lines) ----"
	tail -n 25 "$f"
done

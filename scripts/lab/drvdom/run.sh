#!/bin/sh
# The driver domain's side of the drvdom scenario (scenarios/drvdom.sh is
# Dom0's).  The domain, dd, boots the Dom0 image with lab-init (dom0/init),
# which mounts this payload (its xvdb) and runs this: load xbb and xnb as
# a driver domain would (no xen_initial_domain() needed), make the bridge
# the client's vif names, run "xl devd" (it runs the block and vif-bridge
# hotplug scripts for devices whose backend is this domain), then wait for
# the client's devices to come and go and unload the modules.  Reports go
# to the console ("DD: ..."), which Dom0's xenconsoled logs.
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
say() {
	echo "DD: $*" >/dev/console
}

modprobe -a xen-evtchn xen-gntdev xen-gntalloc bridge
insmod /lab/xbb.ko && insmod /lab/xnb.ko
say "loaded rc=$?"
ip link add xenbr0 type bridge
ip addr add 169.254.98.1/24 dev xenbr0
ip link set xenbr0 up
/usr/lib/xen-4.17/bin/xl devd >/dev/null 2>&1
say "ready"
seen=0
while :; do
	if ls -d /sys/bus/xen-backend/devices/vbd-* \
	    /sys/bus/xen-backend/devices/vif-* >/dev/null 2>&1; then
		[ "$seen" = 1 ] || say "serving $(ls /sys/bus/xen-backend/devices | tr '\n' ' ')"
		seen=1
	elif [ "$seen" = 1 ]; then
		break
	fi
	sleep 1
done
sleep 2
rmmod xnb xbb
say "unloaded rc=$?"
if dmesg | grep -qE 'WARNING:|BUG:|Oops|general protection'; then
	say "dmesg bad: $(dmesg | grep -E 'WARNING:|BUG:|Oops|general protection' | head -n 1)"
else
	say "dmesg clean"
fi
while :; do
	sleep 3600
done

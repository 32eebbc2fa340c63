# shellcheck shell=sh
# guest/modes/netbench.sh: the guest's mode netbench (lab=netbench), sourced by
# guest/init, whose header says what each mode does.
# Serve iperf3 (ports 5201 and 5202); each time eth0 appears, bring it up and report:
# Dom0 swaps backends between rounds.  A new eth0 is told from the old one by
# its ifindex: a detach and attach within one second of polling left the
# loop waiting for the old one to go, with the new one never set up.
iperf3 -s -D -p 5201 >/dev/null 2>&1
# A second server: make bench-net's part m runs two clients at once,
# one per vCPU of the guest (iperf3 serves its streams on one thread).
iperf3 -s -D -p 5202 >/dev/null 2>&1
round=0
while :; do
	while [ ! -e /sys/class/net/eth0 ]; do sleep 1; done
	# Up and addressed until Dom0 answers: eth0 can show in sysfs
	# before "ip" can set it up (seen once with two queues: the
	# guest then waited for ever on a down link).
	up=0
	while [ -e /sys/class/net/eth0 ]; do
		ip link set eth0 up 2>/dev/null
		ip addr add $IP/24 dev eth0 2>/dev/null
		ping -c 1 -W 2 169.254.99.1 >/dev/null 2>&1 && { up=1; break; }
		sleep 1
	done
	[ "$up" = 1 ] || continue
	round=$((round + 1))
	idx=$(cat /sys/class/net/eth0/ifindex 2>/dev/null)
	say "nbench ready round=$round"
	while [ "$(cat /sys/class/net/eth0/ifindex 2>/dev/null)" = "$idx" ]; do
		sleep 1
	done
done

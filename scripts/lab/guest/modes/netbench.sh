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
# The guest's side of each bench job, for Dom0 (bench/net.sh, nbench_gstat):
# one line per connection to port 5300 with the guest's CPU time in
# jiffies (user, system, interrupts and softirqs, idle, steal), its
# interrupts, eth0's (netfront names its event channels vifN-qM-tx and
# -rx), its NET_RX softirqs, and the UDP datagrams it delivered to a
# socket and dropped for a full receive buffer, since boot.
cat >/tmp/gstat <<'EOF2'
#!/bin/sh
c=$(awk '/^cpu / {print $2 + $3, $4, $7 + $8, $5 + $6, $9}
    /^intr / {print $2}' /proc/stat)
e=$(awk '/ vif[0-9]/ {for (i = 2; i <= NF && $i ~ /^[0-9]+$/; i++) s += $i}
    END {print s + 0}' /proc/interrupts)
r=$(awk '/NET_RX:/ {for (i = 2; i <= NF; i++) s += $i} END {print s + 0}' \
    /proc/softirqs)
u=$(awk '/^Udp:/ {if (h) {print $2, $6; exit} h = 1}' /proc/net/snmp)
echo gstat $c $e $r $u
EOF2
chmod +x /tmp/gstat
nc -ll -p 5300 -e /tmp/gstat >/dev/null 2>&1 &
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

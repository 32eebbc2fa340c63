# shellcheck shell=sh
# guest/modes/xdp.sh: the guest's mode xdp (lab=xdp), sourced by
# guest/init, whose header says what each mode does.
# XDP headroom (lab scenario netxdp): /bin/xdpload attaches an XDP
# program to eth0 (netfront asks the backend for headroom), a 16 MiB file
# comes from Dom0 and the guest pings Dom0 through it; then, on Dom0's
# word (a connection to port 5558), five attach/detach cycles under
# Dom0's ping flood, ten more back to back, and every 2 s whether Dom0
# answers a ping.
waiteth 120
ip link set eth0 up
ip addr add "$IP"/24 dev eth0
rm -f /tmp/xdp-stop
xdpload eth0 /tmp/xdp-stop >/tmp/xdp.out 2>&1 &
xpid=$!
i=0
while ! grep -q '^attached' /tmp/xdp.out && kill -0 $xpid 2>/dev/null &&
    [ $i -lt 120 ]; do
	sleep 1
	i=$((i + 1))
done
if ! grep -q '^attached' /tmp/xdp.out; then
	say "xdp attach-failed $(tr '\n' ' ' </tmp/xdp.out)"
fi
recvfile
sleep 1
say "xdp listening $(head -n 1 /tmp/xdp.out)"
waitfile 300
say "xdp file-in size=$(wc -c </tmp/in 2>/dev/null) md5=$(md5 </tmp/in 2>/dev/null)"
s=/sys/class/net/eth0/statistics
say "xdp eth0 rx_packets=$(cat $s/rx_packets) rx_errors=$(cat $s/rx_errors) rx_dropped=$(cat $s/rx_dropped)"
p=fail
ping -c 5 -W 2 "$PEER" >/dev/null 2>&1 && p=ok
say "xdp ping-out $p"
touch /tmp/xdp-stop
wait $xpid
say "xdp $(tail -n 1 /tmp/xdp.out)"
nc -l -p 5558 </dev/null >/dev/null 2>&1
c=1
while [ $c -le 5 ]; do
	xdpload eth0 1 >/tmp/xdp.out 2>&1
	say "xdp cycle $c rc=$? $(tail -n 1 /tmp/xdp.out)"
	c=$((c + 1))
done
# Back to back: attach and detach at once, ten times (netfront's next
# reconfiguration starts while the backend's last answer may still be on
# its way).
c=1
r=0
while [ $c -le 10 ]; do
	xdpload eth0 0 >/tmp/xdp.out 2>&1 || r=$((r + 1))
	c=$((c + 1))
done
say "xdp rapid 10 failed=$r"
say "xdp cycles done"
n=0
while :; do
	n=$((n + 1))
	p=fail
	ping -c 1 -W 2 "$PEER" >/dev/null 2>&1 && p=ok
	say "tick $n net=$p"
	sleep 2
done

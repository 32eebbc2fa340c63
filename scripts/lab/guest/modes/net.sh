# shellcheck shell=sh
# guest/modes/net.sh: the guest's mode net (lab=net), sourced by
# guest/init, whose header says what each mode does.
waiteth 120
ip link set eth0 up
ip addr add $IP/24 dev eth0
p=fail
i=0
while [ $i -lt 30 ]; do
	ping -c 1 -W 2 169.254.99.1 >/dev/null 2>&1 && { p=ok; break; }
	i=$((i + 1))
done
nq=$(ls -d /sys/class/net/eth0/queues/tx-* 2>/dev/null | wc -l)
say "net ping=$p queues=$nq"
iperf3 -s -D -p 5201 >/dev/null 2>&1
# Files by plain TCP: Dom0 pushes one to 5556 and pulls ours from 5557.
servefiles
sleep 1
say "net listening out-md5=$(md5 </tmp/out)"
# The byte counts iperf3 -J reports for the whole test, each side.
jbytes() {
	awk -v k="\"$1\"" '$0 ~ k {s = 1} s && /"bytes"/ {
	    gsub(/[^0-9]/, ""); print; exit }' "$2"
}
# iperf3 -J exits 0 even when the test failed: say its error.
jerror() {
	sed -n 's/.*"error":[^"]*"\(.*\)".*/ error=\1/p' "$1" | tr ' ' _ | sed 's/^_/ /'
}
for t in tcp tcp-r udp udp-r; do
	case $t in
	tcp) a="-n 20M" ;;
	tcp-r) a="-n 20M -R" ;;
	udp) a="-u -b 20M -t 3" ;;
	udp-r) a="-u -b 20M -t 3 -R" ;;
	esac
	# shellcheck disable=SC2086
	timeout 120 iperf3 -c 169.254.99.1 -p 5201 $a -J >/tmp/$t.json 2>&1
	rc=$?
	say "net iperf $t rc=$rc sent=$(jbytes sum_sent /tmp/$t.json) received=$(jbytes sum_received /tmp/$t.json)$(jerror /tmp/$t.json)"
done
say "net gso-off begin"
sleep 3
ethtool -K eth0 tso off gso off >/dev/null 2>&1
timeout 120 iperf3 -c 169.254.99.1 -p 5201 -n 10M -J >/tmp/nogso.json 2>&1
rc=$?
say "net gso-off rc=$rc sent=$(jbytes sum_sent /tmp/nogso.json)$(jerror /tmp/nogso.json)"
sleep 3
ethtool -K eth0 tso on gso on >/dev/null 2>&1
say "net gso-on $(ethtool -k eth0 | grep -E '^tcp-segmentation-offload' | tr -d ' ')"
waitfile 120
say "net file-in size=$(wc -c </tmp/in 2>/dev/null) md5=$(md5 </tmp/in 2>/dev/null)"

# shellcheck shell=sh
# guest/modes/jumbo.sh: the guest's mode jumbo (lab=jumbo), sourced by
# guest/init, whose header says what each mode does.
# MTU 9000 (lab scenario jumbo): iperf3's server, and a 16 MiB file
# each way by plain TCP, as "net" does.
waiteth 120
ip link set eth0 mtu 9000 up
ip addr add $IP/24 dev eth0
iperf3 -s -D -p 5201 >/dev/null 2>&1
servefiles
sleep 1
say "jumbo listening mtu=$(cat /sys/class/net/eth0/mtu) out-md5=$(md5 </tmp/out)"
waitfile 300
say "jumbo file-in size=$(wc -c </tmp/in 2>/dev/null) md5=$(md5 </tmp/in 2>/dev/null)"

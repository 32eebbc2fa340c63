# shellcheck shell=sh
# guest/modes/stall.sh: the guest's mode stall (lab=stall), sourced by
# guest/init, whose header says what each mode does.
# Stop taking traffic for 30 s: with eth0 down netfront stops its
# NAPI, so it neither consumes RX responses nor posts buffers.
waiteth 120
ip link set eth0 up
ip addr add $IP/24 dev eth0
i=0
while ! ping -c 1 -W 2 169.254.99.1 >/dev/null 2>&1 && [ $i -lt 30 ]; do
	i=$((i + 1))
done
say "stall down"
ip link set eth0 down
sleep 30
ip link set eth0 up
say "stall up"

# shellcheck shell=sh
# bench/net.sh: the Dom0 side of make bench-net.  The host command,
# scripts/lab/bench-net, has e2e run it as the run's one scenario,
# bench-net (in Dom0 /lab/scenarios/bench-net.sh, scenario_bench_net).
#
# iperf3 through xen-netback and through xnb, in one boot.  Each round
# runs every backend twice, in the order A B B A (B A A B in the next
# round), so that each backend's two runs of a round are an A/A pair
# that measures the boot's own noise, and neither backend always runs
# first or last.  A run loads the backend, attaches the guest's vif,
# runs the part's jobs, detaches and unloads.  Parts (BENCH_NET_PARTS):
#   a  one queue, a 1-vCPU guest: TCP both ways (one stream).
#   m  four queues (max_queues=4 for both backends and netfront), a
#      2-vCPU guest with two iperf3 servers: TCP both ways with four
#      streams (two clients of two streams), and UDP with 64-byte
#      datagrams both ways, unpaced (packets a second).  After the
#      rounds, one more run per backend profiles Dom0 (perf) during TCP
#      to the guest.
#   t  (not by default) no guest: Dom0's netpoke plays a one-queue
#      frontend on a vif laid out by hand (dom0_vif) and keeps its TX
#      ring full of 64-byte frames for 5 s (netpoke's txbench), so that
#      the backend's TX path, not a guest's vCPU, is the limit; Dom0's
#      stack drops the frames (not its address).  Job t:udp64-ring-tx.
#   x  (not by default) the same vif the other way: a packet socket in
#      Dom0 sends 64-byte frames to the frontend's MAC out of the vif for
#      5 s, while netpoke takes the RX responses and posts the buffers
#      again (netpoke's rxbench).  The socket blocks while the qdisc and
#      the backend hold its send buffer, so the sender sleeps, not
#      spins, when the backend is the limit; its cost per frame is the
#      same under both backends and is in the CPU figure.  Job
#      x:udp64-ring-rx.
# With BENCH_NET_ALT, a third backend joins the rounds: xnb-threaded is
# xnb with napi_threaded=1, its polls in kthreads; xnb-directkick is xnb
# with rx_kick_work=0, a Dom0 sender running the poll itself (A/Bs of
# those choices); each round then runs A B C C B A, rotated by one.
# Prints "LAB-BENCH backend part:job bytes seconds cpu_jiffies packets
# steal_jiffies idle_jiffies dom0_run_cs guest_run_cs" lines (packets:
# datagrams received, UDP only; the last two, parts a and m only: the
# time Xen ran Dom0's and the guest's vCPUs, in hundredths of a second,
# from xl list: on two emulated cores their shares say whose work
# limits a job), and "LAB-BENCH-G" lines with the guest's own counters
# (nbench_gstat).  Dom0's CPU time is the busy time of /proc/stat during
# the run without steal: a PV Dom0 under emulation counts most of its
# waiting as steal, which says how the host shares its cores, not what
# the backend costs (cpu_split, dom0/lib.sh).  Steal and idle follow.
BENCH_ROUNDS=$(cat /lab/bench_rounds 2>/dev/null || echo 2)
BENCH_NET_PARTS=$(cat /lab/bench_net_parts 2>/dev/null || echo "a m")
BENCH_NET_ALT=$(cat /lab/bench_net_alt 2>/dev/null || true)

# nbench_json FILE OBJ KEY: KEY's number in object OBJ of the "end"
# section of an iperf3 -J file (the intervals have objects of the same
# names): "sum_received" for TCP's bytes and seconds, "sum" for UDP's
# bytes, seconds, packets and lost_packets.
nbench_json() {
	awk -v obj="\"$2\"" -v key="\"$3\"" '
	    /"end":[ \t]*\{/ {e = 1}
	    e && index($0, obj ":") {s = 1}
	    s && index($0, key ":") {gsub(/[^0-9.]/, "", $2); print $2; exit}' \
	    FS=: "$1"
}

# nbench_runtime DOMAIN: the time Xen has run DOMAIN's vCPUs, in
# hundredths of a second (xl list's Time(s), in tenths).
nbench_runtime() {
	xl list "$1" 2>/dev/null | awk 'NR == 2 {printf "%d\n", $6 * 100}'
}

# nbench_gstat: the guest's counters (guest/modes/netbench.sh, port
# 5300): CPU jiffies (user, system, interrupts and softirqs, idle,
# steal), interrupts, eth0's interrupts, NET_RX softirqs, UDP datagrams
# delivered and dropped for a full socket buffer, since its boot;
# nothing if it does not answer.
nbench_gstat() {
	timeout 10 bash -c "exec 3<>/dev/tcp/$NB_G/5300 && cat <&3" \
	    2>/dev/null | awk '$1 == "gstat" && NF == 11 {$1 = ""; print}'
}

# nbench_job BACKEND JOB CLIENTS IPERF-ARGS...: CLIENTS (1 or 2) iperf3
# clients at once against the guest's servers (ports 5201, 5202).
nbench_job() {
	b=$1
	job=$2
	nc=$3
	shift 3
	s0=$(nbench_gstat)
	d0=$(nbench_runtime Domain-0)
	g0=$(nbench_runtime "$g")
	c0=$(cpu_split)
	k=1
	while [ "$k" -le "$nc" ]; do
		timeout 60 iperf3 -c "$NB_G" -p $((5200 + k)) -t 8 -O 2 -J "$@" \
		    >/tmp/nb$k.json 2>&1 &
		k=$((k + 1))
	done
	wait
	c1=$(cpu_split)
	d1=$(nbench_runtime Domain-0)
	g1=$(nbench_runtime "$g")
	s1=$(nbench_gstat)
	cpu=$(echo "$c0 $c1" | awk '{print $4 - $1, $5 - $2, $6 - $3}')
	by=0
	se=0
	pk=0
	k=1
	while [ "$k" -le "$nc" ]; do
		case " $* " in
		*" -u "*)
			o=sum
			p=$(nbench_json /tmp/nb$k.json sum packets)
			l=$(nbench_json /tmp/nb$k.json sum lost_packets)
			pk=$((pk + ${p:-0} - ${l:-0}))
			;;
		*) o=sum_received ;;
		esac
		x=$(nbench_json /tmp/nb$k.json "$o" bytes)
		by=$((by + ${x:-0}))
		x=$(nbench_json /tmp/nb$k.json "$o" seconds)
		se=$(awk -v a="$se" -v b="${x:-0}" 'BEGIN {print (b > a) ? b : a}')
		k=$((k + 1))
	done
	echo "LAB-BENCH $b $job $by $se ${cpu%% *} $pk ${cpu#* }" \
	    "$((${d1:-0} - ${d0:-0})) $((${g1:-0} - ${g0:-0}))"
	# The guest's side: "LAB-BENCH-G backend job bytes" and the
	# differences of nbench_gstat's ten counters.
	[ -n "$s0" ] && [ -n "$s1" ] && echo "$s0 $s1" |
	    awk -v b="$b" -v j="$job" -v by="$by" '{
		printf "LAB-BENCH-G %s %s %s", b, j, by
		for (i = 1; i <= 10; i++)
			printf " %d", $(i + 10) - $i
		printf "\n" }'
}

# nbench_job_profile BACKEND: part m's TCP to the guest under perf, as
# "LAB-PROFILE-N BACKEND m:tcp4-dom0-to-guest" lines (perf_report); not
# one of the rounds' runs.  perf starts the clients once it records.
nbench_job_profile() {
	cat >/tmp/nbprof.sh <<EOF
timeout 60 iperf3 -c $NB_G -p 5201 -t 8 -O 2 -P 2 >/dev/null 2>&1 &
timeout 60 iperf3 -c $NB_G -p 5202 -t 8 -O 2 -P 2 >/dev/null 2>&1 &
wait
EOF
	perf record -q -g -e cpu-clock -F 499 -a -o /tmp/perf.data \
	    -- sh /tmp/nbprof.sh >/dev/null 2>&1
	perf_report "LAB-PROFILE-N $1 m:tcp4-dom0-to-guest" \
	    'xnb_|xenvif_|gnttab_|xen_hypercall|napi|net_rx_action|dev_hard_start_xmit|tcp_sendmsg|br_handle_frame|kthread'
}

# nbench_load BACKEND [PARAM]: load BACKEND; fails, and says so, unless
# its module is then the only one of the two loaded (a load that failed
# would measure the other backend under this one's name).
nbench_load() {
	case "$1" in
	xen-netback)
		# shellcheck disable=SC2086
		modprobe xen-netback ${2:-}
		set -- "$1" xen_netback xnb
		;;
	xnb-threaded)
		# shellcheck disable=SC2086
		insmod /lab/xnb.ko napi_threaded=1 ${2:-}
		set -- "$1" xnb xen_netback
		;;
	xnb-directkick)
		# shellcheck disable=SC2086
		insmod /lab/xnb.ko rx_kick_work=0 ${2:-}
		set -- "$1" xnb xen_netback
		;;
	xnb)
		# shellcheck disable=SC2086
		insmod /lab/xnb.ko ${2:-}
		set -- "$1" xnb xen_netback
		;;
	*)
		result "bench-net-load-$1" FAIL "no such backend"
		return 1
		;;
	esac
	[ -d "/sys/module/$2" ] && [ ! -d "/sys/module/$3" ] && return 0
	result "bench-net-load-$1" FAIL "$2 is not the only one loaded"
	return 1
}

# nbench_unload BACKEND: unload it; a vif's last references may take a
# moment to go after its device.
nbench_unload() {
	case "$1" in
	xen-netback) set -- xen_netback ;;
	*) set -- xnb ;;
	esac
	wait_for 30 sh -c "rmmod $1 2>/dev/null" && return 0
	result "bench-net-unload-$1" FAIL "$1 stays loaded"
	return 1
}

# nbench_ring BACKEND PART: part t's or part x's run on BACKEND (see
# above).
nbench_ring() {
	nb_part=$2
	nbench_load "$1" || return 1
	nbench_dev=$((nbench_dev + 1))
	dom0_vif "$nbench_dev" 00:16:3e:00:00:02
	rm -f /tmp/np.in /tmp/np.out
	mkfifo /tmp/np.in
	/lab/netpoke 1 10.99.0.2 </tmp/np.in >/tmp/np.out 2>&1 &
	np_pid=$!
	exec 8>/tmp/np.in
	wait_for 10 grep -q '^ctrl ' /tmp/np.out
	# One queue: netif.h's single-queue layout, as netfront writes it.
	# shellcheck disable=SC2046
	set -- "$1" $(grep '^q 0 ' /tmp/np.out)
	xenstore-write "$F/request-rx-copy" 1 "$F/feature-rx-notify" 1 \
	    "$F/tx-ring-ref" "$5" "$F/rx-ring-ref" "$7" \
	    "$F/event-channel" "$9"
	xenstore-write "$F/state" 4
	if ! wait_for 20 sh -c "[ \"\$(xenstore-read $B/state 2>/dev/null)\" = 4 ]"; then
		result "bench-$1-$nb_part" FAIL "the vif did not connect"
		return 1
	fi
	nd=/sys/bus/xen-backend/devices/vif-0-$nbench_dev
	nif=$(ls "$nd/net")
	ip link set "$nif" up
	if [ "$nb_part" = x ]; then
		cmd="rxbench 5 64 $nif"
		job=x:udp64-ring-rx
	else
		cmd="txbench 5 64"
		job=t:udp64-ring-tx
	fi
	key=${cmd%% *}
	c0=$(cpu_split)
	if [ -n "${nb_prof:-}" ]; then
		# Outside the rounds: a profile of the run.  perf is the
		# one to start it, once it records (its start takes seconds
		# under emulation).
		perf record -q -g -e cpu-clock -F 499 -a -o /tmp/perf.data \
		    -- sh -c "echo '$cmd' >&8; n=0
			until grep -q '^$key ' /tmp/np.out || [ \$n -ge 60 ]; do
				sleep 0.5; n=\$((n + 1))
			done" >/dev/null 2>&1
	else
		echo "$cmd" >&8
		wait_for 30 grep -q "^$key " /tmp/np.out
	fi
	l=$(grep "^$key " /tmp/np.out)
	c1=$(cpu_split)
	if [ -n "${nb_prof:-}" ]; then
		echo "LAB-PROFILE-N $1 $job result $l"
		perf_report "LAB-PROFILE-N $1 $job" \
		    'xnb_|xenvif_|gnttab_|xen_hypercall|napi|net_rx_action|dev_hard_start_xmit|packet_sendmsg|kthread'
		# The profile's run is not one of the rounds'.
		l=
	fi
	[ -z "$l" ] || echo "LAB-BENCH-NOTE $1 $nb_part: $l"
	# "[tr]xbench packets N errors E seconds S ...", then the two
	# splits (busy, steal, idle): the last six fields.
	[ -z "$l" ] || echo "$l $c0 $c1" | awk -v b="$1" -v j="$job" '{
		printf "LAB-BENCH %s %s %d %s %d %d %d %d\n", b, j, $3 * 64, $7,
		    $(NF - 2) - $(NF - 5), $3 - $5, $(NF - 1) - $(NF - 4),
		    $NF - $(NF - 3) }'
	echo quit >&8
	exec 8>&-
	wait "$np_pid" 2>/dev/null
	dom0_vif_gone "$nbench_dev"
	nbench_unload "$1"
}

# nbench_run BACKEND PART: one run of the part's jobs on one backend.
nbench_run() {
	case "$2" in
	t | x)
		nbench_ring "$1" "$2"
		return
		;;
	esac
	q=
	[ "$2" = m ] && q=max_queues=4
	nbench_load "$1" "$q" || return 1
	g=gn$2
	n=$(glines "$g" 2>/dev/null || echo 0)
	if ! domid "$g" >/dev/null; then
		if [ "$2" = m ]; then
			GUEST_VCPUS=2 guest_cfg "$g" netbench 0 1 \
			    "lab_ip=$NB_G xen_netfront.max_queues=4"
		else
			guest_cfg "$g" netbench 0 1 "lab_ip=$NB_G"
		fi
		xl create "/tmp/$g.cfg" >/dev/null 2>&1
		n=0
	else
		xl network-attach "$g" bridge=xenbr0
	fi
	if ! wait_glog "$g" "$n" 'nbench ready' 240; then
		result "bench-$1-$2" FAIL "the guest's vif did not come up"
		diag "$g"
		return 1
	fi
	fe=$(xenstore-read "$(backend_path vif "$g" 0)/frontend" 2>/dev/null)
	echo "bench-net: $1 part $2: $(xenstore-read "$fe/multi-queue-num-queues" 2>/dev/null || echo 1) queue(s)"
	if [ -n "${nb_prof:-}" ]; then
		# Outside the rounds: Dom0's profile of TCP to the guest.
		nbench_job_profile "$1"
	elif [ "$2" = a ]; then
		nbench_job "$1" a:tcp-dom0-to-guest 1
		nbench_job "$1" a:tcp-guest-to-dom0 1 -R
	else
		nbench_job "$1" m:tcp4-dom0-to-guest 2 -P 2
		nbench_job "$1" m:tcp4-guest-to-dom0 2 -P 2 -R
		nbench_job "$1" m:udp64-dom0-to-guest 2 -u -b 0 -l 64
		nbench_job "$1" m:udp64-guest-to-dom0 2 -u -b 0 -l 64 -R
	fi
	xl network-detach "$g" 0
	wait_for 60 sh -c '! ls -d /sys/bus/xen-backend/devices/vif-* >/dev/null 2>&1'
	nbench_unload "$1"
}

scenario_bench_net() {
	NB_G=169.254.99.5
	nbench_dev=200
	for part in $BENCH_NET_PARTS; do
		r=1
		set -- xen-netback xnb "$BENCH_NET_ALT"
		while [ "$r" -le "$BENCH_ROUNDS" ]; do
			if [ -n "$BENCH_NET_ALT" ]; then
				nb_order="$1 $2 $3 $3 $2 $1"
				set -- "$2" "$3" "$1"
			elif [ $((r % 2)) = 1 ]; then
				nb_order="xen-netback xnb xnb xen-netback"
			else
				nb_order="xnb xen-netback xen-netback xnb"
			fi
			for b in $nb_order; do
				nbench_run "$b" "$part" || return
			done
			r=$((r + 1))
		done
		case "$part" in
		m)
			if command -v perf >/dev/null; then
				nb_prof=1
				nbench_run xen-netback m
				nbench_run xnb m
				nb_prof=
			fi
			;;
		t | x)
			if command -v perf >/dev/null; then
				nb_prof=1
				nbench_run xen-netback "$part"
				nbench_run xnb "$part"
				nb_prof=
			fi
			continue
			;;
		esac
		xl destroy "gn$part"
		wait_for 60 gone "gn$part"
	done
	result bench-net PASS "$BENCH_ROUNDS rounds of parts $BENCH_NET_PARTS"
}

# shellcheck shell=bash
#
# lib.sh: host side of the lab, sourced by scripts/lab/e2e, bench-blk and
# bench-net (demo runs e2e).
#
# The lab is Xen 4.17 booted by QEMU's software emulation (TCG) with a
# Debian PV Dom0 (6.1 unless KVER says otherwise), built only from Debian
# packages; Documentation/index.rst ("The lab") describes it, and
# lab_boot() below has the QEMU, Xen and Dom0 command lines it rests on.
# Two disks:
#   vda  the Dom0 root file system: a debootstrap tree with the Xen tools,
#        the host's /lib/modules and the guest kernel; built once and
#        cached, copied for each run so that runs cannot affect each other.
#   vdb  the run's payload: our modules, the guest initramfs, the Dom0
#        side scenario scripts and the list of scenarios to run.
# Dom0 prints "LAB-RESULT <name> PASS|FAIL <detail>" lines and a final
# "LAB-END" on its console, which QEMU writes to a file that we poll.

LAB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$LAB_DIR/../.." && pwd)
CACHE=${XBX_CACHE:-$HOME/.cache/xbb-xnb}
# KVER: the Dom0 kernel, a release or a series ("6.12"), by scripts/kver's
# rule (the default: Debian's default series, 6.1).  The guests run
# GUEST_KVER, by default that same default kernel, whichever Dom0 boots
# ("the guest kernels as they are": issue 18).
KVER=$("$REPO/scripts/kver" "${KVER:-}") || exit 1
GUEST_KVER=$("$REPO/scripts/kver" "${GUEST_KVER:-}") || exit 1
# Every Dom0 kernel the image carries modules for: Debian 12's two series.
LAB_KVERS=$(for s in 6.1 6.12; do "$REPO/scripts/kver" "$s" 2>/dev/null; done |
    sort -u | tr '\n' ' ')
case " $LAB_KVERS " in
*" $KVER "*) ;;
*) LAB_KVERS="$LAB_KVERS$KVER " ;;
esac
MIRROR=${LAB_MIRROR:-$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null)}
MIRROR=${MIRROR:-http://deb.debian.org/debian}
# linux-perf: bench-blk profiles Dom0 (cpu-clock) to explain its ratios.
# dmsetup: the unplug scenario's slow store (dm-delay).
# dkms: the package scenario installs xbb-xnb-dkms with dpkg.
DOM0_PKGS="xen-utils-4.17,iproute2,kmod,udev,procps,e2fsprogs,util-linux,fio,iperf3,ethtool,iputils-ping,xenstore-utils,linux-perf,dmsetup,dkms"
# DOM0=stock boots Debian's Dom0 kernel (the one KVER names, with its
# initramfs); DOM0=debug the kernel scripts/lab/debug-kernel builds from
# linux-source-6.1 with kmemleak, KFENCE, lockdep and object debugging
# (lab_dom0_debug sets DOM0_KERNEL, DOM0_INITRD and DOM0_ARGS for it).
DOM0=${DOM0:-stock}
DOM0_KERNEL=/boot/vmlinuz-$KVER
DOM0_INITRD=/boot/initrd.img-$KVER
DOM0_ARGS=""
# One run of every scenario took about 17 min on 2 cores before the
# lifecycle scenarios (issue 15: flap's 200 cycles, netflap, unplug,
# freeze, then flapload and netslow) added about 18; on a slow day
# (2026-12-02) the whole run took 72 min, and 60 cut it off in flapload
# (which is what failed CI the day before).  make check runs about 60
# min of it (8 flapload cycles); the limit keeps a margin over that.
# The debug Dom0 runs fewer scenarios, each more slowly (lockdep,
# kmemleak scans).
if [ "$DOM0" = debug ]; then
	LAB_TIMEOUT=${LAB_TIMEOUT:-5400}
else
	LAB_TIMEOUT=${LAB_TIMEOUT:-4800}
fi

lab_log() {
	printf '[lab %s] %s\n' "$(date +%H:%M:%S)" "$*"
}

# The cached Dom0 root image, keyed by what goes into it.
lab_rootfs() {
	local key dir tree
	key=$(printf '%s\n' "$LAB_KVERS" "$GUEST_KVER" "$DOM0_PKGS" "$MIRROR" "guest-tools-3" \
	    "$(cat "$LAB_DIR/dom0/init")" | sha256sum | cut -c1-16)
	dir=$CACHE/lab/rootfs-$key
	if [ -f "$dir/dom0.img" ]; then
		echo "$dir"
		return 0
	fi
	lab_log "building the Dom0 root image (debootstrap, about a minute)" >&2
	rm -rf "$dir"
	mkdir -p "$dir"
	tree=$dir/tree
	debootstrap --variant=minbase --include="$DOM0_PKGS" bookworm "$tree" \
	    "$MIRROR" >"$dir/debootstrap.log" 2>&1 || {
		tail -n 20 "$dir/debootstrap.log" >&2
		return 1
	}
	mkdir -p "$tree/lib/modules" "$tree/lab" "$tree/lab-guest"
	for k in $LAB_KVERS; do
		cp -a "/lib/modules/$k" "$tree/lib/modules/"
	done
	cp "/boot/vmlinuz-$GUEST_KVER" "$tree/lab-guest/vmlinuz"
	install -m 0755 "$LAB_DIR/dom0/init" "$tree/sbin/lab-init"
	# The guest's tools (fio, blkdiscard, iperf3, ethtool) with their
	# libraries, at the same paths, for the guest initramfs.
	mkdir -p "$dir/guest-tools"
	for b in /usr/bin/fio /usr/sbin/blkdiscard /usr/bin/iperf3 \
	    /usr/sbin/ethtool; do
		for f in "$b" $(chroot "$tree" ldd "$b" | grep -o '/[^ ]*'); do
			mkdir -p "$dir/guest-tools$(dirname "$f")"
			cp -L "$tree$f" "$dir/guest-tools$f"
		done
	done
	echo lab-dom0 >"$tree/etc/hostname"
	rm -rf "$tree/var/cache/apt/archives"/*.deb
	mkfs.ext4 -q -F -L dom0 -d "$tree" "$dir/dom0.img.tmp" 3G >&2
	mv "$dir/dom0.img.tmp" "$dir/dom0.img"
	rm -rf "$tree"
	# Images built from other inputs are not used again.
	find "$CACHE/lab" -maxdepth 1 -name 'rootfs-*' ! -path "$dir" \
	    -exec rm -rf {} + 2>/dev/null
	echo "$dir"
}

# The guest's initramfs: static busybox, the two frontends, fio and
# blkdiscard, our init and its modes, and xdpload (tools/xdpload.c).  $1: output, $2: the Dom0 image's
# directory.
lab_guest_initrd() {
	local out=$1 tools=$2/guest-tools t
	t=$(mktemp -d)
	cp -a "$tools/." "$t/"
	mkdir -p "$t/bin" "$t/sbin" "$t/lib" "$t/proc" "$t/sys" "$t/dev" \
	    "$t/tmp" "$t/etc"
	cp /bin/busybox "$t/bin/busybox"
	cp "/lib/modules/$GUEST_KVER/kernel/drivers/block/xen-blkfront.ko" \
	    "/lib/modules/$GUEST_KVER/kernel/drivers/net/xen-netfront.ko" "$t/lib/"
	install -m 0755 "$LAB_DIR/guest/init" "$t/init"
	# The XDP loader of mode xdp: static, the initramfs has no libc.
	gcc -static -O2 -Wall -o "$t/bin/xdpload" "$LAB_DIR/tools/xdpload.c" ||
	    { rm -rf "$t"; return 1; }
	# The modes it sources.
	mkdir -p "$t/modes"
	cp "$LAB_DIR"/guest/modes/*.sh "$t/modes/"
	# The kernel runs these on "xl reboot" and "xl shutdown".
	printf '#!/bin/busybox sh\nsync\nexec /bin/busybox reboot -f\n' >"$t/sbin/reboot"
	printf '#!/bin/busybox sh\nsync\nexec /bin/busybox poweroff -f\n' >"$t/sbin/poweroff"
	chmod 0755 "$t/sbin/reboot" "$t/sbin/poweroff"
	(cd "$t" && find . | cpio -o -H newc --quiet | gzip -1) >"$out"
	rm -rf "$t"
}

# lab_package DIR: what the package scenario installs in Dom0 with dpkg:
# the xbb-xnb-dkms package (make deb: dpkg-buildpackage and lintian) and
# DKMS's binary tarball of its modules for the Dom0 kernel, built here
# (compiling in the emulated Dom0 would take many minutes) in a private
# DKMS tree under a temporary directory: the host's /var/lib/dkms and
# /lib/modules are not touched, though dkms keeps its module signing key
# in /var/lib/dkms.  The package's own postinst (dh_dkms's) loads a
# tarball it finds in /usr/share/xbb-xnb-dkms instead of building, then
# installs the modules as it would have after a build; debian/tests/
# modules (the package's autopkgtest) goes along.
lab_package() {
	local out=$1 t deb ver log
	ver=$(cat "$REPO/VERSION")
	t=$(mktemp -d)
	log=$t/dkms.log
	mkdir -p "$out" "$t/dkms"
	deb=$("$REPO/scripts/package" deb "$t") &&
	    dpkg-deb -x "$deb" "$t/root" &&
	    dkms add -m xbb-xnb -v "$ver" --sourcetree "$t/root/usr/src" \
	    --dkmstree "$t/dkms" >"$log" 2>&1 &&
	    dkms build -m xbb-xnb -v "$ver" -k "$KVER" \
	    --sourcetree "$t/root/usr/src" --dkmstree "$t/dkms" \
	    --kernelsourcedir "/usr/src/linux-headers-$KVER" >>"$log" 2>&1 &&
	    dkms mktarball -m xbb-xnb -v "$ver" -k "$KVER" \
	    --sourcetree "$t/root/usr/src" --dkmstree "$t/dkms" \
	    --archive "xbb-xnb-$ver.dkms.tar.gz" >>"$log" 2>&1 &&
	    cp "$deb" "$t/dkms/xbb-xnb/$ver/tarball/xbb-xnb-$ver.dkms.tar.gz" \
	    "$REPO/VERSION" "$REPO/debian/tests/modules" "$out/" || {
		tail -n 20 "$log" >&2
		rm -rf "$t"
		return 1
	}
	rm -rf "$t"
}

# lab_dom0_debug PAYLOAD: use the debug Dom0 kernel (built once, about
# 20 min), put its modules and xbb/xnb built against it on the payload
# (PAYLOAD/modules, bind-mounted on /lib/modules/<release> by
# dom0/run.sh; PAYLOAD/xbb.ko and xnb.ko replace the stock builds).
lab_dom0_debug() {
	local out=$1 kdir rel src
	kdir=$("$LAB_DIR/debug-kernel") || return 1
	rel=$(cat "$kdir/kernelrelease")
	DOM0_KERNEL=$kdir/arch/x86/boot/bzImage
	DOM0_INITRD=""
	# slub_debug: poison, red zones and sanity checks on every free;
	# kmemleak is on by default in this build and scanned per scenario.
	DOM0_ARGS="slub_debug=FZP"
	cp -a "$kdir/mods/lib/modules/$rel" "$out/modules"
	rm -f "$out/modules/build" "$out/modules/source"
	lab_modules "$out" "$kdir"
}

# lab_modules OUT KDIR: xbb.ko and xnb.ko built against KDIR from a copy
# of the sources (the repo's objects stay as make built them), into OUT.
lab_modules() {
	local out=$1 kdir=$2 src
	src=$(mktemp -d)
	rsync -a --exclude .git --exclude '*.o' --exclude '*.ko' \
	    --exclude '*.cmd' --exclude '*.mod*' "$REPO/" "$src/" &&
	    make -s -C "$kdir" M="$src" W=1 modules >"$src/build.log" 2>&1 &&
	    cp "$src/xbb.ko" "$src/xnb.ko" "$out/" || {
		tail -n 20 "$src/build.log" >&2
		rm -rf "$src"
		return 1
	}
	rm -rf "$src"
}

# The run's payload disk.  $1: image path, $2: directory to put on it.
lab_payload() {
	mkfs.ext4 -q -F -L lab -d "$2" "$1" 512M >/dev/null
}

# Xen's multiboot image, unpacked once.
lab_xen() {
	local x=$CACHE/lab/xen-4.17.elf
	if [ ! -f "$x" ]; then
		mkdir -p "$CACHE/lab"
		zcat /boot/xen-4.17-amd64.gz >"$x.tmp" && mv "$x.tmp" "$x"
	fi
	echo "$x"
}

# Boot the lab.  $1: Dom0 root image, $2: payload image, $3: console log,
# $4 (optional): an image Dom0 sees as /dev/vdc, through a QEMU snapshot
# (writes never reach the file): the driver domain's root disk.
# Returns when Dom0 printed LAB-END, crashed, or the timeout ran out;
# QEMU is killed by its own PID in every case.
lab_boot() {
	local root=$1 payload=$2 log=$3 xen pid t=0 rc=0 extra=()
	xen=$(lab_xen)
	if [ -n "${4:-}" ]; then
		extra=(-drive "file=$4,if=virtio,format=raw,snapshot=on")
	fi
	: >"$log"
	# TCG, as KVM guests hang at boot on this machine kind; -cpu qemu64,
	# as with -cpu max the PV Dom0 faults at its first instruction.
	qemu-system-x86_64 -accel tcg -cpu qemu64 -m 3584 -smp 2 \
	    -display none -monitor none -no-reboot -nic none \
	    -serial "file:$log" \
	    -kernel "$xen" \
	    -append "console=com1 com1=115200,8n1 dom0_mem=1536M,max:1536M noreboot" \
	    -initrd "$DOM0_KERNEL console=hvc0 root=/dev/vda rw init=/sbin/lab-init panic=1 $DOM0_ARGS${DOM0_INITRD:+,$DOM0_INITRD}" \
	    -drive "file=$root,if=virtio,format=raw" \
	    -drive "file=$payload,if=virtio,format=raw" "${extra[@]}" &
	pid=$!
	while :; do
		if grep -q '^LAB-END' "$log" 2>/dev/null; then
			break
		fi
		if grep -qE 'Kernel panic|Panic on CPU|FATAL TRAP|Reboot in five seconds' "$log" 2>/dev/null; then
			lab_log "Dom0 or Xen crashed"
			rc=2
			break
		fi
		if ! kill -0 "$pid" 2>/dev/null; then
			lab_log "QEMU exited early"
			rc=3
			break
		fi
		if [ "$t" -ge "$LAB_TIMEOUT" ]; then
			lab_log "timeout after ${LAB_TIMEOUT}s"
			rc=4
			break
		fi
		sleep 2
		t=$((t + 2))
	done
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	return $rc
}

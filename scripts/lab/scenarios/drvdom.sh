# shellcheck shell=sh
# drvdom: the per-guest choice of backend domain in xl.  A PV driver
# domain "dd" (driver_domain = 1; the Dom0 image through a QEMU snapshot,
# served by Dom0's in-tree backends) runs xbb and xnb with "xl devd";
# guest A names it in its configuration (disk backend=dd with dd's xvdc
# as target, vif backend=dd on dd's bridge), while guest B is served by
# Dom0's in-tree backends at the same time.  Both write and read back
# their disks and reach their bridge; then A is destroyed and dd unloads
# xbb and xnb cleanly.  Runs when nothing of ours is loaded in Dom0.
scenario_drvdom() {
	modprobe -a xen-blkback xen-netback
	rm -rf /tmp/ddp
	mkdir -p /tmp/ddp
	cp /lab/dd/* /tmp/ddp/
	chmod 0755 /tmp/ddp/run.sh
	mkfs.ext4 -q -F -d /tmp/ddp /tmp/dd-payload.img 64M
	truncate -s 64M /tmp/dd-data.img
	ddp=$(losetup -f --show /tmp/dd-payload.img)
	ddd=$(losetup -f --show /tmp/dd-data.img)
	cat >/tmp/dd.cfg <<-CFG
	name = "dd"
	type = "pv"
	kernel = "$GUEST_KERNEL"
	ramdisk = "/lab/dd-initrd.img"
	extra = "console=hvc0 root=/dev/xvda rw init=/sbin/lab-init"
	memory = 512
	vcpus = 1
	driver_domain = 1
	disk = [ 'phy:/dev/vdc,xvda,w', 'phy:$ddp,xvdb,r', 'phy:$ddd,xvdc,w' ]
	CFG
	if guest_up dd 'DD: ready' 300 drvdom-dd; then
		l=$(glast dd 0 'DD: loaded')
		pass_if drvdom-dd "driver domain dd up, xbb and xnb loaded there: ${l#*DD: }" \
		    sh -c "echo '$l' | grep -q 'rc=0'"
	else
		drvdom_cleanup
		return
	fi
	guest_cfg ga io 0 0 "lab_ip=169.254.98.2 lab_peer=169.254.98.1"
	echo "disk = [ 'backend=dd, vdev=xvda, access=rw, target=/dev/xvdc' ]" >>/tmp/ga.cfg
	echo "vif = [ 'backend=dd, bridge=xenbr0' ]" >>/tmp/ga.cfg
	guest_cfg gd io 1 1
	sed -i 's/^memory = .*/memory = 384/' /tmp/ga.cfg /tmp/gd.cfg
	xl create /tmp/ga.cfg >/tmp/ga.create 2>&1
	xl create /tmp/gd.cfg >/tmp/gd.create 2>&1
	for g in ga gd; do
		if wait_glog "$g" 0 'write [0-9a-f]+ readback' 240; then
			l=$(glast "$g" 0 'write [0-9a-f]+ readback')
			pass_if "drvdom-$g-disk" "$g wrote and read back: ${l#*LAB: id=* }" \
			    sh -c "echo '$l' | grep -qE 'write ([0-9a-f]+) readback \\1'"
		else
			result "drvdom-$g-disk" FAIL "no disk report from $g"
			diag "$g"
		fi
		pass_if "drvdom-$g-net" "$g reaches its bridge" \
		    wait_glog "$g" 0 'tick .* net=ok' 120
	done
	a=$(domid ga)
	b=$(domid gd)
	pass_if drvdom-backends "A's disk and vif are dd's, B's are Dom0's" \
	    sh -c "[ \"\$(xenstore-read /local/domain/$(domid dd)/backend/vbd/$a/51712/state)\" = 4 ] &&
	    [ \"\$(xenstore-read /local/domain/$(domid dd)/backend/vif/$a/0/state)\" = 4 ] &&
	    [ \"\$(xenstore-read /local/domain/0/backend/vbd/$b/51712/state)\" = 4 ] &&
	    ! xenstore-exists /local/domain/0/backend/vbd/$a"
	glog dd | grep 'DD: serving' | tail -n 1
	xl destroy ga
	pass_if drvdom-unload "dd unloaded xbb and xnb after A was destroyed" \
	    wait_glog dd 0 'DD: unloaded rc=0' 120
	pass_if drvdom-dd-dmesg "dd's kernel log is clean" \
	    wait_glog dd 0 'DD: dmesg clean' 30
	drvdom_cleanup
	return 0
}

drvdom_cleanup() {
	xl destroy ga 2>/dev/null
	xl destroy gd 2>/dev/null
	xl destroy dd 2>/dev/null
	wait_for 60 sh -c '! xl domid dd >/dev/null 2>&1'
	losetup -d "$ddp" "$ddd" 2>/dev/null
	rmmod xen-blkback xen-netback 2>/dev/null
}

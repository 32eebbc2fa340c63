# shellcheck shell=sh
# package: the xbb-xnb-dkms package as an administrator uses it.  The
# host built the package (make deb) and ran its DKMS configuration for
# the Dom0 kernel in a private DKMS tree (dkms --dkmstree: the modules
# DKMS built, not the developer build); here they are installed where
# DKMS puts them, the package's /etc/modprobe.d/xbb-xnb.conf is turned on
# as its comment says, and udevd runs.  Creating a guest must load xbb
# and xnb by their aliases, with nothing loaded by hand, and serve its
# disk and NIC; modinfo shows the package's version; rmmod is refused
# while the guest's devices are attached and works after "xl destroy".
# Runs after
# "unload" (nothing of ours loaded) and puts everything back.
scenario_package() {
	K=/lib/modules/$(uname -r)/updates/dkms
	mkdir -p "$K"
	cp /lab/pkg/xbb.ko /lab/pkg/xnb.ko "$K/"
	depmod -a
	sed 's/^#blacklist/blacklist/' /lab/pkg/xbb-xnb.conf \
	    >/etc/modprobe.d/xbb-xnb.conf
	rmmod xen-blkback xen-netback 2>/dev/null
	/lib/systemd/systemd-udevd --daemon
	guest_cfg gp io 1 1
	xl create /tmp/gp.cfg >/tmp/gp.create 2>&1
	pass_if package-alias "udev loaded xbb and xnb by alias ($(grep -oE '^(xbb|xnb|xen_blkback|xen_netback) ' /proc/modules | tr -d '\n'))" \
	    wait_for 60 sh -c 'grep -q "^xbb " /proc/modules &&
	    grep -q "^xnb " /proc/modules &&
	    ! grep -qE "^xen_(blk|net)back " /proc/modules'
	pass_if package-version "modinfo xbb, xnb: version $(cat /lab/pkg/VERSION), from updates/dkms" \
	    sh -c '[ "$(modinfo -F version xbb)" = "$(cat /lab/pkg/VERSION)" ] &&
	    [ "$(modinfo -F version xnb)" = "$(cat /lab/pkg/VERSION)" ] &&
	    modinfo -n xbb | grep -q updates/dkms'
	if wait_glog gp 0 'write [0-9a-f]+ readback' 180; then
		l=$(glast gp 0 'write [0-9a-f]+ readback')
		pass_if package-disk "guest disk through the packaged xbb: $l" \
		    sh -c "echo '$l' | grep -qE 'write ([0-9a-f]+) readback \\1'"
	else
		result package-disk FAIL "no disk report from the guest"
		diag gp
	fi
	pass_if package-ping "guest pings Dom0 through the packaged xnb" \
	    wait_glog gp 0 'tick .* net=ok' 90
	pass_if package-busy "rmmod refused while the guest's devices are attached (module references)" \
	    sh -c '! rmmod xbb 2>/dev/null && ! rmmod xnb 2>/dev/null &&
	    grep -q "^xbb " /proc/modules && grep -q "^xnb " /proc/modules'
	xl destroy gp
	wait_for 60 gone gp
	pass_if package-unload "rmmod xnb xbb after xl destroy" rmmod xnb xbb
	pkill -f systemd-udevd
	rm -f /etc/modprobe.d/xbb-xnb.conf "$K/xbb.ko" "$K/xnb.ko"
	depmod -a
	return 0
}

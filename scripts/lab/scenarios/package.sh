# shellcheck shell=sh
# package: the xbb-xnb-dkms package as an administrator uses it (issue
# 18).  The host built the package (make deb: dpkg-buildpackage, lintian)
# and DKMS's binary tarball of its modules for this kernel (lab_package);
# here "dpkg -i" installs it and its own maintainer scripts run: dh_dkms's
# postinst installs the modules (from the tarball instead of a build),
# ours selects the in-tree backends.  Then:
#  - the package's autopkgtest (debian/tests/modules) passes;
#  - with udevd running and the selection as installed, a new guest's
#    devices load xen-blkback and xen-netback by alias, and nothing of
#    ours (installing changed nothing that runs);
#  - after "xbb-xnb-select ours", the next guest's devices load xbb and
#    xnb by alias, and not the in-tree pair; its disk and NIC work;
#    modinfo shows the package's version from updates/dkms; rmmod is
#    refused while the devices are attached;
#  - "dpkg --purge" removes the modules and the selection file.
# Runs after "unload" (nothing of ours loaded) and puts everything back.

# pkg_loaded: the backend modules loaded, for messages.
pkg_loaded() {
	grep -oE '^(xbb|xnb|xen_blkback|xen_netback) ' /proc/modules | tr -d '\n'
}

# pkg_guest NAME: create a guest with the io workload, wait for its
# first disk report.
pkg_guest() {
	guest_cfg "$1" io 1 1
	xl create "/tmp/$1.cfg" >"/tmp/$1.create" 2>&1
}

scenario_package() {
	pkg_ver=$(cat /lab/pkg/VERSION)
	rmmod xen-blkback xen-netback 2>/dev/null
	mkdir -p /usr/share/xbb-xnb-dkms
	cp "/lab/pkg/xbb-xnb-$pkg_ver.dkms.tar.gz" /usr/share/xbb-xnb-dkms/
	if dpkg -i "/lab/pkg/xbb-xnb-dkms_${pkg_ver}_all.deb" >/tmp/pkg.install 2>&1; then
		result package-install PASS "dpkg -i xbb-xnb-dkms $pkg_ver; its postinst: $(grep -E 'DKMS|Building|Installing|depmod' /tmp/pkg.install | tr '\n' ' ' | cut -c1-200)"
	else
		result package-install FAIL "dpkg -i: $(tail -n 5 /tmp/pkg.install | tr '\n' ' ')"
	fi
	if /lab/pkg/modules >/tmp/pkg.test 2>&1; then
		result package-autopkgtest PASS "debian/tests/modules: $(tr '\n' ' ' </tmp/pkg.test)"
	else
		result package-autopkgtest FAIL "debian/tests/modules: $(tr '\n' ' ' </tmp/pkg.test)"
	fi

	/lib/systemd/systemd-udevd --daemon
	pkg_guest gq
	pass_if package-intree "as installed, udev loaded the in-tree pair by alias and nothing of ours ($(pkg_loaded))" \
	    wait_for 60 sh -c 'grep -q "^xen_blkback " /proc/modules &&
	    grep -q "^xen_netback " /proc/modules &&
	    ! grep -qE "^(xbb|xnb) " /proc/modules'
	xl destroy gq
	wait_for 60 gone gq
	rmmod xen-blkback xen-netback 2>/dev/null

	pass_if package-select "xbb-xnb-select ours" xbb-xnb-select --quiet ours
	pkg_guest gp
	pass_if package-alias "after xbb-xnb-select ours, udev loaded xbb and xnb by alias, not the in-tree pair ($(pkg_loaded))" \
	    wait_for 60 sh -c 'grep -q "^xbb " /proc/modules &&
	    grep -q "^xnb " /proc/modules &&
	    ! grep -qE "^xen_(blk|net)back " /proc/modules'
	pass_if package-version "modinfo xbb, xnb: version $pkg_ver, from updates/dkms" \
	    sh -c '[ "$(modinfo -F version xbb)" = "$0" ] &&
	    [ "$(modinfo -F version xnb)" = "$0" ] &&
	    modinfo -n xbb | grep -q updates/dkms' "$pkg_ver"
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

	dpkg --purge xbb-xnb-dkms >/tmp/pkg.purge 2>&1
	pass_if package-purge "dpkg --purge: modules, sources and the selection gone" \
	    sh -c '! modinfo xbb >/dev/null 2>&1 && ! modinfo xnb >/dev/null 2>&1 &&
	    [ ! -e /etc/modprobe.d/xbb-xnb-select.conf ] &&
	    [ ! -d "/usr/src/xbb-xnb-$0" ] && ! dkms status | grep -q xbb-xnb' "$pkg_ver"
	rm -rf /usr/share/xbb-xnb-dkms
	return 0
}

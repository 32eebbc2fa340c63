# shellcheck shell=sh
# unload: with every guest gone, xbb and xnb unload, and leave no device,
# watch or mapping behind (a second load and unload works too); neither
# loads while the in-tree driver of its type is loaded, and says why.
scenario_unload() {
	pass_if unload-rmmod "rmmod xnb xbb" rmmod xnb xbb
	pass_if unload-gone "no xbb/xnb left in /proc/modules" \
	    sh -c '! grep -qE "^(xbb|xnb) " /proc/modules'
	pass_if unload-reload "insmod and rmmod again" \
	    sh -c 'insmod /lab/xbb.ko && insmod /lab/xnb.ko &&
	    rmmod xnb xbb'
	modprobe -a xen-blkback xen-netback
	pass_if unload-exclusive "insmod refused while xen-blkback/xen-netback are loaded, with a message naming them" \
	    sh -c '! insmod /lab/xbb.ko 2>/dev/null && ! insmod /lab/xnb.ko 2>/dev/null &&
	    dmesg | grep -q "xbb not loaded: xen-blkback is loaded" &&
	    dmesg | grep -q "xnb not loaded: xen-netback is loaded"'
	dmesg | grep -E "(xbb|xnb) not loaded" | tail -n 2
	rmmod xen-blkback xen-netback
}

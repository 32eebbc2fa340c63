# shellcheck shell=sh
# unload: with every guest gone, xbb and xnb unload, and leave no device,
# watch or mapping behind (a second load and unload works too).
scenario_unload() {
	pass_if unload-rmmod "rmmod xnb xbb" rmmod xnb xbb
	pass_if unload-gone "no xbb/xnb left in /proc/modules" \
	    sh -c '! grep -qE "^(xbb|xnb) " /proc/modules'
	pass_if unload-reload "insmod and rmmod again" \
	    sh -c 'insmod /lab/xbb.ko && insmod /lab/xnb.ko &&
	    rmmod xnb xbb'
}

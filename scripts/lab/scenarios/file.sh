# shellcheck shell=sh
# file: a regular file as the backing store, opened by xbb directly
# (the xbb-file hotplug script, no loop device); fio verifies.
scenario_file() {
	truncate -s 64M /tmp/file.img
	loops=$(losetup -a | wc -l)
	spec="format=raw, vdev=xvda, access=rw, script=/etc/xen/scripts/xbb-file, target=/tmp/file.img"
	if run_guest gfile fio "$spec" 'fio rc=' 420; then
		pass_if file-kind "backend store_kind is file: $(vbd_attr gfile store_path)" \
		    [ "$(vbd_attr gfile store_kind)" = file ]
		pass_if file-verify "fio verify=crc32c on the file store" \
		    wait_glog gfile 0 'fio rc=0' 1
		pass_if file-noloop "no loop device was set up" \
		    [ "$(losetup -a | wc -l)" = "$loops" ]
	fi
	xl destroy gfile 2>/dev/null
	wait_for 30 gone gfile
}

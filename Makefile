# SPDX-License-Identifier: GPL-2.0-only
#
# xbb and xnb: Xen block and network backends for a Linux Dom0.
#
#   make                 build xbb.ko and xnb.ko (W=1, warnings are errors)
#   make sparse          the same build checked by sparse (C=2), no warnings
#   make kunit           KUnit suites in a UML kernel built by kunit.py
#   make kunit-sanitize  the suites with KASAN and UBSAN
#   make e2e             lab scenarios: Xen + Dom0 in QEMU, real guests
#                        (BACKEND=ours, the default, or BACKEND=intree;
#                        DOM0=debug: a Dom0 kernel with kmemleak, KFENCE,
#                        lockdep and object debugging, built once)
#   make check-debug     e2e with DOM0=debug (not in make check: the
#                        kernel build alone takes about 20 min)
#   make demo            boot the lab and show a guest served by xbb/xnb
#   make bench-blk       fio through xen-blkback and xbb, ratios (not a test)
#   make bench-net       iperf3 through xen-netback and xnb, ratios (not a test)
#   make docs            the documentation: valid reStructuredText, an ABI
#                        entry for every sysfs file (scripts/docs)
#   make check           build, sparse, docs, KUnit (KASAN, UBSAN), e2e
#                        BACKEND=ours: the test command (scripts/check)
#   make deb             the xbb-xnb-dkms Debian package (scripts/package)
#   make dkms-install    install with DKMS for every kernel with headers
#   make dkms-remove     undo it
#
# KDIR is the Dom0 kernel's build directory: the running kernel's if it has
# one, else the newest installed Debian linux-headers-*-amd64.

KDIR ?= $(shell d=/lib/modules/$$(uname -r)/build; \
	if [ -d $$d ]; then echo $$d; \
	else ls -d /usr/src/linux-headers-*-amd64 2>/dev/null | sort -V | tail -n 1; fi)
BACKEND ?= ours
DOM0 ?= stock
SETUP_STAMP := $(firstword $(XBX_CACHE) $(HOME)/.cache/xbb-xnb)/setup.stamp

.PHONY: all modules sparse docs kunit kunit-sanitize e2e demo check check-debug \
	clean setup \
	bench-blk bench-net deb dkms-install dkms-remove

all: modules

# scripts/setup is idempotent; run it when the stamp or the tools are missing.
setup:
	@if [ ! -f $(SETUP_STAMP) ] || [ -z "$(KDIR)" ] || ! command -v sparse >/dev/null \
	    || ! command -v qemu-system-x86_64 >/dev/null \
	    || ! command -v dkms >/dev/null; then scripts/setup; fi

modules: setup
	$(MAKE) -C $(KDIR) M=$(CURDIR) W=1 modules

sparse: setup
	@rm -f sparse.log
	$(MAKE) -C $(KDIR) M=$(CURDIR) W=1 C=2 modules 2>&1 | tee sparse.log
	@if grep -E '(warning|error):' sparse.log; then \
	    echo "sparse: warnings above"; exit 1; fi
	@echo "sparse: no warnings"

kunit: setup
	scripts/kunit

kunit-sanitize: setup
	scripts/kunit --sanitize

e2e: modules
	DOM0=$(DOM0) scripts/lab/e2e $(BACKEND)

demo: modules
	scripts/lab/demo

bench-blk: modules
	scripts/lab/bench-blk

bench-net: modules
	scripts/lab/bench-net

check: setup
	scripts/check

docs: setup
	scripts/docs

check-debug: modules
	DOM0=debug scripts/lab/e2e ours

# The administrator's path: a Debian package, or DKMS from this tree.
deb: setup
	scripts/package deb

dkms-install: setup
	scripts/package dkms-install

dkms-remove:
	scripts/package dkms-remove

clean:
	$(MAKE) -C $(KDIR) M=$(CURDIR) clean
	rm -f sparse.log

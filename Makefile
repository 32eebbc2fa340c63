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
# KVER picks the Dom0 kernel: a release, or a series ("6.1", "6.12"); by
# default the running kernel if it has its headers, else Debian's default
# series (scripts/kver: one rule for make, scripts/setup and the lab).
# KDIR is that kernel's build directory.

KVER ?=
KREL := $(shell scripts/kver $(KVER) 2>/dev/null)
KDIR ?= $(firstword $(wildcard /lib/modules/$(KREL)/build \
	/usr/src/linux-headers-$(KREL)))
export KVER
BACKEND ?= ours
DOM0 ?= stock
SETUP_STAMP := $(firstword $(XBX_CACHE) $(HOME)/.cache/xbb-xnb)/setup.stamp

.PHONY: all modules sparse docs kunit kunit-sanitize e2e demo check check-debug \
	clean setup setup-build setup-deb \
	bench-blk bench-net deb dkms-install dkms-remove

all: modules

# scripts/setup is idempotent; each target runs the part it needs when
# its tools are missing: building needs the compiler and the headers
# only, make deb debhelper, the tests everything (the stamp).
setup-build:
	@if [ -z "$(KDIR)" ] || ! command -v gcc >/dev/null \
	    || ! command -v sparse >/dev/null; then scripts/setup build; fi

setup-deb: setup-build
	@if ! command -v dh >/dev/null || ! command -v lintian >/dev/null \
	    || [ ! -e /usr/share/perl5/Debian/Debhelper/Sequence/dkms.pm ]; \
	    then scripts/setup deb; fi

setup:
	@if [ ! -f $(SETUP_STAMP) ] || [ -z "$(KDIR)" ] \
	    || ! command -v qemu-system-x86_64 >/dev/null \
	    || ! command -v dkms >/dev/null; then scripts/setup; fi

modules: setup-build
	$(MAKE) -C $(KDIR) M=$(CURDIR) W=1 modules

sparse: setup-build
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
deb: setup-deb
	scripts/package deb

dkms-install: setup
	scripts/package dkms-install

dkms-remove:
	scripts/package dkms-remove

clean:
	$(MAKE) -C $(KDIR) M=$(CURDIR) clean
	rm -f sparse.log

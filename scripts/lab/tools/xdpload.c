// SPDX-License-Identifier: GPL-2.0-only
/*
 * xdpload: the lab guest attaches an XDP program to its netfront
 * interface, for the lab's XDP headroom scenario (issue 19).
 *
 *   xdpload IFNAME SECONDS|STOPFILE
 *
 * Built statically on the host and put in the guest's initramfs, which
 * has neither iproute2's BPF loader nor a compiler.  The program is a
 * handful of BPF instructions written here: for each frame it reads the
 * Ethernet type at offset 12 of what XDP sees, counts the frame as
 * "good" (IPv4, ARP, IPv6) or "other" in an array map, and passes it.
 * Linux netfront runs XDP on data at XDP_PACKET_HEADROOM of its buffer,
 * so a backend that put the frame anywhere else makes "other" count
 * every frame.
 *
 * Attaching in driver mode (XDP_FLAGS_DRV_MODE) is what makes netfront
 * ask the backend for headroom: it shows Reconfiguring, writes
 * xdp-headroom and waits, inside this program's netlink request, for
 * the backend's Reconfigured; a backend that never answers leaves this
 * program (and the guest's RTNL) waiting.  Prints "attached" once the
 * request returned, then waits SECONDS, or until the file STOPFILE
 * exists, detaches (the same handshake, headroom 0), and prints
 * "detached good=G other=O".
 */
#include <errno.h>
#include <linux/bpf.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

/* One BPF instruction. */
#define XL_INSN(c, d, s, o, i)                                          \
	((struct bpf_insn) { .code = (c), .dst_reg = (d), .src_reg = (s), \
	    .off = (o), .imm = (i) })

static int
xl_bpf(int cmd, union bpf_attr *attr)
{
	return (int)syscall(SYS_bpf, cmd, attr, sizeof(*attr));
}

/* The counters: key 0 "good", key 1 "other", 64 bits each. */
static int
xl_map_create(void)
{
	union bpf_attr a;

	memset(&a, 0, sizeof(a));
	a.map_type = BPF_MAP_TYPE_ARRAY;
	a.key_size = 4;
	a.value_size = 8;
	a.max_entries = 2;
	return xl_bpf(BPF_MAP_CREATE, &a);
}

static uint64_t
xl_map_get(int map, uint32_t key)
{
	union bpf_attr a;
	uint64_t v = 0;

	memset(&a, 0, sizeof(a));
	a.map_fd = map;
	a.key = (uintptr_t)&key;
	a.value = (uintptr_t)&v;
	if (xl_bpf(BPF_MAP_LOOKUP_ELEM, &a) != 0)
		return UINT64_MAX;
	return v;
}

static int
xl_prog_load(int map)
{
	static char log[65536];
	struct bpf_insn p[] = {
		/* r2 = data, r3 = data_end (struct xdp_md). */
		XL_INSN(BPF_LDX | BPF_MEM | BPF_W, 2, 1, 0, 0),
		XL_INSN(BPF_LDX | BPF_MEM | BPF_W, 3, 1, 4, 0),
		/* r7 = 1 ("other") unless the type is one we know. */
		XL_INSN(BPF_ALU64 | BPF_MOV | BPF_K, 7, 0, 0, 1),
		XL_INSN(BPF_ALU64 | BPF_MOV | BPF_X, 4, 2, 0, 0),
		XL_INSN(BPF_ALU64 | BPF_ADD | BPF_K, 4, 0, 0, 14),
		XL_INSN(BPF_JMP | BPF_JGT | BPF_X, 4, 3, 5, 0),
		/* r5 = the Ethernet type, as a little-endian load sees it. */
		XL_INSN(BPF_LDX | BPF_MEM | BPF_H, 5, 2, 12, 0),
		XL_INSN(BPF_JMP | BPF_JEQ | BPF_K, 5, 0, 2, 0x0008),
		XL_INSN(BPF_JMP | BPF_JEQ | BPF_K, 5, 0, 1, 0x0608),
		XL_INSN(BPF_JMP | BPF_JNE | BPF_K, 5, 0, 1, 0xdd86),
		XL_INSN(BPF_ALU64 | BPF_MOV | BPF_K, 7, 0, 0, 0),
		/* counters[r7]++ */
		XL_INSN(BPF_STX | BPF_MEM | BPF_W, 10, 7, -4, 0),
		XL_INSN(BPF_ALU64 | BPF_MOV | BPF_X, 2, 10, 0, 0),
		XL_INSN(BPF_ALU64 | BPF_ADD | BPF_K, 2, 0, 0, -4),
		XL_INSN(BPF_LD | BPF_DW | BPF_IMM, 1, BPF_PSEUDO_MAP_FD, 0,
		    map),
		XL_INSN(0, 0, 0, 0, 0),
		XL_INSN(BPF_JMP | BPF_CALL, 0, 0, 0,
		    BPF_FUNC_map_lookup_elem),
		XL_INSN(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 2, 0),
		XL_INSN(BPF_ALU64 | BPF_MOV | BPF_K, 1, 0, 0, 1),
		XL_INSN(BPF_STX | BPF_ATOMIC | BPF_DW, 0, 1, 0, BPF_ADD),
		/* return XDP_PASS */
		XL_INSN(BPF_ALU64 | BPF_MOV | BPF_K, 0, 0, 0, XDP_PASS),
		XL_INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0),
	};
	union bpf_attr a;
	int fd;

	memset(&a, 0, sizeof(a));
	a.prog_type = BPF_PROG_TYPE_XDP;
	a.insns = (uintptr_t)p;
	a.insn_cnt = sizeof(p) / sizeof(p[0]);
	a.license = (uintptr_t)"GPL";
	a.log_buf = (uintptr_t)log;
	a.log_size = sizeof(log);
	a.log_level = 1;
	fd = xl_bpf(BPF_PROG_LOAD, &a);
	if (fd < 0)
		fprintf(stderr, "xdpload: BPF_PROG_LOAD: %s\n%s\n",
		    strerror(errno), log);
	return fd;
}

/* Append attribute TYPE of LEN bytes at *OFF of BUF (NLA alignment). */
static struct rtattr *
xl_attr(char *buf, size_t *off, unsigned short type, const void *data,
    size_t len)
{
	struct rtattr *rta = (struct rtattr *)(buf + *off);

	rta->rta_type = type;
	rta->rta_len = RTA_LENGTH(len);
	if (len != 0)
		memcpy(RTA_DATA(rta), data, len);
	*off += RTA_ALIGN(rta->rta_len);
	return rta;
}

/* Attach program FD (-1: detach) to IFINDEX in driver mode. */
static int
xl_attach(int ifindex, int fd)
{
	struct {
		struct nlmsghdr nh;
		struct ifinfomsg ifi;
		char attrs[64];
	} req;
	char ans[4096];
	uint32_t flags = XDP_FLAGS_DRV_MODE;
	struct nlmsgerr *err;
	struct nlmsghdr *nh;
	struct rtattr *nest;
	size_t off = 0;
	ssize_t n;
	int s;

	memset(&req, 0, sizeof(req));
	nest = xl_attr(req.attrs, &off, IFLA_XDP | NLA_F_NESTED, NULL, 0);
	xl_attr(req.attrs, &off, IFLA_XDP_FD, &fd, sizeof(fd));
	xl_attr(req.attrs, &off, IFLA_XDP_FLAGS, &flags, sizeof(flags));
	nest->rta_len = (unsigned short)off;
	req.nh.nlmsg_len = NLMSG_LENGTH(sizeof(req.ifi)) + (uint32_t)off;
	req.nh.nlmsg_type = RTM_SETLINK;
	req.nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	req.nh.nlmsg_seq = 1;
	req.ifi.ifi_family = AF_UNSPEC;
	req.ifi.ifi_index = ifindex;
	s = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (s < 0 || send(s, &req, req.nh.nlmsg_len, 0) < 0) {
		fprintf(stderr, "xdpload: netlink: %s\n", strerror(errno));
		return -1;
	}
	n = recv(s, ans, sizeof(ans), 0);
	close(s);
	nh = (struct nlmsghdr *)ans;
	if (n < (ssize_t)NLMSG_LENGTH(sizeof(*err)) ||
	    nh->nlmsg_type != NLMSG_ERROR) {
		fprintf(stderr, "xdpload: netlink: no answer\n");
		return -1;
	}
	err = NLMSG_DATA(nh);
	if (err->error != 0) {
		fprintf(stderr, "xdpload: %s XDP: %s\n",
		    fd < 0 ? "detaching" : "attaching", strerror(-err->error));
		return -1;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	struct timespec t = { 0, 100 * 1000 * 1000 };
	long secs = -1, ticks = 0;
	int ifindex, map, prog;
	struct stat st;
	char *end;

	if (argc != 3) {
		fprintf(stderr, "usage: xdpload IFNAME SECONDS|STOPFILE\n");
		return 2;
	}
	ifindex = (int)if_nametoindex(argv[1]);
	if (ifindex == 0) {
		fprintf(stderr, "xdpload: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	secs = strtol(argv[2], &end, 10);
	if (*end != '\0' || end == argv[2])
		secs = -1;
	map = xl_map_create();
	if (map < 0) {
		fprintf(stderr, "xdpload: BPF_MAP_CREATE: %s\n",
		    strerror(errno));
		return 1;
	}
	prog = xl_prog_load(map);
	if (prog < 0 || xl_attach(ifindex, prog) != 0)
		return 1;
	printf("attached\n");
	fflush(stdout);
	for (;;) {
		if (secs >= 0 ? ticks >= secs * 10 : stat(argv[2], &st) == 0)
			break;
		nanosleep(&t, NULL);
		ticks++;
	}
	if (xl_attach(ifindex, -1) != 0)
		return 1;
	printf("detached good=%llu other=%llu\n",
	    (unsigned long long)xl_map_get(map, 0),
	    (unsigned long long)xl_map_get(map, 1));
	return 0;
}

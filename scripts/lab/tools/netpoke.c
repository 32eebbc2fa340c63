// SPDX-License-Identifier: GPL-2.0-only
/*
 * netpoke: Dom0 plays a netif frontend with a control ring, for the lab's
 * "ctrl" scenario (issue 19).  Linux netfront never uses the control
 * ring; Windows PV drivers do, for receive-side scaling.
 *
 *   netpoke NQUEUES DSTADDR < commands
 *
 * The device is one the scenario laid out in XenStore by hand, with
 * frontend-id 0, so that Dom0 is both ends (the hostile scenario's way).
 * netpoke grants itself, per queue, a TX ring, an RX ring and NP_BUFS
 * receive buffers, plus a control ring and a page for keys and tables
 * (/dev/xen/gntalloc), allocates one event channel per queue and one for
 * the control ring (/dev/xen/evtchn), posts the receive buffers, and
 * prints one line per queue ("q N tx GREF rx GREF evtchn PORT") and one
 * for the control ring ("ctrl GREF PORT").  The scenario writes them to
 * XenStore and connects; then it sends netpoke commands on stdin:
 *
 *   ctrl      speak the control ring (netif.h, "Control messages"): set
 *             Toeplitz hashing over IPv4 and IPv4+TCP with Microsoft's
 *             RSS key and an 8-entry mapping table, with malformed
 *             requests between (a key one byte too long, a table entry
 *             naming a queue the vif lacks, an unknown type), checking
 *             each answer's id, type, status and data.  Prints "ctrl ok
 *             N bad M".
 *   flows N   open N TCP connections from Dom0's stack to DSTADDR (ports
 *             5000 on: their SYNs go out through the vif), wait a
 *             second, then read every queue's RX responses: each IPv4 TCP
 *             frame must be on the queue the table gives for its own
 *             Toeplitz hash and carry that hash in a hash extra of type
 *             IPv4+TCP; any other frame must carry no hash extra.
 *             Prints "flows syn S right R wrong W hash_ok H hash_bad X
 *             other O queues_used U".
 *   mcast     multicast control (netif.h): join 01:00:5e:01:02:03, a
 *             unicast address (accepted, as by xen-netback) and :05, then
 *             leave :05, each by a TX request without a frame with
 *             MCAST_ADD or MCAST_DEL extra info, checking each answer is
 *             OKAY.  Prints "mcast ok N bad M".
 *   mflows A  send 8 UDP datagrams to each of 239.1.2.3, .4 and .5 out
 *             of the vif whose address is A; print how many frames of
 *             each group reached the RX rings: "mflows g3 N g4 N g5 N".
 *   txbench SECS SIZE
 *             keep queue 0's TX ring full of SIZE-byte frames for SECS
 *             seconds, kicking only when the backend asks for it
 *             (req_event), and count the answers: a frontend that costs
 *             little, so that the backend's TX path is the limit
 *             (make bench-net, part t).  Prints "txbench packets N
 *             errors E seconds S kicks K waits W".
 *   rxbench SECS SIZE IFNAME
 *             the other way: a child process sends SIZE-byte frames to
 *             the frontend's address out of the vif IFNAME (a packet
 *             socket, blocking: it sleeps once its send buffer is held
 *             by the qdisc and the backend, rather than spin), while
 *             netpoke takes queue 0's RX responses and gives the
 *             buffers back, kicking only when the backend asks
 *             (req_event) (make bench-net, part x).  Prints "rxbench
 *             packets N errors E seconds S kicks K waits W sent X
 *             dropped D": N frames taken in S seconds; X frames the
 *             sender sent (until it stopped, after S), D its calls the
 *             stack refused.
 *   bad       write a control ring producer index 1000 beyond the
 *             answers (a broken or hostile frontend) and kick.
 *   quit      exit.
 */
#define _GNU_SOURCE /* sendmmsg() */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
/* <xen/evtchn.h> uses domid_t without defining it. */
typedef uint16_t domid_t;
#include <xen/evtchn.h>
#include <xen/gntalloc.h>

#define NP_PAGE 4096
#define NP_MAXQ 8
#define NP_BUFS 128	/* receive buffers posted per queue */
#define NP_RXRING 256	/* entries of a one-page netif RX ring */
#define NP_CTRLRING 128 /* entries of a one-page control ring */
#define NP_MAPSIZE 8
#define NP_SENDBATCH 32 /* rxbench's frames a sendmmsg() */

/* netif.h's constants this tool uses. */
#define NP_RXF_MORE_DATA (1 << 2)
#define NP_RXF_EXTRA_INFO (1 << 3)
#define NP_EXTRA_MCAST_ADD 2
#define NP_EXTRA_MCAST_DEL 3
#define NP_EXTRA_HASH 4
#define NP_TXF_EXTRA_INFO (1 << 3)
#define NP_RSP_NULL 1
#define NP_TXRING 256	/* entries of a one-page netif TX ring */
#define NP_EXTRA_FLAG_MORE 1
#define NP_HASH_TOEPLITZ 1
#define NP_TYPE_IPV4 (1 << 0)
#define NP_TYPE_IPV4_TCP (1 << 1)
#define NP_HTYPE_IPV4_TCP 1
enum {
	NP_CTRL_GET_FLAGS = 1,
	NP_CTRL_SET_FLAGS = 2,
	NP_CTRL_SET_KEY = 3,
	NP_CTRL_GET_MAP_SIZE = 4,
	NP_CTRL_SET_MAP_SIZE = 5,
	NP_CTRL_SET_MAP = 6,
	NP_CTRL_SET_ALG = 7,
};
enum {
	NP_ST_SUCCESS = 0,
	NP_ST_NOT_SUPPORTED = 1,
	NP_ST_INVALID = 2,
	NP_ST_OVERFLOW = 3,
};

/* io/ring.h: the shared ring header (64 bytes), then the entries. */
struct np_hdr {
	volatile uint32_t req_prod;
	volatile uint32_t req_event;
	volatile uint32_t rsp_prod;
	volatile uint32_t rsp_event;
	uint8_t pad[48];
};

struct np_rxreq {
	uint16_t id;
	uint16_t pad;
	uint32_t gref;
};

struct np_rxrsp {
	uint16_t id;
	uint16_t offset;
	uint16_t flags;
	int16_t status;
};

struct np_extra {
	uint8_t type;
	uint8_t flags;
	uint8_t alg;
	uint8_t htype;
	uint8_t value[4];
};

union np_rxent {
	struct np_rxreq req;
	struct np_rxrsp rsp;
	struct np_extra x;
};

struct np_ctrlreq {
	uint16_t id;
	uint16_t type;
	uint32_t data[3];
};

struct np_ctrlrsp {
	uint16_t id;
	uint16_t type;
	uint32_t status;
	uint32_t data;
};

struct np_txreq {
	uint32_t gref;
	uint16_t offset;
	uint16_t flags;
	uint16_t id;
	uint16_t size;
};

struct np_txrsp {
	uint16_t id;
	int16_t status;
};

struct np_txextra {
	uint8_t type;
	uint8_t flags;
	uint8_t addr[6];
};

union np_txent {
	struct np_txreq req;
	struct np_txrsp rsp;
	struct np_txextra x;
};

union np_ctrlent {
	struct np_ctrlreq req;
	struct np_ctrlrsp rsp;
};

/* Microsoft's RSS verification key (also in xnb_hash_test.c). */
static const uint8_t np_key[40] = { 0x6d, 0x5a, 0x56, 0xda, 0x25, 0x5b, 0x0e,
	0xc2, 0x41, 0x67, 0x25, 0x3d, 0x43, 0xa3, 0x8f, 0xb0, 0xd0, 0xca, 0x2b,
	0xcb, 0xae, 0x7b, 0x30, 0xb4, 0x77, 0xcb, 0x2d, 0xa3, 0x80, 0x30, 0xf2,
	0x0c, 0x6a, 0x42, 0xb7, 0x3b, 0xbe, 0xac, 0x01, 0xfa };

/* The multicast groups' Ethernet addresses: 01:00:5e:01:02:0N. */
static const uint8_t np_group[6] = { 0x01, 0x00, 0x5e, 0x01, 0x02, 0x03 };

static unsigned int np_nq;
static int np_efd;
static uint8_t *np_va;
static uint32_t *np_grefs;
static int np_port[NP_MAXQ + 1];
static uint32_t np_map[NP_MAPSIZE];
static uint32_t np_rsp_cons[NP_MAXQ];
static uint16_t np_ctrl_id;
static uint32_t np_ctrl_prod;
static uint32_t np_tx_prod; /* queue 0's TX ring */

/*
 * Page layout: per queue q, page 2q is its TX ring and 2q+1 its RX ring;
 * then the control ring, the key/table page, then NP_BUFS buffers per
 * queue.
 */
static unsigned int
np_ctrl_page(void)
{
	return 2 * np_nq;
}

static unsigned int
np_buf_page(unsigned int q, unsigned int i)
{
	return 2 * np_nq + 2 + q * NP_BUFS + i;
}

static uint8_t *
np_page(unsigned int p)
{
	return np_va + (size_t)p * NP_PAGE;
}

static void
np_kick(int port)
{
	struct ioctl_evtchn_notify notify = { .port = port };

	ioctl(np_efd, IOCTL_EVTCHN_NOTIFY, &notify);
}

/* The Toeplitz hash, a bit at a time (netif.h, "Hash algorithms"). */
static uint32_t
np_toeplitz(const uint8_t *data, unsigned int len)
{
	uint32_t hash = 0, win;
	unsigned int i, b, bit;

	for (i = 0; i < len; i++)
		for (b = 0; b < 8; b++) {
			if (!(data[i] & (0x80 >> b)))
				continue;
			bit = i * 8 + b;
			win = 0;
			for (unsigned int k = 0; k < 32; k++) {
				unsigned int kb = bit + k;
				unsigned int byte = kb / 8;
				int set = byte < sizeof(np_key) &&
				    (np_key[byte] & (0x80 >> (kb % 8)));

				win = (win << 1) | (set ? 1 : 0);
			}
			hash ^= win;
		}
	return hash;
}

/*------------------------------- Control ring ------------------------------*/
/*
 * Send one request and wait (up to 5 s) for its answer; check it.
 * Returns 1 if the answer has the same id and type and the expected
 * status (and, if @want_data is not -1, that data).
 */
static int
np_ctrl(uint16_t type, uint32_t d0, uint32_t d1, uint32_t d2,
    uint32_t want_status, int64_t want_data)
{
	struct np_hdr *h = (struct np_hdr *)np_page(np_ctrl_page());
	union np_ctrlent *ring = (union np_ctrlent *)(h + 1);
	struct np_ctrlreq *req;
	struct np_ctrlrsp rsp;
	uint16_t id = ++np_ctrl_id;
	int i;

	req = &ring[np_ctrl_prod % NP_CTRLRING].req;
	req->id = id;
	req->type = type;
	req->data[0] = d0;
	req->data[1] = d1;
	req->data[2] = d2;
	__sync_synchronize();
	h->req_prod = ++np_ctrl_prod;
	__sync_synchronize();
	np_kick(np_port[np_nq]);
	for (i = 0; i < 5000 && h->rsp_prod != np_ctrl_prod; i++)
		usleep(1000);
	if (h->rsp_prod != np_ctrl_prod) {
		printf("ctrl type %u: no answer\n", type);
		return 0;
	}
	__sync_synchronize();
	rsp = ring[(np_ctrl_prod - 1) % NP_CTRLRING].rsp;
	if (rsp.id != id || rsp.type != type || rsp.status != want_status ||
	    (want_data >= 0 && rsp.data != (uint32_t)want_data)) {
		printf("ctrl type %u: id %u/%u status %u (want %u) data %u\n",
		    type, rsp.id, id, rsp.status, want_status, rsp.data);
		return 0;
	}
	return 1;
}

static void
np_cmd_ctrl(void)
{
	uint32_t kgref = np_grefs[np_ctrl_page() + 1];
	uint8_t *kpage = np_page(np_ctrl_page() + 1);
	unsigned int ok = 0, n = 0, i;

#define NP_CHECK(x) (n++, ok += (x))
	/* Flags before an algorithm: not supported. */
	NP_CHECK(np_ctrl(NP_CTRL_GET_FLAGS, 0, 0, 0, NP_ST_NOT_SUPPORTED, -1));
	NP_CHECK(np_ctrl(NP_CTRL_SET_ALG, 7, 0, 0, NP_ST_INVALID, -1));
	NP_CHECK(np_ctrl(NP_CTRL_SET_ALG, NP_HASH_TOEPLITZ, 0, 0,
	    NP_ST_SUCCESS, -1));
	NP_CHECK(np_ctrl(NP_CTRL_GET_FLAGS, 0, 0, 0, NP_ST_SUCCESS, 0xf));
	NP_CHECK(np_ctrl(NP_CTRL_SET_FLAGS, 1 << 4, 0, 0, NP_ST_INVALID, -1));
	NP_CHECK(np_ctrl(NP_CTRL_SET_FLAGS, NP_TYPE_IPV4 | NP_TYPE_IPV4_TCP, 0,
	    0, NP_ST_SUCCESS, -1));
	memset(kpage, 0, NP_PAGE);
	memcpy(kpage, np_key, sizeof(np_key));
	NP_CHECK(np_ctrl(NP_CTRL_SET_KEY, kgref, 41, 0, NP_ST_OVERFLOW, -1));
	NP_CHECK(np_ctrl(NP_CTRL_SET_KEY, kgref, 40, 0, NP_ST_SUCCESS, -1));
	NP_CHECK(np_ctrl(NP_CTRL_GET_MAP_SIZE, 0, 0, 0, NP_ST_SUCCESS, 128));
	NP_CHECK(np_ctrl(NP_CTRL_SET_MAP_SIZE, 129, 0, 0, NP_ST_INVALID, -1));
	NP_CHECK(np_ctrl(NP_CTRL_SET_MAP_SIZE, NP_MAPSIZE, 0, 0, NP_ST_SUCCESS,
	    -1));
	/* An entry naming a queue the vif lacks: the table stays. */
	memset(kpage, 0, NP_PAGE);
	((uint32_t *)kpage)[3] = np_nq;
	NP_CHECK(np_ctrl(NP_CTRL_SET_MAP, kgref, NP_MAPSIZE, 0, NP_ST_INVALID,
	    -1));
	/* A sub-table past the end. */
	NP_CHECK(np_ctrl(NP_CTRL_SET_MAP, kgref, 2, NP_MAPSIZE - 1,
	    NP_ST_INVALID, -1));
	for (i = 0; i < NP_MAPSIZE; i++)
		np_map[i] = (NP_MAPSIZE - 1 - i) % np_nq;
	memcpy(kpage, np_map, sizeof(np_map));
	NP_CHECK(np_ctrl(NP_CTRL_SET_MAP, kgref, NP_MAPSIZE, 0, NP_ST_SUCCESS,
	    -1));
	NP_CHECK(np_ctrl(99, 0, 0, 0, NP_ST_NOT_SUPPORTED, -1));
#undef NP_CHECK
	printf("ctrl ok %u bad %u\n", ok, n - ok);
}

/*---------------------------------- Flows ----------------------------------*/
/* Post NP_BUFS receive buffers on every queue's RX ring. */
static void
np_post_rx(void)
{
	struct np_hdr *h;
	union np_rxent *ring;
	unsigned int q, i;

	for (q = 0; q < np_nq; q++) {
		h = (struct np_hdr *)np_page(2 * q + 1);
		ring = (union np_rxent *)(h + 1);
		for (i = 0; i < NP_BUFS; i++) {
			ring[i].req.id = i;
			ring[i].req.gref = np_grefs[np_buf_page(q, i)];
		}
		h->req_prod = NP_BUFS;
	}
}

/*
 * The backend answers each RX request in its own slot, in order: the
 * buffer of slot j is j % NP_BUFS.  Once slot j is read, its buffer goes
 * back to the ring at j + NP_BUFS.
 */
static void
np_repost_rx(unsigned int q, uint32_t j)
{
	struct np_hdr *h = (struct np_hdr *)np_page(2 * q + 1);
	union np_rxent *ring = (union np_rxent *)(h + 1);
	uint32_t k = j + NP_BUFS;

	ring[k % NP_RXRING].req.id = k % NP_BUFS;
	ring[k % NP_RXRING].req.gref = np_grefs[np_buf_page(q, k % NP_BUFS)];
	__sync_synchronize();
	h->req_prod = k + 1;
}

struct np_count {
	unsigned int syn, right, wrong, hash_ok, hash_bad, other;
	unsigned int used[NP_MAXQ];
	unsigned int mc[3]; /* frames for 01:00:5e:01:02:03, 04, 05 */
};

/* Look at one received frame of queue @q, with its hash extra if any. */
static void
np_frame(unsigned int q, const uint8_t *f, unsigned int len,
    const struct np_extra *hx, struct np_count *c)
{
	uint8_t in[12];
	unsigned int ihl;
	uint32_t hash, want_q, val;

	c->used[q]++;
	if (len >= 14 && memcmp(f, np_group, 5) == 0 && f[5] >= 3 && f[5] <= 5)
		c->mc[f[5] - 3]++;
	if (len < 14 + 20 + 20 || f[12] != 0x08 || f[13] != 0x00 ||
	    f[14 + 9] != 6) {
		c->other++;
		/* Only IPv4 is hashed (the types set): nothing else has one. */
		if (hx != NULL && !(len >= 14 && f[12] == 0x08 && f[13] == 0))
			c->hash_bad++;
		return;
	}
	ihl = (f[14] & 0xf) * 4;
	memcpy(in, f + 14 + 12, 8);	    /* source, destination */
	memcpy(in + 8, f + 14 + ihl, 4); /* source port, destination port */
	hash = np_toeplitz(in, sizeof(in));
	want_q = np_map[hash % NP_MAPSIZE];
	c->syn++;
	if (q == want_q)
		c->right++;
	else
		c->wrong++;
	if (hx == NULL) {
		c->hash_bad++;
		return;
	}
	memcpy(&val, hx->value, 4);
	if (hx->alg == NP_HASH_TOEPLITZ && hx->htype == NP_HTYPE_IPV4_TCP &&
	    val == hash)
		c->hash_ok++;
	else
		c->hash_bad++;
}

/* Read queue @q's RX responses: data slots and extras. */
static void
np_read_rx(unsigned int q, struct np_count *c)
{
	struct np_hdr *h = (struct np_hdr *)np_page(2 * q + 1);
	union np_rxent *ring = (union np_rxent *)(h + 1);
	const struct np_extra *hx;
	struct np_rxrsp rsp;
	struct np_extra x;
	uint32_t prod = h->rsp_prod, j;
	int more;

	__sync_synchronize();
	while (np_rsp_cons[q] != prod) {
		j = np_rsp_cons[q]++;
		rsp = ring[j % NP_RXRING].rsp;
		hx = NULL;
		more = rsp.flags & NP_RXF_EXTRA_INFO;
		while (more && np_rsp_cons[q] != prod) {
			x = ring[np_rsp_cons[q] % NP_RXRING].x;
			np_repost_rx(q, np_rsp_cons[q]++);
			if (x.type == NP_EXTRA_HASH) {
				static struct np_extra keep[NP_MAXQ];

				keep[q] = x;
				hx = &keep[q];
			}
			more = x.flags & NP_EXTRA_FLAG_MORE;
		}
		if (rsp.status <= 0 || rsp.id >= NP_BUFS ||
		    (rsp.flags & NP_RXF_MORE_DATA)) {
			c->other++;
		} else {
			np_frame(q, np_page(np_buf_page(q, rsp.id)) + rsp.offset,
			    rsp.status, hx, c);
		}
		np_repost_rx(q, j);
	}
	np_kick(np_port[q]);
}

static void
np_cmd_flows(unsigned int n, const char *dst)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	struct np_count c;
	unsigned int i, q, used = 0;
	int fd[256];

	memset(&c, 0, sizeof(c));
	if (n > 256)
		n = 256;
	inet_pton(AF_INET, dst, &sin.sin_addr);
	for (i = 0; i < n; i++) {
		fd[i] = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
		sin.sin_port = htons(5000 + i);
		if (fd[i] >= 0)
			connect(fd[i], (struct sockaddr *)&sin, sizeof(sin));
	}
	sleep(1);
	for (q = 0; q < np_nq; q++)
		np_read_rx(q, &c);
	for (i = 0; i < n; i++)
		if (fd[i] >= 0)
			close(fd[i]);
	for (q = 0; q < np_nq; q++)
		used += c.used[q] != 0;
	printf("flows syn %u right %u wrong %u hash_ok %u hash_bad %u other %u queues_used %u\n",
	    c.syn, c.right, c.wrong, c.hash_ok, c.hash_bad, c.other, used);
}

/*--------------------------------- Multicast -------------------------------*/
/*
 * Send one multicast control request (netif.h, "Multicast control": a TX
 * request without a frame, with MCAST_ADD or MCAST_DEL extra info) on
 * queue 0's TX ring and wait up to 5 s for its answer.  Returns the data
 * slot's status (0 OKAY, -1 ERROR), or -99 without a good answer.
 */
static int
np_mcast_op(uint8_t type, const uint8_t *addr)
{
	struct np_hdr *h = (struct np_hdr *)np_page(0);
	union np_txent *ring = (union np_txent *)(h + 1);
	uint32_t first = np_tx_prod;
	struct np_txextra *x;
	struct np_txreq *r;
	struct np_txrsp rsp;
	int i;

	r = &ring[np_tx_prod++ % NP_TXRING].req;
	memset(r, 0, sizeof(union np_txent));
	r->gref = np_grefs[np_buf_page(0, 0)];
	r->flags = NP_TXF_EXTRA_INFO;
	r->id = first & 0xffff;
	r->size = 0;
	x = &ring[np_tx_prod++ % NP_TXRING].x;
	memset(x, 0, sizeof(union np_txent));
	x->type = type;
	memcpy(x->addr, addr, 6);
	__sync_synchronize();
	h->req_prod = np_tx_prod;
	__sync_synchronize();
	np_kick(np_port[0]);
	for (i = 0; i < 5000 && h->rsp_prod != np_tx_prod; i++)
		usleep(1000);
	if (h->rsp_prod != np_tx_prod)
		return -99;
	__sync_synchronize();
	rsp = ring[first % NP_TXRING].rsp;
	if (rsp.id != (first & 0xffff) ||
	    ring[(first + 1) % NP_TXRING].rsp.status != NP_RSP_NULL)
		return -99;
	return rsp.status;
}

static void
np_cmd_mcast(void)
{
	static const uint8_t uc[6] = { 0x00, 0x16, 0x3e, 0x00, 0x00, 0x09 };
	uint8_t g[6];
	unsigned int ok = 0, n = 0;

	memcpy(g, np_group, 6);
	n++, ok += np_mcast_op(NP_EXTRA_MCAST_ADD, g) == 0;
	/* As xen-netback: any address may be joined (never matched). */
	n++, ok += np_mcast_op(NP_EXTRA_MCAST_ADD, uc) == 0;
	g[5] = 5;
	n++, ok += np_mcast_op(NP_EXTRA_MCAST_ADD, g) == 0;
	n++, ok += np_mcast_op(NP_EXTRA_MCAST_DEL, g) == 0;
	printf("mcast ok %u bad %u\n", ok, n - ok);
}

/*
 * Send 8 UDP datagrams to each of 239.1.2.3, .4 and .5 out of the vif
 * (the local address @src is the vif's), then count what reached the
 * guest's RX rings for each group.
 */
static void
np_cmd_mflows(const char *src)
{
	struct sockaddr_in sin = { .sin_family = AF_INET,
		.sin_port = htons(6000) };
	struct in_addr ifa;
	struct np_count c;
	unsigned int i, g, q;
	char dst[32];
	int fd;

	memset(&c, 0, sizeof(c));
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	inet_pton(AF_INET, src, &ifa);
	if (fd < 0 || setsockopt(fd, IPPROTO_IP, IP_MULTICAST_IF, &ifa,
			  sizeof(ifa)) != 0) {
		perror("netpoke: IP_MULTICAST_IF");
		printf("mflows g3 -1 g4 -1 g5 -1\n");
		return;
	}
	for (g = 3; g <= 5; g++) {
		snprintf(dst, sizeof(dst), "239.1.2.%u", g);
		inet_pton(AF_INET, dst, &sin.sin_addr);
		for (i = 0; i < 8; i++)
			sendto(fd, "netpoke", 7, 0, (struct sockaddr *)&sin,
			    sizeof(sin));
	}
	close(fd);
	sleep(1);
	for (q = 0; q < np_nq; q++)
		np_read_rx(q, &c);
	printf("mflows g3 %u g4 %u g5 %u\n", c.mc[0], c.mc[1], c.mc[2]);
}

/*--------------------------------- TX bench --------------------------------*/
static double
np_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * Wait up to a second for an event on any of netpoke's channels (queue
 * 0's is the one that matters), and unmask it again.
 */
static void
np_wait_event(void)
{
	struct pollfd pfd = { .fd = np_efd, .events = POLLIN };
	uint32_t port;

	if (poll(&pfd, 1, 1000) <= 0)
		return;
	if (read(np_efd, &port, sizeof(port)) == sizeof(port) &&
	    write(np_efd, &port, sizeof(port)) != sizeof(port))
		perror("netpoke: evtchn unmask");
}

/*
 * The backend's response producer index of ring H, read before the
 * responses; when it has none past CONS, ask for an event at the next
 * one (rsp_event, as RING_FINAL_CHECK_FOR_RESPONSES does) and, if none
 * came meanwhile, wait for it (up to a second).  Returns the index, CONS
 * when there was nothing to take; *WAITED says whether it waited.
 */
static uint32_t
np_rsp_prod(struct np_hdr *h, uint32_t cons, bool *waited)
{
	uint32_t rp = h->rsp_prod;

	__sync_synchronize();
	*waited = false;
	if (rp != cons)
		return rp;
	h->rsp_event = cons + 1;
	__sync_synchronize();
	if (h->rsp_prod == cons) {
		np_wait_event();
		*waited = true;
	}
	return cons;
}

/* The frames of both benches: IPv4/UDP headers (zero addresses), zeros. */
static void
np_udp_frame(uint8_t *f, const uint8_t *eth, unsigned int size)
{
	memset(f, 0, size);
	memcpy(f, eth, 14);
	f[14] = 0x45;
	f[16] = (size - 14) >> 8;
	f[17] = (size - 14) & 0xff;
	f[22] = 64;
	f[23] = 17;
}

/*
 * The frames: from the frontend's address to one nobody has, IPv4/UDP
 * headers and zeros, in queue 0's receive buffer pages (the backend only
 * reads them here; what an RX packet writes there meanwhile does not
 * matter).  Dom0's stack drops them once the backend has delivered them
 * (not its address).
 */
static void
np_txbench(double secs, unsigned int size)
{
	static const uint8_t eth[14] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x99,
		0x00, 0x16, 0x3e, 0x00, 0x00, 0x02, 0x08, 0x00 };
	struct np_hdr *h = (struct np_hdr *)np_page(0);
	union np_txent *ring = (union np_txent *)(h + 1);
	unsigned long packets = 0, errors = 0, kicks = 0, waits = 0;
	uint32_t prod = np_tx_prod, cons = np_tx_prod, old, rp;
	double t0, t, end;
	unsigned int i, loops = 0;
	struct np_txreq *r;
	bool waited;
	uint8_t *f;

	if (size < 60 || size > 1514) {
		printf("txbench packets 0 errors 0 seconds 0 kicks 0 waits 0\n");
		return;
	}
	for (i = 0; i < NP_BUFS; i++) {
		f = np_page(np_buf_page(0, i));
		np_udp_frame(f, eth, size);
	}
	t0 = t = np_now();
	do {
		/* The clock every 16 passes: a system call in a PV Dom0. */
		if (++loops % 16 == 0)
			t = np_now();
		while (prod - cons < NP_TXRING) {
			r = &ring[prod % NP_TXRING].req;
			r->gref = np_grefs[np_buf_page(0, prod % NP_BUFS)];
			r->offset = 0;
			r->flags = 0;
			r->id = prod % NP_TXRING;
			r->size = size;
			prod++;
		}
		old = h->req_prod;
		__sync_synchronize();
		h->req_prod = prod;
		__sync_synchronize();
		if (prod - h->req_event < prod - old) {
			np_kick(np_port[0]);
			kicks++;
		}
		rp = np_rsp_prod(h, cons, &waited);
		if (rp == cons) {
			waits += waited;
			continue;
		}
		for (; cons != rp; cons++) {
			if (ring[cons % NP_TXRING].rsp.status != 0)
				errors++;
			packets++;
		}
	} while (t - t0 < secs);
	/* Take what is in flight (up to 10 s), then say all is taken. */
	end = t + 10;
	while (cons != prod && np_now() < end) {
		cons = np_rsp_prod(h, cons, &waited);
	}
	h->rsp_event = cons + 1;
	np_tx_prod = prod;
	printf("txbench packets %lu errors %lu seconds %.3f kicks %lu waits %lu\n",
	    packets, errors, t - t0, kicks, waits);
}

/*--------------------------------- RX bench --------------------------------*/
/*
 * The sender of rxbench, in a child process: SIZE-byte frames to the
 * frontend's MAC out of IFNAME for SECS seconds, through the qdisc as
 * any Dom0 traffic goes, NP_SENDBATCH a system call (sendmmsg(): in a
 * PV Dom0 under emulation the call itself costs more than the frame).
 * The packet socket blocks while its send buffer is charged with frames
 * the qdisc or the backend still holds, so the sender sleeps instead of
 * spinning when the backend is the limit; a call the stack refuses (the
 * qdisc full) counts once as dropped.  Writes "sent dropped" to FD.
 */
static void
np_rxsend(double secs, unsigned int size, const char *ifname, int fd)
{
	static const uint8_t eth[14] = { 0x00, 0x16, 0x3e, 0x00, 0x00, 0x02,
		0x02, 0x00, 0x00, 0x00, 0x00, 0x99, 0x08, 0x00 };
	struct sockaddr_ll sll = { .sll_family = AF_PACKET, .sll_halen = 6 };
	struct mmsghdr msgs[NP_SENDBATCH];
	unsigned long sent = 0, dropped = 0;
	struct iovec iov;
	uint8_t f[1514];
	double t0, t;
	char out[64];
	unsigned int i;
	int s, n;

	s = socket(AF_PACKET, SOCK_RAW, 0);
	sll.sll_ifindex = if_nametoindex(ifname);
	if (s < 0 || sll.sll_ifindex == 0) {
		perror("netpoke: rxbench sender");
		_exit(1);
	}
	memcpy(sll.sll_addr, eth, 6);
	np_udp_frame(f, eth, size);
	iov.iov_base = f;
	iov.iov_len = size;
	memset(msgs, 0, sizeof(msgs));
	for (i = 0; i < NP_SENDBATCH; i++) {
		msgs[i].msg_hdr.msg_name = &sll;
		msgs[i].msg_hdr.msg_namelen = sizeof(sll);
		msgs[i].msg_hdr.msg_iov = &iov;
		msgs[i].msg_hdr.msg_iovlen = 1;
	}
	t0 = t = np_now();
	while (t - t0 < secs) {
		n = sendmmsg(s, msgs, NP_SENDBATCH, 0);
		if (n > 0)
			sent += n;
		else if (errno == ENOBUFS || errno == EAGAIN)
			dropped++;
		else
			break;
		t = np_now();
	}
	snprintf(out, sizeof(out), "%lu %lu\n", sent, dropped);
	if (write(fd, out, strlen(out)) < 0)
		_exit(1);
	_exit(0);
}

/*
 * Queue 0's RX ring as a frontend that costs little: every response is
 * counted and its buffer posted again at once (np_repost_rx()'s scheme,
 * with one producer update a pass), and the backend is kicked only when
 * its req_event asks, as netfront's RING_PUSH_REQUESTS_AND_CHECK_NOTIFY
 * does.  Frames of SIZE bytes need one slot each, and no extras are
 * asked for (no GSO, no hash): a response with more data or extras
 * counts as an error, as does one with an error status.
 */
static void
np_rxbench(double secs, unsigned int size, const char *ifname)
{
	struct np_hdr *h = (struct np_hdr *)np_page(1);
	union np_rxent *ring = (union np_rxent *)(h + 1);
	unsigned long packets = 0, errors = 0, kicks = 0, waits = 0;
	unsigned long sent = 0, dropped = 0;
	uint32_t cons = np_rsp_cons[0], old, rp, k;
	struct np_rxrsp rsp;
	unsigned int loops = 0;
	bool counting = true, waited;
	double t0, t, end;
	struct pollfd pp;
	char res[64];
	ssize_t n;
	pid_t pid;
	int pfd[2];

	if (size < 60 || size > 1514 || pipe(pfd) != 0) {
		printf("rxbench packets 0 errors 0 seconds 0 kicks 0 waits 0 sent 0 dropped 0\n");
		return;
	}
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		close(pfd[0]);
		np_rxsend(secs, size, ifname, pfd[1]);
	}
	close(pfd[1]);
	pp.fd = pfd[0];
	pp.events = POLLIN;
	t0 = t = np_now();
	end = t0 + secs;
	while (pid > 0) {
		if (++loops % 16 == 0)
			t = np_now();
		if (t >= end) {
			/*
			 * Past the count, the ring is still served until the
			 * sender has reported: it may be blocked on frames
			 * the backend holds for want of buffers.
			 */
			if (counting) {
				counting = false;
				secs = t - t0;
			}
			if (poll(&pp, 1, 0) > 0)
				break;
			if (t >= end + 10) {
				kill(pid, SIGKILL);
				break;
			}
		}
		rp = np_rsp_prod(h, cons, &waited);
		if (rp == cons) {
			if (waited) {
				waits += counting;
				t = np_now();
			}
			continue;
		}
		for (; cons != rp; cons++) {
			rsp = ring[cons % NP_RXRING].rsp;
			if (counting) {
				packets++;
				if (rsp.status <= 0 || (rsp.flags &
				    (NP_RXF_MORE_DATA | NP_RXF_EXTRA_INFO)))
					errors++;
			}
			k = cons + NP_BUFS;
			ring[k % NP_RXRING].req.id = k % NP_BUFS;
			ring[k % NP_RXRING].req.gref =
			    np_grefs[np_buf_page(0, k % NP_BUFS)];
		}
		old = h->req_prod;
		__sync_synchronize();
		h->req_prod = cons + NP_BUFS;
		__sync_synchronize();
		if (cons + NP_BUFS - h->req_event < cons + NP_BUFS - old) {
			np_kick(np_port[0]);
			kicks += counting;
		}
	}
	np_rsp_cons[0] = cons;
	if (pid > 0) {
		n = read(pfd[0], res, sizeof(res) - 1);
		if (n > 0) {
			res[n] = '\0';
			sscanf(res, "%lu %lu", &sent, &dropped);
		}
		waitpid(pid, NULL, 0);
	}
	close(pfd[0]);
	printf("rxbench packets %lu errors %lu seconds %.3f kicks %lu waits %lu sent %lu dropped %lu\n",
	    packets, errors, secs, kicks, waits, sent, dropped);
}

/*---------------------------------- Setup ----------------------------------*/
static int
np_evtchn(void)
{
	struct ioctl_evtchn_bind_unbound_port unbound = { .remote_domain = 0 };
	int port = ioctl(np_efd, IOCTL_EVTCHN_BIND_UNBOUND_PORT, &unbound);

	if (port < 0) {
		perror("netpoke: IOCTL_EVTCHN_BIND_UNBOUND_PORT");
		exit(1);
	}
	return port;
}

int
main(int argc, char **argv)
{
	struct ioctl_gntalloc_alloc_gref *alloc;
	unsigned int npages, q, p;
	struct np_hdr *h;
	char line[128], src[32];
	unsigned int size;
	double secs;
	int gfd, n;

	if (argc != 3) {
		fprintf(stderr, "usage: netpoke NQUEUES DSTADDR\n");
		return 2;
	}
	np_nq = strtoul(argv[1], NULL, 0);
	if (np_nq < 1 || np_nq > NP_MAXQ)
		return 2;
	setvbuf(stdout, NULL, _IOLBF, 0);
	gfd = open("/dev/xen/gntalloc", O_RDWR);
	np_efd = open("/dev/xen/evtchn", O_RDWR);
	if (gfd < 0 || np_efd < 0) {
		perror("netpoke: /dev/xen/gntalloc or /dev/xen/evtchn");
		return 1;
	}
	npages = 2 * np_nq + 2 + np_nq * NP_BUFS;
	alloc = calloc(1, sizeof(*alloc) + npages * sizeof(uint32_t));
	if (alloc == NULL)
		return 1;
	alloc->domid = 0;
	alloc->flags = GNTALLOC_FLAG_WRITABLE;
	alloc->count = npages;
	if (ioctl(gfd, IOCTL_GNTALLOC_ALLOC_GREF, alloc) != 0) {
		perror("netpoke: IOCTL_GNTALLOC_ALLOC_GREF");
		return 1;
	}
	np_grefs = alloc->gref_ids;
	np_va = mmap(NULL, (size_t)npages * NP_PAGE, PROT_READ | PROT_WRITE,
	    MAP_SHARED, gfd, alloc->index);
	if (np_va == MAP_FAILED) {
		perror("netpoke: mmap");
		return 1;
	}
	memset(np_va, 0, (size_t)npages * NP_PAGE);
	/* SHARED_RING_INIT: events wanted from the first response on. */
	for (p = 0; p <= np_ctrl_page(); p++) {
		h = (struct np_hdr *)np_page(p);
		h->req_event = 1;
		h->rsp_event = 1;
	}
	np_post_rx();
	for (q = 0; q <= np_nq; q++)
		np_port[q] = np_evtchn();
	for (q = 0; q < np_nq; q++)
		printf("q %u tx %u rx %u evtchn %d\n", q, np_grefs[2 * q],
		    np_grefs[2 * q + 1], np_port[q]);
	printf("ctrl %u %d\n", np_grefs[np_ctrl_page()], np_port[np_nq]);
	while (fgets(line, sizeof(line), stdin) != NULL) {
		if (strncmp(line, "ctrl", 4) == 0) {
			np_cmd_ctrl();
		} else if (sscanf(line, "flows %d", &n) == 1 && n > 0) {
			np_cmd_flows(n, argv[2]);
		} else if (strncmp(line, "mcast", 5) == 0) {
			np_cmd_mcast();
		} else if (sscanf(line, "mflows %31s", src) == 1) {
			np_cmd_mflows(src);
		} else if (sscanf(line, "txbench %lf %u", &secs, &size) == 2) {
			np_txbench(secs, size);
		} else if (sscanf(line, "rxbench %lf %u %31s", &secs, &size,
			       src) == 3) {
			np_rxbench(secs, size, src);
		} else if (strncmp(line, "bad", 3) == 0) {
			/* A producer index a whole ring beyond the answers. */
			h = (struct np_hdr *)np_page(np_ctrl_page());
			h->req_prod = np_ctrl_prod + 1000;
			np_kick(np_port[np_nq]);
			printf("bad %u\n", np_ctrl_prod + 1000);
		} else if (strncmp(line, "quit", 4) == 0) {
			break;
		}
	}
	return 0;
}

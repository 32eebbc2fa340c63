// SPDX-License-Identifier: GPL-2.0-only
/*
 * blkpoke: Dom0 plays a blkif frontend that keeps its ring full, for the
 * lab's lifecycle scenarios (issue 15).
 *
 *   blkpoke flap FRONTDIR BACKDIR CYCLES DISKFILE
 *   blkpoke load FRONTDIR BACKDIR DISKFILE
 *   blkpoke late FRONTDIR BACKDIR DISKFILE
 *   blkpoke bench FRONTDIR BACKDIR DISKFILE SECS OP SEGS PATTERN
 *
 * The device is one the scenario laid out in XenStore by hand, with
 * frontend-id 0, so that Dom0 is both ends (the hostile scenario's way).
 * blkpoke grants itself a one-page ring and a set of data pages
 * (/dev/xen/gntalloc), allocates an event channel (/dev/xen/evtchn) and
 * speaks blkif.h's x86_64 ABI: 11-segment reads of random 44 KiB extents,
 * as many as the ring holds, re-issued as they are answered, each answer
 * checked (its id must be one in flight on this connection, and an OKAY
 * read's data must equal DISKFILE's at that offset).
 *
 * flap: CYCLES times, connect (state Initialised, wait for the backend's
 * Connected), keep the ring full for a while, write Closed (odd cycles:
 * Closing) while still queueing and kicking for a few milliseconds, then
 * write Closing, Closed, Initialising, and wait up to 5 s for the backend
 * to show InitWait.  A backend that does not is counted stuck.  Ends
 * with one line: "flap cycles C connected K initwait W stuck S responses
 * R errors E bad B mismatched M".
 *
 * load: connect once, print "connected", keep the ring full until killed
 * or until the backend leaves Connected; DISKFILE (a file or a block
 * device) only gives the size, nothing is verified.
 *
 * late: a frontend that keeps writing requests after its close, twice:
 * connect, keep the ring full for 0.2 s, write Closed and go on filling
 * the ring as answers come until the backend shows Closed (10 s at
 * most); then Initialising, and the same again.  The backend answers
 * late requests until its rings are quiet, for a second at most, and
 * looks only once at the device's later teardowns.  Prints "late close1
 * T1 close2 T2 after R errors E bad B mismatched M" (T: seconds from the
 * Closed written to the backend's Closed, -1 if it never came; R:
 * answers to requests written after the close).
 *
 * bench: bench-blk's load generator (issue 16), a frontend that costs
 * the backend's host little: no block layer, no system call per I/O.
 * Connect once with feature-persistent (the pages are granted once, as
 * blkfront's persistent grants are), then for SECS keep the ring full of
 * OP ("read" or "write") requests of SEGS 4 KiB segments (1-11), at
 * sequential or random ("seq", "rand") offsets; wait for answers on the
 * event channel (rsp_event, as ring.h's final check has it) and kick only
 * when the backend asked for it (req_event).  Then wait for what is in
 * flight, write Closing and Closed, and print one line: "bench responses
 * R errors E bad B seconds S kicks K waits W" (R: answers within the S
 * seconds).
 *
 * XenStore is spoken to through /dev/xen/xenbus (io/xs_wire.h), so that
 * a cycle costs no fork.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
/* <xen/evtchn.h> uses domid_t without defining it. */
typedef uint16_t domid_t;
#include <xen/evtchn.h>
#include <xen/gntalloc.h>

#define BP_PAGE 4096
#define BP_SEGS 11	/* BLKIF_MAX_SEGMENTS_PER_REQUEST */
#define BP_RING 32	/* entries of a one-page x86_64 blkif ring */
#define BP_REQ_BYTES (BP_SEGS * BP_PAGE)

/* io/blkif.h, x86_64 ABI. */
struct bp_seg {
	uint32_t gref;
	uint8_t first_sect;
	uint8_t last_sect;
	uint16_t pad;
};

struct bp_req {
	uint8_t operation;
	uint8_t nr_segments;
	uint16_t handle;
	uint32_t pad;
	uint64_t id;
	uint64_t sector;
	struct bp_seg seg[BP_SEGS];
} __attribute__((packed));

struct bp_rsp {
	uint64_t id;
	uint8_t operation;
	int16_t status;
};

union bp_entry {
	struct bp_req req;
	struct bp_rsp rsp;
};

/* io/ring.h: the shared ring header, then the entries. */
struct bp_sring {
	volatile uint32_t req_prod;
	volatile uint32_t req_event;
	volatile uint32_t rsp_prod;
	volatile uint32_t rsp_event;
	uint8_t pad[48];
	union bp_entry ring[BP_RING];
};

/* io/xs_wire.h */
struct bp_xsmsg {
	uint32_t type;
	uint32_t req_id;
	uint32_t tx_id;
	uint32_t len;
};
#define BP_XS_READ 2
#define BP_XS_WRITE 11
#define BP_XS_ERROR 16

static int bp_xsfd, bp_efd, bp_port;
static struct bp_sring *bp_sring;
static uint8_t *bp_data;
static uint32_t bp_grefs[1 + BP_RING * BP_SEGS];
static int bp_disk, bp_verify;
static uint64_t bp_disk_sectors;
static const char *bp_front, *bp_back;

/* The frontend's view of the ring. */
static uint32_t bp_req_prod_pvt, bp_rsp_cons;
static uint32_t bp_gen;
static int bp_inflight[BP_RING];
static uint64_t bp_sector[BP_RING];
static unsigned long bp_responses, bp_errors, bp_bad, bp_mismatched;

/* What bp_fill() queues: flap and load use the defaults. */
static uint8_t bp_op;			/* BLKIF_OP_READ, _WRITE */
static unsigned int bp_segs = BP_SEGS;	/* segments a request */
static int bp_seq;			/* sequential offsets */
static uint64_t bp_cursor;		/* the next sequential sector */
static int bp_notify_check;		/* kick only if req_event says so */
static unsigned long bp_kicks, bp_waits;

static void
bp_fatal(const char *what)
{
	perror(what);
	exit(1);
}

/* One XenStore request; the reply's payload in BUF (NUL-terminated). */
static int
bp_xs(uint32_t type, const char *payload, size_t plen, char *buf, size_t blen)
{
	static uint32_t req_id;
	struct bp_xsmsg m = { .type = type, .req_id = ++req_id, .len = plen };
	char out[sizeof(m) + 4096];
	ssize_t n;
	size_t got = 0, want;

	memcpy(out, &m, sizeof(m));
	memcpy(out + sizeof(m), payload, plen);
	if (write(bp_xsfd, out, sizeof(m) + plen) != (ssize_t)(sizeof(m) + plen))
		bp_fatal("blkpoke: xenbus write");
	for (;;) {
		n = read(bp_xsfd, out + got, sizeof(out) - got);
		if (n <= 0)
			bp_fatal("blkpoke: xenbus read");
		got += n;
		if (got < sizeof(m))
			continue;
		memcpy(&m, out, sizeof(m));
		want = sizeof(m) + m.len;
		if (got >= want)
			break;
	}
	if (buf != NULL) {
		n = m.len < blen - 1 ? m.len : blen - 1;
		memcpy(buf, out + sizeof(m), n);
		buf[n] = '\0';
	}
	return m.type == BP_XS_ERROR ? -1 : 0;
}

static void
bp_write(const char *dir, const char *node, const char *val)
{
	char p[512];
	int n;

	n = snprintf(p, sizeof(p), "%s/%s", dir, node);
	memcpy(p + n + 1, val, strlen(val));
	if (bp_xs(BP_XS_WRITE, p, n + 1 + strlen(val), NULL, 0) != 0) {
		fprintf(stderr, "blkpoke: cannot write %s/%s\n", dir, node);
		exit(1);
	}
}

static int
bp_backend_state(void)
{
	char p[512], v[64];
	int n;

	n = snprintf(p, sizeof(p), "%s/state", bp_back);
	if (bp_xs(BP_XS_READ, p, n + 1, v, sizeof(v)) != 0)
		return -1;
	return atoi(v);
}

static void
bp_state(int state)
{
	char v[8];

	snprintf(v, sizeof(v), "%d", state);
	bp_write(bp_front, "state", v);
}

static double
bp_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Wait up to SECS for the backend to show STATE. */
static int
bp_wait_backend(int state, double secs)
{
	double end = bp_now() + secs;

	while (bp_now() < end) {
		if (bp_backend_state() == state)
			return 0;
		usleep(2000);
	}
	return -1;
}

static void
bp_kick(void)
{
	struct ioctl_evtchn_notify notify = { .port = bp_port };

	ioctl(bp_efd, IOCTL_EVTCHN_NOTIFY, &notify);
}

/* A new connection: an empty ring, nothing in flight. */
static void
bp_ring_reset(void)
{
	memset(bp_sring, 0, sizeof(*bp_sring));
	bp_sring->req_event = 1;
	bp_sring->rsp_event = 1;
	bp_req_prod_pvt = 0;
	bp_rsp_cons = 0;
	memset(bp_inflight, 0, sizeof(bp_inflight));
	bp_gen++;
}

/* Queue reads on every free slot the ring has room for; kick. */
static void
bp_fill(void)
{
	struct bp_req *r;
	unsigned int s, i, queued = 0;
	uint32_t old = bp_sring->req_prod;

	for (s = 0; s < BP_RING; s++) {
		if (bp_inflight[s] || bp_req_prod_pvt - bp_rsp_cons >= BP_RING)
			continue;
		r = &bp_sring->ring[bp_req_prod_pvt % BP_RING].req;
		memset(r, 0, sizeof(*r));
		r->operation = bp_op;
		r->nr_segments = bp_segs;
		r->id = ((uint64_t)bp_gen << 8) | s;
		if (bp_seq) {
			if (bp_cursor + bp_segs * 8 > bp_disk_sectors)
				bp_cursor = 0;
			bp_sector[s] = bp_cursor;
			bp_cursor += bp_segs * 8;
		} else {
			bp_sector[s] = (uint64_t)random() %
			    ((bp_disk_sectors - bp_segs * 8) / 8) * 8;
		}
		r->sector = bp_sector[s];
		for (i = 0; i < bp_segs; i++) {
			r->seg[i].gref = bp_grefs[1 + s * BP_SEGS + i];
			r->seg[i].first_sect = 0;
			r->seg[i].last_sect = 7;
		}
		bp_inflight[s] = 1;
		bp_req_prod_pvt++;
		queued++;
	}
	if (queued == 0)
		return;
	__atomic_thread_fence(__ATOMIC_RELEASE);
	bp_sring->req_prod = bp_req_prod_pvt;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	/* ring.h's RING_PUSH_REQUESTS_AND_CHECK_NOTIFY. */
	if (bp_notify_check &&
	    bp_req_prod_pvt - bp_sring->req_event >= bp_req_prod_pvt - old)
		return;
	bp_kicks++;
	bp_kick();
}

/* Check every answer; free its slot. */
static void
bp_consume(void)
{
	static uint8_t want[BP_REQ_BYTES];
	struct bp_rsp rsp;
	uint32_t rp = bp_sring->rsp_prod;
	unsigned int s;

	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	if (rp - bp_rsp_cons > BP_RING) {
		bp_bad++;
		bp_rsp_cons = rp;
		return;
	}
	while (bp_rsp_cons != rp) {
		memcpy(&rsp, (const void *)&bp_sring->ring[bp_rsp_cons % BP_RING].rsp,
		    sizeof(rsp));
		bp_rsp_cons++;
		bp_responses++;
		s = rsp.id & 0xff;
		if ((rsp.id >> 8) != bp_gen || s >= BP_RING || !bp_inflight[s]) {
			bp_bad++;
			continue;
		}
		bp_inflight[s] = 0;
		if (rsp.status != 0) {
			bp_errors++;
			continue;
		}
		if (bp_verify &&
		    (pread(bp_disk, want, BP_REQ_BYTES, bp_sector[s] * 512) !=
			    BP_REQ_BYTES ||
			memcmp(want, bp_data + s * BP_REQ_BYTES, BP_REQ_BYTES) != 0))
			bp_mismatched++;
	}
}

/* Keep the ring full for SECS. */
static void
bp_load(double secs)
{
	double end = bp_now() + secs;

	do {
		bp_consume();
		bp_fill();
		usleep(500);
	} while (bp_now() < end);
}

/* Lay the ring's nodes out and show Initialised; 0 once Connected. */
static int
bp_connect(void)
{
	char v[32];

	bp_ring_reset();
	snprintf(v, sizeof(v), "%u", bp_grefs[0]);
	bp_write(bp_front, "ring-ref", v);
	snprintf(v, sizeof(v), "%d", bp_port);
	bp_write(bp_front, "event-channel", v);
	bp_write(bp_front, "protocol", "x86_64-abi");
	bp_state(3);
	return bp_wait_backend(4, 10);
}

/*
 * DISKFILE: the store (a file or a block device), for its size and, if
 * VERIFY, the data every read must return.
 */
static void
bp_setup(const char *diskfile, int verify)
{
	struct ioctl_evtchn_bind_unbound_port unbound = { .remote_domain = 0 };
	struct ioctl_gntalloc_alloc_gref *alloc;
	const unsigned int npages = 1 + BP_RING * BP_SEGS;
	off_t size;
	int gfd;
	uint8_t *va;

	bp_xsfd = open("/dev/xen/xenbus", O_RDWR);
	gfd = open("/dev/xen/gntalloc", O_RDWR);
	bp_efd = open("/dev/xen/evtchn", O_RDWR);
	if (bp_xsfd < 0 || gfd < 0 || bp_efd < 0)
		bp_fatal("blkpoke: /dev/xen/{xenbus,gntalloc,evtchn}");
	bp_disk = open(diskfile, O_RDONLY);
	if (bp_disk < 0 || (size = lseek(bp_disk, 0, SEEK_END)) < 0)
		bp_fatal("blkpoke: the disk");
	bp_verify = verify;
	bp_disk_sectors = size / 512;
	if (bp_disk_sectors < 2 * BP_SEGS * 8) {
		fprintf(stderr, "blkpoke: the disk is too small\n");
		exit(1);
	}
	alloc = calloc(1, sizeof(*alloc) + npages * sizeof(uint32_t));
	if (alloc == NULL)
		bp_fatal("blkpoke: calloc");
	alloc->domid = 0;
	alloc->flags = GNTALLOC_FLAG_WRITABLE;
	alloc->count = npages;
	if (ioctl(gfd, IOCTL_GNTALLOC_ALLOC_GREF, alloc) != 0)
		bp_fatal("blkpoke: IOCTL_GNTALLOC_ALLOC_GREF");
	va = mmap(NULL, (size_t)npages * BP_PAGE, PROT_READ | PROT_WRITE,
	    MAP_SHARED, gfd, alloc->index);
	if (va == MAP_FAILED)
		bp_fatal("blkpoke: mmap");
	memcpy(bp_grefs, alloc->gref_ids, npages * sizeof(uint32_t));
	bp_sring = (struct bp_sring *)va;
	bp_data = va + BP_PAGE;
	bp_port = ioctl(bp_efd, IOCTL_EVTCHN_BIND_UNBOUND_PORT, &unbound);
	if (bp_port < 0)
		bp_fatal("blkpoke: IOCTL_EVTCHN_BIND_UNBOUND_PORT");
	srandom(getpid());
}

/* Mark a stuck cycle in the kernel log, beside the backend's messages. */
static void
bp_kmsg(unsigned int cycle, int state)
{
	char line[128];
	int fd, n;

	fd = open("/dev/kmsg", O_WRONLY);
	if (fd < 0)
		return;
	n = snprintf(line, sizeof(line),
	    "blkpoke: flap cycle %u: backend in state %d after 5 s\n", cycle,
	    state);
	if (write(fd, line, n) != n)
		perror("blkpoke: /dev/kmsg");
	close(fd);
}

static int
bp_flap(unsigned int cycles)
{
	unsigned int c, connected = 0, initwait = 0, stuck = 0;
	double t;
	int st, late;

	for (c = 0; c < cycles; c++) {
		if (bp_connect() == 0) {
			connected++;
			bp_load(0.02);
		}
		/* Close while requests keep arriving. */
		bp_state(c % 2 ? 5 : 6);
		bp_load(0.005);
		bp_state(5);
		bp_state(6);
		bp_state(1);
		if (bp_wait_backend(2, 5) == 0) {
			initwait++;
		} else {
			st = bp_backend_state();
			stuck++;
			bp_kmsg(c, st);
			/* Let it settle so that later cycles mean something. */
			t = bp_now();
			late = bp_wait_backend(2, 20) == 0;
			printf("flap cycle %u: backend still in state %d after 5 s; %s %.1f s later\n",
			    c, st, late ? "InitWait" : "not InitWait", bp_now() - t);
		}
	}
	bp_consume();
	printf("flap cycles %u connected %u initwait %u stuck %u responses %lu errors %lu bad %lu mismatched %lu\n",
	    cycles, connected, initwait, stuck, bp_responses, bp_errors, bp_bad,
	    bp_mismatched);
	return stuck == 0 && connected == cycles && bp_bad == 0 &&
		bp_mismatched == 0 ?
	    0 :
	    1;
}

static int
bp_loadloop(void)
{
	if (bp_connect() != 0) {
		printf("not connected\n");
		return 1;
	}
	printf("connected\n");
	fflush(stdout);
	while (bp_backend_state() == 4)
		bp_load(0.2);
	printf("load responses %lu errors %lu bad %lu mismatched %lu\n",
	    bp_responses, bp_errors, bp_bad, bp_mismatched);
	return 0;
}

/*
 * Write Closed and keep the ring full until the backend shows Closed;
 * the seconds that took, or -1 after 10 s.
 */
static double
bp_close_writing(void)
{
	double t0 = bp_now(), t;

	bp_state(6);
	do {
		bp_consume();
		bp_fill();
		usleep(500);
		t = bp_now();
		if (bp_backend_state() == 6)
			return t - t0;
	} while (t - t0 < 10);
	return -1;
}

static int
bp_late(void)
{
	double t1, t2 = -1;
	unsigned long before;

	if (bp_connect() != 0) {
		printf("not connected\n");
		return 1;
	}
	bp_load(0.2);
	before = bp_responses;
	t1 = bp_close_writing();
	bp_state(1);
	if (bp_wait_backend(2, 10) == 0 && bp_connect() == 0) {
		bp_load(0.2);
		t2 = bp_close_writing();
	}
	bp_consume();
	printf("late close1 %.3f close2 %.3f after %lu errors %lu bad %lu mismatched %lu\n",
	    t1, t2, bp_responses - before, bp_errors, bp_bad, bp_mismatched);
	return t1 >= 0 && t2 >= 0 && bp_bad == 0 && bp_mismatched == 0 ? 0 : 1;
}

/*
 * Wait up to a second for the backend's event; true if there may be
 * answers.  rsp_event is set first, and the ring looked at again after
 * it, so that an answer pushed in between is not slept through.
 */
static int
bp_wait_answers(void)
{
	struct pollfd pfd = { .fd = bp_efd, .events = POLLIN };
	uint32_t port;

	bp_sring->rsp_event = bp_rsp_cons + 1;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (bp_sring->rsp_prod != bp_rsp_cons)
		return 1;
	bp_waits++;
	if (poll(&pfd, 1, 1000) <= 0)
		return 0;
	/* The port is masked until written back (evtchn's unmask). */
	if (read(bp_efd, &port, sizeof(port)) == sizeof(port) &&
	    write(bp_efd, &port, sizeof(port)) != sizeof(port))
		bp_fatal("blkpoke: evtchn unmask");
	return 1;
}

static int
bp_bench(double secs)
{
	double t0, t, end;
	unsigned long answered;
	unsigned int s, busy, loops;

	bp_write(bp_front, "feature-persistent", "1");
	if (bp_connect() != 0) {
		printf("not connected\n");
		return 1;
	}
	bp_notify_check = 1;
	t0 = t = bp_now();
	bp_fill();
	/*
	 * The clock is read once every 16 passes: in a PV Dom0 the vDSO
	 * cannot read it, and a system call per pass was 15-20 % of this
	 * process's samples.  The last reading ends the run, so the time
	 * reported is exact.
	 */
	loops = 0;
	do {
		bp_wait_answers();
		bp_consume();
		bp_fill();
		if (++loops % 16 == 0)
			t = bp_now();
	} while (t - t0 < secs);
	answered = bp_responses;
	/* Let what is in flight be answered (up to 10 s) before closing. */
	end = t + 10;
	do {
		for (s = 0, busy = 0; s < BP_RING; s++)
			busy += bp_inflight[s];
		if (busy == 0)
			break;
		bp_wait_answers();
		bp_consume();
	} while (bp_now() < end);
	/*
	 * Say every answer is taken, as blkfront's
	 * RING_FINAL_CHECK_FOR_RESPONSES() does after its last one: xbb's
	 * teardown watches a ring whose rsp_event is not past rsp_prod.
	 */
	bp_sring->rsp_event = bp_rsp_cons + 1;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	bp_state(5);
	bp_state(6);
	bp_wait_backend(6, 10);
	printf("bench responses %lu errors %lu bad %lu seconds %.3f kicks %lu waits %lu\n",
	    answered, bp_errors, bp_bad, t - t0, bp_kicks, bp_waits);
	return bp_bad == 0 && bp_errors == 0 ? 0 : 1;
}

int
main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 6 && strcmp(argv[1], "flap") == 0) {
		bp_front = argv[2];
		bp_back = argv[3];
		bp_setup(argv[5], 1);
		return bp_flap(strtoul(argv[4], NULL, 0));
	}
	if (argc == 5 && strcmp(argv[1], "load") == 0) {
		bp_front = argv[2];
		bp_back = argv[3];
		bp_setup(argv[4], 0);
		return bp_loadloop();
	}
	if (argc == 5 && strcmp(argv[1], "late") == 0) {
		bp_front = argv[2];
		bp_back = argv[3];
		bp_setup(argv[4], 1);
		return bp_late();
	}
	if (argc == 9 && strcmp(argv[1], "bench") == 0) {
		bp_front = argv[2];
		bp_back = argv[3];
		bp_setup(argv[4], 0);
		bp_op = strcmp(argv[6], "write") == 0 ? 1 : 0;
		bp_segs = strtoul(argv[7], NULL, 0);
		bp_seq = strcmp(argv[8], "seq") == 0;
		if (bp_segs < 1 || bp_segs > BP_SEGS) {
			fprintf(stderr, "blkpoke: 1 to %d segments\n", BP_SEGS);
			return 2;
		}
		return bp_bench(strtod(argv[5], NULL));
	}
	fprintf(stderr, "usage: blkpoke flap FRONTDIR BACKDIR CYCLES DISKFILE\n"
			"       blkpoke load FRONTDIR BACKDIR DISKFILE\n"
			"       blkpoke late FRONTDIR BACKDIR DISKFILE\n"
			"       blkpoke bench FRONTDIR BACKDIR DISKFILE SECS OP SEGS PATTERN\n");
	return 2;
}

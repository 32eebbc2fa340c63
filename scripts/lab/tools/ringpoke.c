// SPDX-License-Identifier: GPL-2.0-only
/*
 * ringpoke: Dom0 plays a hostile frontend's ring, for the lab's hostile
 * scenario.
 *
 *   ringpoke NPAGES REQ_PROD
 *
 * Allocates NPAGES pages granted to domain 0 itself (/dev/xen/gntalloc),
 * lays a shared ring header (Xen's io/ring.h) on each, with the first
 * ring's req_prod set to REQ_PROD and the others empty, allocates an
 * unbound event channel for domain 0 (/dev/xen/evtchn), prints the grant
 * references and the port on one line, then notifies the port once a
 * second until killed, so that the backend that maps the ring looks at
 * it.  A req_prod beyond the ring's size is what a broken or hostile
 * frontend writes: the backend must shut the device down, nothing more.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
/* <xen/evtchn.h> uses domid_t without defining it. */
typedef uint16_t domid_t;
#include <xen/evtchn.h>
#include <xen/gntalloc.h>

#define RP_PAGE 4096

/* The first 16 bytes of a shared ring page (io/ring.h). */
struct rp_sring_hdr {
	uint32_t req_prod;
	uint32_t req_event;
	uint32_t rsp_prod;
	uint32_t rsp_event;
};

int
main(int argc, char **argv)
{
	struct ioctl_evtchn_bind_unbound_port unbound = { .remote_domain = 0 };
	struct ioctl_gntalloc_alloc_gref *alloc;
	struct ioctl_evtchn_notify notify;
	struct rp_sring_hdr *hdr;
	unsigned int npages, i;
	int gfd, efd, port;
	uint32_t prod;
	uint8_t *va;

	if (argc != 3) {
		fprintf(stderr, "usage: ringpoke NPAGES REQ_PROD\n");
		return 2;
	}
	npages = strtoul(argv[1], NULL, 0);
	prod = strtoul(argv[2], NULL, 0);
	if (npages < 1 || npages > 16)
		return 2;
	gfd = open("/dev/xen/gntalloc", O_RDWR);
	efd = open("/dev/xen/evtchn", O_RDWR);
	if (gfd < 0 || efd < 0) {
		perror("ringpoke: /dev/xen/gntalloc or /dev/xen/evtchn");
		return 1;
	}
	alloc = calloc(1, sizeof(*alloc) + npages * sizeof(uint32_t));
	if (alloc == NULL)
		return 1;
	alloc->domid = 0;
	alloc->flags = GNTALLOC_FLAG_WRITABLE;
	alloc->count = npages;
	if (ioctl(gfd, IOCTL_GNTALLOC_ALLOC_GREF, alloc) != 0) {
		perror("ringpoke: IOCTL_GNTALLOC_ALLOC_GREF");
		return 1;
	}
	va = mmap(NULL, npages * RP_PAGE, PROT_READ | PROT_WRITE, MAP_SHARED,
	    gfd, alloc->index);
	if (va == MAP_FAILED) {
		perror("ringpoke: mmap");
		return 1;
	}
	memset(va, 0, npages * RP_PAGE);
	for (i = 0; i < npages; i++) {
		hdr = (struct rp_sring_hdr *)(va + i * RP_PAGE);
		hdr->req_event = 1;
		hdr->rsp_event = 1;
	}
	((struct rp_sring_hdr *)va)->req_prod = prod;
	port = ioctl(efd, IOCTL_EVTCHN_BIND_UNBOUND_PORT, &unbound);
	if (port < 0) {
		perror("ringpoke: IOCTL_EVTCHN_BIND_UNBOUND_PORT");
		return 1;
	}
	for (i = 0; i < npages; i++)
		printf("%u ", alloc->gref_ids[i]);
	printf("%d\n", port);
	fflush(stdout);
	for (;;) {
		sleep(1);
		notify.port = port;
		ioctl(efd, IOCTL_EVTCHN_NOTIFY, &notify);
	}
}

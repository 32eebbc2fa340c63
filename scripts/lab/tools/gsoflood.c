// SPDX-License-Identifier: GPL-2.0-only
/*
 * gsoflood: Dom0 sends 64 KiB TCP GSO packets straight into a vif, for
 * the lab's slow-consumer scenario (issue 15).
 *
 *   gsoflood IFNAME DSTMAC SECONDS [FLOWS]
 *
 * A packet socket with PACKET_VNET_HDR hands each frame to the device's
 * transmit path as one GSO packet (virtio_net_hdr: TCPv4, MSS 1448,
 * checksum to be completed), as a local TCP sender's 64 KiB writes would
 * reach a vif whose frontend offers feature-gso-tcpv4, without the
 * receiver's acknowledgements pacing it.  FLOWS (default 64) source
 * ports, one per packet in turn, so that the device's queue selection
 * spreads them over every queue.  The socket's send buffer is raised to
 * 64 MiB, so that the sender is not paced by its own buffer but by what
 * the device and its qdisc take; a packet the qdisc refuses (ENOBUFS) is
 * counted and the next one sent a millisecond later.  Sends for SECONDS
 * and prints "sent N packets B bytes refused R".
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_packet.h>
#include <linux/virtio_net.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <netinet/ip.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define GF_PAYLOAD 64000
#define GF_MSS 1448
#define GF_HDRS (14 + 20 + 20)

static uint16_t
gf_csum(const void *p, size_t len)
{
	const uint16_t *w = p;
	uint32_t sum = 0;

	for (; len > 1; len -= 2)
		sum += *w++;
	if (len)
		sum += *(const uint8_t *)w;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static double
gf_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int
main(int argc, char **argv)
{
	static uint8_t frame[sizeof(struct virtio_net_hdr) + GF_HDRS + GF_PAYLOAD];
	struct virtio_net_hdr *vh = (void *)frame;
	uint8_t *eth = frame + sizeof(*vh);
	struct iphdr *ip = (void *)(eth + 14);
	struct tcphdr *tcp = (void *)(eth + 34);
	unsigned int mac[6], flows, i;
	struct sockaddr_ll sll;
	unsigned long long sent = 0, bytes = 0, refused = 0;
	int fd, one = 1, sndbuf = 64 << 20;
	double end;
	uint32_t seq = 1;

	if (argc < 4 || sscanf(argv[2], "%x:%x:%x:%x:%x:%x", &mac[0], &mac[1],
	    &mac[2], &mac[3], &mac[4], &mac[5]) != 6) {
		fprintf(stderr, "usage: gsoflood IFNAME DSTMAC SECONDS [FLOWS]\n");
		return 2;
	}
	flows = argc > 4 ? (unsigned int)atoi(argv[4]) : 64;
	if (flows == 0)
		flows = 1;
	fd = socket(AF_PACKET, SOCK_RAW, 0);
	if (fd < 0 || setsockopt(fd, SOL_PACKET, PACKET_VNET_HDR, &one,
	    sizeof(one)) != 0) {
		perror("gsoflood: packet socket");
		return 1;
	}
	if (setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &sndbuf,
	    sizeof(sndbuf)) != 0)
		setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof(sndbuf));
	memset(&sll, 0, sizeof(sll));
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(ETH_P_IP);
	sll.sll_ifindex = (int)if_nametoindex(argv[1]);
	if (sll.sll_ifindex == 0) {
		perror("gsoflood: interface");
		return 1;
	}

	memset(frame, 0, sizeof(frame));
	vh->flags = VIRTIO_NET_HDR_F_NEEDS_CSUM;
	vh->gso_type = VIRTIO_NET_HDR_GSO_TCPV4;
	vh->hdr_len = GF_HDRS;
	vh->gso_size = GF_MSS;
	vh->csum_start = 14 + 20;
	vh->csum_offset = 16;
	for (i = 0; i < 6; i++)
		eth[i] = (uint8_t)mac[i];
	memcpy(eth + 6, "\x02\x00\x00\x00\x99\x01", 6);
	eth[12] = 0x08;
	eth[13] = 0x00;
	ip->version = 4;
	ip->ihl = 5;
	ip->ttl = 64;
	ip->protocol = IPPROTO_TCP;
	ip->tot_len = htons(20 + 20 + GF_PAYLOAD);
	ip->saddr = inet_addr("169.254.99.1");
	ip->daddr = inet_addr("169.254.99.9");
	ip->check = gf_csum(ip, 20);
	tcp->dest = htons(5001);
	tcp->doff = 5;
	tcp->ack = 1;
	tcp->psh = 1;
	tcp->window = htons(65535);
	memset(eth + GF_HDRS, 0x5a, GF_PAYLOAD);

	end = gf_now() + atof(argv[3]);
	for (i = 0; gf_now() < end; i++) {
		uint32_t ph;

		tcp->source = htons((uint16_t)(20000 + i % flows));
		tcp->seq = htonl(seq);
		seq += GF_PAYLOAD;
		/*
		 * NEEDS_CSUM: the header holds the pseudo-header's sum, the
		 * device (or software GSO) completes it per segment.
		 */
		ph = (ip->saddr & 0xffff) + (ip->saddr >> 16) +
		    (ip->daddr & 0xffff) + (ip->daddr >> 16) +
		    htons(IPPROTO_TCP) + htons(20 + GF_PAYLOAD);
		while (ph >> 16)
			ph = (ph & 0xffff) + (ph >> 16);
		tcp->check = (uint16_t)ph;
		if (sendto(fd, frame, sizeof(frame), 0, (void *)&sll,
		    sizeof(sll)) < 0) {
			if (errno == ENOBUFS || errno == EAGAIN) {
				refused++;
				usleep(1000);
				continue;
			}
			perror("gsoflood: sendto");
			return 1;
		}
		sent++;
		bytes += GF_HDRS + GF_PAYLOAD;
	}
	printf("sent %llu packets %llu bytes refused %llu\n", sent, bytes,
	    refused);
	return 0;
}

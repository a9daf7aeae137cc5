// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Capture sockets: AF_PACKET sockets with an in-kernel BPF filter, so that
 * only the frames a feature needs ever reach zebra. Shared by every
 * feature that reads frames (binding snooping, gateway anti-spoof).
 */
#ifndef ZHG_PSOCK_H
#define ZHG_PSOCK_H

#include "lib/zebra.h"

#include <linux/filter.h>

/* One received frame and where it came from. */
struct zhg_frame {
	const uint8_t *data;
	size_t len;	    /* bytes in data */
	size_t orig_len;    /* length on the wire (data may be cut short) */
	ifindex_t ifindex;  /* receiving port */
	uint8_t pkttype;    /* PACKET_HOST, PACKET_BROADCAST, ... */
	uint16_t vlan_tci;  /* tag stripped by the NIC/bridge, if vlan_valid */
	bool vlan_valid;
	/*
	 * Sent by this host with its checksum left to the device (offload):
	 * the copy's transport checksum is not filled in yet.
	 */
	bool csum_not_ready;
};

/*
 * Open a non-blocking capture socket on all interfaces (ifindex 0) or one,
 * for incoming frames only, filtered by prog (attached before the socket is
 * bound, so nothing unfiltered is ever queued). rcvbuf bounds the kernel
 * queue: frames beyond it are dropped by the kernel and counted there.
 * Returns the fd or -errno.
 */
int zhg_psock_open(ifindex_t ifindex, const struct sock_fprog *prog, int rcvbuf);

/*
 * The same, for frames the local host sends out of the device as well
 * (the program tells incoming from outgoing, SKF_AD_PKTTYPE).
 */
int zhg_psock_open_out(ifindex_t ifindex, const struct sock_fprog *prog, int rcvbuf);

/*
 * Read one frame into buf; returns 1 with *f filled, 0 when nothing is
 * queued, -errno on error.
 */
int zhg_psock_recv(int fd, uint8_t *buf, size_t buflen, struct zhg_frame *f);

/* Frames the kernel dropped on fd since the last call (queue full). */
uint32_t zhg_psock_drops(int fd);

#endif /* ZHG_PSOCK_H */

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Frames to hosts, sent off zebra's main thread (see zhg_tx.c).
 */
#ifndef ZHG_TX_H
#define ZHG_TX_H

#include "lib/zebra.h"

/* The largest frame queued: an ARP request, a neighbour solicitation. */
#define ZHG_TX_FRAME_MAX 128

/* Open the packet socket (zebra's privileges); the thread starts once the loop runs. */
int zhg_tx_init(void);
/* Stop the thread (frames still queued are dropped) and close the socket. */
void zhg_tx_fini(void);

/*
 * Queue frame for port, to dst_mac with ethertype proto (host order).
 * 0, or -ENOBUFS when the queue is full, -EMSGSIZE when too long.
 */
int zhg_tx_send(ifindex_t port, uint16_t proto, const uint8_t *dst_mac, const void *frame,
		size_t len);
/* Frames the kernel refused since the last call (read on the main thread). */
uint64_t zhg_tx_take_errors(void);

#endif /* ZHG_TX_H */

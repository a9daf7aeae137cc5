// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Kernel requests without waiting (zhg_nlreq.c): the only way hostguard
 * asks the kernel for, or changes, FDB, neighbour and link entries.
 *
 * A call queues the request and returns at once; nothing is sent or read
 * inside the caller. An event on zebra's main loop sends what is queued
 * (non-blocking, in submission order, a bounded number in flight) on
 * hostguard's own request socket; the socket is read by event_add_read on
 * the same loop, answers are matched by sequence number, and done() runs
 * from that read callback. Same thread as every other hostguard callback:
 * no locking, and a done() may queue further requests.
 *
 * done(r): r->err is 0, the kernel's -errno, or
 *   -ETIMEDOUT  no answer within ZHG_NL_TIMEOUT_MS,
 *   -ENOBUFS    the answer was lost in a socket overrun (a change may
 *               still have been applied),
 *   -EMSGSIZE   the answer did not fit the receive buffer,
 *   -EBADMSG    a GET's answer was missing or malformed.
 * A GET completes with err 0 only with its parsed answer in r (fdb,
 * neigh or port). r->key gives back what the request was about, so a
 * done() needs no pointer to an object that may be gone; an integer
 * (a VNI...) fits in arg as (void *)(uintptr_t).
 * done may be NULL: failures are then counted (netlink_errors) and logged
 * at debug level.
 *
 * ref works like FRR's event references: *ref is set while the request is
 * pending and cleared before done() runs; zhg_nl_cancel(ref) forgets the
 * callback (the kernel may still act on an already queued change). An
 * object that owns a pending request cancels it before it is freed.
 *
 * The submit functions return 0 when queued, -EAGAIN when the queue is
 * full (ZHG_NL_QUEUE_MAX: the caller tries again later), -ENOTCONN before
 * zhg_nlreq_init() or after a failure to open the socket.
 */
#ifndef ZHG_NLREQ_H
#define ZHG_NLREQ_H

#include "lib/zebra.h"
#include "lib/ipaddr.h"

#include "zhg_netlink.h"

/* Requests waiting to be sent, at most. */
#define ZHG_NL_QUEUE_MAX 16384
/* An answer not there after this long is taken as lost. */
#define ZHG_NL_TIMEOUT_MS 3000

struct zhg_nl_req;

/* What a request was about. */
struct zhg_nl_key {
	ifindex_t ifindex; /* neighbour: its device; FDB: the port (0 in a get); link */
	ifindex_t bridge;  /* FDB: the bridge */
	uint16_t vid;
	uint8_t mac[6];
	struct ipaddr ip; /* neighbour */
};

struct zhg_nl_result {
	int err;
	void *arg;
	const struct zhg_nl_key *key;
	int64_t sent_ms; /* when the kernel saw the request (monotonic ms) */
	union {		 /* a GET's answer, when err == 0 */
		const struct zhg_fdb *fdb;
		const struct zhg_neigh *neigh;
		const struct zhg_vxlan_port *port;
	};
};

typedef void (*zhg_nl_done_fn)(const struct zhg_nl_result *r);

int zhg_nlreq_init(void);
void zhg_nlreq_fini(void);

void zhg_nl_cancel(struct zhg_nl_req **ref);

/* Requests waiting or in flight (show commands, tests). */
size_t zhg_nl_pending(void);

/* FDB entry of mac in the bridge (answer: r->fdb). */
int zhg_nl_fdb_get(ifindex_t bridge, const uint8_t *mac, uint16_t vid, zhg_nl_done_fn done,
		   void *arg, struct zhg_nl_req **ref);
int zhg_nl_fdb_del(ifindex_t port, ifindex_t bridge, const uint8_t *mac, uint16_t vid,
		   zhg_nl_done_fn done, void *arg, struct zhg_nl_req **ref);
/*
 * A MAC of the bridge itself ("bridge fdb add MAC dev BR self local"):
 * frames to it are delivered to the host, and it is never learned on a port.
 */
int zhg_nl_fdb_add_local(ifindex_t bridge, const uint8_t *mac, uint16_t vid, zhg_nl_done_fn done,
			 void *arg, struct zhg_nl_req **ref);
/*
 * Refresh a dynamic FDB entry's age as a frame from the host would
 * (NTF_USE): no change of state, so no notification to zebra.
 */
int zhg_nl_fdb_refresh(ifindex_t port, ifindex_t bridge, const uint8_t *mac, uint16_t vid,
		       zhg_nl_done_fn done, void *arg, struct zhg_nl_req **ref);

/* Neighbour entry of ip on ifindex (answer: r->neigh). */
int zhg_nl_neigh_get(ifindex_t ifindex, const struct ipaddr *ip, zhg_nl_done_fn done, void *arg,
		     struct zhg_nl_req **ref);
int zhg_nl_neigh_del(ifindex_t ifindex, const struct ipaddr *ip, zhg_nl_done_fn done, void *arg,
		     struct zhg_nl_req **ref);
/*
 * Install (or replace) a neighbour entry zebra takes for a local one (not
 * NTF_EXT_LEARNED) and advertises: NUD_PERMANENT, because the kernel's own
 * ARP/ND processing never overrides a permanent entry (a forged gratuitous
 * ARP would otherwise rewrite it) and neighbour GC never collects it.
 * Marked with NDA_PROTOCOL ZHG_NEIGH_PROTO.
 */
int zhg_nl_neigh_add(ifindex_t ifindex, const struct ipaddr *ip, const uint8_t *mac,
		     zhg_nl_done_fn done, void *arg, struct zhg_nl_req **ref);
/*
 * Make an existing entry that still maps ip to mac REACHABLE again, which
 * takes it out of the GC's reach for a while; creates nothing, overrides
 * no other lladdr (neither NLM_F_CREATE nor NLM_F_REPLACE).
 */
int zhg_nl_neigh_refresh(ifindex_t ifindex, const struct ipaddr *ip, const uint8_t *mac,
			 zhg_nl_done_fn done, void *arg, struct zhg_nl_req **ref);

/* The link, with what a vxlan bridge port is configured with (r->port). */
int zhg_nl_vxlan_port_get(ifindex_t ifindex, zhg_nl_done_fn done, void *arg,
			  struct zhg_nl_req **ref);

/*
 * The one request builder (libmnl), also used for the listener's dumps:
 * writes a request of type with flags and a zeroed family header of
 * hdr_len bytes into buf (ZHG_NL_MSG_MAX bytes); returns the header.
 */
#define ZHG_NL_MSG_MAX 256
struct nlmsghdr *zhg_nl_msg_start(void *buf, uint16_t type, uint16_t flags, size_t hdr_len);

#endif /* ZHG_NLREQ_H */

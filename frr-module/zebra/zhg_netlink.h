// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * hostguard's view of the kernel: its own rtnetlink socket listens to
 * neighbour, link and address events (FDB, ARP/ND tables, bridges) and
 * publishes them through hooks; requests go through zhg_nlreq.h. Separate
 * from zebra's sockets so zebra's processing is never disturbed.
 */
#ifndef ZHG_NETLINK_H
#define ZHG_NETLINK_H

#include "lib/zebra.h"

#include <linux/netlink.h>

#include "lib/hook.h"
#include "lib/if.h"
#include "lib/ipaddr.h"

#include "common/hg_compat.h"

/* A bridge FDB entry as the kernel reports it. */
struct zhg_fdb {
	uint8_t mac[6];
	uint16_t vid;
	ifindex_t port;	     /* ndm_ifindex */
	ifindex_t master;    /* bridge */
	uint16_t state;	     /* NUD_* */
	uint8_t flags;	     /* NTF_* */
	uint32_t updated_ms; /* time since the bridge last saw the MAC */
	bool has_cacheinfo;
};

/* A neighbour (ARP/ND) entry. */
struct zhg_neigh {
	ifindex_t ifindex;
	struct ipaddr ip;
	uint8_t mac[6];
	bool has_mac;
	uint16_t state;
	uint8_t flags;
	uint8_t protocol; /* NDA_PROTOCOL, 0 if none */
};

/* The kernel's NUD_VALID (include/net/neighbour.h, not exported). */
#define ZHG_NUD_VALID                                                                              \
	(NUD_PERMANENT | NUD_NOARP | NUD_REACHABLE | NUD_PROBE | NUD_STALE | NUD_DELAY)

/*
 * NDA_PROTOCOL of the neighbour entries hostguard installs, so that a
 * restarted zebra recognises its own entries among the operator's.
 */
#define ZHG_NEIGH_PROTO 0x68

/* What a vxlan bridge port is configured with; -1: not reported. */
struct zhg_vxlan_port {
	int learning;	    /* vxlan device: [no]learning */
	int port_learning;  /* bridge port: learning on|off */
	int neigh_suppress; /* bridge port: neigh_suppress on|off */
};

enum zhg_link_kind { ZHG_LINK_OTHER, ZHG_LINK_BRIDGE, ZHG_LINK_MACVLAN, ZHG_LINK_VXLAN };

/* A link event: what hostguard indexes of a device. */
struct zhg_link {
	ifindex_t ifindex;
	bool is_bridge;
	uint8_t kind;	  /* enum zhg_link_kind */
	ifindex_t master; /* IFLA_MASTER: its bridge, 0 if none */
	ifindex_t lower;  /* IFLA_LINK: a macvlan's lower device */
	uint32_t ageing_ms;
	struct zhg_vxlan_port vxport;
	bool deleted;
	/*
	 * A bridge's notification about one of its ports (AF_BRIDGE): only
	 * vxport.port_learning and vxport.neigh_suppress are meaningful.
	 */
	bool brport;
};

/*
 * What the listener sees, published through FRR hooks; consumers
 * hook_register() in their own init and this layer names none of them.
 * Dump answers are reported like events.
 */
DECLARE_HOOK(zhg_nl_fdb, (const struct zhg_fdb *fdb, bool deleted), (fdb, deleted));
DECLARE_HOOK(zhg_nl_neigh, (const struct zhg_neigh *n, bool deleted), (n, deleted));
DECLARE_HOOK(zhg_nl_link, (const struct zhg_link *link), (link));
/* An address was added to or removed from ifindex. */
DECLARE_HOOK(zhg_nl_addr, (ifindex_t ifindex), (ifindex));

/*
 * Reconciliation. Each table's dump has a generation (zhg_nl_gen); a
 * consumer stamps what it holds with the current generation whenever an
 * event or dump answer of that table confirms it (and when it creates
 * it). zhg_nl_synced runs after a complete, uninterrupted dump of the
 * table: what still carries an older generation is no longer in the
 * kernel, and its holder drops it (a large table over several callbacks,
 * zhg_sweep.h). After a netlink overrun (ENOBUFS) every table is dumped
 * again, so nothing missed stays missed and nothing gone is kept.
 */
enum zhg_nl_table { ZHG_NL_LINK, ZHG_NL_FDB, ZHG_NL_NEIGH, ZHG_NL_TABLES };
DECLARE_HOOK(zhg_nl_synced, (enum zhg_nl_table table, uint32_t gen), (table, gen));
uint32_t zhg_nl_gen(enum zhg_nl_table table);

/*
 * Last seen before the dump of generation gen: gone once that dump is
 * complete. Not "!= gen": a later dump may already have started and seen
 * the entry, and generations wrap (serial-number arithmetic).
 */
static inline bool zhg_nl_unseen(uint32_t seen_gen, uint32_t gen)
{
	return (int32_t)(seen_gen - gen) < 0;
}

int zhg_nl_init(void);
void zhg_nl_fini(void);

/* Read the FDB and neighbour tables again (zebra's VNIs changed). */
void zhg_nl_resync(void);

/* A netlink route socket (zhg_netlink.c), bound to groups; -1 on error. */
int zhg_nl_socket(uint32_t groups, int rcvbuf);

/*
 * A netlink socket read on zhg_master into buf whenever it has something,
 * within one callback's budget each time: each message to msg(); a socket
 * overrun (ENOBUFS) to overrun(); a datagram larger than buf to
 * truncated(), with its first header; then read_done(), if set. A
 * datagram whose messages outlast the budget is finished in follow-up
 * events before the socket is read again, so messages keep their order.
 */
struct zhg_nl_reader {
	void (*msg)(const struct nlmsghdr *h);
	void (*overrun)(void);
	void (*truncated)(const struct nlmsghdr *h);
	void (*read_done)(void);
	/* while started; fd -1 once stopped */
	int fd;
	void *buf;
	size_t size;
	/* the datagram in buf still being handled (len 0: none), off its next message */
	size_t len;
	size_t off;
	/* the socket's read or the follow-up event */
	hg_event_t *ev;
};
void zhg_nl_reader_start(struct zhg_nl_reader *rd, int fd, void *buf, size_t size);
void zhg_nl_reader_stop(struct zhg_nl_reader *rd);

/* zhg_nlparse.c: pure parsers (netlink message -> struct); 0 if valid. */
int zhg_nl_parse_vxlan_port(const struct nlmsghdr *h, struct zhg_vxlan_port *out);
int zhg_nl_parse_fdb(const struct nlmsghdr *h, struct zhg_fdb *out);
int zhg_nl_parse_neigh(const struct nlmsghdr *h, struct zhg_neigh *out);
int zhg_nl_parse_link(const struct nlmsghdr *h, struct zhg_link *out);

/* Each whole message of a datagram of len bytes to msg(), in order. */
void zhg_nl_walk(const void *buf, size_t len, void (*msg)(const struct nlmsghdr *h));

/*
 * The walk one message at a time, resumable: the whole message at *off of
 * a datagram of len bytes, *off moved on to the next one; NULL at the end
 * or at a truncated or malformed remainder (the walk stops there).
 */
const struct nlmsghdr *zhg_nl_next(const void *buf, size_t len, size_t *off);

/*
 * The error an NLMSG_ERROR message carries (0: an acknowledgement), or
 * short_err when it is too short to carry one.
 */
int zhg_nl_errno(const struct nlmsghdr *h, int short_err);

/*
 * A dynamic entry the bridge learned on one of its ports: a host the
 * keepalive may look after. The same for every bridge layout (traditional,
 * VLAN-aware with NDA_VLAN, single VXLAN device): remote and static
 * entries are never hosts.
 */
bool zhg_fdb_is_local_host(const struct zhg_fdb *fdb);

#endif /* ZHG_NETLINK_H */

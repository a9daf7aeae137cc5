// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * hostguard's own rtnetlink sockets: one listens to neighbour and link
 * events (FDB, ARP/ND tables, bridges), one carries synchronous requests.
 * Separate from zebra's sockets so zebra's processing is never disturbed.
 */
#ifndef ZHG_NETLINK_H
#define ZHG_NETLINK_H

#include "lib/zebra.h"

#include <linux/netlink.h>

#include "lib/if.h"
#include "lib/ipaddr.h"

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

/*
 * NDA_PROTOCOL of the neighbour entries hostguard installs, so that a
 * restarted zebra recognises its own entries among the operator's.
 */
#define ZHG_NEIGH_PROTO 0x68

/* A link event of interest: bridges' ageing time. */
struct zhg_link {
	ifindex_t ifindex;
	bool is_bridge;
	uint32_t ageing_ms;
	bool deleted;
};

/* What a vxlan bridge port is configured with; -1: not reported. */
struct zhg_vxlan_port {
	int learning;	    /* vxlan device: [no]learning */
	int port_learning;  /* bridge port: learning on|off */
	int neigh_suppress; /* bridge port: neigh_suppress on|off */
};

int zhg_nl_init(void);
void zhg_nl_fini(void);

/* Re-read FDB and neighbour tables (after zebra learned new VNIs). */
void zhg_nl_resync(void);

/* Synchronous requests; 0 on success, -errno otherwise. */
int zhg_nl_fdb_get(ifindex_t bridge, const uint8_t *mac, uint16_t vid, struct zhg_fdb *out);
int zhg_nl_fdb_del(ifindex_t port, ifindex_t bridge, const uint8_t *mac, uint16_t vid);
/*
 * A MAC of the bridge itself ("bridge fdb add MAC dev BR self local"):
 * frames to it are delivered to the host, and it is never learned on a port.
 */
int zhg_nl_fdb_add_local(ifindex_t bridge, const uint8_t *mac, uint16_t vid);
/*
 * Refresh a dynamic FDB entry's age as a frame from the host would
 * (NTF_USE): no change of state, so no notification to zebra.
 */
int zhg_nl_fdb_refresh(ifindex_t port, ifindex_t bridge, const uint8_t *mac, uint16_t vid);
int zhg_nl_neigh_get(ifindex_t ifindex, const struct ipaddr *ip, struct zhg_neigh *out);
int zhg_nl_neigh_del(ifindex_t ifindex, const struct ipaddr *ip);
/*
 * Install (or replace) a neighbour entry zebra takes for a local one (not
 * NTF_EXT_LEARNED) and advertises: NUD_PERMANENT, because the kernel's own
 * ARP/ND processing never overrides a permanent entry (a forged gratuitous
 * ARP would otherwise rewrite it) and neighbour GC never collects it.
 */
int zhg_nl_neigh_add(ifindex_t ifindex, const struct ipaddr *ip, const uint8_t *mac);
/*
 * Make an existing entry that still maps ip to mac REACHABLE again, which
 * takes it out of the GC's reach for a while; creates nothing, overrides
 * no other lladdr. 0 also when the entry now maps to another MAC.
 */
int zhg_nl_neigh_refresh(ifindex_t ifindex, const struct ipaddr *ip, const uint8_t *mac);

int zhg_nl_vxlan_port(ifindex_t ifindex, struct zhg_vxlan_port *out);

/* zhg_nlparse.c: pure parsers (netlink message -> struct); 0 if valid. */
int zhg_nl_parse_vxlan_port(const struct nlmsghdr *h, struct zhg_vxlan_port *out);
int zhg_nl_parse_fdb(const struct nlmsghdr *h, struct zhg_fdb *out);
int zhg_nl_parse_neigh(const struct nlmsghdr *h, struct zhg_neigh *out);
int zhg_nl_parse_link(const struct nlmsghdr *h, struct zhg_link *out);

/*
 * A dynamic entry the bridge learned on one of its ports: a host the
 * keepalive may look after. The same for every bridge layout (traditional,
 * VLAN-aware with NDA_VLAN, single VXLAN device): remote and static
 * entries are never hosts.
 */
bool zhg_fdb_is_local_host(const struct zhg_fdb *fdb);

/* Consumers, implemented by the keepalive. */
void zhg_ka_fdb_event(const struct zhg_fdb *fdb, bool deleted);
void zhg_ka_neigh_event(const struct zhg_neigh *n, bool deleted);
void zhg_ka_link_event(const struct zhg_link *link);
/* Consumers implemented by the snooped bindings table. */
void zhg_bindings_neigh_event(const struct zhg_neigh *n, bool deleted);
void zhg_bindings_fdb_event(const struct zhg_fdb *fdb, bool deleted);

#endif /* ZHG_NETLINK_H */

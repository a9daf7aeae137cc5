// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Anycast gateway conflicts in bgpd: received type-2 routes that claim a
 * local gateway IP with a MAC that is not ours.
 */
#ifndef BHG_GATEWAY_H
#define BHG_GATEWAY_H

#include "lib/zebra.h"
#include "lib/ipaddr.h"
#include "lib/prefix.h"
#include "lib/vxlan.h"

struct bhg_conflict_info {
	vni_t vni;
	struct ipaddr ip;
	struct ethaddr our_mac;
	struct ethaddr their_mac;
	struct in_addr vtep;
	struct prefix_rd rd;
	time_t first_seen; /* monotonic seconds */
	bool contained;	   /* kept out of the VNI (gateway-guard on) */
};

struct bhg_gw_counters {
	uint64_t conflicts_seen;
	uint64_t routes_contained;
	uint64_t conflicts_not_tracked; /* table full */
	uint64_t locals_restored;	/* our gateway routes put back */
	uint64_t containments_lifted;	/* routes imported once the gateway went */
};

void bhg_gw_init(void);
void bhg_gw_fini(void);
void bhg_gw_walk(void (*cb)(const struct bhg_conflict_info *c, void *arg), void *arg);
void bhg_gw_counters_get(struct bhg_gw_counters *out);

/* A VNI's gateway devices: its SVI and the VRR devices over it (at most max). */
struct interface;
int bhg_gw_devices(ifindex_t svi, struct interface **devs, int max);

/* A gateway device's address as an ipaddr; false if neither IPv4 nor IPv6. */
bool bhg_gw_addr_ip(const struct prefix *p, struct ipaddr *ip);

#endif /* BHG_GATEWAY_H */

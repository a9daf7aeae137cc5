// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Snooped MAC/IP bindings: one entry per (VNI, IP), installed as a local
 * neighbour on the VNI's SVI so that zebra advertises the MAC+IP route and
 * remote VTEPs answer ARP/ND for it (neigh_suppress). An IP moves to
 * another MAC only after its current holder failed probes.
 */
#ifndef ZHG_BINDINGS_H
#define ZHG_BINDINGS_H

#include "lib/zebra.h"
#include "lib/vxlan.h"
#include "lib/ipaddr.h"
#include "lib/typesafe.h"

#include "common/hg_pkt.h"
#include "zhg.h"
#include "zhg_evpn.h"

enum zhg_bind_source {
	ZHG_SRC_ARP,
	ZHG_SRC_ND,
	ZHG_SRC_KERNEL,	  /* a neighbour the kernel learned itself */
	ZHG_SRC_RESTORED, /* installed before zebra restarted */
	ZHG_SRC_DHCP,	  /* a lease granted by a trusted DHCP server */
	ZHG_SRC_MAX,
};

extern const char *const zhg_bind_source_names[ZHG_SRC_MAX];

PREDECL_RBTREE_UNIQ(zhg_binding_tree);
PREDECL_DLIST(zhg_bmac_list);
struct zhg_bmac;
struct zhg_nl_req;

struct zhg_binding {
	struct zhg_binding_tree_item item;
	struct zhg_bmac_list_item mitem; /* in its MAC's list */
	struct zhg_bmac *bmac;

	/* key */
	vni_t vni;
	struct ipaddr ip;

	uint8_t mac[6];
	ifindex_t port; /* where the holder was last heard */
	ifindex_t svi;
	ifindex_t bridge;
	uint16_t vid;
	uint8_t source;
	bool installed; /* by us, in the kernel */

	int64_t learned_ms;    /* when this MAC got the IP */
	int64_t last_seen_ms;  /* last frame of the holder confirming it */
	int64_t hold_until_ms; /* holder proved alive: challenges rejected */

	/*
	 * Another MAC claims the IP, or the kernel flushed the entry (an
	 * address removed from the SVI...): the holder is being probed.
	 */
	hg_event_t *verify_ev;
	int64_t verify_started_ms;
	uint8_t challenger[6];
	ifindex_t challenger_port;
	uint8_t challenger_source;
	uint8_t verify_probes;
	bool reconfirm;	      /* verifying after the kernel dropped the entry */
	bool holder_answered; /* a frame of the holder since verifying began */

	uint32_t conflicts_rejected;
	uint32_t seen_gen;	   /* neighbour dump generation that last showed it */
	struct zhg_nl_req *nl_req; /* its installation in flight */
};

void zhg_bindings_init(void);
void zhg_bindings_fini(void);

/* A valid claim snooped on port (an access port of pi->vni). */
void zhg_bindings_claim(const struct zhg_port_info *pi, ifindex_t port,
			const struct hg_binding_claim *c);

/* Does mac hold ip in vni (a binding of ours)? */
bool zhg_bindings_holds(vni_t vni, const struct ipaddr *ip, const uint8_t *mac);
/* mac gives ip up (a DHCP release, a lease's end): its binding leaves. */
void zhg_bindings_release(vni_t vni, const struct ipaddr *ip, const uint8_t *mac);

size_t zhg_bindings_count(void);
void zhg_bindings_walk(void (*fn)(struct zhg_binding *b, void *arg), void *arg);

#endif /* ZHG_BINDINGS_H */

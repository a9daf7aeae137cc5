// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The host table: one entry per local MAC of an EVPN L2VNI, keyed by
 * (bridge, VLAN, MAC), each with its deadline in the scheduler
 * (zhg_sched.h), so that a host costs work only when its deadline comes.
 */
#ifndef ZHG_HOSTS_H
#define ZHG_HOSTS_H

#include "lib/zebra.h"
#include "lib/vxlan.h"
#include "lib/typesafe.h"

#include "zhg.h"
#include "zhg_sched.h"

struct zhg_nl_req;

enum zhg_host_state {
	ZHG_ACTIVE,	  /* the host has sent traffic recently */
	ZHG_PROBING,	  /* near age-out, waiting for a probe answer */
	ZHG_SILENT_ALIVE, /* silent, but answered the last probe */
	ZHG_DEAD,	  /* did not answer: left to age out (or removed) */
	ZHG_STATE_MAX,
};

extern const char *const zhg_state_names[ZHG_STATE_MAX];

PREDECL_RBTREE_UNIQ(zhg_host_tree);

struct zhg_host {
	struct zhg_host_tree_item item;
	struct zhg_sched_item sched; /* its next deadline */

	/* key */
	ifindex_t bridge;
	uint16_t vid;
	uint8_t mac[6];

	ifindex_t port;
	vni_t vni;
	uint8_t state;
	uint8_t tries_left;
	bool no_ip; /* dead only because no IP was known to probe */
	bool has_slot; /* a probe slot is reserved for its next deadline */
	bool turn_due; /* new: its first look draws its turn to be probed */
	bool addr_probed; /* this cycle asked for an address, not only all-nodes */

	int64_t last_active_ms; /* last frame the bridge saw from the host */
	int64_t last_probe_ms;
	int64_t hold_until_ms; /* MAC-only hold ends */
	uint32_t idle_target_ms; /* this cycle: probe after this much silence */

	uint32_t seen_gen;	    /* FDB dump generation that last showed it */
	struct zhg_nl_req *nl_req; /* its kernel request in flight */

	uint32_t probes_sent;
	uint32_t probes_answered;
	uint32_t withdrawals_prevented;

	struct zhg_targets *targets; /* learned probe targets, zhg_targets.c */
};

void zhg_hosts_init(void (*expire)(struct zhg_host *h, int64_t now_ms));
void zhg_hosts_fini(void);

struct zhg_host *zhg_host_find(ifindex_t bridge, uint16_t vid, const uint8_t *mac);
struct zhg_host *zhg_host_add(ifindex_t bridge, uint16_t vid, const uint8_t *mac);
void zhg_host_del(struct zhg_host *h);

/* (Re)arm a host's deadline; the single loop timer follows the earliest. */
void zhg_host_schedule(struct zhg_host *h, int64_t deadline_ms);
void zhg_host_unschedule(struct zhg_host *h);

size_t zhg_hosts_count(void);
size_t zhg_hosts_scheduled(void);

/* Iterate every host in one go (show commands, a bridge's rare changes). */
void zhg_hosts_walk(void (*fn)(struct zhg_host *h, void *arg), void *arg);

/*
 * The post-dump sweep's walk (zhg_sweep.h): the host at its cursor (the
 * first one when restart), the cursor moved past it; NULL at the end.
 */
struct zhg_host *zhg_hosts_resume(bool restart);

#endif /* ZHG_HOSTS_H */

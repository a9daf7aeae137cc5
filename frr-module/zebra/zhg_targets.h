// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Probe targets learned from the frames each tracked host sends: the
 * addresses a MAC claims for itself in ARP, NS/NA and answers to the
 * all-nodes echo probe; and those the kernel's neighbour table showed for
 * the MAC. Used only to choose what a keepalive probe asks for: nothing
 * is installed in the kernel or advertised from them.
 */
#ifndef ZHG_TARGETS_H
#define ZHG_TARGETS_H

#include "lib/zebra.h"
#include "lib/ipaddr.h"

#include "common/hg_pkt.h"
#include "zhg_evpn.h"

struct zhg_host;
struct json_object;

struct zhg_targets_counters {
	uint64_t learned;	/* addresses added to a host's targets */
	uint64_t adopted;	/* ... from a frame seen before the host was tracked */
	uint64_t from_neigh;	/* ... from the kernel's neighbour table */
	uint64_t untracked;	/* claims of MACs not tracked (yet) */
	uint64_t port_mismatch; /* claims from a port the MAC is not tracked on */
	uint64_t mac_mismatch;	/* claimed MAC is not the frame's source */
	uint64_t refused;	/* the SVI's own address or MAC claimed */
	uint64_t dad_seen;	/* ARP probes and DAD NS seen */
	uint64_t dad_skips;	/* probes not sent for an address under DAD */
	uint64_t echo_probes;	/* all-nodes echo probes sent */
};

extern struct zhg_targets_counters zhg_targets_stats;

void zhg_targets_init(void);
void zhg_targets_fini(void);

/* A valid frame captured on port (an access port of pi->vni). */
void zhg_targets_frame(const struct zhg_port_info *pi, ifindex_t port,
		       const struct hg_binding_claim *c);

/*
 * The kernel's neighbour table maps ip to h's MAC (what zebra's address for
 * the MAC comes from): kept as a target, so that h can still be asked for
 * it after the kernel dropped the entry (its GC does so with entries of
 * live hosts whenever the table is over its machine-wide gc_thresh2).
 */
void zhg_targets_neigh(struct zhg_host *h, const struct ipaddr *ip);

/* A host is tracked from now on / no longer. */
void zhg_targets_host_new(struct zhg_host *h);
void zhg_targets_host_free(struct zhg_host *h);

enum zhg_pick {
	ZHG_PICK_NONE, /* nothing to send: no address and no echo probe */
	ZHG_PICK_ADDR, /* a probe asking for one of the host's addresses */
	ZHG_PICK_ECHO, /* the all-nodes echo probe: no address needed */
	ZHG_PICK_WAIT, /* the only candidates are under DAD by the host */
};

/*
 * The probe for h's attempt-th try this cycle. Candidates in turn, from
 * the one h answered last cycle on: zebra's address for the MAC, the
 * addresses the host claimed itself, then the all-nodes echo; an address
 * the host is testing (DAD) is skipped. On ZHG_PICK_WAIT, *wait_until_ms
 * says when to try again.
 */
enum zhg_pick zhg_targets_pick(struct zhg_host *h, unsigned int attempt, int64_t now,
			       struct zhg_probe_target *pt, int64_t *wait_until_ms);

/* h answered the last probe picked: the next cycle starts with its target. */
void zhg_targets_answered(struct zhg_host *h);

/* Is mac testing ip (DAD) in bridge? When it stops, at the latest. */
int64_t zhg_targets_dad_until(ifindex_t bridge, const uint8_t *mac, const struct ipaddr *ip,
			      int64_t now);

void zhg_targets_host_json(const struct zhg_host *h, struct json_object *o);
void zhg_targets_status_json(struct json_object *json);

#endif /* ZHG_TARGETS_H */

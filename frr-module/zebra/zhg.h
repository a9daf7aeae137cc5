// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * hostguard zebra module: state shared between its files.
 */
#ifndef ZHG_H
#define ZHG_H

#include "lib/zebra.h"

#include "lib/memory.h"
#include "lib/vty.h"

#include "common/hg_args.h"
#include "common/hg_compat.h"
#include "common/hg_config.h"

DECLARE_MGROUP(HOSTGUARD);
DECLARE_MTYPE(HG_HOST);

/* Effective configuration, from the load arguments. */
struct zhg_config {
	bool keepalive;		/* keep routes of silent, live hosts */
	uint32_t probe_window;	/* s before age-out when probing starts */
	uint32_t probe_retries; /* extra probes when a host does not answer */
	uint32_t early_idle;	/* s idle before probing; 0: at age-out */
	uint32_t probe_rate;	/* probes per second, whole module */
	uint32_t mac_only_hold; /* s to hold MACs with no known IP; 0: off */
	bool learn_targets;	/* probe targets from the hosts' own frames */
	struct hg_ip4_set probe_source; /* IPv4 probe sender per VNI */
	struct hg_uint_set exclude_vni;
	bool gateway_guard;	       /* anycast gateway dataplane guard */
	struct hg_mac_set anycast_mac; /* auto: detected per VNI */
	/* ARP/ND suppression: bindings snooped on local bridge ports */
	bool snoop;		      /* learn bindings at all */
	bool snoop_arp;		      /* from ARP */
	bool snoop_nd;		      /* from IPv6 NS/NA */
	uint32_t snoop_rate;	      /* frames/s examined, whole module */
	uint32_t snoop_port_rate;     /* frames/s examined, per port */
	uint32_t max_bindings;	      /* snooped bindings per VNI */
	uint32_t max_bindings_per_mac;  /* ... per MAC and address family */
	uint32_t max_bindings_per_port; /* ... per port and family; 0: no limit */
	struct hg_uint_set snoop_exclude_vni;
	bool snoop_dhcp;		    /* bindings from DHCP replies too */
	struct hg_name_set dhcp_trusted_port; /* ports DHCP servers may answer on */
};

extern struct zhg_config zhg_cfg;
extern const struct hg_arg_spec zhg_arg_specs[];
extern const size_t zhg_arg_specs_count;

/* Module-wide counters, shown by "show hostguard status". */
struct zhg_counters {
	uint64_t hosts_tracked;
	uint64_t probes_sent;
	uint64_t probes_answered;
	uint64_t probes_unanswered;
	uint64_t probes_rate_limited;
	uint64_t probe_send_errors;
	uint64_t withdrawals_prevented;
	uint64_t dead_hosts;
	uint64_t early_removals;
	uint64_t neigh_revalidations;
	uint64_t netlink_errors;
};

extern struct zhg_counters zhg_stats;
extern bool zhg_debug;
extern hg_loop_t *zhg_master;

#define ZHG_DEBUG(fmt, ...)                                                                        \
	do {                                                                                       \
		if (zhg_debug)                                                                     \
			zlog_debug("hostguard: " fmt, ##__VA_ARGS__);                              \
	} while (0)

/* Monotonic milliseconds. */
int64_t zhg_now_ms(void);

/*
 * Work done in one event-loop callback is bounded in time, so that zebra
 * stays responsive whatever the number of hosts: a callback stops once its
 * budget is spent and schedules itself again. Half the 1 ms a callback may
 * take: it stops after the item that crosses the budget, and one item (a
 * netlink message every consumer handles, a captured frame) can take a few
 * hundred microseconds at 50,000 hosts, the more so as the kernel charges
 * interrupt work to whatever thread a CPU was running, zebra's included.
 */
#define ZHG_CALLBACK_BUDGET_US 500
/*
 * Deadlines this close are handled together. FRR's event loop waits in
 * whole milliseconds and polls without sleeping through the remainder
 * before a timer is due, so every wake-up costs up to a millisecond of
 * spinning: few wake-ups, each doing more, cost less. Half the probe rate
 * limit's burst, so early probes stay within it.
 */
#define ZHG_TIMER_SLACK_MS 50
int64_t zhg_now_us(void);

/* zhg_vty.c */
void zhg_vty_init(void);

/* zhg_bindings_vty.c */
struct json_object;
void zhg_bindings_vty_init(void);
void zhg_snoop_status_json(struct json_object *json);

#endif /* ZHG_H */

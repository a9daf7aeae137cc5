// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Anycast gateway state: which MACs are this node's anycast gateway MACs
 * and which IPs are its gateway addresses, per L2VNI.
 *
 * Built on zebra's main thread, read by the dataplane guard in zebra's
 * dplane pthread: the main thread publishes an immutable snapshot under a
 * mutex, the dplane thread hands what it blocked back through a bounded
 * queue and an event on the main thread, where logging, the "once" set
 * and zebra's EVPN tables are handled.
 */
#ifndef ZHG_GATEWAY_H
#define ZHG_GATEWAY_H

#include "lib/zebra.h"
#include "lib/hook.h"
#include "lib/vxlan.h"
#include "lib/ipaddr.h"

/* What the dataplane guard refused to do. */
enum zhg_gw_block {
	ZHG_GW_BLOCK_MAC_INSTALL,   /* remote MAC equal to an anycast MAC */
	ZHG_GW_BLOCK_MAC_DELETE,    /* removal of an anycast MAC */
	ZHG_GW_BLOCK_NEIGH_INSTALL, /* remote neighbour for a gateway IP */
	ZHG_GW_BLOCK_NEIGH_DELETE,  /* removal of a gateway IP's neighbour */
	ZHG_GW_BLOCK_MAX,
};

extern const char *const zhg_gw_block_names[ZHG_GW_BLOCK_MAX];

/* One blocked dataplane operation, as the dplane thread saw it. */
struct zhg_gw_event {
	enum zhg_gw_block kind;
	vni_t vni;	     /* 0 for neighbour operations (found from ifindex) */
	ifindex_t ifindex;   /* SVI of a neighbour, bridge of a MAC */
	uint8_t mac[6];	     /* the MAC the remote side claims */
	struct ipaddr ip;    /* neighbour operations */
	struct in_addr vtep; /* MAC operations: originating VTEP */
};

/* Counters, shown by "show hostguard gateway". */
struct zhg_gw_counters {
	uint64_t blocked[ZHG_GW_BLOCK_MAX];
	uint64_t reclaimed;	 /* gateway IPs made local again in zebra */
	uint64_t events_dropped; /* handoff queue full */
	uint64_t conflicts_logged;
	uint64_t once_set_full;	  /* conflicts counted, not logged */
	uint64_t snapshots;	  /* snapshot rebuilds that changed something */
	uint64_t kernel_scrubbed; /* remote neighbours for gateway IPs removed */
};

void zhg_gw_init(void);
void zhg_gw_fini(void);
/* A device, an address or zebra's VNIs changed: rebuild the set soon. */
void zhg_gw_changed(void);

/*
 * dplane pthread side: is mac an anycast MAC of vni, is ip a gateway IP on
 * the SVI svi? Take zhg_gw_read_lock() around a batch of lookups.
 */
void zhg_gw_read_lock(void);
void zhg_gw_read_unlock(void);
bool zhg_gw_is_anycast_mac(vni_t vni, const uint8_t *mac);
bool zhg_gw_is_gateway_ip(ifindex_t svi, const struct ipaddr *ip);
/* Report a blocked operation (any thread; never blocks, bounded). */
void zhg_gw_report(const struct zhg_gw_event *ev);

/* Main thread: counters and the current snapshot, for the show commands. */
void zhg_gw_counters_get(struct zhg_gw_counters *out);

struct zhg_gw_mac {
	vni_t vni; /* 0: every VNI (from the load arguments) */
	uint8_t mac[6];
};

struct zhg_gw_ip {
	ifindex_t svi; /* where zebra installs the VNI's neighbours */
	struct ipaddr ip;
	ifindex_t dev; /* device carrying the address: the SVI or a VRR */
	vni_t vni;
	uint8_t mac[6]; /* that device's MAC */
	uint8_t plen;	/* the address's prefix length */
};

/* Logged once, per kind, VNI, MAC or IP, and where (a VTEP or a port). */
enum zhg_gw_once_kind {
	ZHG_GW_ONCE_MAC,    /* remote route with an anycast MAC */
	ZHG_GW_ONCE_IP,	    /* remote route for a gateway IP */
	ZHG_GW_ONCE_SPOOF,  /* port sending with an anycast MAC */
	ZHG_GW_ONCE_REPAIR, /* kernel state set by the module */
};

bool zhg_gw_once(enum zhg_gw_once_kind kind, vni_t vni, const uint8_t *mac, const struct ipaddr *ip,
		 uint32_t where);

/* Counters of the VRR and anti-spoof parts (main thread only). */
struct zhg_gw_stats {
	uint64_t spoof_frames;	  /* frames from a port with an anycast source */
	uint64_t spoof_rate_limited; /* ... over their port's rate: counted only */
	uint64_t spoof_offenders; /* distinct (port, MAC) reported */
	uint64_t capture_drops;	  /* frames the capture socket lost */
	uint64_t vrr_repairs;	  /* sysctl or FDB entries set */
	uint64_t repair_errors;
};

extern struct zhg_gw_stats zhg_gw_stats;

/* zhg_gw_vrr.c: what a VRR (macvlan) gateway needs from its SVI and bridge. */
int zhg_gw_svi_arp_ignore(ifindex_t svi); /* -1 if unknown */
void zhg_gw_vrr_repair(vni_t vni, ifindex_t svi, ifindex_t vrr, const uint8_t *mac);
/*
 * Make mac a local entry of the VNI's bridge (never learned on a port).
 * Queued, once: cheap to call for every offending frame.
 */
void zhg_gw_pin_mac(vni_t vni, ifindex_t bridge, uint16_t vid, const uint8_t *mac);
/* Is mac a local entry of the bridge (from FDB events, no kernel request)? */
bool zhg_gw_mac_pinned(ifindex_t bridge, uint16_t vid, const uint8_t *mac);
void zhg_gw_vrr_init(void);
void zhg_gw_vrr_fini(void);

/* zhg_gw_spoof.c: frames from access ports with an anycast source MAC. */
void zhg_gw_spoof_update(const struct zhg_gw_mac *macs, uint32_t n);
void zhg_gw_spoof_init(void);
void zhg_gw_spoof_fini(void);

/*
 * Main thread, for what tenants may claim (every VNI, excluded ones too):
 * is mac a gateway MAC of vni (an anycast MAC, the SVI's or a VRR
 * device's), and how does ip relate to the addresses and subnets of the
 * SVI's gateway devices?
 */
bool zhg_gw_is_gateway_mac(vni_t vni, const uint8_t *mac);

enum zhg_gw_fit {
	ZHG_GW_FIT_OK,	      /* in a subnet, or the family has no subnet here */
	ZHG_GW_FIT_GATEWAY,   /* an address of a gateway device */
	ZHG_GW_FIT_OUTSIDE,   /* outside every subnet of its family */
	ZHG_GW_FIT_BROADCAST, /* a subnet's network or broadcast address */
};

enum zhg_gw_fit zhg_gw_addr_fit(ifindex_t svi, const struct ipaddr *ip);

/* The gateway set changed (after the snapshot is published). */
DECLARE_HOOK(zhg_gw_set_changed, (), ());

void zhg_gw_walk(void (*mac_cb)(const struct zhg_gw_mac *m, void *arg),
		 void (*ip_cb)(const struct zhg_gw_ip *g, void *arg), void *arg);

/* zhg_gw_check.c: fill vni (JSON) with the checks of one L2VNI. */
struct zhg_evpn_vni_info;
struct json_object;
void zhg_gw_check_vni(const struct zhg_evpn_vni_info *v, struct json_object *vni);

/* zhg_gw_dplane.c */
int zhg_gw_dplane_register(void);

/* zhg_gw_vty.c */
void zhg_gw_vty_init(void);
/* The guard's counters, as "show hostguard gateway" and the metrics show them. */
struct json_object *zhg_gw_counters_json(void);

#endif /* ZHG_GATEWAY_H */

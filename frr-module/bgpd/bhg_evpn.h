// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What hostguard reads of bgpd's EVPN state, in hostguard's own types.
 * bhg_evpn.c is the only file that reads bgpd's EVPN structures (struct
 * bgpevpn, the import-RT hash, the EVPN RIB, path labels); the way each
 * FRR line lays them out stays there.
 */
#ifndef BHG_EVPN_H
#define BHG_EVPN_H

#include "lib/zebra.h"
#include "lib/ipaddr.h"
#include "lib/prefix.h"
#include "lib/vxlan.h"

#include "bhg_rt.h"

/* One live local L2VNI. */
struct bhg_evpn_vni {
	vni_t vni;
	struct prefix_rd rd;
	struct in_addr vtep; /* originator IP of its type-3 route */
	struct bhg_rts import_rts, export_rts;
	bool import_auto, export_auto; /* derived by bgpd, not configured */
	ifindex_t svi;
};

/* One received (or local) EVPN route of type 2 or 3 in the global table. */
#define BHG_IMPORTERS_MAX 4
struct bhg_evpn_route {
	uint8_t type;  /* 2 or 3 */
	bool local;    /* originated by this node */
	vni_t vni;     /* type-2: label 1; type-3: PMSI tunnel label */
	struct prefix_rd rd;
	struct in_addr vtep;	  /* next hop (type-3: originator) */
	struct in_addr router_id; /* originator ID when reflected, else the peer's */
	uint32_t origin_as;	  /* last AS of the path, this AS when empty */
	struct ethaddr mac;	  /* type-2 */
	struct ipaddr ip;	  /* type-2; IPADDR_NONE for MAC-only */
	struct bhg_rts rts;
	bool default_gw; /* carries the default-gateway extended community */
	/* Local live VNIs that import it by route target, as bgpd decides. */
	vni_t importers[BHG_IMPORTERS_MAX];
	uint8_t n_importers;
};

/* Resumable position in the global EVPN table (by key, nothing locked). */
struct bhg_evpn_cursor {
	struct prefix rd;
	struct prefix p;
	bool started, done;
};

typedef void (*bhg_evpn_route_cb)(const struct bhg_evpn_route *r, void *arg);

/* Each live local L2VNI, in VNI order of the hash (unordered). */
void bhg_evpn_vni_walk(void (*cb)(const struct bhg_evpn_vni *v, void *arg), void *arg);

/*
 * Up to budget routes from the cursor on (type-2 and type-3 only are
 * handed to cb); cur->done when the table was walked to its end.
 */
void bhg_evpn_route_walk(struct bhg_evpn_cursor *cur, int budget, bhg_evpn_route_cb cb, void *arg);

/*
 * EVPN sessions of the default instance: configured, established, and
 * (settled may be NULL) established for at least settle_s seconds.
 */
void bhg_evpn_peer_counts(int64_t *configured, int64_t *established, int64_t *settled,
			  time_t settle_s);

struct bgp;
struct bgpevpn;
struct bgp_path_info;
struct interface;

/* A received route imported into a VNI: its path in the global table. */
struct bhg_evpn_claim {
	struct bgp_path_info *parent;
	const struct prefix_evpn *p; /* its prefix in the global table */
	const struct prefix_rd *rd;
};

/*
 * The received routes imported into vpn that carry ip (MAC+IP type-2), at
 * most max of them; returns how many were filled.
 */
int bhg_evpn_ip_claims(struct bgpevpn *vpn, const struct ipaddr *ip, struct bhg_evpn_claim *out,
		       int max);

/* This node's own type-2 route for an IP in a VNI, as bgpd has it. */
struct bhg_evpn_local {
	struct ethaddr mac;
	bool sticky, default_gw, router, svi_ip;
	uint32_t seq; /* MAC mobility sequence number */
	esi_t esi;
};

/* Our own route for ip in vpn: true and *out filled if bgpd has one. */
bool bhg_evpn_local_route(struct bgp *bgp, struct bgpevpn *vpn, const struct ipaddr *ip,
			  struct bhg_evpn_local *out);

/*
 * Adds our route l for ip to vpn again as zebra adds it, if the VNI
 * advertises its gateway routes (advertise-default-gw, advertise-svi-ip);
 * true if it was added.
 */
bool bhg_evpn_local_readd(struct bgp *bgp, struct bgpevpn *vpn, const struct ipaddr *ip,
			  const struct bhg_evpn_local *l);

/* Takes a received path out of the VNIs and VRFs that import it. */
void bhg_evpn_unimport(struct bgp *bgp, struct bgp_path_info *pi);
/* Imports a received path as bgpd does when it receives it. */
void bhg_evpn_import(struct bgp *bgp, struct bgp_path_info *pi);

/* The SVI of local VNI vni; 0 if it has none or the VNI is not known. */
ifindex_t bhg_evpn_vni_svi(struct bgp *bgp, vni_t vni);

/*
 * What this FRR line lacks that hostguard works around, one sentence each
 * (show hostguard status); NULL-terminated.
 */
extern const char *const bhg_evpn_line_limits[];

/*
 * Interfaces as bgpd learns them from zebra: seen() when one appears or
 * changes (its link_ifindex known), gone() before it is deleted. seen()
 * may be called again for an unchanged interface.
 */
void bhg_evpn_if_watch(int (*seen)(struct interface *ifp), int (*gone)(struct interface *ifp));
void bhg_evpn_if_unwatch(void);

/* The received, valid path of p (RD rd) in bgp's global EVPN table, or NULL. */
struct bgp_path_info *bhg_evpn_received(struct bgp *bgp, const struct prefix_evpn *p,
					struct prefix_rd *rd);

/* Is the session with peer up? */
struct peer;
bool bhg_peer_up(struct peer *peer);

/* Text forms as bgpd prints them; buffers of BHG_RD_STRLEN for an RD. */
#define BHG_RD_STRLEN 64
const char *bhg_rd2str(const struct prefix_rd *rd, char *buf, size_t len);
const char *bhg_evpn_rt2str(const struct bhg_rt *rt, char *buf, size_t len);

#endif /* BHG_EVPN_H */

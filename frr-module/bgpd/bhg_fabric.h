// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Fabric check: what in the EVPN fabric keeps a local L2VNI from working,
 * read from bgpd's own tables, each finding in an operator's words.
 */
#ifndef BHG_FABRIC_H
#define BHG_FABRIC_H

#include "bhg_evpn.h"

/* The gateway of a VNI on this node: its SVI's and VRR devices' addresses. */
#define BHG_GW_IPS  16
#define BHG_GW_MACS 8
struct bhg_gw_set {
	struct ipaddr ip[BHG_GW_IPS];
	struct ethaddr ip_mac[BHG_GW_IPS]; /* the MAC of the device with ip[i] */
	struct ethaddr mac[BHG_GW_MACS];
	uint8_t n_ip, n_mac;
};

enum bhg_fkind {
	BHG_F_IMPORT_RT,      /* a VTEP's type-3 route is not imported: RTs differ */
	BHG_F_ROUTES_DROPPED, /* a VTEP's type-2 routes are not imported: RTs differ */
	BHG_F_EXPORT_RT,      /* a VTEP does not import what this PE exports */
	BHG_F_VNI_MISMATCH,   /* a VTEP's other VNI is imported into this VNI */
	BHG_F_NO_REMOTE_VTEP, /* nobody else carries the VNI */
	BHG_F_GW_MAC,	      /* the gateway IP with another MAC */
	BHG_F_KINDS
};

#define BHG_FTEXT 480

struct bhg_finding {
	enum bhg_fkind kind;
	vni_t vni;
	bool has_pe; /* names a remote PE (vtep, router_id, rd) */
	struct in_addr vtep, router_id;
	struct prefix_rd rd;
	struct bhg_rts their_rts, our_rts;
	vni_t their_vni;
	uint32_t type3_dropped, type2_dropped;
	struct ipaddr ip;
	struct ethaddr their_mac, our_mac;
	bool their_default_gw;
	bool change_here; /* the fix belongs on this PE */
	char problem[BHG_FTEXT];
	char action[BHG_FTEXT];
	char change_on[48];
};

struct bhg_fabric_vni {
	struct bhg_evpn_vni v;
	struct bhg_gw_set gw;
	uint32_t remote_vteps; /* remote type-3 routes this VNI imports */
	uint32_t findings;
	bool gw_advertised; /* this PE advertises a route for its gateway */
	/* Remote VTEPs advertising a gateway IP of this PE with another MAC. */
	uint32_t gw_differ;
	struct ethaddr gw_other_mac;
	bool gw_others_agree; /* every one of them uses gw_other_mac */
	bool rt_mismatch;     /* some VTEP advertises it with RTs not imported */
	/* Remote VTEPs with a type-3 route for it, and those whose RTs differ. */
	uint32_t rt_vteps, rt_differ;
	struct bhg_rt rt_other;
	bool rt_others_agree; /* every differing VTEP's first RT is rt_other */
};

struct bhg_fabric_report {
	struct bhg_fabric_vni *vnis;
	size_t n_vnis;
	struct bhg_finding *findings;
	size_t n_findings;
	int64_t peers_established;
	int64_t peers_settled; /* established for BHG_FABRIC_SETTLE_S at least */
	uint32_t not_tracked; /* remote VTEP/VNI pairs or findings over the limits */
};

/*
 * A VNI without remote VTEP is a finding once a session has been up this
 * long: routes of PEs that start together take a while to arrive.
 */
#define BHG_FABRIC_SETTLE_S 30

struct bhg_fabric_pass;

/* A check in slices: new, step until it returns true, finish. */
struct bhg_fabric_pass *bhg_fabric_pass_new(void);
bool bhg_fabric_pass_step(struct bhg_fabric_pass *p, int budget);
struct bhg_fabric_report *bhg_fabric_pass_finish(struct bhg_fabric_pass **p);
void bhg_fabric_pass_free(struct bhg_fabric_pass **p);

/* The whole check at once (the show command). */
struct bhg_fabric_report *bhg_fabric_check_now(void);
void bhg_fabric_report_free(struct bhg_fabric_report **r);

const char *bhg_fabric_kind_name(enum bhg_fkind k);	/* JSON: camelCase */
const char *bhg_fabric_kind_title(enum bhg_fkind k);	/* text: a few words */
const char *bhg_fabric_kind_severity(enum bhg_fkind k); /* error, warning */
const char *bhg_fabric_rts2str(const struct bhg_rts *rts, bool automatic, char *buf, size_t len);

/* Event-loop watch: log each finding once when it appears and clears. */
void bhg_fabric_watch_init(void);
void bhg_fabric_watch_fini(void);
uint64_t bhg_fabric_watch_not_logged(void); /* over the watch's limit */

#endif /* BHG_FABRIC_H */

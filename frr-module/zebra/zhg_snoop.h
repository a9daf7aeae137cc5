// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Binding snooping: ARP and IPv6 NS/NA received on local bridge ports of
 * EVPN L2VNIs (one capture socket per port), filtered in the kernel,
 * rate-limited per port and globally, parsed, and handed to the bindings
 * table.
 */
#ifndef ZHG_SNOOP_H
#define ZHG_SNOOP_H

#include "lib/zebra.h"

#include "lib/ipaddr.h"

#include "common/hg_pkt.h"

/* Why a snooped frame taught nothing; the values index drop counters. */
enum zhg_snoop_drop {
	ZHG_SDROP_KERNEL_QUEUE,	 /* capture queue full: dropped by the kernel */
	ZHG_SDROP_PORT_RATE,	 /* over the port's rate */
	ZHG_SDROP_GLOBAL_RATE,	 /* over the module's rate */
	ZHG_SDROP_MAC_MISMATCH,	 /* claimed MAC is not the frame's source */
	ZHG_SDROP_GATEWAY_MAC,	 /* an SVI, VRR or anycast gateway MAC */
	ZHG_SDROP_OWN_ADDRESS,	 /* an address of the SVI or a gateway device */
	ZHG_SDROP_OFF_SUBNET,	 /* outside every subnet of the SVI (and VRRs) */
	ZHG_SDROP_SUBNET_EDGE,	 /* a subnet's network or broadcast address */
	ZHG_SDROP_MAC_QUOTA,	 /* the MAC holds max-bindings-per-mac already */
	ZHG_SDROP_PORT_QUOTA,	 /* the port holds max-bindings-per-port already */
	ZHG_SDROP_BINDING_LIMIT, /* the VNI holds max-bindings already */
	ZHG_SDROP_VLAN_UNMAPPED, /* VLAN-filtering bridge: the frame's VNI unknown */
	ZHG_SDROP_MAX,
};

extern const char *const zhg_snoop_drop_names[ZHG_SDROP_MAX];

struct zhg_snoop_counters {
	uint64_t frames;	     /* frames read from access ports */
	uint64_t learned;	     /* bindings installed */
	uint64_t moves;		     /* bindings moved after the holder failed probes */
	uint64_t conflicts;	     /* claims on an IP held by another MAC */
	uint64_t conflicts_rejected; /* ... whose holder answered */
	uint64_t remote_conflicts;   /* ... held by a MAC behind another VTEP */
	uint64_t verify_probes;	     /* probes sent to verify a holder */
	uint64_t install_errors;
	uint64_t parse[HG_PKT_VERDICT_MAX]; /* parser verdicts other than ok */
	uint64_t drops[ZHG_SDROP_MAX];
};

extern struct zhg_snoop_counters zhg_snoop_stats;

/* Is a capture needed: snoop=on, or probe targets learned (default)? */
bool zhg_snoop_wanted(void);
void zhg_snoop_setup(void);
/*
 * A claim refused for a reason its sender is to blame for: counted, and
 * recorded against the port and MAC (zhg_offenders.h). ip may be NULL.
 */
void zhg_snoop_refuse(enum zhg_snoop_drop why, vni_t vni, ifindex_t port, const uint8_t *mac,
		      const struct ipaddr *ip);

void zhg_snoop_init(void);
void zhg_snoop_fini(void);

/* Is snooping on, and on how many ports? */
bool zhg_snoop_running(void);
unsigned int zhg_snoop_ports(void);

/* zebra's VNIs changed: look at their ports again shortly. */
void zhg_snoop_ports_changed(void);

#endif /* ZHG_SNOOP_H */

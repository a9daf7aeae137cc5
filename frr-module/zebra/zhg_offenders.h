// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Offenders: what tenants sent that the module refused, counted per access
 * port and per (port, source MAC), so an operator sees who misbehaves.
 * Each kind of refusal is logged once per (port, MAC), within a module-wide
 * log rate. Bounded: a flood of new MACs fills a fixed table and is then
 * counted on its port only.
 */
#ifndef ZHG_OFFENDERS_H
#define ZHG_OFFENDERS_H

#include "lib/zebra.h"
#include "lib/ipaddr.h"

enum zhg_offense {
	ZHG_OFF_GATEWAY_ADDRESS, /* claimed a local gateway address */
	ZHG_OFF_GATEWAY_MAC,	 /* claimed an SVI, VRR or anycast MAC */
	ZHG_OFF_OFF_SUBNET,	 /* claimed an address outside the SVI's subnets */
	ZHG_OFF_SPECIAL_ADDRESS, /* multicast, broadcast, loopback, ... */
	ZHG_OFF_BAD_FRAME,	 /* malformed, bad checksum, MAC mismatch */
	ZHG_OFF_MAC_QUOTA,	 /* over max-bindings-per-mac */
	ZHG_OFF_PORT_QUOTA,	 /* over max-bindings-per-port */
	ZHG_OFF_VNI_LIMIT,	 /* over max-bindings of the VNI */
	ZHG_OFF_CONFLICT,	 /* claimed the address of a live host */
	ZHG_OFF_PORT_RATE,	 /* frames over the port's rate */
	ZHG_OFF_ANYCAST_SOURCE,	 /* frames with an anycast gateway MAC as source */
	ZHG_OFF_MAX,
};

extern const char *const zhg_offense_names[ZHG_OFF_MAX];

/*
 * Count one refusal of what mac (the frame's source) sent on port; logged
 * the first time per (port, MAC, kind) while the log rate allows. ip: the
 * address claimed, or NULL.
 */
void zhg_offense(enum zhg_offense kind, vni_t vni, ifindex_t port, const uint8_t *mac,
		 const struct ipaddr *ip);

void zhg_offenders_init(void);
void zhg_offenders_fini(void);

#endif /* ZHG_OFFENDERS_H */

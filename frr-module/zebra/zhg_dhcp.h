// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DHCP as a binding source (snoop=on): the leases trusted DHCP servers
 * grant local hosts become bindings at lease time, and leave at the
 * lease's end or when the client releases the address. Trusted: a server
 * on the bridge itself (its replies leave the bridge device) and servers
 * behind the ports the operator names; replies from any other port are
 * ignored and counted (rogue DHCP).
 */
#ifndef ZHG_DHCP_H
#define ZHG_DHCP_H

#include "lib/zebra.h"

#include "common/hg_pkt.h"
#include "zhg_psock.h"

struct json_object;

struct zhg_dhcp_counters {
	uint64_t leases;	/* addresses granted by a trusted server */
	uint64_t releases;	/* addresses released or declined by their client */
	uint64_t expired;	/* leases that ran out */
	uint64_t rogue;		/* server replies from an untrusted port, ignored */
	uint64_t untracked;	/* ... for a client the keepalive does not track */
	uint64_t port_mismatch; /* releases from a port the client is not on */
	uint64_t vlan_unmapped; /* VLAN-filtering bridge: VNI of the client unknown */
	uint64_t kernel_queue;	/* dropped by the kernel on the bridge sockets */
	uint64_t parse[HG_PKT_VERDICT_MAX];
};

extern struct zhg_dhcp_counters zhg_dhcp_stats;

/* Are DHCP messages read at all (snoop=on, snoop-dhcp=on)? */
bool zhg_dhcp_wanted(void);

void zhg_dhcp_init(void);
void zhg_dhcp_fini(void);
void zhg_dhcp_ports_changed(void);

/*
 * A frame read on an access port's capture socket: true if it was a DHCP
 * message (taken here, whatever its fate), false for any other frame.
 */
bool zhg_dhcp_frame(ifindex_t port, const struct zhg_frame *f);

void zhg_dhcp_status_json(struct json_object *json);

#endif /* ZHG_DHCP_H */

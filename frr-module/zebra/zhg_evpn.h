// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Thin wrapper over zebra's EVPN tables: the only file that reads zebra's
 * EVPN structures, with one named section per FRR line.
 */
#ifndef ZHG_EVPN_H
#define ZHG_EVPN_H

#include "lib/zebra.h"
#include "lib/vxlan.h"
#include "lib/ipaddr.h"

/* Everything a probe for one host needs. */
struct zhg_probe_target {
	ifindex_t port;
	uint8_t src_mac[6]; /* the bridge's (or gateway's) own MAC */
	uint8_t dst_mac[6];
	uint16_t vid;
	int family; /* AF_INET, AF_INET6, or 0: no IP known */
	struct ipaddr target;
	struct ipaddr sender; /* 0.0.0.0 for an RFC 5227 probe */
	bool echo;	      /* an echo request to target (ff02::1), not ARP/NS */
};

/*
 * The L2VNI a local bridge port belongs to; 0 if the port is not a local
 * access port of an EVPN bridge (the vxlan port, a non-EVPN bridge, ...).
 */
vni_t zhg_evpn_port_vni(ifindex_t bridge, ifindex_t port, uint16_t vid);

/*
 * Fill a probe for mac in vni, for the best IP zebra knows for the MAC.
 * False if the VNI or bridge is gone.
 */
bool zhg_evpn_probe_target(vni_t vni, ifindex_t bridge, ifindex_t port, uint16_t vid,
			   const uint8_t *mac, struct zhg_probe_target *pt);

/*
 * The L2VNI of a local access port (any bridge), and that bridge; 0 if the
 * port is not one.
 */
vni_t zhg_evpn_access_port_vni(ifindex_t port, uint16_t vid, ifindex_t *bridge);

/*
 * Fill a probe asking mac for ip, whether or not zebra has the binding (a
 * snooped binding being confirmed); false if none can be sent (IPv6 with
 * no link-local address on the SVI).
 */
bool zhg_evpn_probe_ip(vni_t vni, ifindex_t bridge, ifindex_t port, uint16_t vid,
		       const uint8_t *mac, const struct ipaddr *ip, struct zhg_probe_target *pt);

/*
 * Fill an ICMPv6 echo request to all-nodes inside a frame unicast to mac:
 * it needs no address of the host. Sender: the SVI's link-local address,
 * else the one the bridge's MAC gives. False if the VNI is gone.
 */
bool zhg_evpn_probe_all_nodes(vni_t vni, ifindex_t bridge, ifindex_t port, uint16_t vid,
			      const uint8_t *mac, struct zhg_probe_target *pt);

/* The bridge and VLAN behind an SVI of an L2VNI; false if none. */
bool zhg_evpn_svi_bridge(ifindex_t svi, ifindex_t *bridge, uint16_t *vid, vni_t *vni);

/* Number of IPs zebra has for a MAC in a VNI (its neighbour list). */
unsigned int zhg_evpn_mac_ip_count(vni_t vni, const uint8_t *mac);

/* Does zebra consider the MAC local in this VNI? */
bool zhg_evpn_mac_is_local(vni_t vni, const uint8_t *mac);

/* Where a frame snooped on a local bridge port belongs. */
struct zhg_port_info {
	ifindex_t bridge;
	ifindex_t svi; /* where zebra reads the VNI's neighbours */
	vni_t vni;
	uint16_t vid;
	uint8_t svi_mac[6]; /* the anycast gateway MAC in Proxmox's layout */
	/*
	 * The port is in a VLAN-filtering bridge and the frame's VLAN is not
	 * known (untagged: the port's PVID is not read yet): its VNI cannot be
	 * told, so nothing may be learned from it.
	 */
	bool vlan_unmapped;
};

/*
 * Fill pi for a frame received on port (untagged: vid 0); false unless the
 * port is a local access port of an EVPN L2VNI with an SVI. On a
 * VLAN-filtering bridge an untagged frame's VNI is unknown: false, with
 * pi->vlan_unmapped set (never the first VNI zebra's lookup falls back to).
 */
bool zhg_evpn_port_info(ifindex_t port, uint16_t vid, struct zhg_port_info *pi);

/* Is ip one of the SVI's own addresses? */
bool zhg_evpn_svi_has_ip(ifindex_t svi, const struct ipaddr *ip);

enum zhg_ip_owner {
	ZHG_OWNER_NONE,
	ZHG_OWNER_LOCAL,  /* a local host: port filled */
	ZHG_OWNER_REMOTE, /* learned from another VTEP */
};

/* Who zebra believes holds ip in vni; mac (and port if local) filled. */
enum zhg_ip_owner zhg_evpn_ip_owner(vni_t vni, const struct ipaddr *ip, uint8_t *mac,
				    ifindex_t *port);

/*
 * The VNI of a MAC install/delete in zebra's dataplane (any pthread); 0
 * where the FRR line's context does not carry it (8.4).
 */
struct zebra_dplane_ctx;
vni_t zhg_evpn_dplane_mac_vni(const struct zebra_dplane_ctx *ctx);

/*
 * The originating VTEP of a MAC context (IPv4; 0.0.0.0 for an IPv6 VTEP,
 * which FRR 10.6 and later allow). Safe in the dataplane's pthread.
 */
struct in_addr zhg_evpn_dplane_mac_vtep(const struct zebra_dplane_ctx *ctx);

/* The L2VNI of a traditional bridge (main thread); 0 if none. */
vni_t zhg_evpn_bridge_vni(ifindex_t bridge);

/*
 * What this FRR line lacks that hostguard works around, one sentence each
 * (show hostguard status); NULL-terminated.
 */
extern const char *const zhg_evpn_line_limits[];

/* Name of an interface for messages; "?" if unknown. */
const char *zhg_ifname(ifindex_t ifindex);


/*
 * A value that changes whenever the set of L2VNIs (or their bridge/SVI)
 * changes; cheap, proportional to the number of VNIs.
 */
uint32_t zhg_evpn_signature(void);
unsigned int zhg_evpn_l2vni_count(void);

/* Addresses of one gateway device kept at most (a VNI has a few). */
#define ZHG_EVPN_GW_IPS 16

/* One gateway device of an L2VNI: its SVI, or a VRR (macvlan) over it. */
struct zhg_evpn_gw_dev {
	vni_t vni;
	ifindex_t svi;
	ifindex_t dev;
	bool vrr;
	uint8_t mac[6];
	uint32_t n_ip;
	struct ipaddr ip[ZHG_EVPN_GW_IPS];
	uint8_t plen[ZHG_EVPN_GW_IPS]; /* prefix length of each address */
};

/* Every gateway device of every L2VNI with an SVI. */
void zhg_evpn_gw_walk(void (*cb)(const struct zhg_evpn_gw_dev *d, void *arg), void *arg);

/*
 * zebra's view of ip in vni: true if it is a remote neighbour, with the
 * VTEP and MAC it came with.
 */
bool zhg_evpn_neigh_remote(vni_t vni, const struct ipaddr *ip, struct in_addr *vtep, uint8_t *mac);

/*
 * A remote route claimed a local gateway IP and zebra made the gateway's
 * neighbour remote, or dropped it when that route went away: make it
 * local again and advertised, when the VNI advertises its SVI or gateway
 * IPs. True if zebra's entry was changed.
 */
bool zhg_evpn_gw_reclaim(vni_t vni, ifindex_t dev, const struct ipaddr *ip);

/* Configuration of one L2VNI that an anycast gateway depends on. */
struct zhg_evpn_vni_info {
	vni_t vni;
	ifindex_t vxlan;
	ifindex_t bridge;
	ifindex_t svi;
	uint16_t vid;
	bool advertise_gw;  /* advertise-default-gw */
	bool advertise_svi; /* advertise-svi-ip */
};

void zhg_evpn_vni_walk(void (*cb)(const struct zhg_evpn_vni_info *v, void *arg), void *arg);

#endif /* ZHG_EVPN_H */

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Wrapper over zebra's EVPN tables. What differs between FRR lines is in
 * the named per-line section below; the rest reads what all lines share.
 */
#include "lib/zebra.h"

/* zebra's EVPN headers depend on this order (as in zebra_evpn_mac.c). */
#include "lib/hash.h"
#include "lib/if.h"
#include "lib/jhash.h"
#include "lib/linklist.h"
#include "lib/prefix.h"
#include "zebra/zserv.h"
#include "zebra/debug.h"
#include "zebra/interface.h"
#include "zebra/zebra_ns.h"
#include "zebra/zebra_router.h"
#include "zebra/zebra_vrf.h"
#include "zebra/zebra_vxlan.h"
#if HG_FRR_LINE >= 1000
/* Single-VXLAN-device tables (9.x and later); zebra_evpn.h needs them. */
#include "zebra/zebra_vxlan_if.h"
#endif
#include "zebra/zebra_evpn.h"
#include "zebra/zebra_evpn_mh.h"
#include "zebra/zebra_evpn_mac.h"
#include "zebra/zebra_evpn_neigh.h"
#include "zebra/zebra_dplane.h"

#include "zhg.h"
#include "zhg_evpn.h"
#include "zhg_links.h"

/* --- Per FRR line ------------------------------------------------------- */

#if HG_FRR_LINE >= 1000
/*
 * FRR 10.x: an L2VNI records its bridge and VLAN itself (a VNI may share
 * one VXLAN device with others), and the dataplane's MAC context its VNI.
 */
static struct interface *evpn_bridge(const struct zebra_evpn *zevpn)
{
	return zevpn->bridge_if;
}

static vlanid_t evpn_vid(const struct zebra_evpn *zevpn)
{
	return zevpn->vid;
}

vni_t zhg_evpn_dplane_mac_vni(const struct zebra_dplane_ctx *ctx)
{
	return dplane_ctx_mac_get_vni(ctx);
}

const char *const zhg_evpn_line_limits[] = { NULL };

#elif HG_FRR_LINE == 804
/*
 * FRR 8.4: one VXLAN device per VNI (no single-VXLAN-device tables); the
 * bridge and access VLAN are those of the VNI's VXLAN device. The
 * dataplane's MAC context has no VNI.
 */
static const struct zebra_if *evpn_vxlan_zif(const struct zebra_evpn *zevpn)
{
	return zevpn->vxlan_if ? zevpn->vxlan_if->info : NULL;
}

static struct interface *evpn_bridge(const struct zebra_evpn *zevpn)
{
	const struct zebra_if *zif = evpn_vxlan_zif(zevpn);

	return zif ? zif->brslave_info.br_if : NULL;
}

static vlanid_t evpn_vid(const struct zebra_evpn *zevpn)
{
	const struct zebra_if *zif = evpn_vxlan_zif(zevpn);

	return zif ? zif->l2info.vxl.access_vlan : 0;
}

vni_t zhg_evpn_dplane_mac_vni(const struct zebra_dplane_ctx *ctx)
{
	return 0;
}

const char *const zhg_evpn_line_limits[] = {
	"dataplane MAC contexts carry no VNI: anycast MACs given per VNI are guarded in every VNI",
	"bridge ports are mapped to VNIs by walking the interfaces (no VLAN-to-VNI hash)",
	NULL,
};

#else
#error "hostguard: no zebra EVPN section for this FRR line (zhg_evpn.c)"
#endif

/* --- VTEP addresses, per FRR line --------------------------------------- */

#if HG_FRR_LINE >= 1006
/*
 * FRR 10.6 and later: zebra keeps VTEP addresses as struct ipaddr (IPv6
 * underlays). hostguard reports IPv4 VTEPs; an IPv6 one reads 0.0.0.0.
 */
static struct in_addr vtep_v4(const struct ipaddr *ip)
{
	return IS_IPADDR_V4(ip) ? ip->ipaddr_v4 : (struct in_addr){};
}

static struct in_addr neigh_vtep(const struct zebra_neigh *n)
{
	return vtep_v4(&n->r_vtep_ip);
}

struct in_addr zhg_evpn_dplane_mac_vtep(const struct zebra_dplane_ctx *ctx)
{
	return vtep_v4(dplane_ctx_mac_get_vtep_ip(ctx));
}

#else
/* FRR 8.4 to 10.5: VTEP addresses are IPv4 (struct in_addr). */
static struct in_addr neigh_vtep(const struct zebra_neigh *n)
{
	return n->r_vtep_ip;
}

struct in_addr zhg_evpn_dplane_mac_vtep(const struct zebra_dplane_ctx *ctx)
{
	return *dplane_ctx_mac_get_vtep_ip(ctx);
}
#endif

/* --- Common to all lines ------------------------------------------------- */

static struct interface *ifp_of(ifindex_t ifindex)
{
	struct zebra_ns *zns = zebra_ns_lookup(NS_DEFAULT);

	return zns ? if_lookup_by_index_per_ns(zns, (uint32_t)ifindex) : NULL;
}

const char *zhg_ifname(ifindex_t ifindex)
{
	struct interface *ifp = ifp_of(ifindex);

	return ifp ? ifp->name : "?";
}

vni_t zhg_evpn_port_vni(ifindex_t bridge, ifindex_t port, uint16_t vid)
{
	struct interface *br_if = ifp_of(bridge);
	struct interface *port_if = ifp_of(port);
	struct zebra_evpn *zevpn;

	if (!br_if || !port_if || !br_if->info || !port_if->info)
		return 0;
	if (!IS_ZEBRA_IF_BRIDGE(br_if) || IS_ZEBRA_IF_VXLAN(port_if) || port_if == br_if)
		return 0;
	zevpn = zebra_evpn_map_vlan(port_if, br_if, vid);
	if (!zevpn || !zevpn->vxlan_if)
		return 0;
	return zevpn->vni;
}

vni_t zhg_evpn_bridge_vni(ifindex_t bridge)
{
	struct interface *br_if = ifp_of(bridge);
	struct zebra_evpn *zevpn;

	if (!br_if || !br_if->info || !IS_ZEBRA_IF_BRIDGE(br_if))
		return 0;
	zevpn = zebra_evpn_map_vlan(br_if, br_if, 0);
	return zevpn ? zevpn->vni : 0;
}

vni_t zhg_evpn_access_port_vni(ifindex_t port, uint16_t vid, ifindex_t *bridge)
{
	struct interface *ifp = ifp_of(port);
	struct zebra_if *zif = ifp ? ifp->info : NULL;

	if (!zif || !zif->brslave_info.br_if)
		return 0;
	*bridge = zif->brslave_info.br_if->ifindex;
	return zhg_evpn_port_vni(*bridge, port, vid);
}

bool zhg_evpn_port_info(ifindex_t port, uint16_t vid, struct zhg_port_info *pi)
{
	struct interface *port_if = ifp_of(port);
	struct zebra_evpn *zevpn;
	struct zebra_if *zif;

	memset(pi, 0, sizeof(*pi));
	if (!port_if || !port_if->info || IS_ZEBRA_IF_VXLAN(port_if))
		return false;
	zif = port_if->info;
	if (!zif->brslave_info.br_if || !zif->brslave_info.br_if->info)
		return false;
	pi->bridge = zif->brslave_info.br_if->ifindex;
	if (!vid && IS_ZEBRA_IF_BRIDGE_VLAN_AWARE(
			    (struct zebra_if *)zif->brslave_info.br_if->info)) {
		/* zebra's lookup would answer the bridge's first VNI */
		pi->vlan_unmapped = true;
		return false;
	}
	pi->vni = zhg_evpn_port_vni(pi->bridge, port, vid);
	zevpn = pi->vni ? zebra_evpn_lookup(pi->vni) : NULL;
	if (!zevpn || !zevpn->svi_if)
		return false;
	pi->svi = zevpn->svi_if->ifindex;
	pi->vid = evpn_vid(zevpn);
	memcpy(pi->svi_mac, zevpn->svi_if->hw_addr, ETH_ALEN);
	return true;
}

bool zhg_evpn_svi_has_ip(ifindex_t svi, const struct ipaddr *ip)
{
	struct interface *ifp = ifp_of(svi);
	struct connected *c;

	if (!ifp)
		return false;
	hg_if_connected_each (ifp, c) {
		if (IS_IPADDR_V4(ip) && c->address->family == AF_INET &&
		    IPV4_ADDR_SAME(&c->address->u.prefix4, &ip->ipaddr_v4))
			return true;
		if (IS_IPADDR_V6(ip) && c->address->family == AF_INET6 &&
		    IPV6_ADDR_SAME(&c->address->u.prefix6, &ip->ipaddr_v6))
			return true;
	}
	return false;
}

enum zhg_ip_owner zhg_evpn_ip_owner(vni_t vni, const struct ipaddr *ip, uint8_t *mac,
				    ifindex_t *port)
{
	struct zebra_evpn *zevpn = zebra_evpn_lookup(vni);
	struct zebra_neigh *n = zevpn ? zebra_evpn_neigh_lookup(zevpn, ip) : NULL;

	if (!n)
		return ZHG_OWNER_NONE;
	memcpy(mac, n->emac.octet, ETH_ALEN);
	if (CHECK_FLAG(n->flags, ZEBRA_NEIGH_REMOTE))
		return ZHG_OWNER_REMOTE;
	if (!CHECK_FLAG(n->flags, ZEBRA_NEIGH_LOCAL))
		return ZHG_OWNER_NONE;
	*port = n->mac && !n->mac->es ? n->mac->fwd_info.local.ifindex : 0;
	return ZHG_OWNER_LOCAL;
}

bool zhg_evpn_svi_bridge(ifindex_t svi, ifindex_t *bridge, uint16_t *vid, vni_t *vni)
{
	struct interface *ifp = ifp_of(svi);
	struct zebra_evpn *zevpn = NULL;
	struct zebra_if *zif;

	if (!ifp || !ifp->info)
		return false;
	zif = ifp->info;
	if (IS_ZEBRA_IF_BRIDGE(ifp))
		zevpn = zebra_evpn_from_svi(ifp, ifp);
	else if (zif->link && zif->link->info)
		/* A VLAN device over a VLAN-aware bridge. */
		zevpn = zebra_evpn_from_svi(ifp, zif->link);
	if (!zevpn || !evpn_bridge(zevpn))
		return false;
	*bridge = evpn_bridge(zevpn)->ifindex;
	*vid = evpn_vid(zevpn);
	*vni = zevpn->vni;
	return true;
}

static bool connected_v4_for(struct interface *ifp, struct in_addr host, struct in_addr *out)
{
	struct connected *c;

	hg_if_connected_each (ifp, c) {
		struct prefix_ipv4 p;

		if (c->address->family != AF_INET)
			continue;
		p = *(struct prefix_ipv4 *)c->address;
		apply_mask_ipv4(&p);
		if (prefix_match((struct prefix *)&p, &(struct prefix){ .family = AF_INET,
									.prefixlen = 32,
									.u.prefix4 = host })) {
			*out = c->address->u.prefix4;
			return true;
		}
	}
	return false;
}

static bool connected_v6_ll(struct interface *ifp, struct in6_addr *out)
{
	struct connected *c;

	hg_if_connected_each (ifp, c) {
		if (c->address->family == AF_INET6 && IN6_IS_ADDR_LINKLOCAL(&c->address->u.prefix6)) {
			*out = c->address->u.prefix6;
			return true;
		}
	}
	return false;
}

static struct zebra_mac *mac_of(struct zebra_evpn *zevpn, const uint8_t *mac)
{
	struct ethaddr ea;

	memcpy(ea.octet, mac, ETH_ALEN);
	return zebra_evpn_mac_lookup(zevpn, &ea);
}

bool zhg_evpn_mac_is_local(vni_t vni, const uint8_t *mac)
{
	struct zebra_evpn *zevpn = zebra_evpn_lookup(vni);
	struct zebra_mac *zmac = zevpn ? mac_of(zevpn, mac) : NULL;

	return zmac && CHECK_FLAG(zmac->flags, ZEBRA_MAC_LOCAL);
}

unsigned int zhg_evpn_mac_ip_count(vni_t vni, const uint8_t *mac)
{
	struct zebra_evpn *zevpn = zebra_evpn_lookup(vni);
	struct zebra_mac *zmac = zevpn ? mac_of(zevpn, mac) : NULL;

	return zmac && zmac->neigh_list ? listcount(zmac->neigh_list) : 0;
}

/* The link-local address of mac (modified EUI-64, RFC 4291 appendix A). */
static void eui64_ll(const uint8_t *mac, struct in6_addr *ll)
{
	memset(ll, 0, sizeof(*ll));
	ll->s6_addr[0] = 0xfe;
	ll->s6_addr[1] = 0x80;
	ll->s6_addr[8] = mac[0] ^ 0x02;
	ll->s6_addr[9] = mac[1];
	ll->s6_addr[10] = mac[2];
	ll->s6_addr[11] = 0xff;
	ll->s6_addr[12] = 0xfe;
	ll->s6_addr[13] = mac[3];
	ll->s6_addr[14] = mac[4];
	ll->s6_addr[15] = mac[5];
}

/*
 * The IPv6 sender of probes: the SVI's link-local address, so that the
 * host's own resolution or check of it is answered by the bridge and kept
 * off the fabric; without one (IPv6 off on the bridge), the address the
 * bridge's MAC would give it, with the bridge's MAC as frame source. Never
 * an address the node does not own: a node that routes would forward the
 * host's answer back onto the VNet and flood the fabric resolving it.
 */
static void probe_sender6(struct interface *svi, struct zhg_probe_target *pt)
{
	pt->sender.ipa_type = IPADDR_V6;
	if (svi && connected_v6_ll(svi, &pt->sender.ipaddr_v6)) {
		memcpy(pt->src_mac, svi->hw_addr, ETH_ALEN);
		return;
	}
	eui64_ll(pt->src_mac, &pt->sender.ipaddr_v6);
}

/* Sender and target of a probe for ip. */
static bool probe_for_ip(vni_t vni, struct interface *svi, const struct ipaddr *ip,
			 struct zhg_probe_target *pt)
{
	if (IS_IPADDR_V4(ip)) {
		pt->family = AF_INET;
		pt->target = *ip;
		pt->sender.ipa_type = IPADDR_V4;
		/* The SVI's address in the host's subnet, the operator's
		 * probe source for the VNI, else 0.0.0.0 (RFC 5227).
		 */
		if (!svi || !connected_v4_for(svi, ip->ipaddr_v4, &pt->sender.ipaddr_v4))
			hg_ip4_set_lookup(&zhg_cfg.probe_source, vni, &pt->sender.ipaddr_v4);
		return true;
	}
	probe_sender6(svi, pt);
	pt->family = AF_INET6;
	pt->target = *ip;
	return true;
}

static struct zebra_evpn *probe_init(vni_t vni, ifindex_t bridge, ifindex_t port, uint16_t vid,
				     const uint8_t *mac, struct zhg_probe_target *pt)
{
	struct zebra_evpn *zevpn = zebra_evpn_lookup(vni);
	struct interface *br_if = ifp_of(bridge);

	if (!zevpn || !br_if)
		return NULL;
	memset(pt, 0, sizeof(*pt));
	pt->port = port;
	pt->vid = vid;
	memcpy(pt->dst_mac, mac, ETH_ALEN);
	memcpy(pt->src_mac, br_if->hw_addr, ETH_ALEN);
	return zevpn;
}

bool zhg_evpn_probe_target(vni_t vni, ifindex_t bridge, ifindex_t port, uint16_t vid,
			   const uint8_t *mac, struct zhg_probe_target *pt)
{
	struct zebra_evpn *zevpn = probe_init(vni, bridge, port, vid, mac, pt);
	struct zebra_mac *zmac;
	struct zebra_neigh *n, *v6 = NULL;
	struct listnode *node;

	if (!zevpn)
		return false;
	zmac = mac_of(zevpn, mac);
	if (!zmac || !zmac->neigh_list)
		return true; /* no IP known */

	/* Prefer IPv4: ARP needs no address of ours on the bridge. */
	for (ALL_LIST_ELEMENTS_RO(zmac->neigh_list, node, n)) {
		if (!CHECK_FLAG(n->flags, ZEBRA_NEIGH_LOCAL))
			continue;
		if (IS_IPADDR_V4(&n->ip))
			return probe_for_ip(vni, zevpn->svi_if, &n->ip, pt);
		if (!v6)
			v6 = n;
	}
	if (v6)
		probe_for_ip(vni, zevpn->svi_if, &v6->ip, pt);
	return true;
}

bool zhg_evpn_probe_ip(vni_t vni, ifindex_t bridge, ifindex_t port, uint16_t vid,
		       const uint8_t *mac, const struct ipaddr *ip, struct zhg_probe_target *pt)
{
	struct zebra_evpn *zevpn = probe_init(vni, bridge, port, vid, mac, pt);

	return zevpn && probe_for_ip(vni, zevpn->svi_if, ip, pt);
}

bool zhg_evpn_probe_all_nodes(vni_t vni, ifindex_t bridge, ifindex_t port, uint16_t vid,
			      const uint8_t *mac, struct zhg_probe_target *pt)
{
	struct zebra_evpn *zevpn = probe_init(vni, bridge, port, vid, mac, pt);

	if (!zevpn)
		return false;
	probe_sender6(zevpn->svi_if, pt);
	pt->family = AF_INET6;
	pt->echo = true;
	pt->target.ipa_type = IPADDR_V6;
	inet_pton(AF_INET6, "ff02::1", &pt->target.ipaddr_v6);
	return true;
}

struct sig_walk {
	uint32_t sig;
	unsigned int count;
};

static void sig_one(struct hash_bucket *b, void *arg)
{
	struct zebra_evpn *zevpn = b->data;
	struct sig_walk *w = arg;

	w->count++;
	w->sig += jhash_3words(zevpn->vni,
			       evpn_bridge(zevpn) ? (uint32_t)evpn_bridge(zevpn)->ifindex : 0,
			       zevpn->vxlan_if ? (uint32_t)zevpn->vxlan_if->ifindex : 0,
			       zevpn->svi_if ? (uint32_t)zevpn->svi_if->ifindex : 0x65766e);
}

static struct sig_walk evpn_walk(void)
{
	struct zebra_vrf *zvrf = zebra_vrf_get_evpn();
	struct sig_walk w = {};

	if (zvrf && zvrf->evpn_table)
		hash_iterate(zvrf->evpn_table, sig_one, &w);
	return w;
}

uint32_t zhg_evpn_signature(void)
{
	return evpn_walk().sig;
}

unsigned int zhg_evpn_l2vni_count(void)
{
	return evpn_walk().count;
}

static void gw_dev_fill(struct zhg_evpn_gw_dev *d, struct zebra_evpn *zevpn, struct interface *svi,
			struct interface *dev)
{
	struct connected *c;

	memset(d, 0, sizeof(*d));
	d->vni = zevpn->vni;
	d->svi = svi->ifindex;
	d->dev = dev->ifindex;
	d->vrr = dev != svi;
	memcpy(d->mac, dev->hw_addr, ETH_ALEN);
	hg_if_connected_each (dev, c) {
		struct ipaddr *ip;

		if (d->n_ip >= ZHG_EVPN_GW_IPS)
			break;
		if (!CHECK_FLAG(c->conf, ZEBRA_IFC_REAL))
			continue;
		ip = &d->ip[d->n_ip];
		if (c->address->family == AF_INET) {
			ip->ipa_type = IPADDR_V4;
			ip->ipaddr_v4 = c->address->u.prefix4;
		} else if (c->address->family == AF_INET6) {
			ip->ipa_type = IPADDR_V6;
			ip->ipaddr_v6 = c->address->u.prefix6;
		} else {
			continue;
		}
		d->plen[d->n_ip] = c->address->prefixlen;
		d->n_ip++;
	}
}

struct gw_walk {
	void (*cb)(const struct zhg_evpn_gw_dev *d, void *arg);
	void *arg;
};

struct vrr_walk {
	struct gw_walk *w;
	struct zebra_evpn *zevpn;
	struct interface *svi;
};

static void vrr_one(const struct zhg_link *l, void *arg)
{
	struct vrr_walk *v = arg;
	struct interface *ifp = ifp_of(l->ifindex);
	struct zhg_evpn_gw_dev d;

	if (!ifp || !IS_ZEBRA_IF_MACVLAN(ifp))
		return;
	gw_dev_fill(&d, v->zevpn, v->svi, ifp);
	v->w->cb(&d, v->w->arg);
}

static void gw_one(struct hash_bucket *b, void *arg)
{
	struct zebra_evpn *zevpn = b->data;
	struct gw_walk *w = arg;
	struct zhg_evpn_gw_dev d;
	struct interface *svi = zevpn->svi_if;
	struct vrr_walk v = { .w = w, .zevpn = zevpn, .svi = svi };

	if (!svi || !zevpn->vxlan_if)
		return;
	gw_dev_fill(&d, zevpn, svi, svi);
	w->cb(&d, w->arg);
	/* VRR devices: macvlans over the SVI, from the device index. */
	zhg_links_macvlans_of(svi->ifindex, vrr_one, &v);
}

/* Every L2VNI zebra has. */
static void evpn_iterate(void (*fn)(struct hash_bucket *b, void *arg), void *arg)
{
	struct zebra_vrf *zvrf = zebra_vrf_get_evpn();

	if (zvrf && zvrf->evpn_table)
		hash_iterate(zvrf->evpn_table, fn, arg);
}

void zhg_evpn_gw_walk(void (*cb)(const struct zhg_evpn_gw_dev *d, void *arg), void *arg)
{
	struct gw_walk w = { .cb = cb, .arg = arg };

	evpn_iterate(gw_one, &w);
}

bool zhg_evpn_neigh_remote(vni_t vni, const struct ipaddr *ip, struct in_addr *vtep, uint8_t *mac)
{
	struct zebra_evpn *zevpn = zebra_evpn_lookup(vni);
	struct zebra_neigh *n = zevpn ? zebra_evpn_neigh_lookup(zevpn, ip) : NULL;

	if (!n || !CHECK_FLAG(n->flags, ZEBRA_NEIGH_REMOTE))
		return false;
	*vtep = neigh_vtep(n);
	memcpy(mac, n->emac.octet, ETH_ALEN);
	return true;
}

bool zhg_evpn_gw_reclaim(vni_t vni, ifindex_t dev, const struct ipaddr *ip)
{
	struct zebra_evpn *zevpn = zebra_evpn_lookup(vni);
	struct interface *ifp = ifp_of(dev);
	struct zebra_neigh *n;
	struct zebra_mac *old;
	struct ethaddr ea;
	bool is_svi;

	if (!zevpn || !ifp || !zevpn->vxlan_if || !zevpn->vxlan_if->info || !if_is_operative(ifp))
		return false;
	/*
	 * Still the device's address for zebra: an address just removed is
	 * in the gateway set until its next rebuild, and must not come back.
	 */
	if (!zhg_evpn_svi_has_ip(dev, ip))
		return false;
	/* Only what zebra itself makes local and advertises. */
	is_svi = ifp == zevpn->svi_if;
	if (!advertise_gw_macip_enabled(zevpn) && !(is_svi && advertise_svi_macip_enabled(zevpn)))
		return false;
	n = zebra_evpn_neigh_lookup(zevpn, ip);
	if (n && !CHECK_FLAG(n->flags, ZEBRA_NEIGH_REMOTE))
		return false;
	if (n) {
		/* Never installed in the kernel: the dataplane guard skipped it. */
		old = n->mac;
		zebra_evpn_neigh_del(zevpn, n);
		if (old)
			zebra_evpn_deref_ip2mac(zevpn, old);
	}
	memcpy(ea.octet, ifp->hw_addr, ETH_ALEN);
	zebra_evpn_gw_macip_add(ifp, zevpn, &ea, (struct ipaddr *)ip);
	return true;
}

struct vni_walk {
	void (*cb)(const struct zhg_evpn_vni_info *v, void *arg);
	void *arg;
};

static void vni_one(struct hash_bucket *b, void *arg)
{
	struct zebra_evpn *zevpn = b->data;
	struct vni_walk *w = arg;
	struct zhg_evpn_vni_info v = {
		.vni = zevpn->vni,
		.vxlan = zevpn->vxlan_if ? zevpn->vxlan_if->ifindex : 0,
		.bridge = evpn_bridge(zevpn) ? evpn_bridge(zevpn)->ifindex : 0,
		.svi = zevpn->svi_if ? zevpn->svi_if->ifindex : 0,
		.vid = evpn_vid(zevpn),
		.advertise_gw = !!advertise_gw_macip_enabled(zevpn),
		.advertise_svi = !!advertise_svi_macip_enabled(zevpn),
	};

	w->cb(&v, w->arg);
}

void zhg_evpn_vni_walk(void (*cb)(const struct zhg_evpn_vni_info *v, void *arg), void *arg)
{
	struct vni_walk w = { .cb = cb, .arg = arg };

	evpn_iterate(vni_one, &w);
}

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Anycast gateway conflicts in bgpd.
 *
 * A type-2 route from another VTEP for one of our gateway IPs with a MAC
 * that is not ours (another node's zone MAC, a firewall carrying the same
 * gateway IP) competes with our own gateway route in the VNI: bgpd's
 * per-IP selection prefers the lower originator on equal sequence numbers,
 * evicts our local route and hands the foreign one to zebra, which makes
 * our gateway IP a remote neighbour. Such routes are shown as conflicts,
 * logged once, and (gateway-guard=on) kept out of the VNI: unimported from
 * the VNI/VRF tables while they stay in the global EVPN table.
 *
 * How: bgpd 10.3 has no hook ahead of the VNI import, so the bgp_process
 * hook notes the IP of each received type-2 route, and one event shortly
 * after checks the noted IPs that are gateway IPs of a VNI (a burst of
 * updates costs one check). A timer checks every VNI's gateway IPs now and
 * then (routes imported later, e.g. when a VNI comes up, are found that
 * way). A VNI's gateway devices (its SVI, VRR macvlans over it) come from
 * an index kept from interface events, never from a walk of all
 * interfaces. The hook runs after the import of a new route, but before
 * the re-import of an updated one (its implicit withdraw, withdraw true):
 * either way the check runs once bgpd is back in its event loop, after
 * the import and before the batched update to zebra goes out.
 *
 * The import itself may already have deleted our own gateway route (bgpd
 * replaces a local route that loses the VNI's selection): it is put back
 * as zebra gave it, when the VNI advertises it. Containment ends when the
 * address is no longer a local gateway's: the route is imported again, as
 * stock bgpd would have.
 */
#include "lib/zebra.h"

#include "lib/hash.h"
#include "lib/if.h"
#include "lib/jhash.h"
#include "lib/memory.h"
#include "lib/monotime.h"
#include "lib/typesafe.h"

#include "common/hg_table.h"
#include "lib/vrf.h"

#include "bgpd/bgpd.h"
#include "bgpd/bgp_table.h"
#include "bgpd/bgp_route.h"
#include "bgpd/bgp_attr.h"
#include "bgpd/bgp_rd.h"
#include "bgpd/bgp_mac.h"
#include "bgpd/bgp_evpn.h"
#include "bgpd/bgp_evpn_private.h"

#include "common/hg_compat.h"

#include "bhg.h"
#include "bhg_evpn.h"
#include "bhg_gateway.h"

DEFINE_MTYPE_STATIC(HOSTGUARD, BHG_CONFLICT, "hostguard gateway conflict");
DEFINE_MTYPE_STATIC(HOSTGUARD, BHG_LOCAL, "hostguard local gateway route");
DEFINE_MTYPE_STATIC(HOSTGUARD, BHG_LOWER, "hostguard device over another");
DEFINE_MTYPE_STATIC(HOSTGUARD, BHG_PENDING, "hostguard received gateway IP");

/* How often the VNIs' gateway IPs are checked without a trigger. */
#define BHG_GW_SWEEP_MS 2000
/* Conflicts remembered (shown, logged once); more are counted only. */
#define BHG_GW_CONFLICTS_MAX 1024
/* Received IPs noted for the next check; beyond, every VNI is checked. */
#define BHG_GW_PENDING_MAX 4096
/*
 * A gateway address gone this long: its contained routes are imported.
 * Longer than zebra's module takes to forget the gateway, whose dataplane
 * guard would keep the route's neighbour out of the kernel meanwhile.
 */
#define BHG_GW_LIFT_MS 3000
/* Gateway devices and routes per IP looked at in one VNI. */
#define BHG_GW_DEVS  8
#define BHG_GW_PATHS 16

PREDECL_HASH(bhg_conflicts);

struct bhg_conflict {
	struct bhg_conflicts_item item;
	struct bhg_conflict_info info;
	struct prefix_evpn p; /* the route in the global table */
	bool seen;	      /* found again in the last check */
	/* When its IP stopped being a gateway's (unset while it is one). */
	struct timeval gone_at;
};

static int conflict_cmp(const struct bhg_conflict *a, const struct bhg_conflict *b)
{
	int r;

	if (a->info.vni != b->info.vni)
		return a->info.vni < b->info.vni ? -1 : 1;
	r = ipaddr_cmp(&a->info.ip, &b->info.ip);
	if (r)
		return r;
	r = memcmp(&a->info.their_mac, &b->info.their_mac, ETH_ALEN);
	if (r)
		return r;
	if (a->info.vtep.s_addr != b->info.vtep.s_addr)
		return a->info.vtep.s_addr < b->info.vtep.s_addr ? -1 : 1;
	return memcmp(&a->info.rd.val, &b->info.rd.val, sizeof(a->info.rd.val));
}

static uint32_t conflict_hash(const struct bhg_conflict *c)
{
	uint32_t h = jhash(&c->info.ip.ip, sizeof(c->info.ip.ip), c->info.vni);

	h = jhash(&c->info.their_mac, ETH_ALEN, h);
	h = jhash(&c->info.rd.val, sizeof(c->info.rd.val), h);
	return jhash_1word(c->info.vtep.s_addr, h);
}

DECLARE_HASH(bhg_conflicts, struct bhg_conflict, item, conflict_cmp, conflict_hash);

static struct bhg_conflicts_head conflicts;

/* Our own route for a gateway IP, as last seen in the VNI. */
PREDECL_HASH(bhg_locals);

struct bhg_local {
	struct bhg_locals_item item;
	vni_t vni;
	struct ipaddr ip;
	struct bhg_evpn_local route;
	bool seen; /* still a gateway IP in the last full check */
};

HG_DECLARE_INT_IP_HASH(bhg_locals, struct bhg_local, item, vni, ip, 0x6c6f6361);

static struct bhg_locals_head locals;

/* IPs of received type-2 routes not checked yet. */
PREDECL_HASH(bhg_pending);

struct bhg_pend {
	struct bhg_pending_item item;
	struct ipaddr ip;
};

static int pend_cmp(const struct bhg_pend *a, const struct bhg_pend *b)
{
	return ipaddr_cmp(&a->ip, &b->ip);
}

static uint32_t pend_hash(const struct bhg_pend *p)
{
	return jhash(&p->ip.ip, sizeof(p->ip.ip), p->ip.ipa_type);
}

DECLARE_HASH(bhg_pending, struct bhg_pend, item, pend_cmp, pend_hash);

static struct bhg_pending_head pending;
static bool pending_overflow;
static struct bhg_gw_counters cnt;
static hg_event_t *sweep_timer, *sweep_now;

/* One gateway device of a VNI: the SVI or a VRR (macvlan) over it. */
struct gw_dev {
	struct interface *ifp;
};

struct vni_gw {
	struct gw_dev dev[BHG_GW_DEVS];
	int n;
};

/*
 * Devices over another one (VRR macvlans over an SVI), sorted by (lower,
 * ifindex), kept from interface events.
 */
PREDECL_RBTREE_UNIQ(bhg_lowers);
PREDECL_HASH(bhg_lower_ifs);

struct bhg_lower {
	struct bhg_lowers_item litem;
	struct bhg_lower_ifs_item iitem;
	ifindex_t lower;
	struct interface *ifp;
};

static int lowers_cmp(const struct bhg_lower *a, const struct bhg_lower *b)
{
	if (a->lower != b->lower)
		return numcmp(a->lower, b->lower);
	return numcmp((uintptr_t)a->ifp, (uintptr_t)b->ifp);
}

DECLARE_RBTREE_UNIQ(bhg_lowers, struct bhg_lower, litem, lowers_cmp);

static int lower_ifs_cmp(const struct bhg_lower *a, const struct bhg_lower *b)
{
	return numcmp((uintptr_t)a->ifp, (uintptr_t)b->ifp);
}

static uint32_t lower_ifs_hash(const struct bhg_lower *l)
{
	return jhash(&l->ifp, sizeof(l->ifp), 0x6c6f7772);
}

DECLARE_HASH(bhg_lower_ifs, struct bhg_lower, iitem, lower_ifs_cmp, lower_ifs_hash);

static struct bhg_lowers_head lowers;
static struct bhg_lower_ifs_head lower_ifs;

static void lower_forget(struct interface *ifp)
{
	struct bhg_lower key = { .ifp = ifp }, *l = bhg_lower_ifs_find(&lower_ifs, &key);

	if (!l)
		return;
	bhg_lowers_del(&lowers, l);
	bhg_lower_ifs_del(&lower_ifs, l);
	XFREE(MTYPE_BHG_LOWER, l);
}

/* An interface appeared or changed: index it under its lower device. */
static int if_seen(struct interface *ifp)
{
	struct bhg_lower key = { .ifp = ifp }, *l = bhg_lower_ifs_find(&lower_ifs, &key);

	if (l && l->lower == ifp->link_ifindex)
		return 0;
	lower_forget(ifp);
	if (!ifp->link_ifindex || ifp->link_ifindex == IFINDEX_INTERNAL)
		return 0;
	l = XCALLOC(MTYPE_BHG_LOWER, sizeof(*l));
	l->ifp = ifp;
	l->lower = ifp->link_ifindex;
	bhg_lowers_add(&lowers, l);
	bhg_lower_ifs_add(&lower_ifs, l);
	return 0;
}

static int if_gone(struct interface *ifp)
{
	lower_forget(ifp);
	return 0;
}

static struct interface *svi_lookup(ifindex_t svi)
{
	struct vrf *vrf;
	struct interface *ifp;

	RB_FOREACH (vrf, vrf_id_head, &vrfs_by_id) {
		ifp = if_lookup_by_index(svi, vrf->vrf_id);
		if (ifp)
			return ifp;
	}
	return NULL;
}

static void vni_gateway(ifindex_t svi, struct vni_gw *g)
{
	struct bhg_lower key = { .lower = svi }, *l, *from;
	struct interface *ifp;

	g->n = 0;
	if (!svi)
		return;
	ifp = svi_lookup(svi);
	if (ifp)
		g->dev[g->n++].ifp = ifp;
	from = bhg_lowers_find_gteq(&lowers, &key);
	frr_each_from (bhg_lowers, &lowers, l, from) {
		if (l->lower != svi || g->n == BHG_GW_DEVS)
			break;
		g->dev[g->n++].ifp = l->ifp;
	}
}

int bhg_gw_devices(ifindex_t svi, struct interface **devs, int max)
{
	struct vni_gw g;
	int n = 0;

	vni_gateway(svi, &g);
	for (int i = 0; i < g.n && n < max; i++)
		devs[n++] = g.dev[i].ifp;
	return n;
}

bool bhg_gw_addr_ip(const struct prefix *p, struct ipaddr *ip)
{
	memset(ip, 0, sizeof(*ip));
	if (p->family == AF_INET) {
		ip->ipa_type = IPADDR_V4;
		ip->ipaddr_v4 = p->u.prefix4;
	} else if (p->family == AF_INET6) {
		ip->ipa_type = IPADDR_V6;
		ip->ipaddr_v6 = p->u.prefix6;
	} else {
		return false;
	}
	return true;
}

/* Is ip an address of one of a VNI's gateway devices? */
static bool gw_has_ip(const struct vni_gw *g, const struct ipaddr *ip)
{
	for (int i = 0; i < g->n; i++) {
		struct connected *c;

		hg_if_connected_each (g->dev[i].ifp, c) {
			struct ipaddr a;

			if (bhg_gw_addr_ip(c->address, &a) && !ipaddr_cmp(&a, ip))
				return true;
		}
	}
	return false;
}

static bool is_ours(const struct vni_gw *g, const struct ethaddr *mac)
{
	for (int i = 0; i < g->n; i++)
		if (!memcmp(g->dev[i].ifp->hw_addr, mac->octet, ETH_ALEN))
			return true;
	/* Any of this node's interface MACs: bgpd already denies those. */
	return bgp_mac_exist(mac);
}

static void record(const struct bhg_conflict *key)
{
	struct bhg_conflict *c = bhg_conflicts_find(&conflicts, key);
	char rd[RD_ADDRSTRLEN];

	if (c) {
		c->seen = true;
		c->info.contained = key->info.contained;
		return;
	}
	if (bhg_conflicts_count(&conflicts) >= BHG_GW_CONFLICTS_MAX) {
		cnt.conflicts_not_tracked++;
		return;
	}
	c = XCALLOC(MTYPE_BHG_CONFLICT, sizeof(*c));
	*c = *key;
	c->seen = true;
	c->info.first_seen = monotime(NULL);
	bhg_conflicts_add(&conflicts, c);
	cnt.conflicts_seen++;
	bhg_rd2str(&c->info.rd, rd, sizeof(rd));
	zlog_warn("hostguard: VNI %u: gateway conflict: VTEP %pI4 (RD %s) advertises gateway IP %pIA with MAC %pEA, ours is %pEA%s",
		  c->info.vni, &c->info.vtep, rd, &c->info.ip, &c->info.their_mac, &c->info.our_mac,
		  c->info.contained ? "; kept out of the VNI, local gateway route kept" : "");
}

static struct bhg_local *local_find(vni_t vni, const struct ipaddr *ip)
{
	struct bhg_local key = { .vni = vni, .ip = *ip };

	return bhg_locals_find(&locals, &key);
}

/* Remember our own route for ip (to be added again as zebra adds it). */
static void local_save(vni_t vni, const struct ipaddr *ip, const struct bhg_evpn_local *route)
{
	struct bhg_local *l = local_find(vni, ip);

	if (!l) {
		if (bhg_locals_count(&locals) >= BHG_GW_CONFLICTS_MAX)
			return;
		l = XCALLOC(MTYPE_BHG_LOCAL, sizeof(*l));
		l->vni = vni;
		l->ip = *ip;
		bhg_locals_add(&locals, l);
	}
	l->route = *route;
	l->seen = true;
}

/* A foreign route's import deleted our route for ip: put it back. */
static void local_restore(struct bgp *bgp, struct bgpevpn *vpn, const struct ipaddr *ip)
{
	struct bhg_local *l = local_find(vpn->vni, ip);

	if (!l || !bhg_evpn_local_readd(bgp, vpn, ip, &l->route))
		return;
	cnt.locals_restored++;
	if (bhg_debug)
		zlog_debug("hostguard: VNI %u: local gateway route %pIA %pEA put back", vpn->vni,
			   ip, &l->route.mac);
}

/* Foreign claims on ip in vpn: recorded, and unimported with the guard on. */
static void check_ip(struct bgp *bgp, struct bgpevpn *vpn, const struct vni_gw *g,
		     struct interface *dev, struct ipaddr *ip)
{
	struct bhg_evpn_claim claims[BHG_GW_PATHS];
	struct bgp_path_info *foreign[BHG_GW_PATHS];
	struct bhg_evpn_local own;
	struct bhg_local *l = local_find(vpn->vni, ip);
	bool has_local = bhg_evpn_local_route(bgp, vpn, ip, &own);
	int n = 0, nc = bhg_evpn_ip_claims(vpn, ip, claims, BHG_GW_PATHS);

	if (has_local)
		local_save(vpn->vni, ip, &own);
	else if (l)
		l->seen = true;

	for (int i = 0; i < nc; i++) {
		struct bhg_conflict key = {};

		if (is_ours(g, &claims[i].p->prefix.macip_addr.mac))
			continue;
		key.info.vni = vpn->vni;
		key.info.ip = *ip;
		memcpy(key.info.our_mac.octet, dev->hw_addr, ETH_ALEN);
		key.info.their_mac = claims[i].p->prefix.macip_addr.mac;
		key.info.vtep = claims[i].parent->attr->nexthop;
		memcpy(&key.info.rd, claims[i].rd, sizeof(key.info.rd));
		key.info.contained = bhg_cfg.gateway_guard;
		key.p = *claims[i].p;
		record(&key);
		foreign[n++] = claims[i].parent;
	}
	if (!bhg_cfg.gateway_guard || !n)
		return;
	for (int i = 0; i < n; i++) {
		bhg_evpn_unimport(bgp, foreign[i]);
		cnt.routes_contained++;
	}
	if (!has_local)
		local_restore(bgp, vpn, ip);
}

struct sweep_ctx {
	struct bgp *bgp;
	bool only_pending; /* only IPs noted from received routes */
};

static bool is_pending(const struct ipaddr *ip)
{
	struct bhg_pend key = { .ip = *ip };

	return bhg_pending_find(&pending, &key) != NULL;
}

static void check_vni(struct hash_bucket *b, void *arg)
{
	struct bgpevpn *vpn = b->data;
	struct sweep_ctx *s = arg;
	struct vni_gw g;

	vni_gateway(vpn->svi_ifindex, &g);
	for (int i = 0; i < g.n; i++) {
		struct connected *c;

		hg_if_connected_each (g.dev[i].ifp, c) {
			struct ipaddr ip;

			if (!bhg_gw_addr_ip(c->address, &ip))
				continue;
			if (s->only_pending && !is_pending(&ip))
				continue;
			check_ip(s->bgp, vpn, &g, g.dev[i].ifp, &ip);
		}
	}
}

static void pending_clear(void)
{
	struct bhg_pend *p;

	hg_hash_drain (bhg_pending, &pending, p)
		XFREE(MTYPE_BHG_PENDING, p);
	pending_overflow = false;
}

/* Is c's IP still an address of its VNI's gateway devices, their MAC not ours? */
static bool still_conflict(struct bgp *bgp, const struct bhg_conflict *c)
{
	struct vni_gw g;

	vni_gateway(bhg_evpn_vni_svi(bgp, c->info.vni), &g);
	return !is_ours(&g, &c->info.their_mac) && gw_has_ip(&g, &c->info.ip);
}

/*
 * A conflict not found in its VNI: contained (unimported), gone, or no
 * longer a conflict because the gateway address went away; then, after
 * BHG_GW_LIFT_MS, its route is imported as stock bgpd would. False: keep.
 */
static bool conflict_over(struct bgp *bgp, struct bhg_conflict *c)
{
	struct bgp_path_info *pi = bhg_evpn_received(bgp, &c->p, &c->info.rd);

	if (!pi)
		return true;
	if (still_conflict(bgp, c)) {
		timerclear(&c->gone_at);
		return false;
	}
	if (!timerisset(&c->gone_at))
		monotime(&c->gone_at);
	if (monotime_since(&c->gone_at, NULL) < BHG_GW_LIFT_MS * 1000)
		return false;
	if (c->info.contained) {
		bhg_evpn_import(bgp, pi);
		cnt.containments_lifted++;
		zlog_info("hostguard: VNI %u: %pIA is no longer a local gateway IP: route of VTEP %pI4 with MAC %pEA imported",
			  c->info.vni, &c->info.ip, &c->info.vtep, &c->info.their_mac);
	}
	return true;
}

static void sweep(hg_event_t *t)
{
	struct bgp *bgp = bgp_get_evpn();
	struct sweep_ctx s = { .bgp = bgp };
	struct bhg_conflict *c;
	struct bhg_local *l;

	if (bgp && bgp->vnihash && bhg_cfg.gateway_guard) {
		frr_each (bhg_conflicts, &conflicts, c)
			c->seen = false;
		frr_each (bhg_locals, &locals, l)
			l->seen = false;
		hash_iterate(bgp->vnihash, check_vni, &s);
		frr_each_safe (bhg_locals, &locals, l) {
			if (!l->seen) {
				bhg_locals_del(&locals, l);
				XFREE(MTYPE_BHG_LOCAL, l);
			}
		}
		frr_each_safe (bhg_conflicts, &conflicts, c) {
			if (c->seen || !conflict_over(bgp, c))
				continue;
			if (bhg_debug)
				zlog_debug("hostguard: VNI %u: gateway conflict on %pIA with %pEA ended",
					   c->info.vni, &c->info.ip, &c->info.their_mac);
			bhg_conflicts_del(&conflicts, c);
			XFREE(MTYPE_BHG_CONFLICT, c);
		}
	}
	/* A triggered check leaves the periodic one in place. */
	if (!sweep_timer)
		hg_timer_msec(bm->master, sweep, NULL, BHG_GW_SWEEP_MS, &sweep_timer);
}

/* The IPs noted from received routes: only those are looked at. */
static void check_received(hg_event_t *t)
{
	struct bgp *bgp = bgp_get_evpn();
	struct sweep_ctx s = { .bgp = bgp, .only_pending = true };

	if (pending_overflow) {
		pending_clear();
		sweep(NULL);
		return;
	}
	if (bgp && bgp->vnihash && bhg_cfg.gateway_guard)
		hash_iterate(bgp->vnihash, check_vni, &s);
	pending_clear();
}

/*
 * A received EVPN route: note its IP for the next check. withdraw is true
 * for a withdrawal, and for the implicit withdraw of an update that bgpd
 * re-imports right after this call: both are looked at.
 */
static int route_received(struct bgp *bgp, afi_t afi, safi_t safi, struct bgp_dest *bn,
			  struct peer *peer, bool withdraw)
{
	const struct prefix_evpn *p;
	struct bhg_pend key, *n;

	if (afi != AFI_L2VPN || safi != SAFI_EVPN || !bhg_cfg.gateway_guard || !bn ||
	    peer == bgp->peer_self)
		return 0;
	p = (const struct prefix_evpn *)bgp_dest_get_prefix(bn);
	if (!p || p->family != AF_EVPN || p->prefix.route_type != BGP_EVPN_MAC_IP_ROUTE ||
	    is_evpn_prefix_ipaddr_none(p))
		return 0;
	key.ip = p->prefix.macip_addr.ip;
	if (!bhg_pending_find(&pending, &key)) {
		if (bhg_pending_count(&pending) >= BHG_GW_PENDING_MAX) {
			pending_overflow = true;
		} else {
			n = XCALLOC(MTYPE_BHG_PENDING, sizeof(*n));
			n->ip = key.ip;
			bhg_pending_add(&pending, n);
		}
	}
	hg_event_now(bm->master, check_received, NULL, &sweep_now);
	return 0;
}

void bhg_gw_walk(void (*cb)(const struct bhg_conflict_info *c, void *arg), void *arg)
{
	struct bhg_conflict *c;

	frr_each (bhg_conflicts, &conflicts, c)
		cb(&c->info, arg);
}

void bhg_gw_counters_get(struct bhg_gw_counters *out)
{
	*out = cnt;
}

void bhg_gw_init(void)
{
	bhg_conflicts_init(&conflicts);
	bhg_locals_init(&locals);
	bhg_pending_init(&pending);
	bhg_lowers_init(&lowers);
	bhg_lower_ifs_init(&lower_ifs);
	bhg_evpn_if_watch(if_seen, if_gone);
	hook_register(bgp_process, route_received);
	hg_timer_msec(bm->master, sweep, NULL, BHG_GW_SWEEP_MS, &sweep_timer);
}

void bhg_gw_fini(void)
{
	struct bhg_conflict *c;
	struct bhg_local *loc;
	struct bhg_lower *l;

	hook_unregister(bgp_process, route_received);
	bhg_evpn_if_unwatch();
	hg_event_cancel(&sweep_timer);
	hg_event_cancel(&sweep_now);
	pending_clear();
	bhg_pending_fini(&pending);
	hg_hash_drain (bhg_lower_ifs, &lower_ifs, l) {
		bhg_lowers_del(&lowers, l);
		XFREE(MTYPE_BHG_LOWER, l);
	}
	bhg_lowers_fini(&lowers);
	bhg_lower_ifs_fini(&lower_ifs);
	hg_hash_drain (bhg_conflicts, &conflicts, c)
		XFREE(MTYPE_BHG_CONFLICT, c);
	bhg_conflicts_fini(&conflicts);
	hg_hash_drain (bhg_locals, &locals, loc)
		XFREE(MTYPE_BHG_LOCAL, loc);
	bhg_locals_fini(&locals);
}

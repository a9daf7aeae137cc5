// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The only file that reads bgpd's EVPN structures: local L2VNIs (struct
 * bgpevpn, bgp->vnihash), the VNIs' route tables, the import-RT hash, the
 * global EVPN RIB and the attributes of its paths, peers, and interface
 * events. It changes nothing but what the gateway guard asks for, through
 * bgpd's own functions: a received path unimported or imported again, our
 * own gateway route added again as zebra adds it. Where FRR lines lay
 * these out differently, the difference lives in the "FRR line" sections
 * below (10.x, 8.4) and nowhere else.
 */
#include "lib/zebra.h"

#include "lib/hash.h"
#include "lib/if.h"
#include "lib/linklist.h"
#include "lib/monotime.h"
#include "lib/mpls.h"
#include "lib/vrf.h"
#include "lib/zclient.h"

#include "bgpd/bgpd.h"
#include "bgpd/bgp_table.h"
#include "bgpd/bgp_route.h"
#include "bgpd/bgp_attr.h"
#include "bgpd/bgp_aspath.h"
#include "bgpd/bgp_ecommunity.h"
#include "bgpd/bgp_label.h"
#include "bgpd/bgp_rd.h"
#include "bgpd/bgp_evpn.h"
#include "bgpd/bgp_evpn_private.h"

#include "common/hg_compat.h"

#include "bhg_evpn.h"

/* Fill one claim from an imported path; false if pi is not one. */
static bool claim_of(struct bgp_path_info *pi, struct bgp_path_info *parent,
		     struct bhg_evpn_claim *c)
{
	if (pi->sub_type != BGP_ROUTE_IMPORTED || !parent || CHECK_FLAG(pi->flags, BGP_PATH_REMOVED))
		return false;
	if (!parent->net || !parent->net->pdest)
		return false;
	c->parent = parent;
	c->p = (const struct prefix_evpn *)bgp_dest_get_prefix(parent->net);
	c->rd = (const struct prefix_rd *)bgp_dest_get_prefix(parent->net->pdest);
	return true;
}

/* One path of a VNI's routes for an IP (p: its prefix there); false: stop. */
typedef bool (*ip_path_cb)(struct bgp_path_info *pi, const struct prefix_evpn *p, void *arg);

/* ---- FRR line: 10.x (10.3 and later) ----------------------------------- */
#if HG_FRR_LINE >= 1000

/* The first label of a received path: a type-2 route's L2VNI. */
static bool path_label(const struct bgp_path_info *pi, mpls_label_t *label)
{
	if (BGP_PATH_INFO_NUM_LABELS(pi) < 1)
		return false;
	*label = pi->extra->labels->label[0];
	return true;
}

const char *bhg_rd2str(const struct prefix_rd *rd, char *buf, size_t len)
{
	return prefix_rd2str(rd, buf, len, 0);
}

bool bhg_peer_up(struct peer *peer)
{
	return peer_established(peer->connection);
}

/*
 * FRR 10.x: each VNI has a table per IP (ip_table), so the routes for an
 * IP are one lookup; an imported path's parent is in extra->vrfleak.
 */
static struct bgp_path_info *parent_of(struct bgp_path_info *pi)
{
	return pi->extra && pi->extra->vrfleak ? pi->extra->vrfleak->parent : NULL;
}

static void ip_paths(struct bgpevpn *vpn, const struct ipaddr *ip, ip_path_cb cb, void *arg)
{
	struct ethaddr zero = {};
	struct prefix_evpn p;
	struct bgp_path_info *pi;
	struct bgp_dest *dest;

	if (!vpn->ip_table)
		return;
	build_evpn_type2_prefix(&p, &zero, (struct ipaddr *)ip);
	dest = bgp_evpn_vni_ip_node_lookup(vpn->ip_table, &p, NULL);
	if (!dest)
		return;
	for (pi = bgp_dest_get_bgp_path_info(dest); pi; pi = pi->next)
		if (!cb(pi, &p, arg))
			break;
	bgp_dest_unlock_node(dest);
}

/* FRR 10.x: the per-IP table's prefix has no MAC; the path carries it. */
static const struct ethaddr *path_mac(const struct bgp_path_info *pi, const struct prefix_evpn *p)
{
	return pi->extra && pi->extra->evpn ? evpn_type2_path_info_get_mac(pi) : NULL;
}

/* FRR 10.x: the type-2 flags are bits of attr->evpn_flags. */
static void path_flags(const struct bgp_path_info *pi, struct bhg_evpn_local *l)
{
	uint8_t f = pi->attr->evpn_flags;

	l->sticky = CHECK_FLAG(f, ATTR_EVPN_FLAG_STICKY);
	l->default_gw = CHECK_FLAG(f, ATTR_EVPN_FLAG_DEFAULT_GW);
	l->router = CHECK_FLAG(f, ATTR_EVPN_FLAG_ROUTER);
	l->svi_ip = pi->extra && pi->extra->evpn &&
		    CHECK_FLAG(pi->extra->evpn->af_flags, BGP_EVPN_MACIP_TYPE_SVI_IP);
}

static struct bgp_dest *global_lookup(struct bgp *bgp, const struct prefix_evpn *p,
				      struct prefix_rd *rd)
{
	return bgp_evpn_global_node_lookup(bgp->rib[AFI_L2VPN][SAFI_EVPN], SAFI_EVPN, p, rd, NULL);
}

const char *const bhg_evpn_line_limits[] = { NULL };

/* FRR 10.x: libfrr's interface hooks fire once zebra's values are set. */
static int (*watch_seen)(struct interface *ifp);
static int (*watch_gone)(struct interface *ifp);

void bhg_evpn_if_watch(int (*seen)(struct interface *ifp), int (*gone)(struct interface *ifp))
{
	watch_seen = seen;
	watch_gone = gone;
	hook_register(if_add, watch_seen);
	hook_register(if_up, watch_seen);
	hook_register(if_down, watch_seen);
	hook_register(if_del, watch_gone);
}

void bhg_evpn_if_unwatch(void)
{
	if (!watch_seen)
		return;
	hook_unregister(if_add, watch_seen);
	hook_unregister(if_up, watch_seen);
	hook_unregister(if_down, watch_seen);
	hook_unregister(if_del, watch_gone);
	watch_seen = watch_gone = NULL;
}

/* ---- FRR line: 8.4 --------------------------------------------------------- */
#elif HG_FRR_LINE == 804

/* FRR 8.4: a path's labels are an array in its extra data. */
static bool path_label(const struct bgp_path_info *pi, mpls_label_t *label)
{
	if (!pi->extra || pi->extra->num_labels < 1)
		return false;
	*label = pi->extra->label[0];
	return true;
}

/*
 * FRR 8.4: a VNI has one table keyed by MAC and IP (no per-IP table), so
 * the routes for an IP are found by walking it; the walk runs on the
 * guard's sweep (every 2 s) and per received route, proportional to the
 * VNI's routes. An imported path's parent is extra->parent.
 */
static struct bgp_path_info *parent_of(struct bgp_path_info *pi)
{
	return pi->extra ? pi->extra->parent : NULL;
}

static void ip_paths(struct bgpevpn *vpn, const struct ipaddr *ip, ip_path_cb cb, void *arg)
{
	struct bgp_path_info *pi;
	struct bgp_dest *dest;

	if (!vpn->route_table)
		return;
	for (dest = bgp_table_top(vpn->route_table); dest; dest = bgp_route_next(dest)) {
		const struct prefix_evpn *p = (const struct prefix_evpn *)bgp_dest_get_prefix(dest);

		if (p->prefix.route_type != BGP_EVPN_MAC_IP_ROUTE ||
		    ipaddr_cmp((struct ipaddr *)&p->prefix.macip_addr.ip, (struct ipaddr *)ip))
			continue;
		for (pi = bgp_dest_get_bgp_path_info(dest); pi; pi = pi->next) {
			if (!cb(pi, p, arg)) {
				bgp_dest_unlock_node(dest);
				return;
			}
		}
	}
}

/* FRR 8.4: the table is keyed by MAC and IP; the prefix has the MAC. */
static const struct ethaddr *path_mac(const struct bgp_path_info *pi, const struct prefix_evpn *p)
{
	return &p->prefix.macip_addr.mac;
}

/* FRR 8.4: the type-2 flags are fields of the attribute. */
static void path_flags(const struct bgp_path_info *pi, struct bhg_evpn_local *l)
{
	l->sticky = pi->attr->sticky;
	l->default_gw = pi->attr->default_gw;
	l->router = pi->attr->router_flag;
	l->svi_ip = pi->extra && CHECK_FLAG(pi->extra->af_flags, BGP_EVPN_MACIP_TYPE_SVI_IP);
}

static struct bgp_dest *global_lookup(struct bgp *bgp, const struct prefix_evpn *p,
				      struct prefix_rd *rd)
{
	return bgp_afi_node_lookup(bgp->rib[AFI_L2VPN][SAFI_EVPN], AFI_L2VPN, SAFI_EVPN,
				   (const struct prefix *)p, rd);
}

const char *const bhg_evpn_line_limits[] = {
	"no per-IP route table: gateway conflicts are found by walking each VNI's route table",
	"no interface up/down hooks: interfaces are re-read every 2 s",
	NULL,
};

/*
 * FRR 8.4: libfrr's if_add hook fires before zebra's values (link_ifindex)
 * are set and there are no up/down hooks: every interface is looked at
 * now and then instead.
 */
#define BHG_IF_POLL_MS 2000

static int (*watch_seen)(struct interface *ifp);
static int (*watch_gone)(struct interface *ifp);
static hg_event_t *watch_timer;

static void if_poll(hg_event_t *t)
{
	struct vrf *vrf;
	struct interface *ifp;

	RB_FOREACH (vrf, vrf_id_head, &vrfs_by_id)
		FOR_ALL_INTERFACES (vrf, ifp)
			watch_seen(ifp);
	hg_timer_msec(bm->master, if_poll, NULL, BHG_IF_POLL_MS, &watch_timer);
}

void bhg_evpn_if_watch(int (*seen)(struct interface *ifp), int (*gone)(struct interface *ifp))
{
	watch_seen = seen;
	watch_gone = gone;
	hook_register(if_del, watch_gone);
	if_poll(NULL);
}

void bhg_evpn_if_unwatch(void)
{
	if (!watch_seen)
		return;
	hg_event_cancel(&watch_timer);
	hook_unregister(if_del, watch_gone);
	watch_seen = watch_gone = NULL;
}

bool bhg_peer_up(struct peer *peer)
{
	return peer_established(peer);
}

/* FRR 8.4: no AS notation argument. */
const char *bhg_rd2str(const struct prefix_rd *rd, char *buf, size_t len)
{
	return prefix_rd2str(rd, buf, len);
}

#else
#error "hostguard: no bgpd section for this FRR line (bhg_evpn.c)"
#endif

/* ---- VTEP addresses, per FRR line --------------------------------------- */
#if HG_FRR_LINE >= 1006
/*
 * FRR 10.6 and later: a VNI's originator IP is a struct ipaddr (IPv6
 * underlays). hostguard shows IPv4 VTEPs; an IPv6 one reads 0.0.0.0.
 */
static struct in_addr vni_originator(const struct bgpevpn *vpn)
{
	return IS_IPADDR_V4(&vpn->originator_ip) ? vpn->originator_ip.ipaddr_v4 : (struct in_addr){};
}
#else
/* FRR 8.4 to 10.5: VTEP addresses are IPv4 (struct in_addr). */
static struct in_addr vni_originator(const struct bgpevpn *vpn)
{
	return vpn->originator_ip;
}
#endif

/* ---- common to every line ----------------------------------------------- */

static bool is_rt(const uint8_t *v)
{
	return v[1] == ECOMMUNITY_ROUTE_TARGET &&
	       (v[0] == ECOMMUNITY_ENCODE_AS || v[0] == ECOMMUNITY_ENCODE_AS4 ||
		v[0] == ECOMMUNITY_ENCODE_IP);
}

static void rts_add(struct bhg_rts *rts, const uint8_t *v)
{
	if (rts->n == BHG_RTS_MAX) {
		rts->more = true;
		return;
	}
	memcpy(rts->rt[rts->n++].val, v, sizeof(rts->rt[0].val));
}

static void rts_of_list(struct list *rtl, struct bhg_rts *rts)
{
	struct listnode *node;
	struct ecommunity *ecom;

	memset(rts, 0, sizeof(*rts));
	for (ALL_LIST_ELEMENTS_RO(rtl, node, ecom))
		for (uint32_t i = 0; i < ecom->size; i++)
			rts_add(rts, ecom->val + i * ECOMMUNITY_SIZE);
}

struct vni_walk {
	void (*cb)(const struct bhg_evpn_vni *v, void *arg);
	void *arg;
};

static void vni_one(struct hash_bucket *b, void *arg)
{
	struct bgpevpn *vpn = b->data;
	struct vni_walk *w = arg;
	struct bhg_evpn_vni v = {};

	if (!is_vni_live(vpn))
		return;
	v.vni = vpn->vni;
	v.rd = vpn->prd;
	v.vtep = vni_originator(vpn);
	rts_of_list(vpn->import_rtl, &v.import_rts);
	rts_of_list(vpn->export_rtl, &v.export_rts);
	v.import_auto = !is_import_rt_configured(vpn);
	v.export_auto = !is_export_rt_configured(vpn);
	v.svi = vpn->svi_ifindex;
	w->cb(&v, w->arg);
}

void bhg_evpn_vni_walk(void (*cb)(const struct bhg_evpn_vni *v, void *arg), void *arg)
{
	struct bgp *bgp = bgp_get_evpn();
	struct vni_walk w = { cb, arg };

	if (bgp && bgp->vnihash)
		hash_iterate(bgp->vnihash, vni_one, &w);
}

/*
 * bgpd keys its import-RT hash by the RT as configured, or with the global
 * administrator (AS or IP) zeroed for automatic RTs; a route is looked up
 * both ways (bgp_evpn.c, "non-exact match").
 */
static void rt_mask_global_admin(struct ecommunity_val *dst, const uint8_t *src)
{
	memcpy(dst->val, src, ECOMMUNITY_SIZE);
	dst->val[0] = 0;
	dst->val[2] = dst->val[3] = 0;
	if (src[0] == ECOMMUNITY_ENCODE_AS4 || src[0] == ECOMMUNITY_ENCODE_IP)
		dst->val[4] = dst->val[5] = 0;
}

static void add_importers(struct bgp *bgp, const struct ecommunity_val *key,
			  struct bhg_evpn_route *r)
{
	struct irt_node tmp, *irt;
	struct listnode *node;
	struct bgpevpn *vpn;

	memcpy(&tmp.rt, key, sizeof(tmp.rt));
	irt = hash_lookup(bgp->import_rt_hash, &tmp);
	if (!irt)
		return;
	for (ALL_LIST_ELEMENTS_RO(irt->vnis, node, vpn)) {
		bool dup = false;

		if (!is_vni_live(vpn))
			continue;
		for (int i = 0; i < r->n_importers; i++)
			dup = dup || r->importers[i] == vpn->vni;
		if (!dup && r->n_importers < BHG_IMPORTERS_MAX)
			r->importers[r->n_importers++] = vpn->vni;
	}
}

static void read_ecommunity(struct bgp *bgp, const struct attr *attr, struct bhg_evpn_route *r)
{
	struct ecommunity *ecom = bgp_attr_get_ecommunity(attr);

	if (!ecom)
		return;
	for (uint32_t i = 0; i < ecom->size; i++) {
		const uint8_t *v = ecom->val + i * ecom->unit_size;
		struct ecommunity_val key;

		if (v[0] == ECOMMUNITY_ENCODE_OPAQUE && v[1] == ECOMMUNITY_EVPN_SUBTYPE_DEF_GW)
			r->default_gw = true;
		if (!is_rt(v))
			continue;
		rts_add(&r->rts, v);
		if (r->local || !bgp->import_rt_hash)
			continue;
		memcpy(key.val, v, sizeof(key.val));
		add_importers(bgp, &key, r);
		rt_mask_global_admin(&key, v);
		add_importers(bgp, &key, r);
	}
}

/* The path to report for a route: ours, or the first valid received one. */
static struct bgp_path_info *route_path(struct bgp *bgp, struct bgp_dest *dest)
{
	struct bgp_path_info *pi, *local = NULL;

	for (pi = bgp_dest_get_bgp_path_info(dest); pi; pi = pi->next) {
		if (!CHECK_FLAG(pi->flags, BGP_PATH_VALID) || CHECK_FLAG(pi->flags, BGP_PATH_REMOVED))
			continue;
		if (pi->peer == bgp->peer_self)
			local = pi;
		else if (pi->type == ZEBRA_ROUTE_BGP && pi->sub_type == BGP_ROUTE_NORMAL)
			return pi;
	}
	return local;
}

static bool read_route(struct bgp *bgp, const struct prefix *rd, struct bgp_dest *dest,
		       struct bhg_evpn_route *r)
{
	const struct prefix_evpn *evp = (const struct prefix_evpn *)bgp_dest_get_prefix(dest);
	struct bgp_path_info *pi;
	const struct attr *attr;
	mpls_label_t label;

	if (evp->prefix.route_type != BGP_EVPN_MAC_IP_ROUTE &&
	    evp->prefix.route_type != BGP_EVPN_IMET_ROUTE)
		return false;
	pi = route_path(bgp, dest);
	if (!pi || !pi->attr)
		return false;
	attr = pi->attr;
	memset(r, 0, sizeof(*r));
	r->local = pi->peer == bgp->peer_self;
	memcpy(&r->rd, rd, sizeof(r->rd));
	r->vtep = attr->nexthop;
	if (CHECK_FLAG(attr->flag, ATTR_FLAG_BIT(BGP_ATTR_ORIGINATOR_ID)))
		r->router_id = attr->originator_id;
	else
		r->router_id = r->local ? bgp->router_id : pi->peer->remote_id;
	r->origin_as = aspath_get_last_as(attr->aspath);
	if (!r->origin_as)
		r->origin_as = bgp->as;
	if (evp->prefix.route_type == BGP_EVPN_IMET_ROUTE) {
		r->type = 3;
		if (evp->prefix.imet_addr.ip.ipa_type == IPADDR_V4)
			r->vtep = evp->prefix.imet_addr.ip.ipaddr_v4;
		if (!CHECK_FLAG(attr->flag, ATTR_FLAG_BIT(BGP_ATTR_PMSI_TUNNEL)))
			return false;
		/* A copy: FRR 8.4's label2vni() takes no const. */
		label = attr->label;
		r->vni = label2vni(&label);
	} else {
		r->type = 2;
		r->mac = evp->prefix.macip_addr.mac;
		r->ip = evp->prefix.macip_addr.ip;
		if (!path_label(pi, &label))
			return false;
		r->vni = label2vni(&label);
	}
	read_ecommunity(bgp, attr, r);
	return true;
}

static void visit(struct bgp *bgp, struct bgp_dest *rd_dest, struct bgp_dest *dest,
		  bhg_evpn_route_cb cb, void *arg)
{
	struct bhg_evpn_route r;

	if (read_route(bgp, bgp_dest_get_prefix(rd_dest), dest, &r))
		cb(&r, arg);
}

void bhg_evpn_route_walk(struct bhg_evpn_cursor *cur, int budget, bhg_evpn_route_cb cb, void *arg)
{
	struct bgp *bgp = bgp_get_evpn();
	struct bgp_table *rib, *table;
	struct bgp_dest *rd_dest, *dest = NULL;

	if (!bgp || !bgp->rib[AFI_L2VPN][SAFI_EVPN]) {
		cur->done = true;
		return;
	}
	rib = bgp->rib[AFI_L2VPN][SAFI_EVPN];
	if (!cur->started) {
		cur->started = true;
		rd_dest = bgp_table_top(rib);
	} else {
		/* Resume after the last route seen, wherever the tables changed. */
		rd_dest = bgp_node_lookup(rib, &cur->rd);
		table = rd_dest ? bgp_dest_get_bgp_table_info(rd_dest) : NULL;
		if (table)
			dest = bgp_table_get_next(table, &cur->p);
		if (rd_dest && !dest)
			rd_dest = bgp_route_next(rd_dest);
		else if (!rd_dest)
			rd_dest = bgp_table_get_next(rib, &cur->rd);
	}
	for (; rd_dest; rd_dest = bgp_route_next(rd_dest)) {
		table = bgp_dest_get_bgp_table_info(rd_dest);
		if (!table)
			continue;
		if (!dest)
			dest = bgp_table_top(table);
		for (; dest; dest = bgp_route_next(dest)) {
			if (budget-- <= 0) {
				prefix_copy(&cur->rd, bgp_dest_get_prefix(rd_dest));
				prefix_copy(&cur->p, bgp_dest_get_prefix(dest));
				bgp_dest_unlock_node(dest);
				bgp_dest_unlock_node(rd_dest);
				return;
			}
			visit(bgp, rd_dest, dest, cb, arg);
		}
	}
	cur->done = true;
}

void bhg_evpn_peer_counts(int64_t *configured, int64_t *established, int64_t *settled,
			  time_t settle_s)
{
	struct bgp *bgp = bgp_get_default();
	time_t now = monotime(NULL);
	struct listnode *node;
	struct peer *peer;

	*configured = *established = 0;
	if (settled)
		*settled = 0;
	if (!bgp)
		return;
	for (ALL_LIST_ELEMENTS_RO(bgp->peer, node, peer)) {
		if (!peer->afc[AFI_L2VPN][SAFI_EVPN])
			continue;
		(*configured)++;
		if (!bhg_peer_up(peer))
			continue;
		(*established)++;
		if (settled && now - peer->uptime >= settle_s)
			(*settled)++;
	}
}

const char *bhg_evpn_rt2str(const struct bhg_rt *rt, char *buf, size_t len)
{
	struct ecommunity ecom = {
		.unit_size = ECOMMUNITY_SIZE,
		.size = 1,
		.val = (uint8_t *)rt->val,
	};
	char *s = ecommunity_ecom2str(&ecom, ECOMMUNITY_FORMAT_ROUTE_MAP, 0);

	strlcpy(buf, s, len);
	ecommunity_strfree(&s);
	return buf;
}

struct bgp_path_info *bhg_evpn_received(struct bgp *bgp, const struct prefix_evpn *p,
					struct prefix_rd *rd)
{
	struct bgp_dest *dest = global_lookup(bgp, p, rd);
	struct bgp_path_info *pi, *found = NULL;

	if (!dest)
		return NULL;
	for (pi = bgp_dest_get_bgp_path_info(dest); pi && !found; pi = pi->next)
		if (pi->peer != bgp->peer_self && CHECK_FLAG(pi->flags, BGP_PATH_VALID) &&
		    !CHECK_FLAG(pi->flags, BGP_PATH_REMOVED))
			found = pi;
	bgp_dest_unlock_node(dest);
	return found;
}

struct claims_ctx {
	struct bhg_evpn_claim *out;
	int n, max;
};

static bool claim_one(struct bgp_path_info *pi, const struct prefix_evpn *p, void *arg)
{
	struct claims_ctx *c = arg;

	if (claim_of(pi, parent_of(pi), &c->out[c->n]))
		c->n++;
	return c->n < c->max;
}

int bhg_evpn_ip_claims(struct bgpevpn *vpn, const struct ipaddr *ip, struct bhg_evpn_claim *out,
		       int max)
{
	struct claims_ctx c = { .out = out, .max = max };

	if (max > 0)
		ip_paths(vpn, ip, claim_one, &c);
	return c.n;
}

struct local_ctx {
	struct bgp *bgp;
	struct bhg_evpn_local *out;
	bool found;
};

static bool local_one(struct bgp_path_info *pi, const struct prefix_evpn *p, void *arg)
{
	struct local_ctx *c = arg;
	const struct ethaddr *mac;

	if (CHECK_FLAG(pi->flags, BGP_PATH_REMOVED) || !pi->attr ||
	    !bgp_evpn_is_path_local(c->bgp, pi))
		return true;
	mac = path_mac(pi, p);
	if (!mac)
		return true;
	memset(c->out, 0, sizeof(*c->out));
	c->out->mac = *mac;
	path_flags(pi, c->out);
	c->out->seq = pi->attr->mm_seqnum;
	c->out->esi = pi->attr->esi;
	c->found = true;
	return false;
}

bool bhg_evpn_local_route(struct bgp *bgp, struct bgpevpn *vpn, const struct ipaddr *ip,
			  struct bhg_evpn_local *out)
{
	struct local_ctx c = { .bgp = bgp, .out = out };

	ip_paths(vpn, ip, local_one, &c);
	return c.found;
}

bool bhg_evpn_local_readd(struct bgp *bgp, struct bgpevpn *vpn, const struct ipaddr *ip,
			  const struct bhg_evpn_local *l)
{
	struct ethaddr mac = l->mac;
	struct ipaddr addr = *ip;
	esi_t esi = l->esi;
	uint8_t flags = 0;

	/* zebra hands bgpd gateway routes only when the VNI advertises them. */
	if (!bgp->advertise_gw_macip && !vpn->advertise_gw_macip &&
	    !bgp_evpn_is_svi_macip_enabled(vpn))
		return false;
	if (l->sticky)
		SET_FLAG(flags, ZEBRA_MACIP_TYPE_STICKY);
	if (l->default_gw)
		SET_FLAG(flags, ZEBRA_MACIP_TYPE_GW);
	if (l->router)
		SET_FLAG(flags, ZEBRA_MACIP_TYPE_ROUTER_FLAG);
	if (l->svi_ip)
		SET_FLAG(flags, ZEBRA_MACIP_TYPE_SVI_IP);
	return bgp_evpn_local_macip_add(bgp, vpn->vni, &mac, &addr, flags, l->seq, &esi) == 0;
}

void bhg_evpn_unimport(struct bgp *bgp, struct bgp_path_info *pi)
{
	bgp_evpn_unimport_route(bgp, AFI_L2VPN, SAFI_EVPN, bgp_dest_get_prefix(pi->net), pi);
}

void bhg_evpn_import(struct bgp *bgp, struct bgp_path_info *pi)
{
	bgp_evpn_import_route(bgp, AFI_L2VPN, SAFI_EVPN, bgp_dest_get_prefix(pi->net), pi);
}

ifindex_t bhg_evpn_vni_svi(struct bgp *bgp, vni_t vni)
{
	struct bgpevpn *vpn = bgp_evpn_lookup_vni(bgp, vni);

	return vpn ? vpn->svi_ifindex : 0;
}

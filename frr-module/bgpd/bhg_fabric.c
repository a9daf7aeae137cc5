// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Fabric check: one walk over bgpd's global EVPN table (type-2 and type-3
 * routes) gathers, per local L2VNI and remote VTEP, what it advertises and
 * whether this PE imports it; the findings are judged from that at the end.
 * A pass can run at once (show command) or in slices (the watch).
 *
 * Which VNI a route belongs to is its label (type-2: label 1, type-3: the
 * PMSI tunnel label), as the remote PE meant it; whether this PE imports it
 * is bgpd's own decision by route target (bhg_evpn.c).
 */
#include "lib/zebra.h"

#include "lib/if.h"
#include "lib/jhash.h"
#include "lib/memory.h"
#include "lib/typesafe.h"

#include "common/hg_compat.h"
#include "common/hg_table.h"

#include "bhg.h"
#include "bhg_fabric.h"
#include "bhg_fabric_words.h"
#include "bhg_gateway.h"

DEFINE_MTYPE_STATIC(HOSTGUARD, BHG_FABRIC, "hostguard fabric check");

/* Bounds of one pass: local VNIs, remote (VNI, VTEP, RD), findings. */
#define BHG_FABRIC_VNIS_MAX	4096
#define BHG_FABRIC_REMOTES_MAX	8192
#define BHG_FABRIC_FINDINGS_MAX 1024
#define BHG_FABRIC_OBS_MAX	4

/* A remote type-2 route that touches this PE's gateway of the VNI. */
struct gw_obs {
	struct ipaddr ip;
	struct ethaddr mac;
	bool default_gw;
};

PREDECL_HASH(bhg_remotes);

/* What one remote VTEP advertises for one local VNI under one RD. */
struct remote {
	struct bhg_remotes_item item;
	vni_t vni;
	struct in_addr vtep;
	struct prefix_rd rd;
	struct in_addr router_id;
	uint32_t origin_as;
	bool has_imet, imet_imported;
	struct bhg_rts imet_rts;
	vni_t other_vni; /* its type-3 for this VNI is labelled with another */
	struct bhg_rts other_rts;
	uint32_t macip, macip_dropped;
	struct bhg_rts dropped_rts;
	struct gw_obs obs[BHG_FABRIC_OBS_MAX];
	uint8_t n_obs;
};

static int remote_cmp(const struct remote *a, const struct remote *b)
{
	if (a->vni != b->vni)
		return a->vni < b->vni ? -1 : 1;
	if (a->vtep.s_addr != b->vtep.s_addr)
		return a->vtep.s_addr < b->vtep.s_addr ? -1 : 1;
	return memcmp(a->rd.val, b->rd.val, sizeof(a->rd.val));
}

static uint32_t remote_hash(const struct remote *r)
{
	return jhash(r->rd.val, sizeof(r->rd.val), jhash_2words(r->vni, r->vtep.s_addr, 0));
}

DECLARE_HASH(bhg_remotes, struct remote, item, remote_cmp, remote_hash);

#define BHG_FABRIC_HINTS 8

struct bhg_fabric_pass {
	struct bhg_evpn_cursor cur;
	struct bhg_fabric_vni *vnis; /* sorted by VNI */
	size_t n_vnis;
	struct bhg_remotes_head remotes;
	uint32_t not_tracked;
	/* Remote type-3 routes for VNIs this PE does not have (mistyped VNI?). */
	struct {
		vni_t vni;
		struct in_addr vtep;
	} hints[BHG_FABRIC_HINTS];
	int n_hints;
};

static int fvni_cmp(const void *a, const void *b)
{
	vni_t x = ((const struct bhg_fabric_vni *)a)->v.vni;
	vni_t y = ((const struct bhg_fabric_vni *)b)->v.vni;

	return x < y ? -1 : x > y;
}

static struct bhg_fabric_vni *fvni_find(struct bhg_fabric_pass *p, vni_t vni)
{
	struct bhg_fabric_vni key = { .v.vni = vni };

	/* no local VNI: vnis is NULL, which bsearch() must not get */
	if (!p->n_vnis)
		return NULL;
	return bsearch(&key, p->vnis, p->n_vnis, sizeof(key), fvni_cmp);
}

static void collect_vni(const struct bhg_evpn_vni *v, void *arg)
{
	struct bhg_fabric_pass *p = arg;

	if (p->n_vnis == BHG_FABRIC_VNIS_MAX) {
		p->not_tracked++;
		return;
	}
	p->vnis = XREALLOC(MTYPE_BHG_FABRIC, p->vnis, (p->n_vnis + 1) * sizeof(*p->vnis));
	memset(&p->vnis[p->n_vnis], 0, sizeof(*p->vnis));
	p->vnis[p->n_vnis++].v = *v;
}

static void gw_add_ip(struct bhg_gw_set *gw, const struct prefix *p, const uint8_t *mac)
{
	if (gw->n_ip == BHG_GW_IPS || (p->family != AF_INET && p->family != AF_INET6))
		return;
	/* An IPv6 link-local address is every router's own, no gateway's. */
	if (p->family == AF_INET6 && IN6_IS_ADDR_LINKLOCAL(&p->u.prefix6))
		return;
	memcpy(gw->ip_mac[gw->n_ip].octet, mac, ETH_ALEN);
	bhg_gw_addr_ip(p, &gw->ip[gw->n_ip++]);
}

/* Each VNI's gateway: its SVI and the VRR devices over it. */
static void collect_gateways(struct bhg_fabric_pass *p)
{
	for (size_t i = 0; i < p->n_vnis; i++) {
		struct bhg_gw_set *gw = &p->vnis[i].gw;
		struct interface *devs[BHG_GW_MACS];
		int n = bhg_gw_devices(p->vnis[i].v.svi, devs, BHG_GW_MACS);

		for (int d = 0; d < n; d++) {
			struct connected *c;

			memcpy(gw->mac[gw->n_mac++].octet, devs[d]->hw_addr, ETH_ALEN);
			hg_if_connected_each (devs[d], c)
				gw_add_ip(gw, c->address, devs[d]->hw_addr);
		}
	}
}

struct bhg_fabric_pass *bhg_fabric_pass_new(void)
{
	struct bhg_fabric_pass *p = XCALLOC(MTYPE_BHG_FABRIC, sizeof(*p));

	bhg_remotes_init(&p->remotes);
	bhg_evpn_vni_walk(collect_vni, p);
	if (p->n_vnis)
		qsort(p->vnis, p->n_vnis, sizeof(*p->vnis), fvni_cmp);
	collect_gateways(p);
	return p;
}

void bhg_fabric_pass_free(struct bhg_fabric_pass **pp)
{
	struct bhg_fabric_pass *p = *pp;
	struct remote *r;

	if (!p)
		return;
	hg_hash_drain (bhg_remotes, &p->remotes, r)
		XFREE(MTYPE_BHG_FABRIC, r);
	bhg_remotes_fini(&p->remotes);
	XFREE(MTYPE_BHG_FABRIC, p->vnis);
	XFREE(MTYPE_BHG_FABRIC, *pp);
}

static struct remote *remote_get(struct bhg_fabric_pass *p, vni_t vni,
				 const struct bhg_evpn_route *rt)
{
	struct remote key = { .vni = vni, .vtep = rt->vtep, .rd = rt->rd }, *r;

	r = bhg_remotes_find(&p->remotes, &key);
	if (r)
		return r;
	if (bhg_remotes_count(&p->remotes) >= BHG_FABRIC_REMOTES_MAX) {
		p->not_tracked++;
		return NULL;
	}
	r = XCALLOC(MTYPE_BHG_FABRIC, sizeof(*r));
	*r = key;
	r->router_id = rt->router_id;
	r->origin_as = rt->origin_as;
	bhg_remotes_add(&p->remotes, r);
	return r;
}

static bool imports(const struct bhg_evpn_route *rt, vni_t vni)
{
	for (int i = 0; i < rt->n_importers; i++)
		if (rt->importers[i] == vni)
			return true;
	return false;
}

static int gw_ip_index(const struct bhg_gw_set *gw, const struct ipaddr *ip)
{
	for (int i = 0; i < gw->n_ip; i++)
		if (!ipaddr_cmp(&gw->ip[i], ip))
			return i;
	return -1;
}

static bool gw_has_mac(const struct bhg_gw_set *gw, const struct ethaddr *mac)
{
	for (int i = 0; i < gw->n_mac; i++)
		if (!memcmp(&gw->mac[i], mac, ETH_ALEN))
			return true;
	return false;
}

static void see_local(struct bhg_fabric_pass *p, const struct bhg_evpn_route *rt)
{
	struct bhg_fabric_vni *fv = fvni_find(p, rt->vni);

	if (!fv || rt->type != 2 || rt->ip.ipa_type == IPADDR_NONE)
		return;
	if (gw_ip_index(&fv->gw, &rt->ip) < 0)
		return;
	fv->gw_advertised = true;
}

static void see_type3(struct bhg_fabric_pass *p, const struct bhg_evpn_route *rt)
{
	struct bhg_fabric_vni *fv = fvni_find(p, rt->vni);
	struct remote *r;

	for (int i = 0; i < rt->n_importers; i++) {
		struct bhg_fabric_vni *imp = fvni_find(p, rt->importers[i]);

		if (!imp)
			continue;
		imp->remote_vteps++;
		/* Imported here under another VNI than the one it carries. */
		if (rt->importers[i] != rt->vni && (r = remote_get(p, rt->importers[i], rt))) {
			r->other_vni = rt->vni;
			r->other_rts = rt->rts;
		}
	}
	if (!fv) {
		if (!rt->n_importers && p->n_hints < BHG_FABRIC_HINTS) {
			p->hints[p->n_hints].vni = rt->vni;
			p->hints[p->n_hints++].vtep = rt->vtep;
		}
		return;
	}
	r = remote_get(p, rt->vni, rt);
	if (!r)
		return;
	r->has_imet = true;
	r->imet_imported = imports(rt, rt->vni);
	r->imet_rts = rt->rts;
}

static void see_type2(struct bhg_fabric_pass *p, const struct bhg_evpn_route *rt)
{
	struct bhg_fabric_vni *fv = fvni_find(p, rt->vni);
	struct remote *r;

	if (!fv || !(r = remote_get(p, rt->vni, rt)))
		return;
	r->macip++;
	if (!imports(rt, rt->vni)) {
		if (!r->macip_dropped++)
			r->dropped_rts = rt->rts;
	}
	if (rt->ip.ipa_type == IPADDR_NONE || !fv->gw.n_ip)
		return;
	/* A link-local address is each router's own, never the gateway. */
	if (rt->ip.ipa_type == IPADDR_V6 && IN6_IS_ADDR_LINKLOCAL(&rt->ip.ipaddr_v6))
		return;
	/* Routes with this PE's gateway MAC never get here (bgpd's "self mac"). */
	if (gw_ip_index(&fv->gw, &rt->ip) < 0 || gw_has_mac(&fv->gw, &rt->mac))
		return;
	if (r->n_obs == BHG_FABRIC_OBS_MAX) {
		p->not_tracked++;
		return;
	}
	r->obs[r->n_obs].ip = rt->ip;
	r->obs[r->n_obs].mac = rt->mac;
	r->obs[r->n_obs++].default_gw = rt->default_gw;
}

static void see_route(const struct bhg_evpn_route *rt, void *arg)
{
	struct bhg_fabric_pass *p = arg;

	if (rt->local)
		see_local(p, rt);
	else if (rt->type == 3)
		see_type3(p, rt);
	else
		see_type2(p, rt);
}

bool bhg_fabric_pass_step(struct bhg_fabric_pass *p, int budget)
{
	if (!p->cur.done)
		bhg_evpn_route_walk(&p->cur, budget, see_route, p);
	return p->cur.done;
}

/* ---- judging ------------------------------------------------------------ */

struct judge {
	struct bhg_fabric_pass *p;
	struct bhg_fabric_report *rep;
	char hints[160];
};

static struct bhg_finding *finding_add(struct judge *j, struct bhg_fabric_vni *fv,
				       enum bhg_fkind kind, const struct remote *r)
{
	struct bhg_fabric_report *rep = j->rep;
	struct bhg_finding *f;

	if (rep->n_findings == BHG_FABRIC_FINDINGS_MAX) {
		rep->not_tracked++;
		return NULL;
	}
	rep->findings = XREALLOC(MTYPE_BHG_FABRIC, rep->findings,
				 (rep->n_findings + 1) * sizeof(*rep->findings));
	f = &rep->findings[rep->n_findings++];
	memset(f, 0, sizeof(*f));
	f->kind = kind;
	f->vni = fv->v.vni;
	if (r) {
		f->has_pe = true;
		f->vtep = r->vtep;
		f->router_id = r->router_id;
		f->rd = r->rd;
	}
	fv->findings++;
	return f;
}

static bool rt_differs(const struct bhg_fabric_vni *fv, const struct remote *r)
{
	return !r->imet_imported ||
	       (r->imet_rts.n &&
		!bhg_rt_imported_by(&fv->v.export_rts, &r->imet_rts, r->origin_as, fv->v.vni));
}

/*
 * What the other VTEPs use (route targets, gateway MACs), to tell when this
 * PE is the odd one out: then the fix is here.
 */
static void count_votes(struct bhg_fabric_vni *fv, const struct remote *r)
{
	if (r->has_imet) {
		fv->rt_vteps++;
		if (rt_differs(fv, r)) {
			fv->rt_others_agree = !fv->rt_differ ||
					      (fv->rt_others_agree &&
					       !memcmp(&fv->rt_other, &r->imet_rts.rt[0],
						       sizeof(fv->rt_other)));
			fv->rt_other = r->imet_rts.rt[0];
			fv->rt_differ++;
		}
	}
	/*
	 * A VTEP that uses this PE's gateway MAC cannot be seen: bgpd drops
	 * received routes that carry one of its own MACs ("self mac"). So this
	 * PE is the odd one out when every remote VTEP uses one other MAC.
	 */
	for (int i = 0; i < r->n_obs; i++) {
		if (gw_ip_index(&fv->gw, &r->obs[i].ip) < 0)
			continue;
		fv->gw_others_agree = !fv->gw_differ ||
				      (fv->gw_others_agree &&
				       !memcmp(&fv->gw_other_mac, &r->obs[i].mac, ETH_ALEN));
		fv->gw_other_mac = r->obs[i].mac;
		fv->gw_differ++;
		break;
	}
}

static void judge_gateway(struct judge *j, struct bhg_fabric_vni *fv, const struct remote *r)
{
	for (int i = 0; i < r->n_obs; i++) {
		const struct gw_obs *o = &r->obs[i];
		int k = gw_ip_index(&fv->gw, &o->ip);
		struct bhg_finding *f;

		if (k < 0)
			continue;
		f = finding_add(j, fv, BHG_F_GW_MAC, r);
		if (!f)
			continue;
		f->ip = o->ip;
		f->their_mac = o->mac;
		f->our_mac = fv->gw.ip_mac[k];
		f->their_default_gw = o->default_gw;
		f->change_here = fv->gw_differ >= 2 && fv->gw_differ >= fv->remote_vteps &&
				 fv->gw_others_agree;
		bhg_fabric_words(f, fv, NULL);
	}
}

static void judge_remote(struct judge *j, struct bhg_fabric_vni *fv, const struct remote *r)
{
	bool odd_one = fv->rt_vteps >= 2 && fv->rt_differ == fv->rt_vteps && fv->rt_others_agree;
	struct bhg_finding *f;

	if (r->has_imet && !r->imet_imported) {
		f = finding_add(j, fv, BHG_F_IMPORT_RT, r);
		fv->rt_mismatch = true;
		if (f) {
			f->their_rts = r->imet_rts;
			f->our_rts = fv->v.import_rts;
			f->type3_dropped = 1;
			f->type2_dropped = r->macip_dropped;
			f->change_here = odd_one;
			bhg_fabric_words(f, fv, NULL);
		}
	} else if (r->macip_dropped) {
		f = finding_add(j, fv, BHG_F_ROUTES_DROPPED, r);
		if (f) {
			f->their_rts = r->dropped_rts;
			f->our_rts = fv->v.import_rts;
			f->type2_dropped = r->macip_dropped;
			bhg_fabric_words(f, fv, NULL);
		}
	}
	if (r->has_imet && r->imet_rts.n &&
	    !bhg_rt_imported_by(&fv->v.export_rts, &r->imet_rts, r->origin_as, fv->v.vni)) {
		f = finding_add(j, fv, BHG_F_EXPORT_RT, r);
		if (f) {
			f->their_rts = r->imet_rts;
			f->our_rts = fv->v.export_rts;
			f->change_here = odd_one;
			bhg_fabric_words(f, fv, NULL);
		}
	}
	if (r->other_vni) {
		f = finding_add(j, fv, BHG_F_VNI_MISMATCH, r);
		if (f) {
			f->their_vni = r->other_vni;
			f->their_rts = r->other_rts;
			f->our_rts = fv->v.import_rts;
			bhg_fabric_words(f, fv, NULL);
		}
	}
	judge_gateway(j, fv, r);
}

static int finding_cmp(const void *a, const void *b)
{
	const struct bhg_finding *x = a, *y = b;

	if (x->vni != y->vni)
		return x->vni < y->vni ? -1 : 1;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	if (x->vtep.s_addr != y->vtep.s_addr)
		return ntohl(x->vtep.s_addr) < ntohl(y->vtep.s_addr) ? -1 : 1;
	return memcmp(x->rd.val, y->rd.val, sizeof(x->rd.val));
}

static void format_hints(struct judge *j)
{
	size_t len = 0;

	j->hints[0] = '\0';
	for (int i = 0; i < j->p->n_hints && len < sizeof(j->hints); i++)
		len += snprintfrr(j->hints + len, sizeof(j->hints) - len, "%s%u (%pI4)",
				  i ? ", " : "", j->p->hints[i].vni, &j->p->hints[i].vtep);
}

struct bhg_fabric_report *bhg_fabric_pass_finish(struct bhg_fabric_pass **pp)
{
	struct bhg_fabric_pass *p = *pp;
	struct bhg_fabric_report *rep = XCALLOC(MTYPE_BHG_FABRIC, sizeof(*rep));
	struct judge j = { .p = p, .rep = rep };
	int64_t configured;
	struct remote *r;

	bhg_evpn_peer_counts(&configured, &rep->peers_established, &rep->peers_settled,
			     BHG_FABRIC_SETTLE_S);
	format_hints(&j);
	frr_each (bhg_remotes, &p->remotes, r) {
		struct bhg_fabric_vni *fv = fvni_find(p, r->vni);

		if (fv)
			count_votes(fv, r);
	}
	frr_each (bhg_remotes, &p->remotes, r) {
		struct bhg_fabric_vni *fv = fvni_find(p, r->vni);

		if (fv)
			judge_remote(&j, fv, r);
	}
	for (size_t i = 0; i < p->n_vnis; i++) {
		struct bhg_fabric_vni *fv = &p->vnis[i];
		struct bhg_finding *f;

		if (fv->remote_vteps || rep->peers_settled <= 0)
			continue;
		f = finding_add(&j, fv, BHG_F_NO_REMOTE_VTEP, NULL);
		if (f)
			bhg_fabric_words(f, fv, j.hints);
	}
	if (rep->n_findings)
		qsort(rep->findings, rep->n_findings, sizeof(*rep->findings), finding_cmp);
	rep->not_tracked += p->not_tracked;
	rep->vnis = p->vnis;
	rep->n_vnis = p->n_vnis;
	p->vnis = NULL;
	bhg_fabric_pass_free(pp);
	return rep;
}

struct bhg_fabric_report *bhg_fabric_check_now(void)
{
	struct bhg_fabric_pass *p = bhg_fabric_pass_new();

	while (!bhg_fabric_pass_step(p, INT_MAX))
		;
	return bhg_fabric_pass_finish(&p);
}

void bhg_fabric_report_free(struct bhg_fabric_report **rp)
{
	if (!*rp)
		return;
	XFREE(MTYPE_BHG_FABRIC, (*rp)->vnis);
	XFREE(MTYPE_BHG_FABRIC, (*rp)->findings);
	XFREE(MTYPE_BHG_FABRIC, *rp);
}

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Snooped MAC/IP bindings and their installation as local neighbours.
 *
 * The entry is installed NUD_PERMANENT without NTF_EXT_LEARNED (see
 * zhg_nl_neigh_add): zebra takes it for a local neighbour and advertises the MAC+IP route, the kernel ages it
 * like its own, the keepalive revalidates it, and EVPN mobility replaces
 * it (with an NTF_EXT_LEARNED entry) when the host shows up elsewhere. The
 * table mirrors the kernel: a deleted or replaced entry leaves the table.
 */
#include "lib/zebra.h"

#include <linux/neighbour.h>

#include "lib/jhash.h"
#include "lib/memory.h"
#include "lib/prefix.h"

#include "zhg.h"
#include "zhg_bindings.h"
#include "zhg_evpn.h"
#include "zhg_links.h"
#include "zhg_gateway.h"
#include "zhg_netlink.h"
#include "zhg_nlreq.h"
#include "zhg_probe.h"
#include "zhg_snoop.h"
#include "zhg_sweep.h"
#include "zhg_targets.h"
#include "common/hg_table.h"

DEFINE_MTYPE_STATIC(HOSTGUARD, HG_BINDING, "hostguard binding");
DEFINE_MTYPE_STATIC(HOSTGUARD, HG_BINDING_VNI, "hostguard binding VNI");
DEFINE_MTYPE_STATIC(HOSTGUARD, HG_BINDING_MAC, "hostguard binding MAC");
DEFINE_MTYPE_STATIC(HOSTGUARD, HG_BINDING_PORT, "hostguard binding port");

/* Probes sent to a holder before its IP moves, and their spacing. */
#define VERIFY_PROBES 3
#define VERIFY_GAP_MS 400
/* At most one log line per this period for claims on remote holders. */
#define REMOTE_LOG_GAP_MS 1000
/* A holder that answered keeps its IP this long without new probes. */
#define VERIFY_HOLD_MS 5000

const char *const zhg_bind_source_names[ZHG_SRC_MAX] = {
	[ZHG_SRC_ARP] = "arp",
	[ZHG_SRC_ND] = "nd",
	[ZHG_SRC_KERNEL] = "kernel",
	[ZHG_SRC_RESTORED] = "restored",
	[ZHG_SRC_DHCP] = "dhcp",
};

HG_DECLARE_INT_IP_TREE(zhg_binding_tree, struct zhg_binding, item, vni, ip);

/* Bindings per VNI, for the max-bindings bound. */
PREDECL_HASH(zhg_bvni_hash);
struct zhg_bvni {
	struct zhg_bvni_hash_item item;
	vni_t vni;
	uint32_t count;
};

HG_DECLARE_INT_HASH(zhg_bvni_hash, struct zhg_bvni, item, vni, 0x62766e69);

/* Quotas count IPv4 and IPv6 bindings apart: index of b's family. */
static inline int fam(const struct zhg_binding *b)
{
	return IS_IPADDR_V4(&b->ip) ? 0 : 1;
}

/* Bindings per port, for the per-port quota. */
PREDECL_HASH(zhg_bport_hash);
struct zhg_bport {
	struct zhg_bport_hash_item item;
	ifindex_t port;
	uint32_t n[2];
};

HG_DECLARE_INT_HASH(zhg_bport_hash, struct zhg_bport, item, port, 0x62707274);

/*
 * Bindings per MAC in a bridge: removed when the MAC leaves the bridge,
 * and counted for the per-MAC quota.
 */
DECLARE_DLIST(zhg_bmac_list, struct zhg_binding, mitem);
PREDECL_RBTREE_UNIQ(zhg_bmac_tree);
struct zhg_bmac {
	struct zhg_bmac_tree_item item;
	ifindex_t bridge;
	uint16_t vid;
	uint8_t mac[6];
	uint32_t n[2];
	struct zhg_bmac_list_head list;
};

HG_DECLARE_BRMAC_TREE(zhg_bmac_tree, struct zhg_bmac, item, bridge, vid, mac);

static struct zhg_binding_tree_head bindings;
static struct zhg_bvni_hash_head bvnis;
static struct zhg_bmac_tree_head bmacs;
static struct zhg_bport_hash_head bports;
static struct zhg_binding_tree_cursor sweep_cursor;

static struct zhg_bport *bport_get(ifindex_t port, bool create)
{
	struct zhg_bport key = { .port = port }, *p;

	p = zhg_bport_hash_find(&bports, &key);
	if (!p && create) {
		p = XCALLOC(MTYPE_HG_BINDING_PORT, sizeof(*p));
		p->port = port;
		zhg_bport_hash_add(&bports, p);
	}
	return p;
}

static void bport_unref(struct zhg_binding *b)
{
	struct zhg_bport *p = b->port ? bport_get(b->port, false) : NULL;

	if (p && p->n[fam(b)])
		p->n[fam(b)]--;
	if (p && !p->n[0] && !p->n[1]) {
		zhg_bport_hash_del(&bports, p);
		XFREE(MTYPE_HG_BINDING_PORT, p);
	}
}

/* Where b's holder was last heard: the port its quota is counted on. */
static void binding_set_port(struct zhg_binding *b, ifindex_t port)
{
	if (b->port == port)
		return;
	bport_unref(b);
	b->port = port;
	if (port)
		bport_get(port, true)->n[fam(b)]++;
}

static struct zhg_bmac *bmac_find(ifindex_t bridge, uint16_t vid, const uint8_t *mac)
{
	struct zhg_bmac key = { .bridge = bridge, .vid = vid };

	memcpy(key.mac, mac, ETH_ALEN);
	return zhg_bmac_tree_find(&bmacs, &key);
}

static void bmac_unlink(struct zhg_binding *b)
{
	struct zhg_bmac *m = b->bmac;

	if (!m)
		return;
	zhg_bmac_list_del(&m->list, b);
	m->n[fam(b)]--;
	b->bmac = NULL;
	if (!zhg_bmac_list_count(&m->list)) {
		zhg_bmac_tree_del(&bmacs, m);
		zhg_bmac_list_fini(&m->list);
		XFREE(MTYPE_HG_BINDING_MAC, m);
	}
}

/* Index b under its (current) MAC. */
static void bmac_link(struct zhg_binding *b)
{
	struct zhg_bmac *m;

	bmac_unlink(b);
	m = bmac_find(b->bridge, b->vid, b->mac);
	if (!m) {
		m = XCALLOC(MTYPE_HG_BINDING_MAC, sizeof(*m));
		m->bridge = b->bridge;
		m->vid = b->vid;
		memcpy(m->mac, b->mac, ETH_ALEN);
		zhg_bmac_list_init(&m->list);
		zhg_bmac_tree_add(&bmacs, m);
	}
	zhg_bmac_list_add_tail(&m->list, b);
	m->n[fam(b)]++;
	b->bmac = m;
}

static struct zhg_bvni *bvni_get(vni_t vni, bool create)
{
	struct zhg_bvni key = { .vni = vni }, *v;

	v = zhg_bvni_hash_find(&bvnis, &key);
	if (!v && create) {
		v = XCALLOC(MTYPE_HG_BINDING_VNI, sizeof(*v));
		v->vni = vni;
		zhg_bvni_hash_add(&bvnis, v);
	}
	return v;
}

static struct zhg_binding *binding_find(vni_t vni, const struct ipaddr *ip)
{
	struct zhg_binding key = { .vni = vni, .ip = *ip };

	return zhg_binding_tree_find(&bindings, &key);
}

static struct zhg_binding *binding_add(const struct zhg_port_info *pi, const struct ipaddr *ip)
{
	struct zhg_binding *b = XCALLOC(MTYPE_HG_BINDING, sizeof(*b));

	b->vni = pi->vni;
	b->ip = *ip;
	b->svi = pi->svi;
	b->bridge = pi->bridge;
	b->vid = pi->vid;
	b->seen_gen = zhg_nl_gen(ZHG_NL_NEIGH);
	zhg_binding_tree_add(&bindings, b);
	bvni_get(pi->vni, true)->count++;
	return b;
}

static void binding_del(struct zhg_binding *b)
{
	struct zhg_bvni *v = bvni_get(b->vni, false);

	hg_event_cancel(&b->verify_ev);
	zhg_nl_cancel(&b->nl_req);
	bmac_unlink(b);
	bport_unref(b);
	if (v && --v->count == 0) {
		zhg_bvni_hash_del(&bvnis, v);
		XFREE(MTYPE_HG_BINDING_VNI, v);
	}
	zhg_binding_tree_del(&bindings, b);
	XFREE(MTYPE_HG_BINDING, b);
}

static void installed(const struct zhg_nl_result *r)
{
	struct zhg_binding *b = r->arg;

	if (r->err) {
		b->installed = false;
		zhg_snoop_stats.install_errors++;
		zlog_warn("hostguard: VNI %u: cannot install %pIA at %pEA: %s", b->vni, &b->ip,
			  (struct ethaddr *)b->mac, safe_strerror(-r->err));
		return;
	}
	zhg_snoop_stats.learned++;
	ZHG_DEBUG("VNI %u: binding %pIA at %pEA on %s (%s)", b->vni, &b->ip,
		  (struct ethaddr *)b->mac, zhg_ifname(b->port), zhg_bind_source_names[b->source]);
}

/*
 * Taken as installed from now on: the kernel's own event, or the answer's
 * error, corrects it. Requests are sent in order, so a removal queued
 * later never overtakes this.
 */
static void install(struct zhg_binding *b)
{
	b->installed = true;
	bmac_link(b);
	if (zhg_nl_neigh_add(b->svi, &b->ip, b->mac, installed, b, &b->nl_req)) {
		b->installed = false;
		zhg_snoop_stats.install_errors++;
	}
}

static void verify_step(struct zhg_binding *b, int64_t now);

static void verify_timer(hg_event_t *ev)
{
	struct zhg_binding *b = HG_EVENT_ARG(ev);
	int64_t now = zhg_now_ms();

	if (b->holder_answered) {
		/* The holder answered: the claim was a hijack attempt. */
		b->conflicts_rejected++;
		b->hold_until_ms = now + VERIFY_HOLD_MS;
		zhg_snoop_stats.conflicts_rejected++;
		zlog_warn("hostguard: VNI %u: %pEA on %s claimed %pIA of live %pEA: rejected",
			  b->vni, (struct ethaddr *)b->challenger, zhg_ifname(b->challenger_port),
			  &b->ip, (struct ethaddr *)b->mac);
		return;
	}
	verify_step(b, now);
}

/* The holder is gone: the challenger gets the IP. */
static void move_to_challenger(struct zhg_binding *b, int64_t now)
{
	zlog_info("hostguard: VNI %u: %pIA moves from %pEA (no answer) to %pEA on %s", b->vni,
		  &b->ip, (struct ethaddr *)b->mac, (struct ethaddr *)b->challenger,
		  zhg_ifname(b->challenger_port));
	memcpy(b->mac, b->challenger, ETH_ALEN);
	binding_set_port(b, b->challenger_port);
	b->source = b->challenger_source;
	b->learned_ms = b->last_seen_ms = now;
	zhg_snoop_stats.moves++;
	install(b);
}

/* The holder failed: the IP goes to the challenger, or nobody. */
static void holder_gone(struct zhg_binding *b, int64_t now)
{
	if (!b->reconfirm) {
		move_to_challenger(b, now);
		return;
	}
	ZHG_DEBUG("VNI %u: %pIA (%pEA) flushed and unanswered, dropped", b->vni, &b->ip,
		  (struct ethaddr *)b->mac);
	binding_del(b);
}

/* Probe the holder once more, or decide. */
static void verify_step(struct zhg_binding *b, int64_t now)
{
	struct zhg_probe_target pt;
	int64_t dad_until;

	if (!zhg_evpn_mac_is_local(b->vni, b->mac) || b->verify_probes >= VERIFY_PROBES) {
		/* No answer, or the MAC aged out or left: nothing to protect. */
		holder_gone(b, now);
		return;
	}
	dad_until = zhg_targets_dad_until(b->bridge, b->mac, &b->ip, now);
	if (dad_until) {
		/* The holder is testing this very address: a probe now would
		 * look like a conflict to it (RFC 5227). Ask when it is done.
		 */
		zhg_targets_stats.dad_skips++;
		hg_timer_msec(zhg_master, verify_timer, b, dad_until - now, &b->verify_ev);
		return;
	}
	if (!zhg_evpn_probe_ip(b->vni, b->bridge, b->port, b->vid, b->mac, &b->ip, &pt)) {
		if (b->reconfirm) {
			holder_gone(b, now);
			return;
		}
		/* Cannot ask the holder: keep it, on the safe side. */
		b->hold_until_ms = now + VERIFY_HOLD_MS;
		zhg_snoop_stats.conflicts_rejected++;
		ZHG_DEBUG("VNI %u: cannot probe %pEA for %pIA, claim rejected", b->vni,
			  (struct ethaddr *)b->mac, &b->ip);
		return;
	}
	if (zhg_probe_take_token(b->port, now)) {
		int ret = zhg_probe_send(&pt);

		if (ret == 0) {
			b->verify_probes++;
			zhg_snoop_stats.verify_probes++;
		}
		ZHG_DEBUG("VNI %u: probe %pEA for %pIA on %s: %s", b->vni, (struct ethaddr *)b->mac,
			  &b->ip, zhg_ifname(b->port), ret ? safe_strerror(-ret) : "sent");
	}
	hg_timer_msec(zhg_master, verify_timer, b, VERIFY_GAP_MS, &b->verify_ev);
}

/* Another MAC claims b's IP. */
static void challenge(struct zhg_binding *b, ifindex_t port, const uint8_t *mac, uint8_t source,
		      int64_t now)
{
	zhg_snoop_stats.conflicts++;
	if (b->verify_ev && b->reconfirm) {
		/* Flushed holder being confirmed: the claim waits its turn. */
		return;
	}
	if (b->verify_ev)
		return; /* the holder is being verified already */
	if (now < b->hold_until_ms) {
		b->conflicts_rejected++;
		zhg_snoop_stats.conflicts_rejected++;
		return;
	}
	memcpy(b->challenger, mac, ETH_ALEN);
	b->challenger_port = port;
	b->challenger_source = source;
	b->verify_started_ms = now;
	b->verify_probes = 0;
	b->holder_answered = false;
	zlog_info("hostguard: VNI %u: %pEA on %s claims %pIA held by %pEA, probing the holder",
		  b->vni, (struct ethaddr *)mac, zhg_ifname(port), &b->ip, (struct ethaddr *)b->mac);
	verify_step(b, now);
}

/* Is ip an address tenants may claim here? ZHG_SDROP_MAX if so. */
static enum zhg_snoop_drop claim_fit(ifindex_t svi, const struct ipaddr *ip)
{
	/* The SVI's own addresses, also before the gateway set is re-read. */
	if (zhg_evpn_svi_has_ip(svi, ip))
		return ZHG_SDROP_OWN_ADDRESS;
	switch (zhg_gw_addr_fit(svi, ip)) {
	case ZHG_GW_FIT_GATEWAY:
		return ZHG_SDROP_OWN_ADDRESS;
	case ZHG_GW_FIT_OUTSIDE:
		return ZHG_SDROP_OFF_SUBNET;
	case ZHG_GW_FIT_BROADCAST:
		return ZHG_SDROP_SUBNET_EDGE;
	case ZHG_GW_FIT_OK:
		break;
	}
	return ZHG_SDROP_MAX;
}

static bool port_full(ifindex_t port, int f)
{
	struct zhg_bport *p = zhg_cfg.max_bindings_per_port ? bport_get(port, false) : NULL;

	return p && p->n[f] >= zhg_cfg.max_bindings_per_port;
}

/*
 * May mac on port hold one more binding of ip's family? Its MAC's quota
 * first, then its port's, then the VNI's limit, the last resort: one
 * tenant fills its own quotas before it can touch anyone else's room.
 */
static enum zhg_snoop_drop quota_check(const struct zhg_port_info *pi, ifindex_t port,
				       const uint8_t *mac, const struct ipaddr *ip)
{
	struct zhg_bmac *m = bmac_find(pi->bridge, pi->vid, mac);
	struct zhg_bvni *v = bvni_get(pi->vni, false);
	int f = IS_IPADDR_V4(ip) ? 0 : 1;

	if (m && m->n[f] >= zhg_cfg.max_bindings_per_mac)
		return ZHG_SDROP_MAC_QUOTA;
	if (port_full(port, f))
		return ZHG_SDROP_PORT_QUOTA;
	if (v && v->count >= zhg_cfg.max_bindings)
		return ZHG_SDROP_BINDING_LIMIT;
	return ZHG_SDROP_MAX;
}

static void claim_ip(const struct hg_binding_claim *c, struct ipaddr *ip)
{
	memset(ip, 0, sizeof(*ip));
	if (c->family == AF_INET) {
		ip->ipa_type = IPADDR_V4;
		ip->ipaddr_v4 = c->ip.v4;
	} else {
		ip->ipa_type = IPADDR_V6;
		ip->ipaddr_v6 = c->ip.v6;
	}
}

void zhg_bindings_claim(const struct zhg_port_info *pi, ifindex_t port,
			const struct hg_binding_claim *c)
{
	uint8_t source = c->kind == HG_BIND_DHCP	 ? ZHG_SRC_DHCP
			 : c->family == AF_INET ? ZHG_SRC_ARP
						: ZHG_SRC_ND;
	int64_t now = zhg_now_ms();
	struct zhg_binding *b;
	enum zhg_ip_owner owner;
	enum zhg_snoop_drop why;
	uint8_t omac[ETH_ALEN];
	ifindex_t oport = 0;
	struct ipaddr ip;

	if (!c->family)
		return; /* ARP probe or DAD: nothing claimed yet */
	claim_ip(c, &ip);
	/* Link-local addresses are neither routed nor asked for across VTEPs. */
	if (IS_IPADDR_V6(&ip) && IN6_IS_ADDR_LINKLOCAL(&ip.ipaddr_v6))
		return;
	if (memcmp(c->mac, c->src_mac, ETH_ALEN)) {
		zhg_snoop_refuse(ZHG_SDROP_MAC_MISMATCH, pi->vni, port, c->src_mac, &ip);
		return;
	}
	if (!memcmp(c->mac, pi->svi_mac, ETH_ALEN) || zhg_gw_is_gateway_mac(pi->vni, c->mac)) {
		zhg_snoop_refuse(ZHG_SDROP_GATEWAY_MAC, pi->vni, port, c->mac, &ip);
		return;
	}
	why = claim_fit(pi->svi, &ip);
	if (why != ZHG_SDROP_MAX) {
		zhg_snoop_refuse(why, pi->vni, port, c->mac, &ip);
		return;
	}

	b = binding_find(pi->vni, &ip);
	if (b) {
		if (memcmp(b->mac, c->mac, ETH_ALEN)) {
			/* Over its quota, the challenger could not have the IP. */
			why = quota_check(pi, port, c->mac, &ip);
			if (why != ZHG_SDROP_MAX && why != ZHG_SDROP_BINDING_LIMIT) {
				zhg_snoop_refuse(why, pi->vni, port, c->mac, &ip);
				return;
			}
			challenge(b, port, c->mac, source, now);
			return;
		}
		if (b->port != port && port_full(port, fam(b))) {
			/* Its holder came back on a port with no room left. */
			zhg_snoop_refuse(ZHG_SDROP_PORT_QUOTA, pi->vni, port, c->mac, &ip);
			return;
		}
		b->last_seen_ms = now;
		binding_set_port(b, port);
		b->holder_answered = true;
		if (b->reconfirm) {
			/* The flushed holder answered: done confirming. */
			hg_event_cancel(&b->verify_ev);
			b->reconfirm = false;
		}
		if (!b->installed)
			install(b);
		return;
	}

	owner = zhg_evpn_ip_owner(pi->vni, &ip, omac, &oport);
	if (owner == ZHG_OWNER_REMOTE && memcmp(omac, c->mac, ETH_ALEN)) {
		/*
		 * Held behind another VTEP, whose keepalive withdraws it when
		 * the holder dies; only then may this MAC have it.
		 */
		static int64_t logged_ms;

		zhg_snoop_stats.conflicts++;
		zhg_snoop_stats.remote_conflicts++;
		if (now - logged_ms >= REMOTE_LOG_GAP_MS) {
			logged_ms = now;
			zlog_warn("hostguard: VNI %u: %pEA on %s claims %pIA held by remote %pEA: ignored",
				  pi->vni, (struct ethaddr *)c->mac, zhg_ifname(port), &ip,
				  (struct ethaddr *)omac);
		}
		return;
	}
	why = quota_check(pi, port, c->mac, &ip);
	if (why != ZHG_SDROP_MAX) {
		zhg_snoop_refuse(why, pi->vni, port, c->mac, &ip);
		return;
	}
	b = binding_add(pi, &ip);
	b->learned_ms = b->last_seen_ms = now;
	if (owner == ZHG_OWNER_LOCAL && memcmp(omac, c->mac, ETH_ALEN) && oport) {
		/* A local neighbour the kernel learned: its holder is verified too. */
		memcpy(b->mac, omac, ETH_ALEN);
		binding_set_port(b, oport);
		b->source = ZHG_SRC_KERNEL;
		b->last_seen_ms = 0;
		bmac_link(b);
		challenge(b, port, c->mac, source, now);
		return;
	}
	memcpy(b->mac, c->mac, ETH_ALEN);
	binding_set_port(b, port);
	b->source = source;
	install(b);
}

/*
 * An entry installed before zebra restarted: take it back into the table,
 * so that it leaves with its MAC like any other binding.
 */
static void adopt(const struct zhg_neigh *n, ifindex_t bridge, uint16_t vid, vni_t vni)
{
	struct zhg_port_info pi = { .bridge = bridge, .svi = n->ifindex, .vni = vni, .vid = vid };
	uint8_t omac[ETH_ALEN];
	struct zhg_binding *b;
	ifindex_t oport = 0;

	b = binding_add(&pi, &n->ip);
	memcpy(b->mac, n->mac, ETH_ALEN);
	if (zhg_evpn_ip_owner(vni, &n->ip, omac, &oport) == ZHG_OWNER_LOCAL)
		binding_set_port(b, oport);
	b->source = ZHG_SRC_RESTORED;
	b->installed = true;
	b->learned_ms = b->last_seen_ms = zhg_now_ms();
	bmac_link(b);
	ZHG_DEBUG("VNI %u: binding %pIA at %pEA taken back", vni, &b->ip, (struct ethaddr *)b->mac);
}

/* Kernel neighbour changes on SVIs: keep the table a mirror of them. */
static int bindings_neigh_event(const struct zhg_neigh *n, bool deleted)
{
	struct zhg_binding *b;
	ifindex_t bridge;
	uint16_t vid;
	vni_t vni;

	if ((!zhg_bindings_count() && n->protocol != ZHG_NEIGH_PROTO) ||
	    !zhg_evpn_svi_bridge(n->ifindex, &bridge, &vid, &vni))
		return 0;
	b = binding_find(vni, &n->ip);
	if (b && !deleted)
		b->seen_gen = zhg_nl_gen(ZHG_NL_NEIGH);
	if (!b) {
		if (!deleted && n->protocol == ZHG_NEIGH_PROTO && n->has_mac &&
		    (n->state & NUD_PERMANENT) && !(n->flags & NTF_EXT_LEARNED))
			adopt(n, bridge, vid, vni);
		return 0;
	}
	if ((deleted || !(n->state & ZHG_NUD_VALID)) && !(n->flags & NTF_EXT_LEARNED) &&
	    b->installed && !b->verify_ev && zhg_evpn_mac_is_local(vni, b->mac)) {
		/*
		 * Flushed by the kernel (an address removed from the SVI, the
		 * SVI down) or an operator while the holder's MAC is still
		 * here: ask the holder, whose answer installs it again.
		 */
		b->installed = false;
		b->reconfirm = true;
		b->verify_started_ms = zhg_now_ms();
		b->verify_probes = 0;
		b->holder_answered = false;
		verify_step(b, b->verify_started_ms);
		return 0;
	}
	if (deleted || (n->flags & NTF_EXT_LEARNED) || !(n->state & ZHG_NUD_VALID)) {
		/* Gone, or zebra installed a remote holder (the host moved). */
		ZHG_DEBUG("VNI %u: binding %pIA (%pEA) left the kernel", vni, &b->ip,
			  (struct ethaddr *)b->mac);
		binding_del(b);
		return 0;
	}
	if (n->has_mac && memcmp(n->mac, b->mac, ETH_ALEN) && !b->verify_ev) {
		/* Replaced by an administrator: follow. */
		memcpy(b->mac, n->mac, ETH_ALEN);
		bmac_link(b);
	}
	return 0;
}

/* Delete a binding's kernel entry (when installed) and the binding. */
static void binding_remove(struct zhg_binding *b)
{
	if (b->installed)
		zhg_nl_neigh_del(b->svi, &b->ip, NULL, NULL, NULL);
	binding_del(b);
}

/*
 * The gateway set changed: a binding for what is now a gateway address or
 * MAC, or outside the VNI's subnets, goes (rare: an operator's change).
 */
static int gateways_changed(void)
{
	struct zhg_binding *b;

	frr_each_safe (zhg_binding_tree, &bindings, b) {
		if (!zhg_gw_is_gateway_mac(b->vni, b->mac) && claim_fit(b->svi, &b->ip) == ZHG_SDROP_MAX)
			continue;
		zlog_info("hostguard: VNI %u: binding %pIA at %pEA removed: now a gateway's, or outside the VNI's subnets",
			  b->vni, &b->ip, (struct ethaddr *)b->mac);
		binding_remove(b);
	}
	return 0;
}

/* A local MAC left its bridge: its bindings go with it. */
static int bindings_fdb_event(const struct zhg_fdb *fdb, bool deleted)
{
	struct zhg_bmac *m;
	struct zhg_binding *b;

	if (!deleted || (fdb->flags & NTF_EXT_LEARNED) || !zhg_bindings_count())
		return 0;
	m = bmac_find(fdb->master, fdb->vid, fdb->mac);
	if (!m)
		return 0;
	while ((b = zhg_bmac_list_first(&m->list))) {
		ZHG_DEBUG("VNI %u: %pEA left, binding %pIA removed", b->vni,
			  (struct ethaddr *)b->mac, &b->ip);
		binding_remove(b); /* frees m with its last binding */
		if (!bmac_find(fdb->master, fdb->vid, fdb->mac))
			break;
	}
	return 0;
}

/*
 * A complete neighbour dump: a binding whose entry the kernel no longer
 * has left it (a missed delete). A binding whose VNI zebra no longer has
 * leaves the table; its kernel entry goes too once the VNI's vxlan device
 * has left the bridge. While the vxlan device is there (zebra restarting
 * its EVPN state, bgpd restarting) the entry stays, and is taken back when
 * zebra has the VNI again.
 */
static bool binding_sweep_step(bool restart, uint32_t gen)
{
	struct zhg_binding *b = zhg_binding_tree_resume(&bindings, &sweep_cursor, restart);
	ifindex_t bridge;
	uint16_t vid;
	vni_t vni;

	if (!b)
		return false;
	if (!zhg_evpn_svi_bridge(b->svi, &bridge, &vid, &vni) || vni != b->vni) {
		ZHG_DEBUG("VNI %u gone: binding %pIA dropped", b->vni, &b->ip);
		if (zhg_links_bridge_has_vxlan(b->bridge))
			binding_del(b);
		else
			binding_remove(b);
	} else if (b->installed && !b->nl_req && zhg_nl_unseen(b->seen_gen, gen)) {
		ZHG_DEBUG("VNI %u: binding %pIA no longer in the kernel", b->vni, &b->ip);
		binding_del(b);
	}
	return true;
}

static struct zhg_sweep binding_sweep = { .table = ZHG_NL_NEIGH, .step = binding_sweep_step };

bool zhg_bindings_holds(vni_t vni, const struct ipaddr *ip, const uint8_t *mac)
{
	struct zhg_binding *b = binding_find(vni, ip);

	return b && b->installed && !memcmp(b->mac, mac, ETH_ALEN);
}

void zhg_bindings_release(vni_t vni, const struct ipaddr *ip, const uint8_t *mac)
{
	struct zhg_binding *b = binding_find(vni, ip);

	if (!b || memcmp(b->mac, mac, ETH_ALEN))
		return;
	ZHG_DEBUG("VNI %u: %pEA gave %pIA up, binding removed", b->vni, (struct ethaddr *)b->mac,
		  &b->ip);
	binding_remove(b);
}

size_t zhg_bindings_count(void)
{
	return zhg_binding_tree_count(&bindings);
}

void zhg_bindings_walk(void (*fn)(struct zhg_binding *b, void *arg), void *arg)
{
	struct zhg_binding *b;

	frr_each_safe (zhg_binding_tree, &bindings, b)
		fn(b, arg);
}

void zhg_bindings_init(void)
{
	zhg_binding_tree_init(&bindings);
	zhg_bvni_hash_init(&bvnis);
	zhg_bmac_tree_init(&bmacs);
	hook_register(zhg_nl_fdb, bindings_fdb_event);
	hook_register(zhg_nl_neigh, bindings_neigh_event);
	zhg_sweep_init(&binding_sweep);
	zhg_bport_hash_init(&bports);
	hook_register(zhg_gw_set_changed, gateways_changed);
}

void zhg_bindings_fini(void)
{
	struct zhg_binding *b;
	struct zhg_bvni *v;
	struct zhg_bport *p;

	hook_unregister(zhg_nl_fdb, bindings_fdb_event);
	hook_unregister(zhg_nl_neigh, bindings_neigh_event);
	zhg_sweep_fini(&binding_sweep);
	hook_unregister(zhg_gw_set_changed, gateways_changed);
	while ((b = zhg_binding_tree_pop(&bindings))) {
		hg_event_cancel(&b->verify_ev);
		zhg_nl_cancel(&b->nl_req);
		bmac_unlink(b);
		XFREE(MTYPE_HG_BINDING, b);
	}
	hg_hash_drain (zhg_bvni_hash, &bvnis, v)
		XFREE(MTYPE_HG_BINDING_VNI, v);
	zhg_binding_tree_fini(&bindings);
	hg_hash_drain (zhg_bport_hash, &bports, p)
		XFREE(MTYPE_HG_BINDING_PORT, p);
	zhg_bvni_hash_fini(&bvnis);
	zhg_bmac_tree_fini(&bmacs);
	zhg_bport_hash_fini(&bports);
}

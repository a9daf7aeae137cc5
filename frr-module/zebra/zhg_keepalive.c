// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Keepalive for silent hosts.
 *
 * For every local MAC of an EVPN L2VNI the bridge would age out, check the
 * kernel's own record of the host's last frame shortly before age-out; if
 * the host has been silent, send it one unicast probe out of its own port.
 * Its answer refreshes the bridge entry through normal learning, so zebra
 * never sees a delete and the type-2 routes stay. A host that does not
 * answer is left to age out as in stock FRR, or removed at once in early
 * mode.
 */
#include "lib/zebra.h"

#include <linux/neighbour.h>

#include "lib/jhash.h"
#include "lib/network.h"
#include "lib/typesafe.h"

#include "zhg.h"
#include "zhg_evpn.h"
#include "zhg_hosts.h"
#include "zhg_keepalive.h"
#include "zhg_netlink.h"
#include "zhg_nlreq.h"
#include "zhg_probe.h"
#include "zhg_sweep.h"
#include "zhg_targets.h"
#include "common/hg_table.h"

/* Least time between two probes of one host while it does not answer. */
#define ZHG_MIN_PROBE_GAP_MS 300

DEFINE_MTYPE_STATIC(HOSTGUARD, HG_BRIDGE, "hostguard bridge");

/* Bridges and their ageing time, read from the kernel. */
PREDECL_HASH(zhg_bridge_hash);
struct zhg_bridge {
	struct zhg_bridge_hash_item item;
	ifindex_t ifindex;
	uint32_t ageing_ms;
	uint32_t seen_gen; /* link dump generation that last showed it */
};

HG_DECLARE_INT_HASH(zhg_bridge_hash, struct zhg_bridge, item, ifindex, 0x62726467);

static struct zhg_bridge_hash_head bridges;

static struct zhg_bridge *bridge_find(ifindex_t ifindex)
{
	struct zhg_bridge key = { .ifindex = ifindex };

	return zhg_bridge_hash_find(&bridges, &key);
}

/* Time before age-out at which probing starts, for this ageing time. */
static int64_t probe_lead_ms(uint32_t ageing_ms)
{
	int64_t lead = (int64_t)zhg_cfg.probe_window * 1000;

	/* At most a quarter of the ageing: one probe per ageing period. */
	return MIN(lead, (int64_t)ageing_ms / 4);
}

/* Idle time after which a host is probed. */
static int64_t probe_idle_ms(uint32_t ageing_ms)
{
	int64_t idle = (int64_t)ageing_ms - probe_lead_ms(ageing_ms);

	if (zhg_cfg.early_idle && (int64_t)zhg_cfg.early_idle * 1000 < idle)
		idle = (int64_t)zhg_cfg.early_idle * 1000;
	return idle;
}

static int64_t probe_gap_ms(uint32_t ageing_ms)
{
	int64_t gap = probe_lead_ms(ageing_ms) / (int64_t)(zhg_cfg.probe_retries + 1);

	return MAX(gap, ZHG_MIN_PROBE_GAP_MS);
}

/* Spread probes of hosts that went silent together. */
static int64_t jitter_ms(int64_t span)
{
	return span > 0 ? (int64_t)(frr_weak_random() % (uint64_t)span) : 0;
}

/*
 * How much earlier than its idle time a host may be probed. Spreads the
 * probes of hosts that went silent together; with many hosts, spreads an
 * ageing period's probes over a window the rate limit can serve at half
 * its rate (random spreading is uneven, retries need room), so that none
 * is delayed past age-out. Never more than half the idle time.
 */
static int64_t probe_spread_ms(uint32_t ageing_ms, int64_t idle)
{
	int64_t span = probe_lead_ms(ageing_ms) / 4;
	int64_t backlog = (int64_t)zhg_hosts_count() * 2000 / (int64_t)zhg_cfg.probe_rate;

	return MIN(MAX(span, backlog), idle / 2);
}

/*
 * A new cycle. The probe goes somewhat earlier than the idle time, spread
 * among the hosts that share it (probe_spread_ms). A host that answered
 * keeps its turn: its answer came at its own, spread, probe time, and a new
 * draw would shorten each of its cycles and add probes. A new host looks
 * first at half its idle time and draws its turn there: in a mass learning
 * (a VTEP restart, many VMs started together) the number of hosts that
 * share the turn is known only once the learning is over.
 */
static void schedule_next(struct zhg_host *h, int64_t now)
{
	struct zhg_bridge *br = bridge_find(h->bridge);
	int64_t idle;

	if (!br || !br->ageing_ms) {
		/* ageing 0: the bridge never ages entries, nothing to do */
		zhg_host_unschedule(h);
		return;
	}
	h->has_slot = false; /* a new cycle takes a new turn */
	idle = probe_idle_ms(br->ageing_ms);
	if (h->turn_due)
		idle /= 2;
	else if (h->state != ZHG_SILENT_ALIVE)
		idle -= jitter_ms(probe_spread_ms(br->ageing_ms, idle));
	h->idle_target_ms = (uint32_t)idle;
	zhg_host_schedule(h, MAX(h->last_active_ms + idle, now));
}

static void dead_removed(const struct zhg_nl_result *r)
{
	if (r->err && r->err != -ENOENT)
		zlog_warn("hostguard: VNI %u: cannot remove %pEA from %s: %s",
			  (vni_t)(uintptr_t)r->arg, (struct ethaddr *)r->key->mac,
			  zhg_ifname(r->key->ifindex), safe_strerror(-r->err));
	else
		zhg_stats.early_removals++;
}

/* Remove a dead host's entries now, so zebra withdraws its routes. */
static void remove_dead(struct zhg_host *h)
{
	zhg_nl_fdb_del(h->port, h->bridge, h->mac, h->vid, dead_removed, (void *)(uintptr_t)h->vni,
		       NULL);
}

/* The MAC-only hold's refresh failed: the host is left to age out. */
static void hold_failed(const struct zhg_nl_result *r)
{
	struct zhg_host *h = r->arg;

	if (!r->err)
		return;
	h->state = ZHG_DEAD;
	h->no_ip = true;
	h->withdrawals_prevented--;
	zhg_stats.withdrawals_prevented--;
	zhg_host_schedule(h, h->last_active_ms + zhg_ka_bridge_ageing_ms(h->bridge) + 1000);
}

/*
 * No address of the host answered: none is known, or only the all-nodes
 * probe went out. Hold the MAC if configured, else leave it to age out as
 * stock FRR does (never removed early: nothing said the host is gone).
 */
static void no_address(struct zhg_host *h, int64_t now, struct zhg_bridge *br)
{
	if (zhg_cfg.mac_only_hold) {
		if (!h->hold_until_ms)
			h->hold_until_ms = now + (int64_t)zhg_cfg.mac_only_hold * 1000;
		if (now < h->hold_until_ms &&
		    !zhg_nl_fdb_refresh(h->port, h->bridge, h->mac, h->vid, hold_failed, h,
					&h->nl_req)) {
			h->last_active_ms = now;
			h->state = ZHG_SILENT_ALIVE;
			h->withdrawals_prevented++;
			zhg_stats.withdrawals_prevented++;
			schedule_next(h, now);
			return;
		}
	}
	h->state = ZHG_DEAD;
	h->no_ip = true;
	zhg_host_schedule(h, h->last_active_ms + br->ageing_ms + 1000);
}

/* Probe h now (or as soon as the rate limit allows). */
static void probe(struct zhg_host *h, int64_t now)
{
	struct zhg_bridge *br = bridge_find(h->bridge);
	struct zhg_probe_target pt;
	unsigned int attempt;
	enum zhg_pick pick;
	int64_t wait = 0;
	int ret;

	if (!br)
		return;
	if (!h->has_slot) {
		int64_t slot = zhg_probe_reserve(h->port, now);

		if (slot > now) {
			/* Over the rate: come back at the reserved turn. */
			zhg_stats.probes_rate_limited++;
			h->has_slot = true;
			zhg_host_schedule(h, slot);
			return;
		}
	}
	h->has_slot = false;
	/* The probes of one cycle take the candidate targets in turn. */
	attempt = h->state == ZHG_PROBING ? zhg_cfg.probe_retries - h->tries_left + 1 : 0;
	pick = zhg_targets_pick(h, attempt, now, &pt, &wait);
	if (pick == ZHG_PICK_WAIT) {
		/* The host is testing its only address (DAD): ask later. */
		zhg_host_schedule(h, wait);
		return;
	}
	if (pick == ZHG_PICK_NONE) {
		no_address(h, now, br);
		return;
	}
	h->no_ip = false;
	ret = zhg_probe_send(&pt);
	if (ret) {
		zhg_stats.probe_send_errors++;
		ZHG_DEBUG("VNI %u: probe to %pEA on %s failed: %s", h->vni,
			  (struct ethaddr *)h->mac, zhg_ifname(h->port), safe_strerror(-ret));
	} else {
		h->probes_sent++;
		zhg_stats.probes_sent++;
		if (pick == ZHG_PICK_ECHO)
			zhg_targets_stats.echo_probes++;
		ZHG_DEBUG("VNI %u: probe %pEA (%s%pIA) on %s", h->vni, (struct ethaddr *)h->mac,
			  pick == ZHG_PICK_ECHO ? "echo " : "", &pt.target, zhg_ifname(h->port));
	}
	if (h->state != ZHG_PROBING) {
		h->state = ZHG_PROBING;
		h->tries_left = (uint8_t)zhg_cfg.probe_retries;
		h->addr_probed = false;
	} else if (h->tries_left) {
		h->tries_left--;
	}
	if (pick == ZHG_PICK_ADDR)
		h->addr_probed = true;
	h->last_probe_ms = now;
	zhg_host_schedule(h, now + probe_gap_ms(br->ageing_ms));
}

static void host_dead(struct zhg_host *h, int64_t now, uint32_t ageing_ms)
{
	h->state = ZHG_DEAD;
	zhg_stats.probes_unanswered++;
	zhg_stats.dead_hosts++;
	zlog_info("hostguard: VNI %u: host %pEA on %s does not answer, %s", h->vni,
		  (struct ethaddr *)h->mac, zhg_ifname(h->port),
		  zhg_cfg.early_idle ? "removing it" : "leaving it to age out");
	if (zhg_cfg.early_idle) {
		remove_dead(h);
		return; /* the delete event removes h */
	}
	zhg_host_schedule(h, h->last_active_ms + ageing_ms + 1000);
}

static void expire_answer(const struct zhg_nl_result *r);
static void fdb_event(const struct zhg_fdb *fdb, bool deleted);

/* A host's deadline came: ask the kernel for its entry, then decide. */
static void host_expire(struct zhg_host *h, int64_t now)
{
	struct zhg_bridge *br = bridge_find(h->bridge);

	if (!br || !br->ageing_ms)
		return;
	if (h->nl_req || zhg_nl_fdb_get(h->bridge, h->mac, h->vid, expire_answer, h, &h->nl_req))
		zhg_host_schedule(h, now + 1000); /* busy: look again later */
}

static void expire_answer(const struct zhg_nl_result *r)
{
	struct zhg_host *h = r->arg;
	struct zhg_bridge *br = bridge_find(h->bridge);
	int64_t now = zhg_now_ms();
	struct zhg_fdb fdb;

	if (!br || !br->ageing_ms)
		return;
	if (r->err == -ENOENT) {
		zhg_host_del(h);
		return;
	}
	if (r->err || !r->fdb->has_cacheinfo) {
		zhg_stats.netlink_errors++;
		zhg_host_schedule(h, now + 1000);
		return;
	}
	fdb = *r->fdb;
	if (fdb.port != h->port || (fdb.flags & NTF_EXT_LEARNED)) {
		/* Moved: handle as a fresh notification. */
		fdb_event(&fdb, false);
		return;
	}
	/* The kernel's age is as of when it read the request. */
	h->last_active_ms = r->sent_ms - fdb.updated_ms;

	switch (h->state) {
	case ZHG_PROBING:
		if (h->last_active_ms >= h->last_probe_ms - 10) {
			h->state = ZHG_SILENT_ALIVE;
			h->probes_answered++;
			h->withdrawals_prevented++;
			zhg_stats.probes_answered++;
			zhg_stats.withdrawals_prevented++;
			zhg_targets_answered(h);
			schedule_next(h, now);
		} else if (h->tries_left) {
			probe(h, now);
		} else if (!h->addr_probed) {
			/* only the all-nodes probe went out: not proof of death */
			no_address(h, now, br);
		} else {
			host_dead(h, now, br->ageing_ms);
		}
		return;
	case ZHG_DEAD:
		if (h->last_active_ms > h->last_probe_ms) {
			h->state = ZHG_ACTIVE; /* spoke again */
			schedule_next(h, now);
		} else {
			zhg_host_schedule(h, h->last_active_ms + br->ageing_ms + 1000);
		}
		return;
	case ZHG_ACTIVE:
	case ZHG_SILENT_ALIVE:
		if ((int64_t)fdb.updated_ms < (int64_t)h->idle_target_ms - ZHG_MIN_PROBE_GAP_MS) {
			/* it spoke since this check was planned */
			if (h->last_active_ms > h->last_probe_ms + 1000)
				h->state = ZHG_ACTIVE;
			h->turn_due = false; /* the hosts are known by now */
			schedule_next(h, now);
			return;
		}
		if (h->turn_due) {
			/* a new host, silent for half its idle time: draw its turn */
			h->turn_due = false;
			schedule_next(h, now);
			return;
		}
		probe(h, now);
		return;
	}
}

static int ka_fdb_hook(const struct zhg_fdb *fdb, bool deleted)
{
	fdb_event(fdb, deleted);
	return 0;
}

static void fdb_event(const struct zhg_fdb *fdb, bool deleted)
{
	struct zhg_host *h = zhg_host_find(fdb->master, fdb->vid, fdb->mac);
	int64_t now = zhg_now_ms();
	vni_t vni = 0;

	if (deleted) {
		if (h && (!fdb->port || fdb->port == h->port)) {
			ZHG_DEBUG("VNI %u: %pEA removed from %s (%s)", h->vni,
				  (struct ethaddr *)h->mac, zhg_ifname(h->port),
				  zhg_state_names[h->state]);
			zhg_host_del(h);
		}
		return;
	}
	if (zhg_cfg.keepalive && zhg_fdb_is_local_host(fdb))
		vni = zhg_evpn_port_vni(fdb->master, fdb->port, fdb->vid);
	if (!vni || hg_uint_set_contains(&zhg_cfg.exclude_vni, vni)) {
		if (h)
			zhg_host_del(h);
		return;
	}
	if (!h) {
		h = zhg_host_add(fdb->master, fdb->vid, fdb->mac);
		h->turn_due = true;
		ZHG_DEBUG("VNI %u: tracking %pEA on %s", vni, (struct ethaddr *)fdb->mac,
			  zhg_ifname(fdb->port));
	}
	/* A notification means the bridge (re)learned the host. */
	zhg_nl_cancel(&h->nl_req); /* what it would answer is older */
	h->seen_gen = zhg_nl_gen(ZHG_NL_FDB);
	if (h->port != fdb->port || h->vni != vni) {
		h->port = fdb->port;
		h->vni = vni;
		zhg_targets_host_new(h);
	}
	h->state = ZHG_ACTIVE;
	h->hold_until_ms = 0;
	h->last_active_ms = fdb->has_cacheinfo ? now - fdb->updated_ms : now;
	schedule_next(h, now);
}

/*
 * Neighbour entries of tracked hosts: a STALE one is kept from the kernel's
 * GC (zhg_neigh_gc.c); any other state, or another MAC, cancels that.
 */
static int ka_neigh_event(const struct zhg_neigh *n, bool deleted)
{
	struct zhg_host *h = NULL;
	ifindex_t bridge;
	uint16_t vid;
	vni_t vni;

	if (!deleted && n->has_mac && zhg_cfg.keepalive && !(n->flags & NTF_EXT_LEARNED) &&
	    zhg_evpn_svi_bridge(n->ifindex, &bridge, &vid, &vni))
		h = zhg_host_find(bridge, vid, n->mac);
	if (!h || !(n->state & NUD_STALE))
		zhg_neigh_gc_fresh(n->ifindex, &n->ip);
	if (!h)
		return 0;
	if (n->state & ZHG_NUD_VALID)
		zhg_targets_neigh(h, &n->ip);
	if (h->state == ZHG_DEAD && h->no_ip) {
		/*
		 * An address to ask for at last. Probe a little later: zebra
		 * reads this same notification on its own socket, maybe after
		 * us, and the probe takes the address from zebra's entry.
		 */
		zhg_ka_target_learned(h);
		return 0;
	}
	if (n->state & NUD_STALE)
		zhg_neigh_gc_stale(n->ifindex, &n->ip, h);
	return 0;
}

void zhg_ka_target_learned(struct zhg_host *h)
{
	if (h->state != ZHG_DEAD || !h->no_ip)
		return;
	h->no_ip = false;
	h->state = ZHG_ACTIVE;
	schedule_next(h, zhg_now_ms() + ZHG_MIN_PROBE_GAP_MS);
}

/*
 * The keepalive holds a host alive while its frames, or its answers to the
 * probes (one per ageing period, for one of its addresses), say so. Its
 * bindings are then as current as the kernel keeps them in a table the GC
 * never visits; a dead host's are left to the GC, as in stock.
 */
bool zhg_ka_holds(const struct zhg_host *h)
{
	return zhg_cfg.keepalive && h->state != ZHG_DEAD;
}

static void rearm_bridge(struct zhg_host *h, void *arg)
{
	ifindex_t *br = arg;

	if (h->bridge == *br)
		schedule_next(h, zhg_now_ms());
}

static void drop_bridge(struct zhg_host *h, void *arg)
{
	ifindex_t *br = arg;

	if (h->bridge == *br)
		zhg_host_del(h);
}

static void bridge_del(struct zhg_bridge *br)
{
	ifindex_t ifindex = br->ifindex;

	zhg_bridge_hash_del(&bridges, br);
	XFREE(MTYPE_HG_BRIDGE, br);
	zhg_hosts_walk(drop_bridge, &ifindex);
}

static int ka_link_event(const struct zhg_link *link)
{
	struct zhg_bridge *br = bridge_find(link->ifindex);
	ifindex_t ifindex = link->ifindex;

	if (link->brport)
		return 0;
	if (link->deleted || !link->is_bridge) {
		if (br)
			bridge_del(br);
		return 0;
	}
	if (!br) {
		br = XCALLOC(MTYPE_HG_BRIDGE, sizeof(*br));
		br->ifindex = link->ifindex;
		zhg_bridge_hash_add(&bridges, br);
	}
	br->seen_gen = zhg_nl_gen(ZHG_NL_LINK);
	if (br->ageing_ms != link->ageing_ms) {
		ZHG_DEBUG("bridge %s: ageing time %u ms", zhg_ifname(link->ifindex),
			  link->ageing_ms);
		br->ageing_ms = link->ageing_ms;
		/* Rare operator change: re-plan this bridge's hosts. */
		zhg_hosts_walk(rearm_bridge, &ifindex);
	}
	return 0;
}

/* A complete FDB dump: drop the hosts it no longer has (missed deletes). */
static bool host_sweep_step(bool restart, uint32_t gen)
{
	struct zhg_host *h = zhg_hosts_resume(restart);

	if (!h)
		return false;
	if (zhg_nl_unseen(h->seen_gen, gen)) {
		ZHG_DEBUG("VNI %u: %pEA no longer in the kernel's FDB", h->vni,
			  (struct ethaddr *)h->mac);
		zhg_host_del(h);
	}
	return true;
}

static struct zhg_sweep host_sweep = { .table = ZHG_NL_FDB, .step = host_sweep_step };

/* A complete link dump: drop the bridges it no longer has (a small table). */
static int ka_synced(enum zhg_nl_table table, uint32_t gen)
{
	struct zhg_bridge *br;

	if (table == ZHG_NL_LINK)
		frr_each_safe (zhg_bridge_hash, &bridges, br)
			if (br->seen_gen != gen)
				bridge_del(br);
	return 0;
}

uint32_t zhg_ka_bridge_ageing_ms(ifindex_t bridge)
{
	struct zhg_bridge *br = bridge_find(bridge);

	return br ? br->ageing_ms : 0;
}

/* Tracking depends on these keys: read the kernel's FDB again. */
static int ka_reconfigure(const struct hg_arg_spec *spec)
{
	if (!strcmp(spec->key, "keepalive") || !strcmp(spec->key, "exclude-vni"))
		zhg_nl_resync();
	return 0;
}

void zhg_ka_init(void)
{
	hook_register(hg_reconfigure, ka_reconfigure);
	zhg_bridge_hash_init(&bridges);
	zhg_hosts_init(host_expire);
	zhg_neigh_gc_init();
	hook_register(zhg_nl_fdb, ka_fdb_hook);
	hook_register(zhg_nl_neigh, ka_neigh_event);
	hook_register(zhg_nl_link, ka_link_event);
	hook_register(zhg_nl_synced, ka_synced);
	zhg_sweep_init(&host_sweep);
}

void zhg_ka_fini(void)
{
	struct zhg_bridge *br;

	hook_unregister(zhg_nl_fdb, ka_fdb_hook);
	hook_unregister(zhg_nl_neigh, ka_neigh_event);
	hook_unregister(zhg_nl_link, ka_link_event);
	hook_unregister(zhg_nl_synced, ka_synced);
	zhg_sweep_fini(&host_sweep);
	zhg_neigh_gc_fini();
	zhg_hosts_fini();
	hg_hash_drain (zhg_bridge_hash, &bridges, br)
		XFREE(MTYPE_HG_BRIDGE, br);
	zhg_bridge_hash_fini(&bridges);
}

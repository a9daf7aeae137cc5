// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Keeping MAC+IP bindings of live hosts from the kernel's neighbour GC. A
 * local neighbour entry on an SVI that goes STALE can be collected
 * gc_stale_time later (once the table holds gc_thresh1 entries), and zebra
 * then withdraws the MAC+IP route although the host is there. Each STALE
 * entry of a tracked host gets a deadline shortly before that; if it is
 * still STALE then, the GC could act and the keepalive holds the host
 * alive, the entry is made REACHABLE again with one netlink request: no
 * packet on the wire, so the probe budget stays one probe per host and
 * ageing period. Dead hosts' entries are left to the GC, and the kernel's
 * own NUD (a FAILED probe) is never overridden.
 */
#include "lib/zebra.h"

#include "lib/jhash.h"
#include "lib/typesafe.h"

#include "zhg.h"
#include "zhg_evpn.h"
#include "zhg_hosts.h"
#include "zhg_keepalive.h"
#include "zhg_netlink.h"
#include "zhg_nlreq.h"
#include "zhg_procfs.h"
#include "zhg_sched.h"
#include "zhg_sweep.h"
#include "common/hg_table.h"

DEFINE_MTYPE_STATIC(HOSTGUARD, HG_NEIGH_REVAL, "hostguard neighbour GC guard");

/* Re-read the kernel's figures at most this often. */
#define GC_CACHE_MS 2000
/* Probe this long before the GC may collect, at most a quarter of it. */
#define REVAL_LEAD_MS 1000
#define REVAL_MIN_MS  200

PREDECL_RBTREE_UNIQ(zhg_reval_tree);

struct zhg_reval {
	struct zhg_reval_tree_item item;
	struct zhg_sched_item sched;
	ifindex_t ifindex;
	struct ipaddr ip;
	/* the host the binding belongs to */
	ifindex_t bridge;
	uint16_t vid;
	uint8_t mac[6];
	uint32_t seen_gen; /* neighbour dump generation that last showed it STALE */
};

HG_DECLARE_INT_IP_TREE(zhg_reval_tree, struct zhg_reval, item, ifindex, ip);

static struct zhg_reval_tree_head revals;
static struct zhg_sched reval_sched;

bool zhg_neigh_gc_can_collect(int family)
{
	static int64_t checked_ms[2];
	static bool answer[2];
	bool v4 = family == AF_INET;
	int i = v4 ? 0 : 1;
	int64_t now = zhg_now_ms();
	long entries, thresh;

	if (checked_ms[i] && now - checked_ms[i] < GC_CACHE_MS)
		return answer[i];
	/* First column of the per-CPU lines is the table size, in hex. */
	entries = zhg_proc_read_long(v4 ? "/proc/net/stat/arp_cache" : "/proc/net/stat/ndisc_cache",
				     16, true);
	thresh = zhg_proc_read_long(v4 ? "/proc/sys/net/ipv4/neigh/default/gc_thresh1"
				       : "/proc/sys/net/ipv6/neigh/default/gc_thresh1",
				    10, false);
	/* When in doubt, assume the GC may run. */
	answer[i] = entries < 0 || thresh < 0 || entries >= thresh;
	checked_ms[i] = now;
	return answer[i];
}

/* The SVI's gc_stale_time in ms (per device, set by the operator). */
static int64_t gc_stale_ms(ifindex_t ifindex, int family)
{
	char path[128];
	long s;

	snprintf(path, sizeof(path), "/proc/sys/net/%s/neigh/%s/gc_stale_time",
		 family == AF_INET ? "ipv4" : "ipv6", zhg_ifname(ifindex));
	s = zhg_proc_read_long(path, 10, false);
	return s > 0 ? (int64_t)s * 1000 : 60000;
}

static void reval_free(struct zhg_reval *r)
{
	zhg_sched_cancel(&reval_sched, &r->sched);
	zhg_reval_tree_del(&revals, r);
	XFREE(MTYPE_HG_NEIGH_REVAL, r);
}

static void refreshed(const struct zhg_nl_result *r)
{
	if (!r->err) {
		zhg_stats.neigh_revalidations++;
	} else if (r->err != -ENOENT) {
		zhg_stats.netlink_errors++;
		ZHG_DEBUG("cannot refresh %pIA on %s: %s", &r->key->ip,
			  zhg_ifname(r->key->ifindex), safe_strerror(-r->err));
	}
}

static void refresh(const struct zhg_reval *r)
{
	ZHG_DEBUG("keeping %pIA (%pEA) on %s from the neighbour GC", &r->ip,
		  (struct ethaddr *)r->mac, zhg_ifname(r->ifindex));
	zhg_nl_neigh_refresh(r->ifindex, &r->ip, r->mac, refreshed, NULL, NULL);
}

static void reval_fire(struct zhg_sched_item *it, int64_t now)
{
	struct zhg_reval *r = container_of(it, struct zhg_reval, sched);
	struct zhg_host *h = zhg_host_find(r->bridge, r->vid, r->mac);
	int family = IS_IPADDR_V4(&r->ip) ? AF_INET : AF_INET6;

	if (h && !zhg_neigh_gc_can_collect(family)) {
		/* Safe for now: look again in a GC period. */
		zhg_sched_at(&reval_sched, &r->sched, now + gc_stale_ms(r->ifindex, family));
		return;
	}
	if (h && zhg_ka_holds(h))
		refresh(r);
	/* Its next STALE re-arms. */
	reval_free(r);
}

void zhg_neigh_gc_stale(ifindex_t ifindex, const struct ipaddr *ip, const struct zhg_host *h)
{
	struct zhg_reval key = { .ifindex = ifindex, .ip = *ip };
	struct zhg_reval *r = zhg_reval_tree_find(&revals, &key);
	int64_t stale = gc_stale_ms(ifindex, IS_IPADDR_V4(ip) ? AF_INET : AF_INET6);
	int64_t lead = MIN(REVAL_LEAD_MS, stale / 4);

	if (!r) {
		r = XCALLOC(MTYPE_HG_NEIGH_REVAL, sizeof(*r));
		r->ifindex = ifindex;
		r->ip = *ip;
		zhg_reval_tree_add(&revals, r);
	}
	r->seen_gen = zhg_nl_gen(ZHG_NL_NEIGH);
	r->bridge = h->bridge;
	r->vid = h->vid;
	memcpy(r->mac, h->mac, sizeof(r->mac));
	zhg_sched_at(&reval_sched, &r->sched, zhg_now_ms() + MAX(stale - lead, REVAL_MIN_MS));
}

void zhg_neigh_gc_fresh(ifindex_t ifindex, const struct ipaddr *ip)
{
	struct zhg_reval key = { .ifindex = ifindex, .ip = *ip };
	struct zhg_reval *r = zhg_reval_tree_find(&revals, &key);

	if (r)
		reval_free(r); /* a timer left running finds nothing due */
}

size_t zhg_neigh_gc_pending(void)
{
	return zhg_reval_tree_count(&revals);
}

static struct zhg_reval_tree_cursor sweep_cursor;

/* A complete neighbour dump: entries not seen STALE in it are not guarded. */
static bool reval_sweep_step(bool restart, uint32_t gen)
{
	struct zhg_reval *r = zhg_reval_tree_resume(&revals, &sweep_cursor, restart);

	if (!r)
		return false;
	if (zhg_nl_unseen(r->seen_gen, gen))
		reval_free(r);
	return true;
}

static struct zhg_sweep reval_sweep = { .table = ZHG_NL_NEIGH, .step = reval_sweep_step };

void zhg_neigh_gc_init(void)
{
	zhg_reval_tree_init(&revals);
	zhg_sched_init(&reval_sched, reval_fire);
	zhg_sweep_init(&reval_sweep);
}

void zhg_neigh_gc_fini(void)
{
	struct zhg_reval *r;

	zhg_sweep_fini(&reval_sweep);
	zhg_sched_fini(&reval_sched);
	while ((r = zhg_reval_tree_pop(&revals)))
		XFREE(MTYPE_HG_NEIGH_REVAL, r);
	zhg_reval_tree_fini(&revals);
}

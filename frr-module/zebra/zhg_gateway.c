// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Anycast gateway state shared by the dataplane guard (dplane pthread) and
 * the main thread.
 *
 * Why a mutex around an immutable snapshot: the dplane thread checks a
 * whole batch of contexts under the lock, the main thread only takes it to
 * swap one pointer when the gateway set changed (rarely: a device, an
 * address or the VNIs changed), and frees the old snapshot after the swap, when no
 * reader can hold it any more. No reader ever sees a half-built set, and
 * no deferred freeing across threads is needed.
 */
#include "lib/zebra.h"

#include <pthread.h>
#include <linux/neighbour.h>

#include "lib/frratomic.h"
#include "lib/jhash.h"
#include "lib/memory.h"
#include "lib/prefix.h"
#include "lib/typesafe.h"

#include "common/hg_table.h"

#include "zhg.h"
#include "zhg_evpn.h"
#include "zhg_gateway.h"
#include "zhg_links.h"
#include "zhg_netlink.h"
#include "zhg_nlreq.h"

DEFINE_MTYPE_STATIC(HOSTGUARD, HG_GW_SNAP, "hostguard gateway snapshot");
DEFINE_MTYPE_STATIC(HOSTGUARD, HG_GW_ONCE, "hostguard gateway conflict state");

/*
 * The gateway set is rebuilt after a device or address change, once
 * zebra has read the same event (it reads its own socket, maybe after
 * hostguard), and once more a little later in case zebra was slow.
 */
#define ZHG_GW_SETTLE_MS  250
#define ZHG_GW_RECHECK_MS 2000
/* How often claims that raced with a snapshot change are caught up. */
#define ZHG_GW_RECLAIM_MS 1000
/* Blocked operations waiting for the main thread; more are counted only. */
#define ZHG_GW_QUEUE_LEN 256
/* Distinct (VNI, MAC or IP, VTEP) conflicts remembered for logging once. */
#define ZHG_GW_ONCE_MAX 1024

const char *const zhg_gw_block_names[ZHG_GW_BLOCK_MAX] = {
	[ZHG_GW_BLOCK_MAC_INSTALL] = "remoteMacInstall",
	[ZHG_GW_BLOCK_MAC_DELETE] = "anycastMacDelete",
	[ZHG_GW_BLOCK_NEIGH_INSTALL] = "remoteNeighInstall",
	[ZHG_GW_BLOCK_NEIGH_DELETE] = "gatewayNeighDelete",
};

struct gw_snap {
	uint32_t n_mac, n_ip;
	struct zhg_gw_mac *macs; /* sorted by (vni, mac) */
	struct zhg_gw_ip *ips;	 /* sorted by (svi, ip) */
	/* What tenants may never claim, in every VNI (main thread only). */
	uint32_t n_devmac, n_addr;
	struct zhg_gw_mac *devmacs; /* gateway devices' MACs, by (vni, mac) */
	struct zhg_gw_ip *addrs;    /* gateway devices' addresses, by (svi, ip) */
};

DEFINE_HOOK(zhg_gw_set_changed, (), ());

static pthread_mutex_t snap_mtx = PTHREAD_MUTEX_INITIALIZER;
static struct gw_snap *snap; /* written by the main thread only */

static pthread_mutex_t queue_mtx = PTHREAD_MUTEX_INITIALIZER;
static struct zhg_gw_event queue[ZHG_GW_QUEUE_LEN];
static uint32_t queue_len;
static atomic_bool drain_pending;

static struct {
	_Atomic uint64_t blocked[ZHG_GW_BLOCK_MAX];
	_Atomic uint64_t events_dropped;
	uint64_t reclaimed, conflicts_logged, once_set_full, snapshots, kernel_scrubbed;
} cnt;

static hg_event_t *reclaim_timer;

/* The "logged once" set: main thread only. */
PREDECL_HASH(gw_once_hash);

struct gw_once {
	struct gw_once_hash_item item;
	enum zhg_gw_once_kind kind;
	vni_t vni;
	uint8_t mac[6];
	struct ipaddr ip;
	uint32_t where;
};

static int once_cmp(const struct gw_once *a, const struct gw_once *b)
{
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if (a->vni != b->vni)
		return a->vni < b->vni ? -1 : 1;
	if (a->where != b->where)
		return a->where < b->where ? -1 : 1;
	if (a->kind == ZHG_GW_ONCE_IP)
		return ipaddr_cmp(&a->ip, &b->ip);
	return memcmp(a->mac, b->mac, 6);
}

static uint32_t once_hash(const struct gw_once *o)
{
	uint32_t h = jhash_3words(o->vni, o->kind, o->where, 0x67776f6e);

	if (o->kind == ZHG_GW_ONCE_IP)
		return jhash(&o->ip.ip, sizeof(o->ip.ip), h);
	return jhash(o->mac, 6, h);
}

DECLARE_HASH(gw_once_hash, struct gw_once, item, once_cmp, once_hash);

static struct gw_once_hash_head once_set;

static int mac_cmp(const void *pa, const void *pb)
{
	const struct zhg_gw_mac *a = pa, *b = pb;

	if (a->vni != b->vni)
		return a->vni < b->vni ? -1 : 1;
	return memcmp(a->mac, b->mac, 6);
}

static int ip_cmp(const void *pa, const void *pb)
{
	const struct zhg_gw_ip *a = pa, *b = pb;

	if (a->svi != b->svi)
		return a->svi < b->svi ? -1 : 1;
	return ipaddr_cmp(&a->ip, &b->ip);
}

/* dplane side */

void zhg_gw_read_lock(void)
{
	pthread_mutex_lock(&snap_mtx);
}

void zhg_gw_read_unlock(void)
{
	pthread_mutex_unlock(&snap_mtx);
}

bool zhg_gw_is_anycast_mac(vni_t vni, const uint8_t *mac)
{
	struct zhg_gw_mac key = { .vni = 0 };

	if (!snap || !snap->n_mac)
		return false;
	/* VNI unknown (FRR 8.4's dataplane): an anycast MAC of any VNI. */
	if (!vni) {
		for (uint32_t i = 0; i < snap->n_mac; i++)
			if (!memcmp(snap->macs[i].mac, mac, 6))
				return true;
		return false;
	}
	memcpy(key.mac, mac, 6);
	/* Anycast MACs from the load arguments hold for every VNI. */
	if (bsearch(&key, snap->macs, snap->n_mac, sizeof(key), mac_cmp))
		return true;
	key.vni = vni;
	return bsearch(&key, snap->macs, snap->n_mac, sizeof(key), mac_cmp) != NULL;
}

bool zhg_gw_is_gateway_ip(ifindex_t svi, const struct ipaddr *ip)
{
	struct zhg_gw_ip key = { .svi = svi, .ip = *ip };

	if (!snap || !snap->n_ip)
		return false;
	return bsearch(&key, snap->ips, snap->n_ip, sizeof(key), ip_cmp) != NULL;
}

static void drain(hg_event_t *ev);

void zhg_gw_report(const struct zhg_gw_event *ev)
{
	bool queued = false;

	atomic_fetch_add_explicit(&cnt.blocked[ev->kind], 1, memory_order_relaxed);
	pthread_mutex_lock(&queue_mtx);
	if (queue_len < ZHG_GW_QUEUE_LEN) {
		queue[queue_len++] = *ev;
		queued = true;
	}
	pthread_mutex_unlock(&queue_mtx);
	if (!queued) {
		atomic_fetch_add_explicit(&cnt.events_dropped, 1, memory_order_relaxed);
		return;
	}
	/* One pending event on the main thread drains everything queued. */
	if (!atomic_exchange_explicit(&drain_pending, true, memory_order_acq_rel))
		hg_event_now(zhg_master, drain, NULL, NULL);
}

/* main thread side */

struct zhg_gw_stats zhg_gw_stats;

/* True the first time something is seen; bounded memory. */
bool zhg_gw_once(enum zhg_gw_once_kind kind, vni_t vni, const uint8_t *mac, const struct ipaddr *ip,
		 uint32_t where)
{
	struct gw_once key = { .kind = kind, .vni = vni, .where = where }, *o;

	if (ip)
		key.ip = *ip;
	if (mac)
		memcpy(key.mac, mac, 6);
	if (gw_once_hash_find(&once_set, &key))
		return false;
	if (gw_once_hash_count(&once_set) >= ZHG_GW_ONCE_MAX) {
		if (!cnt.once_set_full++)
			zlog_warn("hostguard: %u gateway events logged, further ones are only counted",
				  ZHG_GW_ONCE_MAX);
		return false;
	}
	o = XCALLOC(MTYPE_HG_GW_ONCE, sizeof(*o));
	*o = key;
	gw_once_hash_add(&once_set, o);
	return true;
}

/*
 * Reclaim back-off per gateway IP: when something keeps taking a gateway
 * (e.g. bgpd without hostguard evicting the local route in favour of a
 * remote one), reclaiming again at once would loop zebra and bgpd; wait
 * twice as long each time, up to ZHG_GW_BACKOFF_MAX_MS.
 */
#define ZHG_GW_BACKOFF_MIN_MS	1000
#define ZHG_GW_BACKOFF_MAX_MS	60000
#define ZHG_GW_BACKOFF_RESET_MS 30000

PREDECL_HASH(gw_backoff_hash);

struct gw_backoff {
	struct gw_backoff_hash_item item;
	vni_t vni;
	struct ipaddr ip;
	int64_t last_ms;
	uint32_t wait_ms;
};

HG_DECLARE_INT_IP_HASH(gw_backoff_hash, struct gw_backoff, item, vni, ip, 0x6277626f);

static struct gw_backoff_hash_head backoffs;

static struct gw_backoff *backoff_get(vni_t vni, const struct ipaddr *ip)
{
	struct gw_backoff key = { .vni = vni, .ip = *ip }, *b;

	b = gw_backoff_hash_find(&backoffs, &key);
	if (b || gw_backoff_hash_count(&backoffs) >= ZHG_GW_ONCE_MAX)
		return b;
	b = XCALLOC(MTYPE_HG_GW_ONCE, sizeof(*b));
	*b = key;
	gw_backoff_hash_add(&backoffs, b);
	return b;
}

static const struct zhg_gw_ip *gateway_of(ifindex_t svi, const struct ipaddr *ip)
{
	struct zhg_gw_ip key = { .svi = svi, .ip = *ip };

	if (!snap || !snap->n_ip)
		return NULL;
	return bsearch(&key, snap->ips, snap->n_ip, sizeof(key), ip_cmp);
}

static void reclaim(const struct zhg_gw_ip *g)
{
	struct gw_backoff *b = backoff_get(g->vni, &g->ip);
	int64_t now = zhg_now_ms();

	if (!b || now < b->last_ms + b->wait_ms)
		return;
	if (!zhg_evpn_gw_reclaim(g->vni, g->dev, &g->ip))
		return;
	if (b->last_ms && now - b->last_ms < ZHG_GW_BACKOFF_RESET_MS)
		b->wait_ms = MIN(MAX(2 * b->wait_ms, ZHG_GW_BACKOFF_MIN_MS), ZHG_GW_BACKOFF_MAX_MS);
	else
		b->wait_ms = 0;
	b->last_ms = now;
	cnt.reclaimed++;
	ZHG_DEBUG("VNI %u: gateway %pIA on %s is local again", g->vni, &g->ip, zhg_ifname(g->dev));
}

/*
 * A remote neighbour for a gateway IP that reached the kernel before the
 * gateway was known (zebra start-up: routes can arrive before the
 * snapshot names the gateway) is removed; zebra's own delete for it is
 * blocked like any other.
 */
static void scrubbed(const struct zhg_nl_result *r)
{
	if (r->err)
		return;
	cnt.kernel_scrubbed++;
}

/*
 * A remote VTEP's claim on a gateway IP, logged once per (VNI, IP, VTEP).
 * Only while zebra still holds the claim as remote: it names the VTEP.
 */
static void log_claim(const struct zhg_gw_ip *g, const struct ipaddr *ip)
{
	struct in_addr vtep = {};
	uint8_t mac[6];

	if (!zhg_evpn_neigh_remote(g->vni, ip, &vtep, mac) || !vtep.s_addr ||
	    !zhg_gw_once(ZHG_GW_ONCE_IP, g->vni, NULL, ip, vtep.s_addr))
		return;
	cnt.conflicts_logged++;
	zlog_warn("hostguard: VNI %u: VTEP %pI4 claims gateway IP %pIA with MAC %pEA (ours %pEA): not installed, local gateway kept",
		  g->vni, &vtep, ip, (struct ethaddr *)mac, (struct ethaddr *)g->mac);
}

static void scrub_answer(const struct zhg_nl_result *r)
{
	const struct zhg_gw_ip *g;

	if (r->err || !(r->neigh->flags & NTF_EXT_LEARNED))
		return;
	g = gateway_of(r->key->ifindex, &r->key->ip);
	if (!g)
		return; /* no longer a gateway IP */
	/* Installed before the gateway was known: a claim all the same. */
	log_claim(g, &g->ip);
	zlog_warn("hostguard: VNI %u: removing remote neighbour %pIA lladdr %pEA from %s: it is a local gateway IP",
		  g->vni, &g->ip, (struct ethaddr *)r->neigh->mac, zhg_ifname(g->svi));
	zhg_nl_neigh_del(g->svi, &g->ip, scrubbed, NULL, NULL);
}

static void scrub(const struct zhg_gw_ip *g)
{
	zhg_nl_neigh_get(g->svi, &g->ip, scrub_answer, NULL, NULL);
}

static void handle_neigh(const struct zhg_gw_event *ev)
{
	const struct zhg_gw_ip *g = gateway_of(ev->ifindex, &ev->ip);

	if (!g)
		return;
	if (ev->kind == ZHG_GW_BLOCK_NEIGH_INSTALL)
		log_claim(g, &ev->ip);
	scrub(g);
	reclaim(g);
}

static void handle_mac(const struct zhg_gw_event *ev)
{
	/* The dataplane may not know the VNI (FRR 8.4): the bridge does. */
	vni_t vni = ev->vni ? ev->vni : zhg_evpn_bridge_vni(ev->ifindex);

	if (ev->kind != ZHG_GW_BLOCK_MAC_INSTALL ||
	    !zhg_gw_once(ZHG_GW_ONCE_MAC, vni, ev->mac, NULL, ev->vtep.s_addr))
		return;
	cnt.conflicts_logged++;
	zlog_warn("hostguard: VNI %u: VTEP %pI4 advertises anycast gateway MAC %pEA: not installed",
		  vni, &ev->vtep, (struct ethaddr *)ev->mac);
}

static void drain(hg_event_t *t)
{
	struct zhg_gw_event batch[ZHG_GW_QUEUE_LEN];
	uint32_t n;

	atomic_store_explicit(&drain_pending, false, memory_order_release);
	pthread_mutex_lock(&queue_mtx);
	n = queue_len;
	memcpy(batch, queue, n * sizeof(batch[0]));
	queue_len = 0;
	pthread_mutex_unlock(&queue_mtx);

	for (uint32_t i = 0; i < n; i++) {
		if (batch[i].kind == ZHG_GW_BLOCK_NEIGH_INSTALL ||
		    batch[i].kind == ZHG_GW_BLOCK_NEIGH_DELETE)
			handle_neigh(&batch[i]);
		else
			handle_mac(&batch[i]);
	}
}

/* What tenants may claim (main thread: the only writer of snap). */

bool zhg_gw_is_gateway_mac(vni_t vni, const uint8_t *mac)
{
	struct zhg_gw_mac key = { .vni = vni };

	if (zhg_gw_is_anycast_mac(vni, mac))
		return true;
	if (!snap || !snap->n_devmac)
		return false;
	memcpy(key.mac, mac, 6);
	return bsearch(&key, snap->devmacs, snap->n_devmac, sizeof(key), mac_cmp) != NULL;
}

/* Is ip in net/plen; is it that subnet's network or broadcast address? */
static bool in_subnet(const struct ipaddr *ip, const struct ipaddr *net, uint8_t plen,
		      bool *edge)
{
	struct prefix p = {}, host = {};

	if (IS_IPADDR_V4(ip)) {
		p.family = host.family = AF_INET;
		p.u.prefix4 = net->ipaddr_v4;
		host.u.prefix4 = ip->ipaddr_v4;
		host.prefixlen = IPV4_MAX_BITLEN;
	} else {
		p.family = host.family = AF_INET6;
		p.u.prefix6 = net->ipaddr_v6;
		host.u.prefix6 = ip->ipaddr_v6;
		host.prefixlen = IPV6_MAX_BITLEN;
	}
	p.prefixlen = plen;
	if (!prefix_match(&p, &host))
		return false;
	*edge = false;
	if (IS_IPADDR_V4(ip) && plen < 31) {
		uint32_t hostmask = 0xffffffffu >> plen;
		uint32_t h = ntohl(ip->ipaddr_v4.s_addr) & hostmask;

		*edge = h == 0 || h == hostmask;
	}
	return true;
}

/*
 * A subnet is what a gateway device routes for: not a host route (/32,
 * /128) and not IPv6 link-local (every link has fe80::/64).
 */
static bool is_subnet(const struct zhg_gw_ip *g)
{
	if (IS_IPADDR_V4(&g->ip))
		return g->plen < IPV4_MAX_BITLEN;
	return g->plen < IPV6_MAX_BITLEN && !IN6_IS_ADDR_LINKLOCAL(&g->ip.ipaddr_v6);
}

enum zhg_gw_fit zhg_gw_addr_fit(ifindex_t svi, const struct ipaddr *ip)
{
	uint32_t lo = 0, hi;
	bool has_subnet = false, inside = false, edge = false;

	if (!snap)
		return ZHG_GW_FIT_OK;
	/* First address of the SVI's devices (sorted by SVI, then address). */
	hi = snap->n_addr;
	while (lo < hi) {
		uint32_t mid = (lo + hi) / 2;

		if (snap->addrs[mid].svi < svi)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (uint32_t i = lo; i < snap->n_addr && snap->addrs[i].svi == svi; i++) {
		const struct zhg_gw_ip *g = &snap->addrs[i];
		bool at_edge;

		if (g->ip.ipa_type != ip->ipa_type)
			continue;
		if (!ipaddr_cmp(&g->ip, ip))
			return ZHG_GW_FIT_GATEWAY;
		if (!is_subnet(g))
			continue;
		has_subnet = true;
		if (in_subnet(ip, &g->ip, g->plen, &at_edge)) {
			inside |= !at_edge;
			edge |= at_edge;
		}
	}
	if (inside || !has_subnet)
		return ZHG_GW_FIT_OK;
	return edge ? ZHG_GW_FIT_BROADCAST : ZHG_GW_FIT_OUTSIDE;
}

/* Snapshot building */

struct snap_build {
	struct gw_snap *s;
	uint32_t cap_mac, cap_ip, cap_devmac, cap_addr;
};

/* One more zeroed element (snapshots are compared with memcmp()). */
static void *grow(void *arr, uint32_t n, uint32_t *cap, size_t size)
{
	if (n == *cap) {
		*cap = *cap ? 2 * *cap : 16;
		arr = XREALLOC(MTYPE_HG_GW_SNAP, arr, *cap * size);
	}
	memset((char *)arr + n * size, 0, size);
	return arr;
}

static void push_mac(struct zhg_gw_mac **arr, uint32_t *n, uint32_t *cap, vni_t vni,
		     const uint8_t *mac)
{
	*arr = grow(*arr, *n, cap, sizeof(**arr));
	(*arr)[*n].vni = vni;
	memcpy((*arr)[(*n)++].mac, mac, 6);
}

static void push_ip(struct zhg_gw_ip **arr, uint32_t *n, uint32_t *cap,
		    const struct zhg_evpn_gw_dev *d, uint32_t i)
{
	struct zhg_gw_ip *g;

	*arr = grow(*arr, *n, cap, sizeof(**arr));
	g = &(*arr)[(*n)++];
	g->svi = d->svi;
	g->ip = d->ip[i];
	g->dev = d->dev;
	g->vni = d->vni;
	g->plen = d->plen[i];
	memcpy(g->mac, d->mac, 6);
}

static void add_dev(const struct zhg_evpn_gw_dev *d, void *arg)
{
	struct snap_build *b = arg;
	struct gw_snap *s = b->s;

	/* Never a tenant's, whether the VNI is guarded or not. */
	push_mac(&s->devmacs, &s->n_devmac, &b->cap_devmac, d->vni, d->mac);
	for (uint32_t i = 0; i < d->n_ip; i++)
		push_ip(&s->addrs, &s->n_addr, &b->cap_addr, d, i);
	if (hg_uint_set_contains(&zhg_cfg.exclude_vni, d->vni))
		return;
	if (zhg_cfg.anycast_mac.is_auto)
		push_mac(&s->macs, &s->n_mac, &b->cap_mac, d->vni, d->mac);
	if (d->vrr && zhg_cfg.gateway_guard)
		zhg_gw_vrr_repair(d->vni, d->svi, d->dev, d->mac);
	for (uint32_t i = 0; i < d->n_ip; i++)
		push_ip(&s->ips, &s->n_ip, &b->cap_ip, d, i);
}

static void snap_free(struct gw_snap *s)
{
	if (!s)
		return;
	XFREE(MTYPE_HG_GW_SNAP, s->macs);
	XFREE(MTYPE_HG_GW_SNAP, s->ips);
	XFREE(MTYPE_HG_GW_SNAP, s->devmacs);
	XFREE(MTYPE_HG_GW_SNAP, s->addrs);
	XFREE(MTYPE_HG_GW_SNAP, s);
}

/* An empty array is NULL: memcmp() must not see it (undefined). */
static bool same_arr(const void *a, const void *b, size_t len)
{
	return !len || !memcmp(a, b, len);
}

static bool snap_same(const struct gw_snap *a, const struct gw_snap *b)
{
	return a && b && a->n_mac == b->n_mac && a->n_ip == b->n_ip &&
	       a->n_devmac == b->n_devmac && a->n_addr == b->n_addr &&
	       same_arr(a->macs, b->macs, a->n_mac * sizeof(*a->macs)) &&
	       same_arr(a->ips, b->ips, a->n_ip * sizeof(*a->ips)) &&
	       same_arr(a->devmacs, b->devmacs, a->n_devmac * sizeof(*a->devmacs)) &&
	       same_arr(a->addrs, b->addrs, a->n_addr * sizeof(*a->addrs));
}

static struct gw_snap *snap_build(void)
{
	struct snap_build b = { .s = XCALLOC(MTYPE_HG_GW_SNAP, sizeof(struct gw_snap)) };
	struct gw_snap *s = b.s;

	if (!zhg_cfg.anycast_mac.is_auto)
		for (uint32_t i = 0; i < zhg_cfg.anycast_mac.n; i++)
			push_mac(&s->macs, &s->n_mac, &b.cap_mac, zhg_cfg.anycast_mac.vni[i],
				 zhg_cfg.anycast_mac.mac[i]);
	zhg_evpn_gw_walk(add_dev, &b);
	if (s->n_mac)
		qsort(s->macs, s->n_mac, sizeof(*s->macs), mac_cmp);
	if (s->n_ip)
		qsort(s->ips, s->n_ip, sizeof(*s->ips), ip_cmp);
	if (s->n_devmac)
		qsort(s->devmacs, s->n_devmac, sizeof(*s->devmacs), mac_cmp);
	if (s->n_addr)
		qsort(s->addrs, s->n_addr, sizeof(*s->addrs), ip_cmp);
	return s;
}

static void snap_publish(struct gw_snap *s)
{
	struct gw_snap *old;

	pthread_mutex_lock(&snap_mtx);
	old = snap;
	snap = s;
	pthread_mutex_unlock(&snap_mtx);
	snap_free(old);
}

static bool vni_in_snap(const struct gw_snap *s, vni_t vni)
{
	for (uint32_t i = 0; s && i < s->n_mac; i++)
		if (s->macs[i].vni == vni)
			return true;
	for (uint32_t i = 0; s && i < s->n_ip; i++)
		if (s->ips[i].vni == vni)
			return true;
	return false;
}

/* What was remembered about VNIs that have no gateway any more goes. */
static void prune(const struct gw_snap *s)
{
	struct gw_once *o;
	struct gw_backoff *b;

	frr_each_safe (gw_once_hash, &once_set, o)
		if (o->vni && !vni_in_snap(s, o->vni)) {
			gw_once_hash_del(&once_set, o);
			XFREE(MTYPE_HG_GW_ONCE, o);
		}
	frr_each_safe (gw_backoff_hash, &backoffs, b)
		if (!vni_in_snap(s, b->vni)) {
			gw_backoff_hash_del(&backoffs, b);
			XFREE(MTYPE_HG_GW_ONCE, b);
		}
}

static void rebuild(hg_event_t *t)
{
	struct gw_snap *s = snap_build();

	if (snap_same(s, snap)) {
		snap_free(s);
		return;
	}
	cnt.snapshots++;
	ZHG_DEBUG("gateway set: %u anycast MACs, %u gateway IPs", s->n_mac, s->n_ip);
	snap_publish(s);
	prune(s);
	if (zhg_cfg.gateway_guard)
		zhg_gw_spoof_update(s->macs, s->n_mac);
	for (uint32_t i = 0; zhg_cfg.gateway_guard && i < s->n_ip; i++)
		scrub(&s->ips[i]);
	hook_call(zhg_gw_set_changed);
}

static hg_event_t *rebuild_ev, *recheck_ev;

static void recheck(hg_event_t *t)
{
	rebuild(NULL);
}

/* Something a gateway depends on changed: rebuild once zebra knows it. */
void zhg_gw_changed(void)
{
	if (!rebuild_ev)
		hg_timer_msec(zhg_master, rebuild, NULL, ZHG_GW_SETTLE_MS, &rebuild_ev);
	hg_event_cancel(&recheck_ev);
	hg_timer_msec(zhg_master, recheck, NULL, ZHG_GW_RECHECK_MS, &recheck_ev);
}

static int gw_link_changed(const struct zhg_link *old, const struct zhg_link *now)
{
	const struct zhg_link *l = now ? now : old;

	/* SVIs (bridges here; VLAN devices elsewhere) and VRR macvlans. */
	if (l->kind != ZHG_LINK_VXLAN && !l->brport)
		zhg_gw_changed();
	return 0;
}

static int gw_addr_changed(ifindex_t ifindex)
{
	zhg_gw_changed();
	return 0;
}

/* Catch up with claims that raced with a snapshot change. */
static void reclaim_all(hg_event_t *t)
{
	if (zhg_cfg.gateway_guard && snap)
		for (uint32_t i = 0; i < snap->n_ip; i++)
			reclaim(&snap->ips[i]);
	hg_timer_msec(zhg_master, reclaim_all, NULL, ZHG_GW_RECLAIM_MS, &reclaim_timer);
}

void zhg_gw_walk(void (*mac_cb)(const struct zhg_gw_mac *m, void *arg),
		 void (*ip_cb)(const struct zhg_gw_ip *g, void *arg), void *arg)
{
	if (!snap)
		return;
	for (uint32_t i = 0; mac_cb && i < snap->n_mac; i++)
		mac_cb(&snap->macs[i], arg);
	for (uint32_t i = 0; ip_cb && i < snap->n_ip; i++)
		ip_cb(&snap->ips[i], arg);
}

void zhg_gw_counters_get(struct zhg_gw_counters *out)
{
	for (int k = 0; k < ZHG_GW_BLOCK_MAX; k++)
		out->blocked[k] = atomic_load_explicit(&cnt.blocked[k], memory_order_relaxed);
	out->events_dropped = atomic_load_explicit(&cnt.events_dropped, memory_order_relaxed);
	out->reclaimed = cnt.reclaimed;
	out->conflicts_logged = cnt.conflicts_logged;
	out->once_set_full = cnt.once_set_full;
	out->snapshots = cnt.snapshots;
	out->kernel_scrubbed = cnt.kernel_scrubbed;
}

/* The guard's keys: a new gateway set now. */
static int gw_reconfigure(const struct hg_arg_spec *spec)
{
	if (strcmp(spec->key, "gateway-guard") && strcmp(spec->key, "anycast-mac") &&
	    strcmp(spec->key, "exclude-vni"))
		return 0;
	if (!zhg_cfg.gateway_guard)
		zhg_gw_spoof_fini();
	else if (snap)
		zhg_gw_spoof_update(snap->macs, snap->n_mac);
	rebuild(NULL);
	return 0;
}

void zhg_gw_init(void)
{
	hook_register(hg_reconfigure, gw_reconfigure);
	gw_once_hash_init(&once_set);
	gw_backoff_hash_init(&backoffs);
	zhg_gw_vty_init();
	if (zhg_gw_dplane_register())
		zlog_err("hostguard: gateway guard not registered with the dataplane");
	zhg_gw_vrr_init();
	zhg_gw_spoof_init();
	hook_register(zhg_links_changed, gw_link_changed);
	hook_register(zhg_nl_addr, gw_addr_changed);
	rebuild(NULL);
	reclaim_all(NULL);
}

void zhg_gw_fini(void)
{
	struct gw_once *o;
	struct gw_backoff *b;

	hook_unregister(zhg_links_changed, gw_link_changed);
	hook_unregister(zhg_nl_addr, gw_addr_changed);
	hg_event_cancel(&reclaim_timer);
	hg_event_cancel(&rebuild_ev);
	hg_event_cancel(&recheck_ev);
	zhg_gw_spoof_fini();
	zhg_gw_vrr_fini();
	hg_hash_drain (gw_once_hash, &once_set, o)
		XFREE(MTYPE_HG_GW_ONCE, o);
	gw_once_hash_fini(&once_set);
	hg_hash_drain (gw_backoff_hash, &backoffs, b)
		XFREE(MTYPE_HG_GW_ONCE, b);
	gw_backoff_hash_fini(&backoffs);
	snap_publish(NULL);
}

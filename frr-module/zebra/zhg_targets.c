// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Learned probe targets.
 *
 * Only what a MAC says of itself is taken: the claimed MAC must be the
 * frame's source and the frame must come from the port the MAC is tracked
 * on. The kernel's neighbour entries of a MAC are kept too: they are what
 * zebra's own address for the MAC, the first candidate, is made of, and
 * the kernel drops them from a full table while the host lives. A wrong
 * target (a host lying about itself, an address given up since) only
 * makes one probe go unanswered: the probes of one cycle rotate over
 * every candidate, starting with the one the host answered last cycle
 * (an answer is the bridge entry refreshed after a probe, so it is the
 * last probe's), and an unanswered cycle leaves the host to age out as
 * in stock FRR (early mode excepted, see the keepalive).
 */
#include "lib/zebra.h"

#include "lib/json.h"
#include "lib/memory.h"
#include "lib/prefix.h"

#include "zhg.h"
#include "zhg_hosts.h"
#include "zhg_keepalive.h"
#include "zhg_targets.h"

DEFINE_MTYPE_STATIC(HOSTGUARD, HG_TARGETS, "hostguard probe targets");

/* Addresses kept per MAC, most recently claimed first. */
#define TGT_V4 2
#define TGT_V6 3
/* Claims of MACs not tracked yet (the frame came before the bridge's
 * notification was read), looked at when the MAC gets tracked.
 */
#define PENDING_MAX 32
#define PENDING_MS  5000
/*
 * Hosts seen testing an address (ARP probe, DAD NS): never probed for it
 * until this long after their last test frame. RFC 5227 spaces probes by
 * at most 2 s and announces 2 s after the last; IPv6 DAD waits 1 s per NS.
 */
#define DAD_MAX	    64
#define DAD_HOLD_MS 4000

/*
 * Candidates of a host as slots that survive the reordering of its
 * addresses: SLOT_NONE stands for zebra's address when no learned one
 * equals it (the first candidate anyway), then v4[], v6[], the echo.
 */
#define SLOT_NONE 0
#define SLOT_V4	  1
#define SLOT_V6	  (SLOT_V4 + TGT_V4)
#define SLOT_ECHO (SLOT_V6 + TGT_V6)

struct zhg_targets {
	uint8_t n4, n6;
	/* In the padding: the slot of the cycle's last probe, and of the
	 * last answered one, where the next cycle starts.
	 */
	uint8_t probed, answered;
	struct in_addr v4[TGT_V4];
	struct in6_addr v6[TGT_V6];
};

struct mac_ip {
	ifindex_t bridge;
	uint8_t mac[ETH_ALEN];
	struct ipaddr ip;
	int64_t at_ms;
};

struct zhg_targets_counters zhg_targets_stats;

static struct mac_ip pending[PENDING_MAX];
static unsigned int pending_next;
static struct mac_ip dad[DAD_MAX];
static unsigned int dad_next;

static void claim_ip(const struct hg_binding_claim *c, struct ipaddr *ip)
{
	memset(ip, 0, sizeof(*ip));
	ip->ipa_type = c->family == AF_INET ? IPADDR_V4 : IPADDR_V6;
	if (c->family == AF_INET)
		ip->ipaddr_v4 = c->ip.v4;
	else
		ip->ipaddr_v6 = c->ip.v6;
}

static void ring_put(struct mac_ip *ring, unsigned int size, unsigned int *next, ifindex_t bridge,
		     const uint8_t *mac, const struct ipaddr *ip, int64_t at_ms)
{
	struct mac_ip *e = NULL;

	/* Refresh an entry of the same MAC and address rather than duplicate it. */
	for (unsigned int i = 0; i < size && !e; i++)
		if (ring[i].bridge == bridge && !memcmp(ring[i].mac, mac, ETH_ALEN) &&
		    !ipaddr_cmp(&ring[i].ip, ip))
			e = &ring[i];
	if (!e) {
		e = &ring[*next];
		*next = (*next + 1) % size;
	}
	e->bridge = bridge;
	memcpy(e->mac, mac, ETH_ALEN);
	e->ip = *ip;
	e->at_ms = at_ms;
}

/*
 * The array at slot base had its first n entries shifted by one and the
 * next one moved to the front (found) or dropped: follow it in *slot.
 */
static void slot_follow(uint8_t *slot, uint8_t base, unsigned int n, bool found)
{
	unsigned int k = *slot - base;

	if (*slot < base || k > n)
		return;
	*slot = k < n ? *slot + 1 : found ? base : SLOT_NONE;
}

static void slots_follow(struct zhg_targets *t, uint8_t base, unsigned int n, bool found)
{
	slot_follow(&t->probed, base, n, found);
	slot_follow(&t->answered, base, n, found);
}

/* Add ip in front of h's targets; true if it was not there. */
static bool targets_add(struct zhg_host *h, const struct ipaddr *ip)
{
	struct zhg_targets *t = h->targets;
	unsigned int i, n;

	if (!t)
		t = h->targets = XCALLOC(MTYPE_HG_TARGETS, sizeof(*t));
	if (IS_IPADDR_V4(ip)) {
		for (i = 0; i < t->n4 && t->v4[i].s_addr != ip->ipaddr_v4.s_addr; i++)
			;
		n = i < t->n4 ? i : MIN(t->n4, TGT_V4 - 1);
		slots_follow(t, SLOT_V4, n, i < t->n4);
		memmove(&t->v4[1], &t->v4[0], n * sizeof(t->v4[0]));
		t->v4[0] = ip->ipaddr_v4;
		if (i < t->n4)
			return false;
		t->n4 = (uint8_t)MIN(t->n4 + 1, TGT_V4);
		return true;
	}
	for (i = 0; i < t->n6 && !IPV6_ADDR_SAME(&t->v6[i], &ip->ipaddr_v6); i++)
		;
	n = i < t->n6 ? i : MIN(t->n6, TGT_V6 - 1);
	slots_follow(t, SLOT_V6, n, i < t->n6);
	memmove(&t->v6[1], &t->v6[0], n * sizeof(t->v6[0]));
	t->v6[0] = ip->ipaddr_v6;
	if (i < t->n6)
		return false;
	t->n6 = (uint8_t)MIN(t->n6 + 1, TGT_V6);
	return true;
}

/* True if ip is new among h's targets. */
static bool learned(struct zhg_host *h, const struct ipaddr *ip)
{
	if (!targets_add(h, ip))
		return false;
	zhg_targets_stats.learned++;
	ZHG_DEBUG("VNI %u: %pEA on %s: probe target %pIA", h->vni, (struct ethaddr *)h->mac,
		  zhg_ifname(h->port), ip);
	zhg_ka_target_learned(h);
	return true;
}

void zhg_targets_frame(const struct zhg_port_info *pi, ifindex_t port,
		       const struct hg_binding_claim *c)
{
	int64_t now = zhg_now_ms();
	struct zhg_host *h;
	struct ipaddr ip;

	if (c->tentative_family) {
		memset(&ip, 0, sizeof(ip));
		ip.ipa_type = c->tentative_family == AF_INET ? IPADDR_V4 : IPADDR_V6;
		if (c->tentative_family == AF_INET)
			ip.ipaddr_v4 = c->tentative.v4;
		else
			ip.ipaddr_v6 = c->tentative.v6;
		zhg_targets_stats.dad_seen++;
		ring_put(dad, DAD_MAX, &dad_next, pi->bridge, c->src_mac, &ip, now);
	}
	if (!c->family || !zhg_cfg.keepalive || !zhg_cfg.learn_targets)
		return;
	if (memcmp(c->mac, c->src_mac, ETH_ALEN)) {
		zhg_targets_stats.mac_mismatch++;
		return;
	}
	claim_ip(c, &ip);
	if (!memcmp(c->mac, pi->svi_mac, ETH_ALEN) || zhg_evpn_svi_has_ip(pi->svi, &ip)) {
		zhg_targets_stats.refused++;
		return;
	}
	h = zhg_host_find(pi->bridge, pi->vid, c->mac);
	if (!h) {
		zhg_targets_stats.untracked++;
		ring_put(pending, PENDING_MAX, &pending_next, pi->bridge, c->mac, &ip, now);
		return;
	}
	if (h->port != port) {
		zhg_targets_stats.port_mismatch++;
		return;
	}
	learned(h, &ip);
}

void zhg_targets_neigh(struct zhg_host *h, const struct ipaddr *ip)
{
	if (!zhg_cfg.keepalive || !zhg_cfg.learn_targets)
		return;
	if (learned(h, ip))
		zhg_targets_stats.from_neigh++;
}

void zhg_targets_host_new(struct zhg_host *h)
{
	int64_t now = zhg_now_ms();

	for (unsigned int i = 0; i < PENDING_MAX; i++) {
		struct mac_ip *e = &pending[i];

		if (!e->bridge || e->bridge != h->bridge || memcmp(e->mac, h->mac, ETH_ALEN) ||
		    now - e->at_ms > PENDING_MS)
			continue;
		zhg_targets_stats.adopted++;
		learned(h, &e->ip);
		e->bridge = 0;
	}
}

void zhg_targets_host_free(struct zhg_host *h)
{
	XFREE(MTYPE_HG_TARGETS, h->targets);
}

int64_t zhg_targets_dad_until(ifindex_t bridge, const uint8_t *mac, const struct ipaddr *ip,
			      int64_t now)
{
	for (unsigned int i = 0; i < DAD_MAX; i++) {
		const struct mac_ip *e = &dad[i];

		if (e->bridge == bridge && e->at_ms + DAD_HOLD_MS > now &&
		    !memcmp(e->mac, mac, ETH_ALEN) && !ipaddr_cmp(&e->ip, ip))
			return e->at_ms + DAD_HOLD_MS;
	}
	return 0;
}

enum zhg_pick zhg_targets_pick(struct zhg_host *h, unsigned int attempt, int64_t now,
			       struct zhg_probe_target *pt, int64_t *wait_until_ms)
{
	struct ipaddr cand[1 + TGT_V4 + TGT_V6];
	uint8_t slot[1 + TGT_V4 + TGT_V6];
	struct zhg_targets *t = zhg_cfg.learn_targets ? h->targets : NULL;
	unsigned int n = 0, i, total, first = 0;
	int64_t wait = 0;

	if (!zhg_evpn_probe_target(h->vni, h->bridge, h->port, h->vid, h->mac, pt))
		return ZHG_PICK_NONE; /* the VNI or bridge is gone */
	if (pt->family) {
		slot[n] = SLOT_NONE;
		cand[n++] = pt->target;
	}
	for (i = 0; t && i < t->n4 + t->n6; i++) {
		struct ipaddr ip = {};
		bool dup = false;

		if (i < t->n4) {
			ip.ipa_type = IPADDR_V4;
			ip.ipaddr_v4 = t->v4[i];
		} else {
			ip.ipa_type = IPADDR_V6;
			ip.ipaddr_v6 = t->v6[i - t->n4];
		}
		for (unsigned int j = 0; j < n && !dup; j++)
			dup = !ipaddr_cmp(&cand[j], &ip);
		if (!dup) {
			slot[n] = (uint8_t)(i < t->n4 ? SLOT_V4 + i : SLOT_V6 + i - t->n4);
			cand[n++] = ip;
		}
	}
	/* Never ask a host for an address it is testing: it would take the
	 * probe for a conflict (RFC 5227 2.1.1).
	 */
	for (i = 0; i < n;) {
		int64_t until = zhg_targets_dad_until(h->bridge, h->mac, &cand[i], now);

		if (!until) {
			i++;
			continue;
		}
		zhg_targets_stats.dad_skips++;
		wait = MAX(wait, until);
		slot[i] = slot[n - 1];
		cand[i] = cand[--n];
	}
	total = n + (zhg_cfg.learn_targets ? 1 : 0);
	if (!total) {
		*wait_until_ms = wait;
		return wait ? ZHG_PICK_WAIT : ZHG_PICK_NONE;
	}
	/* Start where the host answered last; the others only if it does not. */
	if (t && t->answered == SLOT_ECHO && total > n)
		first = n;
	for (i = 0; t && t->answered != SLOT_NONE && i < n; i++)
		if (slot[i] == t->answered)
			first = i;
	i = (first + attempt) % total;
	if (t)
		t->probed = i < n ? slot[i] : SLOT_ECHO;
	if (i < n)
		return zhg_evpn_probe_ip(h->vni, h->bridge, h->port, h->vid, h->mac, &cand[i], pt)
			       ? ZHG_PICK_ADDR
			       : ZHG_PICK_NONE;
	return zhg_evpn_probe_all_nodes(h->vni, h->bridge, h->port, h->vid, h->mac, pt)
		       ? ZHG_PICK_ECHO
		       : ZHG_PICK_NONE;
}

void zhg_targets_answered(struct zhg_host *h)
{
	if (h->targets)
		h->targets->answered = h->targets->probed;
}

void zhg_targets_host_json(const struct zhg_host *h, struct json_object *o)
{
	const struct zhg_targets *t = h->targets;
	json_object *a = json_object_new_array();
	char buf[INET6_ADDRSTRLEN];

	for (unsigned int i = 0; t && i < t->n4; i++)
		json_object_array_add(a, json_object_new_string(
						 inet_ntop(AF_INET, &t->v4[i], buf, sizeof(buf))));
	for (unsigned int i = 0; t && i < t->n6; i++)
		json_object_array_add(a, json_object_new_string(
						 inet_ntop(AF_INET6, &t->v6[i], buf, sizeof(buf))));
	json_object_object_add(o, "probeTargets", a);
}

void zhg_targets_status_json(struct json_object *json)
{
	const struct zhg_targets_counters *c = &zhg_targets_stats;
	json_object *o = json_object_new_object();

	json_object_boolean_add(o, "learning", zhg_cfg.keepalive && zhg_cfg.learn_targets);
	json_object_int_add(o, "learned", (int64_t)c->learned);
	json_object_int_add(o, "adopted", (int64_t)c->adopted);
	json_object_int_add(o, "fromNeighbours", (int64_t)c->from_neigh);
	json_object_int_add(o, "untracked", (int64_t)c->untracked);
	json_object_int_add(o, "portMismatch", (int64_t)c->port_mismatch);
	json_object_int_add(o, "macMismatch", (int64_t)c->mac_mismatch);
	json_object_int_add(o, "refused", (int64_t)c->refused);
	json_object_int_add(o, "dadSeen", (int64_t)c->dad_seen);
	json_object_int_add(o, "dadSkips", (int64_t)c->dad_skips);
	json_object_int_add(o, "echoProbes", (int64_t)c->echo_probes);
	json_object_object_add(json, "probeTargets", o);
}

void zhg_targets_init(void)
{
	memset(pending, 0, sizeof(pending));
	memset(dad, 0, sizeof(dad));
}

void zhg_targets_fini(void)
{
}

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The host table and its deadline scheduler.
 */
#include "lib/zebra.h"

#include "lib/jhash.h"
#include "lib/memory.h"

#include "zhg.h"
#include "zhg_hosts.h"


const char *const zhg_state_names[ZHG_STATE_MAX] = {
	[ZHG_ACTIVE] = "active",
	[ZHG_PROBING] = "probing",
	[ZHG_SILENT_ALIVE] = "silentAlive",
	[ZHG_DEAD] = "dead",
};

static int host_cmp(const struct zhg_host *a, const struct zhg_host *b)
{
	if (a->bridge != b->bridge)
		return a->bridge < b->bridge ? -1 : 1;
	if (a->vid != b->vid)
		return a->vid < b->vid ? -1 : 1;
	return memcmp(a->mac, b->mac, 6);
}

static uint32_t host_hash(const struct zhg_host *h)
{
	return jhash(h->mac, 6, jhash_2words((uint32_t)h->bridge, h->vid, 0x686f7374));
}

DECLARE_HASH(zhg_host_hash, struct zhg_host, hitem, host_cmp, host_hash);

static int sched_cmp(const struct zhg_host *a, const struct zhg_host *b)
{
	if (a->deadline_ms != b->deadline_ms)
		return a->deadline_ms < b->deadline_ms ? -1 : 1;
	return 0;
}

DECLARE_HEAP(zhg_host_sched, struct zhg_host, sitem, sched_cmp);

static struct zhg_host_hash_head hosts;
static struct zhg_host_sched_head sched;
static hg_event_t *sched_timer;
static int64_t sched_timer_at = INT64_MAX;
static void (*expire_cb)(struct zhg_host *h, int64_t now_ms);

static void sched_run(hg_event_t *ev);

static void sched_rearm(void)
{
	struct zhg_host *first = zhg_host_sched_first(&sched);
	int64_t now, delay;

	if (!first) {
		hg_event_cancel(&sched_timer);
		sched_timer_at = INT64_MAX;
		return;
	}
	if (sched_timer && sched_timer_at <= first->deadline_ms)
		return;
	hg_event_cancel(&sched_timer);
	now = zhg_now_ms();
	delay = first->deadline_ms > now ? first->deadline_ms - now : 0;
	sched_timer_at = first->deadline_ms;
	hg_timer_msec(zhg_master, sched_run, NULL, delay, &sched_timer);
}

static void sched_run(hg_event_t *ev)
{
	int64_t now = zhg_now_ms();
	int64_t until = zhg_now_us() + ZHG_CALLBACK_BUDGET_US;
	struct zhg_host *h;

	sched_timer_at = INT64_MAX;
	while ((h = zhg_host_sched_first(&sched)) && h->deadline_ms <= now + ZHG_TIMER_SLACK_MS &&
	       zhg_now_us() < until) {
		zhg_host_sched_del(&sched, h);
		h->scheduled = false;
		expire_cb(h, now); /* may re-schedule or delete h */
	}
	sched_rearm();
}

void zhg_host_schedule(struct zhg_host *h, int64_t deadline_ms)
{
	if (h->scheduled)
		zhg_host_sched_del(&sched, h);
	h->deadline_ms = deadline_ms;
	zhg_host_sched_add(&sched, h);
	h->scheduled = true;
	sched_rearm();
}

void zhg_host_unschedule(struct zhg_host *h)
{
	if (!h->scheduled)
		return;
	zhg_host_sched_del(&sched, h);
	h->scheduled = false;
}

struct zhg_host *zhg_host_find(ifindex_t bridge, uint16_t vid, const uint8_t *mac)
{
	struct zhg_host key = { .bridge = bridge, .vid = vid };

	memcpy(key.mac, mac, 6);
	return zhg_host_hash_find(&hosts, &key);
}

struct zhg_host *zhg_host_add(ifindex_t bridge, uint16_t vid, const uint8_t *mac)
{
	struct zhg_host *h = XCALLOC(MTYPE_HG_HOST, sizeof(*h));

	h->bridge = bridge;
	h->vid = vid;
	memcpy(h->mac, mac, 6);
	zhg_host_hash_add(&hosts, h);
	zhg_stats.hosts_tracked = zhg_host_hash_count(&hosts);
	return h;
}

void zhg_host_del(struct zhg_host *h)
{
	zhg_host_unschedule(h);
	zhg_host_hash_del(&hosts, h);
	zhg_stats.hosts_tracked = zhg_host_hash_count(&hosts);
	XFREE(MTYPE_HG_HOST, h);
}

size_t zhg_hosts_count(void)
{
	return zhg_host_hash_count(&hosts);
}

size_t zhg_hosts_scheduled(void)
{
	return zhg_host_sched_count(&sched);
}

void zhg_hosts_walk(void (*fn)(struct zhg_host *h, void *arg), void *arg)
{
	struct zhg_host *h;

	frr_each_safe (zhg_host_hash, &hosts, h)
		fn(h, arg);
}

void zhg_hosts_init(void (*expire)(struct zhg_host *h, int64_t now_ms))
{
	expire_cb = expire;
	zhg_host_hash_init(&hosts);
	zhg_host_sched_init(&sched);
}

void zhg_hosts_fini(void)
{
	struct zhg_host *h;

	hg_event_cancel(&sched_timer);
	while ((h = zhg_host_sched_pop(&sched)))
		h->scheduled = false;
	while ((h = zhg_host_hash_pop(&hosts)))
		XFREE(MTYPE_HG_HOST, h);
	zhg_host_sched_fini(&sched);
	zhg_host_hash_fini(&hosts);
}

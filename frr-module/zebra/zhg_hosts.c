// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The host table.
 */
#include "lib/zebra.h"

#include "lib/jhash.h"
#include "lib/memory.h"

#include "zhg.h"
#include "zhg_hosts.h"
#include "zhg_nlreq.h"
#include "zhg_targets.h"
#include "common/hg_table.h"


const char *const zhg_state_names[ZHG_STATE_MAX] = {
	[ZHG_ACTIVE] = "active",
	[ZHG_PROBING] = "probing",
	[ZHG_SILENT_ALIVE] = "silentAlive",
	[ZHG_DEAD] = "dead",
};

HG_DECLARE_BRMAC_TREE(zhg_host_tree, struct zhg_host, item, bridge, vid, mac);

static struct zhg_host_tree_head hosts;
static struct zhg_host_tree_cursor sweep_cursor;
static struct zhg_sched sched;
static void (*expire_cb)(struct zhg_host *h, int64_t now_ms);

static void host_fire(struct zhg_sched_item *it, int64_t now)
{
	expire_cb(container_of(it, struct zhg_host, sched), now); /* may re-arm or delete it */
}

void zhg_host_schedule(struct zhg_host *h, int64_t deadline_ms)
{
	zhg_sched_at(&sched, &h->sched, deadline_ms);
}

void zhg_host_unschedule(struct zhg_host *h)
{
	zhg_sched_cancel(&sched, &h->sched);
}

struct zhg_host *zhg_host_find(ifindex_t bridge, uint16_t vid, const uint8_t *mac)
{
	struct zhg_host key = { .bridge = bridge, .vid = vid };

	memcpy(key.mac, mac, 6);
	return zhg_host_tree_find(&hosts, &key);
}

struct zhg_host *zhg_host_add(ifindex_t bridge, uint16_t vid, const uint8_t *mac)
{
	struct zhg_host *h = XCALLOC(MTYPE_HG_HOST, sizeof(*h));

	h->bridge = bridge;
	h->vid = vid;
	memcpy(h->mac, mac, 6);
	zhg_host_tree_add(&hosts, h);
	zhg_stats.hosts_tracked = zhg_host_tree_count(&hosts);
	return h;
}

void zhg_host_del(struct zhg_host *h)
{
	zhg_nl_cancel(&h->nl_req);
	zhg_host_unschedule(h);
	zhg_host_tree_del(&hosts, h);
	zhg_stats.hosts_tracked = zhg_host_tree_count(&hosts);
	zhg_targets_host_free(h);
	XFREE(MTYPE_HG_HOST, h);
}

size_t zhg_hosts_count(void)
{
	return zhg_host_tree_count(&hosts);
}

size_t zhg_hosts_scheduled(void)
{
	return zhg_sched_count(&sched);
}

void zhg_hosts_walk(void (*fn)(struct zhg_host *h, void *arg), void *arg)
{
	struct zhg_host *h;

	frr_each_safe (zhg_host_tree, &hosts, h)
		fn(h, arg);
}

struct zhg_host *zhg_hosts_resume(bool restart)
{
	return zhg_host_tree_resume(&hosts, &sweep_cursor, restart);
}

void zhg_hosts_init(void (*expire)(struct zhg_host *h, int64_t now_ms))
{
	expire_cb = expire;
	zhg_host_tree_init(&hosts);
	zhg_sched_init(&sched, host_fire);
}

void zhg_hosts_fini(void)
{
	struct zhg_host *h;

	zhg_sched_fini(&sched);
	while ((h = zhg_host_tree_pop(&hosts))) {
		zhg_nl_cancel(&h->nl_req);
		zhg_targets_host_free(h);
		XFREE(MTYPE_HG_HOST, h);
	}
	zhg_host_tree_fini(&hosts);
}

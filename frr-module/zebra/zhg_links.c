// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Device index from link events (see zhg_links.h). Three views of the same
 * entries: by ifindex, by (bridge, ifindex) and by (lower, ifindex), the
 * latter two sorted so that a bridge's ports or a device's macvlans are one
 * range.
 */
#include "lib/zebra.h"

#include "lib/jhash.h"
#include "lib/memory.h"
#include "lib/typesafe.h"

#include "zhg.h"
#include "zhg_links.h"
#include "common/hg_table.h"

DEFINE_MTYPE_STATIC(HOSTGUARD, HG_LINK, "hostguard device");

DEFINE_HOOK(zhg_links_changed, (const struct zhg_link *old, const struct zhg_link *now),
	    (old, now));

PREDECL_HASH(links_by_index);
PREDECL_RBTREE_UNIQ(links_by_master);
PREDECL_RBTREE_UNIQ(links_by_lower);

struct zhg_linkent {
	struct links_by_index_item iitem;
	struct links_by_master_item mitem; /* when l.master */
	struct links_by_lower_item litem;  /* when a macvlan with l.lower */
	struct zhg_link l;
	uint32_t seen_gen;
};

HG_DECLARE_INT_HASH(links_by_index, struct zhg_linkent, iitem, l.ifindex, 0x6c696e6b);

static int master_cmp(const struct zhg_linkent *a, const struct zhg_linkent *b)
{
	if (a->l.master != b->l.master)
		return numcmp(a->l.master, b->l.master);
	return numcmp(a->l.ifindex, b->l.ifindex);
}

DECLARE_RBTREE_UNIQ(links_by_master, struct zhg_linkent, mitem, master_cmp);

static int lower_cmp(const struct zhg_linkent *a, const struct zhg_linkent *b)
{
	if (a->l.lower != b->l.lower)
		return numcmp(a->l.lower, b->l.lower);
	return numcmp(a->l.ifindex, b->l.ifindex);
}

DECLARE_RBTREE_UNIQ(links_by_lower, struct zhg_linkent, litem, lower_cmp);

static struct links_by_index_head by_index;
static struct links_by_master_head by_master;
static struct links_by_lower_head by_lower;

static struct zhg_linkent *find(ifindex_t ifindex)
{
	struct zhg_linkent key = { .l.ifindex = ifindex };

	return links_by_index_find(&by_index, &key);
}

const struct zhg_link *zhg_links_get(ifindex_t ifindex)
{
	struct zhg_linkent *e = find(ifindex);

	return e ? &e->l : NULL;
}

static void unindex(struct zhg_linkent *e)
{
	if (e->l.master)
		links_by_master_del(&by_master, e);
	if (e->l.kind == ZHG_LINK_MACVLAN && e->l.lower)
		links_by_lower_del(&by_lower, e);
}

static void reindex(struct zhg_linkent *e)
{
	if (e->l.master)
		links_by_master_add(&by_master, e);
	if (e->l.kind == ZHG_LINK_MACVLAN && e->l.lower)
		links_by_lower_add(&by_lower, e);
}

static void ent_del(struct zhg_linkent *e)
{
	struct zhg_link old = e->l;

	unindex(e);
	links_by_index_del(&by_index, e);
	XFREE(MTYPE_HG_LINK, e);
	hook_call(zhg_links_changed, &old, NULL);
}

static int link_event(const struct zhg_link *link)
{
	struct zhg_linkent *e = find(link->ifindex);
	struct zhg_link old;

	if (link->brport) {
		/* Only the port's bridge settings: merged into the device. */
		if (!e || (e->l.vxport.port_learning == link->vxport.port_learning &&
			   e->l.vxport.neigh_suppress == link->vxport.neigh_suppress))
			return 0;
		old = e->l;
		e->l.vxport.port_learning = link->vxport.port_learning;
		e->l.vxport.neigh_suppress = link->vxport.neigh_suppress;
		hook_call(zhg_links_changed, &old, &e->l);
		return 0;
	}
	if (link->deleted) {
		if (e)
			ent_del(e);
		return 0;
	}
	if (!e) {
		e = XCALLOC(MTYPE_HG_LINK, sizeof(*e));
		e->l = *link;
		links_by_index_add(&by_index, e);
		reindex(e);
		e->seen_gen = zhg_nl_gen(ZHG_NL_LINK);
		hook_call(zhg_links_changed, NULL, &e->l);
		return 0;
	}
	e->seen_gen = zhg_nl_gen(ZHG_NL_LINK);
	if (!memcmp(&e->l, link, sizeof(*link)))
		return 0;
	old = e->l;
	unindex(e);
	e->l = *link;
	reindex(e);
	hook_call(zhg_links_changed, &old, &e->l);
	return 0;
}

/* A complete link dump: devices whose removal was missed go now. */
static int links_synced(enum zhg_nl_table table, uint32_t gen)
{
	struct zhg_linkent *e;

	if (table != ZHG_NL_LINK)
		return 0;
	frr_each_safe (links_by_index, &by_index, e)
		if (e->seen_gen != gen)
			ent_del(e);
	return 0;
}

bool zhg_links_bridge_has_vxlan(ifindex_t bridge)
{
	struct zhg_linkent key = { .l.master = bridge }, *e, *from;

	from = links_by_master_find_gteq(&by_master, &key);
	frr_each_from (links_by_master, &by_master, e, from) {
		if (e->l.master != bridge)
			break;
		if (e->l.kind == ZHG_LINK_VXLAN)
			return true;
	}
	return false;
}

void zhg_links_ports_of(ifindex_t bridge, void (*fn)(const struct zhg_link *l, void *arg),
			void *arg)
{
	struct zhg_linkent key = { .l.master = bridge }, *e, *from;

	if (!bridge)
		return;
	from = links_by_master_find_gteq(&by_master, &key);
	frr_each_from (links_by_master, &by_master, e, from) {
		if (e->l.master != bridge)
			break;
		fn(&e->l, arg);
	}
}

void zhg_links_macvlans_of(ifindex_t lower, void (*fn)(const struct zhg_link *l, void *arg),
			   void *arg)
{
	struct zhg_linkent key = { .l.lower = lower }, *e, *from;

	if (!lower)
		return;
	from = links_by_lower_find_gteq(&by_lower, &key);
	frr_each_from (links_by_lower, &by_lower, e, from) {
		if (e->l.lower != lower)
			break;
		fn(&e->l, arg);
	}
}

size_t zhg_links_count(void)
{
	return links_by_index_count(&by_index);
}

void zhg_links_init(void)
{
	links_by_index_init(&by_index);
	links_by_master_init(&by_master);
	links_by_lower_init(&by_lower);
	hook_register(zhg_nl_link, link_event);
	hook_register(zhg_nl_synced, links_synced);
}

void zhg_links_fini(void)
{
	struct zhg_linkent *e;

	hook_unregister(zhg_nl_link, link_event);
	hook_unregister(zhg_nl_synced, links_synced);
	hg_hash_drain (links_by_index, &by_index, e) {
		unindex(e);
		XFREE(MTYPE_HG_LINK, e);
	}
	links_by_index_fini(&by_index);
	links_by_master_fini(&by_master);
	links_by_lower_fini(&by_lower);
}

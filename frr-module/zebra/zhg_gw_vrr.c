// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * VRR layout (a macvlan over the SVI carries the gateway IP and the anycast
 * MAC, the SVI keeps the node's MAC): kernel state the module owns and
 * repairs so that a host's ARP for its gateway gets one answer, with the
 * anycast MAC.
 *
 * - arp_ignore=1 on the SVI: by default Linux answers an ARP request for
 *   any local address on any interface, so the SVI answers for the VRR's
 *   gateway IP too, with the node's MAC, and usually first. With 1 it only
 *   answers for its own addresses; the VRR device answers for the gateway.
 *   (IPv6 neighbour discovery is per interface already.)
 * - The anycast MAC as a local entry of the bridge: macvlan only puts it in
 *   the bridge's address filter, so the bridge would learn it on a port
 *   from a tenant frame and forward the gateway's traffic there.
 */
#include "lib/zebra.h"

#include <fcntl.h>
#include <linux/neighbour.h>

#include "lib/jhash.h"
#include "lib/privs.h"
#include "lib/typesafe.h"
#include "zebra/zserv.h"

#include "zhg.h"
#include "zhg_evpn.h"
#include "zhg_gateway.h"
#include "zhg_netlink.h"
#include "zhg_nlreq.h"
#include "zhg_procfs.h"
#include "common/hg_table.h"

extern struct zebra_privs_t zserv_privs;

DEFINE_MTYPE_STATIC(HOSTGUARD, HG_GW_BRLOCAL, "hostguard bridge-local MAC");

/* The value arp_ignore must at least have on an SVI with VRR devices. */
#define ZHG_SVI_ARP_IGNORE 1

static int arp_ignore_path(ifindex_t ifindex, char *path, size_t len)
{
	const char *name = zhg_ifname(ifindex);

	if (!strcmp(name, "?"))
		return -1;
	snprintf(path, len, "/proc/sys/net/ipv4/conf/%s/arp_ignore", name);
	return 0;
}

int zhg_gw_svi_arp_ignore(ifindex_t svi)
{
	char path[128];

	if (arp_ignore_path(svi, path, sizeof(path)))
		return -1;
	return (int)zhg_proc_read_long(path, 10, false);
}

static int set_arp_ignore(ifindex_t svi, int val)
{
	char path[128], buf[16];
	int fd = -1, len, ret = -1;

	if (arp_ignore_path(svi, path, sizeof(path)))
		return -1;
	len = snprintf(buf, sizeof(buf), "%d\n", val);
	frr_with_privs (&zserv_privs) {
		fd = open(path, O_WRONLY | O_CLOEXEC);
		if (fd >= 0)
			ret = write(fd, buf, (size_t)len) == len ? 0 : -1;
	}
	if (fd >= 0)
		close(fd);
	return ret;
}

/*
 * The bridges' own entries (port = the bridge: its MAC, "self local"
 * entries), indexed from FDB events: a few per bridge. Whether an anycast
 * MAC is pinned is then known without asking the kernel, and a pinning
 * in flight is asked for once, however many frames trigger it.
 */
PREDECL_HASH(brlocal_hash);
struct brlocal {
	struct brlocal_hash_item item;
	ifindex_t bridge;
	uint16_t vid;
	uint8_t mac[6];
	bool pending; /* our request in flight, no event yet */
	uint32_t seen_gen;
};

HG_DECLARE_BRMAC_HASH(brlocal_hash, struct brlocal, item, bridge, vid, mac, 0x62726c6f);

static struct brlocal_hash_head brlocals;

static struct brlocal *brlocal_find(ifindex_t bridge, uint16_t vid, const uint8_t *mac)
{
	struct brlocal key = { .bridge = bridge, .vid = vid };

	memcpy(key.mac, mac, 6);
	return brlocal_hash_find(&brlocals, &key);
}

static struct brlocal *brlocal_add(ifindex_t bridge, uint16_t vid, const uint8_t *mac)
{
	struct brlocal *e = XCALLOC(MTYPE_HG_GW_BRLOCAL, sizeof(*e));

	e->bridge = bridge;
	e->vid = vid;
	memcpy(e->mac, mac, 6);
	brlocal_hash_add(&brlocals, e);
	return e;
}

static void brlocal_del(struct brlocal *e)
{
	brlocal_hash_del(&brlocals, e);
	XFREE(MTYPE_HG_GW_BRLOCAL, e);
}

static int brlocal_fdb(const struct zhg_fdb *f, bool deleted)
{
	struct brlocal *e;

	if (!f->master || f->port != f->master)
		return 0;
	e = brlocal_find(f->master, f->vid, f->mac);
	if (deleted || !(f->state & NUD_PERMANENT)) {
		if (e)
			brlocal_del(e);
		return 0;
	}
	if (!e)
		e = brlocal_add(f->master, f->vid, f->mac);
	e->pending = false;
	e->seen_gen = zhg_nl_gen(ZHG_NL_FDB);
	return 0;
}

static int brlocal_synced(enum zhg_nl_table table, uint32_t gen)
{
	struct brlocal *e;

	if (table != ZHG_NL_FDB)
		return 0;
	frr_each_safe (brlocal_hash, &brlocals, e)
		if (!e->pending && e->seen_gen != gen)
			brlocal_del(e);
	return 0;
}

bool zhg_gw_mac_pinned(ifindex_t bridge, uint16_t vid, const uint8_t *mac)
{
	struct brlocal *e = brlocal_find(bridge, vid, mac);

	return e && !e->pending;
}

static void pinned(const struct zhg_nl_result *r)
{
	vni_t vni = (vni_t)(uintptr_t)r->arg;
	struct brlocal *e;

	if (r->err) {
		zhg_gw_stats.repair_errors++;
		e = brlocal_find(r->key->bridge, r->key->vid, r->key->mac);
		if (e && e->pending)
			brlocal_del(e); /* the next frame tries again */
		return;
	}
	zhg_gw_stats.vrr_repairs++;
	if (zhg_gw_once(ZHG_GW_ONCE_REPAIR, vni, r->key->mac, NULL, r->key->bridge))
		zlog_notice("hostguard: VNI %u: anycast MAC %pEA made a local entry of bridge %s (never learned on a port)",
			    vni, (struct ethaddr *)r->key->mac, zhg_ifname(r->key->bridge));
}

void zhg_gw_pin_mac(vni_t vni, ifindex_t bridge, uint16_t vid, const uint8_t *mac)
{
	struct brlocal *e;

	if (brlocal_find(bridge, vid, mac))
		return; /* in place, or being put there */
	e = brlocal_add(bridge, vid, mac);
	e->pending = true;
	if (zhg_nl_fdb_add_local(bridge, mac, vid, pinned, (void *)(uintptr_t)vni, NULL))
		brlocal_del(e);
}

void zhg_gw_vrr_init(void)
{
	brlocal_hash_init(&brlocals);
	hook_register(zhg_nl_fdb, brlocal_fdb);
	hook_register(zhg_nl_synced, brlocal_synced);
}

void zhg_gw_vrr_fini(void)
{
	struct brlocal *e;

	hook_unregister(zhg_nl_fdb, brlocal_fdb);
	hook_unregister(zhg_nl_synced, brlocal_synced);
	hg_hash_drain (brlocal_hash, &brlocals, e)
		XFREE(MTYPE_HG_GW_BRLOCAL, e);
	brlocal_hash_fini(&brlocals);
}

void zhg_gw_vrr_repair(vni_t vni, ifindex_t svi, ifindex_t vrr, const uint8_t *mac)
{
	ifindex_t bridge;
	uint16_t vid;
	vni_t svi_vni;
	int cur = zhg_gw_svi_arp_ignore(svi);

	if (cur >= 0 && cur < ZHG_SVI_ARP_IGNORE) {
		if (set_arp_ignore(svi, ZHG_SVI_ARP_IGNORE)) {
			zhg_gw_stats.repair_errors++;
		} else {
			zhg_gw_stats.vrr_repairs++;
			if (zhg_gw_once(ZHG_GW_ONCE_REPAIR, vni, NULL, NULL, svi))
				zlog_notice("hostguard: VNI %u: arp_ignore=%d on %s, so that only %s answers ARP for the gateway, with the anycast MAC",
					    vni, ZHG_SVI_ARP_IGNORE, zhg_ifname(svi),
					    zhg_ifname(vrr));
		}
	}
	if (zhg_evpn_svi_bridge(svi, &bridge, &vid, &svi_vni))
		zhg_gw_pin_mac(vni, bridge, vid, mac);
}

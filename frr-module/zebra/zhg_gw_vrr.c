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

#include "lib/privs.h"
#include "zebra/zserv.h"

#include "zhg.h"
#include "zhg_evpn.h"
#include "zhg_gateway.h"
#include "zhg_netlink.h"
#include "zhg_procfs.h"

extern struct zebra_privs_t zserv_privs;

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

void zhg_gw_pin_mac(vni_t vni, ifindex_t bridge, uint16_t vid, const uint8_t *mac)
{
	struct zhg_fdb f;

	if (!zhg_nl_fdb_get(bridge, mac, vid, &f) && f.port == bridge && (f.state & NUD_PERMANENT))
		return;
	if (zhg_nl_fdb_add_local(bridge, mac, vid)) {
		zhg_gw_stats.repair_errors++;
		return;
	}
	zhg_gw_stats.vrr_repairs++;
	if (zhg_gw_once(ZHG_GW_ONCE_REPAIR, vni, mac, NULL, bridge))
		zlog_notice("hostguard: VNI %u: anycast MAC %pEA made a local entry of bridge %s (never learned on a port)",
			    vni, (struct ethaddr *)mac, zhg_ifname(bridge));
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

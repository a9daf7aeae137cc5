// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Dataplane guard for the anycast gateway: a zebra dataplane provider ahead
 * of the kernel (DPLANE_PRIO_PRE_KERNEL) that keeps zebra from installing a
 * remote MAC for an anycast gateway MAC, a remote neighbour for a local
 * gateway IP, and from removing either because a remote route went away.
 *
 * Such a context is marked "skip kernel" (the kernel provider then passes
 * it on untouched) and reported to zebra as a success: zebra's own state
 * machine carries on, the kernel keeps the local gateway. Runs in zebra's
 * dplane pthread: it only reads the published gateway snapshot and hands
 * what it blocked to the main thread (zhg_gateway.c).
 */
#include "lib/zebra.h"

#include "zebra/zebra_dplane.h"

#include "zhg.h"
#include "zhg_evpn.h"
#include "zhg_gateway.h"

static struct zebra_dplane_provider *gw_prov;

/* Fill ev and return true if ctx must not reach the kernel. */
static bool guard(struct zebra_dplane_ctx *ctx, struct zhg_gw_event *ev)
{
	enum dplane_op_e op = dplane_ctx_get_op(ctx);
	const struct ethaddr *mac;

	memset(ev, 0, sizeof(*ev));
	if (op == DPLANE_OP_MAC_INSTALL || op == DPLANE_OP_MAC_DELETE) {
		mac = dplane_ctx_mac_get_addr(ctx);
		ev->vni = zhg_evpn_dplane_mac_vni(ctx);
		if (!zhg_gw_is_anycast_mac(ev->vni, mac->octet))
			return false;
		ev->kind = op == DPLANE_OP_MAC_INSTALL ? ZHG_GW_BLOCK_MAC_INSTALL
						       : ZHG_GW_BLOCK_MAC_DELETE;
		ev->ifindex = dplane_ctx_mac_get_br_ifindex(ctx);
		ev->vtep = zhg_evpn_dplane_mac_vtep(ctx);
		memcpy(ev->mac, mac->octet, ETH_ALEN);
		return true;
	}
	if (op != DPLANE_OP_NEIGH_INSTALL && op != DPLANE_OP_NEIGH_UPDATE &&
	    op != DPLANE_OP_NEIGH_DELETE)
		return false;
	/* zebra installs a VNI's neighbours on its SVI. */
	ev->ifindex = dplane_ctx_get_ifindex(ctx);
	ev->ip = *dplane_ctx_neigh_get_ipaddr(ctx);
	if (!zhg_gw_is_gateway_ip(ev->ifindex, &ev->ip))
		return false;
	ev->kind = op == DPLANE_OP_NEIGH_DELETE ? ZHG_GW_BLOCK_NEIGH_DELETE
						: ZHG_GW_BLOCK_NEIGH_INSTALL;
	mac = dplane_ctx_neigh_get_mac(ctx);
	if (mac)
		memcpy(ev->mac, mac->octet, ETH_ALEN);
	return true;
}

static int gw_process(struct zebra_dplane_provider *prov)
{
	int limit = dplane_provider_get_work_limit(prov), counter;
	struct zebra_dplane_ctx *ctx;
	struct zhg_gw_event ev;

	zhg_gw_read_lock();
	for (counter = 0; counter < limit; counter++) {
		ctx = dplane_provider_dequeue_in_ctx(prov);
		if (!ctx)
			break;
		if (zhg_cfg.gateway_guard && guard(ctx, &ev)) {
			dplane_ctx_set_skip_kernel(ctx);
			dplane_ctx_set_status(ctx, ZEBRA_DPLANE_REQUEST_SUCCESS);
			zhg_gw_report(&ev);
		}
		dplane_provider_enqueue_out_ctx(prov, ctx);
	}
	zhg_gw_read_unlock();

	/* More queued than one turn may take: ask to be run again. */
	if (counter >= limit)
		dplane_provider_work_ready();
	return 0;
}

int zhg_gw_dplane_register(void)
{
	return dplane_provider_register("hostguard-gateway", DPLANE_PRIO_PRE_KERNEL,
					DPLANE_PROV_FLAGS_DEFAULT, NULL, gw_process, NULL, NULL,
					&gw_prov);
}

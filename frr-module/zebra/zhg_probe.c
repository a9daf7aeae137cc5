// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Liveness probes sent on a raw AF_PACKET socket.
 */
#include "lib/zebra.h"

#include <net/ethernet.h>

#include "lib/jhash.h"
#include "lib/memory.h"
#include "lib/typesafe.h"

#include "common/hg_pkt.h"
#include "common/hg_rate.h"
#include "common/hg_table.h"
#include "zhg.h"
#include "zhg_probe.h"
#include "zhg_tx.h"

DEFINE_MTYPE_STATIC(HOSTGUARD, HG_PROBE_PORT, "hostguard probed port");

/* A port not probed for this long no longer counts for the shares. */
#define PROBE_PORT_IDLE_MS 600000
#define PROBE_PORT_GC_MS   60000

/* The whole rate, and each probed port's share of it. */
static struct hg_tbucket tokens;

PREDECL_HASH(probe_port_hash);
struct probe_port {
	struct probe_port_hash_item item;
	ifindex_t ifindex;
	struct hg_tbucket share;
	int64_t used_ms;
};

HG_DECLARE_INT_HASH(probe_port_hash, struct probe_port, item, ifindex, 0x70726270);

static struct probe_port_hash_head pports = INIT_HASH(pports);
static hg_event_t *pport_gc_ev;

/* A burst of a tenth of a second's worth at most. */
static double burst_of(uint32_t rate)
{
	return rate / 10.0 + 1.0;
}

static uint32_t port_share(void)
{
	size_t n = MAX(probe_port_hash_count(&pports), 1);

	return MAX(zhg_cfg.probe_rate / n, 1);
}

static struct probe_port *pport_get(ifindex_t ifindex, int64_t now_ms)
{
	struct probe_port key = { .ifindex = ifindex }, *p;

	p = probe_port_hash_find(&pports, &key);
	if (!p) {
		p = XCALLOC(MTYPE_HG_PROBE_PORT, sizeof(*p));
		p->ifindex = ifindex;
		probe_port_hash_add(&pports, p);
	}
	p->used_ms = now_ms;
	return p;
}

static void pport_gc(hg_event_t *ev)
{
	int64_t now = zhg_now_ms();
	struct probe_port *p;

	frr_each_safe (probe_port_hash, &pports, p) {
		if (now - p->used_ms > PROBE_PORT_IDLE_MS) {
			probe_port_hash_del(&pports, p);
			XFREE(MTYPE_HG_PROBE_PORT, p);
		}
	}
	hg_timer_msec(zhg_master, pport_gc, NULL, PROBE_PORT_GC_MS, &pport_gc_ev);
}

static int64_t fair_take(ifindex_t port, int64_t now_ms, bool wait)
{
	struct probe_port *p = pport_get(port, now_ms);
	uint32_t share = port_share();

	return hg_fair_take(&tokens, zhg_cfg.probe_rate, burst_of(zhg_cfg.probe_rate), &p->share,
			    share, burst_of(share), now_ms, wait);
}

bool zhg_probe_take_token(ifindex_t port, int64_t now_ms)
{
	return fair_take(port, now_ms, false) == now_ms;
}

int64_t zhg_probe_reserve(ifindex_t port, int64_t now_ms)
{
	return fair_take(port, now_ms, true);
}

int zhg_probe_init(void)
{
	if (zhg_tx_init())
		return -1;
	tokens.at_ms = zhg_now_ms();
	hg_timer_msec(zhg_master, pport_gc, NULL, PROBE_PORT_GC_MS, &pport_gc_ev);
	return 0;
}

void zhg_probe_fini(void)
{
	struct probe_port *p;

	hg_event_cancel(&pport_gc_ev);
	hg_hash_drain (probe_port_hash, &pports, p)
		XFREE(MTYPE_HG_PROBE_PORT, p);
	zhg_tx_fini();
}

int zhg_probe_send(const struct zhg_probe_target *pt)
{
	uint8_t frame[ZHG_TX_FRAME_MAX];
	size_t len;

	if (pt->echo)
		len = hg_pkt_build_echo6(frame, sizeof(frame), pt->src_mac, &pt->sender.ipaddr_v6,
					 pt->dst_mac, &pt->target.ipaddr_v6, 0);
	else if (pt->family == AF_INET)
		len = hg_pkt_build_arp_request(frame, sizeof(frame), pt->src_mac,
					       pt->sender.ipaddr_v4, pt->dst_mac,
					       pt->target.ipaddr_v4);
	else if (pt->family == AF_INET6)
		len = hg_pkt_build_ns(frame, sizeof(frame), pt->src_mac, &pt->sender.ipaddr_v6,
				      pt->dst_mac, &pt->target.ipaddr_v6);
	else
		return -EINVAL;
	return zhg_tx_send(pt->port, pt->family == AF_INET ? ETH_P_ARP : ETH_P_IPV6, pt->dst_mac,
			   frame, len);
}

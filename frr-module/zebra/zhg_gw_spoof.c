// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Anti-spoof for the anycast gateway: a frame from a local access port with
 * an anycast gateway MAC as its source is a tenant claiming the gateway.
 * The bridge never learns it (the MAC is a local entry of the bridge, see
 * zhg_gw_vrr.c; in the Proxmox layout it is the bridge's own MAC), so
 * zebra never advertises it; here it is reported once per (port, MAC) and
 * counted, and the bridge entry is repaired if it was not in place yet.
 *
 * One capture socket on all interfaces whose BPF filter accepts only the
 * anycast MACs as Ethernet source: nothing else reaches zebra. Per frame,
 * only memory is touched (the bridge entry's repair is asked once, see
 * zhg_gw_pin_mac), and a port's frames beyond its rate are counted and go
 * no further.
 */
#include "lib/zebra.h"

#include <linux/filter.h>
#include <linux/if_ether.h>
#include <netpacket/packet.h>

#include "lib/jhash.h"
#include "lib/memory.h"
#include "lib/typesafe.h"

#include "common/hg_bpf.h"
#include "common/hg_rate.h"
#include "common/hg_table.h"

#include "zhg.h"
#include "zhg_evpn.h"
#include "zhg_links.h"
#include "zhg_gateway.h"
#include "zhg_offenders.h"
#include "zhg_psock.h"

DEFINE_MTYPE_STATIC(HOSTGUARD, HG_SPOOF_PORT, "hostguard anti-spoof port");

/* Frames handled per read event, so a flooding port cannot hold zebra. */
#define ZHG_SPOOF_BATCH 64
/* Small queue: only the first frames of an offender matter. */
#define ZHG_SPOOF_RCVBUF (64 * 1024)
/* Bytes kept of a frame: the Ethernet header is all we look at. */
#define ZHG_SPOOF_SNAPLEN 64

/* Frames examined per port and second (burst: a second's worth). */
#define ZHG_SPOOF_PORT_RATE 20
/* Ports with their own rate; beyond, ports share one. */
#define ZHG_SPOOF_PORTS_MAX 4096

static int spoof_fd = -1;
static hg_event_t *spoof_ev;

/* A port seen sending with an anycast source: its rate. */
PREDECL_HASH(spoof_port_hash);
struct spoof_port {
	struct spoof_port_hash_item item;
	ifindex_t ifindex;
	vni_t vni; /* of its last examined frame; 0: not an access port */
	struct hg_tbucket bucket;
};

HG_DECLARE_INT_HASH(spoof_port_hash, struct spoof_port, item, ifindex, 0x73706f66);

static struct spoof_port_hash_head sports = INIT_HASH(sports);
static struct spoof_port overflow_port;

/* The rate record of a bridge port; NULL for a device in no bridge. */
static struct spoof_port *port_of(ifindex_t ifindex)
{
	struct spoof_port key = { .ifindex = ifindex }, *p;
	const struct zhg_link *l;

	p = spoof_port_hash_find(&sports, &key);
	if (p)
		return p;
	/*
	 * Only bridge ports get a record, freed when the port leaves its
	 * bridge or goes (spoof_link_changed). A frame read after that, or
	 * one another device received (a veth's peer), gets none.
	 */
	l = zhg_links_get(ifindex);
	if (!l || !l->master)
		return NULL;
	if (spoof_port_hash_count(&sports) >= ZHG_SPOOF_PORTS_MAX)
		return &overflow_port;
	p = XCALLOC(MTYPE_HG_SPOOF_PORT, sizeof(*p));
	p->ifindex = ifindex;
	spoof_port_hash_add(&sports, p);
	return p;
}

static void spoof_read(hg_event_t *t);

static void spoof_close(void)
{
	hg_event_cancel(&spoof_ev);
	if (spoof_fd >= 0)
		close(spoof_fd);
	spoof_fd = -1;
}

void zhg_gw_spoof_update(const struct zhg_gw_mac *macs, uint32_t n)
{
	struct sock_filter f[HG_BPF_SRC_MACS_LEN];
	struct sock_fprog prog = { .filter = f };
	uint8_t list[HG_BPF_SRC_MACS_MAX][6];
	size_t k = 0;

	spoof_close();
	for (uint32_t i = 0; i < n && k < HG_BPF_SRC_MACS_MAX; i++)
		memcpy(list[k++], macs[i].mac, 6);
	if (!k)
		return;
	prog.len = hg_bpf_src_macs((const uint8_t(*)[6])list, k, ZHG_SPOOF_SNAPLEN, f);
	spoof_fd = zhg_psock_open(0, &prog, ZHG_SPOOF_RCVBUF);
	if (spoof_fd < 0) {
		zlog_err("hostguard: anycast MAC anti-spoof capture unavailable: %s",
			 safe_strerror(-spoof_fd));
		spoof_fd = -1;
		return;
	}
	hg_add_read(zhg_master, spoof_read, NULL, spoof_fd, &spoof_ev);
}

static void spoof_frame(const struct zhg_frame *fr, int64_t now)
{
	const uint8_t *src = fr->data + ETH_ALEN;
	uint16_t vid = fr->vlan_valid ? (fr->vlan_tci & 0x0fff) : 0;
	struct spoof_port *p;
	ifindex_t bridge = 0;
	vni_t vni;

	/*
	 * Only what a port receives: a copy leaving a port is the node's own
	 * gateway or a frame forwarded from its real ingress port.
	 */
	if (fr->len < ETH_HLEN || fr->pkttype == PACKET_OUTGOING)
		return;
	p = port_of(fr->ifindex);
	if (!p)
		return;
	if (!hg_tbucket_take(&p->bucket, now, ZHG_SPOOF_PORT_RATE, ZHG_SPOOF_PORT_RATE)) {
		/* Over its rate: counted against the port, nothing more. */
		if (p->vni) {
			zhg_gw_stats.spoof_rate_limited++;
			zhg_offense(ZHG_OFF_ANYCAST_SOURCE, p->vni, fr->ifindex, src, NULL);
		}
		return;
	}
	/* Only access ports of EVPN bridges: not the vxlan port, not the SVI. */
	vni = zhg_evpn_access_port_vni(fr->ifindex, vid, &bridge);
	if (p != &overflow_port)
		p->vni = vni;
	if (!vni || !zhg_gw_is_anycast_mac(vni, src))
		return;
	zhg_gw_stats.spoof_frames++;
	zhg_offense(ZHG_OFF_ANYCAST_SOURCE, vni, fr->ifindex, src, NULL);
	zhg_gw_pin_mac(vni, bridge, vid, src);
	if (!zhg_gw_once(ZHG_GW_ONCE_SPOOF, vni, src, NULL, (uint32_t)fr->ifindex))
		return;
	zhg_gw_stats.spoof_offenders++;
	zlog_warn("hostguard: VNI %u: port %s sends frames with the anycast gateway MAC %pEA as source: not learned, not advertised",
		  vni, zhg_ifname(fr->ifindex), (struct ethaddr *)src);
}

static void spoof_read(hg_event_t *t)
{
	uint8_t buf[ZHG_SPOOF_SNAPLEN];
	int64_t now = zhg_now_ms();
	struct zhg_frame fr;
	int i;

	for (i = 0; i < ZHG_SPOOF_BATCH; i++)
		if (zhg_psock_recv(spoof_fd, buf, sizeof(buf), &fr) <= 0)
			break;
		else
			spoof_frame(&fr, now);
	zhg_gw_stats.capture_drops += zhg_psock_drops(spoof_fd);
	hg_add_read(zhg_master, spoof_read, NULL, spoof_fd, &spoof_ev);
}

/*
 * A port's rate goes when it leaves its bridge or is removed (ifindexes
 * come back for new ports).
 */
static int spoof_link_changed(const struct zhg_link *old, const struct zhg_link *now)
{
	struct spoof_port key, *p;

	if (!old || (now && (now->brport || now->master)))
		return 0;
	key.ifindex = old->ifindex;
	p = spoof_port_hash_find(&sports, &key);
	if (p) {
		spoof_port_hash_del(&sports, p);
		XFREE(MTYPE_HG_SPOOF_PORT, p);
	}
	return 0;
}

void zhg_gw_spoof_init(void)
{
	hook_register(zhg_links_changed, spoof_link_changed);
}

void zhg_gw_spoof_fini(void)
{
	struct spoof_port *p;

	spoof_close();
	hg_hash_drain (spoof_port_hash, &sports, p)
		XFREE(MTYPE_HG_SPOOF_PORT, p);
}

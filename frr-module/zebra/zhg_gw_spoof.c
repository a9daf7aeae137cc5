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
 * anycast MACs as Ethernet source: nothing else reaches zebra.
 */
#include "lib/zebra.h"

#include <linux/filter.h>
#include <linux/if_ether.h>

#include "common/hg_bpf.h"

#include "zhg.h"
#include "zhg_evpn.h"
#include "zhg_gateway.h"
#include "zhg_psock.h"

/* Frames handled per read event, so a flooding port cannot hold zebra. */
#define ZHG_SPOOF_BATCH 64
/* Small queue: only the first frames of an offender matter. */
#define ZHG_SPOOF_RCVBUF (64 * 1024)
/* Bytes kept of a frame: the Ethernet header is all we look at. */
#define ZHG_SPOOF_SNAPLEN 64

static int spoof_fd = -1;
static hg_event_t *spoof_ev;

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

static void spoof_frame(const struct zhg_frame *fr)
{
	const uint8_t *src = fr->data + ETH_ALEN;
	uint16_t vid = fr->vlan_valid ? (fr->vlan_tci & 0x0fff) : 0;
	ifindex_t bridge = 0;
	vni_t vni;

	if (fr->len < ETH_HLEN)
		return;
	/* Only access ports of EVPN bridges: not the vxlan port, not the SVI. */
	vni = zhg_evpn_access_port_vni(fr->ifindex, vid, &bridge);
	if (!vni || !zhg_gw_is_anycast_mac(vni, src))
		return;
	zhg_gw_stats.spoof_frames++;
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
	struct zhg_frame fr;
	int i;

	for (i = 0; i < ZHG_SPOOF_BATCH; i++)
		if (zhg_psock_recv(spoof_fd, buf, sizeof(buf), &fr) <= 0)
			break;
		else
			spoof_frame(&fr);
	zhg_gw_stats.capture_drops += zhg_psock_drops(spoof_fd);
	hg_add_read(zhg_master, spoof_read, NULL, spoof_fd, &spoof_ev);
}

void zhg_gw_spoof_fini(void)
{
	spoof_close();
}

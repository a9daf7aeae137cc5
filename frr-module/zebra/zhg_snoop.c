// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Binding snooping with one capture socket per local access port of an
 * EVPN L2VNI: the in-kernel BPF filter passes only ARP and ICMPv6 NS/NA,
 * and nothing else (the vxlan port, the underlay, the bridge device) is
 * tapped at all. A port flooding frames fills only its own small kernel
 * queue (overruns counted), each read callback handles a bounded number of
 * frames, and a per-port and a global token bucket bound the work done.
 */
#include "lib/zebra.h"

#include <linux/if_packet.h>

#include "lib/jhash.h"
#include "lib/memory.h"
#include "lib/typesafe.h"

#include "common/hg_bpf.h"
#include "common/hg_rate.h"
#include "common/hg_table.h"
#include "zhg.h"
#include "zhg_bindings.h"
#include "zhg_dhcp.h"
#include "zhg_evpn.h"
#include "zhg_links.h"
#include "zhg_offenders.h"
#include "zhg_psock.h"
#include "zhg_snoop.h"
#include "zhg_targets.h"

DEFINE_MTYPE_STATIC(HOSTGUARD, HG_SNOOP_PORT, "hostguard snooped port");
DEFINE_MTYPE_STATIC(HOSTGUARD, HG_SNOOP_DIRTY, "hostguard port to look at");

/* Kernel queue per port: some hundred small frames; beyond, dropped. */
#define SNOOP_RCVBUF (64 * 1024)
/* Captured bytes per frame: ARP and ordinary NS/NA fit with room. */
#define SNOOP_SNAPLEN 512
/* ... and DHCP messages (up to an Ethernet MTU). */
#define SNOOP_DHCP_SNAPLEN 1536
/* Frames handled per read callback, within the time budget too. */
#define SNOOP_READ_BUDGET 64
/*
 * A changed device is looked at this long after its link event: zebra
 * reads the same event on its own socket, maybe after hostguard.
 */
#define SNOOP_SYNC_DELAY_MS 200
/* Looks at a port zebra has not placed in its bridge yet (10 s). */
#define SNOOP_SYNC_TRIES 50

const char *const zhg_snoop_drop_names[ZHG_SDROP_MAX] = {
	[ZHG_SDROP_KERNEL_QUEUE] = "kernelQueue",   [ZHG_SDROP_PORT_RATE] = "portRate",
	[ZHG_SDROP_GLOBAL_RATE] = "globalRate",	    [ZHG_SDROP_MAC_MISMATCH] = "macMismatch",
	[ZHG_SDROP_GATEWAY_MAC] = "gatewayMac",	    [ZHG_SDROP_OWN_ADDRESS] = "ownAddress",
	[ZHG_SDROP_OFF_SUBNET] = "offSubnet",	    [ZHG_SDROP_SUBNET_EDGE] = "subnetBroadcast",
	[ZHG_SDROP_MAC_QUOTA] = "macQuota",	    [ZHG_SDROP_PORT_QUOTA] = "portQuota",
	[ZHG_SDROP_BINDING_LIMIT] = "bindingLimit", [ZHG_SDROP_VLAN_UNMAPPED] = "vlanUnmapped",
};

struct zhg_snoop_counters zhg_snoop_stats;

/* In-kernel filter of the port sockets (hg_bpf_host_frames). */
static struct sock_filter capture_code[HG_BPF_CAPTURE_LEN];
static struct sock_fprog capture_prog = { .filter = capture_code };

/* The offence behind each drop a sender is to blame for. */
static const int8_t drop_offense[ZHG_SDROP_MAX] = {
	[ZHG_SDROP_KERNEL_QUEUE] = -1,
	[ZHG_SDROP_PORT_RATE] = ZHG_OFF_PORT_RATE,
	[ZHG_SDROP_GLOBAL_RATE] = -1,
	[ZHG_SDROP_MAC_MISMATCH] = ZHG_OFF_BAD_FRAME,
	[ZHG_SDROP_GATEWAY_MAC] = ZHG_OFF_GATEWAY_MAC,
	[ZHG_SDROP_OWN_ADDRESS] = ZHG_OFF_GATEWAY_ADDRESS,
	[ZHG_SDROP_OFF_SUBNET] = ZHG_OFF_OFF_SUBNET,
	[ZHG_SDROP_SUBNET_EDGE] = ZHG_OFF_SPECIAL_ADDRESS,
	[ZHG_SDROP_MAC_QUOTA] = ZHG_OFF_MAC_QUOTA,
	[ZHG_SDROP_PORT_QUOTA] = ZHG_OFF_PORT_QUOTA,
	[ZHG_SDROP_BINDING_LIMIT] = ZHG_OFF_VNI_LIMIT,
	[ZHG_SDROP_VLAN_UNMAPPED] = -1,
};

/* ... and behind each parser verdict (a frame no host stack sends). */
static const int8_t verdict_offense[HG_PKT_VERDICT_MAX] = {
	[HG_PKT_OK] = -1,
	[HG_PKT_TRUNCATED] = ZHG_OFF_BAD_FRAME,
	[HG_PKT_NOT_ARP_ND] = -1,
	[HG_PKT_MALFORMED] = ZHG_OFF_BAD_FRAME,
	[HG_PKT_BAD_CHECKSUM] = ZHG_OFF_BAD_FRAME,
	[HG_PKT_BAD_SOURCE] = ZHG_OFF_BAD_FRAME,
	[HG_PKT_SPECIAL_ADDRESS] = ZHG_OFF_SPECIAL_ADDRESS,
};

void zhg_snoop_refuse(enum zhg_snoop_drop why, vni_t vni, ifindex_t port, const uint8_t *mac,
		      const struct ipaddr *ip)
{
	zhg_snoop_stats.drops[why]++;
	if (drop_offense[why] >= 0)
		zhg_offense(drop_offense[why], vni, port, mac, ip);
}


/* One snooped port: its capture socket and its rate. */
PREDECL_HASH(zhg_sport_hash);
struct zhg_sport {
	struct zhg_sport_hash_item item;
	ifindex_t ifindex;
	int fd;
	hg_event_t *read_ev;
	struct hg_tbucket bucket;
};

HG_DECLARE_INT_HASH(zhg_sport_hash, struct zhg_sport, item, ifindex, 0x73706f72);

/* Devices whose link changed, looked at together shortly after. */
PREDECL_HASH(zhg_sdirty_hash);
struct zhg_sdirty {
	struct zhg_sdirty_hash_item item;
	ifindex_t ifindex;
	uint8_t tries; /* looked at while zebra did not have its bridge yet */
};

HG_DECLARE_INT_HASH(zhg_sdirty_hash, struct zhg_sdirty, item, ifindex, 0x73646972);

static struct zhg_sport_hash_head sports;
static struct zhg_sdirty_hash_head dirty;
static struct hg_tbucket global_bucket;
static bool snoop_on;
static hg_event_t *sync_ev;

/* Probe targets are learned on every port the keepalive looks after. */
static bool learn_targets(void)
{
	return zhg_cfg.keepalive && zhg_cfg.learn_targets;
}

/* Is anything captured on ports of this VNI? */
static bool capture_vni(vni_t vni)
{
	if (zhg_cfg.snoop && !hg_uint_set_contains(&zhg_cfg.snoop_exclude_vni, vni))
		return true;
	return learn_targets() && !hg_uint_set_contains(&zhg_cfg.exclude_vni, vni);
}

bool zhg_snoop_wanted(void)
{
	return zhg_cfg.snoop || learn_targets();
}

static double burst_of(uint32_t rate)
{
	return rate / 5.0 + 5.0;
}

static void snoop_frame(struct zhg_sport *p, const struct zhg_frame *f, int64_t now)
{
	struct hg_binding_claim claim;
	struct zhg_port_info pi;
	enum hg_pkt_verdict v;

	zhg_snoop_stats.frames++;
	/* The port's own budget first: a storming port spends only its own. */
	if (!hg_tbucket_take(&p->bucket, now, zhg_cfg.snoop_port_rate,
			     burst_of(zhg_cfg.snoop_port_rate))) {
		if (f->len >= ETH_HLEN)
			zhg_snoop_refuse(ZHG_SDROP_PORT_RATE, 0, p->ifindex, f->data + ETH_ALEN,
					 NULL);
		else
			zhg_snoop_stats.drops[ZHG_SDROP_PORT_RATE]++;
		return;
	}
	if (!hg_tbucket_take(&global_bucket, now, zhg_cfg.snoop_rate, burst_of(zhg_cfg.snoop_rate))) {
		zhg_snoop_stats.drops[ZHG_SDROP_GLOBAL_RATE]++;
		return;
	}
	if (zhg_dhcp_frame(p->ifindex, f))
		return;
	v = hg_pkt_parse(f->data, f->len, &claim);
	if (v != HG_PKT_OK) {
		zhg_snoop_stats.parse[v]++;
		/* A frame no host stack sends: recorded against its sender. */
		if (verdict_offense[v] >= 0 && f->len >= ETH_HLEN &&
		    zhg_evpn_port_info(p->ifindex, 0, &pi))
			zhg_offense(verdict_offense[v], pi.vni, p->ifindex, f->data + ETH_ALEN,
				    NULL);
		return;
	}
	if (zhg_cfg.snoop && ((claim.family == AF_INET && !zhg_cfg.snoop_arp) ||
			      (claim.family == AF_INET6 && !zhg_cfg.snoop_nd)))
		claim.family = 0; /* seen, but not a binding to learn */
	/* Looked up per frame: the port may have changed bridge since. */
	if (!zhg_evpn_port_info(p->ifindex, 0, &pi)) {
		if (pi.vlan_unmapped)
			zhg_snoop_stats.drops[ZHG_SDROP_VLAN_UNMAPPED]++;
		return;
	}
	zhg_targets_frame(&pi, p->ifindex, &claim);
	if (!zhg_cfg.snoop || claim.kind == HG_BIND_ECHO_REPLY ||
	    hg_uint_set_contains(&zhg_cfg.snoop_exclude_vni, pi.vni))
		return;
	zhg_bindings_claim(&pi, p->ifindex, &claim);
}

static void snoop_read(hg_event_t *ev)
{
	static uint8_t buf[SNOOP_DHCP_SNAPLEN];
	struct zhg_sport *p = HG_EVENT_ARG(ev);
	int64_t now = zhg_now_ms();
	int64_t until = zhg_now_us() + ZHG_CALLBACK_BUDGET_US;
	int budget = SNOOP_READ_BUDGET;
	struct zhg_frame f;
	int ret;

	while (budget-- > 0 && zhg_now_us() < until) {
		ret = zhg_psock_recv(p->fd, buf, sizeof(buf), &f);
		if (ret <= 0) {
			if (ret < 0)
				ZHG_DEBUG("snoop: %s: %s", zhg_ifname(p->ifindex),
					  safe_strerror(-ret));
			break;
		}
		if (f.pkttype != PACKET_OUTGOING)
			snoop_frame(p, &f, now);
	}
	zhg_snoop_stats.drops[ZHG_SDROP_KERNEL_QUEUE] += zhg_psock_drops(p->fd);
	hg_add_read(zhg_master, snoop_read, p, p->fd, &p->read_ev);
}

static void port_close(struct zhg_sport *p)
{
	ZHG_DEBUG("snoop: stop on %s", zhg_ifname(p->ifindex));
	hg_event_cancel(&p->read_ev);
	close(p->fd);
	zhg_sport_hash_del(&sports, p);
	XFREE(MTYPE_HG_SNOOP_PORT, p);
}

static void port_open(const struct zhg_port_info *pi, ifindex_t port)
{
	struct zhg_sport *p;
	int fd = zhg_psock_open(port, &capture_prog, SNOOP_RCVBUF);

	if (fd < 0) {
		zlog_warn("hostguard: cannot snoop on %s: %s", zhg_ifname(port), safe_strerror(-fd));
		return;
	}
	p = XCALLOC(MTYPE_HG_SNOOP_PORT, sizeof(*p));
	p->ifindex = port;
	p->fd = fd;
	zhg_sport_hash_add(&sports, p);
	hg_add_read(zhg_master, snoop_read, p, fd, &p->read_ev);
	ZHG_DEBUG("snoop: VNI %u: listening on %s", pi->vni, zhg_ifname(port));
}

/*
 * Open a socket on a new access port, close one of a port gone. True once
 * the port is settled; false while zebra, which reads its own socket
 * (FRR 10.7 through its dataplane) maybe later than hostguard, places it
 * elsewhere than the kernel: not yet in its bridge, or still in a bridge
 * it has left or that is gone. Such a port is not captured and is looked
 * at again (a bounded number of times).
 */
static bool port_sync(ifindex_t port)
{
	const struct zhg_link *l = zhg_links_get(port);
	ifindex_t kernel_bridge = l ? l->master : 0;
	bool evpn_bridge = kernel_bridge && zhg_links_bridge_has_vxlan(kernel_bridge);
	struct zhg_sport key = { .ifindex = port }, *p = zhg_sport_hash_find(&sports, &key);
	struct zhg_port_info pi;
	bool evpn = zhg_evpn_port_info(port, 0, &pi);
	bool agreed = pi.bridge ? pi.bridge == kernel_bridge : !evpn_bridge;
	/* VLAN-filtering bridges of EVPN: frames are read only to count them. */
	bool want = agreed && (evpn ? capture_vni(pi.vni) : pi.vlan_unmapped && evpn_bridge);

	if (want && !p)
		port_open(&pi, port);
	else if (!want && p)
		port_close(p);
	/* A VXLAN device is no access port; zebra may learn its VNI later. */
	if (l && l->kind == ZHG_LINK_VXLAN)
		return true;
	return agreed && (pi.vni || pi.vlan_unmapped || !evpn_bridge);
}

static void snoop_sync(hg_event_t *ev)
{
	struct zhg_sdirty *d;

	frr_each_safe (zhg_sdirty_hash, &dirty, d) {
		if (!port_sync(d->ifindex) && ++d->tries < SNOOP_SYNC_TRIES)
			continue;
		zhg_sdirty_hash_del(&dirty, d);
		XFREE(MTYPE_HG_SNOOP_DIRTY, d);
	}
	if (zhg_sdirty_hash_count(&dirty))
		hg_timer_msec(zhg_master, snoop_sync, NULL, SNOOP_SYNC_DELAY_MS, &sync_ev);
}

static void mark(ifindex_t ifindex)
{
	struct zhg_sdirty key = { .ifindex = ifindex }, *d;

	if (!ifindex || zhg_sdirty_hash_find(&dirty, &key))
		return;
	d = XCALLOC(MTYPE_HG_SNOOP_DIRTY, sizeof(*d));
	d->ifindex = ifindex;
	zhg_sdirty_hash_add(&dirty, d);
	if (!sync_ev)
		hg_timer_msec(zhg_master, snoop_sync, NULL, SNOOP_SYNC_DELAY_MS, &sync_ev);
}

static void mark_link(const struct zhg_link *l, void *arg)
{
	mark(l->ifindex);
}

/* A device changed: it, and the ports of a bridge, may change role. */
static int snoop_link_changed(const struct zhg_link *old, const struct zhg_link *now)
{
	const struct zhg_link *l = now ? now : old;

	mark(l->ifindex);
	if (l->kind == ZHG_LINK_BRIDGE || l->kind == ZHG_LINK_VXLAN)
		zhg_links_ports_of(l->kind == ZHG_LINK_BRIDGE ? l->ifindex : l->master, mark_link,
				   NULL);
	return 0;
}

static void mark_vni(const struct zhg_evpn_vni_info *v, void *arg)
{
	zhg_links_ports_of(v->bridge, mark_link, NULL);
}

/*
 * zebra's VNIs changed: the ports of every L2VNI bridge and every port
 * snooped now are looked at (not every interface).
 */
void zhg_snoop_ports_changed(void)
{
	struct zhg_sport *p;

	if (!snoop_on)
		return;
	zhg_dhcp_ports_changed();
	zhg_evpn_vni_walk(mark_vni, NULL);
	frr_each (zhg_sport_hash, &sports, p)
		mark(p->ifindex);
}

void zhg_snoop_init(void)
{
	zhg_sport_hash_init(&sports);
	zhg_sdirty_hash_init(&dirty);
	/* DHCP frames only where they may teach a binding: the cheapest
	 * filter otherwise.
	 */
	capture_prog.len = hg_bpf_host_frames(capture_code, zhg_dhcp_wanted(), SNOOP_SNAPLEN,
					      SNOOP_DHCP_SNAPLEN);
	snoop_on = true;
	hook_register(zhg_links_changed, snoop_link_changed);
	zhg_snoop_ports_changed();
	if (zhg_cfg.snoop)
		zlog_info("hostguard: snooping bindings on local bridge ports (ARP %s, ND %s)",
			  zhg_cfg.snoop_arp ? "on" : "off", zhg_cfg.snoop_nd ? "on" : "off");
	if (learn_targets())
		zlog_info("hostguard: learning probe targets on local bridge ports");
}

void zhg_snoop_fini(void)
{
	struct zhg_sport *p;
	struct zhg_sdirty *d;

	if (!snoop_on)
		return;
	snoop_on = false;
	hook_unregister(zhg_links_changed, snoop_link_changed);
	hg_event_cancel(&sync_ev);
	while ((p = zhg_sport_hash_first(&sports)))
		port_close(p);
	zhg_sport_hash_fini(&sports);
	hg_hash_drain (zhg_sdirty_hash, &dirty, d)
		XFREE(MTYPE_HG_SNOOP_DIRTY, d);
	zhg_sdirty_hash_fini(&dirty);
}

/* The capture starts and stops with the keys that want it. */
static int snoop_reconfigure(const struct hg_arg_spec *spec)
{
	if (!strcmp(spec->key, "snoop") || !strcmp(spec->key, "keepalive") ||
	    !strcmp(spec->key, "learn-targets")) {
		if (zhg_snoop_wanted() && !snoop_on)
			zhg_snoop_init();
		else if (!zhg_snoop_wanted())
			zhg_snoop_fini();
	} else if (!strcmp(spec->key, "snoop-exclude-vni") || !strcmp(spec->key, "exclude-vni")) {
		zhg_snoop_ports_changed();
	}
	return 0;
}

/* At start-up, and later whenever the keys change (hg_reconfigure). */
void zhg_snoop_setup(void)
{
	hook_register(hg_reconfigure, snoop_reconfigure);
	if (zhg_snoop_wanted())
		zhg_snoop_init();
}

bool zhg_snoop_running(void)
{
	return snoop_on;
}

unsigned int zhg_snoop_ports(void)
{
	return snoop_on ? (unsigned int)zhg_sport_hash_count(&sports) : 0;
}

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

#include "common/hg_rate.h"
#include "zhg.h"
#include "zhg_bindings.h"
#include "zhg_evpn.h"
#include "zhg_psock.h"
#include "zhg_snoop.h"

DEFINE_MTYPE_STATIC(HOSTGUARD, HG_SNOOP_PORT, "hostguard snooped port");

/* Kernel queue per port: some hundred small frames; beyond, dropped. */
#define SNOOP_RCVBUF (64 * 1024)
/* Captured bytes per frame: ARP and ordinary NS/NA fit with room. */
#define SNOOP_SNAPLEN 512
/* Frames handled per read callback: bounds one callback's duration. */
#define SNOOP_READ_BUDGET 64
/* Ports are re-read from zebra this long after a link change, and at
 * least this often (a safety net for changes without a link event).
 */
#define SNOOP_SYNC_DELAY_MS 200
#define SNOOP_SYNC_MS	    10000

const char *const zhg_snoop_drop_names[ZHG_SDROP_MAX] = {
	[ZHG_SDROP_KERNEL_QUEUE] = "kernelQueue",   [ZHG_SDROP_PORT_RATE] = "portRate",
	[ZHG_SDROP_GLOBAL_RATE] = "globalRate",	    [ZHG_SDROP_MAC_MISMATCH] = "macMismatch",
	[ZHG_SDROP_GATEWAY_MAC] = "gatewayMac",	    [ZHG_SDROP_OWN_ADDRESS] = "ownAddress",
	[ZHG_SDROP_BINDING_LIMIT] = "bindingLimit",
};

struct zhg_snoop_counters zhg_snoop_stats;

/*
 * ldh [12]; ARP -> accept; IPv6 with next header ICMPv6 and type NS or
 * NA -> accept; everything else -> 0 bytes (never queued).
 */
static struct sock_filter snoop_code[] = {
	BPF_STMT(BPF_LD | BPF_H | BPF_ABS, 12),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x0806, 6, 0),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x86dd, 0, 6),
	BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 20),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, IPPROTO_ICMPV6, 0, 4),
	BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 54),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 135, 1, 0),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 136, 0, 1),
	BPF_STMT(BPF_RET | BPF_K, SNOOP_SNAPLEN),
	BPF_STMT(BPF_RET | BPF_K, 0),
};

static const struct sock_fprog snoop_prog = {
	.len = array_size(snoop_code),
	.filter = snoop_code,
};

/* One snooped port: its capture socket and its rate. */
PREDECL_HASH(zhg_sport_hash);
struct zhg_sport {
	struct zhg_sport_hash_item item;
	ifindex_t ifindex;
	int fd;
	hg_event_t *read_ev;
	struct hg_tbucket bucket;
	uint32_t sync_gen; /* last sync that found the port */
};

static int sport_cmp(const struct zhg_sport *a, const struct zhg_sport *b)
{
	return numcmp(a->ifindex, b->ifindex);
}

static uint32_t sport_hash(const struct zhg_sport *p)
{
	return jhash_1word((uint32_t)p->ifindex, 0x73706f72);
}

DECLARE_HASH(zhg_sport_hash, struct zhg_sport, item, sport_cmp, sport_hash);

static struct zhg_sport_hash_head sports;
static struct hg_tbucket global_bucket;
static bool snoop_on;
static uint32_t sync_gen;
static hg_event_t *sync_ev;

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
		zhg_snoop_stats.drops[ZHG_SDROP_PORT_RATE]++;
		return;
	}
	if (!hg_tbucket_take(&global_bucket, now, zhg_cfg.snoop_rate, burst_of(zhg_cfg.snoop_rate))) {
		zhg_snoop_stats.drops[ZHG_SDROP_GLOBAL_RATE]++;
		return;
	}
	v = hg_pkt_parse(f->data, f->len, &claim);
	if (v != HG_PKT_OK) {
		zhg_snoop_stats.parse[v]++;
		return;
	}
	if ((claim.family == AF_INET && !zhg_cfg.snoop_arp) ||
	    (claim.family == AF_INET6 && !zhg_cfg.snoop_nd))
		return;
	/* Looked up per frame: the port may have changed bridge since. */
	if (!zhg_evpn_port_info(p->ifindex, 0, &pi) ||
	    hg_uint_set_contains(&zhg_cfg.snoop_exclude_vni, pi.vni))
		return;
	zhg_bindings_claim(&pi, p->ifindex, &claim);
}

static void snoop_read(hg_event_t *ev)
{
	static uint8_t buf[SNOOP_SNAPLEN];
	struct zhg_sport *p = HG_EVENT_ARG(ev);
	int64_t now = zhg_now_ms();
	int budget = SNOOP_READ_BUDGET;
	struct zhg_frame f;
	int ret;

	while (budget-- > 0) {
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

static void port_found(const struct zhg_port_info *pi, ifindex_t port, void *arg)
{
	struct zhg_sport key = { .ifindex = port }, *p;
	int fd;

	if (hg_uint_set_contains(&zhg_cfg.snoop_exclude_vni, pi->vni))
		return;
	p = zhg_sport_hash_find(&sports, &key);
	if (p) {
		p->sync_gen = sync_gen;
		return;
	}
	fd = zhg_psock_open(port, &snoop_prog, SNOOP_RCVBUF);
	if (fd < 0) {
		zlog_warn("hostguard: cannot snoop on %s: %s", zhg_ifname(port), safe_strerror(-fd));
		return;
	}
	p = XCALLOC(MTYPE_HG_SNOOP_PORT, sizeof(*p));
	p->ifindex = port;
	p->fd = fd;
	p->sync_gen = sync_gen;
	zhg_sport_hash_add(&sports, p);
	hg_add_read(zhg_master, snoop_read, p, fd, &p->read_ev);
	ZHG_DEBUG("snoop: VNI %u: listening on %s", pi->vni, zhg_ifname(port));
}

/* Open sockets on new access ports, close those of ports gone. */
static void snoop_sync(hg_event_t *ev)
{
	struct zhg_sport *p;

	sync_gen++;
	zhg_evpn_access_ports_walk(port_found, NULL);
	frr_each_safe (zhg_sport_hash, &sports, p) {
		if (p->sync_gen != sync_gen)
			port_close(p);
	}
	hg_timer_msec(zhg_master, snoop_sync, NULL, SNOOP_SYNC_MS, &sync_ev);
}

void zhg_snoop_ports_changed(void)
{
	if (!snoop_on)
		return;
	if (sync_ev && hg_timer_remain_msec(sync_ev) <= SNOOP_SYNC_DELAY_MS)
		return;
	hg_event_cancel(&sync_ev);
	hg_timer_msec(zhg_master, snoop_sync, NULL, SNOOP_SYNC_DELAY_MS, &sync_ev);
}

void zhg_snoop_init(void)
{
	zhg_sport_hash_init(&sports);
	snoop_on = true;
	hg_timer_msec(zhg_master, snoop_sync, NULL, 0, &sync_ev);
	zlog_info("hostguard: snooping bindings on local bridge ports (ARP %s, ND %s)",
		  zhg_cfg.snoop_arp ? "on" : "off", zhg_cfg.snoop_nd ? "on" : "off");
}

void zhg_snoop_fini(void)
{
	struct zhg_sport *p;

	if (!snoop_on)
		return;
	snoop_on = false;
	hg_event_cancel(&sync_ev);
	while ((p = zhg_sport_hash_first(&sports)))
		port_close(p);
	zhg_sport_hash_fini(&sports);
}

bool zhg_snoop_running(void)
{
	return snoop_on;
}

unsigned int zhg_snoop_ports(void)
{
	return snoop_on ? (unsigned int)zhg_sport_hash_count(&sports) : 0;
}

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Binding snooping on one capture socket for all interfaces: the in-kernel
 * BPF filter passes only ARP and ICMPv6 NS/NA; frames from anything but a
 * local access port of an EVPN L2VNI (the vxlan port, the underlay, the
 * bridge itself) are ignored. Work per frame is bounded by a per-port and
 * a global token bucket; the kernel queue is bounded by SO_RCVBUF and its
 * overruns are counted.
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

/* Kernel queue: a few hundred small frames; beyond, the kernel drops. */
#define SNOOP_RCVBUF (128 * 1024)
/* Captured bytes per frame: ARP and ordinary NS/NA fit with room. */
#define SNOOP_SNAPLEN 512
/* Frames handled per read callback: bounds one callback's duration. */
#define SNOOP_READ_BUDGET 256
/* Port buckets idle this long are freed. */
#define SNOOP_PORT_IDLE_MS 60000
#define SNOOP_SWEEP_MS	   10000

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

/* Per-port rate state, created on a port's first frame. */
PREDECL_HASH(zhg_sport_hash);
struct zhg_sport {
	struct zhg_sport_hash_item item;
	ifindex_t ifindex;
	struct hg_tbucket bucket;
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
static int snoop_fd = -1;
static bool snoop_inited;
static hg_event_t *snoop_read_ev;
static hg_event_t *snoop_sweep_ev;

static double burst_of(uint32_t rate)
{
	return rate / 5.0 + 5.0;
}

static bool port_take(ifindex_t ifindex, int64_t now)
{
	struct zhg_sport key = { .ifindex = ifindex }, *p;

	p = zhg_sport_hash_find(&sports, &key);
	if (!p) {
		p = XCALLOC(MTYPE_HG_SNOOP_PORT, sizeof(*p));
		p->ifindex = ifindex;
		zhg_sport_hash_add(&sports, p);
	}
	return hg_tbucket_take(&p->bucket, now, zhg_cfg.snoop_port_rate,
			       burst_of(zhg_cfg.snoop_port_rate));
}

static void count_kernel_drops(void)
{
	zhg_snoop_stats.drops[ZHG_SDROP_KERNEL_QUEUE] += zhg_psock_drops(snoop_fd);
}

static void snoop_frame(const struct zhg_frame *f, int64_t now)
{
	struct hg_binding_claim claim;
	struct zhg_port_info pi;
	enum hg_pkt_verdict v;
	uint16_t vid = f->vlan_valid ? (f->vlan_tci & 0x0fff) : 0;

	if (f->pkttype == PACKET_OUTGOING || !zhg_evpn_port_info(f->ifindex, vid, &pi) ||
	    hg_uint_set_contains(&zhg_cfg.snoop_exclude_vni, pi.vni))
		return;
	zhg_snoop_stats.frames++;
	/* The port's own budget first: a storming port spends only its own. */
	if (!port_take(f->ifindex, now)) {
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
	zhg_bindings_claim(&pi, f->ifindex, &claim);
}

static void snoop_read(hg_event_t *ev)
{
	static uint8_t buf[SNOOP_SNAPLEN];
	int64_t now = zhg_now_ms();
	int budget = SNOOP_READ_BUDGET;
	struct zhg_frame f;
	int ret;

	while (budget-- > 0) {
		ret = zhg_psock_recv(snoop_fd, buf, sizeof(buf), &f);
		if (ret <= 0) {
			if (ret < 0)
				ZHG_DEBUG("snoop: read error: %s", safe_strerror(-ret));
			break;
		}
		snoop_frame(&f, now);
	}
	count_kernel_drops();
	hg_add_read(zhg_master, snoop_read, NULL, snoop_fd, &snoop_read_ev);
}

/* Free the buckets of ports that went quiet (or away). */
static void snoop_sweep(hg_event_t *ev)
{
	int64_t now = zhg_now_ms();
	struct zhg_sport *p;

	frr_each_safe (zhg_sport_hash, &sports, p) {
		if (now - p->bucket.at_ms > SNOOP_PORT_IDLE_MS) {
			zhg_sport_hash_del(&sports, p);
			XFREE(MTYPE_HG_SNOOP_PORT, p);
		}
	}
	count_kernel_drops();
	hg_timer_msec(zhg_master, snoop_sweep, NULL, SNOOP_SWEEP_MS, &snoop_sweep_ev);
}

int zhg_snoop_init(void)
{
	zhg_sport_hash_init(&sports);
	snoop_inited = true;
	snoop_fd = zhg_psock_open(0, &snoop_prog, SNOOP_RCVBUF);
	if (snoop_fd < 0) {
		zlog_err("hostguard: cannot open the snooping socket: %s", safe_strerror(-snoop_fd));
		snoop_fd = -1;
		return -1;
	}
	hg_add_read(zhg_master, snoop_read, NULL, snoop_fd, &snoop_read_ev);
	hg_timer_msec(zhg_master, snoop_sweep, NULL, SNOOP_SWEEP_MS, &snoop_sweep_ev);
	zlog_info("hostguard: snooping bindings on local bridge ports (ARP %s, ND %s)",
		  zhg_cfg.snoop_arp ? "on" : "off", zhg_cfg.snoop_nd ? "on" : "off");
	return 0;
}

void zhg_snoop_fini(void)
{
	struct zhg_sport *p;

	if (!snoop_inited)
		return;
	snoop_inited = false;
	hg_event_cancel(&snoop_read_ev);
	hg_event_cancel(&snoop_sweep_ev);
	if (snoop_fd >= 0)
		close(snoop_fd);
	snoop_fd = -1;
	while ((p = zhg_sport_hash_pop(&sports)))
		XFREE(MTYPE_HG_SNOOP_PORT, p);
	zhg_sport_hash_fini(&sports);
}

bool zhg_snoop_running(void)
{
	return snoop_fd >= 0;
}

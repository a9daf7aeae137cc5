// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Offenders: refusals counted per access port and per (port, source MAC),
 * logged once per (port, MAC, kind) within a module-wide log rate, and
 * shown, worst first, by "show hostguard offenders".
 */
#include "lib/zebra.h"

#include "lib/command.h"
#include "lib/jhash.h"
#include "lib/json.h"
#include "lib/memory.h"
#include "lib/prefix.h"
#include "lib/typesafe.h"
#include "lib/vty.h"

#include "common/hg_rate.h"
#include "common/hg_show.h"
#include "common/hg_table.h"
#include "zhg.h"
#include "zhg_evpn.h"
#include "zhg_offenders.h"

DEFINE_MTYPE_STATIC(HOSTGUARD, HG_OFFENDER, "hostguard offender");

/*
 * Entries kept: a flood of random source MACs fills the MAC table, whose
 * later newcomers are counted on their port only; ports are real devices.
 */
#define OFF_MACS_MAX  4096
#define OFF_PORTS_MAX 4096
/* Log lines about offenders: this many per second, bursts of OFF_LOG_BURST. */
#define OFF_LOG_RATE  5
#define OFF_LOG_BURST 20.0
/* Rows shown per table. */
#define OFF_SHOW_MAX 20

const char *const zhg_offense_names[ZHG_OFF_MAX] = {
	[ZHG_OFF_GATEWAY_ADDRESS] = "gatewayAddress",
	[ZHG_OFF_GATEWAY_MAC] = "gatewayMac",
	[ZHG_OFF_OFF_SUBNET] = "offSubnet",
	[ZHG_OFF_SPECIAL_ADDRESS] = "specialAddress",
	[ZHG_OFF_BAD_FRAME] = "badFrame",
	[ZHG_OFF_MAC_QUOTA] = "macQuota",
	[ZHG_OFF_PORT_QUOTA] = "portQuota",
	[ZHG_OFF_VNI_LIMIT] = "bindingLimit",
	[ZHG_OFF_CONFLICT] = "conflict",
	[ZHG_OFF_PORT_RATE] = "portRate",
	[ZHG_OFF_ANYCAST_SOURCE] = "anycastSource",
};

/* What "refused" means in a log line, per kind. */
static const char *const offense_text[ZHG_OFF_MAX] = {
	[ZHG_OFF_GATEWAY_ADDRESS] = "claims a local gateway address",
	[ZHG_OFF_GATEWAY_MAC] = "claims a gateway MAC",
	[ZHG_OFF_OFF_SUBNET] = "claims an address outside the VNI's subnets",
	[ZHG_OFF_SPECIAL_ADDRESS] = "claims an address no host can have",
	[ZHG_OFF_BAD_FRAME] = "sends malformed or inconsistent ARP/ND",
	[ZHG_OFF_MAC_QUOTA] = "holds its quota of bindings per MAC",
	[ZHG_OFF_PORT_QUOTA] = "is on a port holding its quota of bindings",
	[ZHG_OFF_VNI_LIMIT] = "finds the VNI's binding table full",
	[ZHG_OFF_CONFLICT] = "claims the address of a live host",
	[ZHG_OFF_PORT_RATE] = "sends more ARP/ND than its port's rate",
	/* logged by the anti-spoof capture itself, with its repair */
	[ZHG_OFF_ANYCAST_SOURCE] = NULL,
};

struct off_counts {
	uint64_t total;
	uint32_t n[ZHG_OFF_MAX];
	int64_t first_ms, last_ms;
	vni_t vni; /* last seen */
};

PREDECL_HASH(off_port_hash);
struct off_port {
	struct off_port_hash_item item;
	ifindex_t port;
	struct off_counts c;
	uint32_t macs_untracked; /* offending MACs not in the MAC table */
};

PREDECL_HASH(off_mac_hash);
struct off_mac {
	struct off_mac_hash_item item;
	ifindex_t port;
	uint8_t mac[6];
	struct off_counts c;
	uint32_t logged; /* kinds logged, one bit each */
};

HG_DECLARE_INT_HASH(off_port_hash, struct off_port, item, port, 0x6f666670);

static int mac_cmp(const struct off_mac *a, const struct off_mac *b)
{
	if (a->port != b->port)
		return numcmp(a->port, b->port);
	return memcmp(a->mac, b->mac, ETH_ALEN);
}

static uint32_t mac_hash(const struct off_mac *m)
{
	return jhash(m->mac, ETH_ALEN, jhash_1word((uint32_t)m->port, 0x6f66666d));
}

DECLARE_HASH(off_mac_hash, struct off_mac, item, mac_cmp, mac_hash);

static struct off_port_hash_head ports;
static struct off_mac_hash_head macs;
static struct hg_tbucket log_bucket;
static uint64_t logs_suppressed, ports_untracked;

static void count(struct off_counts *c, enum zhg_offense kind, vni_t vni, int64_t now)
{
	if (!c->total)
		c->first_ms = now;
	c->total++;
	c->n[kind]++;
	c->last_ms = now;
	c->vni = vni;
}

static struct off_port *port_get(ifindex_t port)
{
	struct off_port key = { .port = port }, *p;

	p = off_port_hash_find(&ports, &key);
	if (p || off_port_hash_count(&ports) >= OFF_PORTS_MAX)
		return p;
	p = XCALLOC(MTYPE_HG_OFFENDER, sizeof(*p));
	p->port = port;
	off_port_hash_add(&ports, p);
	return p;
}

static struct off_mac *mac_get(ifindex_t port, const uint8_t *mac, bool *full)
{
	struct off_mac key = { .port = port }, *m;

	memcpy(key.mac, mac, ETH_ALEN);
	m = off_mac_hash_find(&macs, &key);
	*full = !m && off_mac_hash_count(&macs) >= OFF_MACS_MAX;
	if (m || *full)
		return m;
	m = XCALLOC(MTYPE_HG_OFFENDER, sizeof(*m));
	m->port = port;
	memcpy(m->mac, mac, ETH_ALEN);
	off_mac_hash_add(&macs, m);
	return m;
}

void zhg_offense(enum zhg_offense kind, vni_t vni, ifindex_t port, const uint8_t *mac,
		 const struct ipaddr *ip)
{
	int64_t now = zhg_now_ms();
	struct off_port *p = port_get(port);
	struct off_mac *m;
	bool full;

	if (p)
		count(&p->c, kind, vni, now);
	else
		ports_untracked++;
	m = mac_get(port, mac, &full);
	if (!m) {
		if (p && full)
			p->macs_untracked++;
		return;
	}
	count(&m->c, kind, vni, now);
	if ((m->logged & (1u << kind)) || !offense_text[kind])
		return;
	if (!hg_tbucket_take(&log_bucket, now, OFF_LOG_RATE, OFF_LOG_BURST)) {
		/* Not marked: logged at its next offence if the rate allows. */
		logs_suppressed++;
		return;
	}
	m->logged |= 1u << kind;
	if (ip)
		zlog_warn("hostguard: VNI %u: %pEA on %s %s (%pIA): refused", vni,
			  (struct ethaddr *)mac, zhg_ifname(port), offense_text[kind], ip);
	else
		zlog_warn("hostguard: VNI %u: %pEA on %s %s: refused", vni, (struct ethaddr *)mac,
			  zhg_ifname(port), offense_text[kind]);
}

/* The OFF_SHOW_MAX worst entries, by total, into out (sorted). */
struct worst {
	const void *e[OFF_SHOW_MAX];
	uint64_t total[OFF_SHOW_MAX];
	uint32_t n;
};

static void worst_add(struct worst *w, const void *e, uint64_t total)
{
	uint32_t i;

	if (w->n == OFF_SHOW_MAX && total <= w->total[w->n - 1])
		return;
	if (w->n < OFF_SHOW_MAX)
		w->n++;
	for (i = w->n - 1; i > 0 && w->total[i - 1] < total; i--) {
		w->e[i] = w->e[i - 1];
		w->total[i] = w->total[i - 1];
	}
	w->e[i] = e;
	w->total[i] = total;
}

/* The reason seen most often. */
static const char *main_reason(const struct off_counts *c)
{
	int best = 0;

	for (int k = 1; k < ZHG_OFF_MAX; k++)
		if (c->n[k] > c->n[best])
			best = k;
	return zhg_offense_names[best];
}

static json_object *counts_json(const struct off_counts *c, ifindex_t port, int64_t now)
{
	json_object *o = json_object_new_object(), *r = json_object_new_object();

	json_object_string_add(o, "port", zhg_ifname(port));
	json_object_int_add(o, "vni", c->vni);
	json_object_int_add(o, "refused", (int64_t)c->total);
	json_object_string_add(o, "mostOften", main_reason(c));
	for (int k = 0; k < ZHG_OFF_MAX; k++)
		if (c->n[k])
			json_object_int_add(r, zhg_offense_names[k], c->n[k]);
	json_object_object_add(o, "byReason", r);
	json_object_int_add(o, "firstSecAgo", (now - c->first_ms) / 1000);
	json_object_int_add(o, "lastSecAgo", (now - c->last_ms) / 1000);
	return o;
}

static const struct hg_col port_cols[] = {
	{ "port", "Port" },
	{ "vni", "VNI" },
	{ "refused", "Refused" },
	{ "macsNotTracked", "MACsNotTracked" },
	{ "mostOften", "MostOften" },
};
static const struct hg_col mac_cols[] = {
	{ "port", "Port" }, { "vni", "VNI" }, { "mac", "MAC" },
	{ "refused", "Refused" }, { "mostOften", "MostOften" },
};

#include "zebra/zhg_offenders_clippy.c"

DEFPY(show_hostguard_offenders, show_hostguard_offenders_cmd,
      "show hostguard offenders [json]$uj",
      SHOW_STR
      "hostguard EVPN host protection\n"
      "Ports and MACs whose frames were refused, worst first\n"
      JSON_STR)
{
	struct worst wp = {}, wm = {};
	struct off_port *p;
	struct off_mac *m;
	int64_t now = zhg_now_ms();
	json_object *top = json_object_new_object();
	json_object *jp = json_object_new_array(), *jm = json_object_new_array();
	char mac[ETHER_ADDR_STRLEN];

	frr_each (off_port_hash, &ports, p)
		worst_add(&wp, p, p->c.total);
	frr_each (off_mac_hash, &macs, m)
		worst_add(&wm, m, m->c.total);
	for (uint32_t i = 0; i < wp.n; i++) {
		json_object *o;

		p = (struct off_port *)wp.e[i];
		o = counts_json(&p->c, p->port, now);
		json_object_int_add(o, "macsNotTracked", p->macs_untracked);
		json_object_array_add(jp, o);
	}
	for (uint32_t i = 0; i < wm.n; i++) {
		json_object *o;

		m = (struct off_mac *)wm.e[i];
		o = counts_json(&m->c, m->port, now);
		json_object_string_add(o, "mac",
				       prefix_mac2str((struct ethaddr *)m->mac, mac, sizeof(mac)));
		json_object_array_add(jm, o);
	}
	json_object_object_add(top, "ports", jp);
	json_object_object_add(top, "macs", jm);
	json_object_int_add(top, "portsTracked", (int64_t)off_port_hash_count(&ports));
	json_object_int_add(top, "macsTracked", (int64_t)off_mac_hash_count(&macs));
	json_object_int_add(top, "portsNotTracked", (int64_t)ports_untracked);
	json_object_int_add(top, "logsSuppressed", (int64_t)logs_suppressed);
	if (uj) {
		vty_json(vty, top);
		return CMD_SUCCESS;
	}
	vty_out(vty, "Ports, worst first:\n");
	hg_show_table(vty, "  ", port_cols, array_size(port_cols), jp);
	vty_out(vty, "MACs, worst first:\n");
	hg_show_table(vty, "  ", mac_cols, array_size(mac_cols), jm);
	vty_out(vty, "%zu ports and %zu MACs tracked; %" PRIu64 " log lines suppressed\n",
		off_port_hash_count(&ports), off_mac_hash_count(&macs), logs_suppressed);
	json_object_free(top);
	return CMD_SUCCESS;
}

void zhg_offenders_init(void)
{
	off_port_hash_init(&ports);
	off_mac_hash_init(&macs);
	install_element(VIEW_NODE, &show_hostguard_offenders_cmd);
}

void zhg_offenders_fini(void)
{
	struct off_port *p;
	struct off_mac *m;

	hg_hash_drain (off_port_hash, &ports, p)
		XFREE(MTYPE_HG_OFFENDER, p);
	hg_hash_drain (off_mac_hash, &macs, m)
		XFREE(MTYPE_HG_OFFENDER, m);
	off_port_hash_fini(&ports);
	off_mac_hash_fini(&macs);
}

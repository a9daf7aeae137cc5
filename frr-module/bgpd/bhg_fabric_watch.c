// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The fabric check on bgpd's event loop: a pass every few seconds, walked
 * in slices of bounded size, and each finding logged once when it appears
 * and once when it clears. A finding must be found (or missed) by two
 * passes in a row, so that routes caught mid-update by a slice, or a
 * session still converging, log nothing.
 */
#include "lib/zebra.h"

#include "lib/jhash.h"
#include "lib/memory.h"
#include "lib/typesafe.h"

#include "bgpd/bgpd.h"

#include "common/hg_compat.h"
#include "common/hg_table.h"

#include "bhg.h"
#include "bhg_fabric.h"

DEFINE_MTYPE_STATIC(HOSTGUARD, BHG_FABRIC_LOG, "hostguard fabric findings logged");

/* A pass starts this long after the previous one ended. */
#define BHG_FABRIC_PERIOD_MS 5000
/* Table nodes walked per callback; the next slice follows at once. */
#define BHG_FABRIC_SLICE 2000
/* Findings remembered for logging; more are logged nowhere, only shown. */
#define BHG_FABRIC_KNOWN_MAX 1024
/* Passes in a row that make a finding appear or clear. */
#define BHG_FABRIC_STEADY 2

PREDECL_HASH(bhg_known);

struct known {
	struct bhg_known_item item;
	/* what the finding is about */
	enum bhg_fkind kind;
	vni_t vni, their_vni;
	struct in_addr vtep;
	struct prefix_rd rd;
	struct ipaddr ip;
	struct ethaddr mac;
	/* how it stands */
	uint8_t present, absent;
	bool seen, logged;
};

static int known_cmp(const struct known *a, const struct known *b)
{
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if (a->vni != b->vni)
		return a->vni < b->vni ? -1 : 1;
	if (a->their_vni != b->their_vni)
		return a->their_vni < b->their_vni ? -1 : 1;
	if (a->vtep.s_addr != b->vtep.s_addr)
		return a->vtep.s_addr < b->vtep.s_addr ? -1 : 1;
	if (memcmp(a->rd.val, b->rd.val, sizeof(a->rd.val)))
		return memcmp(a->rd.val, b->rd.val, sizeof(a->rd.val));
	if (ipaddr_cmp(&a->ip, &b->ip))
		return ipaddr_cmp(&a->ip, &b->ip);
	return memcmp(&a->mac, &b->mac, ETH_ALEN);
}

static uint32_t known_hash(const struct known *k)
{
	uint32_t h = jhash(k->rd.val, sizeof(k->rd.val), jhash_3words(k->kind, k->vni, k->vtep.s_addr, 0));

	h = jhash(&k->mac, ETH_ALEN, h);
	return jhash(&k->ip.ip, sizeof(k->ip.ip), h);
}

DECLARE_HASH(bhg_known, struct known, item, known_cmp, known_hash);

static struct bhg_known_head known;
static struct bhg_fabric_pass *pass;
static hg_event_t *tick;
static uint64_t not_logged;

static void key_of(const struct bhg_finding *f, struct known *k)
{
	memset(k, 0, sizeof(*k));
	k->kind = f->kind;
	k->vni = f->vni;
	k->their_vni = f->their_vni;
	k->vtep = f->vtep;
	k->rd = f->rd;
	k->ip = f->ip;
	k->mac = f->their_mac;
}

static void log_appeared(const struct bhg_finding *f)
{
	zlog_warn("hostguard: fabric check: VNI %u: %s: %s Change on %s: %s", f->vni,
		  bhg_fabric_kind_title(f->kind), f->problem, f->change_on, f->action);
}

static void log_cleared(const struct known *k)
{
	char rd[BHG_RD_STRLEN];

	if (k->kind == BHG_F_NO_REMOTE_VTEP)
		zlog_notice("hostguard: fabric check: VNI %u: cleared: %s", k->vni,
			    bhg_fabric_kind_title(k->kind));
	else
		zlog_notice("hostguard: fabric check: VNI %u: cleared: %s (VTEP %pI4, RD %s)",
			    k->vni, bhg_fabric_kind_title(k->kind), &k->vtep,
			    bhg_rd2str(&k->rd, rd, sizeof(rd)));
}

static void update(const struct bhg_fabric_report *rep)
{
	struct known key, *k;

	frr_each (bhg_known, &known, k)
		k->seen = false;
	for (size_t i = 0; i < rep->n_findings; i++) {
		const struct bhg_finding *f = &rep->findings[i];

		key_of(f, &key);
		k = bhg_known_find(&known, &key);
		if (!k) {
			if (bhg_known_count(&known) >= BHG_FABRIC_KNOWN_MAX) {
				not_logged++;
				continue;
			}
			k = XCALLOC(MTYPE_BHG_FABRIC_LOG, sizeof(*k));
			*k = key;
			bhg_known_add(&known, k);
		}
		k->seen = true;
		k->absent = 0;
		if (k->present < BHG_FABRIC_STEADY)
			k->present++;
		if (!k->logged && k->present >= BHG_FABRIC_STEADY) {
			k->logged = true;
			log_appeared(f);
		}
	}
	frr_each_safe (bhg_known, &known, k) {
		if (k->seen)
			continue;
		k->present = 0;
		if (k->logged && ++k->absent < BHG_FABRIC_STEADY)
			continue;
		if (k->logged)
			log_cleared(k);
		bhg_known_del(&known, k);
		XFREE(MTYPE_BHG_FABRIC_LOG, k);
	}
}

static void forget_all(void)
{
	struct known *k;

	bhg_fabric_pass_free(&pass);
	hg_hash_drain (bhg_known, &known, k)
		XFREE(MTYPE_BHG_FABRIC_LOG, k);
}

static void watch(hg_event_t *t)
{
	struct bhg_fabric_report *rep;

	/* Off (possibly switched at run time): nothing walked, nothing kept. */
	if (!bhg_cfg.fabric_check) {
		forget_all();
		hg_timer_msec(bm->master, watch, NULL, BHG_FABRIC_PERIOD_MS, &tick);
		return;
	}
	if (!pass)
		pass = bhg_fabric_pass_new();
	if (!bhg_fabric_pass_step(pass, BHG_FABRIC_SLICE)) {
		hg_timer_msec(bm->master, watch, NULL, 0, &tick);
		return;
	}
	rep = bhg_fabric_pass_finish(&pass);
	update(rep);
	if (bhg_debug)
		zlog_debug("hostguard: fabric check: %zu findings in %zu VNIs", rep->n_findings,
			   rep->n_vnis);
	bhg_fabric_report_free(&rep);
	hg_timer_msec(bm->master, watch, NULL, BHG_FABRIC_PERIOD_MS, &tick);
}

uint64_t bhg_fabric_watch_not_logged(void)
{
	return not_logged;
}

void bhg_fabric_watch_init(void)
{
	bhg_known_init(&known);
	hg_timer_msec(bm->master, watch, NULL, BHG_FABRIC_PERIOD_MS, &tick);
}

void bhg_fabric_watch_fini(void)
{
	hg_event_cancel(&tick);
	forget_all();
	bhg_known_fini(&known);
}

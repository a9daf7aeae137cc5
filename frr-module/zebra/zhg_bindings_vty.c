// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Show commands of ARP/ND suppression: snooped bindings and counters.
 */
#include "lib/zebra.h"

#include "lib/command.h"
#include "lib/json.h"
#include "lib/prefix.h"
#include "lib/vty.h"

#include "common/hg_show.h"

#include "zhg.h"
#include "zhg_bindings.h"
#include "zhg_snoop.h"

#include "zebra/zhg_bindings_vty_clippy.c"

void zhg_snoop_status_json(json_object *json)
{
	json_object *s = json_object_new_object();
	json_object *drops = json_object_new_object();
	const struct zhg_snoop_counters *c = &zhg_snoop_stats;

	json_object_boolean_add(s, "running", zhg_snoop_running());
	json_object_int_add(s, "ports", zhg_snoop_ports());
	json_object_int_add(s, "bindings", (int64_t)zhg_bindings_count());
	json_object_int_add(s, "framesSnooped", (int64_t)c->frames);
	json_object_int_add(s, "learned", (int64_t)c->learned);
	json_object_int_add(s, "moves", (int64_t)c->moves);
	json_object_int_add(s, "conflicts", (int64_t)c->conflicts);
	json_object_int_add(s, "conflictsRejected", (int64_t)c->conflicts_rejected);
	json_object_int_add(s, "remoteConflicts", (int64_t)c->remote_conflicts);
	json_object_int_add(s, "verifyProbes", (int64_t)c->verify_probes);
	json_object_int_add(s, "installErrors", (int64_t)c->install_errors);
	for (int i = 0; i < ZHG_SDROP_MAX; i++)
		json_object_int_add(drops, zhg_snoop_drop_names[i], (int64_t)c->drops[i]);
	for (int i = HG_PKT_OK + 1; i < HG_PKT_VERDICT_MAX; i++)
		json_object_int_add(drops, hg_pkt_verdict_names[i], (int64_t)c->parse[i]);
	json_object_object_add(s, "drops", drops);
	json_object_object_add(json, "snoop", s);
}

struct binding_walk {
	json_object *list;
	vni_t vni;
	int64_t now;
	uint32_t count;
};

static const char *binding_state(const struct zhg_binding *b)
{
	if (b->verify_ev)
		return "verifying";
	return b->installed ? "installed" : "kernel";
}

static void binding_one(struct zhg_binding *b, void *arg)
{
	struct binding_walk *w = arg;
	char mac[ETHER_ADDR_STRLEN], ip[INET6_ADDRSTRLEN];
	json_object *o;

	if (w->vni && b->vni != w->vni)
		return;
	w->count++;
	prefix_mac2str((struct ethaddr *)b->mac, mac, sizeof(mac));
	ipaddr2str(&b->ip, ip, sizeof(ip));
	o = json_object_new_object();
	json_object_int_add(o, "vni", b->vni);
	json_object_string_add(o, "ip", ip);
	json_object_string_add(o, "mac", mac);
	json_object_string_add(o, "port", zhg_ifname(b->port));
	json_object_string_add(o, "source", zhg_bind_source_names[b->source]);
	json_object_int_add(o, "ageMsec", w->now - b->learned_ms);
	json_object_int_add(o, "lastSeenMsecAgo", w->now - b->last_seen_ms);
	json_object_string_add(o, "state", binding_state(b));
	json_object_boolean_add(o, "installed", b->installed);
	json_object_boolean_add(o, "verifyingHolder", !!b->verify_ev);
	json_object_int_add(o, "conflictsRejected", b->conflicts_rejected);
	json_object_array_add(w->list, o);
}

static const struct hg_col binding_cols[] = {
	{ "vni", "VNI" },
	{ "ip", "IP" },
	{ "mac", "MAC" },
	{ "port", "Port" },
	{ "source", "Source" },
	{ "ageMsec", "Age(s)", 0, HG_COL_SECS },
	{ "lastSeenMsecAgo", "Seen(s)", 0, HG_COL_SECS },
	{ "conflictsRejected", "Rejected" },
	{ "state", "State" },
};

DEFPY(show_hostguard_bindings, show_hostguard_bindings_cmd,
      "show hostguard bindings [vni (1-16777215)$vni] [json]$uj",
      SHOW_STR
      "hostguard EVPN host protection\n"
      "MAC/IP bindings snooped from ARP and ND\n"
      "Only one VNI\n"
      "VNI\n"
      JSON_STR)
{
	struct binding_walk w = { .vni = (vni_t)vni, .now = zhg_now_ms() };
	json_object *top = json_object_new_object();

	w.list = json_object_new_array();
	zhg_bindings_walk(binding_one, &w);
	json_object_int_add(top, "numBindings", w.count);
	json_object_object_add(top, "bindings", w.list);
	if (uj) {
		vty_json(vty, top);
		return CMD_SUCCESS;
	}
	hg_show_table(vty, "", binding_cols, array_size(binding_cols), w.list);
	vty_out(vty, "%u bindings\n", w.count);
	json_object_free(top);
	return CMD_SUCCESS;
}

void zhg_bindings_vty_init(void)
{
	install_element(VIEW_NODE, &show_hostguard_bindings_cmd);
}

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * hostguard zebra module: show and debug commands.
 */
#include "lib/zebra.h"

#include "lib/command.h"
#include "lib/json.h"
#include "lib/vty.h"
#include "lib/version.h"

#include "zebra/debug.h"

#include "common/hg_show.h"

#include "zhg.h"
#include "zhg_evpn.h"
#include "zhg_hosts.h"
#include "zhg_keepalive.h"
#include "zhg_nlreq.h"
#include "zhg_dhcp.h"
#include "zhg_targets.h"

#include "zebra/zhg_vty_clippy.c"

static void add_config(json_object *json)
{
	json_object *cfg = json_object_new_object();
	char buf[2048];

	for (size_t i = 0; i < zhg_arg_specs_count; i++)
		json_object_string_add(cfg, zhg_arg_specs[i].key,
				       hg_args_format(&zhg_arg_specs[i], &zhg_cfg, buf,
						      sizeof(buf)));
	json_object_object_add(json, "config", cfg);
}

#define COUNTERS(X)                                                                                \
	X(hostsTracked, hosts_tracked)                                                             \
	X(probesSent, probes_sent)                                                                 \
	X(probesAnswered, probes_answered)                                                         \
	X(probesUnanswered, probes_unanswered)                                                     \
	X(probesRateLimited, probes_rate_limited)                                                  \
	X(probeSendErrors, probe_send_errors)                                                      \
	X(withdrawalsPrevented, withdrawals_prevented)                                             \
	X(deadHosts, dead_hosts)                                                                   \
	X(earlyRemovals, early_removals)                                                           \
	X(neighRevalidations, neigh_revalidations)                                                 \
	X(netlinkErrors, netlink_errors)

DEFPY(show_hostguard_status, show_hostguard_status_cmd,
      "show hostguard status [json]$uj",
      SHOW_STR
      "hostguard EVPN host protection\n"
      "Module version, configuration and counters\n"
      JSON_STR)
{
	json_object *json = json_object_new_object();
	json_object *cnt = json_object_new_object();

	json_object_string_add(json, "module", "zebra_hostguard");
	json_object_string_add(json, "version", HG_VERSION);
	json_object_string_add(json, "frrVersion", FRR_VER_SHORT);
	json_object_string_add(json, "builtForFrr", HG_FRR_VERSION);
	json_object_int_add(json, "l2vnis", zhg_evpn_l2vni_count());
	add_config(json);
#define X(key, field) json_object_int_add(cnt, #key, (int64_t)zhg_stats.field);
	COUNTERS(X)
#undef X
	json_object_int_add(cnt, "hostsScheduled", (int64_t)zhg_hosts_scheduled());
	json_object_int_add(cnt, "neighRevalidationsPending", (int64_t)zhg_neigh_gc_pending());
	json_object_int_add(cnt, "kernelRequestsPending", (int64_t)zhg_nl_pending());
	json_object_object_add(json, "counters", cnt);
	zhg_snoop_status_json(json);
	zhg_targets_status_json(json);
	zhg_dhcp_status_json(json);

	if (uj) {
		vty_json(vty, json);
		return CMD_SUCCESS;
	}
	vty_out(vty, "hostguard %s (zebra), built for FRR %s, running in FRR %s\n", HG_VERSION,
		HG_FRR_VERSION, FRR_VER_SHORT);
	vty_out(vty, "Configuration:\n");
	json_object_object_foreach(hg_json_get(json, "config"), k, v)
		vty_out(vty, "  %-18s %s\n", k, json_object_get_string(v));
	vty_out(vty, "Counters:\n");
	json_object_object_foreach(cnt, ck, cv)
		vty_out(vty, "  %-22s %s\n", ck, json_object_get_string(cv));
	vty_out(vty, "ARP/ND snooping:\n");
	json_object_object_foreach(hg_json_get(json, "snoop"), sk, sv)
		vty_out(vty, "  %-22s %s\n", sk, json_object_get_string(sv));
	json_object_free(json);
	return CMD_SUCCESS;
}

struct host_walk {
	struct vty *vty;
	json_object *json;
	vni_t vni;
	int64_t now;
	uint32_t per_state[ZHG_STATE_MAX];
	uint32_t count;
};

static void host_one(struct zhg_host *h, void *arg)
{
	struct host_walk *w = arg;
	json_object *o;
	char mac[ETHER_ADDR_STRLEN];

	if (w->vni && h->vni != w->vni)
		return;
	w->count++;
	w->per_state[h->state]++;
	prefix_mac2str((struct ethaddr *)h->mac, mac, sizeof(mac));
	if (!w->json) {
		vty_out(w->vty, "%-8u %-17s %-16s %-12s %8.1f %8.1f %6u %6u %6u\n", h->vni, mac,
			zhg_ifname(h->port), zhg_state_names[h->state],
			(double)(w->now - h->last_active_ms) / 1000.0,
			h->last_probe_ms ? (double)(w->now - h->last_probe_ms) / 1000.0 : -1.0,
			h->probes_sent, h->probes_answered, h->withdrawals_prevented);
		return;
	}
	o = json_object_new_object();
	json_object_int_add(o, "vni", h->vni);
	json_object_string_add(o, "port", zhg_ifname(h->port));
	json_object_int_add(o, "vlan", h->vid);
	json_object_string_add(o, "state", zhg_state_names[h->state]);
	json_object_int_add(o, "idleMsec", w->now - h->last_active_ms);
	json_object_int_add(o, "lastProbeMsecAgo",
			    h->last_probe_ms ? w->now - h->last_probe_ms : -1);
	json_object_int_add(o, "nextCheckMsec", h->sched.queued ? h->sched.due_ms - w->now : -1);
	json_object_int_add(o, "probesSent", h->probes_sent);
	json_object_int_add(o, "probesAnswered", h->probes_answered);
	json_object_int_add(o, "withdrawalsPrevented", h->withdrawals_prevented);
	zhg_targets_host_json(h, o);
	json_object_object_add(w->json, mac, o);
}

DEFPY(show_hostguard_hosts, show_hostguard_hosts_cmd,
      "show hostguard hosts [vni (1-16777215)$vni] [json]$uj",
      SHOW_STR
      "hostguard EVPN host protection\n"
      "Local hosts tracked by the keepalive\n"
      "Only one VNI\n"
      "VNI\n"
      JSON_STR)
{
	struct host_walk w = { .vty = vty, .vni = (vni_t)vni, .now = zhg_now_ms() };
	json_object *top = NULL;

	if (uj) {
		top = json_object_new_object();
		w.json = json_object_new_object();
	} else {
		vty_out(vty, "%-8s %-17s %-16s %-12s %8s %8s %6s %6s %6s\n", "VNI", "MAC", "Port",
			"State", "Idle(s)", "Probe(s)", "Sent", "Answd", "Kept");
	}
	zhg_hosts_walk(host_one, &w);
	if (uj) {
		json_object_int_add(top, "numHosts", w.count);
		json_object_object_add(top, "hosts", w.json);
		vty_json(vty, top);
	} else {
		vty_out(vty, "%u hosts\n", w.count);
	}
	return CMD_SUCCESS;
}

static void vni_count_one(struct zhg_host *h, void *arg)
{
	json_object *vnis = arg, *v, *c;
	char key[16];

	snprintf(key, sizeof(key), "%u", h->vni);
	if (!json_object_object_get_ex(vnis, key, &v)) {
		v = json_object_new_object();
		for (int s = 0; s < ZHG_STATE_MAX; s++)
			json_object_int_add(v, zhg_state_names[s], 0);
		json_object_object_add(vnis, key, v);
	}
	json_object_object_get_ex(v, zhg_state_names[h->state], &c);
	json_object_int_add(v, zhg_state_names[h->state], json_object_get_int64(c) + 1);
}

DEFPY(show_hostguard_vni, show_hostguard_vni_cmd,
      "show hostguard vni [json]$uj",
      SHOW_STR
      "hostguard EVPN host protection\n"
      "Per-VNI host counts by state\n"
      JSON_STR)
{
	json_object *json = json_object_new_object();
	json_object *vnis = json_object_new_object();

	json_object_int_add(json, "numL2vnis", zhg_evpn_l2vni_count());
	zhg_hosts_walk(vni_count_one, vnis);
	json_object_object_add(json, "vnis", vnis);
	if (uj) {
		vty_json(vty, json);
		return CMD_SUCCESS;
	}
	vty_out(vty, "%-10s", "VNI");
	for (int s = 0; s < ZHG_STATE_MAX; s++)
		vty_out(vty, " %12s", zhg_state_names[s]);
	vty_out(vty, "\n");
	json_object_object_foreach(vnis, k, v)
	{
		vty_out(vty, "%-10s", k);
		for (int s = 0; s < ZHG_STATE_MAX; s++) {
			json_object *c = NULL;

			json_object_object_get_ex(v, zhg_state_names[s], &c);
			vty_out(vty, " %12" PRId64, json_object_get_int64(c));
		}
		vty_out(vty, "\n");
	}
	json_object_free(json);
	return CMD_SUCCESS;
}

DEFPY(debug_hostguard, debug_hostguard_cmd, "[no] debug hostguard",
      NO_STR DEBUG_STR "hostguard EVPN host protection\n")
{
	zhg_debug = !no;
	return CMD_SUCCESS;
}

static int zhg_show_debugging(struct vty *vty)
{
	if (zhg_debug)
		vty_out(vty, "  hostguard debugging is on\n");
	return 0;
}

void zhg_vty_init(void)
{
	install_element(VIEW_NODE, &show_hostguard_status_cmd);
	install_element(VIEW_NODE, &show_hostguard_hosts_cmd);
	install_element(VIEW_NODE, &show_hostguard_vni_cmd);
	zhg_bindings_vty_init();
	install_element(ENABLE_NODE, &debug_hostguard_cmd);
	install_element(CONFIG_NODE, &debug_hostguard_cmd);
	hook_register(zebra_debug_show_debugging, zhg_show_debugging);
}

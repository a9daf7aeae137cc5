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

#include "common/hg_metrics.h"
#include "common/hg_module.h"
#include "common/hg_show.h"

#include "zhg.h"
#include "zhg_bindings.h"
#include "zhg_evpn.h"
#include "zhg_gateway.h"
#include "zhg_hosts.h"
#include "zhg_keepalive.h"
#include "zhg_nlreq.h"
#include "zhg_dhcp.h"
#include "zhg_targets.h"
#include "zhg_tx.h"

#include "zebra/zhg_vty_clippy.c"

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

static json_object *status_json(void)
{
	json_object *json = json_object_new_object();
	json_object *cnt = json_object_new_object();

	hg_module_status_json(json, "zebra_hostguard", zhg_evpn_line_limits);
	json_object_int_add(json, "l2vnis", zhg_evpn_l2vni_count());
	json_object_object_add(json, "config", hg_config_json());
	zhg_stats.probe_send_errors += zhg_tx_take_errors();
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
	return json;
}

/* The status's parts in its text, in order: JSON key and title. */
static const struct {
	const char *key, *title;
} status_sections[] = {
	{ "config", "Configuration" },
	{ "counters", "Counters" },
	{ "snoop", "ARP/ND snooping" },
	{ "probeTargets", "Probe targets learned" },
	{ "dhcp", "DHCP snooping" },
};

DEFPY(show_hostguard_status, show_hostguard_status_cmd,
      "show hostguard status [json]$uj",
      SHOW_STR
      "hostguard EVPN host protection\n"
      "Module version, configuration and counters\n"
      JSON_STR)
{
	json_object *json = status_json();

	if (uj) {
		vty_json(vty, json);
		return CMD_SUCCESS;
	}
	hg_module_status_text(vty, "zebra", zhg_evpn_line_limits);
	vty_out(vty, "EVPN L2VNIs: %" PRId64 "\n",
		json_object_get_int64(hg_json_get(json, "l2vnis")));
	for (size_t i = 0; i < array_size(status_sections); i++)
		hg_show_section(vty, status_sections[i].title,
				hg_json_get(json, status_sections[i].key));
	json_object_free(json);
	return CMD_SUCCESS;
}

struct host_walk {
	json_object *hosts;
	vni_t vni;
	int64_t now;
	uint32_t per_state[ZHG_STATE_MAX];
	uint32_t count;
};

static void host_one(struct zhg_host *h, void *arg)
{
	struct host_walk *w = arg;
	json_object *o, *per_vni;
	char mac[ETHER_ADDR_STRLEN], vni[12];

	if (w->vni && h->vni != w->vni)
		return;
	w->count++;
	w->per_state[h->state]++;
	prefix_mac2str((struct ethaddr *)h->mac, mac, sizeof(mac));
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
	json_object_string_add(o, "mac", mac);
	/* By VNI, then MAC, as zebra's "show evpn mac vni all json": one MAC
	 * may be a host in two VNIs.
	 */
	snprintf(vni, sizeof(vni), "%u", h->vni);
	per_vni = hg_json_get(w->hosts, vni);
	if (!per_vni) {
		per_vni = json_object_new_object();
		json_object_object_add(w->hosts, vni, per_vni);
	}
	json_object_object_add(per_vni, mac, o);
}

static const struct hg_col host_cols[] = {
	{ "vni", "VNI" },
	{ "mac", "MAC" },
	{ "port", "Port" },
	{ "state", "State" },
	{ "idleMsec", "Idle(s)", 0, HG_COL_SECS },
	{ "lastProbeMsecAgo", "Probed(s)", 0, HG_COL_SECS },
	{ "nextCheckMsec", "Next(s)", 0, HG_COL_SECS },
	{ "probesSent", "Sent" },
	{ "probesAnswered", "Answered" },
	{ "withdrawalsPrevented", "Kept" },
};

DEFPY(show_hostguard_hosts, show_hostguard_hosts_cmd,
      "show hostguard hosts [vni (1-16777215)$vni] [json]$uj",
      SHOW_STR
      "hostguard EVPN host protection\n"
      "Local hosts tracked by the keepalive\n"
      "Only one VNI\n"
      "VNI\n"
      JSON_STR)
{
	struct host_walk w = { .vni = (vni_t)vni, .now = zhg_now_ms() };
	json_object *top = json_object_new_object(), *rows;

	w.hosts = json_object_new_object();
	zhg_hosts_walk(host_one, &w);
	json_object_int_add(top, "numHosts", w.count);
	json_object_object_add(top, "hosts", w.hosts);
	if (uj) {
		vty_json(vty, top);
		return CMD_SUCCESS;
	}
	rows = json_object_new_array();
	/* One row per host, whatever its VNI. */
	for (struct json_object_iterator v = json_object_iter_begin(w.hosts),
					  vend = json_object_iter_end(w.hosts);
	     !json_object_iter_equal(&v, &vend); json_object_iter_next(&v)) {
		json_object *per_vni = json_object_iter_peek_value(&v);
		struct json_object_iterator it = json_object_iter_begin(per_vni);
		struct json_object_iterator end = json_object_iter_end(per_vni);

		for (; !json_object_iter_equal(&it, &end); json_object_iter_next(&it))
			json_object_array_add(rows, json_object_get(json_object_iter_peek_value(&it)));
	}
	hg_show_table(vty, "", host_cols, array_size(host_cols), rows);
	json_object_put(rows);
	vty_out(vty, "%u hosts", w.count);
	for (int s = 0, n = 0; s < ZHG_STATE_MAX; s++)
		if (w.per_state[s])
			vty_out(vty, "%s %u %s", n++ ? "," : ":", w.per_state[s],
				zhg_state_names[s]);
	vty_out(vty, "\n");
	json_object_free(top);
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
	struct hg_col cols[ZHG_STATE_MAX + 1] = { { NULL, "VNI" } };

	for (int st = 0; st < ZHG_STATE_MAX; st++)
		cols[st + 1] = (struct hg_col){ zhg_state_names[st], zhg_state_names[st] };
	hg_show_table(vty, "", cols, array_size(cols), vnis);
	vty_out(vty, "%zu VNIs with hosts, %" PRId64 " EVPN L2VNIs\n",
		(size_t)json_object_object_length(vnis), (int64_t)zhg_evpn_l2vni_count());
	json_object_free(json);
	return CMD_SUCCESS;
}

static const struct hg_metric_desc status_metrics[] = {
	{ "hostsTracked", HG_METRIC_GAUGE, "Local hosts the keepalive tracks" },
	{ "hostsScheduled", HG_METRIC_GAUGE, "Tracked hosts with a check pending" },
	{ "neighRevalidationsPending", HG_METRIC_GAUGE,
	  "STALE neighbour entries of live hosts waiting to be kept from the kernel's GC" },
	{ "probesSent", HG_METRIC_COUNTER, "Unicast ARP/NS probes sent to silent hosts" },
	{ "probesAnswered", HG_METRIC_COUNTER, "Probes the host answered" },
	{ "probesUnanswered", HG_METRIC_COUNTER, "Probes the host did not answer" },
	{ "probesRateLimited", HG_METRIC_COUNTER, "Probes deferred by the probe-rate limit" },
	{ "withdrawalsPrevented", HG_METRIC_COUNTER,
	  "Type-2 withdrawals prevented: silent hosts kept by an answered probe" },
	{ "deadHosts", HG_METRIC_COUNTER, "Hosts declared dead after unanswered probes" },
	{ "earlyRemovals", HG_METRIC_COUNTER, "Dead hosts removed at once (early-idle)" },
	{ "running", HG_METRIC_GAUGE, "1 if ARP/ND snooping runs" },
	{ "ports", HG_METRIC_GAUGE, "Bridge ports snooped" },
	{ "bindings", HG_METRIC_GAUGE, "Snooped MAC/IP bindings" },
	{ "drops", HG_METRIC_COUNTER, "Frames dropped, by reason", "reason" },
	{ "learning", HG_METRIC_GAUGE, "1 if probe targets are learned from the hosts' frames" },
	{ "bridges", HG_METRIC_GAUGE, "Bridges whose DHCP traffic is watched" },
	{ "leasesInForce", HG_METRIC_GAUGE, "DHCP leases in force" },
};

static void vni_bindings_one(struct zhg_binding *b, void *arg)
{
	char key[16];
	json_object *c;

	snprintf(key, sizeof(key), "%u", b->vni);
	c = hg_json_get(arg, key);
	json_object_int_add(arg, key, c ? json_object_get_int64(c) + 1 : 1);
}

static void metrics_per_vni(struct vty *vty)
{
	json_object *hosts = json_object_new_object();
	json_object *bindings = json_object_new_object();
	char labels[96];

	zhg_hosts_walk(vni_count_one, hosts);
	hg_metric_family(vty, "hostguard_vni_hosts", HG_METRIC_GAUGE,
			 "Local hosts the keepalive tracks, by VNI and state");
	json_object_object_foreach(hosts, vni, states)
	{
		json_object_object_foreach(states, state, n)
		{
			snprintf(labels, sizeof(labels), "vni=\"%s\",state=\"%s\"", vni, state);
			hg_metric_sample(vty, "hostguard_vni_hosts", labels, json_object_get_int64(n));
		}
	}
	zhg_bindings_walk(vni_bindings_one, bindings);
	hg_metric_family(vty, "hostguard_vni_bindings", HG_METRIC_GAUGE,
			 "Snooped MAC/IP bindings, by VNI");
	json_object_object_foreach(bindings, bvni, count)
	{
		snprintf(labels, sizeof(labels), "vni=\"%s\"", bvni);
		hg_metric_sample(vty, "hostguard_vni_bindings", labels, json_object_get_int64(count));
	}
	json_object_free(hosts);
	json_object_free(bindings);
}

DEFPY(show_hostguard_metrics, show_hostguard_metrics_cmd,
      "show hostguard metrics",
      SHOW_STR
      "hostguard EVPN host protection\n"
      "Counters in Prometheus' text exposition format\n")
{
	json_object *json = status_json();
	json_object *gw = zhg_gw_counters_json();

	hg_metrics_info(vty, "zebra");
	hg_metric_family(vty, "hostguard_evpn_l2vnis", HG_METRIC_GAUGE, "EVPN L2VNIs zebra knows");
	hg_metric_sample(vty, "hostguard_evpn_l2vnis", NULL, zhg_evpn_l2vni_count());
	hg_metrics_json(vty, "hostguard", hg_json_get(json, "counters"), status_metrics,
			array_size(status_metrics));
	hg_metrics_json(vty, "hostguard_snoop", hg_json_get(json, "snoop"),
			status_metrics, array_size(status_metrics));
	hg_metrics_json(vty, "hostguard_probe_targets", hg_json_get(json, "probeTargets"),
			status_metrics, array_size(status_metrics));
	hg_metrics_json(vty, "hostguard_dhcp", hg_json_get(json, "dhcp"), status_metrics,
			array_size(status_metrics));
	hg_metrics_json(vty, "hostguard_gateway", gw, NULL, 0);
	metrics_per_vni(vty);
	json_object_free(json);
	json_object_free(gw);
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
	install_element(VIEW_NODE, &show_hostguard_metrics_cmd);
	zhg_bindings_vty_init();
	install_element(ENABLE_NODE, &debug_hostguard_cmd);
	install_element(CONFIG_NODE, &debug_hostguard_cmd);
	hook_register(zebra_debug_show_debugging, zhg_show_debugging);
}

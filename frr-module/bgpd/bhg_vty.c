// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * hostguard bgpd module: show and debug commands.
 */
#include "lib/zebra.h"

#include "lib/command.h"
#include "lib/json.h"
#include "lib/vty.h"
#include "lib/version.h"
#include "lib/monotime.h"

#include "bgpd/bgpd.h"
#include "bgpd/bgp_rd.h"

#include "common/hg_metrics.h"
#include "common/hg_module.h"
#include "common/hg_show.h"

#include "bhg.h"
#include "bhg_evpn.h"
#include "bhg_gateway.h"

#include "bgpd/bhg_vty_clippy.c"

DEFPY(show_hostguard_status, show_hostguard_status_cmd,
      "show hostguard status [json]$uj",
      SHOW_STR
      "hostguard EVPN host protection\n"
      "Module version, configuration and counters\n"
      JSON_STR)
{
	json_object *json = json_object_new_object();
	json_object *cfg = hg_config_json();
	json_object *cnt = json_object_new_object();
	int64_t configured, established;

	hg_module_status_json(json, "bgpd_hostguard", bhg_evpn_line_limits);
	json_object_object_add(json, "config", cfg);
	bhg_evpn_peer_counts(&configured, &established, NULL, 0);
	json_object_int_add(cnt, "evpnPeersConfigured", configured);
	json_object_int_add(cnt, "evpnPeersEstablished", established);
	json_object_object_add(json, "counters", cnt);

	if (uj) {
		vty_json(vty, json);
		return CMD_SUCCESS;
	}
	hg_module_status_text(vty, "bgpd", bhg_evpn_line_limits);
	hg_show_section(vty, "Configuration", cfg);
	hg_show_section(vty, "Counters", cnt);
	json_object_free(json);
	return CMD_SUCCESS;
}

static void conflict_one(const struct bhg_conflict_info *c, void *arg)
{
	json_object *o = json_object_new_object();
	char buf[RD_ADDRSTRLEN];

	json_object_int_add(o, "vni", c->vni);
	json_object_string_addf(o, "ip", "%pIA", &c->ip);
	json_object_string_addf(o, "ourMac", "%pEA", &c->our_mac);
	json_object_string_addf(o, "theirMac", "%pEA", &c->their_mac);
	json_object_string_addf(o, "vtep", "%pI4", &c->vtep);
	json_object_string_add(o, "rd", bhg_rd2str(&c->rd, buf, sizeof(buf)));
	json_object_int_add(o, "ageSec", (int64_t)(monotime(NULL) - c->first_seen));
	json_object_boolean_add(o, "contained", c->contained);
	json_object_array_add(arg, o);
}

static void conflict_count(const struct bhg_conflict_info *c, void *arg)
{
	(*(size_t *)arg)++;
}

/* The guard's counters, as show and metrics give them. */
static void gw_counters_json(json_object *json, const struct bhg_gw_counters *gc)
{
	json_object_int_add(json, "conflictsSeen", (int64_t)gc->conflicts_seen);
	json_object_int_add(json, "routesContained", (int64_t)gc->routes_contained);
	json_object_int_add(json, "conflictsNotTracked", (int64_t)gc->conflicts_not_tracked);
	json_object_int_add(json, "localRoutesRestored", (int64_t)gc->locals_restored);
	json_object_int_add(json, "containmentsLifted", (int64_t)gc->containments_lifted);
}

static const struct hg_col conflict_cols[] = {
	{ "vni", "VNI" },
	{ "ip", "Gateway IP" },
	{ "ourMac", "Our MAC" },
	{ "theirMac", "Their MAC" },
	{ "vtep", "VTEP" },
	{ "rd", "RD" },
	{ "ageSec", "Age(s)" },
	{ "contained", "Contained" },
};

DEFPY(show_hostguard_gateway_conflicts, show_hostguard_gateway_conflicts_cmd,
      "show hostguard gateway conflicts [json]$uj",
      SHOW_STR
      "hostguard EVPN host protection\n"
      "Anycast gateway\n"
      "Received routes that claim a local gateway IP with another MAC\n"
      JSON_STR)
{
	json_object *json = json_object_new_object();
	json_object *list = json_object_new_array();
	struct bhg_gw_counters gc;

	bhg_gw_walk(conflict_one, list);
	bhg_gw_counters_get(&gc);
	json_object_boolean_add(json, "gatewayGuard", bhg_cfg.gateway_guard);
	json_object_int_add(json, "numConflicts", json_object_array_length(list));
	gw_counters_json(json, &gc);
	json_object_object_add(json, "conflicts", list);
	if (uj) {
		vty_json(vty, json);
		return CMD_SUCCESS;
	}
	hg_show_table(vty, "", conflict_cols, array_size(conflict_cols), list);
	vty_out(vty, "%zu conflicts (%" PRIu64 " seen, %" PRIu64 " routes kept out of the VNI)\n",
		json_object_array_length(list), gc.conflicts_seen, gc.routes_contained);
	json_object_free(json);
	return CMD_SUCCESS;
}

static const struct hg_metric_desc bgp_metrics[] = {
	{ "evpnPeersConfigured", HG_METRIC_GAUGE, "EVPN peers configured in the default instance" },
	{ "evpnPeersEstablished", HG_METRIC_GAUGE, "EVPN peers established" },
	{ "numConflicts", HG_METRIC_GAUGE,
	  "Received routes claiming a local gateway IP with another MAC, now" },
	{ "conflictsSeen", HG_METRIC_COUNTER, "Gateway conflicts seen since start" },
	{ "routesContained", HG_METRIC_COUNTER, "Conflicting routes kept out of their VNI" },
	{ "conflictsNotTracked", HG_METRIC_COUNTER, "Conflicts not tracked: table full" },
	{ "localRoutesRestored", HG_METRIC_COUNTER,
	  "Local gateway routes put back after a foreign route's import evicted them" },
	{ "containmentsLifted", HG_METRIC_COUNTER,
	  "Contained routes imported once their IP was no longer a local gateway's" },
};

DEFPY(show_hostguard_metrics, show_hostguard_metrics_cmd,
      "show hostguard metrics",
      SHOW_STR
      "hostguard EVPN host protection\n"
      "Counters in Prometheus' text exposition format\n")
{
	json_object *json = json_object_new_object();
	struct bhg_gw_counters gc;
	int64_t configured, established;
	size_t n = 0;

	bhg_evpn_peer_counts(&configured, &established, NULL, 0);
	bhg_gw_counters_get(&gc);
	bhg_gw_walk(conflict_count, &n);
	json_object_int_add(json, "evpnPeersConfigured", configured);
	json_object_int_add(json, "evpnPeersEstablished", established);
	json_object_int_add(json, "numConflicts", (int64_t)n);
	gw_counters_json(json, &gc);

	hg_metrics_info(vty, "bgpd");
	hg_metrics_json(vty, "hostguard_bgp", json, bgp_metrics, array_size(bgp_metrics));
	json_object_free(json);
	return CMD_SUCCESS;
}

DEFPY(debug_hostguard, debug_hostguard_cmd, "[no] debug hostguard",
      NO_STR DEBUG_STR "hostguard EVPN host protection\n")
{
	bhg_debug = !no;
	return CMD_SUCCESS;
}

void bhg_vty_init(void)
{
	install_element(VIEW_NODE, &show_hostguard_status_cmd);
	install_element(VIEW_NODE, &show_hostguard_gateway_conflicts_cmd);
	install_element(VIEW_NODE, &show_hostguard_metrics_cmd);
	install_element(ENABLE_NODE, &debug_hostguard_cmd);
	install_element(CONFIG_NODE, &debug_hostguard_cmd);
}

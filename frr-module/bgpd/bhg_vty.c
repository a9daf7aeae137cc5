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
	json_object *cfg = json_object_new_object();
	json_object *cnt = json_object_new_object();
	int64_t configured, established;
	char buf[256];

	json_object_string_add(json, "module", "bgpd_hostguard");
	json_object_string_add(json, "version", HG_VERSION);
	json_object_string_add(json, "frrVersion", FRR_VER_SHORT);
	json_object_string_add(json, "builtForFrr", HG_FRR_VERSION);
	for (size_t i = 0; i < bhg_arg_specs_count; i++)
		json_object_string_add(cfg, bhg_arg_specs[i].key,
				       hg_args_format(&bhg_arg_specs[i], &bhg_cfg, buf,
						      sizeof(buf)));
	json_object_object_add(json, "config", cfg);
	bhg_evpn_peer_counts(&configured, &established, NULL, 0);
	json_object_int_add(cnt, "evpnPeersConfigured", configured);
	json_object_int_add(cnt, "evpnPeersEstablished", established);
	json_object_object_add(json, "counters", cnt);

	if (uj) {
		vty_json(vty, json);
		return CMD_SUCCESS;
	}
	vty_out(vty, "hostguard %s (bgpd), built for FRR %s, running in FRR %s\n", HG_VERSION,
		HG_FRR_VERSION, FRR_VER_SHORT);
	vty_out(vty, "Configuration:\n");
	json_object_object_foreach(cfg, k, v)
		vty_out(vty, "  %-16s %s\n", k, json_object_get_string(v));
	vty_out(vty, "Counters:\n");
	json_object_object_foreach(cnt, ck, cv)
		vty_out(vty, "  %-22s %s\n", ck, json_object_get_string(cv));
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
	json_object_string_add(o, "rd", prefix_rd2str(&c->rd, buf, sizeof(buf), 0));
	json_object_int_add(o, "ageSec", (int64_t)(monotime(NULL) - c->first_seen));
	json_object_boolean_add(o, "contained", c->contained);
	json_object_array_add(arg, o);
}

static const struct hg_col conflict_cols[] = {
	{ "vni", "VNI", 8 },
	{ "ip", "Gateway IP", 26 },
	{ "ourMac", "Our MAC", 17 },
	{ "theirMac", "Their MAC", 17 },
	{ "vtep", "VTEP", 15 },
	{ "rd", "RD", 21 },
	{ "contained", "Contained", 0 },
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
	json_object_int_add(json, "conflictsSeen", (int64_t)gc.conflicts_seen);
	json_object_int_add(json, "routesContained", (int64_t)gc.routes_contained);
	json_object_int_add(json, "conflictsNotTracked", (int64_t)gc.conflicts_not_tracked);
	json_object_object_add(json, "conflicts", list);
	if (uj) {
		vty_json(vty, json);
		return CMD_SUCCESS;
	}
	hg_show_row(vty, "", conflict_cols, array_size(conflict_cols), NULL);
	hg_show_rows(vty, "", conflict_cols, array_size(conflict_cols), list);
	vty_out(vty, "%zu conflicts (%" PRIu64 " seen, %" PRIu64 " routes kept out of the VNI)\n",
		json_object_array_length(list), gc.conflicts_seen, gc.routes_contained);
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
	install_element(ENABLE_NODE, &debug_hostguard_cmd);
	install_element(CONFIG_NODE, &debug_hostguard_cmd);
}

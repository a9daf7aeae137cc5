// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * hostguard bgpd module: show and debug commands.
 */
#include "lib/zebra.h"

#include "lib/command.h"
#include "lib/json.h"
#include "lib/vty.h"
#include "lib/version.h"

#include "bgpd/bgpd.h"

#include "bhg.h"

#include "bgpd/bhg_vty_clippy.c"

/* EVPN sessions of the default instance, established and configured. */
static void evpn_peer_counts(int64_t *configured, int64_t *established)
{
	struct bgp *bgp = bgp_get_default();
	struct listnode *node;
	struct peer *peer;

	*configured = *established = 0;
	if (!bgp)
		return;
	for (ALL_LIST_ELEMENTS_RO(bgp->peer, node, peer)) {
		if (!peer->afc[AFI_L2VPN][SAFI_EVPN])
			continue;
		(*configured)++;
		if (peer_established(peer->connection))
			(*established)++;
	}
}

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
	evpn_peer_counts(&configured, &established);
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

DEFPY(debug_hostguard, debug_hostguard_cmd, "[no] debug hostguard",
      NO_STR DEBUG_STR "hostguard EVPN host protection\n")
{
	bhg_debug = !no;
	return CMD_SUCCESS;
}

void bhg_vty_init(void)
{
	install_element(VIEW_NODE, &show_hostguard_status_cmd);
	install_element(ENABLE_NODE, &debug_hostguard_cmd);
	install_element(CONFIG_NODE, &debug_hostguard_cmd);
}

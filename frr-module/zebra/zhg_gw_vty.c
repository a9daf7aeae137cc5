// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * hostguard zebra module: anycast gateway show commands.
 */
#include "lib/zebra.h"

#include "lib/command.h"
#include "lib/json.h"
#include "lib/prefix.h"
#include "lib/vty.h"

#include "common/hg_show.h"

#include "zhg.h"
#include "zhg_evpn.h"
#include "zhg_gateway.h"

#include "zebra/zhg_gw_vty_clippy.c"

static void mac_one(const struct zhg_gw_mac *m, void *arg)
{
	json_object *o = json_object_new_object();
	char buf[ETHER_ADDR_STRLEN];

	json_object_int_add(o, "vni", m->vni);
	json_object_string_add(o, "mac", prefix_mac2str((struct ethaddr *)m->mac, buf, sizeof(buf)));
	json_object_string_add(o, "source", m->vni ? "detected" : "configured");
	json_object_array_add(arg, o);
}

static void ip_one(const struct zhg_gw_ip *g, void *arg)
{
	json_object *o = json_object_new_object();
	char buf[ETHER_ADDR_STRLEN];

	json_object_int_add(o, "vni", g->vni);
	json_object_string_addf(o, "ip", "%pIA", &g->ip);
	json_object_string_add(o, "device", zhg_ifname(g->dev));
	json_object_string_add(o, "svi", zhg_ifname(g->svi));
	json_object_string_add(o, "mac", prefix_mac2str((struct ethaddr *)g->mac, buf, sizeof(buf)));
	json_object_array_add(arg, o);
}

static const struct hg_col mac_cols[] = {
	{ "vni", "VNI" },
	{ "mac", "MAC" },
	{ "source", "Source" },
};
static const struct hg_col ip_cols[] = {
	{ "vni", "VNI" },
	{ "ip", "Gateway IP" },
	{ "device", "Device" },
	{ "svi", "SVI" },
	{ "mac", "MAC" },
};
static const struct hg_col check_cols[] = {
	{ "state", "State" },
	{ "check", "Check" },
	{ "detail", "Detail" },
};

json_object *zhg_gw_counters_json(void)
{
	json_object *c = json_object_new_object();
	struct zhg_gw_counters gc;

	zhg_gw_counters_get(&gc);
	for (int k = 0; k < ZHG_GW_BLOCK_MAX; k++)
		json_object_int_add(c, zhg_gw_block_names[k], (int64_t)gc.blocked[k]);
	json_object_int_add(c, "gatewaysReclaimed", (int64_t)gc.reclaimed);
	json_object_int_add(c, "conflictsLogged", (int64_t)gc.conflicts_logged);
	json_object_int_add(c, "conflictsNotLogged", (int64_t)gc.once_set_full);
	json_object_int_add(c, "eventsDropped", (int64_t)gc.events_dropped);
	json_object_int_add(c, "snapshots", (int64_t)gc.snapshots);
	json_object_int_add(c, "kernelEntriesRemoved", (int64_t)gc.kernel_scrubbed);
	json_object_int_add(c, "spoofFrames", (int64_t)zhg_gw_stats.spoof_frames);
	json_object_int_add(c, "spoofFramesRateLimited", (int64_t)zhg_gw_stats.spoof_rate_limited);
	json_object_int_add(c, "spoofOffenders", (int64_t)zhg_gw_stats.spoof_offenders);
	json_object_int_add(c, "captureDrops", (int64_t)zhg_gw_stats.capture_drops);
	json_object_int_add(c, "kernelRepairs", (int64_t)zhg_gw_stats.vrr_repairs);
	json_object_int_add(c, "repairErrors", (int64_t)zhg_gw_stats.repair_errors);
	return c;
}

DEFPY(show_hostguard_gateway, show_hostguard_gateway_cmd,
      "show hostguard gateway [json]$uj",
      SHOW_STR
      "hostguard EVPN host protection\n"
      "Anycast gateway: MACs, gateway IPs and what the guard blocked\n"
      JSON_STR)
{
	json_object *json = json_object_new_object();
	json_object *macs = json_object_new_array();
	json_object *ips = json_object_new_array();
	json_object *c = zhg_gw_counters_json();

	json_object_boolean_add(json, "gatewayGuard", zhg_cfg.gateway_guard);
	zhg_gw_walk(mac_one, NULL, macs);
	zhg_gw_walk(NULL, ip_one, ips);
	json_object_object_add(json, "anycastMacs", macs);
	json_object_object_add(json, "gatewayIps", ips);
	json_object_object_add(json, "counters", c);
	if (uj) {
		vty_json(vty, json);
		return CMD_SUCCESS;
	}
	vty_out(vty, "Gateway guard: %s\n", zhg_cfg.gateway_guard ? "on" : "off");
	vty_out(vty, "Anycast MACs:\n");
	hg_show_table(vty, "  ", mac_cols, array_size(mac_cols), macs);
	vty_out(vty, "  %zu anycast MACs\n", json_object_array_length(macs));
	vty_out(vty, "Gateway IPs:\n");
	hg_show_table(vty, "  ", ip_cols, array_size(ip_cols), ips);
	vty_out(vty, "  %zu gateway IPs\n", json_object_array_length(ips));
	hg_show_section(vty, "Counters", c);
	json_object_free(json);
	return CMD_SUCCESS;
}

static void check_one(const struct zhg_evpn_vni_info *v, void *arg)
{
	json_object *vni = json_object_new_object();
	char key[16];

	if (hg_uint_set_contains(&zhg_cfg.exclude_vni, v->vni))
		return;
	snprintf(key, sizeof(key), "%u", v->vni);
	zhg_gw_check_vni(v, vni);
	json_object_object_add(arg, key, vni);
}

DEFPY(show_hostguard_gateway_check, show_hostguard_gateway_check_cmd,
      "show hostguard gateway check [json]$uj",
      SHOW_STR
      "hostguard EVPN host protection\n"
      "Anycast gateway: MACs, gateway IPs and what the guard blocked\n"
      "What each EVPN VNI's anycast gateway needs, and what is missing\n"
      JSON_STR)
{
	json_object *json = json_object_new_object();
	json_object *vnis = json_object_new_object();

	zhg_evpn_vni_walk(check_one, vnis);
	json_object_object_add(json, "vnis", vnis);
	if (uj) {
		vty_json(vty, json);
		return CMD_SUCCESS;
	}
	json_object_object_foreach(vnis, k, v)
	{
		json_object *checks = hg_json_get(v, "checks");

		vty_out(vty, "VNI %s (bridge %s, vxlan %s, SVI %s): %s missing\n", k,
			json_object_get_string(hg_json_get(v, "bridge")),
			json_object_get_string(hg_json_get(v, "vxlan")),
			json_object_get_string(hg_json_get(v, "svi")),
			json_object_get_string(hg_json_get(v, "missing")));
		hg_show_table(vty, "  ", check_cols, array_size(check_cols), checks);
	}
	vty_out(vty, "%zu VNIs checked\n", (size_t)json_object_object_length(vnis));
	json_object_free(json);
	return CMD_SUCCESS;
}

void zhg_gw_vty_init(void)
{
	install_element(VIEW_NODE, &show_hostguard_gateway_cmd);
	install_element(VIEW_NODE, &show_hostguard_gateway_check_cmd);
}

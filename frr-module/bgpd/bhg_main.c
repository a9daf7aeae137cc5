// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * hostguard bgpd module: load arguments and start-up.
 *
 *   bgpd -M bgpd_hostguard:key=value,key=value
 */
#include "lib/zebra.h"

#include "lib/libfrr.h"
#include "lib/module.h"
#include "lib/version.h"

#include "common/hg_compat.h"
#include "common/hg_module.h"

#include "bhg.h"
#include "bhg_gateway.h"
#include "bhg_fabric.h"

DEFINE_MGROUP(HOSTGUARD, "hostguard");

struct bhg_config bhg_cfg = {
	.gateway_guard = true,
	.fabric_check = true,
};

#define CFG(f) offsetof(struct bhg_config, f)
const struct hg_arg_spec bhg_arg_specs[] = {
	/* Routes kept out while it was on would stay out: start-up only. */
	{ "gateway-guard", HG_ARG_BOOL, CFG(gateway_guard), 0, 0, false, NULL,
	  "report type-2 routes that claim a local anycast gateway", .restart_only = true },
	{ "fabric-check", HG_ARG_BOOL, CFG(fabric_check), 0, 0, false, NULL,
	  "log fabric check findings once when they appear and clear" },
};
const size_t bhg_arg_specs_count = array_size(bhg_arg_specs);

bool bhg_debug;

static int bhg_late_init(hg_loop_t *master)
{
	bhg_vty_init();
	bhg_gw_init();
	bhg_fabric_vty_init();
	bhg_fabric_watch_init();
	zlog_notice("hostguard %s loaded in bgpd (built for FRR %s)", HG_VERSION, FRR_VER_SHORT);
	return 0;
}

static int bhg_fini(void)
{
	bhg_fabric_watch_fini();
	bhg_gw_fini();
	return 0;
}

static int bhg_module_init(void)
{
	hg_module_configure("bgpd_hostguard", "bgpd", bhg_arg_specs, bhg_arg_specs_count, &bhg_cfg,
			    sizeof(bhg_cfg), THIS_MODULE->load_args);
	hook_register(frr_late_init, bhg_late_init);
	hook_register(frr_fini, bhg_fini);
	return 0;
}

FRR_MODULE_SETUP(.name = "bgpd_hostguard", .version = HG_VERSION,
		 .description = "hostguard: EVPN anycast-gateway guard", .init = bhg_module_init);

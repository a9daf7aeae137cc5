// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Start-up checks both modules share.
 */
#include "lib/zebra.h"

#include "lib/defaults.h"
#include "lib/version.h"

#include "common/hg_compat.h"
#include "common/hg_config.h"
#include "common/hg_module.h"

void hg_module_configure(const char *module, const char *daemon, const struct hg_arg_spec *specs,
			 size_t nspecs, void *cfg, size_t cfg_size, const char *load_args)
{
	struct hg_config_node node = { module, daemon, specs, nspecs, cfg, cfg_size };
	char err[1024];

	/* Logging is not up yet: stderr reaches the journal or the log. */
	if (strcmp(frr_defaults_version(), FRR_VER_SHORT)) {
		snprintf(err, sizeof(err),
			 "built for FRR %s but this %s is FRR %s; rebuild hostguard against FRR %s",
			 FRR_VER_SHORT, daemon, frr_defaults_version(), frr_defaults_version());
		hg_module_refuse(module, err);
	}
	if (hg_args_parse(specs, nspecs, cfg, load_args, err, sizeof(err)))
		hg_module_refuse(module, err);
	hg_config_init(&node);
}

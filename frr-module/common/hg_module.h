// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Start-up checks both modules share: the FRR version they were built for,
 * and their load arguments.
 */
#ifndef HG_MODULE_H
#define HG_MODULE_H

#include "common/hg_args.h"

/*
 * Refuse to load (stopping the daemon with one line on stderr) unless the
 * running FRR is the one the module was built for and load_args parse;
 * then the keys become the daemon's "hostguard DAEMON" configuration node
 * (hg_config.h), with these values as start-up values.
 */
void hg_module_configure(const char *module, const char *daemon, const struct hg_arg_spec *specs,
			 size_t nspecs, void *cfg, size_t cfg_size, const char *load_args);

#endif /* HG_MODULE_H */

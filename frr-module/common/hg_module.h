// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Start-up checks both modules share: the FRR version they were built for,
 * and their load arguments.
 */
#ifndef HG_MODULE_H
#define HG_MODULE_H

#include "lib/json.h"
#include "lib/vty.h"

#include "common/hg_args.h"

/*
 * Refuse to load (stopping the daemon with one line on stderr) unless the
 * running FRR is the one the module was built for and load_args parse;
 * then the keys become the daemon's "hostguard DAEMON" configuration node
 * (hg_config.h), with these values as start-up values.
 */
void hg_module_configure(const char *module, const char *daemon, const struct hg_arg_spec *specs,
			 size_t nspecs, void *cfg, size_t cfg_size, const char *load_args);

/*
 * The start of both daemons' "show hostguard status": the module and its
 * version, the FRR it was built for and the one it runs in (version,
 * package, layout-changing options), and what this FRR line lacks that the
 * module works around (limits: NULL-terminated).
 */
void hg_module_status_json(json_object *json, const char *module, const char *const *limits);

/* The text lines of the same: the status's first line, then the limits. */
void hg_module_status_text(struct vty *vty, const char *daemon, const char *const *limits);

#endif /* HG_MODULE_H */

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Run-time configuration: every load-argument key of a module is also a
 * command of its "hostguard DAEMON" configuration node, generated from the
 * module's hg_arg_spec table, checked by the same parser as -M, applied
 * without a restart and written by "show running-config".
 *
 *   hostguard zebra
 *    probe-rate 200
 *    no snoop            (back to the start-up value: -M or built-in)
 *   exit
 */
#ifndef HG_CONFIG_H
#define HG_CONFIG_H

#include "lib/hook.h"

#include "common/hg_args.h"

struct hg_config_node {
	const char *module; /* "zebra_hostguard" */
	const char *daemon; /* "zebra": the node is entered with "hostguard zebra" */
	const struct hg_arg_spec *specs;
	size_t nspecs;
	void *cfg; /* the configuration in force */
	size_t cfg_size;
};

/*
 * A key's value changed at run time: subsystems re-apply what depends on
 * it. Return non-zero if it cannot be applied now (the old value is then
 * restored and the hook called again with it).
 */
DECLARE_HOOK(hg_reconfigure, (const struct hg_arg_spec *spec), (spec));

/*
 * From the module's init, once the load arguments are parsed: cfg's values
 * become the start-up values; the node is installed at frr_late_init.
 */
void hg_config_init(const struct hg_config_node *node);

/* Every key's value in force, as strings: the "config" of show ... status. */
struct json_object *hg_config_json(void);

/*
 * Set key to value (NULL: its start-up value). 0, or -1 with one line in
 * err naming the key and what it accepts.
 */
int hg_config_set(const char *key, const char *value, char *err, size_t errlen);

#endif /* HG_CONFIG_H */

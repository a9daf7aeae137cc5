// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * hostguard bgpd module: state shared between its files.
 */
#ifndef BHG_H
#define BHG_H

#include "lib/zebra.h"

#include "lib/memory.h"

#include "common/hg_args.h"
#include "common/hg_config.h"

DECLARE_MGROUP(HOSTGUARD);

struct bhg_config {
	bool gateway_guard; /* report and contain anycast-gateway conflicts */
	bool fabric_check;  /* log fabric check findings as they appear and clear */
};

extern struct bhg_config bhg_cfg;
extern const struct hg_arg_spec bhg_arg_specs[];
extern const size_t bhg_arg_specs_count;
extern bool bhg_debug;

void bhg_vty_init(void);
void bhg_fabric_vty_init(void);

#endif /* BHG_H */

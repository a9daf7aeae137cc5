// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The reconciliation after a complete dump (zhg_nl_synced), spread over
 * event-loop callbacks: a table whose size hosts or tenants drive is
 * walked ZHG_CALLBACK_BUDGET_US at a time, so that zebra stays responsive.
 * Its owner gives the step: one entry from its cursor (hg_table.h), dropped
 * when zhg_nl_unseen(). The walk goes on in the next callback.
 */
#ifndef ZHG_SWEEP_H
#define ZHG_SWEEP_H

#include "lib/zebra.h"

#include "common/hg_compat.h"
#include "zhg_netlink.h"

struct zhg_sweep {
	enum zhg_nl_table table; /* whose complete dumps start it */
	/*
	 * Handles the entry at the table's cursor (the first one when
	 * restart) and moves the cursor past it; false when none was left.
	 */
	bool (*step)(bool restart, uint32_t gen);
	uint32_t gen; /* the dump's: what was last seen before it is gone */
	bool restart;
	hg_event_t *ev;
};

/* Sweep after each complete dump of sw->table, from now on. */
void zhg_sweep_init(struct zhg_sweep *sw);
/* No more sweeps; before the table is emptied. */
void zhg_sweep_fini(struct zhg_sweep *sw);

#endif /* ZHG_SWEEP_H */

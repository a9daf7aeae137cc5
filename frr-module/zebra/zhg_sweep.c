// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The post-dump sweep (see zhg_sweep.h).
 */
#include "lib/zebra.h"

#include "zhg.h"
#include "zhg_netlink.h"
#include "zhg_sweep.h"

static void sweep_run(hg_event_t *ev)
{
	struct zhg_sweep *sw = HG_EVENT_ARG(ev);
	int64_t until = zhg_now_us() + ZHG_CALLBACK_BUDGET_US;
	bool restart;

	do {
		restart = sw->restart;
		sw->restart = false;
		if (!sw->step(restart, sw->gen))
			return;
	} while (zhg_now_us() < until);
	hg_event_now(zhg_master, sweep_run, sw, &sw->ev);
}

static int sweep_synced(void *arg, enum zhg_nl_table table, uint32_t gen)
{
	struct zhg_sweep *sw = arg;

	if (table != sw->table)
		return 0;
	/*
	 * A running sweep goes on with the newer generation rather than
	 * restarting: dumps coming faster than a sweep ends would otherwise
	 * never reach the table's tail. Entries already passed are checked
	 * at the next dump.
	 */
	sw->gen = gen;
	if (!sw->ev) {
		sw->restart = true;
		hg_event_now(zhg_master, sweep_run, sw, &sw->ev);
	}
	return 0;
}

void zhg_sweep_init(struct zhg_sweep *sw)
{
	hook_register_arg(zhg_nl_synced, sweep_synced, sw);
}

void zhg_sweep_fini(struct zhg_sweep *sw)
{
	hook_unregister_arg(zhg_nl_synced, sweep_synced, sw);
	hg_event_cancel(&sw->ev);
}

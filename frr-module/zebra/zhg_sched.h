// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The deadline scheduler: items with a due time in a red-black tree and one
 * timer on the event loop that follows the earliest. A tree, not FRR's
 * heap: the heap's array grows by reallocation, which held zebra's main
 * thread over a millisecond at tens of thousands of hosts. Each item costs
 * work only when its own deadline comes (no periodic scan); deadlines within
 * ZHG_TIMER_SLACK_MS are handled together, and one callback stops after
 * ZHG_CALLBACK_BUDGET_US and carries on in the next. Serves the keepalive's
 * hosts and the neighbour-GC guard.
 */
#ifndef ZHG_SCHED_H
#define ZHG_SCHED_H

#include "lib/zebra.h"
#include "lib/typesafe.h"
#include "lib/typerb.h"

#include "common/hg_compat.h"

PREDECL_RBTREE_NONUNIQ(zhg_sched_tree);

/* Embedded in what is scheduled; container_of() gets the owner back. */
struct zhg_sched_item {
	struct zhg_sched_tree_item titem;
	int64_t due_ms; /* monotonic */
	bool queued;
};

struct zhg_sched {
	struct zhg_sched_tree_head tree;
	hg_event_t *timer;
	int64_t timer_at;
	/* The item is off the tree when called: re-arm it or free it. */
	void (*fire)(struct zhg_sched_item *it, int64_t now_ms);
};

void zhg_sched_init(struct zhg_sched *s, void (*fire)(struct zhg_sched_item *it, int64_t now_ms));
/* Stops the timer and empties the tree; the items are their owners'. */
void zhg_sched_fini(struct zhg_sched *s);

/* (Re)arm it at due_ms. */
void zhg_sched_at(struct zhg_sched *s, struct zhg_sched_item *it, int64_t due_ms);
void zhg_sched_cancel(struct zhg_sched *s, struct zhg_sched_item *it);
size_t zhg_sched_count(const struct zhg_sched *s);

#endif /* ZHG_SCHED_H */

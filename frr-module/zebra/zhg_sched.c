// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The deadline scheduler (see zhg_sched.h).
 */
#include "lib/zebra.h"

#include "zhg.h"
#include "zhg_sched.h"

static int due_cmp(const struct zhg_sched_item *a, const struct zhg_sched_item *b)
{
	return numcmp(a->due_ms, b->due_ms);
}

DECLARE_RBTREE_NONUNIQ(zhg_sched_tree, struct zhg_sched_item, titem, due_cmp);

static void sched_run(hg_event_t *ev);

static void rearm(struct zhg_sched *s)
{
	struct zhg_sched_item *first = zhg_sched_tree_first(&s->tree);
	int64_t now;

	if (!first) {
		hg_event_cancel(&s->timer);
		s->timer_at = INT64_MAX;
		return;
	}
	if (s->timer && s->timer_at <= first->due_ms)
		return; /* fires early enough; it re-arms itself */
	hg_event_cancel(&s->timer);
	now = zhg_now_ms();
	s->timer_at = first->due_ms;
	hg_timer_msec(zhg_master, sched_run, s, first->due_ms > now ? first->due_ms - now : 0,
		      &s->timer);
}

static void sched_run(hg_event_t *ev)
{
	struct zhg_sched *s = HG_EVENT_ARG(ev);
	int64_t now = zhg_now_ms();
	int64_t until = zhg_now_us() + ZHG_CALLBACK_BUDGET_US;
	struct zhg_sched_item *it;

	s->timer_at = INT64_MAX;
	while ((it = zhg_sched_tree_first(&s->tree)) && it->due_ms <= now + ZHG_TIMER_SLACK_MS &&
	       zhg_now_us() < until) {
		zhg_sched_tree_del(&s->tree, it);
		it->queued = false;
		s->fire(it, now);
	}
	rearm(s);
}

void zhg_sched_at(struct zhg_sched *s, struct zhg_sched_item *it, int64_t due_ms)
{
	if (it->queued)
		zhg_sched_tree_del(&s->tree, it);
	it->due_ms = due_ms;
	zhg_sched_tree_add(&s->tree, it);
	it->queued = true;
	rearm(s);
}

void zhg_sched_cancel(struct zhg_sched *s, struct zhg_sched_item *it)
{
	if (!it->queued)
		return;
	zhg_sched_tree_del(&s->tree, it);
	it->queued = false;
}

size_t zhg_sched_count(const struct zhg_sched *s)
{
	return zhg_sched_tree_count(&s->tree);
}

void zhg_sched_init(struct zhg_sched *s, void (*fire)(struct zhg_sched_item *it, int64_t now_ms))
{
	zhg_sched_tree_init(&s->tree);
	s->timer = NULL;
	s->timer_at = INT64_MAX;
	s->fire = fire;
}

void zhg_sched_fini(struct zhg_sched *s)
{
	struct zhg_sched_item *it;

	hg_event_cancel(&s->timer);
	while ((it = zhg_sched_tree_pop(&s->tree)))
		it->queued = false;
	zhg_sched_tree_fini(&s->tree);
}

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Token bucket: the one rate limiter of the modules (probes, snooped
 * frames). Pure C, no FRR dependency.
 */
#ifndef HG_RATE_H
#define HG_RATE_H

#include <stdbool.h>
#include <stdint.h>

struct hg_tbucket {
	double tokens;
	int64_t at_ms; /* last refill, monotonic ms */
};

static inline void hg_tbucket_refill(struct hg_tbucket *b, int64_t now_ms, uint32_t rate, double burst)
{
	if (!b->at_ms)
		b->tokens = burst;
	else if (now_ms > b->at_ms)
		b->tokens += (double)(now_ms - b->at_ms) * rate / 1000.0;
	if (!b->at_ms || now_ms > b->at_ms)
		b->at_ms = now_ms;
	if (b->tokens > burst)
		b->tokens = burst;
}

/*
 * Take one token if the bucket (rate per second, at most burst tokens)
 * has one now. An untouched bucket (at_ms 0) starts full.
 */
static inline bool hg_tbucket_take(struct hg_tbucket *b, int64_t now_ms, uint32_t rate, double burst)
{
	hg_tbucket_refill(b, now_ms, rate, burst);
	if (b->tokens < 1.0)
		return false;
	b->tokens -= 1.0;
	return true;
}

/*
 * Reserve a token: returns now_ms if one is free now, else the time at
 * which the one reserved for the caller will have accrued. The bucket goes
 * into debt by the reservations handed out, so each caller waits its own
 * turn and nobody needs to ask again (no retry storms when many wait).
 * Takers without a reservation (hg_tbucket_take) find nothing until the
 * debt is paid.
 */
static inline int64_t hg_tbucket_reserve(struct hg_tbucket *b, int64_t now_ms, uint32_t rate,
					 double burst)
{
	hg_tbucket_refill(b, now_ms, rate, burst);
	b->tokens -= 1.0;
	if (b->tokens >= 0.0)
		return now_ms;
	return now_ms + (int64_t)(-b->tokens * 1000.0 / rate) + 1;
}

/*
 * One rate shared fairly by several users (ports): each has a bucket of
 * its own share of the rate, and all share one bucket of the whole rate.
 * A user within its share goes at once whatever the others do; a user
 * over its share borrows what nobody uses (the whole bucket has tokens);
 * beyond that it reserves a turn in its own bucket and waits alone,
 * behind its own earlier turns only. Every grant and turn is charged to
 * the whole bucket, so borrowing stops while the shares use the rate.
 *
 * Returns now_ms when granted now; else, with wait, the reserved turn;
 * without wait, -1 (nothing taken).
 */
static inline int64_t hg_fair_take(struct hg_tbucket *all, uint32_t rate, double burst,
				   struct hg_tbucket *own, uint32_t share, double share_burst,
				   int64_t now_ms, bool wait)
{
	hg_tbucket_refill(all, now_ms, rate, burst);
	if (hg_tbucket_take(own, now_ms, share, share_burst) || all->tokens >= 1.0) {
		all->tokens -= 1.0;
		return now_ms;
	}
	if (!wait)
		return -1;
	all->tokens -= 1.0;
	return hg_tbucket_reserve(own, now_ms, share, share_burst);
}

#endif /* HG_RATE_H */

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

/*
 * Take one token if the bucket (rate per second, at most burst tokens)
 * has one now. An untouched bucket (at_ms 0) starts full.
 */
static inline bool hg_tbucket_take(struct hg_tbucket *b, int64_t now_ms, uint32_t rate, double burst)
{
	if (!b->at_ms)
		b->tokens = burst;
	else if (now_ms > b->at_ms)
		b->tokens += (double)(now_ms - b->at_ms) * rate / 1000.0;
	b->at_ms = now_ms;
	if (b->tokens > burst)
		b->tokens = burst;
	if (b->tokens < 1.0)
		return false;
	b->tokens -= 1.0;
	return true;
}

#endif /* HG_RATE_H */

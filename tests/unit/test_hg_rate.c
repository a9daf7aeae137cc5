// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests: the token bucket behind probe and snooping rate limits. */
#include "common/hg_rate.h"
#include "hg_test.h"

static int take_n(struct hg_tbucket *b, int64_t now, uint32_t rate, double burst, int n)
{
	int got = 0;

	while (n-- > 0)
		got += hg_tbucket_take(b, now, rate, burst);
	return got;
}

int main(void)
{
	struct hg_tbucket b = {};

	/* A fresh bucket starts full: exactly the burst passes at once. */
	CHECK(take_n(&b, 1000, 100, 25.0, 1000) == 25);
	/* Empty: nothing more in the same millisecond. */
	CHECK(!hg_tbucket_take(&b, 1000, 100, 25.0));
	/* 100/s: 10 ms later one token, 100 ms later ten. */
	CHECK(take_n(&b, 1010, 100, 25.0, 5) == 1);
	CHECK(take_n(&b, 1110, 100, 25.0, 50) == 10);
	/* A long pause refills to the burst, never beyond. */
	CHECK(take_n(&b, 1000000, 100, 25.0, 1000) == 25);
	/* A storm at 1000 frames per ms for one second passes rate + burst. */
	{
		struct hg_tbucket s = {};
		int got = 0;

		for (int64_t t = 1; t <= 1000; t++)
			got += take_n(&s, t, 100, 25.0, 1000);
		CHECK(got >= 120 && got <= 126);
	}
	/* A clock that goes backwards adds nothing. */
	{
		struct hg_tbucket s = {};

		take_n(&s, 5000, 10, 1.0, 10);
		CHECK(!hg_tbucket_take(&s, 4000, 10, 1.0));
	}
	/* Reservations: the burst now, then one slot per 1/rate each, in order. */
	{
		struct hg_tbucket r = {};
		int64_t prev = 0, slot;

		for (int i = 0; i < 5; i++)
			CHECK(hg_tbucket_reserve(&r, 1000, 100, 5.0) == 1000);
		for (int i = 0; i < 100; i++) {
			slot = hg_tbucket_reserve(&r, 1000, 100, 5.0);
			CHECK(slot > prev && slot >= 1000 + 10 * (i + 1) && slot <= 1000 + 10 * (i + 1) + 1);
			prev = slot;
		}
		/* In debt: a plain take gets nothing until the reservations are served. */
		CHECK(!hg_tbucket_take(&r, 1500, 100, 5.0));
		CHECK(hg_tbucket_take(&r, 2011, 100, 5.0));
	}
	/*
	 * Fair sharing: port A floods (1000 requests at once), port B asks
	 * once a second later. B goes at once; A's turns are spread at its
	 * share, behind its own earlier turns only.
	 */
	{
		struct hg_tbucket all = {}, pa = {}, pb = {};
		int64_t last_a = 0, t;
		int now_a = 0;

		for (int i = 0; i < 1000; i++) {
			t = hg_fair_take(&all, 100, 11.0, &pa, 50, 6.0, 1000, true);
			now_a += t == 1000;
			CHECK(t >= last_a);
			last_a = t;
		}
		/* its share's burst and the whole burst it borrowed, no more */
		CHECK(now_a >= 6 && now_a <= 6 + 11);
		/* ~1000 turns at 50/s: about 20 s of A's own debt */
		CHECK(last_a >= 1000 + 19000 && last_a <= 1000 + 21000);
		CHECK(hg_fair_take(&all, 100, 11.0, &pb, 50, 6.0, 2000, true) == 2000);
		for (int i = 0; i < 5; i++)
			CHECK(hg_fair_take(&all, 100, 11.0, &pb, 50, 6.0, 2000, false) == 2000);
		/* B's share spent and nothing spare: B waits (or, without waiting, gets nothing) */
		CHECK(hg_fair_take(&all, 100, 11.0, &pb, 50, 6.0, 2000, false) == -1);
		CHECK(hg_fair_take(&all, 100, 11.0, &pb, 50, 6.0, 2000, true) <= 2000 + 21);
		/* A's turn for a new request is after all its earlier ones */
		CHECK(hg_fair_take(&all, 100, 11.0, &pa, 50, 6.0, 2000, true) > last_a);
	}
	return hg_test_summary("test_hg_rate");
}

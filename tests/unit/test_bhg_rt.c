// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests: would a remote PE import this PE's route targets? */
#include <string.h>

#include "bgpd/bhg_rt.h"
#include "hg_test.h"

/* A 2-octet-AS route target AS:local. */
static struct bhg_rt as2(uint16_t as, uint32_t local)
{
	struct bhg_rt rt = { { 0x00, 0x02, as >> 8, as & 0xff, local >> 24, (local >> 16) & 0xff,
			       (local >> 8) & 0xff, local & 0xff } };

	return rt;
}

/* A 4-octet-AS route target AS:local. */
static struct bhg_rt as4(uint32_t as, uint16_t local)
{
	struct bhg_rt rt = { { 0x02, 0x02, as >> 24, (as >> 16) & 0xff, (as >> 8) & 0xff, as & 0xff,
			       local >> 8, local & 0xff } };

	return rt;
}

static struct bhg_rts one(struct bhg_rt rt)
{
	struct bhg_rts rts = { .n = 1 };

	rts.rt[0] = rt;
	return rts;
}

int main(void)
{
	struct bhg_rts ours = one(as2(65000, 100));

	/* Same RT: imported, whatever the remote's AS. */
	CHECK(bhg_rt_imported_by(&ours, &ours, 65000, 100));
	CHECK(bhg_rt_imported_by(&ours, &ours, 65099, 100));
	/* Another local administrator (a mistyped VNI or RT): not imported. */
	{
		struct bhg_rts theirs = one(as2(65000, 999));

		CHECK(!bhg_rt_imported_by(&ours, &theirs, 65000, 100));
	}
	/* eBGP fabric, automatic RTs in each PE's AS: FRR ignores the AS. */
	{
		struct bhg_rts theirs = one(as2(65001, 100));

		CHECK(bhg_rt_imported_by(&ours, &theirs, 65001, 100));
	}
	/*
	 * The users' case: a hand-typed 65000:4099 on a box in AS 65001 does
	 * not look derived, so it is matched exactly: FRR's 65001:4099 is not
	 * imported there.
	 */
	{
		struct bhg_rts frr = one(as2(65001, 4099));
		struct bhg_rts typed = one(as2(65000, 4099));

		CHECK(!bhg_rt_imported_by(&frr, &typed, 65001, 4099));
		/* The same RT in its own AS looks derived: AS ignored. */
		CHECK(bhg_rt_imported_by(&frr, &typed, 65000, 4099));
	}
	/* An automatic RT of another VNI is no match for this one. */
	{
		struct bhg_rts theirs = one(as2(65001, 101));

		CHECK(!bhg_rt_imported_by(&ours, &theirs, 65001, 100));
	}
	/* RFC 8365 automatic form: type bit in the local administrator. */
	{
		struct bhg_rts mine = one(as2(65000, 0x10000000 | 100));
		struct bhg_rts theirs = one(as2(65001, 0x10000000 | 100));

		CHECK(bhg_rt_imported_by(&mine, &theirs, 65001, 100));
	}
	/* 4-octet-AS RTs are matched exactly. */
	{
		struct bhg_rts mine = one(as4(4200000000u, 100));
		struct bhg_rts same = one(as4(4200000000u, 100));
		struct bhg_rts other = one(as4(4200000001u, 100));

		CHECK(bhg_rt_imported_by(&mine, &same, 4200000000u, 100));
		CHECK(!bhg_rt_imported_by(&mine, &other, 4200000001u, 100));
	}
	/* Any of several RTs on either side is enough; none on one side is none. */
	{
		struct bhg_rts mine = { .n = 2 }, theirs = one(as2(65000, 200)), none = {};

		mine.rt[0] = as2(65000, 100);
		mine.rt[1] = as2(65000, 200);
		CHECK(bhg_rt_imported_by(&mine, &theirs, 65000, 100));
		CHECK(!bhg_rt_imported_by(&mine, &none, 65000, 100));
		CHECK(!bhg_rt_imported_by(&none, &theirs, 65000, 100));
	}
	return hg_test_summary("test_bhg_rt");
}

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * How a remote PE would match this PE's route targets, judged from the
 * route targets it advertises.
 */
#include <string.h>

#include "bhg_rt.h"

/* Extended community types (RFC 4360, RFC 5668). */
#define RT_TYPE_AS2 0x00

static uint32_t rt_as2(const struct bhg_rt *rt)
{
	return ((uint32_t)rt->val[2] << 8) | rt->val[3];
}

static uint32_t rt_local4(const struct bhg_rt *rt)
{
	return ((uint32_t)rt->val[4] << 24) | ((uint32_t)rt->val[5] << 16) |
	       ((uint32_t)rt->val[6] << 8) | rt->val[7];
}

/*
 * FRR derives "AS:VNI" from the low 16 bits of its AS (RFC 8365's form sets
 * a type bit in the top of the local administrator).
 */
static bool rt_looks_auto(const struct bhg_rt *rt, uint32_t origin_as, uint32_t vni)
{
	return rt->val[0] == RT_TYPE_AS2 && rt_as2(rt) == (origin_as & 0xFFFF) &&
	       (rt_local4(rt) & 0x0FFFFFFF) == vni;
}

static bool rt_same_local_admin(const struct bhg_rt *a, const struct bhg_rt *b)
{
	return a->val[0] == RT_TYPE_AS2 && b->val[0] == RT_TYPE_AS2 &&
	       rt_local4(a) == rt_local4(b);
}

bool bhg_rt_imported_by(const struct bhg_rts *ours, const struct bhg_rts *theirs,
			uint32_t origin_as, uint32_t vni)
{
	for (int i = 0; i < ours->n; i++)
		for (int j = 0; j < theirs->n; j++) {
			const struct bhg_rt *o = &ours->rt[i], *t = &theirs->rt[j];

			if (!memcmp(o, t, sizeof(*o)))
				return true;
			if (rt_looks_auto(t, origin_as, vni) && rt_same_local_admin(o, t))
				return true;
		}
	return false;
}

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Route targets as on the wire (RFC 4360 extended communities) and how a
 * PE matches them: pure logic, no FRR state.
 */
#ifndef BHG_RT_H
#define BHG_RT_H

#include <stdbool.h>
#include <stdint.h>

/* A route target (or any extended community) as on the wire. */
struct bhg_rt {
	uint8_t val[8];
};

#define BHG_RTS_MAX 4
struct bhg_rts {
	struct bhg_rt rt[BHG_RTS_MAX];
	uint8_t n;
	bool more; /* the route had more than BHG_RTS_MAX */
};

/*
 * Does a PE whose type-3 route for vni carries theirs (originated in
 * origin_as) import a route with one of ours? Taken as if it imports what
 * it exports, matched as FRR matches: exactly, or with the AS masked out
 * where its RT looks derived by FRR ("AS:VNI" in its own AS, or RFC 8365's
 * form).
 */
bool bhg_rt_imported_by(const struct bhg_rts *ours, const struct bhg_rts *theirs,
			uint32_t origin_as, uint32_t vni);

#endif /* BHG_RT_H */

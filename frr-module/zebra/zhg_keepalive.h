// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Keepalive for silent hosts (see zhg_keepalive.c).
 */
#ifndef ZHG_KEEPALIVE_H
#define ZHG_KEEPALIVE_H

#include "lib/zebra.h"

void zhg_ka_init(void);
void zhg_ka_fini(void);
uint32_t zhg_ka_bridge_ageing_ms(ifindex_t bridge);

/*
 * Could the kernel's neighbour GC collect a STALE entry of this family
 * now? Only when the table holds at least gc_thresh1 entries.
 */
bool zhg_neigh_gc_can_collect(int family);

#endif /* ZHG_KEEPALIVE_H */

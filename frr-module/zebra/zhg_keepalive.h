// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Keepalive for silent hosts (see zhg_keepalive.c).
 */
#ifndef ZHG_KEEPALIVE_H
#define ZHG_KEEPALIVE_H

#include "lib/zebra.h"

#include "lib/ipaddr.h"

void zhg_ka_init(void);
void zhg_ka_fini(void);
uint32_t zhg_ka_bridge_ageing_ms(ifindex_t bridge);

/*
 * Could the kernel's neighbour GC collect a STALE entry of this family
 * now? Only when the table holds at least gc_thresh1 entries.
 */
bool zhg_neigh_gc_can_collect(int family);

struct zhg_host;

/* zhg_neigh_gc.c: keep STALE bindings of live hosts from the GC. */
void zhg_neigh_gc_init(void);
void zhg_neigh_gc_fini(void);
void zhg_neigh_gc_stale(ifindex_t ifindex, const struct ipaddr *ip, const struct zhg_host *h);
void zhg_neigh_gc_fresh(ifindex_t ifindex, const struct ipaddr *ip);
size_t zhg_neigh_gc_pending(void);

/* An address to probe h for became known (zebra's, or a learned target). */
void zhg_ka_target_learned(struct zhg_host *h);

/* Does the keepalive hold h alive, so that its bindings are kept too? */
bool zhg_ka_holds(const struct zhg_host *h);

#endif /* ZHG_KEEPALIVE_H */

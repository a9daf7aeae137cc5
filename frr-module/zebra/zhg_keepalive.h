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

/* zhg_neigh_gc.c: revalidate STALE bindings before the GC can act. */
void zhg_neigh_gc_init(void);
void zhg_neigh_gc_fini(void);
void zhg_neigh_gc_stale(ifindex_t ifindex, const struct ipaddr *ip, const struct zhg_host *h);
void zhg_neigh_gc_fresh(ifindex_t ifindex, const struct ipaddr *ip);
size_t zhg_neigh_gc_pending(void);

/* Probe h for ip now, to make its neighbour entry REACHABLE again. */
void zhg_ka_revalidate(struct zhg_host *h, const struct ipaddr *ip);

#endif /* ZHG_KEEPALIVE_H */

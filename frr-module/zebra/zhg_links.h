// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The devices hostguard needs to know, indexed from link events (and the
 * link dump): a device's kind, its bridge, its lower device, a vxlan
 * port's settings; the ports of a bridge and the macvlans over a device.
 * Lookups cost O(log n) and nothing ever walks every interface.
 */
#ifndef ZHG_LINKS_H
#define ZHG_LINKS_H

#include "lib/zebra.h"
#include "lib/hook.h"

#include "zhg_netlink.h"

void zhg_links_init(void);
void zhg_links_fini(void);

/* The device as last reported; NULL if unknown. */
const struct zhg_link *zhg_links_get(ifindex_t ifindex);

/* Does the bridge have a vxlan device among its ports? */
bool zhg_links_bridge_has_vxlan(ifindex_t bridge);

/* Call fn for every port of bridge / every macvlan over lower. */
void zhg_links_ports_of(ifindex_t bridge, void (*fn)(const struct zhg_link *l, void *arg),
			void *arg);
void zhg_links_macvlans_of(ifindex_t lower, void (*fn)(const struct zhg_link *l, void *arg),
			   void *arg);

size_t zhg_links_count(void);

/*
 * A device was added, changed or removed (old: as it was, NULL if new;
 * now: NULL if removed). Called after the index is updated.
 */
DECLARE_HOOK(zhg_links_changed, (const struct zhg_link *old, const struct zhg_link *now),
	     (old, now));

#endif /* ZHG_LINKS_H */

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Liveness probes: unicast ARP requests and neighbour solicitations sent
 * straight out of a host's bridge port, so they never flood; globally
 * rate-limited with a token bucket.
 */
#ifndef ZHG_PROBE_H
#define ZHG_PROBE_H

#include "zhg_evpn.h"

int zhg_probe_init(void);
void zhg_probe_fini(void);

/* True if the rate limit lets one more probe go now. */
bool zhg_probe_take_token(int64_t now_ms);
/* A probe slot: now if the rate allows, else when the caller's turn comes. */
int64_t zhg_probe_reserve(int64_t now_ms);

/* Send one probe; 0 on success, -errno otherwise. */
int zhg_probe_send(const struct zhg_probe_target *pt);

#endif /* ZHG_PROBE_H */

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Liveness probes: unicast ARP requests and neighbour solicitations sent
 * straight out of a host's bridge port, so they never flood; globally
 * rate-limited, the rate shared fairly between ports.
 */
#ifndef ZHG_PROBE_H
#define ZHG_PROBE_H

#include "zhg_evpn.h"

int zhg_probe_init(void);
void zhg_probe_fini(void);

/*
 * The probe rate is shared between the ports probed: each port may use
 * its share (probe-rate / ports) at any time, and what the others leave
 * unused. A port over that (a MAC flood) waits alone: its turns never
 * delay another port's probes.
 */
/* True if the rate lets one more probe out of port go now. */
bool zhg_probe_take_token(ifindex_t port, int64_t now_ms);
/* A probe slot for port: now if the rate allows, else its turn. */
int64_t zhg_probe_reserve(ifindex_t port, int64_t now_ms);

/* Queue one probe for sending (zhg_tx.h); 0 on success, -errno otherwise. */
int zhg_probe_send(const struct zhg_probe_target *pt);

#endif /* ZHG_PROBE_H */

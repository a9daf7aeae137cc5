// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for the DHCP parser (common/hg_dhcp.c), which reads
 * the DHCP messages tenants and servers send: it must never read out of
 * bounds, crash or hang, and what it returns stays within its limits.
 */
#include <assert.h>

#include "common/hg_dhcp.h"

#include "hg_fuzz.h"

static void fuzz_one(const uint8_t *data, size_t size)
{
	struct hg_dhcp_msg m;
	enum hg_pkt_verdict v;

	v = hg_dhcp_parse(data, size, size & 1, &m);
	assert(v >= HG_PKT_OK && v < HG_PKT_VERDICT_MAX);
	if (v != HG_PKT_OK)
		return;
	assert(m.family == AF_INET || m.family == AF_INET6);
	assert(m.n <= HG_DHCP_ADDRS_MAX);
	assert(hg_mac_is_unicast(m.client_mac));
	if (m.kind == HG_DHCP_RELEASE)
		for (uint32_t i = 0; i < m.n; i++)
			assert(m.addr[i].lifetime_s == 0);
}

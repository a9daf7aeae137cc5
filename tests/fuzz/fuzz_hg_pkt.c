// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for the frame codecs every snooped frame goes through
 * (common/hg_pkt.c): the parser must never read out of bounds, crash or
 * hang on any input, and what the builders write must parse back.
 */
#include <assert.h>

#include "common/hg_pkt.h"

#include "hg_fuzz.h"

static void check_claim(enum hg_pkt_verdict v, const struct hg_binding_claim *c)
{
	assert(v >= HG_PKT_OK && v < HG_PKT_VERDICT_MAX);
	if (v != HG_PKT_OK)
		return;
	assert(hg_mac_is_unicast(c->src_mac));
	assert(c->family == 0 || c->family == AF_INET || c->family == AF_INET6);
	if (c->family)
		assert(hg_mac_is_unicast(c->mac));
	/* What is accepted is an address a host can own. */
	if (c->family == AF_INET)
		assert(hg_ip4_is_host(c->ip.v4));
	if (c->family == AF_INET6)
		assert(hg_ip6_is_host(&c->ip.v6));
}

/* Builders fed with fuzz bytes: their frames parse back to the same claim. */
static void round_trip(const uint8_t *d, size_t n)
{
	uint8_t buf[128], mac[HG_ETH_ALEN], dst[HG_ETH_ALEN];
	struct hg_binding_claim c;
	struct in_addr sip, tip;
	struct in6_addr src6, tgt6;
	enum hg_pkt_verdict v;
	size_t len;

	if (n < 6 + 6 + 16 + 16)
		return;
	memcpy(mac, d, 6);
	memcpy(dst, d + 6, 6);
	memcpy(&sip, d + 12, 4);
	memcpy(&tip, d + 16, 4);
	memcpy(&src6, d + 12, 16);
	memcpy(&tgt6, d + 28, 16);

	len = hg_pkt_build_arp_request(buf, sizeof(buf), mac, sip, dst, tip);
	assert(len == HG_PKT_ARP_LEN);
	v = hg_pkt_parse(buf, len, &c);
	check_claim(v, &c);
	if (v == HG_PKT_OK && c.family == AF_INET)
		assert(c.ip.v4.s_addr == sip.s_addr && !memcmp(c.mac, mac, HG_ETH_ALEN));

	len = hg_pkt_build_ns(buf, sizeof(buf), mac, &src6, dst, &tgt6);
	assert(len == HG_PKT_NS_LEN);
	v = hg_pkt_parse(buf, len, &c);
	check_claim(v, &c);
	assert(v != HG_PKT_BAD_CHECKSUM && v != HG_PKT_TRUNCATED);
}

static void fuzz_one(const uint8_t *data, size_t size)
{
	struct hg_binding_claim c;
	enum hg_pkt_verdict v;

	v = hg_pkt_parse(data, size, &c);
	check_claim(v, &c);
	round_trip(data, size);
}

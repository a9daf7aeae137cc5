// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for the rtnetlink parsers (zebra/zhg_nlparse.c): every
 * FDB, neighbour and link message the kernel sends hostguard goes through
 * them. The input is a buffer of messages, walked by the module's own
 * walker (zhg_nl_walk), and each message is given to every parser, whatever its type: none may read out of bounds, crash
 * or hang, and what they accept must be consistent.
 */
#include "lib/zebra.h"

#include <linux/neighbour.h>
#include <linux/rtnetlink.h>

#include "zebra/zhg_netlink.h"

#include "hg_fuzz.h"

/* FRR's assert() logs through zlog: a plain abort is what libFuzzer wants. */
#define MUST(cond)                                                                                 \
	do {                                                                                       \
		if (!(cond))                                                                       \
			abort();                                                                   \
	} while (0)

static void one(const struct nlmsghdr *h)
{
	struct zhg_vxlan_port vp;
	struct zhg_neigh n;
	struct zhg_link l;
	struct zhg_fdb f;

	if (!zhg_nl_parse_fdb(h, &f))
		(void)zhg_fdb_is_local_host(&f);
	if (!zhg_nl_parse_neigh(h, &n))
		MUST(n.ip.ipa_type == IPADDR_V4 || n.ip.ipa_type == IPADDR_V6);
	if (!zhg_nl_parse_link(h, &l))
		MUST(!l.ageing_ms || l.is_bridge);
	if (!zhg_nl_parse_vxlan_port(h, &vp))
		MUST(vp.learning >= -1 && vp.learning <= 255);
}

/* The copy is malloc's, aligned as a receive buffer. */
static void fuzz_one(const uint8_t *data, size_t size)
{
	if (size <= 65536)
		zhg_nl_walk(data, size, one);
}

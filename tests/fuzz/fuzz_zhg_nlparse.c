// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for the rtnetlink parsers (zebra/zhg_nlparse.c): every
 * FDB, neighbour and link message the kernel sends hostguard goes through
 * them. The input is a buffer of messages, walked as the module's reader
 * walks what it receives (NLMSG_OK/NLMSG_NEXT), and each message is given
 * to every parser, whatever its type: none may read out of bounds, crash
 * or hang, and what they accept must be consistent.
 */
#include "lib/zebra.h"

#include <linux/neighbour.h>
#include <linux/rtnetlink.h>

#include "zebra/zhg_netlink.h"

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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct nlmsghdr *h;
	int len = (int)size; /* signed: NLMSG_NEXT may overshoot the end */
	void *copy;

	if (size > 65536)
		return 0;
	/* An exact-size copy, aligned as a receive buffer: overreads are caught. */
	copy = size ? malloc(size) : NULL;
	if (size)
		memcpy(copy, data, size);
	for (h = copy; h && NLMSG_OK(h, len); h = NLMSG_NEXT(h, len))
		one(h);
	free(copy);
	return 0;
}

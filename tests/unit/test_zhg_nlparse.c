// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests: rtnetlink FDB/neighbour/link parsing and which FDB entries
 * are local hosts, for every bridge layout the keepalive supports —
 * traditional bridge per VNI, VLAN-aware bridge, single VXLAN device —
 * with the messages the kernel sends for each (the last two cannot be
 * built on every kernel, so they are covered here).
 */
#include "lib/zebra.h"

#include <linux/if_bridge.h>
#include <linux/if_link.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>

#include "zebra/zhg_netlink.h"
#include "hg_test.h"

#define BR	 10 /* bridge ifindex */
#define PORT	 11 /* VM port */
#define VXLAN	 12 /* vxlan port / single VXLAN device */

static const uint8_t host_mac[6] = { 0x02, 0x00, 0x00, 0x00, 0x01, 0x01 };

struct msg {
	union {
		struct nlmsghdr h;
		char buf[512];
	};
};

static void *msg_init(struct msg *m, uint16_t type, const void *body, size_t len)
{
	memset(m, 0, sizeof(*m));
	m->h.nlmsg_type = type;
	m->h.nlmsg_len = NLMSG_LENGTH(len);
	memcpy(NLMSG_DATA(&m->h), body, len);
	return NLMSG_DATA(&m->h);
}

static struct rtattr *attr(struct msg *m, uint16_t type, const void *data, size_t len)
{
	struct rtattr *rta = (struct rtattr *)(m->buf + NLMSG_ALIGN(m->h.nlmsg_len));

	rta->rta_type = type;
	rta->rta_len = (unsigned short)RTA_LENGTH(len);
	if (data)
		memcpy(RTA_DATA(rta), data, len);
	m->h.nlmsg_len = NLMSG_ALIGN(m->h.nlmsg_len) + RTA_SPACE(len);
	return rta;
}

/* An AF_BRIDGE neighbour message as the bridge sends it for one entry. */
static void fdb_msg(struct msg *m, int port, uint16_t state, uint8_t flags, int master, int vid,
		    uint32_t updated_ticks)
{
	struct ndmsg ndm = { .ndm_family = AF_BRIDGE, .ndm_ifindex = port,
			     .ndm_state = state, .ndm_flags = flags };
	struct nda_cacheinfo ci = { .ndm_updated = updated_ticks };
	uint32_t mst = (uint32_t)master;
	uint16_t v = (uint16_t)vid;

	msg_init(m, RTM_NEWNEIGH, &ndm, sizeof(ndm));
	attr(m, NDA_LLADDR, host_mac, 6);
	if (master)
		attr(m, NDA_MASTER, &mst, 4);
	if (vid >= 0)
		attr(m, NDA_VLAN, &v, 2);
	attr(m, NDA_CACHEINFO, &ci, sizeof(ci));
}

static void test_fdb_layouts(void)
{
	struct msg m;
	struct zhg_fdb f;

	/* Traditional bridge per VNI: learned on a port, no VLAN. */
	fdb_msg(&m, PORT, NUD_REACHABLE, NTF_MASTER, BR, -1, 1234);
	CHECK(zhg_nl_parse_fdb(&m.h, &f) == 0);
	CHECK(f.port == PORT && f.master == BR && f.vid == 0);
	CHECK(memcmp(f.mac, host_mac, 6) == 0);
	CHECK(f.has_cacheinfo && f.updated_ms == 12340);
	CHECK(zhg_fdb_is_local_host(&f));

	/* VLAN-aware bridge: the host key carries the VLAN. */
	fdb_msg(&m, PORT, NUD_REACHABLE, NTF_MASTER, BR, 100, 0);
	CHECK(zhg_nl_parse_fdb(&m.h, &f) == 0);
	CHECK(f.vid == 100 && zhg_fdb_is_local_host(&f));

	/* Single VXLAN device: remote MAC zebra installed on the vxlan port. */
	fdb_msg(&m, VXLAN, NUD_REACHABLE, NTF_MASTER | NTF_EXT_LEARNED, BR, 100, 0);
	CHECK(zhg_nl_parse_fdb(&m.h, &f) == 0);
	CHECK(!zhg_fdb_is_local_host(&f));
	/* ... and its entry in the vxlan device's own table (no master). */
	fdb_msg(&m, VXLAN, NUD_NOARP, NTF_SELF, 0, 100, 0);
	CHECK(zhg_nl_parse_fdb(&m.h, &f) == 0);
	CHECK(!zhg_fdb_is_local_host(&f));

	/* The bridge's own address and static entries never age. */
	fdb_msg(&m, BR, NUD_PERMANENT, NTF_MASTER, BR, -1, 0);
	CHECK(zhg_nl_parse_fdb(&m.h, &f) == 0 && !zhg_fdb_is_local_host(&f));
	fdb_msg(&m, PORT, NUD_PERMANENT, NTF_MASTER, BR, -1, 0);
	CHECK(zhg_nl_parse_fdb(&m.h, &f) == 0 && !zhg_fdb_is_local_host(&f));
	fdb_msg(&m, PORT, NUD_NOARP, NTF_MASTER, BR, 100, 0);
	CHECK(zhg_nl_parse_fdb(&m.h, &f) == 0 && !zhg_fdb_is_local_host(&f));
}

static void test_fdb_malformed(void)
{
	struct msg m;
	struct zhg_fdb f;
	struct ndmsg ndm = { .ndm_family = AF_BRIDGE, .ndm_ifindex = PORT };
	uint8_t short_mac[4] = { 0 };

	/* No link-layer address, a short one, a truncated header. */
	msg_init(&m, RTM_NEWNEIGH, &ndm, sizeof(ndm));
	CHECK(zhg_nl_parse_fdb(&m.h, &f) != 0);
	attr(&m, NDA_LLADDR, short_mac, sizeof(short_mac));
	CHECK(zhg_nl_parse_fdb(&m.h, &f) != 0);
	m.h.nlmsg_len = NLMSG_LENGTH(sizeof(ndm) - 1);
	CHECK(zhg_nl_parse_fdb(&m.h, &f) != 0);
	/* An IPv4 neighbour is not an FDB entry. */
	ndm.ndm_family = AF_INET;
	msg_init(&m, RTM_NEWNEIGH, &ndm, sizeof(ndm));
	attr(&m, NDA_LLADDR, host_mac, 6);
	CHECK(zhg_nl_parse_fdb(&m.h, &f) != 0);
	/* An attribute claiming more than the message holds stops parsing. */
	fdb_msg(&m, PORT, NUD_REACHABLE, NTF_MASTER, BR, -1, 0);
	m.h.nlmsg_len -= 4;
	CHECK(zhg_nl_parse_fdb(&m.h, &f) != 0 || f.has_cacheinfo == false);
}

static void test_neigh(void)
{
	struct msg m;
	struct zhg_neigh n;
	struct ndmsg ndm = { .ndm_family = AF_INET, .ndm_ifindex = BR, .ndm_state = NUD_STALE };
	struct in_addr a4;
	struct in6_addr a6;

	inet_pton(AF_INET, "10.10.0.11", &a4);
	msg_init(&m, RTM_NEWNEIGH, &ndm, sizeof(ndm));
	attr(&m, NDA_DST, &a4, 4);
	attr(&m, NDA_LLADDR, host_mac, 6);
	CHECK(zhg_nl_parse_neigh(&m.h, &n) == 0);
	CHECK(n.ifindex == BR && n.state == NUD_STALE && n.has_mac);
	CHECK(IS_IPADDR_V4(&n.ip) && n.ip.ipaddr_v4.s_addr == a4.s_addr);

	/* IPv6, and an entry without a link-layer address (INCOMPLETE). */
	ndm.ndm_family = AF_INET6;
	ndm.ndm_state = NUD_INCOMPLETE;
	inet_pton(AF_INET6, "2001:db8:100::11", &a6);
	msg_init(&m, RTM_NEWNEIGH, &ndm, sizeof(ndm));
	attr(&m, NDA_DST, &a6, 16);
	CHECK(zhg_nl_parse_neigh(&m.h, &n) == 0);
	CHECK(IS_IPADDR_V6(&n.ip) && !n.has_mac);

	/* An IPv4 family with an IPv6-sized address is refused. */
	ndm.ndm_family = AF_INET;
	msg_init(&m, RTM_NEWNEIGH, &ndm, sizeof(ndm));
	attr(&m, NDA_DST, &a6, 16);
	CHECK(zhg_nl_parse_neigh(&m.h, &n) != 0);
}

static void test_link(void)
{
	struct msg m;
	struct zhg_link l;
	struct ifinfomsg ifi = { .ifi_index = BR };
	struct rtattr *li, *data, *age;
	uint32_t ageing = 1000; /* clock_t: 10 s */

	msg_init(&m, RTM_NEWLINK, &ifi, sizeof(ifi));
	li = attr(&m, IFLA_LINKINFO, NULL, 0);
	attr(&m, IFLA_INFO_KIND, "bridge", 7);
	data = attr(&m, IFLA_INFO_DATA, NULL, 0);
	age = attr(&m, IFLA_BR_AGEING_TIME, &ageing, 4);
	data->rta_len = (unsigned short)((char *)age + RTA_SPACE(4) - (char *)data);
	li->rta_len = (unsigned short)((char *)age + RTA_SPACE(4) - (char *)li);
	CHECK(zhg_nl_parse_link(&m.h, &l) == 0);
	CHECK(l.is_bridge && l.ageing_ms == 10000 && !l.deleted);

	/* A vxlan device is not a bridge. */
	msg_init(&m, RTM_DELLINK, &ifi, sizeof(ifi));
	li = attr(&m, IFLA_LINKINFO, NULL, 0);
	age = attr(&m, IFLA_INFO_KIND, "vxlan", 6);
	li->rta_len = (unsigned short)((char *)age + RTA_SPACE(6) - (char *)li);
	CHECK(zhg_nl_parse_link(&m.h, &l) == 0);
	CHECK(!l.is_bridge && l.deleted && l.kind == ZHG_LINK_VXLAN);
}

/* What the device index needs: a macvlan's lower device, a port's bridge. */
static void test_link_index(void)
{
	struct msg m;
	struct zhg_link l;
	struct ifinfomsg ifi = { .ifi_index = 20 };
	struct ifinfomsg bri = { .ifi_family = AF_BRIDGE, .ifi_index = VXLAN };
	struct rtattr *li, *end, *pi;
	uint32_t lower = BR, master = BR;
	uint8_t off = 0, on = 1;

	msg_init(&m, RTM_NEWLINK, &ifi, sizeof(ifi));
	attr(&m, IFLA_LINK, &lower, 4);
	li = attr(&m, IFLA_LINKINFO, NULL, 0);
	end = attr(&m, IFLA_INFO_KIND, "macvlan", 8);
	li->rta_len = (unsigned short)((char *)end + RTA_SPACE(8) - (char *)li);
	CHECK(zhg_nl_parse_link(&m.h, &l) == 0);
	CHECK(l.kind == ZHG_LINK_MACVLAN && l.lower == BR && !l.master && !l.brport);

	/* A port's settings in the bridge's own notification (AF_BRIDGE). */
	msg_init(&m, RTM_NEWLINK, &bri, sizeof(bri));
	attr(&m, IFLA_MASTER, &master, 4);
	pi = attr(&m, IFLA_PROTINFO | NLA_F_NESTED, NULL, 0);
	attr(&m, IFLA_BRPORT_LEARNING, &off, 1);
	end = attr(&m, IFLA_BRPORT_NEIGH_SUPPRESS, &on, 1);
	pi->rta_len = (unsigned short)((char *)end + RTA_SPACE(1) - (char *)pi);
	CHECK(zhg_nl_parse_link(&m.h, &l) == 0);
	CHECK(l.brport && l.ifindex == VXLAN && l.master == BR);
	CHECK(l.vxport.port_learning == 0 && l.vxport.neigh_suppress == 1);
}

static unsigned int walked;
static void walk_one(const struct nlmsghdr *h)
{
	walked++;
}

/* A datagram's whole messages only; what an error message carries. */
static void test_walk_and_errors(void)
{
	union {
		struct nlmsghdr h;
		char buf[256];
	} d = {};
	struct nlmsghdr *h = &d.h, *h2;
	struct nlmsgerr *e;

	h->nlmsg_type = NLMSG_ERROR;
	h->nlmsg_len = NLMSG_LENGTH(sizeof(*e));
	e = NLMSG_DATA(h);
	e->error = -ENOENT;
	CHECK(zhg_nl_errno(h, -EBADMSG) == -ENOENT);
	e->error = 0;
	CHECK(zhg_nl_errno(h, -EBADMSG) == 0);
	h->nlmsg_len = NLMSG_LENGTH(sizeof(int));
	CHECK(zhg_nl_errno(h, -EBADMSG) == -EBADMSG);

	/* two messages, then the first half of a third header */
	h->nlmsg_len = NLMSG_LENGTH(sizeof(*e));
	h2 = (struct nlmsghdr *)(d.buf + NLMSG_ALIGN(h->nlmsg_len));
	h2->nlmsg_type = NLMSG_DONE;
	h2->nlmsg_len = NLMSG_LENGTH(4);
	walked = 0;
	zhg_nl_walk(d.buf, NLMSG_ALIGN(h->nlmsg_len) + h2->nlmsg_len + 8, walk_one);
	CHECK(walked == 2);
	/* a length beyond the datagram ends the walk */
	h2->nlmsg_len = 200;
	walked = 0;
	zhg_nl_walk(d.buf, NLMSG_ALIGN(h->nlmsg_len) + 40, walk_one);
	CHECK(walked == 1);
	walked = 0;
	zhg_nl_walk(NULL, 0, walk_one);
	CHECK(walked == 0);
}

/*
 * A datagram of messages of unaligned sizes, seq 1..n, ended by the
 * bytes of tail (a broken last message) or, without tail, by an unaligned
 * last message; its length.
 */
#define RESUME_MSGS 5
static size_t resume_datagram(char *buf, const struct nlmsghdr *tail)
{
	static const size_t body[RESUME_MSGS] = { 0, 3, 8, 13, 5 };
	size_t len = 0;

	for (int i = 0; i < RESUME_MSGS; i++) {
		struct nlmsghdr *h = (struct nlmsghdr *)(buf + len);

		h->nlmsg_type = RTM_NEWNEIGH;
		h->nlmsg_len = NLMSG_LENGTH(body[i]);
		h->nlmsg_seq = i + 1;
		if (!tail && i == RESUME_MSGS - 1)
			return len + h->nlmsg_len;
		len += NLMSG_ALIGN(h->nlmsg_len);
	}
	memcpy(buf + len, tail, sizeof(*tail));
	return len + sizeof(*tail);
}

static uint32_t seen[RESUME_MSGS + 1];
static void walk_seq(const struct nlmsghdr *h)
{
	if (walked <= RESUME_MSGS)
		seen[walked] = h->nlmsg_seq;
	walked++;
}

/*
 * Stopped after any message and resumed from the offset kept, the walk
 * hands out the same messages in the same order as in one go, and stops
 * at the same broken remainder.
 */
static void test_walk_resume(void)
{
	/* a length beyond the datagram; shorter than a header */
	const struct nlmsghdr tails[] = { { .nlmsg_len = 64 }, { .nlmsg_len = 4 } };
	union {
		struct nlmsghdr h;
		char buf[512];
	} d;

	for (int t = -1; t < (int)array_size(tails); t++) {
		size_t len;

		memset(&d, 0, sizeof(d));
		len = resume_datagram(d.buf, t < 0 ? NULL : &tails[t]);
		walked = 0;
		zhg_nl_walk(d.buf, len, walk_seq);
		CHECK(walked == RESUME_MSGS);
		for (int i = 0; i < RESUME_MSGS; i++)
			CHECK(seen[i] == (uint32_t)i + 1);

		for (int stop = 0; stop <= RESUME_MSGS; stop++) {
			const struct nlmsghdr *h;
			size_t off = 0;
			int n = 0;

			memset(seen, 0, sizeof(seen));
			walked = 0;
			while (n++ < stop && (h = zhg_nl_next(d.buf, len, &off)))
				walk_seq(h);
			/* a later callback goes on from off */
			while ((h = zhg_nl_next(d.buf, len, &off)))
				walk_seq(h);
			CHECK(walked == RESUME_MSGS);
			for (int i = 0; i < RESUME_MSGS; i++)
				CHECK(seen[i] == (uint32_t)i + 1);
			/* and stays at its end */
			CHECK(!zhg_nl_next(d.buf, len, &off));
		}
	}
}

/*
 * An entry is gone after the dump of generation gen only when last seen
 * before it: not when a later dump has seen it meanwhile, also across the
 * wrap of the 32-bit counter.
 */
static void test_gen_unseen(void)
{
	const uint32_t gens[] = { 1, 0x7fffffff, 0x80000000, UINT32_MAX };

	for (size_t i = 0; i < array_size(gens); i++) {
		uint32_t g = gens[i];

		CHECK(zhg_nl_unseen(g - 1, g));
		CHECK(zhg_nl_unseen(g - 1000, g));
		CHECK(!zhg_nl_unseen(g, g));
		CHECK(!zhg_nl_unseen(g + 1, g));
		CHECK(!zhg_nl_unseen(g + 1000, g));
	}
	CHECK(zhg_nl_unseen(UINT32_MAX, 0));
	CHECK(!zhg_nl_unseen(0, UINT32_MAX));
}

int main(void)
{
	test_fdb_layouts();
	test_fdb_malformed();
	test_neigh();
	test_link();
	test_link_index();
	test_walk_and_errors();
	test_walk_resume();
	test_gen_unseen();
	return hg_test_summary("test_zhg_nlparse");
}

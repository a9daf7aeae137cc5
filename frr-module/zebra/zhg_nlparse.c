// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * rtnetlink messages -> hostguard's view of FDB, neighbour and bridge
 * entries, and which FDB entries are hosts the keepalive looks after.
 * Pure functions on message buffers: unit-tested without a kernel.
 */
#include "lib/zebra.h"

#include <linux/if_bridge.h>
#include <linux/if_link.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>

#include "zhg_netlink.h"

/* Kernel clock_t unit in netlink cache info (USER_HZ is 100 on Linux). */
#define ZHG_USER_HZ 100

static const struct rtattr *attr_first(const void *body, size_t hdr_len, const struct nlmsghdr *h,
				       int *len)
{
	*len = (int)h->nlmsg_len - (int)NLMSG_LENGTH(hdr_len);
	return (const struct rtattr *)((const char *)body + NLMSG_ALIGN(hdr_len));
}

static void parse_attrs(const struct rtattr **tb, int max, const struct rtattr *rta, int len)
{
	memset(tb, 0, sizeof(*tb) * (size_t)(max + 1));
	while (RTA_OK(rta, len)) {
		/* NLA_F_NESTED may be set on nests: the type is below it. */
		if ((rta->rta_type & NLA_TYPE_MASK) <= max)
			tb[rta->rta_type & NLA_TYPE_MASK] = rta;
		rta = RTA_NEXT(rta, len);
	}
}

const struct nlmsghdr *zhg_nl_next(const void *buf, size_t len, size_t *off)
{
	const struct nlmsghdr *h;

	/* past len: the last message was unaligned */
	if (*off >= len)
		return NULL;
	h = (const struct nlmsghdr *)((const char *)buf + *off);
	if (!NLMSG_OK(h, (unsigned int)(len - *off)))
		return NULL;
	*off += NLMSG_ALIGN(h->nlmsg_len);
	return h;
}

void zhg_nl_walk(const void *buf, size_t len, void (*msg)(const struct nlmsghdr *h))
{
	const struct nlmsghdr *h;
	size_t off = 0;

	while ((h = zhg_nl_next(buf, len, &off)))
		msg(h);
}

int zhg_nl_errno(const struct nlmsghdr *h, int short_err)
{
	const struct nlmsgerr *e = NLMSG_DATA(h);

	return h->nlmsg_len >= NLMSG_LENGTH(sizeof(*e)) ? e->error : short_err;
}

int zhg_nl_parse_fdb(const struct nlmsghdr *h, struct zhg_fdb *out)
{
	const struct ndmsg *ndm = NLMSG_DATA(h);
	const struct rtattr *tb[NDA_MAX + 1];
	const struct rtattr *rta;
	int len;

	if (h->nlmsg_len < NLMSG_LENGTH(sizeof(*ndm)) || ndm->ndm_family != AF_BRIDGE)
		return -1;
	rta = attr_first(ndm, sizeof(*ndm), h, &len);
	parse_attrs(tb, NDA_MAX, rta, len);
	if (!tb[NDA_LLADDR] || RTA_PAYLOAD(tb[NDA_LLADDR]) != 6)
		return -1;
	memset(out, 0, sizeof(*out));
	memcpy(out->mac, RTA_DATA(tb[NDA_LLADDR]), 6);
	out->port = ndm->ndm_ifindex;
	out->state = ndm->ndm_state;
	out->flags = ndm->ndm_flags;
	if (tb[NDA_VLAN] && RTA_PAYLOAD(tb[NDA_VLAN]) >= 2)
		out->vid = *(const uint16_t *)RTA_DATA(tb[NDA_VLAN]);
	if (tb[NDA_MASTER] && RTA_PAYLOAD(tb[NDA_MASTER]) >= 4)
		out->master = *(const uint32_t *)RTA_DATA(tb[NDA_MASTER]);
	if (tb[NDA_CACHEINFO] && RTA_PAYLOAD(tb[NDA_CACHEINFO]) >= sizeof(struct nda_cacheinfo)) {
		const struct nda_cacheinfo *ci = RTA_DATA(tb[NDA_CACHEINFO]);

		out->updated_ms = ci->ndm_updated * (1000 / ZHG_USER_HZ);
		out->has_cacheinfo = true;
	}
	return 0;
}

int zhg_nl_parse_neigh(const struct nlmsghdr *h, struct zhg_neigh *out)
{
	const struct ndmsg *ndm = NLMSG_DATA(h);
	const struct rtattr *tb[NDA_MAX + 1];
	const struct rtattr *rta;
	size_t alen;
	int len;

	if (h->nlmsg_len < NLMSG_LENGTH(sizeof(*ndm)) ||
	    (ndm->ndm_family != AF_INET && ndm->ndm_family != AF_INET6))
		return -1;
	rta = attr_first(ndm, sizeof(*ndm), h, &len);
	parse_attrs(tb, NDA_MAX, rta, len);
	if (!tb[NDA_DST])
		return -1;
	alen = ndm->ndm_family == AF_INET ? 4 : 16;
	if (RTA_PAYLOAD(tb[NDA_DST]) != alen)
		return -1;
	memset(out, 0, sizeof(*out));
	out->ifindex = ndm->ndm_ifindex;
	out->state = ndm->ndm_state;
	out->flags = ndm->ndm_flags;
	out->ip.ipa_type = ndm->ndm_family == AF_INET ? IPADDR_V4 : IPADDR_V6;
	memcpy(&out->ip.ip.addr, RTA_DATA(tb[NDA_DST]), alen);
	if (tb[NDA_LLADDR] && RTA_PAYLOAD(tb[NDA_LLADDR]) == 6) {
		memcpy(out->mac, RTA_DATA(tb[NDA_LLADDR]), 6);
		out->has_mac = true;
	}
	if (tb[NDA_PROTOCOL] && RTA_PAYLOAD(tb[NDA_PROTOCOL]) >= 1)
		out->protocol = *(const uint8_t *)RTA_DATA(tb[NDA_PROTOCOL]);
	return 0;
}

static int nested_u8(const struct rtattr *nest, uint16_t type);

static uint8_t link_kind(const struct rtattr *kind)
{
	static const struct {
		const char *name;
		uint8_t kind;
	} kinds[] = {
		{ "bridge", ZHG_LINK_BRIDGE },
		{ "macvlan", ZHG_LINK_MACVLAN },
		{ "vxlan", ZHG_LINK_VXLAN },
	};
	size_t len = RTA_PAYLOAD(kind);
	const char *name = RTA_DATA(kind);

	if (len && name[len - 1] == '\0')
		len--;
	for (size_t i = 0; i < array_size(kinds); i++)
		if (strlen(kinds[i].name) == len && !memcmp(kinds[i].name, name, len))
			return kinds[i].kind;
	return ZHG_LINK_OTHER;
}

int zhg_nl_parse_link(const struct nlmsghdr *h, struct zhg_link *out)
{
	const struct ifinfomsg *ifi = NLMSG_DATA(h);
	const struct rtattr *tb[IFLA_MAX + 1], *li[IFLA_INFO_MAX + 1];
	const struct rtattr *br[IFLA_BR_MAX + 1];
	const struct rtattr *rta;
	int len;

	if (h->nlmsg_len < NLMSG_LENGTH(sizeof(*ifi)))
		return -1;
	memset(out, 0, sizeof(*out));
	out->ifindex = ifi->ifi_index;
	out->deleted = h->nlmsg_type == RTM_DELLINK;
	zhg_nl_parse_vxlan_port(h, &out->vxport);
	rta = attr_first(ifi, sizeof(*ifi), h, &len);
	parse_attrs(tb, IFLA_MAX, rta, len);
	if (tb[IFLA_MASTER] && RTA_PAYLOAD(tb[IFLA_MASTER]) >= 4)
		out->master = *(const uint32_t *)RTA_DATA(tb[IFLA_MASTER]);
	if (tb[IFLA_LINK] && RTA_PAYLOAD(tb[IFLA_LINK]) >= 4)
		out->lower = *(const uint32_t *)RTA_DATA(tb[IFLA_LINK]);
	if (ifi->ifi_family == AF_BRIDGE) {
		out->brport = true;
		if (tb[IFLA_PROTINFO]) {
			out->vxport.port_learning = nested_u8(tb[IFLA_PROTINFO], IFLA_BRPORT_LEARNING);
			out->vxport.neigh_suppress =
				nested_u8(tb[IFLA_PROTINFO], IFLA_BRPORT_NEIGH_SUPPRESS);
		}
		return 0;
	}
	if (!tb[IFLA_LINKINFO])
		return 0;
	parse_attrs(li, IFLA_INFO_MAX, RTA_DATA(tb[IFLA_LINKINFO]),
		    (int)RTA_PAYLOAD(tb[IFLA_LINKINFO]));
	if (!li[IFLA_INFO_KIND])
		return 0;
	out->kind = link_kind(li[IFLA_INFO_KIND]);
	if (out->kind != ZHG_LINK_BRIDGE)
		return 0;
	out->is_bridge = true;
	if (!li[IFLA_INFO_DATA])
		return 0;
	parse_attrs(br, IFLA_BR_MAX, RTA_DATA(li[IFLA_INFO_DATA]),
		    (int)RTA_PAYLOAD(li[IFLA_INFO_DATA]));
	if (br[IFLA_BR_AGEING_TIME] && RTA_PAYLOAD(br[IFLA_BR_AGEING_TIME]) >= 4)
		out->ageing_ms = *(const uint32_t *)RTA_DATA(br[IFLA_BR_AGEING_TIME]) *
				 (1000 / ZHG_USER_HZ);
	return 0;
}

static int nested_u8(const struct rtattr *nest, uint16_t type)
{
	const struct rtattr *a = RTA_DATA(nest);
	int len = RTA_PAYLOAD(nest);

	for (; RTA_OK(a, len); a = RTA_NEXT(a, len))
		if ((a->rta_type & NLA_TYPE_MASK) == type && RTA_PAYLOAD(a) >= 1)
			return *(const uint8_t *)RTA_DATA(a);
	return -1;
}

static const struct rtattr *nested(const struct rtattr *nest, uint16_t type)
{
	const struct rtattr *a = RTA_DATA(nest);
	int len = RTA_PAYLOAD(nest);

	for (; RTA_OK(a, len); a = RTA_NEXT(a, len))
		if ((a->rta_type & NLA_TYPE_MASK) == type)
			return a;
	return NULL;
}

int zhg_nl_parse_vxlan_port(const struct nlmsghdr *h, struct zhg_vxlan_port *out)
{
	const struct ifinfomsg *ifi = NLMSG_DATA(h);
	const struct rtattr *a = IFLA_RTA(ifi), *info = NULL, *d;
	int len = (int)h->nlmsg_len - NLMSG_LENGTH(sizeof(*ifi));

	out->learning = out->port_learning = out->neigh_suppress = -1;
	if (h->nlmsg_type != RTM_NEWLINK || len < 0)
		return -1;
	for (; RTA_OK(a, len); a = RTA_NEXT(a, len))
		if ((a->rta_type & NLA_TYPE_MASK) == IFLA_LINKINFO)
			info = a;
	if (!info)
		return 0;
	d = nested(info, IFLA_INFO_DATA);
	if (d)
		out->learning = nested_u8(d, IFLA_VXLAN_LEARNING);
	d = nested(info, IFLA_INFO_SLAVE_DATA);
	if (d) {
		out->port_learning = nested_u8(d, IFLA_BRPORT_LEARNING);
		out->neigh_suppress = nested_u8(d, IFLA_BRPORT_NEIGH_SUPPRESS);
	}
	return 0;
}

bool zhg_fdb_is_local_host(const struct zhg_fdb *fdb)
{
	if (!fdb->master || fdb->port == fdb->master)
		return false; /* not on a bridge port, or the bridge's own */
	if (fdb->state & (NUD_PERMANENT | NUD_NOARP))
		return false; /* local or static entries never age */
	if (fdb->flags & (NTF_EXT_LEARNED | NTF_SELF))
		return false; /* remote entries zebra installed, or a device's own table */
	return true;
}

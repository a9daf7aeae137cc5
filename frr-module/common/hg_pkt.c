// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Ethernet frame codecs for liveness probes and binding snooping.
 *
 * Parsing never trusts a length field: every read is checked against the
 * captured length first.
 */
#include <string.h>
#include <arpa/inet.h>

#include "hg_pkt.h"

#define ETH_HLEN_    14
#define ETHTYPE_ARP  0x0806
#define ETHTYPE_IPV6 0x86dd
#define ETHTYPE_VLAN 0x8100
#define IP6_HLEN     40
#define ICMP6_NS     135
#define ICMP6_NA     136
#define ICMP6_ECHO_REQUEST 128
#define ICMP6_ECHO_REPLY   129
#define ND_OPT_SLLA  1
#define ND_OPT_TLLA  2

const char *const hg_pkt_verdict_names[HG_PKT_VERDICT_MAX] = {
	[HG_PKT_OK] = "ok",
	[HG_PKT_TRUNCATED] = "truncated",
	[HG_PKT_NOT_ARP_ND] = "notArpNd",
	[HG_PKT_MALFORMED] = "malformed",
	[HG_PKT_BAD_CHECKSUM] = "badChecksum",
	[HG_PKT_BAD_SOURCE] = "badSource",
	[HG_PKT_SPECIAL_ADDRESS] = "specialAddress",
};

static inline uint16_t rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline void wr16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

bool hg_mac_is_unicast(const uint8_t *mac)
{
	static const uint8_t zero[HG_ETH_ALEN];

	return !(mac[0] & 0x01) && memcmp(mac, zero, HG_ETH_ALEN);
}

bool hg_ip4_is_host(struct in_addr a)
{
	uint32_t h = ntohl(a.s_addr);

	return (h >> 24) != 0 && (h >> 24) != 127 && (h >> 16) != 0xa9fe && (h >> 28) < 14;
}

bool hg_ip6_is_host(const struct in6_addr *a)
{
	return !IN6_IS_ADDR_UNSPECIFIED(a) && !IN6_IS_ADDR_LOOPBACK(a) &&
	       !IN6_IS_ADDR_MULTICAST(a) && !IN6_IS_ADDR_V4MAPPED(a);
}

static size_t eth_header(uint8_t *buf, const uint8_t *dst, const uint8_t *src, uint16_t type)
{
	memcpy(buf, dst, HG_ETH_ALEN);
	memcpy(buf + 6, src, HG_ETH_ALEN);
	wr16(buf + 12, type);
	return ETH_HLEN_;
}

size_t hg_pkt_build_arp_request(uint8_t *buf, size_t len, const uint8_t *src_mac,
				struct in_addr sender_ip, const uint8_t *dst_mac,
				struct in_addr target_ip)
{
	static const uint8_t zero[HG_ETH_ALEN];
	uint8_t *a;

	if (len < HG_PKT_ARP_LEN)
		return 0;
	a = buf + eth_header(buf, dst_mac, src_mac, ETHTYPE_ARP);
	wr16(a, 1);	     /* Ethernet */
	wr16(a + 2, 0x0800); /* IPv4 */
	a[4] = HG_ETH_ALEN;
	a[5] = 4;
	wr16(a + 6, 1); /* request */
	memcpy(a + 8, src_mac, HG_ETH_ALEN);
	memcpy(a + 14, &sender_ip, 4);
	memcpy(a + 18, zero, HG_ETH_ALEN);
	memcpy(a + 24, &target_ip, 4);
	return HG_PKT_ARP_LEN;
}

uint32_t hg_csum_add(uint32_t sum, const uint8_t *p, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += rd16(p + i);
	if (len & 1)
		sum += (uint32_t)p[len - 1] << 8;
	return sum;
}

uint16_t hg_pkt_icmp6_csum(const struct in6_addr *src, const struct in6_addr *dst,
			   const uint8_t *msg, size_t len)
{
	uint8_t tail[8] = {};
	uint32_t sum = 0;

	sum = hg_csum_add(sum, (const uint8_t *)src, 16);
	sum = hg_csum_add(sum, (const uint8_t *)dst, 16);
	tail[0] = (uint8_t)(len >> 24);
	tail[1] = (uint8_t)(len >> 16);
	tail[2] = (uint8_t)(len >> 8);
	tail[3] = (uint8_t)len;
	tail[7] = IPPROTO_ICMPV6;
	sum = hg_csum_add(sum, tail, sizeof(tail));
	sum = hg_csum_add(sum, msg, len);
	return hg_csum_fold(sum);
}

uint16_t hg_csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

/* Ethernet and IPv6 headers of an ICMPv6 message; returns the message. */
static uint8_t *icmp6_headers(uint8_t *buf, const uint8_t *src_mac, const struct in6_addr *src_ip,
			      const uint8_t *dst_mac, const struct in6_addr *dst_ip,
			      size_t icmp_len)
{
	uint8_t *ip = buf + eth_header(buf, dst_mac, src_mac, ETHTYPE_IPV6);

	memset(ip, 0, IP6_HLEN);
	ip[0] = 0x60;
	wr16(ip + 4, (uint16_t)icmp_len);
	ip[6] = IPPROTO_ICMPV6;
	ip[7] = 255; /* hop limit required by RFC 4861 */
	memcpy(ip + 8, src_ip, 16);
	memcpy(ip + 24, dst_ip, 16);
	memset(ip + IP6_HLEN, 0, icmp_len);
	return ip + IP6_HLEN;
}

size_t hg_pkt_build_ns(uint8_t *buf, size_t len, const uint8_t *src_mac,
		       const struct in6_addr *src_ip, const uint8_t *dst_mac,
		       const struct in6_addr *target)
{
	const size_t icmp_len = 32; /* NS header + target + SLLA option */
	uint8_t *icmp;

	if (len < HG_PKT_NS_LEN)
		return 0;
	/* a unicast NS goes to the target */
	icmp = icmp6_headers(buf, src_mac, src_ip, dst_mac, target, icmp_len);
	icmp[0] = ICMP6_NS;
	memcpy(icmp + 8, target, 16);
	icmp[24] = ND_OPT_SLLA;
	icmp[25] = 1; /* 8 octets */
	memcpy(icmp + 26, src_mac, HG_ETH_ALEN);
	wr16(icmp + 2, hg_pkt_icmp6_csum(src_ip, target, icmp, icmp_len));
	return HG_PKT_NS_LEN;
}

size_t hg_pkt_build_echo6(uint8_t *buf, size_t len, const uint8_t *src_mac,
			  const struct in6_addr *src_ip, const uint8_t *dst_mac,
			  const struct in6_addr *dst_ip, uint16_t seq)
{
	const size_t icmp_len = 8;
	uint8_t *icmp;

	if (len < HG_PKT_ECHO6_LEN)
		return 0;
	icmp = icmp6_headers(buf, src_mac, src_ip, dst_mac, dst_ip, icmp_len);
	icmp[0] = ICMP6_ECHO_REQUEST;
	wr16(icmp + 4, HG_PKT_ECHO_ID);
	wr16(icmp + 6, seq);
	wr16(icmp + 2, hg_pkt_icmp6_csum(src_ip, dst_ip, icmp, icmp_len));
	return HG_PKT_ECHO6_LEN;
}

static enum hg_pkt_verdict parse_arp(const uint8_t *a, size_t len, struct hg_binding_claim *c)
{
	uint16_t op;

	if (len < 28)
		return HG_PKT_TRUNCATED;
	if (rd16(a) != 1 || rd16(a + 2) != 0x0800 || a[4] != 6 || a[5] != 4)
		return HG_PKT_MALFORMED;
	op = rd16(a + 6);
	if (op != 1 && op != 2)
		return HG_PKT_MALFORMED;
	c->kind = op == 1 ? HG_BIND_ARP_REQUEST : HG_BIND_ARP_REPLY;
	memcpy(c->mac, a + 8, HG_ETH_ALEN);
	if (!hg_mac_is_unicast(c->mac))
		return HG_PKT_BAD_SOURCE;
	memcpy(&c->ip.v4, a + 14, 4);
	/* A probe (sender 0.0.0.0) claims nothing: it tests its target. */
	c->family = c->ip.v4.s_addr ? AF_INET : 0;
	if (!c->family && op == 1) {
		c->tentative_family = AF_INET;
		memcpy(&c->tentative.v4, a + 24, 4);
	}
	if (c->family && !hg_ip4_is_host(c->ip.v4))
		return HG_PKT_SPECIAL_ADDRESS;
	return HG_PKT_OK;
}

/* Walk ND options; returns the link-layer address of type want, if any. */
static enum hg_pkt_verdict nd_opt_lla(const uint8_t *opt, size_t len, uint8_t want,
				      const uint8_t **lla)
{
	*lla = NULL;
	while (len > 0) {
		size_t olen;

		if (len < 2)
			return HG_PKT_TRUNCATED;
		olen = (size_t)opt[1] * 8;
		if (olen == 0)
			return HG_PKT_MALFORMED; /* RFC 4861 7.1.1 */
		if (olen > len)
			return HG_PKT_TRUNCATED;
		if (opt[0] == want && olen == 8)
			*lla = opt + 2;
		opt += olen;
		len -= olen;
	}
	return HG_PKT_OK;
}

/* The answer to one of our echo probes: the sender's address. */
static enum hg_pkt_verdict parse_echo_reply(const uint8_t *ip, const uint8_t *icmp, size_t plen,
					    struct hg_binding_claim *c)
{
	struct in6_addr s6, d6;

	if (plen < 8)
		return HG_PKT_TRUNCATED;
	if (rd16(icmp + 4) != HG_PKT_ECHO_ID || icmp[1] != 0)
		return HG_PKT_NOT_ARP_ND; /* someone else's ping */
	memcpy(&s6, ip + 8, sizeof(s6));
	memcpy(&d6, ip + 24, sizeof(d6));
	if (hg_pkt_icmp6_csum(&s6, &d6, icmp, plen))
		return HG_PKT_BAD_CHECKSUM;
	if (!hg_ip6_is_host(&s6))
		return HG_PKT_BAD_SOURCE;
	c->kind = HG_BIND_ECHO_REPLY;
	c->family = AF_INET6;
	c->ip.v6 = s6;
	memcpy(c->mac, c->src_mac, HG_ETH_ALEN);
	return HG_PKT_OK;
}

static enum hg_pkt_verdict parse_nd(const uint8_t *ip, size_t len, struct hg_binding_claim *c)
{
	const struct in6_addr *src = (const struct in6_addr *)(ip + 8);
	const struct in6_addr *dst = (const struct in6_addr *)(ip + 24);
	const uint8_t *icmp, *lla;
	struct in6_addr s6, target;
	enum hg_pkt_verdict v;
	size_t plen;

	if (len < IP6_HLEN)
		return HG_PKT_TRUNCATED;
	if ((ip[0] >> 4) != 6)
		return HG_PKT_MALFORMED;
	if (ip[6] != IPPROTO_ICMPV6)
		return HG_PKT_NOT_ARP_ND; /* extension headers: not ND */
	plen = rd16(ip + 4);
	if (plen > len - IP6_HLEN)
		return HG_PKT_TRUNCATED;
	icmp = ip + IP6_HLEN;
	if (plen < 4)
		return HG_PKT_TRUNCATED;
	if (icmp[0] == ICMP6_ECHO_REPLY)
		return parse_echo_reply(ip, icmp, plen, c);
	if (icmp[0] != ICMP6_NS && icmp[0] != ICMP6_NA)
		return HG_PKT_NOT_ARP_ND;
	if (plen < 24)
		return HG_PKT_TRUNCATED;
	if (ip[7] != 255 || icmp[1] != 0)
		return HG_PKT_MALFORMED;
	memcpy(&s6, src, sizeof(s6));
	/* RFC 4291 2.7: a multicast address is never a packet's source. */
	if (IN6_IS_ADDR_MULTICAST(&s6))
		return HG_PKT_BAD_SOURCE;
	if (hg_pkt_icmp6_csum(&s6, (const struct in6_addr *)dst, icmp, plen))
		return HG_PKT_BAD_CHECKSUM;
	memcpy(&target, icmp + 8, sizeof(target));
	if (IN6_IS_ADDR_MULTICAST(&target))
		return HG_PKT_MALFORMED;

	c->family = AF_INET6;
	if (icmp[0] == ICMP6_NS) {
		c->kind = HG_BIND_ND_NS;
		v = nd_opt_lla(icmp + 24, plen - 24, ND_OPT_SLLA, &lla);
		if (v != HG_PKT_OK)
			return v;
		if (IN6_IS_ADDR_UNSPECIFIED(&s6)) {
			/* DAD: the sender claims nothing yet. */
			if (lla)
				return HG_PKT_MALFORMED;
			c->family = 0;
			c->tentative_family = AF_INET6;
			c->tentative.v6 = target;
			memcpy(c->mac, c->src_mac, HG_ETH_ALEN);
			return HG_PKT_OK;
		}
		c->ip.v6 = s6;
		memcpy(c->mac, lla ? lla : c->src_mac, HG_ETH_ALEN);
	} else {
		c->kind = HG_BIND_ND_NA;
		v = nd_opt_lla(icmp + 24, plen - 24, ND_OPT_TLLA, &lla);
		if (v != HG_PKT_OK)
			return v;
		c->ip.v6 = target;
		memcpy(c->mac, lla ? lla : c->src_mac, HG_ETH_ALEN);
	}
	if (!hg_mac_is_unicast(c->mac))
		return HG_PKT_BAD_SOURCE;
	if (!hg_ip6_is_host(&c->ip.v6))
		return HG_PKT_SPECIAL_ADDRESS;
	return HG_PKT_OK;
}

enum hg_pkt_verdict hg_pkt_l2(const uint8_t *frame, size_t len, size_t *off, uint16_t *type,
			      uint16_t *vlan)
{
	*off = ETH_HLEN_;
	*vlan = 0;
	if (!frame || len < ETH_HLEN_)
		return HG_PKT_TRUNCATED;
	*type = rd16(frame + 12);
	if (*type == ETHTYPE_VLAN) {
		if (len < ETH_HLEN_ + 4)
			return HG_PKT_TRUNCATED;
		*vlan = rd16(frame + 14) & 0x0fff;
		*type = rd16(frame + 16);
		*off += 4;
	}
	return HG_PKT_OK;
}

enum hg_pkt_verdict hg_pkt_parse(const uint8_t *frame, size_t len, struct hg_binding_claim *claim)
{
	enum hg_pkt_verdict v;
	uint16_t type;
	size_t off;

	memset(claim, 0, sizeof(*claim));
	v = hg_pkt_l2(frame, len, &off, &type, &claim->vlan);
	if (v != HG_PKT_OK)
		return v;
	memcpy(claim->src_mac, frame + 6, HG_ETH_ALEN);
	if (!hg_mac_is_unicast(claim->src_mac))
		return HG_PKT_BAD_SOURCE;
	switch (type) {
	case ETHTYPE_ARP:
		return parse_arp(frame + off, len - off, claim);
	case ETHTYPE_IPV6:
		return parse_nd(frame + off, len - off, claim);
	default:
		return HG_PKT_NOT_ARP_ND;
	}
}

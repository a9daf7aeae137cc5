// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DHCPv4 (RFC 2131/2132) and DHCPv6 (RFC 8415) parsing for snooping.
 *
 * Every read is checked against the captured length first; option walks
 * are bounded by the message, nested options by their parent.
 */
#include <string.h>
#include <arpa/inet.h>

#include "hg_dhcp.h"

#define ETHTYPE_IPV4 0x0800
#define ETHTYPE_IPV6 0x86dd
#define UDP_HLEN     8

#define BOOTP_MIN    236 /* fixed BOOTP fields */
#define DHCP_MAGIC   0x63825363
#define DHCP_OPT_PAD 0
#define DHCP_OPT_END 255
#define DHCP_OPT_REQ_IP 50
#define DHCP_OPT_LEASE	51
#define DHCP_OPT_TYPE	53
#define DHCPDECLINE 4
#define DHCPACK	    5
#define DHCPRELEASE 7

#define D6_ADVERTISE 2
#define D6_REPLY    7
#define D6_RECONFIGURE 10
#define D6_RELEASE  8
#define D6_DECLINE  9
#define D6_OPT_IA_NA  3
#define D6_OPT_IA_TA  4
#define D6_OPT_IAADDR 5
#define D6_OPT_STATUS 13

static inline uint16_t rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* UDP checksum over a pseudo header (addresses, length, protocol). */
static bool udp_csum_ok(const uint8_t *src, const uint8_t *dst, size_t alen, const uint8_t *udp,
			size_t ulen)
{
	uint32_t sum = 0;

	sum = hg_csum_add(sum, src, alen);
	sum = hg_csum_add(sum, dst, alen);
	sum += (uint32_t)(ulen >> 16) + (uint32_t)(ulen & 0xffff) + IPPROTO_UDP;
	sum = hg_csum_add(sum, udp, ulen);
	return hg_csum_fold(sum) == 0;
}

static void add_v4(struct hg_dhcp_msg *m, const uint8_t *ip, uint32_t lifetime)
{
	if (m->n >= HG_DHCP_ADDRS_MAX)
		return;
	memcpy(&m->addr[m->n].ip.v4, ip, 4);
	m->addr[m->n].lifetime_s = lifetime;
	m->n++;
}

static bool v4_unicast(const uint8_t *ip)
{
	uint32_t h = rd32(ip);

	return h && (h >> 24) != 127 && (h >> 28) < 14 && (h >> 24) != 0;
}

static enum hg_pkt_verdict parse_dhcp4(const uint8_t *b, size_t len, bool from_server,
				       struct hg_dhcp_msg *m)
{
	const uint8_t *opt, *lease = NULL, *req_ip = NULL;
	int type = -1;
	size_t i, olen;

	if (len < BOOTP_MIN + 4)
		return HG_PKT_TRUNCATED;
	if (b[1] != 1 || b[2] != 6) /* Ethernet, 6-byte addresses */
		return HG_PKT_MALFORMED;
	if ((from_server && b[0] != 2) || (!from_server && b[0] != 1))
		return HG_PKT_MALFORMED;
	if (rd32(b + BOOTP_MIN) != DHCP_MAGIC)
		return HG_PKT_NOT_ARP_ND; /* plain BOOTP */
	memcpy(m->client_mac, b + 28, HG_ETH_ALEN);
	if (!hg_mac_is_unicast(m->client_mac))
		return HG_PKT_BAD_SOURCE;
	opt = b + BOOTP_MIN + 4;
	olen = len - BOOTP_MIN - 4;
	for (i = 0; i < olen;) {
		uint8_t code = opt[i], l;

		if (code == DHCP_OPT_PAD) {
			i++;
			continue;
		}
		if (code == DHCP_OPT_END)
			break;
		if (i + 2 > olen)
			return HG_PKT_TRUNCATED;
		l = opt[i + 1];
		if (i + 2 + l > olen)
			return HG_PKT_TRUNCATED;
		if (code == DHCP_OPT_TYPE && l == 1)
			type = opt[i + 2];
		else if (code == DHCP_OPT_LEASE && l == 4)
			lease = opt + i + 2;
		else if (code == DHCP_OPT_REQ_IP && l == 4)
			req_ip = opt + i + 2;
		i += 2 + (size_t)l;
	}
	m->family = AF_INET;
	if (from_server) {
		if (type < 0)
			return HG_PKT_MALFORMED;
		m->kind = HG_DHCP_LEASE;
		/* OFFER, NAK: a server's reply that grants nothing */
		if (type != DHCPACK)
			return HG_PKT_OK;
		/* An ACK to an INFORM grants nothing (yiaddr 0, no lease). */
		if (lease && v4_unicast(b + 16))
			add_v4(m, b + 16, rd32(lease));
		return HG_PKT_OK;
	}
	m->kind = HG_DHCP_RELEASE;
	if (type == DHCPRELEASE) {
		if (v4_unicast(b + 12))
			add_v4(m, b + 12, 0);
		return HG_PKT_OK;
	}
	if (type == DHCPDECLINE) {
		if (req_ip && v4_unicast(req_ip))
			add_v4(m, req_ip, 0);
		return HG_PKT_OK;
	}
	return type < 0 ? HG_PKT_MALFORMED : HG_PKT_NOT_ARP_ND;
}

/*
 * The UDP header of a DHCP message with room bytes of IP payload: which way
 * it goes (server port to client port, or back) and its UDP length.
 */
static enum hg_pkt_verdict parse_udp(const uint8_t *udp, size_t room, uint16_t server_port,
				     uint16_t client_port, bool *from_server, uint16_t *ulen)
{
	uint16_t sport, dport;

	if (room < UDP_HLEN)
		return HG_PKT_TRUNCATED;
	sport = rd16(udp);
	dport = rd16(udp + 2);
	if (sport == server_port && dport == client_port)
		*from_server = true;
	else if (sport == client_port && dport == server_port)
		*from_server = false;
	else
		return HG_PKT_NOT_ARP_ND;
	*ulen = rd16(udp + 4);
	if (*ulen < UDP_HLEN || *ulen > room)
		return HG_PKT_MALFORMED;
	return HG_PKT_OK;
}

static enum hg_pkt_verdict parse_ipv4(const uint8_t *ip, size_t len, bool check_csum,
				      struct hg_dhcp_msg *m)
{
	enum hg_pkt_verdict v;
	size_t ihl, tot;
	const uint8_t *udp;
	uint16_t ulen;
	bool from_server;

	if (len < 20)
		return HG_PKT_TRUNCATED;
	if ((ip[0] >> 4) != 4 || ip[9] != IPPROTO_UDP)
		return HG_PKT_NOT_ARP_ND;
	ihl = (size_t)(ip[0] & 0x0f) * 4;
	tot = rd16(ip + 2);
	if (ihl < 20 || tot < ihl)
		return HG_PKT_MALFORMED;
	if (tot > len)
		return HG_PKT_TRUNCATED;
	if (rd16(ip + 6) & 0x3fff)
		return HG_PKT_NOT_ARP_ND; /* a fragment: never a whole DHCP message */
	if (hg_csum_fold(hg_csum_add(0, ip, ihl)))
		return HG_PKT_BAD_CHECKSUM;
	udp = ip + ihl;
	v = parse_udp(udp, tot - ihl, 67, 68, &from_server, &ulen);
	if (v != HG_PKT_OK)
		return v;
	if (check_csum && rd16(udp + 6) && !udp_csum_ok(ip + 12, ip + 16, 4, udp, ulen))
		return HG_PKT_BAD_CHECKSUM;
	return parse_dhcp4(udp + UDP_HLEN, ulen - UDP_HLEN, from_server, m);
}

/* IAADDR options inside one IA_NA/IA_TA's options. */
static enum hg_pkt_verdict parse_ia_opts(const uint8_t *o, size_t len, struct hg_dhcp_msg *m)
{
	uint32_t before = m->n;
	size_t i = 0;

	while (i < len) {
		uint16_t code, l;

		if (i + 4 > len)
			return HG_PKT_TRUNCATED;
		code = rd16(o + i);
		l = rd16(o + i + 2);
		if (i + 4 + l > len)
			return HG_PKT_TRUNCATED;
		if (code == D6_OPT_IAADDR) {
			const uint8_t *a = o + i + 4;
			struct in6_addr v6;

			if (l < 24)
				return HG_PKT_MALFORMED;
			memcpy(&v6, a, 16);
			if (IN6_IS_ADDR_MULTICAST(&v6) || IN6_IS_ADDR_UNSPECIFIED(&v6) ||
			    IN6_IS_ADDR_LOOPBACK(&v6) || IN6_IS_ADDR_LINKLOCAL(&v6))
				return HG_PKT_BAD_SOURCE;
			if (m->n < HG_DHCP_ADDRS_MAX) {
				m->addr[m->n].ip.v6 = v6;
				/* the valid lifetime: the address's end */
				m->addr[m->n].lifetime_s = rd32(a + 20);
				m->n++;
			}
		} else if (code == D6_OPT_STATUS && l >= 2 && rd16(o + i + 4) != 0) {
			/* this IA failed (NoAddrsAvail...): nothing granted in it */
			m->n = before;
			return HG_PKT_OK;
		}
		i += 4 + (size_t)l;
	}
	return HG_PKT_OK;
}

static enum hg_pkt_verdict parse_dhcp6(const uint8_t *d, size_t len, bool from_server,
				       struct hg_dhcp_msg *m)
{
	size_t i = 4;
	uint8_t type;

	if (len < 4)
		return HG_PKT_TRUNCATED;
	type = d[0];
	m->family = AF_INET6;
	if (from_server) {
		m->kind = HG_DHCP_LEASE;
		/* Advertise, Reconfigure: a server's message that grants nothing */
		if (type == D6_ADVERTISE || type == D6_RECONFIGURE)
			return HG_PKT_OK;
		if (type != D6_REPLY)
			return HG_PKT_NOT_ARP_ND;
	} else {
		if (type != D6_RELEASE && type != D6_DECLINE)
			return HG_PKT_NOT_ARP_ND;
		m->kind = HG_DHCP_RELEASE;
	}
	while (i < len) {
		uint16_t code, l;
		enum hg_pkt_verdict v;
		uint32_t before = m->n;

		if (i + 4 > len)
			return HG_PKT_TRUNCATED;
		code = rd16(d + i);
		l = rd16(d + i + 2);
		if (i + 4 + l > len)
			return HG_PKT_TRUNCATED;
		if (code == D6_OPT_STATUS && l >= 2 && rd16(d + i + 4) != 0 && from_server) {
			m->n = 0; /* the whole request failed */
			return HG_PKT_OK;
		}
		if ((code == D6_OPT_IA_NA && l >= 12) || (code == D6_OPT_IA_TA && l >= 4)) {
			size_t hdr = code == D6_OPT_IA_NA ? 12 : 4;

			v = parse_ia_opts(d + i + 4 + hdr, l - hdr, m);
			if (v != HG_PKT_OK)
				return v;
			if (!from_server)
				for (uint32_t k = before; k < m->n; k++)
					m->addr[k].lifetime_s = 0;
		} else if (code == D6_OPT_IA_NA || code == D6_OPT_IA_TA) {
			return HG_PKT_MALFORMED;
		}
		i += 4 + (size_t)l;
	}
	return HG_PKT_OK;
}

static enum hg_pkt_verdict parse_ipv6(const uint8_t *ip, size_t len, bool check_csum,
				      struct hg_dhcp_msg *m)
{
	enum hg_pkt_verdict v;
	const uint8_t *udp;
	uint16_t ulen, plen;
	bool from_server;

	if (len < 40)
		return HG_PKT_TRUNCATED;
	if ((ip[0] >> 4) != 6 || ip[6] != IPPROTO_UDP)
		return HG_PKT_NOT_ARP_ND;
	plen = rd16(ip + 4);
	if (plen > len - 40)
		return HG_PKT_TRUNCATED;
	udp = ip + 40;
	v = parse_udp(udp, plen, 547, 546, &from_server, &ulen);
	if (v != HG_PKT_OK)
		return v;
	if (check_csum && !udp_csum_ok(ip + 8, ip + 24, 16, udp, ulen))
		return HG_PKT_BAD_CHECKSUM;
	return parse_dhcp6(udp + UDP_HLEN, ulen - UDP_HLEN, from_server, m);
}

enum hg_pkt_verdict hg_dhcp_parse(const uint8_t *frame, size_t len, bool check_udp_csum,
				  struct hg_dhcp_msg *m)
{
	enum hg_pkt_verdict v;
	uint16_t type, vlan;
	size_t off;

	memset(m, 0, sizeof(*m));
	v = hg_pkt_l2(frame, len, &off, &type, &vlan);
	if (v != HG_PKT_OK)
		return v;
	memcpy(m->src_mac, frame + 6, HG_ETH_ALEN);
	if (type == ETHTYPE_IPV4)
		v = parse_ipv4(frame + off, len - off, check_udp_csum, m);
	else if (type == ETHTYPE_IPV6)
		v = parse_ipv6(frame + off, len - off, check_udp_csum, m);
	else
		return HG_PKT_NOT_ARP_ND;
	if (v != HG_PKT_OK)
		return v;
	if (m->family == AF_INET6)
		/* DHCPv6 names no MAC: a reply goes to the client, a release
		 * comes from it.
		 */
		memcpy(m->client_mac, m->kind == HG_DHCP_LEASE ? frame : frame + 6, HG_ETH_ALEN);
	if (!hg_mac_is_unicast(m->client_mac))
		return HG_PKT_BAD_SOURCE;
	return HG_PKT_OK;
}

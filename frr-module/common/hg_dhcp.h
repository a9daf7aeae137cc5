// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DHCPv4 and DHCPv6 parsing for binding snooping: the leases a server
 * grants (DHCPv4 ACK, DHCPv6 Reply) and the addresses a client gives back
 * (Release, Decline). Pure C on byte buffers, no FRR dependency:
 * unit-tested and fuzzed alone, like hg_pkt.c.
 */
#ifndef HG_DHCP_H
#define HG_DHCP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>

#include "common/hg_pkt.h"

/* Addresses taken from one message at most (IA_NA/IA_TA addresses). */
#define HG_DHCP_ADDRS_MAX 4
/* Lifetime meaning "infinite" (RFC 2131 3.3, RFC 8415 7.7). */
#define HG_DHCP_INFINITE 0xffffffffu

enum hg_dhcp_kind {
	/* server -> client: addresses granted (lifetime 0: taken back); n 0
	 * for a reply that grants nothing (OFFER, NAK, Advertise)
	 */
	HG_DHCP_LEASE,
	HG_DHCP_RELEASE, /* client -> server: addresses given back (Release, Decline) */
};

struct hg_dhcp_msg {
	enum hg_dhcp_kind kind;
	int family; /* AF_INET or AF_INET6 */
	/*
	 * The client: DHCPv4's chaddr; DHCPv6 has no MAC in the message: the
	 * frame's destination (a server's reply) or source (a client's).
	 */
	uint8_t client_mac[HG_ETH_ALEN];
	uint8_t src_mac[HG_ETH_ALEN]; /* Ethernet source */
	uint32_t n;
	struct {
		union {
			struct in_addr v4;
			struct in6_addr v6;
		} ip;
		uint32_t lifetime_s;
	} addr[HG_DHCP_ADDRS_MAX];
};

/*
 * Parse one Ethernet frame (optionally 802.1Q-tagged). HG_PKT_NOT_ARP_ND
 * means "not a DHCP message this parser looks at" (any other frame, a
 * DHCPv4 DISCOVER or REQUEST, a DHCPv6 Solicit...); HG_PKT_OK with n == 0
 * is a DHCP message naming no address (OFFER, NAK, an INFORM's ACK).
 * check_udp_csum false: a frame this host sent with its UDP checksum left to
 * the device (not filled in yet in a captured copy).
 */
enum hg_pkt_verdict hg_dhcp_parse(const uint8_t *frame, size_t len, bool check_udp_csum,
				  struct hg_dhcp_msg *m);

#endif /* HG_DHCP_H */

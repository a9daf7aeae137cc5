// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Ethernet frame codecs for liveness probes and binding snooping:
 * ARP request/reply, IPv6 neighbour solicitation/advertisement.
 *
 * Pure C on byte buffers, no FRR dependency: unit-tested and fuzzed alone.
 */
#ifndef HG_PKT_H
#define HG_PKT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>

#define HG_ETH_ALEN    6
#define HG_PKT_ARP_LEN 42 /* Ethernet + ARP, no padding */
#define HG_PKT_NS_LEN  86 /* Ethernet + IPv6 + NS + SLLA option */
#define HG_PKT_ECHO6_LEN 62 /* Ethernet + IPv6 + ICMPv6 echo header */
/* Identifier of hostguard's echo requests: only their replies are parsed. */
#define HG_PKT_ECHO_ID 0x6867

/* Why a frame was not accepted; the values index drop counters. */
enum hg_pkt_verdict {
	HG_PKT_OK = 0,
	HG_PKT_TRUNCATED,
	HG_PKT_NOT_ARP_ND, /* a valid frame of another kind */
	HG_PKT_MALFORMED,
	HG_PKT_BAD_CHECKSUM,
	HG_PKT_BAD_SOURCE, /* multicast/zero MAC, or a multicast IPv6 source */
	HG_PKT_SPECIAL_ADDRESS, /* claims an address no host can have */
	HG_PKT_VERDICT_MAX,
};

extern const char *const hg_pkt_verdict_names[HG_PKT_VERDICT_MAX];

enum hg_binding_kind {
	HG_BIND_ARP_REQUEST,
	HG_BIND_ARP_REPLY,
	HG_BIND_ND_NS,
	HG_BIND_ND_NA,
	HG_BIND_ECHO_REPLY, /* answer to an all-nodes echo probe: names the host */
	HG_BIND_DHCP,	    /* a lease a trusted DHCP server granted */
};

/* A MAC/IP claim extracted from a snooped frame. */
struct hg_binding_claim {
	enum hg_binding_kind kind;
	uint8_t src_mac[HG_ETH_ALEN]; /* Ethernet source */
	uint8_t mac[HG_ETH_ALEN];     /* claimed link-layer address */
	int family;		      /* AF_INET or AF_INET6; 0: no claim */
	union {
		struct in_addr v4;
		struct in6_addr v6;
	} ip;
	uint16_t vlan; /* 802.1Q tag on the frame, 0 if none */
	/*
	 * An address the sender is testing before it uses it (ARP probe from
	 * 0.0.0.0, DAD NS from ::); tentative_family 0 if none.
	 */
	int tentative_family;
	union {
		struct in_addr v4;
		struct in6_addr v6;
	} tentative;
};

/*
 * Unicast ARP request to dst_mac asking for target_ip; sender_ip may be
 * 0.0.0.0 (RFC 5227 probe). Returns the frame length written to buf.
 */
size_t hg_pkt_build_arp_request(uint8_t *buf, size_t len, const uint8_t *src_mac,
				struct in_addr sender_ip, const uint8_t *dst_mac,
				struct in_addr target_ip);

/*
 * Unicast neighbour solicitation for target sent to dst_mac, from src_ip
 * (a link-local address of ours), with a source link-layer address option
 * so the answer comes back unicast. Returns the frame length.
 */
size_t hg_pkt_build_ns(uint8_t *buf, size_t len, const uint8_t *src_mac,
		       const struct in6_addr *src_ip, const uint8_t *dst_mac,
		       const struct in6_addr *target);

/*
 * ICMPv6 echo request (identifier HG_PKT_ECHO_ID) from src_ip to dst_ip
 * inside a frame to dst_mac: with dst_ip ff02::1 and a unicast dst_mac,
 * one host answers without any of its addresses being known. Returns the
 * frame length.
 */
size_t hg_pkt_build_echo6(uint8_t *buf, size_t len, const uint8_t *src_mac,
			  const struct in6_addr *src_ip, const uint8_t *dst_mac,
			  const struct in6_addr *dst_ip, uint16_t seq);

/* Parse one Ethernet frame (optionally 802.1Q-tagged) into a claim. */
enum hg_pkt_verdict hg_pkt_parse(const uint8_t *frame, size_t len, struct hg_binding_claim *claim);

/*
 * The Ethernet header (and 802.1Q tag): the payload's offset, its type,
 * the VLAN (0 if untagged).
 */
enum hg_pkt_verdict hg_pkt_l2(const uint8_t *frame, size_t len, size_t *off, uint16_t *type,
			      uint16_t *vlan);

/* Internet checksum: add len bytes to a running sum; fold and invert it. */
uint32_t hg_csum_add(uint32_t sum, const uint8_t *p, size_t len);
uint16_t hg_csum_fold(uint32_t sum);

/* Internet checksum over the IPv6 pseudo header and an ICMPv6 message. */
uint16_t hg_pkt_icmp6_csum(const struct in6_addr *src, const struct in6_addr *dst,
			   const uint8_t *msg, size_t len);

bool hg_mac_is_unicast(const uint8_t *mac);

/*
 * Can a host on a link own this address? Not the unspecified, loopback,
 * multicast, broadcast or reserved (240/4) ranges, "this network" (0/8),
 * IPv4 link-local (169.254/16, never routed and self-assigned), nor
 * IPv4-mapped IPv6 addresses. IPv6 link-local addresses can be a host's.
 */
bool hg_ip4_is_host(struct in_addr a);
bool hg_ip6_is_host(const struct in6_addr *a);

#endif /* HG_PKT_H */

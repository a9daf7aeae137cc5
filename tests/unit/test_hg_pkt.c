// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests: probe frame builders and the ARP/ND parser. */
#include <arpa/inet.h>
#include <string.h>

#include "common/hg_pkt.h"
#include "hg_test.h"

static const uint8_t br_mac[6] = { 0xa2, 0x1d, 0xcb, 0x1a, 0xc0, 0x8b };
static const uint8_t host_mac[6] = { 0x02, 0x00, 0x00, 0x00, 0x01, 0x01 };

static void test_arp(void)
{
	uint8_t f[64];
	struct in_addr sender = { 0 }, target;
	struct hg_binding_claim c;
	size_t len;

	inet_pton(AF_INET, "10.0.0.11", &target);
	len = hg_pkt_build_arp_request(f, sizeof(f), br_mac, sender, host_mac, target);
	CHECK(len == HG_PKT_ARP_LEN);
	CHECK(memcmp(f, host_mac, 6) == 0); /* unicast to the host */
	CHECK(memcmp(f + 6, br_mac, 6) == 0);
	CHECK(f[12] == 0x08 && f[13] == 0x06);
	CHECK(memcmp(f + 38, &target, 4) == 0);
	/* our own probe, parsed back: a request that claims nothing */
	CHECK(hg_pkt_parse(f, len, &c) == HG_PKT_OK);
	CHECK(c.kind == HG_BIND_ARP_REQUEST && c.family == 0);
	/* with a sender address it claims sender MAC/IP */
	inet_pton(AF_INET, "10.0.0.1", &sender);
	len = hg_pkt_build_arp_request(f, sizeof(f), br_mac, sender, host_mac, target);
	CHECK(hg_pkt_parse(f, len, &c) == HG_PKT_OK && c.family == AF_INET);
	CHECK(c.ip.v4.s_addr == sender.s_addr && !memcmp(c.mac, br_mac, 6));
	/* every truncation is refused */
	for (size_t l = 0; l < len; l++)
		CHECK(hg_pkt_parse(f, l, &c) != HG_PKT_OK);
	/* buffer too small to build into */
	CHECK(hg_pkt_build_arp_request(f, 10, br_mac, sender, host_mac, target) == 0);
	/* multicast sender MAC */
	f[6] |= 1;
	CHECK(hg_pkt_parse(f, len, &c) == HG_PKT_BAD_SOURCE);
	f[6] &= (uint8_t)~1;
	/* bad hardware type */
	f[15] = 6;
	CHECK(hg_pkt_parse(f, len, &c) == HG_PKT_MALFORMED);
}

static void test_ns(void)
{
	uint8_t f[128];
	struct in6_addr src, target;
	struct hg_binding_claim c;
	size_t len;

	inet_pton(AF_INET6, "fe80::a01d:cbff:fe1a:c08b", &src);
	inet_pton(AF_INET6, "2001:db8::11", &target);
	len = hg_pkt_build_ns(f, sizeof(f), br_mac, &src, host_mac, &target);
	CHECK(len == HG_PKT_NS_LEN);
	CHECK(memcmp(f, host_mac, 6) == 0);
	CHECK(f[12] == 0x86 && f[13] == 0xdd);
	CHECK(f[14 + 7] == 255);
	/* the checksum verifies, and the claim is the sender's */
	CHECK(hg_pkt_parse(f, len, &c) == HG_PKT_OK);
	CHECK(c.kind == HG_BIND_ND_NS && c.family == AF_INET6);
	CHECK(!memcmp(&c.ip.v6, &src, 16) && !memcmp(c.mac, br_mac, 6));
	for (size_t l = 0; l < len; l++)
		CHECK(hg_pkt_parse(f, l, &c) != HG_PKT_OK);
	/* a flipped bit breaks the checksum */
	f[14 + 40 + 10] ^= 0x10;
	CHECK(hg_pkt_parse(f, len, &c) == HG_PKT_BAD_CHECKSUM);
	f[14 + 40 + 10] ^= 0x10;
	/* hop limit other than 255 is not ND */
	f[14 + 7] = 64;
	CHECK(hg_pkt_parse(f, len, &c) == HG_PKT_MALFORMED);
	f[14 + 7] = 255;
	/* a zero-length option must not loop */
	f[14 + 40 + 25] = 0;
	f[14 + 40 + 2] = f[14 + 40 + 3] = 0;
	{
		uint16_t cs = hg_pkt_icmp6_csum(&src, &target, f + 54, 32);

		f[14 + 40 + 2] = (uint8_t)(cs >> 8);
		f[14 + 40 + 3] = (uint8_t)cs;
	}
	CHECK(hg_pkt_parse(f, len, &c) == HG_PKT_MALFORMED);
}

static void test_other(void)
{
	uint8_t f[60] = { 0 };
	struct hg_binding_claim c;

	memcpy(f, host_mac, 6);
	memcpy(f + 6, br_mac, 6);
	f[12] = 0x08; /* IPv4 */
	CHECK(hg_pkt_parse(f, sizeof(f), &c) == HG_PKT_NOT_ARP_ND);
	CHECK(hg_pkt_parse(NULL, 0, &c) == HG_PKT_TRUNCATED);
	/* VLAN tag without the inner header */
	f[12] = 0x81;
	f[13] = 0x00;
	CHECK(hg_pkt_parse(f, 16, &c) == HG_PKT_TRUNCATED);
}

/* The all-nodes echo probe and its answer; addresses under test. */
static void test_echo_and_tentative(void)
{
	uint8_t f[128];
	struct in6_addr ll, all, host_ll;
	struct in_addr target = { 0 }, none = { 0 };
	struct hg_binding_claim c;
	size_t len;

	inet_pton(AF_INET6, "fe80::a01d:cbff:fe1a:c08b", &ll);
	inet_pton(AF_INET6, "ff02::1", &all);
	inet_pton(AF_INET6, "fe80::11", &host_ll);
	len = hg_pkt_build_echo6(f, sizeof(f), br_mac, &ll, host_mac, &all, 7);
	CHECK(len == HG_PKT_ECHO6_LEN);
	CHECK(!memcmp(f, host_mac, 6)); /* unicast frame, multicast address */
	CHECK(f[54] == 128 && f[58] == 0x68 && f[59] == 0x67);
	CHECK(hg_pkt_icmp6_csum(&ll, &all, f + 54, 8) == 0);
	/* a request is nothing the parser takes */
	CHECK(hg_pkt_parse(f, len, &c) == HG_PKT_NOT_ARP_ND);
	/* the host's answer: the same message back, type 129, names its address */
	memcpy(f, br_mac, 6);
	memcpy(f + 6, host_mac, 6);
	memcpy(f + 22, &host_ll, 16);
	memcpy(f + 38, &ll, 16);
	f[54] = 129;
	f[56] = f[57] = 0;
	{
		uint16_t cs = hg_pkt_icmp6_csum(&host_ll, &ll, f + 54, 8);

		f[56] = (uint8_t)(cs >> 8);
		f[57] = (uint8_t)cs;
	}
	CHECK(hg_pkt_parse(f, len, &c) == HG_PKT_OK);
	CHECK(c.kind == HG_BIND_ECHO_REPLY && c.family == AF_INET6);
	CHECK(!memcmp(&c.ip.v6, &host_ll, 16) && !memcmp(c.mac, host_mac, 6));
	f[57] ^= 1;
	CHECK(hg_pkt_parse(f, len, &c) == HG_PKT_BAD_CHECKSUM);
	for (size_t l = 0; l < len; l++)
		CHECK(hg_pkt_parse(f, l, &c) != HG_PKT_OK);

	/* ARP probe: claims nothing, tests its target */
	inet_pton(AF_INET, "10.0.0.11", &target);
	len = hg_pkt_build_arp_request(f, sizeof(f), host_mac, none, br_mac, target);
	CHECK(hg_pkt_parse(f, len, &c) == HG_PKT_OK && c.family == 0);
	CHECK(c.tentative_family == AF_INET && c.tentative.v4.s_addr == target.s_addr);
	/* an ordinary request tests nothing */
	len = hg_pkt_build_arp_request(f, sizeof(f), host_mac, target, br_mac, target);
	CHECK(hg_pkt_parse(f, len, &c) == HG_PKT_OK && c.tentative_family == 0);
}

/* Addresses no host can own are refused as special, by ARP and by NA. */
static void test_special_addresses(void)
{
	static const char *const not_hosts4[] = { "0.1.2.3",	 "127.0.0.9", "169.254.3.3",
						  "224.0.0.5",	 "239.1.1.1", "240.0.0.1",
						  "255.255.255.255" };
	static const char *const hosts4[] = { "10.0.0.1", "1.0.0.0", "169.253.0.1", "223.255.255.254" };
	static const char *const not_hosts6[] = { "::", "::1", "ff02::1", "::ffff:10.0.0.1" };
	uint8_t f[128];
	struct in_addr a, zero = { 0 };
	struct in6_addr a6, ll;
	struct hg_binding_claim c;
	size_t len;

	for (size_t i = 0; i < sizeof(not_hosts4) / sizeof(not_hosts4[0]); i++) {
		inet_pton(AF_INET, not_hosts4[i], &a);
		CHECK(!hg_ip4_is_host(a));
		len = hg_pkt_build_arp_request(f, sizeof(f), host_mac, a, br_mac, a);
		CHECK(hg_pkt_parse(f, len, &c) == HG_PKT_SPECIAL_ADDRESS);
	}
	for (size_t i = 0; i < sizeof(hosts4) / sizeof(hosts4[0]); i++) {
		inet_pton(AF_INET, hosts4[i], &a);
		CHECK(hg_ip4_is_host(a));
	}
	/* an ARP probe (sender 0.0.0.0) still claims nothing, and is fine */
	len = hg_pkt_build_arp_request(f, sizeof(f), host_mac, zero, br_mac, a);
	CHECK(hg_pkt_parse(f, len, &c) == HG_PKT_OK && c.family == 0);
	for (size_t i = 0; i < sizeof(not_hosts6) / sizeof(not_hosts6[0]); i++) {
		inet_pton(AF_INET6, not_hosts6[i], &a6);
		CHECK(!hg_ip6_is_host(&a6));
	}
	inet_pton(AF_INET6, "fe80::1", &ll);
	CHECK(hg_ip6_is_host(&ll));
	/* an NS from a multicast source is no host's: refused */
	inet_pton(AF_INET6, "ff02::5", &a6);
	inet_pton(AF_INET6, "2001:db8::11", &ll);
	len = hg_pkt_build_ns(f, sizeof(f), host_mac, &a6, br_mac, &ll);
	CHECK(hg_pkt_parse(f, len, &c) == HG_PKT_BAD_SOURCE);
	/* an NS from an IPv4-mapped source claims a special address */
	inet_pton(AF_INET6, "::ffff:10.0.0.1", &a6);
	len = hg_pkt_build_ns(f, sizeof(f), host_mac, &a6, br_mac, &ll);
	CHECK(hg_pkt_parse(f, len, &c) == HG_PKT_SPECIAL_ADDRESS);
}

int main(void)
{
	test_echo_and_tentative();
	test_arp();
	test_ns();
	test_other();
	test_special_addresses();
	return hg_test_summary("test_hg_pkt");
}

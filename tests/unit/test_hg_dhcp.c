// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests: the DHCPv4/DHCPv6 parser, on the fuzz corpus's seed frames. */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "common/hg_dhcp.h"
#include "hg_test.h"

static const uint8_t client[6] = { 0x02, 0, 0, 0, 0, 0x11 };

static void test_v4(void)
{
	uint8_t f[1600];
	struct hg_dhcp_msg m;
	struct in_addr ip;
	size_t len = hg_test_corpus("hg_dhcp", "v4-ack", f, sizeof(f));

	inet_pton(AF_INET, "10.10.0.50", &ip);
	CHECK(hg_dhcp_parse(f, len, true, &m) == HG_PKT_OK);
	CHECK(m.kind == HG_DHCP_LEASE && m.family == AF_INET && m.n == 1);
	CHECK(!memcmp(m.client_mac, client, 6));
	CHECK(m.addr[0].ip.v4.s_addr == ip.s_addr && m.addr[0].lifetime_s == 3600);
	/* every truncation is refused */
	for (size_t l = 0; l < len; l++)
		CHECK(hg_dhcp_parse(f, l, true, &m) != HG_PKT_OK);
	/* a flipped byte in the UDP payload breaks its checksum */
	f[14 + 20 + 8 + 100] ^= 1;
	CHECK(hg_dhcp_parse(f, len, true, &m) == HG_PKT_BAD_CHECKSUM);
	/* a copy of a frame this host sends, checksum left to the device */
	CHECK(hg_dhcp_parse(f, len, false, &m) == HG_PKT_OK);

	len = hg_test_corpus("hg_dhcp", "v4-ack-infinite", f, sizeof(f));
	CHECK(hg_dhcp_parse(f, len, true, &m) == HG_PKT_OK && m.addr[0].lifetime_s == HG_DHCP_INFINITE);

	len = hg_test_corpus("hg_dhcp", "v4-release", f, sizeof(f));
	CHECK(hg_dhcp_parse(f, len, true, &m) == HG_PKT_OK);
	CHECK(m.kind == HG_DHCP_RELEASE && m.n == 1 && m.addr[0].ip.v4.s_addr == ip.s_addr);
	CHECK(!memcmp(m.src_mac, client, 6) && !memcmp(m.client_mac, client, 6));
}

static void test_v6(void)
{
	uint8_t f[1600];
	struct hg_dhcp_msg m;
	struct in6_addr ip;
	size_t len = hg_test_corpus("hg_dhcp", "v6-reply", f, sizeof(f));

	inet_pton(AF_INET6, "2001:db8:100::50", &ip);
	CHECK(hg_dhcp_parse(f, len, true, &m) == HG_PKT_OK);
	CHECK(m.kind == HG_DHCP_LEASE && m.family == AF_INET6 && m.n == 1);
	CHECK(!memcmp(m.client_mac, client, 6)); /* the frame's destination */
	CHECK(!memcmp(&m.addr[0].ip.v6, &ip, 16) && m.addr[0].lifetime_s == 3600);
	for (size_t l = 0; l < len; l++)
		CHECK(hg_dhcp_parse(f, l, true, &m) != HG_PKT_OK);
	f[len - 1] ^= 1;
	CHECK(hg_dhcp_parse(f, len, true, &m) == HG_PKT_BAD_CHECKSUM);

	/* an IA whose status is not Success grants nothing */
	len = hg_test_corpus("hg_dhcp", "v6-reply-fail", f, sizeof(f));
	CHECK(hg_dhcp_parse(f, len, true, &m) == HG_PKT_OK && m.n == 0);
	/* valid lifetime 0: the address is taken back */
	len = hg_test_corpus("hg_dhcp", "v6-reply-zero", f, sizeof(f));
	CHECK(hg_dhcp_parse(f, len, true, &m) == HG_PKT_OK && m.n == 1 && m.addr[0].lifetime_s == 0);

	len = hg_test_corpus("hg_dhcp", "v6-release", f, sizeof(f));
	CHECK(hg_dhcp_parse(f, len, true, &m) == HG_PKT_OK);
	CHECK(m.kind == HG_DHCP_RELEASE && m.n == 1 && !memcmp(m.client_mac, client, 6));
	CHECK(m.addr[0].lifetime_s == 0);
}

static void test_not_dhcp(void)
{
	uint8_t f[1600];
	struct hg_dhcp_msg m;
	size_t len = hg_test_corpus("hg_dhcp", "v4-ack", f, sizeof(f));

	/* another UDP port: not ours */
	f[14 + 20 + 1] = 69;
	CHECK(hg_dhcp_parse(f, len, true, &m) != HG_PKT_OK);
	/* ARP */
	f[12] = 0x08;
	f[13] = 0x06;
	CHECK(hg_dhcp_parse(f, len, true, &m) == HG_PKT_NOT_ARP_ND);
	CHECK(hg_dhcp_parse(NULL, 0, true, &m) == HG_PKT_TRUNCATED);
}

int main(void)
{
	test_v4();
	test_v6();
	test_not_dhcp();
	return hg_test_summary("test_hg_dhcp");
}

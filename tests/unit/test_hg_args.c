// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests: strict parsing of module load arguments. */
#include <arpa/inet.h>
#include <stddef.h>
#include <string.h>

#include "common/hg_args.h"
#include "hg_test.h"

struct cfg {
	bool on;
	uint32_t window;
	uint32_t early;
	struct hg_uint_set vnis;
	struct hg_mac_set macs;
	struct hg_ip4_set srcs;
	struct hg_name_set ports;
};

static const struct hg_arg_spec specs[] = {
	{ "keepalive", HG_ARG_BOOL, offsetof(struct cfg, on), 0, 0, false, NULL, "" },
	{ "probe-window", HG_ARG_UINT, offsetof(struct cfg, window), 1, 60, false, "s", "" },
	{ "early-idle", HG_ARG_UINT, offsetof(struct cfg, early), 5, 86400, true, "s", "" },
	{ "exclude-vni", HG_ARG_UINT_SET, offsetof(struct cfg, vnis), 1, 16777215, false, NULL, "" },
	{ "anycast-mac", HG_ARG_MAC_SET, offsetof(struct cfg, macs), 0, 0, false, NULL, "" },
	{ "probe-source", HG_ARG_IP4_SET, offsetof(struct cfg, srcs), 0, 0, false, NULL, "" },
	{ "dhcp-trusted-port", HG_ARG_NAME_SET, offsetof(struct cfg, ports), 0, 0, false, NULL, "" },
};
#define NSPECS (sizeof(specs) / sizeof(specs[0]))

static int parse(struct cfg *c, const char *args, char *err)
{
	memset(c, 0, sizeof(*c));
	c->on = true;
	c->window = 5;
	return hg_args_parse(specs, NSPECS, c, args, err, 512);
}

int main(void)
{
	struct cfg c;
	char err[512], buf[512];
	static const uint8_t m1[6] = { 0xa2, 0x1d, 0xcb, 0x1a, 0xc0, 0x8b };

	/* IPv4@VNI, one address per VNI */
	{
		struct in_addr ip;

		CHECK(parse(&c, "probe-source=10.10.0.254@100+192.0.2.1@200", err) == 0);
		CHECK(hg_ip4_set_lookup(&c.srcs, 200, &ip) && ip.s_addr == htonl(0xc0000201));
		CHECK(!hg_ip4_set_lookup(&c.srcs, 300, &ip));
		CHECK(strcmp(hg_args_format(&specs[5], &c, buf, sizeof(buf)),
			     "10.10.0.254@100+192.0.2.1@200") == 0);
		CHECK(parse(&c, "probe-source=10.10.0.254", err) != 0);
		CHECK(strstr(err, "probe-source") && strstr(err, "IPv4@VNI"));
		CHECK(parse(&c, "probe-source=10.10.0.254@100+10.10.0.253@100", err) != 0);
		CHECK(parse(&c, "probe-source=10.10.0.300@100", err) != 0);
		CHECK(parse(&c, "probe-source=10.10.0.1@0", err) != 0);
		CHECK(parse(&c, "probe-source=10.10.0.1@100+", err) != 0);
	}
	/* interface names */
	CHECK(parse(&c, "dhcp-trusted-port=tap100i0+veth.dhcp_1", err) == 0);
	CHECK(hg_name_set_contains(&c.ports, "veth.dhcp_1") && !hg_name_set_contains(&c.ports, "x"));
	CHECK(strcmp(hg_args_format(&specs[6], &c, buf, sizeof(buf)), "tap100i0+veth.dhcp_1") == 0);
	CHECK(parse(&c, "dhcp-trusted-port=a/b", err) != 0);
	CHECK(parse(&c, "dhcp-trusted-port=abcdefghijklmnop", err) != 0); /* 16 > IFNAMSIZ-1 */
	CHECK(parse(&c, "dhcp-trusted-port=", err) != 0);

	/* defaults survive no arguments */
	CHECK(parse(&c, NULL, err) == 0 && c.on && c.window == 5);
	CHECK(parse(&c, "", err) == 0);

	/* good values */
	CHECK(parse(&c, "keepalive=off,probe-window=10,early-idle=30", err) == 0);
	CHECK(!c.on && c.window == 10 && c.early == 30);
	CHECK(parse(&c, "early-idle=0", err) == 0 && c.early == 0);
	CHECK(parse(&c, "exclude-vni=100+200-300", err) == 0);
	CHECK(hg_uint_set_contains(&c.vnis, 100) && hg_uint_set_contains(&c.vnis, 250));
	CHECK(!hg_uint_set_contains(&c.vnis, 150));
	CHECK(strcmp(hg_args_format(&specs[3], &c, buf, sizeof(buf)), "100+200-300") == 0);
	CHECK(parse(&c, "anycast-mac=a2:1d:cb:1a:c0:8b", err) == 0);
	CHECK(hg_mac_set_contains(&c.macs, m1) && !c.macs.is_auto);
	CHECK(parse(&c, "anycast-mac=auto", err) == 0 && c.macs.is_auto);
	/* per VNI: MAC@VNI; a MAC without VNI counts for every VNI */
	CHECK(parse(&c, "anycast-mac=a2:1d:cb:1a:c0:8b@100+02:00:5e:00:01:01", err) == 0);
	CHECK(c.macs.n == 2 && c.macs.vni[0] == 100 && c.macs.vni[1] == 0);
	{
		char out[128];
		const struct hg_arg_spec *s = &specs[4];

		CHECK(!strcmp(hg_args_format(s, &c, out, sizeof(out)),
			      "a2:1d:cb:1a:c0:8b@100+02:00:5e:00:01:01"));
	}
	CHECK(parse(&c, "anycast-mac=a2:1d:cb:1a:c0:8b@", err) == -1);
	CHECK(parse(&c, "anycast-mac=a2:1d:cb:1a:c0:8b@0", err) == -1);
	CHECK(parse(&c, "anycast-mac=a2:1d:cb:1a:c0:8b@16777216", err) == -1);
	CHECK(parse(&c, "anycast-mac=a2:1d:cb:1a:c0:8b#100", err) == -1);

	/* unknown key: named, with the value and the accepted keys */
	CHECK(parse(&c, "keepalvie=on", err) == -1);
	CHECK(strstr(err, "'keepalvie'") && strstr(err, "'on'") && strstr(err, "probe-window"));

	/* bad values: key, value and what is accepted */
	CHECK(parse(&c, "keepalive=yes", err) == -1);
	CHECK(strstr(err, "'yes'") && strstr(err, "'keepalive'") && strstr(err, "on|off"));
	CHECK(parse(&c, "probe-window=0", err) == -1);
	CHECK(strstr(err, "1-60"));
	CHECK(parse(&c, "probe-window=61", err) == -1);
	CHECK(parse(&c, "probe-window=-1", err) == -1);
	CHECK(parse(&c, "probe-window=5s", err) == -1);
	CHECK(parse(&c, "probe-window=0x5", err) == -1);
	CHECK(parse(&c, "probe-window=99999999999", err) == -1);
	CHECK(parse(&c, "probe-window=", err) == -1);
	CHECK(parse(&c, "early-idle=3", err) == -1);
	CHECK(strstr(err, "0 (off) or 5-86400"));
	CHECK(parse(&c, "exclude-vni=0", err) == -1);
	CHECK(parse(&c, "exclude-vni=300-200", err) == -1);
	CHECK(parse(&c, "exclude-vni=100+", err) == -1);
	CHECK(parse(&c, "exclude-vni=16777216", err) == -1);
	CHECK(parse(&c, "anycast-mac=a2:1d:cb:1a:c0", err) == -1);
	CHECK(parse(&c, "anycast-mac=a2:1d:cb:1a:c0:8bb", err) == -1);
	CHECK(parse(&c, "keepalive", err) == -1 && strstr(err, "key=value"));
	CHECK(parse(&c, "keepalive=on,keepalive=off", err) == -1 && strstr(err, "twice"));

	/* each key's slot size, as the run-time configuration copies it */
	CHECK(hg_args_size(&specs[0]) == sizeof(bool));
	CHECK(hg_args_size(&specs[1]) == sizeof(uint32_t));
	CHECK(hg_args_size(&specs[3]) == sizeof(struct hg_uint_set));
	CHECK(hg_args_size(&specs[4]) == sizeof(struct hg_mac_set));

	/* arguments longer than the parser's buffer are refused, not cut */
	{
		char big[5000];

		memset(big, 'a', sizeof(big) - 1);
		big[sizeof(big) - 1] = '\0';
		CHECK(parse(&c, big, err) == -1);
	}
	return hg_test_summary("test_hg_args");
}

// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests: FRR's configure arguments, as the load-time ABI check reads them. */
#include <string.h>

#include "common/hg_cfgargs.h"
#include "hg_test.h"

int main(void)
{
	struct hg_frr_abi a, b;
	char buf[256];

	/* Debian 12's packaged libfrr: quoted, repeated options. */
	hg_cfgargs_abi("'--build=x86_64-linux-gnu' '--prefix=/usr' '--localstatedir=/var' "
		       "'--localstatedir=/var/run/frr' '--enable-bgp-vnc' '--enable-multipath=256' "
		       "'PYTHON=python3'",
		       &a);
	CHECK(!strcmp(a.multipath, "256"));
	CHECK(!strcmp(a.vnc, "yes"));
	hg_frr_abi_fmt(&a, buf, sizeof(buf));
	CHECK(!strcmp(buf, "multipath=256 bgp-vnc=yes"));

	/* Unquoted (a tree configured by hand), last occurrence wins. */
	hg_cfgargs_abi("--prefix=/usr --enable-multipath=64 --disable-bgp-vnc --enable-multipath=256",
		       &b);
	CHECK(!strcmp(b.multipath, "256"));
	CHECK(!strcmp(b.vnc, "no"));
	CHECK(!hg_frr_abi_equal(&a, &b));

	/* Nothing said: the configure defaults of that FRR version. */
	hg_cfgargs_abi("", &b);
	CHECK(!strcmp(b.multipath, "default") && !strcmp(b.vnc, "default"));
	hg_cfgargs_abi("'--enable-multipath' '--enable-bgp-vnc=no'", &b);
	CHECK(!strcmp(b.multipath, "yes") && !strcmp(b.vnc, "no"));
	/* A prefix of the option is not the option. */
	hg_cfgargs_abi("--enable-multipathx=8 --enable-bgp-vnc-foo", &b);
	CHECK(!strcmp(b.multipath, "default") && !strcmp(b.vnc, "default"));
	/* An unterminated quote and an over-long token do not overrun. */
	hg_cfgargs_abi("'--enable-multipath=32", &b);
	CHECK(!strcmp(b.multipath, "32"));
	hg_cfgargs_abi("--enable-multipath=123456789012345678901234567890", &b);
	CHECK(strlen(b.multipath) < sizeof(b.multipath));

	/* The banner in a libfrr image, with bytes around it. */
	{
		static const char img[] = "\x7f"
					  "ELF\0xx\0configured with:\n    %s\n\0"
					  "FRRouting 8.4.4.\nCopyright\nconfigured with:\n"
					  "    '--prefix=/usr' '--enable-multipath=256'\n\0tail";
		char out[128];

		CHECK(hg_cfgargs_from_image(img, sizeof(img), out, sizeof(out)));
		CHECK(!strcmp(out, "'--prefix=/usr' '--enable-multipath=256'"));
		CHECK(!hg_cfgargs_from_image(img, sizeof(img), out, 10));
		CHECK(!hg_cfgargs_from_image("no banner", 9, out, sizeof(out)));
		/* Cut off before the end of the line. */
		CHECK(!hg_cfgargs_from_image(img, 90, out, sizeof(out)));
	}
	return hg_test_summary("test_hg_cfgargs");
}

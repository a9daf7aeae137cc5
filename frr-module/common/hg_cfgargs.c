// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * FRR's configure arguments (see hg_cfgargs.h).
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>

#include "common/hg_cfgargs.h"

/* Token [start, end) of args as an option without its shell quotes. */
static void abi_option(const char *tok, size_t n, struct hg_frr_abi *abi)
{
	static const char mp[] = "--enable-multipath", nomp[] = "--disable-multipath";
	static const char vnc[] = "--enable-bgp-vnc", novnc[] = "--disable-bgp-vnc";
	char opt[64];

	if (n >= sizeof(opt))
		return;
	memcpy(opt, tok, n);
	opt[n] = '\0';
	/* The last occurrence wins, as in configure. */
	if (!strcmp(opt, mp))
		snprintf(abi->multipath, sizeof(abi->multipath), "yes");
	else if (!strncmp(opt, mp, sizeof(mp) - 1) && opt[sizeof(mp) - 1] == '=')
		/* Cut to fit: a value that long is no width FRR accepts anyway. */
		snprintf(abi->multipath, sizeof(abi->multipath), "%.15s", opt + sizeof(mp));
	else if (!strcmp(opt, nomp))
		snprintf(abi->multipath, sizeof(abi->multipath), "no");
	else if (!strcmp(opt, vnc) || !strcmp(opt, "--enable-bgp-vnc=yes"))
		snprintf(abi->vnc, sizeof(abi->vnc), "yes");
	else if (!strcmp(opt, novnc) || !strcmp(opt, "--enable-bgp-vnc=no"))
		snprintf(abi->vnc, sizeof(abi->vnc), "no");
}

void hg_cfgargs_abi(const char *args, struct hg_frr_abi *abi)
{
	const char *p = args;

	snprintf(abi->multipath, sizeof(abi->multipath), "default");
	snprintf(abi->vnc, sizeof(abi->vnc), "default");
	while (*p) {
		const char *end;
		char quote = 0;

		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		if (*p == '\'' || *p == '"')
			quote = *p++;
		end = quote ? strchr(p, quote) : p + strcspn(p, " \t");
		if (!end)
			end = p + strlen(p);
		abi_option(p, (size_t)(end - p), abi);
		p = *end ? end + 1 : end;
	}
}

bool hg_frr_abi_equal(const struct hg_frr_abi *a, const struct hg_frr_abi *b)
{
	return !strcmp(a->multipath, b->multipath) && !strcmp(a->vnc, b->vnc);
}

void hg_frr_abi_fmt(const struct hg_frr_abi *abi, char *buf, size_t len)
{
	snprintf(buf, len, "multipath=%s bgp-vnc=%s", abi->multipath, abi->vnc);
}

bool hg_cfgargs_from_image(const void *image, size_t len, char *out, size_t outlen)
{
	static const char mark[] = "configured with:\n    ";
	const char *p = image, *end = p + len, *start, *eol;

	/* "show version"'s format string has the same words: skip it. */
	while ((start = memmem(p, (size_t)(end - p), mark, sizeof(mark) - 1))) {
		start += sizeof(mark) - 1;
		p = start;
		eol = memchr(start, '\n', (size_t)(end - start));
		if (!eol)
			return false;
		if (eol - start == 2 && !memcmp(start, "%s", 2))
			continue;
		if ((size_t)(eol - start) >= outlen)
			return false;
		memcpy(out, start, (size_t)(eol - start));
		out[eol - start] = '\0';
		return true;
	}
	return false;
}

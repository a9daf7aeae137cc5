// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Whether the kernel's neighbour garbage collector can remove STALE
 * entries now: the periodic GC leaves the table alone while it holds fewer
 * than gc_thresh1 entries, so revalidation probes are only sent above it.
 */
#include "lib/zebra.h"

#include "zhg.h"
#include "zhg_keepalive.h"

/* Re-read the kernel's figures at most this often. */
#define GC_CACHE_MS 2000

static long read_long(const char *path, int base, bool second_line)
{
	char line[512];
	long v = -1;
	FILE *f = fopen(path, "r");

	if (!f)
		return -1;
	if (second_line && !fgets(line, sizeof(line), f))
		goto out;
	if (fgets(line, sizeof(line), f))
		v = strtol(line, NULL, base);
out:
	fclose(f);
	return v;
}

bool zhg_neigh_gc_can_collect(int family)
{
	static int64_t checked_ms[2];
	static bool answer[2];
	bool v4 = family == AF_INET;
	int i = v4 ? 0 : 1;
	int64_t now = zhg_now_ms();
	long entries, thresh;

	if (checked_ms[i] && now - checked_ms[i] < GC_CACHE_MS)
		return answer[i];
	/* First column of the per-CPU lines is the table size, in hex. */
	entries = read_long(v4 ? "/proc/net/stat/arp_cache" : "/proc/net/stat/ndisc_cache", 16,
			    true);
	thresh = read_long(v4 ? "/proc/sys/net/ipv4/neigh/default/gc_thresh1"
			      : "/proc/sys/net/ipv6/neigh/default/gc_thresh1",
			   10, false);
	/* When in doubt, assume the GC may run. */
	answer[i] = entries < 0 || thresh < 0 || entries >= thresh;
	checked_ms[i] = now;
	return answer[i];
}

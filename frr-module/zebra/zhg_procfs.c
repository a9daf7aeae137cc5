// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Reading the kernel's figures from /proc.
 */
#include "lib/zebra.h"

#include "zhg_procfs.h"

long zhg_proc_read_long(const char *path, int base, bool second_line)
{
	char line[512];
	long v = -1;
	FILE *f = fopen(path, "re");

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

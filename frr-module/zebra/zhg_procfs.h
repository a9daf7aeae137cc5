// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Reading the kernel's figures from /proc (sysctls, neighbour statistics).
 */
#ifndef ZHG_PROCFS_H
#define ZHG_PROCFS_H

#include "lib/zebra.h"

/*
 * The number at the start of a /proc file's first line (second_line: of
 * its second, after a header), in the given base; -1 if unreadable.
 */
long zhg_proc_read_long(const char *path, int base, bool second_line);

#endif /* ZHG_PROCFS_H */

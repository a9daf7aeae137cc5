// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Classic BPF programs for capture sockets. Pure C, unit-tested.
 */
#ifndef HG_BPF_H
#define HG_BPF_H

#include <stddef.h>
#include <stdint.h>

#include <linux/filter.h>

/* One jump offset of classic BPF is 8 bits: 4 instructions per MAC. */
#define HG_BPF_SRC_MACS_MAX 63
#define HG_BPF_SRC_MACS_LEN (4 * HG_BPF_SRC_MACS_MAX + 2)

/*
 * A program accepting (snaplen bytes of) frames whose Ethernet source is
 * one of n MACs (duplicates ignored, at most HG_BPF_SRC_MACS_MAX), into f
 * (HG_BPF_SRC_MACS_LEN instructions). Returns the program's length.
 */
unsigned short hg_bpf_src_macs(const uint8_t (*macs)[6], size_t n, uint32_t snaplen,
			       struct sock_filter *f);

#endif /* HG_BPF_H */

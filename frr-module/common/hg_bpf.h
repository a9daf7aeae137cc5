// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Classic BPF programs for capture sockets. Pure C, unit-tested.
 */
#ifndef HG_BPF_H
#define HG_BPF_H

#include <stdbool.h>
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

/* Room for the longest program below. */
#define HG_BPF_CAPTURE_LEN 48

/*
 * What a host sends that hostguard reads on its bridge port: ARP, ICMPv6
 * NS/NA and replies to hostguard's echo probe (snaplen bytes), and with
 * dhcp also DHCPv4/DHCPv6 messages between client and server ports
 * (dhcp_snaplen bytes: a DHCP message is longer than ARP/ND). Everything
 * else is dropped in the kernel. Into f; returns the program's length.
 */
unsigned short hg_bpf_host_frames(struct sock_filter *f, bool dhcp, uint32_t snaplen,
				  uint32_t dhcp_snaplen);

/*
 * DHCP server replies (DHCPv4 from port 67 to 68, DHCPv6 from 547 to 546)
 * that the local host sends out of a device (packet type outgoing): the
 * replies of a DHCP server running on the bridge itself.
 */
unsigned short hg_bpf_dhcp_server_out(struct sock_filter *f, uint32_t snaplen);

#endif /* HG_BPF_H */

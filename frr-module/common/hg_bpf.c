// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Classic BPF programs for capture sockets.
 */
#include <stdbool.h>
#include <string.h>

#include "common/hg_bpf.h"

/*
 * Per MAC: load bytes 8-11 of the frame (low 32 bits of the source),
 * compare, load bytes 6-7 (high 16 bits), compare; accept on both, else
 * the next MAC. Last: reject, accept.
 */
unsigned short hg_bpf_src_macs(const uint8_t (*macs)[6], size_t n, uint32_t snaplen,
			       struct sock_filter *f)
{
	unsigned short k = 0;
	size_t nmac = 0;

	for (size_t i = 0; i < n && nmac < HG_BPF_SRC_MACS_MAX; i++) {
		const uint8_t *m = macs[i];
		uint32_t lo = (uint32_t)m[2] << 24 | (uint32_t)m[3] << 16 | (uint32_t)m[4] << 8 |
			      m[5];
		uint32_t hi = (uint32_t)m[0] << 8 | m[1];
		bool dup = false;

		for (size_t j = 0; j < i && !dup; j++)
			dup = !memcmp(macs[j], m, 6);
		if (dup)
			continue;
		nmac++;
		f[k++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 8);
		f[k++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, lo, 0, 2);
		f[k++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_H | BPF_ABS, 6);
		/* jt set below, once the accept instruction's place is known */
		f[k++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, hi, 0, 0);
	}
	f[k++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, 0);
	f[k++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, snaplen);
	for (unsigned short i = 3; i + 2 < k; i += 4)
		f[i].jt = (uint8_t)(k - 1 - (i + 1));
	return k;
}

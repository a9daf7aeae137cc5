// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests: the capture filter on Ethernet source MACs, run by a small
 * interpreter of the classic BPF instructions it uses. */
#include <string.h>

#include "common/hg_bpf.h"
#include "hg_test.h"

/* Runs prog on frame; returns the accepted length (0: dropped), -1: bad. */
static long run(const struct sock_filter *f, unsigned short len, const uint8_t *frame, size_t flen)
{
	uint32_t a = 0;

	for (unsigned short pc = 0; pc < len; pc++) {
		const struct sock_filter *i = &f[pc];

		switch (i->code) {
		case BPF_LD | BPF_W | BPF_ABS:
			if (i->k + 4 > flen)
				return 0;
			a = (uint32_t)frame[i->k] << 24 | (uint32_t)frame[i->k + 1] << 16 |
			    (uint32_t)frame[i->k + 2] << 8 | frame[i->k + 3];
			break;
		case BPF_LD | BPF_H | BPF_ABS:
			if (i->k + 2 > flen)
				return 0;
			a = (uint32_t)frame[i->k] << 8 | frame[i->k + 1];
			break;
		case BPF_JMP | BPF_JEQ | BPF_K:
			pc += a == i->k ? i->jt : i->jf;
			break;
		case BPF_RET | BPF_K:
			return i->k;
		default:
			return -1;
		}
	}
	return -1; /* fell off the end */
}

static void frame_from(uint8_t *frame, const uint8_t *src)
{
	memset(frame, 0xff, 6);
	memcpy(frame + 6, src, 6);
	frame[12] = 0x08;
	frame[13] = 0x06;
}

int main(void)
{
	uint8_t macs[100][6], frame[60] = {};
	struct sock_filter f[HG_BPF_SRC_MACS_LEN];
	static const uint8_t other[6] = { 0x02, 0, 0, 0, 0, 0x11 };
	unsigned short len;

	for (int i = 0; i < 100; i++) {
		static const uint8_t base[6] = { 0xa2, 0x1d, 0xcb, 0x1a, 0xc0, 0 };

		memcpy(macs[i], base, 6);
		macs[i][5] = (uint8_t)i;
		macs[i][1] = (uint8_t)(i * 7); /* differ in the high half too */
	}

	/* no MAC: everything dropped */
	len = hg_bpf_src_macs(macs, 0, 64, f);
	frame_from(frame, macs[0]);
	CHECK(run(f, len, frame, sizeof(frame)) == 0);

	/* one MAC */
	len = hg_bpf_src_macs(macs, 1, 64, f);
	CHECK(len == 6);
	CHECK(run(f, len, frame, sizeof(frame)) == 64);
	frame_from(frame, other);
	CHECK(run(f, len, frame, sizeof(frame)) == 0);

	/* same low half, other high half: dropped */
	{
		uint8_t near[6];

		memcpy(near, macs[0], 6);
		near[0] ^= 0x02;
		frame_from(frame, near);
		CHECK(run(f, len, frame, sizeof(frame)) == 0);
	}

	/* the most MACs a program holds: every one accepted, others not */
	len = hg_bpf_src_macs(macs, HG_BPF_SRC_MACS_MAX, 64, f);
	CHECK(len == HG_BPF_SRC_MACS_LEN);
	for (int i = 0; i < HG_BPF_SRC_MACS_MAX; i++) {
		frame_from(frame, macs[i]);
		CHECK(run(f, len, frame, sizeof(frame)) == 64);
	}
	frame_from(frame, other);
	CHECK(run(f, len, frame, sizeof(frame)) == 0);

	/* more than that: the extra ones are left out, the program stays valid */
	len = hg_bpf_src_macs(macs, 100, 64, f);
	CHECK(len == HG_BPF_SRC_MACS_LEN);
	frame_from(frame, macs[99]);
	CHECK(run(f, len, frame, sizeof(frame)) == 0);

	/* duplicates take no room */
	{
		uint8_t dups[3][6];

		memcpy(dups[0], macs[5], 6);
		memcpy(dups[1], macs[5], 6);
		memcpy(dups[2], macs[6], 6);
		len = hg_bpf_src_macs(dups, 3, 64, f);
		CHECK(len == 10);
		frame_from(frame, macs[6]);
		CHECK(run(f, len, frame, sizeof(frame)) == 64);
	}

	/* a runt frame is dropped, not read past its end */
	len = hg_bpf_src_macs(macs, 1, 64, f);
	frame_from(frame, macs[0]);
	CHECK(run(f, len, frame, 10) == 0);

	return hg_test_summary("test_hg_bpf");
}

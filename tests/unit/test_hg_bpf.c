// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests: the capture filter on Ethernet source MACs, run by a small
 * interpreter of the classic BPF instructions it uses. */
#include <stdio.h>
#include <string.h>

#include <linux/if_packet.h>

#include "common/hg_bpf.h"
#include "hg_test.h"

/* Runs prog on frame; returns the accepted length (0: dropped), -1: bad. */
static uint8_t pkttype = PACKET_HOST; /* what SKF_AD_PKTTYPE loads */

static long run(const struct sock_filter *f, unsigned short len, const uint8_t *frame, size_t flen)
{
	uint32_t a = 0, x = 0;

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
		case BPF_LD | BPF_B | BPF_ABS:
			if (i->k == (uint32_t)(SKF_AD_OFF + SKF_AD_PKTTYPE)) {
				a = pkttype;
				break;
			}
			if (i->k + 1 > flen)
				return 0;
			a = frame[i->k];
			break;
		case BPF_LD | BPF_H | BPF_IND:
			if (x + i->k + 2 > flen)
				return 0;
			a = (uint32_t)frame[x + i->k] << 8 | frame[x + i->k + 1];
			break;
		case BPF_LDX | BPF_B | BPF_MSH:
			if (i->k + 1 > flen)
				return 0;
			x = 4u * (frame[i->k] & 0x0f);
			break;
		case BPF_JMP | BPF_JEQ | BPF_K:
			if ((size_t)pc + 1 + (a == i->k ? i->jt : i->jf) >= len)
				return -1; /* jumps past the end */
			pc += a == i->k ? i->jt : i->jf;
			break;
		case BPF_JMP | BPF_JSET | BPF_K:
			pc += (a & i->k) ? i->jt : i->jf;
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

/* The capture of host frames, on the fuzz corpus's seed frames. */
static void test_host_frames(void)
{
	static const char *const arp_nd[] = { "arp-garp", "arp-probe", "arp-reply", "nd-dad",
					      "nd-na",	  "nd-ns",     "echo-reply" };
	static const char *const dhcp[] = { "v4-ack", "v4-release", "v6-reply", "v6-release" };
	struct sock_filter f[HG_BPF_CAPTURE_LEN], g[HG_BPF_CAPTURE_LEN];
	unsigned short len, dlen, slen;
	uint8_t frame[1600];
	size_t n;

	len = hg_bpf_host_frames(f, false, 512, 1536);
	dlen = hg_bpf_host_frames(g, true, 512, 1536);
	CHECK(len <= HG_BPF_CAPTURE_LEN && dlen <= HG_BPF_CAPTURE_LEN && len < dlen);
	pkttype = PACKET_HOST;
	for (size_t i = 0; i < sizeof(arp_nd) / sizeof(arp_nd[0]); i++) {
		n = hg_test_corpus("hg_pkt", arp_nd[i], frame, sizeof(frame));
		CHECK(run(f, len, frame, n) == 512);
		CHECK(run(g, dlen, frame, n) == 512);
	}
	/* someone else's ping is not ours */
	n = hg_test_corpus("hg_pkt", "echo-reply-other-id", frame, sizeof(frame));
	CHECK(run(f, len, frame, n) == 0);
	for (size_t i = 0; i < sizeof(dhcp) / sizeof(dhcp[0]); i++) {
		n = hg_test_corpus("hg_dhcp", dhcp[i], frame, sizeof(frame));
		CHECK(run(f, len, frame, n) == 0);     /* the cheapest filter: no DHCP */
		CHECK(run(g, dlen, frame, n) == 1536); /* with DHCP snooping */
	}
	/* a fragment is never a whole DHCP message */
	n = hg_test_corpus("hg_dhcp", "v4-ack", frame, sizeof(frame));
	frame[14 + 6] |= 0x20;
	CHECK(run(g, dlen, frame, n) == 0);
	/* other UDP */
	n = hg_test_corpus("hg_dhcp", "v4-ack", frame, sizeof(frame));
	frame[14 + 20 + 3] = 53;
	CHECK(run(g, dlen, frame, n) == 0);

	/* a server's replies sent by the host itself; never a client's */
	slen = hg_bpf_dhcp_server_out(f, 1536);
	CHECK(slen <= HG_BPF_CAPTURE_LEN);
	for (size_t i = 0; i < sizeof(dhcp) / sizeof(dhcp[0]); i++) {
		bool server = !strcmp(dhcp[i], "v4-ack") || !strcmp(dhcp[i], "v6-reply");

		n = hg_test_corpus("hg_dhcp", dhcp[i], frame, sizeof(frame));
		pkttype = PACKET_OUTGOING;
		CHECK(run(f, slen, frame, n) == (server ? 1536 : 0));
		pkttype = PACKET_BROADCAST;
		CHECK(run(f, slen, frame, n) == 0);
	}
	pkttype = PACKET_HOST;
}

int main(void)
{
	test_host_frames();

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

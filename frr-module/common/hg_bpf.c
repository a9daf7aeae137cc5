// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Classic BPF programs for capture sockets.
 */
#include <stdbool.h>
#include <string.h>

#include <linux/if_packet.h>
#include <netinet/in.h>

#include "common/hg_bpf.h"
#include "common/hg_pkt.h"

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

/*
 * A small assembler for the capture programs: jumps name labels, resolved
 * to classic BPF's relative offsets once the program is complete.
 */
enum {
	L_NEXT = 0, /* the following instruction */
	L_DROP,
	L_SMALL,
	L_BIG,
	L_V4,
	L_V6,
	L_ICMP6,
	L_UDP6,
	L_S6,
	L_C6,
	L_S4,
	L_C4,
	L_MAX,
};

struct bpf_asm {
	struct sock_filter *f;
	uint8_t jt[HG_BPF_CAPTURE_LEN], jf[HG_BPF_CAPTURE_LEN];
	unsigned short at[L_MAX];
	unsigned short n;
};

static void emit(struct bpf_asm *a, uint16_t code, uint32_t k, uint8_t jt, uint8_t jf)
{
	a->f[a->n] = (struct sock_filter){ .code = code, .k = k };
	a->jt[a->n] = jt;
	a->jf[a->n] = jf;
	a->n++;
}

static void ld(struct bpf_asm *a, uint16_t size, uint32_t k)
{
	emit(a, BPF_LD | size | BPF_ABS, k, L_NEXT, L_NEXT);
}

static void jeq(struct bpf_asm *a, uint32_t k, uint8_t jt, uint8_t jf)
{
	emit(a, BPF_JMP | BPF_JEQ | BPF_K, k, jt, jf);
}

static void label(struct bpf_asm *a, uint8_t l)
{
	a->at[l] = a->n;
}

static unsigned short resolve(struct bpf_asm *a)
{
	for (unsigned short i = 0; i < a->n; i++) {
		if (BPF_CLASS(a->f[i].code) != BPF_JMP)
			continue;
		a->f[i].jt = (uint8_t)(a->jt[i] == L_NEXT ? 0 : a->at[a->jt[i]] - (i + 1));
		a->f[i].jf = (uint8_t)(a->jf[i] == L_NEXT ? 0 : a->at[a->jf[i]] - (i + 1));
	}
	return a->n;
}

/* UDP ports of an IPv4 packet (not a fragment): DHCP server to client,
 * and with both, client to server too.
 */
static void udp4_ports(struct bpf_asm *a, bool both)
{
	label(a, L_V4);
	ld(a, BPF_B, 23);
	jeq(a, IPPROTO_UDP, L_NEXT, L_DROP);
	ld(a, BPF_H, 20);
	emit(a, BPF_JMP | BPF_JSET | BPF_K, 0x3fff, L_DROP, L_NEXT); /* MF or offset */
	emit(a, BPF_LDX | BPF_B | BPF_MSH, 14, 0, 0);
	emit(a, BPF_LD | BPF_H | BPF_IND, 14, 0, 0);
	if (both) {
		jeq(a, 67, L_S4, L_NEXT);
		jeq(a, 68, L_C4, L_DROP);
	} else {
		jeq(a, 67, L_S4, L_DROP);
	}
	label(a, L_S4);
	emit(a, BPF_LD | BPF_H | BPF_IND, 16, 0, 0);
	jeq(a, 68, L_BIG, L_DROP);
	if (both) {
		label(a, L_C4);
		emit(a, BPF_LD | BPF_H | BPF_IND, 16, 0, 0);
		jeq(a, 67, L_BIG, L_DROP);
	}
}

/* UDP ports of an IPv6 packet whose next header is UDP, likewise. */
static void udp6_ports(struct bpf_asm *a, bool both)
{
	label(a, L_UDP6);
	ld(a, BPF_H, 54);
	if (both) {
		jeq(a, 547, L_S6, L_NEXT);
		jeq(a, 546, L_C6, L_DROP);
	} else {
		jeq(a, 547, L_S6, L_DROP);
	}
	label(a, L_S6);
	ld(a, BPF_H, 56);
	jeq(a, 546, L_BIG, L_DROP);
	if (both) {
		label(a, L_C6);
		ld(a, BPF_H, 56);
		jeq(a, 547, L_BIG, L_DROP);
	}
}

static void tail(struct bpf_asm *a, uint32_t snaplen, uint32_t big)
{
	label(a, L_DROP);
	emit(a, BPF_RET | BPF_K, 0, 0, 0);
	label(a, L_SMALL);
	emit(a, BPF_RET | BPF_K, snaplen, 0, 0);
	label(a, L_BIG);
	emit(a, BPF_RET | BPF_K, big, 0, 0);
}

unsigned short hg_bpf_host_frames(struct sock_filter *f, bool dhcp, uint32_t snaplen,
				  uint32_t dhcp_snaplen)
{
	struct bpf_asm a = { .f = f };

	ld(&a, BPF_H, 12);
	jeq(&a, 0x0806, L_SMALL, L_NEXT);
	if (dhcp) {
		jeq(&a, 0x86dd, L_V6, L_NEXT);
		jeq(&a, 0x0800, L_V4, L_DROP);
	} else {
		jeq(&a, 0x86dd, L_V6, L_DROP);
	}
	label(&a, L_V6);
	ld(&a, BPF_B, 20);
	if (dhcp) {
		jeq(&a, IPPROTO_ICMPV6, L_ICMP6, L_NEXT);
		jeq(&a, IPPROTO_UDP, L_UDP6, L_DROP);
	} else {
		jeq(&a, IPPROTO_ICMPV6, L_ICMP6, L_DROP);
	}
	label(&a, L_ICMP6);
	ld(&a, BPF_B, 54);
	jeq(&a, 135, L_SMALL, L_NEXT); /* NS */
	jeq(&a, 136, L_SMALL, L_NEXT); /* NA */
	jeq(&a, 129, L_NEXT, L_DROP);  /* echo reply ... */
	ld(&a, BPF_H, 58);
	jeq(&a, HG_PKT_ECHO_ID, L_SMALL, L_DROP); /* ... to hostguard's probe */
	if (dhcp) {
		udp6_ports(&a, true);
		udp4_ports(&a, true);
	}
	tail(&a, snaplen, dhcp_snaplen);
	return resolve(&a);
}

unsigned short hg_bpf_dhcp_server_out(struct sock_filter *f, uint32_t snaplen)
{
	struct bpf_asm a = { .f = f };

	ld(&a, BPF_B, (uint32_t)(SKF_AD_OFF + SKF_AD_PKTTYPE));
	jeq(&a, PACKET_OUTGOING, L_NEXT, L_DROP);
	ld(&a, BPF_H, 12);
	jeq(&a, 0x0800, L_V4, L_NEXT);
	jeq(&a, 0x86dd, L_NEXT, L_DROP);
	ld(&a, BPF_B, 20);
	jeq(&a, IPPROTO_UDP, L_UDP6, L_DROP);
	udp6_ports(&a, false);
	udp4_ports(&a, false);
	tail(&a, snaplen, snaplen);
	return resolve(&a);
}

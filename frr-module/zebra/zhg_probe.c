// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Liveness probes sent on a raw AF_PACKET socket.
 */
#include "lib/zebra.h"

#include <linux/if_packet.h>
#include <net/ethernet.h>

#include "lib/privs.h"
#include "zebra/zserv.h"

#include "common/hg_pkt.h"
#include "common/hg_rate.h"
#include "zhg.h"
#include "zhg_probe.h"

extern struct zebra_privs_t zserv_privs;

static int probe_fd = -1;

/* A burst of a tenth of a second's worth at most. */
static struct hg_tbucket tokens;

static double probe_burst(void)
{
	return zhg_cfg.probe_rate / 10.0 + 1.0;
}

bool zhg_probe_take_token(int64_t now_ms)
{
	return hg_tbucket_take(&tokens, now_ms, zhg_cfg.probe_rate, probe_burst());
}

int64_t zhg_probe_reserve(int64_t now_ms)
{
	return hg_tbucket_reserve(&tokens, now_ms, zhg_cfg.probe_rate, probe_burst());
}

int zhg_probe_init(void)
{
	frr_with_privs (&zserv_privs) {
		/* Protocol 0: send only, this socket receives nothing. */
		probe_fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);
	}
	if (probe_fd < 0) {
		zlog_err("hostguard: cannot open probe socket: %s", safe_strerror(errno));
		return -1;
	}
	tokens.at_ms = zhg_now_ms();
	return 0;
}

void zhg_probe_fini(void)
{
	if (probe_fd >= 0)
		close(probe_fd);
	probe_fd = -1;
}

int zhg_probe_send(const struct zhg_probe_target *pt)
{
	uint8_t frame[128];
	struct sockaddr_ll sll = {
		.sll_family = AF_PACKET,
		.sll_ifindex = pt->port,
		.sll_halen = ETH_ALEN,
	};
	size_t len;

	if (pt->echo)
		len = hg_pkt_build_echo6(frame, sizeof(frame), pt->src_mac, &pt->sender.ipaddr_v6,
					 pt->dst_mac, &pt->target.ipaddr_v6, 0);
	else if (pt->family == AF_INET)
		len = hg_pkt_build_arp_request(frame, sizeof(frame), pt->src_mac,
					       pt->sender.ipaddr_v4, pt->dst_mac,
					       pt->target.ipaddr_v4);
	else if (pt->family == AF_INET6)
		len = hg_pkt_build_ns(frame, sizeof(frame), pt->src_mac, &pt->sender.ipaddr_v6,
				      pt->dst_mac, &pt->target.ipaddr_v6);
	else
		return -EINVAL;
	memcpy(sll.sll_addr, pt->dst_mac, ETH_ALEN);
	sll.sll_protocol = htons(pt->family == AF_INET ? ETH_P_ARP : ETH_P_IPV6);
	if (sendto(probe_fd, frame, len, 0, (struct sockaddr *)&sll, sizeof(sll)) < 0)
		return -errno;
	return 0;
}

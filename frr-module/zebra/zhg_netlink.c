// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * hostguard's rtnetlink sockets.
 */
#include "lib/zebra.h"

#include <linux/if_bridge.h>
#include <linux/if_link.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>

#include "lib/privs.h"
#include "zebra/zserv.h"

#include "zhg.h"
#include "zhg_netlink.h"
#include "zhg_snoop.h"

#define NL_BUF		  65536
#define NL_REQ_TIMEOUT_MS 1000

/* Kernel clock_t ticks in NDA_CACHEINFO are USER_HZ, 100 on Linux. */

extern struct zebra_privs_t zserv_privs;

static int nl_listen_fd = -1;
static int nl_req_fd = -1;
static uint32_t nl_req_seq;
static hg_event_t *nl_read_ev;

/* Initial state is read with dumps on the listening socket, in order. */
enum dump_stage { DUMP_LINK, DUMP_FDB, DUMP_NEIGH, DUMP_DONE };
static enum dump_stage dump_stage = DUMP_LINK;
static bool resync_pending;

static void dispatch(const struct nlmsghdr *h)
{
	const struct ndmsg *ndm;

	switch (h->nlmsg_type) {
	case RTM_NEWNEIGH:
	case RTM_DELNEIGH:
		ndm = NLMSG_DATA(h);
		if (h->nlmsg_len < NLMSG_LENGTH(sizeof(*ndm)))
			return;
		if (ndm->ndm_family == AF_BRIDGE) {
			struct zhg_fdb fdb;

			if (!zhg_nl_parse_fdb(h, &fdb)) {
				zhg_ka_fdb_event(&fdb, h->nlmsg_type == RTM_DELNEIGH);
				zhg_bindings_fdb_event(&fdb, h->nlmsg_type == RTM_DELNEIGH);
			}
		} else {
			struct zhg_neigh n;

			if (!zhg_nl_parse_neigh(h, &n)) {
				zhg_ka_neigh_event(&n, h->nlmsg_type == RTM_DELNEIGH);
				zhg_bindings_neigh_event(&n, h->nlmsg_type == RTM_DELNEIGH);
			}
		}
		break;
	case RTM_NEWLINK:
	case RTM_DELLINK: {
		struct zhg_link link;

		if (!zhg_nl_parse_link(h, &link) && link.is_bridge)
			zhg_ka_link_event(&link);
		zhg_snoop_ports_changed(); /* a port may have joined or left */
		break;
	}
	default:
		break;
	}
}

static int send_dump(int fd, uint16_t type, uint8_t family)
{
	struct {
		struct nlmsghdr h;
		union {
			struct ndmsg ndm;
			struct ifinfomsg ifi;
		};
	} req = {};

	req.h.nlmsg_len = type == RTM_GETLINK ? NLMSG_LENGTH(sizeof(req.ifi))
					      : NLMSG_LENGTH(sizeof(req.ndm));
	req.h.nlmsg_type = type;
	req.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	req.h.nlmsg_seq = ++nl_req_seq;
	if (type == RTM_GETLINK)
		req.ifi.ifi_family = family;
	else
		req.ndm.ndm_family = family;
	return send(fd, &req, req.h.nlmsg_len, 0) < 0 ? -errno : 0;
}

/* Neighbour dumps: AF_UNSPEC returns IPv4 and IPv6 in one dump. */
static void next_dump(void)
{
	switch (dump_stage) {
	case DUMP_LINK:
		dump_stage = DUMP_FDB;
		send_dump(nl_listen_fd, RTM_GETNEIGH, AF_BRIDGE);
		break;
	case DUMP_FDB:
		dump_stage = DUMP_NEIGH;
		send_dump(nl_listen_fd, RTM_GETNEIGH, AF_UNSPEC);
		break;
	case DUMP_NEIGH:
		dump_stage = DUMP_DONE;
		ZHG_DEBUG("kernel state read");
		if (resync_pending) {
			resync_pending = false;
			zhg_nl_resync();
		}
		break;
	case DUMP_DONE:
		break;
	}
}

static void nl_read(hg_event_t *ev)
{
	static char buf[NL_BUF];
	int64_t until = zhg_now_us() + ZHG_CALLBACK_BUDGET_US;

	while (zhg_now_us() < until) {
		ssize_t n = recv(nl_listen_fd, buf, sizeof(buf), MSG_DONTWAIT);
		struct nlmsghdr *h;
		int len;

		if (n < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				break;
			if (errno == ENOBUFS) {
				/* Events were lost: re-read the kernel state. */
				zhg_stats.netlink_errors++;
				zlog_warn("hostguard: netlink overrun, re-reading kernel state");
				dump_stage = DUMP_LINK;
				send_dump(nl_listen_fd, RTM_GETLINK, AF_UNSPEC);
				continue;
			}
			zhg_stats.netlink_errors++;
			break;
		}
		len = (int)n;
		for (h = (struct nlmsghdr *)buf; NLMSG_OK(h, (unsigned int)len);
		     h = NLMSG_NEXT(h, len)) {
			if (h->nlmsg_type == NLMSG_DONE) {
				next_dump();
				continue;
			}
			if (h->nlmsg_type == NLMSG_ERROR) {
				zhg_stats.netlink_errors++;
				continue;
			}
			dispatch(h);
		}
	}
	hg_add_read(zhg_master, nl_read, NULL, nl_listen_fd, &nl_read_ev);
}

/*
 * Send a request and wait for its answer on the request socket. Changes
 * need CAP_NET_ADMIN at send time: zebra holds it only inside
 * frr_with_privs.
 */
static int nl_request(struct nlmsghdr *req, void *answer, size_t answer_len)
{
	char buf[8192];
	uint32_t seq = ++nl_req_seq;
	struct pollfd pfd = { .fd = nl_req_fd, .events = POLLIN };

	ssize_t sent = -1;
	int err = 0;

	req->nlmsg_seq = seq;
	if (req->nlmsg_type == RTM_GETNEIGH || req->nlmsg_type == RTM_GETLINK) {
		sent = send(nl_req_fd, req, req->nlmsg_len, 0);
		err = errno;
	} else {
		frr_with_privs (&zserv_privs) {
			sent = send(nl_req_fd, req, req->nlmsg_len, 0);
			err = errno;
		}
	}
	if (sent < 0)
		return -err;
	for (;;) {
		struct nlmsghdr *h;
		ssize_t n;
		int len;

		if (poll(&pfd, 1, NL_REQ_TIMEOUT_MS) <= 0)
			return -ETIMEDOUT;
		n = recv(nl_req_fd, buf, sizeof(buf), 0);
		if (n < 0)
			return -errno;
		len = (int)n;
		for (h = (struct nlmsghdr *)buf; NLMSG_OK(h, (unsigned int)len);
		     h = NLMSG_NEXT(h, len)) {
			if (h->nlmsg_seq != seq)
				continue; /* late answer to a timed-out request */
			if (h->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = NLMSG_DATA(h);

				return e->error;
			}
			if (answer && h->nlmsg_len <= answer_len)
				memcpy(answer, h, h->nlmsg_len);
			return 0;
		}
	}
}

static void add_attr(struct nlmsghdr *h, size_t max, uint16_t type, const void *data, size_t len)
{
	struct rtattr *rta = (struct rtattr *)((char *)h + NLMSG_ALIGN(h->nlmsg_len));

	assert(NLMSG_ALIGN(h->nlmsg_len) + RTA_SPACE(len) <= max);
	rta->rta_type = type;
	rta->rta_len = (unsigned short)RTA_LENGTH(len);
	memcpy(RTA_DATA(rta), data, len);
	h->nlmsg_len = NLMSG_ALIGN(h->nlmsg_len) + RTA_SPACE(len);
}

int zhg_nl_fdb_get(ifindex_t bridge, const uint8_t *mac, uint16_t vid, struct zhg_fdb *out)
{
	struct {
		struct nlmsghdr h;
		struct ndmsg ndm;
		char attrs[64];
	} req = {};
	union {
		struct nlmsghdr h;
		char buf[1024];
	} ans;
	uint32_t master = (uint32_t)bridge;
	int ret;

	req.h.nlmsg_len = NLMSG_LENGTH(sizeof(req.ndm));
	req.h.nlmsg_type = RTM_GETNEIGH;
	req.h.nlmsg_flags = NLM_F_REQUEST;
	req.ndm.ndm_family = AF_BRIDGE;
	add_attr(&req.h, sizeof(req), NDA_LLADDR, mac, 6);
	add_attr(&req.h, sizeof(req), NDA_MASTER, &master, sizeof(master));
	if (vid)
		add_attr(&req.h, sizeof(req), NDA_VLAN, &vid, sizeof(vid));
	ret = nl_request(&req.h, &ans, sizeof(ans));
	if (ret)
		return ret;
	return zhg_nl_parse_fdb(&ans.h, out) ? -EINVAL : 0;
}

static int fdb_request(uint16_t type, uint16_t flags, uint8_t ntf, ifindex_t port, ifindex_t bridge,
		       const uint8_t *mac, uint16_t vid)
{
	struct {
		struct nlmsghdr h;
		struct ndmsg ndm;
		char attrs[64];
	} req = {};
	uint32_t master = (uint32_t)bridge;

	req.h.nlmsg_len = NLMSG_LENGTH(sizeof(req.ndm));
	req.h.nlmsg_type = type;
	req.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	req.ndm.ndm_family = AF_BRIDGE;
	req.ndm.ndm_ifindex = port;
	req.ndm.ndm_flags = ntf;
	if (type == RTM_NEWNEIGH)
		req.ndm.ndm_state = (ntf & NTF_SELF) ? NUD_PERMANENT : NUD_REACHABLE;
	add_attr(&req.h, sizeof(req), NDA_LLADDR, mac, 6);
	add_attr(&req.h, sizeof(req), NDA_MASTER, &master, sizeof(master));
	if (vid)
		add_attr(&req.h, sizeof(req), NDA_VLAN, &vid, sizeof(vid));
	return nl_request(&req.h, NULL, 0);
}

int zhg_nl_fdb_del(ifindex_t port, ifindex_t bridge, const uint8_t *mac, uint16_t vid)
{
	return fdb_request(RTM_DELNEIGH, 0, NTF_MASTER, port, bridge, mac, vid);
}

int zhg_nl_fdb_add_local(ifindex_t bridge, const uint8_t *mac, uint16_t vid)
{
	return fdb_request(RTM_NEWNEIGH, NLM_F_CREATE | NLM_F_REPLACE, NTF_SELF, bridge, bridge,
			   mac, vid);
}

int zhg_nl_fdb_refresh(ifindex_t port, ifindex_t bridge, const uint8_t *mac, uint16_t vid)
{
	return fdb_request(RTM_NEWNEIGH, NLM_F_REPLACE, NTF_MASTER | NTF_USE, port, bridge, mac,
			   vid);
}

int zhg_nl_vxlan_port(ifindex_t ifindex, struct zhg_vxlan_port *out)
{
	struct {
		struct nlmsghdr h;
		struct ifinfomsg ifi;
	} req = {};
	union {
		struct nlmsghdr h;
		char buf[8192];
	} ans;
	int ret;

	req.h.nlmsg_len = NLMSG_LENGTH(sizeof(req.ifi));
	req.h.nlmsg_type = RTM_GETLINK;
	req.h.nlmsg_flags = NLM_F_REQUEST;
	req.ifi.ifi_family = AF_UNSPEC;
	req.ifi.ifi_index = ifindex;
	ret = nl_request(&req.h, &ans, sizeof(ans));
	if (ret)
		return ret;
	return zhg_nl_parse_vxlan_port(&ans.h, out);
}

/* A neighbour-table request on one device, and room for its answer. */
struct nd_req {
	struct nlmsghdr h;
	struct ndmsg ndm;
	char attrs[64];
};

union nl_answer {
	struct nlmsghdr h;
	char buf[1024];
};

int zhg_nl_neigh_get(ifindex_t ifindex, const struct ipaddr *ip, struct zhg_neigh *out)
{
	bool v4 = IS_IPADDR_V4(ip);
	struct nd_req req = {
		.h = { .nlmsg_len = NLMSG_LENGTH(sizeof(struct ndmsg)),
		       .nlmsg_type = RTM_GETNEIGH,
		       .nlmsg_flags = NLM_F_REQUEST },
		.ndm = { .ndm_family = v4 ? AF_INET : AF_INET6, .ndm_ifindex = ifindex },
	};
	union nl_answer ans;
	int ret;

	add_attr(&req.h, sizeof(req), NDA_DST, &ip->ip.addr, v4 ? 4 : 16);
	ret = nl_request(&req.h, &ans, sizeof(ans));
	return ret ? ret : zhg_nl_parse_neigh(&ans.h, out) ? -EINVAL : 0;
}

static int neigh_request(uint16_t type, uint16_t flags, uint16_t state, ifindex_t ifindex,
			 const struct ipaddr *ip, const uint8_t *mac)
{
	struct {
		struct nlmsghdr h;
		struct ndmsg ndm;
		char attrs[64];
	} req = {};
	bool v4 = IS_IPADDR_V4(ip);

	req.h.nlmsg_len = NLMSG_LENGTH(sizeof(req.ndm));
	req.h.nlmsg_type = type;
	req.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	req.ndm.ndm_family = v4 ? AF_INET : AF_INET6;
	req.ndm.ndm_ifindex = ifindex;
	req.ndm.ndm_state = state;
	add_attr(&req.h, sizeof(req), NDA_DST, &ip->ip.addr, v4 ? 4 : 16);
	if (mac)
		add_attr(&req.h, sizeof(req), NDA_LLADDR, mac, 6);
	if (state == NUD_PERMANENT) {
		uint8_t proto = ZHG_NEIGH_PROTO;

		add_attr(&req.h, sizeof(req), NDA_PROTOCOL, &proto, sizeof(proto));
	}
	return nl_request(&req.h, NULL, 0);
}

int zhg_nl_neigh_del(ifindex_t ifindex, const struct ipaddr *ip)
{
	return neigh_request(RTM_DELNEIGH, 0, 0, ifindex, ip, NULL);
}

int zhg_nl_neigh_add(ifindex_t ifindex, const struct ipaddr *ip, const uint8_t *mac)
{
	return neigh_request(RTM_NEWNEIGH, NLM_F_CREATE | NLM_F_REPLACE, NUD_PERMANENT, ifindex, ip,
			     mac);
}

/*
 * Neither NLM_F_CREATE nor NLM_F_REPLACE: the kernel updates only an
 * existing entry, and leaves it alone if its lladdr is no longer mac.
 */
int zhg_nl_neigh_refresh(ifindex_t ifindex, const struct ipaddr *ip, const uint8_t *mac)
{
	return neigh_request(RTM_NEWNEIGH, 0, NUD_REACHABLE, ifindex, ip, mac);
}

static int nl_open(uint32_t groups)
{
	struct sockaddr_nl snl = { .nl_family = AF_NETLINK, .nl_groups = groups };
	int fd, rcvbuf = 4 * 1024 * 1024, one = 1;

	/* The kernel checks the opener's capabilities too, on every change. */
	frr_with_privs (&zserv_privs) {
		fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	}
	if (fd < 0)
		return -1;
	if (groups) {
		/* Large buffer: FDB dumps of 50k hosts arrive at once. */
		frr_with_privs (&zserv_privs) {
			if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf)) < 0)
				setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
		}
	}
	setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&snl, sizeof(snl)) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

void zhg_nl_resync(void)
{
	if (nl_listen_fd < 0)
		return;
	if (dump_stage != DUMP_DONE) {
		resync_pending = true;
		return;
	}
	dump_stage = DUMP_LINK; /* next_dump() moves on to the FDB */
	next_dump();
}

int zhg_nl_init(void)
{
	nl_listen_fd = nl_open(RTMGRP_NEIGH | RTMGRP_LINK);
	nl_req_fd = nl_open(0);
	if (nl_listen_fd < 0 || nl_req_fd < 0) {
		zlog_err("hostguard: cannot open netlink sockets: %s", safe_strerror(errno));
		zhg_nl_fini();
		return -1;
	}
	dump_stage = DUMP_LINK;
	send_dump(nl_listen_fd, RTM_GETLINK, AF_UNSPEC);
	hg_add_read(zhg_master, nl_read, NULL, nl_listen_fd, &nl_read_ev);
	return 0;
}

void zhg_nl_fini(void)
{
	hg_event_cancel(&nl_read_ev);
	if (nl_listen_fd >= 0)
		close(nl_listen_fd);
	if (nl_req_fd >= 0)
		close(nl_req_fd);
	nl_listen_fd = nl_req_fd = -1;
}

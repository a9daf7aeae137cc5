// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * hostguard's rtnetlink listener: events and dumps, published as hooks.
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
#include "zhg_nlreq.h"

#define NL_BUF 65536
/* A dump the kernel refused (one already running): try again this soon. */
#define NL_DUMP_RETRY_MS 100

DEFINE_HOOK(zhg_nl_fdb, (const struct zhg_fdb *fdb, bool deleted), (fdb, deleted));
DEFINE_HOOK(zhg_nl_neigh, (const struct zhg_neigh *n, bool deleted), (n, deleted));
DEFINE_HOOK(zhg_nl_link, (const struct zhg_link *link), (link));
DEFINE_HOOK(zhg_nl_addr, (ifindex_t ifindex), (ifindex));
DEFINE_HOOK(zhg_nl_synced, (enum zhg_nl_table table, uint32_t gen), (table, gen));

extern struct zebra_privs_t zserv_privs;

static int nl_listen_fd = -1;
static uint32_t nl_dump_seq;
static hg_event_t *dump_retry_ev;

/*
 * Dumps run one at a time on the listening socket, in the order link,
 * FDB, neighbours (a bridge is known before its entries). dump_plan holds
 * the tables still to read; a dump that saw an overrun or an interrupted
 * answer (NLM_F_DUMP_INTR) is read again before it counts as complete.
 */
#define TABLE_BIT(t) (1u << (t))
#define ALL_TABLES   (TABLE_BIT(ZHG_NL_LINK) | TABLE_BIT(ZHG_NL_FDB) | TABLE_BIT(ZHG_NL_NEIGH))
static int dumping = -1; /* table being dumped, -1: none */
static bool dump_lossy;
static uint32_t dump_plan;
static uint32_t gens[ZHG_NL_TABLES];

uint32_t zhg_nl_gen(enum zhg_nl_table table)
{
	return gens[table];
}

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

			if (!zhg_nl_parse_fdb(h, &fdb))
				hook_call(zhg_nl_fdb, &fdb, h->nlmsg_type == RTM_DELNEIGH);
		} else {
			struct zhg_neigh n;

			if (!zhg_nl_parse_neigh(h, &n))
				hook_call(zhg_nl_neigh, &n, h->nlmsg_type == RTM_DELNEIGH);
		}
		break;
	case RTM_NEWLINK:
	case RTM_DELLINK: {
		struct zhg_link link;

		/* A port leaving its bridge is not a device removal. */
		if (!zhg_nl_parse_link(h, &link) && !(link.brport && link.deleted))
			hook_call(zhg_nl_link, &link);
		break;
	}
	case RTM_NEWADDR:
	case RTM_DELADDR: {
		const struct ifaddrmsg *ifa = NLMSG_DATA(h);

		if (h->nlmsg_len >= NLMSG_LENGTH(sizeof(*ifa)))
			hook_call(zhg_nl_addr, (ifindex_t)ifa->ifa_index);
		break;
	}
	default:
		break;
	}
}

static int send_dump(enum zhg_nl_table t)
{
	uint8_t buf[ZHG_NL_MSG_MAX];
	struct nlmsghdr *h;

	if (t == ZHG_NL_LINK) {
		h = zhg_nl_msg_start(buf, RTM_GETLINK, NLM_F_DUMP, sizeof(struct ifinfomsg));
		((struct ifinfomsg *)NLMSG_DATA(h))->ifi_family = AF_UNSPEC;
	} else {
		/* AF_UNSPEC: IPv4 and IPv6 neighbours in one dump. */
		h = zhg_nl_msg_start(buf, RTM_GETNEIGH, NLM_F_DUMP, sizeof(struct ndmsg));
		((struct ndmsg *)NLMSG_DATA(h))->ndm_family = t == ZHG_NL_FDB ? AF_BRIDGE
									      : AF_UNSPEC;
	}
	h->nlmsg_seq = nl_dump_seq = nl_dump_seq + 1;
	return send(nl_listen_fd, h, h->nlmsg_len, 0) < 0 ? -errno : 0;
}

static void dump_next(void);

static void dump_retry(hg_event_t *ev)
{
	dump_next();
}

/* Start the next planned dump, unless one is running. */
static void dump_next(void)
{
	if (dumping >= 0 || nl_listen_fd < 0)
		return;
	for (int t = 0; t < ZHG_NL_TABLES; t++) {
		if (!(dump_plan & TABLE_BIT(t)))
			continue;
		gens[t]++;
		dumping = t;
		dump_lossy = false;
		if (send_dump(t)) {
			dumping = -1;
			zhg_stats.netlink_errors++;
			hg_timer_msec(zhg_master, dump_retry, NULL, NL_DUMP_RETRY_MS, &dump_retry_ev);
			return;
		}
		dump_plan &= ~TABLE_BIT(t);
		return;
	}
	ZHG_DEBUG("kernel state read");
}

static void dump_done(const struct nlmsghdr *h, int err)
{
	int t = dumping;

	dumping = -1;
	if (err || dump_lossy || (h->nlmsg_flags & NLM_F_DUMP_INTR)) {
		dump_plan |= TABLE_BIT(t); /* incomplete: read it again */
		if (err)
			hg_timer_msec(zhg_master, dump_retry, NULL, NL_DUMP_RETRY_MS,
				      &dump_retry_ev);
		else
			dump_next();
		return;
	}
	hook_call(zhg_nl_synced, t, gens[t]);
	dump_next();
}

/* The pending datagram's messages until the budget is spent; true when done. */
static bool reader_walk(struct zhg_nl_reader *rd, int64_t until)
{
	const struct nlmsghdr *h;

	while ((h = zhg_nl_next(rd->buf, rd->len, &rd->off))) {
		rd->msg(h);
		/* stopped by msg(): its state is gone */
		if (rd->fd < 0)
			return true;
		if (zhg_now_us() >= until)
			return false;
	}
	rd->len = 0;
	return true;
}

static void reader_run(hg_event_t *ev)
{
	struct zhg_nl_reader *rd = HG_EVENT_ARG(ev);
	int64_t until = zhg_now_us() + ZHG_CALLBACK_BUDGET_US;
	bool done = reader_walk(rd, until);

	while (done && rd->fd >= 0 && zhg_now_us() < until) {
		ssize_t n = recv(rd->fd, rd->buf, rd->size, MSG_DONTWAIT | MSG_TRUNC);

		if (n < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
				break;
			zhg_stats.netlink_errors++;
			if (errno != ENOBUFS)
				break;
			rd->overrun();
			continue;
		}
		if ((size_t)n > rd->size) {
			/* Never half a datagram: its sender learns it was lost. */
			zhg_stats.netlink_errors++;
			rd->truncated(rd->buf);
			continue;
		}
		rd->len = (size_t)n;
		rd->off = 0;
		done = reader_walk(rd, until);
	}
	if (rd->fd < 0)
		return;
	/* The socket is read again only once its last datagram is handled. */
	if (done)
		hg_add_read(zhg_master, reader_run, rd, rd->fd, &rd->ev);
	else
		hg_event_now(zhg_master, reader_run, rd, &rd->ev);
	if (rd->read_done)
		rd->read_done();
}

void zhg_nl_reader_start(struct zhg_nl_reader *rd, int fd, void *buf, size_t size)
{
	rd->fd = fd;
	rd->buf = buf;
	rd->size = size;
	rd->len = 0;
	rd->off = 0;
	hg_add_read(zhg_master, reader_run, rd, fd, &rd->ev);
}

void zhg_nl_reader_stop(struct zhg_nl_reader *rd)
{
	hg_event_cancel(&rd->ev);
	rd->fd = -1;
	rd->len = 0;
}

/* Events were lost: read everything again, then reconcile. */
static void listen_overrun(void)
{
	zlog_warn("hostguard: netlink overrun, reconciling with the kernel's tables");
	dump_plan = ALL_TABLES;
	if (dumping >= 0)
		dump_lossy = true;
	else
		dump_next();
}

static void listen_truncated(const struct nlmsghdr *h)
{
	listen_overrun();
}

static void listen_msg(const struct nlmsghdr *h)
{
	bool of_dump = dumping >= 0 && h->nlmsg_seq == nl_dump_seq;

	if (of_dump && (h->nlmsg_flags & NLM_F_DUMP_INTR))
		dump_lossy = true;
	if (h->nlmsg_type == NLMSG_DONE) {
		if (of_dump)
			dump_done(h, 0);
		return;
	}
	if (h->nlmsg_type == NLMSG_ERROR) {
		int err = zhg_nl_errno(h, -EIO);

		zhg_stats.netlink_errors++;
		if (of_dump)
			dump_done(h, err ? err : -EIO);
		return;
	}
	dispatch(h);
}

static char listen_buf[NL_BUF];
static struct zhg_nl_reader listen_reader = {
	.msg = listen_msg,
	.overrun = listen_overrun,
	.truncated = listen_truncated,
};

int zhg_nl_socket(uint32_t groups, int rcvbuf)
{
	struct sockaddr_nl snl = { .nl_family = AF_NETLINK, .nl_groups = groups };
	int fd, one = 1;

	/* The kernel checks the opener's capabilities too, on every change. */
	frr_with_privs (&zserv_privs) {
		fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, NETLINK_ROUTE);
	}
	if (fd < 0)
		return -1;
	/* Large buffer: dumps of 50k hosts arrive at once. */
	frr_with_privs (&zserv_privs) {
		if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf)) < 0)
			setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
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
	dump_plan |= TABLE_BIT(ZHG_NL_FDB) | TABLE_BIT(ZHG_NL_NEIGH);
	dump_next();
}

int zhg_nl_init(void)
{
	nl_listen_fd = zhg_nl_socket(RTMGRP_NEIGH | RTMGRP_LINK | RTMGRP_IPV4_IFADDR |
					     RTMGRP_IPV6_IFADDR,
				     4 * 1024 * 1024);
	if (nl_listen_fd < 0 || zhg_nlreq_init()) {
		zlog_err("hostguard: cannot open netlink sockets: %s", safe_strerror(errno));
		zhg_nl_fini();
		return -1;
	}
	dump_plan = ALL_TABLES;
	dump_next();
	zhg_nl_reader_start(&listen_reader, nl_listen_fd, listen_buf, sizeof(listen_buf));
	return 0;
}

void zhg_nl_fini(void)
{
	zhg_nl_reader_stop(&listen_reader);
	hg_event_cancel(&dump_retry_ev);
	zhg_nlreq_fini();
	if (nl_listen_fd >= 0)
		close(nl_listen_fd);
	nl_listen_fd = -1;
	dumping = -1;
}

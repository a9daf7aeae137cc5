// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Kernel requests without waiting (see zhg_nlreq.h).
 *
 * Why on zebra's main loop and not a pthread of the module's own (as
 * dplane_fpm_nl.c has): every consumer of an answer lives on the main
 * thread and reads zebra's tables, a netlink request to the kernel is
 * processed inside send() in microseconds (NL_BATCH_MAX of them per
 * send()), and what must never happen on the main thread is waiting for
 * the answer; a read event gives that without a second thread, queues
 * between threads or locks. Frames to hosts are another matter: their
 * delivery runs inside sendto() (zhg_tx.c).
 *
 * Requests are built with libmnl. Every request asks for an ACK
 * (NLM_F_ACK): a GET's answer arrives first and is parsed into the
 * request, then its ACK (or error) completes it, so a request completes
 * exactly once whatever it was. The kernel processes a socket's messages
 * in order, so the oldest request in flight is the first to time out.
 */
#include "lib/zebra.h"

#include <libmnl/libmnl.h>
#include <linux/if_bridge.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>

#include "lib/jhash.h"
#include "lib/memory.h"
#include "lib/privs.h"
#include "lib/typesafe.h"
#include "zebra/zserv.h"

#include "zhg.h"
#include "zhg_evpn.h"
#include "zhg_netlink.h"
#include "zhg_nlreq.h"
#include "common/hg_table.h"

DEFINE_MTYPE_STATIC(HOSTGUARD, HG_NL_REQ, "hostguard kernel request");

extern struct zebra_privs_t zserv_privs;

/* Requests in flight at most: their answers must fit the socket buffer. */
#define NL_WINDOW 256
#define NL_RCVBUF (4 * 1024 * 1024)
/*
 * One send(): a batch of queued requests, processed by the kernel inside
 * the call (a fdb get takes it about 7 us at 50k entries, 256 took 1.9 ms).
 */
#define NL_BATCH     16384
#define NL_BATCH_MAX 32
/* One datagram from the kernel: an answer, an ACK. */
#define NL_RXBUF 65536

enum answer_kind { ANS_NONE, ANS_FDB, ANS_NEIGH, ANS_LINK };

PREDECL_DLIST(nlq);
PREDECL_HASH(nlseq);

struct zhg_nl_req {
	struct nlq_item qitem;	 /* waiting, or in flight, in order */
	struct nlseq_item hitem; /* in flight: by sequence number */
	uint32_t seq;
	uint8_t kind;
	bool change; /* needs CAP_NET_ADMIN */
	bool answered;
	int64_t sent_ms;
	zhg_nl_done_fn done;
	void *arg;
	struct zhg_nl_req **ref;
	struct zhg_nl_key key;
	union {
		struct zhg_fdb fdb;
		struct zhg_neigh neigh;
		struct zhg_vxlan_port port;
	} ans;
	uint8_t msg[ZHG_NL_MSG_MAX];
};

DECLARE_DLIST(nlq, struct zhg_nl_req, qitem);

HG_DECLARE_INT_HASH(nlseq, struct zhg_nl_req, hitem, seq, 0x6e6c7271);

static int req_fd = -1;
static uint32_t req_seq;
static struct nlq_head waiting, inflight;
static struct nlseq_head by_seq;
static hg_event_t *flush_ev, *timeout_ev;

static void flush(hg_event_t *ev);

struct nlmsghdr *zhg_nl_msg_start(void *buf, uint16_t type, uint16_t flags, size_t hdr_len)
{
	struct nlmsghdr *h;

	memset(buf, 0, ZHG_NL_MSG_MAX);
	h = mnl_nlmsg_put_header(buf);
	h->nlmsg_type = type;
	h->nlmsg_flags = NLM_F_REQUEST | flags;
	mnl_nlmsg_put_extra_header(h, hdr_len);
	return h;
}

static const char *req_name(const struct zhg_nl_req *r)
{
	const struct nlmsghdr *h = (const struct nlmsghdr *)r->msg;

	switch (h->nlmsg_type) {
	case RTM_GETNEIGH:
		return r->kind == ANS_FDB ? "FDB get" : "neighbour get";
	case RTM_NEWNEIGH:
		return r->kind == ANS_FDB || ((const struct ndmsg *)NLMSG_DATA(h))->ndm_family ==
							AF_BRIDGE
			       ? "FDB change"
			       : "neighbour change";
	case RTM_DELNEIGH:
		return "delete";
	case RTM_GETLINK:
		return "link get";
	default:
		return "request";
	}
}

/* Complete r (already off every list) and free it. */
static void complete(struct zhg_nl_req *r, int err)
{
	struct zhg_nl_result res = {
		.err = err, .arg = r->arg, .key = &r->key, .sent_ms = r->sent_ms,
	};

	if (!err && r->kind != ANS_NONE && !r->answered)
		res.err = err = -EBADMSG;
	if (!err) {
		if (r->kind == ANS_FDB)
			res.fdb = &r->ans.fdb;
		else if (r->kind == ANS_NEIGH)
			res.neigh = &r->ans.neigh;
		else if (r->kind == ANS_LINK)
			res.port = &r->ans.port;
	}
	if (r->ref)
		*r->ref = NULL;
	if (r->done) {
		r->done(&res);
	} else if (err && err != -ENOENT && err != -EEXIST && err != -ENODEV) {
		zhg_stats.netlink_errors++;
		ZHG_DEBUG("kernel %s on %s: %s", req_name(r), zhg_ifname(r->key.ifindex),
			  safe_strerror(-err));
	}
	XFREE(MTYPE_HG_NL_REQ, r);
}

static void inflight_drop(struct zhg_nl_req *r)
{
	nlq_del(&inflight, r);
	nlseq_del(&by_seq, r);
}

/* Every request in flight fails with err (an overrun, a timeout). */
static void fail_inflight(int err, int64_t older_than_ms)
{
	struct zhg_nl_req *r;

	while ((r = nlq_first(&inflight)) && r->sent_ms <= older_than_ms) {
		inflight_drop(r);
		complete(r, err);
	}
}

static void timeout_check(hg_event_t *ev)
{
	int64_t now = zhg_now_ms();
	struct zhg_nl_req *r;

	if (nlq_first(&inflight) && nlq_first(&inflight)->sent_ms + ZHG_NL_TIMEOUT_MS <= now) {
		zlog_warn("hostguard: kernel requests unanswered for %d ms, taken as lost",
			  ZHG_NL_TIMEOUT_MS);
		fail_inflight(-ETIMEDOUT, now - ZHG_NL_TIMEOUT_MS);
	}
	r = nlq_first(&inflight);
	if (r)
		hg_timer_msec(zhg_master, timeout_check, NULL,
			      MAX(r->sent_ms + ZHG_NL_TIMEOUT_MS - now, 1), &timeout_ev);
	if (nlq_count(&waiting))
		hg_event_now(zhg_master, flush, NULL, &flush_ev);
}

static void submit_kick(void)
{
	if (!flush_ev)
		hg_event_now(zhg_master, flush, NULL, &flush_ev);
}

/* Send queued requests, as many as the window allows, in batches. */
static void flush(hg_event_t *ev)
{
	static uint8_t batch[NL_BATCH];
	int64_t until = zhg_now_us() + ZHG_CALLBACK_BUDGET_US;

	while (nlq_count(&waiting) && nlq_count(&inflight) < NL_WINDOW && zhg_now_us() < until) {
		struct zhg_nl_req *r, *sent[NL_BATCH_MAX];
		size_t len = 0, n = 0;
		bool change = false;
		int64_t now = zhg_now_ms();
		ssize_t ret = 0;
		int err = 0;

		while ((r = nlq_first(&waiting)) && nlq_count(&inflight) + n < NL_WINDOW &&
		       n < NL_BATCH_MAX) {
			struct nlmsghdr *h = (struct nlmsghdr *)r->msg;

			if (len + h->nlmsg_len > sizeof(batch))
				break;
			nlq_pop(&waiting);
			r->seq = ++req_seq;
			h->nlmsg_seq = r->seq;
			memcpy(batch + len, h, h->nlmsg_len);
			len += NLMSG_ALIGN(h->nlmsg_len);
			change |= r->change;
			sent[n++] = r;
		}
		/* Changes need CAP_NET_ADMIN when sent: zebra holds it only here. */
		if (change) {
			frr_with_privs (&zserv_privs) {
				ret = send(req_fd, batch, len, MSG_DONTWAIT);
				err = errno;
			}
		} else {
			ret = send(req_fd, batch, len, MSG_DONTWAIT);
			err = errno;
		}
		for (size_t i = 0; i < n; i++) {
			r = sent[i];
			r->sent_ms = now;
			if (ret < 0) {
				complete(r, -err);
				continue;
			}
			nlq_add_tail(&inflight, r);
			nlseq_add(&by_seq, r);
		}
		if (ret < 0)
			zlog_warn("hostguard: cannot send kernel requests: %s", safe_strerror(err));
	}
	if (nlq_first(&inflight) && !timeout_ev)
		hg_timer_msec(zhg_master, timeout_check, NULL, ZHG_NL_TIMEOUT_MS, &timeout_ev);
	/* Budget spent with room in the window: go on in a next callback. */
	if (nlq_count(&waiting) && nlq_count(&inflight) < NL_WINDOW)
		hg_event_now(zhg_master, flush, NULL, &flush_ev);
}

static struct zhg_nl_req *find_inflight(uint32_t seq)
{
	struct zhg_nl_req key = { .seq = seq };

	return nlseq_find(&by_seq, &key);
}

static void answer(struct zhg_nl_req *r, const struct nlmsghdr *h)
{
	int bad = -1;

	switch (r->kind) {
	case ANS_FDB:
		bad = zhg_nl_parse_fdb(h, &r->ans.fdb);
		break;
	case ANS_NEIGH:
		bad = zhg_nl_parse_neigh(h, &r->ans.neigh);
		break;
	case ANS_LINK:
		bad = zhg_nl_parse_vxlan_port(h, &r->ans.port);
		break;
	default:
		break;
	}
	r->answered = !bad;
}

/* Answers were lost: nothing in flight will complete. */
static void req_overrun(void)
{
	zlog_warn("hostguard: kernel request answers lost (socket overrun)");
	fail_inflight(-ENOBUFS, INT64_MAX);
}

static void req_truncated(const struct nlmsghdr *h)
{
	struct zhg_nl_req *r = find_inflight(h->nlmsg_seq);

	if (r) {
		inflight_drop(r);
		complete(r, -EMSGSIZE);
	}
}

static void req_msg(const struct nlmsghdr *h)
{
	struct zhg_nl_req *r = find_inflight(h->nlmsg_seq);

	if (!r)
		return; /* late answer to a request taken as lost */
	if (h->nlmsg_type == NLMSG_ERROR) {
		inflight_drop(r);
		complete(r, zhg_nl_errno(h, -EBADMSG));
	} else {
		answer(r, h);
	}
}

static void req_read_done(void)
{
	if (nlq_count(&waiting))
		submit_kick();
}

static uint8_t req_buf[NL_RXBUF];
static struct zhg_nl_reader req_reader = {
	.msg = req_msg,
	.overrun = req_overrun,
	.truncated = req_truncated,
	.read_done = req_read_done,
};

void zhg_nl_cancel(struct zhg_nl_req **ref)
{
	if (!ref || !*ref)
		return;
	(*ref)->done = NULL;
	(*ref)->ref = NULL;
	*ref = NULL;
}

size_t zhg_nl_pending(void)
{
	return nlq_count(&waiting) + nlq_count(&inflight);
}

/* A new request, or NULL (-EAGAIN, -ENOTCONN in *err). */
static struct zhg_nl_req *req_new(uint8_t kind, bool change, zhg_nl_done_fn done, void *arg,
				  struct zhg_nl_req **ref, int *err)
{
	struct zhg_nl_req *r;

	if (req_fd < 0) {
		*err = -ENOTCONN;
		return NULL;
	}
	if (nlq_count(&waiting) >= ZHG_NL_QUEUE_MAX) {
		zhg_stats.netlink_errors++;
		*err = -EAGAIN;
		return NULL;
	}
	r = XCALLOC(MTYPE_HG_NL_REQ, sizeof(*r));
	r->kind = kind;
	r->change = change;
	r->done = done;
	r->arg = arg;
	if (ref) {
		zhg_nl_cancel(ref);
		r->ref = ref;
		*ref = r;
	}
	*err = 0;
	return r;
}

static int req_queue(struct zhg_nl_req *r)
{
	nlq_add_tail(&waiting, r);
	submit_kick();
	return 0;
}

/* Neighbour-table message (FDB or ARP/ND) on one device. */
static struct nlmsghdr *nd_start(struct zhg_nl_req *r, uint16_t type, uint16_t flags, uint8_t family,
				 ifindex_t ifindex, uint16_t state, uint8_t ntf)
{
	struct nlmsghdr *h =
		zhg_nl_msg_start(r->msg, type, NLM_F_ACK | flags, sizeof(struct ndmsg));
	struct ndmsg *ndm = mnl_nlmsg_get_payload(h);

	ndm->ndm_family = family;
	ndm->ndm_ifindex = ifindex;
	ndm->ndm_state = state;
	ndm->ndm_flags = ntf;
	return h;
}

static int fdb_req(uint8_t kind, uint16_t type, uint16_t flags, uint16_t state, uint8_t ntf,
		   ifindex_t port, ifindex_t bridge, const uint8_t *mac, uint16_t vid,
		   zhg_nl_done_fn done, void *arg, struct zhg_nl_req **ref)
{
	int err;
	struct zhg_nl_req *r = req_new(kind, type != RTM_GETNEIGH, done, arg, ref, &err);
	struct nlmsghdr *h;

	if (!r)
		return err;
	r->key.ifindex = port;
	r->key.bridge = bridge;
	r->key.vid = vid;
	memcpy(r->key.mac, mac, ETH_ALEN);
	h = nd_start(r, type, flags, AF_BRIDGE, port, state, ntf);
	mnl_attr_put(h, NDA_LLADDR, ETH_ALEN, mac);
	mnl_attr_put_u32(h, NDA_MASTER, (uint32_t)bridge);
	if (vid)
		mnl_attr_put_u16(h, NDA_VLAN, vid);
	return req_queue(r);
}

int zhg_nl_fdb_get(ifindex_t bridge, const uint8_t *mac, uint16_t vid, zhg_nl_done_fn done,
		   void *arg, struct zhg_nl_req **ref)
{
	return fdb_req(ANS_FDB, RTM_GETNEIGH, 0, 0, 0, 0, bridge, mac, vid, done, arg, ref);
}

int zhg_nl_fdb_del(ifindex_t port, ifindex_t bridge, const uint8_t *mac, uint16_t vid,
		   zhg_nl_done_fn done, void *arg, struct zhg_nl_req **ref)
{
	return fdb_req(ANS_NONE, RTM_DELNEIGH, 0, 0, NTF_MASTER, port, bridge, mac, vid, done, arg,
		       ref);
}

int zhg_nl_fdb_add_local(ifindex_t bridge, const uint8_t *mac, uint16_t vid, zhg_nl_done_fn done,
			 void *arg, struct zhg_nl_req **ref)
{
	return fdb_req(ANS_NONE, RTM_NEWNEIGH, NLM_F_CREATE | NLM_F_REPLACE, NUD_PERMANENT,
		       NTF_SELF, bridge, bridge, mac, vid, done, arg, ref);
}

int zhg_nl_fdb_refresh(ifindex_t port, ifindex_t bridge, const uint8_t *mac, uint16_t vid,
		       zhg_nl_done_fn done, void *arg, struct zhg_nl_req **ref)
{
	return fdb_req(ANS_NONE, RTM_NEWNEIGH, NLM_F_REPLACE, NUD_REACHABLE, NTF_MASTER | NTF_USE,
		       port, bridge, mac, vid, done, arg, ref);
}

static int neigh_req(uint8_t kind, uint16_t type, uint16_t flags, uint16_t state,
		     ifindex_t ifindex, const struct ipaddr *ip, const uint8_t *mac,
		     zhg_nl_done_fn done, void *arg, struct zhg_nl_req **ref)
{
	bool v4 = IS_IPADDR_V4(ip);
	int err;
	struct zhg_nl_req *r = req_new(kind, type != RTM_GETNEIGH, done, arg, ref, &err);
	struct nlmsghdr *h;

	if (!r)
		return err;
	r->key.ifindex = ifindex;
	r->key.ip = *ip;
	if (mac)
		memcpy(r->key.mac, mac, ETH_ALEN);
	h = nd_start(r, type, flags, v4 ? AF_INET : AF_INET6, ifindex, state, 0);
	mnl_attr_put(h, NDA_DST, v4 ? 4 : 16, &ip->ip.addr);
	if (mac)
		mnl_attr_put(h, NDA_LLADDR, ETH_ALEN, mac);
	if (state == NUD_PERMANENT)
		mnl_attr_put_u8(h, NDA_PROTOCOL, ZHG_NEIGH_PROTO);
	return req_queue(r);
}

int zhg_nl_neigh_get(ifindex_t ifindex, const struct ipaddr *ip, zhg_nl_done_fn done, void *arg,
		     struct zhg_nl_req **ref)
{
	return neigh_req(ANS_NEIGH, RTM_GETNEIGH, 0, 0, ifindex, ip, NULL, done, arg, ref);
}

int zhg_nl_neigh_del(ifindex_t ifindex, const struct ipaddr *ip, zhg_nl_done_fn done, void *arg,
		     struct zhg_nl_req **ref)
{
	return neigh_req(ANS_NONE, RTM_DELNEIGH, 0, 0, ifindex, ip, NULL, done, arg, ref);
}

int zhg_nl_neigh_add(ifindex_t ifindex, const struct ipaddr *ip, const uint8_t *mac,
		     zhg_nl_done_fn done, void *arg, struct zhg_nl_req **ref)
{
	return neigh_req(ANS_NONE, RTM_NEWNEIGH, NLM_F_CREATE | NLM_F_REPLACE, NUD_PERMANENT,
			 ifindex, ip, mac, done, arg, ref);
}

int zhg_nl_neigh_refresh(ifindex_t ifindex, const struct ipaddr *ip, const uint8_t *mac,
			 zhg_nl_done_fn done, void *arg, struct zhg_nl_req **ref)
{
	return neigh_req(ANS_NONE, RTM_NEWNEIGH, 0, NUD_REACHABLE, ifindex, ip, mac, done, arg,
			 ref);
}

int zhg_nl_vxlan_port_get(ifindex_t ifindex, zhg_nl_done_fn done, void *arg,
			  struct zhg_nl_req **ref)
{
	int err;
	struct zhg_nl_req *r = req_new(ANS_LINK, false, done, arg, ref, &err);
	struct nlmsghdr *h;
	struct ifinfomsg *ifi;

	if (!r)
		return err;
	r->key.ifindex = ifindex;
	h = zhg_nl_msg_start(r->msg, RTM_GETLINK, NLM_F_ACK, sizeof(*ifi));
	ifi = mnl_nlmsg_get_payload(h);
	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = ifindex;
	return req_queue(r);
}

int zhg_nlreq_init(void)
{
	int one = 1;

	nlq_init(&waiting);
	nlq_init(&inflight);
	nlseq_init(&by_seq);
	req_fd = zhg_nl_socket(0, NL_RCVBUF);
	if (req_fd < 0)
		return -1;
	/* Errors without a copy of the request: smaller answers. */
	setsockopt(req_fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	zhg_nl_reader_start(&req_reader, req_fd, req_buf, sizeof(req_buf));
	return 0;
}

void zhg_nlreq_fini(void)
{
	struct zhg_nl_req *r;

	zhg_nl_reader_stop(&req_reader);
	hg_event_cancel(&flush_ev);
	hg_event_cancel(&timeout_ev);
	/* Shutting down: nobody to call back; owners' refs are cleared. */
	while ((r = nlq_pop(&waiting)) || (r = nlq_pop(&inflight))) {
		if (nlseq_find(&by_seq, r))
			nlseq_del(&by_seq, r);
		if (r->ref)
			*r->ref = NULL;
		XFREE(MTYPE_HG_NL_REQ, r);
	}
	nlq_fini(&waiting);
	nlq_fini(&inflight);
	nlseq_fini(&by_seq);
	if (req_fd >= 0)
		close(req_fd);
	req_fd = -1;
}

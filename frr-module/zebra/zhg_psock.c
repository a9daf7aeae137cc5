// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Capture sockets: AF_PACKET + BPF, opened with zebra's privileges.
 */
#include "lib/zebra.h"

#include <linux/if_ether.h>
#include <linux/if_packet.h>

#include "lib/privs.h"
#include "zebra/zserv.h"

#include "zhg_psock.h"

extern struct zebra_privs_t zserv_privs;

static int psock_open(ifindex_t ifindex, const struct sock_fprog *prog, int rcvbuf, bool outgoing)
{
	struct sockaddr_ll sll = {
		.sll_family = AF_PACKET,
		.sll_protocol = htons(ETH_P_ALL),
		.sll_ifindex = ifindex,
	};
	int one = 1, ignore_out = !outgoing, fd = -1, err = 0;

	frr_with_privs (&zserv_privs) {
		/* Protocol 0: nothing is queued before the filter is on. */
		fd = socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
		if (fd < 0) {
			err = -errno;
			break;
		}
		if (setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, prog, sizeof(*prog)) ||
		    setsockopt(fd, SOL_PACKET, PACKET_AUXDATA, &one, sizeof(one)) ||
		    setsockopt(fd, SOL_PACKET, PACKET_IGNORE_OUTGOING, &ignore_out,
			       sizeof(ignore_out)) ||
		    (rcvbuf > 0 &&
		     setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf)) &&
		     setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf))) ||
		    bind(fd, (struct sockaddr *)&sll, sizeof(sll)))
			err = -errno;
	}
	if (err) {
		if (fd >= 0)
			close(fd);
		return err;
	}
	return fd;
}

int zhg_psock_open(ifindex_t ifindex, const struct sock_fprog *prog, int rcvbuf)
{
	return psock_open(ifindex, prog, rcvbuf, false);
}

int zhg_psock_open_out(ifindex_t ifindex, const struct sock_fprog *prog, int rcvbuf)
{
	return psock_open(ifindex, prog, rcvbuf, true);
}

int zhg_psock_recv(int fd, uint8_t *buf, size_t buflen, struct zhg_frame *f)
{
	union {
		struct cmsghdr align;
		char buf[CMSG_SPACE(sizeof(struct tpacket_auxdata))];
	} ctl;
	struct sockaddr_ll sll;
	struct iovec iov = { .iov_base = buf, .iov_len = buflen };
	struct msghdr msg = {
		.msg_name = &sll,
		.msg_namelen = sizeof(sll),
		.msg_iov = &iov,
		.msg_iovlen = 1,
		.msg_control = &ctl,
		.msg_controllen = sizeof(ctl),
	};
	struct cmsghdr *c;
	ssize_t n;

	n = recvmsg(fd, &msg, MSG_TRUNC);
	if (n < 0)
		return (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) ? 0 : -errno;
	memset(f, 0, sizeof(*f));
	f->data = buf;
	f->orig_len = (size_t)n;
	f->len = MIN((size_t)n, buflen);
	f->ifindex = sll.sll_ifindex;
	f->pkttype = sll.sll_pkttype;
	for (c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
		struct tpacket_auxdata aux;

		if (c->cmsg_level != SOL_PACKET || c->cmsg_type != PACKET_AUXDATA ||
		    c->cmsg_len < CMSG_LEN(sizeof(aux)))
			continue;
		memcpy(&aux, CMSG_DATA(c), sizeof(aux));
		f->csum_not_ready = !!(aux.tp_status & TP_STATUS_CSUMNOTREADY);
		if (aux.tp_status & TP_STATUS_VLAN_VALID) {
			f->vlan_valid = true;
			f->vlan_tci = aux.tp_vlan_tci;
		}
	}
	return 1;
}

uint32_t zhg_psock_drops(int fd)
{
	struct tpacket_stats st = {};
	socklen_t len = sizeof(st);

	/* Reading the statistics also resets them. */
	if (getsockopt(fd, SOL_PACKET, PACKET_STATISTICS, &st, &len))
		return 0;
	return st.tp_drops;
}

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Frames to hosts (the keepalive's and the bindings' probes), sent from a
 * pthread of the module's own.
 *
 * sendto() on a packet socket runs the kernel's delivery of the frame in
 * the sender: on a veth port (a container) the receiving stack and its
 * answer too, milliseconds when the node is busy. zebra's main thread
 * only queues the frame here, as zebra hands its kernel and FPM I/O to
 * threads of their own; nothing here reads zebra's state.
 */
#include "lib/zebra.h"

#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <pthread.h>

#include "lib/frr_pthread.h"
#include "lib/frratomic.h"
#include "lib/privs.h"
#include "zebra/zserv.h"

#include "zhg.h"
#include "zhg_tx.h"

extern struct zebra_privs_t zserv_privs;

/* Frames queued at most: a second of the highest probe rate and more. */
#define TX_QUEUE 4096

struct tx_frame {
	ifindex_t port;
	uint16_t proto;
	uint16_t len;
	uint8_t dst[ETH_ALEN];
	uint8_t data[ZHG_TX_FRAME_MAX];
};

static int tx_fd = -1;
static struct frr_pthread *tx_pth;
static bool tx_pth_failed;
static hg_event_t *tx_start_ev;

static pthread_mutex_t queue_mtx = PTHREAD_MUTEX_INITIALIZER;
static struct tx_frame queue[TX_QUEUE]; /* a ring, under queue_mtx */
static unsigned int queue_head, queue_count;

static atomic_bool kick_pending;
static atomic_uint_fast64_t tx_errors;

static void frame_send(const struct tx_frame *f)
{
	struct sockaddr_ll sll = {
		.sll_family = AF_PACKET,
		.sll_ifindex = f->port,
		.sll_halen = ETH_ALEN,
		.sll_protocol = htons(f->proto),
	};

	memcpy(sll.sll_addr, f->dst, ETH_ALEN);
	if (sendto(tx_fd, f->data, f->len, 0, (struct sockaddr *)&sll, sizeof(sll)) < 0)
		atomic_fetch_add_explicit(&tx_errors, 1, memory_order_relaxed);
}

static bool queue_take(struct tx_frame *f)
{
	bool got = false;

	frr_with_mutex (&queue_mtx) {
		if (queue_count) {
			*f = queue[queue_head];
			queue_head = (queue_head + 1) % TX_QUEUE;
			queue_count--;
			got = true;
		}
	}
	return got;
}

/* The transmit thread: everything queued, in order. */
static void tx_run(hg_event_t *ev)
{
	struct tx_frame f;

	/* Cleared first: a frame queued from now on posts a new run. */
	atomic_store(&kick_pending, false);
	while (queue_take(&f))
		frame_send(&f);
}

/* Started from the event loop: zebra forks (daemon mode) after the modules' init. */
static bool tx_thread_up(void)
{
	if (tx_pth || tx_pth_failed)
		return tx_pth != NULL;
	tx_pth = frr_pthread_new(NULL, "hostguard transmit", "hg-tx");
	if (tx_pth && frr_pthread_run(tx_pth, NULL) == 0) {
		frr_pthread_wait_running(tx_pth);
		return true;
	}
	zlog_warn("hostguard: no transmit thread, probes sent from zebra's main thread");
	if (tx_pth)
		frr_pthread_destroy(tx_pth);
	tx_pth = NULL;
	tx_pth_failed = true;
	return false;
}

int zhg_tx_send(ifindex_t port, uint16_t proto, const uint8_t *dst_mac, const void *frame,
		size_t len)
{
	struct tx_frame f = { .port = port, .proto = proto, .len = (uint16_t)len };
	bool queued = false;

	if (len > ZHG_TX_FRAME_MAX)
		return -EMSGSIZE;
	memcpy(f.dst, dst_mac, ETH_ALEN);
	memcpy(f.data, frame, len);
	if (!tx_thread_up()) {
		frame_send(&f);
		return 0;
	}
	frr_with_mutex (&queue_mtx) {
		if (queue_count < TX_QUEUE) {
			queue[(queue_head + queue_count) % TX_QUEUE] = f;
			queue_count++;
			queued = true;
		}
	}
	if (!queued)
		return -ENOBUFS;
	if (!atomic_exchange(&kick_pending, true))
		hg_event_now(tx_pth->master, tx_run, NULL, NULL);
	return 0;
}

static void tx_start(hg_event_t *ev)
{
	tx_thread_up();
}

uint64_t zhg_tx_take_errors(void)
{
	return atomic_exchange(&tx_errors, 0);
}

int zhg_tx_init(void)
{
	frr_with_privs (&zserv_privs) {
		/* Protocol 0: send only, this socket receives nothing. */
		tx_fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);
	}
	if (tx_fd < 0) {
		zlog_err("hostguard: cannot open probe socket: %s", safe_strerror(errno));
		return -1;
	}
	hg_event_now(zhg_master, tx_start, NULL, &tx_start_ev);
	return 0;
}

void zhg_tx_fini(void)
{
	hg_event_cancel(&tx_start_ev);
	if (tx_pth) {
		frr_pthread_stop(tx_pth, NULL);
		frr_pthread_destroy(tx_pth);
		tx_pth = NULL;
	}
	tx_pth_failed = false;
	queue_head = queue_count = 0;
	atomic_store(&kick_pending, false);
	if (tx_fd >= 0)
		close(tx_fd);
	tx_fd = -1;
}

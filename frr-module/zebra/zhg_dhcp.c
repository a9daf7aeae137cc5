// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DHCP as a binding source.
 *
 * Server replies are read where they enter the bridge: on the bridge
 * device (outgoing: the node's own server, as Proxmox's SDN DHCP runs
 * dnsmasq on the VNet's bridge) and on access ports (incoming: a server
 * behind a port, trusted only when the operator names the port). Client
 * releases come in on the client's own port. A granted address goes
 * through the same claim as a snooped one (own addresses refused, limits,
 * a live holder verified before the address moves); its lease end is kept
 * here, one timer per lease.
 */
#include "lib/zebra.h"

#include <linux/if_packet.h>

#include "lib/jhash.h"
#include "lib/json.h"
#include "lib/memory.h"
#include "lib/prefix.h"
#include "lib/typesafe.h"

#include "common/hg_bpf.h"
#include "common/hg_dhcp.h"
#include "common/hg_rate.h"
#include "common/hg_table.h"
#include "zhg.h"
#include "zhg_bindings.h"
#include "zhg_dhcp.h"
#include "zhg_evpn.h"
#include "zhg_hosts.h"

DEFINE_MTYPE_STATIC(HOSTGUARD, HG_DHCP_BRIDGE, "hostguard DHCP bridge socket");
DEFINE_MTYPE_STATIC(HOSTGUARD, HG_DHCP_LEASE, "hostguard DHCP lease");

#define DHCP_RCVBUF	 (64 * 1024)
#define DHCP_SNAPLEN	 1536
#define DHCP_READ_BUDGET 64
#define DHCP_SYNC_DELAY_MS 200
#define DHCP_SYNC_MS	   10000
/* At most one log line per this period for rogue servers. */
#define ROGUE_LOG_GAP_MS 1000

struct zhg_dhcp_counters zhg_dhcp_stats;

/* One bridge's socket for the replies of a server on the node. */
PREDECL_HASH(zhg_dbr_hash);
struct zhg_dbr {
	struct zhg_dbr_hash_item item;
	ifindex_t ifindex;
	int fd;
	hg_event_t *read_ev;
	uint32_t sync_gen;
};

HG_DECLARE_INT_HASH(zhg_dbr_hash, struct zhg_dbr, item, ifindex, 0x64627267);

/* A lease in force: its binding leaves when it ends. */
PREDECL_RBTREE_UNIQ(zhg_lease_tree);
struct zhg_lease {
	struct zhg_lease_tree_item item;
	vni_t vni;
	struct ipaddr ip;
	uint8_t mac[ETH_ALEN];
	hg_event_t *end_ev;
};

HG_DECLARE_INT_IP_TREE(zhg_lease_tree, struct zhg_lease, item, vni, ip);

static struct zhg_dbr_hash_head dbrs;
static struct zhg_lease_tree_head leases;
static struct sock_filter server_code[HG_BPF_CAPTURE_LEN];
static struct sock_fprog server_prog = { .filter = server_code };
static struct hg_tbucket bucket;
static hg_event_t *sync_ev;
static uint32_t sync_gen;
static bool dhcp_on;

bool zhg_dhcp_wanted(void)
{
	return zhg_cfg.snoop && zhg_cfg.snoop_dhcp;
}

static void lease_free(struct zhg_lease *l)
{
	hg_event_cancel(&l->end_ev);
	zhg_lease_tree_del(&leases, l);
	XFREE(MTYPE_HG_DHCP_LEASE, l);
}

static void lease_end(hg_event_t *ev)
{
	struct zhg_lease *l = HG_EVENT_ARG(ev);

	zhg_dhcp_stats.expired++;
	ZHG_DEBUG("VNI %u: DHCP lease of %pIA (%pEA) ended", l->vni, &l->ip,
		  (struct ethaddr *)l->mac);
	zhg_bindings_release(l->vni, &l->ip, l->mac);
	lease_free(l);
}

static struct zhg_lease *lease_find(vni_t vni, const struct ipaddr *ip)
{
	struct zhg_lease key = { .vni = vni, .ip = *ip };

	return zhg_lease_tree_find(&leases, &key);
}

/* mac holds ip until lifetime_s from now (HG_DHCP_INFINITE: no end). */
static void lease_set(vni_t vni, const struct ipaddr *ip, const uint8_t *mac, uint32_t lifetime_s)
{
	struct zhg_lease *l = lease_find(vni, ip);

	if (!l) {
		l = XCALLOC(MTYPE_HG_DHCP_LEASE, sizeof(*l));
		l->vni = vni;
		l->ip = *ip;
		zhg_lease_tree_add(&leases, l);
	}
	memcpy(l->mac, mac, ETH_ALEN);
	hg_event_cancel(&l->end_ev);
	if (lifetime_s != HG_DHCP_INFINITE)
		hg_timer_msec(zhg_master, lease_end, l, (long)lifetime_s * 1000, &l->end_ev);
}

static void addr_of(const struct hg_dhcp_msg *m, uint32_t i, struct ipaddr *ip)
{
	memset(ip, 0, sizeof(*ip));
	if (m->family == AF_INET) {
		ip->ipa_type = IPADDR_V4;
		ip->ipaddr_v4 = m->addr[i].ip.v4;
	} else {
		ip->ipa_type = IPADDR_V6;
		ip->ipaddr_v6 = m->addr[i].ip.v6;
	}
}

/* mac gives ip up: the binding and the lease leave. */
static void give_up(vni_t vni, const struct ipaddr *ip, const uint8_t *mac)
{
	struct zhg_lease *l = lease_find(vni, ip);

	zhg_bindings_release(vni, ip, mac);
	if (l && !memcmp(l->mac, mac, ETH_ALEN))
		lease_free(l);
}

/* The client's port and VNI; false if it is not a tracked local host. */
static bool client_of(ifindex_t bridge, const uint8_t *mac, struct zhg_port_info *pi,
		      ifindex_t *port)
{
	struct zhg_host *h = zhg_host_find(bridge, 0, mac);

	if (!h) {
		zhg_dhcp_stats.untracked++;
		return false;
	}
	if (!zhg_evpn_port_info(h->port, 0, pi)) {
		if (pi->vlan_unmapped)
			zhg_dhcp_stats.vlan_unmapped++;
		return false;
	}
	*port = h->port;
	return !hg_uint_set_contains(&zhg_cfg.snoop_exclude_vni, pi->vni);
}

/* A trusted server granted (or took back) addresses. */
static void granted(ifindex_t bridge, const struct hg_dhcp_msg *m)
{
	struct zhg_port_info pi;
	ifindex_t port;

	if (!m->n || !client_of(bridge, m->client_mac, &pi, &port))
		return;
	for (uint32_t i = 0; i < m->n; i++) {
		struct hg_binding_claim c = { .kind = HG_BIND_DHCP, .family = m->family };
		struct ipaddr ip;

		addr_of(m, i, &ip);
		if (!m->addr[i].lifetime_s) {
			zhg_dhcp_stats.releases++;
			give_up(pi.vni, &ip, m->client_mac);
			continue;
		}
		memcpy(c.src_mac, m->client_mac, ETH_ALEN);
		memcpy(c.mac, m->client_mac, ETH_ALEN);
		if (m->family == AF_INET)
			c.ip.v4 = m->addr[i].ip.v4;
		else
			c.ip.v6 = m->addr[i].ip.v6;
		zhg_bindings_claim(&pi, port, &c);
		/* Refused (limit, own address) or under verification: no lease. */
		if (!zhg_bindings_holds(pi.vni, &ip, m->client_mac))
			continue;
		zhg_dhcp_stats.leases++;
		lease_set(pi.vni, &ip, m->client_mac, m->addr[i].lifetime_s);
		ZHG_DEBUG("VNI %u: DHCP lease %pIA for %pEA, %u s", pi.vni, &ip,
			  (struct ethaddr *)m->client_mac, m->addr[i].lifetime_s);
	}
}

/* A client released or declined addresses, on its own port. */
static void released(ifindex_t bridge, ifindex_t from, const struct hg_dhcp_msg *m)
{
	struct zhg_port_info pi;
	ifindex_t port;

	if (memcmp(m->src_mac, m->client_mac, ETH_ALEN) ||
	    !client_of(bridge, m->client_mac, &pi, &port))
		return;
	if (port != from) {
		zhg_dhcp_stats.port_mismatch++;
		return;
	}
	for (uint32_t i = 0; i < m->n; i++) {
		struct ipaddr ip;

		addr_of(m, i, &ip);
		zhg_dhcp_stats.releases++;
		give_up(pi.vni, &ip, m->client_mac);
	}
}

static bool parse(const struct zhg_frame *f, struct hg_dhcp_msg *m)
{
	enum hg_pkt_verdict v = hg_dhcp_parse(f->data, f->len, !f->csum_not_ready, m);

	if (v == HG_PKT_OK)
		return true;
	if (v != HG_PKT_NOT_ARP_ND)
		zhg_dhcp_stats.parse[v]++;
	return false;
}

/*
 * Is this frame DHCP at all? The capture passes only ARP, ICMPv6 and, with
 * DHCP snooping, DHCP over UDP: IPv4, or IPv6 with next header UDP.
 */
static bool is_dhcp(const struct zhg_frame *f)
{
	uint16_t type, vlan;
	size_t off;

	if (hg_pkt_l2(f->data, f->len, &off, &type, &vlan) != HG_PKT_OK)
		return false;
	if (type == 0x0800)
		return true;
	return type == 0x86dd && f->len > off + 6 && f->data[off + 6] == IPPROTO_UDP;
}

bool zhg_dhcp_frame(ifindex_t port, const struct zhg_frame *f)
{
	struct zhg_port_info pi;
	struct hg_dhcp_msg m;

	if (!dhcp_on || !is_dhcp(f))
		return false;
	if (!parse(f, &m))
		return true;
	if (!zhg_evpn_port_info(port, 0, &pi)) {
		if (pi.vlan_unmapped)
			zhg_dhcp_stats.vlan_unmapped++;
		return true;
	}
	if (m.kind == HG_DHCP_RELEASE) {
		released(pi.bridge, port, &m);
		return true;
	}
	if (!hg_name_set_contains(&zhg_cfg.dhcp_trusted_port, zhg_ifname(port))) {
		static int64_t logged_ms;
		int64_t now = zhg_now_ms();

		zhg_dhcp_stats.rogue++;
		if (now - logged_ms >= ROGUE_LOG_GAP_MS) {
			logged_ms = now;
			zlog_warn("hostguard: VNI %u: DHCP server reply from %pEA on untrusted port %s ignored",
				  pi.vni, (struct ethaddr *)m.src_mac, zhg_ifname(port));
		}
		return true;
	}
	granted(pi.bridge, &m);
	return true;
}

static void bridge_read(hg_event_t *ev)
{
	static uint8_t buf[DHCP_SNAPLEN];
	struct zhg_dbr *b = HG_EVENT_ARG(ev);
	int64_t now = zhg_now_ms();
	int budget = DHCP_READ_BUDGET;
	struct hg_dhcp_msg m;
	struct zhg_frame f;

	while (budget-- > 0 && zhg_psock_recv(b->fd, buf, sizeof(buf), &f) > 0) {
		if (f.pkttype != PACKET_OUTGOING)
			continue;
		/* A server on the node is trusted, not unbounded. */
		if (!hg_tbucket_take(&bucket, now, zhg_cfg.snoop_rate, zhg_cfg.snoop_rate / 5.0 + 5))
			continue;
		if (parse(&f, &m) && m.kind == HG_DHCP_LEASE)
			granted(b->ifindex, &m);
	}
	zhg_dhcp_stats.kernel_queue += zhg_psock_drops(b->fd);
	hg_add_read(zhg_master, bridge_read, b, b->fd, &b->read_ev);
}

static void bridge_close(struct zhg_dbr *b)
{
	hg_event_cancel(&b->read_ev);
	close(b->fd);
	zhg_dbr_hash_del(&dbrs, b);
	XFREE(MTYPE_HG_DHCP_BRIDGE, b);
}

static void bridge_found(const struct zhg_evpn_vni_info *v, void *arg)
{
	struct zhg_dbr key = { .ifindex = v->bridge }, *b;
	int fd;

	if (!v->bridge || hg_uint_set_contains(&zhg_cfg.snoop_exclude_vni, v->vni))
		return;
	b = zhg_dbr_hash_find(&dbrs, &key);
	if (b) {
		b->sync_gen = sync_gen;
		return;
	}
	fd = zhg_psock_open_out(v->bridge, &server_prog, DHCP_RCVBUF);
	if (fd < 0) {
		zlog_warn("hostguard: cannot read DHCP replies on %s: %s", zhg_ifname(v->bridge),
			  safe_strerror(-fd));
		return;
	}
	b = XCALLOC(MTYPE_HG_DHCP_BRIDGE, sizeof(*b));
	b->ifindex = v->bridge;
	b->fd = fd;
	b->sync_gen = sync_gen;
	zhg_dbr_hash_add(&dbrs, b);
	hg_add_read(zhg_master, bridge_read, b, fd, &b->read_ev);
	ZHG_DEBUG("DHCP: reading the replies of servers on %s", zhg_ifname(v->bridge));
}

static void dhcp_sync(hg_event_t *ev)
{
	struct zhg_dbr *b;

	sync_gen++;
	zhg_evpn_vni_walk(bridge_found, NULL);
	frr_each_safe (zhg_dbr_hash, &dbrs, b) {
		if (b->sync_gen != sync_gen)
			bridge_close(b);
	}
	hg_timer_msec(zhg_master, dhcp_sync, NULL, DHCP_SYNC_MS, &sync_ev);
}

void zhg_dhcp_ports_changed(void)
{
	if (!dhcp_on)
		return;
	if (sync_ev && hg_timer_remain_msec(sync_ev) <= DHCP_SYNC_DELAY_MS)
		return;
	hg_event_cancel(&sync_ev);
	hg_timer_msec(zhg_master, dhcp_sync, NULL, DHCP_SYNC_DELAY_MS, &sync_ev);
}

static void dhcp_start(void)
{
	server_prog.len = hg_bpf_dhcp_server_out(server_code, DHCP_SNAPLEN);
	bucket.at_ms = zhg_now_ms();
	dhcp_on = true;
	hg_timer_msec(zhg_master, dhcp_sync, NULL, 0, &sync_ev);
	zlog_info("hostguard: bindings from DHCP leases (trusted: the bridge itself%s%s)",
		  zhg_cfg.dhcp_trusted_port.n ? " and " : "",
		  zhg_cfg.dhcp_trusted_port.n ? "the ports named in dhcp-trusted-port" : "");
}

/* Leases already learned run out as they would. */
static void dhcp_stop(void)
{
	struct zhg_dbr *b;

	dhcp_on = false;
	hg_event_cancel(&sync_ev);
	while ((b = zhg_dbr_hash_first(&dbrs)))
		bridge_close(b);
}

/* snoop and snoop-dhcp changed at run time: start or stop reading leases. */
static int dhcp_reconfigure(const struct hg_arg_spec *spec)
{
	if (strcmp(spec->key, "snoop") && strcmp(spec->key, "snoop-dhcp"))
		return 0;
	if (zhg_dhcp_wanted() && !dhcp_on)
		dhcp_start();
	else if (!zhg_dhcp_wanted() && dhcp_on)
		dhcp_stop();
	return 0;
}

void zhg_dhcp_init(void)
{
	zhg_dbr_hash_init(&dbrs);
	zhg_lease_tree_init(&leases);
	hook_register(hg_reconfigure, dhcp_reconfigure);
	if (zhg_dhcp_wanted())
		dhcp_start();
}

void zhg_dhcp_fini(void)
{
	struct zhg_lease *l;

	dhcp_stop();
	while ((l = zhg_lease_tree_first(&leases)))
		lease_free(l);
	zhg_dbr_hash_fini(&dbrs);
	zhg_lease_tree_fini(&leases);
}

void zhg_dhcp_status_json(struct json_object *json)
{
	const struct zhg_dhcp_counters *c = &zhg_dhcp_stats;
	json_object *o = json_object_new_object();
	json_object *drops = json_object_new_object();

	json_object_boolean_add(o, "running", dhcp_on);
	json_object_int_add(o, "bridges", (int64_t)zhg_dbr_hash_count(&dbrs));
	json_object_int_add(o, "leasesInForce", (int64_t)zhg_lease_tree_count(&leases));
	json_object_int_add(o, "leases", (int64_t)c->leases);
	json_object_int_add(o, "releases", (int64_t)c->releases);
	json_object_int_add(o, "expired", (int64_t)c->expired);
	json_object_int_add(o, "rogue", (int64_t)c->rogue);
	json_object_int_add(drops, "untracked", (int64_t)c->untracked);
	json_object_int_add(drops, "portMismatch", (int64_t)c->port_mismatch);
	json_object_int_add(drops, "vlanUnmapped", (int64_t)c->vlan_unmapped);
	json_object_int_add(drops, "kernelQueue", (int64_t)c->kernel_queue);
	for (int i = HG_PKT_OK + 1; i < HG_PKT_VERDICT_MAX; i++)
		json_object_int_add(drops, hg_pkt_verdict_names[i], (int64_t)c->parse[i]);
	json_object_object_add(o, "drops", drops);
	json_object_object_add(json, "dhcp", o);
}

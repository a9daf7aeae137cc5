// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * "show hostguard gateway check": what an anycast gateway needs from each
 * EVPN VNI's kernel configuration, read from the kernel, with what is
 * missing and why it matters in an operator's words.
 */
#include "lib/zebra.h"

#include <linux/neighbour.h>

#include "lib/json.h"
#include "lib/prefix.h"

#include "common/hg_show.h"

#include "zhg.h"
#include "zhg_evpn.h"
#include "zhg_gateway.h"
#include "zhg_links.h"
#include "zhg_netlink.h"

enum check_state { CHECK_OK, CHECK_MISSING, CHECK_NA };

static const char *const state_names[] = {
	[CHECK_OK] = "ok",
	[CHECK_MISSING] = "missing",
	[CHECK_NA] = "notApplicable",
};

static void add(json_object *checks, const char *name, enum check_state st, const char *fmt, ...)
	PRINTFRR(4, 5);

static void add(json_object *checks, const char *name, enum check_state st, const char *fmt, ...)
{
	json_object *o = json_object_new_object();
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintfrr(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	json_object_string_add(o, "check", name);
	json_object_string_add(o, "state", state_names[st]);
	json_object_string_add(o, "detail", buf);
	json_object_array_add(checks, o);
}

/* One setting of the vxlan port: its check, the value it needs, why. */
struct port_check {
	const char *name;
	size_t offset; /* in struct zhg_vxlan_port */
	int want;
	const char *ok;
	const char *why;
	const char *fix_before, *fix_after; /* around the device's name */
};

static const struct port_check port_checks[] = {
	{ "vxlanNolearning", offsetof(struct zhg_vxlan_port, learning), 0, "nolearning",
	  "the vxlan device learns remote MACs from tunnelled traffic, outside EVPN: a frame from another node's gateway can put the anycast MAC behind that node",
	  "ip link set dev ", " type vxlan nolearning" },
	{ "portLearningOff", offsetof(struct zhg_vxlan_port, port_learning), 0,
	  "bridge port learning off",
	  "the bridge learns MACs on the vxlan port from tunnelled traffic: a remote node answering with the anycast MAC pulls the local gateway behind the tunnel",
	  "bridge link set dev ", " learning off" },
	{ "neighSuppress", offsetof(struct zhg_vxlan_port, neigh_suppress), 1,
	  "bridge port neigh_suppress on",
	  "a host's ARP or NS for its gateway is flooded to every VTEP and answered by every node; with neigh_suppress the local node answers and nothing crosses the fabric",
	  "bridge link set dev ", " neigh_suppress on" },
};

static void check_vxlan(json_object *checks, const struct zhg_evpn_vni_info *v)
{
	const char *vx = zhg_ifname(v->vxlan);
	const struct zhg_link *l = v->vxlan ? zhg_links_get(v->vxlan) : NULL;
	struct zhg_vxlan_port p;

	if (!l) {
		add(checks, "vxlanDevice", CHECK_MISSING, "the VNI has no vxlan device zebra knows");
		return;
	}
	p = l->vxport;
	for (size_t i = 0; i < array_size(port_checks); i++) {
		const struct port_check *c = &port_checks[i];
		int val = *(const int *)((const char *)&p + c->offset);

		if (val == c->want)
			add(checks, c->name, CHECK_OK, "%s: %s", vx, c->ok);
		else
			add(checks, c->name, CHECK_MISSING, "%s: %s. Run '%s%s%s'", vx, c->why,
			    c->fix_before, vx, c->fix_after);
	}
}

struct dev_walk {
	json_object *checks;
	const struct zhg_evpn_vni_info *v;
	uint32_t n_ip, n_vrr;
};

static void check_dev(const struct zhg_evpn_gw_dev *d, void *arg)
{
	struct dev_walk *w = arg;
	bool local;

	if (d->vni != w->v->vni)
		return;
	w->n_ip += d->n_ip;
	if (!d->vrr || !d->n_ip)
		return; /* the SVI's own MAC is always local to its bridge */
	w->n_vrr++;
	local = zhg_gw_mac_pinned(w->v->bridge, w->v->vid, d->mac);
	if (local)
		add(w->checks, "anycastMacLocal", CHECK_OK,
		    "%pEA (%s) is a local entry of bridge %s", (struct ethaddr *)d->mac,
		    zhg_ifname(d->dev), zhg_ifname(w->v->bridge));
	else
		add(w->checks, "anycastMacLocal", CHECK_MISSING,
		    "%pEA (%s) is not a local entry of bridge %s: the bridge can learn it on a port from a tenant's frame and send the gateway's traffic to that tenant. Run 'bridge fdb add %pEA dev %s self local'",
		    (struct ethaddr *)d->mac, zhg_ifname(d->dev), zhg_ifname(w->v->bridge),
		    (struct ethaddr *)d->mac, zhg_ifname(w->v->bridge));
}

static void check_svi(json_object *checks, const struct zhg_evpn_vni_info *v, uint32_t n_vrr)
{
	int ai = zhg_gw_svi_arp_ignore(v->svi);

	if (!n_vrr) {
		add(checks, "sviArpIgnore", CHECK_NA,
		    "no VRR device: the gateway MAC is %s's own MAC, only it answers",
		    zhg_ifname(v->svi));
		return;
	}
	if (ai >= 1)
		add(checks, "sviArpIgnore", CHECK_OK, "%s: arp_ignore=%d", zhg_ifname(v->svi), ai);
	else
		add(checks, "sviArpIgnore", CHECK_MISSING,
		    "%s answers ARP for the VRR's gateway IP with the node's own MAC, often first: hosts then keep a MAC only this node has and lose their gateway when they migrate. Set net.ipv4.conf.%s.arp_ignore=1",
		    zhg_ifname(v->svi), zhg_ifname(v->svi));
}

void zhg_gw_check_vni(const struct zhg_evpn_vni_info *v, json_object *vni)
{
	json_object *checks = json_object_new_array();
	struct dev_walk w = { .checks = checks, .v = v };
	uint32_t missing = 0;

	json_object_string_add(vni, "bridge", zhg_ifname(v->bridge));
	json_object_string_add(vni, "vxlan", zhg_ifname(v->vxlan));
	json_object_string_add(vni, "svi", v->svi ? zhg_ifname(v->svi) : "");
	check_vxlan(checks, v);
	if (!v->svi) {
		add(checks, "gateway", CHECK_NA, "no SVI: an L2-only VNI has no gateway to protect");
	} else {
		zhg_evpn_gw_walk(check_dev, &w);
		if (!w.n_ip)
			add(checks, "gateway", CHECK_NA,
			    "no address on %s or a VRR device: an L2-only VNI has no gateway to protect",
			    zhg_ifname(v->svi));
		else
			check_svi(checks, v, w.n_vrr);
	}
	if (v->advertise_svi || v->advertise_gw)
		add(checks, "gatewayAdvertised", CHECK_OK,
		    "%s: the gateway IP is advertised with this node's MAC; another VTEP with the same IP and another MAC is a conflict (bgpd: 'show hostguard gateway conflicts')",
		    v->advertise_gw ? "advertise-default-gw" : "advertise-svi-ip");
	add(checks, "gatewayGuard", zhg_cfg.gateway_guard ? CHECK_OK : CHECK_MISSING, "%s",
	    zhg_cfg.gateway_guard
		    ? "on: remote routes never replace the local gateway MACs and IPs in the kernel"
		    : "off (gateway-guard=off): a remote route for a gateway IP or anycast MAC is installed as zebra receives it");
	for (size_t i = 0; i < json_object_array_length(checks); i++) {
		json_object *st = hg_json_get(json_object_array_get_idx(checks, i), "state");

		if (!strcmp(json_object_get_string(st), state_names[CHECK_MISSING]))
			missing++;
	}
	json_object_int_add(vni, "missing", missing);
	json_object_object_add(vni, "checks", checks);
}

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

#include "zhg.h"
#include "zhg_evpn.h"
#include "zhg_gateway.h"
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

static void check_vxlan(json_object *checks, const struct zhg_evpn_vni_info *v)
{
	const char *vx = zhg_ifname(v->vxlan);
	struct zhg_vxlan_port p;

	if (!v->vxlan || zhg_nl_vxlan_port(v->vxlan, &p)) {
		add(checks, "vxlanDevice", CHECK_MISSING, "the VNI has no vxlan device zebra knows");
		return;
	}
	if (p.learning == 0)
		add(checks, "vxlanNolearning", CHECK_OK, "%s: nolearning", vx);
	else
		add(checks, "vxlanNolearning", CHECK_MISSING,
		    "%s learns remote MACs from tunnelled traffic, outside EVPN: a frame from another node's gateway can put the anycast MAC behind that node. Set 'nolearning' on %s",
		    vx, vx);
	if (p.port_learning == 0)
		add(checks, "portLearningOff", CHECK_OK, "bridge port %s: learning off", vx);
	else
		add(checks, "portLearningOff", CHECK_MISSING,
		    "the bridge learns MACs on %s from tunnelled traffic: a remote node answering with the anycast MAC pulls the local gateway behind the tunnel. Run 'bridge link set dev %s learning off'",
		    vx, vx);
	if (p.neigh_suppress == 1)
		add(checks, "neighSuppress", CHECK_OK, "bridge port %s: neigh_suppress on", vx);
	else
		add(checks, "neighSuppress", CHECK_MISSING,
		    "a host's ARP or NS for its gateway is flooded to every VTEP and answered by every node; with neigh_suppress the local node answers and nothing crosses the fabric. Run 'bridge link set dev %s neigh_suppress on'",
		    vx);
}

struct dev_walk {
	json_object *checks;
	const struct zhg_evpn_vni_info *v;
	uint32_t n_ip, n_vrr;
};

static void check_dev(const struct zhg_evpn_gw_dev *d, void *arg)
{
	struct dev_walk *w = arg;
	struct zhg_fdb f;
	bool local;

	if (d->vni != w->v->vni)
		return;
	w->n_ip += d->n_ip;
	if (!d->vrr || !d->n_ip)
		return; /* the SVI's own MAC is always local to its bridge */
	w->n_vrr++;
	local = !zhg_nl_fdb_get(w->v->bridge, d->mac, w->v->vid, &f) && f.port == w->v->bridge &&
		(f.state & NUD_PERMANENT);
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
		json_object *st = json_object_object_get(json_object_array_get_idx(checks, i),
							 "state");

		if (!strcmp(json_object_get_string(st), state_names[CHECK_MISSING]))
			missing++;
	}
	json_object_int_add(vni, "missing", missing);
	json_object_object_add(vni, "checks", checks);
}

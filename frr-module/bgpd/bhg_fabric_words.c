// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The fabric check's findings in an operator's words. Each finding says
 * what is wrong and what it breaks (problem), what to change (action) and
 * on which PE (change_on), naming remote PEs by VTEP IP, router-id and RD.
 */
#include "lib/zebra.h"

#include "lib/printfrr.h"

#include "bhg_fabric.h"
#include "bhg_fabric_words.h"

static const struct {
	const char *name, *title, *severity;
} kinds[BHG_F_KINDS] = {
	[BHG_F_IMPORT_RT] = { "importRtMismatch", "route targets do not match", "error" },
	[BHG_F_ROUTES_DROPPED] = { "routesNotImported", "routes not imported", "warning" },
	[BHG_F_EXPORT_RT] = { "exportRtNotImported", "routes of this PE not imported there",
			      "warning" },
	[BHG_F_VNI_MISMATCH] = { "vniMismatch", "another VNI imported into this one", "error" },
	[BHG_F_NO_REMOTE_VTEP] = { "noRemoteVtep", "no remote VTEP", "warning" },
	[BHG_F_GW_MAC] = { "gatewayMacDiffers", "gateway with another MAC", "error" },
};

const char *bhg_fabric_kind_name(enum bhg_fkind k)
{
	return k < BHG_F_KINDS ? kinds[k].name : "?";
}

const char *bhg_fabric_kind_title(enum bhg_fkind k)
{
	return k < BHG_F_KINDS ? kinds[k].title : "?";
}

const char *bhg_fabric_kind_severity(enum bhg_fkind k)
{
	return k < BHG_F_KINDS ? kinds[k].severity : "?";
}

const char *bhg_fabric_rts2str(const struct bhg_rts *rts, bool automatic, char *buf, size_t len)
{
	size_t n = 0;
	char one[64];

	buf[0] = '\0';
	for (int i = 0; i < rts->n && n < len; i++)
		n += snprintf(buf + n, len - n, "%s%s", i ? ", " : "",
			      bhg_evpn_rt2str(&rts->rt[i], one, sizeof(one)));
	if (!rts->n && n < len)
		n += snprintf(buf + n, len - n, "none");
	if (rts->more && n < len)
		n += snprintf(buf + n, len - n, ", ...");
	if (automatic && n < len)
		snprintf(buf + n, len - n, " (automatic)");
	return buf;
}

/* "VTEP 10.0.0.3 (router-id 10.0.0.3, RD 10.0.0.3:2)" */
static const char *pe_name(const struct bhg_finding *f, char *buf, size_t len)
{
	char rd[BHG_RD_STRLEN];

	snprintfrr(buf, len, "VTEP %pI4 (router-id %pI4, RD %s)", &f->vtep, &f->router_id,
		   bhg_rd2str(&f->rd, rd, sizeof(rd)));
	return buf;
}

#define RTS_LEN 160

static void words_import(struct bhg_finding *f, const struct bhg_fabric_vni *fv,
			 const char *pe)
{
	char theirs[RTS_LEN], ours[RTS_LEN], expect[RTS_LEN];

	bhg_fabric_rts2str(&f->their_rts, false, theirs, sizeof(theirs));
	bhg_fabric_rts2str(&f->our_rts, fv->v.import_auto, ours, sizeof(ours));
	bhg_fabric_rts2str(&f->our_rts, false, expect, sizeof(expect));
	if (f->kind == BHG_F_IMPORT_RT)
		snprintfrr(f->problem, sizeof(f->problem),
			   "%s advertises VNI %u with route target %s; this PE imports %s for VNI %u, so its type-3 route%s is dropped here: nothing of VNI %u is flooded to it and its hosts are unreachable from this PE.",
			   pe, f->vni, theirs, ours, f->vni,
			   f->type2_dropped ? " (and its type-2 routes)" : "", f->vni);
	else
		snprintfrr(f->problem, sizeof(f->problem),
			   "%s advertises %u type-2 routes of VNI %u with route target %s; this PE imports %s for VNI %u, so they are dropped here (its type-3 route is imported): those hosts are unreachable from this PE.",
			   pe, f->type2_dropped, f->vni, theirs, ours, f->vni);
	if (f->change_here) {
		snprintfrr(f->action, sizeof(f->action),
			   "Every other PE with VNI %u uses %s: give VNI %u on this PE the same route target (under `vni %u` in `address-family l2vpn evpn`: `route-target import %s` and `route-target export %s`, or no route-target lines if the others use the automatic one).",
			   f->vni, theirs, f->vni, f->vni, theirs, theirs);
		strlcpy(f->change_on, "this PE", sizeof(f->change_on));
		return;
	}
	snprintfrr(f->action, sizeof(f->action),
		   "On %pI4, give VNI %u the route target %s (under `vni %u` in `address-family l2vpn evpn`: `route-target import %s` and `route-target export %s`, or no route-target lines for the automatic one); or, if %s is right, add `route-target import %s` under `vni %u` on this PE.",
		   &f->vtep, f->vni, expect, f->vni, expect, expect, theirs, theirs, f->vni);
	snprintfrr(f->change_on, sizeof(f->change_on), "%pI4", &f->vtep);
}

static void words_export(struct bhg_finding *f, const struct bhg_fabric_vni *fv, const char *pe)
{
	char theirs[RTS_LEN], ours[RTS_LEN], plain[RTS_LEN];

	bhg_fabric_rts2str(&f->their_rts, false, theirs, sizeof(theirs));
	bhg_fabric_rts2str(&f->our_rts, fv->v.export_auto, ours, sizeof(ours));
	bhg_fabric_rts2str(&f->our_rts, false, plain, sizeof(plain));
	snprintfrr(f->problem, sizeof(f->problem),
		   "This PE exports VNI %u with route target %s; %s advertises VNI %u with %s only, so it most likely imports only that (judged from its type-3 route): this PE's routes are dropped there and its hosts cannot reach hosts behind this PE.",
		   f->vni, ours, pe, f->vni, theirs);
	if (f->change_here) {
		snprintfrr(f->action, sizeof(f->action),
			   "Every other PE with VNI %u uses %s: export that on this PE (`route-target export %s` under `vni %u` in `address-family l2vpn evpn`).",
			   f->vni, theirs, theirs, f->vni);
		strlcpy(f->change_on, "this PE", sizeof(f->change_on));
		return;
	}
	snprintfrr(f->action, sizeof(f->action),
		   "On %pI4, add `route-target import %s` under `vni %u` in `address-family l2vpn evpn`, or use one route target for VNI %u on every PE.",
		   &f->vtep, plain, f->vni, f->vni);
	snprintfrr(f->change_on, sizeof(f->change_on), "%pI4", &f->vtep);
}

static void words_vni(struct bhg_finding *f, const char *pe)
{
	char theirs[RTS_LEN];

	bhg_fabric_rts2str(&f->their_rts, false, theirs, sizeof(theirs));
	snprintfrr(f->problem, sizeof(f->problem),
		   "%s advertises VNI %u with route target %s, which this PE imports into VNI %u: the two PEs carry one segment on different VNIs, so the traffic this PE sends it with VNI %u is dropped there or lands in another segment.",
		   pe, f->their_vni, theirs, f->vni, f->vni);
	snprintfrr(f->action, sizeof(f->action),
		   "Use one VNI per segment on every PE: on %pI4, carry this segment as VNI %u (the VXLAN device's id; Proxmox: the VNet's tag), or give its VNI %u a route target that this PE does not import into VNI %u.",
		   &f->vtep, f->vni, f->their_vni, f->vni);
	snprintfrr(f->change_on, sizeof(f->change_on), "%pI4", &f->vtep);
}

static void words_no_vtep(struct bhg_finding *f, const struct bhg_fabric_vni *fv,
			  const char *hints)
{
	snprintfrr(f->problem, sizeof(f->problem),
		   "VNI %u has no remote VTEP although EVPN sessions are up: its broadcast and unknown traffic stays on this PE and no host behind another PE is reachable in VNI %u.",
		   f->vni, f->vni);
	if (fv->rt_mismatch) {
		snprintfrr(f->action, sizeof(f->action),
			   "Other PEs advertise VNI %u with route targets this PE does not import: change the route targets named in this VNI's other findings.",
			   f->vni);
		strlcpy(f->change_on, "the PEs named above", sizeof(f->change_on));
		return;
	}
	if (hints && *hints)
		snprintfrr(f->action, sizeof(f->action),
			   "No other PE advertises VNI %u. Other PEs advertise VNIs this PE does not have: %s; if one of them is this segment, its VNI is mistyped on one side (Proxmox: the VNet's tag). Otherwise configure VNI %u on the PEs that should carry it, or remove it here if it is meant to stay on this PE.",
			   f->vni, hints, f->vni);
	else
		snprintfrr(f->action, sizeof(f->action),
			   "No other PE advertises VNI %u: configure it (a VXLAN device with id %u in the segment's bridge) on the PEs that should carry this segment, or remove it here if it is meant to stay on this PE.",
			   f->vni, f->vni);
	strlcpy(f->change_on, "other PEs", sizeof(f->change_on));
}

static void words_gw_mac(struct bhg_finding *f, const char *pe)
{
	snprintfrr(f->problem, sizeof(f->problem),
		   "%s advertises the gateway %pIA of VNI %u with MAC %pEA%s; this PE's gateway has MAC %pEA: a host keeps the gateway MAC it resolved at one PE and loses its gateway when it moves to the other, and the two gateway routes compete.",
		   pe, &f->ip, f->vni, &f->their_mac,
		   f->their_default_gw ? " (as default gateway)" : "", &f->our_mac);
	if (f->change_here) {
		snprintfrr(f->action, sizeof(f->action),
			   "The other PEs that advertise this gateway all use %pEA: give the gateway of VNI %u on this PE that MAC (the VNet bridge's or VRR device's `hwaddress`; Proxmox: the EVPN zone's MAC).",
			   &f->their_mac, f->vni);
		strlcpy(f->change_on, "this PE", sizeof(f->change_on));
		return;
	}
	snprintfrr(f->action, sizeof(f->action),
		   "On %pI4, give the gateway of VNI %u the anycast MAC %pEA (the VNet bridge's or VRR device's `hwaddress`; Proxmox: the EVPN zone's MAC).",
		   &f->vtep, f->vni, &f->our_mac);
	snprintfrr(f->change_on, sizeof(f->change_on), "%pI4", &f->vtep);
}

void bhg_fabric_words(struct bhg_finding *f, const struct bhg_fabric_vni *fv, const char *hints)
{
	char pe[128];

	if (f->has_pe)
		pe_name(f, pe, sizeof(pe));
	switch (f->kind) {
	case BHG_F_IMPORT_RT:
	case BHG_F_ROUTES_DROPPED:
		words_import(f, fv, pe);
		break;
	case BHG_F_EXPORT_RT:
		words_export(f, fv, pe);
		break;
	case BHG_F_VNI_MISMATCH:
		words_vni(f, pe);
		break;
	case BHG_F_NO_REMOTE_VTEP:
		words_no_vtep(f, fv, hints);
		break;
	case BHG_F_GW_MAC:
		words_gw_mac(f, pe);
		break;
	case BHG_F_KINDS:
		break;
	}
}

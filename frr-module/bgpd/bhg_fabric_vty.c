// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * show hostguard fabric check [vni N] [json]: built as JSON, printed as a
 * table of VNIs and one paragraph per finding.
 */
#include "lib/zebra.h"

#include "lib/command.h"
#include "lib/json.h"
#include "lib/vty.h"

#include "common/hg_show.h"

#include "bhg.h"
#include "bhg_fabric.h"

#include "bgpd/bhg_fabric_vty_clippy.c"

/* Text paragraphs are wrapped to this width. */
#define BHG_TEXT_WIDTH 78

static json_object *rts_json(const struct bhg_rts *rts)
{
	json_object *a = json_object_new_array();
	char buf[64];

	for (int i = 0; i < rts->n; i++)
		json_object_array_add(a, json_object_new_string(
						 bhg_evpn_rt2str(&rts->rt[i], buf, sizeof(buf))));
	return a;
}

static json_object *vni_json(const struct bhg_fabric_vni *fv)
{
	json_object *o = json_object_new_object();
	json_object *ips = json_object_new_array();
	json_object *macs = json_object_new_array();
	char rd[BHG_RD_STRLEN];

	json_object_int_add(o, "vni", fv->v.vni);
	json_object_string_add(o, "rd", bhg_rd2str(&fv->v.rd, rd, sizeof(rd)));
	json_object_string_addf(o, "vtep", "%pI4", &fv->v.vtep);
	json_object_object_add(o, "importRts", rts_json(&fv->v.import_rts));
	json_object_boolean_add(o, "importRtsAuto", fv->v.import_auto);
	json_object_object_add(o, "exportRts", rts_json(&fv->v.export_rts));
	json_object_boolean_add(o, "exportRtsAuto", fv->v.export_auto);
	json_object_int_add(o, "remoteVteps", fv->remote_vteps);
	for (int i = 0; i < fv->gw.n_ip; i++)
		json_object_array_add(ips, json_object_new_stringf("%pIA", &fv->gw.ip[i]));
	for (int i = 0; i < fv->gw.n_mac; i++)
		json_object_array_add(macs, json_object_new_stringf("%pEA", &fv->gw.mac[i]));
	json_object_object_add(o, "gatewayIps", ips);
	json_object_object_add(o, "gatewayMacs", macs);
	json_object_boolean_add(o, "gatewayAdvertised", fv->gw_advertised);
	json_object_int_add(o, "numFindings", fv->findings);
	return o;
}

static json_object *finding_json(const struct bhg_finding *f)
{
	json_object *o = json_object_new_object();
	char rd[BHG_RD_STRLEN];

	json_object_string_add(o, "kind", bhg_fabric_kind_name(f->kind));
	json_object_string_add(o, "severity", bhg_fabric_kind_severity(f->kind));
	json_object_int_add(o, "vni", f->vni);
	if (f->has_pe) {
		json_object_string_addf(o, "vtep", "%pI4", &f->vtep);
		json_object_string_addf(o, "routerId", "%pI4", &f->router_id);
		json_object_string_add(o, "rd", bhg_rd2str(&f->rd, rd, sizeof(rd)));
	}
	switch (f->kind) {
	case BHG_F_IMPORT_RT:
	case BHG_F_ROUTES_DROPPED:
	case BHG_F_EXPORT_RT:
	case BHG_F_VNI_MISMATCH:
		json_object_object_add(o, "theirRts", rts_json(&f->their_rts));
		json_object_object_add(o, "expectedRts", rts_json(&f->our_rts));
		if (f->kind == BHG_F_VNI_MISMATCH)
			json_object_int_add(o, "theirVni", f->their_vni);
		if (f->kind == BHG_F_IMPORT_RT || f->kind == BHG_F_ROUTES_DROPPED) {
			json_object_int_add(o, "type3NotImported", f->type3_dropped);
			json_object_int_add(o, "type2NotImported", f->type2_dropped);
		}
		break;
	case BHG_F_GW_MAC:
		json_object_string_addf(o, "gatewayIp", "%pIA", &f->ip);
		json_object_string_addf(o, "theirMac", "%pEA", &f->their_mac);
		json_object_string_addf(o, "ourMac", "%pEA", &f->our_mac);
		json_object_boolean_add(o, "theirDefaultGw", f->their_default_gw);
		break;
	case BHG_F_NO_REMOTE_VTEP:
	case BHG_F_KINDS:
		break;
	}
	json_object_string_add(o, "problem", f->problem);
	json_object_string_add(o, "action", f->action);
	json_object_string_add(o, "changeOn", f->change_on);
	return o;
}

/* text wrapped at BHG_TEXT_WIDTH, the first line after head, the rest indented */
static void paragraph(struct vty *vty, const char *indent, const char *head, const char *text)
{
	size_t col = strlen(indent) + strlen(head);
	const char *p = text;

	vty_out(vty, "%s%s", indent, head);
	while (*p) {
		size_t w = strcspn(p, " ");

		if (col + w + 1 > BHG_TEXT_WIDTH && col > strlen(indent) + strlen(head)) {
			vty_out(vty, "\n%s    ", indent);
			col = strlen(indent) + 4;
		} else if (p != text) {
			vty_out(vty, " ");
			col++;
		}
		vty_out(vty, "%.*s", (int)w, p);
		col += w;
		p += w;
		while (*p == ' ')
			p++;
	}
	vty_out(vty, "\n");
}

static const struct hg_col vni_cols[] = {
	{ "vni", "VNI" },
	{ "rd", "RD" },
	{ "importRts", "Import RTs" },
	{ "exportRts", "Export RTs" },
	{ "remoteVteps", "Remote VTEPs" },
	{ "numFindings", "Findings" },
};

static void text(struct vty *vty, const struct bhg_fabric_report *rep, vni_t only)
{
	json_object *rows = json_object_new_array();
	size_t nvni, nf = 0;
	char buf[160];

	/* The table's RT columns as text, not JSON arrays. */
	for (size_t i = 0; i < rep->n_vnis; i++) {
		const struct bhg_fabric_vni *fv = &rep->vnis[i];
		json_object *row;

		if (only && fv->v.vni != only)
			continue;
		row = vni_json(fv);
		json_object_object_add(row, "importRts",
				       json_object_new_string(bhg_fabric_rts2str(
					       &fv->v.import_rts, fv->v.import_auto, buf,
					       sizeof(buf))));
		json_object_object_add(row, "exportRts",
				       json_object_new_string(bhg_fabric_rts2str(
					       &fv->v.export_rts, false, buf, sizeof(buf))));
		json_object_array_add(rows, row);
	}
	nvni = json_object_array_length(rows);
	hg_show_table(vty, "", vni_cols, array_size(vni_cols), rows);
	json_object_free(rows);
	for (size_t i = 0; i < rep->n_findings; i++) {
		const struct bhg_finding *f = &rep->findings[i];

		if (only && f->vni != only)
			continue;
		nf++;
		vty_out(vty, "\nVNI %u: %s (%s)\n", f->vni, bhg_fabric_kind_title(f->kind),
			bhg_fabric_kind_severity(f->kind));
		paragraph(vty, "  ", "Problem: ", f->problem);
		snprintf(buf, sizeof(buf), "Change on %s: ", f->change_on);
		paragraph(vty, "  ", buf, f->action);
	}
	vty_out(vty, "\n%zu finding%s in %zu VNI%s; %" PRId64 " EVPN session%s established\n", nf,
		nf == 1 ? "" : "s", nvni, nvni == 1 ? "" : "s", rep->peers_established,
		rep->peers_established == 1 ? "" : "s");
	if (rep->not_tracked)
		vty_out(vty, "%u remote VTEP/VNI pairs or findings over the check's limits not shown\n",
			rep->not_tracked);
}

DEFPY(show_hostguard_fabric_check, show_hostguard_fabric_check_cmd,
      "show hostguard fabric check [vni (1-16777215)$vni] [json]$uj",
      SHOW_STR
      "hostguard EVPN host protection\n"
      "The EVPN fabric as this PE sees it\n"
      "What keeps each local VNI from working, and what to change where\n"
      "One VNI\n"
      "VNI number\n"
      JSON_STR)
{
	struct bhg_fabric_report *rep = bhg_fabric_check_now();
	json_object *json = json_object_new_object();
	json_object *vnis = json_object_new_array();
	json_object *findings = json_object_new_array();

	for (size_t i = 0; i < rep->n_vnis; i++)
		if (!vni || rep->vnis[i].v.vni == (vni_t)vni)
			json_object_array_add(vnis, vni_json(&rep->vnis[i]));
	for (size_t i = 0; i < rep->n_findings; i++)
		if (!vni || rep->findings[i].vni == (vni_t)vni)
			json_object_array_add(findings, finding_json(&rep->findings[i]));
	json_object_int_add(json, "evpnPeersEstablished", rep->peers_established);
	json_object_int_add(json, "numVnis", json_object_array_length(vnis));
	json_object_int_add(json, "numFindings", json_object_array_length(findings));
	json_object_int_add(json, "notTracked", rep->not_tracked);
	json_object_int_add(json, "notLogged", (int64_t)bhg_fabric_watch_not_logged());
	json_object_boolean_add(json, "watch", bhg_cfg.fabric_check);
	json_object_object_add(json, "vnis", vnis);
	json_object_object_add(json, "findings", findings);
	if (uj) {
		vty_json(vty, json);
	} else {
		text(vty, rep, (vni_t)vni);
		json_object_free(json);
	}
	bhg_fabric_report_free(&rep);
	return CMD_SUCCESS;
}

void bhg_fabric_vty_init(void)
{
	install_element(VIEW_NODE, &show_hostguard_fabric_check_cmd);
}

# SPDX-License-Identifier: GPL-2.0-or-later
"""
Fabric check (bgpd): `show hostguard fabric check` on pe1 and pe3; pe2 runs
stock FRR, the control. pe3 runs with fabric-check=off: its command works,
it logs nothing.

1. A consistent fabric: the check reports nothing and logs nothing.
2. pe2's VNI 100 gets another route target (explicit `route-target
   import/export` under `vni 100`): pe1 and pe3 name pe2, the route target
   it uses and the one expected, and log it once; stock pe2 imports nothing
   of the others, although it receives their routes, and says nothing.
   Once pe2 is set right, the finding clears and that is logged once.
3. The users' case: pe2 types the route target with another AS
   (65001:100). pe1 and pe3 still import pe2's routes (automatic route
   targets match any AS), but pe2 imports none of theirs: their checks
   name pe2 as not importing what they export.
4. pe3 carries the segment as VNI 101 with VNI 100's route target: pe1
   names pe3 and its VNI.
5. A VNI configured on pe1 only: pe1 reports it as having no remote VTEP.
"""
import os
import re
import sys
import time

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from hostguard_fabric import (  # noqa: E402
    VNI,
    VTEP,
    add_vnet,
    daemon_log,
    evpn_json,
    hgctl,
    remote_vteps,
    setup_fabric,
    teardown_fabric,
    wait_for,
)
from lib.topogen import get_topogen  # noqa: E402

pytestmark = [pytest.mark.bgpd, pytest.mark.hostguard]

CHECKED = ("pe1", "pe3")
LOGGING = "pe1"  # pe3 runs with fabric-check=off: the command only
STOCK = "pe2"
OWN_RT = "65000:{}".format(VNI)  # bgpd's automatic route target in AS 65000
OTHER_RT = "65000:999"
LOCAL_VNI = 200  # on pe1 only


def setup_module(mod):
    setup_fabric(mod, stock=(STOCK,), bgpd_args={"pe3": "fabric-check=off"})


def teardown_module(mod):
    teardown_fabric()


def check(pe, args=""):
    cmd = "show hostguard fabric check {} json".format(args).replace("  ", " ")
    return hgctl(get_topogen().gears[pe], cmd, "bgpd")


def check_text(pe):
    return hgctl(get_topogen().gears[pe], "show hostguard fabric check", "bgpd")


def findings(pe, kind=None, vni=VNI):
    return [
        f
        for f in check(pe)["findings"]
        if f["vni"] == vni and (kind is None or f["kind"] == kind)
    ]


def bgpd_log(pe, start=0):
    """What bgpd logged itself (not the commands it echoes), from its start-th line on."""
    return "\n".join(daemon_log(pe, "bgpd")[start:])


def log_mark(pe):
    return len(daemon_log(pe, "bgpd"))


def set_route_target(pe, rt, undo=False, vni=VNI):
    no = "no " if undo else ""
    get_topogen().gears[pe].vtysh_cmd(
        "configure terminal\nrouter bgp 65000\naddress-family l2vpn evpn\n"
        "vni {v}\n{no}route-target import {rt}\n{no}route-target export {rt}\n"
        "exit-vni\nexit-address-family\nend\n".format(v=vni, no=no, rt=rt)
    )


def all_vteps_imported():
    tgen = get_topogen()
    for pe in ("pe1", "pe2", "pe3"):
        others = sorted(VTEP[p] for p in ("pe1", "pe2", "pe3") if p != pe)
        wait_for(
            lambda: remote_vteps(tgen.gears[pe]) == others,
            timeout=90,
            what="{} to import the type-3 routes of {}".format(pe, others),
        )


def test_consistent_fabric_reports_nothing():
    all_vteps_imported()
    for pe in CHECKED:
        # Several looks, some seconds apart: nothing appears.
        for _ in range(3):
            out = check(pe)
            assert out["numFindings"] == 0, "{}: {}".format(pe, out["findings"])
            time.sleep(2)
        vni = [v for v in out["vnis"] if v["vni"] == VNI]
        assert len(vni) == 1, out
        vni = vni[0]
        assert vni["remoteVteps"] == 2, vni
        assert vni["importRts"] == [OWN_RT] and vni["importRtsAuto"], vni
        assert vni["exportRts"] == [OWN_RT], vni
        assert vni["rd"].startswith(VTEP[pe] + ":") and vni["vtep"] == VTEP[pe], vni
        assert out["evpnPeersEstablished"] == 1, out
        assert "hostguard: fabric check" not in bgpd_log(pe), pe + " logged a finding"


def test_consistent_fabric_text():
    """The text form: an aligned table and a summary on a line of its own."""
    for pe in CHECKED:
        text = check_text(pe)
        lines = text.splitlines()
        header = [l for l in lines if l.startswith("VNI ")]
        assert len(header) == 1, text
        row = [l for l in lines if l.startswith("{} ".format(VNI))]
        assert len(row) == 1, text
        header, row = header[0], row[0]
        # Every value starts under its title.
        for title, value in (
            ("RD", VTEP[pe] + ":"),
            ("Import RTs", OWN_RT + " (automatic)"),
            ("Export RTs", OWN_RT),
        ):
            col = header.index(title)
            assert row[col:].startswith(value), "{} column:\n{}".format(title, text)
        # Numbers end under the end of their title (right-aligned).
        col = header.index("Remote VTEPs")
        assert row[col:col + len("Remote VTEPs")].strip() == "2", text
        assert "0 findings in 1 VNI; 1 EVPN session established" in lines, text


def test_route_target_mismatch_named():
    sizes = {pe: log_mark(pe) for pe in ("pe1", "pe2", "pe3")}
    set_route_target(STOCK, OTHER_RT)
    for pe in CHECKED:
        found = wait_for(
            lambda: [f for f in findings(pe, "importRtMismatch") if f["vtep"] == VTEP[STOCK]],
            timeout=60,
            what="{} to name {}'s route target".format(pe, STOCK),
        )
        f = found[0]
        assert f["theirRts"] == [OTHER_RT], f
        assert f["expectedRts"] == [OWN_RT], f
        assert f["routerId"] == VTEP[STOCK] and f["rd"].startswith(VTEP[STOCK] + ":"), f
        assert f["changeOn"] == VTEP[STOCK], f
        assert f["severity"] == "error" and f["type3NotImported"] == 1, f
        assert OTHER_RT in f["problem"] and OWN_RT in f["action"], f
        assert "route-target import {}".format(OWN_RT) in f["action"], f
        # ... and the other way round: pe2 does not import what pe exports.
        rev = [f for f in findings(pe, "exportRtNotImported") if f["vtep"] == VTEP[STOCK]]
        assert rev and rev[0]["expectedRts"] == [OWN_RT], findings(pe)
        assert rev[0]["theirRts"] == [OTHER_RT], rev
        # Nothing about the PE that is right.
        other = "pe3" if pe == "pe1" else "pe1"
        assert not [f for f in findings(pe) if f.get("vtep") == VTEP[other]], findings(pe)

    text = check_text("pe1")
    assert "VNI {}: route targets do not match (error)".format(VNI) in text, text
    assert "Change on {}:".format(VTEP[STOCK]) in text, text
    assert "VTEP {} (router-id {}, RD {}:".format(VTEP[STOCK], VTEP[STOCK], VTEP[STOCK]) in text
    # Paragraphs wrapped for a terminal.
    assert max(len(l) for l in text.splitlines() if l.startswith("  ")) <= 80, text

    # Logged once, with the PE and what to change, however many passes run.
    pattern = "fabric check: VNI {}: route targets do not match: VTEP {} ".format(
        VNI, VTEP[STOCK]
    )
    wait_for(
        lambda: pattern in bgpd_log(LOGGING, sizes[LOGGING]),
        timeout=60,
        what=LOGGING + " to log the mismatch",
    )
    time.sleep(12)  # two more passes
    log = bgpd_log(LOGGING, sizes[LOGGING])
    assert log.count(pattern) == 1, log
    # fabric-check=off: the same findings shown, nothing logged.
    assert "hostguard: fabric check" not in bgpd_log("pe3"), bgpd_log("pe3")
    assert check("pe3")["watch"] is False and check(LOGGING)["watch"] is True


def test_stock_is_silent():
    """
    Control: stock FRR on pe2 receives every route of pe1 and pe3 but
    imports none (no remote VTEP), and neither its commands nor its log say
    why.
    """
    tgen = get_topogen()
    pe2 = tgen.gears[STOCK]
    wait_for(
        lambda: remote_vteps(pe2) == [],
        timeout=60,
        what="stock pe2 to lose its remote VTEPs",
    )
    summary = evpn_json(pe2, "show bgp l2vpn evpn summary json")
    peer = summary["peers"][VTEP["rr"]]
    assert peer["state"] == "Established" and peer["pfxRcd"] > 0, peer
    routes = evpn_json(pe2, "show bgp l2vpn evpn route type multicast json")
    assert any(rd.startswith(VTEP["pe1"] + ":") for rd in routes), routes
    vni = pe2.vtysh_cmd("show bgp l2vpn evpn vni {}".format(VNI))
    assert OTHER_RT in vni, vni
    for word in ("mismatch", "not import", "warning"):
        assert word not in vni.lower(), vni
    log = bgpd_log(STOCK)
    for word in (OWN_RT, "route target", "route-target", "import"):
        assert word not in log.lower(), "stock pe2 logged {!r}:\n{}".format(word, log)


def test_mismatch_clears():
    start = log_mark(LOGGING)
    set_route_target(STOCK, OTHER_RT, undo=True)
    for pe in CHECKED:
        wait_for(
            lambda: check(pe)["numFindings"] == 0,
            timeout=60,
            what=pe + " to find the fabric consistent again",
        )
    pattern = re.compile(
        r"fabric check: VNI {}: cleared: route targets do not match \(VTEP {},".format(
            VNI, re.escape(VTEP[STOCK])
        )
    )
    wait_for(
        lambda: pattern.search(bgpd_log(LOGGING, start)),
        timeout=60,
        what=LOGGING + " to log the mismatch cleared",
    )
    time.sleep(12)
    assert len(pattern.findall(bgpd_log(LOGGING, start))) == 1, bgpd_log(LOGGING, start)
    assert "hostguard: fabric check" not in bgpd_log("pe3"), bgpd_log("pe3")
    all_vteps_imported()


def test_route_target_of_another_as():
    """
    A route target typed with another AS (65001:100): FRR's automatic
    import ignores the AS, so pe1 and pe3 import pe2's routes, but pe2
    matches its typed RT exactly and imports nothing of theirs. Only the
    reverse check can tell.
    """
    typed = "65001:{}".format(VNI)
    tgen = get_topogen()
    set_route_target(STOCK, typed)
    for pe in CHECKED:
        found = wait_for(
            lambda: [
                f for f in findings(pe, "exportRtNotImported") if f["vtep"] == VTEP[STOCK]
            ],
            timeout=60,
            what="{} to see that {} does not import its routes".format(pe, STOCK),
        )
        f = found[0]
        assert f["theirRts"] == [typed] and f["expectedRts"] == [OWN_RT], f
        assert f["changeOn"] == VTEP[STOCK], f
        assert "route-target import {}".format(OWN_RT) in f["action"], f
        # This PE imports pe2's routes: no import finding.
        assert not findings(pe, "importRtMismatch"), findings(pe)
        assert VTEP[STOCK] in remote_vteps(tgen.gears[pe])
    # ... and stock pe2 indeed imports nothing.
    wait_for(lambda: remote_vteps(tgen.gears[STOCK]) == [], timeout=60, what="pe2 to import nothing")
    set_route_target(STOCK, typed, undo=True)
    for pe in CHECKED:
        wait_for(lambda: check(pe)["numFindings"] == 0, timeout=60, what=pe + " to be clean")
    all_vteps_imported()


def test_segment_on_another_vni():
    """pe3 carries the segment as VNI 101 with VNI 100's route target."""
    tgen = get_topogen()
    pe3 = tgen.gears["pe3"]
    add_vnet(pe3, 101)
    set_route_target("pe3", OWN_RT, vni=101)
    found = wait_for(
        lambda: [f for f in findings("pe1", "vniMismatch") if f["vtep"] == VTEP["pe3"]],
        timeout=60,
        what="pe1 to name pe3's VNI 101",
    )
    f = found[0]
    assert f["theirVni"] == 101 and f["theirRts"] == [OWN_RT], f
    assert f["changeOn"] == VTEP["pe3"] and f["severity"] == "error", f
    assert "VNI 101" in f["problem"] and "VNI 100" in f["action"], f
    # pe3 sees the same from its side: VNI 100 of pe1 imported into its 101.
    mine = wait_for(
        lambda: [f for f in findings("pe3", "vniMismatch", 101) if f["vtep"] == VTEP["pe1"]],
        timeout=60,
        what="pe3 to name pe1's VNI 100 in its VNI 101",
    )
    assert mine[0]["theirVni"] == VNI, mine
    pe3.vtysh_cmd(
        "configure terminal\nrouter bgp 65000\naddress-family l2vpn evpn\nno vni 101\nend\n"
    )
    pe3.run("ip link del vxlan101; ip link del vnet101")
    for pe in CHECKED:
        wait_for(lambda: check(pe)["numFindings"] == 0, timeout=60, what=pe + " to be clean")


def test_vni_on_one_pe_only():
    tgen = get_topogen()
    add_vnet(tgen.gears["pe1"], LOCAL_VNI)
    found = wait_for(
        lambda: findings("pe1", "noRemoteVtep", LOCAL_VNI),
        timeout=60,
        what="pe1 to report VNI {} without remote VTEP".format(LOCAL_VNI),
    )
    f = found[0]
    assert f["changeOn"] == "other PEs", f
    assert "no remote VTEP" in f["problem"], f
    assert "configure it" in f["action"], f
    assert "vtep" not in f, f
    out = check("pe1", "vni {}".format(LOCAL_VNI))
    assert [v["vni"] for v in out["vnis"]] == [LOCAL_VNI], out
    assert out["vnis"][0]["remoteVteps"] == 0 and out["numFindings"] == 1, out
    # VNI 100 stays clean, and pe3 has nothing to say about pe1's VNI.
    assert check("pe1", "vni {}".format(VNI))["numFindings"] == 0
    assert check("pe3")["numFindings"] == 0, check("pe3")
    text = check_text("pe1")
    assert "VNI {}: no remote VTEP (warning)".format(LOCAL_VNI) in text, text
    assert "Change on other PEs:" in text, text
    pattern = "fabric check: VNI {}: no remote VTEP: ".format(LOCAL_VNI)
    wait_for(lambda: pattern in bgpd_log("pe1"), timeout=60, what="pe1 to log it")
    time.sleep(12)
    assert bgpd_log("pe1").count(pattern) == 1, bgpd_log("pe1")


def test_mistyped_vni_hinted():
    """
    pe3 gets the segment with a mistyped VNI (Proxmox: the VNet tag): each
    side's lone VNI is reported, and the action names the other's VNI.
    """
    tgen = get_topogen()
    typo = LOCAL_VNI + 1
    add_vnet(tgen.gears["pe3"], typo)
    found = wait_for(
        lambda: [
            f
            for f in findings("pe1", "noRemoteVtep", LOCAL_VNI)
            if "{} ({})".format(typo, VTEP["pe3"]) in f["action"]
        ],
        timeout=60,
        what="pe1 to point at pe3's VNI {}".format(typo),
    )
    assert "mistyped" in found[0]["action"], found
    theirs = wait_for(
        lambda: [
            f
            for f in findings("pe3", "noRemoteVtep", typo)
            if "{} ({})".format(LOCAL_VNI, VTEP["pe1"]) in f["action"]
        ],
        timeout=60,
        what="pe3 to point at pe1's VNI {}".format(LOCAL_VNI),
    )
    assert theirs[0]["changeOn"] == "other PEs", theirs

# SPDX-License-Identifier: GPL-2.0-or-later
"""
What an operator sees: the text form of every show command of both
modules, run-time configuration through the "hostguard zebra" node,
hostguardctl's exit codes and its metrics, checked by promtool.

pe1 snoops (bindings), pe2 runs the defaults, pe3 has the keepalive off;
rr runs no module (a daemon that does not know the commands). 10 s ageing,
so that hosts get probed during the test.
"""
import os
import re
import shutil
import sys

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from hg_text import pairs, table  # noqa: E402
from hostguard_fabric import (  # noqa: E402
    HOST_MAC,
    HOSTGUARDCTL,
    VNI,
    hgctl,
    make_hosts_silent,
    setup_fabric,
    teardown_fabric,
    wait_for,
    wait_imported,
)
from lib.topogen import get_topogen  # noqa: E402

pytestmark = [pytest.mark.bgpd, pytest.mark.hostguard]

AGEING_S = 10

HOST_COLS = ["VNI", "MAC", "Port", "State", "Idle(s)", "Probed(s)", "Next(s)", "Sent",
             "Answered", "Kept"]


def setup_module(mod):
    setup_fabric(
        mod,
        zebra_args={"pe1": "snoop=on", "pe2": "", "pe3": "keepalive=off"},
        ageing_cs=AGEING_S * 100,
    )
    tgen = get_topogen()
    make_hosts_silent(tgen)
    wait_imported(tgen, [("h1", "pe2"), ("h2", "pe1")])


def teardown_module(mod):
    teardown_fabric()


def ctl(router, args, daemon=None):
    """hostguardctl in router's namespace: (exit status, stdout, stderr)."""
    d = "-d {} ".format(daemon) if daemon else ""
    return router.net.cmd_status("{} {}{}".format(HOSTGUARDCTL, d, args))


def test_hosts_text():
    """Aligned table, '-' for a host never probed, counters, summary apart."""
    pe1 = get_topogen().gears["pe1"]
    out = hgctl(pe1, "show hostguard hosts")
    rows, rest = table(out, HOST_COLS, end=r"^\d+ hosts")
    mine = [r for r in rows if r["MAC"] == HOST_MAC["h1"]]
    assert mine, out
    for r in rows:
        assert r["VNI"] == str(VNI)
        for col in ("Sent", "Answered", "Kept"):
            assert r[col].isdigit(), out
        if r["Sent"] == "0":
            assert r["Probed(s)"] == "-", out
        assert "-1" not in r.values(), out
    assert re.match(r"^\d+ hosts(: \d+ \w+(, \d+ \w+)*)?$", rest[0]), out
    assert rest[0].startswith("{} hosts".format(len(rows))), out

    # After an ageing period the silent host has been probed: a number.
    def probed():
        rows, _ = table(hgctl(pe1, "show hostguard hosts vni {}".format(VNI)), HOST_COLS,
                        end=r"^\d+ hosts")
        r = [r for r in rows if r["MAC"] == HOST_MAC["h1"]]
        return r and r[0]["Sent"] != "0" and r[0]
    r = wait_for(probed, timeout=3 * AGEING_S, what="h1 to be probed")
    assert re.match(r"^\d+\.\d$", r["Probed(s)"]), r


def test_status_text():
    tgen = get_topogen()
    out = hgctl(tgen.gears["pe1"], "show hostguard status")
    cfg = pairs(out, "Configuration")
    assert cfg["keepalive"] == "on" and cfg["snoop"] == "on"
    cnt = pairs(out, "Counters")
    for key in ("probesSent", "probesAnswered", "withdrawalsPrevented", "hostsScheduled"):
        assert cnt[key].isdigit(), out
    snoop = pairs(out, "ARP/ND snooping")
    assert snoop["running"] == "true", out
    out = hgctl(tgen.gears["pe1"], "show hostguard status", daemon="bgpd")
    assert pairs(out, "Configuration")["gateway-guard"] == "on"
    assert pairs(out, "Counters")["evpnPeersEstablished"] == "1"


def test_vni_text():
    out = hgctl(get_topogen().gears["pe1"], "show hostguard vni")
    rows, rest = table(out, ["VNI", "active", "probing", "silentAlive", "dead"],
                       end=r"^\d+ VNIs")
    assert [r["VNI"] for r in rows] == [str(VNI)], out
    assert re.match(r"^1 VNIs with hosts, 1 EVPN L2VNIs$", rest[0]), out


def test_bindings_text():
    pe1 = get_topogen().gears["pe1"]
    cols = ["VNI", "IP", "MAC", "Port", "Source", "Age(s)", "Seen(s)", "Rejected", "State"]

    def learned():
        rows, rest = table(hgctl(pe1, "show hostguard bindings"), cols, end=r"^\d+ bindings")
        return [r for r in rows if r["MAC"] == HOST_MAC["h1"]] and (rows, rest)
    rows, rest = wait_for(learned, timeout=30, what="h1's binding on pe1")
    assert rest[0] == "{} bindings".format(len(rows))


def test_gateway_text():
    tgen = get_topogen()
    out = hgctl(tgen.gears["pe1"], "show hostguard gateway")
    assert out.splitlines()[0] == "Gateway guard: on"
    macs, rest = table(out, ["VNI", "MAC", "Source"], indent="  ", end=r"^  \d+ anycast")
    assert rest[0] == "  {} anycast MACs".format(len(macs)), out
    ips, rest = table(out, ["VNI", "Gateway IP", "Device", "SVI", "MAC"], indent="  ",
                      end=r"^  \d+ gateway")
    assert rest[0] == "  {} gateway IPs".format(len(ips)), out
    assert pairs(out, "Counters")["gatewaysReclaimed"].isdigit()

    out = hgctl(tgen.gears["pe1"], "show hostguard gateway check")
    assert out.startswith("VNI {} (bridge vnet100".format(VNI)), out
    rows, rest = table(out, ["State", "Check", "Detail"], indent="  ")
    assert rows, out
    assert rest[0] == "1 VNIs checked", out

    out = hgctl(tgen.gears["pe1"], "show hostguard gateway conflicts", daemon="bgpd")
    rows, rest = table(out, ["VNI", "Gateway IP", "Our MAC", "Their MAC", "VTEP", "RD",
                             "Age(s)", "Contained"], end=r"^\d+ conflicts")
    assert rest[0].startswith("0 conflicts"), out


def test_runtime_config():
    """A key set through the daemon's vty: in force, in the config, undone."""
    tgen = get_topogen()
    pe2 = tgen.gears["pe2"]

    rc, out, err = ctl(pe2, "set probe-rate 123")
    assert rc == 0, (out, err)
    st = hgctl(pe2, "show hostguard status json")
    assert st["config"]["probe-rate"] == "123"
    run = hgctl(pe2, "show running-config")
    assert "\nhostguard zebra\n probe-rate 123\nexit\n" in run, run

    # Taking effect: the keepalive off drops the tracked hosts, on brings them back.
    assert ctl(pe2, "set keepalive off")[0] == 0
    wait_for(lambda: hgctl(pe2, "show hostguard hosts json")["numHosts"] == 0,
             timeout=20, what="pe2 to stop tracking hosts")
    assert ctl(pe2, "unset keepalive")[0] == 0
    wait_for(lambda: hgctl(pe2, "show hostguard hosts json")["numHosts"] >= 1,
             timeout=20, what="pe2 to track its host again")

    # A bad value: refused with the -M parser's message, nothing changed.
    rc, out, err = ctl(pe2, "set keepalive maybe")
    assert rc == 1, (rc, out, err)
    assert ("zebra_hostguard: bad value 'maybe' for key 'keepalive'; accepted: on|off"
            in out), out
    rc, out, err = ctl(pe2, "set no-such-key 1")
    assert rc == 1 and "unknown key 'no-such-key'" in out and "probe-rate" in out, (rc, out)
    assert hgctl(pe2, "show hostguard status json")["config"]["keepalive"] == "on"

    # A key that cannot change at run time says so.
    rc, out, err = ctl(pe2, "set gateway-guard off", daemon="bgpd")
    assert rc == 1 and "takes effect only at start" in out, (rc, out, err)

    # Back to the start-up value: gone from the running config.
    assert ctl(pe2, "unset probe-rate")[0] == 0
    assert hgctl(pe2, "show hostguard status json")["config"]["probe-rate"] == "500"
    assert "hostguard zebra" not in hgctl(pe2, "show running-config")


def test_stock_vtysh_keeps_the_node():
    """Stock vtysh's running config carries the daemon's block unchanged."""
    pe2 = get_topogen().gears["pe2"]
    assert ctl(pe2, "set probe-window 7")[0] == 0
    try:
        run = pe2.vtysh_cmd("show running-config")
        assert "hostguard zebra\n probe-window 7\n" in run, run
    finally:
        ctl(pe2, "unset probe-window")


def test_exit_codes():
    tgen = get_topogen()
    pe1, rr = tgen.gears["pe1"], tgen.gears["rr"]
    assert ctl(pe1, "show hostguard status")[0] == 0
    rc, _, err = ctl(pe1, "-N nosuchpathspace show hostguard status")
    assert rc == 3 and "cannot connect" in err, (rc, err)
    rc, _, err = ctl(rr, "show hostguard status")
    assert rc == 4 and "module loaded" in err, (rc, err)
    assert ctl(pe1, "")[0] == 2
    rc, out, _ = ctl(pe1, "-A show hostguard status")
    assert rc == 0 and out.startswith("=== default (zebra)\n"), out
    rc, out, _ = ctl(pe1, "-N all show hostguard vni json")
    assert rc == 0 and '"default":{' in out.replace(" ", "").replace("\n", ""), out


@pytest.mark.skipif(not shutil.which("promtool"), reason="promtool (Debian: prometheus) missing")
def test_metrics_promtool():
    tgen = get_topogen()
    pe1 = tgen.gears["pe1"]
    rc, out, err = ctl(pe1, "metrics")
    assert rc == 0, err
    for want in ('hostguard_up{daemon="zebra"} 1', 'hostguard_up{daemon="bgpd"} 1',
                 'hostguard_vni_hosts{vni="100",state="active"}',
                 "# TYPE hostguard_probes_sent_total counter",
                 'hostguard_snoop_drops_total{reason="',
                 "hostguard_bgp_evpn_peers_established 1"):
        assert want in out, out
    path = "/tmp/hostguard-metrics-{}.prom".format(os.getpid())
    with open(path, "w") as f:
        f.write(out)
    try:
        rc, lint, lerr = tgen.net.cmd_status("promtool check metrics < " + path)
    finally:
        os.unlink(path)
    assert rc == 0, lint + lerr

    # A node without the module: up 0, still a valid exposition.
    rc, out, _ = ctl(tgen.gears["rr"], "-A metrics")
    assert 'hostguard_up{pathspace="",daemon="zebra"} 0' in out, out


def test_patched_vtysh():
    """
    With patches/0002 applied to the vtysh on PATH: the modules' commands
    and nodes through vtysh. Skipped with a stock vtysh, which answers
    '% Unknown command' (checked here too).
    """
    pe1 = get_topogen().gears["pe1"]
    out = pe1.vtysh_cmd("show hostguard vni")
    if "Unknown command" in out:
        pytest.skip("stock vtysh: patches/0002 not applied")
    table(out, ["VNI", "active", "probing", "silentAlive", "dead"], end=r"^\d+ VNIs")
    table(pe1.vtysh_cmd("show hostguard gateway conflicts"),
          ["VNI", "Gateway IP", "Our MAC", "Their MAC", "VTEP", "RD", "Age(s)", "Contained"],
          end=r"^\d+ conflicts")
    out = pe1.vtysh_multicmd("configure terminal\nhostguard zebra\nprobe-rate 222\n"
                             "keepalive maybe\nend\n")
    assert "bad value 'maybe' for key 'keepalive'" in out, out
    try:
        assert hgctl(pe1, "show hostguard status json")["config"]["probe-rate"] == "222"
        assert "hostguard zebra\n probe-rate 222\n" in pe1.vtysh_cmd("show running-config")
    finally:
        ctl(pe1, "unset probe-rate")

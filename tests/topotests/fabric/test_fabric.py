# SPDX-License-Identifier: GPL-2.0-or-later
"""
The foundation fabric: three VTEPs and a route reflector, hostguard loaded
into every PE's zebra and bgpd through -M, as an operator loads it.
"""
import os
import sys

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from hostguard_fabric import (  # noqa: E402
    HOST_IP4,
    HOSTS,
    PES,
    VTEP,
    hgctl,
    module_spec,
    remote_vteps,
    setup_fabric,
    teardown_fabric,
    wait_for,
)
from lib.topogen import get_topogen  # noqa: E402

pytestmark = [pytest.mark.bgpd, pytest.mark.hostguard]


def setup_module(mod):
    setup_fabric(mod, zebra_args="probe-window=5,probe-retries=2")


def teardown_module(mod):
    teardown_fabric()


def test_modules_loaded():
    tgen = get_topogen()
    for pe in PES:
        out = tgen.gears[pe].vtysh_cmd("show modules")
        assert "zebra_hostguard" in out, "{}: zebra module missing:\n{}".format(pe, out)
        assert "bgpd_hostguard" in out, "{}: bgpd module missing:\n{}".format(pe, out)


def test_type3_from_every_pe():
    tgen = get_topogen()
    for pe in PES:
        others = sorted(VTEP[p] for p in PES if p != pe)
        wait_for(
            lambda: remote_vteps(tgen.gears[pe]) == others,
            timeout=90,
            what="{} to import type-3 routes of {}".format(pe, others),
        )
        routes = tgen.gears[pe].vtysh_cmd(
            "show bgp l2vpn evpn route type multicast json", isjson=True
        )
        origins = {
            p.get("originatorIp") or p.get("nexthops", [{}])[0].get("ip")
            for rd, prefixes in routes.items()
            if isinstance(prefixes, dict)
            for pfx, entry in prefixes.items()
            if isinstance(entry, dict)
            for plist in entry.get("paths", [])
            for p in (plist if isinstance(plist, list) else [plist])
        }
        assert set(VTEP[p] for p in PES) <= origins, "{}: type-3 from {}".format(pe, origins)


def test_hosts_reach_each_other():
    tgen = get_topogen()
    for src in HOSTS:
        for dst in HOSTS:
            if src == dst:
                continue
            wait_for(
                lambda: " 0% packet loss"
                in tgen.gears[src].run("ping -c 2 -i 0.2 -W 1 {}".format(HOST_IP4[dst])),
                timeout=30,
                what="{} to reach {}".format(src, dst),
            )


def test_client_status_json():
    tgen = get_topogen()
    for pe in PES:
        for daemon in ("zebra", "bgpd"):
            st = hgctl(tgen.gears[pe], "show hostguard status json", daemon)
            assert st["module"] == daemon + "_hostguard"
            assert st["builtForFrr"] == st["frrVersion"]
            assert "config" in st and "counters" in st
        st = hgctl(tgen.gears[pe], "show hostguard status json")
        assert st["config"]["probe-window"] == "5"
        assert st["l2vnis"] == 1
        bst = hgctl(tgen.gears[pe], "show hostguard status json", "bgpd")
        assert bst["counters"]["evpnPeersEstablished"] == 1


@pytest.mark.parametrize(
    "daemon,arg,words",
    [
        ("zebra", "keepalive=maybe", ["'keepalive'", "'maybe'", "on|off"]),
        ("zebra", "probe-window=600", ["'probe-window'", "'600'", "1-60"]),
        ("zebra", "keepalvie=on", ["'keepalvie'", "accepted keys", "keepalive"]),
        ("bgpd", "gateway-guard=1", ["'gateway-guard'", "'1'", "on|off"]),
    ],
)
def test_bad_argument_refuses_to_start(daemon, arg, words):
    """A bad -M argument: the daemon exits at once, naming key and values."""
    pe = get_topogen().gears["pe1"]
    out = pe.cmd(
        # the router's daemon directory: FRR's, or the sanitizer run's wrappers
        "timeout 20 {dir}/{d} -N hgbadarg {m} 2>&1; echo rc=$?".format(
            dir=pe.net.daemondir, d=daemon, m=module_spec(daemon, arg)
        )
    )
    assert "rc=1" in out, "{} started with '{}':\n{}".format(daemon, arg, out)
    line = [l for l in out.splitlines() if l.startswith(daemon + "_hostguard:")]
    assert line, out
    for w in words:
        assert w in line[0], "'{}' not in '{}'".format(w, line[0])

# SPDX-License-Identifier: GPL-2.0-or-later
"""
Fabric check (bgpd), anycast gateway: pe1's VNet bridge carries another MAC
than pe2's and pe3's, with the same gateway address, and every PE
advertises its gateway (advertise-svi-ip). Every other PE's check names
pe1, its MAC and the anycast MAC to use; pe1's own check sees that both
others agree on another MAC and says the change belongs on pe1. pe2 and
pe3 agree with each other: nothing between them.
"""
import os
import sys

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from hostguard_fabric import (  # noqa: E402
    ANYCAST_MAC,
    GATEWAY4,
    VNI,
    VTEP,
    hgctl,
    setup_fabric,
    teardown_fabric,
    wait_for,
)
from lib.topogen import get_topogen  # noqa: E402

pytestmark = [pytest.mark.bgpd, pytest.mark.hostguard]

OTHER_MAC = "02:00:00:00:44:44"


def setup_module(mod):
    setup_fabric(mod, advertise_svi_ip=True, bridge_mac={"pe1": OTHER_MAC})


def teardown_module(mod):
    teardown_fabric()


def gateway_findings(pe):
    out = hgctl(get_topogen().gears[pe], "show hostguard fabric check json", "bgpd")
    return [
        f
        for f in out["findings"]
        if f["kind"] == "gatewayMacDiffers" and f["gatewayIp"] == GATEWAY4 and f["vni"] == VNI
    ]


def test_other_pes_name_the_odd_gateway():
    for pe in ("pe2", "pe3"):
        found = wait_for(
            lambda: [f for f in gateway_findings(pe) if f["vtep"] == VTEP["pe1"]],
            timeout=90,
            what=pe + " to name pe1's gateway MAC",
        )
        f = found[0]
        assert f["theirMac"] == OTHER_MAC and f["ourMac"] == ANYCAST_MAC, f
        assert f["routerId"] == VTEP["pe1"] and f["rd"].startswith(VTEP["pe1"] + ":"), f
        assert f["changeOn"] == VTEP["pe1"] and f["severity"] == "error", f
        assert ANYCAST_MAC in f["action"] and OTHER_MAC in f["problem"], f
        # pe2 and pe3 share the anycast MAC: nothing between them.
        other = "pe3" if pe == "pe2" else "pe2"
        assert not [f for f in gateway_findings(pe) if f["vtep"] == VTEP[other]], f
    text = hgctl(get_topogen().gears["pe2"], "show hostguard fabric check", "bgpd")
    assert "VNI {}: gateway with another MAC (error)".format(VNI) in text, text
    assert "Change on {}:".format(VTEP["pe1"]) in text, text


def test_odd_pe_told_to_change_itself():
    found = wait_for(
        lambda: sorted(f["vtep"] for f in gateway_findings("pe1")) == [VTEP["pe2"], VTEP["pe3"]]
        and gateway_findings("pe1"),
        timeout=60,
        what="pe1 to see both other gateways",
    )
    for f in found:
        assert f["theirMac"] == ANYCAST_MAC and f["ourMac"] == OTHER_MAC, f
        assert f["changeOn"] == "this PE", f
        assert ANYCAST_MAC in f["action"], f

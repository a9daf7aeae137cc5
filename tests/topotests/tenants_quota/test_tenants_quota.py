# SPDX-License-Identifier: GPL-2.0-or-later
"""
Binding quotas that isolate tenants (snoop=on, L2-only VNet): one MAC
claiming a thousand addresses gets its quota per address family
(max-bindings-per-mac, 8 by default) and no more, the MACs of one port
together get the port's quota (max-bindings-per-port), and a host on
another port is still learned at once; what others held before stays.
The per-VNI limit is never reached. The offenders command names the port
and the MACs. (Stock FRR learns no binding at all on an L2-only VNet: there
is no stock run to compare with.)

pe1 snoops with a port quota of 20 and a port rate high enough for the
flood to reach the quotas; vm2 is a second port of pe1's bridge.
"""
import os
import sys
import time

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from hostguard_fabric import (  # noqa: E402
    HOST_MAC,
    add_mac_only_vm,
    daemon_log,
    hgctl,
    setup_fabric,
    teardown_fabric,
    type2_macs,
    wait_for,
)
from hg_suppression import binding_of, bindings, send, snoop_stats  # noqa: E402
from lib.topogen import get_topogen  # noqa: E402

pytestmark = [pytest.mark.bgpd, pytest.mark.hostguard]

PORT_QUOTA = 20
MAC_QUOTA = 8
MAX_BINDINGS = 200
VM2_MAC = "02:00:00:00:0c:02"
MAC_B = "02:00:00:00:0c:0b"
MAC_C = "02:00:00:00:0c:0c"


def setup_module(mod):
    setup_fabric(
        mod,
        zebra_args={
            "pe1": "snoop=on,snoop-port-rate=5000,max-bindings={},max-bindings-per-port={}".format(
                MAX_BINDINGS, PORT_QUOTA
            ),
            "pe2": "snoop=on",
            "pe3": "snoop=on",
        },
        gateway=False,
    )
    pe1 = get_topogen().gears["pe1"]
    add_mac_only_vm(pe1, "vm2p", VM2_MAC)


def teardown_module(mod):
    teardown_fabric()


def of_mac(pe, mac, v6=False):
    return sorted(b["ip"] for b in bindings(pe) if b["mac"] == mac and (":" in b["ip"]) == v6)


def test_one_mac_gets_its_quota_only():
    tgen = get_topogen()
    h1, pe1, pe2 = tgen.gears["h1"], tgen.gears["pe1"], tgen.gears["pe2"]
    # Someone else's binding, held before the flood.
    send(pe1, "vm2pv", "garp", "10.10.0.42", VM2_MAC)
    wait_for(lambda: binding_of(pe1, "10.10.0.42"), timeout=10, what="vm2's binding")
    before = snoop_stats(pe1)

    out = send(h1, "h1-eth0", "garp", "10.20.0.1", HOST_MAC["h1"], "--count 1000 --spread 1000")
    assert int(out.strip().splitlines()[-1]) == 1000, out
    wait_for(
        lambda: snoop_stats(pe1)["drops"]["macQuota"] - before["drops"]["macQuota"] > 100,
        timeout=10,
        interval=0.3,
        what="the MAC's quota to be hit",
    )
    time.sleep(1)
    mine = of_mac(pe1, HOST_MAC["h1"])
    assert len(mine) == MAC_QUOTA, mine
    after = snoop_stats(pe1)
    assert after["drops"]["bindingLimit"] == before["drops"]["bindingLimit"]
    assert after["bindings"] - before["bindings"] <= MAC_QUOTA
    # Nothing of anyone else's is lost; a host on another port is learned at once.
    assert binding_of(pe1, "10.10.0.42")["mac"] == VM2_MAC
    send(pe1, "vm2pv", "garp", "10.10.0.43", VM2_MAC)
    wait_for(lambda: binding_of(pe1, "10.10.0.43"), timeout=3, interval=0.2, what="vm2 at once")
    wait_for(
        lambda: "10.10.0.43" in type2_macs(pe2).get(VM2_MAC, ()),
        timeout=30,
        what="vm2's new MAC+IP route at pe2",
    )
    # IPv6 has its own quota: the full IPv4 quota leaves it untouched.
    send(h1, "h1-eth0", "na", "2001:db8:100::1:1", HOST_MAC["h1"], "--count 12 --spread 12")
    wait_for(
        lambda: len(of_mac(pe1, HOST_MAC["h1"], v6=True)) == MAC_QUOTA,
        timeout=10,
        interval=0.3,
        what="the MAC's IPv6 quota",
    )


def test_port_quota_over_several_macs():
    """More MACs on the same port share the port's quota; other ports keep theirs."""
    tgen = get_topogen()
    h1, pe1 = tgen.gears["h1"], tgen.gears["pe1"]
    before = snoop_stats(pe1)
    for mac, base in ((MAC_B, "10.20.4.1"), (MAC_C, "10.20.5.1")):
        send(h1, "h1-eth0", "garp", base, mac, "--count 10 --spread 10 --pps 200")
    # h1's MAC holds 8, B gets 8 of 10, C the 4 left of the port's 20.
    wait_for(
        lambda: snoop_stats(pe1)["drops"]["portQuota"] - before["drops"]["portQuota"] >= 6,
        timeout=10,
        interval=0.3,
        what="the port's quota to be hit",
    )
    assert len(of_mac(pe1, MAC_B)) == MAC_QUOTA
    assert len(of_mac(pe1, MAC_C)) == PORT_QUOTA - 2 * MAC_QUOTA
    send(pe1, "vm2pv", "garp", "10.10.0.44", VM2_MAC)
    wait_for(lambda: binding_of(pe1, "10.10.0.44"), timeout=3, interval=0.2, what="vm2 at once")


def test_offenders_name_port_and_macs():
    tgen = get_topogen()
    pe1 = tgen.gears["pe1"]
    js = hgctl(pe1, "show hostguard offenders json")
    assert js["ports"][0]["port"] == "pe1-eth1", js["ports"]
    assert js["ports"][0]["byReason"]["macQuota"] > 100, js["ports"][0]
    assert js["ports"][0]["byReason"]["portQuota"] >= 6, js["ports"][0]
    top = js["macs"][0]
    assert top["mac"] == HOST_MAC["h1"] and top["mostOften"] == "macQuota", top
    assert VM2_MAC not in [m["mac"] for m in js["macs"]], js["macs"]
    lines = daemon_log(pe1, "zebra", "holds its quota of bindings per MAC")
    assert len([l for l in lines if HOST_MAC["h1"] in l]) == 1, lines

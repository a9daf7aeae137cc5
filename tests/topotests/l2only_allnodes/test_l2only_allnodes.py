# SPDX-License-Identifier: GPL-2.0-or-later
"""
Hosts whose address nobody has seen, on an L2-only VNet with hostguard's
default arguments and 10 s bridge ageing: a host with IPv4 off and IPv6 on
that never sent ARP or ND is kept by the all-nodes probe (an ICMPv6 echo
request to ff02::1 inside a frame unicast to its MAC), and its answer names
its link-local address, a probe target from then on.

pe1: defaults. pe2: probe-source=10.10.0.250@100, the IPv4 sender of its
probes on this VNet without a gateway address. pe3: learn-targets=off,
stock FRR's behaviour here (nothing to probe): the control run.
"""
import os
import sys
import time

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from hostguard_fabric import (  # noqa: E402
    ANYCAST_MAC,
    HOST_IP4,
    HOST_MAC,
    hgctl,
    remote_has_mac,
    send_frame,
    setup_fabric,
    teardown_fabric,
    tracked_host,
    wait_for,
)
from hg_suppression import send  # noqa: E402
from lib.topogen import get_topogen  # noqa: E402

pytestmark = [pytest.mark.bgpd, pytest.mark.hostguard]

AGEING_S = 10
PROBE_SOURCE = "10.10.0.250"


def link_local(node, ifname):
    """The host's link-local address (the kernel keeps it when the MAC changes)."""
    out = node.run("ip -6 -o addr show dev {} scope link".format(ifname))
    return out.split()[3].split("/")[0]


def host(pe, h):
    return tracked_host(pe, HOST_MAC[h]) or {}


def setup_module(mod):
    setup_fabric(
        mod,
        zebra_args={
            "pe1": "",
            "pe2": "probe-source={}@100".format(PROBE_SOURCE),
            "pe3": "learn-targets=off",
        },
        gateway=False,
        ageing_cs=AGEING_S * 100,
    )
    tgen = get_topogen()
    # h1 and h3: IPv4 off, IPv6 on. h2: IPv4 only.
    for h in ("h1", "h3"):
        tgen.gears[h].run("ip -4 addr flush dev {}-eth0".format(h))
    tgen.gears["h2"].run("sysctl -qw net.ipv6.conf.h2-eth0.disable_ipv6=1")


def teardown_module(mod):
    teardown_fabric()


def test_ipv6_host_never_seen_kept_by_all_nodes_probe():
    """One frame naming no address, then six ageing periods of silence."""
    tgen = get_topogen()
    pe1, pe2 = tgen.gears["pe1"], tgen.gears["pe2"]
    for h, pe, remote in (("h1", "pe1", "pe2"), ("h3", "pe3", "pe1")):
        wait_for(
            lambda: (
                send_frame(tgen.gears[h], h + "-eth0", HOST_MAC[h]) is None
                and remote_has_mac(tgen.gears[remote], HOST_MAC[h])
            ),
            timeout=60,
            interval=3,
            what="{}'s MAC to be advertised".format(h),
        )
    stock_withdrawn = False
    end = time.time() + 6 * AGEING_S + 5
    while time.time() < end:
        assert remote_has_mac(pe2, HOST_MAC["h1"]), "silent IPv6 host h1 withdrawn"
        if not remote_has_mac(pe1, HOST_MAC["h3"]):
            stock_withdrawn = True
        time.sleep(1)
    assert stock_withdrawn, "control: h3 at pe3 (learn-targets=off) never withdrawn"
    h1 = host(pe1, "h1")
    assert h1["probesAnswered"] >= 5, h1
    # The answer named the host's link-local address: a probe target now.
    assert link_local(tgen.gears["h1"], "h1-eth0") in h1["probeTargets"], h1
    st = hgctl(pe1, "show hostguard status json")
    assert st["probeTargets"]["echoProbes"] >= 1, st["probeTargets"]


def test_probe_source_per_vni():
    """pe2 asks its IPv4 host from the configured sender, not 0.0.0.0."""
    tgen = get_topogen()
    pe2, h2 = tgen.gears["pe2"], tgen.gears["h2"]
    st = hgctl(pe2, "show hostguard status json")
    assert st["config"]["probe-source"] == "{}@100".format(PROBE_SOURCE)
    h2.run("ip neigh flush dev h2-eth0")
    wait_for(
        lambda: (
            send(h2, "h2-eth0", "garp", HOST_IP4["h2"], HOST_MAC["h2"])
            and HOST_IP4["h2"] in host(pe2, "h2").get("probeTargets", [])
        ),
        timeout=30,
        interval=3,
        what="pe2 to learn h2's address",
    )
    n0 = host(pe2, "h2")["probesAnswered"]
    wait_for(
        lambda: host(pe2, "h2")["probesAnswered"] > n0,
        timeout=3 * AGEING_S,
        what="a probe of h2 answered",
    )
    # The host answered an ARP request from the probe source: it keeps the
    # sender in its own neighbour table, with the bridge's MAC.
    neigh = h2.run("ip neigh show {} dev h2-eth0".format(PROBE_SOURCE))
    assert ANYCAST_MAC in neigh.lower(), neigh

# SPDX-License-Identifier: GPL-2.0-or-later
"""
Snooped bindings of silent hosts on an L2-only VNet, with 10 s bridge
ageing: the keepalive's probes (for the snooped IP, from 0.0.0.0 as the
bridge has no address) keep the MAC, and with it the binding and its
MAC+IP route, so a remote VTEP keeps answering ARP for the host.

pe1 and pe2 snoop with the keepalive on; pe3 snoops with the keepalive off
(stock ageing): its silent host's binding leaves with the MAC, the control
run that shows the check can fail.
"""
import os
import sys
import time

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from hostguard_fabric import (  # noqa: E402
    HOSTS,
    HOST_IP4,
    HOST_MAC,
    hgctl,
    setup_fabric,
    teardown_fabric,
    tracked_host,
    type2_macs,
    wait_for,
)
from lib.topogen import get_topogen  # noqa: E402
from hg_suppression import (  # noqa: E402
    Capture,
    arp_requests,
    binding_of,
    send,
)

pytestmark = [pytest.mark.bgpd, pytest.mark.hostguard]

AGEING_S = 10


def setup_module(mod):
    setup_fabric(
        mod,
        zebra_args={"pe1": "snoop=on", "pe2": "snoop=on", "pe3": "snoop=on,keepalive=off"},
        gateway=False,
        ageing_cs=AGEING_S * 100,
    )
    tgen = get_topogen()
    for h in HOSTS:
        tgen.gears[h].run("sysctl -qw net.ipv6.conf.{}-eth0.disable_ipv6=1".format(h))


def teardown_module(mod):
    teardown_fabric()


def test_silent_host_binding_kept():
    """Announced once, then silent for 4 ageing periods: still advertised."""
    tgen = get_topogen()
    pe1, pe2 = tgen.gears["pe1"], tgen.gears["pe2"]
    h2 = tgen.gears["h2"]
    for h in ("h1", "h3"):
        wait_for(
            lambda: (
                send(tgen.gears[h], h + "-eth0", "garp", HOST_IP4[h], HOST_MAC[h])
                and HOST_IP4[h] in type2_macs(pe2).get(HOST_MAC[h], ())
            ),
            timeout=60,
            interval=3,
            what="pe2 to learn {}'s MAC+IP route".format(h),
        )

    stock_withdrawn = False
    end = time.time() + 4 * AGEING_S
    while time.time() < end:
        assert HOST_IP4["h1"] in type2_macs(pe2).get(HOST_MAC["h1"], ()), (
            "silent h1's MAC+IP route withdrawn"
        )
        if HOST_IP4["h3"] not in type2_macs(pe2).get(HOST_MAC["h3"], ()):
            stock_withdrawn = True
        time.sleep(1)
    assert stock_withdrawn, "control: pe3 (keepalive off) kept its silent host's binding"
    assert binding_of(tgen.gears["pe3"], HOST_IP4["h3"]) is None

    b = binding_of(pe1, HOST_IP4["h1"])
    assert b and b["mac"] == HOST_MAC["h1"]
    host = tracked_host(pe1, HOST_MAC["h1"])
    assert host["probesAnswered"] >= 2

    under = Capture(pe2, "pe2-eth0", "udp port 4789", "sup-silent-underlay")
    h2.run("ip neigh flush dev h2-eth0")
    out = h2.run("arping -c 1 -w 3 -i h2-eth0 -S {} {}".format(HOST_IP4["h2"], HOST_IP4["h1"]))
    under_txt = under.stop()
    assert HOST_MAC["h1"] in out.lower(), "no answer for silent h1: " + out
    assert not arp_requests(under_txt, HOST_IP4["h1"], HOST_IP4["h2"]), "ARP crossed"

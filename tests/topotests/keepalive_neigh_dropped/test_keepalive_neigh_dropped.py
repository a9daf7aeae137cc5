# SPDX-License-Identifier: GPL-2.0-or-later
"""
A silent host whose neighbour entry the kernel dropped, 10 s bridge ageing.

The kernel's neighbour table is bounded machine-wide (gc_thresh2/3): with
more hosts than that, its GC drops entries of live hosts, and zebra forgets
their addresses. The keepalive keeps the addresses the kernel's table
showed for a host as probe targets, and goes on asking the host for them.

Each host here sends one frame no capture takes an address from; the
kernel's entry for it is then added and deleted by hand, as the kernel
itself adds one from the host's ARP and its GC deletes it. pe1 loads
hostguard with default arguments; pe3 with learn-targets=off, which only
asks zebra for addresses (the behaviour before this change): the control
run that shows the check can fail. pe2 looks at both hosts' MACs.
"""
import os
import sys
import time

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from hostguard_fabric import (  # noqa: E402
    HOST_IP4,
    HOST_MAC,
    evpn_json,
    hgctl,
    remote_has_mac,
    send_frame,
    setup_fabric,
    teardown_fabric,
    tracked_host,
    wait_for,
)
from lib.topogen import get_topogen  # noqa: E402

pytestmark = [pytest.mark.bgpd, pytest.mark.hostguard]

AGEING_S = 10
HOSTS = (("h1", "pe1"), ("h3", "pe3"))


def setup_module(mod):
    setup_fabric(
        mod,
        zebra_args={"pe1": "", "pe2": "", "pe3": "learn-targets=off"},
        ageing_cs=AGEING_S * 100,
    )


def teardown_module(mod):
    teardown_fabric()


def zebra_has_ip(pe, ip):
    return ip in (evpn_json(pe, "show evpn arp-cache vni 100 json") or {})


def test_host_kept_after_its_neighbour_entry_is_dropped():
    tgen = get_topogen()
    pe2 = tgen.gears["pe2"]
    for h, home in HOSTS:
        host, pe = tgen.gears[h], tgen.gears[home]
        ip, mac = HOST_IP4[h], HOST_MAC[h]
        host.run("sysctl -qw net.ipv6.conf.{}-eth0.disable_ipv6=1".format(h))
        wait_for(
            lambda: send_frame(host, h + "-eth0", mac) or remote_has_mac(pe2, mac),
            timeout=60,
            interval=2,
            what="{}'s MAC to be advertised".format(h),
        )
        pe.run("ip neigh replace {} lladdr {} dev vnet100 nud stale".format(ip, mac))
        wait_for(lambda: zebra_has_ip(pe, ip), timeout=20, what="{} to know {}".format(home, ip))
        pe.run("ip neigh del {} dev vnet100".format(ip))
        wait_for(lambda: not zebra_has_ip(pe, ip), timeout=20,
                 what="{} to forget {}".format(home, ip))

    stock_withdrawn = False
    end = time.time() + 3 * AGEING_S + 2
    while time.time() < end:
        assert remote_has_mac(pe2, HOST_MAC["h1"]), "silent h1 withdrawn"
        if not remote_has_mac(pe2, HOST_MAC["h3"]):
            stock_withdrawn = True
        time.sleep(1)
    assert stock_withdrawn, "control: h3 at pe3 (learn-targets=off) never withdrawn"
    h1 = tracked_host(tgen.gears["pe1"], HOST_MAC["h1"])
    assert HOST_IP4["h1"] in h1["probeTargets"]
    assert h1["probesAnswered"] >= 2
    st = hgctl(tgen.gears["pe1"], "show hostguard status json")
    assert st["probeTargets"]["fromNeighbours"] >= 1

# SPDX-License-Identifier: GPL-2.0-or-later
"""
Silent hosts on an L2-only VNet (bridges without any address, as a
Proxmox EVPN VNet without a gateway), hostguard with DEFAULT arguments,
10 s bridge ageing. zebra knows no IP for these hosts: the keepalive probes
the addresses the hosts claimed themselves in the one ARP or NA they sent
(learned probe targets), and installs or advertises nothing for them.

pe1 and pe2 load hostguard with no arguments; pe3 loads it with
learn-targets=off, which is stock FRR's behaviour on this VNet (nothing to
probe): the control run that shows the checks can fail.
"""
import os
import sys
import time

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from hostguard_fabric import (  # noqa: E402
    HOST_IP4,
    HOST_IP6,
    HOST_MAC,
    VTEP,
    hgctl,
    remote_has_mac,
    setup_fabric,
    teardown_fabric,
    tracked_host,
    type2_macs,
    updates_received,
    wait_for,
)
from hg_suppression import bindings, kernel_neigh, send  # noqa: E402
from lib.topogen import get_topogen  # noqa: E402

pytestmark = [pytest.mark.bgpd, pytest.mark.hostguard]

AGEING_S = 10
# probing starts at most ageing/4 before age-out: a dead host is gone at
# ageing + that window at the latest, plus BGP propagation.
DEAD_BOUND_S = AGEING_S + AGEING_S / 4 + 3


def host(pe, h):
    return tracked_host(pe, HOST_MAC[h]) or {}


def targets(pe, h):
    return host(pe, h).get("probeTargets", [])


def setup_module(mod):
    setup_fabric(
        mod,
        zebra_args={"pe1": "", "pe2": "", "pe3": "learn-targets=off"},
        gateway=False,
        ageing_cs=AGEING_S * 100,
    )
    tgen = get_topogen()
    # h1: IPv4 only. h2: IPv6 only (no IPv4 address). h3 (control): IPv4 only.
    for h in ("h1", "h3"):
        tgen.gears[h].run("sysctl -qw net.ipv6.conf.{}-eth0.disable_ipv6=1".format(h))
    tgen.gears["h2"].run("ip -4 addr flush dev h2-eth0")


def teardown_module(mod):
    teardown_fabric()


def test_silent_hosts_kept_stock_withdrawn():
    """One ARP (h1) or one NA (h2), then six ageing periods of silence."""
    tgen = get_topogen()
    pe1, pe2, pe3, rr = (tgen.gears[n] for n in ("pe1", "pe2", "pe3", "rr"))
    announce = {
        "h1": ("garp", HOST_IP4["h1"]),
        "h2": ("na", HOST_IP6["h2"]),
        "h3": ("garp", HOST_IP4["h3"]),
    }
    for h, (kind, ip) in announce.items():
        home = tgen.gears["pe" + h[1]]
        wait_for(
            lambda: (
                send(tgen.gears[h], h + "-eth0", kind, ip, HOST_MAC[h])
                and remote_has_mac(pe3 if h != "h3" else pe1, HOST_MAC[h])
            ),
            timeout=60,
            interval=3,
            what="{}'s MAC to be advertised".format(h),
        )
        if h != "h3":
            wait_for(
                lambda: ip in targets(home, h),
                timeout=20,
                what="{} to learn {} as a probe target".format(home.name, ip),
            )
    assert targets(pe3, "h3") == [], "learn-targets=off learned a target"
    # The first probe of the IPv6 host comes from the bridge's link-local
    # address: the host checks that address a few seconds later, the
    # bridge answers, and the node learns the host's link-local address
    # (one MAC+IP route, and its update once the node confirmed it, as for
    # any host that talks to the bridge). The silence is measured from there.
    for pe, h in (("pe1", "h1"), ("pe2", "h2")):
        wait_for(lambda: host(tgen.gears[pe], h).get("probesAnswered", 0) >= 1,
                 timeout=3 * AGEING_S, what="a first probe of {} answered".format(h))
    time.sleep(15)

    before = {pe: updates_received(rr, VTEP[pe]) for pe in ("pe1", "pe2")}
    sent0 = {h: host(tgen.gears[pe], h)["probesSent"] for pe, h in (("pe1", "h1"), ("pe2", "h2"))}
    stock_withdrawn = False
    end = time.time() + 6 * AGEING_S + 5
    while time.time() < end:
        for h in ("h1", "h2"):
            assert remote_has_mac(pe3, HOST_MAC[h]), "silent {} withdrawn".format(h)
        if not remote_has_mac(pe1, HOST_MAC["h3"]):
            stock_withdrawn = True
        time.sleep(1)
    assert stock_withdrawn, "control: silent h3 at pe3 (learn-targets=off) never withdrawn"
    # No route churn: neither PE sent an UPDATE for its silent host.
    for pe, n in before.items():
        assert updates_received(rr, VTEP[pe]) == n, pe + " sent UPDATEs"
    for pe, h in (("pe1", "h1"), ("pe2", "h2")):
        st = host(tgen.gears[pe], h)
        assert st["probesAnswered"] >= 5, st
        # At most one probe per ageing period while the host answers.
        sent = st["probesSent"] - sent0[h]
        assert sent <= 6 * AGEING_S / (AGEING_S - AGEING_S / 4) + 2, (sent, st)


def test_targets_never_installed_or_advertised():
    """Probe targets stay probe targets: no binding, neighbour, or MAC+IP route."""
    tgen = get_topogen()
    pe1, pe2 = tgen.gears["pe1"], tgen.gears["pe2"]
    assert bindings(pe1) == [] and bindings(pe2) == []
    assert not kernel_neigh(pe1, HOST_IP4["h1"])
    assert not kernel_neigh(pe2, HOST_IP6["h2"])
    routes = type2_macs(tgen.gears["pe3"])
    assert HOST_IP4["h1"] not in routes.get(HOST_MAC["h1"], ())
    assert HOST_IP6["h2"] not in routes.get(HOST_MAC["h2"], ())
    st = hgctl(pe1, "show hostguard status json")
    assert st["probeTargets"]["learning"] and st["probeTargets"]["learned"] >= 1
    assert not st["snoop"]["bindings"]


def link_local(node, dev):
    out = node.cmd("ip -6 -o addr show dev {} scope link".format(dev)).split()
    return out[out.index("inet6") + 1].split("/")[0] if "inet6" in out else None


def test_unanswered_first_candidate_costs_once():
    """zebra's address for h1 is a link-local one h1 gave up: asked once, not every period."""
    tgen = get_topogen()
    pe1, h1 = tgen.gears["pe1"], tgen.gears["h1"]
    h1.run("sysctl -qw net.ipv6.conf.h1-eth0.disable_ipv6=0")
    ll = {}
    wait_for(lambda: ll.update(h1=link_local(h1, "h1-eth0"), br=link_local(pe1, "vnet100"))
             or (ll["h1"] and ll["br"] and "tentative" not in h1.cmd("ip -6 addr show dev h1-eth0")),
             timeout=20, what="h1's and vnet100's link-local addresses")
    # h1 talks to the bridge once: the node's neighbour entry for its
    # link-local address becomes zebra's address for h1, the first candidate.
    wait_for(lambda: h1.cmd("ping -6 -c1 -W1 {}%h1-eth0 >/dev/null; echo $?".format(ll["br"]))
             .strip() == "0" and ll["h1"] in targets(pe1, "h1"),
             timeout=20, what="pe1 to hold h1's link-local address")
    h1.run("sysctl -qw net.ipv6.conf.h1-eth0.disable_ipv6=1")
    answered = host(pe1, "h1")["probesAnswered"]
    wait_for(lambda: host(pe1, "h1").get("probesAnswered", 0) > answered,
             timeout=3 * AGEING_S, what="a probe of h1 answered without IPv6")
    sent0 = host(pe1, "h1")["probesSent"]
    time.sleep(4 * AGEING_S)
    st = host(pe1, "h1")
    assert st["state"] != "dead", st
    # One probe per ageing period: each cycle starts with the address h1
    # answered, not with the link-local one it no longer answers for.
    sent = st["probesSent"] - sent0
    assert sent <= 4 * AGEING_S / (AGEING_S - AGEING_S / 4) + 2, (sent, st)


def test_dead_host_withdrawn_in_time():
    """A host that stops answering is withdrawn within ageing + window."""
    tgen = get_topogen()
    tgen.gears["h1"].run("ip link set dev h1-eth0 arp off")
    t0 = time.time()
    wait_for(
        lambda: not remote_has_mac(tgen.gears["pe2"], HOST_MAC["h1"]),
        timeout=DEAD_BOUND_S + 10,
        interval=0.5,
        what="dead h1 to be withdrawn",
    )
    took = time.time() - t0
    assert took <= DEAD_BOUND_S, "dead host withdrawn after {:.1f} s".format(took)
    assert hgctl(tgen.gears["pe1"], "show hostguard status json")["counters"]["probesSent"]

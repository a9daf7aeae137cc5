# SPDX-License-Identifier: GPL-2.0-or-later
"""
Foreign gateway: pe1's bridge carries another MAC with the same gateway IP,
and every PE advertises its SVI IP (advertise-svi-ip). On equal sequence
numbers bgpd prefers the lowest originator, so pe1's claim wins on pe2 and
pe3. pe1 and pe3 run the gateway guard (zebra and bgpd); pe2 runs it off
(stock), the control that installs a remote neighbour for its own gateway
IP and stops advertising its gateway route.

pe2 and pe3 share the anycast MAC on their bridges (Proxmox layout): the
regression guard that nothing changes between them (no duplicate
detection, gateway reachable).
"""
import os
import re
import sys
import time

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from hostguard_fabric import (  # noqa: E402
    ANYCAST_MAC,
    GATEWAY4,
    VTEP,
    advertises,
    daemon_log,
    evpn_json,
    gateway_neigh,
    hgctl,
    setup_fabric,
    teardown_fabric,
    wait_for,
)
from lib.topogen import get_topogen  # noqa: E402

pytestmark = [pytest.mark.bgpd, pytest.mark.hostguard]

FOREIGN_MAC = "02:00:00:00:33:33"
GUARDED = ("pe1", "pe3")
OWN_MAC = {"pe1": FOREIGN_MAC, "pe2": ANYCAST_MAC, "pe3": ANYCAST_MAC}
STOCK = "gateway-guard=off"


def setup_module(mod):
    setup_fabric(
        mod,
        zebra_args={"pe2": STOCK},
        bgpd_args={"pe2": STOCK},
        advertise_svi_ip=True,
        bridge_mac={"pe1": FOREIGN_MAC},
    )


def teardown_module(mod):
    teardown_fabric()


def remote_gateway_neigh(router):
    return "extern_learn" in gateway_neigh(router)


def test_stock_installs_remote_neighbour_for_own_gateway():
    """Control: without the guard, pe1's claim lands in pe2's kernel."""
    tgen = get_topogen()
    wait_for(
        lambda: remote_gateway_neigh(tgen.gears["pe2"]),
        timeout=90,
        what="stock pe2 to install pe3's gateway as a remote neighbour",
    )
    assert FOREIGN_MAC in gateway_neigh(tgen.gears["pe2"])
    # ... and pe2 stops advertising its own gateway route.
    rr = tgen.gears["rr"]
    wait_for(
        lambda: not advertises(rr, "pe2", ANYCAST_MAC, GATEWAY4),
        timeout=30,
        what="stock pe2 to withdraw its gateway route",
    )


def test_guard_keeps_gateway_local_and_advertised():
    tgen = get_topogen()
    rr = tgen.gears["rr"]
    # pe3 loses bgpd's selection to pe1's claim: its zebra is handed the
    # foreign route and the dataplane guard keeps it out of the kernel.
    pe3 = tgen.gears["pe3"]
    wait_for(
        lambda: hgctl(pe3, "show hostguard gateway json")["counters"]["remoteNeighInstall"] >= 1,
        timeout=60,
        what="pe3 to block a remote neighbour for its gateway",
    )

    def settled():
        return all(
            not remote_gateway_neigh(tgen.gears[pe])
            and advertises(rr, pe, OWN_MAC[pe], GATEWAY4)
            for pe in GUARDED
        )

    wait_for(settled, timeout=30, what="guarded PEs to keep and advertise their gateway")
    # ... and it stays so: nothing installed, own route advertised.
    end = time.time() + 8
    while time.time() < end:
        for pe in GUARDED:
            r = tgen.gears[pe]
            assert not remote_gateway_neigh(r), "{}: {}".format(pe, gateway_neigh(r))
            assert advertises(rr, pe, OWN_MAC[pe], GATEWAY4), pe + " withdrew its gateway"
        time.sleep(1)
    for pe in GUARDED:
        r = tgen.gears[pe]
        arp = evpn_json(r, "show evpn arp-cache vni 100 ip {} json".format(GATEWAY4))
        assert arp.get("type") == "local", "{}: {}".format(pe, arp)
        st = hgctl(r, "show hostguard gateway json")
        assert any(g["ip"] == GATEWAY4 for g in st["gatewayIps"]), st
    st = hgctl(pe3, "show hostguard gateway json")
    assert st["counters"]["gatewaysReclaimed"] >= 1, st


def logged_vteps(tgen, pe, daemon, text):
    lines = daemon_log(tgen.gears[pe], daemon, text)
    return lines, [re.search(r"VTEP (\S+)", l).group(1) for l in lines]


def test_conflict_logged_once_per_vtep():
    tgen = get_topogen()
    checks = [(pe, "bgpd", "advertises gateway IP {} ".format(GATEWAY4)) for pe in GUARDED]
    checks.append(("pe3", "zebra", "claims gateway IP {} ".format(GATEWAY4)))
    for pe, daemon, text in checks:
        lines, vteps = logged_vteps(tgen, pe, daemon, text)
        assert vteps, "{} {}: conflict not logged".format(pe, daemon)
        assert len(vteps) == len(set(vteps)), "{}: logged more than once: {}".format(pe, lines)
        assert VTEP[pe] not in vteps


def test_conflict_shown_by_bgpd():
    tgen = get_topogen()
    for pe, theirs in (("pe1", ANYCAST_MAC), ("pe3", FOREIGN_MAC)):
        r = tgen.gears[pe]
        out = wait_for(
            lambda: [
                c
                for c in hgctl(r, "show hostguard gateway conflicts json", "bgpd")["conflicts"]
                if c["ip"] == GATEWAY4 and c["theirMac"] == theirs
            ],
            timeout=30,
            what=pe + " to show the gateway conflict",
        )
        c = out[0]
        assert c["ourMac"] == OWN_MAC[pe] and c["vtep"] != VTEP[pe], c
        assert c["rd"].startswith(c["vtep"] + ":"), c
        assert c["contained"], c
    text = hgctl(tgen.gears["pe3"], "show hostguard gateway conflicts", "bgpd")
    assert FOREIGN_MAC in text and "10.0.0.1:" in text, text
    # The stock PE reports nothing.
    st = hgctl(tgen.gears["pe2"], "show hostguard gateway conflicts json", "bgpd")
    assert st["numConflicts"] == 0, st


def test_proxmox_pair_unaffected():
    """pe2/pe3 share the anycast MAC: no duplicates, gateway reachable."""
    tgen = get_topogen()
    for pe in ("pe2", "pe3"):
        dup = evpn_json(tgen.gears[pe], "show evpn mac vni 100 duplicate json")
        assert not dup.get("macs"), "{}: {}".format(pe, dup)
        assert not tgen.gears[pe].cmd("ip neigh show dev vnet100 | grep {}".format(ANYCAST_MAC)).strip()
    for h in ("h2", "h3"):
        out = tgen.gears[h].run("ping -c 3 -i 0.3 -W 1 " + GATEWAY4)
        assert " 0% packet loss" in out, h + ": " + out


def test_proxmox_gateway_survives_route_churn():
    """
    Routes come and go (pe2's session to the reflector is reset) while h3
    pings its gateway: no loss, pe3's gateway stays local, nothing frozen.
    """
    tgen = get_topogen()
    h3, pe2, pe3 = tgen.gears["h3"], tgen.gears["pe2"], tgen.gears["pe3"]
    out = os.path.join(tgen.logdir, "h3", "churn-ping.txt")
    h3.run("ping -c 40 -i 0.2 -W 1 {} > {} 2>&1 &".format(GATEWAY4, out))
    time.sleep(1)
    pe2.vtysh_cmd("clear bgp l2vpn evpn *")
    wait_for(
        lambda: " 0% packet loss" in open(out).read() or "packet loss" in open(out).read(),
        timeout=30,
        what="h3's ping to finish",
    )
    with open(out) as f:
        text = f.read()
    assert " 0% packet loss" in text, text
    arp = evpn_json(pe3, "show evpn arp-cache vni 100 ip {} json".format(GATEWAY4))
    assert arp.get("type") == "local", arp
    dup = evpn_json(pe3, "show evpn arp-cache vni 100 duplicate json")
    assert not [k for k in dup if k not in ("numArpNd", "numDupArpNd")], dup

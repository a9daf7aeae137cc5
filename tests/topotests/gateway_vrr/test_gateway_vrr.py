# SPDX-License-Identifier: GPL-2.0-or-later
"""
VRR layout: each PE's bridge keeps the node's own MAC and a unique IP; a
macvlan over it (vrr100) carries the gateway 10.10.0.1 with the anycast
MAC. pe1 and pe2 run the gateway guard, pe3 runs it off (stock): the
control whose host gets two ARP answers for its gateway, one with the
node's MAC, and whose bridge learns the anycast MAC from a tenant. The last
test migrates hosts: it runs last.
"""
import os
import sys
import time

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from hostguard_fabric import (  # noqa: E402
    ANYCAST_MAC,
    SERVICE_IP,
    add_service_ip,
    add_vrr,
    advertises_mac,
    arp_answers,
    cached_gateway_mac,
    daemon_log,
    hgctl,
    move_host,
    ns_answers,
    routed_without_gateway_arp,
    send_spoofed,
    setup_fabric,
    teardown_fabric,
    wait_for,
)
from lib.topogen import get_topogen  # noqa: E402

pytestmark = [pytest.mark.bgpd, pytest.mark.hostguard]

NODE_MAC = {"pe1": "02:00:00:00:aa:01", "pe2": "02:00:00:00:aa:02", "pe3": "02:00:00:00:aa:03"}
NODE_IP = {"pe1": "10.10.0.201", "pe2": "10.10.0.202", "pe3": "10.10.0.203"}


def setup_module(mod):
    # pe1 finds the anycast MAC itself (auto), pe2 is told it for VNI 100.
    tgen = setup_fabric(
        mod,
        zebra_args={"pe2": "anycast-mac={}@100".format(ANYCAST_MAC), "pe3": "gateway-guard=off"},
        gateway=False,
        bridge_mac=NODE_MAC,
    )
    for pe in NODE_MAC:
        add_vrr(tgen.gears[pe], NODE_IP[pe])


def teardown_module(mod):
    teardown_fabric()


def fdb_lines(router, mac):
    out = router.cmd("bridge fdb show br vnet100")
    return [l for l in out.splitlines() if l.lower().startswith(mac)]


def test_stock_answers_twice_with_node_mac():
    """Control: the bridge answers for the VRR's gateway IP too."""
    tgen = get_topogen()
    answers = wait_for(
        lambda: (lambda a: a if len(a) == 2 else None)(arp_answers(tgen, "h3")),
        timeout=30,
        what="two ARP answers at stock pe3",
    )
    assert sorted(answers) == sorted([NODE_MAC["pe3"], ANYCAST_MAC]), answers


def test_guarded_one_answer_with_anycast_mac():
    tgen = get_topogen()
    for h, pe in (("h1", "pe1"), ("h2", "pe2")):
        wait_for(
            lambda: arp_answers(tgen, h) == [ANYCAST_MAC],
            timeout=30,
            what="one ARP answer with the anycast MAC at " + pe,
        )
        r = tgen.gears[pe]
        assert r.cmd("sysctl -n net.ipv4.conf.vnet100.arp_ignore").strip() == "1"
        assert any("master vnet100 permanent" in l for l in fdb_lines(r, ANYCAST_MAC)), (
            fdb_lines(r, ANYCAST_MAC)
        )
    # Again, several times: never a second answer.
    for _ in range(3):
        assert arp_answers(tgen, "h1", seconds=0.5) == [ANYCAST_MAC]
    # Neighbour discovery is per interface: one answer, anycast, everywhere.
    for h in ("h1", "h2", "h3"):
        assert ns_answers(tgen, h) == [ANYCAST_MAC], h


def test_gateway_arp_stays_off_the_underlay():
    """
    neigh_suppress answers locally: no ARP for the gateway in VXLAN. The
    same capture sees an ARP for an address nobody has cross (flooded).
    """
    tgen = get_topogen()
    pe1 = tgen.gears["pe1"]
    # VXLAN-encapsulated ARP: inner Ethernet type at UDP payload 8 + 12
    flt = "udp port 4789 and udp[28:2] = 0x0806"
    pcap = os.path.join(tgen.logdir, "pe1", "underlay.pcap")
    pe1.run(
        "timeout 5 tcpdump -U -i pe1-eth0 -w {} '{}' >/dev/null 2>&1 &".format(pcap, flt)
    )
    time.sleep(1)
    for _ in range(3):
        assert arp_answers(tgen, "h1", seconds=0.3) == [ANYCAST_MAC]
    arp_answers(tgen, "h1", target="10.10.0.77", seconds=0.3)
    time.sleep(4)
    out = pe1.run("tcpdump -nn -r {} 2>/dev/null".format(pcap))
    assert "who-has 10.10.0.77" in out, "capture saw no flooded ARP: " + out
    assert "who-has 10.10.0.1 " not in out, "ARP for the gateway crossed the underlay: " + out


def test_stock_bridge_learns_spoofed_anycast_mac():
    """Control: at stock pe3 a tenant takes the anycast MAC."""
    tgen = get_topogen()
    send_spoofed(tgen, "h3", ANYCAST_MAC)
    pe3 = tgen.gears["pe3"]
    wait_for(
        lambda: any("dev pe3-eth1" in l for l in fdb_lines(pe3, ANYCAST_MAC)),
        timeout=10,
        what="stock pe3 to learn the anycast MAC on h3's port",
    )
    wait_for(
        lambda: advertises_mac(tgen.gears["rr"], "pe3", ANYCAST_MAC),
        timeout=30,
        what="stock pe3 to advertise the anycast MAC",
    )


def test_spoofed_anycast_mac_not_learned_nor_advertised():
    tgen = get_topogen()
    pe2 = tgen.gears["pe2"]
    for _ in range(2):
        send_spoofed(tgen, "h2", ANYCAST_MAC)
    st = wait_for(
        lambda: (lambda s: s if s["counters"]["spoofFrames"] >= 1 else None)(
            hgctl(pe2, "show hostguard gateway json")
        ),
        timeout=10,
        what="pe2 to see the spoofed frames",
    )
    assert st["counters"]["spoofOffenders"] == 1, st
    assert not any("dev pe2-eth1" in l for l in fdb_lines(pe2, ANYCAST_MAC))
    assert not advertises_mac(tgen.gears["rr"], "pe2", ANYCAST_MAC)
    lines = daemon_log(pe2, "zebra", "sends frames with the anycast gateway MAC")
    assert len(lines) == 1 and "port pe2-eth1" in lines[0] and "VNI 100" in lines[0], lines
    # The gateway is untouched.
    for h in ("h1", "h2"):
        assert arp_answers(tgen, h) == [ANYCAST_MAC], h


def check_states(router):
    out = hgctl(router, "show hostguard gateway check json")["vnis"]["100"]
    return {c["check"]: c["state"] for c in out["checks"]}, out


def test_gateway_check():
    tgen = get_topogen()
    pe1, pe3 = tgen.gears["pe1"], tgen.gears["pe3"]
    states, out = check_states(pe1)
    for name in ("vxlanNolearning", "portLearningOff", "neighSuppress", "anycastMacLocal",
                 "sviArpIgnore", "gatewayGuard"):
        assert states.get(name) == "ok", out
    assert out["missing"] == 0, out
    text = hgctl(pe1, "show hostguard gateway check")
    assert "VNI 100 (bridge vnet100, vxlan vxlan100, SVI vnet100): 0 missing" in text, text
    text = hgctl(pe1, "show hostguard gateway")
    assert ANYCAST_MAC in text and "vrr100" in text, text
    # The stock node lacks what the guard repairs.
    states, out = check_states(pe3)
    assert states["sviArpIgnore"] == "missing" and states["gatewayGuard"] == "missing", out
    # A setting an operator forgot is named, with the command that sets it.
    pe1.run("bridge link set dev vxlan100 neigh_suppress off")
    try:
        states, out = check_states(pe1)
        assert states["neighSuppress"] == "missing", out
        detail = [c["detail"] for c in out["checks"] if c["check"] == "neighSuppress"][0]
        assert "neigh_suppress on" in detail, detail
    finally:
        pe1.run("bridge link set dev vxlan100 neigh_suppress on")


def test_migration_keeps_routed_traffic():
    """
    h1 (at guarded pe1) and h3 (at stock pe3) resolve their gateway through
    their own ARP, then migrate to pe2 while pe1 and pe3 lose the underlay.
    h1 cached the anycast MAC: its routed traffic continues through pe2 at
    once, with no ARP for the gateway. Control: h3 cached pe3's node MAC
    (the first of two answers), and its traffic goes to a node that is gone.
    """
    tgen = get_topogen()
    h1, h3 = tgen.gears["h1"], tgen.gears["h3"]
    # The access switches forget what earlier tests taught them: h2 sent
    # frames with the anycast MAC as source into acc2, which then sends the
    # gateway MAC to h2 until a frame of pe2's gateway passes (if the spoof
    # test stopped before its last ARP exchange, none did).
    for sw in ("acc1", "acc2", "acc3"):
        tgen.net.cmd_raises("ip link set dev {} type bridge fdb_flush".format(sw))
    add_service_ip(tgen)
    for h in (h1, h3):
        h.run("ip neigh flush dev {}-eth0".format(h.name))
        out = h.run("ping -c 1 -W 2 " + SERVICE_IP)
        assert " 0% packet loss" in out, out
    assert cached_gateway_mac(h1) == ANYCAST_MAC
    assert cached_gateway_mac(h3) == NODE_MAC["pe3"], "stock control: h3 cached the anycast MAC"

    move_host(tgen, "h1", "acc1", "acc2")
    move_host(tgen, "h3", "acc3", "acc2")
    for pe in ("pe1", "pe3"):
        tgen.gears[pe].run("ip link set dev {}-eth0 down".format(pe))
    routed_without_gateway_arp(h1)
    assert cached_gateway_mac(h1) == ANYCAST_MAC
    out = h3.run("ping -c 5 -i 0.2 -W 1 " + SERVICE_IP)
    assert " 0% packet loss" not in out, "stock control: h3's traffic survived:\n" + out

# SPDX-License-Identifier: GPL-2.0-or-later
"""
Hostile tenants with snooping on (snoop=on): a VM claims its gateway's
addresses or MACs, addresses outside its VNet's subnets, or addresses no
host can have. None is ever learned, installed or advertised; each refusal
is counted by reason, shown with its port and MAC, and logged once.

pe1: VRR layout (the bridge has the node's MAC and 10.10.0.201/24; the
macvlan vrr100 carries the gateway 10.10.0.1/24 and 2001:db8:100::1/64
with the anycast MAC). pe2: Proxmox layout (the bridge carries the gateway
and the anycast MAC). pe3: VRR layout with snooping off, as stock FRR: the
regression guard, where the kernel itself must not learn the claims either.
"""
import os
import sys
import time

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from hostguard_fabric import (  # noqa: E402
    ANYCAST_MAC,
    GATEWAY4,
    GATEWAY6,
    HOST_IP4,
    HOST_MAC,
    add_vrr,
    advertises,
    daemon_log,
    hgctl,
    setup_fabric,
    teardown_fabric,
    wait_for,
)
from hg_suppression import binding_of, bindings, kernel_neigh, send, snoop_stats  # noqa: E402
from lib.topogen import get_topogen  # noqa: E402

pytestmark = [pytest.mark.bgpd, pytest.mark.hostguard]

NODE_MAC = {"pe1": "02:00:00:00:aa:01", "pe3": "02:00:00:00:aa:03"}
NODE_IP = {"pe1": "10.10.0.201", "pe3": "10.10.0.203"}
HOST_PE = {"h1": "pe1", "h2": "pe2", "h3": "pe3"}
# The VRR layout's SVI carries the node's own address: claimed too.
NODE_IP_HOSTS = ("h1",)


def setup_module(mod):
    tgen = setup_fabric(
        mod,
        zebra_args={"pe1": "snoop=on", "pe2": "snoop=on", "pe3": "snoop=off"},
        gateway=False,
        bridge_mac=NODE_MAC,
    )
    for pe in NODE_MAC:
        add_vrr(tgen.gears[pe], NODE_IP[pe])
    pe2 = tgen.gears["pe2"]
    pe2.run("ip addr add {}/24 dev vnet100".format(GATEWAY4))
    pe2.run("ip -6 addr add {}/64 dev vnet100 nodad".format(GATEWAY6))
    # The module reads the gateway devices from zebra once a second.
    for pe in ("pe1", "pe2"):
        wait_for(
            lambda: GATEWAY6
            in [g["ip"] for g in hgctl(tgen.gears[pe], "show hostguard gateway json")["gatewayIps"]],
            timeout=60,
            what=pe + " to know its gateway addresses",
        )


def teardown_module(mod):
    teardown_fabric()


def drops(pe):
    return snoop_stats(pe)["drops"]


def grew(pe, before, key, by):
    """Wait until drop counter key of pe grew by at least by."""
    return wait_for(
        lambda: drops(pe)[key] - before[key] >= by,
        timeout=10,
        interval=0.3,
        what="{}: {} +{}".format(pe.name, key, by),
    )


def offender(pe, mac):
    for m in hgctl(pe, "show hostguard offenders json")["macs"]:
        if m["mac"] == mac:
            return m
    return None


def test_own_binding_learned():
    """The fabric snoops: a host's own address is learned (so refusals mean something)."""
    tgen = get_topogen()
    for h in ("h1", "h2"):
        pe = tgen.gears[HOST_PE[h]]
        send(tgen.gears[h], h + "-eth0", "garp", HOST_IP4[h], HOST_MAC[h])
        b = wait_for(lambda: binding_of(pe, HOST_IP4[h]), timeout=10, what=h + "'s binding")
        assert b["mac"] == HOST_MAC[h]


def test_gateway_addresses_never_learned():
    """GARP, ARP reply and unsolicited NA for the gateway: refused, counted, logged once."""
    tgen = get_topogen()
    rr = tgen.gears["rr"]
    for h in ("h1", "h2", "h3"):
        host, pe = tgen.gears[h], tgen.gears[HOST_PE[h]]
        before = drops(pe) if h != "h3" else None
        claims = [("garp", GATEWAY4), ("arp-reply", GATEWAY4), ("na", GATEWAY6)]
        if h in NODE_IP_HOSTS:
            claims.append(("garp", NODE_IP[pe.name]))
        for kind, ip in claims:
            send(host, h + "-eth0", kind, ip, HOST_MAC[h], "--count 2")
        if before is not None:
            grew(pe, before, "ownAddress", 2 * len(claims))
        else:
            time.sleep(2)
        for _, ip in claims:
            assert binding_of(pe, ip) is None
            assert HOST_MAC[h] not in kernel_neigh(pe, ip), (pe.name, kernel_neigh(pe, ip))
            assert not advertises(rr, pe.name, HOST_MAC[h], ip), (pe.name, ip)
        if h == "h3":
            continue
        o = offender(pe, HOST_MAC[h])
        assert o and o["byReason"]["gatewayAddress"] >= 2 * len(claims), o
        assert o["port"] == pe.name + "-eth1" and o["vni"] == 100, o
        lines = [l for l in daemon_log(pe, "zebra", "claims a local gateway address")
                 if HOST_MAC[h] in l]
        assert len(lines) == 1, lines
    # The gateway answers its hosts with the anycast MAC, as before.
    assert GATEWAY4 in tgen.gears["pe1"].cmd("ip -4 addr show dev vrr100")


def test_gateway_macs_never_learned():
    """Claims with the anycast MAC (VRR device's, bridge's) or the SVI's MAC: refused."""
    tgen = get_topogen()
    cases = [("h1", ANYCAST_MAC, "10.10.0.50"), ("h1", NODE_MAC["pe1"], "10.10.0.51"),
             ("h2", ANYCAST_MAC, "10.10.0.52")]
    for h, mac, ip in cases:
        pe = tgen.gears[HOST_PE[h]]
        before = drops(pe)
        send(tgen.gears[h], h + "-eth0", "garp", ip, mac)
        grew(pe, before, "gatewayMac", 1)
        assert binding_of(pe, ip) is None
        assert not kernel_neigh(pe, ip), kernel_neigh(pe, ip)
        assert offender(pe, mac)["byReason"]["gatewayMac"] >= 1


def test_special_and_off_subnet_addresses_refused():
    """Outside the VNI's subnets, subnet edges, multicast, loopback, link-local...: refused."""
    tgen = get_topogen()
    h1, pe1 = tgen.gears["h1"], tgen.gears["pe1"]
    mac = "02:00:00:00:0b:01"
    before = snoop_stats(pe1)
    n = len(bindings(pe1))
    refused = {
        "offSubnet": [("garp", "192.168.7.7"), ("na", "2001:db8:999::5")],
        "subnetBroadcast": [("garp", "10.10.0.255"), ("garp", "10.10.0.0")],
        "specialAddress": [
            ("garp", "169.254.3.3"),
            ("garp", "224.0.0.5"),
            ("garp", "255.255.255.255"),
            ("garp", "127.0.0.9"),
            ("garp", "0.1.2.3"),
            ("garp", "240.0.0.1"),
            ("na", "::ffff:10.10.0.60"),
        ],
        "badSource": [("ns", "ff02::5")],
    }
    for claims in refused.values():
        for kind, ip in claims:
            send(h1, "h1-eth0", kind, ip, mac)
    for key, claims in refused.items():
        grew(pe1, before["drops"], key, len(claims))
    time.sleep(1)
    assert len(bindings(pe1)) == n, bindings(pe1)
    assert not pe1.cmd("ip neigh show dev vnet100 | grep -i " + mac).strip()
    o = offender(pe1, mac)
    assert o["byReason"]["offSubnet"] == 2 and o["byReason"]["specialAddress"] == 9, o
    assert o["byReason"]["badFrame"] == 1, o
    # Inside the subnets, the same MAC is learned at once.
    send(h1, "h1-eth0", "garp", "10.10.0.61", mac)
    wait_for(lambda: binding_of(pe1, "10.10.0.61"), timeout=10, what="an in-subnet claim")


def test_offenders_shown():
    """The offenders command lists ports and MACs, worst first, in text and JSON."""
    tgen = get_topogen()
    pe1 = tgen.gears["pe1"]
    js = hgctl(pe1, "show hostguard offenders json")
    assert js["ports"][0]["port"] == "pe1-eth1", js
    totals = [m["refused"] for m in js["macs"]]
    assert totals == sorted(totals, reverse=True), totals
    text = hgctl(pe1, "show hostguard offenders")
    assert "pe1-eth1" in text and HOST_MAC["h1"] in text, text

# SPDX-License-Identifier: GPL-2.0-or-later
"""
ARP/ND suppression on an L2-only VNet (Proxmox EVPN VNet without a
gateway: the bridges have no IP address, so the kernel never learns an
IPv4 neighbour and stock zebra advertises no IPv4 MAC+IP route).

pe1 and pe2 snoop bindings (snoop=on); pe3 runs the same module with
snooping off, which is stock FRR's behaviour: the control run that shows
the checks can fail. A port of pe1's bridge without a namespace ("spoof0p",
fed from its veth peer in pe1's namespace) plays a second host at pe1 for
the spoofing and storm checks.
"""
import os
import sys
import time

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from hostguard_fabric import (  # noqa: E402
    ANYCAST_MAC,
    HOST_IP4,
    HOST_IP6,
    HOST_MAC,
    bgp_established,
    daemon_log,
    hgctl,
    remote_has_mac,
    remote_vteps,
    setup_fabric,
    teardown_fabric,
    type2_macs,
    wait_for,
)
from hg_suppression import (  # noqa: E402
    FRAMES,
    Capture,
    arp_requests,
    binding_of,
    bindings,
    kernel_neigh,
    mtype_count,
    ns_requests,
    send,
    snoop_stats,
)
from lib.topogen import get_topogen  # noqa: E402

pytestmark = [pytest.mark.bgpd, pytest.mark.hostguard]

SPOOF_MAC = "02:00:00:00:00:66"
SPOOF_PORT = "spoof0p"
MAX_BINDINGS = 16


def setup_module(mod):
    setup_fabric(
        mod,
        zebra_args={
            # the VNI's limit alone: the per-MAC and per-port quotas are
            # tenants_quota's
            "pe1": "snoop=on,max-bindings={},max-bindings-per-mac=64,"
            "max-bindings-per-port=0".format(MAX_BINDINGS),
            "pe2": "snoop=on",
            "pe3": "snoop=off",
        },
        gateway=False,
    )
    tgen = get_topogen()
    pe1 = tgen.gears["pe1"]
    for cmd in (
        "ip link add spoof0 type veth peer name " + SPOOF_PORT,
        "sysctl -qw net.ipv6.conf.spoof0.disable_ipv6=1",
        "sysctl -qw net.ipv6.conf.{}.disable_ipv6=1".format(SPOOF_PORT),
        "ip link set dev spoof0 address " + SPOOF_MAC,
        "ip link set dev {} master vnet100".format(SPOOF_PORT),
        "ip link set dev spoof0 up",
        "ip link set dev {} up".format(SPOOF_PORT),
    ):
        pe1.run(cmd)
    for pe in ("pe1", "pe2", "pe3"):
        wait_for(
            lambda: len(remote_vteps(tgen.gears[pe])) == 2,
            timeout=90,
            what=pe + " to see the other VTEPs",
        )


def teardown_module(mod):
    teardown_fabric()


def test_ipv4_announce_once_answered_at_remote_vtep():
    """h1 announces itself once: MAC+IP route on pe2/pe3, h2's ARP answered at pe2."""
    tgen = get_topogen()
    pe1, pe2, pe3 = (tgen.gears[p] for p in ("pe1", "pe2", "pe3"))
    h1, h2 = tgen.gears["h1"], tgen.gears["h2"]
    ip, mac = HOST_IP4["h1"], HOST_MAC["h1"]

    assert not pe1.cmd("ip -4 addr show dev vnet100").count("inet "), "not an L2-only VNet"
    send(h1, "h1-eth0", "garp", ip, mac)
    b = wait_for(lambda: binding_of(pe1, ip), timeout=10, what="pe1 to snoop h1's ARP")
    assert b["mac"] == mac and b["source"] == "arp" and b["installed"]
    assert "PERMANENT proto 104" in kernel_neigh(pe1, ip)
    assert ip in hgctl(pe1, "show hostguard bindings vni 100")
    assert "ARP/ND snooping" in hgctl(pe1, "show hostguard status")
    for pe in (pe2, pe3):
        wait_for(
            lambda: ip in type2_macs(pe).get(mac, ()),
            timeout=30,
            what="MAC+IP route of h1 at " + pe.name,
        )
    wait_for(lambda: mac in kernel_neigh(pe2, ip), timeout=10, what="pe2 to install h1's IP")

    under = Capture(pe2, "pe2-eth0", "udp port 4789", "sup-v4-underlay")
    port = Capture(pe1, "pe1-eth1", "arp", "sup-v4-h1port")
    h2.run("ip neigh flush dev h2-eth0")
    out = h2.run("arping -c 1 -w 3 -i h2-eth0 -S {} {}".format(HOST_IP4["h2"], ip))
    under_txt, port_txt = under.stop(), port.stop()
    assert mac in out.lower(), "h2 got no ARP answer for h1: " + out
    assert not arp_requests(under_txt, ip, HOST_IP4["h2"]), "ARP crossed the underlay"
    assert not arp_requests(port_txt, ip, HOST_IP4["h2"]), "ARP reached h1's port"
    st = snoop_stats(pe1)
    assert st["learned"] >= 1


def test_ipv4_stock_control_floods():
    """pe3 without snooping (stock): no IPv4 MAC+IP route, h2's ARP crosses."""
    tgen = get_topogen()
    pe1, pe2 = tgen.gears["pe1"], tgen.gears["pe2"]
    h2, h3 = tgen.gears["h2"], tgen.gears["h3"]
    ip, mac = HOST_IP4["h3"], HOST_MAC["h3"]

    send(h3, "h3-eth0", "garp", ip, mac)
    wait_for(lambda: remote_has_mac(pe2, mac), timeout=30, what="pe2 to import h3's MAC")
    time.sleep(3)
    for pe in (pe1, pe2):
        assert ip not in type2_macs(pe).get(mac, ()), "stock pe3 advertised an IPv4 MAC+IP"
    assert mac not in kernel_neigh(pe2, ip)

    under = Capture(pe2, "pe2-eth0", "udp port 4789", "sup-v4-stock-underlay")
    h2.run("ip neigh flush dev h2-eth0")
    out = h2.run("arping -c 1 -w 3 -i h2-eth0 -S {} {}".format(HOST_IP4["h2"], ip))
    under_txt = under.stop()
    assert mac in out.lower(), "h3 did not answer at all: " + out
    assert arp_requests(under_txt, ip, HOST_IP4["h2"]), (
        "stock control: the ARP request did not cross the underlay:\n" + under_txt
    )


def resolve6(h, src_host, target):
    h.run("ip -6 neigh flush dev {}-eth0".format(src_host))
    return h.run("ping -6 -c 1 -W 3 -I {} {}".format(HOST_IP6[src_host], target))


def test_ipv6_unsolicited_na_answered_at_remote_vtep():
    """DAD alone teaches nothing; an unsolicited NA does; h2's NS answered at pe2."""
    tgen = get_topogen()
    pe1, pe2, pe3 = (tgen.gears[p] for p in ("pe1", "pe2", "pe3"))
    h1, h2 = tgen.gears["h1"], tgen.gears["h2"]
    ip, mac = HOST_IP6["h1"], HOST_MAC["h1"]

    send(h1, "h1-eth0", "dad", ip, mac)
    time.sleep(2)
    assert binding_of(pe1, ip) is None, "a DAD probe claimed an address"
    send(h1, "h1-eth0", "na", ip, mac)
    b = wait_for(lambda: binding_of(pe1, ip), timeout=10, what="pe1 to snoop h1's NA")
    assert b["mac"] == mac and b["source"] == "nd"
    for pe in (pe2, pe3):
        wait_for(
            lambda: ip in type2_macs(pe).get(mac, ()),
            timeout=30,
            what="IPv6 MAC+IP route of h1 at " + pe.name,
        )
    wait_for(lambda: mac in kernel_neigh(pe2, ip), timeout=10, what="pe2 to install h1's IPv6")

    under = Capture(pe2, "pe2-eth0", "udp port 4789", "sup-v6-underlay")
    out = resolve6(h2, "h2", ip)
    under_txt = under.stop()
    assert " 0% packet loss" in out, "h2 cannot reach h1 over IPv6: " + out
    assert not ns_requests(under_txt, ip, HOST_IP6["h2"]), "NS crossed the underlay"


def test_ipv6_stock_control_floods():
    """pe3 without snooping: no IPv6 MAC+IP route for h3, h2's NS crosses."""
    tgen = get_topogen()
    pe2, h2, h3 = tgen.gears["pe2"], tgen.gears["h2"], tgen.gears["h3"]
    ip, mac = HOST_IP6["h3"], HOST_MAC["h3"]

    send(h3, "h3-eth0", "na", ip, mac)
    time.sleep(3)
    assert ip not in type2_macs(pe2).get(mac, ()), "stock pe3 advertised an IPv6 MAC+IP"
    under = Capture(pe2, "pe2-eth0", "udp port 4789", "sup-v6-stock-underlay")
    out = resolve6(h2, "h2", ip)
    under_txt = under.stop()
    assert " 0% packet loss" in out, "h3 unreachable over IPv6: " + out
    assert ns_requests(under_txt, ip, HOST_IP6["h2"]), (
        "stock control: the NS did not cross the underlay:\n" + under_txt
    )


def test_never_own_address_or_gateway_mac():
    """Claims on the SVI's own address or with the gateway MAC teach nothing."""
    tgen = get_topogen()
    pe1 = tgen.gears["pe1"]
    gw = "10.10.0.1"

    before = snoop_stats(pe1)
    pe1.run("ip addr add {}/24 dev vnet100".format(gw))
    try:
        time.sleep(1)  # zebra reads the address from the kernel
        send(pe1, "spoof0", "garp", gw, SPOOF_MAC)
        wait_for(
            lambda: snoop_stats(pe1)["drops"]["ownAddress"] > before["drops"]["ownAddress"],
            timeout=10,
            interval=0.3,
            what="a claim on the SVI's address to be dropped",
        )
    finally:
        # Removing the last address flushes the SVI's neighbours, ours too.
        pe1.run("ip addr del {}/24 dev vnet100".format(gw))
    assert binding_of(pe1, gw) is None
    # h1 answers the module's probe: its binding is installed again.
    wait_for(
        lambda: "PERMANENT" in kernel_neigh(pe1, HOST_IP4["h1"])
        and HOST_MAC["h1"] in kernel_neigh(pe1, HOST_IP4["h1"]),
        timeout=10,
        interval=0.3,
        what="h1's flushed binding to be confirmed and installed again",
    )
    send(pe1, "spoof0", "garp", "10.10.0.77", ANYCAST_MAC)
    wait_for(
        lambda: snoop_stats(pe1)["drops"]["gatewayMac"] > before["drops"]["gatewayMac"],
        timeout=10,
        interval=0.3,
        what="a claim with the anycast gateway MAC to be dropped",
    )
    assert binding_of(pe1, "10.10.0.77") is None


def test_spoof_rejected_while_holder_alive():
    """A claim on h1's IP is rejected while h1 answers probes, locally and remotely."""
    tgen = get_topogen()
    pe1, pe2, h2 = tgen.gears["pe1"], tgen.gears["pe2"], tgen.gears["h2"]
    ip, mac = HOST_IP4["h1"], HOST_MAC["h1"]

    assert binding_of(pe1, ip)["mac"] == mac
    before = snoop_stats(pe1)
    send(pe1, "spoof0", "garp", ip, SPOOF_MAC, "--count 3 --pps 5")
    wait_for(
        lambda: snoop_stats(pe1)["conflictsRejected"] > before["conflictsRejected"],
        timeout=10,
        interval=0.3,
        what="pe1 to reject the spoofed claim",
    )
    st = snoop_stats(pe1)
    assert st["verifyProbes"] > before["verifyProbes"], "the holder was never probed"
    assert st["moves"] == before["moves"]
    assert binding_of(pe1, ip)["mac"] == mac, "spoofer took h1's IP"
    assert mac in kernel_neigh(pe1, ip)
    assert daemon_log(pe1, "zebra", "claimed {} of live {}".format(ip, mac))
    assert ip not in type2_macs(pe2).get(SPOOF_MAC, ())
    assert ip in type2_macs(pe2).get(mac, ())

    # The same for IPv6: the holder answers a unicast NS from the SVI.
    ip6 = HOST_IP6["h1"]
    rejected = snoop_stats(pe1)["conflictsRejected"]
    send(pe1, "spoof0", "na", ip6, SPOOF_MAC)
    wait_for(
        lambda: snoop_stats(pe1)["conflictsRejected"] > rejected,
        timeout=10,
        interval=0.3,
        what="pe1 to reject the spoofed NA",
    )
    assert binding_of(pe1, ip6)["mac"] == mac
    assert mac in kernel_neigh(pe1, ip6)

    # h2 at pe2 claims it too: held behind pe1, it is left to pe1.
    before2 = snoop_stats(pe2)
    send(h2, "h2-eth0", "garp", ip, HOST_MAC["h2"])
    wait_for(
        lambda: snoop_stats(pe2)["remoteConflicts"] > before2["remoteConflicts"],
        timeout=10,
        interval=0.3,
        what="pe2 to refuse a claim on a remote host's IP",
    )
    assert binding_of(pe2, ip) is None
    assert HOST_MAC["h2"] not in kernel_neigh(pe2, ip)
    time.sleep(2)
    assert ip in type2_macs(pe2).get(mac, ())
    assert ip not in type2_macs(tgen.gears["pe3"]).get(HOST_MAC["h2"], ())


def test_legitimate_move_when_holder_gone():
    """h1 stops answering ARP: the next claim moves the IP after failed probes."""
    tgen = get_topogen()
    pe1, pe2, h1 = tgen.gears["pe1"], tgen.gears["pe2"], tgen.gears["h1"]
    ip = HOST_IP4["h1"]

    h1.run("ip link set dev h1-eth0 arp off")
    try:
        before = snoop_stats(pe1)
        time.sleep(5.5)  # the earlier rejection holds further claims off 5 s
        send(pe1, "spoof0", "garp", ip, SPOOF_MAC)
        wait_for(
            lambda: binding_of(pe1, ip)["mac"] == SPOOF_MAC,
            timeout=10,
            interval=0.3,
            what="the IP to move to the new MAC",
        )
        assert snoop_stats(pe1)["moves"] == before["moves"] + 1
        wait_for(
            lambda: ip in type2_macs(pe2).get(SPOOF_MAC, ()),
            timeout=30,
            what="pe2 to learn the moved binding",
        )
        wait_for(lambda: SPOOF_MAC in kernel_neigh(pe2, ip), timeout=10, what="pe2 neighbour")
    finally:
        h1.run("ip link set dev h1-eth0 arp on")


def test_arp_storm_bounded():
    """A port floods ARP: drops counted, BGP stays up, other hosts still learned."""
    tgen = get_topogen()
    pe1, pe2, h1 = tgen.gears["pe1"], tgen.gears["pe2"], tgen.gears["h1"]
    extra_ip = "10.10.0.21"

    state, conns = bgp_established(pe1)
    assert state == "Established"
    before = snoop_stats(pe1)
    out = os.path.join(tgen.logdir, "sup-storm.txt")
    pe1.cmd(
        "timeout 20 python3 {} spoof0 garp 10.10.0.66 {} --secs 4 --dst {} > {} 2>&1 &".format(
            FRAMES, SPOOF_MAC, ANYCAST_MAC, out
        )
    )
    time.sleep(1)
    send(h1, "h1-eth0", "garp", extra_ip, HOST_MAC["h1"])  # once, mid-storm
    wait_for(lambda: pe1.cmd("cat " + out).strip(), timeout=15, what="the storm to end")
    sent = int(pe1.cmd("cat " + out).strip())
    after = snoop_stats(pe1)
    b = binding_of(pe1, extra_ip)
    assert b and b["mac"] == HOST_MAC["h1"], "h1's binding lost in the storm"
    wait_for(
        lambda: extra_ip in type2_macs(pe2).get(HOST_MAC["h1"], ()),
        timeout=30,
        what="pe2 to learn h1's binding made during the storm",
    )
    with open(os.path.join(tgen.logdir, "sup-storm-stats.txt"), "w") as f:
        f.write("sent {}\nbefore {}\nafter {}\n".format(sent, before, after))
    drops = sum(after["drops"][k] - before["drops"][k] for k in ("portRate", "kernelQueue"))
    assert sent > 1000 and drops > sent / 2, "storm of {} frames, {} drops".format(sent, drops)
    assert after["bindings"] <= before["bindings"] + 2
    # Memory follows the table, not the frames: one allocation per binding.
    assert mtype_count(pe1, "hostguard binding") == after["bindings"]
    assert mtype_count(pe1, "hostguard snooped port") == after["ports"] == 2
    assert bgp_established(pe1) == (state, conns), "BGP session flapped"


def test_bindings_bounded_per_vni():
    """A port claiming many addresses fills the VNI up to max-bindings only."""
    tgen = get_topogen()
    pe1 = tgen.gears["pe1"]
    before = snoop_stats(pe1)
    claims = 40
    extra = "--count {0} --spread {0} --pps 40".format(claims)
    send(pe1, "spoof0", "garp", "10.10.2.1", SPOOF_MAC, extra)
    wait_for(
        lambda: snoop_stats(pe1)["bindings"] == MAX_BINDINGS,
        timeout=10,
        interval=0.3,
        what="the VNI to fill up",
    )
    time.sleep(1)
    after = snoop_stats(pe1)
    assert after["bindings"] == MAX_BINDINGS
    assert len(hgctl(pe1, "show hostguard bindings vni 100 json")["bindings"]) == MAX_BINDINGS
    refused = after["drops"]["bindingLimit"] - before["drops"]["bindingLimit"]
    assert refused == claims - (MAX_BINDINGS - before["bindings"])


def test_bindings_leave_with_their_mac():
    """Our entries (also one left by an earlier zebra) go when their MAC goes."""
    tgen = get_topogen()
    pe1, pe2 = tgen.gears["pe1"], tgen.gears["pe2"]
    ours, operators = "10.10.0.99", "10.10.0.98"

    # As left in the kernel by a previous zebra: taken back into the table.
    pe1.run(
        "ip neigh replace {} lladdr {} dev vnet100 nud permanent protocol 104".format(
            ours, SPOOF_MAC
        )
    )
    pe1.run("ip neigh replace {} lladdr {} dev vnet100 nud permanent".format(operators, SPOOF_MAC))
    b = wait_for(lambda: binding_of(pe1, ours), timeout=10, what="the entry to be taken back")
    assert b["source"] == "restored" and b["installed"]
    assert binding_of(pe1, operators) is None

    pe1.run("ip link set dev {} down".format(SPOOF_PORT))
    wait_for(
        lambda: not [x for x in bindings(pe1) if x["mac"] == SPOOF_MAC],
        timeout=10,
        interval=0.3,
        what="the bindings of the MAC gone to be removed",
    )
    assert not kernel_neigh(pe1, ours) and not kernel_neigh(pe1, HOST_IP4["h1"])
    assert SPOOF_MAC in kernel_neigh(pe1, operators), "an operator's entry was removed"
    assert binding_of(pe1, "10.10.0.21")["mac"] == HOST_MAC["h1"]
    wait_for(
        lambda: not type2_macs(pe2).get(SPOOF_MAC),
        timeout=30,
        what="pe2 to lose the gone MAC's routes",
    )

# SPDX-License-Identifier: GPL-2.0-or-later
"""
DHCP as a binding source (snoop=on), with Debian's dnsmasq as the DHCP
server on the node's bridge (as Proxmox's SDN DHCP runs it) and ISC
dhclient in the hosts, plus the DAD rule of the probes.

pe1: snoop=on, dnsmasq on vnet100 (DHCPv4 and DHCPv6, 2 min leases, the
shortest dnsmasq grants). pe2: snoop=on,snoop-dhcp=off with its own
dnsmasq: the control (stock FRR learns nothing from DHCP). IPv4 leases
are static (dhcp-host), as Proxmox's IPAM hands them out, so that the two
nodes' servers never answer the same client. pe3: snoop=on;
a rogue DHCP server sits behind a second VM port (a veth in h3's
namespace), and h3 asks for a lease.

dhclient runs with a script that does nothing (-sf /bin/true): the host
never configures the leased address, so it never ARPs or sends ND with it;
whatever the fabric knows of that address comes from the DHCP exchange.
"""
import os
import re
import shutil
import sys
import time

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from hostguard_fabric import (  # noqa: E402
    ANYCAST_MAC,
    FRAMES,
    HOST_IP4,
    HOST_MAC,
    add_mac_only_vm,
    advertises,
    hgctl,
    setup_fabric,
    teardown_fabric,
    wait_for,
)
from hg_suppression import Capture, binding_of, send  # noqa: E402
from lib.topogen import get_topogen  # noqa: E402

pytestmark = [pytest.mark.bgpd, pytest.mark.hostguard]

LEASE4 = {"h1": "10.10.0.111", "h2": "10.10.0.112"}
LEASE6 = {"h1": "2001:db8:100::111", "h2": "2001:db8:100::112"}
ROGUE_NET = "10.10.0.20"  # the rogue hands out 10.10.0.200-209
LEASE_S = 120  # dnsmasq's shortest lease
ROGUE_MAC = "02:00:00:00:00:66"
CHALLENGER_MAC = "02:00:00:00:00:99"


# The DHCP client of these checks; Debian unstable no longer ships it.
needs_dhclient = pytest.mark.skipif(
    not shutil.which("dhclient"),
    reason="ISC dhclient missing (Debian: isc-dhcp-client, which Debian unstable no longer has)",
)


def logdir():
    return get_topogen().logdir


def dnsmasq(node, name, iface, args):
    pid = os.path.join(logdir(), name + "-dnsmasq.pid")
    node.cmd(
        "dnsmasq --user=root --group=root --port=0 --no-resolv --no-hosts "
        "--interface={i} --bind-interfaces --dhcp-authoritative --log-dhcp "
        "--log-facility={d}/{n}-dnsmasq.log --dhcp-leasefile={d}/{n}-dnsmasq.leases "
        "--pid-file={p} {a}".format(i=iface, d=logdir(), n=name, p=pid, a=args)
    )
    return pid


def dhclient(node, iface, v, name, release=False):
    """ISC dhclient, once: -v 4 or 6; with release, give the lease back."""
    base = os.path.join(logdir(), "{}-dhclient{}".format(name, v))
    return node.cmd(
        "timeout 30 dhclient -{v} {r} -1 -v -sf /bin/true -lf {b}.leases -pf {b}.pid "
        "{i} 2>&1".format(v=v, r="-r" if release else "", b=base, i=iface)
    )


def kill_pidfile(node, pid):
    node.cmd("[ -f {p} ] && kill $(cat {p}) 2>/dev/null; rm -f {p}".format(p=pid))


def leased(node, name, v):
    """Addresses in dhclient's lease file."""
    path = os.path.join(logdir(), "{}-dhclient{}.leases".format(name, v))
    text = node.cmd("cat {} 2>/dev/null".format(path))
    if v == 4:
        return re.findall(r"fixed-address ([0-9.]+);", text)
    return re.findall(r"iaaddr ([0-9a-f:]+) \{", text)


def configure_leases(h1):
    h1.cmd("ip addr add {}/24 dev h1-eth0".format(LEASE4["h1"]))
    h1.cmd("ip -6 addr add {}/128 dev h1-eth0 nodad".format(LEASE6["h1"]))


def source_of(pe, ip):
    b = binding_of(pe, ip)
    return b and b.get("source")


def setup_module(mod):
    setup_fabric(
        mod,
        zebra_args={
            "pe1": "snoop=on",
            "pe2": "snoop=on,snoop-dhcp=off",
            "pe3": "snoop=on",
        },
    )
    tgen = get_topogen()
    pe1, pe2 = tgen.gears["pe1"], tgen.gears["pe2"]
    mod.pids = []
    mod.pids.append((pe1, dnsmasq(
        pe1, "pe1", "vnet100",
        # Static leases only (Proxmox's IPAM gives each VM its addresses),
        # so the servers of the two nodes never both answer one client.
        "--dhcp-range=10.10.0.0,static,255.255.255.0,2m "
        "--dhcp-range=2001:db8:100::,static,64,2m "
        "--dhcp-host={},{},[{}]".format(HOST_MAC["h1"], LEASE4["h1"], LEASE6["h1"]),
    )))
    mod.pids.append((pe2, dnsmasq(
        pe2, "pe2", "vnet100",
        "--dhcp-range=10.10.0.0,static,255.255.255.0,2m "
        "--dhcp-range=2001:db8:100::,static,64,2m "
        "--dhcp-host={},{},[{}]".format(HOST_MAC["h2"], LEASE4["h2"], LEASE6["h2"]),
    )))


def teardown_module(mod):
    for node, pid in getattr(mod, "pids", []):
        kill_pidfile(node, pid)
    tgen = get_topogen()
    for h in ("h1", "h2", "h3"):
        tgen.gears[h].cmd("pkill -F {}/{}-dhclient4.pid 2>/dev/null; "
                          "pkill -F {}/{}-dhclient6.pid 2>/dev/null".format(
                              logdir(), h, logdir(), h))
    teardown_fabric()


@needs_dhclient
def test_dhcp_leases_become_bindings():
    """DHCPv4 ACK and DHCPv6 Reply from the node's server: bindings at once."""
    tgen = get_topogen()
    pe1, pe2, pe3 = (tgen.gears[p] for p in ("pe1", "pe2", "pe3"))
    h1, h2 = tgen.gears["h1"], tgen.gears["h2"]
    wait_for(lambda: hgctl(pe1, "show hostguard status json")["dhcp"]["bridges"] == 1,
             timeout=30, what="pe1 to read DHCP replies on vnet100")
    # The bridges must know the clients (any frame); then the exchange.
    for h in (h1, h2):
        send(h, h.name + "-eth0", "garp", HOST_IP4[h.name], HOST_MAC[h.name])
    out = dhclient(h1, "h1-eth0", 4, "h1")
    assert LEASE4["h1"] in leased(h1, "h1", 4), out
    out = dhclient(h1, "h1-eth0", 6, "h1")
    assert LEASE6["h1"] in leased(h1, "h1", 6), out
    for ip in (LEASE4["h1"], LEASE6["h1"]):
        wait_for(lambda: source_of(pe1, ip) == "dhcp", timeout=10,
                 what="pe1 to bind {} from DHCP".format(ip))
        wait_for(lambda: advertises(pe3, "pe1", HOST_MAC["h1"], ip), timeout=20,
                 what="the MAC+IP route of {}".format(ip))
    st = hgctl(pe1, "show hostguard status json")["dhcp"]
    assert st["leases"] >= 2 and st["leasesInForce"] >= 2, st
    # The host takes its addresses into use, as its DHCP client would.
    configure_leases(h1)

    # Control: pe2 learns nothing from DHCP (snoop-dhcp=off), as stock FRR:
    # the DHCPv6 lease is not advertised. (A DHCPv4 lease may be: dnsmasq
    # writes the client into the node's ARP table to unicast its answer.)
    for v in (4, 6):
        out = dhclient(h2, "h2-eth0", v, "h2")
        assert (LEASE4 if v == 4 else LEASE6)["h2"] in leased(h2, "h2", v), out
    time.sleep(3)
    for ip in (LEASE4["h2"], LEASE6["h2"]):
        assert binding_of(pe2, ip) is None
    assert not advertises(pe3, "pe2", HOST_MAC["h2"], LEASE6["h2"])


@needs_dhclient
def test_dhcp_release_removes_binding():
    """The client releases its IPv4 lease: the binding and route leave."""
    tgen = get_topogen()
    pe1, pe3, h1 = tgen.gears["pe1"], tgen.gears["pe3"], tgen.gears["h1"]
    assert source_of(pe1, LEASE4["h1"]) == "dhcp"
    out = dhclient(h1, "h1-eth0", 4, "h1", release=True)
    wait_for(lambda: binding_of(pe1, LEASE4["h1"]) is None, timeout=10,
             what="the released binding to leave: " + out)
    wait_for(lambda: not advertises(pe3, "pe1", HOST_MAC["h1"], LEASE4["h1"]), timeout=20,
             what="the released address's route to be withdrawn")
    assert hgctl(pe1, "show hostguard status json")["dhcp"]["releases"] >= 1


@needs_dhclient
def test_dhcp_lease_expiry_removes_bindings():
    """Clients gone without a word: their bindings leave at the lease's end."""
    tgen = get_topogen()
    pe1, h1 = tgen.gears["pe1"], tgen.gears["h1"]
    dhclient(h1, "h1-eth0", 4, "h1")
    lease6 = LEASE6["h1"]
    wait_for(lambda: source_of(pe1, LEASE4["h1"]) == "dhcp", timeout=10,
             what="pe1 to bind the new IPv4 lease")
    # No renewal, no release from now on (the host keeps answering for
    # the addresses: only the lease's end takes the bindings away).
    for v in (4, 6):
        h1.cmd("pkill -9 -F {}/h1-dhclient{}.pid".format(logdir(), v))
    # The lease holds the binding, not the client's presence.
    time.sleep(5)
    for ip in (LEASE4["h1"], lease6):
        assert source_of(pe1, ip) == "dhcp", ip
    for ip in (LEASE4["h1"], lease6):
        wait_for(lambda: binding_of(pe1, ip) is None, timeout=LEASE_S + 30, interval=2,
                 what="{} to leave at its lease's end".format(ip))
    assert hgctl(pe1, "show hostguard status json")["dhcp"]["expired"] >= 2


@needs_dhclient
def test_rogue_dhcp_server_ignored_and_counted():
    """A DHCP server behind a VM port: its leases teach nothing, counted."""
    tgen = get_topogen()
    pe3, h3 = tgen.gears["pe3"], tgen.gears["h3"]
    # Only the rogue answers from now on.
    kill_pidfile(tgen.gears["pe1"], os.path.join(logdir(), "pe1-dnsmasq.pid"))
    pid = tgen.gears["h3"].net.pid
    for cmd in (
        "ip link add pe3-rogue type veth peer name rogue-v",
        "ip link set dev rogue-v netns {}".format(pid),
        "ip link set dev pe3-rogue master vnet100",
        "ip link set dev pe3-rogue up",
    ):
        pe3.cmd(cmd)
    for cmd in (
        "ip link set dev rogue-v address {}".format(ROGUE_MAC),
        "ip addr add 10.10.0.254/24 dev rogue-v",
        "ip link set dev rogue-v up",
        "sysctl -qw net.ipv4.conf.rogue-v.arp_ignore=1",
    ):
        h3.cmd(cmd)
    rogue_pid = dnsmasq(h3, "rogue", "rogue-v",
                        "--dhcp-range={0}0,{0}9,255.255.255.0,2m".format(ROGUE_NET))
    try:
        # pe3 opens its capture on the new port shortly after it appears
        wait_for(lambda: hgctl(pe3, "show hostguard status json")["snoop"]["ports"] == 2,
                 timeout=15, what="pe3 to capture on the rogue's port")
        out = dhclient(h3, "h3-eth0", 4, "h3")
        got = leased(h3, "h3", 4)
        assert got and got[-1].startswith(ROGUE_NET), out
        st = hgctl(pe3, "show hostguard status json")["dhcp"]
        assert st["rogue"] >= 1, st
        for pe in ("pe1", "pe2", "pe3"):
            assert binding_of(tgen.gears[pe], got[-1]) is None, pe
    finally:
        h3.cmd("pkill -9 -F {}/h3-dhclient4.pid 2>/dev/null".format(logdir()))
        kill_pidfile(h3, rogue_pid)


def test_host_doing_dad_not_probed():
    """
    h2 tests its own address (RFC 5227 probes) while another MAC claims
    it: pe2 verifies the holder only once h2 is done testing, and h2 keeps
    the address.
    """
    tgen = get_topogen()
    pe2, h2 = tgen.gears["pe2"], tgen.gears["h2"]
    ip = HOST_IP4["h2"]
    wait_for(
        lambda: send(h2, "h2-eth0", "garp", ip, HOST_MAC["h2"])
        and (binding_of(pe2, ip) or {}).get("mac") == HOST_MAC["h2"],
        timeout=30, interval=2, what="pe2 to bind h2's address",
    )
    add_mac_only_vm(pe2, "pe2-vmx", CHALLENGER_MAC)
    skips0 = hgctl(pe2, "show hostguard status json")["probeTargets"]["dadSkips"]
    cap = Capture(h2, "h2-eth0", "arp", "dad-h2", opts="-e -tt")
    # h2 probes for its address for 6 s (every 0.25 s) ...
    dad = h2.popen(["python3", FRAMES, "h2-eth0", "arp-probe", ip, HOST_MAC["h2"],
                    "--count", "24", "--pps", "4"])
    time.sleep(1)
    # ... while another MAC claims it: pe2 must verify the holder.
    pe2.cmd("python3 {} pe2-vmxv garp {} {}".format(FRAMES, ip, CHALLENGER_MAC))
    dad.wait(timeout=30)
    time.sleep(6)
    text = cap.stop()
    h2_probes, verify = [], []
    for line in text.splitlines():
        m = re.match(r"(\d+\.\d+) ([0-9a-f:]{17}) > [0-9a-f:]{17}, .*who-has (\S+) tell (\S+),",
                     line)
        if not m or m.group(3) != ip:
            continue
        if m.group(2) == HOST_MAC["h2"] and m.group(4) == "0.0.0.0":
            h2_probes.append(float(m.group(1)))
        elif m.group(2) == ANYCAST_MAC:
            verify.append(float(m.group(1)))
    assert h2_probes, text
    assert verify, "the holder was never verified:\n" + text
    assert min(verify) > max(h2_probes), "h2 probed while testing its address:\n" + text
    assert hgctl(pe2, "show hostguard status json")["probeTargets"]["dadSkips"] > skips0
    # The holder answered once asked: the claim was rejected.
    assert binding_of(pe2, ip)["mac"] == HOST_MAC["h2"]

# SPDX-License-Identifier: GPL-2.0-or-later
"""
Keepalive corner cases: MAC+IP bindings under aggressive neighbour GC, an
IPv6-only silent host, MAC-only hosts (hold and default), a deleted port,
and a host moving between VTEPs.

pe1: hostguard defaults, 300 s bridge ageing (the neighbour GC test must
not be confused with MAC age-out). pe2: hostguard with mac-only-hold, 10 s
ageing. pe3: keepalive off (stock), 300 s ageing: the control.
"""
import os
import sys
import time

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from hostguard_fabric import (  # noqa: E402
    ANYCAST_MAC,
    GATEWAY6,
    HOST_IP4,
    HOST_IP6,
    HOST_MAC,
    PROMPT_WITHDRAWAL_S,
    SERVICE_IP,
    VTEP,
    add_mac_only_vm,
    add_service_ip,
    cached_gateway_mac,
    evpn_macs,
    hgctl,
    make_hosts_silent,
    move_host,
    remote_has_mac,
    routed_without_gateway_arp,
    setup_fabric,
    teardown_fabric,
    time_to_withdraw,
    tracked_host,
    type2_macs,
    wait_for,
    wait_imported,
)
from lib.topogen import get_topogen  # noqa: E402

pytestmark = [pytest.mark.bgpd, pytest.mark.hostguard]

SHORT_AGEING_S = 10
MAC_ONLY_HOLD_S = 15
VM_MAC = {"pe1": "02:00:00:00:01:01", "pe2": "02:00:00:00:02:01", "pe3": "02:00:00:00:03:01"}

# The kernel neighbour table's GC limits are one per machine, not per
# namespace: saved here and restored at teardown.
GC_SYSCTLS = ("net.ipv4.neigh.default.gc_thresh1", "net.ipv4.neigh.default.gc_thresh2")
saved_gc = {}


def setup_module(mod):
    setup_fabric(
        mod,
        zebra_args={
            "pe1": "",
            "pe2": "mac-only-hold={}".format(MAC_ONLY_HOLD_S),
            "pe3": "keepalive=off",
        },
        ageing_cs={"pe1": 30000, "pe2": SHORT_AGEING_S * 100, "pe3": 30000},
    )
    tgen = get_topogen()
    # Neighbour entries of pe1 and pe3 go STALE within a few seconds and
    # may be collected 2 s later (once the GC runs at all, see the GC
    # test). A short first-probe delay, or the kernel keeps re-probing an
    # entry whose reachable time is shorter than that delay.
    for pe in ("pe1", "pe3"):
        r = tgen.gears[pe]
        r.run("sysctl -qw net.ipv4.neigh.vnet100.base_reachable_time_ms=2000")
        r.run("sysctl -qw net.ipv4.neigh.vnet100.delay_first_probe_time=1")
        r.run("sysctl -qw net.ipv4.neigh.vnet100.gc_stale_time=2")
    make_hosts_silent(tgen, ("h1", "h3"))
    # h2 speaks IPv6 only: one exchange with the gateway, then silence.
    h2 = tgen.gears["h2"]
    h2.run("sysctl -qw net.ipv6.conf.h2-eth0.router_solicitations=0")
    wait_for(
        lambda: " 0% packet loss" in h2.run("ping -6 -c 1 -W 1 " + GATEWAY6),
        timeout=60,
        what="h2 to reach its IPv6 gateway",
    )
    wait_imported(tgen, [("h1", "pe2"), ("h2", "pe1"), ("h3", "pe1"), ("h1", "pe3")])


def teardown_module(mod):
    restore_gc()
    teardown_fabric()


def restore_gc():
    for k, v in saved_gc.items():
        os.system("sysctl -qw {}={}".format(k, v))
    saved_gc.clear()


def remote_ips(router, mac):
    return type2_macs(router).get(mac, set())


def test_mac_ip_kept_under_neighbour_gc_stock_withdrawn():
    """
    Aggressive neighbour GC: entries STALE for 2 s may be collected. hostguard
    keeps h1's entry at pe1 from the GC while the keepalive holds h1 alive,
    without sending it anything, so its MAC+IP route stays; stock pe3 loses
    h3's.

    gc_thresh1 0 lets the GC collect whatever the table size. The kernel's
    periodic GC runs every base_reachable_time/2 of the whole machine
    (minutes here), so the test also drives its forced GC: gc_thresh2 0
    makes every new neighbour entry anywhere collect STALE entries not
    updated for 5 s, at most every 5 s.
    """
    tgen = get_topogen()
    pe1 = tgen.gears["pe1"]
    assert HOST_IP4["h1"] in remote_ips(tgen.gears["pe2"], HOST_MAC["h1"])
    probes_before = h1_probes(pe1)
    assert HOST_IP4["h3"] in remote_ips(tgen.gears["pe1"], HOST_MAC["h3"])
    for k in GC_SYSCTLS:
        saved_gc[k] = os.popen("sysctl -n " + k).read().strip()
    try:
        os.system("sysctl -qw {}=0".format(GC_SYSCTLS[0]))
        # hostguard notices the GC may now run and keeps the entry in time
        wait_for(
            lambda: hgctl(pe1, "show hostguard status json")["counters"][
                "neighRevalidations"
            ]
            >= 1,
            timeout=10,
            interval=0.5,
            what="pe1 to keep h1's neighbour entry from the GC",
        )
        os.system("sysctl -qw {}=0".format(GC_SYSCTLS[1]))
        rr = tgen.gears["rr"]
        stock_lost = False
        # The forced GC walks the machine's whole table for at most a
        # millisecond per run: on a busy machine it may take a while to
        # reach pe3's entry. hostguard is watched for 30 s at least.
        for i in range(100):
            # a new (unanswered) neighbour entry: the forced GC's trigger
            rr.run("ping -c 1 -W 0.2 10.0.0.{} >/dev/null 2>&1".format(100 + i))
            assert HOST_IP4["h1"] in remote_ips(tgen.gears["pe2"], HOST_MAC["h1"]), (
                "h1's MAC+IP route withdrawn at pe2 during the GC (round {})".format(i)
            )
            if HOST_IP4["h3"] not in remote_ips(tgen.gears["pe1"], HOST_MAC["h3"]):
                stock_lost = True
                if i >= 40:
                    break
            time.sleep(0.5)
    finally:
        restore_gc()
    assert stock_lost, "stock control: h3's MAC+IP route survived the GC"
    # pe1's ageing is 300 s: h1's one probe per ageing period is not due
    # yet, and keeping its entry from the GC sent it nothing.
    assert h1_probes(pe1) == probes_before, "h1 was probed to keep its neighbour entry"


def h1_probes(pe1):
    return tracked_host(pe1, HOST_MAC["h1"])["probesSent"]


def test_ipv6_only_silent_host_kept():
    """h2 knows only IPv6: probed with unicast NS, kept for 4 ageing periods."""
    tgen = get_topogen()
    pe1, pe2 = tgen.gears["pe1"], tgen.gears["pe2"]
    assert HOST_IP4["h2"] not in pe2.run("ip -4 neigh show dev vnet100")
    end = time.time() + 4 * SHORT_AGEING_S
    while time.time() < end:
        assert remote_has_mac(pe1, HOST_MAC["h2"]), "silent IPv6-only h2 withdrawn"
        time.sleep(1)
    assert HOST_IP6["h2"] in remote_ips(pe1, HOST_MAC["h2"])
    h2 = tracked_host(pe2, HOST_MAC["h2"])
    assert h2["probesAnswered"] >= 3, h2


def test_mac_only_host_hold_and_default():
    """
    MAC-only hosts (no IP to probe): pe2 (mac-only-hold) keeps its VM past
    age-out for a bounded time; pe1 with the default behaves like stock.
    """
    tgen = get_topogen()
    pe1, pe2, pe3 = (tgen.gears[p] for p in ("pe1", "pe2", "pe3"))
    pe1.run("ip link set dev vnet100 type bridge ageing_time {}".format(SHORT_AGEING_S * 100))
    for pe in (pe1, pe2):
        add_mac_only_vm(pe, "vm0", VM_MAC[pe.name])
    t0 = time.time()
    wait_for(
        lambda: remote_has_mac(pe3, VM_MAC["pe1"]) and remote_has_mac(pe3, VM_MAC["pe2"]),
        timeout=10,
        interval=0.2,
        what="the MAC-only VMs to be advertised",
    )
    # Default: gone at age-out, as in stock.
    wait_for(
        lambda: not remote_has_mac(pe3, VM_MAC["pe1"]),
        timeout=2 * SHORT_AGEING_S,
        interval=0.5,
        what="pe1's MAC-only VM to age out",
    )
    # Held: still there well past age-out...
    time.sleep(max(0, SHORT_AGEING_S + 5 - (time.time() - t0)))
    assert remote_has_mac(pe3, VM_MAC["pe2"]), "held MAC-only VM withdrawn at age-out"
    # ...but not forever.
    wait_for(
        lambda: not remote_has_mac(pe3, VM_MAC["pe2"]),
        timeout=MAC_ONLY_HOLD_S + 2 * SHORT_AGEING_S,
        interval=0.5,
        what="the held MAC-only VM to be released",
    )
    st = hgctl(pe2, "show hostguard status json")
    assert st["counters"]["withdrawalsPrevented"] >= 1


def test_deleted_port_withdraws_at_once():
    """A VM's port deleted: its MAC is withdrawn at once, never held."""
    tgen = get_topogen()
    pe2, pe3 = tgen.gears["pe2"], tgen.gears["pe3"]
    pe2.run("ip link del vm0")
    mac = "02:00:00:00:02:02"
    add_mac_only_vm(pe2, "vm1", mac)
    wait_for(lambda: remote_has_mac(pe3, mac), timeout=10, interval=0.2, what="vm1 advertised")
    pe2.run("ip link del vm1")
    took = time_to_withdraw(pe3, mac)
    assert took <= PROMPT_WITHDRAWAL_S, "withdrawn {:.2f} s after the port was deleted".format(
        took
    )
    assert tracked_host(pe2, mac) is None


def test_host_moves_between_vteps():
    """
    h1 moves from pe1 to pe2: pe2 advertises it with a higher sequence, pe1
    stops claiming it, traffic follows. Its gateway (the anycast MAC on every
    bridge, as Proxmox sets it) stays in its ARP cache and keeps routing.
    """
    tgen = get_topogen()
    pe1, pe3 = tgen.gears["pe1"], tgen.gears["pe3"]
    mac = HOST_MAC["h1"]
    h1 = tgen.gears["h1"]
    add_service_ip(tgen)
    # h1 speaks first: the MAC-only test's ageing change (10 s) made the
    # bridge drop its entry at once, as any ageing change does with entries
    # idle for longer.
    assert " 0% packet loss" in h1.run("ping -c 1 -W 2 " + SERVICE_IP)
    assert cached_gateway_mac(h1) == ANYCAST_MAC
    seq0 = wait_for(
        lambda: evpn_macs(pe3).get(mac, {}).get("remoteVtep") == VTEP["pe1"] and evpn_macs(pe3)[mac],
        timeout=20,
        interval=0.5,
        what="pe3 to see h1 behind pe1",
    ).get("remoteSequence", 0)
    move_host(tgen, "h1", "acc1", "acc2")
    routed_without_gateway_arp(h1)
    assert cached_gateway_mac(h1) == ANYCAST_MAC

    def moved():
        m = evpn_macs(pe3).get(mac, {})
        return m.get("type") == "remote" and m.get("remoteVtep") == VTEP["pe2"] and m
    m = wait_for(moved, timeout=20, interval=0.5, what="pe3 to see h1 behind pe2")
    assert m.get("remoteSequence", 0) > seq0, m
    wait_for(
        lambda: evpn_macs(pe1).get(mac, {}).get("remoteVtep") == VTEP["pe2"],
        timeout=20,
        interval=0.5,
        what="pe1 to see h1 as remote behind pe2",
    )
    assert tracked_host(pe1, mac) is None
    out = tgen.gears["h3"].run("ping -c 3 -i 0.3 -W 1 " + HOST_IP4["h1"])
    assert " 0% packet loss" in out, out


# SPDX-License-Identifier: GPL-2.0-or-later
"""
Floods from one tenant port must not hurt the others.

1. MAC flood: a port at pe1 ("flood0p") brings hundreds of new MACs, each
   with an address the kernel learns (an ARP request to the gateway), all
   silent afterwards, so that the keepalive must probe them all at about
   the same time, with a small probe rate (probe-rate=10). Meanwhile h1,
   silent on another port, approaches its age-out: its probe goes out on
   its port's share of the rate, and it is never withdrawn. Control: h3 at
   pe3 (keepalive off, stock) is withdrawn at age-out.
2. Anycast-MAC spoofing from h1 at 10,000 frames/s or more (unicast to
   the gateway; the rate reached is logged) and from the flood port
   (broadcast) at the same time: BGP stays up, neither port's frames are
   learned or advertised, and both offenders are reported with their port;
   the anti-spoof's work per frame is rate-limited per port and counted.
   zebra's CPU time over the storm is written to the test's log directory
   (figures go to docs, never asserted).
"""
import json
import os
import sys
import time

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from hostguard_fabric import (  # noqa: E402
    ANYCAST_MAC,
    GATEWAY4,
    HOST_MAC,
    advertises_mac,
    bgp_established,
    hgctl,
    make_hosts_silent,
    remote_has_mac,
    setup_fabric,
    teardown_fabric,
    wait_for,
)
from hg_suppression import send  # noqa: E402
from lib.topogen import get_topogen  # noqa: E402

pytestmark = [pytest.mark.bgpd, pytest.mark.hostguard]

AGEING_S = 20
FLOOD_MACS = 200
FLOOD_MAC0 = "02:00:00:f1:00:00"
FLOOD_PORT = "flood0p"


def setup_module(mod):
    setup_fabric(
        mod,
        zebra_args={"pe1": "probe-rate=10", "pe2": "", "pe3": "keepalive=off"},
        ageing_cs=AGEING_S * 100,
    )
    pe1 = get_topogen().gears["pe1"]
    for cmd in (
        "ip link add flood0 type veth peer name " + FLOOD_PORT,
        "sysctl -qw net.ipv6.conf.flood0.disable_ipv6=1",
        "sysctl -qw net.ipv6.conf.{}.disable_ipv6=1".format(FLOOD_PORT),
        "ip link set dev {} master vnet100".format(FLOOD_PORT),
        "ip link set dev flood0 up",
        "ip link set dev {} up".format(FLOOD_PORT),
    ):
        pe1.run(cmd)


def teardown_module(mod):
    teardown_fabric()


def zebra_cpu_s(router):
    """zebra's user+system CPU seconds so far (from /proc)."""
    fields = router.cmd("cat /proc/$(cat /var/run/frr/zebra.pid)/stat").split(")")[-1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def test_mac_flood_does_not_starve_silent_hosts():
    tgen = get_topogen()
    pe1, pe2 = tgen.gears["pe1"], tgen.gears["pe2"]
    make_hosts_silent(tgen, ("h1", "h3"))
    wait_for(lambda: remote_has_mac(pe2, HOST_MAC["h1"]), timeout=30, what="h1 at pe2")
    wait_for(lambda: remote_has_mac(pe2, HOST_MAC["h3"]), timeout=30, what="h3 at pe2")
    # Early in h1's silence: the flood's probes (and their retries: nobody
    # answers them) come due with h1's and need several times the rate.
    time.sleep(2)
    before = hgctl(pe1, "show hostguard status json")["counters"]
    send(
        pe1,
        "flood0",
        "garp",
        "10.10.0.40",
        FLOOD_MAC0,
        "--spread {0} --mac-spread {0} --count {0} --target {1}".format(FLOOD_MACS, GATEWAY4),
    )
    wait_for(
        lambda: hgctl(pe1, "show hostguard status json")["counters"]["hostsTracked"]
        >= FLOOD_MACS,
        timeout=20,
        interval=0.5,
        what="the flood's MACs to be tracked",
    )
    h3_gone = None
    end = time.time() + 3 * AGEING_S
    while time.time() < end:
        assert remote_has_mac(pe2, HOST_MAC["h1"]), "silent h1 withdrawn during the MAC flood"
        if h3_gone is None and not remote_has_mac(pe2, HOST_MAC["h3"]):
            h3_gone = time.time()
        time.sleep(0.5)
    after = hgctl(pe1, "show hostguard status json")["counters"]
    with open(os.path.join(tgen.logdir, "flood-probes.json"), "w") as f:
        json.dump({"before": before, "after": after}, f)
    # The flood did contend for the rate: some of its probes had to wait.
    assert after["probesRateLimited"] > before["probesRateLimited"], after
    assert h3_gone, "control: stock pe3 kept its silent host"


def test_anycast_spoof_storm_bounded():
    tgen = get_topogen()
    pe1, rr = tgen.gears["pe1"], tgen.gears["rr"]
    state = bgp_established(pe1)
    assert state[0] == "Established", state
    cpu0, t0 = zebra_cpu_s(pe1), time.time()
    pe1.cmd(
        "python3 {} flood0 garp 10.10.0.98 {} --secs 5 > /dev/null 2>&1 &".format(
            os.path.join(os.path.dirname(__file__), "..", "hg_frames.py"), ANYCAST_MAC
        )
    )
    # h1's frames go to the gateway itself (its MAC is the anycast MAC):
    # nothing floods the fabric, so one sender reaches the rate.
    out = send(tgen.gears["h1"], "h1-eth0", "garp", "10.10.0.99", ANYCAST_MAC,
               "--secs 5 --dst " + ANYCAST_MAC)
    sent = int(out.strip().splitlines()[-1])
    cpu1, t1 = zebra_cpu_s(pe1), time.time()
    time.sleep(1)
    gw = hgctl(pe1, "show hostguard gateway json")["counters"]
    with open(os.path.join(tgen.logdir, "spoof-storm.txt"), "w") as f:
        f.write(
            "frames sent from h1 {} in 5 s ({:.0f}/s)\nzebra CPU {:.2f} s over {:.1f} s\n"
            "gateway counters {}\n".format(sent, sent / 5.0, cpu1 - cpu0, t1 - t0, gw)
        )
    # A storm far over any rate of the module (the sender's own speed
    # depends on the machine's load: measured, written above, not asserted).
    assert sent >= 50000, "the storm was only {} frames in 5 s".format(sent)
    assert bgp_established(pe1) == state, "BGP session flapped"
    assert gw["spoofFramesRateLimited"] > 0, gw
    ports = {o["port"]: o for o in hgctl(pe1, "show hostguard offenders json")["ports"]}
    for port in ("pe1-eth1", FLOOD_PORT):
        assert ports.get(port, {}).get("byReason", {}).get("anycastSource"), (port, ports)
    assert ANYCAST_MAC not in pe1.cmd("bridge fdb show br vnet100 | grep -v permanent")
    assert not advertises_mac(rr, "pe1", ANYCAST_MAC)
    assert gw["spoofOffenders"] >= 2, gw

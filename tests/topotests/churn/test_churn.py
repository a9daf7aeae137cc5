# SPDX-License-Identifier: GPL-2.0-or-later
"""
VNI churn at pe1 (hostguard with snooping): 500 cycles of adding and
deleting a VNI with hosts (dynamic FDB entries on an access port),
bindings and a gateway (the bridge carries the gateway address and the
anycast MAC, as Proxmox SDN writes it). The access port (a veth) joins
and leaves the bridge with each cycle.

Most cycles run in rounds of FAST_BATCH VNIs (200-209) added together and
deleted together, back to back (the module races the kernel: objects come
and go while requests and dumps are in flight). Every SLOW_EVERY-th cycle
waits until the module has the VNI's hosts, snooped bindings and gateway,
then removes the vxlan device first (the VNI goes, the bridge stays: the
module's kernel entries on it must go) and then the bridge.

At the end: zebra alive, every MTYPE of the hostguard group back to its
count before the churn, and no neighbour entry of hostguard's
(NDA_PROTOCOL 0x68) left but those of VNI 100.
"""
import os
import re
import sys
import time

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from hostguard_fabric import (  # noqa: E402
    VTEP,
    hgctl,
    setup_fabric,
    teardown_fabric,
    wait_for,
)
from hg_suppression import FRAMES, bindings  # noqa: E402
from lib.topogen import get_topogen  # noqa: E402
from lib.topolog import logger  # noqa: E402

pytestmark = [pytest.mark.bgpd, pytest.mark.hostguard]

CYCLES = int(os.environ.get("HG_CHURN_CYCLES", "500"))
SLOW_EVERY = 50
FAST_BATCH = 10
VNI2 = 200
BR, VX, PORT, PEER = "vnet200", "vxlan200", "c200p", "c200h"
GW_MAC = "a2:1d:cb:1a:c2:00"
GW_IP = "10.20.0.1"
HOST_MACS = ["02:20:00:00:00:%02x" % i for i in range(1, 5)]
CLAIM_MAC = "02:20:00:00:01:01"
CLAIM_IP = "10.20.0.50"
ADOPT_IP = "10.20.0.60"


def setup_module(mod):
    setup_fabric(mod, zebra_args={"pe1": "snoop=on", "pe2": "", "pe3": ""})
    pe1 = get_topogen().gears["pe1"]
    # The access port outlives the cycles (it only joins and leaves the
    # bridge): creating and deleting devices is what takes the kernel long.
    for i in range(FAST_BATCH):
        v = vni_names(i)
        pe1.cmd("ip link add {port} type veth peer name {peer}".format(**v))
        pe1.cmd("sysctl -qw net.ipv6.conf.{port}.disable_ipv6=1 "
                "net.ipv6.conf.{peer}.disable_ipv6=1".format(**v))
    wait_for(
        lambda: VTEP["pe2"] in str(pe1.vtysh_cmd("show evpn vni 100 json", isjson=True)),
        what="VNI 100 up at pe1",
    )


def teardown_module(mod):
    teardown_fabric()


def settled_mtypes(router):
    """The hostguard group's counts once they hold still for 2 s (work the
    module has queued, ports to look at for instance, done)."""
    last = {}

    def still():
        nonlocal last
        now, prev = hostguard_mtypes(router), last
        last = now
        return now if now and now == prev else None

    return wait_for(still, timeout=30, interval=2.0, what="hostguard MTYPEs settled")


def hostguard_mtypes(router):
    """{mtype: allocations} of the hostguard group in zebra."""
    out = router.vtysh_cmd("show memory zebra")
    counts, ours = {}, False
    for line in out.splitlines():
        if line.startswith("--- qmem "):
            ours = "hostguard" in line
            continue
        m = re.match(r"^(.+?)\s*:\s*(\d+)", line)
        if ours and m:
            counts[m.group(1).strip()] = int(m.group(2))
    return counts


# One VNI: bridge (gateway address, anycast MAC), vxlan device, the access
# port, an entry of an earlier zebra's (adopted as a binding), hosts.
ADD = """link add {br} group {grp} type bridge stp_state 0 ageing_time 30000
link set dev {br} address {gwmac}
link add {vx} group {grp} type vxlan id {vni} dstport 4789 local {vtep} nolearning
link set dev {vx} master {br}
link set dev {port} master {br}
addr add {gw}/24 dev {br}
link set dev {peer} up
link set dev {port} up
link set dev {vx} up
link set dev {br} up
neigh replace {adopt} lladdr {hmac} dev {br} nud permanent proto 0x68
"""
BRIDGE = "link set dev {vx} learning off neigh_suppress on\n"
FDB = "fdb add {mac} dev {port} master dynamic\n"
# Deleting devices one by one waits for the kernel's RCU each time: a
# group of VNIs goes in one request.
GROUP = 77


def vni_names(i):
    """Devices and addresses of the i-th VNI of a round (VNI 200 + i)."""
    return dict(
        br="vnet2%02d" % i, vx="vxlan2%02d" % i, port="c2%02dp" % i, peer="c2%02dh" % i,
        vni=VNI2 + i, vtep=VTEP["pe1"], gw="10.20.%d.1" % i, gwmac=GW_MAC,
        adopt="10.20.%d.60" % i, hmac=HOST_MACS[0], grp=GROUP,
    )


def add_cmd(vnis):
    ip = "".join(ADD.format(**vni_names(i)) for i in vnis)
    br = "".join(
        BRIDGE.format(**vni_names(i))
        + "".join(FDB.format(mac=m, port=vni_names(i)["port"]) for m in HOST_MACS)
        for i in vnis
    )
    return "ip -force -batch - <<'EOF'\n{}EOF\nbridge -force -batch - <<'EOF'\n{}EOF\n".format(ip, br)


DEL_CMD = "ip link del group {} 2>/dev/null\n".format(GROUP)


def vni_add(pe1):
    pe1.cmd(add_cmd([0]))


def vni_del(pe1, vxlan_first=False):
    """Delete VNI 200's vxlan device only, or every device of the round."""
    pe1.cmd("ip link del {} 2>/dev/null".format(VX) if vxlan_first else DEL_CMD)


def module_has_vni(pe1):
    hosts = hgctl(pe1, "show hostguard hosts vni {} json".format(VNI2))["hosts"].get(
        str(VNI2), {}
    )
    b = {x["ip"] for x in bindings(pe1) if x["vni"] == VNI2}
    gw = {g["ip"] for g in hgctl(pe1, "show hostguard gateway json")["gatewayIps"]}
    missing = (
        ["host " + m for m in HOST_MACS if m not in hosts]
        + ["binding " + ip for ip in sorted({CLAIM_IP, ADOPT_IP} - b)]
        + ([] if GW_IP in gw else ["gateway " + GW_IP])
    )
    # Shown with the failure: what the module lacked at the last look.
    return not missing or print("VNI {} lacks: {}".format(VNI2, ", ".join(missing)))


def module_dropped_vni(pe1):
    return not [x for x in bindings(pe1) if x["vni"] == VNI2] and not hgctl(
        pe1, "show hostguard hosts vni {} json".format(VNI2)
    )["hosts"]


def our_neighbours(pe1):
    """hostguard's neighbour entries on pe1 outside VNI 100's bridge."""
    out = pe1.cmd("ip neigh show proto 0x68")
    return [l for l in out.splitlines() if l.strip() and " dev vnet100 " not in l]


def slow_cycle(pe1, n):
    t = [time.time()]
    vni_add(pe1)
    wait_for(
        lambda: str(VNI2) in pe1.vtysh_cmd("show evpn vni json", isjson=True),
        timeout=30, interval=0.2, what="zebra to learn VNI 200 (cycle %d)" % n,
    )
    # The host claims an address on its port (again, until snooping on
    # the new port has seen it): snooped, installed.

    def claimed():
        pe1.cmd("/usr/bin/python3 {} {} garp {} {} --count 1".format(
            FRAMES, PEER, CLAIM_IP, CLAIM_MAC))
        return module_has_vni(pe1)

    t.append(time.time())
    wait_for(claimed, timeout=30, interval=0.2,
             what="hostguard to have VNI 200's state (cycle %d)" % n)
    t.append(time.time())
    # The VNI goes, the bridge stays: hostguard's entries on it must go.
    vni_del(pe1, vxlan_first=True)
    wait_for(lambda: module_dropped_vni(pe1) and not our_neighbours(pe1), timeout=30,
             interval=0.2, what="hostguard to drop VNI 200 (cycle %d)" % n)
    t.append(time.time())
    vni_del(pe1)
    logger.info("slow cycle %d: zebra %.1f s, hostguard up %.1f s, down %.1f s", n,
                t[1] - t[0], t[2] - t[1], t[3] - t[2])


def test_vni_churn():
    tgen = get_topogen()
    pe1 = tgen.gears["pe1"]
    # First cycle also warms up what is allocated once (command tables...).
    slow_cycle(pe1, 0)
    wait_for(lambda: not hgctl(pe1, "show hostguard status json")["counters"].get(
        "kernelRequestsPending", 0), timeout=10, what="requests drained")
    baseline = settled_mtypes(pe1)
    t0 = time.time()
    n = 1
    while n < CYCLES:
        if n % SLOW_EVERY == 0:
            slow_cycle(pe1, n)
            n += 1
            continue
        # a round: up to FAST_BATCH VNIs added together, then deleted together
        k = min(FAST_BATCH, CYCLES - n, SLOW_EVERY - n % SLOW_EVERY)
        pe1.cmd(add_cmd(range(k)) + DEL_CMD)
        n += k
    logger.info("%d VNI add/delete cycles in %.0f s", CYCLES, time.time() - t0)
    # Settle: zebra drops the VNI, the module follows.
    wait_for(lambda: module_dropped_vni(pe1), timeout=30, what="VNI 200 gone")
    assert pe1.vtysh_cmd("show evpn vni json", isjson=True) is not None  # zebra alive

    def back_to_baseline():
        # A leak is growth; fewer than at the baseline is work the module
        # had still queued then.
        now = hostguard_mtypes(pe1)
        diff = {k: (baseline.get(k, 0), v) for k, v in now.items() if v > baseline.get(k, 0)}
        return not diff or print("not yet at baseline:", diff)

    wait_for(back_to_baseline, timeout=30, what="hostguard MTYPEs back to baseline")
    assert not our_neighbours(pe1), our_neighbours(pe1)
    assert not pe1.cmd("ip link show {} 2>/dev/null".format(BR)).strip()
    for i in range(FAST_BATCH):
        port = vni_names(i)["port"]
        assert not pe1.cmd("bridge fdb show dev {} | grep -v permanent".format(port)).strip()

# SPDX-License-Identifier: GPL-2.0-or-later
"""
A dual-stack host whose addresses are known, on an L2-only VNet with 10 s
bridge ageing: it announces both addresses once (gratuitous ARP,
unsolicited NA), stays silent for two ageing periods and then talks for
two (frames of no ARP/ND, as a busy guest with warm neighbour caches).
All along, a remote host asks for both of its addresses every few
seconds: with snoop=on every ARP request and neighbour solicitation is
answered at the asker's VTEP and none crosses the underlay.

pe1 and pe2 snoop; pe3 runs hostguard without snooping, stock FRR's
suppression on a VNet without a gateway address: the same look-ups of its
dual-stack host cross the underlay, the control that shows the check can
fail.
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
    SEND_FRAME_PY,
    arp_answers,
    ns_answers,
    setup_fabric,
    teardown_fabric,
    type2_macs,
    wait_for,
)
from lib.topogen import get_topogen  # noqa: E402
from hg_suppression import (  # noqa: E402
    Capture,
    arp_requests,
    ns_requests,
    send,
)

pytestmark = [pytest.mark.bgpd, pytest.mark.hostguard]

AGEING_S = 10
ASK_EVERY_S = 3


def setup_module(mod):
    setup_fabric(
        mod,
        zebra_args={"pe1": "snoop=on", "pe2": "snoop=on", "pe3": ""},
        gateway=False,
        ageing_cs=AGEING_S * 100,
    )


def teardown_module(mod):
    teardown_fabric()


def announce(node, h):
    send(node, h + "-eth0", "garp", HOST_IP4[h], HOST_MAC[h])
    send(node, h + "-eth0", "na", HOST_IP6[h], HOST_MAC[h])


def test_known_dual_stack_host_never_crosses():
    tgen = get_topogen()
    pe2, h1, h3 = tgen.gears["pe2"], tgen.gears["h1"], tgen.gears["h3"]
    announce(h3, "h3")
    wait_for(
        lambda: (
            announce(h1, "h1")
            or {HOST_IP4["h1"], HOST_IP6["h1"]} <= type2_macs(pe2).get(HOST_MAC["h1"], set())
        ),
        timeout=60,
        interval=3,
        what="pe2 to learn both of h1's MAC+IP routes",
    )

    under = Capture(pe2, "pe2-eth0", "udp port 4789", "sup-dual-underlay")
    asked = {False: 0, True: 0}  # rounds of look-ups while silent, talking
    start = time.time()
    silent_until = start + 2 * AGEING_S
    talking = False
    while time.time() < start + 4 * AGEING_S:
        if not talking and time.time() >= silent_until:
            # one frame a second that needs no ARP/ND, from its own MAC
            frame_py = SEND_FRAME_PY.format(dev="h1-eth0", mac=HOST_MAC["h1"].replace(":", ""))
            h1.cmd(
                '(for i in $(seq {}); do python3 -c "{}"; sleep 1; done) >/dev/null 2>&1 &'.format(
                    2 * AGEING_S, frame_py
                )
            )
            talking = True
        for h in ("h1", "h3"):
            assert HOST_MAC[h] in arp_answers(tgen, "h2", HOST_IP4[h], 1.0), (
                "no ARP answer for " + h
            )
            assert HOST_MAC[h] in ns_answers(tgen, "h2", HOST_IP6[h], 1.0), (
                "no NA for " + h
            )
        asked[talking] += 1
        time.sleep(ASK_EVERY_S)
    text = under.stop()

    crossed = arp_requests(text, HOST_IP4["h1"], HOST_IP4["h2"]) + ns_requests(
        text, HOST_IP6["h1"], HOST_IP6["h2"]
    )
    assert not crossed, "look-ups of known h1 crossed the underlay: {}".format(crossed)
    # Control: without snooping pe2 has nothing to answer h3's look-ups from.
    assert arp_requests(text, HOST_IP4["h3"], HOST_IP4["h2"]), (
        "control: h3's ARP look-ups did not cross"
    )
    assert ns_requests(text, HOST_IP6["h3"], HOST_IP6["h2"]), (
        "control: h3's NS look-ups did not cross"
    )
    assert asked[False] >= 2 and asked[True] >= 2, asked

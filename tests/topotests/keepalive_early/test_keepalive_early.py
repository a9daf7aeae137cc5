# SPDX-License-Identifier: GPL-2.0-or-later
"""
Early probing: with early-idle, a dead host is withdrawn soon after it
stops answering instead of at the bridge's age-out; a live one is kept.

30 s bridge ageing; pe1 and pe2 probe after 5 s of silence, pe3 runs the
keepalive off (stock), the control that a dead host there lingers until
age-out.
"""
import os
import sys
import time

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from hostguard_fabric import (  # noqa: E402
    HOST_MAC,
    hgctl,
    make_hosts_silent,
    remote_has_mac,
    setup_fabric,
    teardown_fabric,
    tracked_host,
    wait_for,
    wait_imported,
)
from lib.topogen import get_topogen  # noqa: E402

pytestmark = [pytest.mark.bgpd, pytest.mark.hostguard]

AGEING_S = 30
EARLY_S = 5
# early-idle + probe window (a quarter of the ageing at most, 5 s by
# default) + BGP propagation
EARLY_BOUND_S = EARLY_S + 5 + 3


def setup_module(mod):
    args = "early-idle={}".format(EARLY_S)
    setup_fabric(
        mod,
        zebra_args={"pe1": args, "pe2": args, "pe3": "keepalive=off"},
        ageing_cs=AGEING_S * 100,
    )
    tgen = get_topogen()
    make_hosts_silent(tgen)
    wait_imported(tgen, [("h2", "pe1"), ("h3", "pe1"), ("h1", "pe2")])


def teardown_module(mod):
    teardown_fabric()


def host_view(router, mac):
    return tracked_host(router, mac)


def test_dead_host_withdrawn_early_stock_late():
    tgen = get_topogen()
    # Start from a host known to answer probes, so the time measured is
    # the early-probe cycle only.
    wait_for(
        lambda: (host_view(tgen.gears["pe2"], HOST_MAC["h2"]) or {}).get("probesAnswered", 0)
        >= 1,
        timeout=3 * EARLY_BOUND_S,
        what="h2 to answer an early probe on pe2",
    )
    for h in ("h2", "h3"):
        tgen.gears[h].run("ip link set dev {}-eth0 arp off".format(h))
    t0 = time.time()
    wait_for(
        lambda: not remote_has_mac(tgen.gears["pe1"], HOST_MAC["h2"]),
        timeout=AGEING_S + 10,
        interval=0.5,
        what="dead h2 to be withdrawn",
    )
    took = time.time() - t0
    assert took <= EARLY_BOUND_S, "withdrawn after {:.1f} s; pe2 counters: {}".format(
        took, hgctl(tgen.gears["pe2"], "show hostguard status json")["counters"]
    )
    # Stock control: the dead h3 is still advertised well after that.
    time.sleep(max(0, EARLY_BOUND_S + 2 - (time.time() - t0)))
    assert remote_has_mac(tgen.gears["pe1"], HOST_MAC["h3"]), (
        "stock control: dead h3 already withdrawn before age-out"
    )
    st = hgctl(tgen.gears["pe2"], "show hostguard status json")
    assert st["counters"]["earlyRemovals"] >= 1


def test_live_host_kept_with_early_probing():
    """h1 answers the early probes: kept, with one probe per idle period."""
    tgen = get_topogen()
    end = time.time() + 3 * AGEING_S / 2
    while time.time() < end:
        assert remote_has_mac(tgen.gears["pe2"], HOST_MAC["h1"])
        time.sleep(1)
    h1 = tracked_host(tgen.gears["pe1"], HOST_MAC["h1"])
    assert h1["probesAnswered"] >= 2

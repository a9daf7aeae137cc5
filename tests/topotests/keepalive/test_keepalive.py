# SPDX-License-Identifier: GPL-2.0-or-later
"""
Keepalive for silent hosts, on a fabric with 10 s bridge ageing.

pe1 and pe2 run hostguard's keepalive; pe3 runs the same module with the
keepalive off, which is stock FRR's behaviour: the control run that shows
the checks can fail.
"""
import os
import re
import sys
import time

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from hostguard_fabric import (  # noqa: E402
    HOST_MAC,
    PROMPT_WITHDRAWAL_S,
    VTEP,
    evpn_json,
    frr_version,
    hgctl,
    make_hosts_silent,
    remote_has_mac,
    setup_fabric,
    teardown_fabric,
    time_to_withdraw,
    tracked_host,
    updates_received,
    wait_for,
    wait_imported,
)
from lib.topogen import get_topogen  # noqa: E402

pytestmark = [pytest.mark.bgpd, pytest.mark.hostguard]

AGEING_S = 10
# hostguard probes at most window = ageing/4 before age-out; a dead host is
# gone at ageing + that window at the latest, plus BGP propagation.
DEAD_BOUND_S = AGEING_S + AGEING_S / 4 + 3


def setup_module(mod):
    setup_fabric(
        mod,
        zebra_args={"pe1": "", "pe2": "", "pe3": "keepalive=off"},
        ageing_cs=AGEING_S * 100,
    )
    tgen = get_topogen()
    make_hosts_silent(tgen)
    # Every PE imports every other PE's host.
    wait_imported(
        tgen,
        [(h, pe) for h, home in (("h1", "pe1"), ("h2", "pe2"), ("h3", "pe3"))
         for pe in ("pe1", "pe2", "pe3") if pe != home],
    )
    # A host's link-local address that a PE learned before the host went
    # silent (IPv6 off) fails and is withdrawn: an UPDATE that must come
    # before the checks count them.
    wait_for(lambda: not [pe for pe in ("pe1", "pe2", "pe3") if host_ipv6_neighbours(tgen.gears[pe])],
             timeout=60, what="the hosts' IPv6 neighbours to be withdrawn")


def host_ipv6_neighbours(router):
    """zebra's IPv6 neighbours (local or remote) of the hosts in VNI 100."""
    out = evpn_json(router, "show evpn arp-cache vni 100 json") or {}
    return [ip for ip, n in out.items()
            if ":" in ip and isinstance(n, dict) and n.get("mac") in HOST_MAC.values()]


def teardown_module(mod):
    teardown_fabric()


def test_silent_host_kept_stock_withdrawn():
    """Six ageing periods of silence: kept with hostguard, withdrawn by stock."""
    tgen = get_topogen()
    rr = tgen.gears["rr"]
    before = updates_received(rr, VTEP["pe1"])
    stock_withdrawn = False
    end = time.time() + 6 * AGEING_S + 5
    while time.time() < end:
        for pe in ("pe2", "pe3"):
            assert remote_has_mac(tgen.gears[pe], HOST_MAC["h1"]), (
                "h1 (silent, alive, keepalive on) withdrawn at " + pe
            )
        if not remote_has_mac(tgen.gears["pe1"], HOST_MAC["h3"]):
            stock_withdrawn = True
        time.sleep(1)
    assert stock_withdrawn, "stock control: silent h3 at pe3 was never withdrawn"
    # No route churn: pe1 sent no UPDATE for its silent host meanwhile.
    assert updates_received(rr, VTEP["pe1"]) == before
    st = hgctl(tgen.gears["pe1"], "show hostguard status json")
    assert st["counters"]["probesAnswered"] >= 5
    assert st["counters"]["withdrawalsPrevented"] >= 5
    h1 = tracked_host(tgen.gears["pe1"], HOST_MAC["h1"])
    assert h1["state"] in ("silentAlive", "probing")
    # At most one probe per ageing period while the host answers.
    assert h1["probesSent"] <= 6 * AGEING_S / (AGEING_S - AGEING_S / 4) + 2


def test_probes_sent_by_the_transmit_thread():
    """
    The probes leave from the module's own pthread, started after zebra
    went to the background (-d): none from zebra's main thread.
    """
    pe1 = get_topogen().gears["pe1"]
    word = "thread" if frr_version(pe1) < (9, 0) else "event"
    out = pe1.vtysh_cmd("show {} cpu".format(word), daemon="zebra")
    sections = re.split(r"Showing statistics for pthread ", out)
    tx = [s for s in sections if s.startswith("hostguard transmit")]
    assert tx, "no hostguard transmit pthread in zebra:\n" + out
    runs = [int(line.split()[2]) for line in tx[0].splitlines()
            if line.split()[-1:] == ["tx_run"]]
    assert runs and runs[0] >= 5, "the transmit thread sent no probes:\n" + tx[0]
    main = sections[1] if len(sections) > 1 else ""
    assert "tx_run" not in main, "frames sent from zebra's main thread:\n" + main


def test_dead_host_withdrawn_in_time():
    """A host that stops answering is withdrawn within ageing + window."""
    tgen = get_topogen()
    h2 = tgen.gears["h2"]
    h2.run("ip link set dev h2-eth0 arp off")
    t0 = time.time()
    wait_for(
        lambda: not remote_has_mac(tgen.gears["pe1"], HOST_MAC["h2"]),
        timeout=DEAD_BOUND_S + 10,
        interval=0.5,
        what="dead h2 to be withdrawn",
    )
    took = time.time() - t0
    assert took <= DEAD_BOUND_S, "dead host withdrawn after {:.1f} s".format(took)
    st = hgctl(tgen.gears["pe2"], "show hostguard status json")
    assert st["counters"]["deadHosts"] >= 1


def test_port_down_withdraws_at_once():
    """A port that goes down withdraws its MACs at once; no hold."""
    tgen = get_topogen()
    assert remote_has_mac(tgen.gears["pe2"], HOST_MAC["h1"])
    tgen.gears["pe1"].run("ip link set dev pe1-eth1 down")
    took = time_to_withdraw(tgen.gears["pe2"], HOST_MAC["h1"])
    assert took <= PROMPT_WITHDRAWAL_S, "withdrawn {:.2f} s after port down".format(took)
    assert tracked_host(tgen.gears["pe1"], HOST_MAC["h1"]) is None

# SPDX-License-Identifier: GPL-2.0-or-later
"""
Restarts with silent hosts: a zebra crash restarted (kill -9, started
again, as watchfrr does), a restart of every daemon (SIGTERM, as
`systemctl restart frr` does) and a bgpd restart.

pe1 runs hostguard with snooping (its silent host h1 has a snooped binding,
installed as a permanent neighbour); pe3 runs the module with every feature
off, which is stock FRR: the control. Each restart is done on pe1 and on
pe3 in turn, and pe2 (a remote peer, "debug bgp updates in") counts the
type-2 withdrawals it receives for h1 and for h3. hostguard may cause no
withdrawal beyond what stock's own restart causes. After each restart pe1
has its host, its binding (adopted, not duplicated: one kernel entry) and
its gateway state back, read from the kernel.
"""
import os
import re
import sys
import time

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from hostguard_fabric import (  # noqa: E402
    ANYCAST_MAC,
    GATEWAY4,
    HOST_IP4,
    HOST_MAC,
    daemon_log,
    hgctl,
    make_hosts_silent,
    remote_has_mac,
    setup_fabric,
    start_daemons,
    teardown_fabric,
    tracked_host,
    wait_for,
    wait_imported,
)
from hg_suppression import binding_of, bindings, kernel_neigh  # noqa: E402
from lib.topogen import TopoRouter, get_topogen  # noqa: E402
from lib.topolog import logger  # noqa: E402

pytestmark = [pytest.mark.bgpd, pytest.mark.hostguard]

HG_PE, STOCK_PE, REMOTE = "pe1", "pe3", "pe2"
HOME = {"pe1": "h1", "pe3": "h3"}
# Long ageing: no host ages out during the test, silent or not.
AGEING_CS = 60000


def setup_module(mod):
    setup_fabric(
        mod,
        zebra_args={
            "pe1": "snoop=on",
            "pe2": "snoop=on",
            "pe3": "keepalive=off,snoop=off,gateway-guard=off",
        },
        bgpd_args={"pe3": "gateway-guard=off"},
        ageing_cs=AGEING_CS,
    )
    tgen = get_topogen()
    make_hosts_silent(tgen)
    wait_imported(tgen, [("h1", REMOTE), ("h3", REMOTE)])
    tgen.gears[REMOTE].vtysh_cmd("debug bgp updates in")
    wait_for(lambda: binding_of(tgen.gears[HG_PE], HOST_IP4["h1"]), what="h1's binding")


def teardown_module(mod):
    teardown_fabric()


def remote_log(tgen):
    return daemon_log(tgen.gears[REMOTE], "bgpd")


def withdrawals(lines, mac):
    """Type-2 withdrawals pe2 received for mac in this part of its log."""
    return len(
        [
            l
            for l in lines
            if "-- withdrawn" in l and "[" + mac + "]" in l.lower()
        ]
    )


def daemon_pid(router, daemon):
    # Each router has its own /var/run/frr (and maybe its own PID namespace).
    return router.cmd("cat /var/run/frr/{}.pid 2>/dev/null".format(daemon)).strip()


def alive(router, pid):
    return router.cmd("kill -0 {} 2>/dev/null && echo yes".format(pid)).strip() == "yes"


def stop(router, daemons, signal):
    """Stop daemons with signal and wait until they are gone."""
    pids = {d: daemon_pid(router, d) for d in daemons}
    for d, pid in pids.items():
        if pid.isdigit():
            router.cmd("kill -{} {}".format(signal, pid))
    for d, pid in pids.items():
        if pid.isdigit():
            wait_for(
                lambda: not alive(router, pid),
                timeout=30,
                interval=0.2,
                what="{} {} to stop".format(router.name, d),
            )
        router.cmd("rm -f /var/run/frr/{}.pid".format(d))


def converged(tgen, pe):
    """pe's host is advertised again and pe2 has it as remote."""
    h = HOME[pe]
    return remote_has_mac(tgen.gears[REMOTE], HOST_MAC[h])


def hg_state_back(pe1):
    """hostguard's state at pe1, rebuilt from the kernel."""
    assert tracked_host(pe1, HOST_MAC["h1"]), hgctl(pe1, "show hostguard hosts json")
    b = [x for x in bindings(pe1) if x["ip"] == HOST_IP4["h1"]]
    assert len(b) == 1 and b[0]["mac"] == HOST_MAC["h1"], b
    # One kernel entry, permanent, hostguard's own.
    neigh = kernel_neigh(pe1, HOST_IP4["h1"])
    assert len(neigh.splitlines()) == 1 and "PERMANENT" in neigh, neigh
    gw = hgctl(pe1, "show hostguard gateway json")
    assert any(m["mac"] == ANYCAST_MAC for m in gw["anycastMacs"]), gw
    assert any(g["ip"] == GATEWAY4 for g in gw["gatewayIps"]), gw
    return True


def restart_and_count(tgen, pe, kind):
    """Restart on pe; withdrawals of its host seen at pe2."""
    router = tgen.gears[pe]
    mac = HOST_MAC[HOME[pe]]
    mark = len(remote_log(tgen))
    if kind == "zebra-crash":
        stop(router, ["zebra"], "KILL")
        start_daemons(router, ["zebra"])
    elif kind == "all":
        # mgmtd runs from FRR 9 on.
        daemons = ["bgpd", "staticd", "zebra"] + (["mgmtd"] if hasattr(TopoRouter, "RD_MGMTD") else [])
        stop(router, daemons, "TERM")
        start_daemons(router, daemons[::-1])
    elif kind == "bgpd":
        stop(router, ["bgpd"], "TERM")
        start_daemons(router, ["bgpd"])
    wait_for(lambda: converged(tgen, pe), timeout=90, what=pe + " to converge")
    # Late withdrawals (zebra re-reading the kernel, a sweep) come within
    # a few seconds of convergence.
    time.sleep(8)
    assert converged(tgen, pe), "{}'s host lost after the {} restart".format(pe, kind)
    n = withdrawals(remote_log(tgen)[mark:], mac)
    return n


@pytest.mark.parametrize("kind", ["zebra-crash", "all", "bgpd"])
def test_restart_no_extra_withdrawals(kind):
    tgen = get_topogen()
    stock = restart_and_count(tgen, STOCK_PE, kind)
    hg = restart_and_count(tgen, HG_PE, kind)
    pe1 = tgen.gears[HG_PE]
    wait_for(lambda: hg_state_back(pe1), timeout=30, what="hostguard state rebuilt at pe1")
    logger.info("%s restart: withdrawals at %s of h1 (hostguard) %d, of h3 (stock) %d",
                kind, REMOTE, hg, stock)
    assert hg <= stock, "{} restart: hostguard's h1 withdrawn {} times, stock's h3 {}".format(
        kind, hg, stock)


def test_no_duplicate_after_restarts():
    """Bindings of earlier zebras adopted, never installed twice."""
    pe1 = get_topogen().gears[HG_PE]
    st = hgctl(pe1, "show hostguard status json")
    assert st["snoop"]["bindings"] == len(bindings(pe1))
    ips = [b["ip"] for b in bindings(pe1)]
    assert len(ips) == len(set(ips)), ips

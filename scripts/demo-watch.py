#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""
Live view of the demo fabric (scripts/demo-fabric.sh watch): for each
silent host, whether every PE still has its route, what hostguard on its
PE did (state, probes), on VNet 100 and on the L2-only VNet 200; and the
anycast gateway guard. Reads only: vtysh and hostguardctl JSON.
"""
import argparse
import json
import subprocess
import sys
import time

PES = ("pe1", "pe2", "pe3")
HOSTS = ("h1", "h2", "h3")
MAC100 = {"h1": "02:00:00:00:00:11", "h2": "02:00:00:00:00:12", "h3": "02:00:00:00:00:13"}
MAC200 = {"h1": "02:00:00:00:02:11", "h2": "02:00:00:00:02:12", "h3": "02:00:00:00:02:13"}
IP200 = {"h1": "10.20.0.11", "h2": "10.20.0.12", "h3": "10.20.0.13"}


def run_json(cmd):
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=10).stdout
        return json.loads(out) if out.strip() else {}
    except (subprocess.SubprocessError, ValueError, OSError):
        return {}


class Fabric:
    def __init__(self, args):
        self.a = args
        self.hg = set(args.hg_pes.split())

    def vtysh(self, pe, cmd):
        return run_json([self.a.vtysh, "-N", self.a.prefix + "-" + pe, "-c", cmd])

    def hgctl(self, pe, cmd):
        return run_json([self.a.hostguardctl, "-q", "-N", self.a.prefix + "-" + pe] + cmd.split())

    def snapshot(self):
        s = {}
        for pe in PES:
            s[pe] = {
                "mac100": self.vtysh(pe, "show evpn mac vni 100 json").get("macs", {}),
                "mac200": self.vtysh(pe, "show evpn mac vni 200 json").get("macs", {}),
                "arp200": self.vtysh(pe, "show evpn arp-cache vni 200 json"),
                "hosts": self.hgctl(pe, "show hostguard hosts json").get("hosts", {})
                if pe in self.hg else {},
                "gw": self.hgctl(pe, "show hostguard gateway json") if pe in self.hg else {},
            }
        return s


def where(entry):
    """'local', 'yes' (remote) or '--' for a MAC table entry."""
    if not entry:
        return "--"
    return "local" if entry.get("type") == "local" else "yes"


def aged(cell, home):
    """At the host's own PE, a missing entry means the bridge aged it out."""
    return "aged out" if home and cell == "--" else cell


def ip_known(snap, pe, h):
    """At pe, is h's VNet 200 address known (so ARP for it is answered locally)?"""
    e = snap[pe]["arp200"].get(IP200[h])
    if not isinstance(e, dict):
        return "--"
    return "local" if e.get("type") == "local" else "yes"


def fmt_table(rows):
    widths = [max(len(str(r[i])) for r in rows) for i in range(len(rows[0]))]
    return ["  " + "  ".join(str(c).ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows]


def frame(fab, snap, elapsed, ageing, events):
    out = ["hostguard demo: +{:.0f}s, bridge ageing {}s (ageing period {}), "
           "hosts silent since the start".format(elapsed, ageing, int(elapsed // ageing) + 1), ""]
    kind = {pe: "hostguard" if pe in fab.hg else "stock FRR" for pe in PES}

    out.append("VNet 100 (gateway 10.10.0.1): each host's MAC route at every PE")
    rows = [["host", "behind"] + ["at " + pe for pe in PES] + ["hostguard state", "probes sent/answered"]]
    for h in HOSTS:
        home = "pe" + h[1:]
        hs = snap[home]["hosts"].get(MAC100[h])
        if home in fab.hg:
            state = hs["state"] if hs else "not tracked"
            probes = "{}/{}".format(hs["probesSent"], hs["probesAnswered"]) if hs else "-"
        else:
            state, probes = "(stock: none)", "-"
        cells = [where(snap[pe]["mac100"].get(MAC100[h])) for pe in PES]
        rows.append([h, "{} ({})".format(home, kind[home])]
                    + [aged(c, pe == home) for c, pe in zip(cells, PES)] + [state, probes])
    out += fmt_table(rows)
    out.append("")

    out.append("VNet 200 (L2-only, no gateway address): MAC route / IP known for ARP suppression")
    rows = [["host", "behind"] + ["at " + pe for pe in PES]]
    for h in HOSTS:
        home = "pe" + h[1:]
        cells = []
        for pe in PES:
            m = where(snap[pe]["mac200"].get(MAC200[h]))
            cells.append(aged(m, pe == home) if m in ("--", "local") else
                         ("MAC+IP" if ip_known(snap, pe, h) == "yes" else "MAC only"))
        rows.append([h, "{} ({})".format(home, kind[home])] + cells)
    out += fmt_table(rows)
    out.append("  (MAC only: remote PEs cannot answer ARP for the host: every ARP floods the fabric)")
    out.append("")

    out.append("Anycast gateway guard")
    rows = [["PE", "guard", "anycast MACs", "gateway IPs", "remote claims blocked"]]
    for pe in PES:
        gw = snap[pe]["gw"]
        if pe not in fab.hg:
            rows.append([pe, "stock: none", "-", "-", "-"])
            continue
        c = gw.get("counters", {})
        blocked = sum(c.get(k, 0) for k in ("remoteMacInstall", "anycastMacDelete",
                                             "remoteNeighInstall", "gatewayNeighDelete"))
        rows.append([pe, "on" if gw.get("gatewayGuard") else "off",
                     len(gw.get("anycastMacs", [])), len(gw.get("gatewayIps", [])), blocked])
    out += fmt_table(rows)
    if events:
        out += ["", "What happened:"] + ["  " + e for e in events[-8:]]
    return "\n".join(out)


def track(prev, snap, elapsed, events):
    """Record routes that appear or vanish at remote PEs."""
    if prev is None:
        return
    for h in HOSTS:
        for vni, macs in (("100", MAC100), ("200", MAC200)):
            for pe in PES:
                key = "mac" + vni
                was = where(prev[pe][key].get(macs[h]))
                now = where(snap[pe][key].get(macs[h]))
                if was == "yes" and now == "--":
                    events.append("+{:.0f}s VNet {}: {} withdrawn at {}".format(elapsed, vni, h, pe))
                elif was == "--" and now == "yes":
                    events.append("+{:.0f}s VNet {}: {} back at {}".format(elapsed, vni, h, pe))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--prefix", default="hg", help="namespace and pathspace prefix")
    p.add_argument("--hg-pes", default="pe1 pe2")
    p.add_argument("--ageing", type=int, default=20)
    p.add_argument("--seconds", type=int, default=0, help="0: until Ctrl-C")
    p.add_argument("--hostguardctl", default="hostguardctl")
    p.add_argument("--vtysh", default="vtysh")
    a = p.parse_args()
    fab = Fabric(a)
    tty = sys.stdout.isatty()
    t0 = time.time()
    prev, events, last_print = None, [], -1e9
    try:
        while True:
            elapsed = time.time() - t0
            snap = fab.snapshot()
            n = len(events)
            track(prev, snap, elapsed, events)
            prev = snap
            text = frame(fab, snap, elapsed, a.ageing, events)
            if tty:
                sys.stdout.write("\033[H\033[J" + text + "\n\n(Ctrl-C to stop)\n")
            elif len(events) != n or elapsed - last_print >= a.ageing / 2:
                # a log, not a screen: a frame when something changed
                sys.stdout.write(text + "\n\n")
                last_print = elapsed
            sys.stdout.flush()
            if a.seconds and elapsed >= a.seconds:
                break
            time.sleep(2)
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()

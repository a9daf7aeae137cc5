#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""
Live view of the demo fabric (scripts/demo-fabric.sh watch): for each
silent host, whether every PE still has its route, what hostguard on its
PE did (state, probes), on VNet 100 and on the L2-only VNet 200; and, per
PE, its anycast gateway: whether it stays local in the kernel and in
zebra, whether the PE still advertises it and what the guard blocked.
Reads vtysh and hostguardctl JSON and the kernel's neighbour tables; once
the firewall claims the gateway (demo-fabric.sh gateway), each host also
pings its gateway (before that the hosts stay silent).
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
VTEP = {"pe1": "10.0.0.11", "pe2": "10.0.0.12", "pe3": "10.0.0.13", "fw": "10.0.0.1"}
GW4 = "10.10.0.1"
ANYCAST_MAC = "a2:1d:cb:1a:c0:8b"
FW_MAC = "02:00:00:00:fe:01"


def run_text(cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=10).stdout
    except (subprocess.SubprocessError, OSError):
        return ""


def macip_routes(table):
    """(VTEP of the RD, MAC, IP) of every type-2 route with an IP in a BGP table."""
    routes = set()
    for rd, entries in table.items():
        if not isinstance(entries, dict):
            continue
        for entry in entries.values():
            for plist in entry.get("paths", []) if isinstance(entry, dict) else []:
                for p in plist if isinstance(plist, list) else [plist]:
                    if p.get("mac") and p.get("ip"):
                        routes.add((rd.split(":")[0], p["mac"], p["ip"]))
    return routes


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

    def hgctl(self, pe, cmd, daemon="zebra"):
        return run_json([self.a.hostguardctl, "-q", "-d", daemon, "-N", self.a.prefix + "-" + pe]
                        + cmd.split())

    def ns(self, node):
        return self.a.prefix + "-" + node

    def gateway_neigh(self, pe):
        """The kernel's neighbour entry for the gateway IP on pe's bridge ("" if none)."""
        return run_text(["ip", "-n", self.ns(pe), "neigh", "show", "dev", "vnet100", "to", GW4]).strip()

    def pings(self):
        """Each host pings its gateway once (in parallel); the MAC it then uses for it."""
        procs = {h: subprocess.Popen(["ip", "netns", "exec", self.ns(h), "ping", "-c", "1", "-W", "1", GW4],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                 for h in HOSTS}
        out = {}
        for h, p in procs.items():
            try:
                ok = p.wait(timeout=5) == 0
            except subprocess.TimeoutExpired:
                p.kill()
                ok = False
            arp = run_text(["ip", "-n", self.ns(h), "neigh", "show", "dev", "eth0", "to", GW4]).split()
            out[h] = (ok, arp[arp.index("lladdr") + 1] if "lladdr" in arp else "-")
        return out

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
                "gwConflicts": self.hgctl(pe, "show hostguard gateway conflicts json", "bgpd")
                if pe in self.hg else {},
                "gwNeigh": self.gateway_neigh(pe),
                "gwArp": self.vtysh(pe, "show evpn arp-cache vni 100 ip {} json".format(GW4)),
            }
        # The reflector's table last: a claim the PEs acted on is in it.
        s["routes"] = macip_routes(run_json([self.a.vtysh, "-N", self.ns("rr"), "-c",
                                             "show bgp l2vpn evpn route type macip json"]))
        s["claim"] = (VTEP["fw"], FW_MAC, GW4) in s["routes"]
        s["pings"] = self.pings() if s["claim"] else {}
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


def keepalive(fab, snap, home, vni, mac):
    """[state, probes sent/answered] of the keepalive at the host's own PE."""
    if home not in fab.hg:
        return ["(stock: none)", "-"]
    hs = snap[home]["hosts"].get(vni, {}).get(mac)
    if not hs:
        return ["not tracked", "-"]
    return [hs["state"], "{}/{}".format(hs["probesSent"], hs["probesAnswered"])]


def fmt_table(rows):
    widths = [max(len(str(r[i])) for r in rows) for i in range(len(rows[0]))]
    return ["  " + "  ".join(str(c).ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows]


def frame(fab, snap, elapsed, ageing, events):
    quiet = ("hosts silent until the claim on the gateway, now each pings it once a frame"
             if snap["claim"] else "hosts silent since the start")
    out = ["hostguard demo: +{:.0f}s, bridge ageing {}s (ageing period {}), {}".format(
        elapsed, ageing, int(elapsed // ageing) + 1, quiet), ""]
    kind = {pe: "hostguard" if pe in fab.hg else "stock FRR" for pe in PES}

    out.append("VNet 100 (gateway 10.10.0.1): each host's MAC route at every PE")
    rows = [["host", "behind"] + ["at " + pe for pe in PES] + ["hostguard state", "probes sent/answered"]]
    for h in HOSTS:
        home = "pe" + h[1:]
        cells = [where(snap[pe]["mac100"].get(MAC100[h])) for pe in PES]
        rows.append([h, "{} ({})".format(home, kind[home])]
                    + [aged(c, pe == home) for c, pe in zip(cells, PES)]
                    + keepalive(fab, snap, home, "100", MAC100[h]))
    out += fmt_table(rows)
    out.append("")

    out.append("VNet 200 (L2-only, no gateway address): MAC route / IP known for ARP suppression")
    rows = [["host", "behind"] + ["at " + pe for pe in PES] + ["hostguard state", "probes sent/answered"]]
    for h in HOSTS:
        home = "pe" + h[1:]
        cells = []
        for pe in PES:
            m = where(snap[pe]["mac200"].get(MAC200[h]))
            cells.append(aged(m, pe == home) if m in ("--", "local") else
                         ("MAC+IP" if ip_known(snap, pe, h) == "yes" else "MAC only"))
        rows.append([h, "{} ({})".format(home, kind[home])] + cells
                    + keepalive(fab, snap, home, "200", MAC200[h]))
    out += fmt_table(rows)
    out.append("  (MAC only: remote PEs cannot answer ARP for the host: every ARP floods the fabric)")
    out.append("")

    out += gateway_table(fab, snap, kind)
    if events:
        out += ["", "What happened:"] + ["  " + e for e in events[-16:]]
    return "\n".join(out)


def kernel_gw(neigh):
    """The gateway as pe's kernel holds it: its own (no neighbour entry) or another MAC."""
    if not neigh:
        return "local"
    w = neigh.split()
    mac = w[w.index("lladdr") + 1] if "lladdr" in w else "?"
    return ("fw's MAC" if mac == FW_MAC else mac) + (" (remote)" if "extern_learn" in w else "")


def zebra_gw(arp):
    t = arp.get("type") if isinstance(arp, dict) else None
    if not t:
        return "--"
    return t if t == "local" else "{} ({})".format(t, "fw" if arp.get("remoteVtep") == VTEP["fw"]
                                                   else arp.get("remoteVtep", "?"))


def gw_state(snap, pe):
    """(kernel, zebra, advertised) for pe's gateway."""
    return (kernel_gw(snap[pe]["gwNeigh"]), zebra_gw(snap[pe]["gwArp"]),
            "yes" if (VTEP[pe], ANYCAST_MAC, GW4) in snap["routes"] else "NO")


def gateway_table(fab, snap, kind):
    if snap["claim"]:
        out = ["Anycast gateway {}: fw claims it with its own MAC {} (advertise-svi-ip, "
               "VTEP {}, the lowest)".format(GW4, FW_MAC, VTEP["fw"])]
    else:
        out = ["Anycast gateway {}: no foreign claim yet (demo-fabric.sh gateway makes one)".format(GW4)]
    rows = [["PE", "kernel: gateway", "zebra: gateway", "advertises it", "host pings gateway",
             "guard: blocked", "conflicts", "logged"]]
    for pe in PES:
        h = "h" + pe[2:]
        ok, mac = snap["pings"].get(h, (None, "-"))
        ping = "-" if ok is None else "{} {} (via {})".format(h, "ok" if ok else "FAILS",
                                                              "anycast MAC" if mac == ANYCAST_MAC else
                                                              "fw's MAC" if mac == FW_MAC else mac)
        if pe in fab.hg:
            c = snap[pe]["gw"].get("counters", {})
            blocked = sum(c.get(k, 0) for k in ("remoteMacInstall", "anycastMacDelete",
                                                 "remoteNeighInstall", "gatewayNeighDelete"))
            guard = [blocked, snap[pe]["gwConflicts"].get("numConflicts", 0), c.get("conflictsLogged", 0)]
        else:
            guard = ["(stock: none)", "-", "-"]
        rows.append(["{} ({})".format(pe, kind[pe])] + list(gw_state(snap, pe)) + [ping] + guard)
    out += fmt_table(rows)
    out.append("  (blocked: remote installs/deletes the guard kept from the kernel; conflicts: "
               "routes bgpd keeps out of the VNI)")
    return out


def track_gateway(prev, snap, elapsed, events):
    if snap["claim"] and not prev["claim"]:
        events.append("+{:.0f}s fw's claim on gateway {} reached the fabric".format(elapsed, GW4))
    for pe in PES:
        was, now = gw_state(prev, pe), gw_state(snap, pe)
        for what, a, b in (("kernel", was[0], now[0]), ("zebra", was[1], now[1]),
                           ("advertised", was[2], now[2])):
            if a != b:
                events.append("+{:.0f}s {}: gateway {} {} -> {}".format(elapsed, pe, what, a, b))


def gateway_step(cmd, elapsed):
    """Run the demo's gateway step (the firewall's claim); its event line."""
    try:
        r = subprocess.run([cmd, "gateway"], capture_output=True, text=True, timeout=60)
        ok, out = r.returncode == 0, r.stdout + r.stderr
    except (subprocess.SubprocessError, OSError) as e:
        ok, out = False, str(e)
    if not ok:
        return "+{:.0f}s gateway step FAILED: {}".format(elapsed, (out.strip().splitlines() or ["?"])[-1])
    return ("+{:.0f}s gateway step: firewall fw starts stock FRR, advertises {} with its MAC {}"
            .format(elapsed, GW4, FW_MAC))


def track(prev, snap, elapsed, events):
    """Record routes that appear or vanish at remote PEs."""
    if prev is None:
        return
    track_gateway(prev, snap, elapsed, events)
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
    p.add_argument("--offset", type=int, default=0, help="seconds the hosts have been silent")
    p.add_argument("--gateway-after", type=int, default=0,
                   help="seconds into the watch to run the gateway step")
    p.add_argument("--gateway-cmd", help="demo-fabric.sh, run with 'gateway' then")
    p.add_argument("--hostguardctl", default="hostguardctl")
    p.add_argument("--vtysh", default="vtysh")
    a = p.parse_args()
    fab = Fabric(a)
    tty = sys.stdout.isatty()
    t0 = time.time() - a.offset
    stop = time.time() + a.seconds
    claim_at = time.time() + a.gateway_after if a.gateway_cmd else None
    prev, events, last_print = None, [], -1e9
    try:
        while True:
            elapsed = time.time() - t0
            n = len(events)
            if claim_at and time.time() >= claim_at:
                claim_at = None
                events.append(gateway_step(a.gateway_cmd, elapsed))
            snap = fab.snapshot()
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
            if a.seconds and time.time() >= stop:
                break
            time.sleep(2)
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()

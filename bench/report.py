#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""
Turns docs/bench/results.json into docs/bench/RESULTS.md and the plots next
to it. Every figure printed comes from results.json.
"""
import ipaddress
import json
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

# Budgets of the keepalive (issue "Keepalive for silent hosts").
DOCS = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "docs")
BUDGET_BYTES_PER_HOST = 200
BUDGET_CPU_PCT = 3.0
BUDGET_CALLBACK_MS = 1.0
REAL_AGEING_S = 300


def save_figure(fig, outdir, name, alt, env=None):
    """Write fig (titled with FRR and kernel when env is given); its Markdown lines."""
    if env:
        fig.suptitle("FRR {}, kernel {}".format(env["frr"], env["kernel"]), fontsize=9)
    fig.tight_layout()
    fig.savefig(os.path.join(outdir, name), dpi=90)
    return ["![{}]({})".format(alt, name), ""]


def fmt(v, digits=1):
    if v is None:
        return "–"
    if isinstance(v, float):
        return "{:.{}f}".format(v, digits)
    return str(v)


def sp(s, digits=1):
    """median [min–max] of a spread dict."""
    if not s:
        return "–"
    if s["min"] == s["max"]:
        return fmt(s["median"], digits)
    return "{} [{}–{}]".format(fmt(s["median"], digits), fmt(s["min"], digits),
                               fmt(s["max"], digits))


def table(head, rows):
    out = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    out += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return "\n".join(out)


def env_cols(env, runs):
    return [env["frr"], env["kernel"], str(runs)]


def host_index(key):
    """Global host index of a simulated host's MAC or address (hostsim.py)."""
    if key.startswith("02:b0:"):
        return int(key[6:].replace(":", ""), 16)
    ip = ipaddress.ip_address(key)
    base = ipaddress.ip_address("10.10.1.0" if ip.version == 4 else "2001:db8:100::1:0")
    return int(ip) - int(base)


def silent_withdrawal_mean(r):
    """Mean type-2 withdrawals per silent host per hour, from the events."""
    order = [c for c, n in r["hosts"].items() for _ in range(n)]
    silent = sum(1 for c in order if c != "active")
    per_hour = 3600.0 / REAL_AGEING_S / (r["windowS"] / r["ageingS"])
    n = sum(1 for _, _, key, deleted in r.get("events", [])
            if deleted and host_index(key) < len(order) and order[host_index(key)] != "active")
    return n / silent * per_hour if silent else None


def fabric_section(res, env, outdir):
    rows = res["fabric"]
    if not rows:
        return []
    p = res["params"]
    lines = ["## Churn, probe cost and dead-host latency (rr + 3 PEs)", "",
             "Hosts behind pe1 per class: {}. Bridge ageing {} s, churn measured over {} "
             "ageing periods, figures per host per hour scaled to a {} s ageing; a remote "
             "host on pe2 looks each host up once a minute (scaled). Spread: median [min–max] "
             "over the hosts of the row.".format(
                 ", ".join("{} {}".format(n, c) for c, n in rows[0]["hosts"].items()),
                 p["ageing"], p["periods"], REAL_AGEING_S), ""]
    head = ["scenario", "FRR", "kernel", "runs", "type-2 withdrawals /silent host/h (mean)",
            "type-2 withdrawals /silent host/h",
            "BGP UPDATEs from pe1 /host/h", "ARP/ND on the underlay /host/h",
            "of which for addresses pe2 knew /host/h",
            "probes /silent host/h", "probes /active host/h",
            "dead host → withdrawn at pe2 (s)", "dead hosts not withdrawn"]
    body = []
    for r in rows:
        d = r["dead"]["all"]
        body.append([r["scenario"]] + env_cols(env, 1) + [
            fmt(silent_withdrawal_mean(r)),
            sp(r.get("silentWithdrawalsPerHostHour")),
            fmt(r["updatesFromPe1PerHostHour"]),
            fmt(r["underlayArpNdPerHostHour"]),
            fmt(r.get("underlayArpNdKnownPerHostHour")),
            sp(r.get("silentProbesPerHostHour")),
            sp(r["churn"]["active"]["probesPerHostHour"]),
            sp(d["latencyS"]),
            "{} of {} (waited {} s)".format(d["notWithdrawn"], d["hosts"], d["waitedS"]),
        ])
    lines += [table(head, body), ""]
    lines += ["Per class (withdrawals / probes per host per hour, median):", ""]
    classes = list(rows[0]["hosts"])
    body = []
    for r in rows:
        body.append([r["scenario"]] + ["{} / {}".format(
            fmt(r["churn"][c]["withdrawalsPerHostHour"]["median"]),
            fmt(r["churn"][c]["probesPerHostHour"]["median"])) for c in classes])
    lines += [table(["scenario"] + classes, body), ""]
    body = [[r["scenario"]] + ["{} / {}".format(
        fmt(r["underlay"]["perClass"][c]["knownPerHostHour"]),
        fmt(r["underlay"]["perClass"][c]["unknownPerHostHour"])) for c in classes] + [
        fmt(r["underlay"]["otherPerHostHour"])] for r in rows if "underlay" in r]
    if body:
        lines += ["ARP/ND frames on the underlay per class, per host per hour: about an "
                  "address pe2 had a MAC+IP route for when the frame passed / one it had "
                  "none for; last column: about no simulated host's address:", "",
                  table(["scenario"] + classes + ["other"], body), ""]
    body = []
    for r in rows:
        if "dead" in r:
            body.append([r["scenario"]] + [
                "{} ({} not)".format(sp(r["dead"][c]["latencyS"]), r["dead"][c]["notWithdrawn"])
                for c in ("mac", "v4", "v6", "dual")])
    lines += ["Dead-host latency per class (s, median [min–max]):", "",
              table(["scenario", "mac", "v4", "v6", "dual"], body), ""]
    mig = [r for r in rows if r.get("migration")]
    if mig:
        body = [[r["scenario"]] + env_cols(env, r["migration"]["lossMs"]["n"]
                                           if r["migration"]["lossMs"] else 0) +
                [sp(r["migration"]["lossMs"], 0)] for r in mig]
        lines += ["## Gateway migration", "",
                  "A host moves between pe1 and pe2 (same anycast gateway MAC on both); a "
                  "host on pe3 pings it every {} ms; loss = lost replies × interval. "
                  "runs = migrations.".format(mig[0]["migration"]["pingIntervalMs"]), "",
                  table(["scenario", "FRR", "kernel", "runs", "loss (ms)"], body), ""]

    fig, ax = plt.subplots(1, 3, figsize=(13, 4))
    names = [r["scenario"] for r in rows]

    def bars(axis, key, title):
        med = [(r.get(key) or {}).get("median", 0) for r in rows]
        lo = [m - (r.get(key) or {}).get("min", 0) for m, r in zip(med, rows)]
        hi = [(r.get(key) or {}).get("max", 0) - m for m, r in zip(med, rows)]
        axis.bar(names, med, yerr=[lo, hi], capsize=4, color="#4477aa")
        axis.set_title(title, fontsize=10)
        axis.tick_params(axis="x", rotation=30)

    ax[0].bar(names, [silent_withdrawal_mean(r) or 0 for r in rows], color="#4477aa")
    ax[0].set_title("type-2 withdrawals / silent host / h (mean)", fontsize=10)
    ax[0].tick_params(axis="x", rotation=30)
    bars(ax[1], "silentProbesPerHostHour", "probes / silent host / h")
    med = [(r["dead"]["all"]["latencyS"] or {}).get("median", 0) for r in rows]
    mx = [(r["dead"]["all"]["latencyS"] or {}).get("max", 0) for r in rows]
    ax[2].bar(names, mx, color="#ccbb44", label="max")
    ax[2].bar(names, med, color="#4477aa", label="median")
    for i, r in enumerate(rows):
        if r["dead"]["all"]["notWithdrawn"]:
            ax[2].text(i, 0.5, "not\nwithdrawn", ha="center", fontsize=8)
    ax[2].set_title("dead host → withdrawn (s, {} s ageing)".format(p["ageing"]), fontsize=10)
    ax[2].legend(fontsize=8)
    ax[2].tick_params(axis="x", rotation=30)
    return lines + save_figure(fig, outdir, "fabric.png", "churn, probes and dead-host latency",
                               env)


def scale_section(res, env, outdir):
    rows = res["scale"]
    if not rows:
        return []
    p = res["params"]
    lines = ["## Scale: one VTEP", "",
             "MAC+IPv4 hosts behind one port of one VTEP, bridge ageing {} s; time constants "
             "compressed by {}/{} (hostguard's probe-rate and probe-window scaled alike; "
             "zebra and the host simulator pinned to different CPUs); CPU is zebra's "
             "utime+stime over one ageing period that holds the first probe round (or the "
             "age-out), given as a share of one core over a {} s period. Spread: over the "
             "RSS samples of the period.".format(
                 p["scale_ageing"], REAL_AGEING_S, p["scale_ageing"], REAL_AGEING_S), ""]
    base = {r["hosts"]: r for r in rows if r["scenario"] == "no-ageing"}
    head = ["hosts", "scenario", "FRR", "kernel", "runs", "zebra RSS (MiB)",
            "zebra CPU / ageing period (s)", "zebra CPU (% core @300 s)",
            "added vs no-ageing (% core)", "zebra user / system (s)", "probes/s (avg)",
            "probes / host in the period", "MACs left at end",
            "module bytes / host", "longest module callback (ms)"]
    body = []
    for r in rows:
        cpu_pct = r["zebraCpuS"] / REAL_AGEING_S * 100
        b = base.get(r["hosts"])
        added = (r["zebraCpuS"] - b["zebraCpuS"]) / REAL_AGEING_S * 100 if b else None
        r["cpuPct"], r["addedPct"] = cpu_pct, added
        rss = r["zebraRssKiB"]
        body.append([r["hosts"], r["scenario"]] + env_cols(env, 1) + [
            sp({k: (v / 1024 if k != "n" else v) for k, v in rss.items()}),
            fmt(r["zebraCpuS"], 2), fmt(cpu_pct, 2), fmt(added, 2) if r is not b else "–",
            "{} / {}".format(*(fmt(x, 2) for x in r.get("zebraThreadCpuS", {}).get(
                "zebra", [None, None]))),
            fmt(r["probesPerS"]),
            fmt(r["moduleProbesSent"] / r["hosts"], 2) if r.get("moduleProbesSent") is not None
            else "–",
            fmt(r["macsAtEnd"]),
            fmt(r.get("moduleBytesPerHost")),
            fmt(r["longestCallbackUs"] / 1000, 2) if r.get("longestCallbackUs") is not None
            else "–"])
    lines += [table(head, body), ""]
    hg = [r for r in rows if r.get("moduleCallbacks")]
    for r in hg:
        lines += ["Module callbacks at {} hosts (show event cpu):".format(r["hosts"]), "",
                  callbacks_table(r["moduleCallbacks"]), ""] + transmit_lines(r)
        mem = r.get("moduleMemory", {}).get("types", {})
        if mem:
            lines += ["Module memory at {} hosts (show memory, hostguard group):".format(
                r["hosts"]), "", table(["MTYPE", "count", "bytes"],
                                       [[k, v["count"], v["bytes"]] for k, v in mem.items()]), ""]

    fig, ax = plt.subplots(1, 2, figsize=(10, 4))
    for scn, color in (("no-ageing", "#999999"), ("stock", "#cc6677"), ("hostguard", "#4477aa")):
        pts = sorted((r["hosts"], r["cpuPct"]) for r in rows if r["scenario"] == scn)
        if pts:
            ax[0].plot([x for x, _ in pts], [y for _, y in pts], "o-", label=scn, color=color)
    ax[0].axhline(BUDGET_CPU_PCT, ls="--", color="k", lw=0.8, label="budget (added)")
    ax[0].set_title("zebra CPU, % of a core at 300 s ageing", fontsize=10)
    ax[0].set_xlabel("local hosts")
    ax[0].legend(fontsize=8)
    pts = sorted((r["hosts"], r.get("moduleBytesPerHost") or 0) for r in hg)
    ax[1].bar([str(x) for x, _ in pts], [y for _, y in pts], color="#4477aa")
    ax[1].axhline(BUDGET_BYTES_PER_HOST, ls="--", color="k", lw=0.8, label="budget")
    ax[1].set_title("hostguard memory per tracked host (bytes)", fontsize=10)
    ax[1].legend(fontsize=8)
    return lines + save_figure(fig, outdir, "scale.png", "scale", env)


def vteps_section(res, env, outdir):
    rows = res["vteps"]
    if not rows:
        return []
    r0 = rows[0]
    lines = ["## {} VTEPs and a route reflector: all hosts go silent".format(r0["vteps"]), "",
             "{} MAC+IPv4 hosts per VTEP announce themselves once and stay silent for {} s "
             "(bridge ageing {} s), then speak again. UPDATEs counted at the route reflector; "
             "withdrawal spread = first to last remote MAC removal seen on any VTEP; "
             "re-convergence = hosts speak again → every VTEP has every remote MAC.".format(
                 r0["hostsPerVtep"], fmt(r0["silentWindowS"], 0), r0["ageingS"]), ""]
    head = ["scenario", "FRR", "kernel", "runs", "initial convergence (s)",
            "UPDATEs received by RR while silent", "UPDATEs received by RR incl. re-announce",
            "lowest remote-MAC count (of {})".format(r0["expected"]),
            "withdrawal spread (s)", "re-convergence (s)"]
    body = [[r["scenario"]] + env_cols(env, 1) + [
        fmt(r["initialConvergenceS"]), r["updatesRecvAtRr"], r["updatesRecvAtRrTotal"],
        r["remoteMacsMin"], fmt(r["withdrawSpreadS"]), fmt(r["reconvergenceS"])] for r in rows]
    lines += [table(head, body), ""]
    fig, ax = plt.subplots(figsize=(7, 3.5))
    for r, color in zip(rows, ("#cc6677", "#4477aa")):
        ax.plot([t for t, _ in r["series"]], [c for _, c in r["series"]], label=r["scenario"],
                color=color)
    ax.set_xlabel("s since hosts announced themselves")
    ax.set_ylabel("remote MACs, summed over VTEPs")
    ax.set_title("{} VTEPs, {} s ageing".format(r0["vteps"], r0["ageingS"]), fontsize=10)
    ax.legend(fontsize=8)
    return lines + save_figure(fig, outdir, "vteps.png", "remote MACs over time")


def budget_section(res):
    scale = res["scale"]
    hg = [r for r in scale if r["scenario"] == "hostguard"]
    if not hg:
        return []
    big = max(hg, key=lambda r: r["hosts"])

    def verdict(ok, measured=True):
        if not measured:
            return "not measured in this run"
        return "met" if ok else "**not met**"

    lines = ["## Budgets of the keepalive, checked against these figures", ""]
    body = []
    b = big.get("moduleBytesPerHost")
    body.append(["module memory per tracked host", "≤ {} B".format(BUDGET_BYTES_PER_HOST),
                 "{} B at {} hosts".format(fmt(b), big["hosts"]),
                 verdict(b is not None and b <= BUDGET_BYTES_PER_HOST, b is not None)])
    a = big.get("addedPct")
    body.append(["zebra CPU added over an ageing period",
                 "≤ {} % of a core".format(BUDGET_CPU_PCT),
                 "{} % at {} hosts".format(fmt(a, 2), big["hosts"]),
                 verdict(a is not None and a <= BUDGET_CPU_PCT, a is not None)])
    kept = big.get("macsAtEnd")
    body.append(["silent, live hosts kept through an ageing period (all learned together)",
                 "all {}".format(big["hosts"]), "{} of {}".format(fmt(kept), big["hosts"]),
                 verdict(kept == big["hosts"], kept is not None)])
    cbs = [r["longestCallbackUs"] for r in hg if r.get("longestCallbackUs") is not None]
    cb = max(cbs) / 1000 if cbs else None
    body.append(["longest module callback", "≤ {} ms".format(BUDGET_CALLBACK_MS),
                 "{} ms".format(fmt(cb, 2)),
                 verdict(cb is not None and cb <= BUDGET_CALLBACK_MS, cb is not None)])
    beside = [r for _, r in stalls_beside(res)]
    if beside:
        longest = max(r["longestUs"] for r in beside) / 1000
        body.append(["a loop doing nothing beside zebra, on its CPU, in the same parts",
                     "(the machine)", "charged up to {} ms in one iteration".format(
                         fmt(longest, 2)), "see the machine's own stalls"])
    fab = {r["scenario"]: r for r in res["fabric"]}
    if "hostguard" in fab:
        pr = fab["hostguard"].get("silentProbesPerHostHour")
        floor = 3600 / REAL_AGEING_S
        body.append(["probes per silent host", "≤ 1 per ageing period ({:.0f}/h)".format(floor),
                     "{} /h (median)".format(fmt(pr["median"] if pr else None)),
                     verdict(pr is not None and pr["median"] <= floor * 1.05)])
        ac = fab["hostguard"]["churn"]["active"]["probesPerHostHour"]
        body.append(["probes per active host", "0", "{} /h (median)".format(fmt(ac["median"])),
                     verdict(ac["max"] == 0)])
    return lines + [table(["budget", "limit", "measured", "verdict"], body), ""]


def restart_section(res):
    rows = res.get("restart", [])
    if not rows:
        return []
    p = res["params"]
    lines = ["## Restarts: withdrawals seen by a remote VTEP", "",
             "{} silent hosts at pe1 (real ageing, so nothing ages out); pe1 restarted three "
             "ways in turn; pe2 counts the type-2 withdrawals it gets for those hosts from "
             "the restart until {} s after pe1 is back. Back = restart until BGP is "
             "established again.".format(rows[0]["hosts"], p.get("restart_settle")), ""]
    kinds = (("zebra-crash", "zebra killed, started again"),
             ("all", "every daemon (systemctl restart frr)"), ("bgpd", "bgpd alone"))
    body = []
    for r in rows:
        for k, desc in kinds:
            x = r["restarts"].get(k)
            if not x:
                continue
            body.append([r["scenario"], desc, x["macWithdrawals"], x["ipWithdrawals"],
                         x["hostsWithdrawn"], "{} of {}".format(x["remoteMacsAtEnd"],
                                                               r["hosts"]),
                         fmt(x["backS"])])
    head = ["scenario", "restart", "MAC withdrawals", "MAC+IP withdrawals", "hosts withdrawn",
            "remote MACs at pe2 at the end", "back (s)"]
    return lines + [table(head, body), ""]


def callbacks_table(cbs):
    cb = sorted(cbs.items(), key=lambda kv: -kv[1]["maxUs"])
    if any("maxWallUs" in v for _, v in cb):
        return table(["callback", "invoked", "avg CPU (µs)", "max CPU (µs)",
                      "max wall-clock (µs)"],
                     [[k, v["invoked"], v["avgUs"], v["maxUs"], v.get("maxWallUs")]
                      for k, v in cb])
    return table(["callback", "invoked", "avg (µs)", "max (µs)"],
                 [[k, v["invoked"], v["avgUs"], v["maxUs"]] for k, v in cb])


def stall_row(where, r):
    return [where, r["cpu"], r["cpuSeconds"], r["stallsOver"]["500"], r["stallsOver"]["1000"],
            r["stallsOver"]["2000"],
            ", ".join("{} / {}".format(x["cpuUs"], x["wallUs"]) for x in r.get("longest", [])[:3])
            or "–"]


def stalls_beside(res):
    """(where, probe result) of the probes that ran beside zebra."""
    out = []
    for r in res.get("scale", []):
        if r.get("stallsBeside"):
            out.append(("scale, {} hosts, {}".format(r["hosts"], r["scenario"]), r["stallsBeside"]))
    for r in res.get("storm", []):
        if r.get("stallsBeside"):
            out.append(("ARP storm, {}".format(r["scenario"]), r["stallsBeside"]))
    return out


def stalls_section(res):
    rows = [stall_row("idle machine", r) for r in res.get("stalls", [])]
    rows += [stall_row(w, r) for w, r in stalls_beside(res)]
    if not rows:
        return []
    return ["## The machine's own stalls", "",
            "A loop that only reads the thread's CPU clock and the monotonic clock, pinned to "
            "one CPU (bench/stallprobe.py): each iteration takes about a microsecond, so one "
            "charged more than a threshold of CPU time was stalled (an interrupt, the "
            "hypervisor taking the virtual CPU, the clock itself jumping) and charged for it, "
            "as a zebra callback running at that moment would be. Run on the idle machine "
            "before the other parts, and beside zebra on its CPU (the first) in the scale and "
            "storm parts, at the idle scheduling class (it takes no CPU time from zebra).", "",
            table(["where", "CPU", "CPU seconds", "stalls over 0.5 ms", "over 1 ms",
                   "over 2 ms", "longest: CPU / wall-clock (µs)"], rows), ""]


def transmit_lines(r):
    """The module's transmit thread: frames to hosts, sent off zebra's main thread."""
    if not r.get("transmitThread"):
        return []
    return ["Frames to hosts, sent by the module's own thread (off zebra's main thread, "
            "not in the figures above):", "", callbacks_table(r["transmitThread"]), ""]


def storm_section(res):
    rows = res.get("storm", [])
    if not rows:
        return []
    lines = []
    for r in rows:
        before = (r.get("snoop") or {}).get("before") or {}
        after = (r.get("snoop") or {}).get("after") or {}
        drops = {k: v - (before.get("drops") or {}).get(k, 0)
                 for k, v in (after.get("drops") or {}).items()}
        lines += ["## ARP storm on one port ({})".format(r["scenario"]), "",
                  "{} silent hosts on one VTEP with snooping; one port sends gratuitous ARPs "
                  "from ever new MACs at {}/s for {} s ({} frames sent). zebra CPU over the "
                  "storm {} s, zebra RSS at the end {} MiB, longest module callback {} ms{}."
                  .format(r["hosts"], r["pps"], r["seconds"], r.get("framesSent"),
                          fmt(r.get("zebraCpuS"), 2), fmt(r.get("zebraRssKiB", 0) / 1024),
                          fmt((r.get("longestCallbackUs") or 0) / 1000, 2),
                          " (zebra on the first CPU, the hosts and the storm on the second)"
                          if r.get("zebraPinned") else ""), ""]
        if drops:
            lines += ["Snooped frames dropped during the storm, by reason (non-zero): " +
                      ", ".join("{} {}".format(k, v) for k, v in sorted(drops.items()) if v) +
                      "; bindings before / after: {} / {}.".format(before.get("bindings"),
                                                                  after.get("bindings")), ""]
        if r.get("moduleCallbacks"):
            lines += ["Module callbacks during the storm (show event cpu):", "",
                      callbacks_table(r["moduleCallbacks"]), ""] + transmit_lines(r)
    return lines


def soak_section(res):
    rows = res.get("soak", [])
    if not rows:
        return []
    lines = []
    for r in rows:
        lines += ["## Soak ({}, {} min)".format(r["scenario"], fmt(r["seconds"] / 60, 0)), "",
                  "{} silent hosts at pe1, {} a second dying and as many coming back, one "
                  "port storming ARP from {} MACs in turn. Live hosts lost: {}; dead hosts "
                  "kept past their bound: {}; zebra RSS growth from the first to the last "
                  "sample: {} %.".format(r["hosts"], r["churnPerS"],
                                        res["params"].get("soak_storm_macs"),
                                        r.get("liveHostsLost"), r.get("deadKeptPastBound"),
                                        fmt(r.get("rssGrowthPct"))), ""]
        body = [[fmt(x["t"] / 60, 0), fmt(x["zebraRssKiB"] / 1024, 2), x["bgpEstablished"],
                 x["remoteMacs"]] for x in r.get("samples", [])]
        lines += [table(["min", "zebra RSS (MiB)", "BGP sessions up at pe1",
                         "remote MACs at pe2"], body), ""]
    return lines


def main():
    outdir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(DOCS, "bench")
    with open(os.path.join(outdir, "results.json")) as f:
        res = json.load(f)
    env = res["env"]
    failed = []
    for part in ("fabric", "scale", "vteps", "restart", "storm", "soak"):
        failed += ["{} / {}: {}".format(part, x.get("scenario"), x["error"])
                   for x in res.get(part, []) if "error" in x]
        res[part] = [x for x in res.get(part, []) if "error" not in x]
    lines = ["# hostguard benchmark results", "",
             "Generated by `bench/run{}` on {} ({} CPUs, kernel {}, FRR {}, modules: {}); "
             "the run took {:.0f} min. Method: [BENCHMARKS.md]({}). Raw "
             "figures: [results.json](results.json).".format(
                 " --quick" if res["quick"] else "", env["date"], env["cpus"], env["kernel"],
                 env["frr"], env.get("modules", "build tree" if env.get("moduleDir") else "installed"), res.get("durationS", 0) / 60,
                 os.path.relpath(os.path.join(DOCS, "BENCHMARKS.md"), outdir)), ""]
    if "ageingZeroLearns" in env:
        lines += ["A Linux bridge with `ageing_time 0` {} (checked at the start of the run){}".format(
            "learns source MACs" if env["ageingZeroLearns"] else "learns no source MAC at all",
            "." if env["ageingZeroLearns"] else ": it floods everything and zebra sees no local "
            "MAC, so no type-2 route is ever advertised. The scenario \"no-ageing\" keeps "
            "entries forever with the largest ageing time instead."), ""]
    lines += stalls_section(res)
    lines += fabric_section(res, env, outdir)
    lines += scale_section(res, env, outdir)
    lines += vteps_section(res, env, outdir)
    lines += restart_section(res)
    lines += storm_section(res)
    lines += soak_section(res)
    lines += budget_section(res)
    if failed:
        lines += ["## Experiments that failed in this run", ""] + ["- " + f for f in failed] + [""]
    with open(os.path.join(outdir, "RESULTS.md"), "w") as f:
        f.write("\n".join(lines))


if __name__ == "__main__":
    main()

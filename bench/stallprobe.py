#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""
bench/stallprobe.py - how often this machine stalls a thread that does
nothing, and charges the stall to it as CPU time.

A loop that only reads two clocks, pinned to one CPU, for some seconds:
an iteration takes about a microsecond, so one whose thread CPU time grew
by more than a threshold was stalled (an interrupt, the hypervisor taking
the virtual CPU) and charged for it, as a zebra callback running at that
moment would be. Prints JSON.

With "idle", the loop runs at the idle scheduling class: it takes only
time the CPU would otherwise spend idle, and measures the stalls beside a
busy zebra without taking CPU time from it.

usage: stallprobe.py SECONDS CPU [idle]
"""
import json
import os
import sys
import time

THRESHOLDS_US = (500, 1000, 2000)


def main():
    seconds, cpu = float(sys.argv[1]), int(sys.argv[2])
    os.sched_setaffinity(0, {cpu})
    if sys.argv[3:] == ["idle"]:
        os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
    cpu_ns, wall_ns = time.thread_time_ns, time.monotonic_ns
    end = wall_ns() + int(seconds * 1e9)
    counts = dict.fromkeys(THRESHOLDS_US, 0)
    top = []
    c0 = last_c = cpu_ns()
    last_w = wall_ns()
    while last_w < end:
        c, w = cpu_ns(), wall_ns()
        step_us = (c - last_c) // 1000
        if step_us > THRESHOLDS_US[0]:
            for t in THRESHOLDS_US:
                if step_us > t:
                    counts[t] += 1
            top = sorted(top + [[step_us, (w - last_w) // 1000]], reverse=True)[:5]
        last_c, last_w = c, w
    run_s = (last_c - c0) / 1e9
    print(json.dumps({"cpu": cpu, "cpuSeconds": round(run_s, 2),
                      "stallsOver": {str(t): counts[t] for t in THRESHOLDS_US},
                      "longestUs": top[0][0] if top else 0,
                      "longest": [{"cpuUs": a, "wallUs": b} for a, b in top]}))


if __name__ == "__main__":
    main()

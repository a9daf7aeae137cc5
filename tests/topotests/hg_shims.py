# SPDX-License-Identifier: GPL-2.0-or-later
"""
Runtime shims that fit FRR's topotest library to this kind of machine,
without editing FRR's tree:
- the kernel has vxlan, bridge and veth built in and no /proc/modules, so
  module_present() answers from what the running kernel actually offers;
- the environment check insists on every optional daemon; only the daemons
  these tests start are required;
- at start, munet reaps the processes of "previous" runs, meaning every
  run but its own, including runs still going on the same machine: only
  runs whose test process has ended are reaped.
"""
import os

REQUIRED_DAEMONS = ("zebra", "mgmtd", "bgpd", "staticd")


def _module_present(module, load=True):
    if module.startswith("mpls"):
        return os.path.isdir("/proc/sys/net/mpls")
    if os.path.exists("/proc/modules"):
        with open("/proc/modules") as f:
            if any(line.split()[0] == module.replace("-", "_") for line in f):
                return True
    # Built in: the kernel lists it under /sys/module.
    return os.path.isdir("/sys/module/" + module.replace("-", "_"))


def _diagnose_env(rundir):
    ok = os.geteuid() == 0
    for d in REQUIRED_DAEMONS:
        if not os.access(os.path.join("/usr/lib/frr", d), os.X_OK):
            ok = False
    os.makedirs(rundir, exist_ok=True)
    return ok


def _orphaned_munet_pids(rundir):
    from munet import cleanup

    piddict = cleanup.get_pids_with_env(
        "MUNET_RUNDIR" if rundir else "MUNET_PID", str(rundir) if rundir else None
    )
    by_upid = {}
    for pid, env in piddict.items():
        if "MUNET_PID" in env:
            by_upid.setdefault(env["MUNET_PID"], set()).add(pid)
    # A run whose munet (test) process is still alive is not ours to reap.
    return {u: p for u, p in by_upid.items() if not os.path.exists("/proc/" + u)}


def install():
    from lib import topogen, topotest
    from munet import cleanup

    cleanup._get_other_pids = _orphaned_munet_pids

    topotest.module_present = _module_present
    topotest.module_present_linux = _module_present
    topogen.diagnose_env = _diagnose_env
    topogen.diagnose_env_linux = _diagnose_env

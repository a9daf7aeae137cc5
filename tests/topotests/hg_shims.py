# SPDX-License-Identifier: GPL-2.0-or-later
"""
Runtime shims that fit FRR's topotest library to this kind of machine,
without editing FRR's tree:
- the kernel has vxlan, bridge and veth built in and no /proc/modules, so
  module_present() answers from what the running kernel actually offers;
- the environment check insists on every optional daemon; only the daemons
  these tests start are required.
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


def install():
    from lib import topogen, topotest

    topotest.module_present = _module_present
    topotest.module_present_linux = _module_present
    topogen.diagnose_env = _diagnose_env
    topogen.diagnose_env_linux = _diagnose_env

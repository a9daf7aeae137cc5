# SPDX-License-Identifier: GPL-2.0-or-later
"""
Runtime shims that fit FRR's topotest library to this kind of machine,
without editing FRR's tree:
- the kernel has vxlan, bridge and veth built in and no /proc/modules, so
  module_present() answers from what the running kernel actually offers;
- the environment check insists on every optional daemon; only the daemons
  these tests start are required;
- at start, munet (micronet in FRR 8.4) reaps the processes of "previous"
  runs, meaning every run but its own, including runs still going on the
  same machine: only runs whose test process has ended are reaped;
- HG_SANITIZE=1 (modules built with --enable-sanitizers): FRR's daemons are
  not built with ASan, and a module linked against the ASan runtime loads
  only when that runtime is the first library of the process; the daemons
  are started through wrappers that preload it (leak detection off: FRR's
  own allocations at exit are not hostguard's, and hostguard's are counted
  by FRR's memory accounting, which the churn test checks). UBSan reports
  go next to topotest's ASan logs as <router>.ubsan.<daemon>.<pid>. Every
  other program the tests run (hostguardctl, the unit tests) writes its
  reports to <rundir>/hostguard.{asan,ubsan}.<program>.<pid>, with leak
  detection on; any report of the run fails it (sanitizer_reports()).
FRR 8.4's library has no mgmtd and micronet instead of munet.
"""
import glob
import os
import stat
import subprocess

REQUIRED_DAEMONS = ("zebra", "bgpd", "staticd")


def _module_present(module, load=True):
    if module.startswith("mpls"):
        return os.path.isdir("/proc/sys/net/mpls")
    if os.path.exists("/proc/modules"):
        with open("/proc/modules") as f:
            if any(line.split()[0] == module.replace("-", "_") for line in f):
                return True
    # Built in: the kernel lists it under /sys/module.
    return os.path.isdir("/sys/module/" + module.replace("-", "_"))


def _required_daemons():
    from lib.topogen import TopoRouter

    # FRR 9 and later start mgmtd next to zebra.
    return REQUIRED_DAEMONS + (("mgmtd",) if hasattr(TopoRouter, "RD_MGMTD") else ())


def _diagnose_env(rundir):
    ok = os.geteuid() == 0
    for d in _required_daemons():
        if not os.access(os.path.join("/usr/lib/frr", d), os.X_OK):
            ok = False
    os.makedirs(rundir, exist_ok=True)
    return ok


def _orphaned_pids(piddict, env_key):
    by_upid = {}
    for pid, env in piddict.items():
        if env_key in env:
            by_upid.setdefault(env[env_key], set()).add(pid)
    # A run whose munet (test) process is still alive is not ours to reap.
    return {u: p for u, p in by_upid.items() if not os.path.exists("/proc/" + u)}


def _orphaned_munet_pids(rundir):
    from munet import cleanup

    piddict = cleanup.get_pids_with_env(
        "MUNET_RUNDIR" if rundir else "MUNET_PID", str(rundir) if rundir else None
    )
    return _orphaned_pids(piddict, "MUNET_PID")


def _orphaned_micronet_pids():
    from lib import micronet_compat

    return _orphaned_pids(micronet_compat.get_pids_with_env("MICRONET_PID"), "MICRONET_PID")


FRR_DAEMON_DIR = "/usr/lib/frr"
SANITIZE_BIN = "/tmp/hostguard-sanitize-bin"

WRAPPER = """#!/bin/sh
# hostguard sanitizer run: {daemon} with the ASan runtime loaded first.
export LD_PRELOAD="{asan}${{LD_PRELOAD:+:$LD_PRELOAD}}"
lp=$(printf '%s' "$ASAN_OPTIONS" | sed -n 's/.*log_path=\\([^:]*\\).*/\\1/p')
export ASAN_OPTIONS="${{ASAN_OPTIONS:+$ASAN_OPTIONS:}}detect_leaks=0"
export UBSAN_OPTIONS="print_stacktrace=1${{lp:+:log_path=$(printf '%s' "$lp" | sed 's/[.]asan[.]/.ubsan./')}}"
exec {path} "$@"
"""


def _asan_runtime():
    out = subprocess.run(
        ["gcc", "-print-file-name=libasan.so"], capture_output=True, text=True
    ).stdout.strip()
    path = os.path.realpath(out) if out else ""
    if not os.path.isfile(path):
        found = sorted(glob.glob("/usr/lib/*/libasan.so.*"))
        path = found[-1] if found else ""
    if not path:
        raise RuntimeError("HG_SANITIZE: the ASan runtime (libasan) is not installed")
    return path


def _sanitize_wrappers():
    """A directory of wrappers, one per FRR daemon, that preload ASan."""
    asan = _asan_runtime()
    os.makedirs(SANITIZE_BIN, exist_ok=True)
    for path in glob.glob(os.path.join(FRR_DAEMON_DIR, "*")):
        if not (os.path.isfile(path) and os.access(path, os.X_OK)):
            continue
        w = os.path.join(SANITIZE_BIN, os.path.basename(path))
        with open(w + ".tmp", "w") as f:
            f.write(WRAPPER.format(daemon=os.path.basename(path), asan=asan, path=path))
        os.chmod(w + ".tmp", stat.S_IRWXU | stat.S_IRGRP | stat.S_IXGRP | stat.S_IROTH | stat.S_IXOTH)
        os.replace(w + ".tmp", w)
    return SANITIZE_BIN


def sanitizing():
    return os.environ.get("HG_SANITIZE", "") not in ("", "0")


def sanitize_env(rundir):
    """Sanitizer options for the programs the tests run, reports in rundir.

    Daemons get theirs from topotest (ASAN_OPTIONS on their command line)
    and the wrappers; this is the environment of everything else.
    """
    base = os.path.join(os.path.abspath(rundir), "hostguard")
    os.environ["ASAN_OPTIONS"] = "log_path={}.asan:log_exe_name=1".format(base)
    os.environ["UBSAN_OPTIONS"] = "print_stacktrace=1:log_path={}.ubsan:log_exe_name=1".format(base)


def sanitizer_reports(rundir, since):
    """Non-empty ASan/UBSan reports written under rundir since a time."""
    found = []
    for top, _, files in os.walk(rundir):
        for name in files:
            if ".asan." not in name and ".ubsan." not in name:
                continue
            path = os.path.join(top, name)
            try:
                st = os.stat(path)
            except OSError:
                continue
            if st.st_size and st.st_mtime >= since:
                found.append(path)
    return sorted(found)


def install():
    from lib import topogen, topotest

    try:
        from munet import cleanup

        cleanup._get_other_pids = _orphaned_munet_pids
    except ImportError:
        from lib import micronet_compat

        micronet_compat._get_other_pids = _orphaned_micronet_pids

    topotest.module_present = _module_present
    topotest.module_present_linux = _module_present
    topogen.diagnose_env = _diagnose_env
    topogen.diagnose_env_linux = _diagnose_env

    if sanitizing():
        wrappers = _sanitize_wrappers()
        config_frr = topotest.Router._config_frr

        def _config_frr_sanitized(self, **params):
            config_frr(self, **params)
            self.daemondir = wrappers

        topotest.Router._config_frr = _config_frr_sanitized

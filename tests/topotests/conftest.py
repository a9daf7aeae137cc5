# SPDX-License-Identifier: GPL-2.0-or-later
"""
pytest glue: hostguard's topotests run on FRR's own topotest library, taken
from the FRR source tree that scripts/frr-toolchain.sh prepared (never a
copy in this repository), with runtime shims for this kind of machine.
"""
import glob
import importlib.util
import os
import re
import subprocess
import sys
import time

import pytest


def _installed_frr_version():
    try:
        out = subprocess.run(
            ["/usr/lib/frr/zebra", "--version"], capture_output=True, text=True, timeout=30
        ).stdout
    except OSError:
        return ""
    first = out.splitlines()[0] if out else ""
    return first.rsplit("version ", 1)[-1].strip()


def _tree_version(tree):
    try:
        with open(os.path.join(tree, "lib", "version.h")) as f:
            m = re.search(r'#define FRR_VER_SHORT\s+"([^"]*)"', f.read())
    except OSError:
        return ""
    return m.group(1) if m else ""


def _frr_topotests_dir():
    """FRR's topotest library of the installed FRR's version (the cache can
    hold trees of several FRR lines)."""
    d = os.environ.get("HOSTGUARD_FRR_TOPOTESTS")
    if not d:
        want = _installed_frr_version()
        trees = sorted(glob.glob("/var/cache/hostguard/frr-*/tests/topotests"))
        found = [t for t in trees if _tree_version(os.path.dirname(os.path.dirname(t))) == want]
        d = found[-1] if found else ""
    if not d or not os.path.isfile(os.path.join(d, "conftest.py")):
        raise RuntimeError(
            "FRR's topotest library for the installed FRR not found: run "
            "scripts/frr-toolchain.sh or set HOSTGUARD_FRR_TOPOTESTS"
        )
    return d


FRR_TOPOTESTS = _frr_topotests_dir()
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, FRR_TOPOTESTS)
sys.path.insert(0, HERE)

import hg_shims  # noqa: E402  (patches FRR's library before it is used)

hg_shims.install()

_spec = importlib.util.spec_from_file_location(
    "frr_topotests_conftest", os.path.join(FRR_TOPOTESTS, "conftest.py")
)
_frr = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_frr)

# Re-export FRR's hooks and fixtures so pytest uses them for our tests.
for _name in dir(_frr):
    _obj = getattr(_frr, _name)
    if _name.startswith("pytest_") or hasattr(_obj, "_pytestfixturefunction") or (
        type(_obj).__name__ == "FixtureFunctionDefinition"
    ):
        globals()[_name] = _obj


_frr_configure = pytest_configure  # noqa: F821 (re-exported above)
_session_start = time.time()


def pytest_configure(config):
    _frr_configure(config)
    if hg_shims.sanitizing():
        hg_shims.sanitize_env(config.option.rundir)


def pytest_sessionfinish(session, exitstatus):
    """HG_SANITIZE: a sanitizer report anywhere in the run fails it."""
    if not hg_shims.sanitizing() or session.config.getoption("--collect-only"):
        return
    reports = hg_shims.sanitizer_reports(session.config.option.rundir, _session_start)
    tr = session.config.pluginmanager.get_plugin("terminalreporter")
    say = tr.write_line if tr else print
    if reports:
        say("sanitizer reports ({}):".format(len(reports)))
        for r in reports:
            say("  " + r)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
    else:
        say("sanitizers: no reports")

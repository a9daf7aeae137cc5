# SPDX-License-Identifier: GPL-2.0-or-later
"""
pytest glue: hostguard's topotests run on FRR's own topotest library, taken
from the FRR source tree that scripts/frr-toolchain.sh prepared (never a
copy in this repository), with runtime shims for this kind of machine.
"""
import glob
import importlib.util
import os
import subprocess
import sys


def _frr_topotests_dir():
    d = os.environ.get("HOSTGUARD_FRR_TOPOTESTS")
    if not d:
        found = sorted(glob.glob("/var/cache/hostguard/frr-*/tests/topotests"))
        # Several FRR trees may be cached: the installed FRR's, if there.
        try:
            out = subprocess.run(["/usr/lib/frr/zebra", "--version"], capture_output=True,
                                 text=True).stdout.split()
            ver = out[out.index("version") + 1]
        except (OSError, ValueError, IndexError):
            ver = ""
        same = [f for f in found if "/frr-{}-".format(ver) in f or "/frr-{}/".format(ver) in f]
        d = (same or found or [""])[-1]
    if not d or not os.path.isfile(os.path.join(d, "conftest.py")):
        raise RuntimeError(
            "FRR's topotest library not found: run scripts/frr-toolchain.sh "
            "or set HOSTGUARD_FRR_TOPOTESTS"
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

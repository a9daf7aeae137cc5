# SPDX-License-Identifier: GPL-2.0-or-later
"""Runs the C unit tests (pure logic: load arguments, packet codecs, netlink
parsing, capture filters, rate limits)."""
import os
import subprocess

import pytest

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD = os.environ.get("HOSTGUARD_BUILD", os.path.join(TOP, "build"))


@pytest.mark.parametrize(
    "name",
    [
        "test_hg_args",
        "test_hg_pkt",
        "test_zhg_nlparse",
        "test_hg_bpf",
        "test_hg_rate",
        "test_bhg_rt",
        "test_hg_dhcp",
        "test_hg_cfgargs",
    ],
)
def test_c_unit(name):
    exe = os.path.join(BUILD, "tests", "unit", name)
    assert os.access(exe, os.X_OK), exe + " not built (scripts/build.sh)"
    res = subprocess.run([exe], capture_output=True, text=True, timeout=120)
    print(res.stdout, res.stderr)
    assert res.returncode == 0, res.stdout + res.stderr

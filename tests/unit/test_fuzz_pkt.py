# SPDX-License-Identifier: GPL-2.0-or-later
"""
Fuzzes the frame parsers (common/hg_pkt.c, common/hg_dhcp.c) and the
rtnetlink parsers (zebra/zhg_nlparse.c) with libFuzzer for a bounded
time, starting from the seed corpus in tests/fuzz/corpus (kept in the
repository; new inputs found go to a scratch directory, not into it).
"""
import os
import re
import shlex
import shutil
import subprocess
import tempfile

import pytest

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD = os.environ.get("HOSTGUARD_BUILD", os.path.join(TOP, "build"))
FUZZ_SECS = int(os.environ.get("HOSTGUARD_FUZZ_SECS", "30"))
CORPORA = os.path.join(TOP, "tests", "fuzz", "corpus")
# fuzz target: (sources besides the target, under frr-module; longest
# input; whether it needs FRR's headers)
TARGETS = {
    "hg_pkt": (["common/hg_pkt.c"], 600, False),
    "hg_dhcp": (["common/hg_dhcp.c", "common/hg_pkt.c"], 1600, False),
    "zhg_nlparse": (["zebra/zhg_nlparse.c"], 1024, True),
}


def frr_flags():
    """FRR's include paths and dialect, as configure gave them to the build."""
    text = open(os.path.join(BUILD, "Makefile")).read()

    def var(n):
        m = re.search(r"^{} = (.*)$".format(n), text, re.M)
        return m.group(1).strip() if m else ""

    frr = var("FRR_SRC")
    assert frr, "build not configured (scripts/build.sh)"
    return (
        ["-std=gnu11", "-fms-extensions", "-Wno-microsoft-anon-tag", "-DHAVE_CONFIG_H"]
        + shlex.split(var("HG_DEFS").replace('\\"', '"'))
        + ["-I" + os.path.join(frr, d) for d in ("lib/assert", "", "include", "lib")]
        + shlex.split(" ".join(var(n) for n in ("FRR_LUA_INCLUDE", "LIBYANG_CFLAGS", "JSONC_CFLAGS")))
    )


def build_target(name):
    cc = shutil.which("clang") or shutil.which("clang-14")
    assert cc, "clang not installed (scripts/deps.sh)"
    out = os.path.join(BUILD, "tests", "fuzz", "fuzz_" + name)
    os.makedirs(os.path.dirname(out), exist_ok=True)
    cmd = [
        cc, "-g", "-O1", "-fsanitize=fuzzer,address,undefined",
        "-fno-sanitize-recover=undefined", "-I", os.path.join(TOP, "frr-module"),
    ] + (frr_flags() if TARGETS[name][2] else []) + [
        os.path.join(TOP, "tests", "fuzz", "fuzz_{}.c".format(name)),
    ] + [os.path.join(TOP, "frr-module", s) for s in TARGETS[name][0]] + ["-o", out]
    res = subprocess.run(cmd, capture_output=True, text=True)
    assert res.returncode == 0, "building the fuzz target failed:\n" + res.stderr
    return out


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_fuzz_parse(name):
    exe = build_target(name)
    corpus = os.path.join(CORPORA, name)
    assert len(os.listdir(corpus)) >= 8, "seed corpus missing"
    with tempfile.TemporaryDirectory(prefix="hg-fuzz-") as scratch:
        os.makedirs(os.path.join(scratch, "new"))
        res = subprocess.run(
            [
                exe,
                "-max_total_time={}".format(FUZZ_SECS),
                "-timeout=5",
                "-rss_limit_mb=1024",
                "-max_len={}".format(TARGETS[name][1]),
                "-artifact_prefix=" + scratch + "/",
                os.path.join(scratch, "new"),
                corpus,
            ],
            capture_output=True,
            text=True,
            timeout=FUZZ_SECS + 120,
            cwd=scratch,
        )
        tail = "\n".join(res.stderr.splitlines()[-30:])
        assert res.returncode == 0, "the parser failed under fuzzing:\n" + tail
        assert "Done" in res.stderr, tail

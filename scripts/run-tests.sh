#!/usr/bin/env bash
# Every hostguard test: builds what is missing (FRR toolchain, modules,
# unit tests), then runs the C unit tests and the topotests in one pytest
# run on FRR's topotest library. Must run as root (network namespaces).
#
# HG_SANITIZE=1 scripts/run-tests.sh: the same run with the modules built
# with AddressSanitizer and UndefinedBehaviorSanitizer (FRR's daemons get
# the ASan runtime preloaded, tests/topotests/hg_shims.py); any sanitizer
# report of the run (daemons, hostguardctl, unit tests) fails it.
#
# HG_FRR=8.4|10.3|10.7 chooses the FRR line (default 10.3). A line other
# than 10.3 is installed in /usr for the run, replacing the FRR there
# (HG_FRR_INSTALL=yes); scripts/distro-check.sh runs the suite on Debian's
# own packages in a root of their own instead, leaving /usr alone.
set -euo pipefail
export HG_FRR=${HG_FRR:-10.3}
export HG_FRR_INSTALL=${HG_FRR_INSTALL:-yes}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)

"$here/deps.sh"
"$here/build.sh"
# The modules also build, warnings as errors, for the other lines' trees.
HG_BUILD_LINES=${HG_BUILD_LINES:-$(printf '%s\n' 8.4 10.3 10.7 | grep -vxF "$HG_FRR" | tr '\n' ' ')} \
	"$here/build-lines.sh"

cd "$top/tests/topotests"
# With HG_SANITIZE the run fails on any sanitizer report (conftest.py).
exec /usr/bin/python3 -m pytest -q -p no:cacheprovider --rundir=/tmp/topotests \
	. ../unit "$@"

#!/usr/bin/env bash
# Every hostguard test: builds what is missing (FRR toolchain, modules,
# unit tests), then runs the C unit tests and the topotests in one pytest
# run on FRR's topotest library. Must run as root (network namespaces).
#
# HG_SANITIZE=1 scripts/run-tests.sh: the same run with the modules built
# with AddressSanitizer and UndefinedBehaviorSanitizer (FRR's daemons get
# the ASan runtime preloaded, tests/topotests/hg_shims.py); any sanitizer
# report in the run directory fails the run.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)

"$here/deps.sh"
"$here/build.sh"

rundir=/tmp/topotests
cd "$top/tests/topotests"
rc=0
stamp=$(mktemp)
/usr/bin/python3 -m pytest -q -p no:cacheprovider --rundir="$rundir" \
	. ../unit "$@" || rc=$?
if [ -n "${HG_SANITIZE:-}" ] && [ "${HG_SANITIZE}" != 0 ]; then
	reports=$(find "$rundir" \( -name '*.asan.*' -o -name '*.ubsan.*' \) -size +0 -newer "$stamp" 2>/dev/null)
	if [ -n "$reports" ]; then
		echo "sanitizer reports:" $reports >&2
		rc=1
	else
		echo "sanitizers: no reports" >&2
	fi
fi
rm -f "$stamp"
exit "$rc"

#!/usr/bin/env bash
# Every hostguard test: builds what is missing (FRR toolchain, modules,
# unit tests), then runs the C unit tests and the topotests in one pytest
# run on FRR's topotest library. Must run as root (network namespaces).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)

"$here/deps.sh"
"$here/build.sh"

cd "$top/tests/topotests"
exec /usr/bin/python3 -m pytest -q -p no:cacheprovider --rundir=/tmp/topotests \
	. ../unit "$@"

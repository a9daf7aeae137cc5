#!/usr/bin/env bash
# Builds the modules, warnings as errors, against the FRR tree of each line
# other than the installed one (default: 8.4 and 10.7), in build-LINE/;
# nothing is installed. The trees come from scripts/frr-toolchain.sh
# (HG_FRR=LINE, HG_FRR_INSTALL=no). run-tests.sh runs it.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)

rc=0
for line in ${HG_BUILD_LINES:-8.4 10.7}; do
	if [ "$line" = 10.7 ] && [ ! -x "$here/frr-toolchain-10.7.sh" ]; then
		echo "build-lines: FRR 10.7: skipped, scripts/frr-toolchain-10.7.sh is missing" >&2
		continue
	fi
	out=$(HG_FRR=$line HG_FRR_INSTALL=no "$here/frr-toolchain.sh")
	tree=$(tail -n 1 <<<"$out")
	if [ "$line" = 10.7 ]; then
		# 10.7's tree holds a clippy and headers of Debian unstable.
		build=("$here/build-in-sid-root.sh" "$(head -n 1 <<<"$out")" "$tree" "$top/build-10.7")
	else
		build=("$here/build-modules.sh" "$tree" "$top/build-$line")
	fi
	if "${build[@]}"; then
		echo "build-lines: FRR $line ($tree): modules built" >&2
	else
		echo "build-lines: FRR $line ($tree): build failed" >&2
		rc=1
	fi
done
exit $rc

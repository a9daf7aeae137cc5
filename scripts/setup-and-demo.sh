#!/usr/bin/env bash
# New machine to running demo: installs and builds everything hostguard
# needs (Debian packages, libyang and FRR 10.3 from Debian's source
# packages, the modules), then starts the demo EVPN fabric with hostguard
# loaded and watches it for a few ageing periods, then a foreign claim on
# the anycast gateway. Each step says what it does and how long it has
# been running (the first build takes minutes).
# Stop the fabric with: scripts/demo-fabric.sh stop
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
t0=$SECONDS

elapsed() { printf '%d:%02d' $(((SECONDS - t0) / 60)) $(((SECONDS - t0) % 60)); }

# step N/TOTAL "what" command...: a line at the start and the end, and
# one every 30 s while it runs.
step() {
	local n=$1 what=$2 ticker rc=0
	shift 2
	printf '=== [%s] step %s: %s\n' "$(elapsed)" "$n" "$what"
	(
		while sleep 30; do
			printf '    [%s] ... still %s\n' "$(elapsed)" "$what"
		done
	) &
	ticker=$!
	"$@" || rc=$?
	kill "$ticker" 2>/dev/null || true
	wait "$ticker" 2>/dev/null || true
	if ((rc)); then
		printf '=== [%s] step %s failed (status %d): %s\n' "$(elapsed)" "$n" "$rc" "$what" >&2
		exit "$rc"
	fi
	printf '=== [%s] step %s done\n' "$(elapsed)" "$n"
}

step 1/3 "installing Debian packages" "$here/deps.sh"
step 2/3 "building libyang, FRR 10.3 (first time: several minutes) and hostguard" \
	"$here/build.sh"
printf '=== [%s] step 3/3: starting the demo fabric\n' "$(elapsed)"
exec "$here/demo-fabric.sh" start

#!/usr/bin/env bash
# New machine to running demo: installs and builds everything hostguard
# needs (Debian packages, libyang and FRR 10.3 from Debian's source
# packages, the modules), then starts the demo EVPN fabric with hostguard
# loaded and shows its status. Stop it with: scripts/demo-fabric.sh stop
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
"$here/deps.sh"
"$here/build.sh"
exec "$here/demo-fabric.sh" start

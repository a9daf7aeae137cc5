#!/usr/bin/env bash
# Builds the modules against one FRR tree in a build directory of their own,
# warnings as errors, without installing anything:
#   scripts/build-modules.sh FRR_TREE BUILD_DIR [CONFIGURE-ARGS...]
# Reconfigures only when the tree or configure changed.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
tree=$1 build=$2
shift 2

cd "$top"
if [ ! -x configure ] || [ configure.ac -nt configure ] || [ Makefile.am -nt Makefile.in ]; then
	autoreconf -fi >/dev/null 2>&1 || autoreconf -fi
fi
mkdir -p "$build"
cd "$build"
if [ ! -f Makefile ] || [ "$top/configure" -nt config.status ] ||
	! grep -q -- "--with-frr-source=$tree" config.status; then
	"$top/configure" -q --with-frr-source="$tree" --without-installed-frr-check "$@"
fi
make -s -j"$(nproc)"

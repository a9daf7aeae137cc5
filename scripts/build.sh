#!/usr/bin/env bash
# Builds and installs hostguard against the FRR that frr-toolchain.sh
# provides (building that first if needed). Build tree: build/ (ignored).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
frr_tree=$("$here/frr-toolchain.sh")

cd "$top"
if [ ! -x configure ] || [ configure.ac -nt configure ] || [ Makefile.am -nt Makefile.in ]; then
	autoreconf -fi >/dev/null 2>&1 || autoreconf -fi
fi
mkdir -p build
cd build
if [ ! -f Makefile ] || [ ../configure -nt config.status ] ||
	! grep -q -- "--with-frr-source=$frr_tree" config.status; then
	../configure -q --prefix=/usr --sbindir=/usr/sbin --with-frr-source="$frr_tree"
fi
make -s -j"$(nproc)"
make -s install >/dev/null
make -s -j"$(nproc)" check TESTS= >/dev/null

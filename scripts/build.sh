#!/usr/bin/env bash
# Builds and installs hostguard against the FRR that frr-toolchain.sh
# provides (building that first if needed). Build tree: build/ (ignored).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
frr_tree=$("$here/frr-toolchain.sh")

# HG_SANITIZE=1: modules, client and unit tests with ASan and UBSan.
san_opt=--disable-sanitizers
if [ -n "${HG_SANITIZE:-}" ] && [ "${HG_SANITIZE}" != 0 ]; then
	san_opt=--enable-sanitizers=address,undefined
fi

cd "$top"
if [ ! -x configure ] || [ configure.ac -nt configure ] || [ Makefile.am -nt Makefile.in ]; then
	autoreconf -fi >/dev/null 2>&1 || autoreconf -fi
fi
mkdir -p build
cd build
if [ ! -f Makefile ] || [ ../configure -nt config.status ] ||
	! grep -q -- "--with-frr-source=$frr_tree" config.status ||
	! grep -q -- "$san_opt" config.status; then
	../configure -q --prefix=/usr --sbindir=/usr/sbin --with-frr-source="$frr_tree" "$san_opt"
fi
make -s -j"$(nproc)"
make -s install >/dev/null
make -s -j"$(nproc)" check TESTS= >/dev/null

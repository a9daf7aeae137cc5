#!/usr/bin/env bash
# Builds the modules for Debian unstable's FRR 10.7 inside the sid root
# (scripts/frr-toolchain-10.7.sh): that tree holds a clippy and headers of
# unstable, so the build runs there, against frr-dev's headers, with this
# repository and the tree bound into the root at their own paths.
#   scripts/build-in-sid-root.sh ROOT TREE BUILD_DIR
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
root=$1 tree=$2 build=$3

pkgver=$(chroot "$root" dpkg-query -W -f='${Version}' frr-dev)
# A build directory configured without frr-dev's headers is not this build.
grep -qs -- --with-frr-headers "$build/config.status" || rm -rf "$build"
bound=()
unbind() {
	local i
	for ((i = ${#bound[@]} - 1; i >= 0; i--)); do umount -l "${bound[i]}" 2>/dev/null || true; done
}
trap unbind EXIT
for d in "$top" "$tree"; do
	mkdir -p "$root$d"
	mountpoint -q "$root$d" || { mount --bind "$d" "$root$d" && bound+=("$root$d"); }
done
chroot "$root" env LC_ALL=C "$here/build-modules.sh" "$tree" "$build" \
	--with-frr-headers=/usr/include/frr --with-frr-package-version="$pkgver"

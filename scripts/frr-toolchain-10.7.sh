#!/usr/bin/env bash
# FRR 10.7 as Debian unstable packages it, for building hostguard's modules
# against that package (called by frr-toolchain.sh for HG_FRR=10.7).
#
# Unstable's source package cannot be unpacked here (its .dsc and Debian
# patches are missing from the archive; only the upstream tarball is there)
# and the plain upstream source does not build against unstable's libyang.
# But the package ships frr-dev: FRR's lib/ and zebra/ headers as the package
# was built from them (Debian's patches applied), the way Debian expects
# out-of-tree modules to be built. So the modules are built inside a Debian
# unstable root (scripts/distro-root.sh) with:
#   - the unmodified frr and frr-dev packages: headers of lib/ and zebra/,
#     libyang's headers of the same suite;
#   - the upstream tarball of the same version, configured in the root with
#     the packaged build's own configure arguments (read from its libfrr;
#     only the documentation switches differ: no ABI effect), for what
#     frr-dev lacks: config.h, bgpd's headers and clippy. Only clippy is
#     built from it.
# The tree lives at $HOSTGUARD_CACHE/frr-<package version> and is bound into
# the root at the same path, so a build in the root and a look from outside
# name it alike. Cached by package version and arguments. Prints the root
# and then the tree, the tree last; configure hostguard inside the root with
#   --with-frr-source=TREE --with-frr-headers=/usr/include/frr \
#   --with-frr-package-version=<the frr-dev version>
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
CACHE=${HOSTGUARD_CACHE:-/var/cache/hostguard}
log() { echo "frr-toolchain-10.7: $*" >&2; }

# What configuring the upstream tree with the package's arguments and
# building clippy and hostguard in the root need (the package's build
# dependencies, less documentation and test tools).
root_packages=(
	frr frr-dev
	bison flex gawk libc-ares-dev libcap-dev libcrypt-dev libelf-dev
	libjson-c-dev liblua5.5-dev lua5.5 libpam0g-dev libpcre2-dev
	libprotobuf-c-dev protobuf-c-compiler libreadline-dev librtr-dev
	libsnmp-dev libunwind-dev libyang-dev libmnl-dev pkgconf python3-dev texinfo
	gcc g++ make xz-utils autoconf automake libtool
)

root=$("$here/distro-root.sh" sid "${root_packages[@]}" | tail -n 1)
in_root() { chroot "$root" env LC_ALL=C "$@"; }
apt_in_root() {
	in_root apt-get -o Acquire::Check-Valid-Until=false -qq "$@"
}

version=$(in_root dpkg-query -W -f='${Version}' frr)
upstream=${version%%-*}
tree=$CACHE/frr-$version
[ "$(in_root dpkg-query -W -f='${Version}' frr-dev)" = "$version" ] ||
	{ log "frr-dev and frr differ in the sid root; reinstall both"; exit 1; }

# The configure arguments of the packaged build, as autoconf recorded them
# (shell-quoted) in libfrr. Documentation needs sphinx and changes no layout.
package_args() {
	local lib found
	lib=$(in_root sh -c 'echo /usr/lib/*/frr/libfrr.so.0')
	found=$(tr -c '[:print:]' '\n' <"$root$lib" | grep -- "'--prefix=/usr'") || return 0
	sed -e "s/'--enable-doc-html'//; s/'--enable-doc'/'--disable-doc'/; s/^ *//" <<<"${found%%$'\n'*}"
}
args=$(package_args)
[ -n "$args" ] || { log "no configure arguments found in the packaged libfrr"; exit 1; }
want=$(printf '%s\n' "$version" "$args" | sha256sum | cut -c1-16)

bind_tree() {
	mkdir -p "$tree" "$root$tree"
	mountpoint -q "$root$tree" || mount --bind "$tree" "$root$tree"
}
unbind_tree() { umount -l "$root$tree" 2>/dev/null || true; }

# The upstream tarball, through the suite's source index (the .dsc is
# missing, so `apt-get source` cannot be used; the index has its hash).
fetch_tarball() {
	local line uri name sum
	[ -f "$tree/.hostguard-extracted" ] && return 0
	sed -n 's/^deb /deb-src /p' "$root/etc/apt/sources.list" >"$root/etc/apt/sources.list.d/hostguard-src.list"
	apt_in_root update
	line=$(in_root apt-get -o Acquire::Check-Valid-Until=false --print-uris source "frr=$version" 2>/dev/null |
		grep "frr_$upstream.orig.tar")
	read -r uri name _ sum <<<"$line"
	uri=${uri//\'/}
	log "fetching $name"
	mkdir -p "$root/var/tmp/hostguard"
	in_root /usr/lib/apt/apt-helper download-file "$uri" "/var/tmp/hostguard/$name" "$sum" \
		>/dev/null 2>&1 || { log "download of $uri failed"; exit 1; }
	rm -rf "$tree"
	mkdir -p "$tree"
	tar -xf "$root/var/tmp/hostguard/$name" -C "$tree" --strip-components=1
	rm -f "$root/var/tmp/hostguard/$name"
	touch "$tree/.hostguard-extracted"
}

configure_tree() {
	[ -f "$tree/.hostguard-configured" ] && [ "$(cat "$tree/.hostguard-configured")" = "$want" ] &&
		[ -x "$tree/lib/clippy" ] && return 0
	log "configuring FRR $upstream with the arguments of frr $version (a few minutes)"
	in_root sh -c "cd '$tree' && ./bootstrap.sh" >"$tree/.hostguard-configure.log" 2>&1 &&
		in_root sh -c "cd '$tree' && nice ./configure -q $args" >>"$tree/.hostguard-configure.log" 2>&1 ||
		{ tail -n 20 "$tree/.hostguard-configure.log" >&2; exit 1; }
	log "building clippy"
	in_root nice make -C "$tree" -j"$(nproc)" lib/clippy >"$tree/.hostguard-build.log" 2>&1 ||
		{ tail -n 20 "$tree/.hostguard-build.log" >&2; exit 1; }
	echo "$want" >"$tree/.hostguard-configured"
}

trap unbind_tree EXIT
fetch_tarball
bind_tree
configure_tree
echo "$root"
echo "$tree"

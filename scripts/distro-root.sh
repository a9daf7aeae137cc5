#!/usr/bin/env bash
# A Debian root per suite (bookworm, trixie, sid) with that suite's own,
# unmodified frr binary package installed from apt, for running the
# distribution's FRR next to (never instead of) the FRR in /usr.
#
#   scripts/distro-root.sh SUITE [PACKAGE...]
#
# Makes the root once with debootstrap (minbase) from the archive of this
# machine's apt configuration, caches it under
# $HOSTGUARD_CACHE/roots/SUITE, installs frr and any extra PACKAGEs in it,
# binds /proc, /sys and /dev into it and prints its path last. Daemons run
# from it in a network namespace with
#   ip netns exec NS chroot ROOT /usr/lib/frr/zebra ...
# Idempotent: a second run only installs what is missing and mounts what is
# not mounted. `scripts/distro-root.sh SUITE --umount` unbinds.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
CACHE=${HOSTGUARD_CACHE:-/var/cache/hostguard}
log() { echo "distro-root: $*" >&2; }

suite=${1:-}
case "$suite" in
bookworm | trixie | sid) ;;
*)
	log "bad value '$suite' for SUITE; accepted: bookworm|trixie|sid"
	exit 1
	;;
esac
shift
root=$CACHE/roots/$suite

binds=(proc sys dev dev/pts)

umount_root() {
	local i
	for ((i = ${#binds[@]} - 1; i >= 0; i--)); do
		mountpoint -q "$root/${binds[i]}" && umount -l "$root/${binds[i]}"
	done
	mountpoint -q "$root" && umount -l "$root"
	return 0
}

if [ "${1:-}" = --umount ]; then
	umount_root
	exit 0
fi

# Inside the root, apt refuses sid's Release file past its validity date in
# this archive; the option only relaxes that check.
apt_in_root() {
	chroot "$root" env DEBIAN_FRONTEND=noninteractive LC_ALL=C \
		apt-get -o Acquire::Check-Valid-Until=false -qq "$@"
}

make_root() {
	local uris archive security
	[ -f "$root/.hostguard-root" ] && return 0
	command -v debootstrap >/dev/null || {
		log "installing debootstrap"
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
	}
	uris=$("$here/apt-src.sh" --print)
	archive=${uris%% *}
	security=${uris#* }
	log "making a $suite root in $root (about a minute)"
	umount_root
	rm -rf "$root"
	mkdir -p "$root"
	debootstrap --variant=minbase "$suite" "$root" "$archive" >"$CACHE/roots/$suite.log" 2>&1 ||
		{ tail -n 20 "$CACHE/roots/$suite.log" >&2; exit 1; }
	{
		echo "deb $archive $suite main"
		if [ "$suite" != sid ] && [ -n "$security" ]; then
			echo "deb $security $suite-security main"
		fi
	} >"$root/etc/apt/sources.list"
	# Daemons must not start inside the root while packages install.
	printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
	chmod 0755 "$root/usr/sbin/policy-rc.d"
	touch "$root/.hostguard-root"
}

mount_root() {
	local b
	# The root a mount of its own: unshare -m inside it (FRR's topotest
	# library) makes "/" private, which needs a mount point.
	if ! mountpoint -q "$root"; then
		umount_root
		mount --bind "$root" "$root"
	fi
	for b in "${binds[@]}"; do
		mkdir -p "$root/$b"
		mountpoint -q "$root/$b" || mount --bind "/$b" "$root/$b"
	done
	# Name resolution is never needed; the root's own files stay as made.
}

install_packages() {
	local missing=() p
	for p in frr "$@"; do
		chroot "$root" dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
			grep -q 'install ok installed' || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	log "installing in the $suite root: ${missing[*]}"
	apt_in_root update
	apt_in_root install -y --no-install-recommends "${missing[@]}" >/dev/null
}

mkdir -p "$CACHE/roots"
make_root
mount_root
install_packages "$@"
echo "$root"

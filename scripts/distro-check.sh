#!/usr/bin/env bash
# hostguard inside a distribution's own, unmodified frr binary package.
#
#   scripts/distro-check.sh SUITE [--all | TEST...] [-- PYTEST-ARGS...]
#
# SUITE is bookworm (frr 8.4.4-1.1~deb12u2), trixie (frr 10.3-3+deb13u1) or
# sid (frr 10.7.1-6). The modules are built against that package's source
# tree (prepared by scripts/frr-toolchain.sh, never installed; for sid, in
# the sid root against frr-dev's headers, docs/COMPAT.md), a Debian root of
# that suite with its frr package comes from scripts/distro-root.sh, and
# the topotests run inside that root, on the packaged daemons and the
# topotest library of the same FRR source tree; the FRR in /usr is neither
# used nor changed.
# The default tests show the modules loaded with -M into the packaged zebra
# and bgpd (`show modules`, `show hostguard status json` from both) and a
# silent host kept past its bridge ageing; --all runs the whole suite.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
log() { echo "distro-check: $*" >&2; }

suite=${1:-}
case "$suite" in
bookworm) line=8.4 ;;
trixie) line=10.3 ;;
sid) line=10.7 ;;
*)
	log "bad value '$suite' for SUITE; accepted: bookworm|trixie|sid"
	exit 1
	;;
esac
shift
tests=(fabric keepalive)
if [ $# -gt 0 ] && [ "$1" != -- ]; then
	tests=()
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		if [ "$1" = --all ]; then
			tests=(.)
		else
			tests+=("$1")
		fi
		shift
	done
fi
[ "${1:-}" = -- ] && shift

"$here/deps.sh"
# The source tree of the package, configured as the package is.
out=$(HG_FRR=$line HG_FRR_INSTALL=no "$here/frr-toolchain.sh")
tree=$(tail -n 1 <<<"$out")

# Modules built against it, in a build tree of their own.
build=$top/build-$suite
if [ "$suite" = sid ]; then
	"$here/build-in-sid-root.sh" "$(head -n 1 <<<"$out")" "$tree" "$build"
else
	"$here/build-modules.sh" "$tree" "$build"
fi

# What the topotests need in the root, besides frr. promtool is a package
# of its own from trixie on; Debian unstable has no ISC dhclient (the DHCP
# client checks skip there, saying so).
tools=(iproute2 iputils-ping arping tcpdump procps dnsmasq-base gobgpd python3 python3-pytest)
case "$suite" in
bookworm) tools+=(isc-dhcp-client prometheus) ;;
trixie) tools+=(isc-dhcp-client promtool) ;;
sid) tools+=(promtool) ;;
esac
root=$("$here/distro-root.sh" "$suite" "${tools[@]}" | tail -n 1)

# The repository and the FRR tree appear in the root under the same paths.
bound=()
unbind() {
	local i
	for ((i = ${#bound[@]} - 1; i >= 0; i--)); do
		umount -l "${bound[i]}" 2>/dev/null || true
	done
}
trap unbind EXIT
for d in "$top" "$tree"; do
	mkdir -p "$root$d"
	mountpoint -q "$root$d" || { mount --bind "$d" "$root$d" && bound+=("$root$d"); }
done

pkg=$(chroot "$root" dpkg-query -W -f='${Version}' frr)
log "running ${tests[*]} in the $suite root (frr $pkg), modules from $build"
# The root becomes the root of a mount namespace of its own (pivot_root,
# not chroot): FRR's topotest library enters namespaces with nsenter,
# which resets a chroot to the namespace's root.
mkdir -p "$root/.hostguard-oldroot"
set +e
unshare -m --propagation private /bin/sh -c \
	'cd "$1" && pivot_root . .hostguard-oldroot && umount -l /.hostguard-oldroot &&
	shift && exec "$@"' sh "$root" \
	/usr/bin/env -C "$top/tests/topotests" \
	HOSTGUARD_MODULE_DIR="$build/.libs" HOSTGUARDCTL="$build/hostguardctl" \
	HOSTGUARD_FRR_TOPOTESTS="$tree/tests/topotests" PYTHONDONTWRITEBYTECODE=1 \
	/usr/bin/python3 -m pytest -q -p no:cacheprovider -rs \
	--rundir="/tmp/topotests-distro-$suite" "${tests[@]}" "$@"
rc=$?
set -e
log "$suite root, frr $pkg: pytest exit status $rc"
exit $rc

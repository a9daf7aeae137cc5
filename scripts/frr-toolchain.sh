#!/usr/bin/env bash
# Obtains and builds the FRR that hostguard is built against, configured like
# Debian's package of that line so the modules are ABI-compatible with it.
#
#   HG_FRR=10.3 (default)  Debian 13's frr 10.3-3+deb13u1; libyang 3.12.2
#                          from Debian's trixie source package (FRR 10.3
#                          needs >= 2.1.128). Built and installed in /usr.
#   HG_FRR=8.4             Debian 12's frr 8.4.4-1.1~deb12u2 with bookworm's
#                          libyang2 2.1.30 (unpacked under the cache, so it
#                          never replaces the libyang in /usr). Configured
#                          and built only: modules compile against the tree.
#   HG_FRR=10.7            delegated to frr-toolchain-10.7.sh.
#
# HG_FRR_INSTALL=yes|no: also install that FRR into /usr, replacing the one
# there (default: yes for 10.3, no for the other lines). With no install,
# 8.4 builds only what modules need (clippy and generated headers) unless
# HG_FRR_FULL=yes. Sources come from `apt-get source` (deb-src entries
# derived from the machine's apt configuration), Debian patches applied,
# configure options and paths as in that source package's debian/rules.
# Builds are cached by version under $HOSTGUARD_CACHE; a second run only
# checks the stamps. Prints the FRR tree path last.
set -euo pipefail

HG_FRR=${HG_FRR:-10.3}
CACHE=${HOSTGUARD_CACHE:-/var/cache/hostguard}
here=$(cd "$(dirname "$0")" && pwd)
multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || echo x86_64-linux-gnu)
build_type=$(dpkg-architecture -qDEB_BUILD_GNU_TYPE 2>/dev/null || echo x86_64-linux-gnu)
jobs=$(($(nproc) + 1))

log() { echo "frr-toolchain: $*" >&2; }

case "$HG_FRR" in
10.3)
	FRR_DEB_VERSION=${FRR_DEB_VERSION:-10.3-3+deb13u1}
	LIBYANG_DEB_VERSION=${LIBYANG_DEB_VERSION:-3.12.2-1}
	HG_FRR_INSTALL=${HG_FRR_INSTALL:-yes}
	;;
8.4)
	FRR_DEB_VERSION=${FRR_DEB_VERSION:-8.4.4-1.1~deb12u2}
	LIBYANG_DEB_VERSION=${LIBYANG_DEB_VERSION:-2.1.30-2}
	HG_FRR_INSTALL=${HG_FRR_INSTALL:-no}
	;;
10.7)
	# The 10.7 line has its own route to a tree (see that script).
	if [ ! -x "$here/frr-toolchain-10.7.sh" ]; then
		log "HG_FRR=10.7: scripts/frr-toolchain-10.7.sh is missing"
		exit 1
	fi
	exec "$here/frr-toolchain-10.7.sh" "$@"
	;;
*)
	log "bad value '$HG_FRR' for HG_FRR; accepted: 8.4|10.3|10.7"
	exit 1
	;;
esac
case "$HG_FRR_INSTALL" in
yes | no) ;;
*)
	log "bad value '$HG_FRR_INSTALL' for HG_FRR_INSTALL; accepted: yes|no"
	exit 1
	;;
esac

frr_upstream=${FRR_DEB_VERSION%%-*}
yang_upstream=${LIBYANG_DEB_VERSION%%-*}
srcdir=$CACHE/src
frr_tree=$CACHE/frr-$FRR_DEB_VERSION
yang_tree=$CACHE/libyang-$LIBYANG_DEB_VERSION

build_deps=(
	bison flex gawk libc-ares-dev libcap-dev libelf-dev libjson-c-dev
	libpam0g-dev libpcre2-dev libprotobuf-c-dev protobuf-c-compiler
	libreadline-dev libunwind-dev pkgconf python3-dev texinfo install-info
	autoconf automake libtool cmake dpkg-dev libsnmp-dev librtr-dev
	liblua5.3-dev lua5.3
)
[ "$HG_FRR" = 8.4 ] && build_deps+=(libssh-dev)

install_deps() {
	local missing=()
	local p
	for p in "${build_deps[@]}"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
			grep -q 'install ok installed' || missing+=("$p")
	done
	if [ ${#missing[@]} -gt 0 ]; then
		log "installing build dependencies: ${missing[*]}"
		apt-get update -qq
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
	fi
}

fetch_source() { # package version tree
	local pkg=$1 ver=$2 tree=$3
	[ -f "$tree/.hostguard-extracted" ] && return 0
	"$here/apt-src.sh"
	mkdir -p "$srcdir"
	log "fetching $pkg $ver source package"
	(cd "$srcdir" && apt-get source --download-only -qq "$pkg=$ver" >/dev/null 2>&1)
	rm -rf "$tree"
	dpkg-source --no-check -x "$srcdir/${pkg}_${ver#*:}.dsc" "$tree" >/dev/null
	touch "$tree/.hostguard-extracted"
}

# FRR 10.3: libyang 3 from its trixie source package, installed in /usr.
build_libyang() {
	local stamp=$yang_tree/.hostguard-installed
	if [ -f "$stamp" ] && pkg-config --atleast-version=2.1.128 libyang 2>/dev/null; then
		return 0
	fi
	fetch_source libyang "$LIBYANG_DEB_VERSION" "$yang_tree"
	log "building libyang $yang_upstream"
	cmake -S "$yang_tree" -B "$yang_tree/build" -DCMAKE_BUILD_TYPE=Release \
		-DCMAKE_INSTALL_PREFIX=/usr -DCMAKE_INSTALL_LIBDIR=lib/$multiarch \
		-DENABLE_LYD_PRIV=ON -DENABLE_TESTS=OFF >/dev/null
	make -C "$yang_tree/build" -j"$jobs" >/dev/null
	make -C "$yang_tree/build" install >/dev/null
	ldconfig
	touch "$stamp"
}

# FRR 8.4: bookworm's own libyang2 packages, unpacked under the cache (the
# -dev headers would clash with libyang 3's in /usr). With an install, the
# runtime package is installed too (libyang.so.2 sits next to .so.3).
unpack_libyang2() {
	local stamp=$yang_tree/.hostguard-unpacked pc
	if [ ! -f "$stamp" ]; then
		log "unpacking libyang2 $LIBYANG_DEB_VERSION"
		rm -rf "$yang_tree"
		mkdir -p "$yang_tree" "$srcdir"
		(cd "$srcdir" && apt-get download -qq "libyang2=$LIBYANG_DEB_VERSION" \
			"libyang2-dev=$LIBYANG_DEB_VERSION" >/dev/null 2>&1)
		dpkg-deb -x "$srcdir/libyang2_${LIBYANG_DEB_VERSION}_amd64.deb" "$yang_tree"
		dpkg-deb -x "$srcdir/libyang2-dev_${LIBYANG_DEB_VERSION}_amd64.deb" "$yang_tree"
		pc=$yang_tree/usr/lib/$multiarch/pkgconfig/libyang.pc
		sed -i "s|^prefix=.*|prefix=$yang_tree/usr|" "$pc"
		touch "$stamp"
	fi
	export PKG_CONFIG_PATH=$yang_tree/usr/lib/$multiarch/pkgconfig
	export LD_LIBRARY_PATH=$yang_tree/usr/lib/$multiarch
	if [ "$HG_FRR_INSTALL" = yes ] &&
		! dpkg-query -W -f='${Status}' libyang2 2>/dev/null | grep -q 'install ok installed'; then
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "libyang2=$LIBYANG_DEB_VERSION" >/dev/null
	fi
}

ensure_users() {
	getent group frr >/dev/null || groupadd --system frr
	getent group frrvty >/dev/null || groupadd --system frrvty
	getent passwd frr >/dev/null ||
		useradd --system -g frr -G frrvty -d /nonexistent -s /usr/sbin/nologin frr
	install -d -o frr -g frr -m 0755 /etc/frr /var/run/frr /var/log/frr /var/lib/frr
	# As the package does: vtysh authenticates through PAM service "frr".
	[ -f /etc/pam.d/frr ] || install -m 0644 "$frr_tree/debian/frr.pam" /etc/pam.d/frr
	# As the package does: the daemons file and an empty integrated config.
	[ -f /etc/frr/daemons ] || install -o frr -g frr -m 0640 "$frr_tree/tools/etc/frr/daemons" /etc/frr/daemons
	[ -f /etc/frr/vtysh.conf ] || install -o frr -g frrvty -m 0640 "$frr_tree/tools/etc/frr/vtysh.conf" /etc/frr/vtysh.conf
}

# The options of each line's debian/rules that matter for the ABI and the
# paths (documentation is not built). The 10.3 order is kept as it was:
# the cache stamps hash it.
frr_paths=(
	--sbindir=/usr/lib/frr
	--with-vtysh-pager=/usr/bin/pager
	--libdir=/usr/lib/$multiarch/frr
	--with-moduledir=/usr/lib/$multiarch/frr/modules
	--disable-dependency-tracking
	--enable-rpki
)
frr_features=(
	--with-libpam --enable-snmp --enable-fpm --disable-protobuf
	--disable-zeromq --enable-ospfapi --enable-bgp-vnc
	--enable-multipath=256
	--enable-user=frr --enable-group=frr --enable-vty-group=frrvty
	--enable-configfile-mask=0640 --enable-logfile-mask=0640
	--disable-doc
)
case "$HG_FRR" in
10.3)
	frr_configure_args=(
		--build="$build_type"
		--prefix=/usr --sysconfdir=/etc --localstatedir=/var
		--libexecdir=/usr/lib/$multiarch --runstatedir=/var/run
		"${frr_paths[@]}" --enable-scripting --enable-pim6d
		"${frr_features[@]}"
		PYTHON=/usr/bin/python3
	)
	;;
8.4)
	# bookworm's rules: state in /var/run/frr, config in /etc/frr, no
	# scripting, no pim6d (the packaged libfrr lists the same arguments).
	frr_configure_args=(
		--build="$build_type"
		--prefix=/usr --sysconfdir=/etc/frr --localstatedir=/var/run/frr
		--libexecdir=/usr/lib/$multiarch
		"${frr_paths[@]}" --disable-scripting --disable-pim6d
		"${frr_features[@]}"
		PYTHON=python3
	)
	;;
esac

configure_frr() { # hash of version and options
	local want=$1
	fetch_source frr "$FRR_DEB_VERSION" "$frr_tree"
	if [ ! -f "$frr_tree/.hostguard-configured" ] ||
		[ "$(cat "$frr_tree/.hostguard-configured")" != "$want" ]; then
		log "configuring FRR $frr_upstream"
		(cd "$frr_tree" && ./bootstrap.sh >/dev/null 2>&1 &&
			eval "$(dpkg-buildflags --export=sh)" &&
			LIBS="${LIBS:-} -latomic" ./configure -q "${frr_configure_args[@]}" \
				LIBTOOLFLAGS="-rpath /usr/lib/$multiarch/frr" >/dev/null)
		echo "$want" >"$frr_tree/.hostguard-configured"
		rm -f "$frr_tree/.hostguard-built" "$frr_tree/.hostguard-headers"
	fi
}

# What out-of-tree modules need from a configured tree: clippy and the
# generated headers (about a tenth of a full build).
build_frr_headers() {
	local want=$1 stamp=$frr_tree/.hostguard-headers
	[ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && return 0
	log "building FRR $frr_upstream clippy and generated headers"
	make -C "$frr_tree" -j"$jobs" lib/clippy lib/route_types.h lib/gitversion.h \
		>"$frr_tree/.hostguard-build.log" 2>&1 ||
		{ tail -n 30 "$frr_tree/.hostguard-build.log" >&2; exit 1; }
	echo "$want" >"$stamp"
}

build_frr_full() {
	local want=$1 stamp=$frr_tree/.hostguard-built
	[ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && return 0
	log "building FRR $frr_upstream (a few minutes)"
	make -C "$frr_tree" -j"$jobs" >"$frr_tree/.hostguard-build.log" 2>&1 ||
		{ tail -n 30 "$frr_tree/.hostguard-build.log" >&2; exit 1; }
	echo "$want" >"$stamp"
	echo "$want" >"$frr_tree/.hostguard-headers"
}

build_frr() {
	local stamp=$frr_tree/.hostguard-installed
	local want
	want=$(printf '%s\n' "$FRR_DEB_VERSION" "${frr_configure_args[@]}" | sha256sum | cut -c1-16)
	if [ "$HG_FRR_INSTALL" = no ]; then
		configure_frr "$want"
		if [ "${HG_FRR_FULL:-no}" = yes ]; then
			build_frr_full "$want"
		else
			build_frr_headers "$want"
		fi
		return 0
	fi
	if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] &&
		[ -x /usr/lib/frr/zebra ] &&
		/usr/lib/frr/zebra --version 2>/dev/null | grep -q "version $frr_upstream\$"; then
		return 0
	fi
	configure_frr "$want"
	build_frr_full "$want"
	ensure_users
	log "installing FRR $frr_upstream into /usr (replacing the FRR there)"
	make -C "$frr_tree" install >/dev/null 2>&1
	ldconfig
	# Only one FRR line is installed at a time.
	rm -f "$CACHE"/frr-*/.hostguard-installed
	echo "$want" >"$stamp"
}

install_deps
case "$HG_FRR" in
10.3) build_libyang ;;
8.4) unpack_libyang2 ;;
esac
build_frr
[ "$HG_FRR_INSTALL" = yes ] && ensure_users
echo "$frr_tree"

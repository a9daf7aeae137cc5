#!/usr/bin/env bash
# Obtains, builds and installs the FRR that hostguard targets, configured like
# Debian's package so the modules are ABI-compatible with packaged FRR:
#   - libyang from Debian's trixie source package (FRR 10.3 needs >= 2.1.128)
#   - FRR from Debian's trixie source package, Debian patches applied,
#     configure options and paths of its debian/rules
# Builds are cached by version under $HOSTGUARD_CACHE (outside the work tree);
# a second run only checks the stamps. Prints the FRR tree path last.
set -euo pipefail

FRR_DEB_VERSION=${FRR_DEB_VERSION:-10.3-3+deb13u1}
LIBYANG_DEB_VERSION=${LIBYANG_DEB_VERSION:-3.12.2-1}
CACHE=${HOSTGUARD_CACHE:-/var/cache/hostguard}
here=$(cd "$(dirname "$0")" && pwd)
multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || echo x86_64-linux-gnu)
jobs=$(($(nproc) + 1))

frr_upstream=${FRR_DEB_VERSION%%-*}
yang_upstream=${LIBYANG_DEB_VERSION%%-*}
srcdir=$CACHE/src
frr_tree=$CACHE/frr-$FRR_DEB_VERSION
yang_tree=$CACHE/libyang-$LIBYANG_DEB_VERSION

log() { echo "frr-toolchain: $*" >&2; }

build_deps=(
	bison flex gawk libc-ares-dev libcap-dev libelf-dev libjson-c-dev
	libpam0g-dev libpcre2-dev libprotobuf-c-dev protobuf-c-compiler
	libreadline-dev libunwind-dev pkgconf python3-dev texinfo install-info
	autoconf automake libtool cmake dpkg-dev libsnmp-dev librtr-dev
	liblua5.3-dev lua5.3
)

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

# The options of debian/rules that matter for the ABI and the paths.
frr_configure_args=(
	--build="$(dpkg-architecture -qDEB_BUILD_GNU_TYPE 2>/dev/null || echo x86_64-linux-gnu)"
	--prefix=/usr --sysconfdir=/etc --localstatedir=/var
	--libexecdir=/usr/lib/$multiarch --runstatedir=/var/run
	--sbindir=/usr/lib/frr
	--with-vtysh-pager=/usr/bin/pager
	--libdir=/usr/lib/$multiarch/frr
	--with-moduledir=/usr/lib/$multiarch/frr/modules
	--disable-dependency-tracking
	--enable-rpki --enable-scripting --enable-pim6d
	--with-libpam --enable-snmp --enable-fpm --disable-protobuf
	--disable-zeromq --enable-ospfapi --enable-bgp-vnc
	--enable-multipath=256
	--enable-user=frr --enable-group=frr --enable-vty-group=frrvty
	--enable-configfile-mask=0640 --enable-logfile-mask=0640
	--disable-doc
	PYTHON=/usr/bin/python3
)

build_frr() {
	local stamp=$frr_tree/.hostguard-installed
	local want
	want=$(printf '%s\n' "$FRR_DEB_VERSION" "${frr_configure_args[@]}" | sha256sum | cut -c1-16)
	if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] &&
		[ -x /usr/lib/frr/zebra ] &&
		/usr/lib/frr/zebra --version 2>/dev/null | grep -q "version $frr_upstream\$"; then
		return 0
	fi
	fetch_source frr "$FRR_DEB_VERSION" "$frr_tree"
	if [ ! -f "$frr_tree/.hostguard-configured" ] ||
		[ "$(cat "$frr_tree/.hostguard-configured")" != "$want" ]; then
		log "configuring FRR $frr_upstream"
		(cd "$frr_tree" && ./bootstrap.sh >/dev/null 2>&1 &&
			eval "$(dpkg-buildflags --export=sh)" &&
			LIBS="${LIBS:-} -latomic" ./configure -q "${frr_configure_args[@]}" \
				LIBTOOLFLAGS="-rpath /usr/lib/$multiarch/frr" >/dev/null)
		echo "$want" >"$frr_tree/.hostguard-configured"
	fi
	log "building FRR $frr_upstream (a few minutes)"
	make -C "$frr_tree" -j"$jobs" >"$frr_tree/.hostguard-build.log" 2>&1 ||
		{ tail -n 30 "$frr_tree/.hostguard-build.log" >&2; exit 1; }
	ensure_users
	make -C "$frr_tree" install >/dev/null 2>&1
	ldconfig
	echo "$want" >"$stamp"
}

install_deps
build_libyang
build_frr
ensure_users
echo "$frr_tree"

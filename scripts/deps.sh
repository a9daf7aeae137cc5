#!/usr/bin/env bash
# Debian packages hostguard's build, tests and demo need at run time
# (FRR's own build dependencies are installed by frr-toolchain.sh).
set -euo pipefail
pkgs=(iproute2 iputils-ping arping tcpdump python3 python3-pytest
	autoconf automake libtool pkgconf make gcc libjson-c-dev libmnl-dev
	clang libclang-rt-dev dnsmasq-base isc-dhcp-client gobgpd
	prometheus) # promtool, to check hostguardctl metrics
missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	echo "deps: installing ${missing[*]}" >&2
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

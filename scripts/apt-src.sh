#!/usr/bin/env bash
# Adds deb-src entries for bookworm and trixie, derived from the archive URIs
# already configured for this machine's deb entries, so no mirror name is
# ever written by hand. Idempotent. With --print, only prints the archive
# and security URIs (for debootstrap and a root's sources).
set -euo pipefail

out=/etc/apt/sources.list.d/hostguard-src.sources

# Print "URI SUITE" for every enabled deb entry (deb822 and one-line format).
configured_entries() {
	local f
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		awk '
		function flush() {
			if (types ~ /(^| )deb( |$)/ && enabled != "no")
				for (i = 1; i <= nu; i++)
					for (j = 1; j <= ns; j++)
						print u[i], s[j]
			types = ""; enabled = ""; nu = 0; ns = 0
		}
		/^[[:space:]]*$/ { flush(); next }
		/^#/ { next }
		tolower($1) == "types:" { types = substr($0, index($0, ":") + 1) }
		tolower($1) == "enabled:" { enabled = tolower($2) }
		tolower($1) == "uris:" { for (k = 2; k <= NF; k++) u[++nu] = $k }
		tolower($1) == "suites:" { for (k = 2; k <= NF; k++) s[++ns] = $k }
		END { flush() }' "$f"
	done
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -f "$f" ] || continue
		awk '$1 == "deb" {
			n = 2; if ($2 ~ /^\[/) { while ($n !~ /\]$/) n++; n++ }
			print $n, $(n + 1) }' "$f"
	done
}

entries=$(configured_entries)
archive=$(awk '$2 ~ /^[a-z]+$/ && $1 ~ /debian\/?$/ { print $1; exit }' <<<"$entries")
security=$(awk '$2 ~ /-security$/ { print $1; exit }' <<<"$entries")
if [ -z "$archive" ]; then
	echo "apt-src: no Debian archive entry found in the apt configuration" >&2
	exit 1
fi

if [ "${1:-}" = --print ]; then
	echo "$archive ${security:-}"
	exit 0
fi

tmp=$(mktemp)
{
	echo "# Written by hostguard's scripts/apt-src.sh from this machine's apt entries."
	echo "Types: deb-src"
	echo "URIs: $archive"
	echo "Suites: bookworm trixie trixie-updates"
	echo "Components: main"
	echo "Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg"
	if [ -n "$security" ]; then
		echo
		echo "Types: deb-src"
		echo "URIs: $security"
		echo "Suites: bookworm-security trixie-security"
		echo "Components: main"
		echo "Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg"
	fi
} >"$tmp"

if ! cmp -s "$tmp" "$out" 2>/dev/null; then
	install -m 0644 "$tmp" "$out"
	apt-get update -qq
fi
rm -f "$tmp"

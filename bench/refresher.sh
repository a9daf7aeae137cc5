#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# refresher.sh - the external keepalive operators run today, as a baseline:
# every PERIOD seconds, ping each neighbour of DEV that is STALE, so that a
# live host answers and the bridge and the neighbour table learn it again.
# It sees only hosts with an IP in the neighbour table and relies on the
# host answering ICMP echo.
#
# usage: refresher.sh DEV PERIOD   (run inside the VTEP's namespace)
set -u
dev=${1:?device}
period=${2:?period in seconds}
while :; do
	for ip in $(ip -4 neigh show dev "$dev" nud stale | cut -d' ' -f1); do
		ping -n -q -c 1 -W 1 "$ip" >/dev/null 2>&1 &
	done
	for ip in $(ip -6 neigh show dev "$dev" nud stale | cut -d' ' -f1); do
		[[ $ip == fe80:* ]] && continue
		ping -6 -n -q -c 1 -W 1 "$ip" >/dev/null 2>&1 &
	done
	wait
	sleep "$period"
done

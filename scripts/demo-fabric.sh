#!/usr/bin/env bash
# demo-fabric.sh - a small EVPN-VXLAN fabric with hostguard, built from plain
# network namespaces, veths, Linux bridges and vxlan devices.
#
#   h1 -- pe1 \                  / pe2 -- h2
#              +-- hg-ul "ul" --+
#   rr -------/   10.0.0.0/24    \ pe3 -- h3
#
# pe1-pe3 are Proxmox-SDN-like VTEPs (bridge vnet100 with an anycast gateway
# MAC, vxlan100 with neigh_suppress) running zebra/bgpd with the hostguard
# modules; rr is a stock FRR route reflector. Hosts live on 10.10.0.0/24 and
# 2001:db8:100::/64. Every FRR instance uses its namespace name as pathspace,
# so it can be reached with `vtysh -N hg-pe1` or `hostguardctl -N hg-pe1`.
#
# usage: demo-fabric.sh start|status|stop   (as root)
set -euo pipefail

FRR_BIN=/usr/lib/frr
FRR_ETC=/etc/frr
FRR_RUN=/var/run/frr
FRR_LOG=/var/log/frr
HGCTL=${HGCTL:-/usr/sbin/hostguardctl}
VTYSH=${VTYSH:-vtysh}
WAIT_SECS=${WAIT_SECS:-90}

ROUTERS=(rr pe1 pe2 pe3)
PES=(pe1 pe2 pe3)
HOSTS=(h1 h2 h3)
NAMESPACES=(hg-ul hg-rr hg-pe1 hg-pe2 hg-pe3 hg-h1 hg-h2 hg-h3)

declare -A UL_IP=([pe1]=10.0.0.1 [pe2]=10.0.0.2 [pe3]=10.0.0.3 [rr]=10.0.0.254)
declare -A HOST_IP4=([h1]=10.10.0.11 [h2]=10.10.0.12 [h3]=10.10.0.13)
declare -A HOST_IP6=([h1]=2001:db8:100::11 [h2]=2001:db8:100::12 [h3]=2001:db8:100::13)
declare -A HOST_MAC=([h1]=02:00:00:00:00:11 [h2]=02:00:00:00:00:12 [h3]=02:00:00:00:00:13)
ANYCAST_MAC=a2:1d:cb:1a:c0:8b
GW4=10.10.0.1
GW6=2001:db8:100::1
VNI=100

log() { printf '=== %s\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# The PE serving host hN is peN.
pe_of() { echo "pe${1#h}"; }

ns_exists() { [[ -e /var/run/netns/$1 ]]; }

# ---------------------------------------------------------------- network

make_namespaces() {
	local ns
	for ns in "${NAMESPACES[@]}"; do
		ip netns add "$ns"
		ip -n "$ns" link set lo up
	done
}

# One Linux bridge in hg-ul plays the underlay switch.
make_underlay() {
	local r
	ip -n hg-ul link add ul type bridge stp_state 0
	ip -n hg-ul link set ul up
	for r in "${ROUTERS[@]}"; do
		ip -n hg-ul link add "$r" type veth peer name ul0 netns "hg-$r"
		ip -n hg-ul link set "$r" master ul up
		ip -n "hg-$r" addr add "${UL_IP[$r]}/24" dev ul0
		ip -n "hg-$r" link set ul0 up
	done
}

# VNI 100 the way Proxmox SDN lays it out: the same gateway MAC and
# addresses on every PE, vxlan port without learning, ARP/ND suppressed.
make_pe_vnet() {
	local pe=$1 ns=hg-$1
	ip -n "$ns" link add vnet100 type bridge stp_state 0
	ip -n "$ns" link set vnet100 address "$ANYCAST_MAC"
	ip -n "$ns" link add vxlan100 type vxlan id "$VNI" dstport 4789 \
		local "${UL_IP[$pe]}" nolearning
	ip -n "$ns" link set vxlan100 master vnet100
	bridge -n "$ns" link set dev vxlan100 learning off neigh_suppress on
	ip -n "$ns" addr add "$GW4/24" dev vnet100
	ip -n "$ns" -6 addr add "$GW6/64" dev vnet100 nodad
	ip netns exec "$ns" sysctl -qw net.ipv4.ip_forward=1
	ip -n "$ns" link set vxlan100 up
	ip -n "$ns" link set vnet100 up
}

make_host() {
	local h=$1 pe ns=hg-$1
	pe=$(pe_of "$h")
	ip -n "hg-$pe" link add "$h" type veth peer name eth0 netns "$ns"
	ip -n "hg-$pe" link set "$h" master vnet100 up
	ip -n "$ns" link set eth0 address "${HOST_MAC[$h]}"
	ip -n "$ns" addr add "${HOST_IP4[$h]}/24" dev eth0
	ip -n "$ns" -6 addr add "${HOST_IP6[$h]}/64" dev eth0 nodad
	ip -n "$ns" link set eth0 up
	ip -n "$ns" route add default via "$GW4"
}

# ---------------------------------------------------------------- FRR

frr_conf() {
	local r=$1 pe
	echo "hostname $r"
	echo "!"
	echo "router bgp 65000"
	echo " bgp router-id ${UL_IP[$r]}"
	echo " no bgp default ipv4-unicast"
	if [[ $r == rr ]]; then
		echo " bgp cluster-id ${UL_IP[rr]}"
		echo " bgp log-neighbor-changes"
		for pe in "${PES[@]}"; do
			echo " neighbor ${UL_IP[$pe]} remote-as 65000"
		done
		echo " address-family l2vpn evpn"
		for pe in "${PES[@]}"; do
			echo "  neighbor ${UL_IP[$pe]} activate"
			echo "  neighbor ${UL_IP[$pe]} route-reflector-client"
		done
	else
		echo " coalesce-time 1000"
		echo " bgp log-neighbor-changes"
		echo " neighbor ${UL_IP[rr]} remote-as 65000"
		echo " address-family l2vpn evpn"
		echo "  neighbor ${UL_IP[rr]} activate"
		echo "  advertise-all-vni"
	fi
	echo " exit-address-family"
	echo "exit"
	echo "!"
}

write_frr_config() {
	local r=$1 ns=hg-$1 dir=$FRR_ETC/hg-$1
	install -d -o frr -g frr -m 0755 "$dir" "$FRR_RUN/$ns"
	frr_conf "$r" >"$dir/frr.conf"
	chown frr:frr "$dir/frr.conf"
	chmod 0640 "$dir/frr.conf"
	install -o frr -g frrvty -m 0640 /dev/null "$dir/vtysh.conf"
}

start_daemon() {
	local ns=$1 daemon=$2 module=${3:-}
	local logf=$FRR_LOG/$ns-$daemon.log
	local args=(-d -N "$ns" --log "file:$logf")
	# mgmtd takes no -f: it holds only the datastores the others feed.
	[[ $daemon != mgmtd ]] && args+=(-f "$FRR_ETC/$ns/frr.conf")
	[[ -n $module ]] && args+=(-M "$module")
	: >"$logf"
	chown frr:frr "$logf"
	# -d returns only once the daemon has read its config, so a
	# non-zero status here means it really did not come up. Its stdio
	# goes to the log: a daemon holding our stdout would hang pipelines.
	if ! ip netns exec "$ns" "$FRR_BIN/$daemon" "${args[@]}" \
		</dev/null >>"$logf" 2>&1; then
		echo "error: $daemon in $ns failed to start; last log lines:" >&2
		tail -n 20 "$logf" >&2 || true
		echo "(the partial fabric is left for inspection; \"$0 stop\" removes it)" >&2
		exit 1
	fi
}

# mgmtd must be up before zebra in FRR 10.x; staticd is not needed here.
start_router() {
	local r=$1 ns=hg-$1 zmod="" bmod=""
	if [[ $r != rr ]]; then
		zmod=zebra_hostguard
		bmod=bgpd_hostguard
	fi
	write_frr_config "$r"
	start_daemon "$ns" mgmtd
	start_daemon "$ns" zebra "$zmod"
	start_daemon "$ns" bgpd "$bmod"
}

# True if pid is a live (not zombie) process started with pathspace ns;
# guards against stale pid files and reused pids.
is_demo_pid() {
	local pid=$1 ns=$2 stat cmd
	[[ $pid =~ ^[0-9]+$ ]] || return 1
	stat=$(cat "/proc/$pid/stat" 2>/dev/null) || return 1
	[[ ${stat##*) } != Z* ]] || return 1
	cmd=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || return 1
	[[ " $cmd" == *" -N $ns "* ]]
}

# Live pid of one daemon, from its pid file; empty when not running.
daemon_pid() {
	local ns=$1 daemon=$2 pid
	pid=$(cat "$FRR_RUN/$ns/$daemon.pid" 2>/dev/null) || return 0
	if is_demo_pid "$pid" "$ns"; then echo "$pid"; fi
}

num_remote_vteps() {
	"$VTYSH" -N "hg-$1" -c "show evpn vni $VNI json" 2>/dev/null |
		grep -o '"numRemoteVteps":[ ]*[0-9]*' | grep -o '[0-9]*$' || echo 0
}

wait_for_vteps() {
	local t0=$SECONDS deadline=$((SECONDS + WAIT_SECS)) pe n ok
	log "waiting up to ${WAIT_SECS}s for every PE to see 2 remote VTEPs"
	while :; do
		ok=1
		for pe in "${PES[@]}"; do
			n=$(num_remote_vteps "$pe")
			[[ $n == 2 ]] || ok=0
		done
		((ok)) && { log "all PEs see 2 remote VTEPs after $((SECONDS - t0))s"; return 0; }
		if ((SECONDS >= deadline)); then
			for pe in "${PES[@]}"; do
				echo "  $pe: numRemoteVteps=$(num_remote_vteps "$pe")" >&2
			done
			die "EVPN did not converge in ${WAIT_SECS}s (logs: $FRR_LOG/hg-*.log; \"$0 stop\" cleans up)"
		fi
		sleep 1
	done
}

# A couple of tries per pair: the first packet may race ARP/ND through
# the fabric while remote MACs are still being learned.
ping_once() {
	local ns=$1 dst=$2 _
	for _ in 1 2 3; do
		ip netns exec "$ns" ping -c 1 -W 2 "$dst" >/dev/null 2>&1 && return 0
	done
	return 1
}

ping_mesh() {
	local src dst addr failed=0
	if ! command -v ping >/dev/null; then
		echo "warning: ping not found, skipping the ping mesh (apt-get install iputils-ping)" >&2
		return 0
	fi
	log "pinging every host from every host"
	for src in "${HOSTS[@]}"; do
		for dst in "${HOSTS[@]}"; do
			[[ $src == "$dst" ]] && continue
			for addr in "${HOST_IP4[$dst]}" "${HOST_IP6[$dst]}"; do
				if ping_once "hg-$src" "$addr"; then
					printf '  %s -> %s (%s): ok\n' "$src" "$dst" "$addr"
				else
					printf '  %s -> %s (%s): FAILED\n' "$src" "$dst" "$addr"
					failed=1
				fi
			done
		done
	done
	return "$failed"
}

# ---------------------------------------------------------------- state

fabric_up() {
	local ns r d
	for ns in "${NAMESPACES[@]}"; do
		ns_exists "$ns" || return 1
	done
	for r in "${ROUTERS[@]}"; do
		for d in mgmtd zebra bgpd; do
			[[ -n $(daemon_pid "hg-$r" "$d") ]] || return 1
		done
	done
}

leftovers() {
	local ns
	for ns in "${NAMESPACES[@]}"; do
		ns_exists "$ns" && return 0
		[[ -e $FRR_RUN/$ns || -e $FRR_ETC/$ns ]] && return 0
	done
	return 1
}

# Pids of this demo's FRR daemons: pid files first, then anything still
# running inside our namespaces (e.g. a daemon whose pid file went away).
demo_pids() {
	local ns f pid
	for ns in "${NAMESPACES[@]}"; do
		for f in "$FRR_RUN/$ns"/*.pid; do
			[[ -f $f ]] || continue
			pid=$(cat "$f" 2>/dev/null) || continue
			if is_demo_pid "$pid" "$ns"; then echo "$pid"; fi
		done
		if ns_exists "$ns"; then
			ip netns pids "$ns" 2>/dev/null || true
		fi
	done | sort -un
}

# ---------------------------------------------------------------- commands

cmd_status() {
	local pe
	for pe in "${PES[@]}"; do
		log "$pe: hostguard (zebra)"
		"$HGCTL" -N "hg-$pe" show hostguard status || echo "  (zebra not answering)"
		log "$pe: hostguard (bgpd)"
		"$HGCTL" -N "hg-$pe" -d bgpd show hostguard status || echo "  (bgpd not answering)"
		log "$pe: show evpn vni $VNI"
		"$VTYSH" -N "hg-$pe" -c "show evpn vni $VNI" |
			grep -E '^ *(VNI|Type|Tenant VRF|VxLAN interface|Local VTEP IP|Remote VTEPs|Number of|Advertise|  [0-9])' ||
			true
	done
	log "rr: show bgp l2vpn evpn summary"
	"$VTYSH" -N hg-rr -c "show bgp l2vpn evpn summary" || true
	cat <<-EOF

	How to look at it:
	  ip netns exec hg-h1 ping 10.10.0.12            # host to host across the fabric
	  ip netns exec hg-h1 ping 2001:db8:100::13
	  vtysh -N hg-pe1                                # FRR shell of pe1 (also hg-rr, hg-pe2, ...)
	  hostguardctl -N hg-pe1 show hostguard hosts    # hosts hostguard tracks on pe1
	  hostguardctl -N hg-pe1 -d bgpd show hostguard status json
	  ip netns exec hg-pe1 bridge fdb show br vnet100
	  less $FRR_LOG/hg-pe1-zebra.log
	  $0 stop
	EOF
}

cmd_start() {
	local r h
	[[ $EUID -eq 0 ]] || die "must run as root"
	if fabric_up; then
		log "fabric already up"
		cmd_status
		return 0
	fi
	if leftovers; then
		log "cleaning up leftovers of a previous run"
		cmd_stop
	fi

	log "building namespaces and links"
	make_namespaces
	make_underlay
	for r in "${PES[@]}"; do
		make_pe_vnet "$r"
	done
	for h in "${HOSTS[@]}"; do
		make_host "$h"
	done

	# rr first, so the PEs' first connection attempt finds it listening.
	log "starting FRR"
	for r in "${ROUTERS[@]}"; do
		start_router "$r"
		echo "  $r: mgmtd zebra bgpd"
	done

	wait_for_vteps
	local pings=0
	ping_mesh || pings=1
	cmd_status
	((pings == 0)) || die "some pings failed"
}

cmd_stop() {
	local pids ns _
	[[ $EUID -eq 0 ]] || die "must run as root"
	pids=$(demo_pids)
	if [[ -n $pids ]]; then
		log "stopping $(wc -w <<<"$pids") processes"
		# shellcheck disable=SC2086
		kill -TERM $pids 2>/dev/null || true
		for _ in $(seq 50); do
			pids=$(demo_pids)
			[[ -z $pids ]] && break
			sleep 0.2
		done
		if [[ -n $pids ]]; then
			# shellcheck disable=SC2086
			kill -KILL $pids 2>/dev/null || true
			sleep 0.5
		fi
	fi
	for ns in "${NAMESPACES[@]}"; do
		if ns_exists "$ns"; then
			ip netns del "$ns"
		fi
		rm -rf "${FRR_ETC:?}/$ns" "${FRR_RUN:?}/$ns"
	done
	pids=$(demo_pids)
	[[ -z $pids ]] || die "processes still running: $pids"
	log "fabric stopped"
}

main() {
	case "${1:-}" in
	start) cmd_start ;;
	status) cmd_status ;;
	stop) cmd_stop ;;
	*)
		echo "usage: $0 start|status|stop" >&2
		exit 2
		;;
	esac
}

main "$@"

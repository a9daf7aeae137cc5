#!/usr/bin/env bash
# demo-fabric.sh - a small EVPN-VXLAN fabric with hostguard, built from plain
# network namespaces, veths, Linux bridges and vxlan devices.
#
#   h1 -- pe1 \                  / pe2 -- h2
#              +-- hg-ul "ul" --+
#   rr -------/   10.0.0.0/24    \ pe3 -- h3
#   fw ------/
#
# Underlay addresses (VTEPs): peN 10.0.0.1N, fw 10.0.0.1, rr 10.0.0.254.
#
# pe1-pe3 are Proxmox-SDN-like VTEPs: VNet 100 (bridge vnet100 with an
# anycast gateway MAC and address, vxlan100 with neigh_suppress) and the
# L2-only VNet 200 (bridge vnet200, no address). pe1 and pe2 run zebra/bgpd
# with the hostguard modules (keepalive, snooping on); pe3 runs stock FRR,
# for comparison; rr is a stock FRR route reflector. Bridges age entries
# after AGEING_S seconds (20 by default, Proxmox's is 300), so that what
# ageing does to silent hosts shows within a minute. Each host hN has eth0
# in VNet 100 (10.10.0.1N, 2001:db8:100::1N) and eth1 in VNet 200
# (10.20.0.1N); after one exchange at start they stay silent. Every PE
# advertises its gateway (advertise-svi-ip).
#
# fw is a firewall VTEP on VNet 100 carrying the same gateway address with
# its own MAC, stock FRR with advertise-svi-ip: the foreign claim on the
# gateway. Its FRR starts only at the gateway step; its VTEP address is the
# fabric's lowest, so on equal sequence numbers its claim wins bgpd's
# selection at every PE.
#
# Every FRR instance uses its namespace name as pathspace, so it can be
# reached with `vtysh -N hg-pe1` or `hostguardctl -N hg-pe1`.
#
# usage: demo-fabric.sh start|watch|gateway|status|stop   (as root)
#   start    builds the fabric and watches it: DEMO_WATCH_S seconds
#            (default 3 ageing periods; 0: no watch, no gateway step),
#            then the watch runs the gateway step and goes on for
#            GW_WATCH_S seconds (default 40; 0: no gateway step)
#   watch    shows live which PE still has which host, with probe counts,
#            and each PE's gateway (Ctrl-C ends it; WATCH_S=N ends it
#            after N seconds)
#   gateway  starts the firewall's FRR: its claim on the gateway
set -euo pipefail

FRR_BIN=/usr/lib/frr
FRR_ETC=/etc/frr
FRR_RUN=/var/run/frr
FRR_LOG=/var/log/frr
HGCTL=${HGCTL:-/usr/sbin/hostguardctl}
VTYSH=${VTYSH:-vtysh}
WAIT_SECS=${WAIT_SECS:-90}
# Prefix of every namespace and pathspace; another prefix runs a second
# fabric beside this one.
P=${DEMO_PREFIX:-hg}
# Modules from a build tree instead of FRR's module directory.
HG_MODULE_DIR=${HG_MODULE_DIR:-}
AGEING_S=${AGEING_S:-20}
DEMO_WATCH_S=${DEMO_WATCH_S:-$((3 * AGEING_S + 10))}
GW_WATCH_S=${GW_WATCH_S:-40}
HERE=$(cd "$(dirname "$0")" && pwd)

ROUTERS=(rr pe1 pe2 pe3)
PES=(pe1 pe2 pe3)
# PEs running hostguard; the others run stock FRR.
HG_PES=(pe1 pe2)
HG_ZEBRA_ARGS=${HG_ZEBRA_ARGS:-snoop=on}
HOSTS=(h1 h2 h3)
NAMESPACES=("$P-ul" "$P-rr" "$P-pe1" "$P-pe2" "$P-pe3" "$P-h1" "$P-h2" "$P-h3" "$P-fw")

declare -A UL_IP=([pe1]=10.0.0.11 [pe2]=10.0.0.12 [pe3]=10.0.0.13 [rr]=10.0.0.254 [fw]=10.0.0.1)
declare -A HOST_IP4=([h1]=10.10.0.11 [h2]=10.10.0.12 [h3]=10.10.0.13)
declare -A HOST_IP6=([h1]=2001:db8:100::11 [h2]=2001:db8:100::12 [h3]=2001:db8:100::13)
declare -A HOST_MAC=([h1]=02:00:00:00:00:11 [h2]=02:00:00:00:00:12 [h3]=02:00:00:00:00:13)
declare -A L2_IP4=([h1]=10.20.0.11 [h2]=10.20.0.12 [h3]=10.20.0.13)
declare -A L2_MAC=([h1]=02:00:00:00:02:11 [h2]=02:00:00:00:02:12 [h3]=02:00:00:00:02:13)
ANYCAST_MAC=a2:1d:cb:1a:c0:8b
FW_MAC=02:00:00:00:fe:01
GW4=10.10.0.1
GW6=2001:db8:100::1
VNI=100
L2VNI=200

T0=$SECONDS
log() { printf '=== [%2d:%02d] %s\n' $(((SECONDS - T0) / 60)) $(((SECONDS - T0) % 60)) "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# The PE serving host hN is peN.
pe_of() { echo "pe${1#h}"; }

is_hg_pe() {
	local p
	for p in "${HG_PES[@]}"; do [[ $p == "$1" ]] && return 0; done
	return 1
}

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
	ip -n "$P-ul" link add ul type bridge stp_state 0
	ip -n "$P-ul" link set ul up
	for r in "${ROUTERS[@]}" fw; do
		ip -n "$P-ul" link add "$r" type veth peer name ul0 netns "$P-$r"
		ip -n "$P-ul" link set "$r" master ul up
		ip -n "$P-$r" addr add "${UL_IP[$r]}/24" dev ul0
		ip -n "$P-$r" link set ul0 up
	done
}

# VNI 100 the way Proxmox SDN lays it out: the same gateway MAC and
# addresses on every PE, vxlan port without learning, ARP/ND suppressed.
# The firewall carries the same addresses with its own MAC.
make_pe_vnet() {
	local pe=$1 ns=$P-$1 mac=${2:-$ANYCAST_MAC}
	ip -n "$ns" link add vnet100 type bridge stp_state 0 ageing_time $((AGEING_S * 100))
	ip -n "$ns" link set vnet100 address "$mac"
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

# VNet 200: layer 2 only, as a Proxmox VNet without a subnet.
make_pe_l2vnet() {
	local pe=$1 ns=$P-$1
	ip -n "$ns" link add vnet200 type bridge stp_state 0 ageing_time $((AGEING_S * 100))
	ip -n "$ns" link add vxlan200 type vxlan id "$L2VNI" dstport 4789 \
		local "${UL_IP[$pe]}" nolearning
	ip -n "$ns" link set vxlan200 master vnet200
	bridge -n "$ns" link set dev vxlan200 learning off neigh_suppress on
	ip -n "$ns" link set vxlan200 up
	ip -n "$ns" link set vnet200 up
}

make_host() {
	local h=$1 pe ns=$P-$1
	pe=$(pe_of "$h")
	ip -n "$P-$pe" link add "$h" type veth peer name eth0 netns "$ns"
	ip -n "$P-$pe" link set "$h" master vnet100 up
	ip -n "$ns" link set eth0 address "${HOST_MAC[$h]}"
	ip -n "$ns" addr add "${HOST_IP4[$h]}/24" dev eth0
	ip -n "$ns" -6 addr add "${HOST_IP6[$h]}/64" dev eth0 nodad
	ip -n "$ns" link set eth0 up
	ip -n "$ns" route add default via "$GW4"
	ip -n "$P-$pe" link add "$h-l2" type veth peer name eth1 netns "$ns"
	ip -n "$P-$pe" link set "$h-l2" master vnet200 up
	ip -n "$ns" link set eth1 address "${L2_MAC[$h]}"
	ip netns exec "$ns" sysctl -qw net.ipv6.conf.eth1.disable_ipv6=1
	ip -n "$ns" addr add "${L2_IP4[$h]}/24" dev eth1
	ip -n "$ns" link set eth1 up
}

# After the first exchanges a host says nothing more: no IPv6 chatter,
# no traffic. What keeps its routes alive is the PE's business.
make_hosts_silent() {
	local h
	for h in "${HOSTS[@]}"; do
		ip netns exec "$P-$h" sysctl -qw net.ipv6.conf.eth0.disable_ipv6=1
	done
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
		for pe in "${PES[@]}" fw; do
			echo " neighbor ${UL_IP[$pe]} remote-as 65000"
		done
		echo " address-family l2vpn evpn"
		for pe in "${PES[@]}" fw; do
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
		echo "  advertise-svi-ip"
	fi
	echo " exit-address-family"
	echo "exit"
	echo "!"
}

write_frr_config() {
	local r=$1 ns=$P-$1 dir=$FRR_ETC/$P-$1
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
	local r=$1 ns=$P-$1 zmod="" bmod=""
	if is_hg_pe "$r"; then
		zmod=${HG_MODULE_DIR:+$HG_MODULE_DIR/}zebra_hostguard${HG_MODULE_DIR:+.so}
		zmod+=${HG_ZEBRA_ARGS:+:$HG_ZEBRA_ARGS}
		bmod=${HG_MODULE_DIR:+$HG_MODULE_DIR/}bgpd_hostguard${HG_MODULE_DIR:+.so}
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
	"$VTYSH" -N "$P-$1" -c "show evpn vni ${2:-$VNI} json" 2>/dev/null |
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
			n=$(num_remote_vteps "$pe" "$L2VNI")
			[[ $n == 2 ]] || ok=0
		done
		((ok)) && { log "all PEs see 2 remote VTEPs after $((SECONDS - t0))s"; return 0; }
		if ((SECONDS >= deadline)); then
			for pe in "${PES[@]}"; do
				echo "  $pe: numRemoteVteps=$(num_remote_vteps "$pe")" >&2
			done
			die "EVPN did not converge in ${WAIT_SECS}s (logs: $FRR_LOG/$P-*.log; \"$0 stop\" cleans up)"
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
	log "pinging every host from every host (VNet 100 and the L2-only VNet 200)"
	for src in "${HOSTS[@]}"; do
		for dst in "${HOSTS[@]}"; do
			[[ $src == "$dst" ]] && continue
			for addr in "${HOST_IP4[$dst]}" "${HOST_IP6[$dst]}" "${L2_IP4[$dst]}"; do
				if ping_once "$P-$src" "$addr"; then
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
			[[ -n $(daemon_pid "$P-$r" "$d") ]] || return 1
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
		if is_hg_pe "$pe"; then
			log "$pe (hostguard): show hostguard hosts"
			"$HGCTL" -N "$P-$pe" show hostguard hosts || echo "  (zebra not answering)"
		else
			log "$pe (stock FRR): show evpn mac vni $VNI"
			"$VTYSH" -N "$P-$pe" -c "show evpn mac vni $VNI" || true
		fi
	done
	echo
	echo "How to look at it:"
	hint "$0 watch" "live: which PE keeps which silent host, and its gateway"
	hint "$0 gateway" "a firewall claims the gateway (once the hosts are watched)"
	hint "ip netns exec $P-h1 ping 10.10.0.12" "host to host across the fabric"
	hint "ip netns exec $P-h1 ping 10.20.0.13" "... on the L2-only VNet 200"
	hint "vtysh -N $P-pe1" "FRR shell of pe1 (also $P-rr, $P-pe2, ...)"
	hint "hostguardctl -N $P-pe1 show hostguard hosts" "hosts hostguard tracks on pe1"
	hint "hostguardctl -N $P-pe1 show hostguard bindings" "bindings snooped on pe1"
	hint "hostguardctl -N $P-pe1 show hostguard gateway check" "what the anycast gateway lacks"
	hint "hostguardctl -A show hostguard status" "every hostguard node at once"
	hint "hostguardctl -A metrics" "Prometheus text format"
	hint "hostguardctl -N $P-pe1 set probe-rate 200" "change a setting at run time"
	hint "less $FRR_LOG/$P-pe1-zebra.log" ""
	hint "$0 stop" "removes every process and namespace"
}

hint() { printf '  %-52s %s\n' "$1" "${2:+# $2}"; }

cmd_watch() {
	local secs=${1:-${WATCH_S:-0}}
	local args=(--ageing "$AGEING_S" --seconds "$secs" --hostguardctl "$HGCTL" --vtysh "$VTYSH")
	fabric_up || die "the fabric is not running (\"$0 start\")"
	exec_watch "${args[@]}"
}

# The watch in Python (Debian's python3): JSON from vtysh and hostguardctl.
exec_watch() {
	/usr/bin/python3 "$HERE/demo-watch.py" --prefix "$P" --hg-pes "${HG_PES[*]}" "$@"
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

	log "building namespaces and links (bridge ageing ${AGEING_S}s)"
	make_namespaces
	make_underlay
	for r in "${PES[@]}"; do
		make_pe_vnet "$r"
		make_pe_l2vnet "$r"
	done
	for h in "${HOSTS[@]}"; do
		make_host "$h"
	done
	make_pe_vnet fw "$FW_MAC"

	# rr first, so the PEs' first connection attempt finds it listening.
	log "starting FRR"
	for r in "${ROUTERS[@]}"; do
		start_router "$r"
		if is_hg_pe "$r"; then
			echo "  $r: mgmtd zebra bgpd, with hostguard ($HG_ZEBRA_ARGS)"
		else
			echo "  $r: mgmtd zebra bgpd, stock FRR"
		fi
	done

	wait_for_vteps
	local pings=0
	ping_mesh || pings=1
	make_hosts_silent
	local silent=$SECONDS
	log "the hosts are silent from now on"
	cmd_status
	((pings == 0)) || die "some pings failed"
	if ((DEMO_WATCH_S > 0)); then
		local gw=()
		((GW_WATCH_S > 0)) && gw=(--gateway-after "$DEMO_WATCH_S" --gateway-cmd "$HERE/demo-fabric.sh")
		log "watching for $((DEMO_WATCH_S + GW_WATCH_S))s: the silent hosts;" \
			"after ${DEMO_WATCH_S}s the gateway step ($0 watch shows it again)"
		exec_watch --ageing "$AGEING_S" --seconds $((DEMO_WATCH_S + GW_WATCH_S)) \
			--offset $((SECONDS - silent)) "${gw[@]}" --hostguardctl "$HGCTL" --vtysh "$VTYSH"
		log "done; the fabric keeps running (\"$0 watch\", \"$0 stop\")"
	fi
}

# The foreign claim on the gateway: the firewall's stock FRR advertises
# 10.10.0.1 with the firewall's MAC. Its VTEP address being the lowest, the
# claim wins bgpd's selection everywhere: the stock PE puts it in its
# kernel and stops advertising its own gateway; the guard keeps both.
cmd_gateway() {
	[[ $EUID -eq 0 ]] || die "must run as root"
	if ! fabric_up || ! ns_exists "$P-fw"; then
		die "the fabric is not running (\"$0 start\")"
	fi
	if [[ -n $(daemon_pid "$P-fw" bgpd) ]]; then
		log "gateway step: the firewall's claim is already in the fabric"
		return 0
	fi
	log "gateway step: firewall fw (VTEP ${UL_IP[fw]}) starts stock FRR with advertise-svi-ip:" \
		"it claims gateway $GW4 with its MAC $FW_MAC"
	start_router fw
	echo "  fw: mgmtd zebra bgpd, stock FRR"
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
	watch) cmd_watch "${2:-}" ;;
	gateway) cmd_gateway ;;
	status) cmd_status ;;
	stop) cmd_stop ;;
	*)
		echo "usage: $0 start|watch [seconds]|gateway|status|stop" >&2
		exit 2
		;;
	esac
}

main "$@"

# SPDX-License-Identifier: GPL-2.0-or-later
"""
The Proxmox-like EVPN fabric every hostguard topotest runs on:

    h1 -- pe1 \\                 / pe2 -- h2
               +-- underlay --+
    rr -------/  10.0.0.0/24   \\ pe3 -- h3

Three VTEPs (pe1-pe3, VTEP IPs 10.0.0.1-3) peer over iBGP EVPN with a route
reflector (rr, 10.0.0.254). On each PE, VNI 100 is a traditional Linux
bridge "vnet100" with the same hwaddress on every PE (the anycast gateway
MAC, as Proxmox SDN writes it), optionally the same gateway address, and a
vxlan port with nolearning, learning off and neigh_suppress on. Hosts sit
in their own namespaces on 10.10.0.0/24 and 2001:db8:100::/64.
"""
import json
import os
import re
import time

from lib.topogen import Topogen, TopoRouter, get_topogen
from lib.topolog import logger

PES = ("pe1", "pe2", "pe3")
HOSTS = ("h1", "h2", "h3")
VNI = 100
ANYCAST_MAC = "a2:1d:cb:1a:c0:8b"
GATEWAY4 = "10.10.0.1"
GATEWAY6 = "2001:db8:100::1"
HOST_IP4 = {"h1": "10.10.0.11", "h2": "10.10.0.12", "h3": "10.10.0.13"}
HOST_IP6 = {"h1": "2001:db8:100::11", "h2": "2001:db8:100::12", "h3": "2001:db8:100::13"}
HOST_MAC = {"h1": "02:00:00:00:00:11", "h2": "02:00:00:00:00:12", "h3": "02:00:00:00:00:13"}
VTEP = {"pe1": "10.0.0.1", "pe2": "10.0.0.2", "pe3": "10.0.0.3", "rr": "10.0.0.254"}
# A build tree's modules and client instead of the installed ones.
MODULE_DIR = os.environ.get("HOSTGUARD_MODULE_DIR")
HOSTGUARDCTL = os.environ.get("HOSTGUARDCTL", "/usr/sbin/hostguardctl")


def module_spec(daemon, args):
    """The -M argument loading daemon's hostguard module with args."""
    name = "{}_hostguard".format(daemon)
    if MODULE_DIR:
        name = os.path.join(MODULE_DIR, name + ".so")
    return "-M " + name + (":" + args if args else "")


def build_topo(tgen):
    for r in ("rr",) + PES:
        tgen.add_router(r)
    underlay = tgen.add_switch("underlay")
    underlay.add_link(tgen.gears["rr"])  # rr-eth0
    for pe in PES:
        underlay.add_link(tgen.gears[pe])  # peN-eth0
    for i, (pe, h) in enumerate(zip(PES, HOSTS)):
        tgen.add_host(h, HOST_IP4[h] + "/24", "via " + GATEWAY4)
        sw = tgen.add_switch("acc%d" % (i + 1))
        sw.add_link(tgen.gears[pe])  # peN-eth1
        sw.add_link(tgen.gears[h])  # hN-eth0


# Each router's daemons log to one file of ours (their configuration's
# `log file`), each line tagged with its daemon. The topotest library, when
# it starts a router or daemons, points each daemon's configured file at
# <daemon>.log, its command-line target; but from FRR 10.7 on `log file` is
# mgmtd's setting, applied to mgmtd, zebra and staticd alike (the last one
# set wins), and a daemon whose command-line target and configured file are
# the same file writes each line there twice: those files cannot tell how
# often a daemon logged a line. So the fabric starts routers and daemons as
# the library does, without its logging commands.
LOG_TAGS = {"zebra": "ZEBRA", "bgpd": "BGP", "staticd": "STATIC", "mgmtd": "MGMTD"}


def log_path(tgen, router):
    """The log file of router's daemons (absolute: daemons resolve a relative one in their cwd)."""
    return os.path.join(tgen.logdir, router, "hostguard-daemons.log")


def log_setting(tgen, router):
    return "log file {} debug\nlog timestamp precision 6\n".format(log_path(tgen, router))


def start_router(tgen, router):
    """TopoRouter.start() without the library's logging commands."""
    result = router.net.startRouter(tgen)
    if result:
        tgen.set_error(result)
    check_logged_once(router)


def start_daemons(router, daemons):
    """TopoRouter.startDaemons() without the library's logging commands."""
    result = router.net.startRouterDaemons(daemons)
    if result:
        router.tgen.set_error(result)
    check_logged_once(router)


def check_logged_once(router):
    """zebra and bgpd write a line once to log_path(): a command sent to each appears once."""
    for daemon in ("zebra", "bgpd"):
        before = len(tagged_lines(router.name, daemon, "show logging"))
        router.vtysh_cmd("show logging", daemon=daemon)
        # Written when the daemon flushes its log buffer, soon after.
        wait_for(
            lambda: len(tagged_lines(router.name, daemon, "show logging")) > before,
            timeout=10,
            interval=0.2,
            what="{} {} to log in {}".format(router.name, daemon, log_path(get_topogen(), router.name)),
        )
        time.sleep(0.5)
        n = len(tagged_lines(router.name, daemon, "show logging")) - before
        assert n == 1, "{} {}: a command logged {} times".format(router.name, daemon, n)


def tagged_lines(name, daemon, text):
    tag = " {}: ".format(LOG_TAGS[daemon])
    try:
        with open(log_path(get_topogen(), name), errors="replace") as f:
            return [l for l in f.read().splitlines() if tag in l and text in l]
    except FileNotFoundError:
        return []


def daemon_log(router, daemon, text=""):
    """
    The lines router's daemon logged itself (not the commands it echoes)
    that contain text, in order, each as often as the daemon logged it.
    """
    name = router if isinstance(router, str) else router.name
    return [
        l for l in tagged_lines(name, daemon, text)
        if "] vty[" not in l and "config-from-file#" not in l
    ]


def zebra_conf(name, debug=False):
    # topotest clears the addresses of -ethN links before starting the
    # daemons: the underlay address belongs in zebra's configuration.
    conf = "hostname {n}\n{log}".format(n=name, log=log_setting(get_topogen(), name))
    if debug:
        # kept in the logs so that a failing run can be read afterwards
        conf += "debug hostguard\ndebug zebra vxlan\n"
    return conf + "interface {n}-eth0\n ip address {a}/24\nexit\n".format(
        n=name, a=VTEP[name]
    )


def bgpd_conf(name, advertise_svi_ip=False):
    if name == "rr":
        lines = [
            "router bgp 65000",
            " bgp router-id 10.0.0.254",
            " no bgp default ipv4-unicast",
            " bgp cluster-id 10.0.0.254",
            " bgp log-neighbor-changes",
            " timers bgp 3 9",
        ]
        for pe in PES:
            lines.append(" neighbor {} remote-as 65000".format(VTEP[pe]))
        lines += [" address-family l2vpn evpn"]
        for pe in PES:
            lines.append("  neighbor {} activate".format(VTEP[pe]))
            lines.append("  neighbor {} route-reflector-client".format(VTEP[pe]))
        lines += [" exit-address-family", "exit"]
    else:
        lines = [
            "router bgp 65000",
            " bgp router-id {}".format(VTEP[name]),
            " no bgp default ipv4-unicast",
            " coalesce-time 1000",
            " bgp log-neighbor-changes",
            " timers bgp 3 9",
            " neighbor 10.0.0.254 remote-as 65000",
            " address-family l2vpn evpn",
            "  neighbor 10.0.0.254 activate",
            "  advertise-all-vni",
        ]
        if advertise_svi_ip:
            lines.append("  advertise-svi-ip")
        lines += [" exit-address-family", "exit"]
    # The reflector logs every UPDATE it receives: what churned, and when.
    debug = "debug bgp updates in\n" if name == "rr" else ""
    return "hostname {}\n{}{}{}\n".format(
        name, log_setting(get_topogen(), name), debug, "\n".join(lines)
    )


def setup_fabric(
    mod,
    zebra_args="",
    bgpd_args="",
    load_modules=True,
    ageing_cs=30000,
    gateway=True,
    advertise_svi_ip=False,
    bridge_mac=None,
    stock=(),
    extra_topo=None,
):
    """
    Build and start the fabric; returns the Topogen object. zebra_args,
    bgpd_args and ageing_cs (bridge ageing, centiseconds) take one value for
    every PE or a {pe: value} dict. bridge_mac: {pe: mac} for PEs whose
    bridge does not carry the anycast MAC. stock: PEs that run FRR without
    hostguard (the control of a test). extra_topo(tgen) adds nodes of a
    test's own to the topology.
    """

    def build(t):
        build_topo(t)
        if extra_topo:
            extra_topo(t)

    tgen = Topogen(build, mod.__name__)
    tgen.start_topology()
    # The switches (bridges of the test's root namespace) would send IPv6
    # chatter from MACs of their own, which the PEs learn as hosts and
    # withdraw later: churn that is no host's.
    tgen.net.cmd_raises(
        "sysctl -qw net.ipv6.conf.default.disable_ipv6=1 net.ipv6.conf.all.disable_ipv6=1"
    )

    for i, h in enumerate(HOSTS):
        host = tgen.gears[h]
        host.run("ip link set dev {}-eth0 address {}".format(h, HOST_MAC[h]))
        host.run("ip -6 addr add {}/64 dev {}-eth0 nodad".format(HOST_IP6[h], h))

    for pe in PES:
        r = tgen.gears[pe]
        ageing = ageing_cs.get(pe, 30000) if isinstance(ageing_cs, dict) else ageing_cs
        add_vnet(r, VNI, (bridge_mac or {}).get(pe, ANYCAST_MAC), ageing, pe + "-eth1")
        r.run("sysctl -qw net.ipv4.ip_forward=1")
        if gateway:
            r.run("ip addr add {}/24 dev vnet100".format(GATEWAY4))
            r.run("ip -6 addr add {}/64 dev vnet100 nodad".format(GATEWAY6))

    # Beside the run's logs: kept for diagnosis, removed with the run.
    confdir = os.path.join(tgen.logdir, "conf")
    os.makedirs(confdir, exist_ok=True)
    for name, router in tgen.routers().items():
        zc = os.path.join(confdir, name + "-zebra.conf")
        bc = os.path.join(confdir, name + "-bgpd.conf")
        with_module = load_modules and name != "rr" and name not in stock
        with open(zc, "w") as f:
            f.write(zebra_conf(name, debug=with_module))
        with open(bc, "w") as f:
            f.write(bgpd_conf(name, advertise_svi_ip))
        zparam = bparam = None
        if with_module:
            zargs = zebra_args.get(name, "") if isinstance(zebra_args, dict) else zebra_args
            zparam = module_spec("zebra", zargs)
            bargs = bgpd_args.get(name, "") if isinstance(bgpd_args, dict) else bgpd_args
            bparam = module_spec("bgpd", bargs)
        router.load_config(TopoRouter.RD_ZEBRA, zc, zparam)
        router.load_config(TopoRouter.RD_BGP, bc, bparam)
    for router in tgen.routers().values():
        start_router(tgen, router)
    return tgen


def add_vnet(router, vni, mac=ANYCAST_MAC, ageing_cs=30000, port=None):
    """
    VNI vni on router, as Proxmox SDN lays it out: bridge vnet<vni> with
    the anycast MAC, vxlan<vni> in it (no learning, ARP/ND suppression),
    and port (an access link) in it when given.
    """
    br, vx = "vnet{}".format(vni), "vxlan{}".format(vni)
    cmds = [
        "ip link add {} type bridge stp_state 0 ageing_time {}".format(br, ageing_cs),
        "ip link set dev {} address {}".format(br, mac),
        "ip link add {} type vxlan id {} dstport 4789 local {} nolearning".format(
            vx, vni, VTEP[router.name]
        ),
        "ip link set dev {} master {}".format(vx, br),
        "bridge link set dev {} learning off neigh_suppress on".format(vx),
    ]
    if port:
        cmds.append("ip link set dev {} master {}".format(port, br))
    cmds += ["ip link set dev {} up".format(vx), "ip link set dev {} up".format(br)]
    for cmd in cmds:
        router.run(cmd)


def make_hosts_silent(tgen, hosts=HOSTS):
    """
    Each host announces itself once (one ARP exchange with the gateway) and
    then stays silent: no IPv6 chatter.
    """
    for h in hosts:
        host = tgen.gears[h]
        host.run("sysctl -qw net.ipv6.conf.{}-eth0.disable_ipv6=1".format(h))
        wait_for(
            lambda: " 0% packet loss" in host.run("ping -c 1 -W 1 " + GATEWAY4),
            timeout=60,
            what=h + " to reach its gateway",
        )
    # The gateway's reply left the PE's entry for the host in DELAY: the
    # kernel confirms it about 5 s later (PROBE, then REACHABLE), which
    # zebra reports to bgpd once more. Silence starts after that.
    for h in hosts:
        pe = tgen.gears["pe" + h[1:]]
        wait_for(
            lambda: not any(s in pe.cmd("ip -4 neigh show {}".format(HOST_IP4[h]))
                            for s in ("DELAY", "PROBE", "INCOMPLETE")),
            timeout=30,
            what="{}'s entry for {} confirmed".format(pe.name, h),
        )


def wait_imported(tgen, pairs):
    """Wait until each (host, pe) pair: pe has host's MAC as remote."""
    for h, pe in pairs:
        wait_for(
            lambda: remote_has_mac(tgen.gears[pe], HOST_MAC[h]),
            timeout=60,
            what="{} to import {}".format(pe, h),
        )


def teardown_fabric():
    get_topogen().stop_topology()


def hgctl(router, cmd, daemon="zebra"):
    """Run a hostguard command through hostguardctl; JSON decoded."""
    out = router.cmd("{} -d {} {}".format(HOSTGUARDCTL, daemon, cmd))
    return json.loads(out) if cmd.rstrip().endswith("json") else out


def bgp_established(router):
    """State of router's session with the reflector, and how often it came up."""
    out = evpn_json(router, "show bgp neighbors {} json".format(VTEP["rr"]))[VTEP["rr"]]
    return out["bgpState"], out.get("connectionsEstablished")


def tracked_host(router, mac, vni=VNI):
    """The keepalive's entry for mac in vni (show hostguard hosts json), or None."""
    hosts = hgctl(router, "show hostguard hosts json")["hosts"]
    return hosts.get(str(vni), {}).get(mac)


def wait_for(check, timeout=60, interval=1.0, what="condition"):
    """Poll check() until it returns a true value; that value, else raise."""
    end = time.time() + timeout
    last = None
    while time.time() < end:
        try:
            last = check()
            if last:
                return last
        except Exception as e:  # transient: daemons starting
            last = e
        time.sleep(interval)
    raise AssertionError("timed out waiting for {}: last {}".format(what, last))


def frr_version(router):
    """The router's FRR version, major and minor: (8, 4), (10, 3), ..."""
    m = re.search(r"FRRouting (\d+)\.(\d+)", router.vtysh_cmd("show version"))
    return (int(m.group(1)), int(m.group(2))) if m else (0, 0)


def evpn_json(router, cmd):
    return router.vtysh_cmd(cmd, isjson=True)


def remote_vteps(router):
    out = evpn_json(router, "show evpn vni {} json".format(VNI))
    vteps = out.get("remoteVteps")
    if vteps is None and isinstance(out.get("numRemoteVteps"), list):
        vteps = out["numRemoteVteps"]  # FRR 8.4 lists them under this key
    return sorted(v["ip"] if isinstance(v, dict) else v for v in vteps or [])


def type2_macs(router, vni=VNI):
    """MACs with a type-2 route in the BGP EVPN table of router: {mac: [ips]}."""
    out = evpn_json(router, "show bgp l2vpn evpn route type macip json")
    macs = {}
    for rd, paths in out.items():
        if not isinstance(paths, dict) or "rd" not in paths and ":" not in rd:
            continue
        for prefix, entry in paths.items():
            if not isinstance(entry, dict) or "paths" not in entry:
                continue
            for plist in entry["paths"]:
                for p in plist if isinstance(plist, list) else [plist]:
                    mac = p.get("mac")
                    if mac:
                        macs.setdefault(mac, set())
                        if p.get("ip"):
                            macs[mac].add(p["ip"])
    return macs


def evpn_macs(router, vni=VNI):
    """zebra's MAC table for the VNI: {mac: entry}."""
    out = evpn_json(router, "show evpn mac vni {} json".format(vni))
    return out.get("macs", {}) if isinstance(out, dict) else {}


def remote_has_mac(router, mac, vni=VNI):
    return evpn_macs(router, vni).get(mac, {}).get("type") == "remote"


def updates_received(rr, peer):
    """BGP UPDATE messages rr received from peer."""
    out = evpn_json(rr, "show bgp neighbors {} json".format(peer))
    return out[peer]["messageStats"]["updatesRecv"]


def time_to_withdraw(router, mac, timeout=10):
    """Seconds until router no longer has mac as remote (polled closely)."""
    t0 = time.time()
    wait_for(
        lambda: not remote_has_mac(router, mac),
        timeout=timeout,
        interval=0.05,
        what="{} to withdraw {}".format(router.name, mac),
    )
    took = time.time() - t0
    logger.info("%s withdrew %s after %.2f s", router.name, mac, took)
    return took


# A port down or deleted: withdrawn at once, not after an ageing period or
# a probe cycle (10 s and more in these fabrics). Measured at about 0.1-0.2 s
# with polls included (logged); the bound leaves room for a loaded machine.
PROMPT_WITHDRAWAL_S = 3.0


def kernel_fdb_has(router, mac, dev="vnet100"):
    out = router.cmd("bridge fdb show br {} | grep -i '{}'".format(dev, mac))
    return bool(out.strip())


def host_run(tgen, host, cmd):
    return tgen.gears[host].run(cmd)


# One Ethernet frame of the local experimental ethertype from src_mac:
# enough for the bridge to learn the MAC, and nothing an IP stack answers.
SEND_FRAME_PY = (
    "import socket;s=socket.socket(socket.AF_PACKET,socket.SOCK_RAW);"
    "s.bind(('{dev}',0));"
    "s.send(b'\\xff'*6+bytes.fromhex('{mac}')+b'\\x88\\xb5'+b'hostguard'*6)"
)


def send_frame(node, dev, src_mac):
    node.cmd(
        "python3 -c \"{}\"".format(SEND_FRAME_PY.format(dev=dev, mac=src_mac.replace(":", "")))
    )


def add_mac_only_vm(router, port, mac, bridge="vnet100"):
    """
    A MAC-only host on router's bridge: a veth pair, port in the bridge,
    its peer sending one frame from mac and nothing else (no IP stack).
    """
    peer = port + "v"
    for cmd in (
        "ip link add {p} type veth peer name {q}".format(p=port, q=peer),
        "sysctl -qw net.ipv6.conf.{}.disable_ipv6=1".format(port),
        "sysctl -qw net.ipv6.conf.{}.disable_ipv6=1".format(peer),
        "ip link set dev {} address {}".format(peer, mac),
        "ip link set dev {} master {}".format(port, bridge),
        "bridge link set dev {} learning on".format(port),
        "ip link set dev {} up".format(peer),
        "ip link set dev {} up".format(port),
    ):
        router.cmd(cmd)
    send_frame(router, peer, mac)


def gateway_neigh(router, ip=GATEWAY4, dev="vnet100"):
    """The kernel's neighbour entry for ip on dev ("" if none)."""
    return router.cmd("ip neigh show dev {} to {}".format(dev, ip)).strip()


def macip_routes(router, vni=VNI):
    """Type-2 routes with an IP in router's BGP EVPN table: {(rd, mac, ip)}."""
    out = evpn_json(router, "show bgp l2vpn evpn route type macip json")
    routes = set()
    for rd, entries in out.items():
        if not isinstance(entries, dict):
            continue
        for entry in entries.values():
            if not isinstance(entry, dict) or "paths" not in entry:
                continue
            for plist in entry["paths"]:
                for p in plist if isinstance(plist, list) else [plist]:
                    if p.get("mac") and p.get("ip"):
                        routes.add((rd, p["mac"], p["ip"]))
    return routes


def advertises_mac(rr, pe, mac):
    """Does rr hold a type-2 route from pe with mac (with or without IP)?"""
    out = evpn_json(rr, "show bgp l2vpn evpn route type macip json")
    for rd, entries in out.items():
        if not rd.startswith(VTEP[pe] + ":") or not isinstance(entries, dict):
            continue
        for entry in entries.values():
            for plist in entry.get("paths", []) if isinstance(entry, dict) else []:
                for p in plist if isinstance(plist, list) else [plist]:
                    if p.get("mac") == mac:
                        return True
    return False


def advertises(rr, pe, mac, ip):
    """Does rr hold pe's type-2 route for (mac, ip)?"""
    return any(
        rd.startswith(VTEP[pe] + ":") and m == mac and i == ip
        for rd, m, i in macip_routes(rr)
    )


FRAMES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "hg_frames.py")


def arp_answers(tgen, host, target=GATEWAY4, seconds=1.0):
    """MACs that answered one ARP request from host for target, in order."""
    out = tgen.gears[host].run(
        "/usr/bin/python3 {} arp {}-eth0 {} {} {}".format(
            FRAMES, host, HOST_IP4[host], target, seconds
        )
    )
    return json.loads(out.strip().splitlines()[-1])


def ns_answers(tgen, host, target=GATEWAY6, seconds=1.0):
    """MACs that answered one neighbour solicitation from host for target."""
    out = tgen.gears[host].run(
        "/usr/bin/python3 {} ns {}-eth0 {} {} {}".format(
            FRAMES, host, HOST_IP6[host], target, seconds
        )
    )
    return json.loads(out.strip().splitlines()[-1])


def send_spoofed(tgen, host, src_mac, count=5):
    """count broadcast frames from host with src_mac as Ethernet source."""
    tgen.gears[host].run(
        "/usr/bin/python3 {} spoof {}-eth0 {} {}".format(FRAMES, host, src_mac, count)
    )


def add_vrr(router, node_ip, mac=ANYCAST_MAC, gateway4=GATEWAY4, gateway6=GATEWAY6):
    """
    VRR layout: the bridge keeps the node's MAC and gets node_ip; a macvlan
    over it carries the gateway addresses and the anycast MAC.
    """
    for cmd in (
        "ip addr add {}/24 dev vnet100".format(node_ip),
        "ip link add vrr100 link vnet100 type macvlan mode private",
        "ip link set dev vrr100 address {}".format(mac),
        "ip addr add {}/24 dev vrr100".format(gateway4),
        "ip -6 addr add {}/64 dev vrr100 nodad".format(gateway6),
        "ip link set dev vrr100 up",
    ):
        router.run(cmd)


def move_host(tgen, host, old_sw, new_sw):
    """Re-plug host's link from switch old_sw to new_sw (a VM migration)."""
    net = tgen.net
    # host-eth0@ifN: N is the index of its peer, the switch's port
    out = tgen.gears[host].cmd_raises("ip -o link show dev {}-eth0".format(host))
    m = re.search(r"{}-eth0@if(\d+):".format(host), out)
    assert m, out
    peer = m.group(1)
    out = net.cmd_raises("ip -o link show master {}".format(old_sw))
    port = [l.split(":")[1].strip().split("@")[0] for l in out.splitlines()
            if l.split(":")[0].strip() == peer]
    assert len(port) == 1, out
    net.cmd_raises("ip link set dev {} nomaster".format(port[0]))
    net.cmd_raises("ip link set dev {} master {}".format(port[0], new_sw))


SERVICE_IP = "192.0.2.1"  # on every PE's loopback: reached through the gateway


def add_service_ip(tgen):
    for pe in PES:
        tgen.gears[pe].run("ip addr add {}/32 dev lo".format(SERVICE_IP))


def cached_gateway_mac(host):
    """The gateway MAC in host's own ARP cache (None if not resolved)."""
    out = host.run("ip neigh show dev {}-eth0 to {}".format(host.name, GATEWAY4))
    words = out.split()
    return words[words.index("lladdr") + 1] if "lladdr" in words else None


def routed_without_gateway_arp(host, count=5):
    """host's traffic through its gateway flows, and it never ARPs for it."""
    cap = os.path.join(get_topogen().logdir, "arp-{}.txt".format(host.name))
    host.run("timeout 4 tcpdump -l -n -i {}-eth0 arp > {} 2>/dev/null &".format(host.name, cap))
    time.sleep(0.5)
    out = host.run("ping -c {} -i 0.2 -W 1 {}".format(count, SERVICE_IP))
    assert " 0% packet loss" in out, out
    time.sleep(4)
    arps = host.run("cat " + cap)
    assert "Request who-has {} tell".format(GATEWAY4) not in arps, arps

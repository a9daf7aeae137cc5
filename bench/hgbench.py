#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""
hostguard benchmark driver: builds EVPN-VXLAN fabrics out of network
namespaces, veths, Linux bridges and vxlan devices, runs real FRR daemons in
them (pathspace = namespace name), drives simulated hosts (hostsim.py) and
records what each keepalive choice costs. Writes docs/bench/results.json;
report.py turns it into the tables and plots.

Every namespace it creates starts with "hgb-" (HGB_PREFIX); everything is
removed on exit.
"""
import argparse
import atexit
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)
FRR_BIN = "/usr/lib/frr"
FRR_ETC = "/etc/frr"
FRR_RUN = "/var/run/frr"
# HGB_PREFIX: another prefix for namespaces and run files, so that two
# runs on one machine never touch each other's.
PREFIX = os.environ.get("HGB_PREFIX", "hgb-")
RUNDIR = "/tmp/{}run".format(PREFIX)
VNI = 100
ANYCAST_MAC = "a2:1d:cb:1a:c0:8b"
RR_IP = "10.0.0.254"
MODULE_DIR = os.environ.get("HOSTGUARD_MODULE_DIR")
HGCTL = os.environ.get("HOSTGUARDCTL", "/usr/sbin/hostguardctl")
REAL_AGEING_S = 300  # figures are scaled to the kernel's default ageing
NO_AGEING_CS = 100000000  # 11.5 days

# The five ways to run a fabric the issue compares.
SCENARIOS = {
    "stock": {"desc": "stock FRR"},
    # Linux's bridge takes ageing_time 0 as "never learn, always flood"
    # (no local MAC, no type-2 route at all): entries kept forever are
    # its largest ageing time instead.
    "no-ageing": {"desc": "bridge ageing off (largest ageing_time)", "no_ageing": True},
    "refresher": {"desc": "external ping refresher (STALE, every 30 s)", "refresher": True},
    "hostguard": {"desc": "hostguard, defaults", "module": ""},
    "hostguard-early": {"desc": "hostguard, early-idle=5", "module": "early-idle=5"},
    # An L2-only VNet: the bridges have no address (Proxmox's VNet without a
    # gateway); zebra learns no IP from the kernel there.
    "l2only-stock": {"desc": "L2-only VNet, stock FRR", "l2only": True},
    "l2only-hostguard": {"desc": "L2-only VNet, hostguard, defaults", "module": "",
                         "l2only": True},
    "l2only-snoop": {"desc": "L2-only VNet, hostguard, snoop=on", "module": "snoop=on",
                     "l2only": True},
}


def log(msg):
    print("[{}] {}".format(time.strftime("%H:%M:%S"), msg), flush=True)


def sh(cmd, check=True, timeout=120):
    p = subprocess.run(cmd, shell=isinstance(cmd, str), capture_output=True, text=True,
                       timeout=timeout)
    if check and p.returncode:
        raise RuntimeError("command failed ({}): {}\n{}".format(p.returncode, cmd, p.stderr))
    return p.stdout


def nsx(ns, cmd, check=True):
    return sh("ip netns exec {} {}".format(ns, cmd), check=check)


def vtysh(ns, cmd, daemon=None, js=True):
    out = sh(["vtysh", "-N", ns] + (["-d", daemon] if daemon else []) + ["-c", cmd], check=False)
    if not js:
        return out
    try:
        return json.loads(out)
    except ValueError:
        return {}


def hgctl(ns, cmd, daemon="zebra"):
    out = sh([HGCTL, "-N", ns, "-d", daemon] + cmd.split(), check=False)
    try:
        return json.loads(out)
    except ValueError:
        return {}


def spread(values):
    values = [v for v in values if v is not None]
    if not values:
        return None
    return {"min": min(values), "median": statistics.median(values), "max": max(values),
            "n": len(values)}


# ------------------------------------------------------------------ cleanup


def our_namespaces():
    out = sh("ip netns list", check=False)
    return [line.split()[0] for line in out.splitlines() if line.startswith(PREFIX)]


def cleanup():
    """Stop every process in our namespaces and delete them."""
    nss = our_namespaces()
    pids = set()
    for ns in nss:
        pids.update(int(p) for p in sh("ip netns pids " + ns, check=False).split())
    for sig in (signal.SIGTERM, signal.SIGKILL):
        for pid in pids:
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                pass
        deadline = time.time() + 5
        while pids and time.time() < deadline:
            pids = {p for p in pids if os.path.exists("/proc/{}".format(p))}
            time.sleep(0.1)
        if not pids:
            break
    for ns in nss:
        sh("ip netns del " + ns, check=False)
        shutil.rmtree(os.path.join(FRR_ETC, ns), ignore_errors=True)
        shutil.rmtree(os.path.join(FRR_RUN, ns), ignore_errors=True)


# ------------------------------------------------------------------ FRR


def module_arg(daemon, args):
    name = "{}_hostguard".format(daemon)
    if MODULE_DIR:
        name = os.path.join(MODULE_DIR, name + ".so")
    return name + (":" + args if args else "")


def frr_conf(name, ip, peers, is_rr):
    lines = ["hostname " + name] + (["debug hostguard", "debug zebra vxlan"] if os.environ.get(
        "HGB_DEBUG") else []) + ["router bgp 65000", " bgp router-id " + ip,
             " no bgp default ipv4-unicast", " bgp log-neighbor-changes", " timers bgp 3 9"]
    if is_rr:
        lines.append(" bgp cluster-id " + ip)
        lines += [" neighbor {} remote-as 65000".format(p) for p in peers]
        lines.append(" address-family l2vpn evpn")
        for p in peers:
            lines += ["  neighbor {} activate".format(p),
                      "  neighbor {} route-reflector-client".format(p)]
    else:
        lines.append(" coalesce-time 1000")
        lines += [" neighbor {} remote-as 65000".format(p) for p in peers]
        lines.append(" address-family l2vpn evpn")
        lines += ["  neighbor {} activate".format(p) for p in peers]
        lines.append("  advertise-all-vni")
    lines += [" exit-address-family", "exit", ""]
    return "\n".join(lines)


def start_daemon(ns, daemon, mod=None):
    d = os.path.join(FRR_ETC, ns)
    logf = os.path.join(RUNDIR, "{}-{}.log".format(ns, daemon))
    args = [os.path.join(FRR_BIN, daemon), "-d", "-N", ns, "--log", "file:" + logf]
    if daemon != "mgmtd":
        args += ["-f", os.path.join(d, "frr.conf")]
    if daemon == "zebra":
        args += ["-s", str(64 << 20)]  # netlink buffer big enough for 50k MACs
    if mod is not None:
        args += ["-M", mod]
    if not os.path.exists(logf):
        open(logf, "w").close()
        shutil.chown(logf, "frr", "frr")
    p = subprocess.run(["ip", "netns", "exec", ns] + args, stdin=subprocess.DEVNULL,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if p.returncode:
        raise RuntimeError("{} failed to start in {} (log {})".format(daemon, ns, logf))


def stop_daemon(ns, daemon, sig):
    pid = daemon_pid(ns, daemon)
    os.kill(pid, sig)
    end = time.time() + 30
    while os.path.exists("/proc/{}".format(pid)) and time.time() < end:
        time.sleep(0.05)
    try:
        os.unlink(os.path.join(FRR_RUN, ns, daemon + ".pid"))
    except FileNotFoundError:
        pass


def start_frr(ns, conf, zebra_mod=None, bgpd_mod=None):
    d = os.path.join(FRR_ETC, ns)
    os.makedirs(d, exist_ok=True)
    os.makedirs(os.path.join(FRR_RUN, ns), exist_ok=True)
    shutil.chown(os.path.join(FRR_RUN, ns), "frr", "frr")
    with open(os.path.join(d, "frr.conf"), "w") as f:
        f.write(conf)
    shutil.chown(os.path.join(d, "frr.conf"), "frr", "frr")
    open(os.path.join(d, "vtysh.conf"), "a").close()
    for daemon, mod in (("mgmtd", None), ("zebra", zebra_mod), ("bgpd", bgpd_mod)):
        logf = os.path.join(RUNDIR, "{}-{}.log".format(ns, daemon))
        open(logf, "w").close()
        shutil.chown(logf, "frr", "frr")
        start_daemon(ns, daemon, mod)


def daemon_pid(ns, daemon):
    with open(os.path.join(FRR_RUN, ns, daemon + ".pid")) as f:
        return int(f.read().strip())


def cpu_seconds(pid):
    with open("/proc/{}/stat".format(pid)) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def thread_cpu(pid):
    """{thread name: [user s, system s]} of a process."""
    out = {}
    tick = os.sysconf("SC_CLK_TCK")
    for tid in os.listdir("/proc/{}/task".format(pid)):
        try:
            with open("/proc/{}/task/{}/stat".format(pid, tid)) as f:
                raw = f.read()
        except OSError:
            continue
        name = raw[raw.index("(") + 1:raw.rindex(")")]
        fields = raw.rsplit(")", 1)[1].split()
        u, s = out.get(name, [0.0, 0.0])
        out[name] = [u + int(fields[11]) / tick, s + int(fields[12]) / tick]
    return out


def rss_kib(pid):
    with open("/proc/{}/status".format(pid)) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return None


def module_memory(ns):
    """Bytes and counts of the hostguard MTYPEs from zebra's show memory."""
    out = vtysh(ns, "show memory", daemon="zebra", js=False)
    total = count = 0
    types = {}
    in_group = False
    for line in out.splitlines():
        if line.startswith("--- qmem "):
            in_group = "hostguard" in line.lower()
            continue
        if in_group and ":" in line:
            name, rest = line.split(":", 1)
            nums = re.findall(r"\d+", rest)
            if len(nums) >= 3:
                c, total_b = int(nums[0]), int(nums[2])
                types[name.strip()] = {"count": c, "bytes": total_b}
                total += total_b
                count += c
    return {"bytes": total, "types": types}


def module_functions():
    """Names of the module's functions, to pick its rows in show event cpu."""
    dirs = [MODULE_DIR] if MODULE_DIR else [
        "/usr/lib/x86_64-linux-gnu/frr/modules", "/usr/lib/frr/modules"]
    so = next((os.path.join(d, "zebra_hostguard.so") for d in dirs
               if os.path.exists(os.path.join(d, "zebra_hostguard.so"))), dirs[0])
    out = sh(["nm", "--defined-only", so], check=False)
    return {line.split()[-1] for line in out.splitlines() if re.search(r" [tT] ", line)}


# The module's thread that sends frames to hosts (zhg_tx.c): its names in
# show event cpu and in the kernel.
TX_PTHREAD = "hostguard transmit"
TX_THREAD_COMM = "hg-tx"


def pin_zebra_apart(zpid):
    """
    Softirq work is charged to whatever task a CPU was running (this kernel
    has no IRQ time accounting): zebra goes to the first CPU, and the CPU
    returned (None on one CPU) is for the simulated hosts, so that the
    kernel's handling of their frames stays off zebra's CPU and zebra's
    figures are zebra's work. The module's transmit thread goes with the
    hosts: the kernel delivers each frame it sends inside its sendto(), the
    simulated host's stack and answer included.
    """
    if (os.cpu_count() or 1) < 2:
        return None
    sh(["taskset", "-a", "-p", "-c", "0", str(zpid)])
    for tid in os.listdir("/proc/{}/task".format(zpid)):
        try:
            with open("/proc/{}/task/{}/comm".format(zpid, tid)) as f:
                if f.read().strip() == TX_THREAD_COMM:
                    sh(["taskset", "-p", "-c", "1", tid])
        except OSError:
            continue
    return 1


class StallProbe:
    """
    A loop that does nothing, pinned to cpu, for seconds: the stalls it is
    charged (stallprobe.py). With beside, at the idle scheduling class on
    zebra's CPU while a part measures: the stalls of that CPU under the
    part's load, without taking CPU time from zebra.
    """

    def __init__(self, seconds, cpu=0, beside=False):
        self.timeout = seconds + 60
        self.p = subprocess.Popen([sys.executable, os.path.join(HERE, "stallprobe.py"),
                                   str(int(seconds)), str(cpu)] + (["idle"] if beside else []),
                                  stdout=subprocess.PIPE, text=True)

    def result(self):
        try:
            out, _ = self.p.communicate(timeout=self.timeout)
            return json.loads(out)
        except (subprocess.TimeoutExpired, ValueError):
            self.p.kill()
            return None


def event_cpu(ns, names=None, pthread=None):
    """
    Per-callback figures from show event cpu, for the given names (all if
    None), of one pthread: the first listed, zebra's main thread, unless told.
    """
    out = vtysh(ns, "show event cpu", daemon="zebra", js=False)
    rows = {}
    sections = []
    for line in out.splitlines():
        if line.startswith("Showing statistics for pthread "):
            sections.append(line[len("Showing statistics for pthread "):].strip())
            continue
        parts = line.split()
        # Active Runtime(ms) Invoked Avg uSec Max uSecs Avg uSec Max uSecs Type Thread
        mine = len(sections) == 1 if pthread is None else sections[-1:] == [pthread]
        if mine and len(parts) >= 9 and (names is None or parts[-1] in names) and \
                parts[1].replace(".", "").isdigit():
            try:
                rows[parts[-1]] = {"invoked": int(parts[2]), "avgUs": int(parts[3]),
                                   "maxUs": int(parts[4]), "runtimeMs": float(parts[1]),
                                   "avgWallUs": int(parts[5]), "maxWallUs": int(parts[6])}
            except ValueError:
                continue
    return rows


# ------------------------------------------------------------------ network


class Fabric:
    """RR + PEs on one underlay bridge; VNI 100 laid out as Proxmox SDN does."""

    def __init__(self, n_pes, scenario, ageing_s, with_rr=True):
        self.scn = SCENARIOS[scenario]
        self.name = scenario
        self.ageing_s = ageing_s
        self.k = REAL_AGEING_S / ageing_s  # time compression
        self.pes = ["pe{}".format(i + 1) for i in range(n_pes)]
        self.with_rr = with_rr
        self.ul = PREFIX + "ul"
        self.ip = {pe: "10.0.{}.{}".format(i // 250, i % 250 + 1) for i, pe in enumerate(self.pes)}
        self.ip["rr"] = RR_IP
        self.procs = []
        self.ctl = {}

    def ns(self, r):
        return PREFIX + r

    def build(self):
        sh("ip netns add " + self.ul)
        sh("ip -n {} link set lo up".format(self.ul))
        sh("ip -n {} link add ul type bridge stp_state 0 ageing_time 30000".format(self.ul))
        sh("ip -n {} link set ul up promisc on".format(self.ul))
        for r in (["rr"] if self.with_rr else []) + self.pes:
            ns = self.ns(r)
            sh("ip netns add " + ns)
            cmds = [
                "link set lo up",
                "link add {r} netns {ul} type veth peer name ul0".format(r=r, ul=self.ul),
                "addr add {}/16 dev ul0".format(self.ip[r]),
                "link set ul0 up",
            ]
            self.batch(ns, cmds)
            self.batch(self.ul, ["link set {} master ul up".format(r)])
            if r != "rr":
                self.build_vnet(r)

    def batch(self, ns, cmds):
        p = subprocess.run(["ip", "-n", ns, "-batch", "-"], input="\n".join(cmds) + "\n",
                           text=True, capture_output=True)
        if p.returncode:
            raise RuntimeError("ip -batch in {} failed: {}".format(ns, p.stderr))

    def build_vnet(self, pe):
        ns = self.ns(pe)
        ageing_cs = NO_AGEING_CS if self.scn.get("no_ageing") else int(self.ageing_s * 100)
        self.batch(ns, [
            "link add vnet100 type bridge stp_state 0 ageing_time {}".format(ageing_cs),
            "link set vnet100 address " + ANYCAST_MAC,
            "link add vxlan100 type vxlan id {} dstport 4789 local {} nolearning".format(
                VNI, self.ip[pe]),
            "link set vxlan100 master vnet100",
            "link add sim0 type veth peer name simh",
            "link set sim0 master vnet100",
        ] + ([] if self.scn.get("l2only") else [
            "addr add 10.10.0.1/16 dev vnet100",
            "addr add 2001:db8:100::1/64 dev vnet100 nodad",
        ]))
        sh("bridge -n {} link set dev vxlan100 learning off neigh_suppress on".format(ns))
        # the simulator's end: raw frames only, no stack of its own
        nsx(ns, "sysctl -qw net.ipv6.conf.simh.disable_ipv6=1")
        self.batch(ns, ["link set simh arp off promisc on up", "link set sim0 up",
                        "link set vxlan100 up", "link set vnet100 up"])
        # neighbour timers compressed like the ageing (defaults 30 s / 60 s / 5 s)
        for fam in ("ipv4", "ipv6"):
            nsx(ns, "sysctl -qw net.{f}.neigh.vnet100.base_reachable_time_ms={v}".format(
                f=fam, v=int(30000 / self.k)))
            nsx(ns, "sysctl -qw net.{f}.neigh.vnet100.gc_stale_time={v}".format(
                f=fam, v=max(1, round(60 / self.k))))
            nsx(ns, "sysctl -qw net.{f}.neigh.vnet100.delay_first_probe_time={v}".format(
                f=fam, v=max(1, round(5 / self.k))))
        nsx(ns, "sysctl -qw net.ipv4.ip_forward=1")

    def add_port_host(self, pe, port, hostif):
        """A second raw port on pe's bridge, for the looker."""
        ns = self.ns(pe)
        self.batch(ns, ["link add {} type veth peer name {}".format(port, hostif),
                        "link set {} master vnet100".format(port)])
        nsx(ns, "sysctl -qw net.ipv6.conf.{}.disable_ipv6=1".format(hostif))
        self.batch(ns, ["link set {} arp off promisc on up".format(hostif),
                        "link set {} up".format(port)])

    def start(self):
        peers = [self.ip[pe] for pe in self.pes]
        if self.with_rr:
            start_frr(self.ns("rr"), frr_conf("rr", RR_IP, peers, True))
        zmod = bmod = None
        if "module" in self.scn:
            args = [x for x in (self.scn["module"],) if x]
            # the probe window is a time constant too (5 s at 300 s)
            if "probe-window=" not in self.scn["module"]:
                args.append("probe-window={}".format(max(1, round(5 / self.k))))
            zmod = module_arg("zebra", ",".join(args))
            bmod = module_arg("bgpd", "")
        self.zmod, self.bmod = zmod, bmod
        for pe in self.pes:
            start_frr(self.ns(pe), frr_conf(pe, self.ip[pe], [RR_IP] if self.with_rr else [],
                                            False), zmod, bmod)
        if self.scn.get("refresher"):
            for pe in self.pes:
                self.spawn(pe, [os.path.join(HERE, "refresher.sh"), "vnet100",
                                "{:.2f}".format(30 / self.k)])

    def restart(self, pe, kind):
        """zebra-crash: zebra killed and started again (what watchfrr does);
        all: every daemon stopped and started (systemctl restart frr);
        bgpd: bgpd alone."""
        ns = self.ns(pe)
        if kind == "zebra-crash":
            stop_daemon(ns, "zebra", signal.SIGKILL)
            start_daemon(ns, "zebra", self.zmod)
        elif kind == "all":
            for d in ("bgpd", "zebra", "mgmtd"):
                stop_daemon(ns, d, signal.SIGTERM)
            for d, m in (("mgmtd", None), ("zebra", self.zmod), ("bgpd", self.bmod)):
                start_daemon(ns, d, m)
        else:
            stop_daemon(ns, "bgpd", signal.SIGTERM)
            start_daemon(ns, "bgpd", self.bmod)

    def spawn(self, r, argv):
        p = subprocess.Popen(["ip", "netns", "exec", self.ns(r)] + argv,
                             stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                             stderr=open(os.path.join(RUNDIR, "{}-{}.err".format(
                                 r, os.path.basename(argv[0]))), "a"))
        self.procs.append(p)
        return p

    def wait_vteps(self, timeout=120):
        want = len(self.pes) - 1
        end = time.time() + timeout
        while time.time() < end:
            ok = all(vtysh(self.ns(pe), "show evpn vni {} json".format(VNI)).get(
                "numRemoteVteps") == want for pe in self.pes)
            if ok:
                return
            time.sleep(1)
        raise RuntimeError("EVPN did not converge: not every PE sees {} VTEPs".format(want))

    def sim(self, pe, name, mode, args, cpu=None):
        path = os.path.join(RUNDIR, "{}-{}.sock".format(pe, name))
        if os.path.exists(path):
            os.unlink(path)
        pin = ["taskset", "-c", str(cpu)] if cpu is not None else []
        self.spawn(pe, pin + [sys.executable, os.path.join(HERE, "hostsim.py"), mode,
                              "--ctl", path] + args)
        end = time.time() + 30
        while not os.path.exists(path):
            if time.time() > end:
                raise RuntimeError("simulator {} on {} did not start".format(name, pe))
            time.sleep(0.1)
        self.ctl[(pe, name)] = path
        return path

    def ask(self, pe, name, line, timeout=600):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(timeout)
        s.connect(self.ctl[(pe, name)])
        s.sendall((line + "\n").encode())
        data = b""
        while not data.endswith(b"\n"):
            chunk = s.recv(1 << 20)
            if not chunk:
                break
            data += chunk
        s.close()
        return json.loads(data)

    def ulcount(self):
        path = os.path.join(RUNDIR, "ul.sock")
        p = subprocess.Popen(["ip", "netns", "exec", self.ul, sys.executable,
                              os.path.join(HERE, "hostsim.py"), "ulcount", "--ifname", "ul",
                              "--ctl", path], stdin=subprocess.DEVNULL)
        self.procs.append(p)
        while not os.path.exists(path):
            time.sleep(0.1)
        self.ctl[("ul", "count")] = path

    def remote_ips(self, pe):
        """Host addresses pe has a remote MAC+IP route for (EVPN neighbours)."""
        out = sh("ip -n {} neigh show dev vnet100".format(self.ns(pe)), check=False)
        return {line.split()[0] for line in out.splitlines()
                if "extern_learn" in line.split()}

    def updates(self, peer_of_rr=None):
        """UPDATEs the RR received (from one PE, or in total) and sent."""
        out = vtysh(self.ns("rr"), "show bgp neighbors json")
        recv = sent = 0
        for ip, n in out.items():
            if not isinstance(n, dict) or "messageStats" not in n:
                continue
            if peer_of_rr and ip != peer_of_rr:
                continue
            recv += n["messageStats"].get("updatesRecv", 0)
            sent += n["messageStats"].get("updatesSent", 0)
        return recv, sent

    def remote_macs(self, pe):
        # A dump while the table churns can overrun (ENOBUFS), and iproute2
        # then waits forever: a bounded wait, tried again.
        for _ in range(5):
            try:
                p = subprocess.run(["bridge", "-n", self.ns(pe), "fdb", "show", "dev",
                                    "vxlan100"], capture_output=True, text=True, timeout=15)
            except subprocess.TimeoutExpired:
                continue
            out = p.stdout
            if not p.returncode and "No buffer space" not in p.stderr:
                break
        else:
            # The table churns too fast to dump: zebra's view of it.
            macs = vtysh(self.ns(pe), "show evpn mac vni 100 json").get("macs", {})
            return {m for m, e in macs.items()
                    if m.startswith("02:b0:") and e.get("type") == "remote"}
        return {line.split()[0] for line in out.splitlines()
                if line.startswith("02:b0:") and "self" not in line.split()[2:3]
                and "extern_learn" in line}

    def stop(self):
        for p in self.procs:
            if p.poll() is None:
                p.terminate()
        for p in self.procs:
            try:
                p.wait(timeout=5)
            except subprocess.TimeoutExpired:
                p.kill()
        cleanup()


class Monitor(threading.Thread):
    """Timestamped FDB and neighbour changes on a remote PE."""

    def __init__(self, ns):
        super().__init__(daemon=True)
        self.ns = ns
        self.events = []  # (time, kind, key, deleted)
        self.lock = threading.Lock()
        self.procs = [
            subprocess.Popen(["bridge", "-n", ns, "monitor", "fdb"], stdout=subprocess.PIPE,
                             text=True, bufsize=1),
            subprocess.Popen(["ip", "-n", ns, "monitor", "neigh"], stdout=subprocess.PIPE,
                             text=True, bufsize=1),
        ]
        self.threads = [threading.Thread(target=self.reader, args=(p, k), daemon=True)
                        for p, k in zip(self.procs, ("mac", "ip"))]
        for t in self.threads:
            t.start()

    def reader(self, p, kind):
        for line in p.stdout:
            now = time.time()
            words = line.split()
            deleted = bool(words) and words[0] == "Deleted"
            if deleted:
                words = words[1:]
            if not words:
                continue
            key = words[0]
            if kind == "mac" and not (key.startswith("02:b0:") and "vxlan100" in words
                                      and "master" in words):
                continue
            if kind == "ip" and not (("10.10." in key or "2001:db8:100::1:" in key)
                                     and "vnet100" in words):
                continue
            if kind == "ip" and not deleted and "extern_learn" not in words:
                continue
            with self.lock:
                self.events.append((now, kind, key, deleted))

    def between(self, t0, t1):
        with self.lock:
            return [e for e in self.events if t0 <= e[0] < t1]

    def stop(self):
        for p in self.procs:
            p.terminate()


def wait_until(check, timeout, interval=0.5):
    end = time.time() + timeout
    while time.time() < end:
        v = check()
        if v:
            return v
        time.sleep(interval)
    return None


# ------------------------------------------------------------------ experiments


def classes_str(classes):
    return ",".join("{}:{}".format(c, n) for c, n in classes)


def exp_fabric(scenario, a):
    """Churn, probe cost and dead-host latency on rr + pe1..pe3."""
    A = a.ageing
    classes = [("mac", a.hosts_per_class), ("v4", a.hosts_per_class),
               ("v6", a.hosts_per_class), ("dual", a.hosts_per_class), ("active", 4)]
    n_hosts = sum(n for _, n in classes)
    fab = Fabric(3, scenario, A)
    res = {"scenario": scenario, "ageingS": A, "hosts": dict(classes)}
    try:
        fab.build()
        fab.add_port_host("pe2", "look0", "lookh")
        fab.ulcount()
        fab.start()
        fab.wait_vteps()
        mon = Monitor(fab.ns("pe2"))
        # announced at a pace one port's snooping examines whole (see
        # BENCHMARKS.md: all hosts share one port, a VM has its own)
        fab.sim("pe1", "hosts", "hosts", ["--ifname", "simh", "--classes", classes_str(classes),
                                          "--active-interval", "1",
                                          "--rate", str(a.announce_rate)])
        hosts = fab.ask("pe1", "hosts", "hosts")
        macs = {h["mac"] for h in hosts}
        got = wait_until(lambda: macs <= fab.remote_macs("pe2"), 60)
        if not got:
            raise RuntimeError("pe2 did not import the simulated hosts")
        fab.sim("pe2", "look", "look", ["--ifname", "lookh", "--count", str(n_hosts),
                                         "--target-classes", classes_str(classes),
                                         "--interval", "{:.2f}".format(60 / fab.k)])
        # settle: hosts learned, first lookups answered
        time.sleep(2)
        fab.ask("pe1", "hosts", "reset")
        ul0 = fab.ask("ul", "count", "stats")
        up0 = fab.updates(fab.ip["pe1"])
        t0 = time.time()
        known0 = fab.remote_ips("pe2")
        window = a.periods * A
        log("{}: measuring churn over {:.0f} s ({} ageing periods)".format(scenario, window,
                                                                           a.periods))
        time.sleep(window)
        t1 = time.time()
        st = fab.ask("pe1", "hosts", "stats")
        ul1 = fab.ask("ul", "count", "stats")
        up1 = fab.updates(fab.ip["pe1"])
        periods = (t1 - t0) / A
        per_hour = 3600.0 / REAL_AGEING_S / periods  # per-window count -> per hour at 300 s
        ev = mon.between(t0, t1)
        churn = {}
        owner = {}  # MAC or IP -> host index
        for h in hosts:
            for k in ("mac", "v4", "v6"):
                if h[k]:
                    owner[h[k]] = h["i"]
        wd_host = {h["i"]: 0 for h in hosts}
        ad_host = {h["i"]: 0 for h in hosts}
        for t, kind, key, deleted in ev:
            if key in owner:
                (wd_host if deleted else ad_host)[owner[key]] += 1
        for cls, n in classes:
            idx = [h["i"] for h in hosts if h["cls"] == cls]
            c = st["classes"][cls]
            churn[cls] = {
                "withdrawalsPerHostHour": spread([wd_host[i] * per_hour for i in idx]),
                "advertisementsPerHostHour": spread([ad_host[i] * per_hour for i in idx]),
                "probesPerHostHour": {k: v * per_hour if k != "n" else v
                                      for k, v in c["probesPerHost"].items()},
                "lookupsCrossingPerHostHour": c["lookups"] / n * per_hour,
            }
        silent = [h["i"] for h in hosts if h["cls"] != "active"]
        res["silentWithdrawalsPerHostHour"] = spread([wd_host[i] * per_hour for i in silent])
        res["silentProbesPerHostHour"] = spread(
            [p * per_hour for p in st["perHostProbes"] if p is not None])
        res["churn"] = churn
        res["events"] = [(round(t - t0, 2), kind, key, deleted) for t, kind, key, deleted in ev]
        res["windowS"] = t1 - t0
        res["updatesFromPe1PerHostHour"] = (up1[0] - up0[0]) / n_hosts * per_hour
        res["underlayArpNdPerHostHour"] = (
            (ul1["arp"] + ul1["nd"] - ul0["arp"] - ul0["nd"]) / n_hosts * per_hour)
        res["underlay"] = classify_underlay(
            fab.ask("ul", "count", "frames")["frames"], t0, t1, known0, ev, hosts, classes,
            per_hour)
        res["underlayArpNdKnownPerHostHour"] = res["underlay"]["knownPerHostHour"]
        if "module" in fab.scn:
            drops = hgctl(fab.ns("pe1"), "show hostguard status json").get("snoop", {}).get(
                "drops", {})
            res["snoopDropsPe1"] = {k: v for k, v in drops.items() if v}
        # dead hosts: one last frame each, then no answers
        victims = [h for h in hosts if h["cls"] in ("mac", "v4", "v6", "dual")]
        per_cls = max(1, a.dead // 4)
        chosen = []
        for cls in ("mac", "v4", "v6", "dual"):
            chosen += [h for h in victims if h["cls"] == cls][:per_cls]
        r = fab.ask("pe1", "hosts", "dead " + " ".join(str(h["i"]) for h in chosen))
        td = r["time"]
        bound = A + 5 + a.dead_extra
        log("{}: {} hosts dead, waiting up to {} s for withdrawals".format(
            scenario, len(chosen), bound))
        dead_macs = {h["mac"]: h["cls"] for h in chosen}

        def withdrawn():
            gone = {}
            for t, kind, key, deleted in mon.between(td, time.time() + 1):
                if kind == "mac" and deleted and key in dead_macs and key not in gone:
                    gone[key] = t - td
            return gone

        wait_until(lambda: len(withdrawn()) == len(dead_macs), bound, 1)
        gone = withdrawn()
        lat = {}
        for cls in ("mac", "v4", "v6", "dual"):
            ms = [m for m, c in dead_macs.items() if c == cls]
            lat[cls] = {"latencyS": spread([gone[m] for m in ms if m in gone]),
                        "notWithdrawn": sum(m not in gone for m in ms)}
        lat["all"] = {"latencyS": spread(list(gone.values())),
                      "notWithdrawn": len(dead_macs) - len(gone), "hosts": len(dead_macs),
                      "waitedS": bound}
        res["dead"] = lat
        if "module" in fab.scn:
            res["hostguard"] = hgctl(fab.ns("pe1"), "show hostguard status json")
        if a.migrations and scenario in ("stock", "hostguard"):
            res["migration"] = exp_migration(fab, a)
        mon.stop()
    finally:
        fab.stop()
    return res


def classify_underlay(frames, t0, t1, known0, ev, hosts, classes, per_hour):
    """ARP/ND frames of the window on the underlay, by what they are about:
    an address of a simulated host for which pe2 had a MAC+IP route when
    the frame passed ("known": neigh_suppress could answer it), one it had
    none for yet ("unknown": e.g. its announcement was never learned), or
    no host's address (the looker's, a router solicitation...: "other")."""
    owner = {}
    for h in hosts:
        for k in ("v4", "v6"):
            if h[k]:
                owner[h[k]] = h
    known = set(known0)
    changes = sorted((t, key, deleted) for t, kind, key, deleted in ev if kind == "ip")
    out = {"known": 0, "unknown": 0, "other": 0, "byKind": {},
           "perClass": {c: {"known": 0, "unknown": 0} for c, _ in classes}, "sample": []}
    i = 0
    for t, src, dst, kind, about, smac in sorted(f for f in frames if t0 <= f[0] < t1):
        while i < len(changes) and changes[i][0] <= t:
            (known.discard if changes[i][2] else known.add)(changes[i][1])
            i += 1
        h = owner.get(about)
        what = "other" if not h else "known" if about in known else "unknown"
        out[what] += 1
        if h:
            out["perClass"][h["cls"]][what] += 1
        out["byKind"][kind] = out["byKind"].get(kind, 0) + 1
        if what != "known" and len(out["sample"]) < 50:
            out["sample"].append([round(t - t0, 2), src, dst, kind, about, smac, what])
    n = sum(n for _, n in classes)
    for what in ("known", "unknown", "other"):
        out[what + "PerHostHour"] = out[what] / n * per_hour
    for c, nc in classes:
        pc = out["perClass"][c]
        pc["knownPerHostHour"] = pc["known"] / nc * per_hour
        pc["unknownPerHostHour"] = pc["unknown"] / nc * per_hour
    return out


def exp_migration(fab, a):
    """A live host moves between pe1 and pe2 while pe3's host pings it."""
    vm, peer = PREFIX + "vm", PREFIX + "h3"
    for ns in (vm, peer):
        sh("ip netns add " + ns)
        sh("ip -n {} link set lo up".format(ns))
    mac = "02:b2:00:00:00:01"
    for pe, dev in (("pe1", "eth1"), ("pe2", "eth2")):
        fab.batch(fab.ns(pe), ["link add vm netns {} type veth peer name vmp".format(vm),
                               "link set vmp master vnet100 up"])
        fab.batch(vm, ["link set vm name {}".format(dev), "link set {} address {}".format(dev, mac)])
    fab.batch(fab.ns("pe3"), ["link add h3 netns {} type veth peer name h3p".format(peer),
                              "link set h3p master vnet100 up"])
    fab.batch(peer, ["link set h3 name eth0", "addr add 10.10.0.60/16 dev eth0",
                     "link set eth0 up"])
    fab.batch(vm, ["addr add 10.10.0.50/16 dev eth1", "link set eth1 up"])
    nsx(peer, "ping -c 3 -W 1 10.10.0.50", check=False)
    losses = []
    cur, nxt = ("eth1", "eth2")
    for i in range(a.migrations):
        time.sleep(a.ageing / 2)
        interval = 0.005
        dur = 4.0
        pinger = subprocess.Popen(["ip", "netns", "exec", peer, "ping", "-n", "-q", "-i",
                                   str(interval), "-w", str(int(dur)), "10.10.0.50"],
                                  stdout=subprocess.PIPE, text=True)
        time.sleep(1.0)
        # the VM stops on one PE and resumes on the other, announcing itself
        fab.batch(vm, ["link set {} down".format(cur), "addr flush dev {}".format(cur),
                       "addr add 10.10.0.50/16 dev {}".format(nxt),
                       "link set {} up".format(nxt)])
        nsx(vm, "arping -q -U -c 1 -I {} 10.10.0.50".format(nxt), check=False)
        out, _ = pinger.communicate()
        m = re.search(r"(\d+) packets transmitted, (\d+) received", out)
        if m:
            losses.append((int(m.group(1)) - int(m.group(2))) * interval * 1000)
        cur, nxt = nxt, cur
    return {"lossMs": spread(losses), "pingIntervalMs": 5}


def exp_scale(scenario, n, a):
    """One VTEP, n local MAC+IPv4 hosts behind one port."""
    A = a.scale_ageing
    fab = Fabric(1, scenario, A, with_rr=False)
    if "module" in fab.scn:
        fab.scn = dict(fab.scn, module=",".join(
            x for x in (fab.scn["module"], "probe-rate={}".format(int(500 * fab.k))) if x))
    res = {"scenario": scenario, "hosts": n, "ageingS": A, "moduleArgs": fab.scn.get("module")}
    ns = fab.ns("pe1")
    try:
        fab.build()
        fab.start()
        # the kernel's neighbour thresholds are machine-wide: pin the bindings
        # as permanent entries, which do not count towards them
        cmds = ["neigh replace 10.10.{}.{} lladdr {} dev vnet100 nud permanent".format(
            ((256 + g) >> 8) & 255, (256 + g) & 255,
            "02:b0:" + ":".join("%02x" % b for b in g.to_bytes(4, "big"))) for g in range(n)]
        fab.batch(ns, cmds)
        time.sleep(2)
        zpid = daemon_pid(ns, "zebra")
        names = module_functions()
        sim_cpu = pin_zebra_apart(zpid)
        res["zebraPinned"] = sim_cpu is not None
        tl = time.time()
        fab.sim("pe1", "hosts", "hosts", ["--ifname", "simh", "--classes", "v4:{}".format(n),
                                          "--rate", "20000"], cpu=sim_cpu)

        def learned():
            v = vtysh(ns, "show evpn vni {} json".format(VNI))
            return v.get("numMacs", 0) >= n
        if not wait_until(learned, 300, 1):
            raise RuntimeError("zebra did not learn {} MACs".format(n))
        res["learnS"] = time.time() - tl
        vtysh(ns, "clear event cpu", daemon="zebra", js=False)
        # window: one ageing period that contains the first probe round
        # (or, without hostguard, the age-out), after learning settled
        start = tl + A / 2
        if time.time() < start:
            time.sleep(start - time.time())
        c0, s0 = cpu_seconds(zpid), fab.ask("pe1", "hosts", "stats")
        th0 = thread_cpu(zpid)
        hg0 = hgctl(ns, "show hostguard status json") if "module" in fab.scn else {}
        t0 = time.time()
        probe = StallProbe(A - 2, beside=True) if sim_cpu is not None else None
        rss = [rss_kib(zpid)]
        while time.time() < t0 + A:
            time.sleep(min(5, t0 + A - time.time()))
            rss.append(rss_kib(zpid))
        t1 = time.time()
        c1, s1 = cpu_seconds(zpid), fab.ask("pe1", "hosts", "stats")
        th1 = thread_cpu(zpid)
        res["stallsBeside"] = probe.result() if probe else None
        res["zebraThreadCpuS"] = {k: [round(v[0] - th0.get(k, [0, 0])[0], 2),
                                      round(v[1] - th0.get(k, [0, 0])[1], 2)]
                                  for k, v in th1.items()}
        res["windowS"] = t1 - t0
        res["zebraCpuS"] = c1 - c0
        res["zebraRssKiB"] = spread(rss)
        res["macsAtEnd"] = vtysh(ns, "show evpn vni {} json".format(VNI)).get("numMacs")
        res["probesReceived"] = s1["classes"]["v4"]["probes"] - s0["classes"]["v4"]["probes"]
        res["probesPerS"] = res["probesReceived"] / (t1 - t0)
        if "module" in fab.scn:
            hg1 = hgctl(ns, "show hostguard status json")
            res["hostguard"] = hg1
            res["moduleProbesSent"] = (hg1["counters"]["probesSent"] -
                                       hg0["counters"]["probesSent"])
            mem = module_memory(ns)
            res["moduleMemory"] = mem
            tracked = hg1["counters"].get("hostsTracked") or n
            res["moduleBytesPerHost"] = mem["bytes"] / tracked if tracked else None
            ev = event_cpu(ns, names)
            res["moduleCallbacks"] = ev
            res["longestCallbackUs"] = max((r["maxUs"] for r in ev.values()), default=None)
            res["transmitThread"] = event_cpu(ns, pthread=TX_PTHREAD)
        # where zebra spent its time, module or not
        allcb = event_cpu(ns)
        res["zebraTopCallbacks"] = dict(sorted(allcb.items(),
                                               key=lambda kv: -kv[1]["runtimeMs"])[:8])
    finally:
        fab.stop()
    return res


def exp_vteps(scenario, a):
    """16 VTEPs + RR: all hosts go silent; what the fabric does about it."""
    A = a.ageing
    n_pe, per = a.vteps, a.vtep_hosts
    fab = Fabric(n_pe, scenario, A)
    res = {"scenario": scenario, "vteps": n_pe, "hostsPerVtep": per, "ageingS": A}
    try:
        fab.build()
        fab.start()
        fab.wait_vteps(timeout=240)
        for i, pe in enumerate(fab.pes):
            fab.sim(pe, "hosts", "hosts", ["--ifname", "simh", "--base", str(i * 1000),
                                           "--classes", "v4:{}".format(per)])
        want = per * (n_pe - 1)

        def counts():
            return {pe: len(fab.remote_macs(pe)) for pe in fab.pes}
        t_ann = time.time()
        if not wait_until(lambda: all(c == want for c in counts().values()), 120, 1):
            raise RuntimeError("hosts not imported everywhere: {}".format(counts()))
        res["initialConvergenceS"] = time.time() - t_ann
        up0 = fab.updates()
        t0 = time.time()
        series = []
        window = a.periods * A
        log("{}: watching {} VTEPs for {:.0f} s of silence".format(scenario, n_pe, window))
        while time.time() < t0 + window:
            c = counts()
            series.append((time.time() - t_ann, sum(c.values())))
            time.sleep(0.5)
        up1 = fab.updates()
        full = want * n_pe
        lows = [s for s in series if s[1] < full]
        res["silentWindowS"] = window
        res["updatesRecvAtRr"] = up1[0] - up0[0]
        res["updatesSentByRr"] = up1[1] - up0[1]
        res["remoteMacsMin"] = min(s[1] for s in series)
        # first remote MAC gone -> the last one gone, over all VTEPs
        res["withdrawSpreadS"] = (
            next(s[0] for s in series if s[1] == res["remoteMacsMin"]) - lows[0][0]
            if lows else 0.0)
        # the hosts speak again: how long until every VTEP has them all back
        t_sp = time.time()
        for pe in fab.pes:
            fab.ask(pe, "hosts", "announce")
        ok = wait_until(lambda: all(c == want for c in counts().values()), 120, 0.2)
        res["reconvergenceS"] = (time.time() - t_sp) if ok else None
        while time.time() < t_sp + 5:
            series.append((time.time() - t_ann, sum(counts().values())))
            time.sleep(0.5)
        up2 = fab.updates()
        res["updatesRecvAtRrTotal"] = up2[0] - up0[0]
        res["series"] = series
        res["expected"] = want * n_pe
    finally:
        fab.stop()
    return res


# ------------------------------------------------------------------ main


def exp_restart(scenario, a):
    """
    n silent hosts at pe1 (real ageing: nothing ages out meanwhile); pe1
    restarted three ways in turn; the type-2 withdrawals of those hosts
    pe2 sees (its FDB and neighbour table, timestamped) from the restart
    until a.restart_settle seconds after all of them are back.
    """
    n = a.restart_hosts
    fab = Fabric(2, scenario, REAL_AGEING_S)
    res = {"scenario": scenario, "hosts": n, "restarts": {}}
    try:
        fab.build()
        fab.start()
        fab.wait_vteps()
        fab.sim("pe1", "hosts", "hosts", ["--ifname", "simh", "--classes", "v4:{}".format(n),
                                          "--rate", "2000"])
        if not wait_until(lambda: len(fab.remote_macs("pe2")) >= n, 300, 1):
            raise RuntimeError("pe2 did not import {} MACs".format(n))
        mon = Monitor(fab.ns("pe2"))
        for kind in ("zebra-crash", "all", "bgpd"):
            t0 = time.time()
            fab.restart("pe1", kind)
            back = wait_until(lambda: len(fab.remote_macs("pe2")) >= n, 300, 1)
            time.sleep(a.restart_settle)
            ev = mon.between(t0, time.time())
            dels = [e for e in ev if e[3]]
            res["restarts"][kind] = {
                "backS": (back and time.time() - a.restart_settle - t0) or None,
                "macWithdrawals": sum(1 for e in dels if e[1] == "mac"),
                "ipWithdrawals": sum(1 for e in dels if e[1] == "ip"),
                "hostsWithdrawn": len({e[2] for e in dels if e[1] == "mac"}),
                "remoteMacsAtEnd": len(fab.remote_macs("pe2")),
            }
            log("{} {}: {}".format(scenario, kind, res["restarts"][kind]))
        mon.stop()
    finally:
        fab.stop()
    return res


def exp_storm(scenario, a):
    """
    hostguard with snooping on one VTEP with a.storm_hosts silent hosts;
    one port floods gratuitous ARPs from ever new MACs at a.storm_pps for
    a.storm_s seconds: the module's longest callback meanwhile, and what
    its rate limits dropped.
    """
    fab = Fabric(1, scenario, REAL_AGEING_S, with_rr=False)
    fab.scn = dict(fab.scn, module=",".join(x for x in (fab.scn.get("module"), "snoop=on") if x))
    ns = fab.ns("pe1")
    res = {"scenario": scenario, "hosts": a.storm_hosts, "pps": a.storm_pps, "seconds": a.storm_s}
    try:
        fab.build()
        fab.add_port_host("pe1", "storm0", "stormh")
        fab.start()
        zpid = daemon_pid(ns, "zebra")
        sim_cpu = pin_zebra_apart(zpid)
        res["zebraPinned"] = sim_cpu is not None
        fab.sim("pe1", "hosts", "hosts", ["--ifname", "simh", "--classes",
                                          "v4:{}".format(a.storm_hosts), "--rate", "2000"],
                cpu=sim_cpu)
        if not wait_until(lambda: vtysh(ns, "show evpn vni {} json".format(VNI)).get(
                "numMacs", 0) >= a.storm_hosts, 300, 1):
            raise RuntimeError("zebra did not learn the hosts")
        names = module_functions()
        vtysh(ns, "clear event cpu", daemon="zebra", js=False)
        hg0 = hgctl(ns, "show hostguard status json")
        c0 = cpu_seconds(zpid)
        fab.sim("pe1", "storm", "storm", ["--ifname", "stormh", "--pps", str(a.storm_pps)],
                cpu=sim_cpu)
        probe = StallProbe(a.storm_s - 2, beside=True) if sim_cpu is not None else None
        time.sleep(a.storm_s)
        res["stallsBeside"] = probe.result() if probe else None
        ev = event_cpu(ns, names)
        res["zebraCpuS"] = cpu_seconds(zpid) - c0
        res["moduleCallbacks"] = ev
        res["longestCallbackUs"] = max((r["maxUs"] for r in ev.values()), default=None)
        res["transmitThread"] = event_cpu(ns, pthread=TX_PTHREAD)
        res["framesSent"] = fab.ask("pe1", "storm", "stats")["sent"]
        hg1 = hgctl(ns, "show hostguard status json")
        res["snoop"] = {"before": hg0.get("snoop"), "after": hg1.get("snoop")}
        res["zebraRssKiB"] = rss_kib(zpid)
    finally:
        fab.stop()
    return res


def exp_soak(scenario, a):
    """
    Soak: a.soak_hosts silent hosts at pe1, a.soak_churn hosts a second
    dying and as many coming back, one port storming ARP at a.storm_pps
    from a.soak_storm_macs MACs in turn (ever new MACs would grow zebra's
    own MAC table, stock or not, and hide what the module keeps),
    for a.soak_s seconds (real ageing). Sampled every minute: zebra's RSS,
    BGP sessions, remote MACs at pe2; at the end: live hosts lost (not at
    pe2), dead hosts kept past their bound (ageing + probe window).
    """
    n = a.soak_hosts
    fab = Fabric(2, scenario, REAL_AGEING_S)
    if "module" in fab.scn:
        fab.scn = dict(fab.scn, module=",".join(x for x in (fab.scn["module"], "snoop=on") if x))
    res = {"scenario": scenario, "hosts": n, "churnPerS": a.soak_churn, "seconds": a.soak_s,
           "samples": []}
    ns = fab.ns("pe1")
    try:
        fab.build()
        fab.add_port_host("pe1", "storm0", "stormh")
        fab.start()
        fab.wait_vteps()
        # More hosts than the kernel's neighbour table holds (its bounds
        # are machine-wide): it answers no ARP it cannot make an entry for,
        # and the hosts ask again, as a host's stack does.
        fab.sim("pe1", "hosts", "hosts", ["--ifname", "simh", "--classes", "v4:{}".format(n),
                                          "--rate", "2000", "--ask-again", "4"])
        if not wait_until(lambda: len(fab.remote_macs("pe2")) >= n, 600, 2):
            raise RuntimeError("pe2 did not import {} MACs".format(n))
        fab.sim("pe1", "storm", "storm", ["--ifname", "stormh", "--pps", str(a.storm_pps),
                                          "--macs", str(a.soak_storm_macs)])
        zpid = daemon_pid(ns, "zebra")
        mon = Monitor(fab.ns("pe2"))
        dead_since = {}  # index -> time it died
        alive = set(range(n))
        t0 = next_sample = time.time()
        rng = __import__("random").Random(1)
        while time.time() < t0 + a.soak_s:
            tick = time.time()
            victims = rng.sample(sorted(alive), min(a.soak_churn, len(alive)))
            back = rng.sample(sorted(dead_since), min(a.soak_churn, len(dead_since)))
            if victims:
                fab.ask("pe1", "hosts", "dead " + " ".join(map(str, victims)))
            if back:
                fab.ask("pe1", "hosts", "alive " + " ".join(map(str, back)))
            for i in victims:
                alive.discard(i)
                dead_since[i] = tick
            for i in back:
                dead_since.pop(i, None)
                alive.add(i)
            if tick >= next_sample:
                nb = vtysh(fab.ns("pe2"), "show bgp summary json").get("l2VpnEvpn", {})
                res["samples"].append({
                    "t": round(tick - t0), "zebraRssKiB": rss_kib(zpid),
                    "bgpEstablished": sum(1 for p in nb.get("peers", {}).values()
                                          if p.get("state") == "Established"),
                    "remoteMacs": len(fab.remote_macs("pe2")),
                })
                next_sample += 60
            time.sleep(max(0.0, tick + 1 - time.time()))
        remote = fab.remote_macs("pe2")
        hosts = fab.ask("pe1", "hosts", "hosts")
        bound = REAL_AGEING_S + 5 + 5  # ageing + probe window + propagation
        now = time.time()
        res["liveHostsLost"] = sum(1 for i in alive if hosts[i]["mac"] not in remote)
        res["deadKeptPastBound"] = sum(1 for i, t in dead_since.items()
                                       if now - t > bound and hosts[i]["mac"] in remote)
        rss = [x["zebraRssKiB"] for x in res["samples"]]
        res["rssGrowthPct"] = round(100.0 * (max(rss) - rss[0]) / rss[0], 1) if rss else None
        mon.stop()
    finally:
        fab.stop()
    return res


def ageing_zero_learns():
    """Whether a bridge with ageing_time 0 learns a source MAC at all."""
    ns = PREFIX + "ageing0"
    sh("ip netns add " + ns)
    try:
        subprocess.run(["ip", "-n", ns, "-batch", "-"], text=True, check=True, input="\n".join([
            "link add br0 type bridge stp_state 0 ageing_time 0",
            "link add name port0 type veth peer name peer0", "link set port0 master br0",
            "link set peer0 address 02:b0:ff:ff:ff:ff", "link set port0 up",
            "link set peer0 up", "link set br0 up"]) + "\n")
        time.sleep(1)
        nsx(ns, "arping -c 1 -I peer0 192.0.2.1", check=False)
        return "02:b0:ff:ff:ff:ff" in sh("bridge -n {} fdb show br br0".format(ns))
    finally:
        sh("ip netns del " + ns, check=False)


def attempt(fn, *args):
    """Run one experiment; a failure is recorded and the run goes on."""
    try:
        return fn(*args)
    except Exception as e:  # noqa: BLE001 - reported in the results
        log("FAILED: {}".format(e))
        cleanup()
        return {"scenario": args[0] if isinstance(args[0], str) else args[1], "error": str(e)}


def environment():
    frr = sh("/usr/lib/frr/zebra --version", check=False).splitlines()
    return {
        "frr": frr[0].replace("zebra version ", "") if frr else "?",
        "kernel": os.uname().release,
        "cpus": os.cpu_count(),
        "modules": "build tree" if MODULE_DIR else "installed",
        "ageingZeroLearns": ageing_zero_learns(),
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }


def main():
    ap = argparse.ArgumentParser(description="hostguard benchmarks")
    ap.add_argument("--quick", action="store_true", help="small sizes, ~5 minutes")
    ap.add_argument("--only", default="stalls,fabric,scale,vteps,restart,storm",
                    help="comma list of parts: stalls, fabric, scale, vteps, restart, storm, "
                    "soak")
    ap.add_argument("--scenarios", default=",".join(SCENARIOS))
    ap.add_argument("--out", default=os.path.join(TOP, "docs", "bench"))
    ap.add_argument("--set", action="append", default=[], metavar="PARAM=VALUE",
                    help="override a size or time, e.g. --set scale_sizes=1000 --set ageing=20")
    a = ap.parse_args()
    if a.quick:
        a.ageing, a.periods, a.hosts_per_class, a.dead, a.dead_extra = 10, 2, 5, 20, 10
        a.scale_sizes, a.scale_ageing = [1000], 12
        a.vteps, a.vtep_hosts, a.migrations = 4, 2, 1
    else:
        a.ageing, a.periods, a.hosts_per_class, a.dead, a.dead_extra = 30, 4, 8, 24, 25
        a.scale_sizes, a.scale_ageing = [10000, 50000], 60
        a.vteps, a.vtep_hosts, a.migrations = 16, 4, 3
    # hosts announced per second: a dual-stack host sends two frames, so
    # 40 stay under the snooping's default 100 frames/s per port
    a.announce_rate = 40
    # reliability parts (issue 13): restart, ARP storm, soak
    a.restart_hosts, a.restart_settle = (100, 5) if a.quick else (1000, 20)
    a.storm_hosts, a.storm_pps, a.storm_s = (1000, 2000, 20) if a.quick else (50000, 5000, 60)
    a.soak_hosts, a.soak_churn, a.soak_s = (1000, 2, 300) if a.quick else (10000, 10, 3600)
    a.soak_storm_macs = 256
    # the machine's own stalls, on each CPU, before anything else runs
    a.stall_s = 10 if a.quick else 60
    for kv in a.set:
        k, v = kv.split("=", 1)
        if not hasattr(a, k):
            sys.exit("unknown parameter " + k)
        setattr(a, k, [int(x) for x in v.split(",")] if k == "scale_sizes" else int(v))
    parts = a.only.split(",")
    scenarios = a.scenarios.split(",")
    if os.geteuid():
        sys.exit("must run as root (network namespaces, FRR daemons)")
    if our_namespaces():
        log("removing leftovers of a previous run")
        cleanup()
    os.makedirs(RUNDIR, exist_ok=True)
    atexit.register(cleanup)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    t_start = time.time()
    results = {"env": environment(), "quick": a.quick, "params": {
        k: v for k, v in vars(a).items() if k not in ("out",)}, "stalls": [], "fabric": [],
        "scale": [], "vteps": [], "restart": [], "storm": [], "soak": []}

    def save():
        results["durationS"] = time.time() - t_start
        os.makedirs(a.out, exist_ok=True)
        with open(os.path.join(a.out, "results.json"), "w") as f:
            json.dump(results, f, indent=1)

    if "stalls" in parts:
        for cpu in range(min(os.cpu_count() or 1, 2)):
            log("stalls of an idle loop on CPU {}: {} s".format(cpu, a.stall_s))
            results["stalls"].append(StallProbe(a.stall_s, cpu).result())
            save()
    if "fabric" in parts:
        for s in scenarios:
            log("fabric: " + s)
            results["fabric"].append(attempt(exp_fabric, s, a))
            save()
    if "scale" in parts:
        for n in a.scale_sizes:
            for s in [x for x in ("no-ageing", "stock", "hostguard") if x in scenarios]:
                log("scale {}: {}".format(n, s))
                results["scale"].append(attempt(exp_scale, s, n, a))
                save()
    if "vteps" in parts:
        for s in [x for x in ("stock", "hostguard") if x in scenarios]:
            log("{} VTEPs: {}".format(a.vteps, s))
            results["vteps"].append(attempt(exp_vteps, s, a))
            save()
    if "restart" in parts:
        for s in [x for x in ("stock", "hostguard") if x in scenarios]:
            log("restart with {} silent hosts: {}".format(a.restart_hosts, s))
            results["restart"].append(attempt(exp_restart, s, a))
            save()
    if "storm" in parts and "hostguard" in scenarios:
        log("ARP storm on one port, {} hosts".format(a.storm_hosts))
        results["storm"].append(attempt(exp_storm, "hostguard", a))
        save()
    if "soak" in parts and "hostguard" in scenarios:
        log("soak: {} s".format(a.soak_s))
        results["soak"].append(attempt(exp_soak, "hostguard", a))
        save()
    save()
    log("done in {:.0f} s".format(time.time() - t_start))


if __name__ == "__main__":
    main()

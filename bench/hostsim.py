#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""
Packet-level helpers of the benchmark, each run inside a namespace.

  hosts    many simulated hosts behind one port: each sends one frame to get
           learned (with --ask-again N, asked again up to N times, a second
           apart, while the gateway does not answer), then stays silent
           but alive (answers ARP requests, NS and pings for its
           addresses) until it is marked dead. A few can be
           "active" (one frame per interval). Classes: v4 (IPv6 off), v6,
           dual, active (IPv4, one frame per interval), and mac: IPv6 on but
           no address ever used, so only its link-local address answers
           (an echo request to ff02::1 or to it, an NS for it).
  look     a remote host that looks the simulated hosts up (ARP request or
           NS) at a fixed interval, as a client would before talking to them.
  ulcount  counts ARP and neighbour-discovery packets inside VXLAN on the
           underlay bridge, and keeps each one's time, VTEPs, kind and the
           address it asks for or answers ("frames").
  storm    an ARP storm out of one port: gratuitous ARPs at --pps, each
           from another MAC and address (a misbehaving tenant); with
           --macs N from N MACs in turn.

Each mode serves a line protocol on a UNIX socket (--ctl): "stats" answers
one JSON line; hosts also takes "dead <i> <j> ...", "announce" and "quit".
Addresses are derived from a global host index so that several simulators
never overlap: MAC 02:b0:ii:ii:ii:ii, 10.10.0.0/16 from 10.10.1.0 on,
2001:db8:100::1:0/112-ish from 2001:db8:100::1:0 on.
"""
import argparse
import ipaddress
import json
import os
import select
import socket
import statistics
import struct
import time

ETH_P_ALL = 0x0003
ETH_ARP = 0x0806
ETH_IP = 0x0800
ETH_IP6 = 0x86DD
ETH_LEARN = 0x88B5  # local experimental: a frame only for the bridge to learn from
BCAST = b"\xff" * 6
ASK_GAP_S = 1.0  # a host's stack asks its gateway again after a second
GW4 = ipaddress.IPv4Address("10.10.0.1")
GW6 = ipaddress.IPv6Address("2001:db8:100::1")
LOOKER_MAC = bytes.fromhex("02b100000001")
LOOKER4 = ipaddress.IPv4Address("10.10.0.2")
LOOKER6 = ipaddress.IPv6Address("2001:db8:100::2")


def host_mac(g):
    return b"\x02\xb0" + struct.pack("!I", g)


def host_ip4(g):
    return ipaddress.IPv4Address(int(ipaddress.IPv4Address("10.10.1.0")) + g)


def host_ip6(g):
    return ipaddress.IPv6Address(int(ipaddress.IPv6Address("2001:db8:100::1:0")) + g)


def host_ll(mac):
    eui = bytes([mac[0] ^ 2]) + mac[1:3] + b"\xff\xfe" + mac[3:6]
    return ipaddress.IPv6Address(b"\xfe\x80" + b"\0" * 6 + eui)


ALL_NODES = ipaddress.IPv6Address("ff02::1").packed


def mac_str(b):
    return ":".join("%02x" % x for x in b)


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return (~s) & 0xFFFF


def eth(dst, src, etype, payload):
    return dst + src + struct.pack("!H", etype) + payload


def arp(op, sha, spa, tha, tpa):
    return struct.pack("!HHBBH", 1, ETH_IP, 6, 4, op) + sha + spa.packed + tha + tpa.packed


def ip4(src, dst, proto, payload):
    hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), 0, 0, 64, proto, 0,
                      src.packed, dst.packed)
    hdr = hdr[:10] + struct.pack("!H", csum(hdr)) + hdr[12:]
    return hdr + payload


def ip6(src, dst, payload, hlim=255):
    hdr = struct.pack("!IHBB16s16s", 6 << 28, len(payload), 58, hlim, src.packed, dst.packed)
    pseudo = src.packed + dst.packed + struct.pack("!IxxxB", len(payload), 58)
    payload = payload[:2] + struct.pack("!H", csum(pseudo + payload)) + payload[4:]
    return hdr + payload


def ns_payload(target, lladdr):
    return struct.pack("!BBHI16s", 135, 0, 0, 0, target.packed) + b"\x01\x01" + lladdr


def na_payload(target, lladdr):
    # solicited + override
    return struct.pack("!BBHI16s", 136, 0, 0, 0x60000000, target.packed) + b"\x02\x01" + lladdr


def open_sock(ifname):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8 << 20)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 8 << 20)
    s.bind((ifname, 0))
    return s


def parse(frame):
    """(src mac, etype, payload) of an Ethernet frame."""
    if len(frame) < 14:
        return None, None, b""
    return frame[6:12], struct.unpack("!H", frame[12:14])[0], frame[14:]


def spread(values):
    if not values:
        return {"min": 0, "median": 0, "max": 0, "n": 0}
    return {"min": min(values), "median": statistics.median(values), "max": max(values),
            "n": len(values)}


class Ctl:
    """A line-oriented control socket served from the main loop."""

    def __init__(self, path):
        if os.path.exists(path):
            os.unlink(path)
        self.srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.srv.bind(path)
        self.srv.listen(8)

    def serve(self, handler):
        conn, _ = self.srv.accept()
        with conn:
            data = b""
            while not data.endswith(b"\n"):
                chunk = conn.recv(65536)
                if not chunk:
                    break
                data += chunk
            reply = handler(data.decode().strip())
            conn.sendall((json.dumps(reply) + "\n").encode())


class Host:
    __slots__ = ("g", "cls", "mac", "v4", "v6", "ll", "dead", "probes", "lookups", "replies",
                 "asks")

    def __init__(self, g, cls):
        self.g = g
        self.cls = cls
        self.mac = host_mac(g)
        self.v4 = host_ip4(g) if cls in ("v4", "dual", "active") else None
        self.v6 = host_ip6(g) if cls in ("v6", "dual") else None
        # hosts with IPv6 on have the link-local address of their MAC
        self.ll = host_ll(self.mac) if cls in ("mac", "v6", "dual") else None
        self.dead = False
        self.asks = 0  # solicitations of the gateway not answered yet
        self.probes = 0  # ARP/NS/echo requests from anyone but the looker
        self.lookups = 0  # requests from the looker (crossed the fabric)
        self.replies = 0


class HostSim:
    def __init__(self, a):
        self.sock = open_sock(a.ifname)
        self.gwmac = bytes.fromhex(a.gw_mac.replace(":", ""))
        self.hosts = []
        g = a.base
        for spec in a.classes.split(","):
            cls, n = spec.split(":")
            for _ in range(int(n)):
                self.hosts.append(Host(g, cls))
                g += 1
        self.by_mac = {h.mac: h for h in self.hosts}
        self.by_v4 = {h.v4.packed: h for h in self.hosts if h.v4}
        self.by_v6 = {h.v6.packed: h for h in self.hosts if h.v6}
        self.by_v6.update({h.ll.packed: h for h in self.hosts if h.ll})
        self.active = [h for h in self.hosts if h.cls == "active"]
        self.active_interval = a.active_interval
        self.rate = a.rate
        self.rx_other = 0
        # Hosts whose gateway has not answered their announcement: asked
        # again ASK_GAP_S later, ask_again times at most. A kernel whose
        # neighbour table is full (its bounds are machine-wide) answers
        # no ARP or NS it cannot make an entry for; a host's stack asks
        # again (Linux: mcast_solicit, retrans_time) and so do these.
        self.ask_max = 1 + a.ask_again
        self.unanswered = {}  # host -> time of its next ask
        self.asked_again = 0
        self.started = time.time()

    def send(self, frame):
        try:
            self.sock.send(frame)
        except OSError:
            time.sleep(0.01)
            self.sock.send(frame)

    def learn_frames(self, h):
        """What a host sends once when it comes up."""
        frames = []
        if h.v4:
            frames.append(eth(self.gwmac, h.mac, ETH_ARP,
                              arp(1, h.mac, h.v4, b"\0" * 6, GW4)))
        if h.v6:
            frames.append(eth(self.gwmac, h.mac, ETH_IP6,
                              ip6(h.v6, GW6, ns_payload(GW6, h.mac))))
        if not frames:
            frames.append(eth(self.gwmac, h.mac, ETH_LEARN, b"hostguard-bench".ljust(46, b"\0")))
        return frames

    def announce(self, hosts):
        gap = 1.0 / self.rate
        t = time.time()
        for h in hosts:
            for f in self.learn_frames(h):
                self.send(f)
            if self.ask_max > 1 and (h.v4 or h.v6):
                h.asks = 1
                self.unanswered[h] = time.time() + ASK_GAP_S
            t += gap
            d = t - time.time()
            if d > 0:
                time.sleep(d)

    def answered(self, h):
        if h and h.asks:
            h.asks = 0
            self.unanswered.pop(h, None)

    def ask_again(self):
        now = time.time()
        for h, when in list(self.unanswered.items()):
            if when > now:
                continue
            if h.dead or h.asks >= self.ask_max:
                self.unanswered.pop(h)
                continue
            for f in self.learn_frames(h):
                self.send(f)
            h.asks += 1
            self.asked_again += 1
            self.unanswered[h] = now + ASK_GAP_S

    def last_words(self, h):
        self.send(eth(self.gwmac, h.mac, ETH_LEARN, b"hostguard-bench".ljust(46, b"\0")))

    def handle(self, frame):
        src, etype, p = parse(frame)
        if src in self.by_mac:
            return  # our own frame (outgoing copy)
        if etype == ETH_ARP and len(p) >= 28:
            op = struct.unpack("!H", p[6:8])[0]
            h = self.by_v4.get(p[24:28])
            if op == 2 and p[14:18] == GW4.packed and frame[0:6] == p[18:24]:
                self.answered(self.by_mac.get(p[18:24]))  # the gateway's answer
            if op != 1 or not h:
                return
            self.count(h, src)
            if h.dead:
                return
            sha, spa = p[8:14], ipaddress.IPv4Address(p[14:18])
            self.send(eth(src, h.mac, ETH_ARP, arp(2, h.mac, h.v4, sha, spa)))
            h.replies += 1
        elif etype == ETH_IP6 and len(p) >= 48 and p[6] == 58:
            srcip = ipaddress.IPv6Address(p[8:24])
            icmp = p[40:]
            if icmp[0] == 136 and len(icmp) >= 24 and icmp[8:24] == GW6.packed:
                self.answered(self.by_mac.get(frame[0:6]))  # the gateway's answer
            elif icmp[0] == 135 and len(icmp) >= 24:
                h = self.by_v6.get(icmp[8:24])
                if not h:
                    return
                self.count(h, src)
                if h.dead:
                    return
                tgt = ipaddress.IPv6Address(icmp[8:24])
                dst = srcip if not srcip.is_unspecified else ipaddress.IPv6Address("ff02::1")
                self.send(eth(src, h.mac, ETH_IP6, ip6(tgt, dst, na_payload(tgt, h.mac))))
                h.replies += 1
            elif icmp[0] == 128:
                # to one of its addresses, or to all nodes in a frame to its MAC
                h = self.by_v6.get(p[24:40])
                if not h and p[24:40] == ALL_NODES:
                    h = self.by_mac.get(frame[0:6])
                    h = h if h and h.ll else None
                if not h:
                    return
                self.count(h, src)
                if h.dead:
                    return
                me = h.ll if p[24:40] in (ALL_NODES, h.ll.packed) else h.v6
                reply = b"\x81\x00\x00\x00" + icmp[4:]
                self.send(eth(src, h.mac, ETH_IP6, ip6(me, srcip, reply, 64)))
                h.replies += 1
        elif etype == ETH_IP and len(p) >= 28 and p[9] == 1 and p[20] == 8:
            h = self.by_v4.get(p[16:20])
            if not h:
                return
            self.count(h, src)
            if h.dead:
                return
            ihl = (p[0] & 15) * 4
            icmp = b"\x00\x00\x00\x00" + p[ihl + 4:]
            icmp = icmp[:2] + struct.pack("!H", csum(icmp)) + icmp[4:]
            self.send(eth(src, h.mac, ETH_IP, ip4(h.v4, ipaddress.IPv4Address(p[12:16]), 1, icmp)))
            h.replies += 1
        else:
            self.rx_other += 1

    def count(self, h, src):
        if src == LOOKER_MAC:
            h.lookups += 1
        else:
            h.probes += 1

    def stats(self):
        out = {"uptime": time.time() - self.started, "rxOther": self.rx_other, "classes": {},
               "askedAgain": self.asked_again,
               "neverAnswered": sum(1 for h in self.hosts if h.asks >= self.ask_max)}
        for cls in sorted({h.cls for h in self.hosts}):
            hs = [h for h in self.hosts if h.cls == cls]
            out["classes"][cls] = {
                "hosts": len(hs),
                "dead": sum(h.dead for h in hs),
                "probes": sum(h.probes for h in hs),
                "probesPerHost": spread([h.probes for h in hs if not h.dead]),
                "lookups": sum(h.lookups for h in hs),
                "replies": sum(h.replies for h in hs),
            }
        # silent, live hosts only (None for the others)
        out["perHostProbes"] = [h.probes if h.cls != "active" and not h.dead else None
                                for h in self.hosts]
        return out

    def command(self, line):
        words = line.split()
        if not words:
            return {}
        if words[0] == "stats":
            return self.stats()
        if words[0] == "reset":
            for h in self.hosts:
                h.probes = h.lookups = h.replies = 0
            return {"ok": True}
        if words[0] == "announce":
            self.announce([h for h in self.hosts if not h.dead])
            return {"ok": True, "time": time.time()}
        if words[0] == "dead":
            # one last frame, so the host's last activity is "now"
            victims = [self.hosts[int(i)] for i in words[1:]]
            for h in victims:
                self.last_words(h)
                h.dead = True
            return {"ok": True, "time": time.time(),
                    "macs": [mac_str(h.mac) for h in victims]}
        if words[0] == "alive":
            # dead hosts come back (a VM started again): announced at once
            back = [self.hosts[int(i)] for i in words[1:]]
            for h in back:
                h.dead = False
            self.announce(back)
            return {"ok": True, "time": time.time()}
        if words[0] == "hosts":
            return [{"i": i, "cls": h.cls, "mac": mac_str(h.mac),
                     "v4": str(h.v4) if h.v4 else None, "v6": str(h.v6) if h.v6 else None}
                    for i, h in enumerate(self.hosts)]
        if words[0] == "quit":
            raise SystemExit(0)
        return {"error": "unknown command"}

    def run(self, ctl):
        self.announce(self.hosts)
        next_active = time.time() + self.active_interval
        next_ask = 0.0
        while True:
            wake = min(next_active, next_ask) if self.unanswered else next_active
            timeout = max(0.0, wake - time.time())
            r, _, _ = select.select([self.sock, ctl.srv], [], [], timeout)
            drained = True
            if self.sock in r:
                drained = False
                for _ in range(256):
                    try:
                        frame = self.sock.recv(2048, socket.MSG_DONTWAIT)
                    except BlockingIOError:
                        drained = True
                        break
                    self.handle(frame)
            if ctl.srv in r:
                ctl.serve(self.command)
            # answers already received are read before anyone asks again
            if drained and time.time() >= next_ask:
                self.ask_again()
                next_ask = time.time() + ASK_GAP_S / 4
            if time.time() >= next_active:
                for h in self.active:
                    if not h.dead:
                        self.last_words(h)
                next_active += self.active_interval


def run_looker(a, ctl):
    """Look every target up once per interval, spread over the interval."""
    sock = open_sock(a.ifname)
    targets = []
    for g in range(a.base, a.base + a.count):
        cls = a.target_classes[g - a.base] if a.target_classes else "dual"
        if cls in ("v4", "dual", "active"):
            targets.append(("4", host_ip4(g)))
        if cls in ("v6", "dual"):
            targets.append(("6", host_ip6(g)))
    sent = answered = 0
    gap = a.interval / max(1, len(targets))
    i = 0
    next_t = time.time() + gap
    while True:
        r, _, _ = select.select([sock, ctl.srv], [], [], max(0.0, next_t - time.time()))
        if sock in r:
            for _ in range(256):
                try:
                    frame = sock.recv(2048, socket.MSG_DONTWAIT)
                except BlockingIOError:
                    break
                src, etype, p = parse(frame)
                if frame[:6] == LOOKER_MAC and (etype == ETH_ARP or etype == ETH_IP6):
                    answered += 1
        if ctl.srv in r:
            ctl.serve(lambda line: {"sent": sent, "answered": answered, "targets": len(targets)})
        if time.time() >= next_t:
            fam, ip = targets[i % len(targets)]
            if fam == "4":
                f = eth(BCAST, LOOKER_MAC, ETH_ARP, arp(1, LOOKER_MAC, LOOKER4, b"\0" * 6, ip))
            else:
                # solicited-node multicast, as a host resolving ip would
                sn = ipaddress.IPv6Address("ff02::1:ff00:0").packed[:13] + ip.packed[13:]
                dmac = b"\x33\x33\xff" + ip.packed[13:]
                f = eth(dmac, LOOKER_MAC, ETH_IP6,
                        ip6(LOOKER6, ipaddress.IPv6Address(sn), ns_payload(ip, LOOKER_MAC)))
            sock.send(f)
            sent += 1
            i += 1
            next_t += gap


def nd_about(inner):
    """(kind, address) of an ARP or ICMPv6 ND frame: the address it asks
    for or answers; None for a frame about no address (RS, RA, redirect)."""
    _, etype, p = parse(inner)
    if etype == ETH_ARP and len(p) >= 28:
        op = struct.unpack("!H", p[6:8])[0]
        if op == 1:
            return "arpRequest", str(ipaddress.IPv4Address(p[24:28]))
        return "arpReply", str(ipaddress.IPv4Address(p[14:18]))
    if etype == ETH_IP6 and len(p) > 40 and p[6] == 58 and 133 <= p[40] <= 137:
        t = p[40]
        if t in (135, 136) and len(p) >= 64:
            return ("ns" if t == 135 else "na"), str(ipaddress.IPv6Address(p[48:64]))
        return {133: "rs", 134: "ra", 137: "redirect"}.get(t, "nd"), None
    return None, None


ULCOUNT_KEEP = 100000  # frames kept for the bench to classify


def run_ulcount(a, ctl):
    """ARP and ICMPv6 ND frames inside VXLAN (UDP 4789) seen on the underlay,
    each kept with its time, outer source and destination, kind and the
    address it is about (the bench classifies them by what pe2 knew)."""
    sock = open_sock(a.ifname)
    cnt = {"arp": 0, "nd": 0, "vxlan": 0}
    frames = []

    def answer(line):
        if line == "frames":
            return {"frames": frames}
        return dict(cnt)

    while True:
        r, _, _ = select.select([sock, ctl.srv], [], [])
        if sock in r:
            for _ in range(256):
                try:
                    frame, addr = sock.recvfrom(2048, socket.MSG_DONTWAIT)
                except BlockingIOError:
                    break
                if addr[2] == socket.PACKET_OUTGOING:
                    continue
                _, etype, p = parse(frame)
                if etype != ETH_IP or len(p) < 28 or p[9] != 17:
                    continue
                ihl = (p[0] & 15) * 4
                if struct.unpack("!H", p[ihl + 2:ihl + 4])[0] != 4789:
                    continue
                cnt["vxlan"] += 1
                inner = p[ihl + 16:]
                kind, about = nd_about(inner)
                if kind is None:
                    continue
                cnt["arp" if kind.startswith("arp") else "nd"] += 1
                if len(frames) < ULCOUNT_KEEP:
                    frames.append([time.time(), str(ipaddress.IPv4Address(p[12:16])),
                                   str(ipaddress.IPv4Address(p[16:20])), kind, about,
                                   mac_str(inner[6:12])])
        if ctl.srv in r:
            ctl.serve(answer)


def run_storm(a, ctl):
    """Gratuitous ARPs at a.pps from ever new MACs, or a.macs in turn."""
    sock = open_sock(a.ifname)
    sent, i, t = 0, 0, time.time()
    gap = 1.0 / a.pps
    while True:
        r, _, _ = select.select([ctl.srv], [], [], 0)
        if r:
            ctl.serve(lambda line: {"sent": sent} if line == "stats" else {"error": "?"})
        for _ in range(64):
            i += 1
            mac = b"\x02\xcc" + struct.pack("!I", i % a.macs if a.macs else i)
            ip = ipaddress.IPv4Address(int(ipaddress.IPv4Address("10.10.200.0")) + i % 4096)
            try:
                sock.send(eth(BCAST, mac, ETH_ARP, arp(1, mac, ip, b"\0" * 6, ip)))
                sent += 1
            except OSError:
                pass
            t += gap
        d = t - time.time()
        if d > 0:
            time.sleep(d)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    ap.add_argument("mode", choices=("hosts", "look", "ulcount", "storm"))
    ap.add_argument("--ifname", required=True)
    ap.add_argument("--ctl", required=True, help="UNIX control socket path")
    ap.add_argument("--base", type=int, default=0, help="global index of the first host")
    ap.add_argument("--classes", default="v4:1",
                    help="host classes in order, e.g. mac:10,v4:10,v6:10,dual:10,active:4")
    ap.add_argument("--gw-mac", default="a2:1d:cb:1a:c0:8b")
    ap.add_argument("--rate", type=float, default=2000.0, help="announce frames per second")
    ap.add_argument("--active-interval", type=float, default=2.0)
    ap.add_argument("--ask-again", type=int, default=0,
                    help="hosts: times a host asks its gateway again while unanswered")
    ap.add_argument("--count", type=int, default=0, help="look: number of targets")
    ap.add_argument("--interval", type=float, default=60.0, help="look: seconds per round")
    ap.add_argument("--pps", type=float, default=5000.0, help="storm: frames per second")
    ap.add_argument("--macs", type=int, default=0, help="storm: from N MACs (0: ever new)")
    ap.add_argument("--target-classes", default="",
                    help="look: classes of the targets, same syntax as --classes")
    a = ap.parse_args()
    ctl = Ctl(a.ctl)
    if a.mode == "hosts":
        HostSim(a).run(ctl)
    elif a.mode == "look":
        if a.target_classes:
            a.target_classes = [c for spec in a.target_classes.split(",")
                                for c in [spec.split(":")[0]] * int(spec.split(":")[1])]
        run_looker(a, ctl)
    elif a.mode == "storm":
        run_storm(a, ctl)
    else:
        run_ulcount(a, ctl)


if __name__ == "__main__":
    main()

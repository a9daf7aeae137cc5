#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""
Hand-made ARP and IPv6 neighbour discovery frames, sent out of one
interface inside a test node's namespace (no scapy on these machines), for
frames a kernel would not send on its own, and the answers they get.

Ask and list the answers (JSON list of answering MACs, in arrival order,
every answer and not only the first):

    hg_frames.py arp IFNAME SENDER_IP TARGET_IP SECONDS
    hg_frames.py ns IFNAME SENDER_IP6 TARGET_IP6 SECONDS

Send only (prints the number of frames sent):

    hg_frames.py spoof IFNAME SRC_MAC COUNT     ARP announcements from SRC_MAC
    hg_frames.py IFNAME garp IP MAC             [--count N] [--pps R] [--secs S]
    hg_frames.py IFNAME arp-reply IP MAC        (unsolicited reply, broadcast)
    hg_frames.py IFNAME na IP6 MAC              (unsolicited NA to all-nodes)
    hg_frames.py IFNAME dad IP6 MAC             (DAD NS from ::)
    hg_frames.py IFNAME arp-probe IP MAC       (RFC 5227 probe: sender 0.0.0.0)
    hg_frames.py IFNAME ns IP6 MAC              (NS from IP6 for fe80::1)

--dst MAC sends ARP frames unicast to MAC instead of broadcast; --spread N
cycles the claimed address through N consecutive addresses from IP;
--mac-spread N cycles the source MAC through N consecutive MACs from MAC
(each with its own address, when --spread is N too); --target IP asks for
IP in ARP frames (an ordinary request) instead of announcing.
"""
import argparse
import ipaddress
import json
import select
import socket
import struct
import sys
import time

BCAST = b"\xff" * 6
ETH_P_ARP = 0x0806
ETH_P_IPV6 = 0x86DD


def mac_bytes(mac):
    return bytes(int(x, 16) for x in mac.split(":"))


def mac_str(b):
    return ":".join("%02x" % x for x in b)


def arp(op, mac, ip, target_ip, dst=BCAST, src=None):
    """ARP frame; mac claims ip. src: Ethernet source, mac by default."""
    m = mac_bytes(mac) if isinstance(mac, str) else mac
    sip = socket.inet_aton(ip)
    tip = socket.inet_aton(target_ip)
    tha = b"\x00" * 6 if op == 1 else BCAST
    body = struct.pack("!HHBBH", 1, 0x0800, 6, 4, op) + m + sip + tha + tip
    return dst + (src or m) + struct.pack("!H", ETH_P_ARP) + body


def csum(data):
    if len(data) % 2:
        data += b"\x00"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return (~s) & 0xFFFF


def icmp6(mac, src, dst, dst_mac, icmp_type, flags, target, opt_type):
    m = mac_bytes(mac) if isinstance(mac, str) else mac
    s6 = ipaddress.IPv6Address(src).packed
    d6 = ipaddress.IPv6Address(dst).packed
    t6 = ipaddress.IPv6Address(target).packed
    body = struct.pack("!BBHI", icmp_type, 0, 0, flags) + t6
    if opt_type:
        body += struct.pack("!BB", opt_type, 1) + m
    pseudo = s6 + d6 + struct.pack("!I3xB", len(body), 58)
    c = csum(pseudo + body)
    body = body[:2] + struct.pack("!H", c) + body[4:]
    ip6 = struct.pack("!IHBB", 0x60000000, len(body), 58, 255) + s6 + d6
    return dst_mac + m + struct.pack("!H", ETH_P_IPV6) + ip6 + body


def solicited_node(ip):
    t = ipaddress.IPv6Address(ip).packed
    return "ff02::1:ff%02x:%02x%02x" % (t[13], t[14], t[15]), b"\x33\x33\xff" + t[13:16]


def frame(kind, ip, mac, dst=BCAST, target=None):
    if kind == "garp":
        return arp(1, mac, ip, target or ip, dst)
    if kind == "arp-reply":
        return arp(2, mac, ip, ip, dst)
    if kind == "arp-probe":
        return arp(1, mac, "0.0.0.0", ip, dst)
    if kind == "na":
        # solicited 0, override 1, target LLA option
        return icmp6(mac, ip, "ff02::1", b"\x33\x33\x00\x00\x00\x01", 136, 0x20000000, ip, 2)
    if kind == "ns":
        snm, dmac = solicited_node("fe80::1")
        return icmp6(mac, ip, snm, dmac, 135, 0, "fe80::1", 1)
    if kind == "dad":
        snm, dmac = solicited_node(ip)
        return icmp6(mac, "::", snm, dmac, 135, 0, ip, 0)
    raise SystemExit("unknown kind " + kind)


def open_sock(ifname, proto=ETH_P_ARP):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(proto))
    s.bind((ifname, proto))
    return s


def own_mac(ifname):
    with open("/sys/class/net/{}/address".format(ifname)) as f:
        return mac_bytes(f.read().strip())


def answers(s, seconds, answer_mac):
    """MACs of the frames answer_mac(frame) names, for seconds, in order."""
    macs = []
    end = time.time() + seconds
    while time.time() < end:
        r, _, _ = select.select([s], [], [], max(0.0, end - time.time()))
        if not r:
            break
        mac = answer_mac(s.recv(2048))
        if mac:
            macs.append(mac)
    return macs


def ask_arp(ifname, sender_ip, target_ip, seconds):
    s = open_sock(ifname)
    me = own_mac(ifname)
    s.send(arp(1, me, sender_ip, target_ip))

    def reply(f):
        if len(f) < 42 or f[12:14] != b"\x08\x06" or f[0:6] != me:
            return None
        op = struct.unpack("!H", f[20:22])[0]
        if op == 2 and socket.inet_ntoa(f[28:32]) == target_ip:
            return mac_str(f[22:28])
        return None

    print(json.dumps(answers(s, seconds, reply)))


def ask_ns(ifname, sender_ip, target_ip, seconds):
    s = open_sock(ifname, ETH_P_IPV6)
    me = own_mac(ifname)
    tgt = socket.inet_pton(socket.AF_INET6, target_ip)
    snm, dmac = solicited_node(target_ip)
    s.send(icmp6(me, sender_ip, snm, dmac, 135, 0, target_ip, 1))

    def advert(f):
        # Ethernet 14 + IPv6 40: ICMPv6 type 136 (NA) for our target
        if len(f) < 78 or f[20] != 58 or f[54] != 136 or f[62:78] != tgt or f[0:6] != me:
            return None
        return mac_str(f[6:12])

    print(json.dumps(answers(s, seconds, advert)))


def spoof(ifname, src_mac, count):
    s = open_sock(ifname)
    for _ in range(count):
        s.send(frame("garp", "10.10.0.99", src_mac))
        time.sleep(0.05)
    print(count)


def send(argv):
    p = argparse.ArgumentParser()
    p.add_argument("iface")
    p.add_argument("kind")
    p.add_argument("ip")
    p.add_argument("mac")
    p.add_argument("--count", type=int, default=1)
    p.add_argument("--pps", type=float, default=0, help="0: as fast as possible")
    p.add_argument("--secs", type=float, default=0, help="send for this long instead")
    p.add_argument("--dst", default=None, help="unicast ARP to this MAC")
    p.add_argument("--spread", type=int, default=1, help="claim N consecutive addresses")
    p.add_argument("--mac-spread", type=int, default=1, help="from N consecutive MACs")
    p.add_argument("--target", default=None, help="ARP: ask for this address")
    a = p.parse_args(argv)
    dst = mac_bytes(a.dst) if a.dst else BCAST
    base = ipaddress.ip_address(a.ip)
    mac0 = int.from_bytes(mac_bytes(a.mac), "big")
    n = max(a.spread, a.mac_spread, 1)
    frames = [
        frame(
            a.kind,
            str(base + i % max(a.spread, 1)),
            (mac0 + i % max(a.mac_spread, 1)).to_bytes(6, "big"),
            dst,
            a.target,
        )
        for i in range(n)
    ]
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((a.iface, 0))
    sent = 0
    end = time.time() + a.secs if a.secs else None
    while (end and time.time() < end) or (not end and sent < a.count):
        try:
            s.send(frames[sent % len(frames)])
            sent += 1
        except BlockingIOError:
            pass
        except OSError:
            time.sleep(0.001)
        if a.pps:
            time.sleep(1.0 / a.pps)
    print(sent)


if __name__ == "__main__":
    cmd = sys.argv[1] if len(sys.argv) > 1 else ""
    if cmd == "arp":
        ask_arp(sys.argv[2], sys.argv[3], sys.argv[4], float(sys.argv[5]))
    elif cmd == "ns":
        ask_ns(sys.argv[2], sys.argv[3], sys.argv[4], float(sys.argv[5]))
    elif cmd == "spoof":
        spoof(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    else:
        send(sys.argv[1:])

#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""
Sends hand-made ARP and IPv6 neighbour discovery frames out of one
interface (run inside a host's namespace), for tests that need frames a
kernel would not send on its own: gratuitous ARP from a spoofer, an
unsolicited NA, a DAD NS, an ARP storm.

    hg_frames.py IFACE garp IP MAC              [--count N] [--pps R] [--secs S]
    hg_frames.py IFACE arp-reply IP MAC         (unsolicited reply, broadcast)
    hg_frames.py IFACE na IP6 MAC               (unsolicited NA to all-nodes)
    hg_frames.py IFACE dad IP6 MAC              (DAD NS from ::)

--dst MAC sends ARP frames unicast to MAC instead of broadcast; --spread N
cycles the claimed address through N consecutive addresses from IP.
"""
import argparse
import ipaddress
import socket
import struct
import time

BCAST = b"\xff" * 6


def mac_bytes(mac):
    return bytes(int(x, 16) for x in mac.split(":"))


def arp(op, mac, ip, target_ip, dst=BCAST):
    m = mac_bytes(mac)
    sip = socket.inet_aton(ip)
    tip = socket.inet_aton(target_ip)
    tha = b"\x00" * 6 if op == 1 else BCAST
    body = struct.pack("!HHBBH", 1, 0x0800, 6, 4, op) + m + sip + tha + tip
    return dst + m + b"\x08\x06" + body


def csum(data):
    if len(data) % 2:
        data += b"\x00"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return (~s) & 0xFFFF


def icmp6(mac, src, dst, dst_mac, icmp_type, flags, target, opt_type):
    m = mac_bytes(mac)
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
    return dst_mac + m + b"\x86\xdd" + ip6 + body


def frame(kind, ip, mac, dst=BCAST):
    if kind == "garp":
        return arp(1, mac, ip, ip, dst)
    if kind == "arp-reply":
        return arp(2, mac, ip, ip, dst)
    if kind == "na":
        # solicited 0, override 1, target LLA option
        return icmp6(mac, ip, "ff02::1", b"\x33\x33\x00\x00\x00\x01", 136, 0x20000000, ip, 2)
    if kind == "dad":
        t = ipaddress.IPv6Address(ip).packed
        snm = "ff02::1:ff%02x:%02x%02x" % (t[13], t[14], t[15])
        dmac = b"\x33\x33\xff" + t[13:16]
        return icmp6(mac, "::", snm, dmac, 135, 0, ip, 0)
    raise SystemExit("unknown kind " + kind)


def main():
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
    a = p.parse_args()
    dst = mac_bytes(a.dst) if a.dst else BCAST
    base = ipaddress.ip_address(a.ip)
    frames = [frame(a.kind, str(base + i), a.mac, dst) for i in range(max(a.spread, 1))]
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
    main()

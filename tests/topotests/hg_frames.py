#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""
Frames a test host sends and what comes back, run inside the host's
namespace (no scapy on these machines):

  hg_frames.py arp IFNAME SENDER_IP TARGET_IP SECONDS
      one ARP request; prints the JSON list of the MACs that answered, in
      order of arrival (every answer, not only the first)
  hg_frames.py ns IFNAME SENDER_IP6 TARGET_IP6 SECONDS
      one neighbour solicitation; prints the JSON list of the MACs that
      answered with a neighbour advertisement, in order of arrival
  hg_frames.py spoof IFNAME SRC_MAC COUNT
      COUNT broadcast ARP announcements with SRC_MAC as Ethernet source
"""
import json
import select
import socket
import struct
import sys
import time

ETH_P_ARP = 0x0806
ETH_P_IPV6 = 0x86DD


def mac_bytes(mac):
    return bytes(int(x, 16) for x in mac.split(":"))


def mac_str(b):
    return ":".join("%02x" % x for x in b)


def arp_frame(src_mac, dst_mac, op, sender_mac, sender_ip, target_mac, target_ip):
    eth = dst_mac + src_mac + struct.pack("!H", ETH_P_ARP)
    arp = struct.pack("!HHBBH", 1, 0x0800, 6, 4, op)
    arp += sender_mac + socket.inet_aton(sender_ip) + target_mac + socket.inet_aton(target_ip)
    return eth + arp


def open_sock(ifname, proto=ETH_P_ARP):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(proto))
    s.bind((ifname, proto))
    return s


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def ns_frame(src_mac, sender_ip, target_ip):
    src = socket.inet_pton(socket.AF_INET6, sender_ip)
    tgt = socket.inet_pton(socket.AF_INET6, target_ip)
    dst = socket.inet_pton(socket.AF_INET6, "ff02::1:ff00:0")[:13] + tgt[13:]
    icmp = struct.pack("!BBHI", 135, 0, 0, 0) + tgt + struct.pack("!BB", 1, 1) + src_mac
    pseudo = src + dst + struct.pack("!I3xB", len(icmp), 58)
    icmp = icmp[:2] + struct.pack("!H", checksum(pseudo + icmp)) + icmp[4:]
    ip6 = struct.pack("!IHBB", 6 << 28, len(icmp), 58, 255) + src + dst
    eth = b"\x33\x33" + dst[12:] + src_mac + struct.pack("!H", ETH_P_IPV6)
    return eth + ip6 + icmp


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


def arp(ifname, sender_ip, target_ip, seconds):
    s = open_sock(ifname)
    me = own_mac(ifname)
    s.send(arp_frame(me, b"\xff" * 6, 1, me, sender_ip, b"\x00" * 6, target_ip))

    def reply(f):
        if len(f) < 42 or f[12:14] != b"\x08\x06" or f[0:6] != me:
            return None
        op = struct.unpack("!H", f[20:22])[0]
        if op == 2 and socket.inet_ntoa(f[28:32]) == target_ip:
            return mac_str(f[22:28])
        return None

    print(json.dumps(answers(s, seconds, reply)))


def ns(ifname, sender_ip, target_ip, seconds):
    s = open_sock(ifname, ETH_P_IPV6)
    me = own_mac(ifname)
    tgt = socket.inet_pton(socket.AF_INET6, target_ip)
    s.send(ns_frame(me, sender_ip, target_ip))

    def advert(f):
        # Ethernet 14 + IPv6 40: ICMPv6 type 136 (NA) for our target
        if len(f) < 78 or f[20] != 58 or f[54] != 136 or f[62:78] != tgt or f[0:6] != me:
            return None
        return mac_str(f[6:12])

    print(json.dumps(answers(s, seconds, advert)))


def spoof(ifname, src_mac, count):
    s = open_sock(ifname)
    src = mac_bytes(src_mac)
    for _ in range(count):
        s.send(arp_frame(src, b"\xff" * 6, 1, src, "10.10.0.99", b"\x00" * 6, "10.10.0.99"))
        time.sleep(0.05)


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "arp":
        arp(sys.argv[2], sys.argv[3], sys.argv[4], float(sys.argv[5]))
    elif cmd == "ns":
        ns(sys.argv[2], sys.argv[3], sys.argv[4], float(sys.argv[5]))
    elif cmd == "spoof":
        spoof(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    else:
        sys.exit("unknown command " + cmd)

#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""
Frames a test host sends and what comes back, run inside the host's
namespace (no scapy on these machines):

  hg_frames.py arp IFNAME SENDER_IP TARGET_IP SECONDS
      one ARP request; prints the JSON list of the MACs that answered, in
      order of arrival (every answer, not only the first)
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


def mac_bytes(mac):
    return bytes(int(x, 16) for x in mac.split(":"))


def mac_str(b):
    return ":".join("%02x" % x for x in b)


def arp_frame(src_mac, dst_mac, op, sender_mac, sender_ip, target_mac, target_ip):
    eth = dst_mac + src_mac + struct.pack("!H", ETH_P_ARP)
    arp = struct.pack("!HHBBH", 1, 0x0800, 6, 4, op)
    arp += sender_mac + socket.inet_aton(sender_ip) + target_mac + socket.inet_aton(target_ip)
    return eth + arp


def open_sock(ifname):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ARP))
    s.bind((ifname, ETH_P_ARP))
    return s


def own_mac(ifname):
    with open("/sys/class/net/{}/address".format(ifname)) as f:
        return mac_bytes(f.read().strip())


def arp(ifname, sender_ip, target_ip, seconds):
    s = open_sock(ifname)
    me = own_mac(ifname)
    s.send(arp_frame(me, b"\xff" * 6, 1, me, sender_ip, b"\x00" * 6, target_ip))
    answers = []
    end = time.time() + seconds
    while time.time() < end:
        r, _, _ = select.select([s], [], [], max(0.0, end - time.time()))
        if not r:
            break
        f = s.recv(2048)
        if len(f) < 42 or f[12:14] != b"\x08\x06":
            continue
        op = struct.unpack("!H", f[20:22])[0]
        if op == 2 and socket.inet_ntoa(f[28:32]) == target_ip and f[0:6] == me:
            answers.append(mac_str(f[22:28]))
    print(json.dumps(answers))


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
    elif cmd == "spoof":
        spoof(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    else:
        sys.exit("unknown command " + cmd)

# SPDX-License-Identifier: GPL-2.0-or-later
"""
Helpers of the ARP/ND suppression topotests: hand-made frames sent from a
node (hg_frames.py), tcpdump captures in a node's namespace, snooped
bindings as hostguardctl shows them.
"""
import os
import re
import time

from hostguard_fabric import hgctl, wait_for
from lib.topogen import get_topogen

FRAMES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "hg_frames.py")


def send(node, iface, kind, ip, mac, extra=""):
    return node.run("python3 {} {} {} {} {} {}".format(FRAMES, iface, kind, ip, mac, extra))


def bindings(pe):
    return hgctl(pe, "show hostguard bindings json")["bindings"]


def binding_of(pe, ip):
    for b in bindings(pe):
        if b["ip"] == ip:
            return b
    return None


def snoop_stats(pe):
    return hgctl(pe, "show hostguard status json")["snoop"]


def mtype_count(router, name, daemon="zebra"):
    """Allocations of one memory type (FRR's MTYPE accounting)."""
    out = router.vtysh_cmd("show memory " + daemon)
    m = re.search(r"^{}\s*:\s*(\d+)".format(re.escape(name)), out, re.M)
    return int(m.group(1)) if m else 0


def kernel_neigh(pe, ip):
    return pe.cmd("ip neigh show {} dev vnet100".format(ip)).strip()


class Capture:
    """tcpdump in a node's namespace, line-buffered into a file."""

    def __init__(self, node, iface, flt, name, opts=""):
        self.node = node
        self.out = os.path.join(get_topogen().logdir, name + ".txt")
        node.cmd("rm -f {o}".format(o=self.out))
        self.pid = node.cmd(
            "timeout 60 tcpdump -nn -l {x} -i {i} '{f}' > {o} 2>&1 & echo $!".format(
                x=opts, i=iface, f=flt, o=self.out
            )
        ).strip()
        wait_for(
            lambda: "listening on" in node.cmd("cat " + self.out),
            timeout=10,
            interval=0.2,
            what="tcpdump on " + iface,
        )

    def stop(self):
        time.sleep(1)
        self.node.cmd("kill -INT {} 2>/dev/null; sleep 0.3".format(self.pid))
        return self.node.cmd("cat " + self.out)


def arp_requests(text, target, sender):
    return re.findall(r"who-has {} tell {}\b".format(re.escape(target), re.escape(sender)), text)


def ns_requests(text, target, sender):
    return re.findall(
        r"{} > \S+: ICMP6, neighbor solicitation, who has {}\b".format(
            re.escape(sender), re.escape(target)
        ),
        text,
    )

# frames.py SEED COUNT OUT.pcap - varied frames for the bonding hash (run in the guest, scapy)
import random, sys
from scapy.all import Ether, IP, IPv6, UDP, TCP, ICMP, ICMPv6EchoRequest, ARP, Dot1Q, GRE, Raw, wrpcap, IPv6ExtHdrFragment
r = random.Random(int(sys.argv[1])); n = int(sys.argv[2])
def mac(): return "02:%02x:%02x:%02x:%02x:%02x" % tuple(r.randrange(256) for _ in range(5))
def ip4(): return "10.%d.%d.%d" % (r.randrange(256), r.randrange(256), r.randrange(1, 255))
def ip6(): return "fd00::%x:%x" % (r.randrange(65536), r.randrange(65536))
def l4():
    k = r.randrange(3)
    sp, dp = r.randrange(1, 65536), r.randrange(1, 65536)
    if k == 0: return UDP(sport=sp, dport=dp) / Raw(b"x" * r.randrange(0, 40))
    if k == 1: return TCP(sport=sp, dport=dp, flags="A")
    return ICMP(id=r.choice([0, 1, r.randrange(65536)]), seq=r.randrange(100))
out = []
for i in range(n):
    e = Ether(src=mac(), dst=mac())
    k = r.randrange(20)
    if k < 9: p = e / IP(src=ip4(), dst=ip4()) / l4()
    elif k < 11: p = e / IP(src=ip4(), dst=ip4(), flags=r.choice(["MF", 0]), frag=r.choice([0, 0, 100])) / UDP(sport=r.randrange(65536), dport=r.randrange(65536))
    elif k < 14: p = e / IPv6(src=ip6(), dst=ip6(), fl=r.randrange(1 << 20)) / r.choice([UDP(sport=r.randrange(65536), dport=r.randrange(65536)), TCP(sport=r.randrange(65536), dport=r.randrange(65536)), ICMPv6EchoRequest(id=r.randrange(65536))])
    elif k < 15: p = e / ARP(psrc=ip4(), pdst=ip4(), hwsrc=e.src)
    elif k < 16: p = e / Dot1Q(vlan=r.randrange(1, 4095)) / IP(src=ip4(), dst=ip4()) / UDP(sport=r.randrange(65536), dport=r.randrange(65536))
    elif k < 17: p = e / IP(src=ip4(), dst=ip4()) / GRE() / IP(src=ip4(), dst=ip4()) / UDP(sport=r.randrange(65536), dport=r.randrange(65536))
    elif k < 18: p = e / IP(src=ip4(), dst=ip4(), proto=4) / IP(src=ip4(), dst=ip4()) / TCP(sport=r.randrange(65536), dport=r.randrange(65536))
    elif k < 19: p = e / IPv6(src=ip6(), dst=ip6()) / IPv6ExtHdrFragment(offset=r.choice([0, 10]), m=1) / UDP(sport=r.randrange(65536), dport=r.randrange(65536))
    else: p = e / IP(src=ip4(), dst=ip4(), ihl=6, options=b"\x01\x01\x01\x00") / UDP(sport=r.randrange(65536), dport=r.randrange(65536))
    out.append(p)
wrpcap(sys.argv[3], out)

"""Direct floods: UDP, SYN, ACK, RST, other TCP flags, ICMP, GRE, other IP protocols.
Each builder returns (emit, labels): emit() gives the IPv4 packets of one event."""

import os

from capture_writer import patch
from scapy.all import GRE, ICMP, IP, TCP, UDP, Ether, Raw
from traffic_sources import Sources, pick_attacker_kind

VICTIM = "198.51.100.10"
RESERVED = {17, 19, 53, 69, 111, 123, 137, 161, 389, 427, 500, 520, 623, 1194, 1434, 1900, 3283, 3478,
            3702, 4500, 5060, 5351, 5353, 5683, 10001, 10074, 11211, 27015, 32414, 33848, 37810, 47808}
LINUX_SYN = [("MSS", 1460), ("SAckOK", b""), ("Timestamp", (12345, 0)), ("NOP", None), ("WScale", 7)]


def tpl(packet):
    return bytes(packet)


def ephemeral(rng):
    while True:
        port = rng.randint(1024, 65535)
        if port not in RESERVED:
            return port


def labels(src):
    """Ground truth; "botnet" is settled after writing, from the sources actually used."""
    return {"spoofed": src.spoofed, "botnet": lambda: src.botnet, "kind": src.kind}


def mirai_syn_options(rng):
    return [("MSS", 1400 + rng.randint(0, 15)), ("SAckOK", b""), ("Timestamp", (rng.getrandbits(32), 0)),
            ("NOP", None), ("WScale", 6)]


def udp_flood(rng, i):
    src = Sources(pick_attacker_kind(i), rng)
    sizes = rng.choice([[0], [64], [512], [1400], [16, 100, 600, 1200, 1472]])
    templates = [tpl(IP(dst=VICTIM) / UDP(sport=1, dport=1) / Raw(os.urandom(n))) for n in sizes]
    dport = rng.choice([None, None, 80, 443, 7777, 123, 3074])
    return (lambda: [patch(rng.choice(templates), *src.next(), rng.getrandbits(16), ephemeral(rng),
                           dport or rng.randint(1, 65535))]), labels(src)


def tcp_flood(rng, i, flags_choice, payload_choice=(0,)):
    src = Sources(pick_attacker_kind(i), rng)
    flags = rng.choice(flags_choice)
    size = rng.choice(payload_choice)
    options = mirai_syn_options(rng) if flags == "S" and src.kind == "botnet" and i % 8 == 2 else (
        rng.choice([[], LINUX_SYN]) if flags in ("S", "SEC") else [])
    if flags == "A" and src.kind == "botnet" and i % 8 == 2:
        size = 512  # Mirai's ACK flood payload
    template = tpl(IP(dst=VICTIM, flags="DF") / TCP(sport=1, dport=1, flags=flags, window=rng.randint(512, 65535),
                                                     options=options) / Raw(os.urandom(size)))
    dport = rng.choice([None, 80, 443, 22, 25565, 30120])
    replies = src.kind == "real" and flags in ("S", "SEC") and i % 3 == 0
    answer = tpl(IP(src=VICTIM, dst="192.0.2.1", ttl=64) / TCP(sport=80, dport=1, flags=rng.choice(["SA", "RA"])))

    def emit():
        address, ttl = src.next()
        port = dport or rng.randint(1, 65535)
        packets = [patch(template, address, ttl, rng.getrandbits(16), ephemeral(rng), port, rng.getrandbits(32))]
        if replies and rng.random() < 0.6:
            packets.append(patch(answer, 0xC633640A, 64, rng.getrandbits(16), port, ephemeral(rng), rng.getrandbits(32)))
        return packets

    return emit, labels(src)


def syn_flood(rng, i):
    return tcp_flood(rng, i, ["S", "S", "SEC"])


def ack_flood(rng, i):
    if i % 5 == 4:
        return synack_reflection(rng)
    return tcp_flood(rng, i, ["A"], (0, 0, 6, 24))


def synack_reflection(rng):
    src = Sources("reflectors", rng)
    templates = [tpl(IP(dst=VICTIM) / TCP(sport=port, dport=1, flags="SA", options=[("MSS", 1460)]))
                 for port in (80, 443)]
    emit = lambda: [patch(rng.choice(templates), *src.next(), rng.getrandbits(16), None, ephemeral(rng),
                          rng.getrandbits(32))]
    return emit, {"spoofed": False, "botnet": False, "kind": "reflectors"}


def rst_flood(rng, i):
    return tcp_flood(rng, i, ["R", "RA"])


def tcp_flag_flood(rng, i):
    return tcp_flood(rng, i, ["FPU", "", "F", "FA", "PA", "UA", "SF"], (0, 0, 32, 512))


def icmp_flood(rng, i):
    src = Sources(pick_attacker_kind(i), rng)
    kind = rng.choice([(8, 0), (8, 0), (0, 0), (3, 3), (13, 0), (rng.randint(0, 40), 0)])
    templates = [tpl(IP(dst=VICTIM) / ICMP(type=kind[0], code=kind[1]) / Raw(os.urandom(n)))
                 for n in rng.choice([[56], [1000], [8, 56, 512, 1400]])]
    return (lambda: [patch(rng.choice(templates), *src.next(), rng.getrandbits(16))]), labels(src)


def gre_flood(rng, i):
    kind = pick_attacker_kind(i)
    src = Sources(kind, rng)
    inner = IP(src="10.1.2.3", dst=VICTIM) / UDP(sport=ephemeral(rng), dport=rng.randint(1, 65535)) / Raw(os.urandom(512))
    variant = "greip" if kind == "real" else rng.choice(["greip", "greeth", "generic"])
    if variant == "greip":
        packet = IP(dst=VICTIM) / GRE(proto=0x0800) / inner
    elif variant == "greeth":
        packet = IP(dst=VICTIM) / GRE(proto=0x6558) / Ether() / inner
    else:
        packet = IP(dst=VICTIM) / GRE(proto=0x88BE, seqnum_present=1, sequence_number=1) / Raw(os.urandom(rng.choice([64, 512, 1200])))
    template = tpl(packet)
    return (lambda: [patch(template, *src.next(), rng.getrandbits(16))]), labels(src)


def ip_protocol_flood(rng, i):
    src = Sources(pick_attacker_kind(i), rng)
    protocols = rng.choice([[50], [0], [255], [4, 41, 50, 51, 89, 103, 132], list(range(60, 140))])
    templates = [tpl(IP(dst=VICTIM, proto=p) / Raw(os.urandom(rng.choice([20, 64, 400, 1200])))) for p in protocols]
    return (lambda: [patch(rng.choice(templates), *src.next(), rng.getrandbits(16))]), labels(src)


def syn_and_rst_flood(rng, i):
    """A SYN flood and an RST flood at once (spoofed), to one port: two vectors, not one."""
    syn, _ = tcp_flood(rng, 1, ["S"])
    rst, _ = tcp_flood(rng, 5, ["R"])
    return (lambda: rng.choice([syn, rst])()), {"spoofed": True, "botnet": False, "kind": "spoofed SYN+RST"}

"""Reflection / amplification: responses from real reflectors (stable, plausible TTLs),
sent from the abused service's port to the victim. Large answers are IP-fragmented."""

import os
import struct

from capture_writer import patch
from flood_families import VICTIM, ephemeral, tpl
from scapy.all import DNS, DNSQR, DNSRR, IP, UDP, Raw, fragment
from traffic_sources import Sources

LABELS = {"spoofed": False, "botnet": False, "kind": "reflectors"}


def reflect(rng, sport, payloads, mtu_split=True, pool=None):
    """Emitter of UDP datagrams from `sport` carrying one of `payloads`, fragmented above 1480 bytes."""
    src = Sources("reflectors", rng, pool=pool or rng.choice([20, 60, 300, 1200, 3000]))
    dport = rng.choice([None, None, 80, 3074, 30120])
    templates = []
    for payload in payloads:
        packet = IP(dst=VICTIM, id=1) / UDP(sport=sport, dport=1) / Raw(payload)
        templates.append([bytes(f) for f in fragment(packet, fragsize=1480)] if mtu_split else [tpl(packet)])

    def emit():
        frames = rng.choice(templates)
        address, ttl = src.next()
        ip_id, port = rng.getrandbits(16), dport or ephemeral(rng)
        return [patch(f, address, ttl, ip_id, sport, port, first=(n == 0)) for n, f in enumerate(frames)]

    return emit, dict(LABELS)


def name(rng):
    return ".".join(os.urandom(4).hex() for _ in range(rng.randint(1, 2))) + rng.choice([".com", ".net", ".org"])


def dns_amplification(rng, i, size=None, pool=None):
    qtype = rng.choice(["ANY", "ANY", "TXT", "RRSIG", "A"])
    size = size or rng.choice([1, 4, 12, 30])  # answer records: small, ~1 kB, ~3 kB, ~8 kB
    payloads = []
    for _ in range(3):
        domain = name(rng)
        answers = [DNSRR(rrname=domain, type="TXT", ttl=300, rdata=os.urandom(120).hex()[:200]) for _ in range(size)]
        response = DNS(id=rng.getrandbits(16), qr=1, aa=1, rd=1, ra=1, qd=DNSQR(qname=domain, qtype=qtype),
                       an=answers if len(answers) > 1 else answers[0], ancount=len(answers))
        payloads.append(bytes(response))
    return reflect(rng, 53, payloads, pool=pool)


def ntp_amplification(rng, i, pool=None):
    items = rng.choice([1, 3, 6])
    def monlist():
        header = struct.pack("!BBBBHH", 0xD7, rng.randint(0, 127), 3, 42, items, 72)
        return header + b"".join(os.urandom(72) for _ in range(items))
    payloads = [monlist() for _ in range(3)]
    if i % 4 == 3:
        payloads.append(bytes([0x24, 2, 6, 0xEC]) + os.urandom(44))  # a few mode-4 server replies
    return reflect(rng, 123, payloads, pool=pool)


def memcached_amplification(rng, i):
    total = rng.choice([1, 4, 20])
    request_id = rng.getrandbits(16)
    first = struct.pack("!HHHH", request_id, 0, total, 0) + b"VALUE k%d 0 %d\r\n" % (i, 1400 * total) + os.urandom(1350)
    later = [struct.pack("!HHHH", request_id, n, total, 0) + os.urandom(1400) for n in range(1, total)]
    return reflect(rng, 11211, [first] + later)


def ssdp_amplification(rng, i):
    payloads = []
    for st in ("upnp:rootdevice", "urn:schemas-upnp-org:device:InternetGatewayDevice:1", "ssdp:all"):
        payloads.append(
            (
                "HTTP/1.1 200 OK\r\nCACHE-CONTROL: max-age=1800\r\nDATE: Mon, 01 Jan 2024 00:00:00 GMT\r\nEXT:\r\n"
                f"LOCATION: http://192.168.1.1:{rng.randint(1024, 60000)}/rootDesc.xml\r\nSERVER: Linux UPnP/1.0\r\n"
                f"ST: {st}\r\nUSN: uuid:{os.urandom(16).hex()}::{st}\r\n\r\n"
            ).encode()
        )
    return reflect(rng, 1900, payloads)


def cldap():
    entry = b"\x64" + b"\x82" + struct.pack("!H", 1400) + os.urandom(1400)
    return b"\x30\x82" + struct.pack("!H", len(entry) + 3) + b"\x02\x01\x01" + entry


def chargen(rng):
    line = bytes(range(33, 127)) * 2
    return b"".join(line[k : k + 72] + b"\r\n" for k in range(rng.randint(5, 14)))


def snmp_response():
    pdu = b"\xa2\x82" + struct.pack("!H", 1000) + os.urandom(1000)
    body = b"\x02\x01\x01" + b"\x04\x06public" + pdu
    return b"\x30\x82" + struct.pack("!H", len(body)) + body


def other_reflection(rng, i):
    service = i % 6
    if service == 0:
        return reflect(rng, 389, [cldap() for _ in range(3)])
    if service == 1:
        return reflect(rng, 19, [chargen(rng) for _ in range(3)])
    if service == 2:
        return reflect(rng, 161, [snmp_response() for _ in range(3)])
    port = (3702, 3283, 47808)[service - 3]
    return reflect(rng, port, [os.urandom(rng.choice([300, 800, 1200])) for _ in range(3)])


# Named cases for the live = offline test: fragmented answers and reflector crowds that are no botnet.
def dns_fragmented(rng, i):
    return dns_amplification(rng, i, size=30, pool=1200)


def cldap_fragmented(rng, i):
    return reflect(rng, 389, [cldap() for _ in range(3)], pool=1200)


def reflector_crowd(rng, i):
    return ntp_amplification(rng, i, pool=3000)


EXTRA_CASES = [
    ("DNS_AMPLIFICATION", dns_fragmented),
    ("REFLECTION_OTHER", cldap_fragmented),
    ("NTP_AMPLIFICATION", reflector_crowd),
]

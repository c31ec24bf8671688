"""Connection-shaped traffic: HTTP floods (full TCP sessions with GETs) and benign
traffic (bulk transfer, browsing, DNS lookups, QUIC and VoIP streams) at varied rates."""

import os

from capture_writer import patch
from flood_families import VICTIM, ephemeral, tpl
from scapy.all import DNS, DNSQR, DNSRR, ICMP, IP, TCP, UDP, Raw
from traffic_sources import Sources, public_ip, real_ttl

AGENTS = ["Mozilla/5.0 (Windows NT 10.0; Win64; x64)", "Mozilla/5.0 (X11; Linux x86_64)", "curl/8.5.0",
          "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X)"]


def http_flood(rng, i):
    src = Sources(("botnet", "real", "botnet")[i % 3], rng, pool=rng.choice([None, 80, 150]))
    port = rng.choice([80, 80, 8080])
    gets = [tpl(IP(dst=VICTIM) / TCP(sport=1, dport=port, flags="PA") / Raw(
        f"GET /{os.urandom(6).hex()}?q={k} HTTP/1.1\r\nHost: shop.example\r\nUser-Agent: {rng.choice(AGENTS)}\r\n"
        f"Accept: */*\r\nConnection: keep-alive\r\n\r\n".encode())) for k in range(5)]
    syn, ack, fin = (tpl(IP(dst=VICTIM) / TCP(sport=1, dport=port, flags=f)) for f in ("S", "A", "FA"))
    reply = tpl(IP(src=VICTIM, dst="192.0.2.1") / TCP(sport=port, dport=1, flags="PA") / Raw(b"HTTP/1.1 200 OK\r\n\r\n" + os.urandom(900)))
    per_session = rng.choice([1, 1, 3, 10])
    answers = i % 4 == 1

    def emit():
        address, ttl = src.next()
        sport, seq = ephemeral(rng), rng.getrandbits(32)
        out = [patch(syn, address, ttl, rng.getrandbits(16), sport, None, seq),
               patch(ack, address, ttl, rng.getrandbits(16), sport, None, seq + 1)]
        for _ in range(per_session):
            out.append(patch(rng.choice(gets), address, ttl, rng.getrandbits(16), sport, None, seq + 1))
            if answers:
                out.append(patch(reply, 0xC633640A, 64, rng.getrandbits(16), None, sport, rng.getrandbits(32)))
        out.append(patch(fin, address, ttl, rng.getrandbits(16), sport, None, seq + 2))
        return out

    return emit, {"spoofed": False, "botnet": lambda: src.botnet, "kind": src.kind}


def benign(rng, i):
    """Returns (emit, labels, pps override): normal traffic the classifier must not call an attack."""
    variant = i % 6
    server, client = public_ip(rng), 0xC633640A
    s_ttl = real_ttl(rng)
    if variant == 0:  # TCP bulk download at high rate: data segments and the client's ACKs
        data = tpl(IP(dst=VICTIM) / TCP(sport=443, dport=1, flags="A") / Raw(os.urandom(1448)))
        acks = tpl(IP(src=VICTIM, dst="192.0.2.1") / TCP(sport=1, dport=443, flags="A"))
        cport = ephemeral(rng)
        emit = lambda: [patch(data, server, s_ttl, rng.getrandbits(16), None, cport, rng.getrandbits(32)),
                        patch(data, server, s_ttl, rng.getrandbits(16), None, cport, rng.getrandbits(32)),
                        patch(acks, client, 64, rng.getrandbits(16), cport, None, rng.getrandbits(32))]
        return emit, rng.choice([6000, 20000, 60000])
    if variant == 1:  # QUIC / video download: one server on udp/443 and the client's acknowledgements
        down = tpl(IP(dst=VICTIM) / UDP(sport=443, dport=1) / Raw(os.urandom(1250)))
        up = tpl(IP(src=VICTIM, dst="192.0.2.1") / UDP(sport=1, dport=443) / Raw(os.urandom(40)))
        cport = ephemeral(rng)
        emit = lambda: [patch(down, server, s_ttl, rng.getrandbits(16), None, cport)] * 4 + [
            patch(up, client, 64, rng.getrandbits(16), cport, None)]
        return emit, rng.choice([3000, 12000])
    if variant == 2:  # DNS lookups at a normal rate
        resolver = public_ip(rng)
        query = tpl(IP(src=VICTIM, dst="192.0.2.1") / UDP(sport=1, dport=53) / DNS(rd=1, qd=DNSQR(qname="example.com")))
        answer = tpl(IP(dst=VICTIM) / UDP(sport=53, dport=1) / DNS(qr=1, rd=1, ra=1, qd=DNSQR(qname="example.com"),
                                                               an=DNSRR(rrname="example.com", rdata="93.184.216.34")))
        def emit():
            port = ephemeral(rng)
            return [patch(query, client, 64, rng.getrandbits(16), port, None), patch(answer, resolver, 57, rng.getrandbits(16), None, port)]
        return emit, rng.choice([40, 200])
    if variant == 3:  # browsing: a dozen servers, handshakes, requests, responses
        servers = [(public_ip(rng), real_ttl(rng)) for _ in range(12)]
        syn = tpl(IP(src=VICTIM, dst="192.0.2.1") / TCP(sport=1, dport=443, flags="S"))
        synack = tpl(IP(dst=VICTIM) / TCP(sport=443, dport=1, flags="SA"))
        data = tpl(IP(dst=VICTIM) / TCP(sport=443, dport=1, flags="PA") / Raw(os.urandom(1200)))
        ack = tpl(IP(src=VICTIM, dst="192.0.2.1") / TCP(sport=1, dport=443, flags="A"))
        def emit():
            address, ttl = rng.choice(servers)
            port = ephemeral(rng)
            out = [patch(syn, client, 64, 1, port, None, 1), patch(synack, address, ttl, 2, None, port, 2)]
            for _ in range(rng.randint(3, 30)):
                out += [patch(data, address, ttl, 3, None, port, 3), patch(ack, client, 64, 4, port, None, 4)]
            return out
        return emit, rng.choice([300, 900])
    if variant == 4:  # a VoIP call: RTP both ways between two fixed ports
        rtp_in = tpl(IP(dst=VICTIM) / UDP(sport=16384, dport=16386) / Raw(os.urandom(172)))
        rtp_out = tpl(IP(src=VICTIM, dst="192.0.2.1") / UDP(sport=16386, dport=16384) / Raw(os.urandom(172)))
        emit = lambda: [patch(rtp_in, server, s_ttl, rng.getrandbits(16)), patch(rtp_out, client, 64, rng.getrandbits(16))]
        return emit, rng.choice([100, 2000])
    ping = tpl(IP(src=VICTIM, dst="192.0.2.1") / ICMP(type=8) / Raw(os.urandom(56)))
    pong = tpl(IP(dst=VICTIM) / ICMP(type=0) / Raw(os.urandom(56)))
    ssh = tpl(IP(dst=VICTIM) / TCP(sport=22, dport=50000, flags="PA") / Raw(os.urandom(100)))
    emit = lambda: [patch(ping, client, 64, 1), patch(pong, server, s_ttl, 2)] + [patch(ssh, server, s_ttl, 3)] * 8
    return emit, rng.choice([20, 500])


def client_hello(rng):
    """A TLS 1.2/1.3 ClientHello record: handshake (22), version 3.1, type 1, random, SNI-sized padding."""
    body = b"\x03\x03" + os.urandom(32) + b"\x20" + os.urandom(32) + b"\x00\x04\x13\x01\x13\x02\x01\x00"
    body += b"\x00\x40" + os.urandom(64)
    handshake = b"\x01" + len(body).to_bytes(3, "big") + body
    return b"\x16\x03\x01" + len(handshake).to_bytes(2, "big") + handshake


def https_flood(rng, i):
    """New HTTPS sessions: SYN, ACK, ClientHello to 443, then FIN; from a botnet or a few real hosts."""
    src = Sources(("botnet", "real")[i % 2], rng)
    hellos = [tpl(IP(dst=VICTIM) / TCP(sport=1, dport=443, flags="PA") / Raw(client_hello(rng))) for _ in range(4)]
    syn, ack, fin = (tpl(IP(dst=VICTIM) / TCP(sport=1, dport=443, flags=f)) for f in ("S", "A", "FA"))

    def emit():
        address, ttl = src.next()
        sport, seq = ephemeral(rng), rng.getrandbits(32)
        return [patch(syn, address, ttl, rng.getrandbits(16), sport, None, seq),
                patch(ack, address, ttl, rng.getrandbits(16), sport, None, seq + 1),
                patch(rng.choice(hellos), address, ttl, rng.getrandbits(16), sport, None, seq + 1),
                patch(fin, address, ttl, rng.getrandbits(16), sport, None, seq + 2)]

    return emit, {"spoofed": False, "botnet": lambda: src.botnet, "kind": src.kind}


def port_scan(rng, i):
    """A SYN scan (nmap -sS style: one host, one source port, each port in turn) and the victim's RSTs."""
    address, ttl = public_ip(rng), real_ttl(rng)
    sport = ephemeral(rng)
    syn = tpl(IP(dst=VICTIM) / TCP(sport=1, dport=1, flags="S", options=[("MSS", 1460)]))
    rst = tpl(IP(src=VICTIM, dst="192.0.2.1", ttl=64) / TCP(sport=1, dport=1, flags="RA"))
    state = {"port": rng.randint(1, 2000)}

    def emit():
        state["port"] = state["port"] % 65535 + 1
        port = state["port"]
        return [patch(syn, address, ttl, rng.getrandbits(16), sport, port, rng.getrandbits(32)),
                patch(rst, 0xC633640A, 64, rng.getrandbits(16), port, sport, 0)]

    return emit, {"spoofed": False, "botnet": False, "kind": "scanner"}

#!/usr/bin/env python3
"""Writes labelled attack and benign captures for levee-agent's analyze tests.

Usage: gen_attacks.py OUTDIR [--per-family N] [--seed S] [--extra]
(--extra: only the named cases of reflection_families.EXTRA_CASES, fragmented answers and
reflector crowds.)
Writes OUTDIR/<family>-<n>.pcap and OUTDIR/manifest.json, a list of
{file, family (null = benign), spoofed, botnet, kind, pps, packets}; spoofed / botnet are
null where a capture has no single answer (benign, multi-vector). Captures vary rate,
size, source count and TTL pattern, byte order, timestamp resolution and link type.
"""

import json
import os
import sys

import flood_families as floods
import reflection_families as reflection
import session_traffic as sessions
from capture_writer import ETHERNET, LINUX_SLL, RAW, PcapWriter
from traffic_sources import rng_for

FAMILIES = {
    "UDP_FLOOD": floods.udp_flood,
    "SYN_FLOOD": floods.syn_flood,
    "ACK_FLOOD": floods.ack_flood,
    "RST_FLOOD": floods.rst_flood,
    "TCP_FLAG_FLOOD": floods.tcp_flag_flood,
    "ICMP_FLOOD": floods.icmp_flood,
    "GRE_FLOOD": floods.gre_flood,
    "IP_PROTOCOL_FLOOD": floods.ip_protocol_flood,
    "DNS_AMPLIFICATION": reflection.dns_amplification,
    "NTP_AMPLIFICATION": reflection.ntp_amplification,
    "MEMCACHED_AMPLIFICATION": reflection.memcached_amplification,
    "SSDP_AMPLIFICATION": reflection.ssdp_amplification,
    "REFLECTION_OTHER": reflection.other_reflection,
    "HTTP_FLOOD": sessions.http_flood,
}
MIXABLE = ["UDP_FLOOD", "SYN_FLOOD", "ICMP_FLOOD", "DNS_AMPLIFICATION", "NTP_AMPLIFICATION", "ACK_FLOOD",
           "GRE_FLOOD", "MEMCACHED_AMPLIFICATION"]


def multi_vector(rng, i):
    # ACK and SYN floods are not mixed: a SYN flood's ACK-flagged answers are attributed to it.
    pool = [name for name in MIXABLE if name != "ACK_FLOOD"] if i % 2 else [n for n in MIXABLE if n != "SYN_FLOOD"]
    chosen = rng.sample(pool, 3 if i % 3 == 0 else 2)
    emitters = [FAMILIES[name](rng, i + k)[0] for k, name in enumerate(chosen)]
    # Unequal shares, each at least a quarter of the events.
    weights = [1.0] * len(emitters) if len(emitters) == 3 else [1.0, rng.choice([1.0, 1.5, 2.5])]
    kind = "+".join(chosen)
    return (lambda: rng.choices(emitters, weights)[0]()), {"spoofed": None, "botnet": None, "kind": kind}


def background(rng):
    """Ordinary traffic at its own rate beside an attack: a bulk download, DNS, VoIP or ping + ssh."""
    emit, pps = sessions.benign(rng, rng.choice([0, 2, 4, 5]))
    return emit, min(pps, rng.choice([300, 1000, 2000]))


def write_capture(path, i, streams, packets):
    """Writes `packets` packets from (emit, pps) streams, interleaved by time."""
    link = (ETHERNET, ETHERNET, ETHERNET, RAW, LINUX_SLL)[i % 5]
    writer = PcapWriter(path, link=link, big_endian=i % 7 == 3, nanosecond=i % 6 == 5, vlan=100 if i % 5 == 2 else None)
    start = 1_700_000_000 + i * 1000
    clocks = [start + k * 1e-7 for k in range(len(streams))]
    pending = [[] for _ in streams]
    while writer.count < packets:
        k = min(range(len(streams)), key=clocks.__getitem__)
        if not pending[k]:
            pending[k] = streams[k][0]()
        writer.write(clocks[k], pending[k].pop(0))
        clocks[k] += 1.0 / streams[k][1]
    writer.close()
    return writer.count


def main():
    out = sys.argv[1]
    per_family = int(sys.argv[sys.argv.index("--per-family") + 1]) if "--per-family" in sys.argv else 20
    seed = sys.argv[sys.argv.index("--seed") + 1] if "--seed" in sys.argv else "levee"
    os.makedirs(out, exist_ok=True)
    manifest = []
    plan = list(FAMILIES.items()) + [("MULTI_VECTOR", multi_vector), ("BENIGN", None)]
    if "--extra" in sys.argv:
        plan = reflection.EXTRA_CASES + [("HTTP_FLOOD", sessions.https_flood), ("BENIGN", sessions.port_scan),
                                         ("MULTI_VECTOR", floods.syn_and_rst_flood)]
    for family, build in plan:
        for i in range(per_family):
            rng = rng_for(seed, family, i)
            if build is None:
                streams = [sessions.benign(rng, i)]
                labels = {"spoofed": None, "botnet": None, "kind": "benign"}
            else:
                emit, labels = build(rng, i)
                streams = [(emit, rng.choice([1200, 2500, 5000, 12000, 30000, 60000]))]
                if i % 4 == 1:
                    streams.append(background(rng))
                    labels["kind"] += "+background"
            packets = rng.randint(1500, 3000)
            case = f"-{build.__name__}" if "--extra" in sys.argv else ""
            name = f"{family.lower()}{case}-{i:02d}.pcap"
            written = write_capture(os.path.join(out, name), i, streams, packets)
            if callable(labels["botnet"]):
                labels["botnet"] = labels["botnet"]()
            manifest.append({"file": name, "family": None if family == "BENIGN" else family, **labels,
                             "pps": sum(pps for _, pps in streams), "packets": written})
    with open(os.path.join(out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)


if __name__ == "__main__":
    main()

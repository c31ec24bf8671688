"""Fast pcap writing for generated test captures.

Scapy builds one template per packet kind (correct headers, payloads and checksums);
each packet is then a copy of its template with source, TTL, IP ID, ports and TCP
sequence patched in place, the IP header checksum recomputed and the TCP/UDP checksum
adjusted incrementally (RFC 1624), so thousands of packets cost milliseconds.
"""

import struct

ETHERNET, RAW, LINUX_SLL = 1, 101, 113


def _fold(s):
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return s


def _ip_checksum(header):
    return (~_fold(sum(struct.unpack("!%dH" % (len(header) // 2), header)))) & 0xFFFF


def _adjust(checksum, old, new):
    """RFC 1624: checksum after the 16-bit words `old` became `new`."""
    s = (~checksum) & 0xFFFF
    for o, n in zip(old, new):
        s += ((~o) & 0xFFFF) + n
    return (~_fold(s)) & 0xFFFF


def patch(template, src, ttl, ip_id, sport=None, dport=None, seq=None, first=True):
    """A copy of an IPv4 packet template with new fields; `first` is False for later fragments."""
    b = bytearray(template)
    ihl = (b[0] & 0x0F) * 4
    proto = b[9]
    old_words = list(struct.unpack_from("!HH", b, 12))
    struct.pack_into("!I", b, 12, src)
    new_words = list(struct.unpack_from("!HH", b, 12))
    b[8] = ttl
    struct.pack_into("!H", b, 4, ip_id & 0xFFFF)
    if first and proto in (6, 17) and len(b) >= ihl + 8:
        l4 = ihl
        if sport is not None:
            old_words.append(struct.unpack_from("!H", b, l4)[0])
            struct.pack_into("!H", b, l4, sport)
            new_words.append(sport)
        if dport is not None:
            old_words.append(struct.unpack_from("!H", b, l4 + 2)[0])
            struct.pack_into("!H", b, l4 + 2, dport)
            new_words.append(dport)
        if proto == 6 and seq is not None and len(b) >= l4 + 20:
            old_words.extend(struct.unpack_from("!HH", b, l4 + 4))
            struct.pack_into("!I", b, l4 + 4, seq & 0xFFFFFFFF)
            new_words.extend(struct.unpack_from("!HH", b, l4 + 4))
        at = l4 + (16 if proto == 6 else 6)
        if len(b) >= at + 2:
            old = struct.unpack_from("!H", b, at)[0]
            if proto == 6 or old != 0:
                value = _adjust(old, old_words, new_words)
                struct.pack_into("!H", b, at, value if (proto == 6 or value) else 0xFFFF)
    struct.pack_into("!H", b, 10, 0)
    struct.pack_into("!H", b, 10, _ip_checksum(bytes(b[:ihl])))
    return bytes(b)


class PcapWriter:
    """Classic pcap in either byte order, micro- or nanosecond stamps; Ethernet (optionally
    802.1Q-tagged), Linux cooked (SLL) or raw-IP framing around IPv4 packets."""

    def __init__(self, path, link=ETHERNET, big_endian=False, nanosecond=False, vlan=None):
        self.f = open(path, "wb")
        self.order = ">" if big_endian else "<"
        self.nano = nanosecond
        self.link = link
        self.vlan = vlan
        magic = 0xA1B23C4D if nanosecond else 0xA1B2C3D4
        self.f.write(struct.pack(self.order + "IHHiIII", magic, 2, 4, 0, 0, 65535, link))
        self.eth = bytes.fromhex("020000000001" "020000000002")
        self.count = 0

    def frame(self, ip):
        if self.link == RAW:
            return ip
        if self.link == LINUX_SLL:
            return struct.pack("!HHH8sH", 0, 1, 6, b"\x02\x00\x00\x00\x00\x02\x00\x00", 0x0800) + ip
        if self.vlan is not None:
            return self.eth + struct.pack("!HHH", 0x8100, self.vlan, 0x0800) + ip
        return self.eth + b"\x08\x00" + ip

    def write(self, ts, ip):
        data = self.frame(ip)
        seconds = int(ts)
        fraction = int(round((ts - seconds) * (1e9 if self.nano else 1e6)))
        fraction = min(fraction, 999_999_999 if self.nano else 999_999)
        self.f.write(struct.pack(self.order + "IIII", seconds, fraction, len(data), len(data)))
        self.f.write(data)
        self.count += 1

    def close(self):
        self.f.close()

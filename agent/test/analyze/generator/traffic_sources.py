"""Who sends the generated packets: spoofed, real, botnet or reflector sources, each
with the TTL behaviour of its kind (random spoofing shows random TTLs or one TTL for
all; real hosts keep one TTL per path, starting at 64, 128 or 255)."""

import ipaddress
import random

BOGONS = [
    ipaddress.ip_network(n)
    for n in (
        "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
        "192.0.0.0/24", "192.0.2.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24",
        "203.0.113.0/24", "224.0.0.0/3",
    )
]


def is_bogon(address):
    ip = ipaddress.ip_address(address)
    return any(ip in net for net in BOGONS)


def public_ip(rng):
    while True:
        address = rng.randint(0x01000000, 0xDFFFFFFF)
        if not is_bogon(address):
            return address


def real_ttl(rng):
    return rng.choice((64, 64, 128, 128, 255)) - rng.randint(4, 28)


class Sources:
    """`kind`: real (1-4 hosts), spoofed_random_ttl, spoofed_fixed_ttl, botnet (pool of
    hosts with stable TTLs) or reflectors (same, named for reflection families)."""

    def __init__(self, kind, rng, pool=None):
        self.kind = kind
        self.rng = rng
        self.fixed_ttls = [rng.choice((242, 244, 57, 113, 64, 50))]
        if rng.random() < 0.5:
            self.fixed_ttls.append(self.fixed_ttls[0] + 2)
        if kind == "real":
            size = pool or rng.randint(1, 4)
        elif kind in ("botnet", "reflectors"):
            size = pool or rng.randint(300, 1500)
        else:
            size = 0
        self.hosts = [(public_ip(rng), real_ttl(rng)) for _ in range(size)]
        self.seen = set()

    @property
    def spoofed(self):
        return self.kind.startswith("spoofed")

    @property
    def botnet(self):
        """A botnet: at least 300 distinct genuine sources actually sent packets."""
        return self.kind == "botnet" and len(self.seen) >= 300

    def next(self):
        if self.kind == "spoofed_random_ttl":
            return self.rng.randint(0x01000000, 0xDFFFFFFF), self.rng.randint(1, 255)
        if self.kind == "spoofed_fixed_ttl":
            return self.rng.randint(0x01000000, 0xDFFFFFFF), self.rng.choice(self.fixed_ttls)
        host = self.rng.choice(self.hosts)
        self.seen.add(host[0])
        return host


def pick_attacker_kind(i):
    return ("real", "spoofed_random_ttl", "botnet", "spoofed_fixed_ttl")[i % 4]


def rng_for(seed, family, i):
    return random.Random(f"{seed}:{family}:{i}")

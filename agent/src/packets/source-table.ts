import { mix32 } from "./hyperloglog.ts";

const MAX_TTLS = 8;
const EMPTY = -1;

/** Hash of a source key (IPv4 number, or an IPv6 key ≥ 2^32 built by ipv6Key). */
export function keyHash(key: number): number {
  const high = Math.floor(key / 0x100000000);
  return mix32((key >>> 0) ^ Math.imul(high, 0x9e3779b1));
}

/**
 * Per-source counters for one interval: packets, bytes and up to 8 distinct TTLs, in an
 * open-addressing table over typed arrays (no allocation per packet). When it holds
 * `maxEntries` sources it keeps the heavier half (lossy from then on, like Misra–Gries),
 * so memory stays bounded under floods of random spoofed sources.
 */
export class SourceTable {
  readonly maxEntries: number;
  size = 0;
  /** True once an eviction dropped sources: counts are then lower bounds. */
  lossy = false;
  /** Set by add(): whether the last key was not yet in the table. */
  inserted = false;
  private readonly mask: number;
  private keys: Float64Array;
  readonly packets: Uint32Array;
  readonly bytes: Float64Array;
  readonly ttls: Uint8Array;
  readonly ttlCount: Uint8Array;
  /** Bit mask of the protocol classes (see PROTOCOL_BITS in the extractor) each source sent. */
  readonly protocols: Uint8Array;
  /** The 16 address bytes of IPv6 sources. */
  readonly v6: Uint8Array;
  /** Slots in use, in insertion order (for iteration and cheap reset). */
  readonly used: Int32Array;

  constructor(maxEntries = 65_536) {
    this.maxEntries = maxEntries;
    let capacity = 16;
    while (capacity < maxEntries * 2) capacity *= 2;
    this.mask = capacity - 1;
    this.keys = new Float64Array(capacity).fill(EMPTY);
    this.packets = new Uint32Array(capacity);
    this.bytes = new Float64Array(capacity);
    this.ttls = new Uint8Array(capacity * MAX_TTLS);
    this.ttlCount = new Uint8Array(capacity);
    this.protocols = new Uint8Array(capacity);
    this.v6 = new Uint8Array(capacity * 16);
    this.used = new Int32Array(maxEntries);
  }

  key(slot: number): number {
    return this.keys[slot] as number;
  }

  /** Counts one packet of `key`; returns its slot. */
  add(key: number, hash: number, ttl: number, bytes: number, protocolBit: number): number {
    let slot = hash & this.mask;
    for (;;) {
      const existing = this.keys[slot] as number;
      if (existing === key) break;
      if (existing === EMPTY) {
        if (this.size >= this.maxEntries) {
          this.evict();
          return this.add(key, hash, ttl, bytes, protocolBit);
        }
        this.keys[slot] = key;
        this.used[this.size++] = slot;
        this.inserted = true;
        this.packets[slot] = 1;
        this.bytes[slot] = bytes;
        this.ttls[slot * MAX_TTLS] = ttl;
        this.ttlCount[slot] = 1;
        this.protocols[slot] = protocolBit;
        return slot;
      }
      slot = (slot + 1) & this.mask;
    }
    this.inserted = false;
    this.protocols[slot] = (this.protocols[slot] as number) | protocolBit;
    this.packets[slot] = (this.packets[slot] as number) + 1;
    this.bytes[slot] = (this.bytes[slot] as number) + bytes;
    const count = this.ttlCount[slot] as number;
    const base = slot * MAX_TTLS;
    for (let i = 0; i < count; i++) if (this.ttls[base + i] === ttl) return slot;
    if (count < MAX_TTLS) {
      this.ttls[base + count] = ttl;
      this.ttlCount[slot] = count + 1;
    }
    return slot;
  }

  /** Distinct TTLs seen from the source in `slot`. */
  ttlsOf(slot: number): number[] {
    const base = slot * MAX_TTLS;
    return Array.from(this.ttls.subarray(base, base + (this.ttlCount[slot] as number))).sort((a, b) => a - b);
  }

  reset(): void {
    for (let i = 0; i < this.size; i++) this.keys[this.used[i] as number] = EMPTY;
    this.size = 0;
    this.lossy = false;
  }

  /** Keeps the sources with more packets than a cut-off chosen so at most half remain. */
  private evict(): void {
    const histogram = new Uint32Array(17);
    for (let i = 0; i < this.size; i++) {
      const bin = Math.min(16, this.packets[this.used[i] as number] as number);
      histogram[bin] = (histogram[bin] as number) + 1;
    }
    let cutoff = 0;
    let above = this.size;
    while (above > this.maxEntries / 2 && cutoff < 16) above -= histogram[++cutoff] as number;
    const kept: {
      key: number;
      packets: number;
      bytes: number;
      ttls: Uint8Array;
      count: number;
      protocols: number;
      v6: Uint8Array;
    }[] = [];
    for (let i = 0; i < this.size; i++) {
      const slot = this.used[i] as number;
      if ((this.packets[slot] as number) <= cutoff || kept.length >= this.maxEntries / 2) continue;
      kept.push({
        key: this.keys[slot] as number,
        packets: this.packets[slot] as number,
        bytes: this.bytes[slot] as number,
        ttls: this.ttls.slice(slot * MAX_TTLS, slot * MAX_TTLS + MAX_TTLS),
        count: this.ttlCount[slot] as number,
        protocols: this.protocols[slot] as number,
        v6: this.v6.slice(slot * 16, slot * 16 + 16),
      });
    }
    this.reset();
    this.lossy = true;
    for (const entry of kept) {
      let slot = keyHash(entry.key) & this.mask;
      while (this.keys[slot] !== EMPTY) slot = (slot + 1) & this.mask;
      this.keys[slot] = entry.key;
      this.used[this.size++] = slot;
      this.packets[slot] = entry.packets;
      this.bytes[slot] = entry.bytes;
      this.ttls.set(entry.ttls, slot * MAX_TTLS);
      this.ttlCount[slot] = entry.count;
      this.protocols[slot] = entry.protocols;
      this.v6.set(entry.v6, slot * 16);
    }
  }
}

import { mix32 } from "./hyperloglog.ts";

const SLOTS = 4096;
const EMPTY = 0;
const FIRST_SEEN = 1;
const ORPHANS = 2;

/** A 32-bit name of one IP datagram: source, destination, protocol and IP ID together. */
export function datagramHash(
  sourceHash: number,
  destinationHash: number,
  protocol: number,
  id: number,
): number {
  return mix32(sourceHash ^ mix32(destinationHash ^ mix32((id >>> 0) ^ (protocol << 24))));
}

/**
 * Attributes IP fragments to their datagram (source, destination, protocol, IP ID), so every
 * fragment of an amplified answer counts for the ports and payload signature its first fragment
 * carries, in whichever order the fragments arrive: later fragments seen before their first are
 * held as a count and credited when it comes. Direct-mapped and fixed-size (4,096 datagrams,
 * ~60 KiB): a collision forgets the older datagram, so memory never grows with the traffic.
 */
export class FragmentCache {
  private readonly key = new Uint32Array(SLOTS);
  private readonly state = new Uint8Array(SLOTS);
  readonly srcPort = new Uint16Array(SLOTS);
  readonly dstPort = new Uint16Array(SLOTS);
  readonly hasPorts = new Uint8Array(SLOTS);
  readonly signatures = new Uint32Array(SLOTS);
  private readonly waiting = new Uint32Array(SLOTS);
  /** Later fragments of this interval whose first fragment has not been seen (yet). */
  unmatched = 0;

  private slot(datagram: number): number {
    return datagram >>> 20;
  }

  /**
   * The first fragment of `datagram`: remembers what it carries; returns how many later
   * fragments of it arrived before it (to be credited with its ports and signatures now).
   */
  first(datagram: number, ports: { has: boolean; src: number; dst: number }, signatures: number): number {
    const slot = this.slot(datagram);
    // Only fragments of this interval are credited (earlier ones were summarised already).
    const waiting =
      this.state[slot] === ORPHANS && this.key[slot] === datagram ? (this.waiting[slot] as number) : 0;
    const early = Math.min(waiting, this.unmatched);
    this.unmatched -= early;
    this.key[slot] = datagram;
    this.state[slot] = FIRST_SEEN;
    this.hasPorts[slot] = ports.has ? 1 : 0;
    this.srcPort[slot] = ports.src;
    this.dstPort[slot] = ports.dst;
    this.signatures[slot] = signatures;
    this.waiting[slot] = 0;
    return early;
  }

  /** A later fragment: the slot of its first fragment, or -1 (then it waits for it, counted as unmatched). */
  later(datagram: number): number {
    const slot = this.slot(datagram);
    if (this.key[slot] === datagram && this.state[slot] === FIRST_SEEN) return slot;
    if (this.key[slot] !== datagram || this.state[slot] === EMPTY) {
      this.key[slot] = datagram;
      this.state[slot] = ORPHANS;
      this.waiting[slot] = 0;
    }
    this.waiting[slot] = (this.waiting[slot] as number) + 1;
    this.unmatched++;
    return -1;
  }

  /** The unmatched count of the interval that ends; datagrams are remembered across intervals. */
  takeUnmatched(): number {
    const n = this.unmatched;
    this.unmatched = 0;
    return n;
  }
}

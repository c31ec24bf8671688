/**
 * The last `capacity` packets, in one preallocated buffer of `capacity × snaplen` bytes: memory is
 * fixed, and adding a packet is a copy, never an allocation.
 */
export class PacketRing {
  private readonly data: Buffer;
  private readonly lengths: Uint32Array;
  private readonly wireLengths: Uint32Array;
  private readonly seconds: Uint32Array;
  private readonly micros: Uint32Array;
  private next = 0;
  private count = 0;

  constructor(
    readonly capacity: number,
    private readonly snaplen: number,
  ) {
    this.data = Buffer.alloc(capacity * snaplen);
    this.lengths = new Uint32Array(capacity);
    this.wireLengths = new Uint32Array(capacity);
    this.seconds = new Uint32Array(capacity);
    this.micros = new Uint32Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  push(packet: Uint8Array, wireLength: number, tsSec: number, tsUsec: number): void {
    if (this.capacity === 0) return;
    const slot = this.next;
    const length = Math.min(packet.length, this.snaplen);
    this.data.set(packet.subarray(0, length), slot * this.snaplen);
    this.lengths[slot] = length;
    this.wireLengths[slot] = wireLength;
    this.seconds[slot] = tsSec;
    this.micros[slot] = tsUsec;
    this.next = (slot + 1) % this.capacity;
    this.count = Math.min(this.count + 1, this.capacity);
  }

  /** Oldest to newest; `data` is a view into the ring, valid only during the call. */
  forEach(visit: (data: Buffer, wireLength: number, tsSec: number, tsUsec: number) => void): void {
    const first = (this.next - this.count + this.capacity) % Math.max(1, this.capacity);
    for (let i = 0; i < this.count; i++) {
      const slot = (first + i) % this.capacity;
      const start = slot * this.snaplen;
      visit(
        this.data.subarray(start, start + (this.lengths[slot] as number)),
        this.wireLengths[slot] as number,
        this.seconds[slot] as number,
        this.micros[slot] as number,
      );
    }
  }

  clear(): void {
    this.count = 0;
    this.next = 0;
  }
}

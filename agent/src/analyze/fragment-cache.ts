const SLOTS = 4096;

/**
 * Remembers, for recent first fragments, their ports and payload signatures, keyed by
 * (source, IP ID, protocol), so later fragments of the same datagram are counted for the
 * same ports and signatures (amplified DNS answers arrive as trains of fragments).
 * Direct-mapped and fixed-size: a collision simply forgets the older datagram.
 */
export class FragmentCache {
  private readonly source = new Uint32Array(SLOTS);
  private readonly id = new Int32Array(SLOTS).fill(-1);
  private readonly protocol = new Uint8Array(SLOTS);
  readonly srcPort = new Uint16Array(SLOTS);
  readonly dstPort = new Uint16Array(SLOTS);
  readonly signatures = new Uint32Array(SLOTS);

  private slot(sourceHash: number, id: number): number {
    return (sourceHash ^ Math.imul(id, 0x9e3779b1)) >>> 20;
  }

  remember(
    sourceHash: number,
    id: number,
    protocol: number,
    srcPort: number,
    dstPort: number,
    signatures: number,
  ): void {
    const slot = this.slot(sourceHash, id);
    this.source[slot] = sourceHash;
    this.id[slot] = id;
    this.protocol[slot] = protocol;
    this.srcPort[slot] = srcPort;
    this.dstPort[slot] = dstPort;
    this.signatures[slot] = signatures;
  }

  /** Slot of the first fragment of this datagram, or -1 if it was not seen. */
  find(sourceHash: number, id: number, protocol: number): number {
    const slot = this.slot(sourceHash, id);
    return this.id[slot] === id && this.source[slot] === sourceHash && this.protocol[slot] === protocol
      ? slot
      : -1;
  }
}

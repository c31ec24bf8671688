/** Test data: classic pcap files built in memory. */
/** A classic pcap with `lengths` packets (little endian, µs unless nano). */
export function pcapBytes(lengths: number[], { nano = false, bigEndian = false, snaplen = 256 } = {}) {
  const size = 24 + lengths.reduce((n, l) => n + 16 + l, 0);
  const buf = Buffer.alloc(size);
  const u32 = (v: number, at: number) => (bigEndian ? buf.writeUInt32BE(v, at) : buf.writeUInt32LE(v, at));
  u32(nano ? 0xa1b23c4d : 0xa1b2c3d4, 0);
  buf.writeUInt16LE(2, 4);
  buf.writeUInt16LE(4, 6);
  u32(snaplen, 16);
  u32(1, 20);
  let at = 24;
  for (const length of lengths) {
    u32(1_700_000_000, at);
    u32(5, at + 4);
    u32(length, at + 8);
    u32(length, at + 12);
    at += 16 + length;
  }
  return new Uint8Array(buf);
}

/**
 * Checks an uploaded capture is a whole classic pcap file (either byte order, micro- or
 * nanosecond timestamps) and counts its packets by walking the record headers. Pure.
 */
export interface PcapInfo {
  linkType: number;
  snaplen: number;
  packets: number;
  nanosecond: boolean;
}

const MAGIC: Record<number, { littleEndian: boolean; nanosecond: boolean }> = {
  2712847316: { littleEndian: false, nanosecond: false },
  3569595041: { littleEndian: true, nanosecond: false },
  2712812621: { littleEndian: false, nanosecond: true },
  1295823521: { littleEndian: true, nanosecond: true },
};
const PCAPNG = 0x0a0d0d0a;
const GLOBAL_HEADER = 24;
const RECORD_HEADER = 16;

export class PcapFormatError extends Error {
  override name = "PcapFormatError";
}

export function inspectPcap(bytes: Uint8Array): PcapInfo {
  if (bytes.length < GLOBAL_HEADER) throw new PcapFormatError("file is shorter than a pcap header");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0, false);
  if (magic === PCAPNG)
    throw new PcapFormatError("pcapng is not accepted; send classic pcap (levee-agent writes it)");
  const format = MAGIC[magic];
  if (!format) throw new PcapFormatError("not a pcap file (unknown magic number)");
  const le = format.littleEndian;
  const snaplen = view.getUint32(16, le);
  const linkType = view.getUint32(20, le) & 0x0fffffff;
  let packets = 0;
  let offset = GLOBAL_HEADER;
  while (offset < bytes.length) {
    if (offset + RECORD_HEADER > bytes.length)
      throw new PcapFormatError(`truncated record header after ${packets} packets`);
    const captured = view.getUint32(offset + 8, le);
    if (captured > Math.max(snaplen, 262_144))
      throw new PcapFormatError(`record ${packets + 1} claims ${captured} bytes, more than the snap length`);
    if (format.nanosecond && view.getUint32(offset + 4, le) >= 1e9)
      throw new PcapFormatError(`record ${packets + 1} has an invalid timestamp`);
    offset += RECORD_HEADER + captured;
    if (offset > bytes.length) throw new PcapFormatError(`truncated packet data in record ${packets + 1}`);
    packets++;
  }
  return { linkType, snaplen, packets, nanosecond: format.nanosecond };
}

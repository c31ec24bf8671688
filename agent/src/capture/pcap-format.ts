/**
 * Classic libpcap file format (what tcpdump -w writes): a 24-byte global header, then per packet
 * a 16-byte record header and the captured bytes. Little-endian, microsecond timestamps.
 * https://www.tcpdump.org/manpages/pcap-savefile.5.html
 */
export const PCAP_MAGIC_USEC = 0xa1b2c3d4;
export const GLOBAL_HEADER_BYTES = 24;
export const RECORD_HEADER_BYTES = 16;

/** libpcap's DLT names (as the `pcap` package reports them) → LINKTYPE_ numbers for the file. */
export const LINK_TYPES: Readonly<Record<string, number>> = {
  LINKTYPE_NULL: 0,
  LINKTYPE_ETHERNET: 1,
  LINKTYPE_RAW: 101,
  LINKTYPE_LINUX_SLL: 113,
  LINKTYPE_IEEE802_11_RADIO: 127,
};

export function linkTypeNumber(name: string): number {
  const value = LINK_TYPES[name];
  if (value === undefined) throw new Error(`unsupported link type ${name}`);
  return value;
}

export function globalHeader(snaplen: number, linkType: number): Buffer {
  const header = Buffer.alloc(GLOBAL_HEADER_BYTES);
  header.writeUInt32LE(PCAP_MAGIC_USEC, 0);
  header.writeUInt16LE(2, 4); // version 2.4
  header.writeUInt16LE(4, 6);
  header.writeInt32LE(0, 8); // thiszone: timestamps are UTC
  header.writeUInt32LE(0, 12); // sigfigs
  header.writeUInt32LE(snaplen, 16);
  header.writeUInt32LE(linkType, 20);
  return header;
}

/** Writes a record header into `target` at `offset` (no allocation: used per packet). */
export function writeRecordHeader(
  target: Buffer,
  offset: number,
  tsSec: number,
  tsUsec: number,
  capturedLength: number,
  wireLength: number,
): void {
  target.writeUInt32LE(tsSec >>> 0, offset);
  target.writeUInt32LE(tsUsec >>> 0, offset + 4);
  target.writeUInt32LE(capturedLength, offset + 8);
  target.writeUInt32LE(wireLength, offset + 12);
}

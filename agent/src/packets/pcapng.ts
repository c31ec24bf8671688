import { type CaptureReadStats, noteLinkType, type PacketSink, readU16, readU32 } from "./link-types.ts";

const SECTION_HEADER = 0x0a0d0d0a;
const INTERFACE_DESCRIPTION = 1;
const OBSOLETE_PACKET = 2;
const SIMPLE_PACKET = 3;
const ENHANCED_PACKET = 6;
const MAX_BLOCK = 64 * 1024 * 1024;

interface Interface {
  linkType: number;
  snaplen: number;
  /** Timestamp units per second (if_tsresol; microseconds by default). */
  unitsPerSecond: number;
}

/**
 * Block parser for pcapng: section headers in either byte order, interface descriptions
 * (link type, snaplen, if_tsresol) and enhanced / simple / obsolete packet blocks. Every
 * block carries its own length, so a corrupt packet block is skipped exactly; a block
 * length that cannot be genuine ends the read (stats.stoppedEarly says where).
 */
export class PcapngParser {
  needed = 12;
  done = false;
  private bigEndian = false;
  private interfaces: Interface[] = [];

  constructor(private readonly stats: CaptureReadStats) {}

  parse(buf: Uint8Array, start: number, end: number, _eof: boolean, sink: PacketSink): number {
    let o = start;
    while (!this.done && end - o >= 12) {
      // The section header's type reads the same in both byte orders.
      if (readU32(buf, o, false) === SECTION_HEADER) {
        const order = readU32(buf, o + 8, false);
        if (order !== 0x1a2b3c4d && order !== 0x4d3c2b1a)
          return this.stop(end, o, "section header with a bad byte-order magic");
        this.bigEndian = order === 0x4d3c2b1a;
        this.stats.bigEndian = this.bigEndian;
        this.interfaces = [];
      }
      const length = readU32(buf, o + 4, this.bigEndian);
      if (length < 12 || length % 4 !== 0 || length > MAX_BLOCK) {
        return this.stop(end, o, `block with impossible length ${length}`);
      }
      if (end - o < length) {
        this.needed = length;
        return o;
      }
      if (readU32(buf, o + length - 4, this.bigEndian) !== length) {
        return this.stop(end, o, "block whose trailing length does not match");
      }
      const blockType = readU32(buf, o, this.bigEndian);
      if (blockType === INTERFACE_DESCRIPTION) this.addInterface(buf, o, length);
      else if (blockType === ENHANCED_PACKET || blockType === OBSOLETE_PACKET)
        this.packet(buf, o, length, blockType, sink);
      else if (blockType === SIMPLE_PACKET) this.simplePacket(buf, o, length, sink);
      o += length;
    }
    this.needed = 12;
    return o;
  }

  private stop(end: number, o: number, why: string): number {
    this.done = true;
    this.stats.stoppedEarly = `pcapng ${why} at byte ${o} of the buffered data; the rest of the file was skipped`;
    this.stats.corruptRecords++;
    return end;
  }

  private addInterface(buf: Uint8Array, o: number, length: number): void {
    if (length < 20) return;
    const linkType = readU16(buf, o + 8, this.bigEndian);
    const iface: Interface = { linkType, snaplen: readU32(buf, o + 12, this.bigEndian), unitsPerSecond: 1e6 };
    let p = o + 16;
    const optionsEnd = o + length - 4;
    while (p + 4 <= optionsEnd) {
      const code = readU16(buf, p, this.bigEndian);
      const size = readU16(buf, p + 2, this.bigEndian);
      if (code === 0 || p + 4 + size > optionsEnd) break;
      if (code === 9 && size >= 1) {
        const resolution = buf[p + 4] as number;
        const exponent = resolution & 0x7f;
        iface.unitsPerSecond = resolution & 0x80 ? 2 ** exponent : 10 ** exponent;
        if (iface.unitsPerSecond >= 1e9) this.stats.nanosecond = true;
      }
      p += 4 + ((size + 3) & ~3);
    }
    this.interfaces.push(iface);
    noteLinkType(this.stats, linkType);
  }

  private packet(buf: Uint8Array, o: number, length: number, type: number, sink: PacketSink): void {
    const iface =
      type === ENHANCED_PACKET
        ? this.interfaces[readU32(buf, o + 8, this.bigEndian)]
        : this.interfaces[readU16(buf, o + 8, this.bigEndian)];
    const caplen = readU32(buf, o + 20, this.bigEndian);
    const wire = readU32(buf, o + 24, this.bigEndian);
    if (!iface || length < 32 || caplen > length - 32) {
      this.stats.corruptRecords++;
      return;
    }
    const units = readU32(buf, o + 12, this.bigEndian) * 0x100000000 + readU32(buf, o + 16, this.bigEndian);
    this.stats.records++;
    sink(buf, o + 28, caplen, wire, units / iface.unitsPerSecond, iface.linkType);
  }

  private simplePacket(buf: Uint8Array, o: number, length: number, sink: PacketSink): void {
    const iface = this.interfaces[0];
    if (!iface || length < 16) {
      this.stats.corruptRecords++;
      return;
    }
    const wire = readU32(buf, o + 8, this.bigEndian);
    let caplen = Math.min(wire, length - 16);
    if (iface.snaplen > 0) caplen = Math.min(caplen, iface.snaplen);
    this.stats.records++;
    sink(buf, o + 12, caplen, wire, 0, iface.linkType);
  }
}

import { type CaptureReadStats, noteLinkType, type PacketSink, readU32 } from "./link-types.ts";

const RECORD_HEADER = 16;
/** libpcap's largest snapshot length; a caplen beyond it is never genuine. */
const MAX_CAPLEN = 262_144;
const YEAR_SECONDS = 366 * 86_400;

/**
 * Record parser for classic libpcap files: both byte orders, micro- and nanosecond
 * timestamps. A record header that cannot be genuine (caplen above the snapshot length,
 * caplen above the wire length, a fraction beyond one second) is counted as corrupt and
 * the parser looks for the next record whose header, and its successor's, are plausible.
 */
export class ClassicPcapParser {
  readonly bigEndian: boolean;
  readonly nanosecond: boolean;
  readonly linkType: number;
  readonly snaplen: number;
  /** Bytes the parser needs from the offset parse() returned before it can go on. */
  needed = RECORD_HEADER;
  done = false;
  private readonly maxCaplen: number;
  private readonly fractionScale: number;
  private lastSeconds = -1;
  private resyncing = false;

  constructor(
    header: Uint8Array,
    private readonly stats: CaptureReadStats,
  ) {
    const magic = readU32(header, 0, false);
    this.bigEndian = magic === 0xd4c3b2a1 || magic === 0x4d3cb2a1;
    this.nanosecond = magic === 0xa1b23c4d || magic === 0x4d3cb2a1;
    this.snaplen = readU32(header, 16, this.bigEndian);
    this.linkType = readU32(header, 20, this.bigEndian) & 0xffff;
    this.maxCaplen = this.snaplen > 0 && this.snaplen < MAX_CAPLEN ? this.snaplen : MAX_CAPLEN;
    this.fractionScale = this.nanosecond ? 1e-9 : 1e-6;
    stats.bigEndian = this.bigEndian;
    stats.nanosecond = this.nanosecond;
    noteLinkType(stats, this.linkType);
  }

  /** Parses the complete records in buf[start, end); returns where it stopped. */
  parse(buf: Uint8Array, start: number, end: number, eof: boolean, sink: PacketSink): number {
    let o = start;
    while (end - o >= RECORD_HEADER) {
      if (this.resyncing) {
        const found = this.scan(buf, o, end, eof);
        if (found < 0) return -found - 1;
        o = found;
        if (end - o < RECORD_HEADER) break;
        this.resyncing = false;
      } else if (!this.plausible(buf, o)) {
        this.stats.corruptRecords++;
        // The header may lie only about itself: try skipping exactly the length it claims.
        const skip = o + RECORD_HEADER + readU32(buf, o + 8, this.bigEndian);
        if (skip - o <= MAX_CAPLEN + RECORD_HEADER && skip <= end && this.anchored(buf, skip, end, eof)) {
          o = skip;
        } else {
          this.resyncing = true;
          this.stats.skippedBytes++;
          o++;
        }
        continue;
      }
      const caplen = readU32(buf, o + 8, this.bigEndian);
      if (end - o - RECORD_HEADER < caplen) {
        this.needed = RECORD_HEADER + caplen;
        return o;
      }
      const seconds = readU32(buf, o, this.bigEndian);
      const fraction = readU32(buf, o + 4, this.bigEndian);
      const wire = readU32(buf, o + 12, this.bigEndian);
      this.lastSeconds = seconds;
      this.stats.records++;
      sink(buf, o + RECORD_HEADER, caplen, wire, seconds + fraction * this.fractionScale, this.linkType);
      o += RECORD_HEADER + caplen;
    }
    this.needed = RECORD_HEADER;
    if (eof && this.resyncing) {
      this.stats.skippedBytes += end - o;
      return end;
    }
    return o;
  }

  /** True while the parser is skipping garbage after a corrupt record. */
  get skipping(): boolean {
    return this.resyncing;
  }

  /**
   * A header that can be genuine. While resynchronising, the timestamp must also lie within
   * a year of the last good record (random bytes rarely do); in sequence it may jump, as in
   * files concatenated from captures years apart.
   */
  private plausible(buf: Uint8Array, o: number): boolean {
    const seconds = readU32(buf, o, this.bigEndian);
    const fraction = readU32(buf, o + 4, this.bigEndian);
    const caplen = readU32(buf, o + 8, this.bigEndian);
    const wire = readU32(buf, o + 12, this.bigEndian);
    if (caplen > this.maxCaplen || wire < caplen || wire > MAX_CAPLEN * 4) return false;
    if (fraction >= (this.nanosecond ? 1e9 : 1e6)) return false;
    return !this.resyncing || this.lastSeconds < 0 || Math.abs(seconds - this.lastSeconds) <= YEAR_SECONDS;
  }

  /** Plausible and followed by another plausible record or the end of the file; undefined: need more data. */
  private anchored(buf: Uint8Array, p: number, end: number, eof: boolean): boolean | undefined {
    if (end - p < RECORD_HEADER) return eof ? false : undefined;
    if (!this.plausible(buf, p)) return false;
    const next = p + RECORD_HEADER + readU32(buf, p + 8, this.bigEndian);
    if (next === end && eof) return true;
    if (end - next < RECORD_HEADER) return eof ? false : undefined;
    return this.plausible(buf, next);
  }

  /** Offset of the next anchored record at or after o; -(offset + 1) when more data is needed first. */
  private scan(buf: Uint8Array, o: number, end: number, eof: boolean): number {
    for (let p = o; p < end; p++) {
      const ok = this.anchored(buf, p, end, eof);
      if (ok === true) return p;
      if (ok === undefined) {
        this.needed = MAX_CAPLEN + 2 * RECORD_HEADER;
        return -p - 1;
      }
      this.stats.skippedBytes++;
    }
    return end;
  }
}

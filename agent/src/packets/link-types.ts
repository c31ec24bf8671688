/** Link-layer header types (tcpdump.org/linktypes.html) that the packet decoder understands. */
export const LinkType = {
  NULL: 0,
  ETHERNET: 1,
  RAW_OPENBSD: 12,
  RAW_BSD: 14,
  RAW: 101,
  LOOP: 108,
  LINUX_SLL: 113,
  IPV4: 228,
  IPV6: 229,
  LINUX_SLL2: 276,
} as const;

const names: Record<number, string> = {
  0: "BSD loopback",
  1: "Ethernet",
  12: "raw IP",
  14: "raw IP",
  101: "raw IP",
  108: "OpenBSD loopback",
  113: "Linux cooked (SLL)",
  228: "raw IPv4",
  229: "raw IPv6",
  276: "Linux cooked v2 (SLL2)",
};

export function linkTypeName(linkType: number): string {
  return names[linkType] ?? `unsupported link type ${linkType}`;
}

/** Called once per captured record; `data[offset, offset + caplen)` is the frame as captured. */
export type PacketSink = (
  data: Uint8Array,
  offset: number,
  caplen: number,
  wireLength: number,
  tsSeconds: number,
  linkType: number,
) => void;

/** What reading a capture file found, beside the packets themselves. */
export interface CaptureReadStats {
  format: "pcap" | "pcapng";
  bigEndian: boolean;
  nanosecond: boolean;
  records: number;
  /** Records whose header was impossible (caplen > snaplen, bad lengths) and were skipped. */
  corruptRecords: number;
  /** A record cut off by the end of the file. */
  truncatedRecords: number;
  /** Bytes skipped while looking for the next plausible record after a corrupt one. */
  skippedBytes: number;
  linkTypes: number[];
  /** Set when the rest of a file could not be read (e.g. a pcapng block with an impossible length). */
  stoppedEarly: string | null;
}

export function emptyReadStats(format: "pcap" | "pcapng"): CaptureReadStats {
  return {
    format,
    bigEndian: false,
    nanosecond: false,
    records: 0,
    corruptRecords: 0,
    truncatedRecords: 0,
    skippedBytes: 0,
    linkTypes: [],
    stoppedEarly: null,
  };
}

export function noteLinkType(stats: CaptureReadStats, linkType: number): void {
  if (!stats.linkTypes.includes(linkType)) stats.linkTypes.push(linkType);
}

export function readU32(buf: Uint8Array, o: number, bigEndian: boolean): number {
  return bigEndian
    ? (buf[o] as number) * 0x1000000 +
        (((buf[o + 1] as number) << 16) | ((buf[o + 2] as number) << 8) | (buf[o + 3] as number))
    : (buf[o + 3] as number) * 0x1000000 +
        (((buf[o + 2] as number) << 16) | ((buf[o + 1] as number) << 8) | (buf[o] as number));
}

export function readU16(buf: Uint8Array, o: number, bigEndian: boolean): number {
  return bigEndian
    ? ((buf[o] as number) << 8) | (buf[o + 1] as number)
    : ((buf[o + 1] as number) << 8) | (buf[o] as number);
}

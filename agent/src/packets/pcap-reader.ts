import { open } from "node:fs/promises";
import { type CaptureReadStats, emptyReadStats, type PacketSink, readU32 } from "./link-types.ts";
import { ClassicPcapParser } from "./pcap-classic.ts";
import { PcapngParser } from "./pcapng.ts";

const CHUNK = 4 * 1024 * 1024;
const CLASSIC_MAGICS = new Set([0xa1b2c3d4, 0xd4c3b2a1, 0xa1b23c4d, 0x4d3cb2a1]);
const PCAPNG_MAGIC = 0x0a0d0d0a;

/** The file is not a capture this reader understands (named in the message). */
export class CaptureFormatError extends Error {
  override readonly name = "CaptureFormatError";
}

interface Parser {
  needed: number;
  done: boolean;
  parse(buf: Uint8Array, start: number, end: number, eof: boolean, sink: PacketSink): number;
}

/**
 * Streams every record of a pcap or pcapng file to `sink`, reading 4 MiB at a time; the
 * frame bytes passed to the sink are only valid during the call. Truncated and corrupt
 * records are counted in the returned stats, never thrown; an unknown file header is.
 */
export async function readCapture(path: string, sink: PacketSink): Promise<CaptureReadStats> {
  const file = await open(path, "r");
  try {
    let buf = new Uint8Array(CHUNK);
    let end = 0;
    let eof = false;
    const fill = async () => {
      while (!eof && end < buf.length) {
        const { bytesRead } = await file.read(buf, end, buf.length - end, null);
        if (bytesRead === 0) eof = true;
        end += bytesRead;
      }
    };
    await fill();
    const { parser, stats, headerLength } = openParser(buf, end, path);
    let start = headerLength;
    for (;;) {
      start = parser.parse(buf, start, end, eof, sink);
      if (parser.done || (eof && end - start < parser.needed)) break;
      if (start === end && eof) break;
      if (parser.needed > buf.length - (end - start)) {
        const grown = new Uint8Array(Math.max(buf.length * 2, parser.needed + CHUNK));
        grown.set(buf.subarray(start, end));
        buf = grown;
      } else {
        buf.copyWithin(0, start, end);
      }
      end -= start;
      start = 0;
      await fill();
    }
    if (!parser.done && end > start) stats.truncatedRecords++;
    return stats;
  } finally {
    await file.close();
  }
}

function openParser(buf: Uint8Array, end: number, path: string) {
  if (end < 4) throw new CaptureFormatError(`${path}: too short to be a capture file (${end} bytes)`);
  const magic = readU32(buf, 0, false);
  if (magic === PCAPNG_MAGIC) {
    const stats = emptyReadStats("pcapng");
    return { parser: new PcapngParser(stats) as Parser, stats, headerLength: 0 };
  }
  if (!CLASSIC_MAGICS.has(magic)) {
    const hex = magic.toString(16).padStart(8, "0");
    throw new CaptureFormatError(`${path}: not a pcap or pcapng file (magic 0x${hex})`);
  }
  if (end < 24) throw new CaptureFormatError(`${path}: pcap file header cut short (${end} of 24 bytes)`);
  const stats = emptyReadStats("pcap");
  return { parser: new ClassicPcapParser(buf, stats) as Parser, stats, headerLength: 24 };
}

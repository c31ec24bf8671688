import { closeSync, openSync, readdirSync, readSync } from "node:fs";
import { join } from "node:path";

/** Classic pcap: a 24-byte global header, then per packet a 16-byte header whose bytes 8–11 are its length. */
const GLOBAL_HEADER = 24;
const RECORD_HEADER = 16;

/**
 * Packets on disk in the capture being written (`<captureDir>/*.pcap.partial`), or 0 when none is.
 * The writer flushes whole records, so the file always ends on a record boundary; a record cut short
 * (read while a flush is under way) is not counted. Packets still in the writer's buffer are not on
 * disk yet: the count only ever lags.
 */
export function capturedPackets(captureDir: string): number {
  let partial: string | undefined;
  try {
    partial = readdirSync(captureDir).find((name) => name.endsWith(".pcap.partial"));
  } catch {
    return 0;
  }
  if (!partial) return 0;
  const fd = openSync(join(captureDir, partial), "r");
  try {
    const header = Buffer.alloc(RECORD_HEADER);
    let offset = GLOBAL_HEADER;
    let packets = 0;
    for (;;) {
      if (readSync(fd, header, 0, RECORD_HEADER, offset) < RECORD_HEADER) return packets;
      const length = header.readUInt32LE(8);
      const next = offset + RECORD_HEADER + length;
      // The record's last byte must be there too.
      if (length > 0 && readSync(fd, Buffer.alloc(1), 0, 1, next - 1) < 1) return packets;
      packets++;
      offset = next;
    }
  } finally {
    closeSync(fd);
  }
}

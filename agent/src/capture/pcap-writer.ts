import { closeSync, fsyncSync, openSync, writeSync } from "node:fs";
import { globalHeader, RECORD_HEADER_BYTES, writeRecordHeader } from "./pcap-format.ts";

/**
 * Appends packets to a classic pcap file through one reusable buffer (flushed when full and on
 * close), so a 50k pps capture costs a write per ~64 KiB, not per packet.
 */
export class PcapWriter {
  private readonly fd: number;
  private readonly buffer = Buffer.alloc(64 * 1024);
  private used = 0;
  packets = 0;
  bytes = 0;

  constructor(
    readonly path: string,
    private readonly snaplen: number,
    linkType: number,
  ) {
    this.fd = openSync(path, "w", 0o600);
    this.raw(globalHeader(snaplen, linkType));
  }

  write(data: Uint8Array, wireLength: number, tsSec: number, tsUsec: number): void {
    const length = Math.min(data.length, this.snaplen);
    if (this.used + RECORD_HEADER_BYTES + length > this.buffer.length) this.flush();
    writeRecordHeader(this.buffer, this.used, tsSec, tsUsec, length, Math.max(wireLength, length));
    this.used += RECORD_HEADER_BYTES;
    if (length > this.buffer.length - this.used) {
      this.flush();
      writeSync(this.fd, data, 0, length);
    } else {
      this.buffer.set(data.subarray(0, length), this.used);
      this.used += length;
    }
    this.packets++;
    this.bytes += RECORD_HEADER_BYTES + length;
  }

  flush(): void {
    if (this.used === 0) return;
    writeSync(this.fd, this.buffer, 0, this.used);
    this.used = 0;
  }

  /** Flushes, fsyncs and closes: the file is complete on disk when this returns. */
  close(): void {
    this.flush();
    fsyncSync(this.fd);
    closeSync(this.fd);
  }

  private raw(data: Buffer): void {
    data.copy(this.buffer, this.used);
    this.used += data.length;
  }
}

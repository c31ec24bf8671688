import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { ethernet, type Frame, ipv4, pcapFile, pcapngFile, udp } from "../../test/analyze/pcap-builder.ts";
import { CaptureFormatError, readCapture } from "./pcap-reader.ts";

const frames: Frame[] = [1, 2, 3, 4, 5].map((i) => ({
  data: ethernet(ipv4({ src: `203.0.113.${i}`, protocol: 17 }, udp(1000 + i, 53))),
  ts: 1_700_000_000 + i / 10,
}));

let dir = "";
before(async () => {
  dir = await mkdtemp(join(tmpdir(), "levee-reader-"));
});
after(async () => rm(dir, { recursive: true, force: true }));

async function read(bytes: Uint8Array) {
  const path = join(dir, `capture-${Math.random().toString(36).slice(2)}`);
  await writeFile(path, bytes);
  const seen: { length: number; wire: number; ts: number; linkType: number }[] = [];
  const stats = await readCapture(path, (_data, _offset, caplen, wire, ts, linkType) => {
    seen.push({ length: caplen, wire, ts, linkType });
  });
  return { stats, seen };
}

describe("readCapture", () => {
  it("reads classic pcap in both byte orders and both timestamp resolutions", async () => {
    for (const options of [
      {},
      { bigEndian: true },
      { nanosecond: true },
      { bigEndian: true, nanosecond: true },
    ]) {
      const { stats, seen } = await read(pcapFile(frames, options));
      assert.equal(seen.length, 5, JSON.stringify(options));
      assert.equal(stats.bigEndian, options.bigEndian ?? false);
      assert.equal(stats.nanosecond, options.nanosecond ?? false);
      assert.ok(Math.abs((seen[2]?.ts ?? 0) - 1_700_000_000.3) < 1e-6);
    }
  });

  it("reads pcapng in both byte orders, with if_tsresol", async () => {
    for (const options of [{}, { bigEndian: true }, { tsresol: 9 }]) {
      const { stats, seen } = await read(pcapngFile(frames, options));
      assert.equal(stats.format, "pcapng");
      assert.equal(seen.length, 5);
      assert.ok(Math.abs((seen[4]?.ts ?? 0) - 1_700_000_000.5) < 1e-6);
    }
  });

  it("counts a record cut off by the end of the file", async () => {
    const bytes = pcapFile(frames);
    const { stats, seen } = await read(bytes.subarray(0, bytes.length - 10));
    assert.equal(seen.length, 4);
    assert.equal(stats.truncatedRecords, 1);
  });

  it("skips a record whose caplen exceeds the snapshot length and carries on", async () => {
    const bytes = pcapFile(frames, { snaplen: 100 });
    const second = 24 + 16 + (frames[0]?.data.length ?? 0);
    new DataView(bytes.buffer).setUint32(second + 8, 5000, true);
    const { stats, seen } = await read(bytes);
    assert.equal(stats.corruptRecords, 1);
    assert.ok(seen.length >= 3, `kept ${seen.length} records`);
    assert.ok(stats.skippedBytes > 0);
  });

  it("resynchronises after garbage between records", async () => {
    const bytes = pcapFile(frames);
    const cut = 24 + 2 * (16 + (frames[0]?.data.length ?? 0));
    const garbage = Uint8Array.from({ length: 37 }, (_, i) => (i * 97 + 13) & 0xff);
    const corrupted = new Uint8Array([...bytes.subarray(0, cut), ...garbage, ...bytes.subarray(cut)]);
    const { stats, seen } = await read(corrupted);
    assert.equal(seen.length, 5);
    assert.equal(stats.corruptRecords, 1);
    assert.equal(stats.skippedBytes, 37);
  });

  it("stops at a pcapng block with an impossible length, keeping what came before", async () => {
    const bytes = pcapngFile(frames);
    const view = new DataView(bytes.buffer);
    const lastBlockLength = view.getUint32(bytes.length - 4, true);
    view.setUint32(bytes.length - lastBlockLength + 4, 7, true);
    const { stats, seen } = await read(bytes);
    assert.ok(stats.stoppedEarly);
    assert.equal(seen.length, 4);
  });

  it("rejects what is not a capture with a clear error", async () => {
    await assert.rejects(read(new TextEncoder().encode("hello, not a pcap at all")), (error: Error) => {
      assert.ok(error instanceof CaptureFormatError);
      assert.match(error.message, /not a pcap or pcapng file \(magic 0x6c6c6568\)/);
      return true;
    });
    await assert.rejects(read(new Uint8Array([0xd4, 0xc3, 0xb2, 0xa1, 2, 0])), /header cut short/);
    await assert.rejects(read(new Uint8Array(2)), /too short/);
  });
});

import assert from "node:assert/strict";
import { test } from "node:test";
import { pcapBytes } from "../../test/support/pcap-file.test-data.ts";
import { inspectPcap, PcapFormatError } from "./pcap-file.ts";

test("counts the packets of classic pcap in either byte order and precision", () => {
  assert.deepEqual(inspectPcap(pcapBytes([60, 100, 256])), {
    linkType: 1,
    snaplen: 256,
    packets: 3,
    nanosecond: false,
  });
  assert.equal(inspectPcap(pcapBytes([60, 60], { bigEndian: true })).packets, 2);
  assert.equal(inspectPcap(pcapBytes([60], { nano: true })).nanosecond, true);
  assert.equal(inspectPcap(pcapBytes([])).packets, 0);
});

test("refuses what is not a whole pcap file", () => {
  const good = pcapBytes([60, 60]);
  assert.throws(() => inspectPcap(good.slice(0, 10)), PcapFormatError);
  assert.throws(() => inspectPcap(good.slice(0, good.length - 5)), /truncated packet data/);
  assert.throws(() => inspectPcap(good.slice(0, 24 + 8)), /truncated record header/);
  assert.throws(() => inspectPcap(new TextEncoder().encode("GET / HTTP/1.1\r\n\r\nxxxxxxxxxx")), /magic/);
  const ng = new Uint8Array(32);
  new DataView(ng.buffer).setUint32(0, 0x0a0d0d0a);
  assert.throws(() => inspectPcap(ng), /pcapng/);
  const huge = pcapBytes([60]);
  new DataView(huge.buffer).setUint32(24 + 8, 1_000_000, true);
  assert.throws(() => inspectPcap(huge), /more than the snap length/);
});

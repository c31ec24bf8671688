import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { analyzeCapture } from "../../src/analyze/capture-analysis.ts";
import { LinkType } from "../../src/packets/link-types.ts";
import {
  ethernet,
  Flags,
  type Frame,
  ipv4,
  ipv6,
  linuxSll,
  pcapFile,
  pcapngFile,
  tcp,
  udp,
} from "./pcap-builder.ts";

let dir = "";
before(async () => {
  dir = await mkdtemp(join(tmpdir(), "levee-corrupt-"));
});
after(async () => rm(dir, { recursive: true, force: true }));

let counter = 0;
async function analyze(bytes: Uint8Array) {
  const path = join(dir, `c${counter++}.pcap`);
  await writeFile(path, bytes);
  return analyzeCapture(path);
}

/** 2,000 spoofed SYNs in one second, as IP packets. */
const synFlood = Array.from({ length: 2000 }, (_, i) =>
  ipv4(
    { src: `${1 + (i % 200)}.${i % 251}.${(i * 7) % 256}.9`, ttl: 1 + ((i * 37) % 255), protocol: 6 },
    tcp(1024 + i, 80, Flags.SYN),
  ),
);
const frames = (wrap: (ip: Uint8Array) => Uint8Array): Frame[] =>
  synFlood.map((ip, i) => ({ data: wrap(ip), ts: 1_700_000_000 + i / 2000 }));

describe("analysis of unusual and corrupted captures never crashes", () => {
  it("reads every link type, byte order and resolution it supports and finds the same flood", async () => {
    const cases: [string, Uint8Array][] = [
      ["Ethernet", pcapFile(frames((ip) => ethernet(ip)))],
      ["VLAN + QinQ", pcapFile(frames((ip) => ethernet(ip, [10, 20])))],
      [
        "Linux SLL",
        pcapFile(
          frames((ip) => linuxSll(ip, 1)),
          { linkType: LinkType.LINUX_SLL },
        ),
      ],
      [
        "Linux SLL2",
        pcapFile(
          frames((ip) => linuxSll(ip, 2)),
          { linkType: LinkType.LINUX_SLL2 },
        ),
      ],
      [
        "raw IP",
        pcapFile(
          frames((ip) => ip),
          { linkType: LinkType.RAW },
        ),
      ],
      [
        "nanosecond big-endian",
        pcapFile(
          frames((ip) => ethernet(ip)),
          { nanosecond: true, bigEndian: true },
        ),
      ],
      [
        "pcapng",
        pcapngFile(
          frames((ip) => ethernet(ip)),
          { tsresol: 9 },
        ),
      ],
    ];
    for (const [name, bytes] of cases) {
      const a = await analyze(bytes);
      assert.equal(a.packets, 2000, name);
      assert.equal(a.malformedPackets, 0, name);
      assert.equal(a.classification.family, "SYN_FLOOD", name);
      assert.equal(a.classification.spoofed, true, name);
    }
  });

  it("counts and skips non-IP frames; decodes IPv6", async () => {
    const arp = new Uint8Array(60);
    arp.set([0x08, 0x06], 12);
    const lldp = new Uint8Array(60);
    lldp.set([0x88, 0xcc], 12);
    const v6 = ethernet(ipv6("2001:db8::5", 17, udp(5000, 53)));
    const list: Frame[] = [arp, lldp, v6, ethernet(synFlood[0] as Uint8Array)].map((data, i) => ({
      data,
      ts: 1 + i,
    }));
    const a = await analyze(pcapFile(list));
    assert.equal(a.packets, 4);
    assert.equal(a.malformedPackets, 2);
    assert.deepEqual(a.summary.protocols, { tcp: 1, udp: 1, icmp: 0, gre: 0, other: 0 });
  });

  it("counts a truncated last record, an impossible caplen and frames cut inside the IP header", async () => {
    const good = pcapFile(frames((ip) => ethernet(ip)).slice(0, 100), { snaplen: 200 });
    const truncated = await analyze(good.subarray(0, good.length - 20));
    assert.equal(truncated.read.truncatedRecords, 1);
    assert.equal(truncated.packets, 99);

    const lying = good.slice();
    new DataView(lying.buffer).setUint32(24 + 8, 100_000, true); // first record's caplen > snaplen
    const a = await analyze(lying);
    assert.equal(a.read.corruptRecords, 1);
    assert.ok(a.packets >= 98, `read ${a.packets} records after resynchronising`);

    const cut = frames((ip) => ethernet(ip).subarray(0, 20)).slice(0, 10);
    const b = await analyze(pcapFile(cut));
    assert.equal(b.malformedPackets, 10);
    assert.equal(b.classification.family, null);
  });

  it("survives random byte corruption anywhere after the file header", async () => {
    const clean = pcapFile(frames((ip) => ethernet(ip)).slice(0, 400));
    let seed = 7;
    const random = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    for (let round = 0; round < 60; round++) {
      const bytes = clean.slice();
      for (let flips = 0; flips < 1 + round; flips++)
        bytes[24 + Math.floor(random() * (bytes.length - 24))] = Math.floor(random() * 256);
      const end = round % 3 === 0 ? Math.floor(bytes.length * random()) : bytes.length;
      const a = await analyze(bytes.subarray(0, Math.max(24, end)));
      assert.ok(a.packets <= 400 + 400, `round ${round}`);
    }
    const ng = pcapngFile(frames((ip) => ethernet(ip)).slice(0, 200));
    for (let round = 0; round < 30; round++) {
      const bytes = ng.slice();
      for (let flips = 0; flips < 1 + round; flips++)
        bytes[28 + Math.floor(random() * (bytes.length - 28))] = Math.floor(random() * 256);
      await analyze(bytes);
    }
  });
});

import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { apiExclusionFilter, resolveApiEndpoint } from "./bpf-filter.ts";
import { canCapture, effectiveCapabilities } from "./capabilities.ts";
import { summariseRing } from "./capture-controller.ts";
import { PacketRing } from "./packet-ring.ts";
import { globalHeader, linkTypeNumber, PCAP_MAGIC_USEC } from "./pcap-format.ts";
import { PcapWriter } from "./pcap-writer.ts";

describe("pcap format and writer", () => {
  it("writes the classic global header and one record header per packet", () => {
    const header = globalHeader(256, linkTypeNumber("LINKTYPE_ETHERNET"));
    assert.equal(header.readUInt32LE(0), PCAP_MAGIC_USEC);
    assert.deepEqual(
      [header.readUInt16LE(4), header.readUInt16LE(6), header.readUInt32LE(16), header.readUInt32LE(20)],
      [2, 4, 256, 1],
    );
    assert.equal(linkTypeNumber("LINKTYPE_LINUX_SLL"), 113);
    assert.throws(() => linkTypeNumber("LINKTYPE_BOGUS"), /unsupported/);

    const dir = mkdtempSync(join(tmpdir(), "levee-pcap-"));
    const writer = new PcapWriter(join(dir, "x.pcap"), 8, 1);
    writer.write(Buffer.from("0123456789"), 1500, 1_700_000_000, 42);
    writer.write(Buffer.from("ab"), 2, 1_700_000_001, 0);
    writer.close();
    const file = readFileSync(join(dir, "x.pcap"));
    rmSync(dir, { recursive: true });
    assert.equal(file.length, 24 + 16 + 8 + 16 + 2);
    assert.deepEqual(
      [file.readUInt32LE(24), file.readUInt32LE(28), file.readUInt32LE(32), file.readUInt32LE(36)],
      [1_700_000_000, 42, 8, 1500],
    );
    assert.equal(file.subarray(40, 48).toString(), "01234567", "cut at snaplen");
    assert.equal(file.subarray(64).toString(), "ab");
  });
});

describe("PacketRing", () => {
  it("keeps the last N packets, oldest first, in fixed memory", () => {
    const ring = new PacketRing(3, 4);
    for (let i = 0; i < 5; i++) ring.push(Buffer.from(`p${i}xyz`), 100 + i, i, i * 10);
    const seen: string[] = [];
    ring.forEach((data, wire, sec, usec) => {
      seen.push(`${data.toString()}/${wire}/${sec}/${usec}`);
    });
    assert.deepEqual(seen, ["p2xy/102/2/20", "p3xy/103/3/30", "p4xy/104/4/40"]);
    ring.clear();
    assert.equal(ring.size, 0);
    const none = new PacketRing(0, 4);
    none.push(Buffer.from("x"), 1, 0, 0);
    assert.equal(none.size, 0);
  });
});

describe("summariseRing (the summary a deciding sample carries, then the capture's)", () => {
  it("feeds the ring's packets in (after, to], oldest first, and says which it fed: nothing twice across the hand-over", () => {
    const ring = new PacketRing(10, 16);
    for (const [sec, usec] of [
      [99, 0],
      [100, 0],
      [100, 500_000],
    ] as const)
      ring.push(Buffer.from(`${sec}.${usec}`), 60, sec, usec);
    const fed: number[] = [];
    const summariser = {
      addPacket: (_data: Uint8Array, _link: number, _wire: number, ts: number) => fed.push(ts),
    };
    // The deciding sample, read at 100.6 s: its interval, one second back.
    const own = summariseRing(ring, 1, summariser, 99.6, 100.6);
    assert.deepEqual(own, { first: 100, last: 100.5 });
    assert.deepEqual(fed, [100, 100.5]);
    // The packets kept aside while the ring was held join it; the capture's summary takes those only.
    ring.push(Buffer.from("held1"), 60, 100, 700_000);
    ring.push(Buffer.from("held2"), 60, 100, 900_000);
    fed.length = 0;
    assert.deepEqual(summariseRing(ring, 1, summariser, own?.last ?? 0, 101), { first: 100.7, last: 100.9 });
    assert.deepEqual(fed, [100.7, 100.9]);
    assert.equal(summariseRing(ring, 1, summariser, 100.9, 200), undefined, "none left");
  });
});

describe("BPF filter for the agent's own API traffic", () => {
  it("names every API address and the port, and nothing else", async () => {
    assert.equal(
      apiExclusionFilter({ addresses: ["192.0.2.7", "2001:db8::1"], port: 443 }),
      "not (tcp port 443 and (host 192.0.2.7 or host 2001:db8::1))",
    );
    assert.equal(
      apiExclusionFilter({ addresses: ["evil) or (tcp"], port: 80 }),
      "",
      "only IP literals get in",
    );
    assert.throws(() => apiExclusionFilter({ addresses: ["192.0.2.7"], port: 0 }));
    const local = await resolveApiEndpoint("http://localhost:4000");
    assert.equal(local.port, 4000);
    assert.ok(local.addresses.includes("127.0.0.1") && local.addresses.includes("::1"));
    assert.deepEqual(await resolveApiEndpoint("https://[2001:db8::5]/"), {
      addresses: ["2001:db8::5"],
      port: 443,
    });
  });
});

describe("capture permission", () => {
  it("needs CAP_NET_RAW (bit 13) in the effective set", () => {
    assert.equal(effectiveCapabilities("Name:\tx\nCapEff:\t0000000000002000\n"), 0x2000n);
    assert.equal(canCapture("CapEff:\t000001ffffffffff\n").ok, true);
    assert.match(canCapture("CapEff:\t0000000000000000\n").reason ?? "", /CAP_NET_RAW/);
    assert.equal(canCapture("nothing").ok, false);
  });
});

import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { runAnalyze } from "../../src/analyze/analyze-command.ts";
import { ethernet, ipv4, pcapFile, udp } from "./pcap-builder.ts";

let dir = "";
let capture = "";
before(async () => {
  dir = await mkdtemp(join(tmpdir(), "levee-cli-"));
  capture = join(dir, "udp-flood.pcap");
  // A botnet: 500 hosts, each with its own stable TTL, flooding udp/27015 from random ports.
  const frames = Array.from({ length: 3000 }, (_, i) => {
    const host = i % 500;
    const ip = ipv4(
      { src: `45.1.${host >> 8}.${host & 255}`, ttl: 40 + (host % 20), protocol: 17 },
      udp(1024 + i, 27015, new Uint8Array(100)),
    );
    return { data: ethernet(ip), ts: 1_700_000_000 + i / 3000 };
  });
  await writeFile(capture, pcapFile(frames));
  await writeFile(join(dir, "notes.txt"), "not a capture");
});
after(async () => rm(dir, { recursive: true, force: true }));

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runAnalyze(argv, { stdout: (t) => out.push(t), stderr: (t) => err.push(t) });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("levee-agent analyze", () => {
  it("prints family, confidence, spoofing, botnet, sources, vectors and evidence as JSON", async () => {
    const { code, out } = await run(capture, "--json");
    assert.equal(code, 0);
    const result = JSON.parse(out);
    assert.equal(result.family, "UDP_FLOOD");
    assert.equal(result.packets, 3000);
    assert.equal(result.spoofed, false);
    assert.equal(result.botnet, true);
    assert.ok(result.confidence >= 90);
    assert.ok(result.distinctSources >= 300);
    assert.equal(result.vectors[0].family, "UDP_FLOOD");
    assert.ok(result.sources.length > 0 && result.sources[0].ip);
    assert.ok(result.evidence.length >= 2);
    assert.equal(typeof result.durationSeconds, "number");
    assert.equal(typeof result.averagePps, "number");
  });

  it("prints a readable report by default and honours the threshold", async () => {
    const { code, out } = await run(capture);
    assert.equal(code, 0);
    assert.match(out, /attack: UDP flood \(to udp\/27015\), confidence \d+%/);
    assert.match(out, /botnet yes/);
    const high = await run(capture, "--threshold-pps", "50000", "--json");
    assert.equal(JSON.parse(high.out).family, null);
  });

  it("answers usage errors with exit code 2 and unreadable files with 1", async () => {
    assert.equal((await run()).code, 2);
    assert.equal((await run(capture, "--frobnicate")).code, 2);
    assert.equal((await run(capture, "--threshold-pps", "zero")).code, 2);
    assert.equal((await run("--help")).code, 0);
    const missing = await run(join(dir, "missing.pcap"));
    assert.equal(missing.code, 1);
    assert.match(missing.err, /ENOENT/);
    const text = await run(join(dir, "notes.txt"));
    assert.equal(text.code, 1);
    assert.match(text.err, /not a pcap or pcapng file/);
  });
});

import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { analyzeCapture } from "../../agent/src/analyze/capture-analysis.ts";
import { type GeneratedCapture, generateCaptures } from "../../agent/test/analyze/generated-captures.ts";
import {
  loadPackets,
  loopPackets,
  REPLAY_FLOOR_BPS,
  REPLAY_FLOOR_PPS,
  REPLAY_OWN_ADDRESSES,
  replayLive,
  type Verdict,
  verdictOf,
  writePackets,
} from "./support/live-replay.ts";

/**
 * Live = offline: the verdict the API builds from the per-interval summaries of an incident
 * (feature extractor per sample interval → sample validation → detector → incident window →
 * classifier) equals `levee-agent analyze` on the same packets, at 100 ms, 1 s and 60 s.
 * Each generated capture is played back to back into a sustained flood long enough for the
 * interval (at 60 s only the slower floods, to keep the packet count sane).
 */
const INTERVALS_MS = [100, 1000, 60_000];
const NO_ATTACK: Verdict = { family: null, vectors: [], spoofed: false, botnet: false };

/** What the extra generated cases must come out as (reflectors are never a botnet). */
const EXTRA_EXPECTED = new Map<string, Omit<Verdict, "spoofed">>([
  ["dns_fragmented", { family: "DNS_AMPLIFICATION", vectors: ["DNS_AMPLIFICATION"], botnet: false }],
  ["cldap_fragmented", { family: "REFLECTION_OTHER", vectors: ["REFLECTION_OTHER"], botnet: false }],
  ["reflector_crowd", { family: "NTP_AMPLIFICATION", vectors: ["NTP_AMPLIFICATION"], botnet: false }],
  ["https_flood", { family: "HTTP_FLOOD", vectors: ["HTTP_FLOOD"], botnet: true }],
  ["port_scan", { family: null, vectors: [], botnet: false }],
  ["syn_and_rst_flood", { family: "MULTI_VECTOR", vectors: ["RST_FLOOD", "SYN_FLOOD"], botnet: false }],
]);

let dir = "";
const captures: GeneratedCapture[] = [];

before(() => {
  dir = "";
  return mkdtemp(join(tmpdir(), "levee-live-")).then((made) => {
    dir = made;
    captures.push(...generateCaptures(dir, 2, "live"), ...generateCaptures(dir, 1, "live-extra", true));
  });
});
after(async () => rm(dir, { recursive: true, force: true }));

describe("live classification equals levee-agent analyze on the same packets", () => {
  for (const intervalMs of INTERVALS_MS) {
    it(`at a ${intervalMs} ms sample interval`, async () => {
      const mismatches: string[] = [];
      let compared = 0;
      for (const capture of captures) {
        if (intervalMs >= 60_000 && capture.pps > 2500) continue;
        const packets = loopPackets(
          await loadPackets(join(dir, capture.file)),
          Math.max(3, (2.5 * intervalMs) / 1000),
        );
        const looped = join(dir, `looped-${intervalMs}-${capture.file}`);
        writePackets(looped, packets);
        const offline = await analyzeCapture(looped, {
          thresholdPps: REPLAY_FLOOR_PPS,
          thresholdBps: REPLAY_FLOOR_BPS,
          ownAddresses: REPLAY_OWN_ADDRESSES,
        });
        await rm(looped);
        const expected = offline.attackSeconds > 0 ? verdictOf(offline.classification) : NO_ATTACK;
        const live = replayLive(packets, intervalMs) ?? NO_ATTACK;
        compared++;
        if (JSON.stringify(live) !== JSON.stringify(expected))
          mismatches.push(
            `${capture.file} (${capture.kind}): live ${JSON.stringify(live)} ≠ analyze ${JSON.stringify(expected)}`,
          );
      }
      assert.ok(compared >= (intervalMs >= 60_000 ? 5 : captures.length), `only ${compared} compared`);
      assert.deepEqual(mismatches, []);
    });
  }

  it("covers every family, fragmented DNS and CLDAP answers, a reflector crowd, HTTPS, a scan and SYN + RST", () => {
    const families = new Set(captures.map((c) => c.family ?? "BENIGN"));
    assert.equal(families.size, 16);
    for (const name of EXTRA_EXPECTED.keys())
      assert.ok(
        captures.some((c) => c.file.includes(name)),
        name,
      );
  });

  it("names the extra cases right, live as offline", async () => {
    const wrong: string[] = [];
    for (const [name, expected] of EXTRA_EXPECTED) {
      const capture = captures.find((c) => c.file.includes(name)) as GeneratedCapture;
      const live = replayLive(loopPackets(await loadPackets(join(dir, capture.file)), 3), 1000) ?? NO_ATTACK;
      const got = { family: live.family, vectors: live.vectors, botnet: live.botnet };
      if (JSON.stringify(got) !== JSON.stringify(expected))
        wrong.push(`${name}: ${JSON.stringify(got)} ≠ ${JSON.stringify(expected)}`);
    }
    assert.deepEqual(wrong, []);
  });
});

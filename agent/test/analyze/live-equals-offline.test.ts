import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { analyzeCapture } from "../../src/analyze/capture-analysis.ts";
import { type GeneratedCapture, generateCaptures } from "./generated-captures.ts";
import {
  loadPackets,
  loopPackets,
  REPLAY_FLOOR_BPS,
  REPLAY_FLOOR_PPS,
  replayLive,
  type Verdict,
  verdictOf,
  writePackets,
} from "./live-replay.ts";

/**
 * Live = offline: the verdict the API builds from the per-interval summaries of an incident
 * (feature extractor per sample interval → sample validation → detector → incident window →
 * classifier) equals `levee-agent analyze` on the same packets, at 100 ms, 1 s and 60 s.
 * Each generated capture is played back to back into a sustained flood long enough for the
 * interval (at 60 s only the slower floods, to keep the packet count sane).
 */
const INTERVALS_MS = [100, 1000, 60_000];
const NO_ATTACK: Verdict = { family: null, vectors: [], spoofed: false, botnet: false };

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

  it("covers every family, fragmented DNS and CLDAP answers and a reflector crowd", () => {
    const families = new Set(captures.map((c) => c.family ?? "BENIGN"));
    assert.equal(families.size, 16);
    for (const name of ["dns_fragmented", "cldap_fragmented", "reflector_crowd"])
      assert.ok(
        captures.some((c) => c.file.includes(name)),
        name,
      );
  });
});

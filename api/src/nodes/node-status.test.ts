import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it, mock } from "node:test";
import type { CoreServices } from "../core-services.ts";
import type { NodeDetection } from "../detection/node-detection.loader.ts";
import { markNodeOnline, touchPeriodMs } from "./node-status.ts";

const OFFLINE_AFTER_MS = 120_000;
const services = { config: { nodeOfflineAfterMs: OFFLINE_AFTER_MS } } as unknown as CoreServices;

/** A node as the detection engine holds it, known OFFLINE until its first report. */
function loadedNode(i: number): NodeDetection & { touchedAt?: number } {
  return { nodeId: `node-${i}`, workspaceId: "w", status: "OFFLINE", lastArrival: 0 } as NodeDetection & {
    touchedAt?: number;
  };
}

describe("markNodeOnline", () => {
  beforeEach(() => mock.timers.enable({ apis: ["Date"], now: Date.UTC(2026, 11, 5, 12) }));
  afterEach(() => mock.timers.reset());

  it("spreads the lastSeenAt writes of a fleet that came online together over the period", async () => {
    const period = touchPeriodMs(OFFLINE_AFTER_MS);
    assert.equal(period, 30_000);
    const nodes = Array.from({ length: 1000 }, (_, i) => loadedNode(i));
    const touchedAt = new Map<string, number[]>(nodes.map((n) => [n.nodeId, [Date.now()]])); // admission wrote it
    const perSecond: number[] = [];
    // Every node reports once a second for three periods, all in the same second (after a restart).
    for (let second = 0; second < 90; second++) {
      let touches = 0;
      for (const node of nodes) {
        await markNodeOnline(
          services,
          node,
          (id) => {
            touches++;
            touchedAt.get(id)?.push(Date.now());
          },
          async () => false,
        );
      }
      perSecond.push(touches);
      mock.timers.tick(1000);
    }
    // Before, every node was written in the same second of each period: 1,000 rows in one batch.
    // Drawn, a second holds ~33 of them; 150 leaves room for chance and still fails the old way.
    assert.ok(Math.max(...perSecond) <= 150, `most writes in one second: ${Math.max(...perSecond)}`);
    for (const [id, times] of touchedAt) {
      // Never later than one period after the last write (the offline sweep relies on it), and,
      // past the first, written once a period (no more writes than before).
      const gaps = times.slice(1).map((t, i) => t - (times[i] as number));
      assert.ok(
        gaps.every((gap) => gap <= period),
        `${id}: gaps ${gaps.join(", ")} ms`,
      );
      assert.ok(
        gaps.slice(1).every((gap) => gap === period),
        `${id}: gaps ${gaps.join(", ")} ms`,
      );
    }
  });

  it("writes lastSeenAt every quarter of a short offline window", () => {
    assert.equal(touchPeriodMs(60_000), 15_000);
  });
});

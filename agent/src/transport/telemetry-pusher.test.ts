import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { createLogger, silentLogger } from "../log.ts";
import type { TelemetrySample } from "../sampler/sample.ts";
import type { TelemetryResult } from "./agent-api.ts";
import { Backoff } from "./backoff.ts";
import { DurableQueue } from "./durable-queue.ts";
import { ApiError } from "./graphql-client.ts";
import { TelemetryPusher } from "./telemetry-pusher.ts";

const dirs: string[] = [];
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const sample = (second: number) => ({ ts: new Date(second * 1000).toISOString() }) as TelemetrySample;
const answer = (count: number, state: "NORMAL" | "ATTACK"): TelemetryResult => ({
  accepted: count,
  duplicates: 0,
  rejected: [],
  detection: { state, incidentId: null, captureRequested: false, thresholds: [] },
});

/** The pusher against a real journal; each send waits until the test answers or fails it. */
function setup() {
  const dir = mkdtempSync(join(tmpdir(), "levee-pusher-"));
  dirs.push(dir);
  const queue = new DurableQueue<TelemetrySample>(dir, { capacity: 100, logger: silentLogger });
  const sends: { samples: string[]; answer(state?: "NORMAL" | "ATTACK"): void; fail(): void }[] = [];
  const detections: string[] = [];
  const pusher = new TelemetryPusher({
    queue,
    batchSize: 100,
    logger: silentLogger,
    send: (samples) =>
      new Promise((resolve, reject) => {
        sends.push({
          samples: samples.map((s) => s.ts.slice(17, 19)),
          answer: (state = "NORMAL") => resolve(answer(samples.length, state)),
          fail: () => reject(new Error("lost")),
        });
      }),
    onDetection: (detection) => detections.push(detection.state),
  });
  return { queue, pusher, sends, detections };
}

const tick = () => new Promise((r) => setImmediate(r));

describe("TelemetryPusher: an urgent sample beside a batch in flight", () => {
  it("goes at once, is acknowledged after the batch before it, and its answer is not overwritten", async () => {
    const { queue, pusher, sends, detections } = setup();
    queue.append(sample(1));
    pusher.start();
    await tick();
    assert.deepEqual(
      sends.map((s) => s.samples),
      [["01"]],
    );
    queue.append(sample(2)); // the calm part of the slot, held
    queue.append(sample(3)); // the crossing
    pusher.notify(true);
    await tick();
    assert.deepEqual(
      sends.map((s) => s.samples),
      [["01"], ["02", "03"]],
      "sent beside the batch in flight",
    );
    sends[1]?.answer("ATTACK");
    await tick();
    assert.equal(queue.depth, 3, "not acknowledged before the batch before it");
    sends[0]?.answer("NORMAL");
    await tick();
    await tick();
    assert.equal(queue.depth, 0, "both acknowledged once the older batch answered");
    assert.deepEqual(detections, ["ATTACK"], "the older batch's later answer does not replace the newer one");
    assert.equal(sends.length, 2, "nothing sent twice");
    assert.equal(queue.stats().sent, 3);
    await pusher.stop(100);
  });

  it("the batch before it failing: its retry carries the express samples again, counted once in the queue", async () => {
    const { queue, pusher, sends } = setup();
    queue.append(sample(1));
    pusher.start();
    await tick();
    queue.append(sample(2));
    pusher.notify(true);
    await tick();
    sends[1]?.answer("ATTACK");
    sends[0]?.fail();
    // The retry waits out a back-off (about half a second); 30 s before giving up on a loaded machine.
    const deadline = Date.now() + 30_000;
    while (sends.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(sends[2]?.samples, ["01", "02"]);
    sends[2]?.answer();
    await tick();
    await tick();
    assert.equal(queue.depth, 0);
    assert.equal(queue.stats().sent, 2);
    await pusher.stop(100);
  });

  it("a failed express request leaves its samples to the regular push", async () => {
    const { queue, pusher, sends } = setup();
    queue.append(sample(1));
    pusher.start();
    await tick();
    queue.append(sample(2));
    pusher.notify(true);
    await tick();
    sends[1]?.fail();
    await tick();
    sends[0]?.answer();
    await tick();
    await tick();
    assert.deepEqual(sends[2]?.samples, ["02"]);
    sends[2]?.answer();
    await tick();
    await tick();
    assert.equal(queue.depth, 0);
    await pusher.stop(100);
  });
});

describe("TelemetryPusher: the retry cap is for an API that does not answer", () => {
  /** The first retry wait logged after one failed send, with the given low cap (a local API). */
  async function firstWait(error: ApiError) {
    const dir = mkdtempSync(join(tmpdir(), "levee-pusher-"));
    dirs.push(dir);
    const queue = new DurableQueue<TelemetrySample>(dir, { capacity: 100, logger: silentLogger });
    const waits: number[] = [];
    const logger = createLogger({
      level: "warn",
      write: (line) => {
        const entry = JSON.parse(line) as { retryInMs?: number };
        if (entry.retryInMs !== undefined) waits.push(entry.retryInMs);
      },
    });
    const pusher = new TelemetryPusher({
      queue,
      batchSize: 100,
      logger,
      backoff: new Backoff(500, 100),
      send: () => Promise.reject(error),
      onDetection: () => {},
    });
    queue.append(sample(1));
    pusher.start();
    while (waits.length === 0) await tick();
    await pusher.stop(100);
    return waits[0] ?? Number.NaN;
  }

  it("a refused connect waits at most the cap; HTTP 5xx or UNAVAILABLE grows as usual from 0.5 s", async () => {
    assert.ok((await firstWait(new ApiError("unreachable", "ECONNREFUSED"))) <= 100);
    const failing = new ApiError("unreachable", "HTTP 503", undefined, undefined, true);
    assert.ok((await firstWait(failing)) >= 250, "an answering API is not retried ten times a second");
  });
});

describe("TelemetryPusher: an API older than the listen-queue fields", () => {
  it("refusing them, gets the older shape (counts not read as 0) for a while; nothing is lost", async () => {
    const dir = mkdtempSync(join(tmpdir(), "levee-pusher-"));
    dirs.push(dir);
    const queue = new DurableQueue<TelemetrySample>(dir, { capacity: 100, logger: silentLogger });
    const bodies: TelemetrySample[][] = [];
    const pusher = new TelemetryPusher({
      queue,
      batchSize: 100,
      logger: silentLogger,
      // What that API's input validation does: an unknown field or a null Int! refuses the call.
      send: async (samples) => {
        bodies.push(samples);
        if (samples.some((s) => "syncookiesSent" in s || s.synRecv === null))
          throw new ApiError(
            "rejected",
            'Variable "$samples" got invalid value { ts: "…" } at "samples[0]"; Field "syncookiesSent" is not defined by type "TelemetrySampleInput".',
            undefined,
            "BAD_USER_INPUT",
          );
        return answer(samples.length, "NORMAL");
      },
      onDetection: () => {},
    });
    const full = {
      ...sample(1),
      synRecv: 3,
      tcpEstablished: 4,
      tcpTotal: 9,
      syncookiesSent: 12,
      listenDrops: 1,
    };
    const notRead = {
      ...sample(2),
      synRecv: null,
      tcpEstablished: null,
      tcpTotal: null,
      syncookiesSent: null,
    };
    queue.append(full as TelemetrySample);
    queue.append(notRead as TelemetrySample);
    pusher.start();
    const deadline = Date.now() + 30_000;
    while (queue.depth > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    assert.equal(queue.depth, 0, "delivered");
    assert.equal(bodies.length, 2, "refused once, then sent in the older shape at once");
    assert.deepEqual(
      bodies[1]?.map((s) => [
        s.synRecv,
        s.tcpEstablished,
        s.tcpTotal,
        "syncookiesSent" in s,
        "listenDrops" in s,
      ]),
      [
        [3, 4, 9, false, false],
        [0, 0, 0, false, false],
      ],
    );
    queue.append({ ...full, ts: sample(3).ts } as TelemetrySample);
    pusher.notify();
    const again = Date.now() + 30_000;
    while (queue.depth > 0 && Date.now() < again) await new Promise((r) => setTimeout(r, 10));
    assert.equal(queue.depth, 0, "the next batch delivered");
    assert.equal(bodies.length, 3, "the next batch goes in the older shape without a refusal first");
    await pusher.stop(100);
  });
});

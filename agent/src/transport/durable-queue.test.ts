import assert from "node:assert/strict";
import { appendFileSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { createLogger, silentLogger } from "../log.ts";
import { DurableQueue, inspectQueue, JOURNAL_RECOVERED_AFTER_MS } from "./durable-queue.ts";
import { listSegments, segmentName } from "./journal-files.ts";

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "levee-queue-"));
  dirs.push(dir);
  return dir;
};
const open = (dir: string, capacity = 100, segmentRecords = 10) =>
  new DurableQueue<{ n: number }>(dir, { capacity, segmentRecords, logger: silentLogger });

describe("DurableQueue", () => {
  after(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it("a fragment left at the start of a segment never swallows the next record", () => {
    const dir = tempDir();
    const q = open(dir, 100, 2);
    q.append({ n: 1 });
    q.append({ n: 2 });
    q.close();
    // A crash while writing record 3, the first of a new segment: only a fragment reached disk.
    appendFileSync(join(dir, "seg-000000000003.jsonl"), '{"s":3,"e":{"n"');
    const again = open(dir, 100, 2);
    again.append({ n: 3 });
    again.close();
    assert.deepEqual(
      open(dir, 100, 2)
        .peek(10)
        .events.map((e) => e.n),
      [1, 2, 3],
    );
  });

  it("keeps the disk bounded by capacity while nothing is acknowledged", () => {
    const dir = tempDir();
    const q = open(dir, 5, 10);
    for (let n = 1; n <= 1000; n++) {
      q.append({ n });
      if (n % 100 === 0) (q as unknown as { cursorWrittenAt: number }).cursorWrittenAt = 0; // a second passes
    }
    assert.equal(q.depth, 5);
    // What piles up between two cursor writes (once a second), not the 100 segments of all appends.
    assert.ok(listSegments(dir).length <= 12, `${listSegments(dir).length} segments on disk`);
  });

  it("hands out the oldest first, in batches bounded by count and bytes", () => {
    const q = open(tempDir());
    for (let n = 1; n <= 25; n++) q.append({ n });
    assert.deepEqual(
      q.peek(3).events.map((e) => e.n),
      [1, 2, 3],
    );
    const oneLine = JSON.stringify({ s: 1, e: { n: 1 } }).length;
    assert.equal(q.peek(100, oneLine * 2 + 1).events.length, 2);
    assert.equal(q.peek(100, 1).events.length, 1, "always at least one");
    const { lastSeq } = q.peek(10);
    q.ack(lastSeq, { sent: 10, rejected: 0 });
    assert.deepEqual(
      q.peek(2).events.map((e) => e.n),
      [11, 12],
    );
    assert.equal(q.depth, 15);
    q.close();
  });

  it("survives a restart: unacknowledged events come back once, acknowledged ones never", () => {
    const dir = tempDir();
    const q = open(dir);
    for (let n = 1; n <= 30; n++) q.append({ n });
    q.ack(q.peek(12).lastSeq, { sent: 12, rejected: 0 });
    // No close(): as after kill -9.
    const again = open(dir);
    assert.deepEqual(
      again.peek(100).events.map((e) => e.n),
      Array.from({ length: 18 }, (_, i) => i + 13),
    );
    again.append({ n: 31 });
    assert.equal(again.peek(100).events.at(-1)?.n, 31);
    assert.deepEqual(
      { ...inspectQueue(dir), oldest: undefined },
      { consumed: 12, dropped: 0, sent: 12, rejected: 0, depth: 19, oldest: undefined },
    );
    again.close();
  });

  it("drops the oldest beyond capacity and counts them, also across a restart", () => {
    const dir = tempDir();
    const q = open(dir, 5);
    for (let n = 1; n <= 8; n++) q.append({ n });
    assert.deepEqual(
      q.peek(10).events.map((e) => e.n),
      [4, 5, 6, 7, 8],
    );
    assert.equal(q.stats().dropped, 3);
    q.close();
    const smaller = open(dir, 2);
    assert.deepEqual(
      smaller.peek(10).events.map((e) => e.n),
      [7, 8],
    );
    assert.equal(smaller.stats().dropped, 6);
    smaller.close();
  });

  it("skips a torn tail left by a write cut short, and keeps appending after it", () => {
    const dir = tempDir();
    const q = open(dir);
    q.append({ n: 1 });
    q.append({ n: 2 });
    const last = listSegments(dir).at(-1)?.path as string;
    appendFileSync(last, '{"s":3,"e":{"n"'); // the process died inside write()
    const again = open(dir);
    again.append({ n: 3 });
    assert.deepEqual(
      again.peek(10).events.map((e) => e.n),
      [1, 2, 3],
    );
    assert.equal(open(dir).depth, 3, "the torn line stays skipped on the next restart too");
  });

  it("deletes segments once everything in them is acknowledged", () => {
    const dir = tempDir();
    const q = open(dir, 1000, 10);
    for (let n = 1; n <= 35; n++) q.append({ n });
    assert.equal(listSegments(dir).length, 4);
    q.ack(q.peek(25).lastSeq, { sent: 25, rejected: 0 });
    assert.equal(listSegments(dir).length, 2);
    q.ack(q.peek(100).lastSeq, { sent: 10, rejected: 0 });
    assert.equal(listSegments(dir).length, 1, "the segment being written stays");
    q.close();
    open(dir).close();
    assert.deepEqual(
      readdirSync(dir).filter((f) => f.startsWith("seg-")),
      [],
    );
  });

  it("a journal that cannot be written (ENOSPC) keeps events in memory, then writes again", () => {
    const dir = tempDir();
    const q = open(dir, 1000, 1); // one record per segment file
    // The kernel's always-full device stands in for a full disk at the second record.
    symlinkSync("/dev/full", join(dir, segmentName(2)));
    for (let n = 1; n <= 3; n++) q.append({ n });
    assert.deepEqual(
      q.peek(10).events.map((e) => e.n),
      [1, 2, 3],
      "still delivered",
    );
    // What a full disk leaves behind: the failed segment, cut back to empty (never read /dev/full).
    rmSync(join(dir, segmentName(2)));
    writeFileSync(join(dir, segmentName(2)), "");
    assert.deepEqual(
      open(dir)
        .peek(10)
        .events.map((e) => e.n),
      [1, 3],
      "only the unwritten one is missing after a restart",
    );
  });

  it("a disk at its edge (full, a record fits, full again) is said once; again only after a minute of good writes", () => {
    const dir = tempDir();
    const lines: string[] = [];
    let now = 1_000_000;
    const logger = createLogger({ level: "info", write: (line) => void lines.push(JSON.parse(line).msg) });
    const q = new DurableQueue<{ n: number }>(dir, {
      capacity: 100,
      segmentRecords: 1,
      logger,
      now: () => now,
    });
    for (const seq of [2, 4, 6]) symlinkSync("/dev/full", join(dir, segmentName(seq)));
    const full = () => lines.filter((l) => l.startsWith("cannot write the queue journal")).length;
    for (let n = 1; n <= 4; n++) q.append({ n }); // 2 fails, 3 is written, 4 fails
    assert.equal(full(), 1, "the flap is one condition");
    now += JOURNAL_RECOVERED_AFTER_MS - 1;
    q.append({ n: 5 });
    assert.deepEqual(lines, [
      "cannot write the queue journal; keeping samples in memory until they are delivered (those are lost if the agent stops first)",
    ]);
    now += 1;
    q.append({ n: 6 }); // fails: not yet a minute of good writes since 4
    assert.equal(full(), 1);
    now += JOURNAL_RECOVERED_AFTER_MS;
    q.append({ n: 7 });
    assert.match(lines.at(-1) ?? "", /^the queue journal is written again/);
    symlinkSync("/dev/full", join(dir, segmentName(8)));
    q.append({ n: 8 });
    assert.equal(full(), 2, "a new failure after the recovery is said again");
    assert.deepEqual(
      q.peek(10).events.map((e) => e.n),
      [1, 2, 3, 4, 5, 6, 7, 8],
      "every event still delivered",
    );
  });

  it("events dropped as over capacity while their batch was in flight count as delivered, not dropped", () => {
    const q = open(tempDir(), 5);
    for (let n = 1; n <= 5; n++) q.append({ n });
    const batch = q.peek(3); // 1..3 go out
    for (let n = 6; n <= 7; n++) q.append({ n }); // 1 and 2 are dropped meanwhile
    assert.equal(q.stats().dropped, 2);
    q.ack(batch.lastSeq, { sent: 3, rejected: 0, firstSeq: batch.firstSeq });
    assert.deepEqual(
      { dropped: q.stats().dropped, sent: q.stats().sent, depth: q.depth },
      { dropped: 0, sent: 3, depth: 4 },
    );
  });
});

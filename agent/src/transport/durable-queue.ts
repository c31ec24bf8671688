import {
  closeSync,
  fdatasyncSync,
  fstatSync,
  ftruncateSync,
  openSync,
  readFileSync,
  rmSync,
  truncateSync,
  writeSync,
} from "node:fs";
import { join } from "node:path";
import type { Logger } from "../log.ts";
import {
  type Cursor,
  ensureDir,
  fsyncDir,
  listSegments,
  type QueueRecord,
  readCursor,
  readRecords,
  segmentName,
  writeFileAtomic,
} from "./journal-files.ts";

export interface QueueOptions {
  capacity: number;
  /** Records per segment file before a new one is started. */
  segmentRecords?: number;
  logger: Logger;
  /** The clock the journal's error hysteresis reads (tests step it). */
  now?: () => number;
}

/**
 * How long the journal must be written without a failure before a new failure is reported
 * again. A disk at its edge flaps: the queue's own deleted segments free a few pages, the next
 * records take them, and the disk is full again seconds later. That is one condition, said once.
 */
export const JOURNAL_RECOVERED_AFTER_MS = 60_000;

export interface QueueStats extends Cursor {
  depth: number;
}

/**
 * Bounded, crash-safe FIFO of events on disk. Every event is appended (and fdatasync'd) before
 * `append` returns, so it survives kill -9 and power loss; `ack` moves an atomically replaced
 * cursor past a delivered batch. Killed between delivery and ack, the batch is delivered again on restart: the
 * API is idempotent on (node, ts), so it counts once. Over capacity the oldest are dropped and
 * counted (recovery re-derives drops that were not yet written to the cursor).
 */
export class DurableQueue<T> {
  private records: QueueRecord<T>[] = [];
  private cursor: Cursor;
  private nextSeq: number;
  private fd: number | undefined;
  private segmentCount = 0;
  private cursorWrittenAt = 0;
  private segmentBytes = 0;
  private readonly segmentRecords: number;
  private readonly now: () => number;
  /** When the journal last failed to take a record, while that failure is still the current one. */
  private journalFailedAt: number | undefined;

  constructor(
    private readonly dir: string,
    private readonly options: QueueOptions,
  ) {
    this.segmentRecords = options.segmentRecords ?? 1000;
    this.now = options.now ?? Date.now;
    ensureDir(dir);
    trimTornTails(dir);
    this.cursor = readCursor(dir);
    const { records, torn, lastSeq } = readRecords<T>(dir, this.cursor.consumed);
    if (torn > 0) options.logger.warn(`queue: skipped ${torn} torn record(s) from an interrupted write`);
    this.records = records;
    this.nextSeq = lastSeq + 1;
    if (this.dropOverCapacity() > 0 || torn > 0) this.writeCursor();
    this.deleteConsumedSegments();
    if (records.length > 0)
      options.logger.info(`queue: ${records.length} event(s) waiting from before the restart`);
  }

  /** The sequence number of the oldest event not yet acknowledged (or of the next one appended). */
  get firstPendingSeq(): number {
    return this.records[0]?.seq ?? this.cursor.consumed + 1;
  }

  get depth(): number {
    return this.records.length;
  }

  stats(): QueueStats {
    return { ...this.cursor, depth: this.records.length };
  }

  /**
   * Appends one event, on disk before it returns. When the journal cannot be written (disk full,
   * I/O error) the event is kept in memory and still delivered, rather than dropped: it is never
   * written later, so it is lost only if the agent stops before delivering it. The problem is
   * logged once, and again only after the journal has been written for JOURNAL_RECOVERED_AFTER_MS.
   */
  append(event: T): void {
    const seq = this.nextSeq++;
    const line = JSON.stringify({ s: seq, e: event });
    try {
      this.writeRecord(seq, line);
      this.journalWritten();
    } catch (error) {
      this.journalFailedAt = this.now();
      this.options.logger.once(
        "queue:journal",
        "error",
        "cannot write the queue journal; keeping samples in memory until they are delivered (those are lost if the agent stops first)",
        { err: (error as Error).message, dir: this.dir },
      );
    }
    this.records.push({ seq, line, event });
    // Persisting every drop would double the fsyncs while the API is away; a crash loses no
    // count because recovery drops (and counts) the same oldest records again. Segments whose
    // records were all dropped are deleted too: capacity bounds the disk, not only memory.
    if (this.dropOverCapacity() > 0 && this.now() - this.cursorWrittenAt > 1000) {
      this.writeCursor();
      this.deleteConsumedSegments();
    }
  }

  /** A record reached the disk: a failure a minute behind us is over, and is said to be. */
  private journalWritten(): void {
    if (this.journalFailedAt === undefined) return;
    if (this.now() - this.journalFailedAt < JOURNAL_RECOVERED_AFTER_MS) return;
    this.journalFailedAt = undefined;
    this.options.logger.clear("queue:journal");
    this.options.logger.info(
      "the queue journal is written again; samples that could not be written stay in memory until delivered",
      { dir: this.dir },
    );
  }

  private writeRecord(seq: number, line: string): void {
    if (this.fd === undefined || this.segmentCount >= this.segmentRecords) this.startSegment(seq);
    const fd = this.fd as number;
    const record = Buffer.from(`${line}\n`);
    try {
      // A disk that fills part-way through a record (or a file size limit, a quota) takes what fits
      // and says so only by the count; writing the rest brings the error itself (ENOSPC, EFBIG,
      // EDQUOT). Taken for a whole record, the fragment was glued to the next one, both lost when read back.
      for (let offset = 0; offset < record.length; ) {
        const written = writeSync(fd, record, offset);
        if (written === 0) throw new Error(`the journal took 0 of ${record.length - offset} bytes`);
        offset += written;
      }
      fdatasyncSync(fd);
    } catch (error) {
      // Disk full or an I/O error part-way: cut the fragment off and start a fresh segment, so
      // the next record is never glued to it (and lost when the file is read back).
      try {
        ftruncateSync(fd, this.segmentBytes);
        closeSync(fd);
      } catch {}
      this.fd = undefined;
      throw error;
    }
    this.segmentBytes += record.length;
    this.segmentCount++;
  }

  /**
   * The oldest events, at most `max` of them and about `maxBytes` of JSON (at least one);
   * `afterSeq`: only those after it (an express send beside a batch in flight).
   */
  peek(
    max: number,
    maxBytes = Number.POSITIVE_INFINITY,
    afterSeq = 0,
  ): { events: T[]; firstSeq: number; lastSeq: number } {
    const events: T[] = [];
    const records = afterSeq > 0 ? this.records.filter((r) => r.seq > afterSeq) : this.records;
    const firstSeq = records[0]?.seq ?? Math.max(afterSeq, this.cursor.consumed) + 1;
    let bytes = 0;
    let lastSeq = Math.max(afterSeq, this.cursor.consumed);
    for (const record of records) {
      if (events.length >= max || (events.length > 0 && bytes + record.line.length > maxBytes)) break;
      events.push(record.event);
      bytes += record.line.length;
      lastSeq = record.seq;
    }
    return { events, firstSeq, lastSeq };
  }

  /**
   * Everything up to `lastSeq` was handled: `sent` accepted (or already there), `rejected` refused.
   * `firstSeq` (from peek): events of the batch dropped as over capacity while it was in flight
   * were delivered after all, so they no longer count as dropped.
   */
  ack(lastSeq: number, counts: { sent: number; rejected: number; firstSeq?: number }): void {
    if (counts.firstSeq !== undefined && this.cursor.consumed >= counts.firstSeq)
      this.cursor.dropped -= Math.min(this.cursor.consumed, lastSeq) - counts.firstSeq + 1;
    const before = this.records.length;
    this.records = this.records.filter((r) => r.seq > lastSeq);
    if (this.records.length === before) return;
    this.cursor.consumed = Math.max(this.cursor.consumed, lastSeq);
    this.cursor.sent += counts.sent;
    this.cursor.rejected += counts.rejected;
    this.writeCursor();
    this.deleteConsumedSegments();
  }

  close(): void {
    this.dropOverCapacity();
    this.writeCursor();
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private dropOverCapacity(): number {
    const excess = this.records.length - this.options.capacity;
    if (excess <= 0) return 0;
    const dropped = this.records.splice(0, excess);
    this.cursor.dropped += excess;
    this.cursor.consumed = (dropped[dropped.length - 1] as QueueRecord<T>).seq;
    this.options.logger.once(
      "queue:full",
      "warn",
      `queue full (${this.options.capacity}); dropping the oldest events`,
    );
    return excess;
  }

  private writeCursor(): void {
    // Not fsync'd (it is replaced every second): a cursor lost to a power cut only means the
    // records still on disk are sent again, and the API counts each (node, ts) once. Likewise a
    // cursor that cannot be written (disk full): the in-memory queue goes on, the next write catches up.
    try {
      writeFileAtomic(join(this.dir, "cursor.json"), JSON.stringify(this.cursor), 0o600, false);
    } catch (error) {
      this.options.logger.once("queue:cursor", "error", "cannot write the queue cursor", {
        err: (error as Error).message,
        dir: this.dir,
      });
      return;
    }
    this.options.logger.clear("queue:cursor");
    this.cursorWrittenAt = this.now();
    if (this.records.length < this.options.capacity) this.options.logger.clear("queue:full");
  }

  private startSegment(firstSeq: number): void {
    // Forgotten before the open, which a full disk can refuse: never closed twice (by then its
    // number may be another file's or socket's).
    const previous = this.fd;
    this.fd = undefined;
    if (previous !== undefined) closeSync(previous);
    this.fd = openSync(join(this.dir, segmentName(firstSeq)), "a", 0o600);
    this.segmentBytes = fstatSync(this.fd).size;
    this.segmentCount = 0;
    fsyncDir(this.dir);
  }

  /** Removes segments whose records are all consumed (a segment ends where the next begins). */
  private deleteConsumedSegments(): void {
    const segments = listSegments(this.dir);
    const current = this.fd !== undefined ? segments[segments.length - 1]?.firstSeq : undefined;
    let removed = false;
    for (let i = 0; i < segments.length; i++) {
      const next = segments[i + 1];
      const segment = segments[i] as { firstSeq: number; path: string };
      const lastSeqInside = next ? next.firstSeq - 1 : this.nextSeq - 1;
      if (segment.firstSeq === current || lastSeqInside > this.cursor.consumed) continue;
      rmSync(segment.path, { force: true });
      removed = true;
    }
    if (removed) fsyncDir(this.dir);
  }
}

/** Queue figures read straight from disk, for `levee-agent status` (never writes). */
export function inspectQueue(dir: string): QueueStats & { oldest?: unknown } {
  const cursor = readCursor(dir);
  const { records } = readRecords<unknown>(dir, cursor.consumed);
  return { ...cursor, depth: records.length, oldest: records[0]?.event };
}

/**
 * A write cut short (crash, power loss) leaves a fragment without its newline at the end of a
 * segment. Cut it off before anything is appended, so a new record never joins it.
 */
function trimTornTails(dir: string): void {
  for (const { path } of listSegments(dir)) {
    const bytes = readFileSync(path);
    const end = bytes.lastIndexOf(0x0a) + 1;
    if (end < bytes.length) truncateSync(path, end);
  }
}

import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";

/**
 * The on-disk pieces of the durable queue, read-only parts shared with `levee-agent status`:
 * segments `seg-<first seq>.jsonl` (one `{"s":seq,"e":event}` line each, fsync'd on append)
 * and `cursor.json` (everything ≤ `consumed` was delivered or dropped), replaced atomically.
 */
export interface Cursor {
  consumed: number;
  dropped: number;
  sent: number;
  rejected: number;
}

export interface QueueRecord<T> {
  seq: number;
  line: string;
  event: T;
}

export const CURSOR_FILE = "cursor.json";
const SEGMENT = /^seg-(\d{12})\.jsonl$/;

export const segmentName = (firstSeq: number) => `seg-${String(firstSeq).padStart(12, "0")}.jsonl`;

export function listSegments(dir: string): { firstSeq: number; path: string }[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  return names
    .map((name) => ({ match: SEGMENT.exec(name), name }))
    .filter((entry) => entry.match)
    .map((entry) => ({ firstSeq: Number(entry.match?.[1]), path: join(dir, entry.name) }))
    .sort((a, b) => a.firstSeq - b.firstSeq);
}

export function readCursor(dir: string): Cursor {
  try {
    const parsed = JSON.parse(readFileSync(join(dir, CURSOR_FILE), "utf8")) as Partial<Cursor>;
    return { consumed: 0, dropped: 0, sent: 0, rejected: 0, ...parsed };
  } catch {
    // Missing, or damaged by a power cut: start from the oldest record still on disk. At worst
    // already-delivered samples are sent again, and the API counts them once.
    return { consumed: 0, dropped: 0, sent: 0, rejected: 0 };
  }
}

/**
 * Write to a temporary file, fsync, rename over the target, fsync the directory. With
 * `durable: false` the fsyncs are skipped: still atomic for readers and across kill -9 (the page
 * cache survives the process), only a power cut can lose or damage the file.
 */
export function writeFileAtomic(path: string, text: string, mode = 0o600, durable = true): void {
  const tmp = `${path}.tmp`;
  const fd = openSync(tmp, "w", mode);
  try {
    writeFileSync(fd, text);
    if (durable) fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
  if (durable) fsyncDir(path.slice(0, path.lastIndexOf("/")) || "/");
}

export function fsyncDir(dir: string): void {
  const fd = openSync(dir, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export function ensureDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
}

/**
 * Every record after `consumed`, oldest first. A line that does not parse can only be the
 * torn tail of a segment written when the process died mid-append; it is counted and skipped.
 */
export function readRecords<T>(
  dir: string,
  consumed: number,
): { records: QueueRecord<T>[]; torn: number; lastSeq: number } {
  const records: QueueRecord<T>[] = [];
  let torn = 0;
  let lastSeq = consumed;
  for (const segment of listSegments(dir)) {
    for (const line of readFileSync(segment.path, "utf8").split("\n")) {
      if (line === "") continue;
      let parsed: { s: number; e: T };
      try {
        parsed = JSON.parse(line);
      } catch {
        torn++;
        continue;
      }
      if (typeof parsed?.s !== "number") {
        torn++;
        continue;
      }
      lastSeq = Math.max(lastSeq, parsed.s);
      if (parsed.s > consumed) records.push({ seq: parsed.s, line, event: parsed.e });
    }
  }
  records.sort((a, b) => a.seq - b.seq);
  return { records, torn, lastSeq };
}

import {
  closeSync,
  ftruncateSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
} from "node:fs";
import type { Logger } from "../log.ts";
import { writeFileAtomic } from "../transport/journal-files.ts";
import { type CaptureMeta, metaPath, partialPath, pcapPath } from "./incident-capture.ts";
import { GLOBAL_HEADER_BYTES, RECORD_HEADER_BYTES } from "./pcap-format.ts";

/**
 * The captures waiting on disk for upload: `<id>.pcap` + `<id>.json` with `complete: true`.
 * Deleted only after the API confirmed the upload; beyond `maxFiles` the oldest are dropped.
 */
export function pendingCaptures(dir: string): CaptureMeta[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const metas: CaptureMeta[] = [];
  for (const name of names.filter((n) => n.endsWith(".json")).sort()) {
    try {
      const meta = JSON.parse(readFileSync(`${dir}/${name}`, "utf8")) as CaptureMeta;
      if (meta.complete) metas.push(meta);
    } catch {
      // A sidecar being replaced right now; seen on the next pass.
    }
  }
  return metas;
}

export function removeCapture(dir: string, id: string): void {
  for (const path of [pcapPath(dir, id), partialPath(dir, id), metaPath(dir, id)])
    rmSync(path, { force: true });
}

/** Length of the pcap prefix made of whole records (a crash can leave a torn last record). */
export function wholeRecordsLength(path: string): { bytes: number; packets: number } {
  const fd = openSync(path, "r");
  try {
    const size = statSync(path).size;
    const header = Buffer.alloc(RECORD_HEADER_BYTES);
    let offset = GLOBAL_HEADER_BYTES;
    let packets = 0;
    while (offset + RECORD_HEADER_BYTES <= size) {
      readSync(fd, header, 0, RECORD_HEADER_BYTES, offset);
      const next = offset + RECORD_HEADER_BYTES + header.readUInt32LE(8);
      if (next > size) break;
      offset = next;
      packets++;
    }
    return { bytes: Math.min(offset, size), packets };
  } finally {
    closeSync(fd);
  }
}

/**
 * After a crash: a partial capture whose incident is known is cut to its last whole record and
 * made complete (it is evidence); one without an incident is removed. Returns what was done.
 */
export function recoverPartialCaptures(dir: string, logger: Logger): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names.filter((n) => n.endsWith(".pcap.partial"))) {
    const id = name.slice(0, -".pcap.partial".length);
    let meta: CaptureMeta | undefined;
    try {
      meta = JSON.parse(readFileSync(metaPath(dir, id), "utf8")) as CaptureMeta;
    } catch {
      meta = undefined;
    }
    if (!meta) {
      removeCapture(dir, id);
      logger.warn("removed an interrupted capture without its description", { id });
      continue;
    }
    const { bytes, packets } = wholeRecordsLength(partialPath(dir, id));
    const fd = openSync(partialPath(dir, id), "r+");
    ftruncateSync(fd, bytes);
    closeSync(fd);
    renameSync(partialPath(dir, id), pcapPath(dir, id));
    writeFileAtomic(
      metaPath(dir, id),
      JSON.stringify({ ...meta, packets, complete: true, endedAt: meta.endedAt ?? new Date().toISOString() }),
    );
    logger.info("kept a capture interrupted by a restart for upload", {
      id,
      packets,
      incidentId: meta.incidentId,
    });
  }
}

/** Captures kept without an incident are attached to one only if it came within this long. */
export const UNATTACHED_TTL_MS = 24 * 3_600_000;

/**
 * The API named an incident for samples of the window [fromMs, toMs]: captures the agent
 * started on its own (API away or slow) that overlap that window (give or take a minute) get its
 * id, so they are uploaded as its evidence. A capture from some other moment stays unattached
 * and expires. Returns how many were attached.
 */
export function attachIncident(
  dir: string,
  incidentId: string,
  window: { fromMs: number; toMs: number },
  now = Date.now(),
): number {
  let attached = 0;
  for (const meta of pendingCaptures(dir)) {
    const started = Date.parse(meta.startedAt);
    const ended = Date.parse(meta.endedAt ?? meta.startedAt);
    if (meta.incidentId || now - ended > UNATTACHED_TTL_MS) continue;
    if (started > window.toMs + 60_000 || ended < window.fromMs - 60_000) continue;
    writeFileAtomic(metaPath(dir, meta.id), JSON.stringify({ ...meta, incidentId }));
    attached++;
  }
  return attached;
}

/** Keeps at most `maxFiles` complete captures, removing the oldest; returns how many went. */
export function enforceCaptureLimit(dir: string, maxFiles: number, logger: Logger): number {
  const pending = pendingCaptures(dir);
  const excess = pending.slice(0, Math.max(0, pending.length - maxFiles));
  for (const meta of excess) {
    removeCapture(dir, meta.id);
    logger.warn("too many captures waiting for upload; removed the oldest", {
      id: meta.id,
      incidentId: meta.incidentId,
    });
  }
  return excess.length;
}

import { openAsBlob } from "node:fs";
import type { Logger } from "../log.ts";
import { Backoff, Wakeable } from "../transport/backoff.ts";
import { ApiError } from "../transport/graphql-client.ts";
import { pendingCaptures, removeCapture, UNATTACHED_TTL_MS } from "./capture-store.ts";
import type { CaptureMeta } from "./incident-capture.ts";
import { pcapPath } from "./incident-capture.ts";

export interface UploaderOptions {
  dir: string;
  upload(meta: CaptureMeta & { incidentId: string }, file: { blob: Blob; name: string }): Promise<void>;
  logger: Logger;
}

/**
 * Uploads finished captures oldest first and deletes each only once the API confirmed it.
 * Unreachable: backoff. An API without the upload mutation yet: retried every 10 minutes.
 * Refused for good (incident unknown, file invalid): logged and removed.
 */
export class CaptureUploader {
  private running = false;
  private done: Promise<void> | undefined;
  private readonly wake = new Wakeable();
  private readonly backoff = new Backoff(1000, 300_000);
  lastError: string | undefined;

  constructor(private readonly options: UploaderOptions) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.done = this.loop();
  }

  notify(): void {
    this.wake.wake();
  }

  async stop(deadlineMs: number): Promise<void> {
    this.running = false;
    this.wake.wake();
    await Promise.race([this.done, new Promise((r) => setTimeout(r, deadlineMs).unref())]);
  }

  pending(): number {
    return pendingCaptures(this.options.dir).length;
  }

  private async loop(): Promise<void> {
    while (this.running) {
      // Oldest first among those with an incident; unattached ones wait (or expire).
      const pending = pendingCaptures(this.options.dir);
      for (const meta of pending)
        if (!meta.incidentId && Date.now() - Date.parse(meta.endedAt ?? meta.startedAt) > UNATTACHED_TTL_MS)
          removeCapture(this.options.dir, meta.id);
      const next = pending.find((meta) => meta.incidentId);
      if (!next) {
        await this.wake.sleep(300_000);
        continue;
      }
      const wait = await this.uploadOne(next);
      if (wait > 0 && this.running) await this.wake.sleep(wait);
    }
  }

  private async uploadOne(meta: CaptureMeta): Promise<number> {
    const { dir, logger } = this.options;
    if (!meta.incidentId) return 60_000;
    try {
      const blob = await openAsBlob(pcapPath(dir, meta.id), { type: "application/vnd.tcpdump.pcap" });
      await this.options.upload({ ...meta, incidentId: meta.incidentId }, { blob, name: `${meta.id}.pcap` });
      removeCapture(dir, meta.id);
      this.backoff.reset();
      this.lastError = undefined;
      logger.info("incident capture uploaded", { incidentId: meta.incidentId, packets: meta.packets });
      return 0;
    } catch (error) {
      const apiError =
        error instanceof ApiError ? error : new ApiError("unreachable", (error as Error).message);
      this.lastError = apiError.message;
      if (apiError.kind === "rejected" || apiError.kind === "too-large") {
        logger.error("the API refused an incident capture; removing it", {
          err: apiError.message,
          id: meta.id,
        });
        removeCapture(dir, meta.id);
        return 0;
      }
      if (apiError.kind === "protocol") {
        logger.once(
          "upload:unsupported",
          "warn",
          "the API does not accept capture uploads (yet); keeping captures",
          {
            err: apiError.message,
          },
        );
        return 600_000;
      }
      const wait = Math.max(apiError.retryAfterMs ?? 0, this.backoff.next());
      logger.warn("incident capture not uploaded; kept on disk", { err: apiError.message, retryInMs: wait });
      return wait;
    }
  }
}

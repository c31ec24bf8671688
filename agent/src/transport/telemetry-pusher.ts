import type { Logger } from "../log.ts";
import type { TelemetrySample } from "../sampler/sample.ts";
import type { NodeDetection, TelemetryResult } from "./agent-api.ts";
import { Backoff, Wakeable } from "./backoff.ts";
import type { DurableQueue } from "./durable-queue.ts";
import { ApiError } from "./graphql-client.ts";
import { legacySample, refusesNewerInput, usesNewerInput } from "./legacy-sample.ts";

/** The API's body limit is 1 MiB by default; stay under it. */
const MAX_BATCH_BYTES = 900_000;

/** How long samples go in the older API's shape once it refused the newer fields, before trying again. */
const LEGACY_INPUT_MS = 10 * 60_000;

export type PushState = "starting" | "ok" | "retrying" | "unauthenticated";

export interface PusherOptions {
  queue: DurableQueue<TelemetrySample>;
  send(samples: TelemetrySample[]): Promise<TelemetryResult>;
  batchSize: number;
  logger: Logger;
  /** The API's answer, with the time of the newest sample it was about. */
  onDetection(detection: NodeDetection, newestSampleMs: number, oldestSampleMs: number): void;
  /** Every answer of the API (it carries the firewall actions wanted on this node). */
  onAnswer?(result: TelemetryResult): void;
  /** Called while the key is refused, every `authRetryMs`; may install a new key (re-enrolled). */
  onUnauthenticated?(): void;
  authRetryMs?: number;
  backoff?: Backoff;
}

/**
 * Drains the durable queue to `reportTelemetry`, oldest first, one batch at a time; a new sample
 * wakes it, so a healthy API sees each sample at once. Unreachable or rate-limited: backoff with
 * jitter. Refused key: stop pushing (the queue keeps the newest), retry rarely. Only after the
 * API answers is the batch acknowledged in the queue.
 *
 * An urgent sample (a probe crossing) does not wait behind a batch in flight: it goes at once as
 * an express request beside it (the socket carries several operations). It is sent after the
 * batch but may overtake it at the API (admission and checks run before a node's work is
 * serialised): the batch's older samples are then stored, not judged again, which is why a
 * crossing carries the window that crossed. Its delivery is acknowledged in the
 * queue only once everything before it is; if the batch before it fails, the retry sends its
 * samples again and the API, idempotent on (node, ts), counts them once. A failed express request
 * leaves its samples queued for the regular loop.
 */
export class TelemetryPusher {
  state: PushState = "starting";
  lastError: string | undefined;
  lastSentAt: string | undefined;
  private running = false;
  private loopDone: Promise<void> | undefined;
  private readonly wake = new Wakeable();
  private readonly backoff: Backoff;
  /**
   * For an API that answers but fails (5xx, UNAVAILABLE): the usual growth to 30 s whatever cap
   * `backoff` has. A launcher caps `backoff` low for a local API that is not listening yet (a
   * refused connect on loopback costs nothing); one that is up and failing must not be sent ten
   * tries a second.
   */
  private readonly failingBackoff = new Backoff(500, 30_000);
  private batchSize: number;
  private withoutCaptures = false;
  /** Until then (ms): samples go without the fields an older API refuses (legacy-sample.ts). */
  private legacyUntil = Number.NEGATIVE_INFINITY;
  /** The last queue seq of the regular batch in flight. */
  private inFlightLastSeq: number | undefined;
  /** The express request in flight (at most one). */
  private express: Promise<void> | undefined;
  /** What an express request delivered while the batch before it was unanswered: acked after it. */
  private deliveredAhead: { firstSeq: number; lastSeq: number; sent: number; rejected: number } | undefined;
  /** The newest queue seq whose answer was applied: a batch answering after a newer one's answer is not applied. */
  private appliedSeq = 0;

  constructor(private readonly options: PusherOptions) {
    this.backoff = options.backoff ?? new Backoff(500, 30_000);
    this.batchSize = options.batchSize;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loopDone = this.loop();
  }

  /** A new sample is queued; `urgent`: send it now even while a batch is in flight. */
  notify(urgent = false): void {
    // Not while the API is failing or refusing the key: the retry's back-off stands.
    const healthy = this.state === "ok" || this.state === "starting";
    if (urgent && healthy && this.inFlightLastSeq !== undefined && !this.express)
      this.express = this.sendAhead(this.inFlightLastSeq).finally(() => {
        this.express = undefined;
      });
    this.wake.wake();
  }

  /** Stops after the request in flight (if any) answers or `deadlineMs` passes. */
  async stop(deadlineMs: number): Promise<void> {
    this.running = false;
    this.wake.wake();
    await Promise.race([this.loopDone, new Promise((r) => setTimeout(r, deadlineMs).unref())]);
  }

  private async loop(): Promise<void> {
    const { queue } = this.options;
    while (this.running) {
      // Samples an express request carries are not sent twice at once: its answer comes first.
      if (this.express) await this.express;
      if (queue.depth === 0) {
        await this.wake.sleep(60_000);
        continue;
      }
      const wait = await this.sendOnce();
      // A retry wait (backoff, Retry-After, refused key) is sat out in full: new samples wake
      // an idle loop, never cut a back-off short (a fleet must not hammer an API coming back).
      const notBefore = Date.now() + wait;
      while (wait > 0 && this.running && Date.now() < notBefore)
        await this.wake.sleep(notBefore - Date.now());
    }
  }

  /** One batch; returns how long to wait before the next try (0: go on now). */
  private async sendOnce(): Promise<number> {
    const { queue, logger } = this.options;
    const { events: queued, firstSeq, lastSeq } = queue.peek(this.batchSize, MAX_BATCH_BYTES);
    const withoutCaptures = this.withoutCaptures;
    this.withoutCaptures = false;
    const legacy = Date.now() < this.legacyUntil;
    const events = this.forApi(withoutCaptures ? queued.map(({ capture: _, ...sample }) => sample) : queued);
    this.inFlightLastSeq = lastSeq;
    try {
      const result = await this.options.send(events);
      this.inFlightLastSeq = undefined;
      const rejected = new Set(result.rejected.map((r) => r.index)).size;
      queue.ack(lastSeq, { sent: result.accepted + result.duplicates, rejected, firstSeq });
      this.ackDeliveredAhead();
      logger.debug("batch delivered", {
        first: events[0]?.ts,
        last: events.at(-1)?.ts,
        count: events.length,
        accepted: result.accepted,
        duplicates: result.duplicates,
        rejected,
      });
      for (const problem of result.rejected.slice(0, 5))
        logger.warn("sample rejected by the API", { ts: events[problem.index]?.ts, ...problem });
      if (this.state === "retrying" || this.state === "unauthenticated")
        logger.info("telemetry delivered again", { backlog: queue.depth, after: this.lastError });
      this.state = "ok";
      this.lastError = undefined;
      this.lastSentAt = new Date().toISOString();
      this.backoff.reset();
      this.failingBackoff.reset();
      this.batchSize = this.options.batchSize;
      this.applyAnswer(result, events, lastSeq);
      return 0;
    } catch (error) {
      this.inFlightLastSeq = undefined;
      const apiError = error instanceof ApiError ? error : new ApiError("unreachable", String(error));
      if (!(error instanceof ApiError))
        logger.error("unexpected error while sending telemetry", { err: error });
      if (apiError.kind === "rejected" && !withoutCaptures && queued.some((e) => e.capture)) {
        // A summary the API does not accept must not cost the samples: send them without it.
        logger.once(
          "push:captures-refused",
          "warn",
          "the API refused capture summaries; sending those samples without",
          {
            err: apiError.message.slice(0, 500),
          },
        );
        this.withoutCaptures = true;
        return 0;
      }
      if (
        apiError.kind === "rejected" &&
        !legacy &&
        events.some(usesNewerInput) &&
        refusesNewerInput(apiError.message)
      ) {
        // An API older than the listen-queue fields (or null socket counts) refuses the whole
        // batch at its input's validation: send the shape it knows for a while, then try again.
        logger.once(
          "push:legacy-input",
          "warn",
          "the API refused the listen-queue fields or null socket counts; sending the older shape",
          { err: apiError.message.slice(0, 500) },
        );
        this.legacyUntil = Date.now() + LEGACY_INPUT_MS;
        return 0;
      }
      return this.failed(apiError, events.length, lastSeq);
    }
  }

  /** The express request: the samples queued after the batch in flight, sent beside it. */
  private async sendAhead(afterSeq: number): Promise<void> {
    const { queue, logger } = this.options;
    const peeked = queue.peek(this.batchSize, MAX_BATCH_BYTES, afterSeq);
    const { firstSeq, lastSeq } = peeked;
    const events = this.forApi(peeked.events);
    if (events.length === 0) return;
    try {
      const result = await this.options.send(events);
      const rejected = new Set(result.rejected.map((r) => r.index)).size;
      this.deliveredAhead = { firstSeq, lastSeq, sent: result.accepted + result.duplicates, rejected };
      this.ackDeliveredAhead();
      this.lastSentAt = new Date().toISOString();
      logger.debug("express batch delivered", { first: events[0]?.ts, count: events.length, rejected });
      this.applyAnswer(result, events, lastSeq);
    } catch (error) {
      // Still queued: the regular loop sends them (and says why, if the API is away).
      logger.debug("express batch not delivered; left to the regular push", { err: String(error) });
    }
  }

  /** The samples in the shape the API takes (the older one while it refuses the newer fields). */
  private forApi(samples: TelemetrySample[]): TelemetrySample[] {
    return Date.now() < this.legacyUntil ? samples.map(legacySample) : samples;
  }

  /** Acknowledges an express delivery once nothing older is left unacknowledged. */
  private ackDeliveredAhead(): void {
    const ahead = this.deliveredAhead;
    const pending = this.options.queue.firstPendingSeq;
    if (!ahead || pending < ahead.firstSeq) return;
    this.deliveredAhead = undefined;
    // Acked already by a retry of the batch before it that carried these samples again.
    if (pending > ahead.firstSeq) return;
    this.options.queue.ack(ahead.lastSeq, {
      sent: ahead.sent,
      rejected: ahead.rejected,
      firstSeq: ahead.firstSeq,
    });
  }

  /** The API's word about a batch; one about older samples than an answer already applied is stale. */
  private applyAnswer(result: TelemetryResult, events: TelemetrySample[], lastSeq: number): void {
    if (lastSeq < this.appliedSeq) return;
    this.appliedSeq = lastSeq;
    const newest = Date.parse(events.at(-1)?.ts ?? "") || Date.now();
    this.options.onDetection(result.detection, newest, Date.parse(events[0]?.ts ?? "") || newest);
    this.options.onAnswer?.(result);
  }

  private failed(error: ApiError, count: number, lastSeq: number): number {
    const { queue, logger } = this.options;
    const changed = this.lastError !== error.message;
    this.lastError = error.message;
    switch (error.kind) {
      case "unauthenticated":
        if (this.state !== "unauthenticated")
          logger.error(
            "the API refused the agent key (revoked, or the node was deleted); telemetry is kept on disk, " +
              "not sent. Re-enrol with `levee-agent enroll --api URL --token TOKEN`",
            { err: error.message, queued: queue.depth },
          );
        this.state = "unauthenticated";
        this.options.onUnauthenticated?.();
        return this.options.authRetryMs ?? 60_000;
      case "too-large":
        if (count > 1) {
          this.batchSize = Math.max(1, Math.floor(count / 2));
          return 0;
        }
        logger.error("a single sample is larger than the API accepts; dropping it", { err: error.message });
        queue.ack(lastSeq, { sent: 0, rejected: 1 });
        return 0;
      case "rejected":
        // The whole batch was refused (not per sample): halve it until the one sample the API
        // cannot take is alone, and drop only that one (retrying it would block the queue).
        if (count > 1) {
          this.batchSize = Math.max(1, Math.floor(count / 2));
          return 0;
        }
        logger.error("the API refused a telemetry batch; dropping it", {
          err: error.message,
          samples: count,
        });
        queue.ack(lastSeq, { sent: 0, rejected: count });
        return 0;
      default: {
        this.state = "retrying";
        const backoff = error.answered ? this.failingBackoff : this.backoff;
        const wait = Math.max(error.retryAfterMs ?? 0, backoff.next());
        if (changed || backoff.failures === 1)
          logger.warn("telemetry not delivered; keeping it queued and retrying", {
            err: error.message,
            queued: queue.depth,
            retryInMs: wait,
          });
        return wait;
      }
    }
  }
}

import type { MetricThreshold, NodeDetection, TrafficMetric } from "../transport/agent-api.ts";

/** The sample fields each API metric is compared with (rxBps is bits per second). */
export const METRIC_FIELD = {
  PPS: "rxPps",
  BPS: "rxBps",
  TCP_PPS: "tcpPps",
  UDP_PPS: "udpPps",
  ICMP_PPS: "icmpPps",
  SYN_RECV: "synRecv",
  TCP_ESTABLISHED: "tcpEstablished",
  TCP_SOCKETS: "tcpTotal",
  SYN_COOKIES: "syncookiesSent",
} as const satisfies Record<TrafficMetric, string>;

type OptionalField = "synRecv" | "tcpEstablished" | "tcpTotal" | "syncookiesSent";
/**
 * A sample's rates; socket counts and SYN cookies/s are absent from a probe (it reads
 * /proc/net/dev only) and null when the socket tables or /proc/net/netstat could not be read.
 */
export type Rates = Record<Exclude<(typeof METRIC_FIELD)[TrafficMetric], OptionalField>, number> &
  Partial<Record<OptionalField, number | null>>;

/** `restart`: finish the capture running (it belongs to its incident) and start one for the new incident. */
export type TriggerAction = "start" | "stop" | "restart" | "none";

export interface TriggerOptions {
  /**
   * Calm sampling intervals that end a capture the API is not asking for, counted in sample
   * time (quietSamples × intervalMs), not in samples: an early sub-second sample is one sample
   * but a fraction of an interval.
   */
  quietSamples: number;
  /** The sampling interval (ms): with quietSamples, how long a capture stays calm before it ends. */
  intervalMs: number;
  /** How long an API answer counts as current (it is slow or away after that). */
  freshMs: number;
  /** Packets/s that start a capture before the API has sent any threshold. */
  localPpsThreshold?: number | undefined;
}

/** An answer about samples older than this describes the past, not the attack going on now. */
export const STALE_ANSWER_MS = 10_000;

/**
 * Decides when the incident capture runs. The API's word (ATTACK, captureRequested) starts it when
 * current; the agent's own samples against the last thresholds it heard (kept across restarts)
 * start it too, so capture begins even while the API is slow or away. It stops once its samples
 * have had neither for `quietSamples` sampling intervals of sample time.
 *
 * A capture belongs to the incident it was started for: the first incident the API names while
 * it runs is adopted (it may start before the API has answered), but an answer naming another
 * incident finishes it and starts a new one — it never moves to the newer incident, which would
 * leave the first without evidence. Once a capture has ended, the API still reporting that same
 * incident (its quiet period, or a late answer about samples the capture already judged) does
 * not start another one for it: only the traffic itself crossing again does.
 */
export class CaptureTrigger {
  capturing = false;
  incidentId: string | null = null;
  private detection: NodeDetection | undefined;
  private detectionAt = Number.NEGATIVE_INFINITY;
  /** Sample time (ms) of the last sample that kept the capture going (or of its start). */
  private lastHotMs = Number.NEGATIVE_INFINITY;
  /** Sample time (ms) the running capture started at. */
  private startedAtMs = Number.NEGATIVE_INFINITY;
  /** The incident of the last capture that ended, and the sample time it ended at. */
  private ended: { incidentId: string | null; atMs: number } | undefined;

  constructor(
    private readonly options: TriggerOptions,
    known?: NodeDetection,
  ) {
    this.detection = known;
  }

  get thresholds(): MetricThreshold[] {
    return this.detection?.thresholds ?? [];
  }

  /**
   * An answer from the API; may start the capture at once (it asked for one). An answer about
   * old samples (a backlog replayed after an outage) only brings thresholds: it must not start
   * a capture of today's traffic for a past incident.
   */
  onDetection(
    detection: NodeDetection,
    nowMs: number,
    newestSampleMs = nowMs,
    oldestSampleMs = newestSampleMs,
  ): TriggerAction {
    if (nowMs - newestSampleMs > STALE_ANSWER_MS)
      detection = { ...detection, state: "NORMAL", captureRequested: false, incidentId: null };
    this.detection = detection;
    this.detectionAt = nowMs;
    const named = detection.incidentId;
    if (this.capturing) {
      // Only an answer that the attack is on, about samples this capture covers, names its
      // incident: an incident's quiet period (NORMAL, still naming it) or an answer about samples
      // from before the capture began (a batch in flight when a new flood crossed) would file
      // the new flood's first packets under the incident that was ending.
      const current =
        (detection.state === "ATTACK" || detection.captureRequested) && newestSampleMs >= this.startedAtMs;
      if (!current || !named || named === this.incidentId) return "none";
      if (this.incidentId === null) {
        this.incidentId = named;
        return "none";
      }
      // Another incident: this capture is the evidence of its own one.
      this.end(newestSampleMs);
      this.start(newestSampleMs, nowMs);
      return "restart";
    }
    if (!this.apiWantsCapture(nowMs)) return "none";
    const ended = this.ended;
    if (ended && !detection.captureRequested) {
      // An ended capture the API had not named yet is the one of the incident named by an answer
      // about samples of its time (the capture store attaches its file to it the same way).
      if (ended.incidentId === null && named !== null && oldestSampleMs <= ended.atMs)
        ended.incidentId = named;
      // An answer about what the ended capture already covered, or the API still reporting that
      // capture's incident (its quiet period): not a new attack.
      if (newestSampleMs <= ended.atMs || (named !== null && named === ended.incidentId)) return "none";
    }
    return this.start(newestSampleMs, nowMs);
  }

  /**
   * A new sample of the agent's own; `sampleMs`: when its window ended (its ts). The calm that
   * ends a capture is measured in sample time, so early partial samples cannot shorten it.
   */
  onSample(rates: Rates, nowMs: number, sampleMs = nowMs): TriggerAction {
    const overThreshold = this.exceeds(rates);
    const ended = this.ended;
    // Still the ended incident's quiet period at the API: only the traffic itself starts anew.
    const apiHot =
      this.apiWantsCapture(nowMs) &&
      (this.capturing ||
        this.detection?.captureRequested === true ||
        ended === undefined ||
        (this.detection?.incidentId ?? null) !== ended.incidentId);
    const hot = apiHot || overThreshold;
    if (!this.capturing) return hot ? this.start(sampleMs, nowMs) : "none";
    if (hot) {
      this.lastHotMs = Math.max(this.lastHotMs, sampleMs);
      return "none";
    }
    if (sampleMs - this.lastHotMs < this.options.quietSamples * this.options.intervalMs) return "none";
    this.end(sampleMs);
    return "stop";
  }

  /** The metrics of `rates` at or over their threshold. */
  exceeded(rates: Rates): TrafficMetric[] {
    const thresholds = this.thresholds;
    if (thresholds.length === 0 && this.options.localPpsThreshold !== undefined)
      return rates.rxPps >= this.options.localPpsThreshold ? ["PPS"] : [];
    // A metric this agent does not know (a newer API) is the API's to judge, not the agent's.
    return thresholds
      .filter((t) => t.metric in METRIC_FIELD && (rates[METRIC_FIELD[t.metric]] ?? 0) >= t.threshold)
      .map((t) => t.metric);
  }

  /** The API reports an attack going on (recently enough to be current). */
  attackOngoing(nowMs: number): boolean {
    return this.apiWantsCapture(nowMs);
  }

  private exceeds(rates: Rates): boolean {
    return this.exceeded(rates).length > 0;
  }

  private apiWantsCapture(nowMs: number): boolean {
    const d = this.detection;
    if (!d || nowMs - this.detectionAt > this.options.freshMs) return false;
    return d.state === "ATTACK" || d.captureRequested;
  }

  private start(atMs: number, nowMs: number): TriggerAction {
    this.capturing = true;
    this.lastHotMs = atMs;
    this.startedAtMs = atMs;
    // Only a current answer names the incident this capture is for; an old one may name an
    // incident that has ended since.
    this.incidentId = this.apiWantsCapture(nowMs) ? (this.detection?.incidentId ?? null) : null;
    return "start";
  }

  private end(atMs: number): void {
    this.capturing = false;
    this.ended = { incidentId: this.incidentId, atMs };
  }
}

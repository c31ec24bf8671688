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
} as const satisfies Record<TrafficMetric, string>;

type SocketField = "synRecv" | "tcpEstablished" | "tcpTotal";
/** A sample's rates; socket counts are absent from a probe (it reads /proc/net/dev only). */
export type Rates = Record<Exclude<(typeof METRIC_FIELD)[TrafficMetric], SocketField>, number> &
  Partial<Record<SocketField, number>>;

export type TriggerAction = "start" | "stop" | "none";

export interface TriggerOptions {
  /** Below-threshold samples in a row that end a capture the API is not asking for. */
  quietSamples: number;
  /** How long an API answer counts as current (it is slow or away after that). */
  freshMs: number;
  /** Packets/s that start a capture before the API has sent any threshold. */
  localPpsThreshold?: number | undefined;
}

/**
 * Decides when the incident capture runs. The API's word (ATTACK, captureRequested) starts it when
 * current; the agent's own samples against the last thresholds it heard (kept across restarts)
 * start it too, so capture begins even while the API is slow or away. It stops after
 * `quietSamples` samples with neither.
 */
/** An answer about samples older than this describes the past, not the attack going on now. */
const STALE_ANSWER_MS = 10_000;

export class CaptureTrigger {
  capturing = false;
  incidentId: string | null = null;
  private detection: NodeDetection | undefined;
  private detectionAt = Number.NEGATIVE_INFINITY;
  private quiet = 0;

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
  onDetection(detection: NodeDetection, nowMs: number, newestSampleMs = nowMs): TriggerAction {
    if (nowMs - newestSampleMs > STALE_ANSWER_MS)
      detection = { ...detection, state: "NORMAL", captureRequested: false, incidentId: null };
    this.detection = detection;
    this.detectionAt = nowMs;
    if (this.capturing && detection.incidentId) this.incidentId = detection.incidentId;
    if (!this.capturing && this.apiWantsCapture(nowMs)) return this.start();
    return "none";
  }

  /** A new sample of the agent's own. */
  onSample(rates: Rates, nowMs: number): TriggerAction {
    const hot = this.apiWantsCapture(nowMs) || this.exceeds(rates);
    if (!this.capturing) return hot ? this.start() : "none";
    this.quiet = hot ? 0 : this.quiet + 1;
    if (this.quiet < this.options.quietSamples) return "none";
    this.capturing = false;
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

  private start(): TriggerAction {
    this.capturing = true;
    this.quiet = 0;
    this.incidentId = this.detection?.incidentId ?? null;
    return "start";
  }
}

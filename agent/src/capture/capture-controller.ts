import { readFileSync } from "node:fs";
import { networkInterfaces } from "node:os";
import { type CaptureSummary, captureSummarySchema } from "@levee/shared/classification/capture-summary";
import type { AgentConfig, StatePaths } from "../config.ts";
import type { Logger } from "../log.ts";
import type { TelemetrySample } from "../sampler/sample.ts";
import type { NodeDetection } from "../transport/agent-api.ts";
import { ensureDir, writeFileAtomic } from "../transport/journal-files.ts";
import { apiExclusionFilter, resolveApiEndpoint } from "./bpf-filter.ts";
import { processCanCapture } from "./capabilities.ts";
import { CaptureService } from "./capture-service.ts";
import { attachIncident, enforceCaptureLimit, recoverPartialCaptures } from "./capture-store.ts";
import { CaptureTrigger, STALE_ANSWER_MS, type TriggerAction } from "./capture-trigger.ts";
import type { CaptureUploader } from "./capture-uploader.ts";
import type { PacketRing } from "./packet-ring.ts";
import { type OpenPacketSource, openLibpcap } from "./pcap-source.ts";

/** The per-second summariser (agent/src/analyze/feature-extractor.ts), when it is there. */
export interface Summariser {
  addPacket(data: Uint8Array, linkType: number, wireLength: number, tsSeconds: number): void;
  takeSummary(seconds?: number): CaptureSummary;
}

/** The controller's edges: its clocks, the permission check and where packets come from. */
export interface CaptureEnvironment {
  /** Wall clock (epoch ms): the samples' stamps and the packets' are on it. */
  now(): number;
  /** Monotonic clock (ms): summary lengths, unmoved by a wall clock that steps. */
  monotonic(): number;
  /** Whether this process may capture (CAP_NET_RAW). */
  canCapture(): { ok: boolean; reason?: string };
  openSource: OpenPacketSource;
}

const SYSTEM: CaptureEnvironment = {
  now: () => Date.now(),
  monotonic: () => performance.now(),
  canCapture: processCanCapture,
  openSource: openLibpcap,
};

/**
 * Samples remembered to find which of an answered batch crossed: those of the last seconds (an
 * answer about older ones starts no capture), and never more than a batch holds.
 */
const RECENT_MS = STALE_ANSWER_MS + 2000;
const RECENT_MAX = 2000;

/** The interface's own addresses: packets from them are the node's answers, never attack sources. */
export function interfaceAddresses(device: string): string[] {
  return (networkInterfaces()[device] ?? []).map((a) => a.address.replace(/%.*$/, ""));
}

async function loadSummariser(logger: Logger, ownAddresses: string[]): Promise<Summariser | undefined> {
  try {
    const { FeatureExtractor } = await import("../packets/feature-extractor.ts");
    return new FeatureExtractor({ ownAddresses });
  } catch (error) {
    logger.warn("no feature extractor; samples carry no capture summary", { err: error });
    return undefined;
  }
}

/**
 * Ties capture together: the trigger decides (API word + own samples against last thresholds),
 * the service writes the ring and the incident file, the summariser adds a `capture` summary to
 * every sample while an incident capture runs, and the uploader ships finished files.
 */
export class CaptureController {
  service: CaptureService | undefined;
  disabledReason: string | undefined;
  /** The device captured on (when the capture is on). */
  device: string | undefined;
  /** The BPF filter, once resolved: the capture may open (again, on another device). */
  private filter: string | undefined;
  readonly trigger: CaptureTrigger;
  private summariser: Summariser | undefined;
  private lastDetection: NodeDetection | undefined;
  /** Monotonic ms when the summariser's current interval began. */
  private summaryStartedAt = 0;
  /**
   * The ring's packets up to this timestamp (s) were summarised onto the sample that decided the
   * capture now starting (and when: monotonic ms); the capture's own summaries go on from there.
   */
  private ringSummarised: { upToTs: number; at: number } | undefined;
  /**
   * The running capture's summaries sent so far cover its packets up to here (epoch s). A capture
   * of another incident starting in its place takes the ring's packets from here at the earliest:
   * those before are on samples already, as the first incident's.
   */
  private capturedSummaryToTs: number | undefined;
  /**
   * Wall-clock start (epoch s) of the first summary after a capture opened: the first ring packet
   * it holds, or the moment it opened when the ring had none (a capture the API's answer, an
   * interface switch or a restart opened); after the agent's own crossing, the last packet (or the
   * read) the deciding sample's summary ended with. That summary's length is measured on the wall
   * clock, as the samples' stamps are (onSample).
   */
  private firstSummaryFromTs: number | undefined;
  /** The last samples seen (oldest first): an answer names its batch only by the stamps. */
  private readonly recent: TelemetrySample[] = [];
  /**
   * Set by an answer that starts a capture: the start (epoch s) of the interval of the sample it
   * found over a threshold. The capture's first summary takes the ring's packets from there.
   */
  private answeredCrossingFromTs: number | undefined;
  private readonly env: CaptureEnvironment;

  constructor(
    private readonly config: AgentConfig & { apiUrl: string },
    private readonly paths: StatePaths,
    private readonly uploader: CaptureUploader,
    private readonly logger: Logger,
    env: Partial<CaptureEnvironment> = {},
  ) {
    this.env = { ...SYSTEM, ...env };
    this.lastDetection = readDetection(paths.detectionFile);
    this.trigger = new CaptureTrigger(
      {
        quietSamples: config.detection.quietSamples,
        intervalMs: config.sampleIntervalMs,
        freshMs: Math.max(5000, config.sampleIntervalMs * 5),
        localPpsThreshold: config.detection.localPpsThreshold,
      },
      this.lastDetection,
    );
  }

  async start(device: string): Promise<void> {
    const { capture } = this.config;
    ensureDir(this.paths.captureDir);
    recoverPartialCaptures(this.paths.captureDir, this.logger);
    enforceCaptureLimit(this.paths.captureDir, capture.maxPendingFiles, this.logger);
    this.uploader.start();
    const allowed = this.env.canCapture();
    this.disabledReason = !capture.enabled
      ? "disabled in the configuration (capture.enabled = false)"
      : !allowed.ok
        ? allowed.reason
        : undefined;
    if (!this.disabledReason) {
      this.filter = await resolveApiEndpoint(this.config.apiUrl).then(apiExclusionFilter, (error: Error) => {
        this.disabledReason = `cannot resolve the API host for the capture filter (${error.message})`;
        return undefined;
      });
    }
    await this.open(device);
  }

  /** Opens the capture on `device` when the filter is there; otherwise says why it is off. */
  private async open(device: string): Promise<void> {
    const { capture } = this.config;
    if (this.filter !== undefined) {
      const opened = CaptureService.open(
        { ...capture, device, filter: this.filter, dir: this.paths.captureDir, logger: this.logger },
        this.env.openSource,
      );
      if ("reason" in opened) this.disabledReason = opened.reason;
      else {
        this.service = opened;
        this.device = device;
      }
    }
    if (this.disabledReason)
      this.logger.warn(`packet capture is off: ${this.disabledReason}; sampling and telemetry continue`);
    else {
      const ownAddresses = interfaceAddresses(device);
      this.summariser = await loadSummariser(this.logger, ownAddresses);
      this.logger.info("packet capture on", {
        device,
        ringPackets: capture.ringPackets,
        snaplen: capture.snaplen,
        ownAddresses,
      });
    }
  }

  /**
   * Captures on another device from now on (the node's interface setting changed). An incident
   * capture running is finished (its file holds the old interface's packets) and a new one starts
   * on the new device for the same incident; the ring starts empty. A capture that is off for a
   * reason other than its device (configuration, permission, the filter) stays off.
   */
  async switchDevice(device: string): Promise<void> {
    if (device === this.device || this.filter === undefined) return;
    this.finish(`interface changing to ${device}`);
    this.service?.close();
    this.service = undefined;
    this.device = undefined;
    this.disabledReason = undefined;
    await this.open(device);
    if (this.trigger.capturing) this.act("start", `interface changed to ${device} during the incident`);
  }

  /**
   * Lets the trigger see the sample, then adds the capture summary while capturing. A capture
   * this sample starts is returned, not run: writing the ring and summarising it took up to
   * ~50 ms, and the sample that crossed must reach the API first. The caller runs it right after
   * queueing the sample; the ring is held as it is meanwhile, and the capture's first summary
   * (from the ring's packets of this interval on) rides on the next sample.
   */
  onSample(sample: TelemetrySample): (() => void) | undefined {
    this.service?.flush();
    this.remember(sample);
    const action = this.trigger.onSample(sample, this.env.now(), Date.parse(sample.ts));
    if (action === "start") {
      this.summariseOwnInterval(sample);
      this.service?.holdRing();
      return () => {
        // The API may have answered meanwhile: its word (and incident id) stands.
        if (this.trigger.capturing && !this.service?.capturing)
          this.act("start", "own samples over threshold");
        else this.service?.releaseRing();
        this.ringSummarised = undefined;
      };
    }
    if (this.service?.capturing && this.summariser) {
      // The summary covers the packets since the last one: its length is that time, which the
      // API needs to turn counts into rates whatever the sampling interval.
      const now = this.env.monotonic();
      let seconds = Math.max(0.001, (now - this.summaryStartedAt) / 1000);
      this.summaryStartedAt = now;
      const from = this.firstSummaryFromTs;
      this.firstSummaryFromTs = undefined;
      if (from !== undefined) {
        // The API takes the first summary after a capture opened for the evidence of the sample
        // that crossed when it reaches back before that sample's stamp (IncidentClassifier: the
        // ring's packets of its interval): measured on the monotonic clock from a moment after
        // the stamp, a summary holding none of them reached back by the few ms this read took
        // after its own stamp. A wall clock that stepped meanwhile leaves the monotonic length.
        const wall = Date.parse(sample.ts) / 1000 - from;
        if (Math.abs(wall - seconds) < 1) seconds = Math.max(0.001, wall);
      }
      this.attachSummary(sample, this.summariser.takeSummary(seconds));
      this.capturedSummaryToTs = this.env.now() / 1000;
    }
    if (action === "stop") this.act(action, "own samples back below thresholds");
    return undefined;
  }

  /**
   * The API's answer to a batch. An answer about old samples (a backlog replayed after an outage)
   * updates the thresholds and attaches captures taken back then, but never starts a capture of
   * today's traffic for that past incident.
   */
  onDetection(
    detection: NodeDetection,
    newestSampleMs = this.env.now(),
    oldestSampleMs = newestSampleMs,
  ): void {
    if (JSON.stringify(detection.thresholds) !== JSON.stringify(this.lastDetection?.thresholds))
      writeFileAtomic(
        this.paths.detectionFile,
        JSON.stringify({ ...detection, state: "NORMAL", incidentId: null }),
      );
    this.lastDetection = detection;
    const action = this.trigger.onDetection(detection, this.env.now(), newestSampleMs, oldestSampleMs);
    if (action === "start" || action === "restart")
      this.answeredCrossingFromTs = this.crossingStart(oldestSampleMs, newestSampleMs) / 1000;
    try {
      this.act(action, `API: ${detection.state}`);
    } finally {
      this.answeredCrossingFromTs = undefined;
    }
    if (this.trigger.capturing && this.trigger.incidentId) this.service?.setIncident(this.trigger.incidentId);
    const window = { fromMs: oldestSampleMs, toMs: newestSampleMs };
    if (detection.incidentId && attachIncident(this.paths.captureDir, detection.incidentId, window) > 0) {
      this.logger.info("captures taken while the API was away attached to its incident", {
        incidentId: detection.incidentId,
      });
      this.uploader.notify();
    }
  }

  private remember(sample: TelemetrySample): void {
    const recent = this.recent;
    recent.push(sample);
    const oldestKept = Date.parse(sample.ts) - RECENT_MS;
    while (recent.length > RECENT_MAX || Date.parse(recent[0]?.ts ?? sample.ts) < oldestKept) recent.shift();
  }

  /**
   * Where the interval of the answered batch's crossing began (epoch ms): the first of its samples
   * over the thresholds the answer brought (the API's judgement of it), else its first sample.
   * An interval begins at the sample before it, or one sampling interval back if that was longer
   * ago (a pause) or is not among the samples remembered (sent before a restart).
   */
  private crossingStart(oldestMs: number, newestMs: number): number {
    const stamps = this.recent.map((s) => Date.parse(s.ts));
    const inBatch = (i: number) => (stamps[i] as number) >= oldestMs && (stamps[i] as number) <= newestMs;
    let at = this.recent.findIndex((s, i) => inBatch(i) && this.trigger.exceeded(s).length > 0);
    if (at < 0) at = stamps.findIndex((_, i) => inBatch(i));
    const endMs = at < 0 ? oldestMs : (stamps[at] as number);
    const previous = at > 0 ? (stamps[at - 1] as number) : Number.NEGATIVE_INFINITY;
    return Math.max(previous, endMs - this.config.sampleIntervalMs);
  }

  private act(action: TriggerAction, why: string): void {
    let summarisedToTs = Number.NEGATIVE_INFINITY;
    if (action === "restart") {
      // The capture running is its own incident's evidence: finished as it is, a new one begins.
      if (this.service?.capturing) summarisedToTs = this.capturedSummaryToTs ?? summarisedToTs;
      this.finish(`another incident opened (${why})`);
      action = "start";
    }
    if (action === "start") {
      this.capturedSummaryToTs = undefined;
      this.logger.warn("attack suspected: incident capture starting", {
        why,
        incidentId: this.trigger.incidentId,
      });
      if (!this.service) return;
      const meta = this.service.startIncident(this.trigger.incidentId);
      const summariser = this.summariser;
      if (summariser) {
        summariser.takeSummary();
        const done = this.ringSummarised;
        this.ringSummarised = undefined;
        const nowTs = this.env.now() / 1000;
        if (done) {
          // The deciding sample carries the ring up to its read: only what came after (the
          // packets kept aside while the ring was held) is still to summarise.
          summariseRing(this.service.ring, this.service.linkType, summariser, done.upToTs, nowTs);
          this.summaryStartedAt = done.at;
          this.firstSummaryFromTs = done.upToTs;
        } else {
          // The last sample interval, and back to the start of the answered crossing's interval
          // when the answer came later than that (as far back as the ring still holds), but
          // never into what the capture it replaces summarised already.
          const fromTs = Math.max(
            summarisedToTs,
            Math.min(
              nowTs - this.config.sampleIntervalMs / 1000,
              this.answeredCrossingFromTs ?? Number.POSITIVE_INFINITY,
            ),
          );
          const fed = summariseRing(this.service.ring, this.service.linkType, summariser, fromTs, nowTs);
          this.summaryStartedAt = this.env.monotonic() - (fed ? nowTs - fed.first : 0) * 1000;
          this.firstSummaryFromTs = fed ? fed.first : nowTs;
        }
        this.service.setPacketHook((data, link, wire, sec) => summariser.addPacket(data, link, wire, sec));
      }
      this.logger.info("capture opened with the pre-attack ring", {
        preBufferPackets: meta.preBufferPackets,
      });
    } else if (action === "stop") this.finish("traffic back below thresholds");
  }

  /**
   * The sample that decides a capture carries the summary of its own interval, from the ring's
   * packets: the API classifies an incident from summaries on samples over a threshold, and the
   * capture itself starts only after this sample is sent. Without it an incident over a threshold
   * for one sample — a SYN_RECV pile-up cleared within the second, a one-second burst — had its
   * first summary on the next, calm sample, and was never classified (syn-recv-flood, CI). The
   * ring holds 500 packets: summarising them takes a few ms.
   */
  private summariseOwnInterval(sample: TelemetrySample): void {
    const { service, summariser } = this;
    if (!service || !summariser || service.capturing) return;
    summariser.takeSummary(); // nothing is fed between captures; clear any leftover
    const nowTs = this.env.now() / 1000;
    const fed = summariseRing(
      service.ring,
      service.linkType,
      summariser,
      nowTs - this.config.sampleIntervalMs / 1000,
      nowTs,
    );
    this.ringSummarised = { upToTs: fed?.last ?? nowTs, at: this.env.monotonic() };
    if (!fed) return;
    this.attachSummary(sample, summariser.takeSummary(Math.max(0.001, nowTs - fed.first)));
  }

  private attachSummary(sample: TelemetrySample, summary: CaptureSummary): void {
    const parsed = captureSummarySchema.safeParse(summary);
    if (parsed.success) sample.capture = parsed.data;
    else
      this.logger.once(
        "capture:summary-invalid",
        "error",
        "the feature extractor made an invalid summary; left out",
        {
          problems: parsed.error.issues.slice(0, 5).map((i) => `${i.path.join(".")}: ${i.message}`),
        },
      );
  }

  finish(why: string): void {
    if (!this.service?.capturing) return;
    this.service.setPacketHook(undefined);
    const meta = this.service.finishIncident();
    if (!meta) return;
    enforceCaptureLimit(this.paths.captureDir, this.config.capture.maxPendingFiles, this.logger);
    if (meta.incidentId) this.uploader.notify();
    this.logger.info(
      meta.incidentId
        ? "incident capture finished; queued for upload"
        : "capture finished before the API named an incident; kept until it does (24 h at most)",
      {
        why,
        packets: meta.packets,
        overflow: meta.overflow,
        incidentId: meta.incidentId,
      },
    );
  }

  async stop(deadlineMs: number): Promise<void> {
    this.finish("agent stopping");
    this.service?.close();
    await this.uploader.stop(deadlineMs);
  }
}

function readDetection(path: string): NodeDetection | undefined {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as NodeDetection;
  } catch {
    return undefined;
  }
}

/**
 * Feeds the ring's packets stamped in (afterTs, toTs] (epoch seconds) to the summariser, oldest
 * first; returns the first and last timestamps fed (undefined when none).
 */
export function summariseRing(
  ring: PacketRing,
  linkType: number,
  summariser: Pick<Summariser, "addPacket">,
  afterTs: number,
  toTs: number,
): { first: number; last: number } | undefined {
  let fed: { first: number; last: number } | undefined;
  ring.forEach((data, wire, sec, usec) => {
    const ts = sec + usec / 1e6;
    if (ts <= afterTs || ts > toTs) return;
    fed = { first: Math.min(fed?.first ?? ts, ts), last: Math.max(fed?.last ?? ts, ts) };
    summariser.addPacket(data, linkType, wire, ts);
  });
  return fed;
}

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
import { CaptureTrigger, type TriggerAction } from "./capture-trigger.ts";
import type { CaptureUploader } from "./capture-uploader.ts";

/** The per-second summariser (agent/src/analyze/feature-extractor.ts), when it is there. */
export interface Summariser {
  addPacket(data: Uint8Array, linkType: number, wireLength: number, tsSeconds: number): void;
  takeSummary(seconds?: number): CaptureSummary;
}

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
  readonly trigger: CaptureTrigger;
  private summariser: Summariser | undefined;
  private lastDetection: NodeDetection | undefined;
  /** Monotonic ms when the summariser's current interval began. */
  private summaryStartedAt = 0;

  constructor(
    private readonly config: AgentConfig & { apiUrl: string },
    private readonly paths: StatePaths,
    private readonly uploader: CaptureUploader,
    private readonly logger: Logger,
  ) {
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
    const allowed = processCanCapture();
    this.disabledReason = !capture.enabled
      ? "disabled in the configuration (capture.enabled = false)"
      : !allowed.ok
        ? allowed.reason
        : undefined;
    if (!this.disabledReason) {
      const filter = await resolveApiEndpoint(this.config.apiUrl).then(apiExclusionFilter, (error: Error) => {
        this.disabledReason = `cannot resolve the API host for the capture filter (${error.message})`;
        return undefined;
      });
      const opened =
        filter === undefined
          ? { reason: this.disabledReason as string }
          : CaptureService.open({
              ...capture,
              device,
              filter,
              dir: this.paths.captureDir,
              logger: this.logger,
            });
      if ("reason" in opened) this.disabledReason = opened.reason;
      else this.service = opened;
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
   * Lets the trigger see the sample, then adds the capture summary while capturing. A capture
   * this sample starts is returned, not run: writing the ring and summarising it took up to
   * ~50 ms, and the sample that crossed must reach the API first. The caller runs it right after
   * queueing the sample; the ring is held as it is meanwhile, and the capture's first summary
   * (from the ring's packets of this interval on) rides on the next sample.
   */
  onSample(sample: TelemetrySample): (() => void) | undefined {
    this.service?.flush();
    const action = this.trigger.onSample(sample, Date.now(), Date.parse(sample.ts));
    if (action === "start") {
      this.service?.holdRing();
      return () => {
        // The API may have answered meanwhile: its word (and incident id) stands.
        if (this.trigger.capturing && !this.service?.capturing)
          this.act("start", "own samples over threshold");
        else this.service?.releaseRing();
      };
    }
    if (this.service?.capturing && this.summariser) {
      // The summary covers the packets since the last one: its length is that time, which the
      // API needs to turn counts into rates whatever the sampling interval.
      const now = performance.now();
      const seconds = Math.max(0.001, (now - this.summaryStartedAt) / 1000);
      this.summaryStartedAt = now;
      const parsed = captureSummarySchema.safeParse(this.summariser.takeSummary(seconds));
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
    if (action === "stop") this.act(action, "own samples back below thresholds");
    return undefined;
  }

  /**
   * The API's answer to a batch. An answer about old samples (a backlog replayed after an outage)
   * updates the thresholds and attaches captures taken back then, but never starts a capture of
   * today's traffic for that past incident.
   */
  onDetection(detection: NodeDetection, newestSampleMs = Date.now(), oldestSampleMs = newestSampleMs): void {
    if (JSON.stringify(detection.thresholds) !== JSON.stringify(this.lastDetection?.thresholds))
      writeFileAtomic(
        this.paths.detectionFile,
        JSON.stringify({ ...detection, state: "NORMAL", incidentId: null }),
      );
    this.lastDetection = detection;
    const action = this.trigger.onDetection(detection, Date.now(), newestSampleMs, oldestSampleMs);
    this.act(action, `API: ${detection.state}`);
    if (this.trigger.capturing && this.trigger.incidentId) this.service?.setIncident(this.trigger.incidentId);
    const window = { fromMs: oldestSampleMs, toMs: newestSampleMs };
    if (detection.incidentId && attachIncident(this.paths.captureDir, detection.incidentId, window) > 0) {
      this.logger.info("captures taken while the API was away attached to its incident", {
        incidentId: detection.incidentId,
      });
      this.uploader.notify();
    }
  }

  private act(action: TriggerAction, why: string): void {
    if (action === "restart") {
      // The capture running is its own incident's evidence: finished as it is, a new one begins.
      this.finish(`another incident opened (${why})`);
      action = "start";
    }
    if (action === "start") {
      this.logger.warn("attack suspected: incident capture starting", {
        why,
        incidentId: this.trigger.incidentId,
      });
      if (!this.service) return;
      const meta = this.service.startIncident(this.trigger.incidentId);
      const summariser = this.summariser;
      if (summariser) {
        summariser.takeSummary();
        this.summaryStartedAt = performance.now() - this.summariseRing(summariser) * 1000;
        this.service.setPacketHook((data, link, wire, sec) => summariser.addPacket(data, link, wire, sec));
      }
      this.logger.info("capture opened with the pre-attack ring", {
        preBufferPackets: meta.preBufferPackets,
      });
    } else if (action === "stop") this.finish("traffic back below thresholds");
  }

  /** Feeds the ring's packets of the current sample interval to the summariser; returns the seconds they span. */
  private summariseRing(summariser: Summariser): number {
    const service = this.service as CaptureService;
    const now = Date.now() / 1000;
    const since = now - this.config.sampleIntervalMs / 1000;
    let first = now;
    service.ring.forEach((data, wire, sec, usec) => {
      const ts = sec + usec / 1e6;
      if (ts < since || ts > now) return;
      first = Math.min(first, ts);
      summariser.addPacket(data, service.linkType, wire, ts);
    });
    return now - first;
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

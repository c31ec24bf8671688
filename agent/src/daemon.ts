import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { hostname } from "node:os";
import { CaptureController } from "./capture/capture-controller.ts";
import { pendingCaptures } from "./capture/capture-store.ts";
import { CaptureUploader } from "./capture/capture-uploader.ts";
import { type AgentConfig, startInterface, statePaths } from "./config.ts";
import { writeFollowedInterface } from "./config-write.ts";
import { FirewallService } from "./firewall/firewall-service.ts";
import type { Logger } from "./log.ts";
import { decideInterface, followedToSave } from "./sampler/interface-setting.ts";
import { parseNetDev } from "./sampler/net-dev.ts";
import { readProc } from "./sampler/proc-reader.ts";
import type { TelemetrySample } from "./sampler/sample.ts";
import { SampleClock } from "./sampler/sample-clock.ts";
import { Sampler } from "./sampler/sampler.ts";
import { type AgentStatus, isRunning, writeStatus } from "./status-file.ts";
import { heartbeat, reportTelemetry, uploadIncidentCapture } from "./transport/agent-api.ts";
import { Backoff } from "./transport/backoff.ts";
import { DurableQueue } from "./transport/durable-queue.ts";
import { ApiError, GraphQLClient } from "./transport/graphql-client.ts";
import { ensureDir } from "./transport/journal-files.ts";
import { LatestAnswers } from "./transport/latest-answers.ts";
import { TelemetryPusher } from "./transport/telemetry-pusher.ts";
import { AGENT_VERSION } from "./version.ts";

export type EnrolledConfig = AgentConfig & { apiUrl: string; agentKey: string };

/**
 * The running agent. start(): state directory and lock, durable queue, API client, capture,
 * sampler, pusher, heartbeat — in that order, so nothing sampled can be lost. stop() runs once:
 * stop sampling, finish any capture, give the request in flight until the deadline, close.
 */
export class Daemon {
  private readonly paths;
  private queue!: DurableQueue<TelemetrySample>;
  private client!: GraphQLClient;
  private pusher!: TelemetryPusher;
  private sampler!: Sampler;
  private capture!: CaptureController;
  private firewall: FirewallService | undefined;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private statusTimer: NodeJS.Timeout | undefined;
  private stopping: Promise<void> | undefined;
  private readonly startedAt = new Date().toISOString();
  /**
   * What the sampler and capture follow: agent.json's `followedInterface` (the setting followed
   * before a restart), else its `interface`, then the node's setting (decideInterface).
   */
  private interfaceSetting: string;
  /** agent.json's `followedInterface` as read, then as this agent last tried to write it (one try a change). */
  private savedFollowed: string | undefined;
  /** Why the node's setting is not followed (reported on the heartbeat). */
  private interfaceProblem: string | undefined;
  /** The interface the last heartbeat reported: a sample on another one sends a heartbeat at once. */
  private reportedInterface: string | undefined;
  /**
   * Heartbeats' answers: the node's setting is followed one answer at a time, and an answer older
   * than one already followed is dropped (beats overlap: the period's, one at a switch, one when a
   * problem changes; an old setting must not switch the agent back).
   */
  private readonly answers = new LatestAnswers<{ interface?: string | null }>(
    (node) => this.followSetting(node.interface ?? undefined),
    (error) => this.logger.error("following the node's interface setting failed", { err: error }),
  );

  /** `interfacePinned`: --interface or LEVEE_AGENT_INTERFACE on `run` fixes the interface. */
  constructor(
    private readonly config: EnrolledConfig,
    private readonly configPath: string,
    private readonly logger: Logger,
    private readonly options: { interfacePinned?: boolean } = {},
  ) {
    this.paths = statePaths(config.stateDir);
    // Pinned, config.interface is the local value; `followedInterface` is the node's, not followed then.
    this.interfaceSetting = startInterface(config, options.interfacePinned ?? false);
    this.savedFollowed = config.followedInterface;
  }

  async start(): Promise<void> {
    const { config, logger, paths } = this;
    ensureDir(paths.stateDir);
    this.lock();
    this.queue = new DurableQueue(paths.queueDir, {
      capacity: config.queue.capacity,
      logger: logger.child("queue"),
    });
    const clock = new SampleClock(logger.child("clock"));
    this.client = new GraphQLClient({
      apiUrl: config.apiUrl,
      agentKey: config.agentKey,
      timeoutMs: config.requestTimeoutMs,
      userAgent: `levee-agent/${AGENT_VERSION}`,
      onServerTime: (ms) => clock.observeServerTime(ms),
      socket: config.telemetryTransport === "socket",
      onSocketRefused: (reason) =>
        logger.once("socket:refused", "warn", "telemetry socket refused; pushing over HTTP", { reason }),
    });
    const uploader = new CaptureUploader({
      dir: paths.captureDir,
      logger: logger.child("upload"),
      upload: (meta, file) =>
        uploadIncidentCapture(
          this.client,
          { incidentId: meta.incidentId, preBufferPackets: meta.preBufferPackets, packets: meta.packets },
          file,
        ),
    });
    this.capture = new CaptureController(config, paths, uploader, logger.child("capture"));
    const device = await this.captureDevice();
    await this.capture.start(device);
    const service = this.capture.service;
    this.pusher = new TelemetryPusher({
      queue: this.queue,
      send: (samples) => reportTelemetry(this.client, samples),
      batchSize: config.queue.batchSize,
      logger: logger.child("push"),
      onDetection: (detection, newest, oldest) => this.capture.onDetection(detection, newest, oldest),
      onAnswer: (result) => this.firewall?.onDirectives(result.mitigation),
      onUnauthenticated: () => this.reloadKey(),
      authRetryMs: config.authRetryMs,
      backoff: new Backoff(500, config.retryMaxMs),
    });
    this.sampler = new Sampler({
      procRoot: config.procRoot,
      interface: this.interfaceSetting,
      intervalMs: config.sampleIntervalMs,
      tcpScanIntervalMs: config.tcpScanIntervalMs,
      logger: logger.child("sampler"),
      onSample: (sample, held, crossing) => this.onSample(sample, held, crossing),
      now: () => clock.now(),
      // Sub-second trigger: a short window over the last thresholds heard is sent at once (not
      // while the API already reports the attack: then the regular samples carry it). With
      // capture on, arriving packets wake it (no idle timer); without, a timer does.
      probeIntervalMs: config.detection.probeIntervalMs,
      packetHint: service && { device, seen: () => service.seen },
      onProbe: ({ rxPps, rxBps }) =>
        !this.capture.trigger.attackOngoing(Date.now()) &&
        this.capture.trigger.exceeded({ rxPps, rxBps, tcpPps: 0, udpPps: 0, icmpPps: 0 }).length > 0,
    });
    service?.setWakeHook(() => this.sampler.packetsArrived());
    if (config.firewall.enabled) {
      this.firewall = new FirewallService(
        config,
        this.client,
        logger.child("firewall"),
        () => this.sampler.currentInterface,
      );
      // Host facts need a DNS lookup of the API: never hold up sampling for it.
      this.firewall.start().catch((error: unknown) => logger.error("firewall start failed", { err: error }));
    }
    this.pusher.start();
    this.sampler.start();
    this.heartbeatTimer = setInterval(() => void this.beat(), config.heartbeatIntervalMs);
    this.statusTimer = setInterval(() => this.writeStatus(), 5000);
    this.statusTimer.unref();
    void this.beat();
    this.writeStatus();
    logger.info("levee-agent running", {
      version: AGENT_VERSION,
      api: this.client.endpoint,
      interface: this.interfaceSetting,
      intervalMs: config.sampleIntervalMs,
      queued: this.queue.depth,
    });
  }

  stop(deadlineMs = 10_000): Promise<void> {
    this.stopping ??= (async () => {
      this.sampler?.stop();
      clearInterval(this.heartbeatTimer);
      clearInterval(this.statusTimer);
      await this.capture?.stop(deadlineMs / 2);
      await this.pusher?.stop(deadlineMs / 2);
      this.client?.close();
      await this.firewall?.stop();
      this.queue?.close();
      this.writeStatus(true);
      rmSync(this.paths.pidFile, { force: true });
      this.logger.info("levee-agent stopped", { queued: this.queue?.depth });
    })();
    return this.stopping;
  }

  /**
   * `held`: queued now, sent with the sample that follows it at once (one request, not two in a
   * row). `crossing`: a probe crossing's sample, sent even while a regular batch is in flight.
   */
  private onSample(sample: TelemetrySample, held = false, crossing = false): void {
    let startCapture: (() => void) | undefined;
    if (sample.interface !== this.reportedInterface) void this.beat(); // the dashboard shows it at once
    try {
      startCapture = this.capture.onSample(sample);
    } catch (error) {
      this.captureFailed(error);
    }
    try {
      this.queue.append(sample);
      if (!held) this.pusher.notify(crossing);
    } finally {
      // A capture this sample starts runs after the sample's request has gone out (the pusher's
      // send runs in the microtasks before this), not before it is queued. It runs even when
      // queueing failed (a full disk): the ring is held for it until it starts.
      if (startCapture)
        setImmediate(() => {
          try {
            startCapture();
          } catch (error) {
            this.captureFailed(error);
          }
        });
    }
  }

  /** Capture is extra (a full disk, a pcap error): it must never cost the sample itself. */
  private captureFailed(error: unknown): void {
    this.logger.once("capture:on-sample", "error", "packet capture failed on a sample; sampling goes on", {
      err: (error as Error).message,
    });
  }

  /**
   * Says the agent is alive and what it samples; the answer is the node, whose interface setting
   * is followed (see decideInterface).
   */
  private async beat(): Promise<void> {
    const sampled = this.sampler?.currentInterface;
    this.reportedInterface = sampled;
    try {
      await this.answers.send(() =>
        heartbeat(this.client, {
          agentVersion: AGENT_VERSION,
          hostname: hostname(),
          interface: sampled ?? null,
          interfaceProblem: this.interfaceProblem ?? null,
          interfacePinned: this.options.interfacePinned ?? false,
        }),
      );
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      this.logger.debug("heartbeat failed", { err: error.message });
    }
  }

  private async followSetting(setting: string | undefined): Promise<void> {
    if (this.stopping) return;
    const devText = await readFile(`${this.config.procRoot}/net/dev`, "utf8").catch(() => "");
    const input = {
      setting,
      configured: this.config.interface,
      pinned: this.options.interfacePinned ?? false,
    };
    const decision = decideInterface({
      ...input,
      current: this.interfaceSetting,
      hostInterfaces: new Set(parseNetDev(devText).interfaces.keys()),
    });
    const problemChanged = decision.problem !== this.interfaceProblem;
    this.interfaceProblem = decision.problem;
    if (decision.problem && problemChanged)
      this.logger.warn(`the node's interface setting is not followed: ${decision.problem}`, {
        sampling: this.sampler.currentInterface,
      });
    if (decision.use !== this.interfaceSetting) await this.switchInterface(decision.use);
    else if (problemChanged) void this.beat(); // a switch reports itself with its first sample
    const save = followedToSave({ ...input, saved: this.savedFollowed }, decision);
    if (save !== undefined) this.saveFollowed(save);
  }

  /**
   * A followed setting goes into agent.json's `followedInterface` (removed for `auto`), so a restart
   * starts on it (not on the old interface until its first heartbeat's answer). A file that cannot
   * be written (a read-only /etc) is logged once and sampling goes on; a restart then starts on the
   * file's value and moves at its first heartbeat's answer.
   */
  private saveFollowed(setting: string | null): void {
    this.savedFollowed = setting ?? undefined;
    try {
      writeFollowedInterface(this.configPath, setting);
      this.logger.info(
        setting === null
          ? `followed interface setting removed from ${this.configPath} (auto: its interface, ${this.config.interface})`
          : `interface setting ${setting} written to ${this.configPath}`,
      );
    } catch (error) {
      this.logger.once(
        "config:write-interface",
        "warn",
        `cannot write the followed interface setting to ${this.configPath}; a restart samples its value until the first heartbeat's answer`,
        { err: (error as Error).message },
      );
    }
  }

  /** Re-opens sampling and packet capture on the node's new interface setting. */
  private async switchInterface(setting: string): Promise<void> {
    this.logger.info(
      `interface setting ${setting} (was ${this.interfaceSetting}): switching sampling and capture`,
    );
    this.interfaceSetting = setting;
    const device = await this.captureDevice();
    try {
      await this.capture.switchDevice(device);
    } catch (error) {
      this.captureFailed(error);
    }
    const service = this.capture.service;
    service?.setWakeHook(() => this.sampler.packetsArrived());
    this.sampler.setInterface(setting, service && { device, seen: () => service.seen });
  }

  /** After the key was refused: pick up a new key if the config file was re-enrolled meanwhile. */
  private reloadKey(): void {
    try {
      const key = (JSON.parse(readFileSync(this.configPath, "utf8")) as { agentKey?: string }).agentKey;
      if (key && key !== this.config.agentKey) {
        this.config.agentKey = key;
        this.client.setKey(key);
        this.logger.info("using the new agent key from the configuration file");
      }
    } catch {
      // Unreadable right now; the next retry tries again.
    }
  }

  private async captureDevice(): Promise<string> {
    if (this.interfaceSetting !== "auto") return this.interfaceSetting;
    const snapshot = await readProc(this.config.procRoot, true);
    return snapshot.defaultInterface ?? "any";
  }

  /** One agent per state directory: a second one would interleave the queue. */
  private lock(): void {
    const { pidFile } = this.paths;
    try {
      const other = Number(readFileSync(pidFile, "utf8"));
      if (other && other !== process.pid && isRunning(other) && isAgentProcess(other))
        throw new Error(
          `another levee-agent (pid ${other}) is running with state directory ${this.paths.stateDir}`,
        );
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
    writeFileSync(pidFile, String(process.pid), { mode: 0o600 });
  }

  private writeStatus(stopped = false): void {
    const trigger = this.capture?.trigger;
    const stats = this.capture?.service?.stats();
    const status: AgentStatus = {
      pid: process.pid,
      version: AGENT_VERSION,
      startedAt: this.startedAt,
      updatedAt: new Date().toISOString(),
      stopped,
      interface: this.sampler?.currentInterface,
      interfaceProblem: this.interfaceProblem,
      interfacePinned: this.options.interfacePinned ?? false,
      push: {
        state: this.pusher?.state ?? "idle",
        lastError: this.pusher?.lastError,
        lastSentAt: this.pusher?.lastSentAt,
      },
      capture: {
        enabled: Boolean(this.capture?.service),
        reason: this.capture?.disabledReason,
        capturing: trigger?.capturing ?? false,
        incidentId: trigger?.incidentId,
        received: stats?.received,
        dropped: stats?.dropped,
        pendingUploads: pendingCaptures(this.paths.captureDir).length,
      },
      detection: {
        state: trigger?.capturing ? "CAPTURING" : "NORMAL",
        thresholds: (trigger?.thresholds ?? []).map(({ metric, threshold }) => ({ metric, threshold })),
      },
    };
    try {
      writeStatus(this.paths.statusFile, status);
    } catch (error) {
      this.logger.once("status:write", "warn", "cannot write the status file", { err: error });
    }
  }
}

function isAgentProcess(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("levee-agent");
  } catch {
    return true; // cannot tell: assume it is, rather than share the queue
  }
}

import type { CoreServices } from "../core-services.ts";
import { GatheredLoader } from "../db/gathered-loader.ts";
import { applyDetectorEvents, recordProgress } from "../incidents/incident.service.ts";
import { markNodeOnline, publishNodeStatus } from "../nodes/node-status.ts";
import type { TelemetryRow } from "../telemetry/sample-input.ts";
import type { DetectionLevel } from "../topics.ts";
import { type NodeStats, persistBaselines, touchNodes } from "./baseline.store.ts";
import { BASELINE_WINDOW, type BaselineWindow, capGrowth, type Threshold, thresholdFor } from "./baseline.ts";
import { DeferredWindows } from "./deferred-windows.ts";
import { policyOf } from "./detection-settings.ts";
import { step } from "./detector.ts";
import { TRAFFIC_METRICS } from "./metrics.ts";
import {
  loadNodeDetection,
  loadNodeDetections,
  loadStoredDetections,
  type NodeDetection,
  readWindows,
} from "./node-detection.loader.ts";
import { OnlineBatch } from "./online-batch.ts";
import { PeriodicBatch } from "./periodic-batch.ts";
import { loadSeasonalMany } from "./seasonal.store.ts";
import { hourOf, type SeasonalP99 } from "./seasonal.ts";
import { changedNodes } from "./settings-changes.ts";

export interface DetectionView {
  state: DetectionLevel;
  incidentId: string | null;
  thresholds: Threshold[];
  /** Learned statistics per metric (null until the node has quiet samples) and when computed. */
  stats: NodeStats | null;
  statsAt: Date | null;
  /** Seasonal p99 per metric for the current hour (absent: no usable history). */
  seasonal: SeasonalP99 | null;
}

export interface IngestResult {
  /** Per row: stored with the sample (an incident was open at that second). */
  attack: boolean[];
  /** Per row: the sample itself was over a threshold (ATTACK level, evaluated now). */
  hot: boolean[];
  /** Per row: the incident it belongs to (its last second included), if any. */
  incidentIds: (string | null)[];
  /** Incidents that resolved during these rows. */
  resolved: string[];
  view: DetectionView;
  workspaceId: string;
}

/** Timeline and peaks of an open incident are written at least this often (in samples). */
const PERSIST_EVERY = 60;
/** A node silent this long on this instance is checked against the database on its next sample.
 * deploy/haproxy.cfg gives a process its agents back only after a longer time (rise × inter). */
const RELOAD_AFTER_SILENCE_MS = 15_000;

/**
 * Runs detection for every sample as it is ingested (no polling). State per node lives in
 * this process (agents should reach one instance per node; the database's one-open-incident
 * index keeps incidents single if they do not). Work for one node is serialised.
 */
export class DetectionEngine {
  private readonly nodes = new Map<string, Promise<NodeDetection | null>>();
  private readonly queues = new Map<string, Promise<unknown>>();
  /** Per node, the last detection-state save (saved in order, awaited by nobody but close()). */
  private readonly stateSaves = new Map<string, Promise<void>>();

  private readonly settingsChanges: AsyncIterator<{ nodeIds: string[]; nodeId?: string }>;
  private readonly baselines: PeriodicBatch<NodeStats>;
  private readonly presence: PeriodicBatch<true>;
  private readonly online: OnlineBatch;
  /** First samples of many nodes at once (a reconnect storm) load their state in shared queries. */
  private readonly loader: GatheredLoader<NodeDetection>;
  /** Stored windows of nodes admitted with their saved statistics, read once the storm is over. */
  private readonly deferred: DeferredWindows;
  /** Read-only views of nodes this process does not serve: a page of nodes costs two queries, not two per node. */
  private readonly views: GatheredLoader<NodeDetection>;
  /** Seasonal p99s by `hour:nodeId`: a fleet crossing the hour together costs a few statements. */
  private readonly seasonal: GatheredLoader<SeasonalP99>;

  constructor(private readonly services: CoreServices) {
    const { retentionDays } = services.config.telemetry;
    this.loader = new GatheredLoader((ids) =>
      loadNodeDetections(services, ids, { retentionDays, now: Date.now() }),
    );
    this.deferred = new DeferredWindows(
      (bounds) => readWindows(services, bounds),
      (node, window) => this.adoptWindow(node, window),
      (error, nodes) => services.logger.error({ err: error, nodes }, "reading baseline windows failed"),
    );
    this.views = new GatheredLoader((ids) => loadStoredDetections(services, ids));
    this.seasonal = new GatheredLoader((keys) => loadSeasonalByHour(services, keys));
    // Settings changed on any instance (pub/sub crosses processes with Redis) reload here.
    const onError = (what: string) => (error: unknown) => services.logger.error({ err: error }, what);
    this.baselines = new PeriodicBatch(
      1000,
      (items) => persistBaselines(services.database.sql, items),
      onError("saving baselines failed"),
    );
    this.presence = new PeriodicBatch(
      2000,
      (items) => touchNodes(services.database.sql, [...items.keys()]),
      onError("saving lastSeenAt failed"),
    );
    this.online = new OnlineBatch(services);
    const changes = services.pubsub.subscribeUnbounded("detectionSettingsChanged");
    this.settingsChanges = changes[Symbol.asyncIterator]();
    void (async () => {
      for await (const change of changes) this.invalidate(changedNodes(change));
    })().catch((error) => services.logger.error({ err: error }, "settings subscription ended"));
  }

  async close(): Promise<void> {
    await this.settingsChanges.return?.();
    await this.deferred.close();
    await Promise.allSettled([...this.queues.values()]);
    await Promise.allSettled([...this.stateSaves.values()]);
    // What was learned since each node's last save (saved less often than recomputed).
    for (const loaded of await Promise.allSettled([...this.nodes.values()])) {
      const node = loaded.status === "fulfilled" ? loaded.value : null;
      if (node?.stats && node.statsAt !== node.savedAt) this.baselines.add(node.nodeId, node.stats);
    }
    await Promise.all([this.baselines.drain(), this.presence.drain(), this.online.drain()]);
  }

  /** Evaluates rows (sorted by ts) of one node; returns the attack flag to store with each. */
  ingest(nodeId: string, rows: TelemetryRow[]): Promise<IngestResult> {
    return this.serialised(nodeId, async () => {
      // After a silence this process may hold stale state (another instance may have served
      // the node meanwhile): reload it from the database.
      const cached = await this.nodes.get(nodeId)?.catch(() => null);
      if (cached && cached.lastArrival > 0 && Date.now() - cached.lastArrival > RELOAD_AFTER_SILENCE_MS) {
        if (await this.changedElsewhere(cached)) this.nodes.delete(nodeId);
      }
      const node = await this.node(nodeId);
      if (!node) throw new Error(`node ${nodeId} has no detection state`);
      try {
        return await this.ingestRows(node, rows);
      } catch (error) {
        // A failed write leaves memory ahead of the database: drop it, so the agent's retry is
        // evaluated again against state reloaded from what was actually stored.
        this.nodes.delete(nodeId);
        throw error;
      }
    });
  }

  /** markNodeOnline's two ways (made once, not per report). */
  private readonly touch = (id: string) => this.presence.add(id, true);
  private readonly comeOnline = (id: string, workspaceId: string) => this.online.admit(id, workspaceId);

  private async ingestRows(node: NodeDetection, rows: TelemetryRow[]): Promise<IngestResult> {
    const marking = markNodeOnline(this.services, node, this.touch, this.comeOnline);
    if (marking) await marking;
    const result: Pick<IngestResult, "attack" | "hot" | "incidentIds" | "resolved"> = {
      attack: [],
      hot: [],
      incidentIds: [],
      resolved: [],
    };
    for (const row of rows) {
      const hour = hourOf(row.ts.getTime());
      if (node.seasonal?.hour !== hour) await this.reloadSeasonal(node, hour);
      const before = node.incidentId;
      const { attack, hot } = await this.evaluate(node, row);
      result.attack.push(attack);
      result.hot.push(hot);
      result.incidentIds.push(node.incidentId ?? (before && !node.incidentId ? before : null));
      if (before && before !== node.incidentId) result.resolved.push(before);
    }
    // The view once every row is in (the only one the caller reads).
    const { attack, hot, incidentIds, resolved } = result;
    return { attack, hot, incidentIds, resolved, view: this.viewOf(node), workspaceId: node.workspaceId };
  }

  /**
   * A sample in a new hour brings that hour's seasonal p99s (one lookup per node and hour,
   * gathered: every node's first sample of the hour arrives within the same second). A failed
   * lookup keeps the previous hour's values rather than failing ingest.
   */
  private async reloadSeasonal(node: NodeDetection, hour: number): Promise<void> {
    let p99 = node.seasonal?.p99 ?? {};
    try {
      p99 = (await this.seasonal.load(`${hour}:${node.nodeId}`)) ?? {};
    } catch (error) {
      this.services.logger.error({ err: error, nodeId: node.nodeId }, "loading seasonal baselines failed");
    }
    node.seasonal = { hour, p99 };
    node.thresholds = null;
  }

  /**
   * Did another instance store samples or change the open incident while this one was not
   * hearing from the node? Two index lookups, instead of reloading the whole state.
   */
  private async changedElsewhere(node: NodeDetection): Promise<boolean> {
    const [row] = await this.services.database.sql.query<{ last: Date | null; open: string | null }>(
      `SELECT (SELECT max(ts) FROM traffic_sample WHERE node_id = $1) AS last,
              (SELECT id FROM incident WHERE node_id = $1 AND status = 'OPEN') AS open`,
      [node.nodeId],
    );
    const last = row?.last ? new Date(row.last).getTime() : null;
    return last !== node.detector.lastTs || (row?.open ?? null) !== node.incidentId;
  }

  /**
   * The node's current level and thresholds: from this process when it serves the node's
   * agent, else from the database (a dashboard read never takes over a node's state).
   */
  async describe(nodeId: string): Promise<DetectionView | null> {
    const cached = await this.nodes.get(nodeId)?.catch(() => null);
    if (cached && Date.now() - cached.lastArrival <= RELOAD_AFTER_SILENCE_MS) return this.viewOf(cached);
    const stored = await this.views.load(nodeId);
    return stored ? this.viewOf(stored) : null;
  }

  /**
   * Reloads the settings (multiplier, manual thresholds) of the nodes this process holds; the
   * others read theirs when they next come. Never takes a node over: a workspace-wide change names
   * thousands of nodes, most of them served elsewhere. Their settings are read in batches
   * (the views' gathered loader: a few queries per 500 nodes).
   */
  invalidate(nodeIds: Iterable<string>): void {
    for (const nodeId of nodeIds) {
      const held = this.nodes.get(nodeId);
      if (!held) continue;
      void this.serialised(nodeId, async () => {
        const node = await held.catch(() => null);
        const fresh = node && (await this.views.load(nodeId));
        if (node && fresh) {
          node.multiplier = fresh.multiplier;
          node.overrides = fresh.overrides;
          node.thresholds = null;
        }
      }).catch((error) => this.services.logger.error({ err: error, nodeId }, "reloading thresholds failed"));
    }
  }

  /**
   * Reads now the stored windows of every node admitted with its saved statistics (they are read
   * on their own once nodes stop coming back): for tests and benchmarks that wait for them.
   */
  readDeferredWindows(): Promise<void> {
    return this.deferred.drain();
  }

  /** Writes now the statistics waiting for their periodic save: for tests that read node_baseline. */
  saveBaselines(): Promise<void> {
    return this.baselines.drain();
  }

  /**
   * A returning node's stored window, read after its admission: the live samples since go after
   * it, and its statistics replace the saved ones it was admitted with, unless it is short of
   * BASELINE_WINDOW samples (found none, or few): never worse than what the node came back with.
   */
  private adoptWindow(node: NodeDetection, stored: BaselineWindow): Promise<void> {
    return this.serialised(node.nodeId, async () => {
      // Forgotten or reloaded meanwhile: the state now in use has a read of its own.
      const current = await this.nodes.get(node.nodeId)?.catch(() => null);
      if (current !== node || node.windowBefore === null) return;
      stored.append(node.window);
      node.window = stored;
      node.windowBefore = null;
      if (stored.size < BASELINE_WINDOW) return;
      node.stats = stored.stats();
      node.statsAt = node.detector.lastTs ?? node.statsAt;
      node.thresholds = null;
    });
  }

  forget(nodeId: string): void {
    this.nodes.delete(nodeId);
  }

  /**
   * The node's agent left this instance (API_THREADS: its socket closed, and its next one may be
   * taken by another thread): after the node's queued work, statistics learned since the last
   * save are queued for saving and the state is dropped, so a later report here reads it again.
   */
  release(nodeId: string): Promise<void> {
    return this.serialised(nodeId, async () => {
      const node = await this.nodes.get(nodeId)?.catch(() => null);
      if (node?.stats && node.statsAt !== node.savedAt) this.baselines.add(node.nodeId, node.stats);
      this.nodes.delete(nodeId);
    });
  }

  private async evaluate(node: NodeDetection, row: TelemetryRow): Promise<{ attack: boolean; hot: boolean }> {
    const thresholds = this.thresholdsOf(node);
    const before = node.detector.level;
    const result = step(node.detector, { ...row, ts: row.ts.getTime() }, thresholds, this.settings.detector);
    if (result.skipped) return { attack: result.attack, hot: false };
    const previousQuiet = node.detector.incident?.quietSince ?? null;
    node.detector = result.state;
    const incidentBefore = node.incidentId;
    // Most seconds change no incident: no events, nothing to apply or wait for.
    if (result.events.length > 0) {
      const ref = { nodeId: node.nodeId, workspaceId: node.workspaceId };
      node.incidentId = await applyDetectorEvents(
        this.services,
        ref,
        node.incidentId,
        result.events,
        thresholds,
      );
    }
    if (result.events.some((e) => e.kind === "OPENED" || (incidentBefore && e.kind === "UPDATED")))
      node.samplesSincePersist = 0;
    const open = node.detector.incident;
    // Progress is written every PERSIST_EVERY samples, and whenever a quiet stretch starts or
    // ends (so a restart resolves on time).
    const quietChanged = open && (open.quietSince === null) !== (previousQuiet === null);
    if (open && node.incidentId && (++node.samplesSincePersist >= PERSIST_EVERY || quietChanged)) {
      node.samplesSincePersist = 0;
      await recordProgress(this.services.database.prisma, node.incidentId, open);
    }
    if (!result.attack) this.learn(node, row);
    if (node.detector.level !== before) {
      publishNodeStatus(this.services, node.workspaceId, {
        nodeId: node.nodeId,
        status: node.status,
        detectionState: node.detector.level,
      });
      this.saveState(node.nodeId, node.detector.level);
    }
    return { attack: result.attack, hot: result.sampleLevel === "ATTACK" };
  }

  /**
   * Stores the node's level for dashboards reading the database (subscribers already heard it).
   * Not awaited: a NORMAL → ELEVATED step on the sample before a flood's must not hold up the
   * incident that opens on the next one; saves of one node still land in order.
   */
  private saveState(nodeId: string, level: DetectionLevel): void {
    const { prisma } = this.services.database;
    const saved = (this.stateSaves.get(nodeId) ?? Promise.resolve())
      .then(async () => {
        await prisma.node.update({ where: { id: nodeId }, data: { detectionState: level } });
      })
      .catch((error) => this.services.logger.error({ err: error }, "saving detection state failed"));
    this.stateSaves.set(nodeId, saved);
    void saved.then(() => {
      if (this.stateSaves.get(nodeId) === saved) this.stateSaves.delete(nodeId);
    });
  }

  /** Quiet seconds feed the baseline; it is recomputed every recomputeSeconds of sample time. */
  private learn(node: NodeDetection, row: TelemetryRow) {
    node.window.add(row);
    // A window still filling never replaces statistics learned from a full one: those a returning
    // node was admitted with (saved; its stored window not read yet, or found short). Loaded from
    // its window, a node's statistics never count more samples than the window holds.
    if (node.window.size < BASELINE_WINDOW && learnedFully(node.stats)) return;
    const ts = row.ts.getTime();
    const due =
      node.statsAt === null ||
      ts - node.statsAt >= this.settings.recomputeSeconds * 1000 * (1 + node.recomputeJitter) ||
      (node.window.size === BASELINE_WINDOW && (node.stats?.PPS.samples ?? 0) < BASELINE_WINDOW);
    if (!due) return;
    node.stats = capGrowth(node.window.stats(), node.stats, node.statsAt === null ? 0 : ts - node.statsAt);
    node.thresholds = null;
    node.statsAt = ts;
    // At 100k nodes a save every recompute is ~3k UPDATEs/s. A new node's first statistics (from
    // its first quiet second) start the save period instead of being saved: learned from one
    // sample, they judge nothing (a learned p99 counts only from BASELINE_WINDOW samples) and
    // admit nothing (savedStatsOf wants a full window), and saving them was 80,000 rows for a
    // fleet of 10,000 new nodes coming online together (1.5 s of PostgreSQL's CPU in that storm).
    // Its window is full by the first save (at 1 Hz, BASELINE_SAVE_SECONDS 300); a shutdown saves
    // what it learned after its first recompute (close(): statistics computed since the last save).
    if (node.savedAt === null) node.savedAt = ts;
    else if (ts - node.savedAt >= this.settings.saveSeconds * 1000) {
      node.savedAt = ts;
      this.baselines.add(node.nodeId, node.stats);
    }
  }

  /** Cached per node; recomputed when its statistics or settings change. */
  private thresholdsOf(node: NodeDetection): Threshold[] {
    if (!node.thresholds) {
      const policy = policyOf(this.settings, node.multiplier, node.overrides);
      node.thresholds = TRAFFIC_METRICS.map((metric) =>
        thresholdFor(metric, node.stats?.[metric], policy, node.seasonal?.p99[metric]),
      );
    }
    return node.thresholds;
  }

  private viewOf(node: NodeDetection): DetectionView {
    return {
      state: node.detector.level,
      incidentId: node.incidentId,
      thresholds: this.thresholdsOf(node),
      stats: node.stats,
      statsAt: node.statsAt === null ? null : new Date(node.statsAt),
      seasonal: node.seasonal?.p99 ?? null,
    };
  }

  private get settings() {
    return this.services.config.detection;
  }

  private node(nodeId: string): Promise<NodeDetection | null> {
    let entry = this.nodes.get(nodeId);
    if (!entry) {
      entry = this.loader.load(nodeId).then((node) => {
        if (node?.windowBefore !== null && node?.windowBefore !== undefined) this.deferred.add(node);
        return node;
      });
      this.nodes.set(nodeId, entry);
      entry.catch(() => this.nodes.delete(nodeId));
    }
    return entry;
  }

  private serialised<T>(nodeId: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(nodeId) ?? Promise.resolve();
    const next = previous.then(fn, fn);
    const tail = next.catch(() => {});
    this.queues.set(nodeId, tail);
    void tail.then(() => {
      if (this.queues.get(nodeId) === tail) this.queues.delete(nodeId);
    });
    return next;
  }
}

/** Every metric's statistics come from a full window (BASELINE_WINDOW samples). */
function learnedFully(stats: NodeStats | null): boolean {
  return stats !== null && TRAFFIC_METRICS.every((metric) => stats[metric].samples >= BASELINE_WINDOW);
}

/** Seasonal p99s for `hour:nodeId` keys: one statement per hour asked for (a node without history has none). */
async function loadSeasonalByHour(services: CoreServices, keys: string[]): Promise<Map<string, SeasonalP99>> {
  const byHour = new Map<number, string[]>();
  for (const key of keys) {
    const [hour, nodeId] = key.split(":") as [string, string];
    byHour.set(Number(hour), [...(byHour.get(Number(hour)) ?? []), nodeId]);
  }
  const found = new Map<string, SeasonalP99>();
  for (const [hour, nodeIds] of byHour) {
    const p99s = await loadSeasonalMany(services.database.sql, nodeIds, hour);
    for (const nodeId of nodeIds) found.set(`${hour}:${nodeId}`, p99s.get(nodeId) ?? {});
  }
  return found;
}

import { peaksFromJson } from "@levee/shared/detection/metric-peaks";
import type { CoreServices } from "../core-services.ts";
import { prepared } from "../db/sql-client.ts";
import type { NodeStats } from "./baseline.store.ts";
import { BASELINE_WINDOW, BaselineWindow, type Threshold } from "./baseline.ts";
import { type DetectorState, initialDetectorState, type OpenIncident, type TriggerPeak } from "./detector.ts";
import { OPTIONAL_METRICS, TRAFFIC_METRICS, type TrafficMetric } from "./metrics.ts";
import { loadSeasonalMany } from "./seasonal.store.ts";
import { hourOf, type SeasonalP99 } from "./seasonal.ts";

/** What one API process keeps about a node it receives telemetry for. */
export interface NodeDetection {
  nodeId: string;
  workspaceId: string;
  name: string;
  status: "PENDING" | "ONLINE" | "OFFLINE";
  multiplier: number;
  overrides: Partial<Record<TrafficMetric, number>>;
  detector: DetectorState;
  window: BaselineWindow;
  /**
   * Stored quiet samples up to this sample time (ms) are still to be read into `window`; meanwhile
   * the statistics last saved in node_baseline stand in (see WindowDeferral). Null: nothing to read.
   */
  windowBefore: number | null;
  stats: NodeStats | null;
  /** Sample time (ms) the stats were computed at. */
  statsAt: number | null;
  /**
   * Sample time (ms) the stats were last handed to node_baseline (saved less often than computed),
   * or a new node's first statistics, which start the save period without being saved.
   */
  savedAt: number | null;
  incidentId: string | null;
  /** Seasonal p99s for `hour` (epoch hours, UTC); reloaded when a sample starts a new hour. */
  seasonal: { hour: number; p99: SeasonalP99 } | null;
  /** Thresholds in force (null: recompute from stats and settings). */
  thresholds: Threshold[] | null;
  /** Wall-clock ms of the last sample received. */
  lastArrival: number;
  /** Spreads baseline recomputation of nodes that started together (0–0.5 of the period). */
  recomputeJitter: number;
  samplesSincePersist: number;
}

/** The traffic_sample column of each metric, in the order of TRAFFIC_METRICS. */
const METRIC_COLUMNS: Record<TrafficMetric, string> = {
  PPS: "rx_pps",
  BPS: "rx_bps",
  TCP_PPS: "tcp_pps",
  UDP_PPS: "udp_pps",
  ICMP_PPS: "icmp_pps",
  SYN_RECV: "syn_recv",
  TCP_ESTABLISHED: "tcp_established",
  TCP_SOCKETS: "tcp_total",
  SYN_COOKIES: "syncookies_sent",
};

/**
 * A node's trailing quiet samples as one value: each sample's metrics as big-endian float8
 * (float8send: the exact doubles, as the text form gave them), oldest first
 * (BaselineWindow.addPacked). A socket count or cookie rate not read (NULL) is packed as NaN, as the window keeps
 * it: a NULL made the whole sample's bytes NULL, string_agg skipped them, and the node lost its
 * stored window (the packing no longer matched its row count). Read as 300 rows of eight text fields per node, a reconnect storm
 * of 10,000 nodes with history was 3 million rows to parse: two thirds of the API's CPU.
 */
const PACKED_SAMPLE = TRAFFIC_METRICS.map((m) =>
  OPTIONAL_METRICS.includes(m)
    ? `float8send(COALESCE(s.${METRIC_COLUMNS[m]}::float8, 'NaN'::float8))`
    : `float8send(s.${METRIC_COLUMNS[m]}::float8)`,
).join(" || ");
/** Bytes of one packed sample: a float8 per metric. */
const PACKED_SAMPLE_BYTES = TRAFFIC_METRICS.length * 8;

/** Quiet samples a node's baseline window is rebuilt from. */
const WINDOW_SAMPLES = 300;

/** What detection reads of a node (findNodes). */
interface StoredNode {
  id: string;
  workspaceId: string;
  name: string;
  status: NodeDetection["status"];
  detectionMultiplier: number;
  detectionState: DetectorState["level"];
  thresholdOverrides: { metric: TrafficMetric; threshold: number }[];
  /** Its open incident (one at most: a partial unique index), or none. */
  incidents: StoredIncident[];
}

interface StoredIncident {
  id: string;
  startedAt: Date;
  lastAttackAt: Date;
  quietSince: Date | null;
  peakPps: number;
  peakBps: number;
  peakRatio: number;
  severity: OpenIncident["severity"];
  triggerMetrics: TrafficMetric[];
  triggerPeaks: unknown;
  timeline: unknown;
}

const FIND_NODES = prepared(
  `SELECT n.id, n.workspace_id AS "workspaceId", n.name, n.status::text AS status,
            n.detection_multiplier AS "detectionMultiplier", n.detection_state::text AS "detectionState",
            COALESCE((SELECT json_agg(json_build_object('metric', o.metric::text, 'threshold', o.threshold))
                        FROM node_threshold_override o WHERE o.node_id = n.id), '[]'::json) AS "thresholdOverrides",
            (SELECT json_build_object('id', i.id, 'startedAt', i.started_at, 'lastAttackAt', i.last_attack_at,
                      'quietSince', i.quiet_since, 'peakPps', i.peak_pps, 'peakBps', i.peak_bps,
                      'peakRatio', i.peak_ratio, 'severity', i.severity::text,
                      'triggerMetrics', i.trigger_metrics::text[], 'triggerPeaks', i.trigger_peaks,
                      'timeline', i.timeline)
               FROM incident i WHERE i.node_id = n.id AND i.status = 'OPEN' LIMIT 1) AS incident
       FROM node n WHERE n.id = ANY($1::uuid[])`,
);

/**
 * The nodes' settings, threshold overrides and open incident in one statement. Plain SQL, not
 * Prisma's findMany with includes: that was three statements in a transaction per batch, and
 * Prisma's query interpreter and row mapping were ~7 % of the API's CPU in a reconnect storm of
 * 10,000 nodes. Their saved statistics are read by readSavedStats, when needed.
 */
async function findNodes(services: CoreServices, nodeIds: string[]): Promise<StoredNode[]> {
  const nodes = await services.database.sql.query<
    Omit<StoredNode, "incidents"> & { incident: StoredIncident | null }
  >(FIND_NODES, [nodeIds]);
  return nodes.map(({ incident, ...node }) => ({
    ...node,
    // Timestamps inside JSON arrive as text.
    incidents: incident
      ? [
          {
            ...incident,
            startedAt: new Date(incident.startedAt),
            lastAttackAt: new Date(incident.lastAttackAt),
            quietSince: incident.quietSince === null ? null : new Date(incident.quietSince),
          },
        ]
      : [],
  }));
}

/** Bytes of one metric's saved statistics as packed by SAVED_STATS: samples, avg, p95, p99. */
const PACKED_STATS_BYTES = 4 * 8;

/**
 * The statistics last saved in node_baseline, one row per node: its metrics' names (enum labels,
 * no commas) in the order of `packed`, which holds each metric's samples, avg, p95 and p99 as
 * big-endian float8 (float8send: the exact doubles), and its oldest save (epoch ms). Eight rows of
 * seven text fields per node, each save time a timestamp to parse, cost the API 690–930 ms of
 * CPU for 10,000 nodes; this 180–250 ms (PostgreSQL's side: 250–320 → 390–410 ms).
 */
const SAVED_STATS = prepared(
  `SELECT node_id, string_agg(metric::text, ',' ORDER BY metric) AS metrics,
          string_agg(float8send(samples::float8) || float8send(avg) || float8send(p95) || float8send(p99),
                     ''::bytea ORDER BY metric) AS packed,
          (extract(epoch FROM min(updated_at)) * 1000)::float8 AS saved_at
     FROM node_baseline WHERE node_id = ANY($1::uuid[])
    GROUP BY node_id`,
);

/** The statistics last saved in node_baseline of each node (its rows, one per metric it has). */
async function readSavedStats(services: CoreServices, nodeIds: string[]): Promise<Map<string, SavedRow[]>> {
  const rows = await services.database.sql.query<{
    node_id: string;
    metrics: string;
    packed: Uint8Array;
    saved_at: number;
  }>(SAVED_STATS, [nodeIds]);
  const byNode = new Map<string, SavedRow[]>();
  for (const { node_id, metrics, packed, saved_at } of rows) {
    const names = metrics.split(",");
    // A packing that disagrees with its names (a column added to one side only) cannot be read:
    // that node counts as having saved nothing (its window is read at admission).
    if (packed.byteLength !== names.length * PACKED_STATS_BYTES) continue;
    const view = new DataView(packed.buffer, packed.byteOffset, packed.byteLength);
    byNode.set(
      node_id,
      names.map((metric, i) => {
        const at = i * PACKED_STATS_BYTES;
        return {
          metric,
          samples: view.getFloat64(at),
          avg: view.getFloat64(at + 8),
          p95: view.getFloat64(at + 16),
          p99: view.getFloat64(at + 24),
          savedAt: saved_at,
        };
      }),
    );
  }
  return byNode;
}

/**
 * Admitting returning nodes with the statistics they last saved instead of their stored windows.
 * A node's 300 trailing quiet seconds sit on ~300 heap pages (the fleet's samples are stored
 * second by second): reading them for 10,000 reconnecting nodes was 15–22 s of PostgreSQL CPU, and
 * the storm waited for it. A node whose saved statistics are as good as its window would give is
 * admitted at once with them (its thresholds as if computed from its window); its window is read
 * later, batched, when the fleet has stopped coming back (DeferredWindows), and its statistics
 * replace the saved ones. The window is read at admission, as without deferral, when the saved
 * statistics are not that good: a metric without a saved row (a cost, not an error: that node's
 * read is not deferred), one learned from fewer than BASELINE_WINDOW samples (saved by a shutdown
 * in the node's first minutes: thresholds at the floor where its window gives learned ones), or
 * saved so long ago that retention may have deleted the samples they came from (the window read
 * finds nothing and the node learns again; old statistics would judge today's traffic, and cap
 * its growth, by a level long gone).
 */
export interface WindowDeferral {
  /** How long raw samples are kept (TELEMETRY_RETENTION_DAYS). */
  retentionDays: number;
  /** Wall-clock ms of the admission (the age of the saved statistics is measured from it). */
  now: number;
}

/**
 * Saved statistics stand in for a window only when saved this long before retention deletes
 * samples of their time: the 300 quiet seconds they were computed from lie before the save.
 */
const SAVED_STATS_MARGIN_MS = 3_600_000;

/** Each node's last stored second. */
const LAST_STORED = prepared(
  `SELECT n.id AS node_id, (SELECT max(ts) FROM traffic_sample WHERE node_id = n.id) AS ts
     FROM unnest($1::uuid[]) AS n(id)`,
);

/**
 * Restores the detection state of many nodes at once (the nodes of a reconnect storm): settings
 * and open incidents, the trailing quiet samples the baseline is learned from (or, with
 * `deferral`, the statistics last saved when they are as good: see WindowDeferral), the last
 * stored second and the hour's seasonal p99s, in a few statements for the whole batch. Nodes that
 * do not exist are absent from the map.
 */
export async function loadNodeDetections(
  services: CoreServices,
  nodeIds: string[],
  deferral?: WindowDeferral,
): Promise<Map<string, NodeDetection>> {
  const { sql } = services.database;
  const hour = hourOf(Date.now());
  const [nodes, windows, savedStats, lasts, seasonal] = await Promise.all([
    findNodes(services, nodeIds),
    // Without deferral the windows are read beside the rest; with it, once the saved statistics
    // tell which nodes need theirs.
    deferral ? null : readWindows(services, new Map(nodeIds.map((id) => [id, null]))),
    deferral ? readSavedStats(services, nodeIds) : null,
    sql.query<{ node_id: string; ts: Date | null }>(LAST_STORED, [nodeIds]),
    loadSeasonalMany(sql, nodeIds, hour),
  ]);
  const lastTs = new Map(lasts.map((r) => [r.node_id, r.ts ? new Date(r.ts).getTime() : null]));
  const saved = new Map<string, { stats: NodeStats; at: number }>();
  if (deferral) {
    const since = deferral.now - deferral.retentionDays * 86_400_000 + SAVED_STATS_MARGIN_MS;
    for (const [nodeId, rows] of savedStats ?? []) {
      const usable = savedStatsOf(rows, since);
      if (usable) saved.set(nodeId, usable);
    }
  }
  const read =
    windows ??
    (await readWindows(services, new Map(nodes.filter((n) => !saved.has(n.id)).map((n) => [n.id, null]))));
  const loaded = new Map<string, NodeDetection>();
  for (const node of nodes) {
    const last = lastTs.get(node.id) ?? null;
    const p99 = seasonal.get(node.id) ?? {};
    const admitted = saved.get(node.id);
    if (admitted) {
      const detection = detectionOf(node, new BaselineWindow(), admitted.stats, last, { hour, p99 });
      // Saved already: equal, so they are not saved again unchanged. On the sample clock, as every
      // statsAt is (learn() compares it with sample times): the node's last stored second, which
      // the save came after; the database's clock (updated_at) only when it has none.
      detection.statsAt = detection.savedAt = last ?? admitted.at;
      detection.windowBefore = last;
      loaded.set(node.id, detection);
      continue;
    }
    const window = read.get(node.id) ?? new BaselineWindow();
    const stats = window.size > 0 ? window.stats() : null;
    loaded.set(node.id, detectionOf(node, window, stats, last, { hour, p99 }));
  }
  return loaded;
}

/** A node_baseline row as read for admission. */
interface SavedRow {
  metric: string;
  samples: number;
  avg: number;
  p95: number;
  p99: number;
  /** When the node's oldest row was saved (epoch ms, the database's clock): what admission judges. */
  savedAt: number;
}

/**
 * The saved statistics of a node if every metric has a row learned from a full window and saved
 * since `since` (ms); else null (its window is read instead: see WindowDeferral).
 */
function savedStatsOf(rows: SavedRow[], since: number): { stats: NodeStats; at: number } | null {
  const byMetric = new Map(rows.map((r) => [r.metric, r]));
  const stats = {} as NodeStats;
  let at = Number.POSITIVE_INFINITY;
  for (const metric of TRAFFIC_METRICS) {
    const row = byMetric.get(metric);
    if (!row || row.samples < BASELINE_WINDOW || row.savedAt < since) return null;
    stats[metric] = { samples: row.samples, avg: row.avg, p95: row.p95, p99: row.p99 };
    at = Math.min(at, row.savedAt);
  }
  return { stats, at };
}

const WINDOWS = prepared(
  `SELECT n.id AS node_id, w.rows, w.packed
     FROM unnest($1::uuid[], $2::timestamptz[]) AS n(id, until)
     CROSS JOIN LATERAL (
       SELECT count(*)::int AS rows, string_agg(${PACKED_SAMPLE}, ''::bytea ORDER BY s.ts) AS packed
         FROM (
           SELECT ts, ${TRAFFIC_METRICS.map((m) => METRIC_COLUMNS[m]).join(", ")}
             FROM traffic_sample WHERE node_id = n.id AND ts <= n.until AND NOT attack
            ORDER BY ts DESC LIMIT ${WINDOW_SAMPLES}
         ) s
     ) w
    WHERE w.rows > 0`,
);

/**
 * Each node's trailing quiet samples (at most WINDOW_SAMPLES), those stored at or before its
 * bound (sample time in ms; null: all) as a window, in one statement. Nodes without any are
 * absent from the map.
 */
export async function readWindows(
  services: Pick<CoreServices, "database">,
  bounds: Map<string, number | null>,
): Promise<Map<string, BaselineWindow>> {
  const windows = new Map<string, BaselineWindow>();
  if (bounds.size === 0) return windows;
  const recent = await services.database.sql.query<{ node_id: string; rows: number; packed: Uint8Array }>(
    WINDOWS,
    [
      [...bounds.keys()],
      [...bounds.values()].map((until) => (until === null ? "infinity" : new Date(until).toISOString())),
    ],
  );
  for (const r of recent) {
    const window = new BaselineWindow();
    // A packing that disagrees with its row count (a column added to one side only) would throw
    // for the whole batch of nodes: that node starts with an empty window instead.
    if (r.packed.byteLength === r.rows * PACKED_SAMPLE_BYTES) window.addPacked(r.packed, r.rows);
    windows.set(r.node_id, window);
  }
  return windows;
}

/**
 * One node's detection state. With `window: false` (a read-only view for a node another
 * instance serves) the samples are not read; the statistics come from what was last saved in
 * node_baseline.
 */
export async function loadNodeDetection(
  services: CoreServices,
  nodeId: string,
  options: { window: boolean } = { window: true },
): Promise<NodeDetection | null> {
  const load = options.window ? loadNodeDetections : loadStoredDetections;
  return (await load(services, [nodeId])).get(nodeId) ?? null;
}

/**
 * Read-only views (no sample window; statistics as last saved in node_baseline) of many nodes
 * in a few statements whatever their number (the nodes, their saved statistics, their zones and one
 * seasonal read per zone's buckets): a page of 200 nodes asking for `detection` used to cost a node
 * look-up and a seasonal read per node, 200 ms of CPU for a query priced well under the heavy
 * threshold.
 */
export async function loadStoredDetections(
  services: CoreServices,
  nodeIds: string[],
): Promise<Map<string, NodeDetection>> {
  const hour = hourOf(Date.now());
  const [nodes, savedStats, seasonal] = await Promise.all([
    findNodes(services, nodeIds),
    readSavedStats(services, nodeIds),
    loadSeasonalMany(services.database.sql, nodeIds, hour),
  ]);
  const loaded = new Map<string, NodeDetection>();
  for (const node of nodes) {
    let stats: NodeStats | null = null;
    const rows = savedStats.get(node.id);
    if (rows) {
      // Rows saved before a metric existed lack it: it counts as not learned yet.
      const saved = new Map(
        rows.map(({ metric, samples, avg, p95, p99 }) => [metric, { samples, avg, p95, p99 }]),
      );
      stats = Object.fromEntries(
        TRAFFIC_METRICS.map((m) => [m, saved.get(m) ?? { samples: 0, avg: 0, p95: 0, p99: 0 }]),
      ) as NodeStats;
    }
    const p99 = seasonal.get(node.id) ?? {};
    loaded.set(node.id, detectionOf(node, new BaselineWindow(), stats, null, { hour, p99 }));
  }
  return loaded;
}

function detectionOf(
  node: StoredNode,
  window: BaselineWindow,
  stats: NodeStats | null,
  lastTs: number | null,
  seasonal: { hour: number; p99: SeasonalP99 },
): NodeDetection {
  const open = node.incidents[0];
  const detector: DetectorState = { ...initialDetectorState(), lastTs, level: node.detectionState };
  if (open) {
    const incident: OpenIncident = {
      startedAt: open.startedAt.getTime(),
      lastAttackAt: open.lastAttackAt.getTime(),
      quietSince: open.quietSince?.getTime() ?? null,
      peakPps: open.peakPps,
      peakBps: open.peakBps,
      peakRatio: open.peakRatio,
      severity: open.severity,
      triggerMetrics: open.triggerMetrics,
      triggerPeaks: peaksFromJson(open.triggerPeaks) as TriggerPeak[],
      timeline: (open.timeline as [number, number, number][]) ?? [],
      announcedRatio: open.peakRatio,
    };
    detector.incident = incident;
    detector.level = "ATTACK";
  } else if (detector.level === "ATTACK") detector.level = "NORMAL";
  return {
    nodeId: node.id,
    workspaceId: node.workspaceId,
    name: node.name,
    status: node.status,
    multiplier: node.detectionMultiplier,
    overrides: Object.fromEntries(node.thresholdOverrides.map((o) => [o.metric, o.threshold])),
    detector,
    window,
    windowBefore: null,
    stats,
    statsAt: stats ? (lastTs ?? Date.now()) : null,
    savedAt: stats ? (lastTs ?? Date.now()) : null,
    incidentId: open?.id ?? null,
    seasonal,
    thresholds: null,
    lastArrival: 0,
    recomputeJitter: Math.random() / 2,
    samplesSincePersist: 0,
  };
}

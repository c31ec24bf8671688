import { join } from "node:path";
import { inspectQueue } from "../../../agent/src/transport/durable-queue.ts";
import type { ApiProcess } from "../../../agent/test/support/api-process.ts";
import { waitFor } from "../../../agent/test/support/api-process.ts";
import type { FaultAgent } from "./fault-agent.ts";

const TRAFFIC = `query($id: ID!, $from: DateTime!, $to: DateTime!, $resolution: TrafficResolution!) {
  node(id: $id) { ... on MonitoredNode { traffic(from: $from, to: $to, resolution: $resolution) {
    points { ts samples } } } } }`;

/** What a scenario lost and how long recovery took, as the suite and bench:recovery report it. */
export interface Recovery {
  scenario: string;
  /** Samples the agent produced while alive that are not stored (must be 0). */
  missing: number;
  /** Seconds stored twice (two samples closer than half an interval; must be 0). */
  doubled: number;
  stored: number;
  /** Dropped by the agent's full queue (oldest first), as it counted them. */
  dropped: number;
  /** Each fault of the scenario and how long recovery took. */
  faults: FaultTiming[];
  largestGapMs: number;
  /** Holes in the stored seconds while the agent was alive (must be 0). */
  holes: number;
  /** Where they are (`start–end (gap)`, UTC clock times), to set beside the scenario's faults. */
  holeSpans: string[];
  medianSpacingMs: number;
}

/** From the failed part being back to the first new sample stored, and to an empty queue (ms). */
export interface FaultTiming {
  fault: string;
  /** When the failed part was back (UTC clock time), to set holes beside. */
  backAt: string;
  firstSampleMs: number;
  drainedMs: number;
}

/** Times a RATE_LIMITED traffic query is asked again, after the wait the API names. */
const RATE_LIMITED_RETRIES = 10;

/**
 * Sample times (epoch ms) stored for the agent's node since `from`, through the GraphQL API. A
 * client of the API's limits, as any dashboard is: a second-by-second series is priced ~2,000,
 * and a scenario polling it several times a second spends the session's cost budget
 * (GRAPHQL_COST_PER_SECOND); then it waits the `retryAfterSeconds` it is told and asks again.
 */
export async function storedTimes(api: ApiProcess, cookie: string, nodeId: string, from: number) {
  for (let attempt = 0; ; attempt++) {
    const to = new Date(Date.now() + 120_000).toISOString();
    const { body } = await api.gql(
      TRAFFIC,
      { id: nodeId, from: new Date(from).toISOString(), to, resolution: "SECOND" },
      { cookie },
    );
    const points = body.data?.node?.traffic?.points as { ts: string }[] | undefined;
    if (points) return points.map((p) => Date.parse(p.ts));
    const refusal = (
      body.errors?.[0] as { extensions?: { code?: string; retryAfterSeconds?: number } } | undefined
    )?.extensions;
    if (refusal?.code !== "RATE_LIMITED" || attempt >= RATE_LIMITED_RETRIES)
      throw new Error(`traffic query failed: ${JSON.stringify(body).slice(0, 500)}`);
    await new Promise((resolve) => setTimeout(resolve, (refusal.retryAfterSeconds ?? 1) * 1000));
  }
}

/** Queue depth read straight from the agent's state directory (no process, cheap to poll). */
export function queueDepth(agent: FaultAgent): number {
  return inspectQueue(join(agent.stateDir, "queue")).depth;
}

/**
 * Called when the failed part is back: times the first newly stored sample and the drained
 * queue (depth ≤ 1 — a fresh sample may be on its way — with every queued sample stored).
 */
export async function timeRecovery(
  fault: string,
  api: ApiProcess,
  cookie: string,
  agent: FaultAgent,
  since: number,
  timeoutMs = 180_000,
): Promise<FaultTiming> {
  const back = Date.now();
  const before = (await storedTimes(api, cookie, agent.nodeId, since)).length;
  let firstSampleMs = -1;
  await waitFor(
    async () => {
      const stored = (await storedTimes(api, cookie, agent.nodeId, since)).length;
      if (firstSampleMs < 0 && stored > before) firstSampleMs = Date.now() - back;
      return firstSampleMs >= 0 && queueDepth(agent) <= 1;
    },
    timeoutMs,
    "the agent's backlog to be stored",
  );
  return { fault, backAt: clock(back), firstSampleMs, drainedMs: Date.now() - back };
}

/** Samples the agent's queue counts as delivered (acknowledged by the API, not refused or dropped). */
export function deliveredCount(queue: QueueCounts): number {
  return queue.consumed - queue.dropped - queue.rejected;
}

/** The agent's own accounting, from its queue cursor: every sample it produced has a sequence number. */
export interface QueueCounts {
  consumed: number;
  dropped: number;
  rejected: number;
  depth: number;
}

/**
 * Every sample the agent produced while alive is stored once. By count: the agent numbers each
 * sample it produces (its queue's sequence); every number up to the cursor was delivered,
 * refused or dropped as over capacity, so the delivered ones must all be stored; the few still
 * queued on disk (a batch in flight when the agent stopped) may or may not be stored yet, and
 * nothing beyond them can be. By time: no hole longer than `max(2.5 s, 8 intervals)` between
 * stored samples unless the agent was dead or an `allowedGap` (the queue's dropped oldest)
 * covers it (shorter holes are slots a busy machine skipped: never sampled, not lost).
 */
export function countLosses(
  times: number[],
  agent: FaultAgent,
  queue: QueueCounts,
  allowedGaps: [number, number][] = [],
): Pick<
  Recovery,
  "missing" | "doubled" | "stored" | "largestGapMs" | "holes" | "holeSpans" | "medianSpacingMs"
> {
  const interval = agent.intervalMs;
  const delivered = deliveredCount(queue);
  const excused = [...agent.deadWindows, ...allowedGaps];
  const holeSpans: string[] = [];
  let largestGapMs = 0;
  const spacing: number[] = [];
  for (let i = 1; i < times.length; i++) {
    const [a, b] = [times[i - 1] as number, times[i] as number];
    spacing.push(b - a);
    if (excused.some(([start, end]) => start < b && end > a)) continue;
    largestGapMs = Math.max(largestGapMs, b - a);
    if (b - a > Math.max(2500, interval * 8)) holeSpans.push(`${clock(a)}–${clock(b)} (${b - a} ms)`);
  }
  spacing.sort((x, y) => x - y);
  return {
    missing: Math.max(0, delivered - times.length),
    doubled: Math.max(0, times.length - delivered - queue.depth),
    stored: times.length,
    largestGapMs,
    holes: holeSpans.length,
    holeSpans,
    medianSpacingMs: spacing[Math.floor(spacing.length / 2)] ?? 0,
  };
}

/** A time of day, UTC, to the millisecond (what the logs of the API and the agent show). */
const clock = (ms: number) => new Date(ms).toISOString().slice(11, 23);

/**
 * Minute rollups agree with the raw seconds for every minute the node has samples in, the last
 * partial one included (call it once the agent stopped: the next refresh job must catch up).
 */
export async function rollupsMatch(
  api: ApiProcess,
  cookie: string,
  nodeId: string,
  from: number,
  until: number,
): Promise<void> {
  const start = Math.floor(from / 60_000) * 60_000;
  const end = Math.ceil((until + 1) / 60_000) * 60_000;
  const raw = await storedTimes(api, cookie, nodeId, start);
  const perMinute = new Map<number, number>();
  for (const t of raw.filter((t) => t < end)) {
    const minute = Math.floor(t / 60_000) * 60_000;
    perMinute.set(minute, (perMinute.get(minute) ?? 0) + 1);
  }
  await waitFor(
    async () => {
      const { body } = await api.gql(
        TRAFFIC,
        {
          id: nodeId,
          from: new Date(start).toISOString(),
          to: new Date(end).toISOString(),
          resolution: "MINUTE",
        },
        { cookie },
      );
      const points = (body.data?.node?.traffic?.points ?? []) as { ts: string; samples: number }[];
      const rolled = new Map(points.map((p) => [Date.parse(p.ts), p.samples]));
      return (
        rolled.size === perMinute.size && [...perMinute].every(([minute, n]) => rolled.get(minute) === n)
      );
    },
    120_000,
    "minute rollups to match the raw seconds",
  );
}

/** Incidents of the workspace (status and start), to check a fault opened none or the right one. */
export async function incidents(api: ApiProcess, cookie: string, workspaceId: string) {
  const { body } = await api.gql(
    `query($ws: ID!) { incidents(workspaceId: $ws, first: 50) { edges { node { id status startedAt } } } }`,
    { ws: workspaceId },
    { cookie },
  );
  const edges = body.data?.incidents?.edges as { node: { id: string; status: string } }[] | undefined;
  if (!edges) throw new Error(`incidents query failed: ${JSON.stringify(body).slice(0, 500)}`);
  return edges.map((e) => e.node);
}

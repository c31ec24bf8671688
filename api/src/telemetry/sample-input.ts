import { type CaptureSummary, captureSummarySchema } from "@levee/shared/classification/capture-summary";
import {
  LISTEN_QUEUE_FIELDS,
  type ListenQueueRates,
  type Nullable,
  type SocketCounts,
  type TrafficRates,
} from "@levee/shared/traffic-rates";
import type { FieldError } from "../errors.ts";

/**
 * One validated second of a node's traffic, as stored in traffic_sample. Socket counts and
 * listen-queue rates are null where the agent did not read them (NULL in the table).
 */
export interface TelemetryRow extends TrafficRates, Nullable<SocketCounts>, ListenQueueRates {
  ts: Date;
  interface: string;
  capture: CaptureSummary | null;
}

/** As GraphQL hands it over: the optional fields absent (older agents) or null. */
export type SampleInput = Omit<TelemetryRow, "capture" | keyof SocketCounts | keyof ListenQueueRates> & {
  [K in keyof SocketCounts | keyof ListenQueueRates]?: number | null;
} & { capture?: unknown };

export interface SampleLimits {
  maxAgeMs: number;
  maxFutureMs: number;
}

export const MAX_SAMPLES_PER_CALL = 2000;
/** Beyond any NIC made: 1.5 billion packets/s and 3.2 Tbit/s on one host. */
const MAX_PPS = 1.5e9;
const MAX_BPS = 3.2e12;
const MAX_SOCKETS = 1e8;
const INTERFACE = /^[A-Za-z0-9_.:@-]{1,15}$/;

const RATES = ["rxPps", "txPps", "tcpPps", "udpPps", "icmpPps", "otherPps"] as const;
const BITRATES = ["rxBps", "txBps"] as const;
const COUNTS = ["synRecv", "tcpEstablished", "tcpTotal"] as const;

/**
 * Checks one sample; returns the row or the problems found (paths relative to `samples.<index>`).
 * Bounds reject what no real server reports, so a buggy or hostile agent cannot poison baselines.
 */
export function parseSample(
  input: SampleInput,
  index: number,
  limits: SampleLimits,
  now = Date.now(),
): { row: TelemetryRow } | { errors: FieldError[] } {
  const errors: FieldError[] = [];
  const ts = input.ts.getTime();
  if (!Number.isFinite(ts)) problem(errors, index, "ts", "is not a valid time");
  else if (ts > now + limits.maxFutureMs)
    problem(
      errors,
      index,
      "ts",
      `is ${Math.round((ts - now) / 1000)} s in the future; check the agent's clock (NTP)`,
    );
  else if (ts < now - limits.maxAgeMs)
    problem(
      errors,
      index,
      "ts",
      `is older than ${Math.round(limits.maxAgeMs / 3_600_000)} h; such samples are not accepted`,
    );
  if (!INTERFACE.test(input.interface))
    problem(errors, index, "interface", "must be a Linux interface name (1-15 characters)");
  for (const f of RATES) inRange(errors, index, f, input[f], MAX_PPS);
  for (const f of BITRATES) inRange(errors, index, f, input[f], MAX_BPS);
  const synRecv = input.synRecv ?? null;
  const tcpEstablished = input.tcpEstablished ?? null;
  const tcpTotal = input.tcpTotal ?? null;
  for (const f of COUNTS) {
    const value = input[f] ?? null;
    if (value !== null) inRange(errors, index, f, value, MAX_SOCKETS, true);
  }
  // The three come from one scan: all read, or none (a partial set is no scan the agent made).
  // Counted without an array: this runs for every sample of every agent.
  const read = (synRecv === null ? 0 : 1) + (tcpEstablished === null ? 0 : 1) + (tcpTotal === null ? 0 : 1);
  if (read === 1 || read === 2)
    problem(
      errors,
      index,
      "tcpTotal",
      "synRecv, tcpEstablished and tcpTotal are all given or all null (not read)",
    );
  // tcpTotal counts every state, so it holds the other two: an agent reporting less is broken,
  // and its counts would skew the connection-state baselines.
  if (
    errors.length === 0 &&
    synRecv !== null &&
    tcpEstablished !== null &&
    tcpTotal !== null &&
    synRecv + tcpEstablished > tcpTotal
  )
    problem(
      errors,
      index,
      "tcpTotal",
      `is ${tcpTotal}, fewer than synRecv + tcpEstablished (${synRecv + tcpEstablished}); it counts sockets in every state`,
    );
  const listenQueue = {} as ListenQueueRates;
  for (const f of LISTEN_QUEUE_FIELDS) {
    const value = input[f] ?? null;
    if (value !== null) inRange(errors, index, f, value, MAX_PPS);
    listenQueue[f] = value;
  }
  let capture: CaptureSummary | null = null;
  if (input.capture != null) {
    const parsed = captureSummarySchema.safeParse(input.capture);
    if (parsed.success) capture = parsed.data;
    else
      for (const issue of parsed.error.issues)
        problem(errors, index, ["capture", ...issue.path].join("."), issue.message);
  }
  if (errors.length > 0) return { errors };
  return { row: { ...input, synRecv, tcpEstablished, tcpTotal, ...listenQueue, capture } };
}

function problem(errors: FieldError[], index: number, field: string, message: string): void {
  errors.push({ path: `samples.${index}.${field}`, message });
}

/** A rate or count: a non-negative number up to `max` (a whole one for counts). */
function inRange(
  errors: FieldError[],
  index: number,
  field: string,
  value: number,
  max: number,
  integer = false,
) {
  if (!Number.isFinite(value) || value < 0) problem(errors, index, field, "must be a non-negative number");
  else if (value > max) problem(errors, index, field, `is ${value}, above the plausible maximum ${max}`);
  else if (integer && !Number.isInteger(value)) problem(errors, index, field, "must be a whole number");
}

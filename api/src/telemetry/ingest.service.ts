import type { WindowEntry } from "@levee/shared/classification/incident-window";
import { agentOf } from "../auth/principal.ts";
import type { GraphQLContext } from "../context.ts";
import type { DetectionView, IngestResult } from "../detection/detection-engine.ts";
import { type FieldError, UnavailableError, ValidationError } from "../errors.ts";
import {
  MAX_SAMPLES_PER_CALL,
  parseSample,
  type SampleInput,
  type SampleLimits,
  type TelemetryRow,
} from "./sample-input.ts";
import type { StoredRow } from "./sample-writer.ts";

export interface ReportTelemetryResult {
  accepted: number;
  duplicates: number;
  rejected: (FieldError & { index: number })[];
  detection: DetectionView;
}

/**
 * reportTelemetry: validate each sample (bad ones are reported, the rest still stored), run
 * detection on the new ones in time order, store them through the write-behind buffer and
 * tell live subscribers about the latest second.
 */
export async function reportTelemetry(
  ctx: GraphQLContext,
  samples: SampleInput[],
): Promise<ReportTelemetryResult> {
  // Agent-only is declared on the field (authScopes: { agent: true }); this only narrows the type.
  const principal = agentOf(ctx.principal);
  if (samples.length > MAX_SAMPLES_PER_CALL) {
    throw ValidationError.field(
      "samples",
      `${samples.length} samples in one call; send at most ${MAX_SAMPLES_PER_CALL} and the rest in later calls`,
    );
  }
  const rejected: ReportTelemetryResult["rejected"] = [];
  const { rows, rejectedSamples } = parseSamples(samples, ctx.config.telemetry, rejected);
  const { telemetry } = ctx;
  const { nodeId } = principal;
  let detected: IngestResult;
  let accepted: number;
  try {
    detected = await telemetry.detection.ingest(nodeId, rows);
    const { attack } = detected;
    const stored: StoredRow[] = new Array(rows.length);
    for (let i = 0; i < rows.length; i++)
      stored[i] = storedRow(rows[i] as TelemetryRow, nodeId, attack[i] ?? false);
    accepted = await telemetry.writer.write(stored);
  } catch (error) {
    // Nothing of this call is kept (detection state is reloaded from what was stored), so the
    // agent keeps the samples and sends them again.
    telemetry.detection.forget(principal.nodeId);
    ctx.logger.error({ err: error, nodeId: principal.nodeId }, "telemetry not stored");
    throw new UnavailableError("Telemetry could not be stored just now; keep the samples and retry");
  }
  const { view } = detected;
  await classifyIncidents(ctx, principal.nodeId, rows, detected);
  const latest = rows.at(-1);
  if (latest && accepted > 0 && telemetry.watch.isWatched(principal.nodeId)) {
    const { capture: _capture, interface: _iface, ...rates } = latest;
    ctx.pubsub.publish("trafficUpdated", principal.nodeId, {
      ...rates,
      nodeId: principal.nodeId,
      ts: latest.ts.toISOString(),
      detectionState: view.state,
    });
  }
  return { accepted, duplicates: samples.length - rejectedSamples - accepted, rejected, detection: view };
}

/**
 * The samples that parse, one per second (the last sent for a second wins) in time order; the
 * errors of the others go to `rejected`, and how many samples they were. A call of one sample
 * (an agent's every second) makes no map, copy or sort.
 */
function parseSamples(
  samples: SampleInput[],
  limits: SampleLimits,
  rejected: ReportTelemetryResult["rejected"],
): { rows: TelemetryRow[]; rejectedSamples: number } {
  const now = Date.now();
  let rejectedSamples = 0;
  const parse = (input: SampleInput, index: number): TelemetryRow | undefined => {
    const parsed = parseSample(input, index, limits, now);
    if ("row" in parsed) return parsed.row;
    for (const error of parsed.errors) rejected.push({ index, ...error });
    rejectedSamples++;
    return undefined;
  };
  if (samples.length === 1) {
    const row = parse(samples[0] as SampleInput, 0);
    return { rows: row ? [row] : [], rejectedSamples };
  }
  const byTs = new Map<number, TelemetryRow>();
  samples.forEach((input, index) => {
    const row = parse(input, index);
    if (row) byTs.set(row.ts.getTime(), row);
  });
  const rows = [...byTs.values()].sort((a, b) => a.ts.getTime() - b.ts.getTime());
  return { rows, rejectedSamples };
}

/** A row as the writer stores it: its fields named, not spread (one shape for every row). */
function storedRow(row: TelemetryRow, nodeId: string, attack: boolean): StoredRow {
  return {
    ts: row.ts,
    interface: row.interface,
    rxPps: row.rxPps,
    rxBps: row.rxBps,
    txPps: row.txPps,
    txBps: row.txBps,
    tcpPps: row.tcpPps,
    udpPps: row.udpPps,
    icmpPps: row.icmpPps,
    otherPps: row.otherPps,
    synRecv: row.synRecv,
    tcpEstablished: row.tcpEstablished,
    tcpTotal: row.tcpTotal,
    syncookiesSent: row.syncookiesSent,
    syncookiesRecv: row.syncookiesRecv,
    syncookiesFailed: row.syncookiesFailed,
    listenOverflows: row.listenOverflows,
    listenDrops: row.listenDrops,
    capture: row.capture,
    nodeId,
    attack,
  };
}

/** Capture summaries sent during incidents go to the incident classifier, grouped by incident. */
async function classifyIncidents(
  ctx: GraphQLContext,
  nodeId: string,
  rows: TelemetryRow[],
  detected: IngestResult,
) {
  // Nothing to classify (no capture summary sent, and no sample over a threshold without one,
  // during an incident): the usual report.
  if (
    detected.resolved.length === 0 &&
    !rows.some((row, i) => detected.incidentIds[i] && (row.capture || detected.hot[i]))
  )
    return;
  const { classification } = ctx.telemetry;
  const byIncident = new Map<string, WindowEntry[]>();
  const observe = async (id: string) => {
    const summaries = byIncident.get(id);
    byIncident.delete(id);
    if (summaries)
      await classification.observe(
        { id, nodeId, workspaceId: detected.workspaceId },
        summaries,
        detected.view.thresholds,
      );
  };
  for (const [i, row] of rows.entries()) {
    const incidentId = detected.incidentIds[i];
    if (!incidentId) continue;
    if (!row.capture) {
      if (!detected.hot[i]) continue;
      // The summaries before it first: one of them may be an earlier uncaptured crossing's
      // evidence, which the classifier matches against the latest crossing it was told of.
      await observe(incidentId);
      // Rates are per second: one second of them is the sample's traffic at its own rate.
      classification.noteUncapturedHot(
        { id: incidentId, nodeId, workspaceId: detected.workspaceId },
        row.ts.getTime(),
        {
          seconds: 1,
          packets: row.rxPps,
          bytes: row.rxBps / 8,
          tcp: row.tcpPps,
          udp: row.udpPps,
          icmp: row.icmpPps,
        },
      );
      continue;
    }
    const { synRecv, tcpEstablished, tcpTotal } = row;
    // Not read: no peak from this second (the counts are all given or all null).
    const sockets =
      synRecv === null || tcpEstablished === null || tcpTotal === null
        ? undefined
        : { synRecv, tcpEstablished, tcpTotal };
    const entry = {
      endMs: row.ts.getTime(),
      hot: detected.hot[i] ?? false,
      summary: row.capture,
      sockets,
      syncookiesSent: row.syncookiesSent,
    };
    byIncident.set(incidentId, [...(byIncident.get(incidentId) ?? []), entry]);
  }
  for (const id of [...byIncident.keys()]) await observe(id);
  for (const id of detected.resolved) await classification.finish(id);
}

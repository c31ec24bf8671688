import type { WindowEntry } from "@levee/shared/classification/incident-window";
import { agentOf } from "../auth/principal.ts";
import type { GraphQLContext } from "../context.ts";
import type { DetectionView, IngestResult } from "../detection/detection-engine.ts";
import { type FieldError, UnavailableError, ValidationError } from "../errors.ts";
import { MAX_SAMPLES_PER_CALL, parseSample, type SampleInput, type TelemetryRow } from "./sample-input.ts";

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
  const byTs = new Map<number, TelemetryRow>();
  const limits = ctx.config.telemetry;
  const now = Date.now();
  samples.forEach((input, index) => {
    const parsed = parseSample(input, index, limits, now);
    if ("errors" in parsed) for (const error of parsed.errors) rejected.push({ index, ...error });
    else byTs.set(parsed.row.ts.getTime(), parsed.row);
  });
  const rows = [...byTs.values()].sort((a, b) => a.ts.getTime() - b.ts.getTime());
  const { telemetry } = ctx;
  let detected: IngestResult;
  let accepted: number;
  try {
    detected = await telemetry.detection.ingest(principal.nodeId, rows);
    const { attack } = detected;
    accepted = await telemetry.writer.write(
      rows.map((row, i) => ({ ...row, nodeId: principal.nodeId, attack: attack[i] ?? false })),
    );
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
  const rejectedSamples = new Set(rejected.map((r) => r.index)).size;
  return { accepted, duplicates: samples.length - rejectedSamples - accepted, rejected, detection: view };
}

/** Capture summaries sent during incidents go to the incident classifier, grouped by incident. */
async function classifyIncidents(
  ctx: GraphQLContext,
  nodeId: string,
  rows: TelemetryRow[],
  detected: IngestResult,
) {
  const byIncident = new Map<string, WindowEntry[]>();
  rows.forEach((row, i) => {
    const incidentId = detected.incidentIds[i];
    if (!row.capture || !incidentId) return;
    const sockets = { synRecv: row.synRecv, tcpEstablished: row.tcpEstablished, tcpTotal: row.tcpTotal };
    const entry = { endMs: row.ts.getTime(), hot: detected.hot[i] ?? false, summary: row.capture, sockets };
    byIncident.set(incidentId, [...(byIncident.get(incidentId) ?? []), entry]);
  });
  const { classification } = ctx.telemetry;
  for (const [id, summaries] of byIncident) {
    await classification.observe(
      { id, nodeId, workspaceId: detected.workspaceId },
      summaries,
      detected.view.thresholds,
    );
  }
  for (const id of detected.resolved) await classification.finish(id);
}

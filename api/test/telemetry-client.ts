import type { Caller, TestApi } from "./harness.ts";

/** A synthetic agent's sample (rates per second); fields match TelemetrySampleInput. */
export function sample(ts: Date | number, pps: number, extra: Record<string, unknown> = {}) {
  return {
    ts: new Date(ts).toISOString(),
    interface: "eth0",
    rxPps: pps,
    rxBps: pps * 8 * 600,
    txPps: pps / 2,
    txBps: pps * 8 * 300,
    tcpPps: pps * 0.7,
    udpPps: pps * 0.25,
    icmpPps: pps * 0.01,
    otherPps: pps * 0.04,
    synRecv: 1,
    tcpEstablished: 40,
    tcpTotal: 60,
    ...extra,
  };
}

export const REPORT = `mutation($samples: [TelemetrySampleInput!]!) { reportTelemetry(samples: $samples) {
  __typename
  ... on ReportTelemetryPayload { accepted duplicates rejected { index path message }
    detection { state incidentId captureRequested thresholds { metric threshold elevatedAt source } } }
  ... on Error { code message } } }`;

export async function report(api: TestApi, agent: Caller, samples: unknown[]) {
  const result = await api.gql(REPORT, { samples }, agent);
  const payload = result.data?.reportTelemetry;
  if (!payload) throw new Error(JSON.stringify(result.errors));
  return payload as Record<string, any>;
}

import type { ActionReport } from "../firewall/executor.ts";
import type { MitigationDirective } from "../firewall/firewall-controller.ts";
import type { TelemetrySample } from "../sampler/sample.ts";
import { type GraphQLClient, unwrapPayload } from "./graphql-client.ts";

/** The agent's side of schema.graphql: enrolment, heartbeat, telemetry and capture upload. */
/** Rate limiting comes as a top-level error (HTTP 429), so only the shared `Error` fields are asked for. */
const ERROR_FIELDS = "... on Error { code message }";

export type DetectionState = "NORMAL" | "ELEVATED" | "ATTACK";
export type TrafficMetric =
  | "PPS"
  | "BPS"
  | "TCP_PPS"
  | "UDP_PPS"
  | "ICMP_PPS"
  | "SYN_RECV"
  | "TCP_ESTABLISHED"
  | "TCP_SOCKETS"
  | "SYN_COOKIES";

export interface MetricThreshold {
  metric: TrafficMetric;
  threshold: number;
  elevatedAt: number;
  source: string;
}

export interface NodeDetection {
  state: DetectionState;
  incidentId: string | null;
  captureRequested: boolean;
  thresholds: MetricThreshold[];
}

export interface TelemetryResult {
  accepted: number;
  duplicates: number;
  rejected: { index: number; path: string; message: string }[];
  detection: NodeDetection;
  /** Every firewall action the API wants in place on this node now. */
  mitigation?: MitigationDirective[];
}

const ENROLL = `mutation Enroll($input: EnrollAgentInput!) { enrollAgent(input: $input) {
  __typename ... on EnrollAgentPayload { agentKey node { id name } } ${ERROR_FIELDS} } }`;

const HEARTBEAT = `mutation Heartbeat($input: AgentHeartbeatInput!) { agentHeartbeat(input: $input) {
  __typename ... on NodePayload { node { id name interface status } } ${ERROR_FIELDS} } }`;

/** The agent's telemetry document, exactly as sent (the benchmarks send the same). */
export const REPORT = `mutation Report($samples: [TelemetrySampleInput!]!) { reportTelemetry(samples: $samples) {
  __typename ... on ReportTelemetryPayload { accepted duplicates rejected { index path message }
    detection { state incidentId captureRequested thresholds { metric threshold elevatedAt source } }
    mitigation { id type slot params permanent expiresAt } }
  ${ERROR_FIELDS} } }`;

const UPLOAD = `mutation Upload($input: UploadIncidentCaptureInput!, $file: File!) {
  uploadIncidentCapture(input: $input, file: $file) { __typename ${ERROR_FIELDS} } }`;

export async function enrollAgent(
  client: GraphQLClient,
  input: {
    token: string;
    hostname: string;
    agentVersion: string;
    nodeName?: string | undefined;
    interface?: string | undefined;
  },
) {
  const data = await client.request(ENROLL, { input });
  return unwrapPayload<{ agentKey: string; node: { id: string; name: string } }>(
    data.enrollAgent,
    "EnrollAgentPayload",
    "enrollAgent",
  );
}

/** The heartbeat's answer carries the node's interface setting, which the agent follows. */
export async function heartbeat(
  client: GraphQLClient,
  input: {
    agentVersion: string;
    hostname?: string;
    interface?: string | null;
    interfaceProblem?: string | null;
    interfacePinned?: boolean;
  },
) {
  const data = await client.request(HEARTBEAT, { input });
  return unwrapPayload<{ node: { id: string; name: string; interface: string | null; status: string } }>(
    data.agentHeartbeat,
    "NodePayload",
    "agentHeartbeat",
  ).node;
}

export async function reportTelemetry(
  client: GraphQLClient,
  samples: TelemetrySample[],
): Promise<TelemetryResult> {
  // Idempotent on (node, ts): safe on the persistent socket, resent over HTTP if it drops.
  const data = await client.requestOverSocket(REPORT, { samples });
  return unwrapPayload<TelemetryResult>(data.reportTelemetry, "ReportTelemetryPayload", "reportTelemetry");
}

export async function uploadIncidentCapture(
  client: GraphQLClient,
  input: { incidentId: string; preBufferPackets: number; packets: number },
  file: { blob: Blob; name: string },
): Promise<void> {
  const data = await client.upload(UPLOAD, { input }, { variable: "file", ...file });
  const result = data.uploadIncidentCapture as { __typename?: string; code?: string };
  if (result?.code) unwrapPayload(result, "IncidentCapturePayload", "uploadIncidentCapture");
}

const MITIGATION_RESULTS = `mutation Results($host: FirewallHostInput, $reports: [MitigationReportInput!]!) {
  reportMitigationResults(host: $host, reports: $reports) { __typename ... on ReportMitigationResultsPayload { recorded }
  ${ERROR_FIELDS} } }`;

export interface FirewallHost {
  managementAddresses: string[];
  gateways: string[];
  apiAddresses: string[];
  capabilities?: unknown;
}

/** What the firewall executor did (argv, exit codes, stderr, counters), and the host's protected addresses. */
export async function reportMitigationResults(
  client: GraphQLClient,
  host: FirewallHost | undefined,
  reports: ActionReport[],
): Promise<void> {
  const data = await client.request(MITIGATION_RESULTS, {
    host: host ?? null,
    reports: reports.map((r) => ({
      actionId: r.id,
      kind: r.kind,
      ok: r.ok,
      reason: r.reason ?? null,
      message: r.message ?? null,
      commands: r.commands.map((c) => ({ argv: c.argv, exitCode: c.exitCode, stderr: c.stderr })),
      packets: r.counters?.packets ?? null,
      bytes: r.counters?.bytes ?? null,
    })),
  });
  unwrapPayload(data.reportMitigationResults, "ReportMitigationResultsPayload", "reportMitigationResults");
}

// A synthetic levee-agent for browser tests: enrols with a token and reports one sample per second through
// reportTelemetry with its agent key, as the real agent does; the rate (and capture summary) can be changed.
import { crowd, realTtls, summaryOf } from "@levee/shared/test-support/summaries";
import { sample } from "../../../api/test/telemetry-client.ts";

const REPORT = `mutation($samples: [TelemetrySampleInput!]!) { reportTelemetry(samples: $samples) {
  __typename ... on ReportTelemetryPayload { accepted rejected { path message } detection { state incidentId } }
  ... on Error { code message } } }`;

async function gql(apiUrl: string, query: string, variables: unknown, token?: string) {
  const response = await fetch(`${apiUrl}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(30_000),
  });
  const body = (await response.json()) as { data?: Record<string, any>; errors?: { message: string }[] };
  if (!body.data) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

/** One second of a UDP flood from ~800 sources with real TTLs (classified as UDP_FLOOD). */
export function udpFloodSummary(pps: number) {
  return summaryOf({
    protocols: { tcp: 0, udp: pps, icmp: 0, gre: 0, other: 0 },
    distinctSources: 800,
    topSources: crowd(800),
    ttlHistogram: realTtls(Math.min(pps, 60_000)),
    trackedSources: 700,
    topSourcePorts: [{ protocol: "UDP", port: 40001, packets: 3 }],
    topDestinationPorts: [{ protocol: "UDP", port: 27015, packets: pps }],
  });
}

export class AgentSimulator {
  pps = 800;
  flood = false;
  /** TCP sockets by state in each report (sample()'s own counts until a test sets them). */
  sockets: { synRecv: number; tcpEstablished: number; tcpTotal: number } | undefined;
  /** SYN cookies and listen-queue rates in each report (none, as an older agent, until a test sets them). */
  listenQueue: { syncookiesSent: number; listenOverflows: number } | undefined;
  lastIncidentId: string | null = null;
  sent = 0;
  /** The newest second (ms) the API has acknowledged: what a live view must reach by now. */
  acknowledgedUpTo = 0;
  /** The last failed report, if any (the interval keeps going; tests check this). */
  error: Error | null = null;
  private timer: ReturnType<typeof setInterval> | undefined;
  private onFloodSent: ((sentAt: number) => void) | undefined;
  private lastSecond = 0;

  private constructor(
    readonly apiUrl: string,
    readonly agentKey: string,
    readonly nodeId: string,
  ) {}

  /** `iface`: as `levee-agent enroll --interface` sends it (the node's interface setting). */
  static async enrol(apiUrl: string, token: string, hostname: string, iface?: string) {
    const data = await gql(
      apiUrl,
      `mutation($input: EnrollAgentInput!) { enrollAgent(input: $input) {
        __typename ... on EnrollAgentPayload { agentKey node { id } } ... on Error { code message } } }`,
      { input: { token, hostname, agentVersion: "e2e-simulator", ...(iface ? { interface: iface } : {}) } },
    );
    const result = data.enrollAgent;
    if (!result.agentKey) throw new Error(`enrolment refused: ${result.message}`);
    return new AgentSimulator(apiUrl, result.agentKey, result.node.id);
  }

  /** Reports now (one sample for the current second), then every 250 ms checks for a new second. */
  start() {
    const tick = () =>
      this.tick().catch((error: Error) => {
        this.error = error;
      });
    void tick();
    this.timer = setInterval(tick, 250);
  }

  stop() {
    clearInterval(this.timer);
  }

  /** A heartbeat reporting what the agent samples, as levee-agent's does; returns the node's setting. */
  async heartbeat(report: { interface: string; interfaceProblem?: string; interfacePinned?: boolean }) {
    const data = await gql(
      this.apiUrl,
      `mutation($input: AgentHeartbeatInput!) { agentHeartbeat(input: $input) {
        __typename ... on NodePayload { node { interface } } ... on Error { code message } } }`,
      { input: { agentVersion: "e2e-simulator", ...report } },
      this.agentKey,
    );
    if (!data.agentHeartbeat.node) throw new Error(`heartbeat refused: ${data.agentHeartbeat.message}`);
    return data.agentHeartbeat.node.interface as string;
  }

  /** Switches to a UDP flood of `pps`; resolves with the time its first sample was sent. */
  burst(pps: number): Promise<number> {
    this.pps = pps;
    this.flood = true;
    return new Promise((resolve, reject) => {
      const deadline = setTimeout(() => reject(new Error("no flood sample sent within 10 s")), 10_000);
      this.onFloodSent = (sentAt) => {
        clearTimeout(deadline);
        resolve(sentAt);
      };
    });
  }

  /** Sends the current second's sample at once (used to time the burst from its first sample). */
  async tick(): Promise<void> {
    const second = Math.floor(Date.now() / 1000);
    if (second <= this.lastSecond) return;
    this.lastSecond = second;
    const extra = this.flood
      ? { udpPps: this.pps * 0.98, tcpPps: this.pps * 0.01, capture: udpFloodSummary(this.pps) }
      : {};
    const floodStarted = this.flood ? this.onFloodSent : undefined;
    if (floodStarted) this.onFloodSent = undefined;
    floodStarted?.(Date.now());
    const data = await gql(
      this.apiUrl,
      REPORT,
      { samples: [sample(second * 1000, this.pps, { ...this.sockets, ...this.listenQueue, ...extra })] },
      this.agentKey,
    );
    const payload = data.reportTelemetry;
    if (payload.__typename !== "ReportTelemetryPayload")
      throw new Error(`reportTelemetry: ${payload.message}`);
    if (payload.rejected.length) throw new Error(`rejected: ${JSON.stringify(payload.rejected)}`);
    this.sent++;
    this.acknowledgedUpTo = Math.max(this.acknowledgedUpTo, second * 1000);
    if (payload.detection.incidentId) this.lastIncidentId = payload.detection.incidentId;
  }
}

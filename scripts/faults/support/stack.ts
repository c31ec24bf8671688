import { type ApiProcess, waitFor } from "../../../agent/test/support/api-process.ts";
import { sample } from "../../../api/test/telemetry-client.ts";
import { type AgentTuning, FaultAgent } from "./fault-agent.ts";
import { type FaultApiOptions, openApi } from "./fault-api.ts";
import {
  countLosses,
  deliveredCount,
  type FaultTiming,
  incidents,
  queueDepth,
  type Recovery,
  rollupsMatch,
  storedTimes,
  timeRecovery,
} from "./ledger.ts";

/** A generous deadline: an API starting (tsx, migrations, PGlite) on a busy 2-core machine is slow. */
export const API_START_MS = 180_000;

const QUIET_FLOORS = {
  DETECTION_FLOOR_PPS: "1000000000",
  DETECTION_FLOOR_BPS: "1000000000000",
  DETECTION_FLOOR_TCP_PPS: "1000000000",
  DETECTION_FLOOR_UDP_PPS: "1000000000",
  DETECTION_FLOOR_ICMP_PPS: "1000000000",
};

/**
 * One API child process with one enrolled, running agent: what every scenario starts from.
 * `options.database` defaults to a fresh database on the shared PostgreSQL.
 */
export class Stack {
  readonly agent = new FaultAgent();
  cookie = "";
  workspaceId = "";
  /** When the agent started: the ledger covers everything from here. */
  since = 0;

  private constructor(readonly api: ApiProcess) {}

  static async start(
    options: Partial<FaultApiOptions> = {},
    tuning: AgentTuning = {},
    agentStart: Parameters<FaultAgent["start"]>[0] = {},
    setup: { evidenceDir?: string; stateDir?: string } = {},
  ): Promise<Stack> {
    // Floors far above anything real: the shared machine's own traffic (sampled on its default
    // interface) must not open incidents; scenarios that flood on purpose set their own.
    // Minute rollups refreshed every 2 s rather than 30: finish() checks them against the raw
    // seconds once the agent stopped, and waited up to 35 s past the minute's end for the next run.
    const env = { ...QUIET_FLOORS, ROLLUP_MINUTE_REFRESH_SECONDS: "2", ...options.env };
    const stack = new Stack(await openApi({ database: "postgres", ...options, env }, setup.evidenceDir));
    try {
      await stack.api.start(API_START_MS);
      const { token, cookie, workspaceId } = await stack.api.enrollmentToken();
      stack.cookie = cookie;
      stack.workspaceId = workspaceId;
      stack.agent.enrol(stack.api, token, { sampleIntervalMs: 250, ...tuning }, setup.stateDir);
      stack.since = Date.now() - 1000;
      stack.agent.start(agentStart);
      await stack.waitStored(4);
    } catch (error) {
      await stack.destroy();
      throw error;
    }
    return stack;
  }

  stored(): Promise<number[]> {
    return storedTimes(this.api, this.cookie, this.agent.nodeId, this.since);
  }

  async waitStored(count: number, timeoutMs = 60_000): Promise<number[]> {
    return (await waitFor(
      async () => {
        const times = await this.stored();
        return times.length >= count ? times : undefined;
      },
      timeoutMs,
      `${count} stored samples (${this.api.logs().slice(-1500)})`,
    )) as number[];
  }

  /** Waits for `count` more samples to be stored than now. */
  async waitMore(count: number, timeoutMs = 60_000): Promise<void> {
    await this.waitStored((await this.stored()).length + count, timeoutMs);
  }

  /** Faults this stack went through, with their recovery times. */
  readonly faults: FaultTiming[] = [];

  /** Call when the failed part is back: times the recovery of `fault`. */
  async recover(fault: string, timeoutMs?: number): Promise<FaultTiming> {
    const timing = await timeRecovery(fault, this.api, this.cookie, this.agent, this.since, timeoutMs);
    this.faults.push(timing);
    return timing;
  }

  /**
   * Stops the agent cleanly (its queue drained), then reports losses and checks that the minute
   * rollups agree with the raw seconds and that no incident was opened by the fault.
   */
  async finish(
    scenario: string,
    allowedGaps: [number, number][] = [],
  ): Promise<Recovery & { sent: number; rejected: number; incidents: number; agentFellBehind: string[] }> {
    await waitFor(() => queueDepth(this.agent) <= 1, 120_000, "the agent's queue to drain");
    await this.agent.daemon?.stop("SIGTERM");
    const status = await this.agent.status();
    // A batch answered just before the stop is committed by then; give a slow machine a moment.
    const delivered = deliveredCount(status.queue);
    const times = (await waitFor(
      async () => {
        const stored = await this.stored();
        return stored.length >= delivered ? stored : undefined;
      },
      20_000,
      "every delivered sample to be readable",
    ).catch(() => this.stored())) as number[];
    await rollupsMatch(this.api, this.cookie, this.agent.nodeId, this.since, Date.now());
    const opened = await incidents(this.api, this.cookie, this.workspaceId);
    return {
      scenario,
      ...countLosses(times, this.agent, status.queue, allowedGaps),
      dropped: status.queue.dropped,
      sent: status.queue.sent,
      rejected: status.queue.rejected,
      incidents: opened.length,
      faults: this.faults,
      // The agent's own word on slots it could not sample (held by something on the machine).
      agentFellBehind: [...this.agent.earlierDaemons, ...(this.agent.daemon ? [this.agent.daemon] : [])]
        .flatMap((daemon) => daemon.entries())
        .filter((e) => String(e.msg).startsWith("sampling fell behind"))
        .map(
          (e) =>
            `${e.skippedSlots} slots from ${String(e.since).slice(11, 23)} (logged ${String(e.time).slice(11, 23)})`,
        ),
    };
  }

  async destroy(): Promise<void> {
    this.agent.destroy();
    await this.api.destroy();
  }
}

/** One line of the suite's / bench's report. */
export function describeRecovery(r: Recovery): string {
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  return [
    `${r.scenario}: lost ${r.missing}, doubled ${r.doubled}, holes ${r.holes}, stored ${r.stored}` +
      `${r.dropped ? `, dropped by the full queue (oldest) ${r.dropped}` : ""}`,
    ...r.faults.map(
      (f) =>
        `  ${f.fault.padEnd(40)} back at ${f.backAt}, first sample ${s(f.firstSampleMs).padStart(7)} after recovery, backlog drained ${s(f.drainedMs).padStart(7)}`,
    ),
  ].join("\n");
}

const ENROL = `mutation($input: EnrollAgentInput!) { enrollAgent(input: $input) {
  ... on EnrollAgentPayload { agentKey node { id } } ... on Error { message } } }`;
const THRESHOLDS = `mutation($input: SetNodeThresholdsInput!) { setNodeThresholds(input: $input) {
  __typename ... on Error { message } } }`;
const REPORT = `mutation($samples: [TelemetrySampleInput!]!) { reportTelemetry(samples: $samples) {
  ... on ReportTelemetryPayload { accepted detection { state incidentId } } ... on Error { code message } } }`;

/**
 * A second node of the stack's API fed by hand (not the agent): one flood second opens an
 * incident, whose event is queued as a job — to see what becomes of jobs through a fault.
 */
export async function openIncidentByHand(api: ApiProcess): Promise<{ incidentId: string }> {
  const { token, cookie } = await api.enrollmentToken();
  const enrolled = await api.gql(ENROL, {
    input: { token, hostname: "hand-fed", agentVersion: "fault-suite" },
  });
  const agentKey = enrolled.body.data?.enrollAgent?.agentKey as string | undefined;
  if (!agentKey) throw new Error(`enrolAgent failed: ${JSON.stringify(enrolled.body)}`);
  // The suite's floors are out of reach on purpose; this node gets a manual threshold instead.
  const manual = await api.gql(
    THRESHOLDS,
    {
      input: {
        nodeId: enrolled.body.data.enrollAgent.node.id,
        overrides: [{ metric: "PPS", threshold: 1000 }],
      },
    },
    { cookie },
  );
  if (!String(manual.body.data?.setNodeThresholds?.__typename).endsWith("Payload"))
    throw new Error(`setNodeThresholds failed: ${JSON.stringify(manual.body)}`);
  const flood = sample(Date.now(), 1_000_000);
  const reported = await api.gql(REPORT, { samples: [flood] }, { token: agentKey });
  const incidentId = reported.body.data?.reportTelemetry?.detection?.incidentId as string | undefined;
  if (!incidentId) throw new Error(`no incident opened: ${JSON.stringify(reported.body)}`);
  return { incidentId };
}

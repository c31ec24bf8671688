/**
 * npm run bench:e2e — flood onset → OPENED on graphql-ws, end to end: hping3 SYN floods from a
 * namespace of our own, the packaged agent at its default settings (1 s sampling unless
 * BENCH_INTERVAL_MS), the real API. Prints p50/p95 over BENCH_FLOODS (≥ 10) floods beside the
 * sampling interval. The API's floors and quiet period are lowered (BENCH_FLOOR_PPS, 3 s) so
 * hping3's floods (10k pps asked) open incidents and each resolves before the next starts. Needs root.
 */
import { loadavg } from "node:os";
import { percentiles } from "../../scripts/bench/bench-api.ts";
import { FloodLab, floodLabUnavailable } from "../test/support/flood-lab.ts";

const FLOODS = Math.max(10, Number(process.env.BENCH_FLOODS ?? 10));
const PPS = Number(process.env.BENCH_PPS ?? 10_000);
const FLOOR = process.env.BENCH_FLOOR_PPS ?? "1500";
/**
 * BENCH_API_<SETTING>=value is handed to the API as <SETTING>. The TCP and socket metrics are
 * machine-wide (/proc/net/snmp, /proc/net/tcp): on a host where other work holds thousands of
 * connections, raise their floors above it (DETECTION_FLOOR_TCP_ESTABLISHED, …), or incidents
 * open before any flood and never resolve. The interface's pps, the flood's own, opens the
 * bench's incidents either way.
 */
const API_OVERRIDES = Object.fromEntries(
  Object.entries(process.env)
    .filter(([name]) => name.startsWith("BENCH_API_"))
    .map(([name, value]) => [name.slice("BENCH_API_".length), value as string]),
);
const INTERVAL_MS = process.env.BENCH_INTERVAL_MS ? Number(process.env.BENCH_INTERVAL_MS) : undefined;

const unavailable = floodLabUnavailable();
if (unavailable) {
  console.error(`bench:e2e cannot run here: ${unavailable}`);
  process.exit(1);
}
const lab = await FloodLab.start(
  {
    DETECTION_FLOOR_PPS: FLOOR,
    DETECTION_FLOOR_TCP_PPS: FLOOR,
    DETECTION_QUIET_SECONDS: "3",
    LOG_LEVEL: "warn",
    ...API_OVERRIDES,
  },
  INTERVAL_MS ? { sampleIntervalMs: INTERVAL_MS } : {},
);
const latencies: number[] = [];
const startups: number[] = [];
/** Where the time goes, per flood: onset → the agent's sample that opened it (probe, read,
 * queue), and that sample → OPENED on graphql-ws (push, API detection, publish). */
const agentPart: number[] = [];
const apiPart: number[] = [];
const loadAtStart = loadavg()[0] as number;
try {
  await new Promise((r) => setTimeout(r, 3000)); // calm samples first
  for (let i = 0; i < FLOODS; i++) {
    const before = lab.rxPackets();
    const spawned = lab.startFlood("SYN", PPS);
    try {
      // Onset: the first flood packets on the interface (hping3's own start-up is not the agent's).
      const onset = await lab.floodOnset(before);
      startups.push(onset - spawned);
      const opened = await lab.waitEvent("OPENED", spawned, 30_000);
      latencies.push(opened.at - onset);
      const started = await startedAt(opened.incidentId);
      if (started !== undefined) {
        // The agent stamps samples with its wall clock; performance.now() is this process's.
        const sampleAt = started - performance.timeOrigin;
        agentPart.push(sampleAt - onset);
        apiPart.push(opened.at - sampleAt);
      }
      lab.stopFlood();
      await lab.waitEvent("RESOLVED", spawned, 60_000, opened.incidentId);
    } finally {
      lab.stopFlood();
    }
    await new Promise((r) => setTimeout(r, 1500));
  }
} finally {
  await lab.stop();
}
/** When the incident started: the ts of the sample that opened it (epoch ms). */
async function startedAt(id: string): Promise<number | undefined> {
  const r = await lab.api.gql(
    `query($id: ID!) { node(id: $id) { ... on Incident { startedAt } } }`,
    { id },
    { cookie: lab.cookie },
  );
  const at = r.body.data?.node?.startedAt;
  return at ? Date.parse(at) : undefined;
}

const p = percentiles(latencies);
const a = percentiles(agentPart);
const b = percentiles(apiPart);
console.log(
  `flood onset → OPENED over ${latencies.length} SYN floods of ~${PPS} pps (floor ${FLOOR} pps${
    Object.keys(API_OVERRIDES).length > 0 ? `; API ${JSON.stringify(API_OVERRIDES)}` : ""
  }), ` +
    `sampling interval ${INTERVAL_MS ?? 1000} ms${INTERVAL_MS ? "" : " (agent default)"}:\n` +
    `  p50 ${p.p50.toFixed(0)} ms   p95 ${p.p95.toFixed(0)} ms   max ${p.max.toFixed(0)} ms\n` +
    `  each: ${latencies.map((ms) => ms.toFixed(0)).join(", ")} ms ` +
    `(hping3 start-up before its first packet, not counted: p50 ${percentiles(startups).p50.toFixed(0)} ms)\n` +
    `  where it goes: onset → opening sample taken (agent) p50 ${a.p50.toFixed(0)} / p95 ${a.p95.toFixed(0)} ms; ` +
    `sample → OPENED received (push, API, publish) p50 ${b.p50.toFixed(0)} / p95 ${b.p95.toFixed(0)} ms\n` +
    `  machine load (1-min average) ${loadAtStart.toFixed(1)} at the start, ${(loadavg()[0] as number).toFixed(1)} at the end`,
);

/**
 * npm run bench:scaleout — one API process against two, side by side, both behind HAProxy running
 * deploy/haproxy.cfg (issue 21, item 4). BENCH_NODES (1,000) seeded agents send single-sample
 * reportTelemetry calls back to back over BENCH_CONNECTIONS (256) keep-alive connections for
 * BENCH_SECONDS; the balancer hashes each agent's key onto a process. Run 1: both server lines of
 * the configuration point at the same process; run 2: at two processes. Prints stored samples/s,
 * p50/p99, and who held the CPU (each API process, HAProxy, this load generator, and every
 * PostgreSQL backend on the server: on a shared server that includes others' queries).
 */
import { loadavg } from "node:os";
import { startBalancer } from "../../api/test/support/haproxy.ts";
import {
  type ApiProcess,
  backToBack,
  cpuOf,
  freePort,
  freshDatabase,
  percentiles,
  post,
  postgresCpuMeter,
  REPORT,
  type SeededAgent,
  sampleClock,
  seedAgents,
  startApis,
} from "./bench-api.ts";

const seconds = Number(process.env.BENCH_SECONDS ?? 15);
const nodes = Number(process.env.BENCH_NODES ?? 1000);
// 256: with 32, each waiting on the 10 ms write-behind flush and its commit, one process was
// ~50 % busy and the run measured the wait, not what a second process adds.
const connections = Number(process.env.BENCH_CONNECTIONS ?? 256);
const redisUrl = process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379/13";

const clock = sampleClock();
/** Single-sample calls back to back over `connections` keep-alive connections to `base`. */
const ceiling = (base: string, agents: SeededAgent[]) =>
  backToBack({
    nodes: agents,
    perCall: 1,
    concurrency: connections,
    seconds,
    clock,
    send: (node, samples) => post(base, node.token, REPORT, { samples }),
  });

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const db = await freshDatabase();
let apis: ApiProcess[] = [];
try {
  apis = await startApis(2, { DATABASE_URL: db.url, REDIS_URL: redisUrl, DATABASE_POOL_SIZE: "20" });
  const { agents } = await seedAgents(db.url, nodes);
  const address = (api: ApiProcess) => api.base.replace("http://", "");
  const rows: string[] = [];
  console.log(
    `scale-out: ${fmt(nodes)} agents, ${connections} connections sending single samples back to back for ${seconds} s, through HAProxy (deploy/haproxy.cfg)`,
  );
  console.log(
    "processes  stored/s  p50 ms  p99 ms  CPU: api1   api2  haproxy  load-gen  postgres (all)  load avg",
  );
  for (const count of [1, 2]) {
    const servers: [string, string] = [address(apis[0]!), address(apis[count - 1]!)];
    const balancer = await startBalancer(await freePort(), servers);
    try {
      await ceiling(balancer.url, agents); // warm-up: every node's detection state loaded on its process
      const before = {
        api: apis.map((a) => a.cpuSeconds()),
        lb: cpuOf(balancer.child.pid as number),
        gen: process.cpuUsage(),
        pg: postgresCpuMeter(),
      };
      const r = await ceiling(balancer.url, agents);
      const share = (cpu: number) => `${((100 * cpu) / r.elapsed).toFixed(0).padStart(4)} %`;
      const gen = process.cpuUsage(before.gen);
      const p = percentiles(r.latencies);
      const line = `${String(count).padEnd(9)}  ${fmt(r.accepted / r.elapsed).padStart(8)}  ${p.p50.toFixed(1).padStart(6)}  ${p.p99.toFixed(1).padStart(6)}  ${share(apis[0]!.cpuSeconds() - before.api[0]!).padStart(10)}  ${share(apis[1]!.cpuSeconds() - before.api[1]!)}  ${share(cpuOf(balancer.child.pid as number) - before.lb).padStart(7)}  ${share((gen.user + gen.system) / 1e6).padStart(8)}  ${share(before.pg()).padStart(14)}  ${(loadavg()[0] ?? 0).toFixed(1).padStart(8)}`;
      console.log(line);
      rows.push(line);
    } finally {
      await balancer.stop();
    }
  }
} finally {
  await Promise.all(apis.map((a) => a.stop()));
  await db.drop();
}

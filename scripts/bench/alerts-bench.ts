/**
 * npm run bench:alerts — p50/p95 from an over-threshold sample sent by an agent to each alert
 * receiver getting its request, over 100 incidents (BENCH_TRIALS), three channels per incident
 * (Slack, PagerDuty, a signed custom webhook) on loopback receivers standing in for the providers.
 * Baseline in the same run: the reportTelemetry round trip of that very sample (detection).
 * One API process on the local PostgreSQL, in-process jobs, then BullMQ on a private Redis.
 * Target: p95 < 300 ms.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import pg from "pg";
import { createSecretBox, parseSecretKey } from "../../api/src/secrets/secret-box.ts";
import {
  freePort,
  freshDatabase,
  percentiles,
  post,
  REPORT,
  sampleAt,
  seedAgents,
  startApi,
} from "./bench-api.ts";

const TRIALS = Number(process.env.BENCH_TRIALS ?? 100);
const KEY = randomBytes(32).toString("hex");
const UUID = /incidents\/([0-9a-f-]{36})/;

/** Arrival time per incident and receiver path. */
const arrivals = new Map<string, Map<string, number>>();
const receiver = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    const at = performance.now();
    const id = UUID.exec(Buffer.concat(chunks).toString())?.[1];
    const path = (req.url ?? "").split("/")[1] ?? "";
    if (id) {
      const seen = arrivals.get(id) ?? new Map<string, number>();
      if (!seen.has(path)) seen.set(path, at);
      arrivals.set(id, seen);
    }
    res.writeHead(202, { "content-type": "application/json" }).end("{}");
  });
});
await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
const base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;

async function seedChannels(url: string, workspaceId: string) {
  const box = createSecretBox(parseSecretKey(KEY));
  const client = new pg.Client(url);
  await client.connect();
  const channels: [string, string, Record<string, string>][] = [
    ["SLACK", "slack", { url: `${base}/slack/hook` }],
    ["PAGERDUTY", "pagerduty", { routingKey: "bench-routing-key" }],
    [
      "WEBHOOK",
      "webhook",
      { url: `${base}/webhook/hook`, signingSecret: `whsec_${randomBytes(32).toString("base64")}` },
    ],
  ];
  for (const [kind, name, secrets] of channels) {
    const id = randomUUID();
    const sealed = Object.fromEntries(
      Object.entries(secrets).map(([field, value]) => [
        field,
        box.seal(value, `alert-channel:${id}:${field}`),
      ]),
    );
    await client.query(
      `INSERT INTO alert_channel (id, workspace_id, name, kind, settings, secrets, updated_at)
       VALUES ($1, $2, $3, $4, '{}', $5, now())`,
      [id, workspaceId, name, kind, JSON.stringify(sealed)],
    );
  }
  await client.end();
}

async function run(label: string, env: Record<string, string>) {
  const db = await freshDatabase();
  const api = await startApi({
    DATABASE_URL: db.url,
    LEVEE_SECRET_KEY: KEY,
    ALERTS_ALLOW_PRIVATE_TARGETS: "true",
    ALERTS_PAGERDUTY_URL: `${base}/pagerduty/v2/enqueue`,
    ...env,
  });
  try {
    const { workspaceId, agents } = await seedAgents(db.url, TRIALS);
    await seedChannels(db.url, workspaceId);
    const detect: number[] = [];
    const byPath = new Map<string, number[]>();
    const t = Date.now() - 60_000;
    for (const agent of agents) {
      await post(api.base, agent.token, REPORT, { samples: [sampleAt(t, 1000)] });
      const sent = performance.now();
      const body = (await post(api.base, agent.token, REPORT, { samples: [sampleAt(t + 1000, 80_000)] })) as {
        data?: { reportTelemetry?: { detection?: { incidentId?: string } } };
      };
      detect.push(performance.now() - sent);
      const globalId = body.data?.reportTelemetry?.detection?.incidentId;
      if (!globalId) throw new Error(JSON.stringify(body));
      const incidentId = Buffer.from(globalId, "base64").toString().split(":")[1] ?? "";
      while ((arrivals.get(incidentId)?.size ?? 0) < 3) {
        if (performance.now() - sent > 10_000)
          throw new Error(`incident ${incidentId}: not every receiver within 10 s`);
        await new Promise((r) => setTimeout(r, 1));
      }
      for (const [path, at] of arrivals.get(incidentId) ?? [])
        byPath.set(path, [...(byPath.get(path) ?? []), at - sent]);
    }
    const row = (name: string, values: number[]) => {
      const p = percentiles(values);
      console.log(
        `${`${label} · ${name}`.padEnd(52)} ${String(values.length).padStart(6)}  ${p.p50.toFixed(1).padStart(6)}  ${p.p95.toFixed(1).padStart(6)}  ${p.p99.toFixed(1).padStart(6)}  ${p.max.toFixed(1).padStart(6)}`,
      );
    };
    row("baseline: sample → detection answer", detect);
    for (const [path, values] of byPath) row(`sample → ${path} receiver`, values);
    row("sample → every receiver (all)", [...byPath.values()].flat());
  } finally {
    await api.stop();
    await db.drop();
  }
}

/** A private Redis (its own port, no persistence), so the bench never meets other users' queues. */
async function privateRedis(): Promise<{ url: string; process: ChildProcess }> {
  const port = await freePort();
  const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", ""], {
    stdio: "ignore",
  });
  await new Promise((r) => setTimeout(r, 300));
  return { url: `redis://127.0.0.1:${port}`, process: child };
}

console.log(`sample sent → alert request received (ms), ${TRIALS} incidents × 3 channels, one API process`);
console.log(`${"run · measure".padEnd(52)} count     p50     p95     p99     max`);
await run("in-process jobs", {});
const redis = await privateRedis();
try {
  await run("BullMQ (Redis)", { REDIS_URL: redis.url });
} finally {
  redis.process.kill("SIGTERM");
  receiver.close();
}

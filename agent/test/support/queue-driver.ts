// A child process for the kill -9 suite: the agent's real durable queue and pusher, sending to a
// real API. With ENQUEUE=n it first appends n samples (ts = BASE_MS + i seconds); then it drains
// the queue and prints "drained <cursor JSON>". Usage: node --import tsx queue-driver.ts
import { createLogger } from "../../src/log.ts";
import type { TelemetrySample } from "../../src/sampler/sample.ts";
import { reportTelemetry } from "../../src/transport/agent-api.ts";
import { DurableQueue } from "../../src/transport/durable-queue.ts";
import { GraphQLClient } from "../../src/transport/graphql-client.ts";
import { TelemetryPusher } from "../../src/transport/telemetry-pusher.ts";

const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

export function syntheticSample(baseMs: number, i: number): TelemetrySample {
  return {
    ts: new Date(baseMs + i * 1000).toISOString(),
    interface: "eth0",
    rxPps: 100 + (i % 7),
    rxBps: 800_000,
    txPps: 90,
    txBps: 700_000,
    tcpPps: 80,
    udpPps: 15,
    icmpPps: 1,
    otherPps: 0,
    synRecv: 0,
    tcpEstablished: 12,
    tcpTotal: 20,
  };
}

const logger = createLogger({ level: "warn" });
const queue = new DurableQueue<TelemetrySample>(env("QUEUE_DIR"), { capacity: 2000, logger });
const count = Number(process.env.ENQUEUE ?? 0);
const base = Number(process.env.BASE_MS ?? 0);
for (let i = 0; i < count; i++) queue.append(syntheticSample(base, i));
process.stdout.write(`queued ${queue.depth}\n`);

const client = new GraphQLClient({
  apiUrl: env("API_URL"),
  agentKey: env("AGENT_KEY"),
  timeoutMs: 10_000,
  userAgent: "levee-agent-test",
});
const pusher = new TelemetryPusher({
  queue,
  send: async (samples) => {
    const result = await reportTelemetry(client, samples);
    process.stdout.write(
      `sent ${samples.length} accepted ${result.accepted} duplicates ${result.duplicates}\n`,
    );
    return result;
  },
  batchSize: Number(process.env.BATCH ?? 20),
  logger,
  onDetection: () => {},
});
pusher.start();
const timer = setInterval(() => {
  if (queue.depth > 0) return;
  clearInterval(timer);
  process.stdout.write(`drained ${JSON.stringify(queue.stats())}\n`);
  void pusher.stop(1000).then(() => {
    queue.close();
    process.exit(0);
  });
}, 20);

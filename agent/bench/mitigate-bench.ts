// npm run bench:mitigate — time from an incident's OPENED to the first packet dropped by the rule
// it triggered, end to end: a real API process (PostgreSQL), levee-agent running inside a victim
// network namespace (its API link is a veth to this namespace), a UDP flood from an attacker
// namespace; a THRESHOLD rule drops the flooded port. Each flood: OPENED (incident created_at) →
// the nft counter of the action's chain first > 0 (polled every 10 ms), then the flood stops,
// the incident resolves, the action is undone. Baseline in the same run: the same action applied
// directly by the executor (no API, no detection): start of apply → first drop.
// BENCH_FLOODS (10), BENCH_PPS (3000).
import { execFileSync, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { commandRunner } from "../src/firewall/command-runner.ts";
import { FirewallExecutor } from "../src/firewall/executor.ts";
import { FirewallState } from "../src/firewall/firewall-state.ts";
import { silentLogger } from "../src/log.ts";
import { AgentDaemon, agentCli } from "../test/support/agent-process.ts";
import { ApiProcess } from "../test/support/api-process.ts";
import { netnsUnavailable } from "../test/support/netns.ts";
import { NamespacePair } from "../test/support/netns-pair.ts";

const FLOODS = Number(process.env.BENCH_FLOODS ?? 10);
const PPS = Number(process.env.BENCH_PPS ?? 3000);
const PORT = 9999;

const why = netnsUnavailable();
if (why) {
  process.stdout.write(`bench:mitigate needs network namespaces: ${why}\n`);
  process.exit(0);
}

const dir = mkdtempSync(join(tmpdir(), "levee-bench-mitigate-"));
const pair = new NamespacePair();
// The agent's link to the API: a veth between this namespace and the victim's.
const tag = randomBytes(2).toString("hex");
const [rootIf, nsIf] = [`lmr${tag}`, `lmv${tag}`];
const net = `10.${100 + (Number.parseInt(tag, 16) % 40)}.${Number.parseInt(tag, 16) % 250}`;
const ip = (...args: string[]) => execFileSync("ip", args, { stdio: "pipe" });
ip("link", "add", rootIf, "type", "veth", "peer", "name", nsIf, "netns", pair.victim);
ip("addr", "add", `${net}.1/30`, "dev", rootIf);
ip("link", "set", rootIf, "up");
ip("-n", pair.victim, "addr", "add", `${net}.2/30`, "dev", nsIf);
ip("-n", pair.victim, "link", "set", nsIf, "up");

const api = await ApiProcess.create({
  HOST: "0.0.0.0",
  DETECTION_FLOOR_PPS: "500",
  DETECTION_FLOOR_UDP_PPS: "300",
  DETECTION_QUIET_SECONDS: "3",
});
const env = { LEVEE_AGENT_CONFIG: join(dir, "agent.json"), LEVEE_AGENT_STATE_DIR: join(dir, "state") };
const inVictim = ["ip", "netns", "exec", pair.victim];
let daemon: AgentDaemon | undefined;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  what: string,
  ms = 60_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out: ${what}\n${daemon?.logs().slice(-3000) ?? ""}`);
    await sleep(10);
  }
}
function dropped(chain: string): number {
  const out = spawnSync(
    "ip",
    ["netns", "exec", pair.victim, "nft", "-j", "list", "chain", "inet", "levee", chain],
    { encoding: "utf8" },
  );
  if (out.status !== 0) return 0;
  return [...out.stdout.matchAll(/"packets": (\d+)/g)].reduce((sum, m) => sum + Number(m[1]), 0);
}
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
};
const line = (label: string, values: number[]) =>
  `${label.padEnd(48)} p50 ${percentile(values, 50).toFixed(0).padStart(5)} ms   p95 ${percentile(values, 95).toFixed(0).padStart(5)} ms   (n=${values.length}, min ${Math.min(...values).toFixed(0)}, max ${Math.max(...values).toFixed(0)})`;

try {
  // Baseline: the executor alone, in the victim namespace.
  const baseline: number[] = [];
  const state = new FirewallState(join(dir, "baseline"));
  const executor = new FirewallExecutor({
    state,
    run: commandRunner({ netns: pair.victim }),
    protectedPrefixes: () => [],
    logger: silentLogger,
  });
  pair.flood(PORT, PPS);
  for (let i = 0; i < FLOODS; i++) {
    const id = `base${String(i).padStart(4, "0")}`;
    const started = performance.now();
    const report = await executor.apply(
      { id, type: "NFT_DROP_DESTINATION_PORTS", slot: 1, params: { protocol: "udp", ports: [PORT] } },
      { permanent: false, expiresAt: null },
    );
    if (!report.ok) throw new Error(`baseline apply failed: ${report.message}`);
    await until(() => (dropped(`a_${id}`) > 0 ? true : undefined), "baseline drop");
    baseline.push(performance.now() - started);
    await executor.undo(id, "requested");
  }
  pair.stopFloods();

  await api.start();
  const { token, cookie, workspaceId } = await api.enrollmentToken();
  const apiUrl = `http://${net}.1:${api.port}`;
  const enrolled = agentCli(["enroll", "--api", apiUrl, "--token", token], env, inVictim);
  if (enrolled.code !== 0) throw new Error(enrolled.stderr);
  const config = JSON.parse(readFileSync(env.LEVEE_AGENT_CONFIG, "utf8"));
  writeFileSync(
    env.LEVEE_AGENT_CONFIG,
    JSON.stringify({ ...config, interface: pair.victimIf, capture: { enabled: false } }),
    { mode: 0o600 },
  );
  const rule = await api.gql(
    `mutation($input: CreateMitigationRuleInput!) { createMitigationRule(input: $input) { __typename ... on Error { message } } }`,
    {
      input: {
        workspaceId,
        name: "drop the flooded port",
        actionType: "NFT_DROP_DESTINATION_PORTS",
        params: { protocol: "udp", ports: [PORT] },
        trigger: "THRESHOLD",
        ttlSeconds: 600,
      },
    },
    { cookie },
  );
  if (rule.body.data?.createMitigationRule?.__typename !== "MitigationRulePayload")
    throw new Error(JSON.stringify(rule.body));
  daemon = new AgentDaemon(["--log-level", "warn"], env, inVictim);
  await until(
    async () => ((await api.query("SELECT 1 FROM traffic_sample LIMIT 1")).length > 0 ? true : undefined),
    "first sample",
  );

  const endToEnd: number[] = [];
  for (let i = 0; i < FLOODS; i++) {
    pair.flood(PORT, PPS);
    const incident = await until(
      async () =>
        (
          await api.query<{ id: string; created_at: Date }>(
            "SELECT id, created_at FROM incident WHERE status = 'OPEN'",
          )
        )[0],
      "OPENED",
    );
    const action = await until(
      async () =>
        (
          await api.query<{ id: string }>("SELECT id FROM mitigation_action WHERE incident_id = $1", [
            incident.id,
          ])
        )[0],
      "action",
    );
    await until(() => (dropped(`a_${action.id}`) > 0 ? true : undefined), "first drop");
    endToEnd.push(Date.now() - incident.created_at.getTime());
    pair.stopFloods();
    await until(
      async () =>
        (await api.query("SELECT 1 FROM mitigation_action WHERE id = $1 AND state = 'UNDONE'", [action.id]))
          .length > 0
          ? true
          : undefined,
      "undo after resolution",
    );
    process.stdout.write(`flood ${i + 1}/${FLOODS}: ${endToEnd.at(-1)} ms\n`);
  }
  const events = await api.query<{ kind: string }>("SELECT kind FROM mitigation_event ORDER BY created_at");
  process.stdout.write(
    `\nbench:mitigate — ${FLOODS} UDP floods at ${PPS} pps from a peer namespace (1 s samples)\n`,
  );
  process.stdout.write(`${line("baseline: executor apply → first drop", baseline)}\n`);
  process.stdout.write(`${line("OPENED → first dropped packet (end to end)", endToEnd)}\n`);
  process.stdout.write(
    `timeline events recorded: ${events.length} (${[...new Set(events.map((e) => e.kind))].join(", ")})\n`,
  );
} finally {
  pair.stopFloods();
  await daemon?.stop();
  await api.destroy();
  spawnSync("ip", ["link", "del", rootIf], { stdio: "ignore" });
  pair.destroy();
  rmSync(dir, { recursive: true, force: true });
}

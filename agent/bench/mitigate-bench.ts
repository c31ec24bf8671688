// npm run bench:mitigate — time from an incident's OPENED to the first packet dropped by the rule
// it triggered, end to end: a real API process (PostgreSQL), levee-agent running inside a victim
// network namespace (its API link is a veth to this namespace), a UDP flood from an attacker
// namespace; a THRESHOLD rule drops the flooded port. Each flood: OPENED (incident created_at) →
// the nft counter of the action's chain first > 0 (polled every 10 ms), then the flood stops,
// the incident resolves, the action is undone. Baseline in the same run: the same action applied
// directly by the executor (no API, no detection): start of apply → first drop.
// BENCH_FLOODS (10), BENCH_PPS (3000).
import { join } from "node:path";
import { commandRunner } from "../src/firewall/command-runner.ts";
import { FirewallExecutor } from "../src/firewall/executor.ts";
import { FirewallState } from "../src/firewall/firewall-state.ts";
import { silentLogger } from "../src/log.ts";
import { MitigationLab, until } from "../test/support/mitigation-lab.ts";
import { netnsUnavailable } from "../test/support/netns.ts";

const FLOODS = Number(process.env.BENCH_FLOODS ?? 10);
const PPS = Number(process.env.BENCH_PPS ?? 3000);
const PORT = 9999;

const why = netnsUnavailable();
if (why) {
  process.stdout.write(`bench:mitigate needs network namespaces: ${why}\n`);
  process.exit(0);
}

const lab = new MitigationLab(PORT);
const { pair } = lab;

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
};
const line = (label: string, values: number[]) =>
  `${label.padEnd(48)} p50 ${percentile(values, 50).toFixed(0).padStart(5)} ms   p95 ${percentile(values, 95).toFixed(0).padStart(5)} ms   (n=${values.length}, min ${Math.min(...values).toFixed(0)}, max ${Math.max(...values).toFixed(0)})`;

try {
  // Baseline: the executor alone, in the victim namespace.
  const baseline: number[] = [];
  const state = new FirewallState(join(lab.dir, "baseline"));
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
    await until(() => (lab.dropped(id) > 0 ? true : undefined), "baseline drop");
    baseline.push(performance.now() - started);
    await executor.undo(id, "requested");
  }
  pair.stopFloods();

  await lab.start();
  const { api } = lab;
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
    await until(() => (lab.dropped(action.id) > 0 ? true : undefined), "first drop");
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
  await lab.destroy();
}

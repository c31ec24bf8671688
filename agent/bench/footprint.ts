// npm run bench:agent — CPU and RSS of `levee-agent run` as the systemd unit runs it (bundled, plain
// node, small heaps) against a real API process: 60 s of idle sampling, then 60 s while a 50k pps
// UDP flood from a network namespace is captured (ring, incident file, feature extraction); and,
// for reference, idle under tsx. BENCH_SECONDS / BENCH_PPS override the duration and rate.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AgentDaemon, agentCli, DEV_ENTRY, PACKAGED_ENTRY } from "../test/support/agent-process.ts";
import { ApiProcess, repoRoot } from "../test/support/api-process.ts";
import { netnsUnavailable, VethPair } from "../test/support/netns.ts";
import { holdHostTraffic } from "../test/support/traffic-lock.ts";
import { measure, type Usage } from "./proc-usage.ts";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const PPS = Number(process.env.BENCH_PPS ?? 50_000);
const WARMUP_MS = 5000;

const dir = mkdtempSync(join(tmpdir(), "levee-bench-"));
const env = { LEVEE_AGENT_CONFIG: join(dir, "agent.json"), LEVEE_AGENT_STATE_DIR: join(dir, "state") };
const api = await ApiProcess.create();
let veth: VethPair | undefined;
let releaseTraffic: (() => void) | undefined;
let flood: ChildProcess | undefined;
const results: { phase: string; usage: Usage; note: string }[] = [];

function configure(extra: Record<string, unknown>) {
  const config = JSON.parse(readFileSync(env.LEVEE_AGENT_CONFIG, "utf8"));
  writeFileSync(env.LEVEE_AGENT_CONFIG, JSON.stringify({ ...config, ...extra }), { mode: 0o600 });
}

async function phase(name: string, note: () => Promise<string>, entry = PACKAGED_ENTRY) {
  const daemon = new AgentDaemon(["--log-level", "warn"], env, [], entry);
  await new Promise((r) => setTimeout(r, WARMUP_MS));
  const pid = daemon.child.pid as number;
  process.stdout.write(`measuring ${name} for ${SECONDS} s (pid ${pid})…\n`);
  const usage = await measure(pid, SECONDS);
  results.push({ phase: name, usage, note: await note() });
  await daemon.stop();
}

try {
  await api.start();
  const { token } = await api.enrollmentToken();
  const enrolled = agentCli(["enroll", "--api", api.url, "--token", token], env);
  if (enrolled.code !== 0) throw new Error(enrolled.stderr);

  const bundled = spawnSync("npm", ["run", "--silent", "bundle", "-w", "@levee/agent"], {
    cwd: repoRoot,
    encoding: "utf8",
  });
  if (bundled.status !== 0) throw new Error(`bundle failed: ${bundled.stderr}`);
  await phase("idle sampling, packaged (bundle, node --max-old-space-size=48)", async () => "");
  // Baseline in the same run: the same agent without the sub-second trigger (with capture on,
  // packets wake it; an idle interface wakes nothing, so the two should differ by noise only).
  const detection = JSON.parse(readFileSync(env.LEVEE_AGENT_CONFIG, "utf8")).detection ?? {};
  configure({ detection: { ...detection, probeIntervalMs: 0 } });
  await phase("idle sampling, packaged, sub-second probe off (baseline)", async () => "");
  configure({ detection });
  await phase("idle sampling, dev (node --import tsx, for reference)", async () => "", DEV_ENTRY);

  const why = netnsUnavailable();
  if (why) process.stdout.write(`skipping the flood phase: ${why}\n`);
  else {
    releaseTraffic = await holdHostTraffic(); // see agent/test/support/traffic-lock.ts
    veth = new VethPair();
    // Pinned on the command line's environment: the node's setting (auto, as enrolled), which
    // the agent follows otherwise, would move it off the veth.
    Object.assign(env, { LEVEE_AGENT_INTERFACE: veth.host });
    const args = ["agent/test/support/udp-sender.ts", veth.hostIp, "9999", "0", "flood", String(PPS)];
    flood = spawn(
      veth.exec()[0] as string,
      [...veth.exec().slice(1), process.execPath, "--import", "tsx", ...args],
      {
        cwd: repoRoot,
        stdio: "ignore",
      },
    );
    await phase(`capturing a ${PPS / 1000}k pps UDP flood (veth, netns)`, async () => {
      const status = JSON.parse(agentCli(["status", "--json"], env).stdout);
      const [rates] = await api.query<{ pps: number }>(
        `select avg("rx_pps")::float as pps from traffic_sample where ts > now() - interval '${SECONDS} seconds'`,
      );
      const c = status.daemon?.capture ?? {};
      return `measured rx ${Math.round(rates?.pps ?? 0)} pps; capture ${c.capturing ? "on (incident)" : "ring only"}, libpcap received ${c.received} dropped ${c.dropped}`;
    }).catch((error) => process.stdout.write(`flood phase failed: ${error}\n`));
  }
} finally {
  flood?.kill("SIGKILL");
  veth?.destroy();
  releaseTraffic?.();
  await api.destroy();
  rmSync(dir, { recursive: true, force: true });
}

process.stdout.write("\nlevee-agent footprint (one core = 100 %)\n");
for (const { phase: name, usage, note } of results)
  process.stdout.write(
    `  ${name}\n    CPU ${usage.cpuPercent.toFixed(2)} %  RSS avg ${usage.rssAvgMiB.toFixed(1)} MiB, max ${usage.rssMaxMiB.toFixed(1)} MiB over ${usage.seconds} s${note ? `\n    ${note}` : ""}\n`,
  );
process.exit(0);

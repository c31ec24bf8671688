// `npm start` → stop → `npm start`, as a user runs it (the real npm script, Ctrl-C to stop), on a
// temporary data folder and free ports: the time from the second `npm start` to the local node's
// first live traffic update on graphql-ws, straight from the API and through the web origin (what
// an open dashboard shows), and to the API answering /healthz. Target: live traffic within 5 s.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { type AddressInfo, createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { firstTrafficUpdate } from "../e2e/live-traffic.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

async function freePort(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return String(port);
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 180_000): Promise<T> {
  const giveUp = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > giveUp) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface RestartTimes {
  healthMs: number;
  apiTrafficMs: number;
  webTrafficMs: number;
  /** Where the second start's time went: milestones of its output, ms after it began. */
  milestones: Record<string, number>;
  /** The API's own account of its start (phasesMs of its "Levee API listening" line). */
  apiPhasesMs: Record<string, number> | undefined;
  /** CPU the API had spent when it listened (cpuMs of that line). */
  apiCpuMs: number | undefined;
  /**
   * CPU all of the second start's processes (npm, launcher, API, agent, web) had spent when the first
   * live traffic update arrived (Linux /proc; undefined elsewhere). Unlike the wall times, this does
   * not depend on what else runs on the machine.
   */
  groupCpuMs: number | undefined;
}

/**
 * CPU time (ms) of the processes of process group `pgid`, with the children they reaped (Linux /proc).
 */
function processGroupCpuMs(pgid: number): number | undefined {
  let ticks = 0;
  try {
    for (const pid of readdirSync("/proc")) {
      if (!/^\d+$/.test(pid)) continue;
      let stat: string;
      try {
        stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      } catch {
        continue;
      }
      // Fields after "(comm)": state ppid pgrp … utime(14) stime(15) cutime(16) cstime(17), 1-based overall.
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[2]) !== pgid) continue;
      ticks += [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0);
    }
  } catch {
    return undefined;
  }
  // USER_HZ is 100 on Linux.
  return ticks * 10;
}

/** Output lines that mark a step of a start (the first line matching each). */
const MILESTONES: [string, RegExp][] = [
  ["launcher", /Levee is starting/],
  ["agent running", /levee-agent running/],
  ["API listening", /Levee API listening/],
  ["agent delivered", /telemetry delivered again/],
  ["web ready", /^web \|.*(Ready|listening)/i],
];

export async function npmStartRestart(): Promise<RestartTimes> {
  const dataDir = mkdtempSync(join(tmpdir(), "levee-bench-start-"));
  const [apiPort, webPort] = [await freePort(), await freePort()];
  const env = {
    ...process.env,
    LEVEE_DATA_DIR: dataDir,
    PORT: apiPort,
    WEB_PORT: webPort,
    HOST: "127.0.0.1",
  };
  let output = "";
  /** Lines of the second start, with when each was read. */
  let timed: { at: number; line: string }[] | undefined;
  let partial = "";
  const record = (chunk: Buffer) => {
    output += chunk;
    if (!timed) return;
    const lines = (partial + chunk.toString()).split("\n");
    partial = lines.pop() ?? "";
    for (const line of lines) timed.push({ at: Date.now(), line });
  };
  const npmStart = (): ChildProcess => {
    // Its own process group, so Ctrl-C (SIGINT to the group) reaches npm and Levee as in a terminal.
    const child = spawn("npm", ["start"], {
      cwd: root,
      env,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout?.on("data", record);
    child.stderr?.on("data", record);
    return child;
  };
  const ctrlC = (child: ChildProcess) =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once("exit", () => resolve());
      process.kill(-(child.pid as number), "SIGINT");
    });
  const api = `http://127.0.0.1:${apiPort}`;
  let child = npmStart();
  try {
    const [, email, password] = await until(
      "the first start's sign-in line",
      async () => output.match(/Sign in with e-mail (\S+) and password (\S+)/) ?? undefined,
    );
    const login = await until("sign-in", async () => {
      const answer = await fetch(`${api}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          query: "mutation($i: LoginInput!) { login(input: $i) { __typename } }",
          variables: { i: { email, password } },
        }),
      });
      return answer.ok ? answer : undefined;
    });
    const cookie =
      login.headers
        .getSetCookie()
        .find((c) => c.startsWith("levee_session="))
        ?.split(";")[0] ?? "";
    const nodeId = await until("the local node", async () => {
      const answer = await fetch(`${api}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", cookie },
        body: JSON.stringify({
          query:
            "{ workspaces(first: 1) { edges { node { nodes(first: 1) { edges { node { id status } } } } } } }",
        }),
      });
      type Answer = {
        data?: {
          workspaces: { edges: { node: { nodes: { edges: { node: { id: string; status: string } }[] } } }[] };
        };
      };
      const node = ((await answer.json()) as Answer).data?.workspaces.edges[0]?.node.nodes.edges[0]?.node;
      return node?.status === "ONLINE" ? node.id : undefined;
    });
    await firstTrafficUpdate(`ws://127.0.0.1:${webPort}/graphql`, cookie, nodeId);
    await ctrlC(child);

    const started = Date.now();
    timed = [];
    child = npmStart();
    const health = until("/healthz", async () =>
      (await fetch(`${api}/healthz`)).ok ? Date.now() : undefined,
    );
    let groupCpuMs: number | undefined;
    const second = child.pid as number;
    const onApi = firstTrafficUpdate(`ws://127.0.0.1:${apiPort}/graphql`, cookie, nodeId).then(() => {
      groupCpuMs = processGroupCpuMs(second);
      return Date.now();
    });
    const onWeb = firstTrafficUpdate(`ws://127.0.0.1:${webPort}/graphql`, cookie, nodeId).then(() =>
      Date.now(),
    );
    const [healthAt, apiAt, webAt] = await Promise.all([health, onApi, onWeb]);
    const milestones: Record<string, number> = {};
    for (const [name, pattern] of MILESTONES) {
      const seen = timed.find(({ line }) => pattern.test(line));
      if (seen) milestones[name] = seen.at - started;
    }
    const listening = timed.find(({ line }) => line.includes("Levee API listening"))?.line;
    let apiPhasesMs: Record<string, number> | undefined;
    let apiCpuMs: number | undefined;
    try {
      const line = listening ? JSON.parse(listening.slice(listening.indexOf("{"))) : undefined;
      apiPhasesMs = line?.phasesMs;
      apiCpuMs = line?.cpuMs;
    } catch {}
    return {
      healthMs: healthAt - started,
      apiTrafficMs: apiAt - started,
      webTrafficMs: webAt - started,
      milestones,
      apiPhasesMs,
      apiCpuMs,
      groupCpuMs,
    };
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${output.slice(-2000)}`);
  } finally {
    await ctrlC(child);
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(`${dataDir}-agent`, { recursive: true, force: true });
  }
}

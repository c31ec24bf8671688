import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The configuration the README documents; tests and benchmarks run this very file. */
export const haproxyConfig = join(
  dirname(fileURLToPath(import.meta.url)),
  "..",
  "..",
  "..",
  "deploy",
  "haproxy.cfg",
);

/** Why the balancer cannot run here (no haproxy binary), or null. */
export function haproxyUnavailable(): string | null {
  const probe = spawnSync("haproxy", ["-v"], { encoding: "utf8" });
  return probe.error ? "haproxy is not installed (apt-get install haproxy)" : null;
}

export interface Balancer {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts HAProxy in the foreground with deploy/haproxy.cfg, listening on 127.0.0.1:`port` and
 * balancing over `servers` (host:port, at most the two lines the file has). Resolves once every
 * server answers through it (requests without an Authorization header are spread round-robin).
 */
export async function startBalancer(port: number, servers: [string, string]): Promise<Balancer> {
  const check = spawnSync("haproxy", ["-c", "-q", "-f", haproxyConfig], {
    env: envOf(port, servers),
    encoding: "utf8",
  });
  if (check.status !== 0) throw new Error(`haproxy -c failed: ${check.stderr}${check.stdout}`);
  const child = spawn("haproxy", ["-db", "-f", haproxyConfig], {
    env: envOf(port, servers),
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk) => {
    stderr += chunk;
  });
  process.once("exit", () => child.kill("SIGKILL"));
  const url = `http://127.0.0.1:${port}`;
  const seen = new Set<string>();
  const deadline = Date.now() + 30_000;
  while (seen.size < servers.length) {
    if (child.exitCode !== null) throw new Error(`haproxy exited with ${child.exitCode}: ${stderr}`);
    if (Date.now() > deadline)
      throw new Error(`not every server answered through haproxy: ${[...seen]}; ${stderr}`);
    const served = await fetch(`${url}/healthz`).then(
      (r) => r.headers.get("x-levee-process"),
      () => null,
    );
    if (served) seen.add(served);
    else await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    child,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

function envOf(port: number, servers: [string, string]) {
  return {
    PATH: process.env.PATH ?? "/usr/sbin:/usr/bin:/sbin:/bin",
    LEVEE_LB_BIND: `127.0.0.1:${port}`,
    LEVEE_API_1: servers[0],
    LEVEE_API_2: servers[1],
  };
}

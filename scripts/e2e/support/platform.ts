// A real Levee for browser tests and benchmarks: the API (its own PostgreSQL database) and the built web app
// (web/server.ts, the same entry `npm start` uses) as child processes on free ports.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createTestDatabase, type TestDatabase } from "../../../api/test/databases.ts";
import { nodeArgs } from "../../precompile.ts";

export const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Polls `check` until it returns a value (not undefined/false) or the deadline passes. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | false>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what}: not within ${timeoutMs} ms${lastError ? ` (${String(lastError)})` : ""}`);
}

function startProcess(name: string, args: string[], cwd: string, env: Record<string, string>) {
  const child = spawn(process.execPath, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  return { name, child, output: () => output };
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill("SIGKILL"), 10_000);
    child.once("exit", () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

export interface Platform {
  apiUrl: string;
  webUrl: string;
  logs(): string;
  stop(): Promise<void>;
}

/** Builds the web app when no build exists (CI builds it before `npm test`). */
export function ensureWebBuild() {
  if (existsSync(join(root, "web", ".next", "BUILD_ID"))) return;
  const build = spawnSync(join(root, "node_modules", ".bin", "next"), ["build"], {
    cwd: join(root, "web"),
    stdio: "inherit",
  });
  if (build.status !== 0) throw new Error("next build failed");
}

export async function startPlatform(apiEnv: Record<string, string> = {}): Promise<Platform> {
  ensureWebBuild();
  const database: TestDatabase = await createTestDatabase("postgres");
  const evidenceDir = mkdtempSync(join(tmpdir(), "levee-web-e2e-evidence-"));
  const [apiPort, webPort] = [await freePort(), await freePort()];
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const webUrl = `http://127.0.0.1:${webPort}`;
  const url = database.config.kind === "postgres" ? database.config.url : "";
  // Both from their precompiled bundles (as `npm start` runs them): a tsx start costs seconds each.
  const [apiEntry, webEntry] = await Promise.all([
    nodeArgs(join(root, "api", "src", "main.ts")),
    nodeArgs(join(root, "web", "server.ts")),
  ]);
  const api = startProcess("api", apiEntry, join(root, "api"), {
    DATABASE_URL: url,
    DATABASE_POOL_SIZE: "5",
    PORT: String(apiPort),
    HOST: "127.0.0.1",
    LOG_LEVEL: "warn",
    EVIDENCE_DIR: evidenceDir,
    GRAPHIQL: "false",
    // As `npm start` does: the API's default ALLOWED_ORIGINS is the web app on WEB_PORT.
    WEB_PORT: String(webPort),
    // Links in e-mails (alerts, status page subscriptions) lead to this web app.
    PUBLIC_WEB_URL: webUrl,
    ...apiEnv,
  });
  const web = startProcess("web", webEntry, join(root, "web"), {
    NODE_ENV: "production",
    WEB_PORT: String(webPort),
    WEB_HOST: "127.0.0.1",
    LEVEE_API_URL: apiUrl,
  });
  const parts = [api, web];
  const logs = () => parts.map((p) => `--- ${p.name}\n${p.output()}`).join("\n");
  const stop = async () => {
    await Promise.all(parts.map((p) => stopProcess(p.child)));
    await database.drop();
    rmSync(evidenceDir, { recursive: true, force: true });
  };
  try {
    const answers = (u: string) =>
      fetch(u).then(
        (r) => r.status < 500,
        () => false,
      );
    await waitFor("API /healthz", () => answers(`${apiUrl}/healthz`), 300_000);
    await waitFor("web /login", () => answers(`${webUrl}/login`), 300_000);
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n${logs()}`);
  }
  return { apiUrl, webUrl, logs, stop };
}

import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createPostgresDatabase } from "@levee/api/test-postgres";
import pg from "pg";
import { nodeArgs } from "../../../scripts/precompile.ts";

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const adminUrl = process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test";
/** The API as a process, found through its package: agent code and tests never reach into API source. */
const API_ENTRY = fileURLToPath(import.meta.resolve("@levee/api/main"));

/**
 * LEVEE_TEST_PORTS ("43000-43999") keeps the ports a suite takes inside a range (a shared
 * machine where each person has their own); unset, the kernel picks any free one.
 */
const PORT_RANGE = /^(\d+)-(\d+)$/.exec(process.env.LEVEE_TEST_PORTS ?? "");
/** Database names start with LEVEE_TEST_DB_PREFIX when set (whose databases these are). */
const DB_PREFIX = process.env.LEVEE_TEST_DB_PREFIX ?? "levee_agent_t_";

export async function freePort(): Promise<number> {
  const [low, high] = PORT_RANGE ? [Number(PORT_RANGE[1]), Number(PORT_RANGE[2])] : [0, 0];
  for (let attempt = 0; ; attempt++) {
    const wanted = PORT_RANGE ? low + Math.floor(Math.random() * (high - low + 1)) : 0;
    const server = createServer();
    const listening = await new Promise<boolean>((resolve) => {
      server.once("error", () => resolve(false));
      server.listen(wanted, "127.0.0.1", () => resolve(true));
    });
    if (!listening) {
      if (attempt < 200) continue;
      throw new Error(`no free port in ${process.env.LEVEE_TEST_PORTS}`);
    }
    const { port } = server.address() as { port: number };
    await new Promise((resolve) => server.close(resolve));
    return port;
  }
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>, url = adminUrl): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Where an API process keeps its data: a fresh PostgreSQL database, or an embedded PGlite folder. */
export type ApiStorage =
  | { engine: "postgres"; url: string; dbName: string }
  | { engine: "pglite"; dataDir: string };

/**
 * The real Levee API as its own process (the `@levee/api/main` entry) on a fixed port over a fresh PostgreSQL
 * database or embedded data folder, so it can be stopped (or killed) and started again (an outage)
 * without losing what it stored.
 */
export class ApiProcess {
  readonly url: string;
  private child: ChildProcess | undefined;
  private output = "";

  private constructor(
    readonly port: number,
    readonly storage: ApiStorage,
    /** Holds the evidence folder and, embedded, the data folder (and its lock file beside it). */
    private readonly dir: string,
    private readonly env: Record<string, string>,
  ) {
    this.url = `http://127.0.0.1:${port}`;
  }

  static async create(
    env: Record<string, string> = {},
    engine: ApiStorage["engine"] = "postgres",
  ): Promise<ApiProcess> {
    const dir = mkdtempSync(join(tmpdir(), "levee-api-"));
    if (engine === "pglite")
      return new ApiProcess(await freePort(), { engine, dataDir: join(dir, "data") }, dir, env);
    const dbName = `${DB_PREFIX}${randomBytes(5).toString("hex")}`;
    await createPostgresDatabase(dbName); // a copy of a migrated template: the API's start migrates nothing
    const url = new URL(adminUrl);
    url.pathname = `/${dbName}`;
    return new ApiProcess(await freePort(), { engine, url: url.toString(), dbName }, dir, env);
  }

  /** PostgreSQL only: the database URL the process uses. */
  get databaseUrl(): string {
    if (this.storage.engine !== "postgres") throw new Error("an embedded API has no database URL");
    return this.storage.url;
  }

  /** A second API process on the same database or data folder, on another port. */
  async sibling(): Promise<ApiProcess> {
    return new ApiProcess(await freePort(), this.storage, this.dir, this.env);
  }

  get pid(): number | undefined {
    return this.child?.exitCode === null ? this.child.pid : undefined;
  }

  /**
   * Generous: the embedded engine's first start (initdb and migrations) takes a minute on a loaded
   * machine. Started once `/healthz` answers 200, or (`until: "listening"`, for a start on troubled
   * services, /healthz 503) once the process logged that it listens: LOG_LEVEL info or lower.
   */
  async start(timeoutMs = 240_000, until: "healthy" | "listening" = "healthy"): Promise<void> {
    // Its precompiled bundle (rebuilt when a source changed): a start under the tsx loader costs
    // seconds to a minute on a loaded machine, and the suites start APIs many times.
    this.child = spawn(process.execPath, await nodeArgs(API_ENTRY), {
      cwd: repoRoot,
      env: {
        ...process.env,
        ...(this.storage.engine === "postgres"
          ? { DATABASE_URL: this.storage.url }
          : { DATABASE_URL: "", LEVEE_DATA_DIR: this.storage.dataDir }),
        EVIDENCE_DIR: join(this.dir, "evidence"),
        PORT: String(this.port),
        HOST: "127.0.0.1",
        LOG_LEVEL: "warn",
        GRAPHIQL: "false",
        LEVEE_BOOTSTRAP_EMAIL: "bootstrap@example.com",
        LEVEE_BOOTSTRAP_PASSWORD: "bootstrap-password-long",
        ...this.env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.child.stdout?.on("data", (d) => (this.output += d));
    this.child.stderr?.on("data", (d) => (this.output += d));
    const started = Date.now();
    while (Date.now() - started < timeoutMs) {
      if (this.child.exitCode !== null) throw new Error(`API exited ${this.child.exitCode}: ${this.output}`);
      const ok =
        until === "listening"
          ? this.output.includes('"msg":"Levee API listening"')
          : await fetch(`${this.url}/healthz`).then(
              (r) => r.status === 200,
              () => false,
            );
      if (ok) return;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`API did not start within ${timeoutMs} ms: ${this.output}`);
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    // The API stops within its own 15 s deadline; never leave it running past a suite.
    const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
    await exited;
    clearTimeout(timer);
  }

  /** Kills the process without letting it stop (SIGKILL by default) and waits until it is gone. */
  async kill(signal: NodeJS.Signals = "SIGKILL"): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill(signal);
    await exited;
  }

  logs(): string {
    return this.output;
  }

  query<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
    return admin((c) => c.query<T>(sql, params).then((r) => r.rows), this.databaseUrl);
  }

  async destroy(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
    const { storage } = this;
    if (storage.engine === "postgres")
      await admin((c) => c.query(`DROP DATABASE IF EXISTS ${storage.dbName} WITH (FORCE)`));
  }

  /** One GraphQL call over HTTP, as a session cookie or bearer key. */
  async gql(
    query: string,
    variables: Record<string, unknown> = {},
    auth: { cookie?: string; token?: string } = {},
  ) {
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (auth.cookie) headers.cookie = `levee_session=${auth.cookie}`;
    if (auth.token) headers.authorization = `Bearer ${auth.token}`;
    const response = await postOnce(`${this.url}/graphql`, headers, JSON.stringify({ query, variables }));
    const body = JSON.parse(response.text) as { data?: any; errors?: unknown[] };
    return { body, cookies: response.cookies };
  }

  /** Signs up an owner, creates a workspace and returns a one-time enrolment token. */
  async enrollmentToken(): Promise<{ token: string; cookie: string; workspaceId: string }> {
    const email = `owner-${randomBytes(4).toString("hex")}@example.com`;
    const signup = await this.gql(
      `mutation($input: SignupInput!) { signup(input: $input) { __typename ... on Error { message } } }`,
      { input: { email, name: "Owner", password: "tidal-gate-keeps-floods-out" } },
    );
    const cookie = signup.cookies
      .find((c) => c.startsWith("levee_session="))
      ?.split(";")[0]
      ?.slice(14);
    if (!cookie) throw new Error(`signup failed: ${JSON.stringify(signup.body)}`);
    const ws = await this.gql(
      `mutation($input: CreateWorkspaceInput!) { createWorkspace(input: $input) {
        __typename ... on WorkspacePayload { workspace { id } } ... on Error { message } } }`,
      { input: { name: "Agents", slug: `agents-${randomBytes(3).toString("hex")}` } },
      { cookie },
    );
    const workspaceId = ws.body.data?.createWorkspace?.workspace?.id;
    const minted = await this.gql(
      `mutation($input: CreateEnrollmentTokenInput!) { createEnrollmentToken(input: $input) {
        __typename ... on CreateEnrollmentTokenPayload { token } ... on Error { message } } }`,
      { input: { workspaceId } },
      { cookie },
    );
    const token = minted.body.data?.createEnrollmentToken?.token;
    if (!token) throw new Error(`no enrolment token: ${JSON.stringify(minted.body)}`);
    return { token, cookie, workspaceId };
  }
}

/**
 * A POST on a connection of its own. fetch() reuses idle keep-alive connections; a test that
 * blocks its event loop (spawnSync of the CLI) for longer than the server's 5 s keep-alive would
 * then send on a connection the server already closed, and the POST fails at random.
 */
function postOnce(url: string, headers: Record<string, string>, body: string) {
  return new Promise<{ status: number; text: string; cookies: string[] }>((resolve, reject) => {
    const request = httpRequest(url, { method: "POST", headers, agent: false }, (response) => {
      let text = "";
      response.setEncoding("utf8");
      response.on("data", (chunk) => (text += chunk));
      response.on("end", () =>
        resolve({ status: response.statusCode ?? 0, text, cookies: response.headers["set-cookie"] ?? [] }),
      );
      response.on("error", reject);
      // Cut off mid-answer (the API killed): no "end", only "close".
      response.on("close", () => {
        if (!response.complete) reject(new Error(`${url}: connection closed before the answer ended`));
      });
    });
    request.on("error", reject);
    request.end(body);
  });
}

/** Polls `check` until it returns a truthy value or the time runs out. */
export async function waitFor<T>(check: () => Promise<T> | T, timeoutMs: number, what: string): Promise<T> {
  const started = Date.now();
  let last: unknown;
  while (Date.now() - started < timeoutMs) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${last}` : ""}`);
}

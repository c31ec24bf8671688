import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before } from "node:test";
import { type Config, loadConfig } from "../src/config.ts";
import { createLogger } from "../src/logging/logger.ts";
import { createServer, type LeveeServer } from "../src/server.ts";
import { createTestDatabase, type Engine, type TestDatabase } from "./databases.ts";

export interface GqlResult<T = Record<string, any>> {
  status: number;
  data: T;
  errors?: { message: string; extensions?: { code?: string; fieldErrors?: unknown } }[];
  cookies: string[];
}

export interface Caller {
  /** Bearer token, or a session token sent as the levee_session cookie. */
  token?: string;
  cookie?: string;
}

export interface TestApi {
  server: LeveeServer;
  config: Config;
  gql<T = Record<string, any>>(
    query: string,
    variables?: Record<string, unknown>,
    caller?: Caller,
  ): Promise<GqlResult<T>>;
  /** Signs up a fresh user and returns the session cookie. */
  signup(email: string, name?: string): Promise<Caller & { userId: string }>;
}

export const PASSWORD = "tidal-gate-keeps-floods-out";

/** A real API (real database of the given engine, in-process or Redis jobs) for one suite. */
export function useTestApi(engine: Engine, env: Record<string, string> = {}): TestApi {
  let testDb: TestDatabase;
  let evidenceDir: string | undefined;
  const api = {} as TestApi;
  before(async () => {
    testDb = await createTestDatabase(engine);
    evidenceDir = await mkdtemp(join(tmpdir(), "levee-test-evidence-"));
    const config = loadConfig({ EVIDENCE_DIR: evidenceDir, ...env, LOG_LEVEL: "silent" });
    config.database = testDb.config;
    api.config = config;
    api.server = await createServer(config, {
      logger: createLogger("silent"),
      database: await testDb.open(),
    });
  });
  after(async () => {
    await api.server?.close(2000);
    const { database } = api.server?.services ?? {};
    await database?.close();
    await testDb?.drop();
    if (evidenceDir) await rm(evidenceDir, { recursive: true, force: true });
  });
  return withClient(api);
}

/**
 * Adds `gql` and `signup` to an API whose `server` may be replaced (a restart): every call
 * goes to the server set at the time of the call.
 */
export function withClient(api: TestApi): TestApi {
  api.gql = async (query, variables, caller = {}) => {
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (caller.token) headers.authorization = `Bearer ${caller.token}`;
    if (caller.cookie) headers.cookie = `levee_session=${caller.cookie}`;
    const response = await api.server.yoga.fetch("http://levee.test/graphql", {
      method: "POST",
      headers,
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data: any; errors?: GqlResult["errors"] };
    return {
      status: response.status,
      data: body.data,
      errors: body.errors,
      cookies: response.headers.getSetCookie(),
    };
  };
  api.signup = async (email, name = "Tester") => {
    const result = await api.gql(
      `mutation($input: SignupInput!) { signup(input: $input) { __typename ... on SessionPayload { user { id } } ... on Error { message } } }`,
      { input: { email, name, password: PASSWORD } },
    );
    if (result.data?.signup?.__typename !== "SessionPayload")
      throw new Error(`signup failed: ${JSON.stringify(result)}`);
    return { cookie: sessionCookieOf(result.cookies), userId: result.data.signup.user.id };
  };
  return api;
}

export function sessionCookieOf(cookies: string[]): string {
  const cookie = cookies.find((c) => c.startsWith("levee_session="));
  if (!cookie) throw new Error("no session cookie set");
  return cookie.split(";")[0]?.slice("levee_session=".length) ?? "";
}

/** Creates a workspace as the caller and returns its global ID. */
export async function createWorkspace(
  api: TestApi,
  caller: Caller,
  slug: string,
  parentWorkspaceId?: string,
) {
  const result = await api.gql(
    `mutation($input: CreateWorkspaceInput!) { createWorkspace(input: $input) {
       __typename ... on WorkspacePayload { workspace { id slug } } ... on Error { code message } } }`,
    { input: { name: slug.toUpperCase(), slug, parentWorkspaceId } },
    caller,
  );
  if (result.data?.createWorkspace?.__typename !== "WorkspacePayload")
    throw new Error(JSON.stringify(result));
  return result.data.createWorkspace.workspace.id as string;
}

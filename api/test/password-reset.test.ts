// "Forgot password" end to end on both engines, with a real SMTP server (smtp-server on loopback):
// the neutral answer, the mailed link, the reset (once), the tokens it refuses, the sessions it
// ends, its limits and its audit entry; and a server without a mail sender saying so.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { RESETS_PER_ACCOUNT, RESETS_PER_ADDRESS } from "../src/services.ts";
import { type Mail, readable, startSmtp, tokenIn, waitFor } from "./alert-receivers.ts";
import { engines } from "./databases.ts";
import { errorCode, mutate, rawId } from "./fixtures.ts";
import { createWorkspace, PASSWORD, sessionCookieOf, type TestApi, useTestApi } from "./harness.ts";
import { rawSubscription, subscriptionsLive } from "./ws-client.ts";

let smtp: Awaited<ReturnType<typeof startSmtp>>;
const env: Record<string, string> = {};
before(async () => {
  smtp = await startSmtp();
  Object.assign(env, {
    PUBLIC_WEB_URL: "https://levee.example",
    SMTP_URL: smtp.url,
    SMTP_FROM: "Levee <accounts@levee.example>",
  });
});
after(() => smtp.close());

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const NEW_PASSWORD = "storm-drains-hold-the-surge";
const ME = "{ me { email } }";
const REQUEST = "... on RequestPasswordResetPayload { accepted }";
const RESET = `... on ResetPasswordPayload { sessionsEnded }
  ... on ValidationError { fieldErrors { path message } }`;

const requestReset = (api: TestApi, email: string) =>
  mutate(api, {}, "requestPasswordReset", { email }, REQUEST);
const reset = (api: TestApi, token: string, password = NEW_PASSWORD) =>
  mutate(api, {}, "resetPassword", { token, password }, RESET);
const login = (api: TestApi, email: string, password: string) =>
  mutate(api, {}, "login", { email, password }, "... on SessionPayload { expiresAt }");

for (const engine of engines) {
  describe(`password reset on ${engine}`, () => {
    const api = useTestApi(engine, env);
    const mailsTo = (address: string) => smtp.mails.filter((m) => m.to.includes(address));
    /** The next reset e-mail to `address` after the `seen` it had. */
    const nextMail = (address: string, seen: number) =>
      waitFor(`a reset e-mail to ${address}`, () => mailsTo(address)[seen], 15_000);
    const tokenOf = (mail: Mail) => tokenIn(mail, "reset-password") as string;
    let listening: Promise<string> | undefined;
    /** The API on a loopback port (once per suite), for what goes over real HTTP. */
    const base = () => {
      listening ??= api.server.listen(0, "127.0.0.1").then(({ port }) => `http://127.0.0.1:${port}`);
      return listening;
    };

    it("answers an unknown address as a known one, and mails only the known one a working link", async () => {
      const email = `ada-${engine}@example.com`;
      await api.signup(email);
      const unknown = `nobody-${engine}@example.com`;
      const answers = [await requestReset(api, unknown), await requestReset(api, email.toUpperCase())];
      for (const answer of answers)
        assert.deepEqual(answer.payload, { __typename: "RequestPasswordResetPayload", accepted: true });
      const mail = await nextMail(email, 0);
      const text = readable(mail);
      assert.match(text, /Subject: Reset your Levee password/);
      assert.match(text, /Content-Type: text\/plain/);
      assert.match(text, /Content-Type: text\/html/);
      assert.match(text, /once, for one hour/);
      assert.match(text, /ignore this e-mail: your password stays as it is/);
      const token = tokenOf(mail);
      assert.match(text, new RegExp(`https://levee\\.example/reset-password\\?token=${token}`));
      // Stored as its sha256 only; the unknown address got nothing, and no row.
      const { prisma } = api.server.services.database;
      const rows = await prisma.passwordReset.findMany();
      assert.deepEqual(
        rows.map((r) => r.tokenHash),
        [sha256(token)],
      );
      assert.ok(rows[0] && rows[0].expiresAt.getTime() - Date.now() > 59 * 60_000);
      assert.ok(rows[0] && rows[0].expiresAt.getTime() - Date.now() <= 60 * 60_000);
      assert.equal(mailsTo(unknown).length, 0);
    });

    it("resets once: checks the password's rules, ends every session, signs nobody in, audits without secrets", async () => {
      const email = `grace-${engine}@example.com`;
      const first = await api.signup(email);
      const second = sessionCookieOf((await login(api, email, PASSWORD)).cookies);
      await requestReset(api, email);
      const token = tokenOf(await nextMail(email, 0));
      // Sign-up's rules, on the input's field; the link still works after a refused password.
      const weak = await reset(api, token, "short");
      assert.equal(weak.payload?.__typename, "ValidationError");
      assert.ok(weak.payload?.fieldErrors.length > 0);
      assert.ok(weak.payload?.fieldErrors.every((e: { path: string }) => e.path === "input.password"));
      const done = await reset(api, token);
      assert.deepEqual(done.payload, { __typename: "ResetPasswordPayload", sessionsEnded: 2 });
      assert.deepEqual(done.cookies, [], "nobody is signed in");
      for (const cookie of [first.cookie, second])
        assert.equal((await api.gql(ME, {}, { cookie })).data.me, null, "every session ended");
      assert.equal(errorCode(await login(api, email, PASSWORD)), "UNAUTHENTICATED");
      assert.equal((await login(api, email, NEW_PASSWORD)).payload?.__typename, "SessionPayload");
      // Single use.
      const again = await reset(api, token, "another-fine-passphrase");
      assert.deepEqual(again.payload?.fieldErrors, [
        {
          path: "input.token",
          message: "This reset link is invalid, expired or already used: ask for a new one",
        },
      ]);
      const { prisma } = api.server.services.database;
      const entries = await prisma.auditLog.findMany({ where: { action: "user.reset-password" } });
      assert.equal(entries.length, 1);
      assert.equal(entries[0]?.targetId, rawId(first.userId));
      assert.deepEqual(entries[0]?.summary, { sessionsEnded: 2 });
      assert.equal(entries[0]?.actorLabel, email);
      const written = JSON.stringify(entries);
      for (const secret of [token, sha256(token), NEW_PASSWORD, "short"])
        assert.ok(!written.includes(secret), "no token nor password in the audit log");
    });

    it("refuses unknown, expired and voided tokens", async () => {
      const email = `linus-${engine}@example.com`;
      await api.signup(email);
      assert.equal((await reset(api, "no-such-token")).payload?.fieldErrors?.[0]?.path, "input.token");
      await requestReset(api, email);
      const voided = tokenOf(await nextMail(email, 0));
      await requestReset(api, email);
      const current = tokenOf(await nextMail(email, 1));
      assert.notEqual(voided, current);
      assert.equal((await reset(api, voided)).payload?.fieldErrors?.[0]?.path, "input.token", "voided");
      const { prisma } = api.server.services.database;
      await prisma.passwordReset.updateMany({
        where: { tokenHash: sha256(current) },
        data: { expiresAt: new Date(Date.now() - 1000) },
      });
      assert.equal((await reset(api, current)).payload?.fieldErrors?.[0]?.path, "input.token", "expired");
      assert.equal((await login(api, email, PASSWORD)).payload?.__typename, "SessionPayload", "unchanged");
    });

    it("voids a pending link when the password is changed (an old link would undo the change)", async () => {
      const email = `ada-${engine}@example.com`;
      const me = await api.signup(email);
      await requestReset(api, email);
      const pending = tokenOf(await nextMail(email, 0));
      const changed = await mutate(
        api,
        { cookie: me.cookie },
        "changePassword",
        { currentPassword: PASSWORD, newPassword: NEW_PASSWORD },
        "... on ChangePasswordPayload { otherSessionsEnded }",
      );
      assert.equal(changed.payload?.__typename, "ChangePasswordPayload", JSON.stringify(changed));
      assert.equal(
        (await reset(api, pending, "another-storm-surge-wall")).payload?.fieldErrors?.[0]?.path,
        "input.token",
      );
      assert.equal((await login(api, email, NEW_PASSWORD)).payload?.__typename, "SessionPayload");
    });

    it("closes the account's live subscriptions at once (graphql-ws 4403)", async () => {
      const email = `live-${engine}@example.com`;
      const user = await api.signup(email);
      const workspaceId = await createWorkspace(api, user, `live-${engine}`);
      const { socket, closed } = await rawSubscription(
        `${(await base()).replace("http", "ws")}/graphql`,
        `Bearer ${user.cookie}`,
        {
          query: "subscription($w: ID!) { nodeEvents(workspaceId: $w) { kind } }",
          variables: { w: workspaceId },
        },
      );
      try {
        await subscriptionsLive(await base(), 1);
        await requestReset(api, email);
        assert.equal((await reset(api, tokenOf(await nextMail(email, 0)))).payload?.sessionsEnded, 1);
        // Bounded: without the announcement a quiet subscription stays open until its next event.
        const giveUp = new AbortController();
        const code = await Promise.race([
          closed,
          sleep(10_000, "still open 10 s after the reset", { signal: giveUp.signal }),
        ]).finally(() => giveUp.abort());
        assert.equal(code, 4403);
      } finally {
        socket.terminate();
      }
    });

    it(`limits requests per address asked for (${RESETS_PER_ACCOUNT} an hour), whoever asks`, async () => {
      const codes: (string | undefined)[] = [];
      for (let i = 0; i <= RESETS_PER_ACCOUNT; i++)
        codes.push(errorCode(await requestReset(api, "flood@example.com")));
      assert.deepEqual(codes.slice(0, RESETS_PER_ACCOUNT), Array(RESETS_PER_ACCOUNT).fill(undefined));
      assert.equal(codes.at(-1), "RATE_LIMITED");
    });

    it(`limits requests per client address (${RESETS_PER_ADDRESS} per 15 minutes) over HTTP`, async () => {
      const codes: string[] = [];
      for (let i = 0; i <= RESETS_PER_ADDRESS; i++) {
        const response = await fetch(`${await base()}/graphql`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({
            query: `mutation($input: RequestPasswordResetInput!) { requestPasswordReset(input: $input) { __typename ... on Error { code } } }`,
            variables: { input: { email: `walker-${i}@example.com` } },
          }),
        });
        const body = (await response.json()) as {
          data: { requestPasswordReset: { __typename: string; code?: string } };
        };
        codes.push(body.data.requestPasswordReset.code ?? body.data.requestPasswordReset.__typename);
      }
      assert.deepEqual(
        codes.slice(0, RESETS_PER_ADDRESS),
        Array(RESETS_PER_ADDRESS).fill("RequestPasswordResetPayload"),
      );
      assert.equal(codes.at(-1), "RATE_LIMITED");
    });
  });
}

describe("password reset on a server that cannot send e-mail", () => {
  const api = useTestApi("pglite");
  it("says so, and to ask the administrator, for any address", async () => {
    await api.signup("stuck@example.com");
    for (const email of ["stuck@example.com", "nobody@example.com"]) {
      const answer = await requestReset(api, email);
      assert.equal(errorCode(answer), "UNAVAILABLE");
      assert.match(answer.payload?.message, /cannot send e-mail.*ask your administrator/);
    }
    assert.equal(await api.server.services.database.prisma.passwordReset.count(), 0);
  });
});

describe("password reset with SMTP_URL but no LEVEE_SECRET_KEY (it seals the address in the mail job), postgres", () => {
  const keyless: Record<string, string> = {};
  // As on PostgreSQL (where the key is the operator's to set); the suite's database is still its own.
  before(() =>
    Object.assign(keyless, env, { LEVEE_SECRET_KEY: "", DATABASE_URL: "postgres://127.0.0.1:5432/unused" }),
  );
  const api = useTestApi("postgres", keyless);
  it("says the server is not set up to mail reset links, and to ask the administrator", async () => {
    assert.equal(api.server.services.secrets.available, false);
    const answer = await requestReset(api, "keyless@example.com");
    assert.equal(errorCode(answer), "UNAVAILABLE");
    assert.match(answer.payload?.message, /not set up to mail reset links.*ask your administrator/);
  });
});

describe("the administrator's reset link (npm run user:reset-password), postgres", () => {
  const api = useTestApi("postgres", { PUBLIC_WEB_URL: "https://levee.example" });
  const script = fileURLToPath(new URL("../scripts/reset-password.ts", import.meta.url));
  const run = (...args: string[]) => {
    const { database } = api.config;
    assert.equal(database.kind, "postgres");
    return promisify(execFile)(process.execPath, ["--import", "tsx", script, ...args], {
      env: {
        ...process.env,
        DATABASE_URL: database.kind === "postgres" ? database.url : "",
        PUBLIC_WEB_URL: "https://levee.example",
        LOG_LEVEL: "silent",
      },
    }).then(
      ({ stdout }) => ({ code: 0, stdout, stderr: "" }),
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
  };

  it("prints a working single-use link for an account, and says so for an unknown address", async () => {
    const email = "locked-out@example.com";
    const session = await api.signup(email);
    const unknown = await run("--email", "nobody@example.com");
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /No account uses nobody@example\.com/);
    const made = await run("--email", "Locked-Out@Example.com");
    assert.equal(made.code, 0, made.stderr);
    const token = /https:\/\/levee\.example\/reset-password\?token=([A-Za-z0-9_-]{43})/.exec(
      made.stdout,
    )?.[1];
    assert.ok(token, made.stdout);
    assert.deepEqual((await reset(api, token)).payload, {
      __typename: "ResetPasswordPayload",
      sessionsEnded: 1,
    });
    assert.equal((await api.gql(ME, {}, session)).data.me, null);
    assert.equal((await reset(api, token)).payload?.fieldErrors?.[0]?.path, "input.token", "single use");
    const { prisma } = api.server.services.database;
    const issued = await prisma.auditLog.findMany({ where: { action: "user.issue-reset-link" } });
    assert.equal(issued.length, 1);
    assert.ok(!JSON.stringify(issued).includes(token));
  });
});

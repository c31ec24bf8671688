// A workspace's own SMTP relay (setWorkspaceMailServer): its alert e-mails and invitations leave
// through it with its sender address, its customers' too unless they have their own, and everyone
// else's through SMTP_URL. Three real SMTP servers (smtp-server on loopback) receive them.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { mailServerProblems, passwordKept } from "../src/alerts/mail-server.ts";
import { startSmtp, waitFor } from "./alert-receivers.ts";
import { createTenant, invite, mutate, rawId, type Tenant } from "./fixtures.ts";
import { type Caller, createWorkspace, useTestApi } from "./harness.ts";

let platform: Awaited<ReturnType<typeof startSmtp>>;
let msp: Awaited<ReturnType<typeof startSmtp>>;
const env: Record<string, string> = {};
before(async () => {
  platform = await startSmtp();
  msp = await startSmtp();
  Object.assign(env, {
    ALERTS_ALLOW_PRIVATE_TARGETS: "true",
    ALERTS_TIMEOUT_MS: "8000",
    SMTP_URL: platform.url,
    SMTP_FROM: "Levee <alerts@levee.example>",
  });
});
after(async () => {
  await platform.close();
  await msp.close();
});

const SERVER = `... on WorkspaceMailServerPayload { workspace { mailRoute
  mailServer { host port security username passwordSet fromAddress } } }
  ... on ValidationError { fieldErrors { path message } }`;

describe("a workspace's own mail server", () => {
  const api = useTestApi("pglite", env);
  let tenant: Tenant;
  let other: Tenant;
  let customerId: string;
  const port = () => Number(new URL(msp.url).port);
  const set = (caller: Caller, input: Record<string, unknown>) =>
    mutate(api, caller, "setWorkspaceMailServer", { workspaceId: tenant.workspaceId, ...input }, SERVER);
  const emailChannel = async (caller: Caller, workspaceId: string, to: string) => {
    const created = await mutate(
      api,
      caller,
      "createAlertChannel",
      { workspaceId, kind: "EMAIL", name: `mail to ${to}`, settings: { emails: [to] } },
      "... on AlertChannelPayload { channel { id } }",
    );
    assert.equal(created.payload?.__typename, "AlertChannelPayload", JSON.stringify(created));
    return created.payload?.channel.id as string;
  };
  const test = async (caller: Caller, channelId: string) => {
    const sent = await mutate(
      api,
      caller,
      "testAlertChannel",
      { channelId },
      "... on TestAlertChannelPayload { ok error }",
    );
    assert.equal(sent.payload?.ok, true, JSON.stringify(sent));
  };

  before(async () => {
    tenant = await createTenant(api, "relay");
    other = await createTenant(api, "platform-mail");
    customerId = await createWorkspace(api, tenant.owner, "relay-customer", tenant.workspaceId);
  });

  it("sends the workspace's and its customers' e-mail through its relay, others' through SMTP_URL", async () => {
    const done = await set(tenant.owner, {
      host: "127.0.0.1",
      port: port(),
      security: "NONE",
      fromAddress: "noc@msp.example",
    });
    assert.deepEqual(done.payload?.workspace, {
      mailRoute: "WORKSPACE",
      mailServer: {
        host: "127.0.0.1",
        port: port(),
        security: "NONE",
        username: null,
        passwordSet: false,
        fromAddress: "noc@msp.example",
      },
    });
    await test(tenant.owner, await emailChannel(tenant.owner, tenant.workspaceId, "ops@msp.example"));
    const own = await waitFor("the MSP's relay", () =>
      msp.mails.find((m) => m.to.includes("ops@msp.example")),
    );
    assert.equal(own.from, "noc@msp.example");
    assert.match(own.raw, /^From: .*<noc@msp\.example>/m);
    // A customer without a relay of its own uses its MSP's.
    await test(tenant.owner, await emailChannel(tenant.owner, customerId, "cust@msp.example"));
    await waitFor("the customer's mail on the MSP's relay", () =>
      msp.mails.find((m) => m.to.includes("cust@msp.example")),
    );
    const route = await api.gql(
      `query($id: ID!) { node(id: $id) { ... on Workspace { mailRoute mailServer { host } } } }`,
      { id: customerId },
      tenant.owner,
    );
    assert.deepEqual(route.data?.node, { mailRoute: "PARENT", mailServer: null });
    // Another tenant: the platform's relay, as before.
    await test(other.owner, await emailChannel(other.owner, other.workspaceId, "ops@other.example"));
    const elsewhere = await waitFor("SMTP_URL", () =>
      platform.mails.find((m) => m.to.includes("ops@other.example")),
    );
    assert.equal(elsewhere.from, "alerts@levee.example");
    assert.equal(msp.mails.filter((m) => m.to.includes("ops@other.example")).length, 0);
    // An invitation from the workspace leaves through its relay too.
    await invite(api, tenant.owner, tenant.workspaceId, "new-engineer@msp.example", "ANALYST");
    const invitation = await waitFor("the invitation on the MSP's relay", () =>
      msp.mails.find((m) => m.to.includes("new-engineer@msp.example")),
    );
    assert.equal(invitation.from, "noc@msp.example");
  });

  it("seals the password, never returns it, keeps it when left out for the same server only", async () => {
    const withPassword = await set(tenant.owner, {
      host: "127.0.0.1",
      port: port(),
      security: "STARTTLS",
      username: "noc",
      password: "s3cret-relay-pass",
      fromAddress: "noc@msp.example",
    });
    assert.equal(withPassword.payload?.workspace.mailServer.passwordSet, true, JSON.stringify(withPassword));
    assert.doesNotMatch(JSON.stringify(withPassword), /s3cret-relay-pass/);
    const { prisma } = api.server.services.database;
    const row = await prisma.workspaceMailServer.findUniqueOrThrow({
      where: { workspaceId: rawId(tenant.workspaceId) },
    });
    assert.ok(row.passwordSealed?.startsWith("lv1."), "sealed at rest");
    assert.ok(!row.passwordSealed?.includes("s3cret"));
    const audit = await prisma.auditLog.findMany({ where: { action: "alert.mail-server.set" } });
    assert.doesNotMatch(JSON.stringify(audit), /s3cret-relay-pass/);
    const kept = await set(tenant.owner, {
      host: "127.0.0.1",
      port: port(),
      security: "STARTTLS",
      username: "noc",
      fromAddress: "ops@msp.example",
    });
    assert.equal(kept.payload?.workspace.mailServer.passwordSet, true, "left out, same server: kept");
    // Another host with the same user and no password: the stored one is not handed to it.
    const moved = await set(tenant.owner, {
      host: "localhost",
      port: port(),
      security: "STARTTLS",
      username: "noc",
      fromAddress: "ops@msp.example",
    });
    assert.equal(moved.payload?.workspace.mailServer.passwordSet, false, JSON.stringify(moved));
    // Over a plain connection a password is refused, with nothing changed.
    const plain = await set(tenant.owner, {
      host: "127.0.0.1",
      port: port(),
      security: "NONE",
      username: "noc",
      password: "s3cret-relay-pass",
      fromAddress: "noc@msp.example",
    });
    assert.equal(plain.payload?.code, "BAD_USER_INPUT", JSON.stringify(plain));
    assert.match(JSON.stringify(plain.payload), /only over TLS or STARTTLS/);
    // Back as the first test had it: no user name, no password.
    const none = await set(tenant.owner, {
      host: "127.0.0.1",
      port: port(),
      security: "NONE",
      username: null,
      fromAddress: "noc@msp.example",
    });
    assert.equal(none.payload?.workspace.mailServer.passwordSet, false, JSON.stringify(none));
  });

  it("refuses bad input on its fields and callers without alert:manage", async () => {
    const bad = await set(tenant.owner, {
      host: "not a host",
      port: 0,
      security: "TLS",
      fromAddress: "nope",
    });
    assert.equal(bad.payload?.code, "BAD_USER_INPUT");
    const paths = (bad.payload?.fieldErrors ?? []).map((e: { path: string }) => e.path).sort();
    assert.deepEqual(paths, ["input.fromAddress", "input.host", "input.port"], JSON.stringify(bad));
    const analyst = await set(tenant.member, {
      host: "127.0.0.1",
      port: port(),
      security: "NONE",
      fromAddress: "x@msp.example",
    });
    assert.equal(analyst.payload?.code, "FORBIDDEN", JSON.stringify(analyst));
    const outsider = await mutate(
      api,
      other.owner,
      "clearWorkspaceMailServer",
      { workspaceId: tenant.workspaceId },
      SERVER,
    );
    assert.equal(outsider.payload?.code, "NOT_FOUND", JSON.stringify(outsider));
  });

  it("once cleared, the workspace's e-mail goes through SMTP_URL again", async () => {
    const cleared = await mutate(
      api,
      tenant.owner,
      "clearWorkspaceMailServer",
      { workspaceId: tenant.workspaceId },
      SERVER,
    );
    assert.deepEqual(cleared.payload?.workspace, { mailRoute: "PLATFORM", mailServer: null });
    await test(tenant.owner, await emailChannel(tenant.owner, tenant.workspaceId, "after@msp.example"));
    await waitFor("SMTP_URL again", () => platform.mails.find((m) => m.to.includes("after@msp.example")));
  });
});

describe("a mail server's host is checked as alert channel URLs are", () => {
  const input = { workspaceId: "w", port: 587, security: "STARTTLS" as const, fromAddress: "a@b.example" };
  it("refuses loopback, private and metadata addresses unless private targets are allowed", async () => {
    for (const host of ["127.0.0.1", "169.254.169.254", "10.1.2.3", "localhost"]) {
      const problems = await mailServerProblems({ ...input, host }, false);
      assert.equal(problems[0]?.path, "input.host", `${host}: ${JSON.stringify(problems)}`);
    }
    assert.deepEqual(await mailServerProblems({ ...input, host: "127.0.0.1" }, true), []);
    assert.deepEqual(
      (await mailServerProblems({ ...input, host: "relay.example", username: "u\r\nRCPT TO:<x>" }, true)).map(
        (p) => p.path,
      ),
      ["input.username"],
    );
    // A NUL would change AUTH PLAIN's identity.
    assert.equal(
      (await mailServerProblems({ ...input, host: "relay.example", username: "u\0admin" }, true))[0]?.path,
      "input.username",
    );
  });

  it("keeps a stored password only for the very same server, user and security", () => {
    const server = { host: "relay.msp.example", port: 587, security: "STARTTLS", username: "noc" };
    assert.equal(passwordKept(server, { ...server }), true);
    assert.equal(
      passwordKept(server, { ...server, host: "attacker.example" }),
      false,
      "not handed to another host",
    );
    assert.equal(passwordKept(server, { ...server, port: 2525 }), false);
    assert.equal(passwordKept(server, { ...server, security: "TLS" }), false);
    assert.equal(passwordKept(server, { ...server, username: "other" }), false);
    assert.equal(passwordKept(null, server), false);
  });
});

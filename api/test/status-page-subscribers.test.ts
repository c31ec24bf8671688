// E-mail subscriptions to a public status page, end to end on the embedded engine with a real SMTP
// server (smtp-server on loopback): subscribe → confirmation e-mail → confirm → an agent's flood
// opens and resolves an incident on a listed node → one e-mail each → a maintenance notice → one
// e-mail → one-click unsubscribe → nothing more. Also: refusals (private page, subscriptions off,
// bad address), the same answer for known and unknown addresses, tokens kept only as digests,
// once-per-subscriber sending when a mailing runs twice at once, the per-address and per-page
// limits, and the owner's list and removal under workspace:update. Then, on both engines: a page's
// mailings in order (a short incident's "resolved" waits for its "under attack", held on a slow
// SMTP answer), a flapping node's events held past STATUS_NODE_MAILS_PER_HOUR and summed up in one
// digest, a subscriber whose copy is answered 451 (greylisting) holding nobody's next e-mail back
// and that copy dropped once a later one reached them, and a subscription request that does the
// same work before its answer whatever the address's state (BullMQ: the request's queries apart from
// its job's). "Nothing more was sent" is shown by a sentinel sent after it (a page's requests and
// mailings are handled in order), not by waiting a while.
import assert from "node:assert/strict";
import { AsyncLocalStorage } from "node:async_hooks";
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { encodeGlobalID } from "@pothos/plugin-relay";
import { CONFIRMATIONS_PER_RECIPIENT, SUBSCRIBES_PER_ADDRESS, SUBSCRIBES_PER_PAGE } from "../src/services.ts";
import { NODE_DIGEST_JOB, sendDueDigests } from "../src/status-pages/node-digest.ts";
import { incidentRef } from "../src/status-pages/public-view.ts";
import { statusPageIncidentConsumer } from "../src/status-pages/subscriber.jobs.ts";
import { RESEND_AFTER_MS } from "../src/status-pages/subscriber.service.ts";
import { CONFIRM_TTL_MS } from "../src/status-pages/subscriber-mail.ts";
import {
  MAILING_BATCH,
  MAILING_MAX_AGE_MS,
  queueMailing,
  runMailing,
  runPageMailings,
  SUPERSEDED,
  sweepSubscriptions,
  unsubscribeContext,
  updateMailingKey,
  withdrawMailing,
} from "../src/status-pages/subscriber-mailing.ts";
import { type Mail, readable, startSmtp, tokenIn, waitFor } from "./alert-receivers.ts";
import { engines, testRedisDatabase } from "./databases.ts";
import {
  addMember,
  createEnrollmentToken,
  enrollAgent,
  errorCode,
  mutate,
  mutateOk,
  rawId,
} from "./fixtures.ts";
import { type Caller, createWorkspace, type TestApi, useTestApi } from "./harness.ts";
import { report, sample } from "./telemetry-client.ts";

let smtp: Awaited<ReturnType<typeof startSmtp>>;
const env: Record<string, string> = {};
before(async () => {
  smtp = await startSmtp();
  Object.assign(env, {
    ALERTS_ALLOW_PRIVATE_TARGETS: "true",
    ALERTS_TIMEOUT_MS: "8000",
    PUBLIC_WEB_URL: "https://levee.example",
    SMTP_URL: smtp.url,
    SMTP_FROM: "Levee <alerts@levee.example>",
    // This suite's node opens and resolves more incidents than a flapping node may mail an hour: the
    // digest has its own suite below, with the default.
    STATUS_NODE_MAILS_PER_HOUR: "100",
  });
});
after(() => smtp.close());
const mailsTo = (address: string) => smtp.mails.filter((m) => m.to.includes(address));
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

const SUBSCRIBE =
  "... on SubscribeToStatusPagePayload { accepted } ... on ValidationError { fieldErrors { path message } }";
const SETTINGS = `... on StatusPagePayload { statusPage { allowSubscriptions subscriberCount subscriptionMailAvailable } }`;

async function flood(api: TestApi, agent: Caller, offsetSeconds = 60) {
  const payload = await report(api, agent, [sample(Date.now() - offsetSeconds * 1000, 60_000)]);
  return rawId(payload.detection.incidentId as string);
}
async function calm(api: TestApi, agent: Caller, offsetSeconds = 60) {
  const start = Date.now() - offsetSeconds * 1000;
  await report(
    api,
    agent,
    Array.from({ length: 31 }, (_, i) => sample(start + (i + 1) * 1000, 100)),
  );
}
/** A confirmed subscriber straight in the table (its confirmation is not the point), with a working unsubscribe token. */
async function confirmedSubscriber(api: TestApi, workspaceId: string, email: string) {
  const { prisma } = api.server.services.database;
  const { secrets } = api.server.services;
  const created = await prisma.statusPageSubscriber.create({
    data: {
      workspaceId: rawId(workspaceId),
      email,
      confirmedAt: new Date(Date.now() - 60_000),
      unsubscribeTokenHash: sha256(`u-${email}`),
      unsubscribeTokenSealed: "",
    },
  });
  await prisma.statusPageSubscriber.update({
    where: { id: created.id },
    data: { unsubscribeTokenSealed: secrets.seal(`u-${email}`, unsubscribeContext(created.id)) },
  });
  return created.id;
}

let sentinels = 0;
// Of this run: a suite on Redis keeps the per-recipient counts from run to run.
const sentinelRun = randomBytes(4).toString("hex");
/**
 * Every subscription request made on the page so far has been handled, its e-mail (if any) sent:
 * a page's requests are handled one after another, so a new address's confirmation arriving says
 * so. The sentinel's row is deleted after.
 */
async function requestsHandled(api: TestApi, slug: string) {
  const sentinel = `sentinel-${sentinelRun}-${++sentinels}@example.com`;
  const answer = await mutate(api, {}, "subscribeToStatusPage", { slug, email: sentinel }, SUBSCRIBE);
  assert.equal(answer.payload?.__typename, "SubscribeToStatusPagePayload", JSON.stringify(answer));
  await waitFor(`${sentinel}'s confirmation`, () => mailsTo(sentinel)[0]);
  await api.server.services.database.prisma.statusPageSubscriber.deleteMany({ where: { email: sentinel } });
}

async function eventsHandled(api: TestApi, incident: string) {
  const { sql } = api.server.services.database;
  await waitFor("the incident's events handled", async () => {
    const outbox = await sql.query("SELECT 1 FROM incident_event_outbox WHERE incident_id = $1", [incident]);
    const open = await sql.query("SELECT 1 FROM status_page_mailing WHERE finished_at IS NULL");
    return outbox.length === 0 && open.length === 0;
  });
}

describe("status page e-mail subscriptions", () => {
  const api = useTestApi("pglite", env);
  let owner: Caller & { userId: string };
  let readonly: Caller;
  let workspaceId: string;
  let agent: Caller & { nodeId: string };
  const slug = "subs-corp";
  const READER = "reader@example.com";

  const publish = (overrides: Record<string, unknown> = {}) =>
    mutate(
      api,
      owner,
      "updateStatusPage",
      {
        workspaceId,
        enabled: true,
        public: true,
        title: "Subs status",
        nodes: [{ nodeId: agent.nodeId, displayName: "Edge Paris" }],
        ...overrides,
      },
      SETTINGS,
    );
  const subscribeAs = (email: string, page = slug, caller: Caller = {}) =>
    mutate(api, caller, "subscribeToStatusPage", { slug: page, email }, SUBSCRIBE);

  before(async () => {
    owner = await api.signup("subs-owner@example.com");
    workspaceId = await createWorkspace(api, owner, slug);
    const enrolled = await enrollAgent(
      api,
      await createEnrollmentToken(api, owner, workspaceId),
      "paris-edge-host.internal",
    );
    agent = { token: enrolled.token, nodeId: enrolled.nodeId };
    readonly = await addMember(api, owner, workspaceId, "subs-viewer@example.com", "READONLY");
  });

  it("refuses a private page like an unknown one, and a page that takes no subscriptions", async () => {
    assert.equal(errorCode(await subscribeAs(READER)), "NOT_FOUND", "no page saved yet");
    assert.equal((await publish({ public: false })).payload?.__typename, "StatusPagePayload");
    assert.equal(errorCode(await subscribeAs(READER)), "NOT_FOUND", "private");
    assert.equal(errorCode(await subscribeAs(READER, "no-such-page")), "NOT_FOUND", "unknown");
    const published = await publish();
    assert.deepEqual(published.payload?.statusPage, {
      allowSubscriptions: false,
      subscriberCount: 0,
      subscriptionMailAvailable: true,
    });
    assert.equal(errorCode(await subscribeAs(READER)), "FORBIDDEN", "subscriptions off");
    const page = await api.gql("query($s: String!) { statusPage(slug: $s) { subscribable } }", { s: slug });
    assert.equal(page.data.statusPage.subscribable, false);
    assert.equal(mailsTo(READER).length, 0);
  });

  it("says what is wrong with an address", async () => {
    await publish({ allowSubscriptions: true });
    const page = await api.gql("query($s: String!) { statusPage(slug: $s) { subscribable } }", { s: slug });
    assert.equal(page.data.statusPage.subscribable, true, "taken, and its e-mail can be sent");
    for (const bad of ["", "reader", "reader@example", "a b@example.com", `${"x".repeat(250)}@example.com`]) {
      const result = await subscribeAs(bad);
      assert.equal(result.payload?.__typename, "ValidationError", bad);
      assert.equal(result.payload?.fieldErrors[0].path, "input.email");
    }
  });

  let unsubscribeToken: string;
  let unsubscribeHash: string;
  it("sends a confirmation e-mail, keeps the address lower-cased and its tokens as digests only", async () => {
    const result = await subscribeAs("  Reader@Example.COM ");
    assert.deepEqual(result.payload, { __typename: "SubscribeToStatusPagePayload", accepted: true });
    const mail = await waitFor("the confirmation e-mail", () => mailsTo(READER)[0]);
    const text = readable(mail);
    assert.match(text, /Subject: Confirm your subscription to Subs status/);
    const confirm = tokenIn(mail, `s/${slug}/confirm`);
    assert.ok(confirm, text);
    // Not subscribed until confirmed: nothing to unsubscribe from, no RFC 8058 headers.
    assert.doesNotMatch(text, /List-Unsubscribe|\/unsubscribe/);
    assert.match(text, /someone asked to subscribe it/);
    const [row] = await api.server.services.database.sql.query<Record<string, unknown>>(
      "SELECT * FROM status_page_subscriber",
    );
    assert.equal(row?.email, READER);
    assert.equal(row?.confirm_token_hash, sha256(confirm));
    assert.match(String(row?.unsubscribe_token_hash), /^[0-9a-f]{64}$/, "a digest");
    assert.equal(row?.confirmed_at, null);
    const stored = JSON.stringify(row);
    assert.ok(!stored.includes(confirm), "no token in the clear");
    unsubscribeHash = String(row?.unsubscribe_token_hash);
    // Confirming makes it count.
    const confirmed = await mutate(
      api,
      {},
      "confirmStatusPageSubscription",
      { token: confirm },
      "... on ConfirmStatusPageSubscriptionPayload { slug }",
    );
    assert.equal(confirmed.payload?.slug, slug);
    const again = await mutate(
      api,
      {},
      "confirmStatusPageSubscription",
      { token: confirm },
      "... on ValidationError { fieldErrors { path message } }",
    );
    assert.equal(again.payload?.__typename, "ValidationError", "a used link");
  });

  it("answers an address already subscribed like a new one, and mails it nothing", async () => {
    const known = await subscribeAs(READER);
    const fresh = await subscribeAs("someone-new@example.com");
    assert.deepEqual(known.payload, fresh.payload);
    await waitFor("the new address's confirmation", () => mailsTo("someone-new@example.com")[0]);
    // Asked again at once (by anyone): the same answer, and the pending address is not mailed again.
    assert.deepEqual((await subscribeAs("someone-new@example.com")).payload, fresh.payload);
    await requestsHandled(api, slug);
    assert.equal(mailsTo(READER).length, 1, "no second e-mail to the confirmed address");
    assert.equal(mailsTo("someone-new@example.com").length, 1, "one confirmation per 5 minutes");
  });

  it("sends a pending address a new confirmation after RESEND_AFTER_MS, and the sweep forgets it past its expiry", async () => {
    const { sql } = api.server.services.database;
    const email = "sweep-me@example.com";
    await subscribeAs(email);
    await waitFor("the first confirmation", () => mailsTo(email)[0]);
    // As if asked RESEND_AFTER_MS ago: the next request mails a new link, and only it works.
    const asked = (ago: number) => new Date(Date.now() - ago + CONFIRM_TTL_MS).toISOString();
    await sql.query("UPDATE status_page_subscriber SET confirm_expires_at = $1 WHERE email = $2", [
      asked(RESEND_AFTER_MS + 1_000),
      email,
    ]);
    await subscribeAs(email);
    await waitFor("the second confirmation", () => (mailsTo(email).length === 2 ? true : undefined));
    // Past its expiry, unconfirmed: the sweep deletes it; a confirmed address stays.
    await sql.query("UPDATE status_page_subscriber SET confirm_expires_at = $1 WHERE email = $2", [
      new Date(Date.now() - 1_000).toISOString(),
      email,
    ]);
    await sweepSubscriptions(api.server.services);
    const rows = await sql.query<{ email: string }>(
      "SELECT email FROM status_page_subscriber ORDER BY email",
    );
    assert.deepEqual(
      rows.map((r) => r.email),
      [READER, "someone-new@example.com"],
    );
  });

  it("shows the count to readers and the addresses only with workspace:update", async () => {
    const query = `query($s: String!) { workspace(slug: $s) { statusPage { subscriberCount
      subscribers(first: 1) { nodes { id email confirmed } endCursor hasNextPage } } } }`;
    const asOwner = await api.gql(query, { s: slug }, owner);
    assert.equal(asOwner.data.workspace.statusPage.subscriberCount, 1);
    const first = asOwner.data.workspace.statusPage.subscribers;
    assert.deepEqual(
      first.nodes.map((n: { email: string; confirmed: boolean }) => [n.email, n.confirmed]),
      [[READER, true]],
    );
    assert.equal(first.hasNextPage, true);
    const next = await api.gql(
      `query($s: String!, $a: String) { workspace(slug: $s) { statusPage {
        subscribers(first: 1, after: $a) { nodes { id email confirmed } hasNextPage } } } }`,
      { s: slug, a: first.endCursor },
      owner,
    );
    const second = next.data?.workspace.statusPage.subscribers;
    assert.deepEqual(
      {
        ...second,
        nodes: second?.nodes.map((n: { email: string; confirmed: boolean }) => [n.email, n.confirmed]),
      },
      { nodes: [["someone-new@example.com", false]], hasNextPage: false },
      JSON.stringify(next),
    );
    const asViewer = await api.gql(query, { s: slug }, readonly);
    assert.equal(asViewer.errors?.[0]?.extensions?.code, "FORBIDDEN", JSON.stringify(asViewer));
    const count = await api.gql(
      "query($s: String!) { workspace(slug: $s) { statusPage { subscriberCount } } }",
      { s: slug },
      readonly,
    );
    assert.equal(count.data.workspace.statusPage.subscriberCount, 1);
    // The viewer cannot remove it either; the owner removes the pending one.
    const pendingId = second.nodes[0].id;
    const refused = await mutate(api, readonly, "removeStatusPageSubscriber", { subscriberId: pendingId });
    assert.equal(errorCode(refused), "FORBIDDEN");
    const removed = await mutateOk(
      api,
      owner,
      "removeStatusPageSubscriber",
      { subscriberId: pendingId },
      SETTINGS,
    );
    assert.equal(removed.statusPage.subscriberCount, 1);
    // Audited by id, with nothing of the address (not even a digest: readers hold audit:read).
    const [entry] = await api.server.services.database.sql.query<{ summary: unknown }>(
      "SELECT summary FROM audit_log WHERE action = 'status-page.subscriber.remove'",
    );
    const logged = JSON.stringify(entry?.summary);
    assert.deepEqual(entry?.summary, { confirmed: false });
    assert.ok(!logged.includes(sha256("someone-new@example.com").slice(0, 16)), logged);
    const left = await api.server.services.database.prisma.statusPageSubscriber.count();
    assert.equal(left, 1);
  });

  let incidentId: string;
  it("mails an incident's opening and resolution once each, with only what the page shows", async () => {
    incidentId = await flood(api, agent);
    const opened = await waitFor("the opened e-mail", () =>
      mailsTo(READER).find((m) => /under attack/.test(readable(m))),
    );
    await calm(api, agent);
    const resolved = await waitFor("the resolved e-mail", () =>
      mailsTo(READER).find((m) => /resolved/.test(readable(m))),
    );
    await eventsHandled(api, incidentId);
    for (const mail of [opened, resolved]) {
      const text = readable(mail);
      assert.match(text, /Edge Paris/);
      assert.doesNotMatch(text, /paris-edge-host|internal|127\.0\.0\.1/, "no hostname or address");
      assert.doesNotMatch(text, new RegExp(incidentId), "no internal id");
      assert.match(text, /List-Unsubscribe-Post: List-Unsubscribe=One-Click/);
      assert.match(
        text,
        /List-Unsubscribe: <https:\/\/levee\.example\/s\/subs-corp\/unsubscribe\/one-click\?token=/,
      );
      const unsubscribe = tokenIn(mail, `s/${slug}/unsubscribe/one-click`);
      assert.ok(unsubscribe, text);
      assert.equal(tokenIn(mail, `s/${slug}/unsubscribe`), unsubscribe, "the header's token is the body's");
      assert.equal(sha256(unsubscribe), unsubscribeHash, "kept as its digest only");
      unsubscribeToken = unsubscribe;
      assert.ok(text.includes(`/s/${slug}/incidents/${incidentRef(incidentId)}`), "the incident page's link");
    }
    assert.match(readable(opened), /Subject: \[Subs status\] Edge Paris: under attack/);
    assert.match(readable(resolved), /lasted \d/);
    // The event handled again (a retried job, another process): the same mailing, no second e-mail.
    const { prisma } = api.server.services.database;
    const row = await prisma.incident.findUniqueOrThrow({ where: { id: incidentId } });
    const event = {
      kind: "RESOLVED" as const,
      incidentId,
      nodeId: row.nodeId,
      workspaceId: row.workspaceId,
      at: new Date().toISOString(),
    };
    await statusPageIncidentConsumer.handle(api.server.services, event);
    await eventsHandled(api, incidentId);
    assert.equal(mailsTo(READER).length, 3, "confirmation, opened, resolved");
  });

  it("sends a mailing once per subscriber when two runs of it race", async () => {
    const { prisma } = api.server.services.database;
    // More confirmed subscribers than one batch holds, straight in the table (their e-mails are not the point).
    const many = Array.from({ length: 60 }, (_, i) => `bulk-${i}@example.com`);
    const ws = rawId(workspaceId);
    for (const email of many)
      await prisma.statusPageSubscriber.create({
        data: {
          workspaceId: ws,
          email,
          confirmedAt: new Date(Date.now() - 60_000),
          unsubscribeTokenHash: sha256(`u-${email}`),
          unsubscribeTokenSealed: api.server.services.secrets.seal("x", "unused"),
        },
      });
    // Their sealed tokens must open under their own context: reseal them properly.
    const { unsubscribeContext } = await import("../src/status-pages/subscriber-mailing.ts");
    for (const s of await prisma.statusPageSubscriber.findMany({ where: { email: { in: many } } }))
      await prisma.statusPageSubscriber.update({
        where: { id: s.id },
        data: {
          unsubscribeTokenSealed: api.server.services.secrets.seal(`tok-${s.id}`, unsubscribeContext(s.id)),
        },
      });
    const mailing = await prisma.statusPageMailing.create({
      data: {
        workspaceId: ws,
        key: "test:race",
        content: {
          kind: "NOTICE",
          startsAt: new Date().toISOString(),
          endsAt: new Date().toISOString(),
          message: "race",
        },
      },
    });
    const before = smtp.mails.length;
    await Promise.all([
      runMailing(api.server.services, mailing.id),
      runMailing(api.server.services, mailing.id),
    ]);
    const sent = smtp.mails.slice(before).flatMap((m) => m.to);
    assert.equal(sent.length, many.length + 1, "each confirmed subscriber once");
    assert.equal(new Set(sent).size, sent.length);
    assert.ok((await prisma.statusPageMailing.findUniqueOrThrow({ where: { id: mailing.id } })).finishedAt);
    await prisma.statusPageSubscriber.deleteMany({ where: { email: { in: many } } });
  });

  it("a mailing withdrawn while its first pass runs claims and sends no further batch", async () => {
    const { prisma } = api.server.services.database;
    // More confirmed subscribers than one batch holds (MAILING_BATCH = 50).
    const many = Array.from({ length: 60 }, (_, i) => `gone-${i}@example.com`);
    const ws = rawId(workspaceId);
    for (const email of many) {
      const s = await prisma.statusPageSubscriber.create({
        data: {
          workspaceId: ws,
          email,
          confirmedAt: new Date(Date.now() - 60_000),
          unsubscribeTokenHash: sha256(`u-${email}`),
          unsubscribeTokenSealed: api.server.services.secrets.seal("x", "unused"),
        },
      });
      await prisma.statusPageSubscriber.update({
        where: { id: s.id },
        data: {
          unsubscribeTokenSealed: api.server.services.secrets.seal(`tok-${s.id}`, unsubscribeContext(s.id)),
        },
      });
    }
    // A real update: its mailing reads it again before each batch.
    const update = await prisma.incidentPublicUpdate.create({
      data: { workspaceId: ws, incidentId, status: "MITIGATING", message: "Deleted mid-send" },
    });
    const key = updateMailingKey(update.id);
    const mailing = await prisma.statusPageMailing.create({
      data: {
        workspaceId: ws,
        key,
        content: {
          kind: "INCIDENT_UPDATE",
          ref: "withdrawn-1",
          nodeName: "Edge Paris",
          family: null,
          status: "MITIGATING",
          message: "Deleted mid-send",
          postedAt: new Date().toISOString(),
        },
      },
    });
    const ofIt = (m: Mail) => /Deleted mid-send/.test(readable(m));
    // The first copy is kept unanswered: the first batch is being sent when the update is deleted.
    const held = smtp.hold(ofIt);
    const run = runMailing(api.server.services, mailing.id);
    await held.received;
    await withdrawMailing(api.server.services.database.sql, key);
    held.release();
    await run;
    const sent = smtp.mails.filter(ofIt).length;
    assert.ok(sent > 0 && sent <= MAILING_BATCH, `${sent} copies: the batch under way only, not the rest`);
    assert.ok(
      (await prisma.statusPageDelivery.count({ where: { mailingId: mailing.id } })) <= MAILING_BATCH,
      "no copy claimed after the withdrawal",
    );
    await prisma.statusPageSubscriber.deleteMany({ where: { email: { in: many } } });
    await prisma.incidentPublicUpdate.delete({ where: { id: update.id } });
  });

  it("mails a maintenance notice", async () => {
    const startsAt = new Date(Date.now() + 3_600_000);
    await mutateOk(
      api,
      owner,
      "addStatusPageNotice",
      {
        workspaceId,
        startsAt: startsAt.toISOString(),
        endsAt: new Date(Date.now() + 7_200_000).toISOString(),
        message: "Router upgrade",
      },
      "... on StatusPagePayload { statusPage { title } }",
    );
    const mail = await waitFor("the notice e-mail", () =>
      mailsTo(READER).find((m) => /Router upgrade/.test(readable(m))),
    );
    assert.match(readable(mail), /Subject: \[Subs status\] Scheduled maintenance/);
  });

  it("mails an operator's incident update when asked, and only about an incident the page lists", async () => {
    const post = (message: string, notify = true) =>
      mutateOk(
        api,
        owner,
        "postIncidentUpdate",
        { incidentId: encodeGlobalID("Incident", incidentId), status: "MITIGATING", message, notify },
        "... on IncidentUpdatePayload { update { id } }",
      ).then((p) => rawId(p.update.id));
    const subjectOf = (m: Mail) => /Subject: (.*)/.exec(readable(m))?.[1];
    const mailed = await post("Filtering at the upstream.\nNext update in 30 minutes.");
    const mail = await waitFor("the update e-mail", () =>
      mailsTo(READER).find((m) => /Filtering at the upstream/.test(readable(m))),
    );
    const text = readable(mail);
    assert.equal(subjectOf(mail), "[Subs status] Edge Paris: Mitigating");
    assert.match(text, /Next update in 30 minutes\./);
    assert.ok(text.includes(`/s/${slug}/incidents/${incidentRef(incidentId)}`), "the incident page's link");
    assert.doesNotMatch(text, /paris-edge-host|subs-owner/, "no hostname, no author");
    assert.match(text, /List-Unsubscribe-Post: List-Unsubscribe=One-Click/);
    const { prisma } = api.server.services.database;
    assert.ok(await prisma.statusPageMailing.findUnique({ where: { key: `update:${mailed}` } }));
    // Not asked (notify false), and about an incident the page does not list: nothing; the sentinel
    // update after them arriving says so (a page's mailings go in order).
    await post("Quiet note", false);
    await publish({ nodes: [] });
    await post("Unlisted note");
    await publish();
    await post("Sentinel update");
    await waitFor("the sentinel update", () =>
      mailsTo(READER).find((m) => /Sentinel update/.test(readable(m))),
    );
    assert.ok(!mailsTo(READER).some((m) => /Quiet note|Unlisted note/.test(readable(m))));
    // Deleted before it was sent: withdrawn (finished unsent), and a run of it sends nothing.
    await publish({ allowSubscriptions: false });
    const withdrawn = await post("Withdrawn note");
    await publish({ allowSubscriptions: true });
    const key = `update:${withdrawn}`;
    assert.equal(
      await prisma.statusPageMailing.findUnique({ where: { key } }),
      null,
      "closed page: no mailing",
    );
    const id = (
      await prisma.statusPageMailing.create({
        data: {
          workspaceId: rawId(workspaceId),
          key,
          content: {
            kind: "INCIDENT_UPDATE",
            ref: incidentRef(incidentId),
            nodeName: "Edge Paris",
            family: null,
            status: "MITIGATING",
            message: "Withdrawn note",
            postedAt: new Date().toISOString(),
          },
        },
      })
    ).id;
    await mutateOk(
      api,
      owner,
      "deleteIncidentUpdate",
      { updateId: encodeGlobalID("IncidentPublicUpdate", withdrawn) },
      "... on IncidentUpdatePayload { incident { id } }",
    );
    assert.ok((await prisma.statusPageMailing.findUniqueOrThrow({ where: { id } })).finishedAt, "withdrawn");
    await runPageMailings(api.server.services, id);
    assert.ok(!mailsTo(READER).some((m) => /Withdrawn note/.test(readable(m))));
    await prisma.incidentPublicUpdate.deleteMany({ where: { incidentId } });
  });

  it("sends nothing of an update deleted while its mailing was being queued (re-read at send time)", async () => {
    const { prisma } = api.server.services.database;
    const post = (message: string, notify: boolean) =>
      mutateOk(
        api,
        owner,
        "postIncidentUpdate",
        { incidentId: encodeGlobalID("Incident", incidentId), status: "MITIGATING", message, notify },
        "... on IncidentUpdatePayload { update { id } }",
      ).then((p) => rawId(p.update.id));
    // The race, step by step as two requests interleave it: the update is posted, deleted (its
    // withdrawal finds no mailing yet) and only then does the post's queueMailing insert its mailing
    // and queue its job, which used to send it to everyone.
    const raced = await post("Raced note", false);
    await mutateOk(
      api,
      owner,
      "deleteIncidentUpdate",
      { updateId: encodeGlobalID("IncidentPublicUpdate", raced) },
      "... on IncidentUpdatePayload { incident { id } }",
    );
    const key = updateMailingKey(raced);
    await queueMailing(api.server.services, rawId(workspaceId), key, {
      kind: "INCIDENT_UPDATE",
      ref: incidentRef(incidentId),
      nodeName: "Edge Paris",
      family: null,
      status: "MITIGATING",
      message: "Raced note",
      postedAt: new Date().toISOString(),
    });
    const mailing = await prisma.statusPageMailing.findUniqueOrThrow({ where: { key } });
    // The page's mailings go in order: the sentinel arriving says the raced one's turn has passed.
    await post("Race sentinel", true);
    await waitFor("the race sentinel", () => mailsTo(READER).find((m) => /Race sentinel/.test(readable(m))));
    assert.ok(!mailsTo(READER).some((m) => /Raced note/.test(readable(m))), "the deleted update was mailed");
    const after = await prisma.statusPageMailing.findUniqueOrThrow({ where: { id: mailing.id } });
    assert.ok(after.finishedAt, "finished unsent");
    assert.equal(await prisma.statusPageDelivery.count({ where: { mailingId: mailing.id, error: null } }), 0);
    await prisma.incidentPublicUpdate.deleteMany({ where: { incidentId } });
  });

  it("mails an edited update's words when its mailing had not gone yet, and nothing again for an edit after it went", async () => {
    const update = (message: string, notify: boolean) =>
      mutateOk(
        api,
        owner,
        "postIncidentUpdate",
        { incidentId: encodeGlobalID("Incident", incidentId), status: "MITIGATING", message, notify },
        "... on IncidentUpdatePayload { update { id } }",
      ).then((p) => p.update.id as string);
    const edit = (updateId: string, message: string) =>
      mutateOk(
        api,
        owner,
        "editIncidentUpdate",
        { updateId, status: "MONITORING", message },
        "... on IncidentUpdatePayload { update { editedAt } }",
      );
    const mailOf = (text: string) => mailsTo(READER).find((m) => readable(m).includes(text));
    // The page's mailings go one after another: while the first's copy waits for its SMTP answer,
    // the next is queued and not sent; it is edited then.
    const held = smtp.hold((m) => m.to.includes(READER) && /Blocking note/.test(readable(m)));
    await update("Blocking note", true);
    await held.received;
    const typo = await update("Teh typo note", true);
    await edit(typo, "The fixed note");
    held.release();
    const fixed = await waitFor("the edited update's e-mail", () => mailOf("The fixed note"));
    assert.match(
      readable(fixed),
      /Subject: \[Subs status\] Edge Paris: Monitoring/,
      "its status as edited too",
    );
    assert.equal(mailOf("Teh typo note"), undefined, "the words before the edit were not mailed");
    // Edited after its e-mail went: nothing more is sent; the sentinel after it arriving says so.
    await edit(typo, "The fixed note, fixed again");
    await update("Edit sentinel", true);
    await waitFor("the edit sentinel", () => mailOf("Edit sentinel"));
    assert.equal(mailOf("fixed again"), undefined, "an edit after the mailing went mails nobody");
    assert.equal(mailsTo(READER).filter((m) => readable(m).includes("The fixed note")).length, 1);
    await api.server.services.database.prisma.incidentPublicUpdate.deleteMany({ where: { incidentId } });
  });

  it("finishes unsent a mailing older than MAILING_MAX_AGE_MS (its sending failed all along)", async () => {
    const { sql } = api.server.services.database;
    // The subscriber confirmed before it, so only the age keeps it from being sent.
    const longAgo = (ms: number) => new Date(Date.now() - ms).toISOString();
    await sql.query("UPDATE status_page_subscriber SET confirmed_at = $1 WHERE email = $2", [
      longAgo(MAILING_MAX_AGE_MS + 3_600_000),
      READER,
    ]);
    const id = "0190aaaa-0000-7000-8000-000000000001";
    await sql.query(
      `INSERT INTO status_page_mailing (id, workspace_id, key, content, created_at)
       VALUES ($1, $2, 'notice:stale', $3::jsonb, $4)`,
      [
        id,
        rawId(workspaceId),
        JSON.stringify({
          kind: "NOTICE",
          startsAt: longAgo(0),
          endsAt: longAgo(-3_600_000),
          message: "Stale",
        }),
        longAgo(MAILING_MAX_AGE_MS + 60_000),
      ],
    );
    await runMailing(api.server.services, id);
    const [row] = await sql.query<{ finished_at: Date | null }>(
      "SELECT finished_at FROM status_page_mailing WHERE id = $1",
      [id],
    );
    assert.ok(row?.finished_at, "finished");
    const deliveries = await sql.query("SELECT 1 FROM status_page_delivery WHERE mailing_id = $1", [id]);
    assert.equal(deliveries.length, 0, "nobody claimed, nothing sent");
  });

  it("sends nothing of an update once the page stops taking subscriptions", async () => {
    const { prisma } = api.server.services.database;
    await publish({ allowSubscriptions: false });
    const mailing = await prisma.statusPageMailing.create({
      data: {
        workspaceId: rawId(workspaceId),
        key: "test:closed",
        content: {
          kind: "NOTICE",
          startsAt: new Date().toISOString(),
          endsAt: new Date().toISOString(),
          message: "closed",
        },
      },
    });
    const count = mailsTo(READER).length;
    await runMailing(api.server.services, mailing.id);
    assert.equal(mailsTo(READER).length, count);
    assert.ok((await prisma.statusPageMailing.findUniqueOrThrow({ where: { id: mailing.id } })).finishedAt);
    await publish({ allowSubscriptions: true });
  });

  it("unsubscribes with the one-click token, and nothing more is sent", async () => {
    const done = await mutate(
      api,
      {},
      "unsubscribeFromStatusPage",
      { token: unsubscribeToken },
      "... on UnsubscribeFromStatusPagePayload { unsubscribed }",
    );
    assert.equal(done.payload?.unsubscribed, true);
    const twice = await mutate(
      api,
      {},
      "unsubscribeFromStatusPage",
      { token: unsubscribeToken },
      "... on UnsubscribeFromStatusPagePayload { unsubscribed }",
    );
    assert.equal(twice.payload?.unsubscribed, true, "a second POST answers alike");
    assert.equal(
      await api.server.services.database.prisma.statusPageSubscriber.count(),
      0,
      "address forgotten",
    );
    const count = mailsTo(READER).length;
    // Someone still subscribed gets the incident's e-mails and then a notice posted after them (the
    // page's mailings go in order): the reader, none of them.
    const STAYS = "stays@example.com";
    await confirmedSubscriber(api, workspaceId, STAYS);
    const next = await flood(api, agent, 30);
    await calm(api, agent, 30);
    await eventsHandled(api, next);
    await mutateOk(
      api,
      owner,
      "addStatusPageNotice",
      {
        workspaceId,
        startsAt: new Date(Date.now() + 3_600_000).toISOString(),
        endsAt: new Date(Date.now() + 7_200_000).toISOString(),
        message: "Sentinel notice",
      },
      "... on StatusPagePayload { statusPage { title } }",
    );
    await waitFor("the notice to the one still subscribed", () =>
      mailsTo(STAYS).find((m) => /Sentinel notice/.test(readable(m))),
    );
    assert.deepEqual(
      mailsTo(STAYS).map((m) => /Subject: \[Subs status\] (.*)/.exec(readable(m))?.[1]?.split(" ")[0]),
      ["Edge", "Edge", "Scheduled"],
      "opened, resolved, then the notice",
    );
    assert.equal(mailsTo(READER).length, count, "no e-mail after unsubscribing");
    await api.server.services.database.prisma.statusPageSubscriber.deleteMany({ where: { email: STAYS } });
  });

  it(`limits requests per page (${SUBSCRIBES_PER_PAGE} an hour)`, async () => {
    // The same address every time: only the limit is at work (no e-mail, the row exists or not).
    let refused: ReturnType<typeof errorCode>;
    for (let i = 0; i <= SUBSCRIBES_PER_PAGE && !refused; i++) {
      const code = errorCode(await subscribeAs("limit@example.com"));
      if (code) refused = code;
    }
    assert.equal(refused, "RATE_LIMITED");
  });

  it(`mails one address ${CONFIRMATIONS_PER_RECIPIENT} confirmations an hour at most, all pages together`, async () => {
    const victim = "victim@example.com";
    for (let i = 0; i <= CONFIRMATIONS_PER_RECIPIENT; i++) {
      const ws = await createWorkspace(api, owner, `subs-bomb-${i}`);
      await mutateOk(
        api,
        owner,
        "updateStatusPage",
        {
          workspaceId: ws,
          enabled: true,
          public: true,
          title: `Bomb ${i}`,
          nodes: [],
          allowSubscriptions: true,
        },
        "... on StatusPagePayload { statusPage { title } }",
      );
      const answer = await subscribeAs(victim, `subs-bomb-${i}`);
      assert.deepEqual(answer.payload, { __typename: "SubscribeToStatusPagePayload", accepted: true });
    }
    // The one over the limit answered alike, and nothing was kept or sent for it.
    for (let i = 0; i <= CONFIRMATIONS_PER_RECIPIENT; i++) await requestsHandled(api, `subs-bomb-${i}`);
    const kept = await api.server.services.database.prisma.statusPageSubscriber.count({
      where: { email: victim },
    });
    assert.equal(kept, CONFIRMATIONS_PER_RECIPIENT);
    assert.equal(mailsTo(victim).length, CONFIRMATIONS_PER_RECIPIENT);
  });

  it("forgets a deleted workspace's subscribers, mailings and deliveries", async () => {
    const { sql } = api.server.services.database;
    const gone = await createWorkspace(api, owner, "subs-gone");
    await mutateOk(
      api,
      owner,
      "updateStatusPage",
      { workspaceId: gone, enabled: true, public: true, title: "Gone", nodes: [], allowSubscriptions: true },
      "... on StatusPagePayload { statusPage { title } }",
    );
    await subscribeAs("leaving@example.com", "subs-gone");
    const subscriber = await waitFor("the request handled", async () => {
      const [row] = await sql.query<{ id: string }>(
        "SELECT id FROM status_page_subscriber WHERE email = 'leaving@example.com'",
      );
      return row;
    });
    const mailingId = "0190aaaa-0000-7000-8000-000000000002";
    await sql.query(
      "INSERT INTO status_page_mailing (id, workspace_id, key, content) VALUES ($1, $2, 'notice:gone', '{}'::jsonb)",
      [mailingId, rawId(gone)],
    );
    await sql.query("INSERT INTO status_page_delivery (mailing_id, subscriber_id) VALUES ($1, $2)", [
      mailingId,
      subscriber.id,
    ]);
    await mutateOk(
      api,
      owner,
      "deleteWorkspace",
      { workspaceId: gone },
      "... on DeleteWorkspacePayload { deletedWorkspaceId }",
    );
    const left = await sql.query<{ n: number }>(
      `SELECT (SELECT count(*) FROM status_page_subscriber WHERE workspace_id = $1)
            + (SELECT count(*) FROM status_page_mailing WHERE workspace_id = $1)
            + (SELECT count(*) FROM status_page_delivery WHERE mailing_id = $2) AS n`,
      [rawId(gone), mailingId],
    );
    assert.equal(Number(left[0]?.n), 0);
  });

  it(`limits requests per client address (${SUBSCRIBES_PER_ADDRESS} per 15 minutes) over HTTP`, async () => {
    // Another page, so the per-page count above does not answer first.
    const other = await createWorkspace(api, owner, "subs-other");
    await mutateOk(
      api,
      owner,
      "updateStatusPage",
      {
        workspaceId: other,
        enabled: true,
        public: true,
        title: "Other",
        nodes: [],
        allowSubscriptions: true,
      },
      "... on StatusPagePayload { statusPage { title } }",
    );
    const { port } = await api.server.listen(0, "127.0.0.1");
    const codes: string[] = [];
    for (let i = 0; i <= SUBSCRIBES_PER_ADDRESS; i++) {
      const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          query: `mutation($input: SubscribeToStatusPageInput!) { subscribeToStatusPage(input: $input) { __typename ... on Error { code } } }`,
          variables: { input: { slug: "subs-other", email: `http-${i}@example.com` } },
        }),
      });
      const body = (await response.json()) as {
        data: { subscribeToStatusPage: { __typename: string; code?: string } };
      };
      codes.push(body.data.subscribeToStatusPage.code ?? body.data.subscribeToStatusPage.__typename);
    }
    assert.deepEqual(
      codes.slice(0, SUBSCRIBES_PER_ADDRESS),
      Array(SUBSCRIBES_PER_ADDRESS).fill("SubscribeToStatusPagePayload"),
    );
    assert.equal(codes.at(-1), "RATE_LIMITED");
  });
});

describe("status page subscriptions without a mail server", () => {
  const api = useTestApi("pglite");
  it("says e-mail is unavailable, offers no form on the page, and refuses subscriptions", async () => {
    const owner = await api.signup("nomail-owner@example.com");
    const workspaceId = await createWorkspace(api, owner, "nomail-corp");
    const saved = await mutateOk(
      api,
      owner,
      "updateStatusPage",
      { workspaceId, enabled: true, public: true, title: "No mail", nodes: [], allowSubscriptions: true },
      SETTINGS,
    );
    assert.deepEqual(saved.statusPage, {
      allowSubscriptions: true,
      subscriberCount: 0,
      subscriptionMailAvailable: false,
    });
    // The page takes subscriptions, but none could be confirmed: the public page offers no form.
    const page = await api.gql("query($s: String!) { statusPage(slug: $s) { subscribable } }", {
      s: "nomail-corp",
    });
    assert.equal(page.data.statusPage.subscribable, false);
    const result = await mutate(api, {}, "subscribeToStatusPage", {
      slug: "nomail-corp",
      email: "x@example.com",
    });
    assert.equal(errorCode(result), "UNAVAILABLE");
    assert.equal(await api.server.services.database.prisma.statusPageSubscriber.count(), 0);
  });
});

describe("subscription requests mailed through the platform's sender (SMTP_URL), all tenants together", () => {
  // Filled by the file's before(), which runs before this block's (useTestApi reads it then).
  const capped: Record<string, string> = {};
  before(() => Object.assign(capped, env, { STATUS_SUBSCRIBES_VIA_PLATFORM_PER_HOUR: "3" }));
  const api = useTestApi("pglite", capped);
  let owner: Caller;
  const publishPage = async (slug: string) => {
    const ws = await createWorkspace(api, owner, slug);
    await mutateOk(
      api,
      owner,
      "updateStatusPage",
      { workspaceId: ws, enabled: true, public: true, title: slug, nodes: [], allowSubscriptions: true },
      "... on StatusPagePayload { statusPage { title } }",
    );
    return ws;
  };
  const subscribeTo = (slug: string, email: string) =>
    mutate(api, {}, "subscribeToStatusPage", { slug, email }, SUBSCRIBE);

  it("are capped per hour across pages; a workspace with its own relay is not counted", async () => {
    owner = await api.signup("platform-cap-owner@example.com");
    await publishPage("cap-one");
    await publishPage("cap-two");
    const own = await publishPage("cap-own-relay");
    const relay = await mutate(
      api,
      owner,
      "setWorkspaceMailServer",
      {
        workspaceId: own,
        host: "127.0.0.1",
        port: Number(new URL(smtp.url).port),
        security: "NONE",
        fromAddress: "status@own.example",
      },
      "... on WorkspaceMailServerPayload { workspace { mailRoute } }",
    );
    assert.equal(relay.payload?.workspace?.mailRoute, "WORKSPACE", JSON.stringify(relay));
    const accepted = { __typename: "SubscribeToStatusPagePayload", accepted: true };
    assert.deepEqual((await subscribeTo("cap-one", "a@example.com")).payload, accepted);
    assert.deepEqual((await subscribeTo("cap-one", "b@example.com")).payload, accepted);
    assert.deepEqual((await subscribeTo("cap-two", "c@example.com")).payload, accepted);
    // The fourth through SMTP_URL this hour, on another tenant's page and for another address alike.
    assert.equal(errorCode(await subscribeTo("cap-two", "d@example.com")), "RATE_LIMITED");
    assert.equal(errorCode(await subscribeTo("cap-one", "a@example.com")), "RATE_LIMITED");
    // Its own relay sends its own confirmations: the platform's allowance is not spent on them.
    assert.deepEqual((await subscribeTo("cap-own-relay", "e@example.com")).payload, accepted);
  });
});

for (const engine of engines)
  describe(`a page's mailings in order, and a flapping node's digest (${engine})`, () => {
    // Default STATUS_NODE_MAILS_PER_HOUR (3).
    const flapEnv: Record<string, string> = {};
    before(() => Object.assign(flapEnv, env, { STATUS_NODE_MAILS_PER_HOUR: "3" }));
    const api = useTestApi(engine, flapEnv);
    const slug = `flap-${engine}`;
    const READS = `reads-${engine}@example.com`;
    let owner: Caller;
    let workspaceId: string;
    let short: Caller & { nodeId: string };
    let flapping: Caller & { nodeId: string };
    let again: Caller & { nodeId: string };
    const subjectsTo = (address: string) =>
      mailsTo(address).map((m) => /Subject: \[Flap status\] (.*)/.exec(readable(m))?.[1] ?? "");

    before(async () => {
      owner = await api.signup(`flap-owner-${engine}@example.com`);
      workspaceId = await createWorkspace(api, owner, slug);
      const enroll = async (host: string) => {
        const enrolled = await enrollAgent(api, await createEnrollmentToken(api, owner, workspaceId), host);
        return { token: enrolled.token, nodeId: enrolled.nodeId };
      };
      short = await enroll("short-host.internal");
      flapping = await enroll("flap-host.internal");
      again = await enroll("again-host.internal");
      await mutateOk(
        api,
        owner,
        "updateStatusPage",
        {
          workspaceId,
          enabled: true,
          public: true,
          title: "Flap status",
          allowSubscriptions: true,
          nodes: [
            { nodeId: short.nodeId, displayName: "Edge Short" },
            { nodeId: flapping.nodeId, displayName: "Edge Flap" },
            { nodeId: again.nodeId, displayName: "Edge Again" },
          ],
        },
        "... on StatusPagePayload { statusPage { title } }",
      );
      await confirmedSubscriber(api, workspaceId, READS);
    });

    it("sends a short incident's resolution only once its opening is answered, whichever job runs first", async () => {
      const { services } = api.server;
      // The opening's copy reaches the SMTP server, which keeps its answer: its mailing is unfinished.
      const held = smtp.hold((m) => m.to.includes(READS) && /under attack/.test(readable(m)));
      const incident = await flood(api, short);
      await held.received;
      await calm(api, short);
      const resolution = await waitFor("the resolution's mailing", async () => {
        const [row] = await services.database.sql.query<{ id: string }>(
          "SELECT id FROM status_page_mailing WHERE key = $1",
          [`incident:${incident}:RESOLVED`],
        );
        return row;
      });
      // The resolution's sending run here to its end (its own job may run too): the page's mailings
      // are being sent, so it sends nothing and leaves its mailing to that run, after the opening.
      await runPageMailings(services, resolution.id);
      // Not a copy of it claimed, let alone sent (a claim comes before a send, and a run that claims
      // nothing more finishes the mailing).
      const [state] = await services.database.sql.query<{ finished: boolean; claimed: number }>(
        `SELECT finished_at IS NOT NULL AS finished,
                (SELECT count(*)::int FROM status_page_delivery WHERE mailing_id = $1) AS claimed
           FROM status_page_mailing WHERE id = $1`,
        [resolution.id],
      );
      assert.deepEqual(state, { finished: false, claimed: 0 }, "the resolution waits");
      assert.deepEqual(subjectsTo(READS), ["Edge Short: under attack"]);
      held.release();
      await waitFor("the resolved e-mail", () => (subjectsTo(READS).length === 2 ? true : undefined));
      assert.deepEqual(subjectsTo(READS), ["Edge Short: under attack", "Edge Short: resolved"]);
      await eventsHandled(api, incident);
    });

    /**
     * The node's digest jobs as they are queued (delayed until the hour allows another e-mail),
     * each run on demand through the queue (as the job due then), so no test waits an hour.
     */
    const digestJobs: { data: unknown; delayMs: number }[] = [];
    let dueRuns = 0;
    before(() => {
      const { jobs } = api.server.services;
      const enqueue = jobs.enqueue.bind(jobs);
      jobs.enqueue = (name, data, options) => {
        if (name === NODE_DIGEST_JOB) digestJobs.push({ data, delayMs: options?.delayMs ?? 0 });
        return enqueue(name, data, options);
      };
    });
    const runDigestJob = async (job: { data: unknown }) => {
      const { jobs } = api.server.services;
      const done = new Promise<string>((resolve) =>
        jobs.onOutcome((name, outcome) => name === NODE_DIGEST_JOB && resolve(outcome)),
      );
      await jobs.enqueue(NODE_DIGEST_JOB, job.data, { jobId: `due-now-${++dueRuns}` });
      assert.equal(await done, "completed");
    };
    const digestsOf = async (nodeId: string) => {
      const rows = await api.server.services.database.sql.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM status_page_mailing WHERE key LIKE 'digest:%' AND node_id = $1",
        [rawId(nodeId)],
      );
      return rows[0]?.n ?? 0;
    };
    /** As if the hour had passed: the node's e-mails so far are older than it. */
    const hourPassed = (nodeId: string) =>
      api.server.services.database.sql.query(
        "UPDATE status_page_mailing SET created_at = created_at - interval '61 minutes' WHERE node_id = $1",
        [rawId(nodeId)],
      );
    /** Everything mailed so far has reached READS: a notice posted now is the next e-mail. */
    const sentinel = async (message: string) => {
      await mutateOk(
        api,
        owner,
        "addStatusPageNotice",
        {
          workspaceId,
          startsAt: new Date(Date.now() + 3_600_000).toISOString(),
          endsAt: new Date(Date.now() + 7_200_000).toISOString(),
          message,
        },
        "... on StatusPagePayload { statusPage { title } }",
      );
      await waitFor(message, () => mailsTo(READS).find((m) => readable(m).includes(message)));
      assert.match(subjectsTo(READS).at(-1) ?? "", /^Scheduled maintenance/);
    };
    const flapSubjects = (node = "Edge Flap") => subjectsTo(READS).filter((s) => s.startsWith(node));

    it("holds a flapping node's events past 3 e-mails an hour: a resolution leaving it calm sends them at once, once an hour; the rest wait for the delayed digest job", async () => {
      const { sql } = api.server.services.database;
      // Three short incidents: opened, resolved, opened are mailed; the next three events are held.
      // The first held one, a resolution leaving the node calm, is sent at once (a "digest" of one
      // event is that event's own e-mail; the hour's one e-mail beyond the cap); the next two wait for the hour.
      for (const offset of [150, 100, 50]) {
        const incident = await flood(api, flapping, offset);
        await calm(api, flapping, offset);
        await eventsHandled(api, incident);
      }
      const held = await sql.query<{ key: string; digested: boolean }>(
        `SELECT key, digest_id IS NOT NULL AS digested FROM status_page_mailing
          WHERE node_id = $1 AND held_at IS NOT NULL ORDER BY seq`,
        [rawId(flapping.nodeId)],
      );
      assert.deepEqual(
        held.map((h) => [h.key.split(":")[2], h.digested]),
        [
          ["RESOLVED", true],
          ["OPENED", false],
          ["RESOLVED", false],
        ],
      );
      await sentinel("Flap sentinel");
      assert.deepEqual(flapSubjects().slice(0, 3), [
        "Edge Flap: under attack",
        "Edge Flap: resolved",
        "Edge Flap: under attack",
      ]);
      assert.equal(flapSubjects()[3], "Edge Flap: resolved", "one held event is mailed as itself");
      assert.equal(
        flapSubjects().length,
        4,
        "the later resolution sent nothing early: the hour has had its digest",
      );
      // The digest job is queued for when the hour allows another e-mail (a second late).
      assert.ok(digestJobs.length > 0, "a digest job is queued");
      for (const job of digestJobs) {
        assert.ok(job.delayMs > 3_600_000 - 5 * 60_000, `due in about an hour, not in ${job.delayMs} ms`);
        assert.ok(job.delayMs <= 3_600_000 + 1_000, `due in about an hour, not in ${job.delayMs} ms`);
      }
      // Run before its time (the database's hour still full): it makes nothing, and queues itself again.
      const queued = digestJobs.length;
      await runDigestJob(digestJobs[0] as { data: unknown });
      assert.equal(await digestsOf(flapping.nodeId), 1);
      assert.ok(digestJobs.length > queued, "queued again for the hour's end");
      // Due: the job sends the two held events in one digest; run again, it finds nothing to send.
      await hourPassed(flapping.nodeId);
      await runDigestJob(digestJobs[0] as { data: unknown });
      await runDigestJob(digestJobs[0] as { data: unknown });
      const digest = await waitFor("the digest", () =>
        mailsTo(READS).find((m) => /Edge Flap: 1 attack started, 1 ended since/.test(readable(m))),
      );
      assert.match(readable(digest), /Since \d{4}-\d\d-\d\d \d\d:\d\d UTC: 1 attack started and 1 ended\./);
      assert.match(readable(digest), /Edge Flap is operational now: no attack under way\./);
      assert.match(readable(digest), /List-Unsubscribe-Post: List-Unsubscribe=One-Click/);
      // The sweep (standing in for a lost job) finds nothing more either.
      await sendDueDigests(api.server.services);
      await sentinel("Flap sentinel 2");
      assert.equal(flapSubjects().length, 5, "one digest, however often the job and the sweep ran");
      assert.equal(await digestsOf(flapping.nodeId), 2);
    });

    it("sends a flapping node's digest early when its incident resolves, after the page's earlier mailings, and the delayed job then sends nothing", async () => {
      const { sql } = api.server.services.database;
      // Opened, resolved, opened are mailed; the resolution is held and mailed at once as a digest.
      for (const offset of [100, 50]) {
        const incident = await flood(api, again, offset);
        await calm(api, again, offset);
        await eventsHandled(api, incident);
      }
      await sentinel("Flap sentinel 3");
      assert.deepEqual(flapSubjects("Edge Again").slice(0, 3), [
        "Edge Again: under attack",
        "Edge Again: resolved",
        "Edge Again: under attack",
      ]);
      assert.equal(
        flapSubjects("Edge Again")[3],
        "Edge Again: resolved",
        "one held event is mailed as itself",
      );
      assert.equal(flapSubjects("Edge Again").length, 4);
      // Made after every other mailing about the node (seq), and sent after them.
      const order = await sql.query<{ key: string }>(
        "SELECT key FROM status_page_mailing WHERE node_id = $1 AND held_at IS NULL ORDER BY seq DESC LIMIT 1",
        [rawId(again.nodeId)],
      );
      assert.match(order[0]?.key ?? "", /^digest:/);
      // The job queued when the resolution was held runs when due: nothing is held, nothing is sent.
      const job = digestJobs
        .filter((j) => (j.data as { nodeId: string }).nodeId === rawId(again.nodeId))
        .at(-1);
      assert.ok(job, "a digest job was queued when the resolution was held");
      await runDigestJob(job);
      await hourPassed(again.nodeId);
      await runDigestJob(job);
      await sendDueDigests(api.server.services);
      await sentinel("Flap sentinel 4");
      assert.equal(flapSubjects("Edge Again").length, 4, "no second digest");
      assert.equal(await digestsOf(again.nodeId), 1);
    });

    const GREY = `greylisted-${engine}@example.com`;
    const postNotice = (message: string) =>
      mutateOk(
        api,
        owner,
        "addStatusPageNotice",
        {
          workspaceId,
          startsAt: new Date(Date.now() + 3_600_000).toISOString(),
          endsAt: new Date(Date.now() + 7_200_000).toISOString(),
          message,
        },
        "... on StatusPagePayload { statusPage { title } }",
      );
    const noticeMailing = (message: string) =>
      waitFor(`the mailing of "${message}"`, async () => {
        const [row] = await api.server.services.database.sql.query<{ id: string }>(
          "SELECT id FROM status_page_mailing WHERE content->>'message' = $1",
          [message],
        );
        return row;
      });
    const copyTo = async (mailingId: string, email: string) => {
      const [row] = await api.server.services.database.sql.query<{
        error: string | null;
        waiting: boolean;
      }>(
        `SELECT d.error, d.retry_since IS NOT NULL AS waiting FROM status_page_delivery d
           JOIN status_page_subscriber s ON s.id = d.subscriber_id
          WHERE d.mailing_id = $1 AND s.email = $2`,
        [mailingId, email],
      );
      return row;
    };
    const finished = async (mailingId: string) => {
      const [row] = await api.server.services.database.sql.query<{ finished: boolean }>(
        "SELECT finished_at IS NOT NULL AS finished FROM status_page_mailing WHERE id = $1",
        [mailingId],
      );
      return row?.finished === true;
    };
    /** The mailing's retry, as its job runs it after its backoff (the page may be someone else's for a moment). */
    const retried = (mailingId: string) =>
      waitFor("the mailing's retry run", async () => {
        await runPageMailings(api.server.services, mailingId).catch(() => {});
        return finished(mailingId);
      });
    const mailsWith = (address: string, text: string) =>
      mailsTo(address).filter((m) => readable(m).includes(text));

    it("lets the page's next mailing go ahead of a copy refused with a temporary failure, and drops that copy once a later one reached its subscriber", async () => {
      await confirmedSubscriber(api, workspaceId, GREY);
      // GREY's server answers its copy of the first notice 451 (greylisting), however often it is tried.
      const greylist = smtp.refuse((m) => m.to.includes(GREY) && readable(m).includes("Grey first"));
      await postNotice("Grey first");
      const first = await noticeMailing("Grey first");
      await greylist.first;
      await waitFor("the first notice to the other subscriber", () => mailsWith(READS, "Grey first")[0]);
      await postNotice("Grey second");
      // The next notice reaches everyone, GREY included, while GREY's copy of the first still waits
      // for its retry: one subscriber's retry holds nobody back.
      await waitFor("the second notice to the other subscriber", () => mailsWith(READS, "Grey second")[0]);
      await waitFor("the second notice to GREY", () => mailsWith(GREY, "Grey second")[0]);
      const waiting = await copyTo(first.id, GREY);
      assert.equal(waiting?.waiting, true, "GREY's copy of the first notice waits for its retry");
      assert.match(waiting?.error ?? "", /451/);
      assert.equal(mailsWith(GREY, "Grey first").length, 0, "GREY's copy of the first notice is unsent");
      assert.equal(await finished(first.id), false, "the first notice waits for its retry");
      // A notice names no node and supersedes nothing: a retry now tries GREY's copy again.
      // (The job's own retry may hold the page at the moment: a run until one more try was made.)
      const triesBefore = greylist.refused.length;
      await waitFor("GREY's copy to be tried again", async () => {
        await runPageMailings(api.server.services, first.id).catch(() => {});
        return greylist.refused.length > triesBefore;
      });
      assert.equal(
        (await copyTo(first.id, GREY))?.waiting,
        true,
        "tried again, not superseded by other news",
      );
      // An incident's resolution supersedes its opening (one node). Made two mailings about one
      // node, as those are:
      const second = await noticeMailing("Grey second");
      // Changed, and the tries counted, under the page's own lock: a retry of the job's that had
      // read the mailing before the change and was still sending GREY's copy would count a try
      // after this point and look like one the change did not stop.
      let tries = -1;
      await waitFor("the page's mailing lock", async () => {
        const { database } = api.server.services;
        const held = await database.tryExclusive(`status-page-mailings:${rawId(workspaceId)}`, async () => {
          await database.sql.query("UPDATE status_page_mailing SET node_id = $1 WHERE id = ANY($2::uuid[])", [
            randomUUID(),
            [first.id, second.id],
          ]);
          tries = greylist.refused.length;
        });
        return held.ran;
      });
      // Its retry: GREY has the later mailing about that node, so the old one is dropped, not tried again.
      await retried(first.id);
      assert.deepEqual(await copyTo(first.id, GREY), { error: SUPERSEDED, waiting: false });
      assert.equal(greylist.refused.length, tries, "not tried again");
      assert.deepEqual(
        mailsTo(GREY).map((m) => (readable(m).includes("Grey first") ? "first" : "second")),
        ["second"],
      );
      greylist.lift();
    });

    it("sends a copy refused with a temporary failure on its retry when nothing later reached its subscriber", async () => {
      const greylist = smtp.refuse((m) => m.to.includes(GREY) && readable(m).includes("Grey third"));
      await postNotice("Grey third");
      const third = await noticeMailing("Grey third");
      await greylist.first;
      await waitFor("the mailing's first pass", async () => (await copyTo(third.id, GREY))?.waiting);
      greylist.lift();
      await retried(third.id);
      assert.deepEqual(await copyTo(third.id, GREY), { error: null, waiting: false });
      assert.equal(mailsWith(GREY, "Grey third").length, 1);
      await api.server.services.database.prisma.statusPageSubscriber.deleteMany({ where: { email: GREY } });
    });
  });

describe("a subscription request does the same work before its answer, whatever the address's state", () => {
  // Recorded: the request's queries (Prisma and SQL) and the jobs it queues. BullMQ (Redis): its
  // jobs run in the worker, apart from the request, so what is recorded while the request runs is
  // the request's own work (the in-process queue starts a job inside enqueue).
  const redisEnv: Record<string, string> = {};
  before(() => Object.assign(redisEnv, env, { REDIS_URL: testRedisDatabase(2) }));
  const api = useTestApi("pglite", redisEnv);
  // Redis keeps the rate limits' counts from run to run: names of this run's own.
  const run = randomBytes(4).toString("hex");
  const slug = `same-work-${run}`;
  const recording = new AsyncLocalStorage<string[]>();

  before(async () => {
    const owner = await api.signup(`same-work-owner-${run}@example.com`);
    const workspaceId = await createWorkspace(api, owner, slug);
    await mutateOk(
      api,
      owner,
      "updateStatusPage",
      { workspaceId, enabled: true, public: true, title: "Same work", nodes: [], allowSubscriptions: true },
      "... on StatusPagePayload { statusPage { title } }",
    );
    const database = api.server.services.database;
    const base = database.prisma;
    database.prisma = base.$extends({
      query: {
        async $allOperations({ model, operation, args, query }) {
          recording.getStore()?.push(`${model ?? "raw"}.${operation}`);
          return query(args);
        },
      },
    }) as unknown as typeof base;
    const sqlQuery = database.sql.query.bind(database.sql);
    database.sql.query = (statement, params) => {
      recording.getStore()?.push(`sql:${typeof statement === "string" ? statement : statement.text}`);
      return sqlQuery(statement, params);
    };
    const { jobs } = api.server.services;
    const enqueue = jobs.enqueue.bind(jobs);
    jobs.enqueue = (name, data, options) => {
      recording.getStore()?.push(`job:${name}`);
      return enqueue(name, data, options);
    };
  });

  const subscribeRecorded = async (email: string) => {
    const work: string[] = [];
    const answer = await recording.run(work, () =>
      mutate(api, {}, "subscribeToStatusPage", { slug, email }, SUBSCRIBE),
    );
    assert.deepEqual(answer.payload, { __typename: "SubscribeToStatusPagePayload", accepted: true });
    return work;
  };

  it("reads and writes the address only after answering, so a new, a pending and a confirmed address cost the same", async () => {
    const CONFIRMED = `same-confirmed-${run}@example.com`;
    const PENDING = `same-pending-${run}@example.com`;
    const NEW = `same-new-${run}@example.com`;
    await subscribeRecorded(CONFIRMED);
    const mail = await waitFor("the confirmation", () => mailsTo(CONFIRMED)[0]);
    const token = tokenIn(mail, `s/${slug}/confirm`);
    await mutateOk(
      api,
      {},
      "confirmStatusPageSubscription",
      { token },
      "... on ConfirmStatusPageSubscriptionPayload { slug }",
    );
    await subscribeRecorded(PENDING);
    await waitFor("the pending one's confirmation", () => mailsTo(PENDING)[0]);

    const forNew = await subscribeRecorded(NEW);
    const forPending = await subscribeRecorded(PENDING);
    const forConfirmed = await subscribeRecorded(CONFIRMED);
    assert.ok(forNew.length > 0, "the request's work is recorded");
    assert.deepEqual(forPending, forNew, "a pending address: the same work as a new one");
    assert.deepEqual(forConfirmed, forNew, "a confirmed address: the same work as a new one");
    // And after the answer, the job did what the state asks: only the new address is mailed.
    await requestsHandled(api, slug);
    await waitFor("the new address's confirmation", () => mailsTo(NEW)[0]);
    assert.equal(mailsTo(PENDING).length, 1, "a pending address: once per 5 minutes");
    assert.equal(mailsTo(CONFIRMED).length, 1, "a confirmed address: nothing");
  });
});

import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { Webhook } from "standardwebhooks";
import { deliverAlert, dispatchIncidentAlerts } from "../src/alerts/alert.jobs.ts";
import { type IncidentContext, loadIncidentContext, queueDeliveries } from "../src/alerts/alert.store.ts";
import { incidentLink } from "../src/alerts/incident-link.ts";
import { Receivers, startSmtp, waitFor } from "./alert-receivers.ts";
import { createEnrollmentToken, enrollAgent, invite, mutate, rawId } from "./fixtures.ts";
import { type Caller, createWorkspace, type TestApi, useTestApi } from "./harness.ts";
import { report, sample } from "./telemetry-client.ts";

/**
 * Alerting end to end on the embedded engine: channels of every kind pointed at loopback
 * stand-ins for the providers (and a real SMTP server), an agent's flood opening an incident,
 * each provider's documented payload shape checked, then retries, a hanging receiver,
 * escalation with acknowledgement, maintenance suppression and MSP sharing.
 */
const receivers = new Receivers();
let smtp: Awaited<ReturnType<typeof startSmtp>>;
const env: Record<string, string> = {};
const secret = () => `whsec_${randomBytes(32).toString("base64")}`;

before(async () => {
  await receivers.start();
  smtp = await startSmtp();
  Object.assign(env, {
    ALERTS_ALLOW_PRIVATE_TARGETS: "true",
    ALERTS_TIMEOUT_MS: "8000",
    ALERTS_RETRY_BASE_MS: "100",
    ALERTS_PAGERDUTY_URL: `${receivers.base}/pagerduty/v2/enqueue`,
    ALERTS_OPSGENIE_URL: `${receivers.base}/opsgenie`,
    ALERTS_TELEGRAM_URL: `${receivers.base}/telegram`,
    ALERTS_TWILIO_URL: `${receivers.base}/twilio`,
    PUBLIC_WEB_URL: "https://levee.example",
    SMTP_URL: smtp.url,
    SMTP_FROM: "Levee <alerts@levee.example>",
  });
});
after(async () => {
  await receivers.close();
  await smtp.close();
});

const CHANNEL = "... on AlertChannelPayload { channel { id name kind settings secrets { field hint } } }";

async function channel(
  api: TestApi,
  caller: Caller,
  workspaceId: string,
  kind: string,
  name: string,
  settings: object,
) {
  const result = await mutate(
    api,
    caller,
    "createAlertChannel",
    { workspaceId, kind, name, settings },
    CHANNEL,
  );
  assert.equal(result.payload?.__typename, "AlertChannelPayload", JSON.stringify(result));
  return result.payload?.channel as { id: string; secrets: { field: string; hint: string }[] };
}

async function agentIn(api: TestApi, caller: Caller, workspaceId: string, host: string) {
  return {
    token: (await enrollAgent(api, await createEnrollmentToken(api, caller, workspaceId), host)).token,
  };
}

/** One flood second (a minute ago): opens an incident on the agent's node; returns its raw id. */
async function flood(api: TestApi, agent: Caller, offsetSeconds = 60) {
  const payload = await report(api, agent, [sample(Date.now() - offsetSeconds * 1000, 60_000)]);
  return rawId(payload.detection.incidentId as string);
}

/** 31 quiet seconds after the flood second: the incident resolves. */
async function calm(api: TestApi, agent: Caller, offsetSeconds = 60) {
  const start = Date.now() - offsetSeconds * 1000;
  await report(
    api,
    agent,
    Array.from({ length: 31 }, (_, i) => sample(start + (i + 1) * 1000, 100)),
  );
}

async function deliveries(api: TestApi, incidentId: string) {
  return api.server.services.database.prisma.alertDelivery.findMany({
    where: { incidentId },
    include: { channel: true, log: { orderBy: { attempt: "asc" } } },
    orderBy: [{ createdAt: "asc" }, { step: "asc" }],
  });
}

const json = (body: string) => JSON.parse(body) as Record<string, any>;

/** Waits until every event of the incident was handled (its outbox rows are gone). */
async function eventsHandled(api: TestApi, incident: string) {
  const { sql } = api.server.services.database;
  await waitFor(
    "the incident's events handled",
    async () =>
      (await sql.query("SELECT 1 FROM incident_event_outbox WHERE incident_id = $1", [incident])).length ===
      0,
  );
}

/**
 * A new workspace whose node flooded and calmed down: its incident resolved and both events were
 * handled while no channel was there. Returns the workspace and the incident's row.
 */
async function resolvedIncident(api: TestApi, owner: Caller, name: string) {
  const ws = await createWorkspace(api, owner, name);
  const agent = await agentIn(api, owner, ws, `${name}-1`);
  const incident = await flood(api, agent);
  await calm(api, agent);
  await eventsHandled(api, incident);
  const row = await api.server.services.database.prisma.incident.findUniqueOrThrow({
    where: { id: incident },
  });
  return { ws, incident, row };
}

/** An event of the incident as its job hands it to the consumers, dated `at`. */
const eventOf = (
  row: { id: string; nodeId: string; workspaceId: string },
  kind: "OPENED" | "UPDATED" | "RESOLVED",
  at: Date,
) => ({ kind, incidentId: row.id, nodeId: row.nodeId, workspaceId: row.workspaceId, at: at.toISOString() });

/** What PagerDuty received for this incident, as "routing_key action", in order. */
const pagerDutyEvents = (incident: string) =>
  receivers
    .on("/pagerduty/")
    .map((r) => json(r.body))
    .filter((e) => e.dedup_key === incident)
    .map((e) => `${e.routing_key} ${e.event_action}`);

/**
 * A resolved incident (resolvedIncident) with a PagerDuty channel made after it, the incident's
 * last change set to `updatedAt` (SQL, on the database's clock), and its alerting context.
 */
async function resolvedWithChannel(api: TestApi, owner: Caller, name: string, updatedAt: string) {
  const resolved = await resolvedIncident(api, owner, name);
  const ch = await channel(api, owner, resolved.ws, "PAGERDUTY", name, { routingKey: `rk-${name}` });
  const { prisma, sql } = api.server.services.database;
  await sql.query(`UPDATE incident SET updated_at = ${updatedAt} WHERE id = $1`, [resolved.incident]);
  const context = await loadIncidentContext(prisma, resolved.incident);
  assert.ok(context);
  return { ...resolved, channelId: rawId(ch.id), context };
}

/**
 * Inserts one delivery row due at its `dueAt`, read back before it is due: a row the overdue
 * sweep could take at once would be missing from queueDeliveries' answer (it returns PENDING rows).
 */
async function insertDelivery(api: TestApi, context: IncidentContext, row: ReturnType<typeof pending>) {
  const { prisma, sql } = api.server.services.database;
  const [inserted] = await queueDeliveries(prisma, context, [
    { ...row, dueAt: new Date(Date.now() + 3_600_000) },
  ]);
  assert.ok(inserted);
  await sql.query("UPDATE alert_delivery SET due_at = $2 WHERE id = $1", [inserted.id, row.dueAt]);
  return inserted;
}

/** The delivery once neither pending nor being sent. */
async function settledDelivery(api: TestApi, incident: string, id: string) {
  return waitFor("the delivery settled", async () => {
    const found = (await deliveries(api, incident)).find((d) => d.id === id);
    return found && found.status !== "PENDING" && found.status !== "SENDING" ? found : undefined;
  });
}

/** A delivery row as an OPENED plans one (step and due time given), not queued as a job. */
const pending = (
  channelId: string,
  kind: "OPENED" | "UPDATED" | "RESOLVED",
  step: number,
  dueAt = new Date(),
) => ({
  channelId,
  eventKey: kind,
  eventKind: kind,
  state: "x",
  step,
  dueAt,
  status: "PENDING" as const,
});

describe("alerting", () => {
  const api = useTestApi("pglite", env);
  let owner: Caller & { userId: string };
  let workspaceId: string;
  let whsecCurrent: string;
  let whsecPrevious: string;

  before(async () => {
    owner = await api.signup("alerts-owner@example.com");
    workspaceId = await createWorkspace(api, owner, "alerts");
  });

  it("refuses bad channel settings with a path for each problem", async () => {
    const bad = async (kind: string, settings: object) => {
      const result = await mutate(
        api,
        owner,
        "createAlertChannel",
        { workspaceId, kind, name: `bad-${kind}`, settings },
        "... on ValidationError { fieldErrors { path message } }",
      );
      assert.equal(result.payload?.__typename, "ValidationError", JSON.stringify(result));
      return ((result.payload?.fieldErrors ?? []) as { path: string; message: string }[]).map(
        (e) => `${e.path}: ${e.message}`,
      );
    };
    assert.deepEqual(await bad("SLACK", { url: "not a url" }), ["input.settings.url: is not a valid URL"]);
    assert.deepEqual(await bad("WEBHOOK", { url: `${receivers.base}/x` }), [
      "input.settings.signingSecret: is required (a secret)",
    ]);
    assert.deepEqual(await bad("WEBHOOK", { url: `${receivers.base}/x`, signingSecret: "hunter2" }), [
      "input.settings.signingSecret: must be a Standard Webhooks secret: whsec_ + 24–64 bytes in base64",
    ]);
    assert.deepEqual(
      await bad("SMS", { accountSid: "AC1", authToken: "t", fromNumber: "0041 79", toNumber: "+12" }),
      [
        "input.settings.fromNumber: must be an E.164 phone number such as +14155550100",
        "input.settings.toNumber: must be an E.164 phone number such as +14155550100",
      ],
    );
    assert.deepEqual(await bad("EMAIL", { emails: ["ops@example.com", "nobody"] }), [
      'input.settings.emails: "nobody" is not an e-mail address',
    ]);
    assert.deepEqual(await bad("PAGERDUTY", { routingKey: "k", url: "https://x.example" }), [
      "input.settings.url: is not used by PAGERDUTY channels",
    ]);
    // Without ALERTS_ALLOW_PRIVATE_TARGETS: loopback, metadata and private targets are refused.
    api.server.services.config.alerts.allowPrivateTargets = false;
    try {
      assert.match((await bad("DISCORD", { url: "https://127.0.0.1/hook" }))[0] ?? "", /loopback, private/);
      assert.match((await bad("DISCORD", { url: "https://169.254.169.254/latest" }))[0] ?? "", /metadata/);
      assert.match((await bad("DISCORD", { url: "https://[::1]/hook" }))[0] ?? "", /loopback/);
      assert.deepEqual(await bad("DISCORD", { url: `${receivers.base}/discord` }), [
        "input.settings.url: must be an https:// URL",
      ]);
    } finally {
      api.server.services.config.alerts.allowPrivateTargets = true;
    }
  });

  it("stores every kind with secrets sealed, never returned", async () => {
    whsecCurrent = secret();
    whsecPrevious = secret();
    const secrets = {
      slack: `${receivers.base}/slack/T000/B000/XXXXsecretSLACK`,
      bot: "123456:telegram-bot-token-abc",
      routing: "R0UT1NGKEYpagerduty0000000000001",
      genie: "eb243592-faa2-4ba2-a551-1afdf565c889",
      twilio: "twilio-auth-token-9f8e7d",
    };
    await channel(api, owner, workspaceId, "SLACK", "slack", { url: secrets.slack });
    await channel(api, owner, workspaceId, "DISCORD", "discord", { url: `${receivers.base}/discord/hook` });
    await channel(api, owner, workspaceId, "TEAMS", "teams", { url: `${receivers.base}/teams/workflow` });
    await channel(api, owner, workspaceId, "TELEGRAM", "telegram", {
      botToken: secrets.bot,
      chatId: "-100123",
    });
    await channel(api, owner, workspaceId, "PAGERDUTY", "pagerduty", { routingKey: secrets.routing });
    await channel(api, owner, workspaceId, "OPSGENIE", "opsgenie", { apiKey: secrets.genie });
    await channel(api, owner, workspaceId, "SMS", "sms", {
      accountSid: "AC0123456789",
      authToken: secrets.twilio,
      fromNumber: "+14155550100",
      toNumber: "+41791234567",
    });
    await channel(api, owner, workspaceId, "EMAIL", "email", {
      emails: ["oncall@example.com", "noc@example.com"],
    });
    const hook = await channel(api, owner, workspaceId, "WEBHOOK", "webhook", {
      url: `${receivers.base}/webhook/levee`,
      signingSecret: whsecCurrent,
      previousSigningSecret: whsecPrevious,
    });
    assert.deepEqual(hook.secrets.map((s) => s.field).sort(), [
      "previousSigningSecret",
      "signingSecret",
      "url",
    ]);
    const listed = await api.gql(
      "query($s: String!) { workspace(slug: $s) { alertChannels { name kind settings secrets { field hint } } } }",
      { s: "alerts" },
      owner,
    );
    const text = JSON.stringify(listed);
    assert.equal(listed.data.workspace.alertChannels.length, 9);
    for (const value of [...Object.values(secrets), whsecCurrent, whsecPrevious])
      assert.ok(!text.includes(value), `secret returned: ${value}`);
    const stored = JSON.stringify(await api.server.services.database.prisma.alertChannel.findMany());
    for (const value of [secrets.bot, secrets.routing, whsecCurrent])
      assert.ok(!stored.includes(value), "sealed at rest");
  });

  it("testAlertChannel sends a signed test that standardwebhooks verifies with either secret", async () => {
    const channels = await api.server.services.database.prisma.alertChannel.findMany({
      where: { name: "webhook" },
    });
    const id = `${Buffer.from(`AlertChannel:${channels[0]?.id}`).toString("base64")}`;
    const result = await mutate(
      api,
      owner,
      "testAlertChannel",
      { channelId: id },
      "... on TestAlertChannelPayload { ok httpStatus latencyMs error }",
    );
    assert.equal(result.payload?.ok, true, JSON.stringify(result));
    const got = receivers.on("/webhook/levee").at(-1);
    assert.ok(got);
    for (const key of [whsecCurrent, whsecPrevious]) {
      const verified = new Webhook(key).verify(got.body, got.headers as Record<string, string>) as Record<
        string,
        any
      >;
      assert.equal(verified.type, "test");
    }
    assert.throws(() => new Webhook(secret()).verify(got.body, got.headers as Record<string, string>));
  });

  let incidentId: string;
  let agent: Caller;

  it("an opened incident reaches every channel in its provider's format", async () => {
    receivers.script("/slack/", [{ status: 429, headers: { "retry-after": "1" } }, { status: 200 }]);
    // Telegram's flood control names its wait only in the JSON answer, with no Retry-After header.
    receivers.script("/telegram/", [
      {
        status: 429,
        body: '{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 2","parameters":{"retry_after":2}}',
      },
      { status: 200 },
    ]);
    agent = await agentIn(api, owner, workspaceId, "edge-1");
    incidentId = await flood(api, agent);
    const paths = [
      "/slack/",
      "/discord/",
      "/teams/",
      "/telegram/",
      "/pagerduty/",
      "/opsgenie/",
      "/twilio/",
      "/webhook/",
    ];
    // A message names its incident by its id or by its link (the page's relay ID).
    const link = incidentLink("https://levee.example", "alerts", incidentId);
    await waitFor("every provider", () =>
      paths.every((p) =>
        receivers
          .on(p)
          .some(
            (r) =>
              r.body.includes(incidentId) || r.body.includes(link) || p === "/twilio/" || p === "/slack/",
          ),
      ),
    );
    await waitFor("the e-mail", () => smtp.mails.length > 0);

    const discord = json(receivers.on("/discord/").at(-1)?.body ?? "{}");
    const embed = discord.embeds[0];
    assert.equal(embed.color, 0xef4444, "HIGH colour (60k pps, 6× the 10k floor)");
    assert.deepEqual(
      embed.fields.map((f: { name: string }) => f.name),
      [
        "Node",
        "Workspace",
        "Severity",
        "Attack family",
        "Confidence",
        // Each metric that crossed its floor, the highest peak / threshold first: 60k of 10k packets/s,
        // 42k of 8k TCP, 15k of 5k UDP, 288 of 100 Mbit/s.
        "Peak packets/s",
        "Peak TCP packets/s",
        "Peak UDP packets/s",
        "Peak bits/s",
        "Started",
      ],
    );
    assert.equal(embed.fields[5].value, "60.0k pps (threshold 10.0k pps)");
    assert.equal(embed.fields[0].value, "edge-1");
    // The web app's incident page (until December 5 `/incidents/<uuid>`, a 404 there).
    assert.equal(embed.url, link);

    const teams = json(receivers.on("/teams/").at(-1)?.body ?? "{}");
    assert.equal(teams.type, "message");
    assert.equal(teams.attachments[0].contentType, "application/vnd.microsoft.card.adaptive");
    assert.equal(teams.attachments[0].content.type, "AdaptiveCard");
    assert.equal(teams.attachments[0].content.body[1].type, "FactSet");

    const telegram = receivers.on("/telegram/").at(-1);
    assert.equal(telegram?.path, "/telegram/bot123456:telegram-bot-token-abc/sendMessage");
    const tg = json(telegram?.body ?? "{}");
    assert.equal(tg.chat_id, "-100123");
    assert.equal(tg.parse_mode, "HTML");
    assert.match(tg.text, /^<b>\[HIGH\] DDoS attack on edge-1/);

    const pd = json(receivers.on("/pagerduty/").at(-1)?.body ?? "{}");
    assert.equal(pd.event_action, "trigger");
    assert.equal(pd.dedup_key, incidentId);
    assert.equal(pd.routing_key, "R0UT1NGKEYpagerduty0000000000001");
    assert.equal(pd.payload.severity, "critical");
    assert.equal(pd.payload.source, "edge-1");
    assert.ok(pd.payload.summary.length > 0);

    const genie = receivers.on("/opsgenie/").at(-1);
    assert.equal(genie?.path, "/opsgenie/v2/alerts");
    assert.equal(genie?.headers.authorization, "GenieKey eb243592-faa2-4ba2-a551-1afdf565c889");
    const og = json(genie?.body ?? "{}");
    assert.equal(og.alias, incidentId);
    assert.equal(og.priority, "P2");
    assert.ok(og.message.length <= 130);

    const sms = receivers.on("/twilio/").at(-1);
    assert.equal(sms?.path, "/twilio/2010-04-01/Accounts/AC0123456789/Messages.json");
    assert.equal(
      sms?.headers.authorization,
      `Basic ${Buffer.from("AC0123456789:twilio-auth-token-9f8e7d").toString("base64")}`,
    );
    const form = new URLSearchParams(sms?.body);
    assert.equal(form.get("To"), "+41791234567");
    assert.equal(form.get("From"), "+14155550100");
    assert.match(form.get("Body") ?? "", /DDoS attack on edge-1/);

    const hook = receivers.on("/webhook/").at(-1);
    const event = new Webhook(whsecCurrent).verify(
      hook?.body ?? "",
      hook?.headers as Record<string, string>,
    ) as Record<string, any>;
    assert.equal(event.type, "incident.opened");
    assert.equal(event.data.incidentId, incidentId);

    const mail = smtp.mails.at(-1);
    assert.deepEqual(mail?.to.sort(), ["noc@example.com", "oncall@example.com"]);
    assert.match(mail?.raw ?? "", /Content-Type: text\/plain/);
    assert.match(mail?.raw ?? "", /Content-Type: text\/html/);
    assert.match(mail?.raw ?? "", /Subject: \[HIGH\] DDoS attack on edge-1/);

    // Slack answered 429 with Retry-After: 1 first; the retry waited for it and then got through.
    const slack = await waitFor("the Slack retry", async () => {
      const row = (await deliveries(api, incidentId)).find((d) => d.channel.kind === "SLACK");
      return row?.status === "SENT" ? row : undefined;
    });
    assert.deepEqual(
      slack.log.map((a) => [a.outcome, a.httpStatus]),
      [
        ["RETRY", 429],
        ["SENT", 200],
      ],
    );
    const [first, second] = receivers.on("/slack/").slice(-2);
    assert.ok((second?.at ?? 0) - (first?.at ?? 0) >= 900, "Retry-After honoured");
    // Telegram's retry waited the 2 s its answer asked for (the backoff here is 100 ms).
    const telegramRow = await waitFor("the Telegram retry", async () => {
      const row = (await deliveries(api, incidentId)).find((d) => d.channel.kind === "TELEGRAM");
      return row?.status === "SENT" ? row : undefined;
    });
    assert.deepEqual(
      telegramRow.log.map((a) => [a.outcome, a.httpStatus]),
      [
        ["RETRY", 429],
        ["SENT", 200],
      ],
    );
    const [refused, retried] = receivers.on("/telegram/").slice(-2);
    assert.ok((retried?.at ?? 0) - (refused?.at ?? 0) >= 1900, "retry_after in the answer honoured");
    const blocks = json(second?.body ?? "{}").blocks;
    assert.deepEqual(
      blocks.map((b: { type: string }) => b.type),
      ["header", "section", "actions"],
    );
  });

  it("the resolution resolves the one PagerDuty incident and closes the OpsGenie alert", async () => {
    // 150k pps: 15× the floor, CRITICAL — an UPDATED on the same PagerDuty incident.
    await report(api, agent, [sample(Date.now() - 59_000, 150_000)]);
    await waitFor("PagerDuty update", () => receivers.on("/pagerduty/").length === 2);
    await calm(api, agent, 59);
    await waitFor("PagerDuty resolve", () =>
      receivers.on("/pagerduty/").some((r) => json(r.body).event_action === "resolve"),
    );
    await waitFor(
      "OpsGenie close",
      () => receivers.on(`/opsgenie/v2/alerts/${incidentId}/close`).length === 1,
    );
    const pd = receivers.on("/pagerduty/").map((r) => json(r.body));
    assert.deepEqual(new Set(pd.map((e) => e.dedup_key)), new Set([incidentId]), "one PagerDuty incident");
    assert.deepEqual(
      pd.map((e) => [e.event_action, e.payload?.severity]),
      [
        ["trigger", "critical"],
        ["trigger", "critical"],
        ["resolve", undefined],
      ],
    );
    const log = await api.gql(
      "query($id: ID!) { node(id: $id) { ... on Incident { alertDeliveries { channelKind event status attempts log { outcome latencyMs } } } } }",
      { id: Buffer.from(`Incident:${incidentId}`).toString("base64") },
      owner,
    );
    const rows = log.data.node.alertDeliveries as { channelKind: string; event: string; status: string }[];
    await waitFor("every delivery sent", async () =>
      (await deliveries(api, incidentId)).every((d) => d.status === "SENT"),
    );
    assert.equal(rows.filter((r) => r.event === "OPENED").length, 9);
    assert.ok(rows.filter((r) => r.event === "RESOLVED").length >= 8);
  });

  it("a resolution never overtakes its trigger while the trigger is being retried", async () => {
    const ws = await createWorkspace(api, owner, "order");
    await channel(api, owner, ws, "PAGERDUTY", "pager", { routingKey: "rk-order" });
    receivers.script("/pagerduty/", [{ status: 503, headers: { "retry-after": "1" } }, { status: 202 }]);
    const orderAgent = await agentIn(api, owner, ws, "order-1");
    const incident = await flood(api, orderAgent);
    await calm(api, orderAgent);
    const mine = () =>
      receivers
        .on("/pagerduty/")
        .map((r) => json(r.body))
        .filter((e) => e.dedup_key === incident);
    await waitFor("the resolve", () => mine().some((e) => e.event_action === "resolve"));
    assert.deepEqual(
      mine().map((e) => e.event_action),
      ["trigger", "trigger", "resolve"],
      "the resolve waited for the retried trigger",
    );
  });

  it("an OPENED handled after its incident's resolution is sent then resolved; a late UPDATED says nothing", async () => {
    // Both events handled while no channel was there: what a RESOLVED handled before its OPENED
    // (that job died with its process; the relay hands it later) finds, no channel told.
    const { ws, incident, row } = await resolvedIncident(api, owner, "late");
    const { prisma } = api.server.services.database;
    await channel(api, owner, ws, "PAGERDUTY", "pager", { routingKey: "rk-late" });
    assert.equal(row.status, "RESOLVED");
    const late = (kind: "OPENED" | "UPDATED") => eventOf(row, kind, row.startedAt);
    const mine = () =>
      receivers
        .on("/pagerduty/")
        .map((r) => json(r.body))
        .filter((e) => e.dedup_key === incident);

    await dispatchIncidentAlerts(api.server.services, late("OPENED"));
    await waitFor("the resolve", () => mine().some((e) => e.event_action === "resolve"));
    assert.deepEqual(
      mine().map((e) => e.event_action),
      ["trigger", "resolve"],
      "the operator learns of the attack, and its PagerDuty incident is not left open",
    );
    // News (a family found) in an UPDATED handled late would go out as a trigger: PagerDuty re-opens.
    await prisma.incident.update({
      where: { id: incident },
      data: { classification: { family: "udp-flood" } },
    });
    await dispatchIncidentAlerts(api.server.services, late("UPDATED"));
    assert.equal(
      await prisma.alertDelivery.count({ where: { incidentId: incident, eventKind: "UPDATED" } }),
      0,
    );
  });

  it("a late OPENED under an escalation policy opens and resolves its first step's channels once, and plans no later step", async () => {
    const { ws, incident, row } = await resolvedIncident(api, owner, "late-escalation");
    // Routed once the incident is over: what its OPENED finds when its job died with a process and
    // the relay hands it after the resolution.
    const first = await channel(api, owner, ws, "PAGERDUTY", "first", { routingKey: "rk-esc-first" });
    const second = await channel(api, owner, ws, "PAGERDUTY", "second", { routingKey: "rk-esc-second" });
    const steps = [
      { channelIds: [first.id], delaySeconds: 0 },
      // Due long before the resolution: a planned step would count as told when the RESOLVED comes.
      { channelIds: [second.id], delaySeconds: 2 },
    ];
    const policy = await mutate(
      api,
      owner,
      "createEscalationPolicy",
      { workspaceId: ws, name: "late", severities: [], steps, repeat: 1, repeatAfterSeconds: 2 },
      "... on EscalationPolicyPayload { policy { id } }",
    );
    assert.equal(policy.payload?.__typename, "EscalationPolicyPayload", JSON.stringify(policy));
    assert.equal(row.status, "RESOLVED");
    assert.ok(row.endedAt);
    // In the order they happened, as the incidents.event job runs an incident's waiting events.
    await dispatchIncidentAlerts(api.server.services, eventOf(row, "OPENED", row.startedAt));
    await dispatchIncidentAlerts(api.server.services, eventOf(row, "RESOLVED", row.endedAt));
    const settled = await waitFor("every delivery settled", async () => {
      const rows = await deliveries(api, incident);
      return rows.every((d) => d.status !== "PENDING" && d.status !== "SENDING") ? rows : undefined;
    });
    const sent = receivers
      .on("/pagerduty/")
      .map((r) => json(r.body))
      .filter((e) => e.dedup_key === incident)
      .map((e) => `${e.routing_key} ${e.event_action}`);
    assert.deepEqual(sent, ["rk-esc-first trigger", "rk-esc-first resolve"]);
    assert.deepEqual(
      settled.map((d) => [d.channel.name, d.eventKind, d.step, d.status]),
      [
        ["first", "OPENED", 0, "SENT"],
        ["first", "RESOLVED", 0, "SENT"],
      ],
      "no later step planned",
    );
  });

  it("a late OPENED whose first step was not due before the resolution plans nothing", async () => {
    const { ws, incident, row } = await resolvedIncident(api, owner, "late-not-due");
    // "Page only if it lasts an hour": the incident lasted seconds.
    const first = await channel(api, owner, ws, "PAGERDUTY", "patient", { routingKey: "rk-not-due" });
    const steps = [{ channelIds: [first.id], delaySeconds: 3600 }];
    const policy = await mutate(
      api,
      owner,
      "createEscalationPolicy",
      { workspaceId: ws, name: "patient", severities: [], steps, repeat: 1, repeatAfterSeconds: 60 },
      "... on EscalationPolicyPayload { policy { id } }",
    );
    assert.equal(policy.payload?.__typename, "EscalationPolicyPayload", JSON.stringify(policy));
    assert.ok(row.endedAt);
    await dispatchIncidentAlerts(api.server.services, eventOf(row, "OPENED", row.startedAt));
    await dispatchIncidentAlerts(api.server.services, eventOf(row, "RESOLVED", row.endedAt));
    assert.deepEqual(await deliveries(api, incident), [], "no step planned, nothing to resolve");
  });

  it("an OPENED step due after the incident ended is skipped, not sent: nothing would resolve it", async () => {
    const ws = await createWorkspace(api, owner, "due-after-end");
    const first = await channel(api, owner, ws, "PAGERDUTY", "slow", { routingKey: "rk-due-after-end" });
    const steps = [{ channelIds: [first.id], delaySeconds: 3600 }];
    const policy = await mutate(
      api,
      owner,
      "createEscalationPolicy",
      { workspaceId: ws, name: "slow", severities: [], steps, repeat: 1, repeatAfterSeconds: 60 },
      "... on EscalationPolicyPayload { policy { id } }",
    );
    assert.equal(policy.payload?.__typename, "EscalationPolicyPayload", JSON.stringify(policy));
    const slowAgent = await agentIn(api, owner, ws, "due-after-end-1");
    const incident = await flood(api, slowAgent);
    await calm(api, slowAgent);
    const { sql } = api.server.services.database;
    await eventsHandled(api, incident);
    const planned = await deliveries(api, incident);
    const opened = planned.find((d) => d.eventKind === "OPENED" && d.step === 0);
    assert.ok(opened);
    assert.equal(opened.status, "SKIPPED", "the RESOLVED skipped the step not due yet");
    assert.deepEqual(
      planned.filter((d) => d.eventKind !== "OPENED").map((d) => d.eventKind),
      [],
      "nothing told: no resolve planned",
    );
    // The hour passed (moved, not waited for): its job finds nothing to send.
    await sql.query("UPDATE alert_delivery SET due_at = now() WHERE id = $1", [opened.id]);
    await deliverAlert(api.server.services, opened.id);
    const settled = (await deliveries(api, incident)).find((d) => d.id === opened.id);
    assert.equal(settled?.status, "SKIPPED");
    assert.deepEqual(
      receivers.on("/pagerduty/").filter((r) => json(r.body).dedup_key === incident),
      [],
      "no trigger sent",
    );
  });

  it("a first step that came due after the resolution, claimed before the resolution was handled, is skipped", async () => {
    // Resolved a minute ago (on the API's clock); a step planned while it was open ("page if it
    // lasts a minute") came due 10 s ago, and its job ran before the RESOLVED was handled (a
    // backed-up queue).
    const { incident, row, channelId, context } = await resolvedWithChannel(
      api,
      owner,
      "due-in-gap",
      "now() - interval '1 minute'",
    );
    assert.ok(row.endedAt);
    const opened = await insertDelivery(
      api,
      context,
      pending(channelId, "OPENED", 0, new Date(Date.now() - 10_000)),
    );
    await deliverAlert(api.server.services, opened.id);
    // Whoever claims it (this call, or the overdue sweep's job), its first try decides alike.
    const settled = await settledDelivery(api, incident, opened.id);
    assert.equal(settled.status, "SKIPPED");
    assert.equal(settled.lastError, "incident resolved before this step was due");
    await dispatchIncidentAlerts(api.server.services, eventOf(row, "RESOLVED", row.endedAt));
    assert.deepEqual(
      (await deliveries(api, incident)).map((d) => [d.eventKind, d.status]),
      [["OPENED", "SKIPPED"]],
      "nothing told: no resolve planned",
    );
    assert.deepEqual(pagerDutyEvents(incident), [], "no trigger sent");
  });

  /**
   * An incident resolved a minute ago, and its first step (due 10 s ago) left as `tried` says:
   * the columns it set, and whether a request's outcome (RETRY) was logged.
   */
  const firstStepTriedBefore = async (name: string, tried: { set: string; loggedRetry?: boolean }) => {
    const resolved = await resolvedWithChannel(api, owner, name, "now() - interval '1 minute'");
    const { channelId, context } = resolved;
    // Dated ahead while it is set up, so the overdue sweep cannot take it half-made; one
    // statement then makes it due (and its lease lapsed).
    const opened = await insertDelivery(
      api,
      context,
      pending(channelId, "OPENED", 0, new Date(Date.now() + 30 * 60_000)),
    );
    const { sql } = api.server.services.database;
    if (tried.loggedRetry)
      await sql.query(
        `INSERT INTO alert_delivery_attempt (id, delivery_id, attempt, outcome, latency_ms, error)
         VALUES (gen_random_uuid(), $1, 1, 'RETRY', 10000, 'timeout')`,
        [opened.id],
      );
    await sql.query(
      `UPDATE alert_delivery SET ${tried.set}, due_at = now() - interval '10 seconds' WHERE id = $1`,
      [opened.id],
    );
    return { ...resolved, opened };
  };
  /** Claimed by a process that died: its lease lapsed, having started `sends` requests. */
  const lapsed = (sends: number) => ({
    set: `status = 'SENDING', attempts = 1, sends = ${sends}, lease_until = now() - interval '1 second'`,
  });
  /** Its next claim sends the trigger again, and the resolution then resolves it. */
  const sentAgainThenResolved = async (name: string, tried: { set: string; loggedRetry?: boolean }) => {
    const { incident, row, opened } = await firstStepTriedBefore(name, tried);
    assert.ok(row.endedAt);
    await deliverAlert(api.server.services, opened.id);
    const settled = await settledDelivery(api, incident, opened.id);
    assert.equal(settled.status, "SENT", settled.lastError ?? "");
    await dispatchIncidentAlerts(api.server.services, eventOf(row, "RESOLVED", row.endedAt));
    await waitFor(
      "the resolve sent",
      async () =>
        (await deliveries(api, incident)).some((d) => d.eventKind === "RESOLVED" && d.status === "SENT") ||
        undefined,
    );
    assert.deepEqual(pagerDutyEvents(incident), [`rk-${name} trigger`, `rk-${name} resolve`]);
  };

  it("a first step due after the resolution, claimed by a process that died before sending, is skipped on its next claim", async () => {
    const { incident, row, opened } = await firstStepTriedBefore("died-claimed", lapsed(0));
    await deliverAlert(api.server.services, opened.id);
    const settled = await settledDelivery(api, incident, opened.id);
    assert.deepEqual(
      [settled.status, settled.lastError],
      ["SKIPPED", "incident resolved before this step was due"],
    );
    await dispatchIncidentAlerts(api.server.services, eventOf(row, "RESOLVED", row.endedAt ?? new Date()));
    assert.deepEqual(pagerDutyEvents(incident), [], "nothing sent, nothing to resolve");
  });

  it("a first step due after the resolution whose send was started by a process that died is sent again, then resolved", async () => {
    // As above, but a process claimed it and started its request before dying: the receiver may
    // have paged, so the trigger goes out again and its resolve follows it.
    await sentAgainThenResolved("died-mid-send", lapsed(1));
  });

  it("a first step retried after the resolution, tried before by a process of the version before `sends`, is sent again, then resolved", async () => {
    // A rolling deploy: an older process tried it once (a timeout, logged as RETRY, `sends` left
    // at 0), and its retry came due after the incident was resolved.
    await sentAgainThenResolved("legacy-retry", { set: "attempts = 1", loggedRetry: true });
  });

  it("a first step due when the incident was resolved is sent, however long before its samples ended", async () => {
    const { ws, incident, row } = await resolvedIncident(api, owner, "replayed");
    assert.ok(row.endedAt);
    const first = await channel(api, owner, ws, "PAGERDUTY", "replayed", { routingKey: "rk-replayed" });
    const { prisma, sql } = api.server.services.database;
    // An agent's queue replayed after a 20-minute outage: the incident opened and resolved in the
    // same batch, just now on the API's clock, 20 minutes after its samples ended.
    await sql.query(
      "UPDATE incident SET started_at = started_at - interval '20 minutes', ended_at = ended_at - interval '20 minutes', updated_at = now() WHERE id = $1",
      [incident],
    );
    const context = await loadIncidentContext(prisma, incident);
    assert.ok(context);
    const opened = await insertDelivery(
      api,
      context,
      pending(rawId(first.id), "OPENED", 0, new Date(context.updatedAt.getTime() - 5)),
    );
    await deliverAlert(api.server.services, opened.id);
    const settled = await settledDelivery(api, incident, opened.id);
    assert.equal(settled.status, "SENT", settled.lastError ?? "");
  });

  it("a resolution reaches only the channels a trigger reached, or may have", async () => {
    const { ws, incident, row } = await resolvedIncident(api, owner, "resolve-told");
    assert.ok(row.endedAt);
    const told = await channel(api, owner, ws, "PAGERDUTY", "told", { routingKey: "rk-told" });
    const never = await channel(api, owner, ws, "PAGERDUTY", "never", { routingKey: "rk-never-told" });
    const retried = await channel(api, owner, ws, "PAGERDUTY", "retried", { routingKey: "rk-retried" });
    const claimed = await channel(api, owner, ws, "PAGERDUTY", "claimed", { routingKey: "rk-claimed" });
    const failed = await channel(api, owner, ws, "PAGERDUTY", "failed", { routingKey: "rk-failed" });
    const legacy = await channel(api, owner, ws, "PAGERDUTY", "legacy", { routingKey: "rk-legacy" });
    const { prisma, sql } = api.server.services.database;
    // Dated ahead (then made due by hand), so the overdue sweep never takes a row first.
    const ahead = (minutes: number) => new Date(Date.now() + minutes * 60_000);
    const context = await loadIncidentContext(prisma, incident);
    assert.ok(context);
    // Due at the resolution (on the API's clock), not after it: its first try is sent.
    const first = await insertDelivery(api, context, pending(rawId(told.id), "OPENED", 0, context.updatedAt));
    const later = await queueDeliveries(prisma, context, [
      pending(rawId(never.id), "OPENED", 1, ahead(30)),
      pending(rawId(retried.id), "OPENED", 2, ahead(30)),
      pending(rawId(claimed.id), "OPENED", 3, ahead(30)),
      pending(rawId(failed.id), "OPENED", 4, ahead(30)),
      pending(rawId(legacy.id), "OPENED", 5, ahead(30)),
    ]);
    const stepOf = (n: number) => (n === 0 ? first.id : (later.find((d) => d.step === n)?.id as string));
    // The first step is sent; the third was tried once while the incident was open (a timeout:
    // the receiver may have taken it) and waits for its retry. The fourth was claimed by a
    // process that died before sending anything: its claim has lapsed.
    await deliverAlert(api.server.services, stepOf(0));
    await sql.query("UPDATE alert_delivery SET attempts = 1, sends = 1 WHERE id = $1", [stepOf(2)]);
    // Its lease lapses only once the resolution is handled (below): lapsed now, the overdue sweep
    // could claim it first and skip it as a step of a resolved incident.
    await sql.query(
      "UPDATE alert_delivery SET status = 'SENDING', attempts = 1, lease_until = now() + interval '1 hour', due_at = now() WHERE id = $1",
      [stepOf(3)],
    );
    // The fifth failed for good (timeouts) before the resolution was handled: its receiver may
    // have taken one. The sixth was tried once by a process of the version before `sends` (a
    // rolling deploy): only its log says a request was made.
    await sql.query(
      "UPDATE alert_delivery SET status = 'FAILED', attempts = 3, sends = 3, last_error = 'timeout' WHERE id = $1",
      [stepOf(4)],
    );
    await sql.query("UPDATE alert_delivery SET attempts = 1 WHERE id = $1", [stepOf(5)]);
    await sql.query(
      `INSERT INTO alert_delivery_attempt (id, delivery_id, attempt, outcome, latency_ms, error)
       VALUES (gen_random_uuid(), $1, 1, 'RETRY', 10000, 'timeout')`,
      [stepOf(5)],
    );
    // The RESOLVED, handled now, counts all six as told (due before its time, claimed, or a send
    // started). The later steps still pending, claimed after it, are skipped (the incident is
    // over): the one never tried and the one whose claim sent nothing get no resolve, those tried
    // before do, and so does the one that failed.
    await dispatchIncidentAlerts(api.server.services, eventOf(row, "RESOLVED", ahead(60)));
    await sql.query("UPDATE alert_delivery SET lease_until = now() - interval '1 second' WHERE id = $1", [
      stepOf(3),
    ]);
    await sql.query(
      "UPDATE alert_delivery SET due_at = now() WHERE incident_id = $1 AND status = 'PENDING'",
      [incident],
    );
    for (const d of await deliveries(api, incident)) await deliverAlert(api.server.services, d.id);
    const settled = await waitFor("every delivery settled", async () => {
      const rows = await deliveries(api, incident);
      return rows.every((d) => d.status !== "PENDING" && d.status !== "SENDING") ? rows : undefined;
    });
    assert.deepEqual(settled.map((d) => [d.channel.name, d.eventKind, d.status, d.lastError]).sort(), [
      ["claimed", "OPENED", "SKIPPED", "incident resolved"],
      ["claimed", "RESOLVED", "SKIPPED", "no trigger of this incident reached this channel"],
      ["failed", "OPENED", "FAILED", "timeout"],
      ["failed", "RESOLVED", "SENT", null],
      ["legacy", "OPENED", "SKIPPED", "incident resolved"],
      ["legacy", "RESOLVED", "SENT", null],
      ["never", "OPENED", "SKIPPED", "incident resolved"],
      ["never", "RESOLVED", "SKIPPED", "no trigger of this incident reached this channel"],
      ["retried", "OPENED", "SKIPPED", "incident resolved"],
      ["retried", "RESOLVED", "SENT", null],
      ["told", "OPENED", "SENT", null],
      ["told", "RESOLVED", "SENT", null],
    ]);
    const sent = receivers
      .on("/pagerduty/")
      .map((r) => json(r.body))
      .filter((e) => e.dedup_key === incident)
      .map((e) => `${e.routing_key} ${e.event_action}`)
      .sort();
    assert.deepEqual(sent, [
      "rk-failed resolve",
      "rk-legacy resolve",
      "rk-retried resolve",
      "rk-told resolve",
      "rk-told trigger",
    ]);
  });

  it("a resolution waits for a first step due a moment ahead of its clock (another process's), then resolves it", async () => {
    // A late opening and its resolution, handled just now: the first step's due time came from a
    // process whose clock runs 500 ms ahead of the one delivering the resolution.
    const { incident, channelId, context } = await resolvedWithChannel(api, owner, "skewed", "now()");
    const opened = await insertDelivery(
      api,
      context,
      pending(channelId, "OPENED", 0, new Date(context.updatedAt.getTime() + 500)),
    );
    const resolved = await insertDelivery(api, context, pending(channelId, "RESOLVED", 0, context.updatedAt));
    await deliverAlert(api.server.services, resolved.id);
    const early = (await deliveries(api, incident)).find((d) => d.id === opened.id);
    assert.notEqual(early?.status, "SKIPPED", "not skipped as a step not due yet");
    // Claimed once due (this call, the sweep or the resolution's wait, whichever comes first).
    await waitFor("the first step sent", async () => {
      await deliverAlert(api.server.services, opened.id);
      return (await deliveries(api, incident)).find((d) => d.id === opened.id)?.status === "SENT";
    });
    assert.equal((await settledDelivery(api, incident, resolved.id)).status, "SENT");
    assert.deepEqual(pagerDutyEvents(incident), ["rk-skewed trigger", "rk-skewed resolve"]);
  });

  it("an update written after its channel's resolution says nothing, settled or being sent", async () => {
    const services = api.server.services;
    // An incident told to its channel (OPENED sent), then its resolution and an update written.
    const toldThenResolveAndUpdate = async (name: string) => {
      const told = await resolvedWithChannel(api, owner, name, "now()");
      assert.equal((await sendNow(told.context, told.channelId, "OPENED")).status, "SENT");
      const written = (kind: "RESOLVED" | "UPDATED") =>
        insertDelivery(api, told.context, pending(told.channelId, kind, 0, told.context.updatedAt));
      return { ...told, resolve: await written("RESOLVED"), update: await written("UPDATED") };
    };
    const sendNow = async (
      context: IncidentContext,
      channelId: string,
      kind: "OPENED" | "UPDATED" | "RESOLVED",
    ) => {
      const row = await insertDelivery(api, context, pending(channelId, kind, 0, context.updatedAt));
      await deliverAlert(services, row.id);
      return settledDelivery(api, context.id, row.id);
    };
    // Resolved, then an update written late (a consumer that loaded the incident while it was open).
    const after = await resolvedWithChannel(api, owner, "after", "now()");
    assert.equal((await sendNow(after.context, after.channelId, "OPENED")).status, "SENT");
    assert.equal((await sendNow(after.context, after.channelId, "RESOLVED")).status, "SENT");
    const late = await sendNow(after.context, after.channelId, "UPDATED");
    assert.equal(late.status, "SKIPPED");
    assert.equal(
      late.lastError,
      "the incident's resolution was written for this channel; it supersedes the update",
    );
    assert.deepEqual(pagerDutyEvents(after.incident), ["rk-after trigger", "rk-after resolve"]);
    // A resolution skipped (no trigger reached the channel): an update after it would be a trigger alone.
    const never = await resolvedWithChannel(api, owner, "never", "now()");
    assert.equal((await sendNow(never.context, never.channelId, "RESOLVED")).status, "SKIPPED");
    assert.equal((await sendNow(never.context, never.channelId, "UPDATED")).status, "SKIPPED");
    assert.deepEqual(pagerDutyEvents(never.incident), []);
    // Written just after the resolution, handled while the resolution is being sent (SENDING,
    // claimed by another process): sent now, it could reach the provider after the resolve and
    // open the incident again there. Skipped; the resolution goes out alone.
    const before = await toldThenResolveAndUpdate("before");
    const { resolve, update } = before;
    await services.database.sql.query(
      "UPDATE alert_delivery SET status = 'SENDING', attempts = 1, lease_until = now() + interval '1 hour' WHERE id = $1",
      [resolve.id],
    );
    await deliverAlert(services, update.id);
    const skipped = await settledDelivery(api, before.incident, update.id);
    assert.equal(skipped.status, "SKIPPED");
    assert.equal(
      skipped.lastError,
      "the incident's resolution was written for this channel; it supersedes the update",
    );
    // Its claim lapses (that process is gone): the resolution is claimed again and sent, alone.
    await services.database.sql.query(
      "UPDATE alert_delivery SET lease_until = now() - interval '1 second' WHERE id = $1",
      [resolve.id],
    );
    await waitFor("the resolution sent", async () => {
      await deliverAlert(services, resolve.id);
      return (await deliveries(api, before.incident)).find((d) => d.id === resolve.id)?.status === "SENT";
    });
    assert.deepEqual(pagerDutyEvents(before.incident), ["rk-before trigger", "rk-before resolve"]);
    // Written late by a process whose clock runs behind (its row dated before the resolution's),
    // handled once the resolution is written: skipped too. Creation times come from each
    // process's clock, so they do not decide.
    const skewed = await toldThenResolveAndUpdate("skewed-update");
    const { resolve: lateResolve, update: lateUpdate } = skewed;
    await services.database.sql.query(
      "UPDATE alert_delivery SET created_at = (SELECT created_at FROM alert_delivery WHERE id = $1) - interval '500 milliseconds' WHERE id = $2",
      [lateResolve.id, lateUpdate.id],
    );
    await deliverAlert(services, lateUpdate.id);
    assert.equal((await settledDelivery(api, skewed.incident, lateUpdate.id)).status, "SKIPPED");
    await deliverAlert(services, lateResolve.id);
    assert.equal((await settledDelivery(api, skewed.incident, lateResolve.id)).status, "SENT");
    assert.deepEqual(pagerDutyEvents(skewed.incident), [
      "rk-skewed-update trigger",
      "rk-skewed-update resolve",
    ]);
  });

  it("re-checks the address at send time: a target now private is refused (DNS rebinding)", async () => {
    const ws = await createWorkspace(api, owner, "rebind");
    const port = new URL(receivers.base).port;
    const byName = await channel(api, owner, ws, "DISCORD", "by-name", {
      url: `http://localhost:${port}/rebind/a`,
    });
    const byAddress = await channel(api, owner, ws, "DISCORD", "by-ip", {
      url: `${receivers.base}/rebind/b`,
    });
    const test = (channelId: string) =>
      mutate(api, owner, "testAlertChannel", { channelId }, "... on TestAlertChannelPayload { ok error }");
    assert.equal((await test(byName.id)).payload?.ok, true, "allowed while private targets are");
    api.server.services.config.alerts.allowPrivateTargets = false;
    try {
      const named = await test(byName.id);
      assert.equal(named.payload?.ok, false);
      assert.match(named.payload?.error ?? "", /localhost" resolves to .*which alert channels may not reach/);
      const literal = await test(byAddress.id);
      assert.match(
        literal.payload?.error ?? "",
        /127\.0\.0\.1 is a loopback, private, link-local or metadata address/,
      );
      assert.equal(receivers.on("/rebind/").length, 1, "nothing reached the receiver once refused");
    } finally {
      api.server.services.config.alerts.allowPrivateTargets = true;
    }
  });

  it("a receiver that hangs never delays another channel", async () => {
    const ws = await createWorkspace(api, owner, "hang");
    receivers.script("/hang/", ["hang", { status: 204 }]);
    // A shorter deadline for this case only, yet long enough that the fast channel's own job is
    // done well within it on a loaded machine (at 1.5 s, CI once saw it still SENDING: slow, not held).
    const { alerts } = api.server.services.config;
    alerts.timeoutMs = 6000;
    await channel(api, owner, ws, "DISCORD", "hangs", { url: `${receivers.base}/hang/hook` });
    await channel(api, owner, ws, "DISCORD", "fast", { url: `${receivers.base}/fast/hook` });
    const incident = await flood(api, await agentIn(api, owner, ws, "hang-1"));
    const rows = await waitFor("the hanging attempt to time out", async () => {
      const found = await deliveries(api, incident);
      const hang = found.find((d) => d.channel.name === "hangs");
      const fast = found.find((d) => d.channel.name === "fast");
      return hang?.log[0] && fast?.status !== "SENDING" && fast?.status !== "PENDING" ? found : undefined;
    });
    const fast = rows.find((d) => d.channel.name === "fast");
    const hang = rows.find((d) => d.channel.name === "hangs");
    assert.equal(fast?.status, "SENT");
    assert.match(hang?.log[0]?.error ?? "", /no answer within 6000 ms/);
    // Sent while the hanging request was still waiting for its answer.
    assert.ok((fast?.sentAt?.getTime() ?? Infinity) < (hang?.log[0]?.at.getTime() ?? 0), "not held up");
    assert.ok((fast?.log[0]?.latencyMs ?? Infinity) < 6000);
    alerts.timeoutMs = 8000;
    await waitFor("the retry after the hang", async () => {
      const again = (await deliveries(api, incident)).find((d) => d.channel.name === "hangs");
      return again?.status === "SENT";
    });
  });

  it("escalates step by step after each delay, and acknowledgement stops the next step", async () => {
    const ws = await createWorkspace(api, owner, "escalate");
    const first = await channel(api, owner, ws, "DISCORD", "first", { url: `${receivers.base}/esc-a/hook` });
    const second = await channel(api, owner, ws, "DISCORD", "second", {
      url: `${receivers.base}/esc-b/hook`,
    });
    await channel(api, owner, ws, "DISCORD", "low-only", { url: `${receivers.base}/esc-low/hook` });
    const steps = [
      { channelIds: [first.id], delaySeconds: 0 },
      { channelIds: [second.id], delaySeconds: 4 },
    ];
    const policy = await mutate(
      api,
      owner,
      "createEscalationPolicy",
      { workspaceId: ws, name: "high", severities: ["HIGH", "CRITICAL"], steps },
      "... on EscalationPolicyPayload { policy { id steps { delaySeconds } } }",
    );
    assert.equal(policy.payload?.__typename, "EscalationPolicyPayload", JSON.stringify(policy));
    const forIncident = (prefix: string, id: string) =>
      receivers.on(prefix).filter((r) => json(r.body).embeds[0].footer.text === `Incident ${id}`);

    const unanswered = await flood(api, await agentIn(api, owner, ws, "esc-1"));
    const a = await waitFor("step 0", () => forIncident("/esc-a/", unanswered)[0]);
    const b = await waitFor("step 1", () => forIncident("/esc-b/", unanswered)[0]);
    const planned = await deliveries(api, unanswered);
    const due = (step: number) => planned.find((d) => d.step === step)?.dueAt.getTime() ?? Number.NaN;
    assert.equal(due(1) - due(0), 4000, "step 1 is due 4 s after step 0");
    assert.ok(b.at >= due(1) && a.at < due(1), `step 1 waited its delay (${b.at - a.at} ms after step 0)`);
    assert.match(json(b.body).embeds[0].title, /\(escalated\)/);
    assert.equal(receivers.on("/esc-low/").length, 0, "the policy routed, not every channel");

    const answered = await flood(api, await agentIn(api, owner, ws, "esc-2"));
    await waitFor("step 0 of the second incident", () => forIncident("/esc-a/", answered)[0]);
    const ack = await mutate(
      api,
      owner,
      "acknowledgeIncident",
      { incidentId: Buffer.from(`Incident:${answered}`).toString("base64") },
      "... on IncidentPayload { incident { acknowledgedAt acknowledgedBy } }",
    );
    assert.ok(ack.payload?.incident?.acknowledgedAt, JSON.stringify(ack));
    const me = await api.gql("{ me { name } }", {}, owner);
    assert.equal(ack.payload?.incident?.acknowledgedBy, me.data?.me?.name, "who acknowledged, by name");
    const skipped = await waitFor("step 1 skipped", async () =>
      (await deliveries(api, answered)).find((d) => d.step === 1 && d.status === "SKIPPED"),
    );
    assert.equal(skipped.log[0]?.error, "incident acknowledged");
    assert.equal(forIncident("/esc-b/", answered).length, 0);
    const audit = await api.server.services.database.prisma.auditLog.findFirst({
      where: { action: "incident.acknowledge", targetId: answered },
    });
    assert.ok(audit, "acknowledgement audited");
  });

  it("a maintenance window suppresses alerts and logs them as suppressed", async () => {
    const ws = await createWorkspace(api, owner, "maint");
    await channel(api, owner, ws, "DISCORD", "muted", { url: `${receivers.base}/maint/hook` });
    const now = Date.now();
    const window = await mutate(api, owner, "createMaintenanceWindow", {
      workspaceId: ws,
      name: "patching",
      startsAt: new Date(now - 3_600_000).toISOString(),
      endsAt: new Date(now + 3_600_000).toISOString(),
      timeZone: "Europe/Zurich",
    });
    assert.equal(window.payload?.__typename, "MaintenanceWindowPayload", JSON.stringify(window));
    const bad = await mutate(api, owner, "createMaintenanceWindow", {
      workspaceId: ws,
      name: "bad",
      startsAt: new Date(now).toISOString(),
      endsAt: new Date(now - 1).toISOString(),
      timeZone: "Nowhere/Land",
    });
    assert.equal(bad.payload?.__typename, "ValidationError");
    const incident = await flood(api, await agentIn(api, owner, ws, "maint-1"));
    const row = await waitFor("the suppressed delivery", async () => (await deliveries(api, incident))[0]);
    assert.equal(row.status, "SUPPRESSED");
    assert.equal(row.lastError, 'maintenance window "patching"');
    assert.equal(receivers.on("/maint/").length, 0);
  });

  it("an MSP's shared channel sees its customers' incidents; a customer's channel sees only its own", async () => {
    const msp = await createWorkspace(api, owner, "msp");
    const one = await createWorkspace(api, owner, "customer-one", msp);
    const two = await createWorkspace(api, owner, "customer-two", msp);
    const shared = { workspaceId: msp, kind: "DISCORD", name: "noc", sharedWithCustomers: true };
    const created = await mutate(api, owner, "createAlertChannel", {
      ...shared,
      settings: { url: `${receivers.base}/msp/hook` },
    });
    assert.equal(created.payload?.__typename, "AlertChannelPayload");
    await channel(api, owner, one, "DISCORD", "own", { url: `${receivers.base}/c1/hook` });
    await channel(api, owner, two, "DISCORD", "own", { url: `${receivers.base}/c2/hook` });
    const incident = await flood(api, await agentIn(api, owner, one, "c1-web"));
    await waitFor("the MSP's channel", () => receivers.on("/msp/").length === 1);
    await waitFor("customer one's channel", () => receivers.on("/c1/").length === 1);
    const rows = await deliveries(api, incident);
    assert.deepEqual(rows.map((d) => d.channel.workspaceId).sort(), [rawId(msp), rawId(one)].sort());
    assert.equal(receivers.on("/c2/").length, 0);
  });

  it("updating a channel keeps secrets not sent and rotates the signing secret", async () => {
    const rows = await api.server.services.database.prisma.alertChannel.findMany({
      where: { workspaceId: rawId(workspaceId), name: "webhook" },
    });
    const channelId = Buffer.from(`AlertChannel:${rows[0]?.id}`).toString("base64");
    const rotated = secret();
    const updated = await mutate(
      api,
      owner,
      "updateAlertChannel",
      { channelId, settings: { signingSecret: rotated, previousSigningSecret: whsecCurrent } },
      CHANNEL,
    );
    assert.deepEqual(
      updated.payload?.channel.secrets.map((s: { field: string }) => s.field).sort(),
      ["previousSigningSecret", "signingSecret", "url"],
      JSON.stringify(updated),
    );
    const test = await mutate(
      api,
      owner,
      "testAlertChannel",
      { channelId },
      "... on TestAlertChannelPayload { ok }",
    );
    assert.equal(test.payload?.ok, true);
    const got = receivers.on("/webhook/levee").at(-1);
    const headers = got?.headers as Record<string, string>;
    for (const key of [rotated, whsecCurrent]) new Webhook(key).verify(got?.body ?? "", headers);
    assert.throws(
      () => new Webhook(whsecPrevious).verify(got?.body ?? "", headers),
      "the retired secret no longer signs",
    );
    const cleared = await mutate(
      api,
      owner,
      "updateAlertChannel",
      { channelId, settings: { previousSigningSecret: null } },
      CHANNEL,
    );
    assert.deepEqual(cleared.payload?.channel.secrets.map((s: { field: string }) => s.field).sort(), [
      "signingSecret",
      "url",
    ]);
    const gone = await mutate(
      api,
      owner,
      "deleteAlertChannel",
      { channelId },
      "... on DeleteAlertChannelPayload { deletedChannelId }",
    );
    assert.equal(gone.payload?.deletedChannelId, channelId);
  });

  it("a channel is switched off without its settings checked again (e-mail after SMTP_URL is gone)", async () => {
    const mail = await channel(api, owner, workspaceId, "EMAIL", "mail-switch", {
      emails: ["noc@example.com"],
    });
    const { smtp: configured } = api.config.alerts;
    // The server restarted without SMTP_URL: the channel must still be possible to turn off.
    api.config.alerts.smtp = undefined;
    try {
      const off = await mutate(
        api,
        owner,
        "updateAlertChannel",
        { channelId: mail.id, enabled: false },
        `${CHANNEL} ... on AlertChannelPayload { channel { enabled } } ... on ValidationError { fieldErrors { path message } }`,
      );
      assert.equal(off.payload?.channel?.enabled, false, JSON.stringify(off));
      // Turned on again it is refused, as creating it would be.
      const on = await mutate(
        api,
        owner,
        "updateAlertChannel",
        { channelId: mail.id, enabled: true },
        "... on ValidationError { fieldErrors { path message } }",
      );
      assert.equal(on.payload?.__typename, "ValidationError", JSON.stringify(on));
      assert.match(JSON.stringify(on.payload?.fieldErrors), /input\.enabled.*SMTP_URL/);
    } finally {
      api.config.alerts.smtp = configured;
    }
    const gone = await mutate(
      api,
      owner,
      "deleteAlertChannel",
      { channelId: mail.id },
      "... on DeleteAlertChannelPayload { deletedChannelId }",
    );
    assert.equal(gone.payload?.deletedChannelId, mail.id);
  });

  it("e-mails a workspace invitation when SMTP is configured", async () => {
    const token = await invite(api, owner, workspaceId, "newcomer@example.com", "ANALYST");
    const mail = await waitFor("the invitation e-mail", () =>
      smtp.mails.find((m) => m.to.includes("newcomer@example.com")),
    );
    assert.ok(mail.raw.includes(token), "the e-mail carries the invitation token");
    assert.match(mail.raw, /Subject: .*invited you to ALERTS on Levee/);
  });
});

import assert from "node:assert/strict";
import { createHmac, randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { encodeGlobalID } from "@pothos/plugin-relay";
import { Receivers, waitFor } from "./alert-receivers.ts";
import { createEnrollmentToken, enrollAgent, mutateOk, rawId } from "./fixtures.ts";
import { type Caller, createWorkspace, useTestApi } from "./harness.ts";
import { report, sample } from "./telemetry-client.ts";

/**
 * Inbound acknowledgement: a real API on a real port, alert channels whose outbound messages go
 * to loopback stand-ins for PagerDuty, Slack and OpsGenie, then the providers' callbacks posted
 * as they would send them (signed over the raw body), keyed by what Levee itself sent them.
 */
const receivers = new Receivers();
const env: Record<string, string> = {};
const PD_SECRET = "pd-webhook-signing-secret-7c1f0a9e";
const SLACK_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
const OG_TOKEN = "opsgenie-callback-token-3b9d2c77";

before(async () => {
  await receivers.start();
  Object.assign(env, {
    ALERTS_ALLOW_PRIVATE_TARGETS: "true",
    ALERTS_RETRY_BASE_MS: "100",
    ALERTS_PAGERDUTY_URL: `${receivers.base}/pagerduty/v2/enqueue`,
    ALERTS_OPSGENIE_URL: `${receivers.base}/opsgenie`,
    PUBLIC_WEB_URL: "https://levee.example",
    // Slack's response_url may name only this receiver (host:port); never hooks.slack.com from a test.
    ALERTS_SLACK_RESPONSE_HOSTS: receivers.base.replace("http://", ""),
  });
});
after(() => receivers.close());

const json = (body: string) => JSON.parse(body) as Record<string, any>;
const hmacHex = (secret: string, data: string) => createHmac("sha256", secret).update(data).digest("hex");

const pagerDutyWebhook = (
  incidentKey: string,
  eventType = "incident.acknowledged",
  occurredAt: string | null = new Date().toISOString(),
) =>
  JSON.stringify({
    event: {
      id: "01DEN1HNLBC1VITYB35FOX4V1I",
      event_type: eventType,
      resource_type: "incident",
      occurred_at: occurredAt ?? undefined,
      agent: { id: "PLH1HKV", summary: "Jane Doe", type: "user_reference" },
      data: { id: "Q2LPJ3Z8K6S3JZ", type: "incident", status: "acknowledged", incident_key: incidentKey },
    },
  });
/** Where Slack would have the clicked message replaced: the loopback receiver, path tagged. */
const responseUrl = (tag: string) => `${receivers.base}/actions/T0/${tag}/x`;
const slackClick = (incidentId: string, actionId = "levee_acknowledge", replaceAt = responseUrl("click")) =>
  `payload=${encodeURIComponent(
    JSON.stringify({
      type: "block_actions",
      user: { id: "U024BE7LH", username: "sam", name: "sam" },
      actions: [{ action_id: actionId, block_id: "b1", value: incidentId, type: "button" }],
      response_url: replaceAt,
    }),
  )}`;
const opsGenieWebhook = (alias: string) =>
  JSON.stringify({
    action: "Acknowledge",
    alert: { alertId: "a1", alias, username: "kim@example.com", message: "Levee" },
    source: { name: "", type: "web" },
    integrationType: "Webhook",
  });

describe("alert callbacks: PagerDuty, Slack and OpsGenie acknowledge Levee's incident", () => {
  const api = useTestApi("postgres", env);
  let base: string;
  let owner: Caller;
  let workspaceId: string;
  const channels: Record<"pagerduty" | "slack" | "opsgenie" | "plainSlack", string> = {} as never;
  const incidents: Record<"pagerduty" | "slack" | "slackUpdate" | "opsgenie" | "foreign", string> =
    {} as never;

  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    fetch(`${base}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body,
    });
  const pagerDuty = (channel: string, body: string, secret = PD_SECRET) =>
    post(`/hooks/alerts/${channel}/pagerduty`, body, {
      "x-pagerduty-signature": `v1=${hmacHex(secret, body)}`,
    });
  const slack = (channel: string, body: string, ts = Math.floor(Date.now() / 1000), secret = SLACK_SECRET) =>
    post(`/hooks/alerts/${channel}/slack`, body, {
      "content-type": "application/x-www-form-urlencoded",
      "x-slack-request-timestamp": String(ts),
      "x-slack-signature": `v0=${hmacHex(secret, `v0:${ts}:${body}`)}`,
    });

  async function incidentState(id: string) {
    const result = await api.gql(
      `query($id: ID!) { node(id: $id) { ... on Incident { acknowledgedAt acknowledgedBy } } }`,
      { id: encodeGlobalID("Incident", id) },
      owner,
    );
    assert.ok(result.data?.node, JSON.stringify(result));
    return result.data.node as { acknowledgedAt: string | null; acknowledgedBy: string | null };
  }
  const ackAudits = (id: string) =>
    api.server.services.database.prisma.auditLog.findMany({
      where: { action: "incident.acknowledge", targetId: id },
    });
  async function assertUntouched(id: string) {
    assert.equal((await incidentState(id)).acknowledgedAt, null, "not acknowledged");
    assert.equal((await ackAudits(id)).length, 0, "no audit entry");
  }

  async function channel(ws: string, kind: string, name: string, settings: object) {
    const payload = await mutateOk(
      api,
      owner,
      "createAlertChannel",
      { workspaceId: ws, kind, name, settings },
      "... on AlertChannelPayload { channel { id settings secrets { field hint } callbackUrl } }",
    );
    return payload.channel as {
      id: string;
      settings: object;
      secrets: { field: string; hint: string }[];
      callbackUrl: string | null;
    };
  }
  /** A node of the workspace floods: its incident opens; returns the incident's raw id. */
  async function flood(ws: string, host: string) {
    const agent = {
      token: (await enrollAgent(api, await createEnrollmentToken(api, owner, ws), host)).token,
    };
    const payload = await report(api, agent, [sample(Date.now() - 60_000, 60_000)]);
    return rawId(payload.detection.incidentId as string);
  }

  before(async () => {
    const address = await api.server.listen(0, "127.0.0.1");
    base = `http://127.0.0.1:${address.port}`;
    owner = await api.signup("oncall-owner@example.com", "Owner");
    workspaceId = await createWorkspace(api, owner, "callbacks");
    const pd = await channel(workspaceId, "PAGERDUTY", "pd", {
      routingKey: "rk-callbacks",
      callbackSecret: PD_SECRET,
    });
    const sl = await channel(workspaceId, "SLACK", "slack", {
      url: `${receivers.base}/slack/acked`,
      callbackSecret: SLACK_SECRET,
    });
    const og = await channel(workspaceId, "OPSGENIE", "og", { apiKey: "og-key", callbackSecret: OG_TOKEN });
    const plain = await channel(workspaceId, "SLACK", "slack-plain", {
      url: `${receivers.base}/slack/plain`,
    });
    // The secret is sealed and never returned: only that it is set, with a hint.
    assert.deepEqual(pd.secrets.map((s) => s.field).sort(), ["callbackSecret", "routingKey"].sort());
    assert.equal(pd.secrets.find((s) => s.field === "callbackSecret")?.hint, `…${PD_SECRET.slice(-4)}`);
    assert.ok(!JSON.stringify(pd).includes(PD_SECRET));
    // The URL to give each provider: the web origin's /hooks/alerts/<channel>/<provider>.
    assert.equal(pd.callbackUrl, `https://levee.example/hooks/alerts/${rawId(pd.id)}/pagerduty`);
    assert.equal(sl.callbackUrl, `https://levee.example/hooks/alerts/${rawId(sl.id)}/slack`);
    assert.equal(og.callbackUrl, `https://levee.example/hooks/alerts/${rawId(og.id)}/opsgenie`);
    Object.assign(channels, {
      pagerduty: rawId(pd.id),
      slack: rawId(sl.id),
      opsgenie: rawId(og.id),
      plainSlack: rawId(plain.id),
    });
    const foreignWs = await createWorkspace(api, owner, "elsewhere");
    Object.assign(incidents, {
      pagerduty: await flood(workspaceId, "edge-1"),
      slack: await flood(workspaceId, "edge-2"),
      slackUpdate: await flood(workspaceId, "edge-4"),
      opsgenie: await flood(workspaceId, "edge-3"),
      foreign: await flood(foreignWs, "other-1"),
    });
  });

  it("PagerDuty: a signed incident.acknowledged keyed by Levee's dedup_key acknowledges, once", async () => {
    const incident = incidents.pagerduty;
    // The key PagerDuty reports back is the dedup_key Levee's trigger carried.
    const trigger = await waitFor("PagerDuty trigger", () =>
      receivers
        .on("/pagerduty/")
        .map((r) => json(r.body))
        .find((e) => e.dedup_key === incident),
    );
    await assertUntouched(incident);

    // Refused, with nothing changed: a bad signature, a channel of another kind, an unknown
    // channel, another workspace's incident; an event type that is not an acknowledgement.
    const body = pagerDutyWebhook(trigger.dedup_key);
    assert.equal((await pagerDuty(channels.pagerduty, body, "not-the-secret")).status, 401);
    const unsigned = await post(`/hooks/alerts/${channels.pagerduty}/pagerduty`, body);
    assert.equal(unsigned.status, 401);
    assert.equal((await pagerDuty(channels.slack, body)).status, 404);
    assert.equal((await pagerDuty(randomUUID(), body)).status, 404);
    assert.equal((await pagerDuty(channels.pagerduty, pagerDutyWebhook(incidents.foreign))).status, 404);
    assert.equal((await pagerDuty(channels.pagerduty, pagerDutyWebhook(randomUUID()))).status, 404);
    const triggered = await pagerDuty(channels.pagerduty, pagerDutyWebhook(incident, "incident.triggered"));
    assert.equal(triggered.status, 200);
    assert.match((await triggered.json()).ignored, /incident\.triggered/);
    // Correctly signed but 31 minutes old (PagerDuty's retries end after about 20): a replay.
    const replayed = pagerDutyWebhook(incident, undefined, new Date(Date.now() - 31 * 60_000).toISOString());
    const stale = await pagerDuty(channels.pagerduty, replayed);
    assert.equal(stale.status, 401);
    assert.match((await stale.json()).error, /occurred_at is over 30 minutes old/);
    const undated = await pagerDuty(channels.pagerduty, pagerDutyWebhook(incident, undefined, null));
    assert.equal(undated.status, 401);
    await assertUntouched(incident);
    await assertUntouched(incidents.foreign);

    const accepted = await pagerDuty(channels.pagerduty, body);
    assert.equal(accepted.status, 200, await accepted.clone().text());
    const state = await incidentState(incident);
    assert.ok(state.acknowledgedAt);
    assert.equal(state.acknowledgedBy, "PagerDuty: Jane Doe (PLH1HKV)");
    const [audit, ...more] = await ackAudits(incident);
    assert.equal(more.length, 0);
    assert.equal(audit?.actorType, "INTEGRATION");
    assert.equal(audit?.actorId, channels.pagerduty);
    assert.equal(audit?.actorLabel, "PagerDuty: Jane Doe (PLH1HKV)");
    assert.equal(audit?.workspaceId, rawId(workspaceId));

    // Again (PagerDuty retries; a resolve follows the acknowledgement): same state, no new entry.
    assert.equal((await pagerDuty(channels.pagerduty, body)).status, 200);
    assert.equal(
      (await pagerDuty(channels.pagerduty, pagerDutyWebhook(incident, "incident.resolved"))).status,
      200,
    );
    assert.deepEqual(await incidentState(incident), state);
    assert.equal((await ackAudits(incident)).length, 1);
  });

  it("Slack: the Acknowledge button Levee sent, clicked, acknowledges; stale or forged clicks do not", async () => {
    const incident = incidents.slack;
    const message = await waitFor("Slack message", () =>
      receivers
        .on("/slack/acked")
        .map((r) => json(r.body))
        .find((m) => JSON.stringify(m).includes(incident)),
    );
    const buttons = message.blocks.find((b: { type: string }) => b.type === "actions").elements;
    const ack = buttons.find((e: { action_id: string }) => e.action_id === "levee_acknowledge");
    assert.equal(ack?.value, incident, "the button's value is the incident");
    // A channel without the app's signing secret gets no button (a click could only fail).
    const plain = await waitFor("plain Slack message", () => receivers.on("/slack/plain")[0]);
    assert.doesNotMatch(plain.body, /levee_acknowledge/);

    const click = slackClick(ack.value);
    const now = Math.floor(Date.now() / 1000);
    assert.equal((await slack(channels.slack, click, now - 301)).status, 401, "older than 5 minutes");
    assert.equal((await slack(channels.slack, click, now, "wrong-secret")).status, 401);
    assert.equal((await slack(channels.plainSlack, click)).status, 404, "no callback secret, no callback");
    assert.equal((await slack(channels.slack, slackClick(incidents.foreign))).status, 404);
    assert.equal((await slack(channels.slack, slackClick(incident, "open"))).status, 200, "another button");
    assert.equal((await slack(channels.slack, "payload=%7B")).status, 400);
    await assertUntouched(incident);

    assert.equal((await slack(channels.slack, click)).status, 200);
    assert.equal((await incidentState(incident)).acknowledgedBy, "Slack: sam (U024BE7LH)");
    assert.equal((await slack(channels.slack, click)).status, 200);
    const audits = await ackAudits(incident);
    assert.deepEqual(
      audits.map((a) => [a.actorType, a.actorLabel]),
      [["INTEGRATION", "Slack: sam (U024BE7LH)"]],
    );
  });

  it("Slack: the clicked message is replaced through its response_url (retried; again when clicked again)", async () => {
    const incident = incidents.slackUpdate;
    type Block = { type: string; elements?: { action_id?: string; text?: string }[] };
    const replacements = (tag: string) => receivers.on(`/actions/T0/${tag}/`).map((r) => json(r.body));
    const replaced = (tag: string, count: number) =>
      waitFor(`${count} replacement(s) at ${tag}`, () => {
        const found = replacements(tag);
        return found.length >= count ? found : undefined;
      });
    // Slack answers the first try 500: retried (ALERTS_RETRY_BASE_MS later), as deliveries are.
    receivers.script("/actions/T0/first/", [
      { status: 500, body: "oops" },
      { status: 200, body: "ok" },
    ]);
    const first = await slack(channels.slack, slackClick(incident, undefined, responseUrl("first")));
    assert.equal(first.status, 200, await first.clone().text());
    const [failed, update] = await replaced("first", 2);
    assert.deepEqual(failed, update, "the same replacement, sent again");
    assert.equal(update?.replace_original, true);
    assert.match(update?.text, /DDoS attack on edge-4/);
    const blocks = update?.blocks as Block[];
    const note = blocks.find((b) => b.type === "context")?.elements?.[0]?.text ?? "";
    const { acknowledgedAt } = await incidentState(incident);
    const at = (acknowledgedAt ?? "").replace(/\.\d{3}Z$/, "Z");
    assert.equal(note, `Acknowledged by Slack: sam (U024BE7LH) at ${at}`);
    const actions = blocks.find((b) => b.type === "actions")?.elements ?? [];
    assert.deepEqual(
      actions.map((e) => e.action_id),
      ["open"],
      "the Acknowledge button is gone; Open incident stays",
    );

    // Clicked again (another copy of the message): acknowledged already, replaced too,
    // still naming the first acknowledger.
    assert.equal(
      (await slack(channels.slack, slackClick(incident, undefined, responseUrl("again")))).status,
      200,
    );
    const [again] = await replaced("again", 1);
    assert.equal(JSON.stringify(again?.blocks), JSON.stringify(update?.blocks));
    assert.equal((await ackAudits(incident)).length, 1);

    // Slack refuses (404 expired_url, after 30 minutes or 5 uses): not retried; the click was answered.
    receivers.script("/actions/T0/expired/", [{ status: 404, body: '{"ok":false,"error":"expired_url"}' }]);
    assert.equal(
      (await slack(channels.slack, slackClick(incident, undefined, responseUrl("expired")))).status,
      200,
    );
    await replaced("expired", 1);
    // A response_url that is not Slack's (here: another host name for the same receiver) is never
    // posted to; the click is still answered. The next click's replacement arrives after both.
    const foreign = responseUrl("foreign").replace("127.0.0.1", "localhost");
    assert.equal((await slack(channels.slack, slackClick(incident, undefined, foreign))).status, 200);
    assert.equal(
      (await slack(channels.slack, slackClick(incident, undefined, responseUrl("last")))).status,
      200,
    );
    await replaced("last", 1);
    // A retry would have come ALERTS_RETRY_BASE_MS (100 ms) after the 404; give it three times that.
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(replacements("expired").length, 1, "a 404 is final");
    assert.equal(replacements("foreign").length, 0, "a host not allowed is never reached");
  });

  it("OpsGenie: an Acknowledge webhook with the channel's token in the URL acknowledges", async () => {
    const incident = incidents.opsgenie;
    const created = await waitFor("OpsGenie alert", () =>
      receivers
        .on("/opsgenie/v2/alerts")
        .map((r) => json(r.body))
        .find((a) => a.alias === incident),
    );
    const body = opsGenieWebhook(created.alias);
    const path = `/hooks/alerts/${channels.opsgenie}/opsgenie`;
    assert.equal((await post(`${path}?token=wrong-token-0000000000`, body)).status, 401);
    assert.equal((await post(path, body)).status, 401);
    assert.equal((await post(`${path}?token=${OG_TOKEN}`, opsGenieWebhook(incidents.foreign))).status, 404);
    await assertUntouched(incident);

    assert.equal((await post(`${path}?token=${OG_TOKEN}`, body)).status, 200);
    assert.equal((await incidentState(incident)).acknowledgedBy, "OpsGenie: kim@example.com");
    assert.equal((await ackAudits(incident))[0]?.actorLabel, "OpsGenie: kim@example.com");
    await assertUntouched(incidents.foreign);
    // Operators see refusals apart from GraphQL's.
    const metrics = await (await fetch(`${base}/metrics`)).text();
    assert.match(metrics, /levee_http_requests_total\{route="\/hooks\/alerts",status="401"\} \d+/);
    assert.match(metrics, /levee_http_requests_total\{route="\/hooks\/alerts",status="200"\} \d+/);
  });

  it("a callback secret is checked when saved and can be cleared", async () => {
    const refused = await api.gql(
      `mutation($input: CreateAlertChannelInput!) { createAlertChannel(input: $input) {
         __typename ... on ValidationError { fieldErrors { path message } } } }`,
      {
        input: {
          workspaceId,
          kind: "PAGERDUTY",
          name: "short",
          settings: { routingKey: "rk", callbackSecret: "short" },
        },
      },
      owner,
    );
    assert.equal(refused.data?.createAlertChannel?.__typename, "ValidationError", JSON.stringify(refused));
    assert.equal(refused.data.createAlertChannel.fieldErrors[0].path, "input.settings.callbackSecret");
    const cleared = await mutateOk(
      api,
      owner,
      "updateAlertChannel",
      { channelId: encodeGlobalID("AlertChannel", channels.opsgenie), settings: { callbackSecret: null } },
      "... on AlertChannelPayload { channel { secrets { field } } }",
    );
    assert.deepEqual(
      cleared.channel.secrets.map((s: { field: string }) => s.field),
      ["apiKey"],
    );
    const body = opsGenieWebhook(incidents.opsgenie);
    assert.equal(
      (await post(`/hooks/alerts/${channels.opsgenie}/opsgenie?token=${OG_TOKEN}`, body)).status,
      404,
    );
  });
});

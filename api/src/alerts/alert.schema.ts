import { guardNodeType, readableScopes } from "../auth/node-guard.ts";
import { builder } from "../builder.ts";
import { mutationErrors } from "../errors.ts";
import { encodeGlobalID, idOf } from "../global-id.ts";
import { IncidentRef } from "../incidents/incident.schema.ts";
import {
  createAlertChannel,
  deleteAlertChannel,
  testAlertChannel,
  updateAlertChannel,
} from "./alert-channel.service.ts";
import { CHANNEL_FIELDS, CHANNEL_KINDS } from "./channels/channel.ts";
import { acknowledgeIncident, acknowledgerName } from "./escalation.service.ts";
import { callbackUrlOf } from "./inbound/callback-payload.ts";

export const AlertChannelKindEnum = builder.enumType("AlertChannelKind", { values: CHANNEL_KINDS });

const SecretHintRef = builder.objectRef<{ field: string; hint: string }>("AlertSecretHint").implement({
  description:
    "A stored secret is never returned: only which field is set and a hint (host, last 4 characters)",
  fields: (t) => ({ field: t.exposeString("field"), hint: t.exposeString("hint") }),
});

export const AlertChannelRef = builder.prismaNode("AlertChannel", {
  id: { field: "id" },
  authScopes: readableScopes("AlertChannel"),
  description: "Where alerts go: a chat webhook, an on-call service, SMS or e-mail",
  fields: (t) => ({
    name: t.exposeString("name"),
    kind: t.field({ type: AlertChannelKindEnum, resolve: (c) => c.kind as (typeof CHANNEL_KINDS)[number] }),
    enabled: t.exposeBoolean("enabled"),
    sharedWithCustomers: t.exposeBoolean("sharedWithCustomers", {
      description: "MSP: also alerts on incidents of this workspace's customer workspaces",
    }),
    settings: t.field({
      type: "JSON",
      description: "Non-secret settings (chatId, accountSid, fromNumber, toNumber, emails)",
      resolve: (c) => {
        const { hints: _hints, ...settings } = c.settings as Record<string, unknown>;
        return settings;
      },
    }),
    secrets: t.field({
      type: [SecretHintRef],
      resolve: (c) =>
        Object.entries(
          ((c.settings as { hints?: Record<string, string> }).hints ?? {}) as Record<string, string>,
        ).map(([field, hint]) => ({ field, hint })),
    }),
    callbackUrl: t.string({
      nullable: true,
      description:
        "PAGERDUTY, SLACK, OPSGENIE: the URL to give the provider for its acknowledgements (PagerDuty webhook " +
        "subscription, Slack app Interactivity request URL, OpsGenie Webhook integration + `?token=<callbackSecret>`); " +
        "checked with the channel's callbackSecret. Null for other kinds.",
      resolve: (c, _args, ctx) => callbackUrlOf(ctx.config.alerts.webUrl, c.kind, c.id) ?? null,
    }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    workspace: t.relation("workspace"),
  }),
});
guardNodeType("AlertChannel", {
  permission: "alert:read",
  workspaceOf: (c) => (c as { workspaceId: string }).workspaceId,
});

builder.prismaObjectFields("Workspace", (t) => ({
  alertChannels: t.relation("alertChannels", {
    authScopes: (ws) => ({ permission: { workspaceId: ws.id, permission: "alert:read" } }),
    query: { orderBy: { name: "asc" } },
  }),
}));

builder.prismaObject("AlertDeliveryAttempt", {
  fields: (t) => ({
    attempt: t.exposeInt("attempt"),
    outcome: t.exposeString("outcome", { description: "SENT, RETRY, FAILED or SKIPPED" }),
    httpStatus: t.exposeInt("httpStatus", { nullable: true }),
    latencyMs: t.exposeInt("latencyMs"),
    error: t.exposeString("error", { nullable: true }),
    at: t.expose("at", { type: "DateTime" }),
  }),
});

guardNodeType("AlertDelivery", {
  permission: "alert:read",
  workspaceOf: (d) => (d as { workspaceId: string }).workspaceId,
});
builder.prismaObject("AlertDelivery", {
  authScopes: readableScopes("AlertDelivery"),
  description: "One notification of one channel for one incident event and escalation step",
  fields: (t) => ({
    id: t.id({ resolve: (d) => encodeGlobalID("AlertDelivery", d.id) }),
    channelName: t.string({
      select: { channel: { select: { name: true } } },
      resolve: (d) => d.channel.name,
    }),
    channelKind: t.field({
      type: AlertChannelKindEnum,
      select: { channel: { select: { kind: true } } },
      resolve: (d) => d.channel.kind as (typeof CHANNEL_KINDS)[number],
    }),
    event: t.exposeString("eventKind", { description: "OPENED, UPDATED or RESOLVED" }),
    step: t.exposeInt("step", { description: "Escalation step (0 = first notification)" }),
    status: t.exposeString("status", {
      description:
        "PENDING, SENDING, SENT, FAILED, SUPPRESSED (maintenance window) or SKIPPED (acknowledged/resolved)",
    }),
    attempts: t.exposeInt("attempts"),
    dueAt: t.expose("dueAt", { type: "DateTime" }),
    sentAt: t.expose("sentAt", { type: "DateTime", nullable: true }),
    lastError: t.exposeString("lastError", { nullable: true }),
    log: t.relation("log", { query: { orderBy: { attempt: "asc" } } }),
  }),
});

builder.prismaObjectFields("Incident", (t) => ({
  acknowledgedAt: t.expose("acknowledgedAt", { type: "DateTime", nullable: true }),
  acknowledgedBy: t.string({
    nullable: true,
    description:
      "Who acknowledged it: the member's name, or the integration key's name (one read per incident; " +
      "null when not acknowledged, or when the member or key no longer exists)",
    resolve: (incident, _args, ctx) => acknowledgerName(ctx, incident.acknowledgedBy),
  }),
  alertDeliveries: t.relation("alertDeliveries", {
    description: "The delivery log: every channel, event, step and attempt",
    authScopes: (incident) => ({
      permission: { workspaceId: incident.workspaceId, permission: "alert:read" },
    }),
    query: { orderBy: [{ createdAt: "asc" }, { step: "asc" }] },
  }),
}));

const SettingsInput = builder.inputType("AlertChannelSettingsInput", {
  description:
    "Fields by kind — WEBHOOK: url, signingSecret (whsec_…), previousSigningSecret; SLACK: url, callbackSecret; " +
    "DISCORD/TEAMS: url; TELEGRAM: botToken, chatId; PAGERDUTY: routingKey, callbackSecret; OPSGENIE: apiKey, " +
    "callbackSecret; SMS (Twilio): accountSid, authToken, fromNumber, toNumber (E.164); EMAIL: emails. " +
    "callbackSecret (optional) checks the provider's acknowledgements sent to /hooks/alerts/<channel>/<provider>: " +
    "PagerDuty's webhook signing secret, the Slack app's signing secret, or a token of your choosing for OpsGenie. " +
    "Secrets left out on update are kept; null clears an optional one.",
  fields: (t) =>
    Object.fromEntries(
      CHANNEL_FIELDS.map((field) => [
        field,
        field === "emails" ? t.stringList({ required: false }) : t.string({ required: false }),
      ]),
    ) as Record<(typeof CHANNEL_FIELDS)[number], ReturnType<typeof t.string>>,
});

const CreateInput = builder.inputType("CreateAlertChannelInput", {
  fields: (t) => ({
    workspaceId: t.id(),
    name: t.string(),
    kind: t.field({ type: AlertChannelKindEnum }),
    enabled: t.boolean({ required: false }),
    sharedWithCustomers: t.boolean({ required: false }),
    settings: t.field({ type: SettingsInput }),
  }),
});
const UpdateInput = builder.inputType("UpdateAlertChannelInput", {
  fields: (t) => ({
    channelId: t.id(),
    name: t.string({ required: false }),
    enabled: t.boolean({ required: false }),
    sharedWithCustomers: t.boolean({ required: false }),
    settings: t.field({ type: SettingsInput, required: false }),
  }),
});
const ChannelIdInput = (name: string) => builder.inputType(name, { fields: (t) => ({ channelId: t.id() }) });

const ChannelPayload = builder.objectRef<{ channel: { id: string } }>("AlertChannelPayload").implement({
  fields: (t) => ({ channel: t.field({ type: AlertChannelRef, resolve: (p) => p.channel as never }) }),
});
const DeletePayload = builder.objectRef<{ deletedChannelId: string }>("DeleteAlertChannelPayload").implement({
  fields: (t) => ({ deletedChannelId: t.exposeID("deletedChannelId") }),
});
type TestResult = Awaited<ReturnType<typeof testAlertChannel>>;
const TestPayload = builder.objectRef<TestResult>("TestAlertChannelPayload").implement({
  description: "How the receiver answered one test message (sent at once, no retry)",
  fields: (t) => ({
    ok: t.exposeBoolean("ok"),
    httpStatus: t.exposeInt("httpStatus", { nullable: true }),
    latencyMs: t.exposeInt("latencyMs"),
    error: t.exposeString("error", { nullable: true }),
    title: t.exposeString("title"),
  }),
});
const IncidentPayload = builder.objectRef<{ incident: { id: string } }>("IncidentPayload").implement({
  fields: (t) => ({ incident: t.field({ type: IncidentRef, resolve: (p) => p.incident as never }) }),
});

const channelId = (id: string) => idOf(id, "AlertChannel", "input.channelId");
const settingsOf = (s: Record<string, unknown> | null | undefined) => (s ?? undefined) as never;

builder.mutationFields((t) => ({
  createAlertChannel: t.field({
    description:
      "A place alerts go (e-mail, webhook, Slack, PagerDuty and the other kinds): its settings are checked and its secrets sealed; an EMAIL channel needs a mail server for the workspace. Needs alert:manage (ADMIN and OWNER; signed-in members only, no integration key holds it)",
    type: ChannelPayload,
    errors: { types: mutationErrors },
    authScopes: { authenticated: true },
    args: { input: t.arg({ type: CreateInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({
      channel: await createAlertChannel(
        ctx,
        idOf(input.workspaceId, "Workspace", "input.workspaceId"),
        input.kind,
        {
          ...input,
          settings: settingsOf(input.settings),
        },
      ),
    }),
  }),
  updateAlertChannel: t.field({
    description:
      "Changes an alert channel (the fields given; settings replace the kind's settings). Needs alert:manage (ADMIN and OWNER; signed-in members only)",
    type: ChannelPayload,
    errors: { types: mutationErrors },
    authScopes: { authenticated: true },
    args: { input: t.arg({ type: UpdateInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({
      channel: await updateAlertChannel(ctx, channelId(input.channelId), {
        ...input,
        settings: settingsOf(input.settings),
      }),
    }),
  }),
  deleteAlertChannel: t.field({
    description:
      "Deletes an alert channel; alerts no longer go to it. Needs alert:manage (ADMIN and OWNER; signed-in members only)",
    type: DeletePayload,
    errors: { types: mutationErrors },
    authScopes: { authenticated: true },
    args: { input: t.arg({ type: ChannelIdInput("DeleteAlertChannelInput"), required: true }) },
    resolve: async (_root, { input }, ctx) => ({
      deletedChannelId: encodeGlobalID(
        "AlertChannel",
        await deleteAlertChannel(ctx, channelId(input.channelId)),
      ),
    }),
  }),
  testAlertChannel: t.field({
    description:
      "Sends the channel's test message once, now (no retry), and says how the receiver answered. Needs alert:manage (ADMIN and OWNER; signed-in members only)",
    type: TestPayload,
    errors: { types: mutationErrors },
    authScopes: { authenticated: true },
    args: { input: t.arg({ type: ChannelIdInput("TestAlertChannelInput"), required: true }) },
    resolve: (_root, { input }, ctx) => testAlertChannel(ctx, channelId(input.channelId)),
  }),
  acknowledgeIncident: t.field({
    type: IncidentPayload,
    description: "Stops further escalation steps of the incident (audited)",
    errors: { types: mutationErrors },
    authScopes: { authenticated: true },
    args: {
      input: t.arg({
        type: builder.inputType("AcknowledgeIncidentInput", { fields: (f) => ({ incidentId: f.id() }) }),
        required: true,
      }),
    },
    resolve: async (_root, { input }, ctx) => ({
      incident: await acknowledgeIncident(ctx, idOf(input.incidentId, "Incident", "input.incidentId")),
    }),
  }),
}));

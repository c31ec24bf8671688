import { randomUUID } from "node:crypto";
import type { Tx } from "../audit/audit-recorder.ts";
import { tenantVoice } from "../branding/branding.service.ts";
import type { GraphQLContext } from "../context.ts";
import { ConflictError, ValidationError } from "../errors.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { requireAlertObject } from "./alert-access.ts";
import { type AlertMessage, titleOf } from "./alert-message.ts";
import { type ChannelSettingsInput, hintOf, parseChannelFields } from "./channel-input.ts";
import { openTarget, secretContext } from "./channel-target.ts";
import type { ChannelField, ChannelKindName } from "./channels/channel.ts";
import { channelModules } from "./channels/index.ts";
import type { EscalationStep } from "./escalation.ts";
import { incidentsLink } from "./incident-link.ts";
import { canSendMail, mailRelayFor } from "./mail-server.ts";
import { sendOutbound } from "./outbound-sender.ts";

const NO_MAIL_SERVER =
  "e-mail channels need a mail server: the workspace's own (Alerts page, setWorkspaceMailServer), an MSP parent's, or SMTP_URL on the server";

export interface ChannelInput {
  name?: string | null;
  enabled?: boolean | null;
  sharedWithCustomers?: boolean | null;
  settings?: ChannelSettingsInput | null;
}

type ChannelRow = Awaited<ReturnType<GraphQLContext["db"]["alertChannel"]["findUniqueOrThrow"]>>;

/** What the audit log keeps: never a secret, only which secrets are set. */
const auditView = (
  c: Pick<ChannelRow, "name" | "kind" | "enabled" | "sharedWithCustomers" | "settings" | "secrets">,
) => ({
  name: c.name,
  kind: c.kind,
  enabled: c.enabled,
  sharedWithCustomers: c.sharedWithCustomers,
  settings: c.settings,
  secretFields: Object.keys((c.secrets ?? {}) as object).sort(),
});

function checkName(name: string | null | undefined, required: boolean): string | undefined {
  if (name === undefined || name === null) {
    if (required) throw ValidationError.field("input.name", "is required");
    return undefined;
  }
  const trimmed = name.trim();
  if (trimmed.length < 1 || trimmed.length > 80)
    throw ValidationError.field("input.name", "must be 1–80 characters");
  return trimmed;
}

/**
 * Validates the fields for the kind, seals every secret under the channel's own context and
 * keeps display hints. Secrets not sent on update stay as they were; null clears optional ones.
 */
async function buildStored(
  ctx: GraphQLContext,
  workspaceId: string,
  id: string,
  kind: ChannelKindName,
  input: ChannelSettingsInput,
  before?: ChannelRow,
) {
  const storedSettings = ((before?.settings ?? {}) as Record<string, unknown>) ?? {};
  const storedSecrets = (before?.secrets ?? {}) as Record<string, string>;
  const { hints: oldHints = {}, ...oldSettings } = storedSettings as { hints?: Record<string, string> };
  const { parsed, errors } = await parseChannelFields(
    kind,
    input,
    { settings: oldSettings, secretFields: Object.keys(storedSecrets) as ChannelField[] },
    ctx.config.alerts.allowPrivateTargets,
  );
  if (kind === "EMAIL" && !(await canSendMail(ctx, workspaceId)))
    errors.push({ path: "input.kind", message: NO_MAIL_SERVER });
  if (errors.length > 0) throw new ValidationError(errors);
  if (!ctx.secrets.available)
    throw ValidationError.field("input.settings", "LEVEE_SECRET_KEY is not set: secrets cannot be stored");
  const secrets: Record<string, string> = {};
  const hints: Record<string, string> = {};
  for (const [field, spec] of Object.entries(channelModules[kind].fields)) {
    if (!spec.secret) continue;
    const fresh = parsed.secrets[field as ChannelField];
    if (fresh) {
      secrets[field] = ctx.secrets.seal(fresh, secretContext(id, field));
      hints[field] = hintOf(fresh);
    } else if (input[field as ChannelField] === undefined && storedSecrets[field]) {
      secrets[field] = storedSecrets[field];
      if (oldHints[field]) hints[field] = oldHints[field];
    }
  }
  const settings = { ...parsed.settings, hints } as Prisma.InputJsonValue;
  return { settings, secrets: secrets as Prisma.InputJsonValue };
}

async function assertNameFree(ctx: GraphQLContext, workspaceId: string, name: string, exceptId?: string) {
  const clash = await ctx.db.alertChannel.findFirst({
    where: { workspaceId, name, id: exceptId ? { not: exceptId } : undefined },
  });
  if (clash) throw new ConflictError(`An alert channel named "${name}" already exists in this workspace`);
}

export async function createAlertChannel(
  ctx: GraphQLContext,
  workspaceId: string,
  kind: ChannelKindName,
  input: ChannelInput,
) {
  await ctx.access.require(workspaceId, "alert:manage");
  const name = checkName(input.name, true) as string;
  const id = randomUUID();
  const stored = await buildStored(ctx, workspaceId, id, kind, input.settings ?? {});
  await assertNameFree(ctx, workspaceId, name);
  return ctx.mutate(async (tx, audit) => {
    const created = await tx.alertChannel.create({
      data: {
        id,
        workspaceId,
        name,
        kind,
        enabled: input.enabled ?? true,
        sharedWithCustomers: input.sharedWithCustomers ?? false,
        ...stored,
      },
    });
    await audit({
      action: "alert-channel.create",
      workspaceId,
      target: { type: "AlertChannel", id },
      summary: { after: auditView(created) },
    });
    return created;
  });
}

export async function loadAlertChannel(
  ctx: GraphQLContext,
  channelId: string,
  permission: "alert:read" | "alert:manage",
) {
  const channel = await ctx.db.alertChannel.findUnique({ where: { id: channelId } });
  return requireAlertObject(ctx, channel, "alert channel", permission);
}

export async function updateAlertChannel(ctx: GraphQLContext, channelId: string, input: ChannelInput) {
  const before = await loadAlertChannel(ctx, channelId, "alert:manage");
  const name = checkName(input.name, false);
  // Settings are checked (and sealed) when they are given. Without them the channel is only
  // switched, renamed or shared: an e-mail channel with no mail server left, or any channel on a
  // server missing LEVEE_SECRET_KEY, can still be turned off. Turning such an e-mail channel on is
  // refused, as creating it would be.
  const stored =
    input.settings == null
      ? undefined
      : await buildStored(
          ctx,
          before.workspaceId,
          channelId,
          before.kind as ChannelKindName,
          input.settings,
          before,
        );
  if (
    !stored &&
    input.enabled === true &&
    before.kind === "EMAIL" &&
    !(await canSendMail(ctx, before.workspaceId))
  )
    throw ValidationError.field("input.enabled", NO_MAIL_SERVER);
  if (name) await assertNameFree(ctx, before.workspaceId, name, channelId);
  return ctx.mutate(async (tx, audit) => {
    if (input.sharedWithCustomers === false && before.sharedWithCustomers)
      await assertNotNamedBySharedPolicy(tx, before.workspaceId, channelId);
    const updated = await tx.alertChannel.update({
      where: { id: channelId },
      data: {
        name,
        enabled: input.enabled ?? undefined,
        sharedWithCustomers: input.sharedWithCustomers ?? undefined,
        ...(stored ?? {}),
      },
    });
    await audit({
      action: "alert-channel.update",
      workspaceId: before.workspaceId,
      target: { type: "AlertChannel", id: channelId },
      summary: { before: auditView(before), after: auditView(updated) },
    });
    return updated;
  });
}

/**
 * A policy shared with customers may only name shared channels (escalation.service.ts): its
 * customers' incidents reach no other, and the first matching policy routes them, so un-sharing
 * a channel such a policy names would route them to no one.
 */
async function assertNotNamedBySharedPolicy(tx: Tx, workspaceId: string, channelId: string) {
  // The row is held first: a policy being shared at the same moment holds the workspace's
  // channels (escalation.service.ts, FOR SHARE), so one of the two waits and sees the other.
  await tx.$queryRaw`SELECT id FROM alert_channel WHERE id = ${channelId}::uuid FOR UPDATE`;
  const shared = await tx.escalationPolicy.findMany({
    where: { workspaceId, sharedWithCustomers: true },
    select: { name: true, steps: true },
  });
  const naming = shared.filter((policy) =>
    (policy.steps as unknown as EscalationStep[]).some((step) => step.channelIds.includes(channelId)),
  );
  if (naming.length > 0)
    throw ValidationError.field(
      "input.sharedWithCustomers",
      `named by ${naming.map((p) => `"${p.name}"`).join(", ")}, shared with customers: change its steps first`,
    );
}

export async function deleteAlertChannel(ctx: GraphQLContext, channelId: string) {
  const channel = await loadAlertChannel(ctx, channelId, "alert:manage");
  await ctx.mutate(async (tx, audit) => {
    await tx.alertChannel.delete({ where: { id: channelId } });
    await audit({
      action: "alert-channel.delete",
      workspaceId: channel.workspaceId,
      target: { type: "AlertChannel", id: channelId },
      summary: { before: auditView(channel) },
    });
  });
  return channelId;
}

/** Sends the kind's test message once, now (no retry), and says how the receiver answered. */
export async function testAlertChannel(ctx: GraphQLContext, channelId: string) {
  const channel = await loadAlertChannel(ctx, channelId, "alert:manage");
  const workspace = await ctx.db.workspace.findUniqueOrThrow({ where: { id: channel.workspaceId } });
  const voice = await tenantVoice(ctx, channel.workspaceId);
  const message: AlertMessage = {
    event: "TEST",
    incidentId: `test-${channel.id}`,
    workspaceName: workspace.name,
    productName: voice.productName,
    nodeName: "test-node",
    severity: "LOW",
    family: "UDP_FLOOD",
    confidence: 100,
    peakPps: 12_345,
    peakBps: 98_760_000,
    triggerPeaks: [{ metric: "PPS", peak: 12_345, thresholdAtPeak: 10_000 }],
    startedAt: new Date().toISOString(),
    endedAt: null,
    step: 0,
    link: incidentsLink(voice.webUrl, workspace.slug),
  };
  const module = channelModules[channel.kind as ChannelKindName];
  const outbound = module.test(openTarget(channel, ctx.secrets), message, {
    providers: ctx.config.alerts.providers,
    messageId: randomUUID(),
    now: Math.floor(Date.now() / 1000),
  });
  if (outbound.kind === "email") outbound.relay = await mailRelayFor(ctx, channel.workspaceId);
  const outcome = await sendOutbound(outbound, ctx.config.alerts);
  return {
    ok: outcome.ok,
    httpStatus: outcome.httpStatus ?? null,
    latencyMs: outcome.latencyMs,
    error: outcome.error ?? null,
    title: titleOf(message),
  };
}

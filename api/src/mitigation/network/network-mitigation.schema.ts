import { subscribeInWorkspace } from "../../auth/live-access.ts";
import { guardNodeType, readableScopes } from "../../auth/node-guard.ts";
import { builder } from "../../builder.ts";
import { mutationErrors } from "../../errors.ts";
import { encodeGlobalID, idOf } from "../../global-id.ts";
import type { NetworkMitigationEventPayload } from "../../topics.ts";
import { describeIntent, FRAGMENT_TYPES, type Intent, LEVELS, TCP_FLAGS } from "./intent.ts";
import type { ProviderConfig, SpeakerConfig } from "./mitigation-setup.ts";
import {
  announceMitigation,
  updateNetworkMitigation,
  withdrawMitigation,
} from "./network-mitigation.service.ts";
import { tlsSummary } from "./speakers/gobgp-tls.ts";

const LevelEnum = builder.enumType("MitigationLevel", { values: LEVELS });
const StateEnum = builder.enumType("MitigationRuleState", {
  values: ["PENDING", "ANNOUNCED", "WITHDRAWN"] as const,
});
const IntentKindEnum = builder.enumType("MitigationIntentKind", {
  values: ["FLOWSPEC", "RTBH", "SCRUBBING"] as const,
});
const SpeakerKindEnum = builder.enumType("BgpSpeakerKind", { values: ["GOBGP", "EXABGP", "BIRD"] as const });
const ProviderKindEnum = builder.enumType("MitigationProviderKind", {
  values: ["CLOUDFLARE", "OVH", "HETZNER", "WEBHOOK"] as const,
});
const TcpFlagEnum = builder.enumType("TcpFlag", { values: TCP_FLAGS });
const FragmentEnum = builder.enumType("FragmentType", { values: FRAGMENT_TYPES });

builder.prismaNode("NetworkMitigationRule", {
  id: { field: "id" },
  authScopes: readableScopes("NetworkMitigationRule"),
  description: "The intended state of one network mitigation rule",
  fields: (t) => ({
    level: t.field({ type: LevelEnum, resolve: (r) => r.level as (typeof LEVELS)[number] }),
    state: t.field({ type: StateEnum, resolve: (r) => r.state as "PENDING" }),
    rule: t.string({
      description: "The rule in one line",
      resolve: (r) => describeIntent(r.intent as unknown as Intent),
    }),
    intent: t.expose("intent", { type: "JSON" }),
    incidentIds: t.idList({ resolve: (r) => r.incidentIds.map((id) => encodeGlobalID("Incident", id)) }),
    manual: t.exposeBoolean("manual", { description: "Announced by an operator (outlives incidents)" }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    announcedAt: t.expose("announcedAt", { type: "DateTime", nullable: true }),
    expiresAt: t.expose("expiresAt", { type: "DateTime" }),
    withdrawnAt: t.expose("withdrawnAt", { type: "DateTime", nullable: true }),
    withdrawReason: t.exposeString("withdrawReason", { nullable: true }),
    lastError: t.exposeString("lastError", {
      nullable: true,
      description: "The last failed speaker or provider call",
    }),
  }),
});
guardNodeType("NetworkMitigationRule", {
  permission: "incident:read",
  workspaceOf: (r) => (r as { workspaceId: string }).workspaceId,
});

const SpeakerTlsRef = builder.objectRef<ReturnType<typeof tlsSummary>>("BgpSpeakerTls").implement({
  description:
    "TLS on a GoBGP speaker's gRPC API: what identifies the stored CA certificate (the PEM itself is not returned)",
  fields: (t) => ({
    caFingerprint: t.exposeString("caFingerprint", {
      description: "SHA-256 fingerprint of the (first) CA certificate, SHA256:AB:CD:…",
    }),
    caSubject: t.exposeString("caSubject"),
    caNotAfter: t.expose("caNotAfter", { type: "DateTime" }),
    serverName: t.exposeString("serverName", {
      nullable: true,
      description: "The name gobgpd's certificate must carry (null: the target's host)",
    }),
  }),
});
const SpeakerRef = builder.objectRef<SpeakerConfig>("BgpSpeaker").implement({
  fields: (t) => ({
    name: t.exposeString("name"),
    kind: t.field({ type: SpeakerKindEnum, resolve: (s) => s.kind }),
    endpoint: t.exposeString("endpoint"),
    control: t.exposeString("control", { nullable: true }),
    tls: t.field({
      type: SpeakerTlsRef,
      nullable: true,
      description: "GoBGP: TLS on its gRPC API (null: plaintext)",
      resolve: (s) => (s.tls ? tlsSummary(s.tls) : null),
    }),
  }),
});
const ProviderRef = builder.objectRef<ProviderConfig>("MitigationProvider").implement({
  description: "A cloud provider; its credentials are stored encrypted and never returned",
  fields: (t) => ({
    name: t.exposeString("name"),
    kind: t.field({ type: ProviderKindEnum, resolve: (p) => p.kind }),
    settings: t.field({ type: "JSON", resolve: (p) => p.settings }),
    baseUrl: t.string({ nullable: true, resolve: (p) => p.baseUrl ?? null }),
    hasCredentials: t.boolean({ resolve: (p) => p.sealedCredentials.length > 0 }),
  }),
});

guardNodeType("MitigationPrefix", {
  permission: "incident:read",
  workspaceOf: (p) => (p as { workspaceId: string }).workspaceId,
});
builder.prismaObject("MitigationPrefix", {
  authScopes: readableScopes("MitigationPrefix"),
  fields: (t) => ({
    prefix: t.exposeString("prefix"),
    verified: t.exposeBoolean("verified"),
    note: t.exposeString("note"),
  }),
});

// Network mitigation reads with incident:read, like its subscription (the BGP domain's choice).
guardNodeType("NetworkMitigation", {
  permission: "incident:read",
  workspaceOf: (w) => (w as { workspaceId: string }).workspaceId,
});
const NetworkMitigationRef = builder.objectRef<{ workspaceId: string }>("NetworkMitigation").implement({
  authScopes: readableScopes("NetworkMitigation"),
  description: "A workspace's network mitigation: settings, prefixes and rules",
  fields: (t) => ({
    configured: t.boolean({
      resolve: async (w, _a, ctx) =>
        (await ctx.db.networkMitigationConfig.count({ where: { workspaceId: w.workspaceId } })) > 0,
    }),
    policy: t.field({
      type: "JSON",
      nullable: true,
      resolve: async (w, _a, ctx) =>
        (await ctx.db.networkMitigationConfig.findUnique({ where: { workspaceId: w.workspaceId } }))
          ?.policy ?? null,
    }),
    maxActiveRules: t.int({
      nullable: true,
      description: "Quota of rules held at once (null until configured)",
      resolve: async (w, _a, ctx) =>
        (await ctx.db.networkMitigationConfig.findUnique({ where: { workspaceId: w.workspaceId } }))
          ?.maxActiveRules ?? null,
    }),
    announcementsPerMinute: t.int({
      nullable: true,
      description:
        "Sliding-window limit on new announcements a minute in this workspace (null until configured); the deployment's NETWORK_MITIGATION_GLOBAL_ANNOUNCEMENTS_PER_MINUTE also caps all workspaces together, and NETWORK_MITIGATION_GLOBAL_WORKSPACE_SHARE (percent) this workspace's part of that",
      resolve: async (w, _a, ctx) =>
        (await ctx.db.networkMitigationConfig.findUnique({ where: { workspaceId: w.workspaceId } }))
          ?.announcementsPerMinute ?? null,
    }),
    safelist: t.stringList({
      resolve: async (w, _a, ctx) =>
        (await ctx.db.networkMitigationConfig.findUnique({ where: { workspaceId: w.workspaceId } }))
          ?.safelist ?? [],
    }),
    speakers: t.field({
      type: [SpeakerRef],
      resolve: async (w, _a, ctx) =>
        ((await ctx.db.networkMitigationConfig.findUnique({ where: { workspaceId: w.workspaceId } }))
          ?.speakers ?? []) as unknown as SpeakerConfig[],
    }),
    providers: t.field({
      type: [ProviderRef],
      resolve: async (w, _a, ctx) =>
        ((await ctx.db.networkMitigationConfig.findUnique({ where: { workspaceId: w.workspaceId } }))
          ?.providers ?? []) as unknown as ProviderConfig[],
    }),
    prefixes: t.prismaField({
      type: ["MitigationPrefix"],
      resolve: (query, w, _a, ctx) =>
        ctx.db.mitigationPrefix.findMany({
          ...query,
          where: { workspaceId: w.workspaceId },
          orderBy: { prefix: "asc" },
        }),
    }),
    rules: t.prismaField({
      type: ["NetworkMitigationRule"],
      description: "Newest first, at most 200",
      args: { state: t.arg({ type: StateEnum, required: false }) },
      resolve: (query, w, args, ctx) =>
        ctx.db.networkMitigationRule.findMany({
          ...query,
          where: { workspaceId: w.workspaceId, ...(args.state && { state: args.state }) },
          orderBy: { createdAt: "desc" },
          take: 200,
        }),
    }),
  }),
});

builder.queryField("networkMitigation", (t) =>
  t.field({
    type: NetworkMitigationRef,
    description:
      "A workspace's network mitigation (BGP FlowSpec/RTBH, cloud scrubbing): policy, safelist, prefixes, speakers, providers and rules (needs incident:read)",
    authScopes: { authenticated: true },
    args: { workspaceId: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const workspaceId = idOf(args.workspaceId, "Workspace", "workspaceId");
      await ctx.access.require(workspaceId, "incident:read");
      return { workspaceId };
    },
  }),
);

const PortRangeInput = builder.inputType("PortRangeInput", {
  fields: (t) => ({ from: t.int({ required: true }), to: t.int({ required: true }) }),
});
const SpeakerTlsInput = builder.inputType("BgpSpeakerTlsInput", {
  description: "TLS on GoBGP's gRPC API (gobgpd --tls --tls-cert-file … --tls-key-file …)",
  fields: (t) => ({
    caCertificate: t.string({
      required: false,
      description:
        "PEM certificate(s) of the CA that signed gobgpd's certificate (or that certificate itself); omitted keeps the stored one",
    }),
    serverName: t.string({
      required: false,
      description:
        "The name gobgpd's certificate must carry, instead of the target's host (unix:// targets: localhost)",
    }),
  }),
});
const SpeakerInput = builder.inputType("BgpSpeakerInput", {
  fields: (t) => ({
    name: t.string({ required: true }),
    kind: t.field({ type: SpeakerKindEnum, required: true }),
    endpoint: t.string({
      required: true,
      description: "GoBGP gRPC target, ExaBGP relay FIFO, or BIRD include file",
    }),
    control: t.string({ required: false, description: "ExaBGP relay answer file, or BIRD control socket" }),
    tls: t.field({
      type: SpeakerTlsInput,
      required: false,
      description: "GoBGP only: verify gobgpd over TLS (omitted: plaintext gRPC)",
    }),
  }),
});
const ProviderInputRef = builder.inputType("MitigationProviderInput", {
  fields: (t) => ({
    name: t.string({ required: true }),
    kind: t.field({ type: ProviderKindEnum, required: true }),
    settings: t.field({ type: "JSON", required: true, description: "accountId / ipBlock / servers / url" }),
    baseUrl: t.string({ required: false }),
    credentials: t.field({
      required: false,
      type: "JSON",
      description: "Write-only; omitted keeps the stored credentials",
    }),
  }),
});
const UpdateInput = builder.inputType("UpdateNetworkMitigationInput", {
  fields: (t) => ({
    workspaceId: t.id({ required: true }),
    policy: t.field({
      required: false,
      type: "JSON",
      description: "Escalation policy (steps, maxLevel, rateLimitBytesPerSecond, ttlSeconds)",
    }),
    safelist: t.stringList({ required: false }),
    prefixes: t.stringList({
      required: false,
      description: "Declared prefixes (replaces the list); verified against the operator's allow-list",
    }),
    speakers: t.field({ required: false, type: [SpeakerInput] }),
    providers: t.field({ required: false, type: [ProviderInputRef] }),
    maxActiveRules: t.int({ required: false }),
    announcementsPerMinute: t.int({ required: false }),
  }),
});
const AnnounceInput = builder.inputType("AnnounceMitigationInput", {
  fields: (t) => ({
    workspaceId: t.id({ required: true }),
    kind: t.field({ type: IntentKindEnum, required: true }),
    destination: t.string({ required: true, description: "Target address or prefix" }),
    source: t.string({ required: false }),
    protocols: t.intList({ required: false }),
    destinationPorts: t.field({ required: false, type: [PortRangeInput] }),
    sourcePorts: t.field({ required: false, type: [PortRangeInput] }),
    packetLengths: t.field({ required: false, type: [PortRangeInput] }),
    tcpFlags: t.field({ required: false, type: [TcpFlagEnum] }),
    fragments: t.field({ required: false, type: [FragmentEnum] }),
    rateBytesPerSecond: t.float({ required: false, description: "FlowSpec: 0 = discard (default)" }),
    communities: t.stringList({
      required: false,
      description: "RTBH: extra communities (65535:666 and no-export are always added)",
    }),
    ttlSeconds: t.int({ required: true }),
    escalated: t.boolean({ required: false, description: "Allow a prefix wider than a host route" }),
  }),
});

const WithdrawInput = builder.inputType("WithdrawMitigationInput", {
  fields: (t) => ({ ruleId: t.id({ required: true }) }),
});
const MitigationOutcomeEnum = builder.enumType("MitigationOutcome", {
  values: ["QUEUED", "MERGED", "ESCALATED"] as const,
});
const AnnouncePayload = builder
  .objectRef<{ ruleId: string; outcome: "QUEUED" | "MERGED" | "ESCALATED"; failures: string[] }>(
    "AnnounceMitigationPayload",
  )
  .implement({
    fields: (t) => ({
      rule: t.prismaField({
        type: "NetworkMitigationRule",
        resolve: (query, p, _a, ctx) =>
          ctx.db.networkMitigationRule.findUniqueOrThrow({ ...query, where: { id: p.ruleId } }),
      }),
      outcome: t.field({ type: MitigationOutcomeEnum, resolve: (p) => p.outcome }),
      failures: t.stringList({
        description: "Speaker or provider calls that failed (retried by reconciliation)",
        resolve: (p) => p.failures,
      }),
    }),
  });
const UpdatePayload = builder.objectRef<{ workspaceId: string }>("UpdateNetworkMitigationPayload").implement({
  fields: (t) => ({ networkMitigation: t.field({ type: NetworkMitigationRef, resolve: (p) => p }) }),
});

builder.mutationFields((t) => ({
  updateNetworkMitigation: t.field({
    type: UpdatePayload,
    description:
      "Sets a workspace's network mitigation (the fields given): policy, safelist, declared prefixes, BGP speakers, scrubbing providers; needs workspace:update (OWNER, ADMIN: no API key holds it)",
    errors: { types: mutationErrors },
    authScopes: { authenticated: true },
    args: { input: t.arg({ type: UpdateInput, required: true }) },
    resolve: async (_root, { input: { workspaceId: id, ...input } }, ctx) => {
      const workspaceId = idOf(id, "Workspace", "input.workspaceId");
      await updateNetworkMitigation(ctx, workspaceId, {
        ...input,
        policy: input.policy as never,
        speakers: input.speakers?.map((s) => ({ ...s, control: s.control ?? undefined })),
        providers: input.providers?.map((p) => ({
          ...p,
          settings: (p.settings ?? {}) as Record<string, unknown>,
          credentials: p.credentials as never,
        })),
      });
      return { workspaceId };
    },
  }),
  announceMitigation: t.field({
    type: AnnouncePayload,
    description:
      "Announces a network mitigation rule (FlowSpec, RTBH or scrubbing) by hand, with the checks automatic rules get; needs workspace:update (OWNER, ADMIN: no API key holds it)",
    errors: { types: mutationErrors },
    authScopes: { authenticated: true },
    args: { input: t.arg({ type: AnnounceInput, required: true }) },
    resolve: async (_root, { input: i }, ctx) => {
      const workspaceId = idOf(i.workspaceId, "Workspace", "input.workspaceId");
      const opt = <T>(v: T | null | undefined) => v ?? undefined;
      const intent: Intent =
        i.kind === "FLOWSPEC"
          ? {
              kind: "FLOWSPEC",
              match: {
                destination: i.destination,
                source: opt(i.source),
                protocols: opt(i.protocols),
                destinationPorts: opt(i.destinationPorts),
                sourcePorts: opt(i.sourcePorts),
                packetLengths: opt(i.packetLengths),
                tcpFlags: opt(i.tcpFlags),
                fragments: opt(i.fragments),
              },
              rateBytesPerSecond: i.rateBytesPerSecond ?? 0,
            }
          : i.kind === "RTBH"
            ? {
                kind: "RTBH",
                prefix: i.destination,
                nextHop: undefined as never,
                communities: i.communities ?? [],
              }
            : { kind: "SCRUBBING", prefix: i.destination };
      return announceMitigation(ctx, workspaceId, intent, i.ttlSeconds, i.escalated ?? false);
    },
  }),
  withdrawMitigation: t.field({
    type: builder.objectRef<{ ruleId: string; failures: string[] }>("WithdrawMitigationPayload").implement({
      fields: (f) => ({
        rule: f.prismaField({
          type: "NetworkMitigationRule",
          resolve: (query, p, _a, ctx) =>
            ctx.db.networkMitigationRule.findUniqueOrThrow({ ...query, where: { id: p.ruleId } }),
        }),
        failures: f.stringList({ resolve: (p) => p.failures }),
      }),
    }),
    description:
      "Withdraws an announced network mitigation rule; needs workspace:update (OWNER, ADMIN: no API key holds it)",
    errors: { types: mutationErrors },
    authScopes: { authenticated: true },
    args: { input: t.arg({ type: WithdrawInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      withdrawMitigation(ctx, idOf(input.ruleId, "NetworkMitigationRule", "input.ruleId")),
  }),
}));

const MitigationEventKindEnum = builder.enumType("MitigationEventKind", {
  values: ["ANNOUNCED", "WITHDRAWN", "FAILED"] as const,
});
const MitigationEventRef = builder
  .objectRef<NetworkMitigationEventPayload>("NetworkMitigationEvent")
  .implement({
    fields: (t) => ({
      kind: t.field({ type: MitigationEventKindEnum, resolve: (e) => e.kind }),
      ruleId: t.id({ resolve: (e) => encodeGlobalID("NetworkMitigationRule", e.ruleId) }),
      target: t.exposeString("target", { description: "The speaker or provider called" }),
      detail: t.exposeString("detail"),
      at: t.field({ type: "DateTime", resolve: (e) => new Date(e.at) }),
    }),
  });

builder.subscriptionField("networkMitigationEvents", (t) =>
  t.field({
    type: MitigationEventRef,
    description: "Network mitigation rules of a workspace being announced, withdrawn, or failing",
    args: { workspaceId: t.arg.id({ required: true }) },
    subscribe: async (_root, args, ctx) => {
      const workspaceId = idOf(args.workspaceId, "Workspace", "workspaceId");
      return subscribeInWorkspace(ctx, "networkMitigationEvents", workspaceId, workspaceId, "incident:read");
    },
    resolve: (event) => event,
  }),
);

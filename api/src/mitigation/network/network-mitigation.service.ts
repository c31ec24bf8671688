import { actorOf } from "../../auth/principal.ts";
import type { GraphQLContext } from "../../context.ts";
import { NotFoundError, ValidationError } from "../../errors.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import { checkPolicy, DEFAULT_POLICY, type EscalationPolicy } from "./escalation.ts";
import { verificationProblem } from "./guardrails.ts";
import type { Intent, IntentProblem } from "./intent.ts";
import { mitigationRuntime } from "./mitigation-runtime.ts";
import {
  checkProvider,
  checkSpeaker,
  credentialContext,
  type ProviderConfig,
  type ProviderKind,
  type SpeakerConfig,
} from "./mitigation-setup.ts";
import { prefixRange } from "./prefix-set.ts";
import { type GoBgpTls, tlsSummary } from "./speakers/gobgp-tls.ts";

const speakerTlsAudit = (tls: GoBgpTls) => {
  const { caFingerprint, serverName } = tlsSummary(tls);
  return { caFingerprint, serverName };
};

export interface ProviderInput {
  name: string;
  kind: ProviderKind;
  settings: Record<string, unknown>;
  baseUrl?: string | null;
  /** JSON object of credentials; omitted = keep the stored ones of the provider with this name. */
  credentials?: Record<string, unknown> | null;
}

export interface SpeakerInput {
  name: string;
  kind: SpeakerConfig["kind"];
  endpoint: string;
  control?: string;
  /** GOBGP: TLS on; `caCertificate` omitted keeps the one stored for the speaker with this name. */
  tls?: { caCertificate?: string | null; serverName?: string | null } | null;
}

export interface UpdateInput {
  policy?: Partial<EscalationPolicy> | null;
  safelist?: string[] | null;
  prefixes?: string[] | null;
  speakers?: SpeakerInput[] | null;
  providers?: ProviderInput[] | null;
  maxActiveRules?: number | null;
  announcementsPerMinute?: number | null;
}

const fail = (problems: IntentProblem[]) => {
  if (problems.length > 0) throw new ValidationError(problems);
};

/** Replaces the given parts of a workspace's network mitigation settings (ADMIN and above). */
export async function updateNetworkMitigation(ctx: GraphQLContext, workspaceId: string, input: UpdateInput) {
  await ctx.access.require(workspaceId, "workspace:update");
  const settings = ctx.config.networkMitigation;
  const current = await ctx.db.networkMitigationConfig.findUnique({ where: { workspaceId } });
  const problems: IntentProblem[] = [];
  const policy = {
    ...DEFAULT_POLICY,
    ...((current?.policy as object) ?? {}),
    ...(input.policy ?? {}),
  } as EscalationPolicy;
  problems.push(...checkPolicy(policy).map((p) => ({ ...p, path: `input.policy.${p.path}` })));
  const safelist = input.safelist ?? current?.safelist ?? [];
  safelist.forEach((s, i) => {
    if (!prefixRange(s))
      problems.push({ path: `input.safelist.${i}`, message: `"${s}" is not an address or prefix` });
  });
  const storedSpeakers = (current?.speakers ?? []) as unknown as SpeakerConfig[];
  let speakers = storedSpeakers;
  if (input.speakers) {
    speakers = [];
    for (const [i, s] of input.speakers.entries()) {
      const path = `input.speakers.${i}`;
      const { tls, ...rest } = s;
      const speaker: SpeakerConfig = { ...rest };
      if (tls) {
        const kept = storedSpeakers.find((k) => k.name === s.name && k.kind === s.kind)?.tls;
        const caCertificate = tls.caCertificate?.trim() || kept?.caCertificate;
        if (!caCertificate)
          problems.push({
            path: `${path}.tls.caCertificate`,
            message: "is required (no CA certificate is stored for this speaker)",
          });
        else speaker.tls = { caCertificate, ...(tls.serverName && { serverName: tls.serverName }) };
      }
      problems.push(...checkSpeaker(speaker, settings, path));
      speakers.push(speaker);
    }
  }
  const storedProviders = (current?.providers ?? []) as unknown as ProviderConfig[];
  let providers = storedProviders;
  if (input.providers) {
    providers = [];
    for (const [i, p] of input.providers.entries()) {
      const path = `input.providers.${i}`;
      const kept = storedProviders.find((s) => s.name === p.name && s.kind === p.kind);
      problems.push(
        ...checkProvider(
          { ...p, baseUrl: p.baseUrl ?? undefined, credentials: p.credentials ?? undefined },
          settings,
          path,
        ),
      );
      if (!p.credentials && !kept)
        problems.push({ path: `${path}.credentials`, message: "are required for a new provider" });
      const sealed = p.credentials
        ? ctx.secrets.seal(JSON.stringify(p.credentials), credentialContext(workspaceId, p.name))
        : (kept?.sealedCredentials ?? "");
      providers.push({
        name: p.name,
        kind: p.kind,
        settings: p.settings,
        ...(p.baseUrl && { baseUrl: p.baseUrl }),
        sealedCredentials: sealed,
      });
    }
  }
  const names = [...speakers.map((s) => s.name), ...providers.map((p) => p.name)];
  if (new Set(names).size !== names.length)
    problems.push({ path: "input", message: "speaker and provider names must be unique" });
  const maxActiveRules = input.maxActiveRules ?? current?.maxActiveRules ?? 100;
  const perMinute = input.announcementsPerMinute ?? current?.announcementsPerMinute ?? 20;
  if (maxActiveRules < 1 || maxActiveRules > 10_000)
    problems.push({ path: "input.maxActiveRules", message: "must be 1–10000" });
  if (perMinute < 1 || perMinute > 1000)
    problems.push({ path: "input.announcementsPerMinute", message: "must be 1–1000" });
  const declared = input.prefixes?.map((p, i) => {
    const range = prefixRange(p);
    if (!range) problems.push({ path: `input.prefixes.${i}`, message: `"${p}" is not a prefix` });
    return range?.text ?? p;
  });
  fail(problems);
  const others = declared
    ? (
        await ctx.db.mitigationPrefix.findMany({
          where: { verified: true, workspaceId: { not: workspaceId } },
        })
      ).map((p) => p.prefix)
    : [];
  const data = {
    policy: policy as unknown as Prisma.InputJsonValue,
    safelist,
    speakers: speakers as unknown as Prisma.InputJsonValue,
    providers: providers as unknown as Prisma.InputJsonValue,
    maxActiveRules,
    announcementsPerMinute: perMinute,
  };
  await ctx.mutate(async (tx, audit) => {
    await tx.networkMitigationConfig.upsert({
      where: { workspaceId },
      create: { workspaceId, ...data },
      update: data,
    });
    if (declared) {
      await tx.mitigationPrefix.deleteMany({ where: { workspaceId } });
      for (const prefix of new Set(declared)) {
        const problem = verificationProblem(prefix, settings.allowedPrefixes, others);
        await tx.mitigationPrefix.create({
          data: {
            workspaceId,
            prefix,
            verified: !problem,
            note: problem ?? "covered by the operator's allow-list",
          },
        });
      }
    }
    await audit({
      action: "mitigation.configure",
      workspaceId,
      target: { type: "Workspace", id: workspaceId },
      summary: {
        after: {
          policy,
          safelist,
          prefixes: declared ?? null,
          speakers: speakers.map((s) => ({
            name: s.name,
            kind: s.kind,
            endpoint: s.endpoint,
            tls: s.tls ? speakerTlsAudit(s.tls) : null,
          })),
          providers: providers.map((p) => ({ name: p.name, kind: p.kind, settings: p.settings })),
          maxActiveRules,
          announcementsPerMinute: perMinute,
        },
      },
    });
  });
}

/** An operator announces a rule by hand (same validation, guardrails, queue and audit as automatic ones). */
export async function announceMitigation(
  ctx: GraphQLContext,
  workspaceId: string,
  intent: Intent,
  ttlSeconds: number,
  escalated: boolean,
) {
  await ctx.access.require(workspaceId, "workspace:update");
  if (!Number.isInteger(ttlSeconds) || ttlSeconds < 60 || ttlSeconds > 7 * 86_400)
    throw ValidationError.field("input.ttlSeconds", "must be between 60 and 604800 (7 days)");
  const result = await mitigationRuntime(ctx).withWorkspace(workspaceId, actorOf(ctx.principal), (m) =>
    m.request({ workspaceId, intent, ttlSeconds, escalated }),
  );
  if (!result)
    throw ValidationError.field(
      "input.workspaceId",
      "network mitigation is not configured for this workspace",
    );
  if (!result.ok) throw new ValidationError(result.problems.map((p) => ({ ...p, path: `input.${p.path}` })));
  return { ruleId: result.rule.id, outcome: result.outcome, failures: result.failures };
}

export async function withdrawMitigation(ctx: GraphQLContext, ruleId: string) {
  const rule = await ctx.db.networkMitigationRule.findUnique({ where: { id: ruleId } });
  if (!rule) throw new NotFoundError("mitigation rule");
  await ctx.access.require(rule.workspaceId, "workspace:update", "mitigation rule");
  const failures = await mitigationRuntime(ctx).withWorkspace(rule.workspaceId, actorOf(ctx.principal), (m) =>
    m.withdraw(ruleId, "withdrawn by an operator"),
  );
  return { ruleId, failures: failures ?? [] };
}

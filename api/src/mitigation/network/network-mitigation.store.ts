import type { Db } from "../../db/database.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import type { Place } from "./announcement-window.ts";
import { DEFAULT_POLICY, type EscalationPolicy } from "./escalation.ts";
import type { Intent, MitigationLevel } from "./intent.ts";
import type { ProviderConfig, SpeakerConfig } from "./mitigation-setup.ts";
import type { PlannedRule, RuleState } from "./rule-queue.ts";

type RuleRow = Awaited<ReturnType<Db["networkMitigationRule"]["findFirstOrThrow"]>>;

const ms = (d: Date | null) => (d ? d.getTime() : null);
const date = (n: number | null) => (n === null ? null : new Date(n));

export function ruleOf(row: RuleRow): PlannedRule {
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    key: row.key,
    intent: row.intent as unknown as Intent,
    level: row.level as MitigationLevel,
    state: row.state as RuleState,
    incidentIds: row.incidentIds,
    manual: row.manual,
    createdAt: row.createdAt.getTime(),
    announcedAt: ms(row.announcedAt),
    expiresAt: row.expiresAt.getTime(),
    withdrawnAt: ms(row.withdrawnAt),
    withdrawReason: row.withdrawReason,
  };
}

/** Live rules of a workspace and those announced since `since` (they count against the window). */
export async function loadRules(db: Db, workspaceId: string, since: number): Promise<PlannedRule[]> {
  const rows = await db.networkMitigationRule.findMany({
    where: { workspaceId, OR: [{ state: { not: "WITHDRAWN" } }, { announcedAt: { gt: new Date(since) } }] },
  });
  return rows.map(ruleOf);
}

export async function saveRule(
  db: Db | Prisma.TransactionClient,
  rule: PlannedRule,
  lastError?: string | null,
) {
  const data = {
    workspaceId: rule.workspaceId,
    key: rule.key,
    level: rule.level,
    intent: rule.intent as unknown as Prisma.InputJsonValue,
    state: rule.state,
    incidentIds: rule.incidentIds,
    manual: rule.manual,
    createdAt: new Date(rule.createdAt),
    announcedAt: date(rule.announcedAt),
    expiresAt: new Date(rule.expiresAt),
    withdrawnAt: date(rule.withdrawnAt),
    withdrawReason: rule.withdrawReason,
    ...(lastError !== undefined && { lastError }),
  };
  await db.networkMitigationRule.upsert({
    where: { id: rule.id },
    create: { id: rule.id, ...data },
    update: data,
  });
}

export interface StoredSetup {
  policy: EscalationPolicy;
  safelist: string[];
  speakers: SpeakerConfig[];
  providers: ProviderConfig[];
  maxActiveRules: number;
  announcementsPerMinute: number;
  verifiedPrefixes: string[];
}

export async function loadSetup(db: Db, workspaceId: string): Promise<StoredSetup | undefined> {
  const [config, prefixes] = await Promise.all([
    db.networkMitigationConfig.findUnique({ where: { workspaceId } }),
    db.mitigationPrefix.findMany({ where: { workspaceId, verified: true }, orderBy: { prefix: "asc" } }),
  ]);
  if (!config) return undefined;
  return {
    policy: { ...DEFAULT_POLICY, ...(config.policy as object) } as EscalationPolicy,
    safelist: config.safelist,
    speakers: config.speakers as unknown as SpeakerConfig[],
    providers: config.providers as unknown as ProviderConfig[],
    maxActiveRules: config.maxActiveRules,
    announcementsPerMinute: config.announcementsPerMinute,
    verifiedPrefixes: prefixes.map((p) => p.prefix),
  };
}

/** First announcements since `since`, every workspace (the platform-wide window's start). */
export async function recentAnnouncements(db: Db, since: number): Promise<Place[]> {
  const rows = await db.networkMitigationRule.findMany({
    where: { announcedAt: { gt: new Date(since) } },
    select: { id: true, workspaceId: true, announcedAt: true },
  });
  return rows.map((r) => ({ id: r.id, workspaceId: r.workspaceId, at: (r.announcedAt as Date).getTime() }));
}

/** Workspaces with live rules (for the periodic tick and reconciliation). */
export async function workspacesWithLiveRules(db: Db): Promise<string[]> {
  const rows = await db.networkMitigationRule.findMany({
    where: { state: { not: "WITHDRAWN" } },
    distinct: ["workspaceId"],
    select: { workspaceId: true },
  });
  return rows.map((r) => r.workspaceId);
}

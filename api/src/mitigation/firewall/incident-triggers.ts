import { cidrContains, parseCidr } from "@levee/shared/cidr";
import { appendAudit, type Tx } from "../../audit/audit-recorder.ts";
import type { Actor } from "../../auth/principal.ts";
import type { AppServices } from "../../context.ts";
import type { Database } from "../../db/database.ts";
import type { Incident, MitigationRule, Prisma, Severity } from "../../generated/prisma/client.ts";
import type { IncidentConsumer } from "../../incidents/incident.jobs.ts";
import type { IncidentEventJob } from "../../incidents/incident-event.ts";
import { planAction } from "./action-plan.ts";
import { protectedPrefixes } from "./guardrail-report.ts";
import type { IncidentFacts } from "./incident-variables.ts";
import { claimSlot, hostFacts, newActionId, recordEvent, safelistOf } from "./mitigation.store.ts";
import { publishMitigation } from "./mitigation-topic.ts";

const SEVERITY_RANK: Record<Severity, number> = { LOW: 1, MEDIUM: 2, HIGH: 3, CRITICAL: 4 };
type Db = Database["prisma"] | Tx;

interface StoredClassification {
  family?: string | null;
  spoofed?: boolean;
  topSources?: { ip: string }[];
}

/** What rule variables can draw on: family, top sources (minus protected ones) and the target. */
export async function incidentFacts(
  db: Db,
  incident: Incident,
): Promise<IncidentFacts & { spoofed: boolean }> {
  const classification = (incident.classification ?? {}) as StoredClassification;
  const host = await hostFacts(db, incident.nodeId);
  const guards = protectedPrefixes(host, await safelistOf(db, incident.workspaceId)).flatMap((g) => {
    const parsed = parseCidr(g.prefix);
    return parsed.ok ? [parsed.cidr] : [];
  });
  const topSources = (classification.topSources ?? [])
    .map((s) => s.ip)
    .filter((ip) => {
      const parsed = parseCidr(ip);
      return parsed.ok && !guards.some((g) => cidrContains(g, parsed.cidr));
    });
  return {
    family: classification.family ?? null,
    spoofed: classification.spoofed ?? false,
    topSources,
    targetAddress: host?.managementAddresses[0] ?? null,
  };
}

export function ruleMatches(rule: MitigationRule, incident: Incident, family: string | null): boolean {
  if (!rule.enabled || (rule.nodeId && rule.nodeId !== incident.nodeId)) return false;
  switch (rule.trigger) {
    case "THRESHOLD":
      return true;
    case "SEVERITY":
      return rule.minSeverity !== null && SEVERITY_RANK[incident.severity] >= SEVERITY_RANK[rule.minSeverity];
    case "FAMILY":
      return family !== null && rule.family === family;
    default:
      return false;
  }
}

/**
 * The mitigation side of `incidents.event`. OPENED/UPDATED: each enabled rule the incident now
 * matches creates one action (once per rule and incident) — refused and recorded when the
 * guardrails say no. RESOLVED: the incident's non-permanent actions are taken back.
 */
export async function onIncidentEvent(services: AppServices, event: IncidentEventJob): Promise<void> {
  const db = services.database.prisma;
  const incident = await db.incident.findUnique({ where: { id: event.incidentId } });
  if (!incident) return;
  if (event.kind === "RESOLVED") return withdrawIncidentActions(services, incident);
  // An OPENED/UPDATED retried after the incident resolved (a failed attempt goes back behind
  // later events) must not apply rules that its RESOLVED, already handled, would never take back.
  if (incident.status !== "OPEN") return;
  const rules = await db.mitigationRule.findMany({
    where: { workspaceId: incident.workspaceId, enabled: true },
  });
  if (rules.length === 0) return;
  const facts = await incidentFacts(db, incident);
  for (const rule of rules) {
    if (!ruleMatches(rule, incident, facts.family)) continue;
    const exists = await db.mitigationAction.findUnique({
      where: { ruleId_incidentId: { ruleId: rule.id, incidentId: incident.id } },
    });
    if (exists) continue;
    await fireRule(services, rule, incident, facts);
  }
}

/**
 * A rule created, enabled or changed while an attack is on applies to it: each OPEN incident in
 * its scope that it matches fires it now, once, as that incident's next event would have (an
 * operator writes the rule during the flood; waiting for a new incident would leave this one
 * unmitigated). An incident that resolved meanwhile has its new action taken back at once: its
 * RESOLVED may have been handled before the action existed. Returns how many fired.
 */
export async function fireRuleOnOpenIncidents(services: AppServices, rule: MitigationRule): Promise<number> {
  if (!rule.enabled) return 0;
  const db = services.database.prisma;
  const open = await db.incident.findMany({
    where: { workspaceId: rule.workspaceId, status: "OPEN", ...(rule.nodeId ? { nodeId: rule.nodeId } : {}) },
  });
  let fired = 0;
  for (const incident of open) {
    // One incident's failure (a node with every tc slot in use, a lost connection) must neither
    // fail the saved rule's mutation nor keep the rule from the other incidents: logged, and that
    // incident's next event tries the rule again.
    try {
      const facts = await incidentFacts(db, incident);
      if (!ruleMatches(rule, incident, facts.family)) continue;
      const exists = await db.mitigationAction.findUnique({
        where: { ruleId_incidentId: { ruleId: rule.id, incidentId: incident.id } },
      });
      if (exists) continue;
      await fireRule(services, rule, incident, facts);
      fired++;
      const now = await db.incident.findUnique({ where: { id: incident.id }, select: { status: true } });
      if (now?.status !== "OPEN") await withdrawIncidentActions(services, incident);
    } catch (error) {
      services.logger.error(
        { err: error, rule: rule.id, incident: incident.id },
        "firing a new mitigation rule on an open incident failed",
      );
    }
  }
  return fired;
}

async function fireRule(
  services: AppServices,
  rule: MitigationRule,
  incident: Incident,
  facts: IncidentFacts & { spoofed: boolean },
) {
  const db = services.database.prisma;
  const id = newActionId();
  const protectedList = protectedPrefixes(
    await hostFacts(db, incident.nodeId),
    await safelistOf(db, incident.workspaceId),
  );
  const actor: Actor = { type: "SYSTEM", id: rule.id, label: `mitigation rule "${rule.name}"` };
  const fired = await db
    .$transaction(async (tx) => {
      // Planned inside the transaction: the commands name the slot claimed for it.
      const slot = await claimSlot(tx, incident.nodeId);
      const plan = planAction({
        id,
        slot,
        actionType: rule.actionType,
        params: rule.params,
        incident: facts,
        protectedList,
      });
      // A variable the incident cannot fill yet (no classification so far): try again on UPDATED.
      if (plan.issues.some((i) => i.message.includes("not known for this incident"))) return null;
      const refused = plan.issues.length > 0 || plan.refused.length > 0;
      const problems = [...plan.issues.map((i) => `${i.path}: ${i.message}`), ...plan.refused];
      const created = await tx.mitigationAction.create({
        data: {
          id,
          workspaceId: incident.workspaceId,
          nodeId: incident.nodeId,
          ruleId: rule.id,
          incidentId: incident.id,
          actionType: rule.actionType,
          params: (plan.params ?? rule.params) as Prisma.InputJsonValue,
          slot,
          state: refused ? "REFUSED" : "PENDING",
          permanent: rule.permanent,
          expiresAt: rule.permanent ? null : new Date(Date.now() + rule.ttlSeconds * 1000),
          warnings: plan.warnings,
          message: refused ? problems.join("; ") : null,
        },
      });
      const commands = plan.apply.map((argv) => ({ argv, exitCode: null, stderr: "" }));
      await recordEvent(tx, created, refused ? "REFUSED" : "REQUESTED", {
        commands,
        message: (refused ? problems : plan.warnings).join("; ") || null,
      });
      await appendAudit(tx, actor, null, {
        action: refused ? "mitigation.refused" : "mitigation.trigger",
        workspaceId: incident.workspaceId,
        target: { type: "MitigationAction", id },
        summary: {
          incidentId: incident.id,
          actionType: rule.actionType,
          params: plan.params,
          argv: plan.apply,
          problems,
          warnings: plan.warnings,
        },
      });
      return created;
    })
    .catch((error: unknown) => {
      if (isRuleIncidentConflict(error)) return null; // another instance fired this rule for this incident first
      throw error;
    });
  if (fired) publishMitigation(services, fired, fired.state === "REFUSED" ? "REFUSED" : "REQUESTED");
}

/**
 * The rule already has an action for this incident (its unique index said no), not some other
 * unique violation: a shared tc slot must fail loudly, not pass for a rule that fired already.
 * The adapters name the index (pg) or quote it in the driver's message (PGlite).
 */
export function isRuleIncidentConflict(error: unknown): boolean {
  const e = error as {
    code?: string;
    meta?: { driverAdapterError?: { cause?: { originalMessage?: string; constraint?: { index?: string } } } };
  };
  const cause = e?.meta?.driverAdapterError?.cause;
  const index = "mitigation_action_rule_id_incident_id_key";
  return (
    e?.code === "P2002" &&
    (cause?.constraint?.index === index || Boolean(cause?.originalMessage?.includes(index)))
  );
}

async function withdrawIncidentActions(services: AppServices, incident: Incident) {
  const db = services.database.prisma;
  const actions = await db.mitigationAction.findMany({
    where: { incidentId: incident.id, permanent: false, state: { in: ["PENDING", "ACTIVE"] } },
  });
  const actor: Actor = { type: "SYSTEM", id: null, label: "levee (incident resolved)" };
  for (const action of actions) {
    const updated = await db.$transaction(async (tx) => {
      // Only from PENDING or ACTIVE: a rule fired during the attack (fireRuleOnOpenIncidents) and
      // the RESOLVED job may both withdraw the same action, and an agent may have undone it since.
      const { count } = await tx.mitigationAction.updateMany({
        where: { id: action.id, state: { in: ["PENDING", "ACTIVE"] } },
        data: { state: "UNDO_PENDING" },
      });
      if (count === 0) return null;
      const changed = await tx.mitigationAction.findUniqueOrThrow({ where: { id: action.id } });
      await recordEvent(tx, changed, "UNDO_REQUESTED", { message: "the incident resolved" });
      await appendAudit(tx, actor, null, {
        action: "mitigation.undo",
        workspaceId: action.workspaceId,
        target: { type: "MitigationAction", id: action.id },
        summary: { incidentId: incident.id, reason: "resolved" },
      });
      return changed;
    });
    if (updated) publishMitigation(services, updated, "UNDO_REQUESTED");
  }
}

/** Firewall mitigation's part of every incident event. */
export const firewallIncidentConsumer: IncidentConsumer = { name: "firewall", handle: onIncidentEvent };

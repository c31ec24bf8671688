import { rank } from "./escalation.ts";
import { type Intent, intentKey, levelOf, type MitigationLevel } from "./intent.ts";

/**
 * The queue between "an incident (or an operator) asks for a rule" and "a speaker announces
 * it". Pure: time comes in as `now`, actions go out as steps the service carries out.
 *
 * - Aggregation and de-duplication: one live rule per (workspace, rule identity). A multi-node
 *   attack on one target, or the same incident asking again, joins the existing rule.
 * - Escalation replaces a live rule's action in place (rate-limit → discard re-announces the
 *   same NLRI); a request for a lower level joins without stepping down.
 * - Sliding window: at most `perWindow` announcements per workspace in any `windowMs`; the rest
 *   wait, bounded by `maxPending`. Withdrawals are never held. The platform-wide window (all
 *   workspaces, all API processes) is not the queue's: its caller asks it for each first
 *   announcement the queue plans (`first` steps) and hands back those it refused (`defer`).
 * - Quota: `maxActive` live (pending + announced) rules per workspace.
 * - TTL on every rule; manual withdraw; withdrawal once every incident behind a rule resolved.
 */
export type RuleState = "PENDING" | "ANNOUNCED" | "WITHDRAWN";

export interface PlannedRule {
  id: string;
  workspaceId: string;
  key: string;
  intent: Intent;
  level: MitigationLevel;
  state: RuleState;
  incidentIds: string[];
  manual: boolean;
  createdAt: number;
  announcedAt: number | null;
  expiresAt: number;
  withdrawnAt: number | null;
  withdrawReason: string | null;
}

export interface RuleRequest {
  workspaceId: string;
  /** Validated and canonical (checkIntent), guardrails already passed. */
  intent: Intent;
  incidentId?: string;
  ttlSeconds: number;
}

export interface QueueLimits {
  windowMs: number;
  perWindow: number;
  maxActive: number;
  maxPending: number;
}

export const DEFAULT_LIMITS: QueueLimits = {
  windowMs: 60_000,
  perWindow: 20,
  maxActive: 100,
  maxPending: 200,
};

export type Step =
  /** `first`: the rule's first announcement (it counts against the windows); else a re-announcement. */
  { type: "ANNOUNCE"; rule: PlannedRule; first?: boolean } | { type: "WITHDRAW"; rule: PlannedRule };
export type RequestOutcome =
  | { outcome: "QUEUED" | "MERGED" | "ESCALATED"; rule: PlannedRule; steps: Step[] }
  | { outcome: "REFUSED"; reason: string; steps: Step[] };

const live = (rule: PlannedRule) => rule.state !== "WITHDRAWN";

export class RuleQueue {
  private readonly rules = new Map<string, PlannedRule>();
  private readonly announcements = new Map<string, number[]>();

  constructor(
    readonly limits: QueueLimits = DEFAULT_LIMITS,
    private readonly newId: () => string = () => crypto.randomUUID(),
  ) {}

  /**
   * Rules kept in the database: live ones are managed again, and announcements inside the
   * window (withdrawn or not) count against it, so a restart cannot reset the storm limit.
   */
  restore(rules: PlannedRule[], now = 0): void {
    const since = now - this.limits.windowMs;
    for (const rule of rules) {
      if (live(rule)) this.rules.set(rule.id, { ...rule });
      if (rule.announcedAt !== null && rule.announcedAt > since) {
        this.announcements.set(rule.workspaceId, [
          ...(this.announcements.get(rule.workspaceId) ?? []),
          rule.announcedAt,
        ]);
      }
    }
  }

  get(id: string): PlannedRule | undefined {
    return this.rules.get(id);
  }

  list(workspaceId?: string): PlannedRule[] {
    return [...this.rules.values()].filter((r) => !workspaceId || r.workspaceId === workspaceId);
  }

  request(req: RuleRequest, now: number): RequestOutcome {
    const key = intentKey(req.intent);
    const level = levelOf(req.intent);
    const expiresAt = now + req.ttlSeconds * 1000;
    const existing = this.list(req.workspaceId).find((r) => live(r) && r.key === key);
    if (existing) {
      if (req.incidentId && !existing.incidentIds.includes(req.incidentId))
        existing.incidentIds.push(req.incidentId);
      if (!req.incidentId) existing.manual = true;
      existing.expiresAt = Math.max(existing.expiresAt, expiresAt);
      if (rank(level) <= rank(existing.level)) return { outcome: "MERGED", rule: existing, steps: [] };
      existing.intent = req.intent;
      existing.level = level;
      // Announced: re-announce now (the new action replaces the old one); pending: just wait.
      const steps: Step[] = existing.state === "ANNOUNCED" ? [{ type: "ANNOUNCE", rule: existing }] : [];
      return { outcome: "ESCALATED", rule: existing, steps };
    }
    const mine = this.list(req.workspaceId).filter(live);
    if (mine.length >= this.limits.maxActive)
      return {
        outcome: "REFUSED",
        reason: `quota: ${this.limits.maxActive} active rules per workspace`,
        steps: [],
      };
    if (mine.filter((r) => r.state === "PENDING").length >= this.limits.maxPending)
      return { outcome: "REFUSED", reason: `queue full: ${this.limits.maxPending} rules waiting`, steps: [] };
    const rule: PlannedRule = {
      id: this.newId(),
      workspaceId: req.workspaceId,
      key,
      intent: req.intent,
      level,
      state: "PENDING",
      incidentIds: req.incidentId ? [req.incidentId] : [],
      manual: !req.incidentId,
      createdAt: now,
      announcedAt: null,
      expiresAt,
      withdrawnAt: null,
      withdrawReason: null,
    };
    this.rules.set(rule.id, rule);
    return { outcome: "QUEUED", rule, steps: this.drain(now) };
  }

  /** Operator withdrawal (or any other reason); a pending rule is simply dropped. */
  withdraw(id: string, reason: string, now: number): Step[] {
    const rule = this.rules.get(id);
    if (!rule || !live(rule)) return [];
    return this.end(rule, reason, now);
  }

  /** The incident resolved: rules it alone held are withdrawn; operator-made rules stay. */
  release(incidentId: string, now: number): Step[] {
    const steps: Step[] = [];
    for (const rule of this.list()) {
      if (!live(rule) || !rule.incidentIds.includes(incidentId)) continue;
      rule.incidentIds = rule.incidentIds.filter((id) => id !== incidentId);
      if (rule.incidentIds.length === 0 && !rule.manual)
        steps.push(...this.end(rule, "incident resolved", now));
    }
    return steps;
  }

  /** Expire rules past their TTL, then announce waiting rules the window now allows. */
  tick(now: number): Step[] {
    const steps: Step[] = [];
    for (const rule of this.list())
      if (live(rule) && rule.expiresAt <= now) steps.push(...this.end(rule, "ttl expired", now));
    return [...steps, ...this.drain(now)];
  }

  /**
   * A first announcement the platform-wide window refused: the rule waits again (PENDING) and
   * gives its place in the workspace's window back; the next tick offers it again.
   */
  defer(rule: PlannedRule): void {
    if (rule.state !== "ANNOUNCED" || rule.announcedAt === null) return;
    const recent = this.announcements.get(rule.workspaceId) ?? [];
    const at = recent.lastIndexOf(rule.announcedAt);
    if (at >= 0) recent.splice(at, 1);
    rule.state = "PENDING";
    rule.announcedAt = null;
  }

  /** Forget withdrawn rules (they live on in the database). */
  prune(): void {
    for (const [id, rule] of this.rules) if (!live(rule)) this.rules.delete(id);
  }

  private end(rule: PlannedRule, reason: string, now: number): Step[] {
    const wasAnnounced = rule.state === "ANNOUNCED";
    rule.state = "WITHDRAWN";
    rule.withdrawnAt = now;
    rule.withdrawReason = reason;
    return wasAnnounced ? [{ type: "WITHDRAW", rule }] : [];
  }

  private drain(now: number): Step[] {
    const since = now - this.limits.windowMs;
    const steps: Step[] = [];
    // Operator rules first, then oldest first.
    const waiting = this.list()
      .filter((r) => r.state === "PENDING")
      .sort((a, b) => Number(b.manual) - Number(a.manual) || a.createdAt - b.createdAt);
    for (const rule of waiting) {
      const recent = (this.announcements.get(rule.workspaceId) ?? []).filter((t) => t > since);
      this.announcements.set(rule.workspaceId, recent);
      if (recent.length >= this.limits.perWindow) continue;
      recent.push(now);
      rule.state = "ANNOUNCED";
      rule.announcedAt = now;
      steps.push({ type: "ANNOUNCE", rule, first: true });
    }
    return steps;
  }
}

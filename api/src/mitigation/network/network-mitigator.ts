import type { CloudProvider } from "./cloud/cloud-provider.ts";
import { checkGuardrails, type GuardrailScope } from "./guardrails.ts";
import { checkIntent, type Intent, type IntentProblem } from "./intent.ts";
import { planReconcile } from "./reconcile.ts";
import type { PlannedRule, RuleQueue, Step } from "./rule-queue.ts";
import type { Speaker, SpeakerCall } from "./speakers/speaker.ts";

export interface WorkspaceMitigation {
  /** Verified prefixes and safelist (the `escalated` flag is per request). */
  scope: Omit<GuardrailScope, "escalated">;
  speakers: Speaker[];
  providers: CloudProvider[];
}

export interface CallRecord {
  rule: PlannedRule;
  action: "ANNOUNCE" | "WITHDRAW";
  target: string;
  request?: Record<string, unknown>;
  error?: string;
}

export interface MitigatorHooks {
  /** Persists the rule's intended state; awaited BEFORE any speaker is called. */
  save(rule: PlannedRule): Promise<void>;
  /** Every call made (request as sent, secrets already redacted by the adapter), or its failure. */
  record(call: CallRecord): Promise<void>;
  /**
   * The platform-wide window: of these rules' first announcements (in the queue's order), how
   * many may go out at `now`. The rest wait as PENDING. Absent: no such window.
   */
  admit?(rules: PlannedRule[], now: number): Promise<number>;
}

export type MitigationRequest = {
  workspaceId: string;
  intent: Intent;
  incidentId?: string;
  ttlSeconds: number;
  /** Wider than a host route is allowed (escalated or an operator's explicit choice). */
  escalated?: boolean;
};

export type MitigationOutcome =
  | { ok: true; outcome: "QUEUED" | "MERGED" | "ESCALATED"; rule: PlannedRule; failures: string[] }
  | { ok: false; problems: IntentProblem[] };

/**
 * Carries out the rule queue's steps on a workspace's speakers and scrubbing providers, and
 * keeps them in line with the intended state. Validation and guardrails come first: a refused
 * rule never reaches the queue. The intended state is saved before any speaker is called, so
 * nothing is ever announced without a record; a failed call leaves the rule intended and the
 * next reconciliation retries it.
 */
export class NetworkMitigator {
  constructor(
    readonly queue: RuleQueue,
    private readonly setupOf: (workspaceId: string) => WorkspaceMitigation | undefined,
    private readonly hooks: MitigatorHooks,
    private readonly now: () => number = Date.now,
    /** Last generation seen per speaker (kept by the caller when mitigators are short-lived). */
    private readonly generations = new Map<Speaker, string | undefined>(),
  ) {}

  async request(req: MitigationRequest): Promise<MitigationOutcome> {
    const checked = checkIntent(req.intent);
    if (!checked.ok) return { ok: false, problems: checked.problems };
    const setup = this.setupOf(req.workspaceId);
    if (!setup)
      return {
        ok: false,
        problems: [{ path: "workspaceId", message: "network mitigation is not configured" }],
      };
    const problems = checkGuardrails(checked.value, { ...setup.scope, escalated: req.escalated ?? false });
    if (problems.length > 0) return { ok: false, problems };
    const now = this.now();
    const outcome = this.queue.request({ ...req, intent: checked.value }, now);
    if (outcome.outcome === "REFUSED")
      return { ok: false, problems: [{ path: "intent", message: outcome.reason }] };
    const { steps, problem } = await this.admitted(outcome.steps, now);
    // Steps save their rule before calling out; a rule with no step yet (waiting, merged) is saved here.
    if (!steps.some((step) => step.rule === outcome.rule)) await this.hooks.save(outcome.rule);
    const failures = [...problem, ...(await this.execute(steps))];
    return { ok: true, outcome: outcome.outcome, rule: outcome.rule, failures };
  }

  async withdraw(ruleId: string, reason: string): Promise<string[]> {
    return this.execute(this.queue.withdraw(ruleId, reason, this.now()));
  }

  /** The incident resolved. */
  async release(incidentId: string): Promise<string[]> {
    return this.execute(this.queue.release(incidentId, this.now()));
  }

  /** TTLs and the sliding window (run every few seconds). */
  async tick(): Promise<string[]> {
    const now = this.now();
    const steps = this.queue.tick(now);
    // A rule the platform-wide window sends back to waiting was stored PENDING already.
    const admitted = await this.admitted(steps, now);
    return [...admitted.problem, ...(await this.execute(admitted.steps))];
  }

  /**
   * The steps the platform-wide window lets out: first announcements beyond what it granted go
   * back to waiting in the queue (their step dropped); everything else passes. A window that
   * cannot answer (its seeding read failed) grants nothing this time, but never holds back a
   * withdrawal or a re-announcement: its error is returned as a failure beside them.
   */
  private async admitted(steps: Step[], now: number): Promise<{ steps: Step[]; problem: string[] }> {
    const firsts = steps.filter((s) => s.type === "ANNOUNCE" && s.first).map((s) => s.rule);
    if (!this.hooks.admit || firsts.length === 0) return { steps, problem: [] };
    let granted = 0;
    const problem: string[] = [];
    try {
      granted = await this.hooks.admit(firsts, now);
    } catch (error) {
      problem.push(
        `platform-wide announcement window: ${(error as Error).message} (${firsts.length} waiting)`,
      );
    }
    const refused = new Set(firsts.slice(granted));
    for (const rule of refused) this.queue.defer(rule);
    return { steps: steps.filter((s) => !refused.has(s.rule) || s.type !== "ANNOUNCE"), problem };
  }

  /** Each speaker against the intended state (every 30 s, and at start with `initial`). */
  async reconcile(workspaceId: string, initial = false): Promise<string[]> {
    const setup = this.setupOf(workspaceId);
    if (!setup) return [];
    const intended = this.queue.list(workspaceId).filter((r) => r.state === "ANNOUNCED");
    const failures: string[] = [];
    for (const speaker of setup.speakers) {
      try {
        const rib = await speaker.rib();
        const plan = planReconcile(
          intended.map((r) => r.intent),
          rib,
          this.generations.get(speaker),
          speaker.replaceAll !== undefined,
        );
        if (speaker.replaceAll && (plan.replaceAll || initial)) {
          await speaker.replaceAll(
            intended.filter((r) => r.intent.kind !== "SCRUBBING").map((r) => r.intent),
          );
        } else {
          for (const intent of plan.announce) {
            const rule = intended.find((r) => r.intent === intent) as PlannedRule;
            failures.push(
              ...(await this.call(rule, "ANNOUNCE", speaker.name, () => speaker.announce(intent))),
            );
          }
        }
        this.generations.set(speaker, plan.generation);
      } catch (error) {
        failures.push(`${speaker.name}: ${(error as Error).message}`);
      }
    }
    return failures;
  }

  private async execute(steps: Step[]): Promise<string[]> {
    const failures: string[] = [];
    for (const step of steps) {
      await this.hooks.save(step.rule);
      const setup = this.setupOf(step.rule.workspaceId);
      if (!setup) continue;
      const { intent } = step.rule;
      for (const provider of setup.providers.filter((p) => p.supports(intent))) {
        const act = step.type === "ANNOUNCE" ? () => provider.apply(intent) : () => provider.remove(intent);
        failures.push(...(await this.call(step.rule, step.type, provider.name, act)));
      }
      if (intent.kind === "SCRUBBING") continue;
      for (const speaker of setup.speakers) {
        const act =
          step.type === "ANNOUNCE" ? () => speaker.announce(intent) : () => speaker.withdraw(intent);
        failures.push(...(await this.call(step.rule, step.type, speaker.name, act)));
      }
    }
    return failures;
  }

  private async call(
    rule: PlannedRule,
    action: "ANNOUNCE" | "WITHDRAW",
    target: string,
    act: () => Promise<SpeakerCall>,
  ): Promise<string[]> {
    try {
      const call = await act();
      await this.hooks.record({ rule, action, target, request: call.request });
      return [];
    } catch (error) {
      const request = (error as { request?: Record<string, unknown> }).request;
      const message = (error as Error).message;
      await this.hooks.record({ rule, action, target, request, error: message });
      return [message];
    }
  }
}

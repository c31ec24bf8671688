/**
 * Escalation policies, pure. A policy matches an incident by severity, attack family and node
 * labels (each list empty = any); its ordered steps each name channels and a delay after the
 * previous step; `repeat` re-runs the whole sequence, each round `repeatAfterSeconds` after
 * the previous round's last step. Acknowledgement and resolution are checked when a step is due
 * (a later step is skipped then), and the resolution skips the steps not due yet when it is
 * handled (alert.jobs.ts), so the plan itself never changes.
 */
export interface NodeLabel {
  key: string;
  value: string;
}

export interface EscalationStep {
  channelIds: string[];
  delaySeconds: number;
}

export interface PolicyRule {
  id: string;
  position: number;
  /** Policies of the incident's own workspace come before those an MSP shares with it. */
  inherited: boolean;
  severities: string[];
  families: string[];
  nodeLabels: NodeLabel[];
  steps: EscalationStep[];
  repeat: number;
  repeatAfterSeconds: number;
}

export interface IncidentFacts {
  severity: string;
  family: string | null;
  nodeLabels: NodeLabel[];
}

export interface PlannedStep {
  step: number;
  channelIds: string[];
  /** From the event. */
  delayMs: number;
}

export function policyMatches(policy: PolicyRule, facts: IncidentFacts): boolean {
  if (policy.severities.length > 0 && !policy.severities.includes(facts.severity)) return false;
  if (policy.families.length > 0 && !(facts.family && policy.families.includes(facts.family))) return false;
  return policy.nodeLabels.every((want) =>
    facts.nodeLabels.some((have) => have.key === want.key && have.value === want.value),
  );
}

/** The first matching policy: own workspace's before inherited ones, then by position. */
export function choosePolicy(policies: PolicyRule[], facts: IncidentFacts): PolicyRule | undefined {
  return [...policies]
    .sort((a, b) => Number(a.inherited) - Number(b.inherited) || a.position - b.position)
    .find((policy) => policyMatches(policy, facts));
}

export function planSteps(
  policy: Pick<PolicyRule, "steps" | "repeat" | "repeatAfterSeconds">,
): PlannedStep[] {
  const plan: PlannedStep[] = [];
  let at = 0;
  for (let round = 0; round <= policy.repeat; round++) {
    policy.steps.forEach((step, index) => {
      at += index === 0 && round > 0 ? policy.repeatAfterSeconds : step.delaySeconds;
      plan.push({
        step: round * policy.steps.length + index,
        channelIds: step.channelIds,
        delayMs: at * 1000,
      });
    });
  }
  return plan;
}

/** Limits checked when a policy is saved (keeps plans small and jobs bounded). */
export const POLICY_LIMITS = { maxSteps: 10, maxRepeat: 10, maxDelaySeconds: 7 * 24 * 3600 } as const;

import { LEVELS, type MitigationLevel } from "./intent.ts";

/**
 * Escalation by volume and duration: rate-limit → FlowSpec discard → RTBH → scrubbing. A step
 * is reached once the attack has lasted `afterSeconds` AND its peak reaches `minPps` or
 * `minBps` (0 for both: duration alone). The highest step reached wins; an open incident
 * never steps down (the planner keeps the highest level it announced).
 */
export interface EscalationStep {
  level: MitigationLevel;
  afterSeconds: number;
  minPps: number;
  minBps: number;
}

export interface EscalationPolicy {
  steps: EscalationStep[];
  /** Highest level automatic mitigation may use; above it only an operator announces by hand. */
  maxLevel: MitigationLevel;
  /** Police rate for the RATE_LIMIT step, bytes/s. */
  rateLimitBytesPerSecond: number;
  /** Lifetime of an automatic rule; it is withdrawn after this even if nothing else does. */
  ttlSeconds: number;
}

export const DEFAULT_POLICY: EscalationPolicy = {
  steps: [
    { level: "RATE_LIMIT", afterSeconds: 0, minPps: 0, minBps: 0 },
    { level: "DISCARD", afterSeconds: 30, minPps: 0, minBps: 0 },
    { level: "RTBH", afterSeconds: 300, minPps: 0, minBps: 5e9 },
    { level: "SCRUBBING", afterSeconds: 600, minPps: 0, minBps: 10e9 },
  ],
  maxLevel: "DISCARD",
  rateLimitBytesPerSecond: 12_500_000,
  ttlSeconds: 3600,
};

export interface AttackVolume {
  peakPps: number;
  peakBps: number;
  durationSeconds: number;
}

export function rank(level: MitigationLevel): number {
  return LEVELS.indexOf(level);
}

/** The level an attack of this volume and age calls for, capped at the policy's maximum; null: none yet. */
export function levelFor(policy: EscalationPolicy, attack: AttackVolume): MitigationLevel | null {
  let reached: MitigationLevel | null = null;
  for (const step of policy.steps) {
    const volume =
      (step.minPps === 0 && step.minBps === 0) ||
      (step.minPps > 0 && attack.peakPps >= step.minPps) ||
      (step.minBps > 0 && attack.peakBps >= step.minBps);
    if (
      attack.durationSeconds >= step.afterSeconds &&
      volume &&
      (!reached || rank(step.level) > rank(reached))
    )
      reached = step.level;
  }
  if (reached && rank(reached) > rank(policy.maxLevel)) return policy.maxLevel;
  return reached;
}

export type PolicyProblem = { path: string; message: string };

/** Checks a policy an operator submits: known levels, non-negative numbers, a sane TTL and rate. */
export function checkPolicy(policy: EscalationPolicy): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  if (!LEVELS.includes(policy.maxLevel))
    problems.push({ path: "maxLevel", message: `must be one of ${LEVELS.join(", ")}` });
  if (policy.steps.length === 0 || policy.steps.length > 8)
    problems.push({ path: "steps", message: "needs between 1 and 8 steps" });
  policy.steps.forEach((step, i) => {
    if (!LEVELS.includes(step.level))
      problems.push({ path: `steps.${i}.level`, message: `must be one of ${LEVELS.join(", ")}` });
    for (const key of ["afterSeconds", "minPps", "minBps"] as const)
      if (!Number.isFinite(step[key]) || step[key] < 0)
        problems.push({ path: `steps.${i}.${key}`, message: "must be a number ≥ 0" });
  });
  if (!Number.isInteger(policy.ttlSeconds) || policy.ttlSeconds < 60 || policy.ttlSeconds > 7 * 86_400)
    problems.push({ path: "ttlSeconds", message: "must be between 60 and 604800 (7 days)" });
  if (!Number.isFinite(policy.rateLimitBytesPerSecond) || policy.rateLimitBytesPerSecond < 1000)
    problems.push({ path: "rateLimitBytesPerSecond", message: "must be at least 1000 bytes/s" });
  return problems;
}

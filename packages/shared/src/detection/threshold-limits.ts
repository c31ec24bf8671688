/**
 * How far a node's detection may be turned, and by whom: the API enforces these
 * (api/src/detection/detection.service.ts) and the dashboard's forms check the same numbers before
 * sending, so an ANALYST is told the limit of the role instead of meeting a refusal.
 */

/** A node's threshold is the multiplier × the p99 of its quiet traffic. */
export const MIN_MULTIPLIER = 1.5;
export const MAX_MULTIPLIER = 20;

/**
 * How far node:update alone may turn detection down: a multiplier up to 10 and manual thresholds
 * up to 10 × the metric's floor. Past that (up to 20 and 1e13) needs detection:override (ADMIN,
 * OWNER), so an ANALYST or an integration key cannot switch detection off.
 */
export const UNPRIVILEGED_MAX_MULTIPLIER = 10;
export const UNPRIVILEGED_FLOOR_FACTOR = 10;

/**
 * The highest multiplier a caller may set (`mayOverride`: holds detection:override). Past the ceiling
 * only a raise needs the permission: a node's `current` multiplier, set higher by an admin, may be kept
 * or lowered by anyone with node:update.
 */
export function maxMultiplier(mayOverride: boolean, current: number = MIN_MULTIPLIER): number {
  return mayOverride
    ? MAX_MULTIPLIER
    : Math.max(UNPRIVILEGED_MAX_MULTIPLIER, Math.min(current, MAX_MULTIPLIER));
}

/** What is wrong with a multiplier for this caller, in a form's words; undefined when it is fine. */
export function multiplierProblem(value: number, mayOverride: boolean, current?: number): string | undefined {
  if (!(value >= MIN_MULTIPLIER && value <= MAX_MULTIPLIER))
    return `Between ${MIN_MULTIPLIER} and ${MAX_MULTIPLIER}`;
  const most = maxMultiplier(mayOverride, current);
  if (value > most) return `At most ${most} for your role; an owner or admin can set up to ${MAX_MULTIPLIER}`;
  return undefined;
}

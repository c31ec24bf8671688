// What the incident page shows about acknowledgement. acknowledgeIncident (api/src/alerts/escalation.service.ts)
// needs incident:acknowledge (ANALYST and up) and stops the incident's later escalation steps; a resolved
// incident has none left (the delivery job skips them once it is not OPEN), so the button is offered only
// while the incident is open. Pure, for node:test.
import { roleCan } from "@levee/shared/auth/permissions";
import type { Role } from "@/lib/graphql/generated/graphql";

/** What acknowledging does, said beside the button. */
export const ACKNOWLEDGE_EFFECT = "Stops further escalation steps.";

export type AcknowledgeView =
  | { kind: "acknowledged"; at: string; by: string | null }
  | { kind: "button" }
  /** Not acknowledged, and nothing to offer: resolved, or the viewer may not acknowledge. */
  | { kind: "none" };

/** Acknowledged (for every role), else the button on an open incident for a role holding incident:acknowledge. */
export function acknowledgeView(
  role: Role | null | undefined,
  incident: { acknowledgedAt: string | null | undefined; acknowledgedBy?: string | null; open: boolean },
): AcknowledgeView {
  if (incident.acknowledgedAt)
    return { kind: "acknowledged", at: incident.acknowledgedAt, by: incident.acknowledgedBy ?? null };
  return incident.open && roleCan(role, "incident:acknowledge") ? { kind: "button" } : { kind: "none" };
}

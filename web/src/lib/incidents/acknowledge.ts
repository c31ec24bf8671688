// What the incident page shows about acknowledgement. acknowledgeIncident (api/src/alerts/escalation.service.ts)
// takes an incident in any status, open or resolved, and answers an already acknowledged one unchanged; it needs
// incident:acknowledge (ANALYST and up). Pure, for node:test.
import { roleCan } from "@levee/shared/auth/permissions";
import type { Role } from "@/lib/graphql/generated/graphql";

/** What acknowledging does, said beside the button. */
export const ACKNOWLEDGE_EFFECT = "Stops further escalation steps.";

export type AcknowledgeView =
  | { kind: "acknowledged"; at: string }
  | { kind: "button" }
  /** Not acknowledged, and the viewer may not acknowledge it. */
  | { kind: "none" };

/** Acknowledged (for every role), else the button for a role holding incident:acknowledge, else nothing. */
export function acknowledgeView(
  role: Role | null | undefined,
  acknowledgedAt: string | null | undefined,
): AcknowledgeView {
  if (acknowledgedAt) return { kind: "acknowledged", at: acknowledgedAt };
  return roleCan(role, "incident:acknowledge") ? { kind: "button" } : { kind: "none" };
}

// Words for the operator-written incident updates (postIncidentUpdate, api/src/status-pages/incident-update.*),
// shared by the dashboard's "Status page updates" card and the public incident page's timeline. Pure, for node:test.
import { roleCan } from "@levee/shared/auth/permissions";
import type { IncidentUpdateStatus, PublicIncidentUpdateKind, Role } from "@/lib/graphql/generated/graphql";

/** The statuses in the order an attack's handling usually goes (the form's choices, first the default). */
export const UPDATE_STATUSES: readonly IncidentUpdateStatus[] = [
  "INVESTIGATING",
  "IDENTIFIED",
  "MITIGATING",
  "MONITORING",
] as IncidentUpdateStatus[];

export const UPDATE_STATUS_LABEL: Record<IncidentUpdateStatus, string> = {
  INVESTIGATING: "Investigating",
  IDENTIFIED: "Identified",
  MITIGATING: "Mitigating",
  MONITORING: "Monitoring",
};

/** What each status tells the page's readers (the form's hint). */
export const UPDATE_STATUS_HINT: Record<IncidentUpdateStatus, string> = {
  INVESTIGATING: "Looking into the attack",
  IDENTIFIED: "The attack is understood (its vector, its target)",
  MITIGATING: "Filtering or scrubbing is under way",
  MONITORING: "Traffic is back to normal; watching",
};

/** The most a message may hold (the API's limit, after trimming). */
export const UPDATE_MESSAGE_MAX = 2000;

/** A public timeline entry's heading: the state change, or the operator's status. */
export function timelineHeading(update: {
  kind: PublicIncidentUpdateKind;
  status?: IncidentUpdateStatus | null;
}): string {
  if (update.kind === "DETECTED") return "Detected";
  if (update.kind === "RESOLVED") return "Resolved";
  return update.status ? UPDATE_STATUS_LABEL[update.status] : "Update";
}

/** Who may post and delete updates: whoever may edit the status page (workspace:update, OWNER and ADMIN). */
export function canPostUpdates(role: Role | null | undefined): boolean {
  return roleCan(role, "workspace:update");
}

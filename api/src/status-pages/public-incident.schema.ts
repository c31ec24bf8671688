// One incident of a public status page: statusPageIncident(slug, ref), readable by anyone like
// statusPage(slug), whose types are declared public (auth/node-guard.ts) and expose what the page's
// history already shows of the incident, with its state changes.
import { STATUS_SLUG_MESSAGE, statusSlugProblem } from "@levee/shared/slug";
import { declarePublicType } from "../auth/node-guard.ts";
import { builder } from "../builder.ts";
import { ValidationError } from "../errors.ts";
import { loadPublicIncidentPage, type PublicIncidentPage } from "./public-incident.store.ts";
import { INCIDENT_REF_PATTERN, INCIDENT_UPDATE_STATUSES, type PublicIncidentUpdate } from "./public-view.ts";
import { PublicIncidentRef } from "./status-page.schema.ts";

const UpdateKindEnum = builder.enumType("PublicIncidentUpdateKind", {
  values: {
    DETECTED: { description: "The attack was detected: the incident started" },
    RESOLVED: { description: "The attack ended: the incident was resolved" },
    UPDATE: { description: "An update the operator wrote (status and message)" },
  } as const,
});

/** Shared by the public timeline and the dashboard's Incident.publicUpdates (incident-update.schema.ts). */
export const IncidentUpdateStatusEnum = builder.enumType("IncidentUpdateStatus", {
  description:
    "What an operator's incident update says of the attack's handling; the incident's resolution is the detector's (RESOLVED), not an update's",
  values: Object.fromEntries(
    INCIDENT_UPDATE_STATUSES.map((value) => [
      value,
      {
        description: {
          INVESTIGATING: "Looking into the attack",
          IDENTIFIED: "The attack is understood (its vector, its target)",
          MITIGATING: "Filtering or scrubbing is under way",
          MONITORING: "Traffic is back to normal; watching",
        }[value],
      },
    ]),
  ) as Record<(typeof INCIDENT_UPDATE_STATUSES)[number], { description: string }>,
});

const PublicIncidentUpdateRef = builder.objectRef<PublicIncidentUpdate>("PublicIncidentUpdate").implement({
  description:
    "An entry of a public incident's timeline (a state change or an operator's update), oldest first",
  fields: (t) => ({
    kind: t.field({ type: UpdateKindEnum, resolve: (u) => u.kind }),
    at: t.expose("at", { type: "DateTime", description: "When it happened, or when the update was posted" }),
    status: t.field({
      type: IncidentUpdateStatusEnum,
      nullable: true,
      description: "An UPDATE's status; null for DETECTED and RESOLVED",
      resolve: (u) => u.status ?? null,
    }),
    message: t.string({
      nullable: true,
      description: "An UPDATE's message, plain text; null for DETECTED and RESOLVED",
      resolve: (u) => u.message ?? null,
    }),
    editedAt: t.field({
      type: "DateTime",
      nullable: true,
      description:
        "When an UPDATE was last edited (`at` stays when it was posted); null when never, and for DETECTED and RESOLVED",
      resolve: (u) => u.editedAt ?? null,
    }),
  }),
});

builder.objectField(PublicIncidentRef, "updates", (t) =>
  t.field({
    type: [PublicIncidentUpdateRef],
    description:
      "The operator's updates of the incident (kind UPDATE), oldest first; its detection and resolution are startedAt and endedAt",
    resolve: (i) => i.updates ?? [],
  }),
);

const PublicIncidentPageRef = builder.objectRef<PublicIncidentPage>("PublicIncidentPage").implement({
  description:
    "One incident as its status page shows it; nothing else of the workspace is reachable from here",
  fields: (t) => ({
    slug: t.exposeString("slug", { description: "The status page's slug" }),
    title: t.exposeString("title", { description: "The status page's title" }),
    incident: t.field({ type: PublicIncidentRef, resolve: (p) => p.incident }),
    updates: t.field({ type: [PublicIncidentUpdateRef], resolve: (p) => p.updates }),
  }),
});

declarePublicType(
  "PublicIncidentPage",
  "statusPageIncident(slug, ref): an incident an enabled, public page lists",
);
declarePublicType("PublicIncidentUpdate", "PublicIncidentPage.updates");

builder.queryField("statusPageIncident", (t) =>
  t.field({
    type: PublicIncidentPageRef,
    nullable: true,
    description:
      "An incident of a public status page by its public reference (PublicStatusIncident.ref); null for an unknown, disabled or private page, and for an incident the page's history does not list (another page's, or older than 7 days), alike",
    args: {
      slug: t.arg.string({ required: true }),
      ref: t.arg.string({ required: true }),
      access: t.arg.string({
        required: false,
        description: "The proof unlockStatusPage gave, for a password-protected page (without it: null)",
      }),
    },
    resolve: async (_root, { slug, ref, access }, ctx) => {
      const problem = statusSlugProblem(slug);
      if (problem) throw ValidationError.field("slug", STATUS_SLUG_MESSAGE[problem]);
      if (!INCIDENT_REF_PATTERN.test(ref))
        throw ValidationError.field("ref", "must be an incident reference: 16 lower-case hexadecimal digits");
      return loadPublicIncidentPage(ctx.database, slug, ref, { secrets: ctx.secrets, access });
    },
  }),
);

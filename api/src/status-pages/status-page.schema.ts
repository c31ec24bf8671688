// Status pages in GraphQL. Dashboard: Workspace.statusPage (workspace:read; its feedToken
// workspace:update) and four mutations (workspace:update, checked by the service). Public:
// statusPage(slug), readable by anyone, whose types are declared public (auth/node-guard.ts) and
// expose only what the page shows.
import { STATUS_SLUG_MESSAGE, statusSlugProblem } from "@levee/shared/slug";
import { z } from "zod";
import { declarePublicType, guardNodeType, readableScopes } from "../auth/node-guard.ts";
import { admit } from "../auth/rate-limiter.ts";
import { builder } from "../builder.ts";
import { AttackFamilyEnum } from "../classification/classification.schema.ts";
import { mutationErrors, ValidationError } from "../errors.ts";
import { encodeGlobalID, idOf } from "../global-id.ts";
import { ACCESS_PASSWORD_MAX, ACCESS_PASSWORD_MIN } from "./page-access.ts";
import type { PublicIncident, PublicUptimeDay } from "./public-view.ts";
import {
  addStatusPageNotice,
  deleteStatusPageNotice,
  renewStatusPageFeedToken,
  type StatusPageSettings,
  statusPageFeedToken,
  statusPageSettings,
  updateStatusPage,
} from "./status-page.service.ts";
import {
  loadPublicStatusPage,
  type PublicNotice,
  type PublicStatusNode,
  type PublicStatusPage,
} from "./status-page.store.ts";
import { mailAvailableFor } from "./subscriber-mailing.ts";

// ---- Public contract -------------------------------------------------------------------------

const StatusBannerEnum = builder.enumType("StatusBanner", {
  values: ["OPERATIONAL", "DEGRADED", "UNDER_ATTACK", "OFFLINE"] as const,
});
const StatusPillEnum = builder.enumType("StatusPillState", {
  values: ["OPERATIONAL", "ELEVATED", "UNDER_ATTACK", "OFFLINE"] as const,
});

const PublicUptimeDayRef = builder.objectRef<PublicUptimeDay>("PublicUptimeDay").implement({
  fields: (t) => ({
    day: t.exposeString("day", { description: "UTC day, YYYY-MM-DD" }),
    uptimePercent: t.exposeFloat("uptimePercent", { nullable: true, description: "null: no data that day" }),
    incidents: t.exposeInt("incidents", { description: "Incidents that started that day" }),
  }),
});

const PublicStatusNodeRef = builder.objectRef<PublicStatusNode>("PublicStatusNode").implement({
  fields: (t) => ({
    name: t.exposeString("name", { description: "The name the page owner chose (never the hostname)" }),
    state: t.field({ type: StatusPillEnum, resolve: (n) => n.state }),
    uptimePercent: t.exposeFloat("uptimePercent", { nullable: true, description: "Mean of the 30 days" }),
    days: t.field({ type: [PublicUptimeDayRef], resolve: (n) => n.days }),
  }),
});

export const PublicIncidentRef = builder.objectRef<PublicIncident>("PublicStatusIncident").implement({
  fields: (t) => ({
    ref: t.exposeString("ref", { description: "Opaque reference, stable across requests" }),
    nodeName: t.exposeString("nodeName"),
    family: t.field({ type: AttackFamilyEnum, nullable: true, resolve: (i) => i.family as never }),
    peakPps: t.exposeFloat("peakPps", {
      nullable: true,
      description:
        "Highest inbound packets/s on the node's interface; null when neither packets/s nor bits/s triggered the incident (a per-protocol or connection-state flood the interface's rates may not show)",
    }),
    peakBps: t.exposeFloat("peakBps", {
      nullable: true,
      description: "Highest inbound bits/s on the node's interface; null when peakPps is",
    }),
    startedAt: t.expose("startedAt", { type: "DateTime" }),
    endedAt: t.expose("endedAt", { type: "DateTime", nullable: true }),
    durationSeconds: t.exposeInt("durationSeconds"),
  }),
});

const PublicNoticeRef = builder.objectRef<PublicNotice>("PublicMaintenanceNotice").implement({
  fields: (t) => ({
    startsAt: t.expose("startsAt", { type: "DateTime" }),
    endsAt: t.expose("endsAt", { type: "DateTime" }),
    message: t.exposeString("message"),
    active: t.exposeBoolean("active", { description: "The maintenance is under way" }),
    postedAt: t.expose("postedAt", {
      type: "DateTime",
      description: "When the notice was posted (notices are not edited: its last change)",
    }),
  }),
});

const PublicStatusPageRef = builder.objectRef<PublicStatusPage>("PublicStatusPage").implement({
  description: "What a public status page shows; nothing else of the workspace is reachable from here",
  fields: (t) => ({
    slug: t.exposeString("slug"),
    title: t.exposeString("title"),
    description: t.exposeString("description"),
    subscribable: t.exposeBoolean("subscribable", {
      description:
        "Visitors may subscribe to the page's updates by e-mail (subscribeToStatusPage): the page takes subscriptions and its e-mail can be sent (a mail server and LEVEE_SECRET_KEY)",
    }),
    passwordProtected: t.exposeBoolean("passwordProtected", {
      description:
        "The page has an access password (this visitor's `access` proof opened it): search engines are told not to index it",
    }),
    banner: t.field({ type: StatusBannerEnum, resolve: (p) => p.banner }),
    generatedAt: t.expose("generatedAt", { type: "DateTime" }),
    nodes: t.field({ type: [PublicStatusNodeRef], resolve: (p) => p.nodes }),
    notices: t.field({ type: [PublicNoticeRef], resolve: (p) => p.notices }),
    incidents: t.field({
      type: [PublicIncidentRef],
      description: "The last 7 days, newest first (at most 50)",
      resolve: (p) => p.incidents,
    }),
  }),
});

for (const [name, why] of [
  ["PublicStatusPage", "statusPage(slug): an enabled, public status page"],
  ["PublicStatusNode", "PublicStatusPage.nodes"],
  ["PublicUptimeDay", "PublicStatusNode.days"],
  ["PublicStatusIncident", "PublicStatusPage.incidents"],
  ["PublicMaintenanceNotice", "PublicStatusPage.notices"],
] as const)
  declarePublicType(name, why);

builder.queryField("statusPage", (t) =>
  t.field({
    type: PublicStatusPageRef,
    nullable: true,
    description:
      "A public status page by workspace slug; null for an unknown, disabled or private one alike, and for a password-protected one without a valid `access` proof (statusPageLock then says it asks for a password)",
    args: {
      slug: t.arg.string({ required: true }),
      access: t.arg.string({
        required: false,
        description: "The proof unlockStatusPage gave, for a password-protected page",
      }),
      feedToken: t.arg.string({
        required: false,
        description:
          "The password-protected page's feed token (its feed link's `token`), instead of a proof. One that opens nothing counts as an unlock attempt of its client address: RATE_LIMITED past 10 per client address in 15 minutes",
      }),
    },
    resolve: async (_root, { slug, access, feedToken }, ctx) => {
      const problem = statusSlugProblem(slug);
      if (problem) throw ValidationError.field("slug", STATUS_SLUG_MESSAGE[problem]);
      const page = await loadPublicStatusPage(
        ctx.database,
        slug,
        { secrets: ctx.secrets, access, feedToken },
        (workspaceId) => mailAvailableFor(ctx, workspaceId),
      );
      // A token that opened nothing counts in its client address's unlock attempts (the same count
      // as unlockStatusPage's). Not in the page's: a link renewed or voided by a new password goes
      // on being polled by every reader that had it, from addresses of their own, and those polls
      // used up the page's budget, refusing every visitor's right password. The per-page count
      // stops a password guessed from many addresses; a token is 32 random bytes, no guess of it
      // nor of the password. Counted after the answer is known, so a feed reader with the right
      // token polling often is never limited.
      if (!page && feedToken && ctx.request.ip) await admit(ctx.rateLimits.unlocksPerAddress, ctx.request.ip);
      return page;
    },
  }),
);

// ---- Dashboard --------------------------------------------------------------------------------

const StatusPageNodeEntryRef = builder
  .objectRef<StatusPageSettings["nodes"][number]>("StatusPageNodeEntry")
  .implement({
    fields: (t) => ({
      nodeId: t.id({ resolve: (n) => encodeGlobalID("MonitoredNode", n.nodeId) }),
      displayName: t.exposeString("displayName"),
      position: t.exposeInt("position"),
    }),
  });

const StatusPageNoticeEntryRef = builder
  .objectRef<StatusPageSettings["notices"][number]>("StatusPageNoticeEntry")
  .implement({
    fields: (t) => ({
      id: t.id({ resolve: (n) => encodeGlobalID("StatusPageNotice", n.id) }),
      startsAt: t.expose("startsAt", { type: "DateTime" }),
      endsAt: t.expose("endsAt", { type: "DateTime" }),
      message: t.exposeString("message"),
    }),
  });

export const StatusPageSettingsRef = builder.objectRef<StatusPageSettings>("StatusPageSettings").implement({
  authScopes: readableScopes("StatusPageSettings"),
  fields: (t) => ({
    enabled: t.exposeBoolean("enabled"),
    public: t.exposeBoolean("public", { description: "false: the page answers 404 like an unknown slug" }),
    title: t.exposeString("title"),
    description: t.exposeString("description"),
    allowSubscriptions: t.exposeBoolean("allowSubscriptions", {
      description: "Visitors may subscribe by e-mail to the page's updates",
    }),
    passwordProtected: t.exposeBoolean("passwordProtected", {
      description: "Visitors must enter an access password to see the page (the password is never returned)",
    }),
    feedToken: t.string({
      nullable: true,
      description:
        "workspace:update. The protected page's feed token: its status.json and Atom feed open with `?token=<it>` (at /s/<slug>/… and on its custom domain), for feed readers. null while the page has no password. A new password or renewStatusPageFeedToken replaces it",
      resolve: (p, _args, ctx) => statusPageFeedToken(ctx, p.workspaceId),
    }),
    path: t.string({ description: "Where the page is served", resolve: (p) => `/s/${p.slug}` }),
    nodes: t.field({ type: [StatusPageNodeEntryRef], resolve: (p) => p.nodes }),
    notices: t.field({
      type: [StatusPageNoticeEntryRef],
      description: "Current and upcoming maintenance notices",
      resolve: (p) => p.notices,
    }),
  }),
});
guardNodeType("StatusPageSettings", {
  permission: "workspace:read",
  workspaceOf: (p) => (p as StatusPageSettings).workspaceId,
});

builder.prismaObjectFields("Workspace", (t) => ({
  statusPage: t.field({
    type: StatusPageSettingsRef,
    description: "This workspace's public status page settings",
    resolve: (ws, _args, ctx) => statusPageSettings(ctx, ws.id),
  }),
}));

const text = (max: number) => z.string().trim().max(max, `must be at most ${max} characters`);

const StatusPageNodeInput = builder.inputType("StatusPageNodeInput", {
  fields: (t) => ({
    nodeId: t.id(),
    displayName: t.string({ validate: text(80).min(1, "must not be empty") }),
  }),
});

const UpdateStatusPageInput = builder.inputType("UpdateStatusPageInput", {
  fields: (t) => ({
    workspaceId: t.id(),
    enabled: t.boolean(),
    public: t.boolean(),
    title: t.string({ validate: text(120).min(1, "must not be empty") }),
    description: t.string({ required: false, validate: text(1000).optional().nullable() }),
    allowSubscriptions: t.boolean({
      required: false,
      description: "Visitors may subscribe by e-mail to the page's updates; absent: unchanged",
    }),
    accessPassword: t.string({
      required: false,
      description: `A new access password (${ACCESS_PASSWORD_MIN}–${ACCESS_PASSWORD_MAX} characters; visitors who entered the old one must enter the new one); null: no password; absent: unchanged. Needs LEVEE_SECRET_KEY`,
    }),
    nodes: t.field({ type: [StatusPageNodeInput], description: "Listed nodes, in display order" }),
  }),
});

const AddStatusPageNoticeInput = builder.inputType("AddStatusPageNoticeInput", {
  fields: (t) => ({
    workspaceId: t.id(),
    startsAt: t.field({ type: "DateTime" }),
    endsAt: t.field({ type: "DateTime" }),
    message: t.string({ validate: text(500).min(1, "must not be empty") }),
  }),
});

const RenewStatusPageFeedTokenInput = builder.inputType("RenewStatusPageFeedTokenInput", {
  fields: (t) => ({ workspaceId: t.id() }),
});

const DeleteStatusPageNoticeInput = builder.inputType("DeleteStatusPageNoticeInput", {
  fields: (t) => ({ noticeId: t.id() }),
});

export const StatusPagePayload = builder
  .objectRef<{ statusPage: StatusPageSettings }>("StatusPagePayload")
  .implement({
    fields: (t) => ({ statusPage: t.field({ type: StatusPageSettingsRef, resolve: (p) => p.statusPage }) }),
  });

builder.mutationFields((t) => ({
  updateStatusPage: t.field({
    description:
      "Sets the workspace's public status page: on or off, public or behind an access password, title, description, subscriptions, and the nodes it shows in order (replacing the list). Needs workspace:update (ADMIN and OWNER; signed-in members only)",
    type: StatusPagePayload,
    errors: { types: mutationErrors },
    authScopes: { authenticated: true },
    args: { input: t.arg({ type: UpdateStatusPageInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({
      statusPage: await updateStatusPage(ctx, {
        workspaceId: idOf(input.workspaceId, "Workspace", "input.workspaceId"),
        enabled: input.enabled,
        public: input.public,
        title: input.title,
        description: input.description ?? "",
        allowSubscriptions: input.allowSubscriptions,
        accessPassword: input.accessPassword,
        nodes: input.nodes.map((n, i) => ({
          nodeId: idOf(n.nodeId, "MonitoredNode", `input.nodes.${i}.nodeId`),
          displayName: n.displayName,
        })),
      }),
    }),
  }),
  renewStatusPageFeedToken: t.field({
    type: StatusPagePayload,
    errors: { types: mutationErrors },
    authScopes: { authenticated: true },
    description:
      "A new feed link for the password-protected page (workspace:update): the old link stops opening its status.json and feed at once",
    args: { input: t.arg({ type: RenewStatusPageFeedTokenInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({
      statusPage: await renewStatusPageFeedToken(
        ctx,
        idOf(input.workspaceId, "Workspace", "input.workspaceId"),
      ),
    }),
  }),
  addStatusPageNotice: t.field({
    description:
      "A message (such as planned maintenance) the status page shows from startsAt until endsAt. Needs workspace:update (ADMIN and OWNER; signed-in members only)",
    type: StatusPagePayload,
    errors: { types: mutationErrors },
    authScopes: { authenticated: true },
    args: { input: t.arg({ type: AddStatusPageNoticeInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({
      statusPage: await addStatusPageNotice(ctx, {
        ...input,
        workspaceId: idOf(input.workspaceId, "Workspace", "input.workspaceId"),
      }),
    }),
  }),
  deleteStatusPageNotice: t.field({
    description:
      "Takes a notice off the status page. Needs workspace:update (ADMIN and OWNER; signed-in members only)",
    type: StatusPagePayload,
    errors: { types: mutationErrors },
    authScopes: { authenticated: true },
    args: { input: t.arg({ type: DeleteStatusPageNoticeInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({
      statusPage: await deleteStatusPageNotice(
        ctx,
        idOf(input.noticeId, "StatusPageNotice", "input.noticeId"),
      ),
    }),
  }),
}));

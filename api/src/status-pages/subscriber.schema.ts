// E-mail subscriptions to status pages in GraphQL. Public (no session): subscribeToStatusPage,
// confirmStatusPageSubscription, unsubscribeFromStatusPage, whose payloads carry nothing of the
// workspace. Dashboard: StatusPageSettings.subscriberCount and subscriptionMailAvailable
// (workspace:read, like the settings), StatusPageSettings.subscribers (workspace:update: addresses
// are personal data) and removeStatusPageSubscriber (workspace:update).
import { STATUS_SLUG_MESSAGE, statusSlugProblem } from "@levee/shared/slug";
import { builder } from "../builder.ts";
import { mutationErrors, RateLimitedError, UnavailableError, ValidationError } from "../errors.ts";
import { encodeGlobalID, idOf } from "../global-id.ts";
import { StatusPagePayload, StatusPageSettingsRef } from "./status-page.schema.ts";
import { statusPageSettings } from "./status-page.service.ts";
import {
  confirmedSubscriberCount,
  confirmSubscription,
  listSubscribers,
  removeSubscriber,
  type SubscriberPage,
  type SubscriberView,
  subscribe,
  unsubscribe,
} from "./subscriber.service.ts";
import { mailAvailableFor } from "./subscriber-mailing.ts";

// ---- Public ------------------------------------------------------------------------------------

const SubscribeToStatusPageInput = builder.inputType("SubscribeToStatusPageInput", {
  fields: (t) => ({
    slug: t.string({ description: "The status page's slug (/s/<slug>)" }),
    email: t.string(),
    access: t.string({
      required: false,
      description: "The proof unlockStatusPage gave, for a password-protected page (without it: NOT_FOUND)",
    }),
    nodes: t.stringList({
      required: false,
      description:
        "Only updates about these nodes, named as the page shows them (PublicStatusNode.name; at most 100), and the page-wide maintenance notices. Absent or empty: every update of the page. An address already subscribed is sent a link to confirm the new choice; until then it gets what it got",
    }),
  }),
});

const tokenInput = (name: string) =>
  builder.inputType(name, {
    fields: (t) => ({ token: t.string({ description: "From the link in the e-mail" }) }),
  });
const ConfirmInput = tokenInput("ConfirmStatusPageSubscriptionInput");
const UnsubscribeInput = tokenInput("UnsubscribeFromStatusPageInput");

const SubscribePayload = builder.objectRef<{ accepted: true }>("SubscribeToStatusPagePayload").implement({
  description:
    "The same answer whether the address is new, pending or already subscribed: a new or pending one is sent a confirmation e-mail",
  fields: (t) => ({ accepted: t.exposeBoolean("accepted") }),
});

const ConfirmPayload = builder.objectRef<{ slug: string }>("ConfirmStatusPageSubscriptionPayload").implement({
  fields: (t) => ({ slug: t.exposeString("slug", { description: "The page subscribed to" }) }),
});

const UnsubscribePayload = builder
  .objectRef<{ unsubscribed: true }>("UnsubscribeFromStatusPagePayload")
  .implement({
    description: "The same answer for an address already gone (a link used twice)",
    fields: (t) => ({ unsubscribed: t.exposeBoolean("unsubscribed") }),
  });

builder.mutationFields((t) => ({
  subscribeToStatusPage: t.field({
    type: SubscribePayload,
    description:
      "Public: asks for e-mail updates of a public status page that takes subscriptions (double opt-in)",
    errors: { types: [RateLimitedError, UnavailableError, ...mutationErrors] },
    args: { input: t.arg({ type: SubscribeToStatusPageInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const problem = statusSlugProblem(input.slug);
      if (problem) throw ValidationError.field("input.slug", STATUS_SLUG_MESSAGE[problem]);
      await subscribe(ctx, input);
      return { accepted: true as const };
    },
  }),
  confirmStatusPageSubscription: t.field({
    type: ConfirmPayload,
    description: "Public: confirms a subscription with the token of its confirmation e-mail",
    errors: { types: mutationErrors },
    args: { input: t.arg({ type: ConfirmInput, required: true }) },
    resolve: (_root, { input }, ctx) => confirmSubscription(ctx, input.token),
  }),
  unsubscribeFromStatusPage: t.field({
    type: UnsubscribePayload,
    description: "Public: ends a subscription with the token of any of its e-mails",
    errors: { types: mutationErrors },
    args: { input: t.arg({ type: UnsubscribeInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      await unsubscribe(ctx, input.token);
      return { unsubscribed: true as const };
    },
  }),
}));

// ---- Dashboard ---------------------------------------------------------------------------------

const StatusPageSubscriberRef = builder.objectRef<SubscriberView>("StatusPageSubscriber").implement({
  fields: (t) => ({
    id: t.id({ resolve: (s) => encodeGlobalID("StatusPageSubscriber", s.id) }),
    email: t.exposeString("email"),
    confirmed: t.exposeBoolean("confirmed", { description: "false: waiting for its confirmation link" }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    confirmedAt: t.expose("confirmedAt", { type: "DateTime", nullable: true }),
    wholePage: t.exposeBoolean("wholePage", {
      description:
        "Every update of the page; false: only those about `nodes`, and page-wide maintenance notices",
    }),
    nodes: t.exposeStringList("nodes", {
      description:
        "The page's names of the nodes it chose that the page shows now, in the page's order. For a pending subscriber, those its confirmation link asks for. Empty while wholePage is false: none of them is on the page any more (taken off or deleted), and it gets page-wide maintenance notices only",
    }),
  }),
});

const SubscriberConnectionRef = builder
  .objectRef<SubscriberPage>("StatusPageSubscriberConnection")
  .implement({
    fields: (t) => ({
      nodes: t.field({ type: [StatusPageSubscriberRef], resolve: (p) => p.nodes }),
      endCursor: t.exposeString("endCursor", { nullable: true, description: "`after` for the next page" }),
      hasNextPage: t.exposeBoolean("hasNextPage"),
    }),
  });

builder.objectFields(StatusPageSettingsRef, (t) => ({
  subscriberCount: t.int({
    description: "Confirmed e-mail subscribers",
    resolve: (p, _args, ctx) => confirmedSubscriberCount(ctx, p.workspaceId),
  }),
  subscriptionMailAvailable: t.boolean({
    description:
      "Subscribers can be e-mailed: a mail server (the workspace's, its MSP's or SMTP_URL) and LEVEE_SECRET_KEY. false: nothing is sent and visitors cannot subscribe",
    resolve: (p, _args, ctx) => mailAvailableFor(ctx, p.workspaceId),
  }),
  subscribers: t.field({
    type: SubscriberConnectionRef,
    description: "E-mail subscribers, oldest first (workspace:update: addresses are personal data)",
    args: { first: t.arg.int({ required: false }), after: t.arg.string({ required: false }) },
    resolve: (p, args, ctx) => listSubscribers(ctx, p.workspaceId, args),
  }),
}));

const RemoveStatusPageSubscriberInput = builder.inputType("RemoveStatusPageSubscriberInput", {
  fields: (t) => ({ subscriberId: t.id() }),
});

builder.mutationFields((t) => ({
  removeStatusPageSubscriber: t.field({
    description:
      "Removes a subscriber of the workspace's status page: no further e-mails go to them. Needs workspace:update (ADMIN and OWNER; signed-in members only)",
    type: StatusPagePayload,
    errors: { types: mutationErrors },
    authScopes: { authenticated: true },
    args: { input: t.arg({ type: RemoveStatusPageSubscriberInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const workspaceId = await removeSubscriber(
        ctx,
        idOf(input.subscriberId, "StatusPageSubscriber", "input.subscriberId"),
      );
      return { statusPage: await statusPageSettings(ctx, workspaceId) };
    },
  }),
}));

import type { GraphQLSchema } from "graphql";

/**
 * How every root field (Query, Mutation, Subscription) is guarded. A root field passes the
 * schema walk (root-guards.test.ts) when it declares field `authScopes`, or is named here.
 *
 * PUBLIC_ROOT_FIELDS is the way to add a field anyone may call (status pages will): name it
 * with the reason it is safe. Nothing else makes a field public.
 */
export const PUBLIC_ROOT_FIELDS: Readonly<Record<string, string>> = {
  "Query.serverInfo": "version and sign-up mode only; the login page reads it signed out",
  "Query.me": "answers null when signed out; otherwise only the caller's own account",
  "Mutation.login": "the sign-in itself (throttled per account and per address)",
  "Query.statusPage":
    "a public status page: only the public types declared in auth/node-guard.ts (declarePublicType); private, disabled and unknown answer the same null",
  "Query.statusPageIncident":
    "an incident a public status page lists, by its public reference: only the public types declared in auth/node-guard.ts; private, disabled and unknown pages, and incidents the page does not list, answer the same null",
  "Query.statusPageLock":
    "whether a published public page asks for a password, with only what its form shows (slug and title); null for every other page alike",
  "Query.publicBranding":
    "a name, logo and colours, only for a published public status page (the deployment default otherwise)",
  "Query.customDomainRoute":
    "a verified custom domain's slug and look (the web app routes by Host); null for any other host",
  "Query.brandingLogo":
    "an uploaded logo's file by its sha256, the URL every page showing the logo carries anyway; null for an unknown hash",
  "Mutation.signup": "creates an account; uniform answers, throttled",
  "Mutation.logout": "ends the caller's own session, if any",
  "Mutation.requestPasswordReset":
    "the same answer for every address (a job looks it up and mails the link); throttled per client address and per address asked for (auth/password-reset.ts)",
  "Mutation.resetPassword":
    "authenticated by the 256-bit single-use reset token it carries (kept as sha256, 1 h); signs nobody in",
  "Mutation.enrollAgent": "authenticated by the single-use enrolment token it carries",
  "Mutation.subscribeToStatusPage":
    "a visitor of a public page taking subscriptions; the same answer for every address, throttled per client, page, recipient and platform sender (status-pages/subscriber.service.ts)",
  "Mutation.unlockStatusPage":
    "a visitor trading a page's access password for its proof; throttled per client address and per page, failed or not (status-pages/page-access.schema.ts)",
  "Mutation.confirmStatusPageSubscription":
    "authenticated by the 256-bit confirmation token it carries (kept as sha256, 48 h)",
  "Mutation.unsubscribeFromStatusPage":
    "authenticated by the subscriber's 256-bit unsubscribe token it carries; an unknown one answers alike",
};

/**
 * Root fields that check the caller inside the resolver, with the check they make. Moving
 * one to field `authScopes` removes it from here; a new field is not added here but given
 * `authScopes` (or, when public, a place on PUBLIC_ROOT_FIELDS).
 */
export const RESOLVER_GUARDED_ROOT_FIELDS: Readonly<Record<string, string>> = {
  "Query.node": "Relay node guard registered per type (auth/node-guard.ts)",
  "Query.nodes": "Relay node guard registered per type (auth/node-guard.ts)",
  "Query.workspace":
    "by slug: the workspace id is read first (auth scopes see only arguments), then access.require(workspace:read)",
  "Query.workspaceAnalytics": "analytics.service: access.require(incident:read)",
  "Query.failedJobs": "jobs: workspace OWNER/ADMIN or the deployment's operators",
  "Query.previewMitigation": "mitigation.service: mitigation:read to see the node, then mitigation:manage",
  "Subscription.incidentEvents": "subscribeInWorkspace(incident:read)",
  "Subscription.mitigationEvents": "subscribeInWorkspace(mitigation:read)",
  "Subscription.networkMitigationEvents": "subscribeInWorkspace(incident:read)",
  "Subscription.nodeEvents": "subscribeInWorkspace(node:read)",
  "Subscription.nodeStatusChanged": "subscribeInWorkspace(node:read)",
  "Subscription.trafficUpdated": "subscribeInWorkspace(node:read)",
  "Subscription.nodesTrafficUpdated":
    "access.require(node:read) on every node's workspace, then guardedInWorkspace (traffic-follow.ts)",
  "Subscription.workspaceNodesChanged":
    "access.require(node:read) on every workspace, then subscribeInWorkspace",
};

/** Root fields with neither declared `authScopes` nor a place on one of the lists above. */
export function unguardedRootFields(
  schema: GraphQLSchema,
  publicFields: Readonly<Record<string, string>> = PUBLIC_ROOT_FIELDS,
  resolverGuarded: Readonly<Record<string, string>> = RESOLVER_GUARDED_ROOT_FIELDS,
): string[] {
  const roots = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()];
  return roots.flatMap((root) =>
    Object.values(root?.getFields() ?? {})
      .map((field) => ({ name: `${root?.name}.${field.name}`, field }))
      .filter(({ name, field }) => {
        const options = (field.extensions as { pothosOptions?: { authScopes?: unknown } }).pothosOptions;
        return !options?.authScopes && !(name in publicFields) && !(name in resolverGuarded);
      })
      .map(({ name }) => name),
  );
}

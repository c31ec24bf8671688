import { graphql } from "@/lib/graphql/generated";

/** The public contract: what a status page shows, read without a credential. */
export const PublicStatusPageQuery = graphql(`
  query PublicStatusPage($slug: String!, $access: String, $feedToken: String) {
    statusPage(slug: $slug, access: $access, feedToken: $feedToken) {
      slug
      title
      description
      subscribable
      passwordProtected
      banner
      generatedAt
      nodes { name state uptimePercent days { day uptimePercent incidents } }
      notices { startsAt endsAt message active postedAt }
      incidents {
        ref nodeName family peakPps peakBps startedAt endedAt durationSeconds
        updates { kind at status message editedAt }
      }
    }
    statusPageLock(slug: $slug) { slug title }
  }
`);

/** One incident of a public page (`/s/<slug>/incidents/<ref>`), read without a credential. */
export const PublicStatusIncidentQuery = graphql(`
  query PublicStatusIncident($slug: String!, $ref: String!, $access: String) {
    statusPageLock(slug: $slug) { slug title }
    statusPageIncident(slug: $slug, ref: $ref, access: $access) {
      slug
      title
      incident { ref nodeName family peakPps peakBps startedAt endedAt durationSeconds }
      updates { kind at status message editedAt }
    }
  }
`);

/** Trades a protected page's password for the visitor's proof (the web server sets it as a cookie). */
export const UnlockStatusPageMutation = graphql(`
  mutation UnlockStatusPage($input: UnlockStatusPageInput!) {
    unlockStatusPage(input: $input) {
      __typename
      ... on UnlockStatusPagePayload { access expiresAt }
      ... on Error { code message }
    }
  }
`);

/** The dashboard's status page settings (its nodes' names read by id; nodes to add are found by search). */
export const StatusPageSettingsQuery = graphql(`
  query StatusPageSettings($slug: String!) {
    workspace(slug: $slug) {
      id
      slug
      viewerRole
      statusPage {
        enabled public title description path passwordProtected
        allowSubscriptions subscriberCount subscriptionMailAvailable
        nodes { nodeId displayName position }
        notices { id startsAt endsAt message }
      }
    }
  }
`);

export const UpdateStatusPageMutation = graphql(`
  mutation UpdateStatusPage($input: UpdateStatusPageInput!) {
    updateStatusPage(input: $input) {
      __typename
      ... on StatusPagePayload { statusPage { enabled public path } }
      ... on Error { code message }
      ... on ValidationError { fieldErrors { path message } }
    }
  }
`);

export const AddStatusPageNoticeMutation = graphql(`
  mutation AddStatusPageNotice($input: AddStatusPageNoticeInput!) {
    addStatusPageNotice(input: $input) {
      __typename
      ... on StatusPagePayload { statusPage { path } }
      ... on Error { code message }
      ... on ValidationError { fieldErrors { path message } }
    }
  }
`);

export const DeleteStatusPageNoticeMutation = graphql(`
  mutation DeleteStatusPageNotice($input: DeleteStatusPageNoticeInput!) {
    deleteStatusPageNotice(input: $input) {
      __typename
      ... on StatusPagePayload { statusPage { path } }
      ... on Error { code message }
    }
  }
`);

/** The protected page's feed token (workspace:update: it opens the page's data as its password does). */
export const StatusPageFeedTokenQuery = graphql(`
  query StatusPageFeedToken($slug: String!) {
    workspace(slug: $slug) { statusPage { feedToken } }
  }
`);

export const RenewStatusPageFeedTokenMutation = graphql(`
  mutation RenewStatusPageFeedToken($input: RenewStatusPageFeedTokenInput!) {
    renewStatusPageFeedToken(input: $input) {
      __typename
      ... on StatusPagePayload { statusPage { feedToken } }
      ... on Error { code message }
    }
  }
`);

/** A page of the status page's e-mail subscribers (workspace:update: addresses are personal data). */
export const StatusPageSubscribersQuery = graphql(`
  query StatusPageSubscribers($slug: String!, $after: String) {
    workspace(slug: $slug) {
      statusPage {
        subscribers(first: 50, after: $after) {
          nodes { id email confirmed createdAt confirmedAt wholePage nodes }
          endCursor
          hasNextPage
        }
      }
    }
  }
`);

export const RemoveStatusPageSubscriberMutation = graphql(`
  mutation RemoveStatusPageSubscriber($input: RemoveStatusPageSubscriberInput!) {
    removeStatusPageSubscriber(input: $input) {
      __typename
      ... on StatusPagePayload { statusPage { subscriberCount } }
      ... on Error { code message }
    }
  }
`);

/** Public: a visitor asks for e-mail updates (the same answer for a known or new address). */
export const SubscribeToStatusPageMutation = graphql(`
  mutation SubscribeToStatusPage($input: SubscribeToStatusPageInput!) {
    subscribeToStatusPage(input: $input) {
      __typename
      ... on SubscribeToStatusPagePayload { accepted }
      ... on Error { code message }
      ... on ValidationError { fieldErrors { path message } }
    }
  }
`);

export const ConfirmStatusPageSubscriptionMutation = graphql(`
  mutation ConfirmStatusPageSubscription($input: ConfirmStatusPageSubscriptionInput!) {
    confirmStatusPageSubscription(input: $input) {
      __typename
      ... on ConfirmStatusPageSubscriptionPayload { slug }
      ... on Error { code message }
      ... on ValidationError { fieldErrors { path message } }
    }
  }
`);

export const UnsubscribeFromStatusPageMutation = graphql(`
  mutation UnsubscribeFromStatusPage($input: UnsubscribeFromStatusPageInput!) {
    unsubscribeFromStatusPage(input: $input) {
      __typename
      ... on UnsubscribeFromStatusPagePayload { unsubscribed }
      ... on Error { code message }
    }
  }
`);

import { graphql } from "@/lib/graphql/generated";

export const NetworkMitigationQuery = graphql(`
  query NetworkMitigationPage($slug: String!) {
    workspace(slug: $slug) { id viewerRole }
  }
`);

export const NetworkMitigationStateQuery = graphql(`
  query NetworkMitigationState($workspaceId: ID!) {
    networkMitigation(workspaceId: $workspaceId) {
      configured
      policy
      safelist
      maxActiveRules
      announcementsPerMinute
      speakers { name kind endpoint control tls { caFingerprint caSubject caNotAfter serverName } }
      providers { name kind settings baseUrl hasCredentials }
      prefixes { prefix verified note }
      rules {
        id
        level
        state
        rule
        manual
        incidentIds
        createdAt
        announcedAt
        expiresAt
        withdrawnAt
        withdrawReason
        lastError
      }
    }
  }
`);

/** The event log's history: every speaker/provider call is an audit entry (mitigation.announce / .withdraw). */
export const NetworkMitigationLogQuery = graphql(`
  query NetworkMitigationLog($workspaceId: ID!) {
    announced: auditLog(workspaceId: $workspaceId, action: "mitigation.announce", first: 50) {
      edges { node { id action createdAt summary targetId } }
    }
    withdrawn: auditLog(workspaceId: $workspaceId, action: "mitigation.withdraw", first: 50) {
      edges { node { id action createdAt summary targetId } }
    }
  }
`);

export const UpdateNetworkMitigationMutation = graphql(`
  mutation UpdateNetworkMitigation($input: UpdateNetworkMitigationInput!) {
    updateNetworkMitigation(input: $input) {
      __typename
      ... on UpdateNetworkMitigationPayload { networkMitigation { configured } }
      ... on Error { code message }
      ... on ValidationError { fieldErrors { path message } }
    }
  }
`);

export const AnnounceMitigationMutation = graphql(`
  mutation AnnounceMitigation($input: AnnounceMitigationInput!) {
    announceMitigation(input: $input) {
      __typename
      ... on AnnounceMitigationPayload { outcome failures rule { id state rule } }
      ... on Error { code message }
      ... on ValidationError { fieldErrors { path message } }
    }
  }
`);

export const WithdrawMitigationMutation = graphql(`
  mutation WithdrawMitigation($input: WithdrawMitigationInput!) {
    withdrawMitigation(input: $input) {
      __typename
      ... on WithdrawMitigationPayload { failures rule { id state } }
      ... on Error { code message }
    }
  }
`);

export const NetworkMitigationEventsSubscription = graphql(`
  subscription NetworkMitigationEvents($workspaceId: ID!) {
    networkMitigationEvents(workspaceId: $workspaceId) { kind ruleId target detail at }
  }
`);

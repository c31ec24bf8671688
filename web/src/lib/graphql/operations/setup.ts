import { graphql } from "@/lib/graphql/generated";

export const CreateEnrollmentTokenMutation = graphql(`
  mutation CreateEnrollmentToken($input: CreateEnrollmentTokenInput!) {
    createEnrollmentToken(input: $input) {
      __typename
      ... on CreateEnrollmentTokenPayload { token enrollmentToken { id expiresAt } }
      ... on Error { code message }
      ... on ValidationError { fieldErrors { path message } }
    }
  }
`);

export const ApiKeysQuery = graphql(`
  query ApiKeys($slug: String!) {
    workspace(slug: $slug) {
      id
      viewerRole
      apiKeys(first: 100) {
        edges { node { id name kind prefix scopes createdAt lastUsedAt expiresAt node { name } } }
      }
    }
  }
`);

export const CreateApiKeyMutation = graphql(`
  mutation CreateApiKey($input: CreateApiKeyInput!) {
    createApiKey(input: $input) {
      __typename
      ... on CreateApiKeyPayload { secret apiKey { id prefix } }
      ... on Error { code message }
      ... on ValidationError { fieldErrors { path message } }
    }
  }
`);

export const RevokeApiKeyMutation = graphql(`
  mutation RevokeApiKey($input: RevokeApiKeyInput!) {
    revokeApiKey(input: $input) {
      __typename
      ... on ApiKeyPayload { apiKey { id revokedAt } }
      ... on Error { code message }
    }
  }
`);

/** Pending invitations need member:manage: asked for only when the viewer holds it (else the query fails). */
export const MembersQuery = graphql(`
  query Members($slug: String!, $withInvitations: Boolean!) {
    me { id }
    workspace(slug: $slug) {
      id
      viewerRole
      members(first: 200) { edges { node { id role createdAt user { id name email } } } }
      pendingInvitations @include(if: $withInvitations) { id email role expiresAt }
    }
  }
`);

export const InviteMemberMutation = graphql(`
  mutation InviteMember($input: InviteMemberInput!) {
    inviteMember(input: $input) {
      __typename
      ... on InviteMemberPayload { token invitation { id email } }
      ... on Error { code message }
      ... on ValidationError { fieldErrors { path message } }
    }
  }
`);

export const ChangeMemberRoleMutation = graphql(`
  mutation ChangeMemberRole($input: ChangeMemberRoleInput!) {
    changeMemberRole(input: $input) {
      __typename
      ... on MembershipPayload { membership { id role } }
      ... on Error { code message }
    }
  }
`);

export const RemoveMemberMutation = graphql(`
  mutation RemoveMember($input: RemoveMemberInput!) {
    removeMember(input: $input) {
      __typename
      ... on RemoveMemberPayload { removedMembershipId }
      ... on Error { code message }
    }
  }
`);

export const AuditLogQuery = graphql(`
  query AuditLog($workspaceId: ID!, $first: Int, $after: String, $action: String) {
    auditLog(workspaceId: $workspaceId, first: $first, after: $after, action: $action) {
      edges { node { id seq action createdAt ip targetType targetId hash actor { type label } } }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

export const VerifyAuditChainQuery = graphql(`
  query VerifyAuditChain($workspaceId: ID!) {
    verifyAuditChain(workspaceId: $workspaceId) {
      valid
      entriesChecked
      firstBrokenLink { seq reason entryId }
    }
  }
`);

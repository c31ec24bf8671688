import { graphql } from "@/lib/graphql/generated";

/** Everything the dashboard frame needs: the workspace in the URL, the viewer, and the switcher's list. */
export const WorkspaceShellQuery = graphql(`
  query WorkspaceShell($slug: String!) {
    me { id name email }
    workspace(slug: $slug) {
      id
      slug
      name
      viewerRole
      parent { slug name }
      children(first: 1) { edges { node { id } } }
    }
    workspaces(first: 100) { edges { node { id slug name parent { id } } } }
  }
`);

/**
 * Workspaces a new one can be created under: every workspace the viewer sees with its role there,
 * inherited from an MSP workspace when not direct (memberships alone miss the customers of an MSP
 * workspace one is a member of).
 */
export const NewWorkspaceParentsQuery = graphql(`
  query NewWorkspaceParents($after: String) {
    workspaces(first: 100, after: $after) {
      edges { node { id name viewerRole } }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

/** An MSP workspace's customers with their nodes counted by state (every node, by the API). */
// Pages of 50 customers (by cursor, `after`): each counts its nodes in a query of its own (priced 100),
// and the page refreshes on every change to their nodes (CustomerNodesChangedSubscription, at most 50
// workspaces), so more would make every refresh a heavy operation.
export const CustomerWorkspacesQuery = graphql(`
  query CustomerWorkspaces($slug: String!, $after: String) {
    workspace(slug: $slug) {
      id
      children(first: 50, after: $after) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges {
          node {
            id
            slug
            name
            nodeCounts { total online offline pending elevated underAttack }
          }
        }
      }
    }
  }
`);

/**
 * Nodes of a page of customers changing (created, deleted, status, detection state): one subscription for
 * the page, where three per customer made an MSP's overview 150 operations at once, over the rate limit.
 */
export const CustomerNodesChangedSubscription = graphql(`
  subscription CustomerNodesChanged($workspaceIds: [ID!]!) {
    workspaceNodesChanged(workspaceIds: $workspaceIds) { workspaceId nodeId at }
  }
`);

export const OverviewAnalyticsQuery = graphql(`
  query OverviewAnalytics($workspaceId: ID!, $since: DateTime!) {
    workspaceAnalytics(workspaceId: $workspaceId, since: $since) {
      nodes
      onlineNodes
      nodesUnderAttack
      openIncidents
      incidents
      peakPps
      peakBps
      attackMinutes
    }
  }
`);

export const CreateWorkspaceMutation = graphql(`
  mutation CreateWorkspace($input: CreateWorkspaceInput!) {
    createWorkspace(input: $input) {
      __typename
      ... on WorkspacePayload { workspace { id slug } }
      ... on Error { code message }
      ... on ValidationError { fieldErrors { path message } }
    }
  }
`);

export const WorkspaceSettingsQuery = graphql(`
  query WorkspaceSettings($slug: String!) {
    workspace(slug: $slug) {
      id name slug evidenceRetentionDays timeZone viewerRole
      detectionMultipliers { multiplier nodeCount }
      defaultDetectionMultiplier
    }
  }
`);

export const UpdateWorkspaceMutation = graphql(`
  mutation UpdateWorkspace($input: UpdateWorkspaceInput!) {
    updateWorkspace(input: $input) {
      __typename
      ... on WorkspacePayload { workspace { id name evidenceRetentionDays timeZone } }
      ... on Error { code message }
      ... on ValidationError { fieldErrors { path message } }
    }
  }
`);

export const SetWorkspaceDetectionMultiplierMutation = graphql(`
  mutation SetWorkspaceDetectionMultiplier($input: SetWorkspaceDetectionMultiplierInput!) {
    setWorkspaceDetectionMultiplier(input: $input) {
      __typename
      ... on WorkspaceDetectionMultiplierPayload { nodesChanged }
      ... on Error { code message }
      ... on ValidationError { fieldErrors { path message } }
    }
  }
`);

import { graphql } from "@/lib/graphql/generated";

export const IncidentAlertDeliveriesQuery = graphql(`
  query IncidentAlertDeliveries($id: ID!) {
    node(id: $id) {
      __typename
      ... on Incident {
        id
        alertDeliveries {
          id
          channelName
          channelKind
          event
          step
          status
          attempts
          dueAt
          sentAt
          lastError
          log { at attempt outcome httpStatus latencyMs error }
        }
      }
    }
  }
`);

/** The alerts page: channels, and the deliveries of the latest incidents (the API keeps them per incident). */
export const AlertsPageQuery = graphql(`
  query AlertsPage($slug: String!) {
    workspace(slug: $slug) {
      id
      viewerRole
      alertChannels { id name kind enabled sharedWithCustomers settings secrets { field hint } callbackUrl }
      mailRoute
      mailServer { host port security username passwordSet fromAddress }
    }
  }
`);

export const SetWorkspaceMailServerMutation = graphql(`
  mutation SetWorkspaceMailServer($input: SetWorkspaceMailServerInput!) {
    setWorkspaceMailServer(input: $input) {
      __typename
      ... on WorkspaceMailServerPayload { workspace { id mailRoute } }
      ... on Error { code message }
      ... on ValidationError { fieldErrors { path message } }
    }
  }
`);

export const ClearWorkspaceMailServerMutation = graphql(`
  mutation ClearWorkspaceMailServer($input: ClearWorkspaceMailServerInput!) {
    clearWorkspaceMailServer(input: $input) {
      __typename
      ... on WorkspaceMailServerPayload { workspace { id mailRoute } }
      ... on Error { code message }
    }
  }
`);

export const CreateAlertChannelMutation = graphql(`
  mutation CreateAlertChannel($input: CreateAlertChannelInput!) {
    createAlertChannel(input: $input) {
      __typename
      ... on AlertChannelPayload { channel { id name } }
      ... on Error { code message }
      ... on ValidationError { fieldErrors { path message } }
    }
  }
`);

export const UpdateAlertChannelMutation = graphql(`
  mutation UpdateAlertChannel($input: UpdateAlertChannelInput!) {
    updateAlertChannel(input: $input) {
      __typename
      ... on AlertChannelPayload { channel { id name enabled } }
      ... on Error { code message }
      ... on ValidationError { fieldErrors { path message } }
    }
  }
`);

export const DeleteAlertChannelMutation = graphql(`
  mutation DeleteAlertChannel($input: DeleteAlertChannelInput!) {
    deleteAlertChannel(input: $input) {
      __typename
      ... on DeleteAlertChannelPayload { deletedChannelId }
      ... on Error { code message }
    }
  }
`);

/** One test message, sent at once without retry: how the receiver answered. */
export const TestAlertChannelMutation = graphql(`
  mutation TestAlertChannel($input: TestAlertChannelInput!) {
    testAlertChannel(input: $input) {
      __typename
      ... on TestAlertChannelPayload { ok httpStatus latencyMs error title }
      ... on Error { code message }
    }
  }
`);

export const RecentDeliveriesQuery = graphql(`
  query RecentDeliveries($workspaceId: ID!) {
    incidents(workspaceId: $workspaceId, first: 25) {
      edges {
        node {
          id
          startedAt
          status
          node { name }
          alertDeliveries {
            id
            channelName
            channelKind
            event
            step
            status
            attempts
            dueAt
            sentAt
            lastError
            log { at attempt outcome httpStatus latencyMs error }
          }
        }
      }
    }
  }
`);

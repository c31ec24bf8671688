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
      alertChannels { id name kind enabled sharedWithCustomers secrets { field hint } }
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

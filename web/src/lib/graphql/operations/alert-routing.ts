import { graphql } from "@/lib/graphql/generated";

/** The Alerts page's routing: escalation policies and maintenance windows (their nodes' names read by id). */
export const AlertRoutingQuery = graphql(`
  query AlertRouting($slug: String!) {
    workspace(slug: $slug) {
      id
      escalationPolicies {
        id
        name
        position
        sharedWithCustomers
        severities
        families
        nodeLabels { key value }
        steps { channelIds delaySeconds }
        repeat
        repeatAfterSeconds
      }
      maintenanceWindows { id name nodeId startsAt endsAt weekly timeZone }
    }
  }
`);

export const CreateEscalationPolicyMutation = graphql(`
  mutation CreateEscalationPolicy($input: CreateEscalationPolicyInput!) {
    createEscalationPolicy(input: $input) {
      __typename
      ... on EscalationPolicyPayload { policy { id name } }
      ... on Error { code message }
      ... on ValidationError { fieldErrors { path message } }
    }
  }
`);

export const DeleteEscalationPolicyMutation = graphql(`
  mutation DeleteEscalationPolicy($input: DeleteEscalationPolicyInput!) {
    deleteEscalationPolicy(input: $input) {
      __typename
      ... on DeletedPayload { deletedId }
      ... on Error { code message }
    }
  }
`);

export const CreateMaintenanceWindowMutation = graphql(`
  mutation CreateMaintenanceWindow($input: CreateMaintenanceWindowInput!) {
    createMaintenanceWindow(input: $input) {
      __typename
      ... on MaintenanceWindowPayload { window { id name } }
      ... on Error { code message }
      ... on ValidationError { fieldErrors { path message } }
    }
  }
`);

export const DeleteMaintenanceWindowMutation = graphql(`
  mutation DeleteMaintenanceWindow($input: DeleteMaintenanceWindowInput!) {
    deleteMaintenanceWindow(input: $input) {
      __typename
      ... on DeletedPayload { deletedId }
      ... on Error { code message }
    }
  }
`);

export const UpdateEscalationPolicyMutation = graphql(`
  mutation UpdateEscalationPolicy($input: UpdateEscalationPolicyInput!) {
    updateEscalationPolicy(input: $input) {
      __typename
      ... on EscalationPolicyPayload { policy { id name } }
      ... on Error { code message }
      ... on ValidationError { fieldErrors { path message } }
    }
  }
`);

export const UpdateMaintenanceWindowMutation = graphql(`
  mutation UpdateMaintenanceWindow($input: UpdateMaintenanceWindowInput!) {
    updateMaintenanceWindow(input: $input) {
      __typename
      ... on MaintenanceWindowPayload { window { id name endsAt } }
      ... on Error { code message }
      ... on ValidationError { fieldErrors { path message } }
    }
  }
`);

import { graphql } from "@/lib/graphql/generated";

export const MitigationPageQuery = graphql(`
  query MitigationPage($slug: String!) {
    workspace(slug: $slug) {
      id
      viewerRole
    }
    mitigationActionTypes { type backend title example }
  }
`);

export const MitigationRulesQuery = graphql(`
  query MitigationRules($workspaceId: ID!) {
    mitigationRules(workspaceId: $workspaceId) {
      id
      name
      nodeId
      actionType
      params
      trigger
      minSeverity
      family
      ttlSeconds
      permanent
      enabled
      createdAt
    }
  }
`);

export const MitigationActionsQuery = graphql(`
  query MitigationActions($workspaceId: ID!, $filter: MitigationActionFilter) {
    mitigationActions(workspaceId: $workspaceId, filter: $filter) {
      id
      actionType
      params
      state
      permanent
      expiresAt
      warnings
      packets
      bytes
      message
      createdAt
      appliedAt
      undoneAt
      nodeId
      incidentId
      ruleId
      events { kind at packets bytes message commands { argv exitCode stderr } }
    }
  }
`);

export const PreviewMitigationQuery = graphql(`
  query PreviewMitigation($input: PreviewMitigationInput!) {
    previewMitigation(input: $input) {
      valid
      issues
      refused
      warnings
      params
      apply { argv }
      undo { argv }
    }
  }
`);

export const IncidentMitigationQuery = graphql(`
  query IncidentMitigation($id: ID!) {
    node(id: $id) {
      __typename
      ... on Incident {
        id
        mitigationTimeline {
          kind
          at
          actionId
          packets
          bytes
          message
          commands { argv exitCode stderr }
        }
      }
    }
  }
`);

export const CreateMitigationRuleMutation = graphql(`
  mutation CreateMitigationRule($input: CreateMitigationRuleInput!) {
    createMitigationRule(input: $input) {
      __typename
      ... on MitigationRulePayload { rule { id } }
      ... on Error { code message }
      ... on ValidationError { fieldErrors { path message } }
    }
  }
`);

export const UpdateMitigationRuleMutation = graphql(`
  mutation UpdateMitigationRule($input: UpdateMitigationRuleInput!) {
    updateMitigationRule(input: $input) {
      __typename
      ... on MitigationRulePayload { rule { id } }
      ... on Error { code message }
      ... on ValidationError { fieldErrors { path message } }
    }
  }
`);

export const DeleteMitigationRuleMutation = graphql(`
  mutation DeleteMitigationRule($input: DeleteMitigationRuleInput!) {
    deleteMitigationRule(input: $input) {
      __typename
      ... on DeleteMitigationRulePayload { deletedRuleId }
      ... on Error { code message }
    }
  }
`);

export const RunMitigationMutation = graphql(`
  mutation RunMitigation($input: RunMitigationInput!) {
    runMitigation(input: $input) {
      __typename
      ... on MitigationActionPayload { action { id } }
      ... on Error { code message }
      ... on ValidationError { fieldErrors { path message } }
    }
  }
`);

export const UndoMitigationMutation = graphql(`
  mutation UndoMitigation($input: UndoMitigationInput!) {
    undoMitigation(input: $input) {
      __typename
      ... on MitigationActionPayload { action { id } }
      ... on Error { code message }
    }
  }
`);

export const MitigationEventsSubscription = graphql(`
  subscription MitigationEvents($workspaceId: ID!) {
    mitigationEvents(workspaceId: $workspaceId) { kind at nodeId incidentId }
  }
`);

export const MitigationSafelistQuery = graphql(`
  query MitigationSafelist($workspaceId: ID!) {
    mitigationSafelist(workspaceId: $workspaceId)
  }
`);

export const SetMitigationSafelistMutation = graphql(`
  mutation SetMitigationSafelist($input: SetMitigationSafelistInput!) {
    setMitigationSafelist(input: $input) {
      __typename
      ... on MitigationSafelistPayload { prefixes }
      ... on Error { code message }
      ... on ValidationError { fieldErrors { path message } }
    }
  }
`);

import { graphql } from "@/lib/graphql/generated";

/** The public contract: what a status page shows, read without a credential. */
export const PublicStatusPageQuery = graphql(`
  query PublicStatusPage($slug: String!) {
    statusPage(slug: $slug) {
      slug
      title
      description
      banner
      generatedAt
      nodes { name state uptimePercent days { day uptimePercent incidents } }
      notices { startsAt endsAt message active postedAt }
      incidents { ref nodeName family peakPps peakBps startedAt endedAt durationSeconds }
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
        enabled public title description path
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

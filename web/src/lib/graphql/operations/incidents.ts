import { graphql } from "@/lib/graphql/generated";

export const IncidentsQuery = graphql(`
  query Incidents($workspaceId: ID!, $filter: IncidentFilter, $first: Int, $after: String) {
    incidents(workspaceId: $workspaceId, filter: $filter, first: $first, after: $after) {
      edges {
        node {
          id
          status
          severity
          startedAt
          endedAt
          durationSeconds
          peakPps
          peakBps
          triggerMetrics
          triggerPeaks { metric peak thresholdAtPeak }
          node { id name }
          classification { family confidence spoofed botnet }
        }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

// An open incident's chart reads its node's stored seconds since the incident began (at most the last
// hour: live-timeline-chart.tsx), then appends the node's live seconds (TrafficUpdatedSubscription).
export const IncidentTrafficQuery = graphql(`
  query IncidentTraffic($nodeId: ID!, $from: DateTime!) {
    node(id: $nodeId) {
      ... on MonitoredNode { id traffic(from: $from, resolution: SECOND) { points { ts rxPps rxBps } } }
    }
  }
`);

export const IncidentDetailQuery = graphql(`
  query IncidentDetail($id: ID!) {
    node(id: $id) {
      __typename
      ... on Incident {
        id
        status
        severity
        startedAt
        endedAt
        lastAttackAt
        durationSeconds
        peakPps
        peakBps
        triggerMetrics
        triggerPeaks { metric peak thresholdAtPeak }
        thresholds
        acknowledgedAt
        acknowledgedBy
        workspace { id slug viewerRole }
        node { id name }
        attack { nodeCount }
        statusPagePath
        publicUpdates { id status message createdAt editedAt authorName }
        # Up to 1,000 points (the chart is narrower): each stretch of seconds by its busiest one.
        timeline(maxPoints: 1000) { ts rxPps rxBps }
        classification {
          family
          detail
          confidence
          summary
          evidence
          spoofed
          spoofingScore
          botnet
          distinctSources
          packetsPerSecond
          bitsPerSecond
          vectors { family detail confidence packetsShare }
          topSources { ip country asn asOrg knownBad lists { list category } packets share }
        }
        pcap { sizeBytes packets preBufferPackets downloadUrl expiresAt sha256 }
      }
    }
  }
`);

export const AcknowledgeIncidentMutation = graphql(`
  mutation AcknowledgeIncident($input: AcknowledgeIncidentInput!) {
    acknowledgeIncident(input: $input) {
      __typename
      ... on IncidentPayload { incident { id acknowledgedAt } }
      ... on Error { code message }
    }
  }
`);

export const IncidentEventsSubscription = graphql(`
  subscription IncidentEvents($workspaceId: ID!) {
    incidentEvents(workspaceId: $workspaceId) { kind incidentId nodeId at }
  }
`);

/** An operator's update of the incident for the public status page (workspace:update). */
export const PostIncidentUpdateMutation = graphql(`
  mutation PostIncidentUpdate($input: PostIncidentUpdateInput!) {
    postIncidentUpdate(input: $input) {
      __typename
      ... on IncidentUpdatePayload { update { id } }
      ... on Error { code message }
      ... on ValidationError { fieldErrors { path message } }
    }
  }
`);

export const EditIncidentUpdateMutation = graphql(`
  mutation EditIncidentUpdate($input: EditIncidentUpdateInput!) {
    editIncidentUpdate(input: $input) {
      __typename
      ... on IncidentUpdatePayload { update { id editedAt } }
      ... on Error { code message }
      ... on ValidationError { fieldErrors { path message } }
    }
  }
`);

export const DeleteIncidentUpdateMutation = graphql(`
  mutation DeleteIncidentUpdate($input: DeleteIncidentUpdateInput!) {
    deleteIncidentUpdate(input: $input) {
      __typename
      ... on IncidentUpdatePayload { incident { id } }
      ... on Error { code message }
    }
  }
`);

import { graphql } from "@/lib/graphql/generated";

export const NodesQuery = graphql(`
  query Nodes($slug: String!, $after: String, $search: String) {
    workspace(slug: $slug) {
      id
      nodeCounts { total }
      nodes(first: 200, after: $after, search: $search) {
        pageInfo { hasNextPage endCursor }
        edges {
          node {
            id
            name
            hostname
            status
            lastSeenAt
            agentVersion
            detection { state }
            baseline(metric: PPS) { learning }
          }
        }
      }
    }
  }
`);

// The API prices every traffic series at 1,000 points (GRAPHQL_MAX_COST, default 100,000): the last two
// minutes of a whole page of nodes would be refused, so the sparklines' history comes apart, for the rows
// that stream (SPARKLINE_ROWS).
export const NodeSparklinesQuery = graphql(`
  query NodeSparklines($ids: [ID!]!, $from: DateTime!) {
    nodes(ids: $ids) {
      ... on MonitoredNode { id traffic(from: $from, resolution: SECOND) { points { ts rxPps } } }
    }
  }
`);

export const NodeDetailQuery = graphql(`
  query NodeDetail($id: ID!) {
    node(id: $id) {
      __typename
      ... on MonitoredNode {
        id
        name
        labels { key value }
        ownedPrefixes
        hostname
        interface
        sampledInterface
        interfaceProblem
        interfacePinned
        status
        lastSeenAt
        agentVersion
        enrolled
        detectionMultiplier
        workspace { id slug viewerRole timeZone }
        detection { state incidentId thresholds { metric threshold elevatedAt source } }
        baselines { metric avg p95 p99 seasonalP99 samples learning threshold source updatedAt }
        seasonalWeek(metric: PPS) { hourOfWeek p99 }
        uptime(days: 30) {
          uptimePercent
          attackMinutes
          days { date uptimePercent onlineMinutes expectedMinutes attackMinutes }
        }
      }
    }
  }
`);

export const NodeTrafficQuery = graphql(`
  query NodeTraffic($id: ID!, $from: DateTime!, $to: DateTime, $resolution: TrafficResolution) {
    node(id: $id) {
      ... on MonitoredNode {
        id
        traffic(from: $from, to: $to, resolution: $resolution) {
          resolution
          points {
            ts rxPps rxBps tcpPps udpPps icmpPps otherPps maxPps maxBps attackSeconds
            synRecv maxSynRecv tcpEstablished tcpTotal
            syncookiesSent maxSyncookiesSent listenOverflows maxListenOverflows
          }
        }
      }
    }
  }
`);

export const TrafficUpdatedSubscription = graphql(`
  subscription TrafficUpdated($nodeId: ID!) {
    trafficUpdated(nodeId: $nodeId) {
      nodeId
      ts
      rxPps
      rxBps
      tcpPps
      udpPps
      icmpPps
      otherPps
      synRecv
      tcpEstablished
      tcpTotal
      syncookiesSent
      listenOverflows
      detectionState
    }
  }
`);

// A page's live node cards in one subscription (at most 50 nodes): one per card was an operation each
// against the viewer's request rate limit.
export const NodesTrafficUpdatedSubscription = graphql(`
  subscription NodesTrafficUpdated($nodeIds: [ID!]!) {
    nodesTrafficUpdated(nodeIds: $nodeIds) { nodeId rxPps detectionState }
  }
`);

export const NodeStatusChangedSubscription = graphql(`
  subscription NodeStatusChanged($workspaceId: ID!) {
    nodeStatusChanged(workspaceId: $workspaceId) { nodeId status detectionState at }
  }
`);

export const NodeEventsSubscription = graphql(`
  subscription NodeEvents($workspaceId: ID!) {
    nodeEvents(workspaceId: $workspaceId) { kind nodeId name at }
  }
`);

export const SetNodeThresholdsMutation = graphql(`
  mutation SetNodeThresholds($input: SetNodeThresholdsInput!) {
    setNodeThresholds(input: $input) {
      __typename
      ... on NodePayload { node { id detectionMultiplier } }
      ... on Error { code message }
      ... on ValidationError { fieldErrors { path message } }
    }
  }
`);

export const UpdateNodeMutation = graphql(`
  mutation UpdateNode($input: UpdateNodeInput!) {
    updateNode(input: $input) {
      __typename
      ... on NodePayload { node { id name interface labels { key value } ownedPrefixes } }
      ... on Error { code message }
      ... on ValidationError { fieldErrors { path message } }
    }
  }
`);

export const DeleteNodeMutation = graphql(`
  mutation DeleteNode($input: DeleteNodeInput!) {
    deleteNode(input: $input) {
      __typename
      ... on DeleteNodePayload { deletedNodeId }
      ... on Error { code message }
    }
  }
`);

/** What a node picker offers for the text typed: the first nodes whose name or hostname holds it. */
export const NodePickerSearchQuery = graphql(`
  query NodePickerSearch($workspaceId: ID!, $search: String!, $first: Int!) {
    node(id: $workspaceId) {
      ... on Workspace {
        id
        nodes(first: $first, search: $search) {
          pageInfo { hasNextPage }
          edges { node { id name hostname } }
        }
      }
    }
  }
`);

/** The names of chosen nodes, wherever they are in the workspace's list (at most 100 ids an operation). */
export const NodeNamesByIdQuery = graphql(`
  query NodeNamesById($ids: [ID!]!) {
    nodes(ids: $ids) { ... on MonitoredNode { id name } }
  }
`);

/* eslint-disable */
import * as types from './graphql';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  fragment BrandingFields on Branding {\n    theme\n    productName\n    logo\n    favicon\n    scheme\n    fontSans\n    fontMono\n    radius\n    light { primary accent background surface text muted success warning danger }\n    dark { primary accent background surface text muted success warning danger }\n  }\n": typeof types.BrandingFieldsFragmentDoc,
    "\n  query PublicBranding($slug: String) {\n    publicBranding(slug: $slug) { ...BrandingFields }\n  }\n": typeof types.PublicBrandingDocument,
    "\n  query CustomDomainRoute($host: String!) {\n    customDomainRoute(host: $host) { slug branding { ...BrandingFields } }\n  }\n": typeof types.CustomDomainRouteDocument,
    "\n  query WorkspaceBranding($slug: String!) {\n    workspace(slug: $slug) { id branding { ...BrandingFields } }\n  }\n": typeof types.WorkspaceBrandingDocument,
    "\n  query BrandingSettings($slug: String!) {\n    themes { name }\n    workspace(slug: $slug) {\n      id\n      slug\n      viewerRole\n      parent { name }\n      branding { theme productName logo }\n      brandingSettings { theme accent logo productName }\n      customDomains { id host status txtName txtValue verifiedAt lastCheckedAt lastError }\n    }\n  }\n": typeof types.BrandingSettingsDocument,
    "\n  mutation UpdateWorkspaceBranding($input: UpdateWorkspaceBrandingInput!) {\n    updateWorkspaceBranding(input: $input) {\n      __typename\n      ... on WorkspacePayload { workspace { id } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n": typeof types.UpdateWorkspaceBrandingDocument,
    "\n  mutation AddCustomDomain($input: AddCustomDomainInput!) {\n    addCustomDomain(input: $input) {\n      __typename\n      ... on CustomDomainPayload { customDomain { id host } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n": typeof types.AddCustomDomainDocument,
    "\n  mutation VerifyCustomDomain($input: VerifyCustomDomainInput!) {\n    verifyCustomDomain(input: $input) {\n      __typename\n      ... on CustomDomainPayload { customDomain { id status lastError } }\n      ... on Error { code message }\n    }\n  }\n": typeof types.VerifyCustomDomainDocument,
    "\n  mutation RemoveCustomDomain($input: RemoveCustomDomainInput!) {\n    removeCustomDomain(input: $input) {\n      __typename\n      ... on RemoveCustomDomainPayload { removedCustomDomainId }\n      ... on Error { code message }\n    }\n  }\n": typeof types.RemoveCustomDomainDocument,
    "\n  mutation CreateCustomerWorkspace($input: CreateCustomerWorkspaceInput!) {\n    createCustomerWorkspace(input: $input) {\n      __typename\n      ... on WorkspacePayload { workspace { id slug } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n": typeof types.CreateCustomerWorkspaceDocument,
    "\n  query Incidents($workspaceId: ID!, $filter: IncidentFilter, $first: Int, $after: String) {\n    incidents(workspaceId: $workspaceId, filter: $filter, first: $first, after: $after) {\n      edges {\n        node {\n          id\n          status\n          severity\n          startedAt\n          endedAt\n          durationSeconds\n          peakPps\n          peakBps\n          triggerMetrics\n          node { id name }\n          classification { family confidence spoofed botnet }\n        }\n      }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.IncidentsDocument,
    "\n  query IncidentDetail($id: ID!) {\n    node(id: $id) {\n      __typename\n      ... on Incident {\n        id\n        status\n        severity\n        startedAt\n        endedAt\n        lastAttackAt\n        durationSeconds\n        peakPps\n        peakBps\n        triggerMetrics\n        thresholds\n        workspace { id slug }\n        node { id name }\n        attack { nodeCount }\n        timeline { ts rxPps rxBps }\n        classification {\n          family\n          detail\n          confidence\n          summary\n          evidence\n          spoofed\n          spoofingScore\n          botnet\n          distinctSources\n          packetsPerSecond\n          bitsPerSecond\n          vectors { family detail confidence packetsShare }\n          topSources { ip country asn asOrg knownBad lists { list category } packets share }\n        }\n        pcap { sizeBytes packets preBufferPackets downloadUrl expiresAt sha256 }\n      }\n    }\n  }\n": typeof types.IncidentDetailDocument,
    "\n  subscription IncidentEvents($workspaceId: ID!) {\n    incidentEvents(workspaceId: $workspaceId) { kind incidentId nodeId at }\n  }\n": typeof types.IncidentEventsDocument,
    "\n  query Nodes($slug: String!) {\n    workspace(slug: $slug) {\n      id\n      nodes(first: 200) {\n        edges {\n          node {\n            id\n            name\n            hostname\n            status\n            lastSeenAt\n            agentVersion\n            detection { state }\n            baseline(metric: PPS) { learning }\n          }\n        }\n      }\n    }\n  }\n": typeof types.NodesDocument,
    "\n  query NodeSparklines($ids: [ID!]!, $from: DateTime!) {\n    nodes(ids: $ids) {\n      ... on MonitoredNode { id traffic(from: $from, resolution: SECOND) { points { ts rxPps } } }\n    }\n  }\n": typeof types.NodeSparklinesDocument,
    "\n  query NodeDetail($id: ID!) {\n    node(id: $id) {\n      __typename\n      ... on MonitoredNode {\n        id\n        name\n        hostname\n        interface\n        status\n        lastSeenAt\n        agentVersion\n        enrolled\n        detectionMultiplier\n        workspace { id slug viewerRole }\n        detection { state incidentId thresholds { metric threshold elevatedAt source } }\n        baselines { metric avg p95 p99 samples learning threshold source updatedAt }\n        uptime(days: 30) {\n          uptimePercent\n          attackMinutes\n          days { date uptimePercent onlineMinutes expectedMinutes attackMinutes }\n        }\n      }\n    }\n  }\n": typeof types.NodeDetailDocument,
    "\n  query NodeTraffic($id: ID!, $from: DateTime!, $to: DateTime, $resolution: TrafficResolution) {\n    node(id: $id) {\n      ... on MonitoredNode {\n        id\n        traffic(from: $from, to: $to, resolution: $resolution) {\n          resolution\n          points { ts rxPps rxBps tcpPps udpPps icmpPps otherPps maxPps maxBps attackSeconds }\n        }\n      }\n    }\n  }\n": typeof types.NodeTrafficDocument,
    "\n  subscription TrafficUpdated($nodeId: ID!) {\n    trafficUpdated(nodeId: $nodeId) {\n      nodeId\n      ts\n      rxPps\n      rxBps\n      tcpPps\n      udpPps\n      icmpPps\n      otherPps\n      detectionState\n    }\n  }\n": typeof types.TrafficUpdatedDocument,
    "\n  subscription NodeStatusChanged($workspaceId: ID!) {\n    nodeStatusChanged(workspaceId: $workspaceId) { nodeId status detectionState at }\n  }\n": typeof types.NodeStatusChangedDocument,
    "\n  subscription NodeEvents($workspaceId: ID!) {\n    nodeEvents(workspaceId: $workspaceId) { kind nodeId name at }\n  }\n": typeof types.NodeEventsDocument,
    "\n  mutation SetNodeThresholds($input: SetNodeThresholdsInput!) {\n    setNodeThresholds(input: $input) {\n      __typename\n      ... on NodePayload { node { id detectionMultiplier } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n": typeof types.SetNodeThresholdsDocument,
    "\n  query NodeNames($slug: String!) {\n    workspace(slug: $slug) { id nodes(first: 500) { edges { node { id name } } } }\n  }\n": typeof types.NodeNamesDocument,
    "\n  query Viewer {\n    me {\n      id\n      email\n      name\n      memberships { role workspace { id slug name } }\n    }\n  }\n": typeof types.ViewerDocument,
    "\n  mutation Login($input: LoginInput!) {\n    login(input: $input) {\n      __typename\n      ... on SessionPayload { user { id } expiresAt }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n": typeof types.LoginDocument,
    "\n  mutation Signup($input: SignupInput!) {\n    signup(input: $input) {\n      __typename\n      ... on SessionPayload { user { id } expiresAt }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n": typeof types.SignupDocument,
    "\n  mutation Logout { logout }\n": typeof types.LogoutDocument,
    "\n  mutation CreateEnrollmentToken($input: CreateEnrollmentTokenInput!) {\n    createEnrollmentToken(input: $input) {\n      __typename\n      ... on CreateEnrollmentTokenPayload { token enrollmentToken { id expiresAt } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n": typeof types.CreateEnrollmentTokenDocument,
    "\n  query ApiKeys($slug: String!) {\n    workspace(slug: $slug) {\n      id\n      viewerRole\n      apiKeys(first: 100) {\n        edges { node { id name kind prefix scopes createdAt lastUsedAt expiresAt node { name } } }\n      }\n    }\n  }\n": typeof types.ApiKeysDocument,
    "\n  mutation CreateApiKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) {\n      __typename\n      ... on CreateApiKeyPayload { secret apiKey { id prefix } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n": typeof types.CreateApiKeyDocument,
    "\n  mutation RevokeApiKey($input: RevokeApiKeyInput!) {\n    revokeApiKey(input: $input) {\n      __typename\n      ... on ApiKeyPayload { apiKey { id revokedAt } }\n      ... on Error { code message }\n    }\n  }\n": typeof types.RevokeApiKeyDocument,
    "\n  query Members($slug: String!) {\n    me { id }\n    workspace(slug: $slug) {\n      id\n      viewerRole\n      members(first: 200) { edges { node { id role createdAt user { id name email } } } }\n      pendingInvitations { id email role expiresAt }\n    }\n  }\n": typeof types.MembersDocument,
    "\n  mutation InviteMember($input: InviteMemberInput!) {\n    inviteMember(input: $input) {\n      __typename\n      ... on InviteMemberPayload { token invitation { id email } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n": typeof types.InviteMemberDocument,
    "\n  mutation ChangeMemberRole($input: ChangeMemberRoleInput!) {\n    changeMemberRole(input: $input) {\n      __typename\n      ... on MembershipPayload { membership { id role } }\n      ... on Error { code message }\n    }\n  }\n": typeof types.ChangeMemberRoleDocument,
    "\n  mutation RemoveMember($input: RemoveMemberInput!) {\n    removeMember(input: $input) {\n      __typename\n      ... on RemoveMemberPayload { removedMembershipId }\n      ... on Error { code message }\n    }\n  }\n": typeof types.RemoveMemberDocument,
    "\n  query AuditLog($workspaceId: ID!, $first: Int, $after: String, $action: String) {\n    auditLog(workspaceId: $workspaceId, first: $first, after: $after, action: $action) {\n      edges { node { id seq action createdAt ip targetType targetId hash actor { type label } } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.AuditLogDocument,
    "\n  query VerifyAuditChain($workspaceId: ID!) {\n    verifyAuditChain(workspaceId: $workspaceId) {\n      valid\n      entriesChecked\n      firstBrokenLink { seq reason entryId }\n    }\n  }\n": typeof types.VerifyAuditChainDocument,
    "\n  query WorkspaceShell($slug: String!) {\n    me { id name email }\n    workspace(slug: $slug) {\n      id\n      slug\n      name\n      viewerRole\n      parent { slug name }\n      children(first: 1) { edges { node { id } } }\n    }\n    workspaces(first: 100) { edges { node { id slug name parent { id } } } }\n  }\n": typeof types.WorkspaceShellDocument,
    "\n  query CustomerWorkspaces($slug: String!) {\n    workspace(slug: $slug) {\n      id\n      children(first: 50) {\n        edges {\n          node {\n            id\n            slug\n            name\n            nodes(first: 200) { edges { node { id status detection { state } } } }\n          }\n        }\n      }\n    }\n  }\n": typeof types.CustomerWorkspacesDocument,
    "\n  query OverviewAnalytics($workspaceId: ID!, $since: DateTime!) {\n    workspaceAnalytics(workspaceId: $workspaceId, since: $since) {\n      nodes\n      onlineNodes\n      nodesUnderAttack\n      openIncidents\n      incidents\n      peakPps\n      peakBps\n      attackMinutes\n    }\n  }\n": typeof types.OverviewAnalyticsDocument,
    "\n  mutation CreateWorkspace($input: CreateWorkspaceInput!) {\n    createWorkspace(input: $input) {\n      __typename\n      ... on WorkspacePayload { workspace { id slug } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n": typeof types.CreateWorkspaceDocument,
    "\n  query WorkspaceSettings($slug: String!) {\n    workspace(slug: $slug) { id name slug evidenceRetentionDays viewerRole }\n  }\n": typeof types.WorkspaceSettingsDocument,
    "\n  mutation UpdateWorkspace($input: UpdateWorkspaceInput!) {\n    updateWorkspace(input: $input) {\n      __typename\n      ... on WorkspacePayload { workspace { id name evidenceRetentionDays } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n": typeof types.UpdateWorkspaceDocument,
    "\n  query WorkspaceNodeIds($slug: String!) {\n    workspace(slug: $slug) { id nodes(first: 500) { edges { node { id detectionMultiplier } } } }\n  }\n": typeof types.WorkspaceNodeIdsDocument,
};
const documents: Documents = {
    "\n  fragment BrandingFields on Branding {\n    theme\n    productName\n    logo\n    favicon\n    scheme\n    fontSans\n    fontMono\n    radius\n    light { primary accent background surface text muted success warning danger }\n    dark { primary accent background surface text muted success warning danger }\n  }\n": types.BrandingFieldsFragmentDoc,
    "\n  query PublicBranding($slug: String) {\n    publicBranding(slug: $slug) { ...BrandingFields }\n  }\n": types.PublicBrandingDocument,
    "\n  query CustomDomainRoute($host: String!) {\n    customDomainRoute(host: $host) { slug branding { ...BrandingFields } }\n  }\n": types.CustomDomainRouteDocument,
    "\n  query WorkspaceBranding($slug: String!) {\n    workspace(slug: $slug) { id branding { ...BrandingFields } }\n  }\n": types.WorkspaceBrandingDocument,
    "\n  query BrandingSettings($slug: String!) {\n    themes { name }\n    workspace(slug: $slug) {\n      id\n      slug\n      viewerRole\n      parent { name }\n      branding { theme productName logo }\n      brandingSettings { theme accent logo productName }\n      customDomains { id host status txtName txtValue verifiedAt lastCheckedAt lastError }\n    }\n  }\n": types.BrandingSettingsDocument,
    "\n  mutation UpdateWorkspaceBranding($input: UpdateWorkspaceBrandingInput!) {\n    updateWorkspaceBranding(input: $input) {\n      __typename\n      ... on WorkspacePayload { workspace { id } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n": types.UpdateWorkspaceBrandingDocument,
    "\n  mutation AddCustomDomain($input: AddCustomDomainInput!) {\n    addCustomDomain(input: $input) {\n      __typename\n      ... on CustomDomainPayload { customDomain { id host } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n": types.AddCustomDomainDocument,
    "\n  mutation VerifyCustomDomain($input: VerifyCustomDomainInput!) {\n    verifyCustomDomain(input: $input) {\n      __typename\n      ... on CustomDomainPayload { customDomain { id status lastError } }\n      ... on Error { code message }\n    }\n  }\n": types.VerifyCustomDomainDocument,
    "\n  mutation RemoveCustomDomain($input: RemoveCustomDomainInput!) {\n    removeCustomDomain(input: $input) {\n      __typename\n      ... on RemoveCustomDomainPayload { removedCustomDomainId }\n      ... on Error { code message }\n    }\n  }\n": types.RemoveCustomDomainDocument,
    "\n  mutation CreateCustomerWorkspace($input: CreateCustomerWorkspaceInput!) {\n    createCustomerWorkspace(input: $input) {\n      __typename\n      ... on WorkspacePayload { workspace { id slug } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n": types.CreateCustomerWorkspaceDocument,
    "\n  query Incidents($workspaceId: ID!, $filter: IncidentFilter, $first: Int, $after: String) {\n    incidents(workspaceId: $workspaceId, filter: $filter, first: $first, after: $after) {\n      edges {\n        node {\n          id\n          status\n          severity\n          startedAt\n          endedAt\n          durationSeconds\n          peakPps\n          peakBps\n          triggerMetrics\n          node { id name }\n          classification { family confidence spoofed botnet }\n        }\n      }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.IncidentsDocument,
    "\n  query IncidentDetail($id: ID!) {\n    node(id: $id) {\n      __typename\n      ... on Incident {\n        id\n        status\n        severity\n        startedAt\n        endedAt\n        lastAttackAt\n        durationSeconds\n        peakPps\n        peakBps\n        triggerMetrics\n        thresholds\n        workspace { id slug }\n        node { id name }\n        attack { nodeCount }\n        timeline { ts rxPps rxBps }\n        classification {\n          family\n          detail\n          confidence\n          summary\n          evidence\n          spoofed\n          spoofingScore\n          botnet\n          distinctSources\n          packetsPerSecond\n          bitsPerSecond\n          vectors { family detail confidence packetsShare }\n          topSources { ip country asn asOrg knownBad lists { list category } packets share }\n        }\n        pcap { sizeBytes packets preBufferPackets downloadUrl expiresAt sha256 }\n      }\n    }\n  }\n": types.IncidentDetailDocument,
    "\n  subscription IncidentEvents($workspaceId: ID!) {\n    incidentEvents(workspaceId: $workspaceId) { kind incidentId nodeId at }\n  }\n": types.IncidentEventsDocument,
    "\n  query Nodes($slug: String!) {\n    workspace(slug: $slug) {\n      id\n      nodes(first: 200) {\n        edges {\n          node {\n            id\n            name\n            hostname\n            status\n            lastSeenAt\n            agentVersion\n            detection { state }\n            baseline(metric: PPS) { learning }\n          }\n        }\n      }\n    }\n  }\n": types.NodesDocument,
    "\n  query NodeSparklines($ids: [ID!]!, $from: DateTime!) {\n    nodes(ids: $ids) {\n      ... on MonitoredNode { id traffic(from: $from, resolution: SECOND) { points { ts rxPps } } }\n    }\n  }\n": types.NodeSparklinesDocument,
    "\n  query NodeDetail($id: ID!) {\n    node(id: $id) {\n      __typename\n      ... on MonitoredNode {\n        id\n        name\n        hostname\n        interface\n        status\n        lastSeenAt\n        agentVersion\n        enrolled\n        detectionMultiplier\n        workspace { id slug viewerRole }\n        detection { state incidentId thresholds { metric threshold elevatedAt source } }\n        baselines { metric avg p95 p99 samples learning threshold source updatedAt }\n        uptime(days: 30) {\n          uptimePercent\n          attackMinutes\n          days { date uptimePercent onlineMinutes expectedMinutes attackMinutes }\n        }\n      }\n    }\n  }\n": types.NodeDetailDocument,
    "\n  query NodeTraffic($id: ID!, $from: DateTime!, $to: DateTime, $resolution: TrafficResolution) {\n    node(id: $id) {\n      ... on MonitoredNode {\n        id\n        traffic(from: $from, to: $to, resolution: $resolution) {\n          resolution\n          points { ts rxPps rxBps tcpPps udpPps icmpPps otherPps maxPps maxBps attackSeconds }\n        }\n      }\n    }\n  }\n": types.NodeTrafficDocument,
    "\n  subscription TrafficUpdated($nodeId: ID!) {\n    trafficUpdated(nodeId: $nodeId) {\n      nodeId\n      ts\n      rxPps\n      rxBps\n      tcpPps\n      udpPps\n      icmpPps\n      otherPps\n      detectionState\n    }\n  }\n": types.TrafficUpdatedDocument,
    "\n  subscription NodeStatusChanged($workspaceId: ID!) {\n    nodeStatusChanged(workspaceId: $workspaceId) { nodeId status detectionState at }\n  }\n": types.NodeStatusChangedDocument,
    "\n  subscription NodeEvents($workspaceId: ID!) {\n    nodeEvents(workspaceId: $workspaceId) { kind nodeId name at }\n  }\n": types.NodeEventsDocument,
    "\n  mutation SetNodeThresholds($input: SetNodeThresholdsInput!) {\n    setNodeThresholds(input: $input) {\n      __typename\n      ... on NodePayload { node { id detectionMultiplier } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n": types.SetNodeThresholdsDocument,
    "\n  query NodeNames($slug: String!) {\n    workspace(slug: $slug) { id nodes(first: 500) { edges { node { id name } } } }\n  }\n": types.NodeNamesDocument,
    "\n  query Viewer {\n    me {\n      id\n      email\n      name\n      memberships { role workspace { id slug name } }\n    }\n  }\n": types.ViewerDocument,
    "\n  mutation Login($input: LoginInput!) {\n    login(input: $input) {\n      __typename\n      ... on SessionPayload { user { id } expiresAt }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n": types.LoginDocument,
    "\n  mutation Signup($input: SignupInput!) {\n    signup(input: $input) {\n      __typename\n      ... on SessionPayload { user { id } expiresAt }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n": types.SignupDocument,
    "\n  mutation Logout { logout }\n": types.LogoutDocument,
    "\n  mutation CreateEnrollmentToken($input: CreateEnrollmentTokenInput!) {\n    createEnrollmentToken(input: $input) {\n      __typename\n      ... on CreateEnrollmentTokenPayload { token enrollmentToken { id expiresAt } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n": types.CreateEnrollmentTokenDocument,
    "\n  query ApiKeys($slug: String!) {\n    workspace(slug: $slug) {\n      id\n      viewerRole\n      apiKeys(first: 100) {\n        edges { node { id name kind prefix scopes createdAt lastUsedAt expiresAt node { name } } }\n      }\n    }\n  }\n": types.ApiKeysDocument,
    "\n  mutation CreateApiKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) {\n      __typename\n      ... on CreateApiKeyPayload { secret apiKey { id prefix } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n": types.CreateApiKeyDocument,
    "\n  mutation RevokeApiKey($input: RevokeApiKeyInput!) {\n    revokeApiKey(input: $input) {\n      __typename\n      ... on ApiKeyPayload { apiKey { id revokedAt } }\n      ... on Error { code message }\n    }\n  }\n": types.RevokeApiKeyDocument,
    "\n  query Members($slug: String!) {\n    me { id }\n    workspace(slug: $slug) {\n      id\n      viewerRole\n      members(first: 200) { edges { node { id role createdAt user { id name email } } } }\n      pendingInvitations { id email role expiresAt }\n    }\n  }\n": types.MembersDocument,
    "\n  mutation InviteMember($input: InviteMemberInput!) {\n    inviteMember(input: $input) {\n      __typename\n      ... on InviteMemberPayload { token invitation { id email } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n": types.InviteMemberDocument,
    "\n  mutation ChangeMemberRole($input: ChangeMemberRoleInput!) {\n    changeMemberRole(input: $input) {\n      __typename\n      ... on MembershipPayload { membership { id role } }\n      ... on Error { code message }\n    }\n  }\n": types.ChangeMemberRoleDocument,
    "\n  mutation RemoveMember($input: RemoveMemberInput!) {\n    removeMember(input: $input) {\n      __typename\n      ... on RemoveMemberPayload { removedMembershipId }\n      ... on Error { code message }\n    }\n  }\n": types.RemoveMemberDocument,
    "\n  query AuditLog($workspaceId: ID!, $first: Int, $after: String, $action: String) {\n    auditLog(workspaceId: $workspaceId, first: $first, after: $after, action: $action) {\n      edges { node { id seq action createdAt ip targetType targetId hash actor { type label } } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.AuditLogDocument,
    "\n  query VerifyAuditChain($workspaceId: ID!) {\n    verifyAuditChain(workspaceId: $workspaceId) {\n      valid\n      entriesChecked\n      firstBrokenLink { seq reason entryId }\n    }\n  }\n": types.VerifyAuditChainDocument,
    "\n  query WorkspaceShell($slug: String!) {\n    me { id name email }\n    workspace(slug: $slug) {\n      id\n      slug\n      name\n      viewerRole\n      parent { slug name }\n      children(first: 1) { edges { node { id } } }\n    }\n    workspaces(first: 100) { edges { node { id slug name parent { id } } } }\n  }\n": types.WorkspaceShellDocument,
    "\n  query CustomerWorkspaces($slug: String!) {\n    workspace(slug: $slug) {\n      id\n      children(first: 50) {\n        edges {\n          node {\n            id\n            slug\n            name\n            nodes(first: 200) { edges { node { id status detection { state } } } }\n          }\n        }\n      }\n    }\n  }\n": types.CustomerWorkspacesDocument,
    "\n  query OverviewAnalytics($workspaceId: ID!, $since: DateTime!) {\n    workspaceAnalytics(workspaceId: $workspaceId, since: $since) {\n      nodes\n      onlineNodes\n      nodesUnderAttack\n      openIncidents\n      incidents\n      peakPps\n      peakBps\n      attackMinutes\n    }\n  }\n": types.OverviewAnalyticsDocument,
    "\n  mutation CreateWorkspace($input: CreateWorkspaceInput!) {\n    createWorkspace(input: $input) {\n      __typename\n      ... on WorkspacePayload { workspace { id slug } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n": types.CreateWorkspaceDocument,
    "\n  query WorkspaceSettings($slug: String!) {\n    workspace(slug: $slug) { id name slug evidenceRetentionDays viewerRole }\n  }\n": types.WorkspaceSettingsDocument,
    "\n  mutation UpdateWorkspace($input: UpdateWorkspaceInput!) {\n    updateWorkspace(input: $input) {\n      __typename\n      ... on WorkspacePayload { workspace { id name evidenceRetentionDays } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n": types.UpdateWorkspaceDocument,
    "\n  query WorkspaceNodeIds($slug: String!) {\n    workspace(slug: $slug) { id nodes(first: 500) { edges { node { id detectionMultiplier } } } }\n  }\n": types.WorkspaceNodeIdsDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment BrandingFields on Branding {\n    theme\n    productName\n    logo\n    favicon\n    scheme\n    fontSans\n    fontMono\n    radius\n    light { primary accent background surface text muted success warning danger }\n    dark { primary accent background surface text muted success warning danger }\n  }\n"): typeof import('./graphql').BrandingFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PublicBranding($slug: String) {\n    publicBranding(slug: $slug) { ...BrandingFields }\n  }\n"): typeof import('./graphql').PublicBrandingDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CustomDomainRoute($host: String!) {\n    customDomainRoute(host: $host) { slug branding { ...BrandingFields } }\n  }\n"): typeof import('./graphql').CustomDomainRouteDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WorkspaceBranding($slug: String!) {\n    workspace(slug: $slug) { id branding { ...BrandingFields } }\n  }\n"): typeof import('./graphql').WorkspaceBrandingDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BrandingSettings($slug: String!) {\n    themes { name }\n    workspace(slug: $slug) {\n      id\n      slug\n      viewerRole\n      parent { name }\n      branding { theme productName logo }\n      brandingSettings { theme accent logo productName }\n      customDomains { id host status txtName txtValue verifiedAt lastCheckedAt lastError }\n    }\n  }\n"): typeof import('./graphql').BrandingSettingsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateWorkspaceBranding($input: UpdateWorkspaceBrandingInput!) {\n    updateWorkspaceBranding(input: $input) {\n      __typename\n      ... on WorkspacePayload { workspace { id } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n"): typeof import('./graphql').UpdateWorkspaceBrandingDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddCustomDomain($input: AddCustomDomainInput!) {\n    addCustomDomain(input: $input) {\n      __typename\n      ... on CustomDomainPayload { customDomain { id host } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n"): typeof import('./graphql').AddCustomDomainDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation VerifyCustomDomain($input: VerifyCustomDomainInput!) {\n    verifyCustomDomain(input: $input) {\n      __typename\n      ... on CustomDomainPayload { customDomain { id status lastError } }\n      ... on Error { code message }\n    }\n  }\n"): typeof import('./graphql').VerifyCustomDomainDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RemoveCustomDomain($input: RemoveCustomDomainInput!) {\n    removeCustomDomain(input: $input) {\n      __typename\n      ... on RemoveCustomDomainPayload { removedCustomDomainId }\n      ... on Error { code message }\n    }\n  }\n"): typeof import('./graphql').RemoveCustomDomainDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateCustomerWorkspace($input: CreateCustomerWorkspaceInput!) {\n    createCustomerWorkspace(input: $input) {\n      __typename\n      ... on WorkspacePayload { workspace { id slug } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n"): typeof import('./graphql').CreateCustomerWorkspaceDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Incidents($workspaceId: ID!, $filter: IncidentFilter, $first: Int, $after: String) {\n    incidents(workspaceId: $workspaceId, filter: $filter, first: $first, after: $after) {\n      edges {\n        node {\n          id\n          status\n          severity\n          startedAt\n          endedAt\n          durationSeconds\n          peakPps\n          peakBps\n          triggerMetrics\n          node { id name }\n          classification { family confidence spoofed botnet }\n        }\n      }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"): typeof import('./graphql').IncidentsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query IncidentDetail($id: ID!) {\n    node(id: $id) {\n      __typename\n      ... on Incident {\n        id\n        status\n        severity\n        startedAt\n        endedAt\n        lastAttackAt\n        durationSeconds\n        peakPps\n        peakBps\n        triggerMetrics\n        thresholds\n        workspace { id slug }\n        node { id name }\n        attack { nodeCount }\n        timeline { ts rxPps rxBps }\n        classification {\n          family\n          detail\n          confidence\n          summary\n          evidence\n          spoofed\n          spoofingScore\n          botnet\n          distinctSources\n          packetsPerSecond\n          bitsPerSecond\n          vectors { family detail confidence packetsShare }\n          topSources { ip country asn asOrg knownBad lists { list category } packets share }\n        }\n        pcap { sizeBytes packets preBufferPackets downloadUrl expiresAt sha256 }\n      }\n    }\n  }\n"): typeof import('./graphql').IncidentDetailDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription IncidentEvents($workspaceId: ID!) {\n    incidentEvents(workspaceId: $workspaceId) { kind incidentId nodeId at }\n  }\n"): typeof import('./graphql').IncidentEventsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Nodes($slug: String!) {\n    workspace(slug: $slug) {\n      id\n      nodes(first: 200) {\n        edges {\n          node {\n            id\n            name\n            hostname\n            status\n            lastSeenAt\n            agentVersion\n            detection { state }\n            baseline(metric: PPS) { learning }\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').NodesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query NodeSparklines($ids: [ID!]!, $from: DateTime!) {\n    nodes(ids: $ids) {\n      ... on MonitoredNode { id traffic(from: $from, resolution: SECOND) { points { ts rxPps } } }\n    }\n  }\n"): typeof import('./graphql').NodeSparklinesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query NodeDetail($id: ID!) {\n    node(id: $id) {\n      __typename\n      ... on MonitoredNode {\n        id\n        name\n        hostname\n        interface\n        status\n        lastSeenAt\n        agentVersion\n        enrolled\n        detectionMultiplier\n        workspace { id slug viewerRole }\n        detection { state incidentId thresholds { metric threshold elevatedAt source } }\n        baselines { metric avg p95 p99 samples learning threshold source updatedAt }\n        uptime(days: 30) {\n          uptimePercent\n          attackMinutes\n          days { date uptimePercent onlineMinutes expectedMinutes attackMinutes }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').NodeDetailDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query NodeTraffic($id: ID!, $from: DateTime!, $to: DateTime, $resolution: TrafficResolution) {\n    node(id: $id) {\n      ... on MonitoredNode {\n        id\n        traffic(from: $from, to: $to, resolution: $resolution) {\n          resolution\n          points { ts rxPps rxBps tcpPps udpPps icmpPps otherPps maxPps maxBps attackSeconds }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').NodeTrafficDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription TrafficUpdated($nodeId: ID!) {\n    trafficUpdated(nodeId: $nodeId) {\n      nodeId\n      ts\n      rxPps\n      rxBps\n      tcpPps\n      udpPps\n      icmpPps\n      otherPps\n      detectionState\n    }\n  }\n"): typeof import('./graphql').TrafficUpdatedDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription NodeStatusChanged($workspaceId: ID!) {\n    nodeStatusChanged(workspaceId: $workspaceId) { nodeId status detectionState at }\n  }\n"): typeof import('./graphql').NodeStatusChangedDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription NodeEvents($workspaceId: ID!) {\n    nodeEvents(workspaceId: $workspaceId) { kind nodeId name at }\n  }\n"): typeof import('./graphql').NodeEventsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetNodeThresholds($input: SetNodeThresholdsInput!) {\n    setNodeThresholds(input: $input) {\n      __typename\n      ... on NodePayload { node { id detectionMultiplier } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n"): typeof import('./graphql').SetNodeThresholdsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query NodeNames($slug: String!) {\n    workspace(slug: $slug) { id nodes(first: 500) { edges { node { id name } } } }\n  }\n"): typeof import('./graphql').NodeNamesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Viewer {\n    me {\n      id\n      email\n      name\n      memberships { role workspace { id slug name } }\n    }\n  }\n"): typeof import('./graphql').ViewerDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Login($input: LoginInput!) {\n    login(input: $input) {\n      __typename\n      ... on SessionPayload { user { id } expiresAt }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n"): typeof import('./graphql').LoginDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Signup($input: SignupInput!) {\n    signup(input: $input) {\n      __typename\n      ... on SessionPayload { user { id } expiresAt }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n"): typeof import('./graphql').SignupDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Logout { logout }\n"): typeof import('./graphql').LogoutDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateEnrollmentToken($input: CreateEnrollmentTokenInput!) {\n    createEnrollmentToken(input: $input) {\n      __typename\n      ... on CreateEnrollmentTokenPayload { token enrollmentToken { id expiresAt } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n"): typeof import('./graphql').CreateEnrollmentTokenDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ApiKeys($slug: String!) {\n    workspace(slug: $slug) {\n      id\n      viewerRole\n      apiKeys(first: 100) {\n        edges { node { id name kind prefix scopes createdAt lastUsedAt expiresAt node { name } } }\n      }\n    }\n  }\n"): typeof import('./graphql').ApiKeysDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateApiKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) {\n      __typename\n      ... on CreateApiKeyPayload { secret apiKey { id prefix } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n"): typeof import('./graphql').CreateApiKeyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeApiKey($input: RevokeApiKeyInput!) {\n    revokeApiKey(input: $input) {\n      __typename\n      ... on ApiKeyPayload { apiKey { id revokedAt } }\n      ... on Error { code message }\n    }\n  }\n"): typeof import('./graphql').RevokeApiKeyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Members($slug: String!) {\n    me { id }\n    workspace(slug: $slug) {\n      id\n      viewerRole\n      members(first: 200) { edges { node { id role createdAt user { id name email } } } }\n      pendingInvitations { id email role expiresAt }\n    }\n  }\n"): typeof import('./graphql').MembersDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation InviteMember($input: InviteMemberInput!) {\n    inviteMember(input: $input) {\n      __typename\n      ... on InviteMemberPayload { token invitation { id email } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n"): typeof import('./graphql').InviteMemberDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ChangeMemberRole($input: ChangeMemberRoleInput!) {\n    changeMemberRole(input: $input) {\n      __typename\n      ... on MembershipPayload { membership { id role } }\n      ... on Error { code message }\n    }\n  }\n"): typeof import('./graphql').ChangeMemberRoleDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RemoveMember($input: RemoveMemberInput!) {\n    removeMember(input: $input) {\n      __typename\n      ... on RemoveMemberPayload { removedMembershipId }\n      ... on Error { code message }\n    }\n  }\n"): typeof import('./graphql').RemoveMemberDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuditLog($workspaceId: ID!, $first: Int, $after: String, $action: String) {\n    auditLog(workspaceId: $workspaceId, first: $first, after: $after, action: $action) {\n      edges { node { id seq action createdAt ip targetType targetId hash actor { type label } } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"): typeof import('./graphql').AuditLogDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query VerifyAuditChain($workspaceId: ID!) {\n    verifyAuditChain(workspaceId: $workspaceId) {\n      valid\n      entriesChecked\n      firstBrokenLink { seq reason entryId }\n    }\n  }\n"): typeof import('./graphql').VerifyAuditChainDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WorkspaceShell($slug: String!) {\n    me { id name email }\n    workspace(slug: $slug) {\n      id\n      slug\n      name\n      viewerRole\n      parent { slug name }\n      children(first: 1) { edges { node { id } } }\n    }\n    workspaces(first: 100) { edges { node { id slug name parent { id } } } }\n  }\n"): typeof import('./graphql').WorkspaceShellDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CustomerWorkspaces($slug: String!) {\n    workspace(slug: $slug) {\n      id\n      children(first: 50) {\n        edges {\n          node {\n            id\n            slug\n            name\n            nodes(first: 200) { edges { node { id status detection { state } } } }\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').CustomerWorkspacesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query OverviewAnalytics($workspaceId: ID!, $since: DateTime!) {\n    workspaceAnalytics(workspaceId: $workspaceId, since: $since) {\n      nodes\n      onlineNodes\n      nodesUnderAttack\n      openIncidents\n      incidents\n      peakPps\n      peakBps\n      attackMinutes\n    }\n  }\n"): typeof import('./graphql').OverviewAnalyticsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateWorkspace($input: CreateWorkspaceInput!) {\n    createWorkspace(input: $input) {\n      __typename\n      ... on WorkspacePayload { workspace { id slug } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n"): typeof import('./graphql').CreateWorkspaceDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WorkspaceSettings($slug: String!) {\n    workspace(slug: $slug) { id name slug evidenceRetentionDays viewerRole }\n  }\n"): typeof import('./graphql').WorkspaceSettingsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateWorkspace($input: UpdateWorkspaceInput!) {\n    updateWorkspace(input: $input) {\n      __typename\n      ... on WorkspacePayload { workspace { id name evidenceRetentionDays } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n"): typeof import('./graphql').UpdateWorkspaceDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WorkspaceNodeIds($slug: String!) {\n    workspace(slug: $slug) { id nodes(first: 500) { edges { node { id detectionMultiplier } } } }\n  }\n"): typeof import('./graphql').WorkspaceNodeIdsDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

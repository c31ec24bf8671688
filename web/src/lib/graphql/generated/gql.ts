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
    "\n  query AlertRouting($slug: String!) {\n    workspace(slug: $slug) {\n      id\n      escalationPolicies {\n        id\n        name\n        position\n        sharedWithCustomers\n        severities\n        families\n        nodeLabels { key value }\n        steps { channelIds delaySeconds }\n        repeat\n        repeatAfterSeconds\n      }\n      maintenanceWindows { id name nodeId startsAt endsAt weekly timeZone }\n    }\n  }\n": typeof types.AlertRoutingDocument,
    "\n  mutation CreateEscalationPolicy($input: CreateEscalationPolicyInput!) {\n    createEscalationPolicy(input: $input) {\n      __typename\n      ... on EscalationPolicyPayload { policy { id name } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n": typeof types.CreateEscalationPolicyDocument,
    "\n  mutation DeleteEscalationPolicy($input: DeleteEscalationPolicyInput!) {\n    deleteEscalationPolicy(input: $input) {\n      __typename\n      ... on DeletedPayload { deletedId }\n      ... on Error { code message }\n    }\n  }\n": typeof types.DeleteEscalationPolicyDocument,
    "\n  mutation CreateMaintenanceWindow($input: CreateMaintenanceWindowInput!) {\n    createMaintenanceWindow(input: $input) {\n      __typename\n      ... on MaintenanceWindowPayload { window { id name } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n": typeof types.CreateMaintenanceWindowDocument,
    "\n  mutation DeleteMaintenanceWindow($input: DeleteMaintenanceWindowInput!) {\n    deleteMaintenanceWindow(input: $input) {\n      __typename\n      ... on DeletedPayload { deletedId }\n      ... on Error { code message }\n    }\n  }\n": typeof types.DeleteMaintenanceWindowDocument,
    "\n  mutation UpdateEscalationPolicy($input: UpdateEscalationPolicyInput!) {\n    updateEscalationPolicy(input: $input) {\n      __typename\n      ... on EscalationPolicyPayload { policy { id name } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n": typeof types.UpdateEscalationPolicyDocument,
    "\n  mutation UpdateMaintenanceWindow($input: UpdateMaintenanceWindowInput!) {\n    updateMaintenanceWindow(input: $input) {\n      __typename\n      ... on MaintenanceWindowPayload { window { id name endsAt } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n": typeof types.UpdateMaintenanceWindowDocument,
    "\n  query IncidentAlertDeliveries($id: ID!) {\n    node(id: $id) {\n      __typename\n      ... on Incident {\n        id\n        alertDeliveries {\n          id\n          channelName\n          channelKind\n          event\n          step\n          status\n          attempts\n          dueAt\n          sentAt\n          lastError\n          log { at attempt outcome httpStatus latencyMs error }\n        }\n      }\n    }\n  }\n": typeof types.IncidentAlertDeliveriesDocument,
    "\n  query AlertsPage($slug: String!) {\n    workspace(slug: $slug) {\n      id\n      viewerRole\n      alertChannels { id name kind enabled sharedWithCustomers settings secrets { field hint } callbackUrl }\n      mailRoute\n      mailServer { host port security username passwordSet fromAddress }\n    }\n  }\n": typeof types.AlertsPageDocument,
    "\n  mutation SetWorkspaceMailServer($input: SetWorkspaceMailServerInput!) {\n    setWorkspaceMailServer(input: $input) {\n      __typename\n      ... on WorkspaceMailServerPayload { workspace { id mailRoute } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n": typeof types.SetWorkspaceMailServerDocument,
    "\n  mutation ClearWorkspaceMailServer($input: ClearWorkspaceMailServerInput!) {\n    clearWorkspaceMailServer(input: $input) {\n      __typename\n      ... on WorkspaceMailServerPayload { workspace { id mailRoute } }\n      ... on Error { code message }\n    }\n  }\n": typeof types.ClearWorkspaceMailServerDocument,
    "\n  mutation CreateAlertChannel($input: CreateAlertChannelInput!) {\n    createAlertChannel(input: $input) {\n      __typename\n      ... on AlertChannelPayload { channel { id name } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n": typeof types.CreateAlertChannelDocument,
    "\n  mutation UpdateAlertChannel($input: UpdateAlertChannelInput!) {\n    updateAlertChannel(input: $input) {\n      __typename\n      ... on AlertChannelPayload { channel { id name enabled } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n": typeof types.UpdateAlertChannelDocument,
    "\n  mutation DeleteAlertChannel($input: DeleteAlertChannelInput!) {\n    deleteAlertChannel(input: $input) {\n      __typename\n      ... on DeleteAlertChannelPayload { deletedChannelId }\n      ... on Error { code message }\n    }\n  }\n": typeof types.DeleteAlertChannelDocument,
    "\n  mutation TestAlertChannel($input: TestAlertChannelInput!) {\n    testAlertChannel(input: $input) {\n      __typename\n      ... on TestAlertChannelPayload { ok httpStatus latencyMs error title }\n      ... on Error { code message }\n    }\n  }\n": typeof types.TestAlertChannelDocument,
    "\n  query RecentDeliveries($workspaceId: ID!) {\n    incidents(workspaceId: $workspaceId, first: 25) {\n      edges {\n        node {\n          id\n          startedAt\n          status\n          node { name }\n          alertDeliveries {\n            id\n            channelName\n            channelKind\n            event\n            step\n            status\n            attempts\n            dueAt\n            sentAt\n            lastError\n            log { at attempt outcome httpStatus latencyMs error }\n          }\n        }\n      }\n    }\n  }\n": typeof types.RecentDeliveriesDocument,
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
    "\n  mutation UploadWorkspaceLogo($input: UploadWorkspaceLogoInput!, $file: File!) {\n    uploadWorkspaceLogo(input: $input, file: $file) {\n      __typename\n      ... on WorkspacePayload { workspace { id branding { logo } } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n": typeof types.UploadWorkspaceLogoDocument,
    "\n  query BrandingLogo($sha256: String!) {\n    brandingLogo(sha256: $sha256) { contentType base64 }\n  }\n": typeof types.BrandingLogoDocument,
    "\n  query Incidents($workspaceId: ID!, $filter: IncidentFilter, $first: Int, $after: String) {\n    incidents(workspaceId: $workspaceId, filter: $filter, first: $first, after: $after) {\n      edges {\n        node {\n          id\n          status\n          severity\n          startedAt\n          endedAt\n          durationSeconds\n          peakPps\n          peakBps\n          triggerMetrics\n          triggerPeaks { metric peak thresholdAtPeak }\n          node { id name }\n          classification { family confidence spoofed botnet }\n        }\n      }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.IncidentsDocument,
    "\n  query IncidentTraffic($nodeId: ID!, $from: DateTime!) {\n    node(id: $nodeId) {\n      ... on MonitoredNode { id traffic(from: $from, resolution: SECOND) { points { ts rxPps rxBps } } }\n    }\n  }\n": typeof types.IncidentTrafficDocument,
    "\n  query IncidentDetail($id: ID!) {\n    node(id: $id) {\n      __typename\n      ... on Incident {\n        id\n        status\n        severity\n        startedAt\n        endedAt\n        lastAttackAt\n        durationSeconds\n        peakPps\n        peakBps\n        triggerMetrics\n        triggerPeaks { metric peak thresholdAtPeak }\n        thresholds\n        acknowledgedAt\n        acknowledgedBy\n        workspace { id slug viewerRole }\n        node { id name }\n        attack { nodeCount }\n        statusPagePath\n        publicUpdates { id status message createdAt editedAt authorName }\n        # Up to 1,000 points (the chart is narrower): each stretch of seconds by its busiest one.\n        timeline(maxPoints: 1000) { ts rxPps rxBps }\n        classification {\n          family\n          detail\n          confidence\n          summary\n          evidence\n          spoofed\n          spoofingScore\n          botnet\n          distinctSources\n          packetsPerSecond\n          bitsPerSecond\n          vectors { family detail confidence packetsShare }\n          topSources { ip country asn asOrg knownBad lists { list category } packets share }\n        }\n        pcap { sizeBytes packets preBufferPackets downloadUrl expiresAt sha256 }\n      }\n    }\n  }\n": typeof types.IncidentDetailDocument,
    "\n  mutation AcknowledgeIncident($input: AcknowledgeIncidentInput!) {\n    acknowledgeIncident(input: $input) {\n      __typename\n      ... on IncidentPayload { incident { id acknowledgedAt } }\n      ... on Error { code message }\n    }\n  }\n": typeof types.AcknowledgeIncidentDocument,
    "\n  subscription IncidentEvents($workspaceId: ID!) {\n    incidentEvents(workspaceId: $workspaceId) { kind incidentId nodeId at }\n  }\n": typeof types.IncidentEventsDocument,
    "\n  mutation PostIncidentUpdate($input: PostIncidentUpdateInput!) {\n    postIncidentUpdate(input: $input) {\n      __typename\n      ... on IncidentUpdatePayload { update { id } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n": typeof types.PostIncidentUpdateDocument,
    "\n  mutation EditIncidentUpdate($input: EditIncidentUpdateInput!) {\n    editIncidentUpdate(input: $input) {\n      __typename\n      ... on IncidentUpdatePayload { update { id editedAt } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n": typeof types.EditIncidentUpdateDocument,
    "\n  mutation DeleteIncidentUpdate($input: DeleteIncidentUpdateInput!) {\n    deleteIncidentUpdate(input: $input) {\n      __typename\n      ... on IncidentUpdatePayload { incident { id } }\n      ... on Error { code message }\n    }\n  }\n": typeof types.DeleteIncidentUpdateDocument,
    "\n  query MitigationPage($slug: String!) {\n    workspace(slug: $slug) {\n      id\n      viewerRole\n    }\n    mitigationActionTypes { type backend title example }\n  }\n": typeof types.MitigationPageDocument,
    "\n  query MitigationRules($workspaceId: ID!) {\n    mitigationRules(workspaceId: $workspaceId) {\n      id\n      name\n      nodeId\n      actionType\n      params\n      trigger\n      minSeverity\n      family\n      ttlSeconds\n      permanent\n      enabled\n      createdAt\n    }\n  }\n": typeof types.MitigationRulesDocument,
    "\n  query MitigationActions($workspaceId: ID!, $filter: MitigationActionFilter) {\n    mitigationActions(workspaceId: $workspaceId, filter: $filter) {\n      id\n      actionType\n      params\n      state\n      permanent\n      expiresAt\n      warnings\n      packets\n      bytes\n      message\n      createdAt\n      appliedAt\n      undoneAt\n      nodeId\n      incidentId\n      ruleId\n      events { kind at packets bytes message commands { argv exitCode stderr } }\n    }\n  }\n": typeof types.MitigationActionsDocument,
    "\n  query PreviewMitigation($input: PreviewMitigationInput!) {\n    previewMitigation(input: $input) {\n      valid\n      issues\n      refused\n      warnings\n      params\n      apply { argv }\n      undo { argv }\n    }\n  }\n": typeof types.PreviewMitigationDocument,
    "\n  query IncidentMitigation($id: ID!) {\n    node(id: $id) {\n      __typename\n      ... on Incident {\n        id\n        mitigationTimeline {\n          kind\n          at\n          actionId\n          packets\n          bytes\n          message\n          commands { argv exitCode stderr }\n        }\n      }\n    }\n  }\n": typeof types.IncidentMitigationDocument,
    "\n  mutation CreateMitigationRule($input: CreateMitigationRuleInput!) {\n    createMitigationRule(input: $input) {\n      __typename\n      ... on MitigationRulePayload { rule { id } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n": typeof types.CreateMitigationRuleDocument,
    "\n  mutation UpdateMitigationRule($input: UpdateMitigationRuleInput!) {\n    updateMitigationRule(input: $input) {\n      __typename\n      ... on MitigationRulePayload { rule { id } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n": typeof types.UpdateMitigationRuleDocument,
    "\n  mutation DeleteMitigationRule($input: DeleteMitigationRuleInput!) {\n    deleteMitigationRule(input: $input) {\n      __typename\n      ... on DeleteMitigationRulePayload { deletedRuleId }\n      ... on Error { code message }\n    }\n  }\n": typeof types.DeleteMitigationRuleDocument,
    "\n  mutation RunMitigation($input: RunMitigationInput!) {\n    runMitigation(input: $input) {\n      __typename\n      ... on MitigationActionPayload { action { id } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n": typeof types.RunMitigationDocument,
    "\n  mutation UndoMitigation($input: UndoMitigationInput!) {\n    undoMitigation(input: $input) {\n      __typename\n      ... on MitigationActionPayload { action { id } }\n      ... on Error { code message }\n    }\n  }\n": typeof types.UndoMitigationDocument,
    "\n  subscription MitigationEvents($workspaceId: ID!) {\n    mitigationEvents(workspaceId: $workspaceId) { kind at nodeId incidentId }\n  }\n": typeof types.MitigationEventsDocument,
    "\n  query MitigationSafelist($workspaceId: ID!) {\n    mitigationSafelist(workspaceId: $workspaceId)\n  }\n": typeof types.MitigationSafelistDocument,
    "\n  mutation SetMitigationSafelist($input: SetMitigationSafelistInput!) {\n    setMitigationSafelist(input: $input) {\n      __typename\n      ... on MitigationSafelistPayload { prefixes }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n": typeof types.SetMitigationSafelistDocument,
    "\n  query NetworkMitigationPage($slug: String!) {\n    workspace(slug: $slug) { id viewerRole }\n  }\n": typeof types.NetworkMitigationPageDocument,
    "\n  query NetworkMitigationState($workspaceId: ID!) {\n    networkMitigation(workspaceId: $workspaceId) {\n      configured\n      policy\n      safelist\n      maxActiveRules\n      announcementsPerMinute\n      speakers { name kind endpoint control tls { caFingerprint caSubject caNotAfter serverName } }\n      providers { name kind settings baseUrl hasCredentials }\n      prefixes { prefix verified note }\n      rules {\n        id\n        level\n        state\n        rule\n        manual\n        incidentIds\n        createdAt\n        announcedAt\n        expiresAt\n        withdrawnAt\n        withdrawReason\n        lastError\n      }\n    }\n  }\n": typeof types.NetworkMitigationStateDocument,
    "\n  query NetworkMitigationLog($workspaceId: ID!) {\n    announced: auditLog(workspaceId: $workspaceId, action: \"mitigation.announce\", first: 50) {\n      edges { node { id action createdAt summary targetId } }\n    }\n    withdrawn: auditLog(workspaceId: $workspaceId, action: \"mitigation.withdraw\", first: 50) {\n      edges { node { id action createdAt summary targetId } }\n    }\n  }\n": typeof types.NetworkMitigationLogDocument,
    "\n  mutation UpdateNetworkMitigation($input: UpdateNetworkMitigationInput!) {\n    updateNetworkMitigation(input: $input) {\n      __typename\n      ... on UpdateNetworkMitigationPayload { networkMitigation { configured } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n": typeof types.UpdateNetworkMitigationDocument,
    "\n  mutation AnnounceMitigation($input: AnnounceMitigationInput!) {\n    announceMitigation(input: $input) {\n      __typename\n      ... on AnnounceMitigationPayload { outcome failures rule { id state rule } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n": typeof types.AnnounceMitigationDocument,
    "\n  mutation WithdrawMitigation($input: WithdrawMitigationInput!) {\n    withdrawMitigation(input: $input) {\n      __typename\n      ... on WithdrawMitigationPayload { failures rule { id state } }\n      ... on Error { code message }\n    }\n  }\n": typeof types.WithdrawMitigationDocument,
    "\n  subscription NetworkMitigationEvents($workspaceId: ID!) {\n    networkMitigationEvents(workspaceId: $workspaceId) { kind ruleId target detail at }\n  }\n": typeof types.NetworkMitigationEventsDocument,
    "\n  query Nodes($slug: String!, $after: String, $search: String) {\n    workspace(slug: $slug) {\n      id\n      nodeCounts { total }\n      nodes(first: 200, after: $after, search: $search) {\n        pageInfo { hasNextPage endCursor }\n        edges {\n          node {\n            id\n            name\n            hostname\n            status\n            lastSeenAt\n            agentVersion\n            detection { state }\n            baseline(metric: PPS) { learning }\n          }\n        }\n      }\n    }\n  }\n": typeof types.NodesDocument,
    "\n  query NodeSparklines($ids: [ID!]!, $from: DateTime!) {\n    nodes(ids: $ids) {\n      ... on MonitoredNode { id traffic(from: $from, resolution: SECOND) { points { ts rxPps } } }\n    }\n  }\n": typeof types.NodeSparklinesDocument,
    "\n  query NodeDetail($id: ID!) {\n    node(id: $id) {\n      __typename\n      ... on MonitoredNode {\n        id\n        name\n        labels { key value }\n        ownedPrefixes\n        hostname\n        interface\n        sampledInterface\n        interfaceProblem\n        interfacePinned\n        status\n        lastSeenAt\n        agentVersion\n        enrolled\n        detectionMultiplier\n        workspace { id slug viewerRole timeZone }\n        detection { state incidentId thresholds { metric threshold elevatedAt source } }\n        baselines { metric avg p95 p99 seasonalP99 samples learning threshold source updatedAt }\n        seasonalWeek(metric: PPS) { hourOfWeek p99 }\n        uptime(days: 30) {\n          uptimePercent\n          attackMinutes\n          days { date uptimePercent onlineMinutes expectedMinutes attackMinutes }\n        }\n      }\n    }\n  }\n": typeof types.NodeDetailDocument,
    "\n  query NodeTraffic($id: ID!, $from: DateTime!, $to: DateTime, $resolution: TrafficResolution) {\n    node(id: $id) {\n      ... on MonitoredNode {\n        id\n        traffic(from: $from, to: $to, resolution: $resolution) {\n          resolution\n          points {\n            ts rxPps rxBps tcpPps udpPps icmpPps otherPps maxPps maxBps attackSeconds\n            synRecv maxSynRecv tcpEstablished tcpTotal\n            syncookiesSent maxSyncookiesSent listenOverflows maxListenOverflows\n          }\n        }\n      }\n    }\n  }\n": typeof types.NodeTrafficDocument,
    "\n  subscription TrafficUpdated($nodeId: ID!) {\n    trafficUpdated(nodeId: $nodeId) {\n      nodeId\n      ts\n      rxPps\n      rxBps\n      tcpPps\n      udpPps\n      icmpPps\n      otherPps\n      synRecv\n      tcpEstablished\n      tcpTotal\n      syncookiesSent\n      listenOverflows\n      detectionState\n    }\n  }\n": typeof types.TrafficUpdatedDocument,
    "\n  subscription NodesTrafficUpdated($nodeIds: [ID!]!) {\n    nodesTrafficUpdated(nodeIds: $nodeIds) { nodeId rxPps detectionState }\n  }\n": typeof types.NodesTrafficUpdatedDocument,
    "\n  subscription NodeStatusChanged($workspaceId: ID!) {\n    nodeStatusChanged(workspaceId: $workspaceId) { nodeId status detectionState at }\n  }\n": typeof types.NodeStatusChangedDocument,
    "\n  subscription NodeEvents($workspaceId: ID!) {\n    nodeEvents(workspaceId: $workspaceId) { kind nodeId name at }\n  }\n": typeof types.NodeEventsDocument,
    "\n  mutation SetNodeThresholds($input: SetNodeThresholdsInput!) {\n    setNodeThresholds(input: $input) {\n      __typename\n      ... on NodePayload { node { id detectionMultiplier } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n": typeof types.SetNodeThresholdsDocument,
    "\n  mutation UpdateNode($input: UpdateNodeInput!) {\n    updateNode(input: $input) {\n      __typename\n      ... on NodePayload { node { id name interface labels { key value } ownedPrefixes } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n": typeof types.UpdateNodeDocument,
    "\n  mutation DeleteNode($input: DeleteNodeInput!) {\n    deleteNode(input: $input) {\n      __typename\n      ... on DeleteNodePayload { deletedNodeId }\n      ... on Error { code message }\n    }\n  }\n": typeof types.DeleteNodeDocument,
    "\n  query NodePickerSearch($workspaceId: ID!, $search: String!, $first: Int!) {\n    node(id: $workspaceId) {\n      ... on Workspace {\n        id\n        nodes(first: $first, search: $search) {\n          pageInfo { hasNextPage }\n          edges { node { id name hostname } }\n        }\n      }\n    }\n  }\n": typeof types.NodePickerSearchDocument,
    "\n  query NodeNamesById($ids: [ID!]!) {\n    nodes(ids: $ids) { ... on MonitoredNode { id name } }\n  }\n": typeof types.NodeNamesByIdDocument,
    "\n  query Viewer {\n    me {\n      id\n      email\n      name\n      memberships { role workspace { id slug name } }\n    }\n  }\n": typeof types.ViewerDocument,
    "\n  mutation Login($input: LoginInput!) {\n    login(input: $input) {\n      __typename\n      ... on SessionPayload { user { id } expiresAt }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n": typeof types.LoginDocument,
    "\n  mutation Signup($input: SignupInput!) {\n    signup(input: $input) {\n      __typename\n      ... on SessionPayload { user { id } expiresAt }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n": typeof types.SignupDocument,
    "\n  mutation Logout { logout }\n": typeof types.LogoutDocument,
    "\n  mutation ChangePassword($input: ChangePasswordInput!) {\n    changePassword(input: $input) {\n      __typename\n      ... on ChangePasswordPayload { otherSessionsEnded user { id } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n": typeof types.ChangePasswordDocument,
    "\n  mutation AcceptInvitation($input: AcceptInvitationInput!) {\n    acceptInvitation(input: $input) {\n      __typename\n      ... on MembershipPayload { membership { id role workspace { id slug name } } }\n      ... on Error { code message }\n    }\n  }\n": typeof types.AcceptInvitationDocument,
    "\n  mutation UpdateProfile($input: UpdateProfileInput!) {\n    updateProfile(input: $input) {\n      __typename\n      ... on UpdateProfilePayload { user { id name } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n": typeof types.UpdateProfileDocument,
    "\n  mutation RequestPasswordReset($input: RequestPasswordResetInput!) {\n    requestPasswordReset(input: $input) {\n      __typename\n      ... on RequestPasswordResetPayload { accepted }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n": typeof types.RequestPasswordResetDocument,
    "\n  mutation ResetPassword($input: ResetPasswordInput!) {\n    resetPassword(input: $input) {\n      __typename\n      ... on ResetPasswordPayload { sessionsEnded }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n": typeof types.ResetPasswordDocument,
    "\n  mutation CreateEnrollmentToken($input: CreateEnrollmentTokenInput!) {\n    createEnrollmentToken(input: $input) {\n      __typename\n      ... on CreateEnrollmentTokenPayload { token enrollmentToken { id expiresAt } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n": typeof types.CreateEnrollmentTokenDocument,
    "\n  query ApiKeys($slug: String!) {\n    workspace(slug: $slug) {\n      id\n      viewerRole\n      apiKeys(first: 100) {\n        edges { node { id name kind prefix scopes createdAt lastUsedAt expiresAt node { name } } }\n      }\n    }\n  }\n": typeof types.ApiKeysDocument,
    "\n  mutation CreateApiKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) {\n      __typename\n      ... on CreateApiKeyPayload { secret apiKey { id prefix } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n": typeof types.CreateApiKeyDocument,
    "\n  mutation RevokeApiKey($input: RevokeApiKeyInput!) {\n    revokeApiKey(input: $input) {\n      __typename\n      ... on ApiKeyPayload { apiKey { id revokedAt } }\n      ... on Error { code message }\n    }\n  }\n": typeof types.RevokeApiKeyDocument,
    "\n  query Members($slug: String!, $withInvitations: Boolean!) {\n    me { id }\n    workspace(slug: $slug) {\n      id\n      viewerRole\n      members(first: 200) { edges { node { id role createdAt user { id name email } } } }\n      pendingInvitations @include(if: $withInvitations) { id email role expiresAt }\n    }\n  }\n": typeof types.MembersDocument,
    "\n  mutation InviteMember($input: InviteMemberInput!) {\n    inviteMember(input: $input) {\n      __typename\n      ... on InviteMemberPayload { token invitation { id email } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n": typeof types.InviteMemberDocument,
    "\n  mutation ChangeMemberRole($input: ChangeMemberRoleInput!) {\n    changeMemberRole(input: $input) {\n      __typename\n      ... on MembershipPayload { membership { id role } }\n      ... on Error { code message }\n    }\n  }\n": typeof types.ChangeMemberRoleDocument,
    "\n  mutation RemoveMember($input: RemoveMemberInput!) {\n    removeMember(input: $input) {\n      __typename\n      ... on RemoveMemberPayload { removedMembershipId }\n      ... on Error { code message }\n    }\n  }\n": typeof types.RemoveMemberDocument,
    "\n  query AuditLog($workspaceId: ID!, $first: Int, $after: String, $action: String) {\n    auditLog(workspaceId: $workspaceId, first: $first, after: $after, action: $action) {\n      edges { node { id seq action createdAt ip targetType targetId hash actor { type label } } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.AuditLogDocument,
    "\n  query VerifyAuditChain($workspaceId: ID!) {\n    verifyAuditChain(workspaceId: $workspaceId) {\n      valid\n      entriesChecked\n      firstBrokenLink { seq reason entryId }\n    }\n  }\n": typeof types.VerifyAuditChainDocument,
    "\n  query PublicStatusPage($slug: String!, $access: String, $feedToken: String) {\n    statusPage(slug: $slug, access: $access, feedToken: $feedToken) {\n      slug\n      title\n      description\n      subscribable\n      passwordProtected\n      banner\n      generatedAt\n      nodes { name state uptimePercent days { day uptimePercent incidents } }\n      notices { startsAt endsAt message active postedAt }\n      incidents {\n        ref nodeName family peakPps peakBps startedAt endedAt durationSeconds\n        updates { kind at status message editedAt }\n      }\n    }\n    statusPageLock(slug: $slug) { slug title }\n  }\n": typeof types.PublicStatusPageDocument,
    "\n  query PublicStatusIncident($slug: String!, $ref: String!, $access: String) {\n    statusPageLock(slug: $slug) { slug title }\n    statusPageIncident(slug: $slug, ref: $ref, access: $access) {\n      slug\n      title\n      incident { ref nodeName family peakPps peakBps startedAt endedAt durationSeconds }\n      updates { kind at status message editedAt }\n    }\n  }\n": typeof types.PublicStatusIncidentDocument,
    "\n  mutation UnlockStatusPage($input: UnlockStatusPageInput!) {\n    unlockStatusPage(input: $input) {\n      __typename\n      ... on UnlockStatusPagePayload { access expiresAt }\n      ... on Error { code message }\n    }\n  }\n": typeof types.UnlockStatusPageDocument,
    "\n  query StatusPageSettings($slug: String!) {\n    workspace(slug: $slug) {\n      id\n      slug\n      viewerRole\n      statusPage {\n        enabled public title description path passwordProtected\n        allowSubscriptions subscriberCount subscriptionMailAvailable\n        nodes { nodeId displayName position }\n        notices { id startsAt endsAt message }\n      }\n    }\n  }\n": typeof types.StatusPageSettingsDocument,
    "\n  mutation UpdateStatusPage($input: UpdateStatusPageInput!) {\n    updateStatusPage(input: $input) {\n      __typename\n      ... on StatusPagePayload { statusPage { enabled public path } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n": typeof types.UpdateStatusPageDocument,
    "\n  mutation AddStatusPageNotice($input: AddStatusPageNoticeInput!) {\n    addStatusPageNotice(input: $input) {\n      __typename\n      ... on StatusPagePayload { statusPage { path } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n": typeof types.AddStatusPageNoticeDocument,
    "\n  mutation DeleteStatusPageNotice($input: DeleteStatusPageNoticeInput!) {\n    deleteStatusPageNotice(input: $input) {\n      __typename\n      ... on StatusPagePayload { statusPage { path } }\n      ... on Error { code message }\n    }\n  }\n": typeof types.DeleteStatusPageNoticeDocument,
    "\n  query StatusPageFeedToken($slug: String!) {\n    workspace(slug: $slug) { statusPage { feedToken } }\n  }\n": typeof types.StatusPageFeedTokenDocument,
    "\n  mutation RenewStatusPageFeedToken($input: RenewStatusPageFeedTokenInput!) {\n    renewStatusPageFeedToken(input: $input) {\n      __typename\n      ... on StatusPagePayload { statusPage { feedToken } }\n      ... on Error { code message }\n    }\n  }\n": typeof types.RenewStatusPageFeedTokenDocument,
    "\n  query StatusPageSubscribers($slug: String!, $after: String) {\n    workspace(slug: $slug) {\n      statusPage {\n        subscribers(first: 50, after: $after) {\n          nodes { id email confirmed createdAt confirmedAt wholePage nodes }\n          endCursor\n          hasNextPage\n        }\n      }\n    }\n  }\n": typeof types.StatusPageSubscribersDocument,
    "\n  mutation RemoveStatusPageSubscriber($input: RemoveStatusPageSubscriberInput!) {\n    removeStatusPageSubscriber(input: $input) {\n      __typename\n      ... on StatusPagePayload { statusPage { subscriberCount } }\n      ... on Error { code message }\n    }\n  }\n": typeof types.RemoveStatusPageSubscriberDocument,
    "\n  mutation SubscribeToStatusPage($input: SubscribeToStatusPageInput!) {\n    subscribeToStatusPage(input: $input) {\n      __typename\n      ... on SubscribeToStatusPagePayload { accepted }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n": typeof types.SubscribeToStatusPageDocument,
    "\n  mutation ConfirmStatusPageSubscription($input: ConfirmStatusPageSubscriptionInput!) {\n    confirmStatusPageSubscription(input: $input) {\n      __typename\n      ... on ConfirmStatusPageSubscriptionPayload { slug }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n": typeof types.ConfirmStatusPageSubscriptionDocument,
    "\n  mutation UnsubscribeFromStatusPage($input: UnsubscribeFromStatusPageInput!) {\n    unsubscribeFromStatusPage(input: $input) {\n      __typename\n      ... on UnsubscribeFromStatusPagePayload { unsubscribed }\n      ... on Error { code message }\n    }\n  }\n": typeof types.UnsubscribeFromStatusPageDocument,
    "\n  query WorkspaceShell($slug: String!) {\n    me { id name email }\n    workspace(slug: $slug) {\n      id\n      slug\n      name\n      viewerRole\n      parent { slug name }\n      children(first: 1) { edges { node { id } } }\n    }\n    workspaces(first: 100) { edges { node { id slug name parent { id } } } }\n  }\n": typeof types.WorkspaceShellDocument,
    "\n  query NewWorkspaceParents($after: String) {\n    workspaces(first: 100, after: $after) {\n      edges { node { id name viewerRole } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.NewWorkspaceParentsDocument,
    "\n  query CustomerWorkspaces($slug: String!, $after: String) {\n    workspace(slug: $slug) {\n      id\n      children(first: 50, after: $after) {\n        totalCount\n        pageInfo { hasNextPage endCursor }\n        edges {\n          node {\n            id\n            slug\n            name\n            nodeCounts { total online offline pending elevated underAttack }\n          }\n        }\n      }\n    }\n  }\n": typeof types.CustomerWorkspacesDocument,
    "\n  subscription CustomerNodesChanged($workspaceIds: [ID!]!) {\n    workspaceNodesChanged(workspaceIds: $workspaceIds) { workspaceId nodeId at }\n  }\n": typeof types.CustomerNodesChangedDocument,
    "\n  query OverviewAnalytics($workspaceId: ID!, $since: DateTime!) {\n    workspaceAnalytics(workspaceId: $workspaceId, since: $since) {\n      nodes\n      onlineNodes\n      nodesUnderAttack\n      openIncidents\n      incidents\n      peakPps\n      peakBps\n      attackMinutes\n    }\n  }\n": typeof types.OverviewAnalyticsDocument,
    "\n  mutation CreateWorkspace($input: CreateWorkspaceInput!) {\n    createWorkspace(input: $input) {\n      __typename\n      ... on WorkspacePayload { workspace { id slug } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n": typeof types.CreateWorkspaceDocument,
    "\n  query WorkspaceSettings($slug: String!) {\n    workspace(slug: $slug) {\n      id name slug evidenceRetentionDays timeZone viewerRole\n      detectionMultipliers { multiplier nodeCount }\n      defaultDetectionMultiplier\n    }\n  }\n": typeof types.WorkspaceSettingsDocument,
    "\n  mutation UpdateWorkspace($input: UpdateWorkspaceInput!) {\n    updateWorkspace(input: $input) {\n      __typename\n      ... on WorkspacePayload { workspace { id name evidenceRetentionDays timeZone } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n": typeof types.UpdateWorkspaceDocument,
    "\n  mutation SetWorkspaceDetectionMultiplier($input: SetWorkspaceDetectionMultiplierInput!) {\n    setWorkspaceDetectionMultiplier(input: $input) {\n      __typename\n      ... on WorkspaceDetectionMultiplierPayload { nodesChanged }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n": typeof types.SetWorkspaceDetectionMultiplierDocument,
};
const documents: Documents = {
    "\n  query AlertRouting($slug: String!) {\n    workspace(slug: $slug) {\n      id\n      escalationPolicies {\n        id\n        name\n        position\n        sharedWithCustomers\n        severities\n        families\n        nodeLabels { key value }\n        steps { channelIds delaySeconds }\n        repeat\n        repeatAfterSeconds\n      }\n      maintenanceWindows { id name nodeId startsAt endsAt weekly timeZone }\n    }\n  }\n": types.AlertRoutingDocument,
    "\n  mutation CreateEscalationPolicy($input: CreateEscalationPolicyInput!) {\n    createEscalationPolicy(input: $input) {\n      __typename\n      ... on EscalationPolicyPayload { policy { id name } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n": types.CreateEscalationPolicyDocument,
    "\n  mutation DeleteEscalationPolicy($input: DeleteEscalationPolicyInput!) {\n    deleteEscalationPolicy(input: $input) {\n      __typename\n      ... on DeletedPayload { deletedId }\n      ... on Error { code message }\n    }\n  }\n": types.DeleteEscalationPolicyDocument,
    "\n  mutation CreateMaintenanceWindow($input: CreateMaintenanceWindowInput!) {\n    createMaintenanceWindow(input: $input) {\n      __typename\n      ... on MaintenanceWindowPayload { window { id name } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n": types.CreateMaintenanceWindowDocument,
    "\n  mutation DeleteMaintenanceWindow($input: DeleteMaintenanceWindowInput!) {\n    deleteMaintenanceWindow(input: $input) {\n      __typename\n      ... on DeletedPayload { deletedId }\n      ... on Error { code message }\n    }\n  }\n": types.DeleteMaintenanceWindowDocument,
    "\n  mutation UpdateEscalationPolicy($input: UpdateEscalationPolicyInput!) {\n    updateEscalationPolicy(input: $input) {\n      __typename\n      ... on EscalationPolicyPayload { policy { id name } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n": types.UpdateEscalationPolicyDocument,
    "\n  mutation UpdateMaintenanceWindow($input: UpdateMaintenanceWindowInput!) {\n    updateMaintenanceWindow(input: $input) {\n      __typename\n      ... on MaintenanceWindowPayload { window { id name endsAt } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n": types.UpdateMaintenanceWindowDocument,
    "\n  query IncidentAlertDeliveries($id: ID!) {\n    node(id: $id) {\n      __typename\n      ... on Incident {\n        id\n        alertDeliveries {\n          id\n          channelName\n          channelKind\n          event\n          step\n          status\n          attempts\n          dueAt\n          sentAt\n          lastError\n          log { at attempt outcome httpStatus latencyMs error }\n        }\n      }\n    }\n  }\n": types.IncidentAlertDeliveriesDocument,
    "\n  query AlertsPage($slug: String!) {\n    workspace(slug: $slug) {\n      id\n      viewerRole\n      alertChannels { id name kind enabled sharedWithCustomers settings secrets { field hint } callbackUrl }\n      mailRoute\n      mailServer { host port security username passwordSet fromAddress }\n    }\n  }\n": types.AlertsPageDocument,
    "\n  mutation SetWorkspaceMailServer($input: SetWorkspaceMailServerInput!) {\n    setWorkspaceMailServer(input: $input) {\n      __typename\n      ... on WorkspaceMailServerPayload { workspace { id mailRoute } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n": types.SetWorkspaceMailServerDocument,
    "\n  mutation ClearWorkspaceMailServer($input: ClearWorkspaceMailServerInput!) {\n    clearWorkspaceMailServer(input: $input) {\n      __typename\n      ... on WorkspaceMailServerPayload { workspace { id mailRoute } }\n      ... on Error { code message }\n    }\n  }\n": types.ClearWorkspaceMailServerDocument,
    "\n  mutation CreateAlertChannel($input: CreateAlertChannelInput!) {\n    createAlertChannel(input: $input) {\n      __typename\n      ... on AlertChannelPayload { channel { id name } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n": types.CreateAlertChannelDocument,
    "\n  mutation UpdateAlertChannel($input: UpdateAlertChannelInput!) {\n    updateAlertChannel(input: $input) {\n      __typename\n      ... on AlertChannelPayload { channel { id name enabled } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n": types.UpdateAlertChannelDocument,
    "\n  mutation DeleteAlertChannel($input: DeleteAlertChannelInput!) {\n    deleteAlertChannel(input: $input) {\n      __typename\n      ... on DeleteAlertChannelPayload { deletedChannelId }\n      ... on Error { code message }\n    }\n  }\n": types.DeleteAlertChannelDocument,
    "\n  mutation TestAlertChannel($input: TestAlertChannelInput!) {\n    testAlertChannel(input: $input) {\n      __typename\n      ... on TestAlertChannelPayload { ok httpStatus latencyMs error title }\n      ... on Error { code message }\n    }\n  }\n": types.TestAlertChannelDocument,
    "\n  query RecentDeliveries($workspaceId: ID!) {\n    incidents(workspaceId: $workspaceId, first: 25) {\n      edges {\n        node {\n          id\n          startedAt\n          status\n          node { name }\n          alertDeliveries {\n            id\n            channelName\n            channelKind\n            event\n            step\n            status\n            attempts\n            dueAt\n            sentAt\n            lastError\n            log { at attempt outcome httpStatus latencyMs error }\n          }\n        }\n      }\n    }\n  }\n": types.RecentDeliveriesDocument,
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
    "\n  mutation UploadWorkspaceLogo($input: UploadWorkspaceLogoInput!, $file: File!) {\n    uploadWorkspaceLogo(input: $input, file: $file) {\n      __typename\n      ... on WorkspacePayload { workspace { id branding { logo } } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n": types.UploadWorkspaceLogoDocument,
    "\n  query BrandingLogo($sha256: String!) {\n    brandingLogo(sha256: $sha256) { contentType base64 }\n  }\n": types.BrandingLogoDocument,
    "\n  query Incidents($workspaceId: ID!, $filter: IncidentFilter, $first: Int, $after: String) {\n    incidents(workspaceId: $workspaceId, filter: $filter, first: $first, after: $after) {\n      edges {\n        node {\n          id\n          status\n          severity\n          startedAt\n          endedAt\n          durationSeconds\n          peakPps\n          peakBps\n          triggerMetrics\n          triggerPeaks { metric peak thresholdAtPeak }\n          node { id name }\n          classification { family confidence spoofed botnet }\n        }\n      }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.IncidentsDocument,
    "\n  query IncidentTraffic($nodeId: ID!, $from: DateTime!) {\n    node(id: $nodeId) {\n      ... on MonitoredNode { id traffic(from: $from, resolution: SECOND) { points { ts rxPps rxBps } } }\n    }\n  }\n": types.IncidentTrafficDocument,
    "\n  query IncidentDetail($id: ID!) {\n    node(id: $id) {\n      __typename\n      ... on Incident {\n        id\n        status\n        severity\n        startedAt\n        endedAt\n        lastAttackAt\n        durationSeconds\n        peakPps\n        peakBps\n        triggerMetrics\n        triggerPeaks { metric peak thresholdAtPeak }\n        thresholds\n        acknowledgedAt\n        acknowledgedBy\n        workspace { id slug viewerRole }\n        node { id name }\n        attack { nodeCount }\n        statusPagePath\n        publicUpdates { id status message createdAt editedAt authorName }\n        # Up to 1,000 points (the chart is narrower): each stretch of seconds by its busiest one.\n        timeline(maxPoints: 1000) { ts rxPps rxBps }\n        classification {\n          family\n          detail\n          confidence\n          summary\n          evidence\n          spoofed\n          spoofingScore\n          botnet\n          distinctSources\n          packetsPerSecond\n          bitsPerSecond\n          vectors { family detail confidence packetsShare }\n          topSources { ip country asn asOrg knownBad lists { list category } packets share }\n        }\n        pcap { sizeBytes packets preBufferPackets downloadUrl expiresAt sha256 }\n      }\n    }\n  }\n": types.IncidentDetailDocument,
    "\n  mutation AcknowledgeIncident($input: AcknowledgeIncidentInput!) {\n    acknowledgeIncident(input: $input) {\n      __typename\n      ... on IncidentPayload { incident { id acknowledgedAt } }\n      ... on Error { code message }\n    }\n  }\n": types.AcknowledgeIncidentDocument,
    "\n  subscription IncidentEvents($workspaceId: ID!) {\n    incidentEvents(workspaceId: $workspaceId) { kind incidentId nodeId at }\n  }\n": types.IncidentEventsDocument,
    "\n  mutation PostIncidentUpdate($input: PostIncidentUpdateInput!) {\n    postIncidentUpdate(input: $input) {\n      __typename\n      ... on IncidentUpdatePayload { update { id } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n": types.PostIncidentUpdateDocument,
    "\n  mutation EditIncidentUpdate($input: EditIncidentUpdateInput!) {\n    editIncidentUpdate(input: $input) {\n      __typename\n      ... on IncidentUpdatePayload { update { id editedAt } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n": types.EditIncidentUpdateDocument,
    "\n  mutation DeleteIncidentUpdate($input: DeleteIncidentUpdateInput!) {\n    deleteIncidentUpdate(input: $input) {\n      __typename\n      ... on IncidentUpdatePayload { incident { id } }\n      ... on Error { code message }\n    }\n  }\n": types.DeleteIncidentUpdateDocument,
    "\n  query MitigationPage($slug: String!) {\n    workspace(slug: $slug) {\n      id\n      viewerRole\n    }\n    mitigationActionTypes { type backend title example }\n  }\n": types.MitigationPageDocument,
    "\n  query MitigationRules($workspaceId: ID!) {\n    mitigationRules(workspaceId: $workspaceId) {\n      id\n      name\n      nodeId\n      actionType\n      params\n      trigger\n      minSeverity\n      family\n      ttlSeconds\n      permanent\n      enabled\n      createdAt\n    }\n  }\n": types.MitigationRulesDocument,
    "\n  query MitigationActions($workspaceId: ID!, $filter: MitigationActionFilter) {\n    mitigationActions(workspaceId: $workspaceId, filter: $filter) {\n      id\n      actionType\n      params\n      state\n      permanent\n      expiresAt\n      warnings\n      packets\n      bytes\n      message\n      createdAt\n      appliedAt\n      undoneAt\n      nodeId\n      incidentId\n      ruleId\n      events { kind at packets bytes message commands { argv exitCode stderr } }\n    }\n  }\n": types.MitigationActionsDocument,
    "\n  query PreviewMitigation($input: PreviewMitigationInput!) {\n    previewMitigation(input: $input) {\n      valid\n      issues\n      refused\n      warnings\n      params\n      apply { argv }\n      undo { argv }\n    }\n  }\n": types.PreviewMitigationDocument,
    "\n  query IncidentMitigation($id: ID!) {\n    node(id: $id) {\n      __typename\n      ... on Incident {\n        id\n        mitigationTimeline {\n          kind\n          at\n          actionId\n          packets\n          bytes\n          message\n          commands { argv exitCode stderr }\n        }\n      }\n    }\n  }\n": types.IncidentMitigationDocument,
    "\n  mutation CreateMitigationRule($input: CreateMitigationRuleInput!) {\n    createMitigationRule(input: $input) {\n      __typename\n      ... on MitigationRulePayload { rule { id } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n": types.CreateMitigationRuleDocument,
    "\n  mutation UpdateMitigationRule($input: UpdateMitigationRuleInput!) {\n    updateMitigationRule(input: $input) {\n      __typename\n      ... on MitigationRulePayload { rule { id } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n": types.UpdateMitigationRuleDocument,
    "\n  mutation DeleteMitigationRule($input: DeleteMitigationRuleInput!) {\n    deleteMitigationRule(input: $input) {\n      __typename\n      ... on DeleteMitigationRulePayload { deletedRuleId }\n      ... on Error { code message }\n    }\n  }\n": types.DeleteMitigationRuleDocument,
    "\n  mutation RunMitigation($input: RunMitigationInput!) {\n    runMitigation(input: $input) {\n      __typename\n      ... on MitigationActionPayload { action { id } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n": types.RunMitigationDocument,
    "\n  mutation UndoMitigation($input: UndoMitigationInput!) {\n    undoMitigation(input: $input) {\n      __typename\n      ... on MitigationActionPayload { action { id } }\n      ... on Error { code message }\n    }\n  }\n": types.UndoMitigationDocument,
    "\n  subscription MitigationEvents($workspaceId: ID!) {\n    mitigationEvents(workspaceId: $workspaceId) { kind at nodeId incidentId }\n  }\n": types.MitigationEventsDocument,
    "\n  query MitigationSafelist($workspaceId: ID!) {\n    mitigationSafelist(workspaceId: $workspaceId)\n  }\n": types.MitigationSafelistDocument,
    "\n  mutation SetMitigationSafelist($input: SetMitigationSafelistInput!) {\n    setMitigationSafelist(input: $input) {\n      __typename\n      ... on MitigationSafelistPayload { prefixes }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n": types.SetMitigationSafelistDocument,
    "\n  query NetworkMitigationPage($slug: String!) {\n    workspace(slug: $slug) { id viewerRole }\n  }\n": types.NetworkMitigationPageDocument,
    "\n  query NetworkMitigationState($workspaceId: ID!) {\n    networkMitigation(workspaceId: $workspaceId) {\n      configured\n      policy\n      safelist\n      maxActiveRules\n      announcementsPerMinute\n      speakers { name kind endpoint control tls { caFingerprint caSubject caNotAfter serverName } }\n      providers { name kind settings baseUrl hasCredentials }\n      prefixes { prefix verified note }\n      rules {\n        id\n        level\n        state\n        rule\n        manual\n        incidentIds\n        createdAt\n        announcedAt\n        expiresAt\n        withdrawnAt\n        withdrawReason\n        lastError\n      }\n    }\n  }\n": types.NetworkMitigationStateDocument,
    "\n  query NetworkMitigationLog($workspaceId: ID!) {\n    announced: auditLog(workspaceId: $workspaceId, action: \"mitigation.announce\", first: 50) {\n      edges { node { id action createdAt summary targetId } }\n    }\n    withdrawn: auditLog(workspaceId: $workspaceId, action: \"mitigation.withdraw\", first: 50) {\n      edges { node { id action createdAt summary targetId } }\n    }\n  }\n": types.NetworkMitigationLogDocument,
    "\n  mutation UpdateNetworkMitigation($input: UpdateNetworkMitigationInput!) {\n    updateNetworkMitigation(input: $input) {\n      __typename\n      ... on UpdateNetworkMitigationPayload { networkMitigation { configured } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n": types.UpdateNetworkMitigationDocument,
    "\n  mutation AnnounceMitigation($input: AnnounceMitigationInput!) {\n    announceMitigation(input: $input) {\n      __typename\n      ... on AnnounceMitigationPayload { outcome failures rule { id state rule } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n": types.AnnounceMitigationDocument,
    "\n  mutation WithdrawMitigation($input: WithdrawMitigationInput!) {\n    withdrawMitigation(input: $input) {\n      __typename\n      ... on WithdrawMitigationPayload { failures rule { id state } }\n      ... on Error { code message }\n    }\n  }\n": types.WithdrawMitigationDocument,
    "\n  subscription NetworkMitigationEvents($workspaceId: ID!) {\n    networkMitigationEvents(workspaceId: $workspaceId) { kind ruleId target detail at }\n  }\n": types.NetworkMitigationEventsDocument,
    "\n  query Nodes($slug: String!, $after: String, $search: String) {\n    workspace(slug: $slug) {\n      id\n      nodeCounts { total }\n      nodes(first: 200, after: $after, search: $search) {\n        pageInfo { hasNextPage endCursor }\n        edges {\n          node {\n            id\n            name\n            hostname\n            status\n            lastSeenAt\n            agentVersion\n            detection { state }\n            baseline(metric: PPS) { learning }\n          }\n        }\n      }\n    }\n  }\n": types.NodesDocument,
    "\n  query NodeSparklines($ids: [ID!]!, $from: DateTime!) {\n    nodes(ids: $ids) {\n      ... on MonitoredNode { id traffic(from: $from, resolution: SECOND) { points { ts rxPps } } }\n    }\n  }\n": types.NodeSparklinesDocument,
    "\n  query NodeDetail($id: ID!) {\n    node(id: $id) {\n      __typename\n      ... on MonitoredNode {\n        id\n        name\n        labels { key value }\n        ownedPrefixes\n        hostname\n        interface\n        sampledInterface\n        interfaceProblem\n        interfacePinned\n        status\n        lastSeenAt\n        agentVersion\n        enrolled\n        detectionMultiplier\n        workspace { id slug viewerRole timeZone }\n        detection { state incidentId thresholds { metric threshold elevatedAt source } }\n        baselines { metric avg p95 p99 seasonalP99 samples learning threshold source updatedAt }\n        seasonalWeek(metric: PPS) { hourOfWeek p99 }\n        uptime(days: 30) {\n          uptimePercent\n          attackMinutes\n          days { date uptimePercent onlineMinutes expectedMinutes attackMinutes }\n        }\n      }\n    }\n  }\n": types.NodeDetailDocument,
    "\n  query NodeTraffic($id: ID!, $from: DateTime!, $to: DateTime, $resolution: TrafficResolution) {\n    node(id: $id) {\n      ... on MonitoredNode {\n        id\n        traffic(from: $from, to: $to, resolution: $resolution) {\n          resolution\n          points {\n            ts rxPps rxBps tcpPps udpPps icmpPps otherPps maxPps maxBps attackSeconds\n            synRecv maxSynRecv tcpEstablished tcpTotal\n            syncookiesSent maxSyncookiesSent listenOverflows maxListenOverflows\n          }\n        }\n      }\n    }\n  }\n": types.NodeTrafficDocument,
    "\n  subscription TrafficUpdated($nodeId: ID!) {\n    trafficUpdated(nodeId: $nodeId) {\n      nodeId\n      ts\n      rxPps\n      rxBps\n      tcpPps\n      udpPps\n      icmpPps\n      otherPps\n      synRecv\n      tcpEstablished\n      tcpTotal\n      syncookiesSent\n      listenOverflows\n      detectionState\n    }\n  }\n": types.TrafficUpdatedDocument,
    "\n  subscription NodesTrafficUpdated($nodeIds: [ID!]!) {\n    nodesTrafficUpdated(nodeIds: $nodeIds) { nodeId rxPps detectionState }\n  }\n": types.NodesTrafficUpdatedDocument,
    "\n  subscription NodeStatusChanged($workspaceId: ID!) {\n    nodeStatusChanged(workspaceId: $workspaceId) { nodeId status detectionState at }\n  }\n": types.NodeStatusChangedDocument,
    "\n  subscription NodeEvents($workspaceId: ID!) {\n    nodeEvents(workspaceId: $workspaceId) { kind nodeId name at }\n  }\n": types.NodeEventsDocument,
    "\n  mutation SetNodeThresholds($input: SetNodeThresholdsInput!) {\n    setNodeThresholds(input: $input) {\n      __typename\n      ... on NodePayload { node { id detectionMultiplier } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n": types.SetNodeThresholdsDocument,
    "\n  mutation UpdateNode($input: UpdateNodeInput!) {\n    updateNode(input: $input) {\n      __typename\n      ... on NodePayload { node { id name interface labels { key value } ownedPrefixes } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n": types.UpdateNodeDocument,
    "\n  mutation DeleteNode($input: DeleteNodeInput!) {\n    deleteNode(input: $input) {\n      __typename\n      ... on DeleteNodePayload { deletedNodeId }\n      ... on Error { code message }\n    }\n  }\n": types.DeleteNodeDocument,
    "\n  query NodePickerSearch($workspaceId: ID!, $search: String!, $first: Int!) {\n    node(id: $workspaceId) {\n      ... on Workspace {\n        id\n        nodes(first: $first, search: $search) {\n          pageInfo { hasNextPage }\n          edges { node { id name hostname } }\n        }\n      }\n    }\n  }\n": types.NodePickerSearchDocument,
    "\n  query NodeNamesById($ids: [ID!]!) {\n    nodes(ids: $ids) { ... on MonitoredNode { id name } }\n  }\n": types.NodeNamesByIdDocument,
    "\n  query Viewer {\n    me {\n      id\n      email\n      name\n      memberships { role workspace { id slug name } }\n    }\n  }\n": types.ViewerDocument,
    "\n  mutation Login($input: LoginInput!) {\n    login(input: $input) {\n      __typename\n      ... on SessionPayload { user { id } expiresAt }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n": types.LoginDocument,
    "\n  mutation Signup($input: SignupInput!) {\n    signup(input: $input) {\n      __typename\n      ... on SessionPayload { user { id } expiresAt }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n": types.SignupDocument,
    "\n  mutation Logout { logout }\n": types.LogoutDocument,
    "\n  mutation ChangePassword($input: ChangePasswordInput!) {\n    changePassword(input: $input) {\n      __typename\n      ... on ChangePasswordPayload { otherSessionsEnded user { id } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n": types.ChangePasswordDocument,
    "\n  mutation AcceptInvitation($input: AcceptInvitationInput!) {\n    acceptInvitation(input: $input) {\n      __typename\n      ... on MembershipPayload { membership { id role workspace { id slug name } } }\n      ... on Error { code message }\n    }\n  }\n": types.AcceptInvitationDocument,
    "\n  mutation UpdateProfile($input: UpdateProfileInput!) {\n    updateProfile(input: $input) {\n      __typename\n      ... on UpdateProfilePayload { user { id name } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n": types.UpdateProfileDocument,
    "\n  mutation RequestPasswordReset($input: RequestPasswordResetInput!) {\n    requestPasswordReset(input: $input) {\n      __typename\n      ... on RequestPasswordResetPayload { accepted }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n": types.RequestPasswordResetDocument,
    "\n  mutation ResetPassword($input: ResetPasswordInput!) {\n    resetPassword(input: $input) {\n      __typename\n      ... on ResetPasswordPayload { sessionsEnded }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n": types.ResetPasswordDocument,
    "\n  mutation CreateEnrollmentToken($input: CreateEnrollmentTokenInput!) {\n    createEnrollmentToken(input: $input) {\n      __typename\n      ... on CreateEnrollmentTokenPayload { token enrollmentToken { id expiresAt } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n": types.CreateEnrollmentTokenDocument,
    "\n  query ApiKeys($slug: String!) {\n    workspace(slug: $slug) {\n      id\n      viewerRole\n      apiKeys(first: 100) {\n        edges { node { id name kind prefix scopes createdAt lastUsedAt expiresAt node { name } } }\n      }\n    }\n  }\n": types.ApiKeysDocument,
    "\n  mutation CreateApiKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) {\n      __typename\n      ... on CreateApiKeyPayload { secret apiKey { id prefix } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n": types.CreateApiKeyDocument,
    "\n  mutation RevokeApiKey($input: RevokeApiKeyInput!) {\n    revokeApiKey(input: $input) {\n      __typename\n      ... on ApiKeyPayload { apiKey { id revokedAt } }\n      ... on Error { code message }\n    }\n  }\n": types.RevokeApiKeyDocument,
    "\n  query Members($slug: String!, $withInvitations: Boolean!) {\n    me { id }\n    workspace(slug: $slug) {\n      id\n      viewerRole\n      members(first: 200) { edges { node { id role createdAt user { id name email } } } }\n      pendingInvitations @include(if: $withInvitations) { id email role expiresAt }\n    }\n  }\n": types.MembersDocument,
    "\n  mutation InviteMember($input: InviteMemberInput!) {\n    inviteMember(input: $input) {\n      __typename\n      ... on InviteMemberPayload { token invitation { id email } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n": types.InviteMemberDocument,
    "\n  mutation ChangeMemberRole($input: ChangeMemberRoleInput!) {\n    changeMemberRole(input: $input) {\n      __typename\n      ... on MembershipPayload { membership { id role } }\n      ... on Error { code message }\n    }\n  }\n": types.ChangeMemberRoleDocument,
    "\n  mutation RemoveMember($input: RemoveMemberInput!) {\n    removeMember(input: $input) {\n      __typename\n      ... on RemoveMemberPayload { removedMembershipId }\n      ... on Error { code message }\n    }\n  }\n": types.RemoveMemberDocument,
    "\n  query AuditLog($workspaceId: ID!, $first: Int, $after: String, $action: String) {\n    auditLog(workspaceId: $workspaceId, first: $first, after: $after, action: $action) {\n      edges { node { id seq action createdAt ip targetType targetId hash actor { type label } } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.AuditLogDocument,
    "\n  query VerifyAuditChain($workspaceId: ID!) {\n    verifyAuditChain(workspaceId: $workspaceId) {\n      valid\n      entriesChecked\n      firstBrokenLink { seq reason entryId }\n    }\n  }\n": types.VerifyAuditChainDocument,
    "\n  query PublicStatusPage($slug: String!, $access: String, $feedToken: String) {\n    statusPage(slug: $slug, access: $access, feedToken: $feedToken) {\n      slug\n      title\n      description\n      subscribable\n      passwordProtected\n      banner\n      generatedAt\n      nodes { name state uptimePercent days { day uptimePercent incidents } }\n      notices { startsAt endsAt message active postedAt }\n      incidents {\n        ref nodeName family peakPps peakBps startedAt endedAt durationSeconds\n        updates { kind at status message editedAt }\n      }\n    }\n    statusPageLock(slug: $slug) { slug title }\n  }\n": types.PublicStatusPageDocument,
    "\n  query PublicStatusIncident($slug: String!, $ref: String!, $access: String) {\n    statusPageLock(slug: $slug) { slug title }\n    statusPageIncident(slug: $slug, ref: $ref, access: $access) {\n      slug\n      title\n      incident { ref nodeName family peakPps peakBps startedAt endedAt durationSeconds }\n      updates { kind at status message editedAt }\n    }\n  }\n": types.PublicStatusIncidentDocument,
    "\n  mutation UnlockStatusPage($input: UnlockStatusPageInput!) {\n    unlockStatusPage(input: $input) {\n      __typename\n      ... on UnlockStatusPagePayload { access expiresAt }\n      ... on Error { code message }\n    }\n  }\n": types.UnlockStatusPageDocument,
    "\n  query StatusPageSettings($slug: String!) {\n    workspace(slug: $slug) {\n      id\n      slug\n      viewerRole\n      statusPage {\n        enabled public title description path passwordProtected\n        allowSubscriptions subscriberCount subscriptionMailAvailable\n        nodes { nodeId displayName position }\n        notices { id startsAt endsAt message }\n      }\n    }\n  }\n": types.StatusPageSettingsDocument,
    "\n  mutation UpdateStatusPage($input: UpdateStatusPageInput!) {\n    updateStatusPage(input: $input) {\n      __typename\n      ... on StatusPagePayload { statusPage { enabled public path } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n": types.UpdateStatusPageDocument,
    "\n  mutation AddStatusPageNotice($input: AddStatusPageNoticeInput!) {\n    addStatusPageNotice(input: $input) {\n      __typename\n      ... on StatusPagePayload { statusPage { path } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n": types.AddStatusPageNoticeDocument,
    "\n  mutation DeleteStatusPageNotice($input: DeleteStatusPageNoticeInput!) {\n    deleteStatusPageNotice(input: $input) {\n      __typename\n      ... on StatusPagePayload { statusPage { path } }\n      ... on Error { code message }\n    }\n  }\n": types.DeleteStatusPageNoticeDocument,
    "\n  query StatusPageFeedToken($slug: String!) {\n    workspace(slug: $slug) { statusPage { feedToken } }\n  }\n": types.StatusPageFeedTokenDocument,
    "\n  mutation RenewStatusPageFeedToken($input: RenewStatusPageFeedTokenInput!) {\n    renewStatusPageFeedToken(input: $input) {\n      __typename\n      ... on StatusPagePayload { statusPage { feedToken } }\n      ... on Error { code message }\n    }\n  }\n": types.RenewStatusPageFeedTokenDocument,
    "\n  query StatusPageSubscribers($slug: String!, $after: String) {\n    workspace(slug: $slug) {\n      statusPage {\n        subscribers(first: 50, after: $after) {\n          nodes { id email confirmed createdAt confirmedAt wholePage nodes }\n          endCursor\n          hasNextPage\n        }\n      }\n    }\n  }\n": types.StatusPageSubscribersDocument,
    "\n  mutation RemoveStatusPageSubscriber($input: RemoveStatusPageSubscriberInput!) {\n    removeStatusPageSubscriber(input: $input) {\n      __typename\n      ... on StatusPagePayload { statusPage { subscriberCount } }\n      ... on Error { code message }\n    }\n  }\n": types.RemoveStatusPageSubscriberDocument,
    "\n  mutation SubscribeToStatusPage($input: SubscribeToStatusPageInput!) {\n    subscribeToStatusPage(input: $input) {\n      __typename\n      ... on SubscribeToStatusPagePayload { accepted }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n": types.SubscribeToStatusPageDocument,
    "\n  mutation ConfirmStatusPageSubscription($input: ConfirmStatusPageSubscriptionInput!) {\n    confirmStatusPageSubscription(input: $input) {\n      __typename\n      ... on ConfirmStatusPageSubscriptionPayload { slug }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n": types.ConfirmStatusPageSubscriptionDocument,
    "\n  mutation UnsubscribeFromStatusPage($input: UnsubscribeFromStatusPageInput!) {\n    unsubscribeFromStatusPage(input: $input) {\n      __typename\n      ... on UnsubscribeFromStatusPagePayload { unsubscribed }\n      ... on Error { code message }\n    }\n  }\n": types.UnsubscribeFromStatusPageDocument,
    "\n  query WorkspaceShell($slug: String!) {\n    me { id name email }\n    workspace(slug: $slug) {\n      id\n      slug\n      name\n      viewerRole\n      parent { slug name }\n      children(first: 1) { edges { node { id } } }\n    }\n    workspaces(first: 100) { edges { node { id slug name parent { id } } } }\n  }\n": types.WorkspaceShellDocument,
    "\n  query NewWorkspaceParents($after: String) {\n    workspaces(first: 100, after: $after) {\n      edges { node { id name viewerRole } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.NewWorkspaceParentsDocument,
    "\n  query CustomerWorkspaces($slug: String!, $after: String) {\n    workspace(slug: $slug) {\n      id\n      children(first: 50, after: $after) {\n        totalCount\n        pageInfo { hasNextPage endCursor }\n        edges {\n          node {\n            id\n            slug\n            name\n            nodeCounts { total online offline pending elevated underAttack }\n          }\n        }\n      }\n    }\n  }\n": types.CustomerWorkspacesDocument,
    "\n  subscription CustomerNodesChanged($workspaceIds: [ID!]!) {\n    workspaceNodesChanged(workspaceIds: $workspaceIds) { workspaceId nodeId at }\n  }\n": types.CustomerNodesChangedDocument,
    "\n  query OverviewAnalytics($workspaceId: ID!, $since: DateTime!) {\n    workspaceAnalytics(workspaceId: $workspaceId, since: $since) {\n      nodes\n      onlineNodes\n      nodesUnderAttack\n      openIncidents\n      incidents\n      peakPps\n      peakBps\n      attackMinutes\n    }\n  }\n": types.OverviewAnalyticsDocument,
    "\n  mutation CreateWorkspace($input: CreateWorkspaceInput!) {\n    createWorkspace(input: $input) {\n      __typename\n      ... on WorkspacePayload { workspace { id slug } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n": types.CreateWorkspaceDocument,
    "\n  query WorkspaceSettings($slug: String!) {\n    workspace(slug: $slug) {\n      id name slug evidenceRetentionDays timeZone viewerRole\n      detectionMultipliers { multiplier nodeCount }\n      defaultDetectionMultiplier\n    }\n  }\n": types.WorkspaceSettingsDocument,
    "\n  mutation UpdateWorkspace($input: UpdateWorkspaceInput!) {\n    updateWorkspace(input: $input) {\n      __typename\n      ... on WorkspacePayload { workspace { id name evidenceRetentionDays timeZone } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n": types.UpdateWorkspaceDocument,
    "\n  mutation SetWorkspaceDetectionMultiplier($input: SetWorkspaceDetectionMultiplierInput!) {\n    setWorkspaceDetectionMultiplier(input: $input) {\n      __typename\n      ... on WorkspaceDetectionMultiplierPayload { nodesChanged }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n": types.SetWorkspaceDetectionMultiplierDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AlertRouting($slug: String!) {\n    workspace(slug: $slug) {\n      id\n      escalationPolicies {\n        id\n        name\n        position\n        sharedWithCustomers\n        severities\n        families\n        nodeLabels { key value }\n        steps { channelIds delaySeconds }\n        repeat\n        repeatAfterSeconds\n      }\n      maintenanceWindows { id name nodeId startsAt endsAt weekly timeZone }\n    }\n  }\n"): typeof import('./graphql').AlertRoutingDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateEscalationPolicy($input: CreateEscalationPolicyInput!) {\n    createEscalationPolicy(input: $input) {\n      __typename\n      ... on EscalationPolicyPayload { policy { id name } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n"): typeof import('./graphql').CreateEscalationPolicyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteEscalationPolicy($input: DeleteEscalationPolicyInput!) {\n    deleteEscalationPolicy(input: $input) {\n      __typename\n      ... on DeletedPayload { deletedId }\n      ... on Error { code message }\n    }\n  }\n"): typeof import('./graphql').DeleteEscalationPolicyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateMaintenanceWindow($input: CreateMaintenanceWindowInput!) {\n    createMaintenanceWindow(input: $input) {\n      __typename\n      ... on MaintenanceWindowPayload { window { id name } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n"): typeof import('./graphql').CreateMaintenanceWindowDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteMaintenanceWindow($input: DeleteMaintenanceWindowInput!) {\n    deleteMaintenanceWindow(input: $input) {\n      __typename\n      ... on DeletedPayload { deletedId }\n      ... on Error { code message }\n    }\n  }\n"): typeof import('./graphql').DeleteMaintenanceWindowDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateEscalationPolicy($input: UpdateEscalationPolicyInput!) {\n    updateEscalationPolicy(input: $input) {\n      __typename\n      ... on EscalationPolicyPayload { policy { id name } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n"): typeof import('./graphql').UpdateEscalationPolicyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateMaintenanceWindow($input: UpdateMaintenanceWindowInput!) {\n    updateMaintenanceWindow(input: $input) {\n      __typename\n      ... on MaintenanceWindowPayload { window { id name endsAt } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n"): typeof import('./graphql').UpdateMaintenanceWindowDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query IncidentAlertDeliveries($id: ID!) {\n    node(id: $id) {\n      __typename\n      ... on Incident {\n        id\n        alertDeliveries {\n          id\n          channelName\n          channelKind\n          event\n          step\n          status\n          attempts\n          dueAt\n          sentAt\n          lastError\n          log { at attempt outcome httpStatus latencyMs error }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').IncidentAlertDeliveriesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AlertsPage($slug: String!) {\n    workspace(slug: $slug) {\n      id\n      viewerRole\n      alertChannels { id name kind enabled sharedWithCustomers settings secrets { field hint } callbackUrl }\n      mailRoute\n      mailServer { host port security username passwordSet fromAddress }\n    }\n  }\n"): typeof import('./graphql').AlertsPageDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetWorkspaceMailServer($input: SetWorkspaceMailServerInput!) {\n    setWorkspaceMailServer(input: $input) {\n      __typename\n      ... on WorkspaceMailServerPayload { workspace { id mailRoute } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n"): typeof import('./graphql').SetWorkspaceMailServerDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ClearWorkspaceMailServer($input: ClearWorkspaceMailServerInput!) {\n    clearWorkspaceMailServer(input: $input) {\n      __typename\n      ... on WorkspaceMailServerPayload { workspace { id mailRoute } }\n      ... on Error { code message }\n    }\n  }\n"): typeof import('./graphql').ClearWorkspaceMailServerDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateAlertChannel($input: CreateAlertChannelInput!) {\n    createAlertChannel(input: $input) {\n      __typename\n      ... on AlertChannelPayload { channel { id name } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n"): typeof import('./graphql').CreateAlertChannelDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateAlertChannel($input: UpdateAlertChannelInput!) {\n    updateAlertChannel(input: $input) {\n      __typename\n      ... on AlertChannelPayload { channel { id name enabled } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n"): typeof import('./graphql').UpdateAlertChannelDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteAlertChannel($input: DeleteAlertChannelInput!) {\n    deleteAlertChannel(input: $input) {\n      __typename\n      ... on DeleteAlertChannelPayload { deletedChannelId }\n      ... on Error { code message }\n    }\n  }\n"): typeof import('./graphql').DeleteAlertChannelDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TestAlertChannel($input: TestAlertChannelInput!) {\n    testAlertChannel(input: $input) {\n      __typename\n      ... on TestAlertChannelPayload { ok httpStatus latencyMs error title }\n      ... on Error { code message }\n    }\n  }\n"): typeof import('./graphql').TestAlertChannelDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RecentDeliveries($workspaceId: ID!) {\n    incidents(workspaceId: $workspaceId, first: 25) {\n      edges {\n        node {\n          id\n          startedAt\n          status\n          node { name }\n          alertDeliveries {\n            id\n            channelName\n            channelKind\n            event\n            step\n            status\n            attempts\n            dueAt\n            sentAt\n            lastError\n            log { at attempt outcome httpStatus latencyMs error }\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').RecentDeliveriesDocument;
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
export function graphql(source: "\n  mutation UploadWorkspaceLogo($input: UploadWorkspaceLogoInput!, $file: File!) {\n    uploadWorkspaceLogo(input: $input, file: $file) {\n      __typename\n      ... on WorkspacePayload { workspace { id branding { logo } } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n"): typeof import('./graphql').UploadWorkspaceLogoDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BrandingLogo($sha256: String!) {\n    brandingLogo(sha256: $sha256) { contentType base64 }\n  }\n"): typeof import('./graphql').BrandingLogoDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Incidents($workspaceId: ID!, $filter: IncidentFilter, $first: Int, $after: String) {\n    incidents(workspaceId: $workspaceId, filter: $filter, first: $first, after: $after) {\n      edges {\n        node {\n          id\n          status\n          severity\n          startedAt\n          endedAt\n          durationSeconds\n          peakPps\n          peakBps\n          triggerMetrics\n          triggerPeaks { metric peak thresholdAtPeak }\n          node { id name }\n          classification { family confidence spoofed botnet }\n        }\n      }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"): typeof import('./graphql').IncidentsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query IncidentTraffic($nodeId: ID!, $from: DateTime!) {\n    node(id: $nodeId) {\n      ... on MonitoredNode { id traffic(from: $from, resolution: SECOND) { points { ts rxPps rxBps } } }\n    }\n  }\n"): typeof import('./graphql').IncidentTrafficDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query IncidentDetail($id: ID!) {\n    node(id: $id) {\n      __typename\n      ... on Incident {\n        id\n        status\n        severity\n        startedAt\n        endedAt\n        lastAttackAt\n        durationSeconds\n        peakPps\n        peakBps\n        triggerMetrics\n        triggerPeaks { metric peak thresholdAtPeak }\n        thresholds\n        acknowledgedAt\n        acknowledgedBy\n        workspace { id slug viewerRole }\n        node { id name }\n        attack { nodeCount }\n        statusPagePath\n        publicUpdates { id status message createdAt editedAt authorName }\n        # Up to 1,000 points (the chart is narrower): each stretch of seconds by its busiest one.\n        timeline(maxPoints: 1000) { ts rxPps rxBps }\n        classification {\n          family\n          detail\n          confidence\n          summary\n          evidence\n          spoofed\n          spoofingScore\n          botnet\n          distinctSources\n          packetsPerSecond\n          bitsPerSecond\n          vectors { family detail confidence packetsShare }\n          topSources { ip country asn asOrg knownBad lists { list category } packets share }\n        }\n        pcap { sizeBytes packets preBufferPackets downloadUrl expiresAt sha256 }\n      }\n    }\n  }\n"): typeof import('./graphql').IncidentDetailDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AcknowledgeIncident($input: AcknowledgeIncidentInput!) {\n    acknowledgeIncident(input: $input) {\n      __typename\n      ... on IncidentPayload { incident { id acknowledgedAt } }\n      ... on Error { code message }\n    }\n  }\n"): typeof import('./graphql').AcknowledgeIncidentDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription IncidentEvents($workspaceId: ID!) {\n    incidentEvents(workspaceId: $workspaceId) { kind incidentId nodeId at }\n  }\n"): typeof import('./graphql').IncidentEventsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PostIncidentUpdate($input: PostIncidentUpdateInput!) {\n    postIncidentUpdate(input: $input) {\n      __typename\n      ... on IncidentUpdatePayload { update { id } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n"): typeof import('./graphql').PostIncidentUpdateDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation EditIncidentUpdate($input: EditIncidentUpdateInput!) {\n    editIncidentUpdate(input: $input) {\n      __typename\n      ... on IncidentUpdatePayload { update { id editedAt } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n"): typeof import('./graphql').EditIncidentUpdateDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteIncidentUpdate($input: DeleteIncidentUpdateInput!) {\n    deleteIncidentUpdate(input: $input) {\n      __typename\n      ... on IncidentUpdatePayload { incident { id } }\n      ... on Error { code message }\n    }\n  }\n"): typeof import('./graphql').DeleteIncidentUpdateDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MitigationPage($slug: String!) {\n    workspace(slug: $slug) {\n      id\n      viewerRole\n    }\n    mitigationActionTypes { type backend title example }\n  }\n"): typeof import('./graphql').MitigationPageDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MitigationRules($workspaceId: ID!) {\n    mitigationRules(workspaceId: $workspaceId) {\n      id\n      name\n      nodeId\n      actionType\n      params\n      trigger\n      minSeverity\n      family\n      ttlSeconds\n      permanent\n      enabled\n      createdAt\n    }\n  }\n"): typeof import('./graphql').MitigationRulesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MitigationActions($workspaceId: ID!, $filter: MitigationActionFilter) {\n    mitigationActions(workspaceId: $workspaceId, filter: $filter) {\n      id\n      actionType\n      params\n      state\n      permanent\n      expiresAt\n      warnings\n      packets\n      bytes\n      message\n      createdAt\n      appliedAt\n      undoneAt\n      nodeId\n      incidentId\n      ruleId\n      events { kind at packets bytes message commands { argv exitCode stderr } }\n    }\n  }\n"): typeof import('./graphql').MitigationActionsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PreviewMitigation($input: PreviewMitigationInput!) {\n    previewMitigation(input: $input) {\n      valid\n      issues\n      refused\n      warnings\n      params\n      apply { argv }\n      undo { argv }\n    }\n  }\n"): typeof import('./graphql').PreviewMitigationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query IncidentMitigation($id: ID!) {\n    node(id: $id) {\n      __typename\n      ... on Incident {\n        id\n        mitigationTimeline {\n          kind\n          at\n          actionId\n          packets\n          bytes\n          message\n          commands { argv exitCode stderr }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').IncidentMitigationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateMitigationRule($input: CreateMitigationRuleInput!) {\n    createMitigationRule(input: $input) {\n      __typename\n      ... on MitigationRulePayload { rule { id } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n"): typeof import('./graphql').CreateMitigationRuleDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateMitigationRule($input: UpdateMitigationRuleInput!) {\n    updateMitigationRule(input: $input) {\n      __typename\n      ... on MitigationRulePayload { rule { id } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n"): typeof import('./graphql').UpdateMitigationRuleDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteMitigationRule($input: DeleteMitigationRuleInput!) {\n    deleteMitigationRule(input: $input) {\n      __typename\n      ... on DeleteMitigationRulePayload { deletedRuleId }\n      ... on Error { code message }\n    }\n  }\n"): typeof import('./graphql').DeleteMitigationRuleDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RunMitigation($input: RunMitigationInput!) {\n    runMitigation(input: $input) {\n      __typename\n      ... on MitigationActionPayload { action { id } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n"): typeof import('./graphql').RunMitigationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UndoMitigation($input: UndoMitigationInput!) {\n    undoMitigation(input: $input) {\n      __typename\n      ... on MitigationActionPayload { action { id } }\n      ... on Error { code message }\n    }\n  }\n"): typeof import('./graphql').UndoMitigationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription MitigationEvents($workspaceId: ID!) {\n    mitigationEvents(workspaceId: $workspaceId) { kind at nodeId incidentId }\n  }\n"): typeof import('./graphql').MitigationEventsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MitigationSafelist($workspaceId: ID!) {\n    mitigationSafelist(workspaceId: $workspaceId)\n  }\n"): typeof import('./graphql').MitigationSafelistDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetMitigationSafelist($input: SetMitigationSafelistInput!) {\n    setMitigationSafelist(input: $input) {\n      __typename\n      ... on MitigationSafelistPayload { prefixes }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n"): typeof import('./graphql').SetMitigationSafelistDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query NetworkMitigationPage($slug: String!) {\n    workspace(slug: $slug) { id viewerRole }\n  }\n"): typeof import('./graphql').NetworkMitigationPageDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query NetworkMitigationState($workspaceId: ID!) {\n    networkMitigation(workspaceId: $workspaceId) {\n      configured\n      policy\n      safelist\n      maxActiveRules\n      announcementsPerMinute\n      speakers { name kind endpoint control tls { caFingerprint caSubject caNotAfter serverName } }\n      providers { name kind settings baseUrl hasCredentials }\n      prefixes { prefix verified note }\n      rules {\n        id\n        level\n        state\n        rule\n        manual\n        incidentIds\n        createdAt\n        announcedAt\n        expiresAt\n        withdrawnAt\n        withdrawReason\n        lastError\n      }\n    }\n  }\n"): typeof import('./graphql').NetworkMitigationStateDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query NetworkMitigationLog($workspaceId: ID!) {\n    announced: auditLog(workspaceId: $workspaceId, action: \"mitigation.announce\", first: 50) {\n      edges { node { id action createdAt summary targetId } }\n    }\n    withdrawn: auditLog(workspaceId: $workspaceId, action: \"mitigation.withdraw\", first: 50) {\n      edges { node { id action createdAt summary targetId } }\n    }\n  }\n"): typeof import('./graphql').NetworkMitigationLogDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateNetworkMitigation($input: UpdateNetworkMitigationInput!) {\n    updateNetworkMitigation(input: $input) {\n      __typename\n      ... on UpdateNetworkMitigationPayload { networkMitigation { configured } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n"): typeof import('./graphql').UpdateNetworkMitigationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AnnounceMitigation($input: AnnounceMitigationInput!) {\n    announceMitigation(input: $input) {\n      __typename\n      ... on AnnounceMitigationPayload { outcome failures rule { id state rule } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n"): typeof import('./graphql').AnnounceMitigationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation WithdrawMitigation($input: WithdrawMitigationInput!) {\n    withdrawMitigation(input: $input) {\n      __typename\n      ... on WithdrawMitigationPayload { failures rule { id state } }\n      ... on Error { code message }\n    }\n  }\n"): typeof import('./graphql').WithdrawMitigationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription NetworkMitigationEvents($workspaceId: ID!) {\n    networkMitigationEvents(workspaceId: $workspaceId) { kind ruleId target detail at }\n  }\n"): typeof import('./graphql').NetworkMitigationEventsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Nodes($slug: String!, $after: String, $search: String) {\n    workspace(slug: $slug) {\n      id\n      nodeCounts { total }\n      nodes(first: 200, after: $after, search: $search) {\n        pageInfo { hasNextPage endCursor }\n        edges {\n          node {\n            id\n            name\n            hostname\n            status\n            lastSeenAt\n            agentVersion\n            detection { state }\n            baseline(metric: PPS) { learning }\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').NodesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query NodeSparklines($ids: [ID!]!, $from: DateTime!) {\n    nodes(ids: $ids) {\n      ... on MonitoredNode { id traffic(from: $from, resolution: SECOND) { points { ts rxPps } } }\n    }\n  }\n"): typeof import('./graphql').NodeSparklinesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query NodeDetail($id: ID!) {\n    node(id: $id) {\n      __typename\n      ... on MonitoredNode {\n        id\n        name\n        labels { key value }\n        ownedPrefixes\n        hostname\n        interface\n        sampledInterface\n        interfaceProblem\n        interfacePinned\n        status\n        lastSeenAt\n        agentVersion\n        enrolled\n        detectionMultiplier\n        workspace { id slug viewerRole timeZone }\n        detection { state incidentId thresholds { metric threshold elevatedAt source } }\n        baselines { metric avg p95 p99 seasonalP99 samples learning threshold source updatedAt }\n        seasonalWeek(metric: PPS) { hourOfWeek p99 }\n        uptime(days: 30) {\n          uptimePercent\n          attackMinutes\n          days { date uptimePercent onlineMinutes expectedMinutes attackMinutes }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').NodeDetailDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query NodeTraffic($id: ID!, $from: DateTime!, $to: DateTime, $resolution: TrafficResolution) {\n    node(id: $id) {\n      ... on MonitoredNode {\n        id\n        traffic(from: $from, to: $to, resolution: $resolution) {\n          resolution\n          points {\n            ts rxPps rxBps tcpPps udpPps icmpPps otherPps maxPps maxBps attackSeconds\n            synRecv maxSynRecv tcpEstablished tcpTotal\n            syncookiesSent maxSyncookiesSent listenOverflows maxListenOverflows\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').NodeTrafficDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription TrafficUpdated($nodeId: ID!) {\n    trafficUpdated(nodeId: $nodeId) {\n      nodeId\n      ts\n      rxPps\n      rxBps\n      tcpPps\n      udpPps\n      icmpPps\n      otherPps\n      synRecv\n      tcpEstablished\n      tcpTotal\n      syncookiesSent\n      listenOverflows\n      detectionState\n    }\n  }\n"): typeof import('./graphql').TrafficUpdatedDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription NodesTrafficUpdated($nodeIds: [ID!]!) {\n    nodesTrafficUpdated(nodeIds: $nodeIds) { nodeId rxPps detectionState }\n  }\n"): typeof import('./graphql').NodesTrafficUpdatedDocument;
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
export function graphql(source: "\n  mutation UpdateNode($input: UpdateNodeInput!) {\n    updateNode(input: $input) {\n      __typename\n      ... on NodePayload { node { id name interface labels { key value } ownedPrefixes } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n"): typeof import('./graphql').UpdateNodeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteNode($input: DeleteNodeInput!) {\n    deleteNode(input: $input) {\n      __typename\n      ... on DeleteNodePayload { deletedNodeId }\n      ... on Error { code message }\n    }\n  }\n"): typeof import('./graphql').DeleteNodeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query NodePickerSearch($workspaceId: ID!, $search: String!, $first: Int!) {\n    node(id: $workspaceId) {\n      ... on Workspace {\n        id\n        nodes(first: $first, search: $search) {\n          pageInfo { hasNextPage }\n          edges { node { id name hostname } }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').NodePickerSearchDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query NodeNamesById($ids: [ID!]!) {\n    nodes(ids: $ids) { ... on MonitoredNode { id name } }\n  }\n"): typeof import('./graphql').NodeNamesByIdDocument;
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
export function graphql(source: "\n  mutation ChangePassword($input: ChangePasswordInput!) {\n    changePassword(input: $input) {\n      __typename\n      ... on ChangePasswordPayload { otherSessionsEnded user { id } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n"): typeof import('./graphql').ChangePasswordDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AcceptInvitation($input: AcceptInvitationInput!) {\n    acceptInvitation(input: $input) {\n      __typename\n      ... on MembershipPayload { membership { id role workspace { id slug name } } }\n      ... on Error { code message }\n    }\n  }\n"): typeof import('./graphql').AcceptInvitationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateProfile($input: UpdateProfileInput!) {\n    updateProfile(input: $input) {\n      __typename\n      ... on UpdateProfilePayload { user { id name } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n"): typeof import('./graphql').UpdateProfileDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RequestPasswordReset($input: RequestPasswordResetInput!) {\n    requestPasswordReset(input: $input) {\n      __typename\n      ... on RequestPasswordResetPayload { accepted }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n"): typeof import('./graphql').RequestPasswordResetDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResetPassword($input: ResetPasswordInput!) {\n    resetPassword(input: $input) {\n      __typename\n      ... on ResetPasswordPayload { sessionsEnded }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n"): typeof import('./graphql').ResetPasswordDocument;
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
export function graphql(source: "\n  query Members($slug: String!, $withInvitations: Boolean!) {\n    me { id }\n    workspace(slug: $slug) {\n      id\n      viewerRole\n      members(first: 200) { edges { node { id role createdAt user { id name email } } } }\n      pendingInvitations @include(if: $withInvitations) { id email role expiresAt }\n    }\n  }\n"): typeof import('./graphql').MembersDocument;
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
export function graphql(source: "\n  query PublicStatusPage($slug: String!, $access: String, $feedToken: String) {\n    statusPage(slug: $slug, access: $access, feedToken: $feedToken) {\n      slug\n      title\n      description\n      subscribable\n      passwordProtected\n      banner\n      generatedAt\n      nodes { name state uptimePercent days { day uptimePercent incidents } }\n      notices { startsAt endsAt message active postedAt }\n      incidents {\n        ref nodeName family peakPps peakBps startedAt endedAt durationSeconds\n        updates { kind at status message editedAt }\n      }\n    }\n    statusPageLock(slug: $slug) { slug title }\n  }\n"): typeof import('./graphql').PublicStatusPageDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PublicStatusIncident($slug: String!, $ref: String!, $access: String) {\n    statusPageLock(slug: $slug) { slug title }\n    statusPageIncident(slug: $slug, ref: $ref, access: $access) {\n      slug\n      title\n      incident { ref nodeName family peakPps peakBps startedAt endedAt durationSeconds }\n      updates { kind at status message editedAt }\n    }\n  }\n"): typeof import('./graphql').PublicStatusIncidentDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UnlockStatusPage($input: UnlockStatusPageInput!) {\n    unlockStatusPage(input: $input) {\n      __typename\n      ... on UnlockStatusPagePayload { access expiresAt }\n      ... on Error { code message }\n    }\n  }\n"): typeof import('./graphql').UnlockStatusPageDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StatusPageSettings($slug: String!) {\n    workspace(slug: $slug) {\n      id\n      slug\n      viewerRole\n      statusPage {\n        enabled public title description path passwordProtected\n        allowSubscriptions subscriberCount subscriptionMailAvailable\n        nodes { nodeId displayName position }\n        notices { id startsAt endsAt message }\n      }\n    }\n  }\n"): typeof import('./graphql').StatusPageSettingsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateStatusPage($input: UpdateStatusPageInput!) {\n    updateStatusPage(input: $input) {\n      __typename\n      ... on StatusPagePayload { statusPage { enabled public path } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n"): typeof import('./graphql').UpdateStatusPageDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddStatusPageNotice($input: AddStatusPageNoticeInput!) {\n    addStatusPageNotice(input: $input) {\n      __typename\n      ... on StatusPagePayload { statusPage { path } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n"): typeof import('./graphql').AddStatusPageNoticeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteStatusPageNotice($input: DeleteStatusPageNoticeInput!) {\n    deleteStatusPageNotice(input: $input) {\n      __typename\n      ... on StatusPagePayload { statusPage { path } }\n      ... on Error { code message }\n    }\n  }\n"): typeof import('./graphql').DeleteStatusPageNoticeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StatusPageFeedToken($slug: String!) {\n    workspace(slug: $slug) { statusPage { feedToken } }\n  }\n"): typeof import('./graphql').StatusPageFeedTokenDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RenewStatusPageFeedToken($input: RenewStatusPageFeedTokenInput!) {\n    renewStatusPageFeedToken(input: $input) {\n      __typename\n      ... on StatusPagePayload { statusPage { feedToken } }\n      ... on Error { code message }\n    }\n  }\n"): typeof import('./graphql').RenewStatusPageFeedTokenDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StatusPageSubscribers($slug: String!, $after: String) {\n    workspace(slug: $slug) {\n      statusPage {\n        subscribers(first: 50, after: $after) {\n          nodes { id email confirmed createdAt confirmedAt wholePage nodes }\n          endCursor\n          hasNextPage\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').StatusPageSubscribersDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RemoveStatusPageSubscriber($input: RemoveStatusPageSubscriberInput!) {\n    removeStatusPageSubscriber(input: $input) {\n      __typename\n      ... on StatusPagePayload { statusPage { subscriberCount } }\n      ... on Error { code message }\n    }\n  }\n"): typeof import('./graphql').RemoveStatusPageSubscriberDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SubscribeToStatusPage($input: SubscribeToStatusPageInput!) {\n    subscribeToStatusPage(input: $input) {\n      __typename\n      ... on SubscribeToStatusPagePayload { accepted }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n"): typeof import('./graphql').SubscribeToStatusPageDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConfirmStatusPageSubscription($input: ConfirmStatusPageSubscriptionInput!) {\n    confirmStatusPageSubscription(input: $input) {\n      __typename\n      ... on ConfirmStatusPageSubscriptionPayload { slug }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n"): typeof import('./graphql').ConfirmStatusPageSubscriptionDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UnsubscribeFromStatusPage($input: UnsubscribeFromStatusPageInput!) {\n    unsubscribeFromStatusPage(input: $input) {\n      __typename\n      ... on UnsubscribeFromStatusPagePayload { unsubscribed }\n      ... on Error { code message }\n    }\n  }\n"): typeof import('./graphql').UnsubscribeFromStatusPageDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WorkspaceShell($slug: String!) {\n    me { id name email }\n    workspace(slug: $slug) {\n      id\n      slug\n      name\n      viewerRole\n      parent { slug name }\n      children(first: 1) { edges { node { id } } }\n    }\n    workspaces(first: 100) { edges { node { id slug name parent { id } } } }\n  }\n"): typeof import('./graphql').WorkspaceShellDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query NewWorkspaceParents($after: String) {\n    workspaces(first: 100, after: $after) {\n      edges { node { id name viewerRole } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"): typeof import('./graphql').NewWorkspaceParentsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CustomerWorkspaces($slug: String!, $after: String) {\n    workspace(slug: $slug) {\n      id\n      children(first: 50, after: $after) {\n        totalCount\n        pageInfo { hasNextPage endCursor }\n        edges {\n          node {\n            id\n            slug\n            name\n            nodeCounts { total online offline pending elevated underAttack }\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').CustomerWorkspacesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription CustomerNodesChanged($workspaceIds: [ID!]!) {\n    workspaceNodesChanged(workspaceIds: $workspaceIds) { workspaceId nodeId at }\n  }\n"): typeof import('./graphql').CustomerNodesChangedDocument;
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
export function graphql(source: "\n  query WorkspaceSettings($slug: String!) {\n    workspace(slug: $slug) {\n      id name slug evidenceRetentionDays timeZone viewerRole\n      detectionMultipliers { multiplier nodeCount }\n      defaultDetectionMultiplier\n    }\n  }\n"): typeof import('./graphql').WorkspaceSettingsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateWorkspace($input: UpdateWorkspaceInput!) {\n    updateWorkspace(input: $input) {\n      __typename\n      ... on WorkspacePayload { workspace { id name evidenceRetentionDays timeZone } }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n"): typeof import('./graphql').UpdateWorkspaceDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetWorkspaceDetectionMultiplier($input: SetWorkspaceDetectionMultiplierInput!) {\n    setWorkspaceDetectionMultiplier(input: $input) {\n      __typename\n      ... on WorkspaceDetectionMultiplierPayload { nodesChanged }\n      ... on Error { code message }\n      ... on ValidationError { fieldErrors { path message } }\n    }\n  }\n"): typeof import('./graphql').SetWorkspaceDetectionMultiplierDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

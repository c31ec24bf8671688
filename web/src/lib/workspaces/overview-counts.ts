// The overview's live counters (online, under attack, open incidents, incidents in 24 h): the counts
// the server rendered, moved by the live events heard since, so they change with the node cards (which
// follow the same events) instead of waiting for the page's next server render. That render still
// reconciles them: it brings new counts, the states they were read with and when, and what it already
// counted no longer moves them.

export interface OverviewCounts {
  onlineNodes: number;
  nodesUnderAttack: number;
  openIncidents: number;
}

/** A node's state as the server rendered it (the overview's node list) or as an event said it is now. */
export interface NodeState {
  status: string; // PENDING | ONLINE | OFFLINE
  detectionState: string; // NORMAL | ELEVATED | ATTACK
}

export interface OverviewBase extends OverviewCounts {
  /** When the server began reading the counts (ISO): incident events after it may not be in them. */
  asOf: string;
  /** The state of each node the page lists, read with the counts: a node's live state replaces it. */
  nodes: Readonly<Record<string, NodeState>>;
}

export interface HeardIncidentEvent {
  kind: string; // OPENED | UPDATED | RESOLVED
  incidentId: string;
  at: string;
}

export interface HeardEvents {
  /** The latest state each node's events gave it (nodeStatusChanged). */
  nodes: Readonly<Record<string, NodeState>>;
  /** Incident events in the order heard, only those the server's counts may not hold yet. */
  incidents: readonly HeardIncidentEvent[];
}

export const NOTHING_HEARD: HeardEvents = { nodes: {}, incidents: [] };

export function heardNodeState(heard: HeardEvents, nodeId: string, state: NodeState): HeardEvents {
  return {
    ...heard,
    nodes: { ...heard.nodes, [nodeId]: { status: state.status, detectionState: state.detectionState } },
  };
}

/** Keeps the event, and drops those no later than `asOf` (the counts rendered last hold them). */
export function heardIncidentEvent(heard: HeardEvents, event: HeardIncidentEvent, asOf: string): HeardEvents {
  return {
    ...heard,
    incidents: [...heard.incidents, event].filter((e) => Date.parse(e.at) > Date.parse(asOf)),
  };
}

const online = (s: NodeState) => (s.status === "ONLINE" ? 1 : 0);
const attacked = (s: NodeState) => (s.detectionState === "ATTACK" ? 1 : 0);

/**
 * The counts to show. A node's live state replaces its rendered one (as on its card); a node the page does
 * not list (past the list's first page) waits for the server's count, as its state then is unknown.
 * An incident counts by its events after `asOf`: the first says whether the rendered count held it open
 * (OPENED: not yet; UPDATED or RESOLVED: it did), the last whether it is open now. An event the count
 * read just after `asOf` already held may count twice until the render its arrival asked for.
 */
export function liveOverviewCounts(base: OverviewBase, heard: HeardEvents): OverviewCounts {
  let { onlineNodes, nodesUnderAttack, openIncidents } = base;
  for (const [id, now] of Object.entries(heard.nodes)) {
    const rendered = base.nodes[id];
    if (!rendered) continue;
    onlineNodes += online(now) - online(rendered);
    nodesUnderAttack += attacked(now) - attacked(rendered);
  }
  const after = Date.parse(base.asOf);
  const byIncident = new Map<string, { wasOpen: boolean; isOpen: boolean }>();
  for (const event of heard.incidents) {
    if (!(Date.parse(event.at) > after)) continue;
    const isOpen = event.kind !== "RESOLVED";
    const seen = byIncident.get(event.incidentId);
    if (seen) seen.isOpen = isOpen;
    else byIncident.set(event.incidentId, { wasOpen: event.kind !== "OPENED", isOpen });
  }
  for (const { wasOpen, isOpen } of byIncident.values()) openIncidents += Number(isOpen) - Number(wasOpen);
  return {
    onlineNodes: Math.max(0, onlineNodes),
    nodesUnderAttack: Math.max(0, nodesUnderAttack),
    openIncidents: Math.max(0, openIncidents),
  };
}

/**
 * Incidents opened since `asOf` (their first event heard after it is OPENED), which the rendered
 * "Incidents (24 h)" count cannot hold yet. Those leaving the 24 hours wait for the next render; an
 * incident the count read just after `asOf` already held may count twice until then, as above.
 */
export function incidentsOpenedSince(heard: HeardEvents, asOf: string): number {
  const after = Date.parse(asOf);
  const first = new Map<string, string>();
  for (const event of heard.incidents)
    if (Date.parse(event.at) > after && !first.has(event.incidentId)) first.set(event.incidentId, event.kind);
  return [...first.values()].filter((kind) => kind === "OPENED").length;
}

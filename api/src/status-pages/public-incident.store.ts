// The public page of one incident of a status page (`/s/<slug>/incidents/<ref>`): found among the
// incidents the page's history lists (its nodes, the last HISTORY_DAYS, the newest HISTORY_LIMIT),
// by its public reference, so an incident the page does not list has no page. The same columns as
// the history: a classification's sources never leave the database on this path either.
import type { Database } from "../db/database.ts";
import type { SecretBox } from "../secrets/secret-box.ts";
import { mayView } from "./page-access.ts";
import {
  HISTORY_DAYS,
  HISTORY_LIMIT,
  type IncidentUpdateStatus,
  incidentRef,
  type OperatorUpdate,
  type PublicIncident,
  type PublicIncidentUpdate,
  publicIncident,
  publicIncidentUpdates,
} from "./public-view.ts";

export interface PublicIncidentPage {
  /** The status page's slug and title (the incident page's heading and its way back). */
  slug: string;
  title: string;
  incident: PublicIncident;
  updates: PublicIncidentUpdate[];
}

/** An incident row as the public paths read it. */
export interface PublicIncidentRow {
  id: string;
  node_id: string;
  started_at: Date;
  ended_at: Date | null;
  peak_pps: number;
  peak_bps: number;
  trigger_metrics: string[];
  family: string | null;
}

/** The columns of PublicIncidentRow (`incident` in FROM). */
export const PUBLIC_INCIDENT_COLUMNS = `id, node_id, started_at, ended_at, peak_pps, peak_bps,
  trigger_metrics::text[] AS trigger_metrics, classification->>'family' AS family`;

export function shownIncident(row: PublicIncidentRow, nodeName: string, now: Date): PublicIncident {
  return publicIncident(
    {
      id: row.id,
      startedAt: new Date(row.started_at),
      endedAt: row.ended_at ? new Date(row.ended_at) : null,
      peakPps: Number(row.peak_pps),
      peakBps: Number(row.peak_bps),
      triggerMetrics: row.trigger_metrics,
      classification: { family: row.family },
    },
    nodeName,
    now,
  );
}

/** The page's listed nodes' incidents as its history lists them: the last HISTORY_DAYS, the newest HISTORY_LIMIT. */
function historyRows(database: Database, nodeIds: string[], now: Date): Promise<PublicIncidentRow[]> {
  return database.sql.query<PublicIncidentRow>(
    `SELECT ${PUBLIC_INCIDENT_COLUMNS} FROM incident
      WHERE node_id = ANY($1::uuid[]) AND started_at >= $2
      ORDER BY started_at DESC, id DESC LIMIT ${HISTORY_LIMIT}`,
    [nodeIds, new Date(now.getTime() - HISTORY_DAYS * 86_400_000)],
  );
}

interface UpdateRow {
  status: IncidentUpdateStatus;
  message: string;
  created_at: Date;
  edited_at: Date | null;
}
const operatorUpdate = (r: UpdateRow): OperatorUpdate => ({
  status: r.status,
  message: r.message,
  at: new Date(r.created_at),
  editedAt: r.edited_at === null ? null : new Date(r.edited_at),
});

/** An incident's operator-written updates as its public page shows them, oldest first. */
export async function operatorUpdatesOf(database: Database, incidentId: string): Promise<OperatorUpdate[]> {
  const rows = await database.sql.query<UpdateRow>(
    `SELECT status::text AS status, message, created_at, edited_at FROM incident_public_update
      WHERE incident_id = $1 ORDER BY created_at, id`,
    [incidentId],
  );
  return rows.map(operatorUpdate);
}

/** The operator's updates of several incidents (one query), each incident's oldest first. */
export async function operatorUpdatesOfMany(
  database: Database,
  incidentIds: string[],
): Promise<Map<string, OperatorUpdate[]>> {
  const out = new Map<string, OperatorUpdate[]>();
  if (incidentIds.length === 0) return out;
  const rows = await database.sql.query<UpdateRow & { incident_id: string }>(
    `SELECT incident_id, status::text AS status, message, created_at, edited_at FROM incident_public_update
      WHERE incident_id = ANY($1::uuid[]) ORDER BY created_at, id`,
    [incidentIds],
  );
  for (const r of rows) {
    const list = out.get(r.incident_id) ?? [];
    list.push(operatorUpdate(r));
    out.set(r.incident_id, list);
  }
  return out;
}

/** Who asks (status-page.store.ts): the secret box and the visitor's proof, if any. */
export interface PageVisitor {
  secrets: SecretBox;
  access?: string | null;
  /** The page's feed token (status.json and the feed pass it; feed-token.ts): opens statusPage only. */
  feedToken?: string | null;
}

/**
 * The incident `ref` names on the enabled public page `slug`, or null: unknown, disabled or private
 * page, and an incident of another page, of a node the page does not list, or past the history, alike.
 */
export async function loadPublicIncidentPage(
  database: Database,
  slug: string,
  ref: string,
  visitor: PageVisitor,
  now = new Date(),
): Promise<PublicIncidentPage | null> {
  const workspace = await database.prisma.workspace.findUnique({
    where: { slug },
    select: {
      statusPage: {
        select: {
          workspaceId: true,
          accessPasswordHash: true,
          enabled: true,
          public: true,
          title: true,
          nodes: { select: { displayName: true, nodeId: true } },
        },
      },
    },
  });
  const page = workspace?.statusPage;
  if (!page?.enabled || !page.public || page.nodes.length === 0) return null;
  if (!mayView(visitor.secrets, page, visitor.access, now)) return null;
  // The history's incidents, as the page lists them: a reference is a digest, so it is matched here.
  const rows = await historyRows(
    database,
    page.nodes.map((n) => n.nodeId),
    now,
  );
  const row = rows.find((r) => incidentRef(r.id) === ref);
  if (!row) return null;
  const nodeName = page.nodes.find((n) => n.nodeId === row.node_id)?.displayName ?? "";
  const incident = shownIncident(row, nodeName, now);
  const operator = await operatorUpdatesOf(database, row.id);
  return {
    slug,
    title: page.title,
    incident: { ...incident, updates: operator.map((u) => ({ kind: "UPDATE" as const, ...u })) },
    updates: publicIncidentUpdates(incident, operator),
  };
}

/**
 * The incident as the workspace's status page shows it, when the page is enabled and public and its
 * history lists the incident (the same rule as its incident page); else null. For the dashboard
 * (where the incident's public page is) and for mailing an operator's update (only about an
 * incident subscribers can open).
 */
export async function listedIncidentOf(
  database: Database,
  workspaceId: string,
  incidentId: string,
  now = new Date(),
): Promise<{ slug: string; nodeId: string; incident: PublicIncident } | null> {
  const workspace = await database.prisma.workspace.findUnique({
    where: { id: workspaceId },
    select: {
      slug: true,
      statusPage: {
        select: { enabled: true, public: true, nodes: { select: { displayName: true, nodeId: true } } },
      },
    },
  });
  const page = workspace?.statusPage;
  if (!workspace || !page?.enabled || !page.public || page.nodes.length === 0) return null;
  const rows = await historyRows(
    database,
    page.nodes.map((n) => n.nodeId),
    now,
  );
  const row = rows.find((r) => r.id === incidentId);
  if (!row) return null;
  const nodeName = page.nodes.find((n) => n.nodeId === row.node_id)?.displayName ?? "";
  // nodeId: for the API's own use (whose subscribers hear of it), never shown.
  return { slug: workspace.slug, nodeId: row.node_id, incident: shownIncident(row, nodeName, now) };
}

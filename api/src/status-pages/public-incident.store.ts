// The public page of one incident of a status page (`/s/<slug>/incidents/<ref>`): found among the
// incidents the page's history lists (its nodes, the last HISTORY_DAYS, the newest HISTORY_LIMIT),
// by its public reference, so an incident the page does not list has no page. The same columns as
// the history: a classification's sources never leave the database on this path either.
import type { Database } from "../db/database.ts";
import {
  HISTORY_DAYS,
  HISTORY_LIMIT,
  incidentRef,
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

/**
 * The incident `ref` names on the enabled public page `slug`, or null: unknown, disabled or private
 * page, and an incident of another page, of a node the page does not list, or past the history, alike.
 */
export async function loadPublicIncidentPage(
  database: Database,
  slug: string,
  ref: string,
  now = new Date(),
): Promise<PublicIncidentPage | null> {
  const workspace = await database.prisma.workspace.findUnique({
    where: { slug },
    select: {
      statusPage: {
        select: {
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
  // The history's incidents, as the page lists them: a reference is a digest, so it is matched here.
  const rows = await database.sql.query<PublicIncidentRow>(
    `SELECT ${PUBLIC_INCIDENT_COLUMNS} FROM incident
      WHERE node_id = ANY($1::uuid[]) AND started_at >= $2
      ORDER BY started_at DESC, id DESC LIMIT ${HISTORY_LIMIT}`,
    [page.nodes.map((n) => n.nodeId), new Date(now.getTime() - HISTORY_DAYS * 86_400_000)],
  );
  const row = rows.find((r) => incidentRef(r.id) === ref);
  if (!row) return null;
  const nodeName = page.nodes.find((n) => n.nodeId === row.node_id)?.displayName ?? "";
  const incident = shownIncident(row, nodeName, now);
  return { slug, title: page.title, incident, updates: publicIncidentUpdates(incident) };
}

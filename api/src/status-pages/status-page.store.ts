// Reads for status pages. The public view is assembled from three queries whatever the number of
// nodes (page + nodes + notices, daily uptime rows, incidents), and selects only the columns the
// view shows: a classification's sources never leave the database on this path.
import type { Database } from "../db/database.ts";
import { feedTokenOpens } from "./feed-token.ts";
import { mayView } from "./page-access.ts";
import {
  operatorUpdatesOfMany,
  type PageVisitor,
  PUBLIC_INCIDENT_COLUMNS,
  type PublicIncidentRow,
  shownIncident,
} from "./public-incident.store.ts";
import {
  type BannerState,
  bannerOf,
  HISTORY_DAYS,
  HISTORY_LIMIT,
  type PillState,
  type PublicIncident,
  type PublicUptimeDay,
  pillOf,
  UPTIME_DAYS,
  uptimeDays,
  windowStart,
} from "./public-view.ts";

export interface PublicStatusNode {
  name: string;
  state: PillState;
  uptimePercent: number | null;
  days: PublicUptimeDay[];
}

export interface PublicNotice {
  startsAt: Date;
  endsAt: Date;
  message: string;
  active: boolean;
  /** When it was posted: a notice is never edited, so its last change (a feed entry's `updated`). */
  postedAt: Date;
}

export interface PublicStatusPage {
  slug: string;
  title: string;
  description: string;
  /** Visitors may subscribe to its updates by e-mail. */
  subscribable: boolean;
  /** It has an access password (this visitor's proof opened, or the page would be null). */
  passwordProtected: boolean;
  banner: BannerState;
  generatedAt: Date;
  nodes: PublicStatusNode[];
  notices: PublicNotice[];
  incidents: PublicIncident[];
}

type DayRow = { node_id: string; bucket: Date; online_minutes: number; attack_minutes: number };

/** Daily rows with today's taken from whichever tier has counted more of it. */
function mergeToday(daily: DayRow[], minutes: DayRow[], today: Date): DayRow[] {
  const isToday = (r: DayRow) => new Date(r.bucket).getTime() === today.getTime();
  const out = daily.filter((r) => !isToday(r));
  for (const node of new Set([...daily, ...minutes].map((r) => r.node_id))) {
    const a = daily.find((r) => r.node_id === node && isToday(r));
    const b = minutes.find((r) => r.node_id === node);
    const best = [a, b]
      .filter((r): r is DayRow => Boolean(r))
      .sort((x, y) => y.online_minutes - x.online_minutes)[0];
    if (best) out.push({ ...best, bucket: today });
  }
  return out;
}

/**
 * The page as anyone may see it, or null when the slug names no enabled public page, or one with an
 * access password the visitor's proof does not open.
 */
export async function loadPublicStatusPage(
  database: Database,
  slug: string,
  visitor: PageVisitor,
  /** Whether the workspace's e-mail can be sent now (subscriber-mailing.ts's mailAvailableFor). */
  mailAvailable: (workspaceId: string) => Promise<boolean>,
  now = new Date(),
): Promise<PublicStatusPage | null> {
  const workspace = await database.prisma.workspace.findUnique({
    where: { slug },
    select: {
      statusPage: {
        select: {
          workspaceId: true,
          accessPasswordHash: true,
          feedTokenHash: true,
          enabled: true,
          public: true,
          title: true,
          description: true,
          allowSubscriptions: true,
          nodes: {
            orderBy: { position: "asc" },
            select: {
              displayName: true,
              node: { select: { id: true, status: true, detectionState: true, createdAt: true } },
            },
          },
          notices: { where: { endsAt: { gt: now } }, orderBy: { startsAt: "asc" }, take: 20 },
        },
      },
    },
  });
  const page = workspace?.statusPage;
  if (!page?.enabled || !page.public) return null;
  if (
    !mayView(visitor.secrets, page, visitor.access, now) &&
    !feedTokenOpens(page.feedTokenHash, visitor.feedToken)
  )
    return null;
  const nodeIds = page.nodes.map((n) => n.node.id);
  const since = windowStart(now, UPTIME_DAYS);
  const today = windowStart(now, 1);
  const [daily, minutes, incidents] = await Promise.all([
    database.sql.query<DayRow>(
      `SELECT node_id, bucket, online_minutes, attack_minutes FROM node_status_1d
        WHERE node_id = ANY($1::uuid[]) AND bucket >= $2`,
      [nodeIds, since],
    ),
    // Today from the minute tier (refreshed every 30 s; the daily tier every 5 minutes), so the
    // last bar is current on a page people watch during an attack.
    database.sql.query<DayRow>(
      `SELECT node_id, $2::timestamptz AS bucket, count(*)::integer AS online_minutes,
              (count(*) FILTER (WHERE attack))::integer AS attack_minutes
         FROM node_status_1m WHERE node_id = ANY($1::uuid[]) AND bucket >= $2 GROUP BY node_id`,
      [nodeIds, today],
    ),
    database.sql.query<PublicIncidentRow>(
      `SELECT ${PUBLIC_INCIDENT_COLUMNS}
         FROM incident WHERE node_id = ANY($1::uuid[]) AND started_at >= $2 ORDER BY started_at DESC, id DESC`,
      [nodeIds, since],
    ),
  ]);
  const rows = mergeToday(daily, minutes, today);
  const historyFrom = now.getTime() - HISTORY_DAYS * 86_400_000;
  const nameOf = new Map(page.nodes.map((n) => [n.node.id, n.displayName]));
  const nodes = page.nodes.map(({ displayName, node }) => {
    const days = uptimeDays(
      rows.filter((r) => r.node_id === node.id).map((r) => ({ ...r, bucket: new Date(r.bucket) })),
      incidents.filter((i) => i.node_id === node.id).map((i) => new Date(i.started_at)),
      node.createdAt,
      now,
    );
    const known = days.filter((d) => d.uptimePercent !== null);
    const uptimePercent = known.length
      ? Math.round((known.reduce((sum, d) => sum + (d.uptimePercent ?? 0), 0) / known.length) * 100) / 100
      : null;
    return { name: displayName, state: pillOf(node), uptimePercent, days };
  });
  const listed = incidents
    .filter((i) => new Date(i.started_at).getTime() >= historyFrom)
    .slice(0, HISTORY_LIMIT);
  const operator = await operatorUpdatesOfMany(
    database,
    listed.map((i) => i.id),
  );
  return {
    slug,
    title: page.title,
    description: page.description,
    // Offered only when a confirmation can leave: without a mail server or LEVEE_SECRET_KEY every
    // visitor who filled the form in was refused UNAVAILABLE.
    subscribable: page.allowSubscriptions && (await mailAvailable(page.workspaceId)),
    passwordProtected: page.accessPasswordHash !== null,
    banner: bannerOf(nodes.map((n) => n.state)),
    generatedAt: now,
    nodes,
    notices: page.notices.map((n) => ({
      startsAt: n.startsAt,
      endsAt: n.endsAt,
      message: n.message,
      active: n.startsAt <= now,
      postedAt: n.createdAt,
    })),
    incidents: listed.map((i) => ({
      ...shownIncident(i, nameOf.get(i.node_id) ?? "", now),
      updates: (operator.get(i.id) ?? []).map((u) => ({ kind: "UPDATE" as const, ...u })),
    })),
  };
}

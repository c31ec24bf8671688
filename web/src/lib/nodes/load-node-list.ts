// A workspace's nodes for NodeList (server components): the list itself, then the last two minutes of seconds
// for the rows that stream, in a query of its own (both together would exceed the API's cost limit).
import { load } from "@/lib/graphql/load";
import { NodeSparklinesQuery, NodesQuery } from "@/lib/graphql/operations/nodes";
import { LIVE_ROWS } from "./live-rows";

type Point = { ts: string; rxPps: number };

/**
 * A page of 200 nodes (the API's largest), from the start or after `after` (a cursor of the page before),
 * of every node or of those whose name or hostname holds `search`.
 */
export async function loadNodeList(slug: string, after: string | null = null, search: string | null = null) {
  const { workspace } = await load(NodesQuery, { slug, after, search });
  const ids = workspace.nodes.edges.slice(0, LIVE_ROWS).map((e) => e.node.id);
  const from = new Date(Date.now() - 120_000).toISOString();
  const history = ids.length > 0 ? (await load(NodeSparklinesQuery, { ids, from })).nodes : [];
  const points = new Map<string, readonly Point[]>();
  for (const node of history) if (node && "traffic" in node) points.set(node.id, node.traffic.points);
  const nodes = workspace.nodes.edges.map((e) => ({
    ...e.node,
    traffic: { points: points.get(e.node.id) ?? [] },
  }));
  const { hasNextPage, endCursor } = workspace.nodes.pageInfo;
  return {
    workspaceId: workspace.id,
    nodes,
    total: workspace.nodeCounts.total,
    next: hasNextPage ? (endCursor ?? null) : null,
  };
}

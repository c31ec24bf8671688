import { goneAfterReconnect, guardedInWorkspace, subscribeInWorkspace } from "../auth/live-access.ts";
import type { GraphQLContext } from "../context.ts";
import { GatheredLoader } from "../db/gathered-loader.ts";
import { AuthenticationError, NotFoundError } from "../errors.ts";
import { type EndSignal, endSignalOf, endsWhen, firstOf } from "../pubsub/ends-when.ts";
import { mergedEvents } from "../pubsub/merged-events.ts";
import type { TrafficPayload } from "../topics.ts";
import { releasing } from "./traffic-watch.ts";

/**
 * Nodes one nodesTrafficUpdated may follow: a page's live node cards (the dashboard streams 40,
 * LIVE_ROWS), as workspaceNodesChanged follows a page of 50 customers. The operation limits hold
 * the list to it whatever GRAPHQL_MAX_LIST says (http/graphql-http.ts); the field says it again.
 */
export const MAX_FOLLOWED_NODES = 50;

/**
 * One node's live seconds (trafficUpdated): NOT_FOUND for a node that is gone or the caller may
 * not see; completes when the node is deleted.
 */
export async function followNodeTraffic(
  ctx: GraphQLContext,
  nodeId: string,
): Promise<AsyncGenerator<TrafficPayload>> {
  // Not before the look-up: an anonymous caller would learn which ids exist from NOT_FOUND.
  if (ctx.principal.kind === "anonymous") throw new AuthenticationError(ctx.principal.problem);
  // Listening before the node is read: a deletion committed after the read ends the stream
  // (announced on every process through pub/sub; one announced before the SUBSCRIBE was in place
  // is found by the read subscribeInWorkspace makes then), and one before it is NOT_FOUND here.
  const deleted = endSignalOf(ctx.pubsub.subscribe("nodeDeleted", nodeId));
  try {
    const node = await ctx.db.node.findUnique({ where: { id: nodeId }, select: { workspaceId: true } });
    if (!node) throw new NotFoundError("node");
    const stream = await subscribeInWorkspace(
      ctx,
      "trafficUpdated",
      nodeId,
      node.workspaceId,
      "node:read",
      "node",
      { deleted, exists: () => nodeStillThere(ctx, nodeId) },
    );
    // Counted only once allowed: a refused subscriber makes nothing publish.
    return releasing(stream, ctx.telemetry.watch.watch(nodeId));
  } catch (error) {
    deleted.stop();
    throw error;
  }
}

/**
 * The live seconds of several nodes (nodesTrafficUpdated: a page of node cards) in one stream.
 *
 * Every node is checked before any stream is opened, as trafficUpdated checks its one: a node that
 * is gone and one the caller may not see are the same NOT_FOUND, and either refuses the whole (as
 * one foreign workspace refuses workspaceNodesChanged). Each node is watched (traffic-watch.ts)
 * while the subscription lasts. A node deleted later drops out and the others go on; the stream
 * completes once none is left, or when their workspace is deleted. The nodes of one workspace
 * share one guard (whileAllowed, workspaceDeleted, key revocation): forty of each per page of
 * cards would re-check the same role forty times.
 */
export async function followNodesTraffic(
  ctx: GraphQLContext,
  nodeIds: readonly string[],
): Promise<AsyncGenerator<TrafficPayload>> {
  // Not before the look-up: an anonymous caller would learn which ids exist from NOT_FOUND.
  if (ctx.principal.kind === "anonymous") throw new AuthenticationError(ctx.principal.problem);
  // Listening before the nodes are read, as followNodeTraffic does.
  const deleted = new Map<string, EndSignal>(
    nodeIds.map((id) => [id, endSignalOf(ctx.pubsub.subscribe("nodeDeleted", id))]),
  );
  try {
    const nodes = await ctx.db.node.findMany({
      where: { id: { in: [...nodeIds] } },
      select: { id: true, workspaceId: true },
    });
    if (nodes.length < nodeIds.length) throw new NotFoundError("node");
    const byWorkspace = new Map<string, string[]>();
    for (const { id, workspaceId } of nodes)
      byWorkspace.set(workspaceId, [...(byWorkspace.get(workspaceId) ?? []), id]);
    for (const workspaceId of byWorkspace.keys()) await ctx.access.require(workspaceId, "node:read", "node");
    // Allowed: from here on nothing throws, and each node's signals belong to its stream.
    const gone = nodesGoneMeanwhile(ctx, nodeIds);
    const nodeStream = (id: string) =>
      releasing(
        endsWhen(
          ctx.pubsub.subscribe("trafficUpdated", id),
          firstOf([
            deleted.get(id) as EndSignal,
            gone(id),
            goneAfterReconnect(ctx, () => nodeStillThere(ctx, id)),
          ]),
        ),
        ctx.telemetry.watch.watch(id),
      );
    const streams = [...byWorkspace].map(([workspaceId, ids]) =>
      guardedInWorkspace(ctx, mergedEvents(ids.map(nodeStream)), workspaceId, "node:read"),
    );
    return streams.length === 1 ? (streams[0] as AsyncGenerator<TrafficPayload>) : mergedEvents(streams);
  } catch (error) {
    for (const signal of deleted.values()) signal.stop();
    throw error;
  }
}

const never = new Promise<void>(() => {});

/**
 * Per node, fires when it was deleted while the streams were being set up: pub/sub is at most
 * once, and a `nodeDeleted` published before this process's SUBSCRIBE was in place is never
 * heard (live-access.ts, goneMeanwhile, does the same for the workspace and the credential). Once
 * the subscriptions are in place, the nodes are read again, in one query for them all.
 */
export function nodesGoneMeanwhile(
  ctx: Pick<GraphQLContext, "pubsub" | "db">,
  nodeIds: readonly string[],
): (id: string) => EndSignal {
  const missing = ctx.pubsub
    .subscribed()
    .then(async () => {
      const there = await ctx.db.node.findMany({ where: { id: { in: [...nodeIds] } }, select: { id: true } });
      const present = new Set(there.map((n) => n.id));
      return new Set(nodeIds.filter((id) => !present.has(id)));
    })
    // A failed look-up is not a deletion: the stream's own re-checks still apply.
    .catch(() => new Set<string>());
  return (id) => {
    let stopped = false;
    return {
      fired: missing.then((gone) => (gone.has(id) && !stopped ? undefined : never)),
      stop() {
        stopped = true;
      },
    };
  };
}

/** Per database: the existence of nodes, read in gathered queries (nodeStillThere). */
const nodeReads = new WeakMap<GraphQLContext["db"], GatheredLoader<true>>();

/**
 * Whether the node is still there. Reads asked for in the same turn go out together: a
 * reconnect re-checks the nodes of every open stream at once (goneAfterReconnect), one query per
 * 500 nodes rather than one per stream.
 */
export function nodeStillThere(ctx: Pick<GraphQLContext, "db">, nodeId: string): Promise<boolean> {
  const { db } = ctx;
  let reads = nodeReads.get(db);
  if (!reads) {
    reads = new GatheredLoader(async (ids) => {
      const there = await db.node.findMany({ where: { id: { in: ids } }, select: { id: true } });
      return new Map(there.map((node) => [node.id, true as const]));
    });
    nodeReads.set(db, reads);
  }
  return reads.load(nodeId).then((there) => there === true);
}

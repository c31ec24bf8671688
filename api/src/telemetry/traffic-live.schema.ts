import { builder } from "../builder.ts";
import { ValidationError } from "../errors.ts";
import { idOf } from "../global-id.ts";
import { TrafficUpdateRef } from "./telemetry.schema.ts";
import { followNodesTraffic, followNodeTraffic, MAX_FOLLOWED_NODES } from "./traffic-follow.ts";

builder.subscriptionFields((t) => ({
  trafficUpdated: t.field({
    type: TrafficUpdateRef,
    description:
      "Each new second of a node's traffic as its agent reports it; completes when the node is deleted",
    args: { nodeId: t.arg.id({ required: true }) },
    subscribe: (_root, args, ctx) => followNodeTraffic(ctx, idOf(args.nodeId, "MonitoredNode", "nodeId")),
    resolve: (event) => event,
  }),
  nodesTrafficUpdated: t.field({
    type: TrafficUpdateRef,
    description: `Each new second of the traffic of any of these nodes (at most ${MAX_FOLLOWED_NODES}), each naming its node: one subscription for a page of node cards, where trafficUpdated for each was one operation per card against the request rate limit. At least one node: an empty list is refused (BAD_USER_INPUT), not a stream that completes at once. Every node must be readable (one that is not, or is gone, refuses the whole: NOT_FOUND). A node deleted later stops appearing while the others go on; the stream completes once every node is deleted, or with their workspace`,
    args: { nodeIds: t.arg.idList({ required: true }) },
    subscribe: (_root, args, ctx) => {
      // Empty, the stream would have nothing to follow and complete at once: a client's bug
      // (a page with no cards) would look like a stream that ended.
      if (args.nodeIds.length === 0) throw ValidationError.field("nodeIds", "must list at least one node");
      if (args.nodeIds.length > MAX_FOLLOWED_NODES)
        throw ValidationError.field("nodeIds", `must list at most ${MAX_FOLLOWED_NODES} nodes`);
      const ids = new Set(args.nodeIds.map((id, i) => idOf(id, "MonitoredNode", `nodeIds.${i}`)));
      return followNodesTraffic(ctx, [...ids]);
    },
    resolve: (event) => event,
  }),
}));

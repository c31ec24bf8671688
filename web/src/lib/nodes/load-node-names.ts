// Server components' reading of node names by id (node-names.ts), with the viewer's session.
import { NodeNamesByIdQuery } from "@/lib/graphql/operations/nodes";
import { serverFetch } from "@/lib/graphql/server-fetch";
import { nodeNamesById } from "./node-names";

/** Each id's node name; a node deleted meanwhile is left out. */
export function loadNodeNames(ids: Iterable<string>): Promise<Map<string, string>> {
  return nodeNamesById(ids, (batch) => serverFetch(NodeNamesByIdQuery, { ids: batch }));
}

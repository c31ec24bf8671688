// Names of the nodes a page refers to by id (a maintenance window's node, a status page's listed nodes,
// a rule's node, a picker's choice): read by id, so a node past any first page of the list is named too.
import type { GraphQLResult } from "@/lib/graphql/request";
import { idBatches } from "./id-batches";

/** The API's bound on nodes(ids:) in one operation. */
const IDS_PER_QUERY = 100;

type Fetch = (ids: string[]) => Promise<GraphQLResult<{ nodes: ReadonlyArray<unknown> }>>;

/**
 * Each id's node name, through `fetch` (the server's or the browser's). A node deleted meanwhile (or
 * not readable) is NOT_FOUND on its own and is left out; any other error is thrown.
 */
export async function nodeNamesById(ids: Iterable<string>, fetch: Fetch): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const batch of idBatches(ids, IDS_PER_QUERY)) {
    const { data, errors } = await fetch(batch);
    const failures = errors.filter((e) => e.extensions?.code !== "NOT_FOUND");
    if (failures.length > 0 || !data) throw new Error(failures.map((e) => e.message).join("; ") || "No data");
    for (const node of data.nodes as ReadonlyArray<{ id?: string; name?: string } | null>)
      if (node?.id && node.name !== undefined) names.set(node.id, node.name);
  }
  return names;
}

// Which nodes of a status page a subscription follows. A visitor names them as the page shows them
// (PublicStatusNode.name, the display name its owner chose): the public page exposes no other
// handle of a node, and this adds none. The choice is kept as node ids (status_page_subscriber_node),
// so a renamed entry is still followed. Pure: the rules are tested without a database.
import { ValidationError } from "../errors.ts";

/** Nodes one subscription may name: a page lists 100 at most (status-page.service.ts). */
export const MAX_CHOSEN_NODES = 100;
/** A display name is 80 characters at most; longer is not a name the page can show. */
const MAX_NAME = 80;

export interface PageNodeEntry {
  nodeId: string;
  displayName: string;
}

/**
 * The node ids a visitor's names pick on the page (in the page's order), or [] for the whole page
 * (no name given). Every name must be one the page shows now; a name the page shows for two nodes
 * picks both (the visitor cannot tell them apart either). Repeated names count once.
 */
export function chosenNodeIds(
  page: readonly PageNodeEntry[],
  names: readonly string[] | null | undefined,
  path = "input.nodes",
): string[] {
  if (!names || names.length === 0) return [];
  if (names.length > MAX_CHOSEN_NODES) throw ValidationError.field(path, `at most ${MAX_CHOSEN_NODES} nodes`);
  const wanted = new Set<string>();
  for (const [index, raw] of names.entries()) {
    const name = raw.trim();
    if (name.length === 0) throw ValidationError.field(`${path}.${index}`, "must not be empty");
    if (name.length > MAX_NAME || !page.some((n) => n.displayName === name))
      throw ValidationError.field(`${path}.${index}`, "is not a node this status page shows");
    wanted.add(name);
  }
  return page.filter((n) => wanted.has(n.displayName)).map((n) => n.nodeId);
}

/** Whether a request asks for what the subscription already follows (`requested` [] = whole page). */
export function sameChoice(
  current: { chosenNodes: boolean; nodeIds: readonly string[] },
  requested: readonly string[],
): boolean {
  if (!current.chosenNodes) return requested.length === 0;
  if (requested.length === 0) return false;
  const have = new Set(current.nodeIds);
  const want = new Set(requested);
  return have.size === want.size && [...want].every((id) => have.has(id));
}

// What a status page's e-mail subscriber gets, in the dashboard's words. Pure, for node:test.

/** `wholePage` and `nodes` as StatusPageSubscriber gives them. */
export function followedText(s: { wholePage: boolean; nodes: readonly string[] }): string {
  if (s.wholePage) return "Every update";
  // Every system it chose taken off the page or deleted: it is not made a whole-page subscriber.
  if (s.nodes.length === 0) return "Maintenance notices only: none of its systems is on the page now";
  return s.nodes.join(", ");
}

/** Whether the subscriber follows nothing the page shows any more (the dashboard flags it). */
export const followsNothingShown = (s: { wholePage: boolean; nodes: readonly string[] }) =>
  !s.wholePage && s.nodes.length === 0;

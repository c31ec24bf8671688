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

/**
 * What subscribers are e-mailed about, as the public page, its confirmation and the dashboard say it:
 * the mailings api/src/status-pages/subscriber-mail.ts sends (an incident's start and end, an operator's
 * update posted with "E-mail it to the page's subscribers", a maintenance notice). Every sentence left the
 * updates out, so a subscriber was told of less than they get.
 */
export const SUBSCRIBER_MAIL_TOPICS =
  "when an incident starts or ends, when an update on it is posted, and when maintenance is scheduled";

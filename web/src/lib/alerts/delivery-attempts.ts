/**
 * Requests a delivery made: its log's entries but the SKIPPED ones (a step skipped because the
 * incident was acknowledged or resolved sent nothing). The API's `attempts` counts claims of the
 * delivery, one for a skipped step too, which read as "1 attempt" for a message never sent.
 */
export function requestsMade(log: ReadonlyArray<{ outcome: string }>): number {
  return log.filter((entry) => entry.outcome !== "SKIPPED").length;
}

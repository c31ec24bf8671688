// Daily re-check of verified custom domains: the TXT record that proved a claim must stay in DNS, else a
// host given up (or sold) would keep serving the workspace's pages. One failed look-up is not enough to
// un-verify (a DNS hiccup must not take a status page down): only `limit` daily failures in a row are.
// Pure; the sweep that applies it is recheckVerifiedDomains (custom-domain.service.ts).

export const RECHECK_EVERY_MS = 24 * 3_600_000;

export interface RecheckOutcome {
  status: "VERIFIED" | "PENDING";
  failedChecks: number;
  lastError: string | null;
}

/** The domain after one re-check: `problem` is null when the record still holds the token. */
export function recheckOutcome(failedChecks: number, problem: string | null, limit: number): RecheckOutcome {
  if (problem === null) return { status: "VERIFIED", failedChecks: 0, lastError: null };
  const failed = failedChecks + 1;
  if (failed < limit) return { status: "VERIFIED", failedChecks: failed, lastError: problem };
  return {
    status: "PENDING",
    failedChecks: failed,
    lastError: `${problem}; un-verified after ${failed} daily checks failed in a row (verify again once the record is back)`,
  };
}

/** Whether a verified domain's last check is a day old (or it was never checked). */
export const recheckDue = (lastCheckedAt: Date | null, now: Date) =>
  lastCheckedAt === null || now.getTime() - lastCheckedAt.getTime() >= RECHECK_EVERY_MS;

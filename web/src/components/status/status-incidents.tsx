import { formatDuration } from "@/lib/format/units";
import { familyLabel } from "@/lib/incidents/families";
import type { PublicStatusPage } from "@/lib/status/load-status-page";

type Incident = PublicStatusPage["incidents"][number];

const rate = (pps: number) => `${Math.round(pps).toLocaleString("en")} packets/s`;
const bits = (bps: number) =>
  bps >= 1e9 ? `${(bps / 1e9).toFixed(1)} Gbit/s` : `${(bps / 1e6).toFixed(1)} Mbit/s`;

/**
 * "120,000 packets/s (0.9 Gbit/s)", or null for a flood the interface's rates did not trigger (a TCP or
 * connection-state one): they would understate it, so nothing is shown in their place.
 */
export function peakText(incident: Pick<Incident, "peakPps" | "peakBps">): string | null {
  if (incident.peakPps === null) return null;
  return `${rate(incident.peakPps)}${incident.peakBps === null ? "" : ` (${bits(incident.peakBps)})`}`;
}

/** "2026-12-05 08:14:03 UTC". */
export const utcTime = (iso: string) => `${iso.replace("T", " ").slice(0, 19)} UTC`;

/**
 * The last 7 days of incidents, each expandable (native <details>: keyboard and screen readers for free)
 * and linked to its own page (`<base>/incidents/<ref>`; `base` as for StatusView).
 */
export function StatusIncidents({
  base,
  incidents,
}: Readonly<{ base: string; incidents: readonly Incident[] }>) {
  return (
    <section aria-labelledby="history-heading" className="flex flex-col gap-3">
      <h2 id="history-heading" className="text-base font-semibold">
        Past 7 days
      </h2>
      {incidents.length === 0 ? (
        <p className="text-sm text-muted">No incidents in the past 7 days.</p>
      ) : (
        <ul className="flex flex-col gap-2">
          {incidents.map((incident) => (
            <li key={incident.ref} id={`incident-${incident.ref}`} data-testid="status-incident">
              <details className="rounded-theme border border-muted/30 bg-surface px-4 py-3">
                <summary className="cursor-pointer font-medium">
                  {familyLabel(incident.family)} on {incident.nodeName}
                  <span className="ml-2 text-sm font-normal text-muted">
                    {incident.endedAt ? `resolved, ${formatDuration(incident.durationSeconds)}` : "ongoing"}
                  </span>
                </summary>
                <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
                  <dt className="text-muted">Started</dt>
                  <dd>
                    <time dateTime={incident.startedAt}>{utcTime(incident.startedAt)}</time>
                  </dd>
                  <dt className="text-muted">Duration</dt>
                  <dd>{formatDuration(incident.durationSeconds)}</dd>
                  {peakText(incident) !== null && (
                    <>
                      <dt className="text-muted">Peak</dt>
                      <dd>{peakText(incident)}</dd>
                    </>
                  )}
                  <dt className="text-muted">Attack type</dt>
                  <dd>{familyLabel(incident.family)}</dd>
                </dl>
                <a
                  className="mt-3 inline-block text-sm underline underline-offset-4 hover:text-primary"
                  href={`${base}/incidents/${incident.ref}`}
                  data-testid="status-incident-link"
                >
                  Incident details
                </a>
              </details>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

// One incident's public page: what the status page's history shows of it (the node's public name, the
// attack family, start, end, duration, peak when the interface's rates were what triggered it), its state
// changes as a timeline, and its shareable address. Colours from the theme's CSS variables, like the page.
import { formatDuration } from "@/lib/format/units";
import { familyLabel } from "@/lib/incidents/families";
import { timelineHeading } from "@/lib/incidents/public-updates";
import type { PublicIncidentPage } from "@/lib/status/load-status-incident";
import { CopyLinkButton } from "./copy-link-button";
import { StatusIncidentLive } from "./status-incident-live";
import { peakText, utcTime } from "./status-incidents";

type Update = PublicIncidentPage["updates"][number];

function updateText(update: Update, incident: PublicIncidentPage["incident"]): string {
  // The operator's own words, as written (plain text).
  if (update.kind === "UPDATE") return update.message ?? "";
  const family = familyLabel(incident.family);
  // Nothing about mitigation: whether and how the operator mitigates is not something the page knows.
  if (update.kind === "DETECTED") return `${family} detected on ${incident.nodeName}.`;
  return `The attack on ${incident.nodeName} ended after ${formatDuration(incident.durationSeconds)}.`;
}

/** `base`: the status page's own address prefix, `/s/<slug>`, or "" on the workspace's custom domain. */
export function StatusIncidentReport({
  base,
  report,
}: Readonly<{ base: string; report: PublicIncidentPage }>) {
  const { incident } = report;
  const ongoing = incident.endedAt === null;
  const peak = peakText(incident);
  const path = `${base}/incidents/${incident.ref}`;
  return (
    <main className="mx-auto flex w-full max-w-3xl flex-col gap-6 px-4 py-8 sm:px-6 sm:py-12">
      <nav className="text-sm">
        <a className="underline underline-offset-4 hover:text-primary" href={base || "/"}>
          ← {report.title}
        </a>
      </nav>
      <header className="flex flex-col gap-2">
        <p className="text-sm text-muted">Incident report</p>
        <h1 className="text-2xl font-semibold sm:text-3xl" data-testid="incident-title">
          {familyLabel(incident.family)} on {incident.nodeName}
        </h1>
        <p
          data-testid="incident-state"
          data-state={ongoing ? "ongoing" : "resolved"}
          className={`w-fit rounded-theme border-2 px-3 py-1 text-sm font-semibold ${
            ongoing ? "border-danger bg-danger/10" : "border-success bg-success/10"
          }`}
        >
          {ongoing ? "Ongoing" : "Resolved"}
        </p>
      </header>
      <section
        aria-labelledby="summary-heading"
        className="rounded-theme border border-muted/30 bg-surface px-4 py-4"
      >
        <h2 id="summary-heading" className="sr-only">
          Summary
        </h2>
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm" data-testid="incident-summary">
          <dt className="text-muted">Affected system</dt>
          <dd>{incident.nodeName}</dd>
          <dt className="text-muted">Attack type</dt>
          <dd>{familyLabel(incident.family)}</dd>
          <dt className="text-muted">Started</dt>
          <dd>
            <time dateTime={incident.startedAt}>{utcTime(incident.startedAt)}</time>
          </dd>
          <dt className="text-muted">Resolved</dt>
          <dd>
            {incident.endedAt ? (
              <time dateTime={incident.endedAt}>{utcTime(incident.endedAt)}</time>
            ) : (
              "Not yet"
            )}
          </dd>
          <dt className="text-muted">Duration</dt>
          <dd>
            {formatDuration(incident.durationSeconds)}
            {ongoing && " so far"}
          </dd>
          {peak !== null && (
            <>
              <dt className="text-muted">Peak</dt>
              <dd>{peak}</dd>
            </>
          )}
        </dl>
      </section>
      <section aria-labelledby="timeline-heading" className="flex flex-col gap-3">
        <h2 id="timeline-heading" className="text-base font-semibold">
          Timeline
        </h2>
        <ol className="flex flex-col gap-3 border-l-2 border-muted/30 pl-4">
          {/* Newest first; the API gives them oldest first (the same instant keeps its order, reversed). */}
          {[...report.updates].reverse().map((update) => (
            <li
              // Unique: two updates at the same millisecond with the same words are one as far as a reader can tell.
              key={`${update.kind}-${update.at}-${update.status ?? ""}-${update.message ?? ""}`}
              data-testid="incident-update"
              data-kind={update.kind}
              data-status={update.status ?? undefined}
              className="flex flex-col"
            >
              <span className="text-sm font-semibold">{timelineHeading(update)}</span>
              <span className="text-xs text-muted">
                <time dateTime={update.at}>{utcTime(update.at)}</time>
                {update.editedAt && (
                  <span data-testid="incident-update-edited">
                    {" "}
                    · edited <time dateTime={update.editedAt}>{utcTime(update.editedAt)}</time>
                  </span>
                )}
              </span>
              <span className="text-sm whitespace-pre-line break-words">{updateText(update, incident)}</span>
            </li>
          ))}
        </ol>
      </section>
      <footer className="flex flex-wrap items-center gap-4 text-sm text-muted">
        <CopyLinkButton path={path} />
        <a className="underline underline-offset-4 hover:text-primary" href={base || "/"}>
          Current status
        </a>
        <a className="underline underline-offset-4 hover:text-primary" href={`${base}/feed.atom`}>
          Atom feed
        </a>
      </footer>
      {ongoing && <StatusIncidentLive base={base} incidentRef={incident.ref} />}
    </main>
  );
}

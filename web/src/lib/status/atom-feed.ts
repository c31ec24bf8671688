// The status page's Atom feed (RFC 4287): one entry per incident of the last 7 days (linked to its own
// page), per operator's update of those incidents (linked to the incident's page; the status and the
// message, never the author) and per maintenance notice. Pure (string in, string out) so it is tested without a server; every text is XML-escaped.
// Relative, not @/: node:test runs this file without the web tsconfig paths.
import { formatDuration } from "../format/units";
import { familyLabel } from "../incidents/families";
import { UPDATE_STATUS_LABEL } from "../incidents/public-updates";
import type { PublicStatusPage } from "./load-status-page";

const xml = (text: string) =>
  text.replace(
    /[<>&'"]/g,
    (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", "'": "&apos;", '"': "&quot;" })[c] ?? c,
  );

interface Entry {
  id: string;
  /** The entry's own page: an incident's, or the status page for a notice. */
  link: string;
  title: string;
  updated: string;
  summary: string;
}

export function atomFeed(page: PublicStatusPage, pageUrl: string): string {
  const incidents: Entry[] = page.incidents.map((i) => {
    const family = familyLabel(i.family);
    const state = i.endedAt ? `resolved after ${formatDuration(i.durationSeconds)}` : "ongoing";
    return {
      // The id stays what it was before incidents had pages: readers keep one entry per id.
      id: `${pageUrl}#incident-${i.ref}`,
      link: `${pageUrl}/incidents/${i.ref}`,
      title: `${family} on ${i.nodeName} (${state})`,
      updated: i.endedAt ?? i.startedAt,
      // No peak for a flood the interface's rates did not trigger (the API gives none: they would understate it).
      summary: `${family} on ${i.nodeName}, started ${i.startedAt}${
        i.peakPps === null ? "" : `, peak ${Math.round(i.peakPps).toLocaleString("en")} packets/s`
      }; ${state}.`,
    };
  });
  const updates: Entry[] = page.incidents.flatMap((i) =>
    (i.updates ?? [])
      .filter((u) => u.kind === "UPDATE" && u.status && u.message)
      .map((u, index, all) => {
        const status = UPDATE_STATUS_LABEL[u.status as keyof typeof UPDATE_STATUS_LABEL] ?? u.status;
        // Its place among the incident's updates posted at the same millisecond, not among all of
        // them: an earlier update deleted must not give the later ones new ids (readers would show
        // each again as new).
        const sameTime = all.slice(0, index).filter((earlier) => earlier.at === u.at).length;
        return {
          // The incident's, the update's time and (for ties) its place among those: stable while it stands.
          id: `${pageUrl}#incident-${i.ref}-update-${u.at}-${sameTime}`,
          link: `${pageUrl}/incidents/${i.ref}`,
          title: `${familyLabel(i.family)} on ${i.nodeName}: ${status}`,
          // Edited: its last change (RFC 4287), so readers show it again with its new words.
          updated: u.editedAt ?? u.at,
          summary: u.message ?? "",
        };
      }),
  );
  const notices: Entry[] = page.notices.map((n) => ({
    // When it was posted too: two notices of the same window (two sites' upgrades at 02:00–03:00) had one id,
    // and feed readers keep one entry per id.
    id: `${pageUrl}#maintenance-${n.postedAt}-${n.startsAt}-${n.endsAt}`,
    link: pageUrl,
    title: `Scheduled maintenance: ${n.message}`,
    // Posted, not starting: a notice for tomorrow was "updated" in the future (RFC 4287: the last change).
    updated: n.postedAt,
    summary: `${n.message} (from ${n.startsAt} to ${n.endsAt})`,
  }));
  const entries = [...incidents, ...updates, ...notices].sort((a, b) => b.updated.localeCompare(a.updated));
  const updated = entries[0]?.updated ?? page.generatedAt;
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <title>${xml(page.title)}</title>`,
    `  <id>${xml(pageUrl)}</id>`,
    `  <link rel="alternate" type="text/html" href="${xml(pageUrl)}"/>`,
    `  <link rel="self" type="application/atom+xml" href="${xml(`${pageUrl}/feed.atom`)}"/>`,
    `  <updated>${xml(updated)}</updated>`,
    `  <author><name>${xml(page.title)}</name></author>`,
    ...entries.map((e) =>
      [
        "  <entry>",
        `    <id>${xml(e.id)}</id>`,
        `    <title>${xml(e.title)}</title>`,
        `    <updated>${xml(e.updated)}</updated>`,
        `    <link rel="alternate" type="text/html" href="${xml(e.link)}"/>`,
        `    <summary>${xml(e.summary)}</summary>`,
        "  </entry>",
      ].join("\n"),
    ),
    "</feed>",
    "",
  ].join("\n");
}

// The e-mails a status page's subscribers get, rendered from what the public page shows (the node's
// public name, the attack family, times and durations; never a hostname, address or internal id:
// the content is built by mailingContent from the same fields public-view.ts exposes). Pure, so the
// wording and the RFC 8058 headers are tested without SMTP.
import { type AttackFamily, FAMILY_LABELS } from "@levee/shared/classification/families";
import { escapeHtml } from "../alerts/alert-message.ts";

/** A pending subscription is confirmed within this long, or forgotten. */
export const CONFIRM_TTL_MS = 48 * 3_600_000;

export type MailingContent =
  | {
      kind: "INCIDENT_OPENED";
      /** The incident's public reference (its page); absent in mailings queued before incidents had pages. */
      ref?: string;
      nodeName: string;
      family: string | null;
      startedAt: string;
    }
  | {
      kind: "INCIDENT_RESOLVED";
      ref?: string;
      nodeName: string;
      family: string | null;
      startedAt: string;
      endedAt: string;
      durationSeconds: number;
    }
  | { kind: "NOTICE"; startsAt: string; endsAt: string; message: string }
  | {
      /** An operator-written update of an incident the page lists (incident-update.service.ts). */
      kind: "INCIDENT_UPDATE";
      ref: string;
      nodeName: string;
      family: string | null;
      /** IncidentUpdateStatus. */
      status: string;
      message: string;
      postedAt: string;
    }
  | {
      /** A flapping node's held incident events, folded into one e-mail (digestOf). */
      kind: "INCIDENT_DIGEST";
      nodeName: string;
      /** When the first held event happened. */
      since: string;
      opened: number;
      resolved: number;
      /** The node's state when the digest is made: an incident open on it. */
      underAttack: boolean;
      /** The limit that held them: e-mails about one node an hour. */
      perHour: number;
    };

/**
 * The digest of a node's held incident events (their contents, oldest first, and when the first
 * was held): how many attacks started and ended meanwhile, under the node's latest public name.
 */
export function digestOf(
  held: readonly MailingContent[],
  since: Date,
  underAttack: boolean,
  perHour: number,
): MailingContent | undefined {
  const incidents = held.filter((c) => c.kind === "INCIDENT_OPENED" || c.kind === "INCIDENT_RESOLVED");
  const last = incidents.at(-1);
  if (!last) return undefined;
  // One held event is mailed as itself: "Edge Paris: resolved" tells a customer more than a digest
  // of one ("1 attack ended since …"), and it is the same one e-mail either way.
  if (incidents.length === 1) return last;
  return {
    kind: "INCIDENT_DIGEST",
    nodeName: last.nodeName,
    since: since.toISOString(),
    opened: incidents.filter((c) => c.kind === "INCIDENT_OPENED").length,
    resolved: incidents.filter((c) => c.kind === "INCIDENT_RESOLVED").length,
    underAttack,
    perHour,
  };
}

const attacks = (n: number) => (n === 1 ? "1 attack" : `${n} attacks`);

/** "2 attacks started and 1 ended", leaving out a side with none ("1 attack ended", not "0 attacks started, 1 ended"). */
function tally(opened: number, resolved: number, and: string): string {
  if (opened === 0) return `${attacks(resolved)} ended`;
  if (resolved === 0) return `${attacks(opened)} started`;
  return `${attacks(opened)} started${and}${resolved} ended`;
}

/** Where a page lives for its subscribers' links: its own verified domain, else the web app's /s/<slug>. */
export function pageUrlOf(webUrl: string, slug: string, customHost: string | null): string {
  return customHost ? `https://${customHost}` : `${webUrl.replace(/\/+$/, "")}/s/${slug}`;
}

export interface SubscriberLinks {
  page: string;
  /** The landing page that asks before unsubscribing (a link scanner's GET changes nothing). */
  unsubscribe: string;
  /** RFC 8058 one-click: a POST here unsubscribes. */
  oneClick: string;
}

export function subscriberLinks(pageUrl: string, unsubscribeToken: string): SubscriberLinks {
  const token = encodeURIComponent(unsubscribeToken);
  return {
    page: pageUrl,
    unsubscribe: `${pageUrl}/unsubscribe?token=${token}`,
    oneClick: `${pageUrl}/unsubscribe/one-click?token=${token}`,
  };
}

/** An incident's own page on the status page (`<page>/incidents/<ref>`). */
export function incidentLink(pageUrl: string, ref: string): string {
  return `${pageUrl}/incidents/${encodeURIComponent(ref)}`;
}

export function confirmLink(pageUrl: string, confirmToken: string): string {
  return `${pageUrl}/confirm?token=${encodeURIComponent(confirmToken)}`;
}

/** RFC 2369 + RFC 8058: mail clients offer "Unsubscribe", which POSTs `List-Unsubscribe=One-Click`. */
export function unsubscribeHeaders(links: SubscriberLinks): Record<string, string> {
  return {
    "List-Unsubscribe": `<${links.oneClick}>`,
    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
  };
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
}

export function familyLabel(family: string | null): string | null {
  if (!family || family === "UNCLASSIFIED") return null;
  return FAMILY_LABELS[family as AttackFamily] ?? null;
}

/** An operator update's status as words: "Investigating", "Mitigating", … */
export function updateStatusLabel(status: string): string {
  return status.charAt(0) + status.slice(1).toLowerCase();
}

/** "1 h 5 min", "4 min 10 s", "12 s". */
export function durationText(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (h > 0) return m > 0 ? `${h} h ${m} min` : `${h} h`;
  if (m > 0) return s % 60 > 0 ? `${m} min ${s % 60} s` : `${m} min`;
  return `${s} s`;
}

/** UTC, minute precision: "2026-12-05 08:14 UTC". */
export function utcText(iso: string): string {
  return `${new Date(iso).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/**
 * An operator's message as body lines: each line its own, and one blank line ("") where the message
 * has one or more between paragraphs, so the text part keeps paragraphs apart as the HTML part does.
 */
export function messageLines(message: string): string[] {
  const lines: string[] = [];
  for (const raw of message.split(/\r?\n/)) {
    const line = raw.trimEnd();
    if (line.trim() !== "") lines.push(line);
    else if (lines.length > 0 && lines.at(-1) !== "") lines.push("");
  }
  if (lines.at(-1) === "") lines.pop();
  return lines;
}

/**
 * `lines`: the body, "" a blank line between paragraphs (the HTML part's paragraphs are its lines);
 * `incident`: the link to the incident's own page, when the e-mail is about one that has it.
 */
function wrap(
  pageTitle: string,
  lines: string[],
  links: SubscriberLinks,
  incident?: string,
  pending = false,
) {
  // A subscription not confirmed yet is no subscription: its confirmation says why it came and
  // carries no unsubscribe link nor RFC 8058 headers (a mail client would offer "Unsubscribe" from
  // a list the address is not on; ignoring the e-mail is how it is declined).
  const why = pending
    ? `This address is not subscribed to updates of ${pageTitle}: you get this one e-mail because someone asked to subscribe it.`
    : `You get these e-mails because this address subscribed to updates of ${pageTitle}.`;
  const footer = pending ? [why] : [why, `Unsubscribe: ${links.unsubscribe}`];
  const text = [
    ...lines,
    "",
    ...(incident ? [`Incident details: ${incident}`] : []),
    `Status page: ${links.page}`,
    "",
    ...footer,
  ].join("\n");
  const unsubscribe = pending ? "" : `\n<a href="${escapeHtml(links.unsubscribe)}">Unsubscribe</a>`;
  const html = `<!doctype html><html><body>
${lines
  .filter((line) => line !== "")
  .map((line) => `<p>${escapeHtml(line)}</p>`)
  .join("\n")}
${incident ? `<p><a href="${escapeHtml(incident)}">Incident details</a></p>` : ""}
<p><a href="${escapeHtml(links.page)}">${escapeHtml(pageTitle)}: live status</a></p>
<p style="color:#666;font-size:12px">${escapeHtml(why)}${unsubscribe}</p>
</body></html>`;
  return { text, html, headers: pending ? {} : unsubscribeHeaders(links) };
}

/**
 * What a confirmation link applies: every update of the page (`nodes` null), or those about the
 * named nodes (the page's names of them now) and the page-wide ones; `change`: the address is
 * subscribed already, and the link changes what it gets.
 */
export interface ConfirmedChoice {
  nodes: readonly string[] | null;
  change: boolean;
}

/** "Edge Paris", "Edge Paris and Edge Lyon", "A, B and C". */
function listText(names: readonly string[]): string {
  if (names.length <= 1) return names.join("");
  return `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}

/** What the subscription sends, in words ("every update of Acme status", "updates about …"). */
export function choiceText(pageTitle: string, nodes: readonly string[] | null): string {
  if (nodes === null) return `every update of the status page ${pageTitle}`;
  // Its nodes taken off the page since it was asked: what it still gets.
  if (nodes.length === 0) return `the page-wide maintenance notices of the status page ${pageTitle}`;
  return `updates of the status page ${pageTitle} about ${listText(nodes)}, and its page-wide maintenance notices`;
}

export function confirmationMail(
  pageTitle: string,
  confirm: string,
  links: SubscriberLinks,
  choice: ConfirmedChoice = { nodes: null, change: false },
): RenderedMail {
  const hours = Math.round(CONFIRM_TTL_MS / 3_600_000);
  const what = choiceText(pageTitle, choice.nodes);
  const action = choice.change ? "Confirm the change" : "Confirm the subscription";
  const lines = choice.change
    ? [
        `Someone, probably you, asked to change the e-mail updates this address gets: from now on, ${what}.`,
        `${action} within ${hours} hours: ${confirm}`,
        "If you did not ask for it, ignore this e-mail: your subscription stays as it is.",
      ]
    : [
        choice.nodes === null
          ? `Someone, probably you, asked to subscribe this address to e-mail updates of the status page ${pageTitle}.`
          : `Someone, probably you, asked to subscribe this address to e-mail ${what}.`,
        `${action} within ${hours} hours: ${confirm}`,
        "If you did not ask for it, ignore this e-mail: without confirmation nothing more is sent.",
      ];
  // A change is asked for an address subscribed already: its e-mail keeps the unsubscribe link and
  // headers every e-mail to a subscriber has.
  const body = wrap(pageTitle, lines, links, undefined, !choice.change);
  // The link in the HTML part is a real link, not only text.
  const html = body.html.replace(
    `<p>${escapeHtml(lines[1] ?? "")}</p>`,
    `<p><a href="${escapeHtml(confirm)}">${action}</a> (within ${hours} hours)</p>`,
  );
  const subject = choice.change
    ? `Confirm the change of your subscription to ${pageTitle}`
    : `Confirm your subscription to ${pageTitle}`;
  return { subject, ...body, html };
}

export function updateMail(pageTitle: string, content: MailingContent, links: SubscriberLinks): RenderedMail {
  const incident =
    (content.kind === "INCIDENT_OPENED" ||
      content.kind === "INCIDENT_RESOLVED" ||
      content.kind === "INCIDENT_UPDATE") &&
    content.ref
      ? incidentLink(links.page, content.ref)
      : undefined;
  switch (content.kind) {
    case "INCIDENT_OPENED": {
      const family = familyLabel(content.family);
      const what = family ? `an attack (${family})` : "an attack";
      return {
        subject: `[${pageTitle}] ${content.nodeName}: under attack`,
        ...wrap(
          pageTitle,
          [
            `${content.nodeName} has been under ${what} since ${utcText(content.startedAt)}.`,
            // Not "mitigation is under way": detection opens the incident whether or not anything
            // mitigates it (no rule, no FlowSpec, none yet); saying so is the operator's own update.
            "The status page shows it live.",
          ],
          links,
          incident,
        ),
      };
    }
    case "INCIDENT_RESOLVED": {
      const family = familyLabel(content.family);
      return {
        subject: `[${pageTitle}] ${content.nodeName}: resolved`,
        ...wrap(
          pageTitle,
          [
            `The attack${family ? ` (${family})` : ""} on ${content.nodeName} ended at ${utcText(content.endedAt)}.`,
            `It started at ${utcText(content.startedAt)} and lasted ${durationText(content.durationSeconds)}.`,
          ],
          links,
          incident,
        ),
      };
    }
    case "INCIDENT_DIGEST": {
      const now = content.underAttack
        ? `${content.nodeName} is under attack now; the status page shows it live.`
        : `${content.nodeName} is operational now: no attack under way.`;
      return {
        subject: `[${pageTitle}] ${content.nodeName}: ${tally(content.opened, content.resolved, ", ")} since ${utcText(content.since)}`,
        ...wrap(
          pageTitle,
          [
            `${content.nodeName} had more incidents than are e-mailed one by one (${content.perHour} e-mails about a node an hour at most), so they are summed up here.`,
            `Since ${utcText(content.since)}: ${tally(content.opened, content.resolved, " and ")}.`,
            now,
          ],
          links,
        ),
      };
    }
    case "INCIDENT_UPDATE": {
      const family = familyLabel(content.family);
      const status = updateStatusLabel(content.status);
      return {
        subject: `[${pageTitle}] ${content.nodeName}: ${status}`,
        ...wrap(
          pageTitle,
          [
            `Update on the attack${family ? ` (${family})` : ""} on ${content.nodeName}, ${utcText(content.postedAt)}:`,
            `${status}.`,
            // The operator's lines, each its own paragraph in the HTML part; a blank line between
            // paragraphs in the text part.
            ...messageLines(content.message),
          ],
          links,
          incident,
        ),
      };
    }
    case "NOTICE":
      return {
        subject: `[${pageTitle}] Scheduled maintenance ${utcText(content.startsAt)}`,
        ...wrap(
          pageTitle,
          [
            `Scheduled maintenance from ${utcText(content.startsAt)} to ${utcText(content.endsAt)}:`,
            ...messageLines(content.message),
          ],
          links,
        ),
      };
  }
}

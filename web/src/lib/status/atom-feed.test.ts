import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { atomFeed } from "./atom-feed";
import type { PublicStatusPage } from "./load-status-page";

const page: PublicStatusPage = {
  slug: "acme",
  title: "Acme <status> & co",
  description: "",
  subscribable: false,
  passwordProtected: false,
  banner: "OPERATIONAL",
  generatedAt: "2026-11-30T12:00:00.000Z",
  nodes: [],
  notices: [
    {
      startsAt: "2026-12-01T02:00:00.000Z",
      endsAt: "2026-12-01T03:00:00.000Z",
      message: "Router swap",
      active: false,
      postedAt: "2026-11-30T09:00:00.000Z",
    },
  ],
  incidents: [
    {
      ref: "0123456789abcdef",
      nodeName: "Edge Paris",
      family: "UDP_FLOOD",
      peakPps: 120000,
      peakBps: 9e8,
      startedAt: "2026-11-30T11:00:00.000Z",
      endedAt: "2026-11-30T11:05:00.000Z",
      durationSeconds: 300,
      updates: [],
    },
  ],
};

describe("status page Atom feed", () => {
  it("has one entry per incident and notice, newest first, escaped", () => {
    const xml = atomFeed(page, "https://status.example/s/acme");
    assert.match(
      xml,
      /^<\?xml version="1.0" encoding="utf-8"\?>\n<feed xmlns="http:\/\/www.w3.org\/2005\/Atom">/,
    );
    assert.match(xml, /<title>Acme &lt;status&gt; &amp; co<\/title>/);
    const entries = [...xml.matchAll(/<entry>[\s\S]*?<\/entry>/g)].map((m) => m[0]);
    assert.equal(entries.length, 2);
    assert.match(entries[0] ?? "", /UDP flood on Edge Paris \(resolved after 5 min\)/);
    assert.match(entries[0] ?? "", /<id>https:\/\/status.example\/s\/acme#incident-0123456789abcdef<\/id>/);
    // Each incident links to its own page; a notice to the status page.
    assert.match(
      entries[0] ?? "",
      /<link rel="alternate" type="text\/html" href="https:\/\/status.example\/s\/acme\/incidents\/0123456789abcdef"\/>/,
    );
    assert.match(
      entries[1] ?? "",
      /<link rel="alternate" type="text\/html" href="https:\/\/status.example\/s\/acme"\/>/,
    );
    assert.match(entries[1] ?? "", /Scheduled maintenance: Router swap/);
    // A notice for tomorrow is dated by its posting (RFC 4287's "updated"), not its start: nothing
    // in the feed is later than the page it was made from.
    assert.match(entries[1] ?? "", /<updated>2026-11-30T09:00:00.000Z<\/updated>/);
    const feedUpdated = /<feed[^>]*>[\s\S]*?<updated>([^<]+)<\/updated>/.exec(xml)?.[1];
    assert.equal(feedUpdated, "2026-11-30T11:05:00.000Z");
    for (const [, at] of xml.matchAll(/<updated>([^<]+)<\/updated>/g))
      assert.ok((at ?? "") <= page.generatedAt, `${at} is after the page was made`);
  });

  it("has an entry per operator update, linked to its incident's page, without its author", () => {
    const [incident] = page.incidents;
    assert.ok(incident);
    const updates = [
      {
        kind: "UPDATE" as const,
        at: "2026-11-30T11:01:00.000Z",
        status: "MITIGATING" as const,
        message: "Scrubbing <upstream>",
        editedAt: null,
      },
      {
        kind: "UPDATE" as const,
        at: "2026-11-30T11:04:00.000Z",
        status: "MONITORING" as const,
        message: "Back to normal",
        editedAt: null,
      },
    ];
    const xml = atomFeed({ ...page, incidents: [{ ...incident, updates }] }, "https://status.example/s/acme");
    const entries = [...xml.matchAll(/<entry>[\s\S]*?<\/entry>/g)].map((m) => m[0]);
    assert.equal(entries.length, 4);
    // Newest first: the resolution, then the updates, then the notice.
    assert.match(entries[1] ?? "", /<title>UDP flood on Edge Paris: Monitoring<\/title>/);
    assert.match(entries[2] ?? "", /<summary>Scrubbing &lt;upstream&gt;<\/summary>/);
    assert.match(entries[2] ?? "", /<updated>2026-11-30T11:01:00.000Z<\/updated>/);
    for (const entry of entries.slice(1, 3))
      assert.match(entry, /href="https:\/\/status.example\/s\/acme\/incidents\/0123456789abcdef"/);
    const ids = [...xml.matchAll(/<id>([^<]*)<\/id>/g)].map((m) => m[1]);
    assert.equal(new Set(ids).size, ids.length, "ids are unique");
  });

  it("dates an edited update's entry by its edit (its id unchanged)", () => {
    const [incident] = page.incidents;
    assert.ok(incident);
    const update = {
      kind: "UPDATE" as const,
      at: "2026-11-30T11:01:00.000Z",
      status: "MITIGATING" as const,
      message: "Scrubbing upstream",
    };
    const feedOf = (editedAt: string | null) =>
      atomFeed(
        { ...page, incidents: [{ ...incident, updates: [{ ...update, editedAt }] }] },
        "https://status.example/s/acme",
      );
    const entryOf = (xml: string) =>
      [...xml.matchAll(/<entry>[\s\S]*?<\/entry>/g)].map((m) => m[0]).find((e) => e.includes("Scrubbing"));
    const before = entryOf(feedOf(null));
    const after = entryOf(feedOf("2026-11-30T13:00:00.000Z"));
    assert.match(before ?? "", /<updated>2026-11-30T11:01:00.000Z<\/updated>/);
    assert.match(after ?? "", /<updated>2026-11-30T13:00:00.000Z<\/updated>/);
    const idOf = (entry = "") => /<id>([^<]*)<\/id>/.exec(entry)?.[1];
    assert.equal(idOf(after), idOf(before), "the same entry, updated");
    // The feed itself is updated by the edit too.
    assert.match(feedOf("2026-11-30T13:00:00.000Z"), /^ {2}<updated>2026-11-30T13:00:00.000Z<\/updated>/m);
  });

  it("keeps an update's entry id when an earlier update of the incident is deleted", () => {
    const [incident] = page.incidents;
    assert.ok(incident);
    const update = (at: string, message: string) => ({
      kind: "UPDATE" as const,
      at,
      status: "MITIGATING" as const,
      message,
      editedAt: null,
    });
    const first = update("2026-11-30T11:01:00.000Z", "Scrubbing upstream");
    const second = update("2026-11-30T11:04:00.000Z", "Filters in place");
    // Two posted in the same millisecond (an integration's) keep ids of their own.
    const twin = update("2026-11-30T11:04:00.000Z", "Second site filtered");
    const idOf = (updates: (typeof first)[], message: string) => {
      const xml = atomFeed(
        { ...page, incidents: [{ ...incident, updates }] },
        "https://status.example/s/acme",
      );
      const entry = [...xml.matchAll(/<entry>[\s\S]*?<\/entry>/g)]
        .map((m) => m[0])
        .find((e) => e.includes(message));
      return /<id>([^<]*)<\/id>/.exec(entry ?? "")?.[1];
    };
    assert.equal(idOf([second, twin], "Filters in place"), idOf([first, second, twin], "Filters in place"));
    assert.equal(
      idOf([second, twin], "Second site filtered"),
      idOf([first, second, twin], "Second site filtered"),
    );
    assert.notEqual(
      idOf([first, second, twin], "Filters in place"),
      idOf([first, second, twin], "Second site filtered"),
    );
  });

  it("gives two notices of the same window ids of their own", () => {
    const [first] = page.notices;
    assert.ok(first);
    const second = { ...first, message: "Second site's router swap", postedAt: "2026-11-30T09:05:00.000Z" };
    const xml = atomFeed({ ...page, notices: [first, second] }, "https://status.example/s/acme");
    const ids = [...xml.matchAll(/<id>([^<]*#maintenance-[^<]*)<\/id>/g)].map((m) => m[1]);
    assert.equal(ids.length, 2);
    assert.notEqual(ids[0], ids[1]);
  });

  it("gives a peak only where the API gives one (none for a flood the interface's rates did not trigger)", () => {
    const [sized] = page.incidents;
    assert.ok(sized);
    const xml = atomFeed(
      { ...page, incidents: [sized, { ...sized, ref: "fedcba9876543210", peakPps: null, peakBps: null }] },
      "https://status.example/s/acme",
    );
    const summaries = [...xml.matchAll(/<summary>([^<]*)<\/summary>/g)].map((m) => m[1] ?? "");
    assert.match(summaries[0] ?? "", /peak 120,000 packets\/s; resolved/);
    assert.match(summaries[1] ?? "", /started 2026-11-30T11:00:00.000Z; resolved after 5 min\.$/);
    assert.doesNotMatch(summaries[1] ?? "", /peak|null|NaN/);
  });
});

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  choiceText,
  confirmationMail,
  confirmLink,
  digestOf,
  durationText,
  pageUrlOf,
  subscriberLinks,
  updateMail,
} from "./subscriber-mail.ts";

describe("status page subscriber e-mails", () => {
  const links = subscriberLinks("https://levee.example/s/acme", "tok_en-1");

  it("links to the page on its own domain when it has one, else under /s/<slug>", () => {
    assert.equal(pageUrlOf("https://levee.example/", "acme", null), "https://levee.example/s/acme");
    assert.equal(pageUrlOf("https://levee.example", "acme", "status.acme.com"), "https://status.acme.com");
    assert.equal(
      confirmLink("https://status.acme.com", "a/b"),
      "https://status.acme.com/confirm?token=a%2Fb",
    );
  });

  it("carries an unsubscribe link and the RFC 8058 one-click headers in every e-mail to a subscriber", () => {
    const mails = [
      confirmationMail("Acme", confirmLink(links.page, "c"), links, { nodes: null, change: true }),
      updateMail(
        "Acme",
        { kind: "INCIDENT_OPENED", nodeName: "Edge", family: "UDP_FLOOD", startedAt: "2026-12-05T08:00:00Z" },
        links,
      ),
      updateMail(
        "Acme",
        {
          kind: "NOTICE",
          startsAt: "2026-12-05T08:00:00Z",
          endsAt: "2026-12-05T09:00:00Z",
          message: "<b>x</b>",
        },
        links,
      ),
    ];
    for (const mail of mails) {
      assert.deepEqual(mail.headers, {
        "List-Unsubscribe": "<https://levee.example/s/acme/unsubscribe/one-click?token=tok_en-1>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
      });
      assert.ok(mail.text.includes("https://levee.example/s/acme/unsubscribe?token=tok_en-1"));
      assert.ok(mail.html.includes('href="https://levee.example/s/acme/unsubscribe?token=tok_en-1"'));
    }
    assert.ok(mails[0]?.html.includes('href="https://levee.example/s/acme/confirm?token=c"'));
    assert.ok(!mails[2]?.html.includes("<b>x</b>"), "the notice's text is escaped in HTML");
  });

  it("says what the page shows: name, family label, UTC times, duration", () => {
    const resolved = updateMail(
      "Acme",
      {
        kind: "INCIDENT_RESOLVED",
        nodeName: "Edge",
        family: "UNCLASSIFIED",
        startedAt: "2026-12-05T08:00:00Z",
        endedAt: "2026-12-05T09:05:30Z",
        durationSeconds: 3930,
      },
      links,
    );
    assert.equal(resolved.subject, "[Acme] Edge: resolved");
    assert.match(resolved.text, /The attack on Edge ended at 2026-12-05 09:05 UTC\./);
    assert.match(resolved.text, /lasted 1 h 5 min/);
    const opened = updateMail(
      "Acme",
      { kind: "INCIDENT_OPENED", nodeName: "Edge", family: "UDP_FLOOD", startedAt: "2026-12-05T08:00:00Z" },
      links,
    );
    assert.match(opened.text, /Edge has been under an attack \(.+\) since 2026-12-05 08:00 UTC\./);
    // Detection opens it whether or not anything mitigates the attack: the e-mail claims no mitigation.
    assert.doesNotMatch(opened.text, /mitigat/i);
    assert.equal(durationText(250), "4 min 10 s");
    assert.equal(durationText(12), "12 s");
    assert.equal(durationText(7200), "2 h");
  });

  it("links an incident's e-mails to its page (on a custom domain there too), older mailings to the page only", () => {
    const opened = {
      kind: "INCIDENT_OPENED" as const,
      ref: "0123456789abcdef",
      nodeName: "Edge",
      family: null,
      startedAt: "2026-12-05T08:00:00Z",
    };
    const mail = updateMail("Acme", opened, links);
    assert.match(
      mail.text,
      /^Incident details: https:\/\/levee\.example\/s\/acme\/incidents\/0123456789abcdef$/m,
    );
    assert.ok(mail.html.includes('<a href="https://levee.example/s/acme/incidents/0123456789abcdef">'));
    const custom = subscriberLinks(pageUrlOf("https://levee.example", "acme", "status.acme.com"), "t");
    const resolved = updateMail(
      "Acme",
      { ...opened, kind: "INCIDENT_RESOLVED", endedAt: "2026-12-05T08:02:00Z", durationSeconds: 120 },
      custom,
    );
    assert.match(resolved.text, /Incident details: https:\/\/status\.acme\.com\/incidents\/0123456789abcdef/);
    const { ref: _ref, ...queuedBefore } = opened;
    const plain = updateMail("Acme", queuedBefore, links);
    assert.doesNotMatch(plain.text, /Incident details|\/incidents\//);
  });

  it("sums a flapping node's held events up in one digest: attacks started and ended, the state now", () => {
    const opened = {
      kind: "INCIDENT_OPENED" as const,
      nodeName: "Edge",
      family: null,
      startedAt: "2026-12-05T08:10:00Z",
    };
    const resolved = {
      kind: "INCIDENT_RESOLVED" as const,
      nodeName: "Edge Paris",
      family: null,
      startedAt: "2026-12-05T08:10:00Z",
      endedAt: "2026-12-05T08:12:00Z",
      durationSeconds: 120,
    };
    assert.equal(digestOf([], new Date(), false, 3), undefined, "nothing held, no digest");
    const digest = digestOf([resolved, opened, resolved], new Date("2026-12-05T08:05:00Z"), true, 3);
    assert.deepEqual(digest, {
      kind: "INCIDENT_DIGEST",
      nodeName: "Edge Paris",
      since: "2026-12-05T08:05:00.000Z",
      opened: 1,
      resolved: 2,
      underAttack: true,
      perHour: 3,
    });
    const mail = updateMail("Acme", digest ?? opened, links);
    assert.equal(mail.subject, "[Acme] Edge Paris: 1 attack started, 2 ended since 2026-12-05 08:05 UTC");
    assert.match(mail.text, /Since 2026-12-05 08:05 UTC: 1 attack started and 2 ended\./);
    assert.match(mail.text, /Edge Paris is under attack now/);
    assert.match(mail.text, /3 e-mails about a node an hour at most/);
    assert.equal(mail.headers["List-Unsubscribe-Post"], "List-Unsubscribe=One-Click");
    // One held event (an early digest of one resolution) is mailed as itself.
    assert.deepEqual(digestOf([resolved], new Date("2026-12-05T08:05:00Z"), false, 3), resolved);
    assert.deepEqual(digestOf([opened], new Date("2026-12-05T08:05:00Z"), true, 3), opened);
  });

  it("mails an operator's update with its status, its paragraphs escaped, and the incident's page", () => {
    const mail = updateMail(
      "Acme",
      {
        kind: "INCIDENT_UPDATE",
        ref: "0123456789abcdef",
        nodeName: "Edge Paris",
        family: "UDP_FLOOD",
        status: "MITIGATING",
        message: "Filtering at the upstream.\n\n<script>x</script> back soon",
        postedAt: "2026-12-05T08:14:30Z",
      },
      links,
    );
    assert.equal(mail.subject, "[Acme] Edge Paris: Mitigating");
    assert.match(
      mail.text,
      /^Update on the attack \(UDP flood\) on Edge Paris, 2026-12-05 08:14 UTC:\nMitigating\.\n/,
    );
    // The blank line between the operator's paragraphs stays in the text part.
    assert.match(mail.text, /\nFiltering at the upstream\.\n\n<script>x<\/script> back soon\n/);
    assert.match(
      mail.text,
      /Incident details: https:\/\/levee\.example\/s\/acme\/incidents\/0123456789abcdef/,
    );
    assert.doesNotMatch(mail.html, /<script>/);
    assert.match(mail.html, /<p>&lt;script&gt;x&lt;\/script&gt; back soon<\/p>/);
    assert.equal(mail.headers["List-Unsubscribe-Post"], "List-Unsubscribe=One-Click");
  });

  it("keeps an operator's paragraphs apart in the text part, lines within one together", () => {
    const mail = updateMail(
      "Acme",
      {
        kind: "INCIDENT_UPDATE",
        ref: "0123456789abcdef",
        nodeName: "Edge",
        family: null,
        status: "MONITORING",
        message: "\n\nFirst paragraph,\r\nits second line.\r\n\r\n  \n\nSecond paragraph.  \n\n",
        postedAt: "2026-12-05T08:14:30Z",
      },
      links,
    );
    assert.match(
      mail.text,
      /\nMonitoring\.\nFirst paragraph,\nits second line\.\n\nSecond paragraph\.\n\nIncident/,
    );
    assert.match(
      mail.html,
      /<p>First paragraph,<\/p>\n<p>its second line\.<\/p>\n<p>Second paragraph\.<\/p>/,
    );
    const notice = updateMail(
      "Acme",
      {
        kind: "NOTICE",
        startsAt: "2026-12-05T08:00:00Z",
        endsAt: "2026-12-05T09:00:00Z",
        message: "Router upgrade.\n\nExpect a short loss of routes.",
      },
      links,
    );
    assert.match(notice.text, /UTC:\nRouter upgrade\.\n\nExpect a short loss of routes\.\n/);
    assert.match(notice.html, /<p>Router upgrade\.<\/p>\n<p>Expect a short loss of routes\.<\/p>/);
  });

  it("says in the confirmation what the link subscribes to, and whether it changes a subscription", () => {
    const confirm = confirmLink(links.page, "c");
    const whole = confirmationMail("Acme", confirm, links);
    assert.equal(whole.subject, "Confirm your subscription to Acme");
    assert.match(whole.text, /asked to subscribe this address to e-mail updates of the status page Acme\./);
    assert.match(whole.text, /ignore this e-mail: without confirmation nothing more is sent\./);
    // Not subscribed yet: no unsubscribe link, no RFC 8058 headers, no "because this address subscribed".
    assert.deepEqual(whole.headers, {});
    for (const part of [whole.text, whole.html]) {
      assert.doesNotMatch(part, /unsubscribe/i);
      assert.doesNotMatch(part, /this address subscribed/);
      assert.match(
        part,
        /This address is not subscribed to updates of Acme: .* someone asked to subscribe it\./,
      );
    }
    const some = confirmationMail("Acme", confirm, links, {
      nodes: ["Edge Paris", "Edge Lyon"],
      change: false,
    });
    assert.equal(some.subject, "Confirm your subscription to Acme");
    assert.match(
      some.text,
      /updates of the status page Acme about Edge Paris and Edge Lyon, and its page-wide maintenance notices\./,
    );
    assert.match(
      some.html,
      /<a href="https:\/\/levee\.example\/s\/acme\/confirm\?token=c">Confirm the subscription<\/a>/,
    );
    const change = confirmationMail("Acme", confirm, links, { nodes: null, change: true });
    assert.equal(change.subject, "Confirm the change of your subscription to Acme");
    assert.match(change.text, /from now on, every update of the status page Acme\./);
    assert.match(change.text, /your subscription stays as it is/);
    assert.match(change.html, />Confirm the change<\/a>/);
    // The address is subscribed already: it can still leave in one click.
    assert.equal(change.headers["List-Unsubscribe-Post"], "List-Unsubscribe=One-Click");
    assert.match(change.text, /because this address subscribed to updates of Acme\.\nUnsubscribe: /);
    assert.equal(
      choiceText("Acme", ["A", "B", "C"]),
      "updates of the status page Acme about A, B and C, and its page-wide maintenance notices",
    );
    assert.equal(choiceText("Acme", []), "the page-wide maintenance notices of the status page Acme");
  });
});

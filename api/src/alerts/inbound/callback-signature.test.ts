import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { describe, it } from "node:test";
import {
  callbackTokenMatches,
  checkPagerDutyEvent,
  checkSlackSignature,
  PAGERDUTY_MAX_AGE_SECONDS,
  pagerDutySignatureValid,
  SLACK_MAX_AGE_SECONDS,
} from "./callback-signature.ts";

const SECRET = "pd-signing-secret-0123456789abcdef";
const body = Buffer.from('{"event":{"event_type":"incident.acknowledged"}}');
const hmac = (secret: string, data: string | Buffer) =>
  createHmac("sha256", secret).update(data).digest("hex");

describe("PagerDuty v3 signature", () => {
  it("accepts v1=<hex HMAC of the raw body>, alone or among others (secret rotation)", () => {
    assert.ok(pagerDutySignatureValid(body, `v1=${hmac(SECRET, body)}`, SECRET));
    assert.ok(pagerDutySignatureValid(body, `v1=${hmac("old", body)}, v1=${hmac(SECRET, body)}`, SECRET));
    assert.ok(pagerDutySignatureValid(body, `v1=${hmac(SECRET, body).toUpperCase()}`, SECRET));
  });
  it("refuses another secret, an altered body, another scheme, junk and a missing header", () => {
    assert.equal(pagerDutySignatureValid(body, `v1=${hmac("other", body)}`, SECRET), false);
    assert.equal(pagerDutySignatureValid(Buffer.from(`${body} `), `v1=${hmac(SECRET, body)}`, SECRET), false);
    assert.equal(pagerDutySignatureValid(body, `v0=${hmac(SECRET, body)}`, SECRET), false);
    assert.equal(pagerDutySignatureValid(body, `v1=${hmac(SECRET, body).slice(0, 40)}`, SECRET), false);
    assert.equal(pagerDutySignatureValid(body, "v1=not-hex", SECRET), false);
    assert.equal(pagerDutySignatureValid(body, null, SECRET), false);
  });
});

describe("PagerDuty v3 event age (event.occurred_at, inside the signed body)", () => {
  const now = Date.parse("2026-12-05T12:00:00.000Z");
  const dated = (occurredAt: unknown) =>
    Buffer.from(JSON.stringify({ event: { event_type: "incident.acknowledged", occurred_at: occurredAt } }));
  const check = (raw: Buffer, secret = SECRET) =>
    checkPagerDutyEvent(raw, `v1=${hmac(secret, raw)}`, SECRET, now);
  const ago = (seconds: number) => new Date(now - seconds * 1000).toISOString();
  it("takes an event as old as PagerDuty's retries make it (up to 30 minutes) and a little ahead", () => {
    assert.deepEqual(check(dated(ago(0))), { ok: true });
    assert.deepEqual(check(dated(ago(PAGERDUTY_MAX_AGE_SECONDS))), { ok: true });
    assert.deepEqual(check(dated(ago(-299))), { ok: true });
  });
  it("refuses an older or far-future event (a replay), and one with no date to judge", () => {
    assert.deepEqual(check(dated(ago(PAGERDUTY_MAX_AGE_SECONDS + 1))), { ok: false, reason: "stale" });
    assert.deepEqual(check(dated(ago(-301))), { ok: false, reason: "stale" });
    assert.deepEqual(check(dated(undefined)), { ok: false, reason: "undated" });
    assert.deepEqual(check(dated("yesterday")), { ok: false, reason: "undated" });
    assert.deepEqual(check(dated(1_765_000_000)), { ok: false, reason: "undated" });
  });
  it("judges the signature first: a forged or unsigned stale event is a bad signature", () => {
    assert.deepEqual(check(dated(ago(3600)), "other"), { ok: false, reason: "signature" });
    assert.deepEqual(checkPagerDutyEvent(dated(ago(3600)), null, SECRET, now), {
      ok: false,
      reason: "signature",
    });
  });
});

describe("Slack request signature", () => {
  const now = 1_765_000_000;
  const sign = (ts: number, secret = SECRET, raw = body) => `v0=${hmac(secret, `v0:${ts}:${raw}`)}`;
  it("accepts v0:<timestamp>:<body> signed with the secret within 5 minutes either way", () => {
    assert.deepEqual(checkSlackSignature(body, String(now), sign(now), SECRET, now), { ok: true });
    const edge = now - SLACK_MAX_AGE_SECONDS;
    assert.deepEqual(checkSlackSignature(body, String(edge), sign(edge), SECRET, now), { ok: true });
  });
  it("refuses a correctly signed but old (or far future) timestamp as stale", () => {
    const old = now - SLACK_MAX_AGE_SECONDS - 1;
    assert.deepEqual(checkSlackSignature(body, String(old), sign(old), SECRET, now), {
      ok: false,
      reason: "stale",
    });
    const ahead = now + SLACK_MAX_AGE_SECONDS + 1;
    assert.deepEqual(checkSlackSignature(body, String(ahead), sign(ahead), SECRET, now), {
      ok: false,
      reason: "stale",
    });
  });
  it("refuses another secret, a timestamp other than the signed one, and missing headers", () => {
    const bad = { ok: false, reason: "signature" };
    assert.deepEqual(checkSlackSignature(body, String(now), sign(now, "other"), SECRET, now), bad);
    assert.deepEqual(checkSlackSignature(body, String(now - 1), sign(now), SECRET, now), bad);
    assert.deepEqual(checkSlackSignature(body, null, sign(now), SECRET, now), bad);
    assert.deepEqual(checkSlackSignature(body, String(now), null, SECRET, now), bad);
    assert.deepEqual(checkSlackSignature(body, "12e3", sign(now), SECRET, now), bad);
  });
});

describe("OpsGenie callback token", () => {
  it("matches only the exact secret", () => {
    assert.ok(callbackTokenMatches(SECRET, SECRET));
    assert.equal(callbackTokenMatches(SECRET.slice(0, -1), SECRET), false);
    assert.equal(callbackTokenMatches(`${SECRET}x`, SECRET), false);
    assert.equal(callbackTokenMatches(null, SECRET), false);
    assert.equal(callbackTokenMatches("", SECRET), false);
  });
});

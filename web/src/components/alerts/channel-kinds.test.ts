import assert from "node:assert/strict";
import { test } from "node:test";
import { CHANNEL_KINDS, channelSettings, newSigningSecret } from "./channel-kinds";

test("a form for each of the schema's kinds (a Record of them), each field once", () => {
  assert.equal(CHANNEL_KINDS.length, 9);
  for (const k of CHANNEL_KINDS)
    assert.equal(new Set(k.fields.map((f) => f.name)).size, k.fields.length, k.kind);
});

test("a masked field is a secret, and so are the webhook's URL and signing secret (as the API stores them)", () => {
  for (const k of CHANNEL_KINDS)
    for (const f of k.fields) if (f.type === "secret") assert.ok(f.secret, `${k.kind}.${f.name}`);
  const webhook = CHANNEL_KINDS.find((k) => k.kind === "WEBHOOK");
  assert.deepEqual(
    webhook?.fields.map((f) => [f.name, f.secret]),
    [
      ["url", true],
      ["signingSecret", true],
    ],
  );
  const plain = CHANNEL_KINDS.flatMap((k) => k.fields.filter((f) => !f.secret).map((f) => f.name));
  assert.deepEqual([...new Set(plain)].sort(), ["accountSid", "chatId", "emails", "fromNumber", "toNumber"]);
});

test("settings: a kind's own fields, trimmed, empty ones left out, addresses split", () => {
  const form: Record<string, string> = {
    url: " https://hooks.example.com/x ",
    signingSecret: "",
    emails: "noc@example.com, ops@example.com\nceo@example.com;;",
    botToken: "not this kind's",
  };
  const value = (field: string) => form[field] ?? "";
  assert.deepEqual(channelSettings("WEBHOOK", value), { url: "https://hooks.example.com/x" });
  assert.deepEqual(channelSettings("EMAIL", value), {
    emails: ["noc@example.com", "ops@example.com", "ceo@example.com"],
  });
  assert.deepEqual(
    channelSettings("EMAIL", () => " , "),
    {},
  );
});

test("a signing secret is whsec_ and 24 bytes of base64", () => {
  const secret = newSigningSecret((bytes) => bytes.fill(7));
  assert.match(secret, /^whsec_[A-Za-z0-9+/]{32}$/);
  assert.deepEqual([...Buffer.from(secret.slice(6), "base64")], new Array(24).fill(7));
});

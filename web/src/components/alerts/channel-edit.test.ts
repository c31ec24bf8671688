import assert from "node:assert/strict";
import { test } from "node:test";
import { type AlertChannelRow, channelEdit, editedSettings, initialValue, secretHint } from "./channel-edit";
import { kindOf } from "./channel-kinds";

const webhook: AlertChannelRow = {
  id: "QWxlcnRDaGFubmVsOjE=",
  name: "NOC webhook",
  kind: "WEBHOOK",
  enabled: true,
  sharedWithCustomers: false,
  settings: {},
  secrets: [
    { field: "url", hint: "https://hooks.example.com/…/abc" },
    { field: "signingSecret", hint: "…Qk0=" },
  ],
};
const sms: AlertChannelRow = {
  ...webhook,
  name: "On-call SMS",
  kind: "SMS",
  settings: { accountSid: "AC123", fromNumber: "+15005550006", toNumber: "+4915112345678" },
  secrets: [{ field: "authToken", hint: "…wxyz" }],
};
const mail: AlertChannelRow = {
  ...webhook,
  name: "NOC mail",
  kind: "EMAIL",
  settings: { emails: ["noc@example.com", "ops@example.com"] },
  secrets: [],
};
const form = (values: Record<string, string>) => (field: string) => values[field] ?? "";
const field = (kind: string, name: string) => {
  const found = kindOf(kind)?.fields.find((f) => f.name === name);
  assert.ok(found, `${kind}.${name}`);
  return found;
};

test("the edit form starts with the stored plain values; secrets start empty", () => {
  assert.equal(initialValue(field("SMS", "accountSid"), sms.settings), "AC123");
  assert.equal(initialValue(field("SMS", "authToken"), sms.settings), "");
  assert.equal(initialValue(field("EMAIL", "emails"), mail.settings), "noc@example.com, ops@example.com");
  assert.equal(initialValue(field("WEBHOOK", "url"), webhook.settings), "");
  assert.equal(initialValue(field("TELEGRAM", "chatId"), null), "");
  assert.equal(secretHint(webhook, "url"), "https://hooks.example.com/…/abc");
  assert.equal(secretHint(webhook, "previousSigningSecret"), undefined);
});

test("only a changed name, URL and sharing are sent: the signing secret left empty is kept", () => {
  const input = channelEdit(
    webhook,
    form({ name: " NOC webhook (edge) ", url: " https://hooks.example.com/new ", signingSecret: " " }),
    true,
  );
  assert.deepEqual(input, {
    channelId: webhook.id,
    name: "NOC webhook (edge)",
    sharedWithCustomers: true,
    settings: { url: "https://hooks.example.com/new" },
  });
});

test("nothing changed: nothing to send", () => {
  const values = {
    name: "On-call SMS",
    accountSid: "AC123",
    fromNumber: "+15005550006",
    toNumber: "+4915112345678",
  };
  assert.equal(channelEdit(sms, form(values), false), null);
  assert.equal(
    channelEdit(mail, form({ name: "NOC mail", emails: "noc@example.com\nops@example.com" }), false),
    null,
  );
});

test("settings: changed plain fields and typed secrets; the rest left out (the API keeps it)", () => {
  const values = {
    accountSid: "AC123",
    fromNumber: "+15005550007",
    toNumber: "+4915112345678",
    authToken: "",
  };
  assert.deepEqual(editedSettings("SMS", sms.settings, form(values)), { fromNumber: "+15005550007" });
  assert.deepEqual(editedSettings("SMS", sms.settings, form({ ...values, authToken: "new-token" })), {
    fromNumber: "+15005550007",
    authToken: "new-token",
  });
  // Another kind's field is never sent, whatever the form holds.
  assert.equal(
    editedSettings("PAGERDUTY", {}, form({ url: "https://x.example", routingKey: "" })),
    undefined,
  );
});

test("an emptied required field is sent empty, so the API answers under it", () => {
  const values = { accountSid: "", fromNumber: "+15005550006", toNumber: "+4915112345678" };
  assert.deepEqual(editedSettings("SMS", sms.settings, form(values)), { accountSid: "" });
  assert.deepEqual(editedSettings("EMAIL", mail.settings, form({ emails: " , " })), { emails: [] });
  assert.deepEqual(editedSettings("EMAIL", mail.settings, form({ emails: "noc@example.com" })), {
    emails: ["noc@example.com"],
  });
});

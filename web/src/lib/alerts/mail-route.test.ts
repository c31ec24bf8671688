import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MAIL_ROUTE_TEXT } from "./mail-route";

describe("mail server card's route text", () => {
  it("names status page subscribers' e-mails among what the workspace's own server carries", () => {
    assert.match(MAIL_ROUTE_TEXT.WORKSPACE, /alert channels, invitations, status page subscribers' e-mails/);
    assert.match(MAIL_ROUTE_TEXT.WORKSPACE, /leaves through the server below/);
  });

  it("says, with no server, that the status page takes no e-mail subscriptions either", () => {
    assert.match(MAIL_ROUTE_TEXT.NONE, /^No mail server: /);
    assert.match(MAIL_ROUTE_TEXT.NONE, /status page takes no e-mail subscriptions/);
  });
});

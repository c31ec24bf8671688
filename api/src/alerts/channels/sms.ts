import { type AlertMessage, titleOf } from "../alert-message.ts";
import { type ChannelTarget, type Outbound, type RenderContext, sameForAll, str } from "./channel.ts";

/** An SMS gateway: one message to one number. Twilio first; others implement the same shape. */
export interface SmsProvider {
  name: string;
  message(target: ChannelTarget, text: string, ctx: RenderContext): Outbound;
}

/** Twilio Messages API: form-encoded To/From/Body with HTTP Basic auth (Account SID : auth token). */
export const twilio: SmsProvider = {
  name: "twilio",
  message(target, text, ctx) {
    const sid = str(target, "accountSid");
    const basic = Buffer.from(`${sid}:${str(target, "authToken")}`).toString("base64");
    return {
      kind: "http",
      url: `${ctx.providers.twilio}/2010-04-01/Accounts/${encodeURIComponent(sid)}/Messages.json`,
      headers: { "content-type": "application/x-www-form-urlencoded", authorization: `Basic ${basic}` },
      body: new URLSearchParams({
        To: str(target, "toNumber"),
        From: str(target, "fromNumber"),
        Body: text,
      }).toString(),
    };
  },
};

/** SMS is short: the title line and the link. */
const text = (m: AlertMessage) => `${titleOf(m)} ${m.link}`.slice(0, 320);

export const smsChannel = sameForAll(
  "SMS",
  {
    accountSid: { type: "text", secret: false, required: true },
    authToken: { type: "token", secret: true, required: true },
    fromNumber: { type: "e164", secret: false, required: true },
    toNumber: { type: "e164", secret: false, required: true },
  },
  (target, m, ctx) => twilio.message(target, text(m), ctx),
);

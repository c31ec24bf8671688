import { type AlertMessage, factsOf, titleOf } from "../alert-message.ts";
import { SLACK_ACK_ACTION } from "../inbound/callback-payload.ts";
import { CALLBACK_SECRET, type ChannelTarget, http, sameForAll, str } from "./channel.ts";

/**
 * An "Acknowledge" button whose value is the incident, on messages of an incident still open,
 * when the channel has the Slack app's signing secret: the click comes back to
 * /hooks/alerts/<channel>/slack (inbound/callback.route.ts). Without the secret, a click could
 * only fail, so the button is left out.
 */
function acknowledgeButton(target: ChannelTarget, m: AlertMessage) {
  if (!target.callbackSecret || (m.event !== "OPENED" && m.event !== "UPDATED")) return [];
  return [
    {
      type: "button",
      text: { type: "plain_text", text: "Acknowledge" },
      style: "primary",
      action_id: SLACK_ACK_ACTION,
      value: m.incidentId,
    },
  ];
}

/** Slack incoming webhook with Block Kit: header, fields section, a button to the incident. */
function render(target: ChannelTarget, m: AlertMessage) {
  const title = titleOf(m);
  return http(str(target, "url"), {
    text: title,
    blocks: [
      { type: "header", text: { type: "plain_text", text: title.slice(0, 150), emoji: true } },
      {
        type: "section",
        fields: factsOf(m)
          .slice(0, 10)
          .map(([label, value]) => ({ type: "mrkdwn", text: `*${label}*\n${value}` })),
      },
      {
        type: "actions",
        elements: [
          {
            type: "button",
            text: { type: "plain_text", text: "Open incident" },
            url: m.link,
            action_id: "open",
          },
          ...acknowledgeButton(target, m),
        ],
      },
    ],
  });
}

export const slackChannel = sameForAll(
  "SLACK",
  { url: { type: "url", secret: true, required: true }, callbackSecret: CALLBACK_SECRET },
  render,
);

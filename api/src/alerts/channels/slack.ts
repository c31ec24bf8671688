import { type AlertMessage, factsOf, titleOf } from "../alert-message.ts";
import { type ChannelTarget, http, sameForAll, str } from "./channel.ts";

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
        ],
      },
    ],
  });
}

export const slackChannel = sameForAll(
  "SLACK",
  { url: { type: "url", secret: true, required: true } },
  render,
);

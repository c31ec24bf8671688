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

/** Header, fields, then the actions: Open incident and whatever `actions` adds. */
function blocksOf(m: AlertMessage, actions: object[], footer: object[] = []) {
  const title = titleOf(m);
  return {
    text: title,
    blocks: [
      { type: "header", text: { type: "plain_text", text: title.slice(0, 150), emoji: true } },
      {
        type: "section",
        fields: factsOf(m)
          .slice(0, 10)
          .map(([label, value]) => ({ type: "mrkdwn", text: `*${label}*\n${value}` })),
      },
      ...footer,
      {
        type: "actions",
        elements: [
          {
            type: "button",
            text: { type: "plain_text", text: "Open incident" },
            url: m.link,
            action_id: "open",
          },
          ...actions,
        ],
      },
    ],
  };
}

/** Slack incoming webhook with Block Kit: header, fields section, a button to the incident. */
function render(target: ChannelTarget, m: AlertMessage) {
  return http(str(target, "url"), blocksOf(m, acknowledgeButton(target, m)));
}

/**
 * What replaces Levee's message once someone acknowledged the incident (POSTed to the click's
 * response_url, inbound/slack-ack-update.ts): the same header and fields, who acknowledged and when
 * (plain text: a Slack user name is shown as typed), and no Acknowledge button.
 */
export function acknowledgedSlackMessage(m: AlertMessage, by: string, at: Date) {
  const when = at.toISOString().replace(/\.\d{3}Z$/, "Z");
  const note = { type: "plain_text", text: `Acknowledged by ${by} at ${when}`.slice(0, 2000), emoji: false };
  return { replace_original: true, ...blocksOf(m, [], [{ type: "context", elements: [note] }]) };
}

export const slackChannel = sameForAll(
  "SLACK",
  { url: { type: "url", secret: true, required: true }, callbackSecret: CALLBACK_SECRET },
  render,
);

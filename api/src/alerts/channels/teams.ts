import { type AlertMessage, factsOf, titleOf } from "../alert-message.ts";
import { type ChannelTarget, http, sameForAll, str } from "./channel.ts";

const colour = { LOW: "Accent", MEDIUM: "Warning", HIGH: "Attention", CRITICAL: "Attention" } as const;

/** Microsoft Teams workflow ("Post to a channel when a webhook request is received"): an Adaptive Card. */
function render(target: ChannelTarget, m: AlertMessage) {
  return http(str(target, "url"), {
    type: "message",
    attachments: [
      {
        contentType: "application/vnd.microsoft.card.adaptive",
        contentUrl: null,
        content: {
          $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
          type: "AdaptiveCard",
          version: "1.4",
          body: [
            {
              type: "TextBlock",
              text: titleOf(m),
              weight: "Bolder",
              size: "Medium",
              wrap: true,
              color: m.event === "RESOLVED" ? "Good" : colour[m.severity],
            },
            { type: "FactSet", facts: factsOf(m).map(([title, value]) => ({ title, value })) },
          ],
          actions: [{ type: "Action.OpenUrl", title: "Open incident", url: m.link }],
        },
      },
    ],
  });
}

export const teamsChannel = sameForAll(
  "TEAMS",
  { url: { type: "url", secret: true, required: true } },
  render,
);

import { type AlertMessage, factsOf, RESOLVED_COLOUR, SEVERITY_COLOURS, titleOf } from "../alert-message.ts";
import { type ChannelTarget, http, sameForAll, str } from "./channel.ts";

/** Discord webhook: one embed coloured by severity (green once resolved). */
function render(target: ChannelTarget, m: AlertMessage) {
  return http(str(target, "url"), {
    username: "Levee",
    allowed_mentions: { parse: [] },
    embeds: [
      {
        title: titleOf(m).slice(0, 256),
        url: m.link,
        color: m.event === "RESOLVED" ? RESOLVED_COLOUR : SEVERITY_COLOURS[m.severity],
        timestamp: m.endedAt ?? m.startedAt,
        fields: factsOf(m).map(([name, value]) => ({ name, value, inline: true })),
        footer: { text: `Incident ${m.incidentId}` },
      },
    ],
  });
}

export const discordChannel = sameForAll(
  "DISCORD",
  { url: { type: "url", secret: true, required: true } },
  render,
);

import { type AlertMessage, escapeHtml, factsOf, titleOf } from "../alert-message.ts";
import { type ChannelTarget, http, type RenderContext, sameForAll, str } from "./channel.ts";

/** Telegram Bot API sendMessage with HTML parse mode. */
function render(target: ChannelTarget, m: AlertMessage, ctx: RenderContext) {
  const lines = [
    `<b>${escapeHtml(titleOf(m))}</b>`,
    ...factsOf(m).map(([k, v]) => `${escapeHtml(k)}: ${escapeHtml(v)}`),
    `<a href="${escapeHtml(m.link)}">Open incident</a>`,
  ];
  return http(`${ctx.providers.telegram}/bot${str(target, "botToken")}/sendMessage`, {
    chat_id: str(target, "chatId"),
    text: lines.join("\n"),
    parse_mode: "HTML",
    link_preview_options: { is_disabled: true },
  });
}

export const telegramChannel = sameForAll(
  "TELEGRAM",
  {
    botToken: { type: "token", secret: true, required: true },
    chatId: { type: "text", secret: false, required: true },
  },
  render,
);

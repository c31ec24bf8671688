import { type AlertMessage, escapeHtml, factsOf, plainTextOf, titleOf } from "../alert-message.ts";
import { type ChannelTarget, sameForAll } from "./channel.ts";

/** E-mail over the configured SMTP relay: an HTML table of the facts and the same as plain text. */
function render(target: ChannelTarget, m: AlertMessage) {
  const rows = factsOf(m)
    .map(([k, v]) => `<tr><th align="left">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`)
    .join("");
  const html = `<!doctype html><html><body><h2>${escapeHtml(titleOf(m))}</h2><table>${rows}</table>
<p><a href="${escapeHtml(m.link)}">Open incident</a></p></body></html>`;
  const to = Array.isArray(target.emails) ? target.emails : [];
  // The From display name is the tenant's product name (the address stays SMTP_FROM's).
  return {
    kind: "email" as const,
    to,
    subject: titleOf(m),
    text: plainTextOf(m),
    html,
    fromName: m.productName,
  };
}

export const emailChannel = sameForAll(
  "EMAIL",
  { emails: { type: "emails", secret: false, required: true } },
  render,
);

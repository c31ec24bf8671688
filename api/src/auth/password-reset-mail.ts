// The "forgot password" e-mail: the link, how long it works, and that ignoring it changes nothing.
// Pure, so the wording is tested without SMTP (password-reset-mail.test.ts).
import { escapeHtml } from "../alerts/alert-message.ts";

/** A reset link works this long after it is mailed, once. */
export const RESET_TTL_MS = 3_600_000;

/** The web app's page that takes the new password (`/reset-password?token=`). */
export function resetLink(webUrl: string, token: string): string {
  return `${webUrl.replace(/\/+$/, "")}/reset-password?token=${encodeURIComponent(token)}`;
}

export interface ResetMail {
  subject: string;
  text: string;
  html: string;
}

export function passwordResetMail(productName: string, link: string): ResetMail {
  const lines = [
    `Someone, probably you, asked to reset the password of your ${productName} account.`,
    `Choose a new password here: ${link}`,
    "The link works once, for one hour.",
    "If you did not ask for it, ignore this e-mail: your password stays as it is.",
  ];
  const html = `<!doctype html><html><body>
<p>${escapeHtml(lines[0] as string)}</p>
<p><a href="${escapeHtml(link)}">Choose a new password</a></p>
<p>${escapeHtml(lines[2] as string)}</p>
<p>${escapeHtml(lines[3] as string)}</p>
</body></html>`;
  return { subject: `Reset your ${productName} password`, text: lines.join("\n"), html };
}

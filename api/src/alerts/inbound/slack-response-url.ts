/**
 * Slack interactivity's `response_url`: where Levee replaces its message once someone clicked
 * Acknowledge. It arrives in a request signed with the Slack app's signing secret, yet a URL Levee
 * will POST to is judged as strictly as a channel's: https on Slack's own host (default
 * `hooks.slack.com`, ALERTS_SLACK_RESPONSE_HOSTS for another, such as GovSlack's), path
 * `/actions/…` as Slack issues them, no credentials. Pure; the sender checks the connected
 * address again (target-guard.ts).
 */

/** Slack's response_url paths: `/actions/<team>/<action>/<token>`. */
const ACTIONS_PATH = /^\/actions\/[A-Za-z0-9/_-]+$/;
const MAX_LENGTH = 2048;

/**
 * Why `value` is no URL Levee may answer a click at (a sentence for the log), or undefined when it
 * is. `allowedHosts` are `host` or `host:port` as URL.host spells them; http:// only where private
 * targets are allowed (a lab or test receiver), as for channel URLs.
 */
export function slackResponseUrlProblem(
  value: string,
  allowedHosts: readonly string[],
  allowPrivate: boolean,
): string | undefined {
  if (value.length > MAX_LENGTH) return `is over ${MAX_LENGTH} characters`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "is not a URL";
  }
  if (url.protocol !== "https:" && !(allowPrivate && url.protocol === "http:"))
    return "must be an https:// URL";
  if (url.username || url.password) return "must not carry a user name or password";
  if (!allowedHosts.includes(url.host.toLowerCase()))
    return `host ${url.host} is not Slack's (ALERTS_SLACK_RESPONSE_HOSTS: ${allowedHosts.join(", ")})`;
  if (!ACTIONS_PATH.test(url.pathname) || url.search || url.hash)
    return "is not a Slack response_url (/actions/…)";
  return undefined;
}

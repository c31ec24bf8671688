/**
 * What a provider's callback asks of Levee, read from its documented payload. Pure: the route
 * (callback.route.ts) verifies the request first and does the I/O.
 */

export const CALLBACK_PROVIDERS = { pagerduty: "PAGERDUTY", slack: "SLACK", opsgenie: "OPSGENIE" } as const;
export type CallbackProvider = keyof typeof CALLBACK_PROVIDERS;
export const PROVIDER_LABELS: Record<CallbackProvider, string> = {
  pagerduty: "PagerDuty",
  slack: "Slack",
  opsgenie: "OpsGenie",
};

/**
 * Where the provider of a channel of this kind sends its callbacks, on the web origin (which
 * forwards /hooks/alerts/ to the API); undefined for kinds with none. OpsGenie's adds
 * `?token=<the channel's callback secret>`.
 */
export function callbackUrlOf(webUrl: string, kind: string, channelId: string): string | undefined {
  const provider = (Object.keys(CALLBACK_PROVIDERS) as CallbackProvider[]).find(
    (p) => CALLBACK_PROVIDERS[p] === kind,
  );
  return provider && `${webUrl.replace(/\/+$/, "")}/hooks/alerts/${channelId}/${provider}`;
}

/** The Slack button Levee adds to its messages (channels/slack.ts); its value is the incident. */
export const SLACK_ACK_ACTION = "levee_acknowledge";

export type CallbackAction =
  /** `incidentKey`: what Levee sent as the provider's key (dedup_key, alias, button value). */
  | {
      kind: "acknowledge";
      incidentKey: string;
      reporter: string;
      /** Slack: where the clicked message can be replaced (checked by slack-response-url.ts). */
      responseUrl?: string;
    }
  /** A well-formed event that asks nothing of Levee (another event type, a ping): answered 200. */
  | { kind: "ignore"; reason: string }
  | { kind: "malformed" };

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const text = (v: unknown): string | undefined =>
  typeof v === "string" && v.trim() !== "" ? v.trim() : undefined;

function parseJson(raw: string): Json | undefined {
  try {
    const value = JSON.parse(raw) as unknown;
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Who the provider says acted: printable, one line, bounded (it lands in the audit log). */
export function reporterOf(...parts: (string | undefined)[]): string {
  const shown = parts.filter((p): p is string => p !== undefined);
  const joined =
    shown.length > 1 ? `${shown[0]} (${shown.slice(1).join(", ")})` : (shown[0] ?? "unknown user");
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
  return joined.replace(/[\u0000-\u001f\u007f]/g, " ").slice(0, 200);
}

const PAGERDUTY_ACK_EVENTS = new Set(["incident.acknowledged", "incident.resolved"]);

/**
 * PagerDuty Webhooks v3: `{ event: { event_type, agent: { summary }, data: { incident_key } } }`.
 * Levee's trigger set `dedup_key` to the incident, which PagerDuty reports as `incident_key`.
 * Resolved in PagerDuty also counts as acknowledged: someone took it; the attack itself ends
 * when the traffic does, not when a page is closed.
 */
export function pagerDutyAction(raw: string): CallbackAction {
  const event = parseJson(raw)?.event;
  if (!isObject(event) || !text(event.event_type)) return { kind: "malformed" };
  const type = text(event.event_type) as string;
  if (!PAGERDUTY_ACK_EVENTS.has(type)) return { kind: "ignore", reason: `event ${type}` };
  const data = isObject(event.data) ? event.data : {};
  const incidentKey = text(data.incident_key);
  if (!incidentKey) return { kind: "ignore", reason: "no incident_key (not an incident Levee opened)" };
  const agent = isObject(event.agent) ? event.agent : {};
  return { kind: "acknowledge", incidentKey, reporter: reporterOf(text(agent.summary), text(agent.id)) };
}

/**
 * Slack interactivity: a form body `payload=<json>`, type `block_actions`, the clicked action in
 * `actions[]`; only Levee's Acknowledge button counts (its value is the incident).
 */
export function slackAction(raw: string): CallbackAction {
  const payload = parseJson(new URLSearchParams(raw).get("payload") ?? "");
  if (!payload || !text(payload.type)) return { kind: "malformed" };
  if (payload.type !== "block_actions") return { kind: "ignore", reason: `payload ${String(payload.type)}` };
  const actions = Array.isArray(payload.actions) ? payload.actions.filter(isObject) : [];
  const ack = actions.find((a) => a.action_id === SLACK_ACK_ACTION);
  const incidentKey = text(ack?.value);
  if (!incidentKey) return { kind: "ignore", reason: "not the Acknowledge button" };
  const user = isObject(payload.user) ? payload.user : {};
  const responseUrl = text(payload.response_url);
  return {
    kind: "acknowledge",
    incidentKey,
    reporter: reporterOf(text(user.name) ?? text(user.username), text(user.id)),
    ...(responseUrl && { responseUrl }),
  };
}

const OPSGENIE_ACK_ACTIONS = new Set(["Acknowledge", "Close"]);

/**
 * OpsGenie outgoing webhook: `{ action, alert: { alias, username }, source: { name } }`; Levee
 * created the alert with `alias` = the incident. `username` is the user's e-mail address.
 */
export function opsGenieAction(raw: string): CallbackAction {
  const body = parseJson(raw);
  const action = text(body?.action);
  if (!body || !action || !isObject(body.alert)) return { kind: "malformed" };
  if (!OPSGENIE_ACK_ACTIONS.has(action)) return { kind: "ignore", reason: `action ${action}` };
  const incidentKey = text(body.alert.alias);
  if (!incidentKey) return { kind: "ignore", reason: "no alias (not an alert Levee created)" };
  const source = isObject(body.source) ? body.source : {};
  return {
    kind: "acknowledge",
    incidentKey,
    reporter: reporterOf(text(body.alert.username) ?? text(source.name)),
  };
}

export const callbackActionOf: Record<CallbackProvider, (raw: string) => CallbackAction> = {
  pagerduty: pagerDutyAction,
  slack: slackAction,
  opsgenie: opsGenieAction,
};

import { z } from "zod";

/**
 * Alerting's environment variables, spread into config.ts's schema so every bad value is still
 * reported together. Provider base URLs are overridable so tests (and air-gapped relays) can
 * point a channel kind at a local receiver.
 */
const bool = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");
const httpUrl = z.url().refine((value) => /^https?:$/.test(new URL(value).protocol), {
  message: "must be an http:// or https:// URL",
});

export const alertEnvSchema = {
  ALERTS_ALLOW_PRIVATE_TARGETS: bool.optional(),
  ALERTS_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
  ALERTS_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(6),
  ALERTS_RETRY_BASE_MS: z.coerce.number().int().min(10).max(600_000).default(2000),
  /** Hosts (host or host:port) whose Slack response_url Levee answers an Acknowledge click at. */
  ALERTS_SLACK_RESPONSE_HOSTS: z
    .string()
    .default("hooks.slack.com")
    .transform((value) =>
      value
        .split(",")
        .map((host) => host.trim().toLowerCase())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().regex(/^[a-z0-9.-]+(:\d{1,5})?$|^\[[0-9a-f:.]+\](:\d{1,5})?$/)).min(1)),
  ALERTS_PAGERDUTY_URL: httpUrl.default("https://events.pagerduty.com/v2/enqueue"),
  ALERTS_OPSGENIE_URL: httpUrl.default("https://api.opsgenie.com"),
  ALERTS_TELEGRAM_URL: httpUrl.default("https://api.telegram.org"),
  ALERTS_TWILIO_URL: httpUrl.default("https://api.twilio.com"),
  PUBLIC_WEB_URL: httpUrl.default("http://localhost:3000"),
  SMTP_URL: z
    .url()
    .refine((value) => /^smtps?:$/.test(new URL(value).protocol), { message: "must be smtp:// or smtps://" })
    .optional(),
  SMTP_FROM: z.string().min(3).optional(),
};

type AlertEnv = z.output<z.ZodObject<typeof alertEnvSchema>>;

export interface AlertConfig {
  /** Let channels target loopback, private, link-local and metadata addresses (tests, labs). */
  allowPrivateTargets: boolean;
  timeoutMs: number;
  maxAttempts: number;
  retryBaseMs: number;
  providers: { pagerduty: string; opsgenie: string; telegram: string; twilio: string };
  /** Hosts a Slack click's response_url may name (inbound/slack-response-url.ts). */
  slackResponseHosts: string[];
  /** Base of incident links in messages (the web app). */
  webUrl: string;
  /** Server-wide SMTP relay for e-mail channels, invitations and status page subscribers' e-mails; unset → e-mail channels refused. */
  smtp: { url: string; from: string } | undefined;
}

export function alertConfigOf(e: AlertEnv): AlertConfig {
  const strip = (url: string) => url.replace(/\/$/, "");
  return {
    allowPrivateTargets: e.ALERTS_ALLOW_PRIVATE_TARGETS ?? false,
    timeoutMs: e.ALERTS_TIMEOUT_MS,
    maxAttempts: e.ALERTS_MAX_ATTEMPTS,
    retryBaseMs: e.ALERTS_RETRY_BASE_MS,
    providers: {
      pagerduty: e.ALERTS_PAGERDUTY_URL,
      opsgenie: strip(e.ALERTS_OPSGENIE_URL),
      telegram: strip(e.ALERTS_TELEGRAM_URL),
      twilio: strip(e.ALERTS_TWILIO_URL),
    },
    slackResponseHosts: e.ALERTS_SLACK_RESPONSE_HOSTS,
    webUrl: strip(e.PUBLIC_WEB_URL),
    smtp: e.SMTP_URL ? { url: e.SMTP_URL, from: e.SMTP_FROM ?? "Levee <levee@localhost>" } : undefined,
  };
}

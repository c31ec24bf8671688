import type { Transporter } from "nodemailer";
import type { AlertConfig } from "./alert-config.ts";
import type { Outbound } from "./channels/channel.ts";
import { sendHttp } from "./http-send.ts";
import { isRetryableStatus } from "./retry-policy.ts";

export interface SendOutcome {
  ok: boolean;
  httpStatus?: number;
  latencyMs: number;
  error?: string;
  retryable: boolean;
  retryAfter?: string;
}

const transports = new Map<string, Transporter>();

/**
 * One SMTP transport per relay URL, with the same deadline as HTTP channels. nodemailer is loaded
 * with the first e-mail, not by every API start.
 */
async function smtpTransport(config: AlertConfig): Promise<Transporter | undefined> {
  if (!config.smtp) return undefined;
  let transport = transports.get(config.smtp.url);
  if (!transport) {
    const url = new URL(config.smtp.url);
    for (const name of ["connectionTimeout", "greetingTimeout", "socketTimeout"])
      url.searchParams.set(name, String(config.timeoutMs));
    const { createTransport } = await import("nodemailer");
    transport = transports.get(config.smtp.url) ?? createTransport(url.toString());
    transports.set(config.smtp.url, transport);
  }
  return transport;
}

/** Sends one rendered notification (HTTP or e-mail) and says whether and how it failed. */
export async function sendOutbound(outbound: Outbound, config: AlertConfig): Promise<SendOutcome> {
  const started = performance.now();
  const latency = () => Math.round(performance.now() - started);
  if (outbound.kind === "email") {
    const transport = await smtpTransport(config);
    if (!transport || !config.smtp)
      return { ok: false, latencyMs: 0, retryable: false, error: "SMTP is not configured (SMTP_URL)" };
    try {
      await transport.sendMail({
        from: outbound.fromName ? fromWithName(config.smtp.from, outbound.fromName) : config.smtp.from,
        to: outbound.to,
        subject: outbound.subject,
        text: outbound.text,
        html: outbound.html,
      });
      return { ok: true, latencyMs: latency(), retryable: false };
    } catch (error) {
      const code = (error as { responseCode?: number }).responseCode;
      // SMTP 5xx replies are permanent (bad recipient, refused); 4xx and connection errors are not.
      return {
        ok: false,
        latencyMs: latency(),
        retryable: !(code && code >= 500),
        error: (error as Error).message,
      };
    }
  }
  const result = await sendHttp(outbound, {
    timeoutMs: config.timeoutMs,
    allowPrivate: config.allowPrivateTargets,
  });
  const latencyMs = latency();
  switch (result.kind) {
    case "response": {
      const ok = result.status >= 200 && result.status < 300;
      return {
        ok,
        httpStatus: result.status,
        latencyMs,
        retryable: !ok && isRetryableStatus(result.status),
        retryAfter: result.retryAfter,
        error: ok ? undefined : `HTTP ${result.status}: ${result.body.slice(0, 300)}`,
      };
    }
    case "refused":
      return { ok: false, latencyMs, retryable: false, error: result.message };
    default:
      return { ok: false, latencyMs, retryable: true, error: result.message };
  }
}

export function closeSmtpTransports(): void {
  for (const transport of transports.values()) transport.close();
  transports.clear();
}

/** SMTP_FROM's address under another display name: `Name <addr>` or a bare address. */
export function fromWithName(from: string, name: string): { name: string; address: string } {
  const address = /<([^>]+)>\s*$/.exec(from)?.[1] ?? from.trim();
  return { name, address };
}

import { isIP } from "node:net";
import type { Transporter } from "nodemailer";
import type { AlertConfig } from "./alert-config.ts";
import type { EmailOutbound, Outbound } from "./channels/channel.ts";
import { sendHttp } from "./http-send.ts";
import type { MailRelay } from "./mail-relay.ts";
import { isRetryableStatus, retryAfterInBody } from "./retry-policy.ts";
import { resolveAllowed, TargetRefusedError } from "./target-guard.ts";

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
    if (outbound.relay) return sendThroughRelay(outbound, outbound.relay, config, latency);
    const transport = await smtpTransport(config);
    if (!transport || !config.smtp)
      return {
        ok: false,
        latencyMs: 0,
        retryable: false,
        error: "No mail server: none set for the workspace and SMTP_URL not configured",
      };
    const from = outbound.fromName ? fromWithName(config.smtp.from, outbound.fromName) : config.smtp.from;
    return sendMail(transport, from, outbound, latency);
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
        // Telegram says how long to wait only in its JSON answer (parameters.retry_after).
        retryAfter: result.retryAfter ?? (ok ? undefined : retryAfterInBody(result.body)),
        error: ok ? undefined : `HTTP ${result.status}: ${result.body.slice(0, 300)}`,
      };
    }
    case "refused":
      return { ok: false, latencyMs, retryable: false, error: result.message };
    default:
      return { ok: false, latencyMs, retryable: true, error: result.message };
  }
}

async function sendMail(
  transport: Transporter,
  from: string | { name: string; address: string },
  outbound: EmailOutbound,
  latency: () => number,
): Promise<SendOutcome> {
  try {
    await transport.sendMail({
      from,
      to: outbound.to,
      subject: outbound.subject,
      text: outbound.text,
      html: outbound.html,
      ...(outbound.headers && { headers: outbound.headers }),
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

/**
 * Through a workspace's own relay: connected to the address resolved and judged now (a name
 * re-pointed at a private address since it was saved is refused), the certificate checked against
 * the host name. One connection a message, closed after it, as nodemailer's plain transport does.
 */
async function sendThroughRelay(
  outbound: EmailOutbound,
  relay: MailRelay,
  config: AlertConfig,
  latency: () => number,
): Promise<SendOutcome> {
  if (relay.unusable) return { ok: false, latencyMs: 0, retryable: false, error: relay.unusable };
  const outcome = await sendThroughRelayAs(outbound, relay, config, latency);
  // A customer's delivery log does not carry its MSP's relay: host, addresses, SMTP replies.
  if (!outcome.ok && relay.inherited)
    return { ...outcome, error: "your MSP's mail server did not accept the message" };
  return outcome;
}

async function sendThroughRelayAs(
  outbound: EmailOutbound,
  relay: MailRelay,
  config: AlertConfig,
  latency: () => number,
): Promise<SendOutcome> {
  let address: string;
  try {
    address = await resolveAllowed(relay.host, config.allowPrivateTargets);
  } catch (error) {
    // A refused address stays refused; a name that did not resolve may resolve later.
    return {
      ok: false,
      latencyMs: latency(),
      retryable: !(error instanceof TargetRefusedError),
      error: `mail server ${relay.host}: ${(error as Error).message}`,
    };
  }
  const { createTransport } = await import("nodemailer");
  const transport = createTransport({
    host: address,
    port: relay.port,
    secure: relay.security === "TLS",
    requireTLS: relay.security === "STARTTLS",
    ignoreTLS: relay.security === "NONE",
    ...(relay.username && relay.password ? { auth: { user: relay.username, pass: relay.password } } : {}),
    ...(isIP(relay.host) ? {} : { tls: { servername: relay.host } }),
    connectionTimeout: config.timeoutMs,
    greetingTimeout: config.timeoutMs,
    socketTimeout: config.timeoutMs,
  });
  try {
    const from = outbound.fromName
      ? { name: outbound.fromName, address: relay.fromAddress }
      : relay.fromAddress;
    return await sendMail(transport, from, outbound, latency);
  } finally {
    transport.close();
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

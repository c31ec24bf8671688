import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

/** One request a stand-in provider received. */
export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

/** A reply script for a path prefix: each request takes the next reply (the last one repeats); "hang" never answers. */
export type Reply = { status: number; headers?: Record<string, string>; body?: string } | "hang";

/**
 * Loopback HTTP server standing in for every provider (Slack, Discord, Teams, Telegram,
 * PagerDuty, OpsGenie, Twilio, custom webhooks), recording each request it gets.
 */
export class Receivers {
  readonly received: Received[] = [];
  readonly #scripts = new Map<string, Reply[]>();
  readonly #hanging = new Set<import("node:http").ServerResponse>();
  #server: Server | undefined;
  base = "";

  async start(): Promise<void> {
    this.#server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const path = req.url ?? "";
        this.received.push({
          path,
          headers: req.headers,
          body: Buffer.concat(chunks).toString(),
          at: Date.now(),
        });
        const prefix = [...this.#scripts.keys()].find((p) => path.startsWith(p));
        const script = prefix ? this.#scripts.get(prefix) : undefined;
        const reply = script && script.length > 1 ? script.shift() : script?.[0];
        if (reply === "hang") return void this.#hanging.add(res);
        res.writeHead(reply?.status ?? 202, { "content-type": "application/json", ...reply?.headers });
        res.end(reply?.body ?? '{"ok":true}');
      });
    });
    await new Promise<void>((resolve) => this.#server?.listen(0, "127.0.0.1", resolve));
    this.base = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  script(prefix: string, replies: Reply[]): void {
    this.#scripts.set(prefix, replies);
  }

  on(prefix: string): Received[] {
    return this.received.filter((r) => r.path.startsWith(prefix));
  }

  async close(): Promise<void> {
    for (const res of this.#hanging) res.destroy();
    this.#server?.closeAllConnections();
    await new Promise<void>((resolve) => this.#server?.close(() => resolve()));
  }
}

export interface Mail {
  from: string;
  to: string[];
  raw: string;
}

/**
 * An e-mail as a reader sees it: folded headers undone, and quoted-printable undone in the body only
 * (the headers are not encoded: decoding them too turned the List-Unsubscribe `token=4F…` into
 * `tokenO…`, one run in 16).
 */
export function readable(mail: Mail): string {
  const split = mail.raw.search(/\r?\n\r?\n/);
  const head = mail.raw.slice(0, split).replace(/\r?\n[ \t]+/g, " ");
  const body = mail.raw
    .slice(split)
    .replace(/=\r?\n/g, "")
    .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
  return head + body;
}

/** The token of the first `/<path>?token=…` link in a status page e-mail (confirm, unsubscribe). */
export const tokenIn = (mail: Mail, path: string) =>
  new RegExp(`/${path}\\?token=([A-Za-z0-9_-]{43})`).exec(readable(mail))?.[1];

/** An answer the SMTP server keeps back: `received` once the message is in, `release` answers it. */
export interface HeldAnswer {
  received: Promise<Mail>;
  release(): void;
}

/** Messages the SMTP server answers "try again later": `refused` each one it turned away, `lift` ends it. */
export interface Refusal {
  refused: Mail[];
  /** The first message turned away. */
  first: Promise<Mail>;
  lift(): void;
}

/**
 * A real SMTP server (smtp-server) on loopback keeping every message it accepts. `hold(match)`:
 * the next message that matches is kept (in `mails` at once) but not answered until released, so
 * its sender waits as on a slow relay. `refuse(match)`: every message that matches, until lifted,
 * is answered 451 (a temporary failure, as a greylisting server answers a sender it does not know
 * yet) and not kept in `mails`.
 */
export async function startSmtp(): Promise<{
  url: string;
  mails: Mail[];
  hold(match: (mail: Mail) => boolean): HeldAnswer;
  refuse(match: (mail: Mail) => boolean): Refusal;
  close: () => Promise<void>;
}> {
  const mails: Mail[] = [];
  const refusals: { match: (mail: Mail) => boolean; turnAway: (mail: Mail) => void }[] = [];
  const holds: { match: (mail: Mail) => boolean; take: (mail: Mail, answer: () => void) => void }[] = [];
  const waiting = new Set<() => void>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const mail = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString(),
        };
        const refusal = refusals.find((r) => r.match(mail));
        if (refusal) {
          refusal.turnAway(mail);
          return callback(Object.assign(new Error("Greylisted, try again later"), { responseCode: 451 }));
        }
        mails.push(mail);
        const held = holds.findIndex((h) => h.match(mail));
        if (held < 0) return callback();
        const [hold] = holds.splice(held, 1);
        hold?.take(mail, () => callback());
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    hold(match) {
      let answer: (() => void) | undefined;
      let released = false;
      const received = new Promise<Mail>((resolve) => {
        holds.push({
          match,
          take: (mail, reply) => {
            answer = reply;
            if (released) reply();
            else waiting.add(reply);
            resolve(mail);
          },
        });
      });
      return {
        received,
        release() {
          released = true;
          if (answer) {
            waiting.delete(answer);
            answer();
          }
        },
      };
    },
    refuse(match) {
      const refused: Mail[] = [];
      let first: (mail: Mail) => void = () => {};
      const entry = {
        match,
        turnAway: (mail: Mail) => {
          refused.push(mail);
          first(mail);
        },
      };
      refusals.push(entry);
      return {
        refused,
        first: new Promise<Mail>((resolve) => {
          first = resolve;
        }),
        lift() {
          const at = refusals.indexOf(entry);
          if (at >= 0) refusals.splice(at, 1);
        },
      };
    },
    close: () => {
      for (const answer of waiting) answer();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** Polls until `check` returns a value (not undefined/false), or fails after the deadline. */
export async function waitFor<T>(
  what: string,
  check: () => T | Promise<T>,
  deadlineMs = 60_000,
): Promise<NonNullable<T>> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false && value !== null) return value as NonNullable<T>;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { Semaphore } from "../db/heavy-work.ts";
import { RateLimitedError, ValidationError } from "../errors.ts";
import { createPasswordHasher } from "./password-hashing.ts";

/** scrypt on a thread of its own that yields to the event loop (password-hashing.ts). */
const hasher = createPasswordHasher();
/**
 * One password hash at a time in this process. Each takes ~130 ms of a core; a request of 30
 * aliased sign-ins used to start 30 at once on libuv's four threads, which on a two-core machine
 * left the event loop no core for seconds. Queued, hashing takes at most one core.
 */
const hashing = new Semaphore(1);
/**
 * At ~8 hashes a second, 32 waiting is a 4 s wait: past it a sign-in is refused at once (retry
 * shortly) instead of queueing behind guesses from many addresses without bound.
 */
export const MAX_QUEUED_HASHES = 32;
const scryptAsync = (...args: Parameters<typeof hasher.scrypt>) => {
  if (hashing.queued >= MAX_QUEUED_HASHES) return Promise.reject(new RateLimitedError(1));
  return hashing.run(() => hasher.scrypt(...args));
};
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, keylen: 64 };

/** scrypt$N$r$p$salt$hash (base64url); parameters travel with the hash so they can be raised later. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const { N, r, p, keylen } = SCRYPT;
  const hash = await scryptAsync(password, salt, keylen, { N, r, p, maxmem: 128 * N * r * 2 });
  return ["scrypt", N, r, p, salt.toString("base64url"), hash.toString("base64url")].join("$");
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split("$");
  if (scheme !== "scrypt" || !salt || !hash) return false;
  const expected = Buffer.from(hash, "base64url");
  const N = Number(n);
  const actual = await scryptAsync(password, Buffer.from(salt, "base64url"), expected.length, {
    N,
    r: Number(r),
    p: Number(p),
    maxmem: 128 * N * Number(r) * 2,
  });
  return timingSafeEqual(actual, expected);
}

const common = new Set(
  "password123 123456789012 qwertyuiop12 letmein12345 administrator changeme1234 welcome12345 iloveyou1234".split(
    " ",
  ),
);

/**
 * Rejects passwords that are short, repetitive, common or contain the e-mail's local part; each
 * problem on `path` (sign-up's answer keeps its historical `password`).
 */
export function assertStrongPassword(password: string, email: string, path = "password"): void {
  const problems: string[] = [];
  if (password.length < 12) problems.push("must be at least 12 characters");
  if (password.length > 256) problems.push("must be at most 256 characters");
  if (new Set(password).size < 5) problems.push("must use at least 5 different characters");
  if (common.has(password.toLowerCase())) problems.push("is a commonly used password");
  const local = email.split("@")[0]?.toLowerCase() ?? "";
  if (local.length >= 4 && password.toLowerCase().includes(local))
    problems.push("must not contain your e-mail name");
  if (problems.length > 0) throw new ValidationError(problems.map((message) => ({ path, message })));
}

export type TokenKind = "session" | "agent" | "integration" | "enrollment" | "invitation";
const tokenPrefix: Record<TokenKind, string> = {
  session: "lvs",
  agent: "lva",
  integration: "lvi",
  enrollment: "lve",
  invitation: "lvn",
};

export interface IssuedToken {
  /** The secret, shown once. */
  token: string;
  /** Stored and shown in lists (kind + first characters), never enough to authenticate. */
  prefix: string;
  /** sha256 of the whole token: what the database keeps. */
  hash: string;
}

/** 256-bit random tokens like `lva_3fK9x2Qa_<secret>`; high entropy, so sha256 storage suffices. */
export function issueToken(kind: TokenKind): IssuedToken {
  const id = randomBytes(6).toString("base64url");
  const secret = randomBytes(32).toString("base64url");
  const token = `${tokenPrefix[kind]}_${id}_${secret}`;
  return { token, prefix: `${tokenPrefix[kind]}_${id}`, hash: hashToken(token) };
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function tokenKindOf(token: string): TokenKind | undefined {
  const prefix = token.split("_")[0];
  return (Object.keys(tokenPrefix) as TokenKind[]).find((kind) => tokenPrefix[kind] === prefix);
}

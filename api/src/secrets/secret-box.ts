import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname } from "node:path";

/**
 * Encryption at rest for secrets the API must use again later (channel tokens, webhook signing
 * secrets, provider credentials). AES-256-GCM with a fresh 96-bit IV per value; the `context`
 * (e.g. "alert-channel:<id>:token") is authenticated data, so a sealed value copied into another
 * row or field does not open there. Values are never returned through the API once sealed.
 *
 * Sealed form: `lv1.<key id>.<iv>.<ciphertext‖tag>` (base64url). The key id (first 8 hex of the
 * key's SHA-256) picks the key on open, so rotation works: the new key seals, older keys listed
 * in LEVEE_SECRET_KEYS_PREVIOUS still open what they sealed until it is re-sealed.
 */
export interface SecretBox {
  /** True when a key is configured; without one, `seal` and `open` throw SecretKeyMissingError. */
  readonly available: boolean;
  seal(plain: string, context: string): string;
  open(sealed: string, context: string): string;
}

export class SecretKeyMissingError extends Error {
  constructor() {
    super("LEVEE_SECRET_KEY is not set: secrets cannot be stored or read (set a 32-byte key, base64 or hex)");
    this.name = "SecretKeyMissingError";
  }
}

export class SecretOpenError extends Error {
  constructor(reason: string) {
    super(`a stored secret could not be decrypted: ${reason}`);
    this.name = "SecretOpenError";
  }
}

const VERSION = "lv1";

/** 32 bytes from base64/base64url (43–44 chars) or hex (64 chars); undefined when malformed. */
export function parseSecretKey(text: string): Buffer | undefined {
  const value = text.trim();
  const bytes = /^[0-9a-fA-F]{64}$/.test(value) ? Buffer.from(value, "hex") : Buffer.from(value, "base64url");
  return bytes.length === 32 ? bytes : undefined;
}

function keyId(key: Buffer): string {
  return createHash("sha256").update(key).digest("hex").slice(0, 8);
}

/** A box over one current key and any previous keys (open only). No keys → an unavailable box. */
export function createSecretBox(current: Buffer | undefined, previous: Buffer[] = []): SecretBox {
  const keys = new Map<string, Buffer>();
  for (const key of [current, ...previous]) if (key) keys.set(keyId(key), key);
  const currentId = current ? keyId(current) : undefined;
  return {
    available: current !== undefined,
    seal(plain, context) {
      if (!current || !currentId) throw new SecretKeyMissingError();
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", current, iv);
      cipher.setAAD(Buffer.from(context, "utf8"));
      const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final(), cipher.getAuthTag()]);
      return [VERSION, currentId, iv.toString("base64url"), body.toString("base64url")].join(".");
    },
    open(sealed, context) {
      if (!current) throw new SecretKeyMissingError();
      const [version, id, ivText, bodyText, extra] = sealed.split(".");
      if (version !== VERSION || !id || !ivText || !bodyText || extra !== undefined) {
        throw new SecretOpenError("not a sealed value");
      }
      const key = keys.get(id);
      if (!key) throw new SecretOpenError(`sealed with key ${id}, which is not configured`);
      const iv = Buffer.from(ivText, "base64url");
      const body = Buffer.from(bodyText, "base64url");
      if (iv.length !== 12 || body.length < 16) throw new SecretOpenError("truncated value");
      const decipher = createDecipheriv("aes-256-gcm", key, iv);
      decipher.setAAD(Buffer.from(context, "utf8"));
      decipher.setAuthTag(body.subarray(body.length - 16));
      try {
        return Buffer.concat([
          decipher.update(body.subarray(0, body.length - 16)),
          decipher.final(),
        ]).toString("utf8");
      } catch {
        throw new SecretOpenError("authentication failed (wrong key, context or altered value)");
      }
    },
  };
}

/**
 * The embedded engine keeps its key in a 0600 file beside the data folder, generated on first
 * start, so `npm start` needs no setup; production passes LEVEE_SECRET_KEY instead.
 */
export async function loadOrCreateKeyFile(path: string): Promise<Buffer> {
  try {
    const key = parseSecretKey(await readFile(path, "utf8"));
    if (!key) throw new Error(`${path} does not hold a 32-byte key (base64url or hex)`);
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  const key = randomBytes(32);
  await mkdir(dirname(path), { recursive: true });
  // wx: two processes racing on first start cannot both write; the loser reads the winner's key.
  try {
    await writeFile(path, `${key.toString("base64url")}\n`, { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return loadOrCreateKeyFile(path);
    throw error;
  }
  await chmod(path, 0o600);
  return key;
}

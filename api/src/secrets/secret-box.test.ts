import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import {
  createSecretBox,
  loadOrCreateKeyFile,
  parseSecretKey,
  SecretKeyMissingError,
  SecretOpenError,
} from "./secret-box.ts";

describe("secret box", () => {
  const key = randomBytes(32);

  it("opens what it sealed, and never stores the plain text", () => {
    const box = createSecretBox(key);
    const sealed = box.seal("xoxb-very-secret", "alert-channel:1:token");
    assert.doesNotMatch(sealed, /very-secret/);
    assert.equal(box.open(sealed, "alert-channel:1:token"), "xoxb-very-secret");
    assert.notEqual(box.seal("same", "c"), box.seal("same", "c"), "a fresh IV per value");
  });

  it("refuses a value moved to another context, altered, or sealed with an unknown key", () => {
    const box = createSecretBox(key);
    const sealed = box.seal("s3cret", "alert-channel:1:token");
    assert.throws(() => box.open(sealed, "alert-channel:2:token"), SecretOpenError);
    const parts = sealed.split(".");
    const body = Buffer.from(parts[3] as string, "base64url");
    body[0] = (body[0] as number) ^ 1;
    parts[3] = body.toString("base64url");
    assert.throws(() => box.open(parts.join("."), "alert-channel:1:token"), SecretOpenError);
    assert.throws(
      () => createSecretBox(randomBytes(32)).open(sealed, "alert-channel:1:token"),
      /not configured/,
    );
    assert.throws(() => box.open("plain text", "x"), /not a sealed value/);
  });

  it("rotates: a new key seals, a previous key still opens", () => {
    const old = createSecretBox(key);
    const sealed = old.seal("v", "ctx");
    const rotated = createSecretBox(randomBytes(32), [key]);
    assert.equal(rotated.open(sealed, "ctx"), "v");
    assert.notEqual(rotated.seal("v", "ctx").split(".")[1], sealed.split(".")[1]);
  });

  it("without a key, says how to configure one", () => {
    const box = createSecretBox(undefined);
    assert.equal(box.available, false);
    assert.throws(() => box.seal("v", "ctx"), SecretKeyMissingError);
    assert.throws(() => box.seal("v", "ctx"), /LEVEE_SECRET_KEY/);
  });

  it("parses hex and base64url keys of 32 bytes only", () => {
    assert.deepEqual(parseSecretKey(key.toString("hex")), key);
    assert.deepEqual(parseSecretKey(key.toString("base64url")), key);
    assert.deepEqual(parseSecretKey(key.toString("base64")), key);
    assert.equal(parseSecretKey("short"), undefined);
    assert.equal(parseSecretKey(randomBytes(16).toString("hex")), undefined);
  });

  it("generates the embedded key file once (0600) and reads it back", async () => {
    const dir = await mkdtemp(join(tmpdir(), "levee-secret-"));
    try {
      const path = join(dir, "nested", "secret.key");
      const first = await loadOrCreateKeyFile(path);
      assert.deepEqual(await loadOrCreateKeyFile(path), first);
      assert.equal((await stat(path)).mode & 0o777, 0o600);
      assert.deepEqual(parseSecretKey(await readFile(path, "utf8")), first);
      await writeFile(path, "garbage");
      await assert.rejects(loadOrCreateKeyFile(path), /does not hold a 32-byte key/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

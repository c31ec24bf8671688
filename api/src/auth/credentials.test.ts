import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { ValidationError } from "../errors.ts";
import {
  assertStrongPassword,
  hashPassword,
  hashToken,
  issueToken,
  MAX_QUEUED_HASHES,
  tokenKindOf,
  verifyPassword,
} from "./credentials.ts";
import { HASHING_NICE } from "./password-hashing.ts";

/** A thread's nice value (Linux: field 19 of /proc/self/task/<tid>/stat); undefined once it is gone. */
function niceOf(tid: string | number): number | undefined {
  try {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[16]);
  } catch {
    return undefined; // a thread that ended while the list was read
  }
}

/** Nice values of this process's threads. */
function threadNiceValues(): number[] {
  return readdirSync("/proc/self/task")
    .map((tid) => niceOf(tid))
    .filter((nice) => nice !== undefined);
}

describe("credentials", () => {
  it("hashes passwords with scrypt and verifies them", async () => {
    const stored = await hashPassword("correct horse battery");
    assert.match(stored, /^scrypt\$32768\$8\$1\$/);
    assert.equal(await verifyPassword("correct horse battery", stored), true);
    assert.equal(await verifyPassword("correct horse batterY", stored), false);
    assert.equal(await verifyPassword("x", "not-a-hash"), false);
  });

  it("hashes one at a time and refuses (RATE_LIMITED) past MAX_QUEUED_HASHES waiting, instead of queueing without bound", async () => {
    const attempts = Array.from({ length: MAX_QUEUED_HASHES + 4 }, () =>
      hashPassword("correct horse battery").then(
        () => "hashed",
        (error: { code?: string }) => error.code,
      ),
    );
    const outcomes = await Promise.all(attempts);
    // One runs, MAX_QUEUED_HASHES wait; the rest are refused at once.
    assert.equal(outcomes.filter((o) => o === "hashed").length, MAX_QUEUED_HASHES + 1);
    assert.equal(outcomes.filter((o) => o === "RATE_LIMITED").length, 3);
    assert.equal(await verifyPassword("x", await hashPassword("x-y-z-w-v-u")), false);
  });

  it("hashes on a thread of lower priority than the event loop's, so hashing yields the core to it", async () => {
    assert.equal(process.platform, "linux", "nice values are read from /proc");
    const main = niceOf(process.pid) ?? 0;
    await hashPassword("correct horse battery");
    const after = threadNiceValues();
    assert.equal(niceOf(process.pid), main, "the main thread's priority is unchanged");
    // Run already at nice 10 or more, no thread can be below the main one: nothing to see.
    if (main >= HASHING_NICE) return;
    assert.ok(
      after.includes(HASHING_NICE),
      `a thread at nice ${HASHING_NICE} hashes (threads: ${after.join(" ")})`,
    );
  });

  it("rejects weak passwords with every reason", () => {
    assert.throws(
      () => assertStrongPassword("aaaa", "a@b.c"),
      (e: ValidationError) => {
        assert.equal(e.code, "BAD_USER_INPUT");
        assert.equal(e.fieldErrors.length, 2);
        return true;
      },
    );
    assert.throws(() => assertStrongPassword("Password123", "x@y.z"), ValidationError);
    assert.throws(() => assertStrongPassword("alice-is-great-2026", "alice@example.com"), /e-mail name/);
    assert.doesNotThrow(() => assertStrongPassword("tidal-gate-keeps-floods-out", "alice@example.com"));
  });

  it("issues prefixed tokens whose hash alone is stored", () => {
    const issued = issueToken("agent");
    assert.match(issued.token, /^lva_[\w-]{8}_[\w-]{43}$/);
    assert.ok(issued.token.startsWith(`${issued.prefix}_`));
    assert.equal(issued.hash, hashToken(issued.token));
    assert.equal(tokenKindOf(issued.token), "agent");
    assert.equal(tokenKindOf("nope_x"), undefined);
    assert.notEqual(issueToken("agent").token, issued.token);
  });
});

import assert from "node:assert/strict";
import { scryptSync } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { HASHING_NICE, nicedScrypt } from "./niced-scrypt.ts";

/** The nice value of each of this process's threads (field 19 of /proc/…/stat). */
function threadNices(): number[] {
  return readdirSync("/proc/self/task").map((tid) => {
    const fields = readFileSync(`/proc/self/task/${tid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    return Number(fields[16]);
  });
}

describe("nicedScrypt", () => {
  it("derives what scrypt derives, on a thread at HASHING_NICE", async () => {
    const salt = Buffer.from("0123456789abcdef");
    const options = { N: 1024, r: 8, p: 1, maxmem: 32 * 1024 * 1024 };
    const hash = await nicedScrypt("a password", salt, 64, options);
    assert.deepEqual(hash, scryptSync("a password", salt, 64, options));
    assert.ok(threadNices().includes(HASHING_NICE), `thread nices: ${threadNices().join(",")}`);
  });

  it("rejects what scrypt rejects", async () => {
    const options = { N: 3, r: 8, p: 1, maxmem: 32 * 1024 * 1024 }; // N must be a power of two
    await assert.rejects(nicedScrypt("a password", Buffer.alloc(16), 64, options));
  });
});

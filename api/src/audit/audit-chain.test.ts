import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  type AuditContent,
  type ChainedEntry,
  ChainVerifier,
  canonicalJson,
  entryHash,
  GENESIS_HASH,
} from "./audit-chain.ts";

function chainOf(n: number): ChainedEntry[] {
  const entries: ChainedEntry[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const content: AuditContent = {
      chain: "ws:1",
      seq,
      workspaceId: "1",
      actorType: "USER",
      actorId: "u",
      actorLabel: "a@b.c",
      action: "node.create",
      targetType: "Node",
      targetId: `n${seq}`,
      summary: { after: { name: `n${seq}` } },
      ip: "127.0.0.1",
      createdAt: new Date(1_700_000_000_000 + seq),
    };
    const hash = entryHash(prevHash, content);
    entries.push({ ...content, id: `e${seq}`, prevHash, hash });
    prevHash = hash;
  }
  return entries;
}

function verify(entries: ChainedEntry[]) {
  const verifier = new ChainVerifier();
  verifier.feed(entries);
  return verifier.verdict();
}

describe("audit chain", () => {
  it("canonical JSON sorts keys at every depth and drops undefined", () => {
    assert.equal(
      canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: undefined } }),
      '{"a":{"d":[1,{"y":2,"z":1}]},"b":1}',
    );
  });

  it("an intact chain verifies, also when fed in pages", () => {
    const entries = chainOf(10);
    assert.deepEqual(verify(entries), { valid: true, checked: 10 });
    const paged = new ChainVerifier();
    paged.feed(entries.slice(0, 4));
    paged.feed(entries.slice(4));
    assert.deepEqual(paged.verdict(), { valid: true, checked: 10 });
  });

  it("an edited entry is the first broken link", () => {
    const entries = chainOf(5);
    (entries[2] as ChainedEntry).summary = { after: { name: "forged" } };
    assert.deepEqual(verify(entries).brokenAt, { id: "e3", seq: 3, reason: "hash-mismatch" });
  });

  it("a deleted entry shows as a sequence gap", () => {
    const entries = chainOf(5);
    entries.splice(1, 1);
    assert.deepEqual(verify(entries).brokenAt, { id: "e3", seq: 3, reason: "sequence-gap" });
  });

  it("a re-hashed forged entry breaks the next link", () => {
    const entries = chainOf(4);
    const forged = entries[1] as ChainedEntry;
    forged.action = "node.delete";
    forged.hash = entryHash(forged.prevHash, forged);
    assert.deepEqual(verify(entries).brokenAt, { id: "e3", seq: 3, reason: "prev-hash-mismatch" });
  });
});

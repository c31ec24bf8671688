import assert from "node:assert/strict";
import { test } from "node:test";
import { checkDownload, signedDownloadPath } from "./signed-url.ts";

const KEY = "k".repeat(43);
const ID = "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b";
const NOW = Date.UTC(2026, 10, 25, 12);
const url = (path: string) => new URL(path, "http://levee.test");

test("a signed link is accepted for 15 minutes, then expired (410)", () => {
  const link = url(signedDownloadPath(ID, KEY, NOW));
  assert.deepEqual(checkDownload(link, KEY, NOW + 14 * 60_000), { ok: true, captureId: ID });
  const late = checkDownload(link, KEY, NOW + 16 * 60_000);
  assert.equal(late.ok ? 0 : late.status, 410);
});

test("altered ids, expiries, signatures or another server's key are refused (403)", () => {
  const link = signedDownloadPath(ID, KEY, NOW);
  const status = (path: string, key = KEY) => {
    const r = checkDownload(url(path), key, NOW);
    return r.ok ? 200 : r.status;
  };
  assert.equal(status(link.replace(ID, "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c")), 403);
  assert.equal(status(link.replace(/expires=(\d+)/, (_, e) => `expires=${Number(e) + 3600}`)), 403);
  assert.equal(status(link.replace(/sig=./, "sig=A")), 403);
  assert.equal(status(link.replace(/&sig=.*/, "")), 403);
  assert.equal(status(link, "another-key"), 403);
  assert.equal(status("/evidence/../../etc/passwd"), 404);
});

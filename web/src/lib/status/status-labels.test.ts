import assert from "node:assert/strict";
import { test } from "node:test";
import { BANNER_TEXT } from "./status-labels";

test("the public banner promises no mitigation the page cannot know of", () => {
  // README (Status pages): All systems operational, Some systems degraded, Under attack, All systems offline.
  assert.deepEqual(Object.values(BANNER_TEXT), [
    "All systems operational",
    "Some systems degraded",
    "Under attack",
    "All systems offline",
  ]);
  for (const text of Object.values(BANNER_TEXT)) assert.doesNotMatch(text, /mitigat/i);
});

import assert from "node:assert/strict";
import { test } from "node:test";
import { BANNER_TEXT, tooltipPlacement } from "./status-labels";

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

test("the end bars' tooltips open inwards, the middle ones centred", () => {
  assert.equal(tooltipPlacement(29, 30), "right-0", "today, the rightmost bar");
  assert.equal(tooltipPlacement(0, 30), "left-0", "30 days ago");
  assert.equal(tooltipPlacement(15, 30), "left-1/2 -translate-x-1/2");
});

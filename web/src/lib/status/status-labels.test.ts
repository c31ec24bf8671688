import assert from "node:assert/strict";
import { test } from "node:test";
import { BANNER_TEXT, bannerView, tooltipPlacement } from "./status-labels";

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

test("a page listing no systems says so, not that all of them are operational", () => {
  assert.deepEqual(bannerView("OPERATIONAL", 0), {
    key: "EMPTY",
    text: "No systems listed yet",
    tone: "border-muted/40 bg-surface",
  });
  assert.equal(bannerView("OPERATIONAL", 1).text, "All systems operational");
  assert.equal(bannerView("UNDER_ATTACK", 3).key, "UNDER_ATTACK");
});

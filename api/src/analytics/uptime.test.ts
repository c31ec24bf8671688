import assert from "node:assert/strict";
import { test } from "node:test";
import { uptimeOf } from "./uptime.ts";

const NOW = new Date(Date.UTC(2026, 10, 25, 12, 0));
const day = (d: number) => new Date(Date.UTC(2026, 10, d));

test("days before the node existed count for nothing; today counts up to now", () => {
  const created = new Date(Date.UTC(2026, 10, 24, 18, 0));
  const u = uptimeOf(
    [
      { bucket: day(24), online_minutes: 360, attack_minutes: 5 },
      { bucket: day(25), online_minutes: 660, attack_minutes: 0 },
    ],
    created,
    3,
    NOW,
  );
  assert.deepEqual(
    u.days.map((d) => [d.expectedMinutes, d.onlineMinutes, d.uptimePercent]),
    [
      [0, 0, null],
      [360, 360, 100],
      [720, 660, (100 * 660) / 720],
    ],
  );
  assert.equal(u.attackMinutes, 5);
  assert.equal(u.uptimePercent, (100 * 1020) / 1080);
});

test("a node with no samples is 0 % up, not unknown", () => {
  const u = uptimeOf([], day(1), 30, NOW);
  assert.equal(u.days.length, 30);
  assert.equal(u.uptimePercent, 0);
});

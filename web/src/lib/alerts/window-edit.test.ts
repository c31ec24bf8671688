import assert from "node:assert/strict";
import { test } from "node:test";
import type { WindowDraft } from "./maintenance-form";
import { canEndNow, endNow, type StoredWindow, windowEdit, windowValues } from "./window-edit";

const stored: StoredWindow = {
  id: "w1",
  name: "Kernel upgrade",
  nodeId: null,
  startsAt: "2026-12-04T21:00:00.000Z",
  endsAt: "2026-12-05T01:00:42.120Z",
  weekly: false,
  timeZone: "Europe/Berlin",
};
const base: WindowDraft = {
  name: "Kernel upgrade",
  nodeId: null,
  startsAt: "2026-12-04T21:00:00.000Z",
  endsAt: "2026-12-05T01:00:00.000Z",
  weekly: false,
  timeZone: "Europe/Berlin",
};
/** The form read back: the stored window, to the minute, with `changes`. */
const draftOf = (changes: Partial<WindowDraft> = {}): WindowDraft => ({ ...base, ...changes });

test("the form starts with the window's times as wall-clock minutes in its own zone", () => {
  assert.deepEqual(windowValues(stored), {
    name: "Kernel upgrade",
    nodeId: "",
    timeZone: "Europe/Berlin",
    startsAt: "2026-12-04T22:00",
    endsAt: "2026-12-05T02:00",
    weekly: false,
  });
  assert.equal(
    windowValues({ ...stored, nodeId: "n1", timeZone: "Asia/Kolkata" }).startsAt,
    "2026-12-05T02:30",
  );
  assert.equal(windowValues({ ...stored, nodeId: "n1" }).nodeId, "n1");
});

test("nothing changed (seconds the form does not show included): nothing to send", () => {
  assert.equal(windowEdit(stored, draftOf()), null);
  const { nodeId: _, ...noNode } = stored;
  assert.equal(windowEdit(noNode, draftOf()), null);
});

test("only what changed is sent; the whole workspace again is nodeId null", () => {
  assert.deepEqual(windowEdit(stored, draftOf({ name: "Kernel 6.12", endsAt: "2026-12-05T03:00:00.000Z" })), {
    windowId: "w1",
    name: "Kernel 6.12",
    endsAt: "2026-12-05T03:00:00.000Z",
  });
  assert.deepEqual(windowEdit(stored, draftOf({ nodeId: "n1", weekly: true })), {
    windowId: "w1",
    nodeId: "n1",
    weekly: true,
  });
  assert.deepEqual(windowEdit({ ...stored, nodeId: "n1" }, draftOf()), { windowId: "w1", nodeId: null });
  // Another zone, the same wall-clock times typed: other instants, all three sent.
  assert.deepEqual(
    windowEdit(
      stored,
      draftOf({ timeZone: "UTC", startsAt: "2026-12-04T22:00:00.000Z", endsAt: "2026-12-05T02:00:00.000Z" }),
    ),
    {
      windowId: "w1",
      startsAt: "2026-12-04T22:00:00.000Z",
      endsAt: "2026-12-05T02:00:00.000Z",
      timeZone: "UTC",
    },
  );
});

test("End now: a one-off window active now, ended at that instant; not a weekly, upcoming or ended one", () => {
  const during = Date.parse("2026-12-04T23:30:05.000Z");
  assert.equal(canEndNow(stored, during), true);
  assert.deepEqual(endNow(stored, during), { windowId: "w1", endsAt: "2026-12-04T23:30:05.000Z" });
  assert.equal(canEndNow({ ...stored, weekly: true }, during), false);
  assert.equal(canEndNow(stored, Date.parse("2026-12-04T20:59:59Z")), false);
  assert.equal(canEndNow(stored, Date.parse("2026-12-05T01:00:42.120Z")), false);
  // Confirmed after the window had ended: nothing sent (its end is not moved later).
  assert.equal(endNow(stored, Date.parse("2026-12-05T01:00:42.120Z")), null);
});

test("a time the form opened with is not sent again, even where it reads back as another instant", () => {
  // Europe/Berlin, 2026-10-25: 02:30 local passes twice; stored is the second pass (01:30Z), which the form
  // shows as "02:30" and reads back as the first (00:30Z).
  const repeated = { ...stored, timeZone: "Europe/Berlin", startsAt: "2026-10-25T01:30:00.000Z" };
  const draft = draftOf({ timeZone: "Europe/Berlin", startsAt: "2026-10-25T00:30:00.000Z", name: "Renamed" });
  assert.deepEqual(windowEdit(repeated, draft, { startsAt: true, endsAt: false }), {
    windowId: "w1",
    name: "Renamed",
  });
  assert.equal(
    windowEdit(repeated, draft)?.startsAt,
    "2026-10-25T00:30:00.000Z",
    "without it, moved an hour",
  );
});

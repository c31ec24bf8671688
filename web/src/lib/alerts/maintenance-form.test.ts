import assert from "node:assert/strict";
import { test } from "node:test";
import { readWindowForm, windowState } from "./maintenance-form";

const formOf = (fields: Record<string, string>) => {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  return form;
};

test("start and end are read in the chosen zone; no node is the whole workspace", () => {
  const { draft, problems } = readWindowForm(
    formOf({
      name: " Kernel upgrade ",
      nodeId: "",
      timeZone: "europe/berlin",
      startsAt: "2026-12-04T22:00",
      endsAt: "2026-12-05T02:00",
      weekly: "on",
    }),
  );
  assert.deepEqual(problems, []);
  assert.deepEqual(draft, {
    name: "Kernel upgrade",
    nodeId: null,
    startsAt: "2026-12-04T21:00:00.000Z",
    endsAt: "2026-12-05T01:00:00.000Z",
    weekly: true,
    timeZone: "Europe/Berlin",
  });
  const one = readWindowForm(
    formOf({
      name: "n",
      nodeId: "node-1",
      timeZone: "UTC",
      startsAt: "2026-12-04T22:00",
      endsAt: "2026-12-04T21:00",
    }),
  );
  // End before start is the API's to refuse (its message, on the field); the form sends it as typed.
  assert.equal(one.draft?.nodeId, "node-1");
  assert.equal(one.draft?.weekly, false);
  assert.equal(one.draft?.endsAt, "2026-12-04T21:00:00.000Z");
});

test("an unknown zone, a missing time or one the clocks skip is named on its field", () => {
  const zone = readWindowForm(
    formOf({ name: "n", timeZone: "Mars/Olympus", startsAt: "2026-12-04T22:00", endsAt: "" }),
  );
  assert.equal(zone.draft, null);
  assert.deepEqual(
    zone.problems.map((p) => p.path),
    ["timeZone"],
  );
  const times = readWindowForm(
    formOf({ name: "n", timeZone: "Europe/Berlin", startsAt: "2026-03-29T02:30", endsAt: "" }),
  );
  assert.deepEqual(
    times.problems.map((p) => [p.path, p.message]),
    [
      ["startsAt", "The clocks skip this time in Europe/Berlin (daylight saving)"],
      ["endsAt", "Enter a date and time"],
    ],
  );
});

test("a window's state: held now by the API's rule, else upcoming, ended, or weekly and not now", () => {
  const oneOff = {
    startsAt: "2026-12-04T10:00:00Z",
    endsAt: "2026-12-04T12:00:00Z",
    weekly: false,
    timeZone: "UTC",
  };
  assert.equal(windowState(oneOff, Date.parse("2026-12-04T09:59:59Z")), "upcoming");
  assert.equal(windowState(oneOff, Date.parse("2026-12-04T10:00:00Z")), "active");
  assert.equal(windowState(oneOff, Date.parse("2026-12-04T12:00:00Z")), "ended");
  const weekly = { ...oneOff, weekly: true };
  assert.equal(windowState(weekly, Date.parse("2026-12-11T11:00:00Z")), "active");
  assert.equal(windowState(weekly, Date.parse("2026-12-11T13:00:00Z")), "recurring");
});

import assert from "node:assert/strict";
import { test } from "node:test";
import { placeRefusal } from "./refusal";

test("problems a field shows stay on it; the form's line names only the rest", () => {
  const refusal = {
    code: "BAD_USER_INPUT",
    message: "input.name: must be 1–80 characters; input.steps.0.channelIds: needs a channel; input.x: odd",
    fieldErrors: [
      { path: "input.name", message: "must be 1–80 characters" },
      { path: "input.steps.0.channelIds", message: "needs a channel" },
      { path: "input.x", message: "odd" },
    ],
  };
  const placed = placeRefusal(refusal, ["name", "steps.0.channelIds"]);
  assert.equal(placed.message, "Not saved: x odd.");
  assert.equal(placed.fieldErrors, refusal.fieldErrors);
  assert.equal(
    placeRefusal(refusal, ["name", "steps.0.channelIds", "x"]).message,
    "Not saved: see the marked fields.",
  );
});

test("a taken name is marked on the name; other refusals keep the API's message", () => {
  const conflict = placeRefusal(
    { code: "CONFLICT", message: "That name is already taken", fieldErrors: [] },
    [],
  );
  assert.deepEqual(conflict.fieldErrors, [{ path: "name", message: "That name is already taken" }]);
  const forbidden = { code: "FORBIDDEN", message: "Not allowed", fieldErrors: [] };
  assert.deepEqual(placeRefusal(forbidden, ["name"]), forbidden);
});

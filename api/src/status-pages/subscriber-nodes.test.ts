import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ValidationError } from "../errors.ts";
import { chosenNodeIds, MAX_CHOSEN_NODES, sameChoice } from "./subscriber-nodes.ts";

const page = [
  { nodeId: "n-paris", displayName: "Edge Paris" },
  { nodeId: "n-lyon", displayName: "Edge Lyon" },
  { nodeId: "n-lyon-2", displayName: "Edge Lyon" },
  { nodeId: "n-acme", displayName: "ACME web" },
];

const fieldError = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof ValidationError);
    return error.fieldErrors[0];
  }
  assert.fail("no error");
};

describe("a subscription's chosen nodes", () => {
  it("is the whole page when no name is given", () => {
    assert.deepEqual(chosenNodeIds(page, undefined), []);
    assert.deepEqual(chosenNodeIds(page, null), []);
    assert.deepEqual(chosenNodeIds(page, []), []);
  });

  it("picks the named nodes in the page's order, a repeated name once, a shared name both", () => {
    assert.deepEqual(chosenNodeIds(page, ["ACME web", " Edge Paris ", "ACME web"]), ["n-paris", "n-acme"]);
    assert.deepEqual(chosenNodeIds(page, ["Edge Lyon"]), ["n-lyon", "n-lyon-2"]);
  });

  it("refuses a name the page does not show, an empty one, and too many, saying which", () => {
    assert.deepEqual(
      fieldError(() => chosenNodeIds(page, ["Edge Paris", "edge-paris-host.internal"])),
      { path: "input.nodes.1", message: "is not a node this status page shows" },
    );
    assert.deepEqual(
      fieldError(() => chosenNodeIds(page, ["edge paris"])),
      {
        path: "input.nodes.0",
        message: "is not a node this status page shows",
      },
    );
    assert.deepEqual(
      fieldError(() => chosenNodeIds(page, ["  "])),
      {
        path: "input.nodes.0",
        message: "must not be empty",
      },
    );
    assert.deepEqual(
      fieldError(() =>
        chosenNodeIds(
          page,
          Array.from({ length: MAX_CHOSEN_NODES + 1 }, () => "Edge Paris"),
        ),
      ),
      { path: "input.nodes", message: `at most ${MAX_CHOSEN_NODES} nodes` },
    );
    assert.deepEqual(
      fieldError(() => chosenNodeIds([], ["Edge Paris"])),
      {
        path: "input.nodes.0",
        message: "is not a node this status page shows",
      },
    );
  });

  it("tells a request for what is followed already from a change", () => {
    const whole = { chosenNodes: false, nodeIds: [] };
    const some = { chosenNodes: true, nodeIds: ["a", "b"] };
    const orphaned = { chosenNodes: true, nodeIds: [] };
    assert.equal(sameChoice(whole, []), true);
    assert.equal(sameChoice(whole, ["a"]), false);
    assert.equal(sameChoice(some, ["b", "a"]), true);
    assert.equal(sameChoice(some, ["a"]), false);
    assert.equal(sameChoice(some, []), false);
    // Every chosen node gone: asking for the whole page again is a change, not what it has.
    assert.equal(sameChoice(orphaned, []), false);
  });
});

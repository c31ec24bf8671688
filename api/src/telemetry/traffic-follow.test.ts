import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { GraphQLContext } from "../context.ts";
import { nodesGoneMeanwhile } from "./traffic-follow.ts";

/** What the check reads: when the subscriptions are in place, then which nodes are still there. */
function contextWith(inPlace: Promise<void>, present: () => string[] | Promise<string[]>) {
  return {
    pubsub: { subscribed: () => inPlace },
    db: { node: { findMany: async () => (await present()).map((id) => ({ id })) } },
  } as unknown as Pick<GraphQLContext, "pubsub" | "db">;
}

const settled = async (promise: Promise<void>) =>
  Promise.race([promise.then(() => "fired"), new Promise((r) => setTimeout(r, 50, "pending"))]);

describe("nodesGoneMeanwhile", () => {
  it("fires for the nodes deleted while the subscriptions were set up, once they are in place", async () => {
    let inPlace: () => void = () => {};
    let reads = 0;
    const ctx = contextWith(new Promise<void>((r) => (inPlace = r)), () => {
      reads += 1;
      return ["a", "c"];
    });
    const gone = nodesGoneMeanwhile(ctx, ["a", "b", "c"]);
    const [a, b, c] = ["a", "b", "c"].map(gone);
    assert.equal(
      await settled((b as { fired: Promise<void> }).fired),
      "pending",
      "not before they are in place",
    );
    assert.equal(reads, 0);
    inPlace();
    assert.equal(await settled((b as { fired: Promise<void> }).fired), "fired");
    assert.equal(await settled((a as { fired: Promise<void> }).fired), "pending");
    assert.equal(await settled((c as { fired: Promise<void> }).fired), "pending");
    assert.equal(reads, 1, "one read for every node");
  });

  it("a stopped signal and a failed read fire nothing", async () => {
    const stoppedOne = nodesGoneMeanwhile(
      contextWith(Promise.resolve(), () => []),
      ["a"],
    )("a");
    stoppedOne.stop();
    assert.equal(await settled(stoppedOne.fired), "pending");
    const failed = nodesGoneMeanwhile(
      contextWith(Promise.resolve(), () => Promise.reject(new Error("database away"))),
      ["a"],
    )("a");
    assert.equal(await settled(failed.fired), "pending");
  });
});

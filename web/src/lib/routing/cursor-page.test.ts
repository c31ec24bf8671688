import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ApiRefusedError } from "../graphql/request";
import { afterOf, loadCursorPage } from "./cursor-page";

const staleCursor = new ApiRefusedError([
  {
    message: "after: is not a cursor of this connection",
    extensions: { code: "BAD_USER_INPUT", fieldErrors: [{ path: "after", message: "is not a cursor" }] },
  },
]);
const rateLimited = new ApiRefusedError([
  { message: "Too many requests; retry in 1s", extensions: { code: "RATE_LIMITED" } },
]);
/** next/navigation's redirect() throws an error whose digest names where it goes. */
const redirectsTo = (path: string) => (error: unknown) =>
  String((error as { digest?: unknown }).digest).includes(`;${path};`);
const isEmpty = (page: string[]) => page.length === 0;

describe("loadCursorPage", () => {
  it("loads the page the cursor leads to", async () => {
    assert.deepEqual(await loadCursorPage("c1", "/w/a", async (after) => [`after ${after}`], isEmpty), [
      "after c1",
    ]);
  });

  it("starts over when the API refuses the cursor, or it leads past the last row", async () => {
    await assert.rejects(
      loadCursorPage("forged", "/w/a", () => Promise.reject<string[]>(staleCursor), isEmpty),
      redirectsTo("/w/a"),
    );
    await assert.rejects(
      loadCursorPage("c1", "/w/a", async () => [], isEmpty),
      redirectsTo("/w/a"),
    );
  });

  it("throws any other failure, with a cursor or without: never a silent return to the first page", async () => {
    await assert.rejects(
      loadCursorPage("c1", "/w/a", () => Promise.reject<string[]>(rateLimited), isEmpty),
      (error) => error === rateLimited,
    );
    await assert.rejects(
      loadCursorPage(null, "/w/a", () => Promise.reject<string[]>(staleCursor), isEmpty),
      (error) => error === staleCursor,
    );
  });

  it("reads the cursor from the query string", () => {
    assert.equal(afterOf({ after: "c1" }), "c1");
    assert.equal(afterOf({ after: "" }), null);
    assert.equal(afterOf({ after: ["c1", "c2"] }), null);
    assert.equal(afterOf({}), null);
  });
});

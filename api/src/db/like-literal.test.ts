import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { likeLiteral } from "./like-literal.ts";

describe("likeLiteral", () => {
  it("escapes LIKE's wildcards and its escape character", () => {
    assert.equal(likeLiteral("50%_off\\"), "50\\%\\_off\\\\");
  });
  it("leaves other text as it is", () => {
    assert.equal(likeLiteral("edge-01.example.net"), "edge-01.example.net");
  });
});

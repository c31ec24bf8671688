import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { buildSchema, parse, validate } from "graphql";
import * as documents from "./documents";

// The committed API contract at the repo root (web/src/lib/graphql → ../../../../schema.graphql).
const schema = buildSchema(readFileSync(new URL("../../../../schema.graphql", import.meta.url), "utf8"));

const exported = Object.entries(documents).filter(
  (entry): entry is [string, string] => typeof entry[1] === "string",
);

describe("GraphQL documents", () => {
  it("exports the documents the web app sends", () => {
    assert.deepEqual(exported.map(([name]) => name).sort(), [
      "HOME_QUERY",
      "LOGIN_MUTATION",
      "LOGOUT_MUTATION",
      "SERVER_INFO_QUERY",
      "VIEWER_QUERY",
    ]);
  });

  for (const [name, source] of exported) {
    it(`${name} validates against schema.graphql`, () => {
      const errors = validate(schema, parse(source)).map((error) => error.message);
      assert.deepEqual(errors, []);
    });
  }
});

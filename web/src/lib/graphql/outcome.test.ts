import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { fieldMessage, outcomeOf } from "./outcome";

type Data = {
  createWorkspace:
    | { __typename: "WorkspacePayload"; workspace: { slug: string } }
    | {
        __typename: "ValidationError";
        code: string;
        message: string;
        fieldErrors: { path: string; message: string }[];
      };
};
const pick = (data: Data) => data.createWorkspace;

describe("outcomeOf", () => {
  it("returns the payload on success", () => {
    const outcome = outcomeOf<Data, Data["createWorkspace"]>(
      {
        data: { createWorkspace: { __typename: "WorkspacePayload", workspace: { slug: "acme" } } },
        errors: [],
      },
      pick,
    );
    assert.deepEqual(outcome, {
      ok: true,
      value: { __typename: "WorkspacePayload", workspace: { slug: "acme" } },
    });
  });

  it("returns typed errors with their field problems", () => {
    const outcome = outcomeOf<Data, Data["createWorkspace"]>(
      {
        data: {
          createWorkspace: {
            __typename: "ValidationError",
            code: "VALIDATION",
            message: "Invalid input",
            fieldErrors: [{ path: "input.slug", message: "lower-case only" }],
          },
        },
        errors: [],
      },
      pick,
    );
    assert.equal(outcome.ok, false);
    if (outcome.ok) return;
    assert.equal(outcome.code, "VALIDATION");
    assert.equal(fieldMessage(outcome.fieldErrors, "slug"), "lower-case only");
    assert.equal(fieldMessage(outcome.fieldErrors, "name"), undefined);
  });

  it("turns GraphQL errors without data into a failure with their code", () => {
    const outcome = outcomeOf<Data, Data["createWorkspace"]>(
      { data: null, errors: [{ message: "Sign in", extensions: { code: "UNAUTHENTICATED" } }] },
      pick,
    );
    assert.deepEqual(outcome, { ok: false, code: "UNAUTHENTICATED", message: "Sign in", fieldErrors: [] });
  });
});

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { GraphQLError } from "graphql";
import { withVariablePath } from "./error-codes.ts";

const refused = (message: string, fieldErrors: { path: string; message: string }[]) =>
  new GraphQLError(message, { extensions: { code: "BAD_USER_INPUT", fieldErrors } });
const DATE = "DateTime must be an ISO-8601 date and time with its zone, e.g. 2026-12-05T14:30:00Z";

describe("withVariablePath", () => {
  it("a scalar's pathless field error takes the variable's path from graphql-js's message", () => {
    const inside = withVariablePath(
      refused(`Variable "$f" got invalid value "yesterday" at "f.since"; ${DATE}`, [
        { path: "", message: DATE },
      ]),
    );
    assert.deepEqual(inside.extensions.fieldErrors, [{ path: "f.since", message: DATE }]);
    const whole = withVariablePath(
      refused(`Variable "$since" got invalid value "0"; ${DATE}`, [{ path: "", message: DATE }]),
    );
    assert.deepEqual(whole.extensions.fieldErrors, [{ path: "since", message: DATE }]);
  });

  it('a value quoting `at "…"` or `; ` itself does not move the path', () => {
    const error = withVariablePath(
      refused(`Variable "$s" got invalid value "x at \\"y\\"; z" at "s.a.b"; ${DATE}`, [
        { path: "", message: DATE },
      ]),
    );
    assert.equal((error.extensions.fieldErrors as { path: string }[])[0]?.path, "s.a.b");
  });

  it("leaves errors with paths, and errors not about a variable, as they are", () => {
    const pathed = refused(`Variable "$i" got invalid value 1; x`, [{ path: "input.name", message: "x" }]);
    assert.equal(withVariablePath(pathed), pathed);
    const literal = refused(DATE, [{ path: "", message: DATE }]);
    assert.equal(withVariablePath(literal), literal);
  });
});

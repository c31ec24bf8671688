import assert from "node:assert/strict";
import { test } from "node:test";
import { fieldMessage } from "../graphql/outcome";
import { placeCustomerRefusal } from "./customer-refusal";

test("a taken URL name is marked on the URL name field, not the customer's name", () => {
  const message = "This slug is not available; choose another";
  const placed = placeCustomerRefusal({ code: "CONFLICT", message, fieldErrors: [] });
  assert.equal(fieldMessage(placed.fieldErrors, "slug"), message);
  assert.equal(fieldMessage(placed.fieldErrors, "name"), undefined);
});

test("validation problems stay on their own fields", () => {
  const placed = placeCustomerRefusal({
    code: "BAD_USER_INPUT",
    message: "input.slug: must be 1–48 lower-case letters, digits or inner hyphens",
    fieldErrors: [
      { path: "input.slug", message: "must be 1–48 lower-case letters, digits or inner hyphens" },
    ],
  });
  assert.equal(placed.message, "Not saved: see the marked fields.");
  assert.equal(
    fieldMessage(placed.fieldErrors, "slug"),
    "must be 1–48 lower-case letters, digits or inner hyphens",
  );
});

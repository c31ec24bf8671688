import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { INTEGRATION_SCOPES } from "@levee/shared/auth/integration-scopes";
import { GraphQLInputObjectType } from "graphql";
import { schema } from "./schema.ts";

/**
 * README sends integrators to the schema's descriptions as the reference (its "Use the API with a
 * key" section adds only what they cannot say), so what they say must hold.
 */
describe("schema descriptions an integrator reads", () => {
  it("CreateApiKeyInput.scopes lists exactly the scopes a key may hold", () => {
    const input = schema.getType("CreateApiKeyInput");
    assert.ok(input instanceof GraphQLInputObjectType);
    const description = input.getFields().scopes?.description ?? "";
    const listed = description
      .slice(description.indexOf("from: ") + "from: ".length)
      .split(",")
      .map((s) => s.trim());
    // It listed every permission, workspace:delete and apikey:manage among them, which are refused.
    assert.deepEqual(listed, [...INTEGRATION_SCOPES]);
  });

  it("every root field (query, mutation, subscription) says what it does", () => {
    const roots = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()];
    const fields = roots.flatMap((root) =>
      Object.values(root?.getFields() ?? {}).map((f) => [root?.name ?? "", f] as const),
    );
    assert.ok(fields.length > 50, `root fields read: ${fields.length}`);
    const undocumented = fields
      .filter(([, f]) => !f?.description?.trim())
      .map(([root, f]) => `${root}.${f?.name}`);
    assert.deepEqual(undocumented, []);
  });
});

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

  it("every root query and subscription field, and the mutations integrators call, say what they do", () => {
    const fields = [
      ...Object.values(schema.getQueryType()?.getFields() ?? {}).map((f) => ["Query", f] as const),
      ...Object.values(schema.getSubscriptionType()?.getFields() ?? {}).map(
        (f) => ["Subscription", f] as const,
      ),
      // Keys, agents' enrolment, and what an integration key's scopes reach (node:*, mitigation:manage),
      // and the network mitigation mutations that it does not (their descriptions say so).
      ...[
        "login",
        "createApiKey",
        "revokeApiKey",
        "createEnrollmentToken",
        "createNode",
        "updateNode",
        "deleteNode",
        "acknowledgeIncident",
        "runMitigation",
        "undoMitigation",
        "createMitigationRule",
        "updateMitigationRule",
        "deleteMitigationRule",
        "setMitigationSafelist",
        "updateNetworkMitigation",
        "announceMitigation",
        "withdrawMitigation",
        // Alerting, status page, workspace and members: the rest of what an integrator's tooling
        // (or a script signed in as a member) sets up.
        "createAlertChannel",
        "updateAlertChannel",
        "deleteAlertChannel",
        "testAlertChannel",
        "createEscalationPolicy",
        "updateEscalationPolicy",
        "deleteEscalationPolicy",
        "createMaintenanceWindow",
        "updateMaintenanceWindow",
        "deleteMaintenanceWindow",
        "updateStatusPage",
        "addStatusPageNotice",
        "deleteStatusPageNotice",
        "createWorkspace",
        "updateWorkspace",
        "deleteWorkspace",
        "inviteMember",
        "acceptInvitation",
        "changeMemberRole",
        "removeMember",
        "updateWorkspaceBranding",
        "addCustomDomain",
        "verifyCustomDomain",
        "removeCustomDomain",
        "removeStatusPageSubscriber",
        "retryFailedJob",
      ].map((name) => ["Mutation", schema.getMutationType()?.getFields()[name]] as const),
    ];
    const undocumented = fields
      .filter(([, f]) => !f?.description?.trim())
      .map(([root, f]) => `${root}.${f?.name}`);
    assert.deepEqual(undocumented, []);
  });
});

// Info row: ANALYST users and node:update keys could raise thresholds until detection was off,
// with no ceiling and no warning. Past 10× the floor (or a multiplier above 10) now needs
// detection:override (ADMIN, OWNER); every raise is audited with a warning.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { addMember, createIntegrationKey, createTenant, mutate, type Tenant } from "../fixtures.ts";
import { type Caller, useTestApi } from "../harness.ts";

describe("threshold ceiling", () => {
  const api = useTestApi("pglite");
  let tenant: Tenant;
  let analyst: Caller;
  let admin: Caller;
  before(async () => {
    tenant = await createTenant(api, "ceiling");
    analyst = tenant.member; // ANALYST
    admin = await addMember(api, tenant.owner, tenant.workspaceId, "ceiling-admin@example.com", "ADMIN");
  });
  const set = (caller: Caller, input: Record<string, unknown>) =>
    mutate(api, caller, "setNodeThresholds", { nodeId: tenant.nodeId, ...input });

  it("an ANALYST or a node:update key cannot raise detection past the ceiling", async () => {
    const key = await createIntegrationKey(api, tenant.owner, tenant.workspaceId, [
      "node:read",
      "node:update",
    ]);
    for (const caller of [analyst, { token: key.token }]) {
      const high = await set(caller, { overrides: [{ metric: "PPS", threshold: 1e12 }] });
      assert.equal(high.payload?.code, "FORBIDDEN", JSON.stringify(high));
      const multiplier = await set(caller, { multiplier: 20 });
      assert.equal(multiplier.payload?.code, "FORBIDDEN");
    }
    const within = await set(analyst, { overrides: [{ metric: "PPS", threshold: 50_000 }], multiplier: 5 });
    assert.equal(within.payload?.__typename, "NodePayload");
  });

  it("an ADMIN may, and the raise is audited with a warning", async () => {
    const high = await set(admin, { overrides: [{ metric: "PPS", threshold: 1e12 }] });
    assert.equal(high.payload?.__typename, "NodePayload", JSON.stringify(high));
    const entry = await api.server.services.database.prisma.auditLog.findFirst({
      where: { action: "node.thresholds" },
      orderBy: { seq: "desc" },
    });
    assert.match(JSON.stringify(entry?.summary), /warning.*PPS threshold raised/);
    const lower = await set(analyst, { overrides: [{ metric: "PPS", threshold: 20_000 }] });
    assert.equal(lower.payload?.__typename, "NodePayload", "lowering is always allowed");
  });

  it("an ANALYST may send an ADMIN's settings past the ceiling again unchanged, or lower them, never raise them", async () => {
    // The dashboard's form saves every field: an ANALYST changing one threshold resends the rest.
    const raised = await set(admin, { multiplier: 18, overrides: [{ metric: "PPS", threshold: 1e12 }] });
    assert.equal(raised.payload?.__typename, "NodePayload", JSON.stringify(raised));
    const same = await set(analyst, {
      multiplier: 18,
      overrides: [
        { metric: "PPS", threshold: 1e12 },
        { metric: "UDP_PPS", threshold: 30_000 },
      ],
    });
    assert.equal(same.payload?.__typename, "NodePayload", JSON.stringify(same));
    const lowered = await set(analyst, { multiplier: 12, overrides: [{ metric: "PPS", threshold: 1e11 }] });
    assert.equal(lowered.payload?.__typename, "NodePayload", JSON.stringify(lowered));
    const back = await set(analyst, { multiplier: 14 });
    assert.equal(back.payload?.code, "FORBIDDEN", "a raise past the ceiling, if below an earlier value");
    const backThreshold = await set(analyst, { overrides: [{ metric: "PPS", threshold: 5e11 }] });
    assert.equal(backThreshold.payload?.code, "FORBIDDEN");
  });
});

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { higherRole, integrationScopes, permissions, rolePermissions } from "./permissions.ts";

describe("permissions", () => {
  it("only OWNER deletes a workspace", () => {
    assert.deepEqual(
      Object.entries(rolePermissions)
        .filter(([, set]) => set.has("workspace:delete"))
        .map(([role]) => role),
      ["OWNER"],
    );
  });

  it("READONLY holds no permission that changes anything", () => {
    for (const permission of rolePermissions.READONLY) assert.match(permission, /:read$/);
  });

  it("ANALYST manages neither members nor keys", () => {
    for (const p of ["member:manage", "apikey:manage", "enrollment:manage"] as const) {
      assert.equal(rolePermissions.ANALYST.has(p), false, p);
    }
  });

  it("roles nest: each role holds everything of the role below it", () => {
    const order = ["READONLY", "ANALYST", "ADMIN", "OWNER"] as const;
    for (let i = 1; i < order.length; i++) {
      for (const p of rolePermissions[order[i - 1] as keyof typeof rolePermissions]) {
        assert.ok(rolePermissions[order[i] as keyof typeof rolePermissions].has(p), `${order[i]} lacks ${p}`);
      }
    }
  });

  it("every permission is known, and integration keys cannot mint credentials", () => {
    const known = new Set<string>(permissions);
    for (const set of [...Object.values(rolePermissions), integrationScopes]) {
      for (const p of set) assert.ok(known.has(p), p);
    }
    assert.equal(integrationScopes.has("apikey:manage"), false);
    assert.equal(integrationScopes.has("enrollment:manage"), false);
    assert.equal(integrationScopes.has("member:manage"), false);
  });

  it("higherRole picks the stronger role", () => {
    assert.equal(higherRole("READONLY", "ADMIN"), "ADMIN");
    assert.equal(higherRole("OWNER", "ANALYST"), "OWNER");
  });
});

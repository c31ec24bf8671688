/**
 * What an integration key may be granted, in the order the dashboard offers them (reads first):
 * never the power to mint credentials, manage people or delete the tenant. The API grants no
 * other scope (api/src/auth/permissions.ts checks each is a permission); the dashboard's API-key
 * form lists these, so the two cannot drift apart.
 */
export const INTEGRATION_SCOPES = [
  "workspace:read",
  "node:read",
  "incident:read",
  "alert:read",
  "mitigation:read",
  "audit:read",
  "member:read",
  "apikey:read",
  "node:create",
  "node:update",
  "node:delete",
  "incident:acknowledge",
  "mitigation:manage",
] as const;

export type IntegrationScope = (typeof INTEGRATION_SCOPES)[number];

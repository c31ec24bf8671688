import { announceCredentialsChanged } from "../auth/api-key-cache.ts";
import type { GraphQLContext } from "../context.ts";
import { NotFoundError, ValidationError } from "../errors.ts";
import { createAuditedCredential } from "./credential-issue.ts";
import { integrationScopes, type Permission } from "./permissions.ts";

export async function createApiKey(
  ctx: GraphQLContext,
  input: { workspaceId: string; name: string; scopes: string[]; expiresAt?: Date | null },
) {
  const user = ctx.access.requireUser();
  await ctx.access.require(input.workspaceId, "apikey:manage");
  const scopes = [...new Set(input.scopes)];
  const problems = [];
  for (const [i, scope] of scopes.entries()) {
    if (!integrationScopes.has(scope as Permission)) {
      problems.push({ path: `input.scopes.${i}`, message: `"${scope}" cannot be granted to an API key` });
    } else if (!(await ctx.access.can(input.workspaceId, scope as Permission))) {
      problems.push({ path: `input.scopes.${i}`, message: `you do not hold "${scope}" yourself` });
    }
  }
  if (scopes.length === 0) problems.push({ path: "input.scopes", message: "grant at least one scope" });
  if (input.expiresAt && input.expiresAt <= new Date())
    problems.push({ path: "input.expiresAt", message: "must be in the future" });
  if (problems.length > 0) throw new ValidationError(problems);

  const { row: apiKey, token } = await createAuditedCredential(ctx, {
    kind: "integration",
    action: "apikey.create",
    workspaceId: input.workspaceId,
    targetType: "ApiKey",
    create: (tx, { prefix, hash }) =>
      tx.apiKey.create({
        data: {
          workspaceId: input.workspaceId,
          name: input.name,
          kind: "INTEGRATION",
          prefix,
          keyHash: hash,
          scopes,
          expiresAt: input.expiresAt ?? null,
          createdById: user.userId,
        },
      }),
    after: (created, prefix) => ({ name: created.name, prefix, scopes, expiresAt: created.expiresAt }),
  });
  return { apiKey, secret: token };
}

/** Revoking is idempotent; agent keys are revoked the same way (the agent must enrol again). */
export async function revokeApiKey(ctx: GraphQLContext, apiKeyId: string) {
  const key = await ctx.db.apiKey.findUnique({ where: { id: apiKeyId } });
  if (!key || !(await ctx.access.can(key.workspaceId, "apikey:read"))) throw new NotFoundError("API key");
  await ctx.access.require(key.workspaceId, "apikey:manage", "API key");
  if (key.revokedAt) return key;
  const revoked = await ctx.mutate(async (tx, audit) => {
    const revoked = await tx.apiKey.update({ where: { id: key.id }, data: { revokedAt: new Date() } });
    await audit({
      action: "apikey.revoke",
      workspaceId: key.workspaceId,
      target: { type: "ApiKey", id: key.id },
      summary: { before: { name: key.name, prefix: key.prefix, kind: key.kind } },
    });
    return revoked;
  });
  announceCredentialsChanged(ctx, "apikey.revoke");
  return revoked;
}
